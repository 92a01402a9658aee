/* ls_vm — the bytecode interpreter: values, frames, coroutines.
 *
 * Design note. Every coroutine, generator and the module body is an LsCoro
 * that owns its value stack, frame stack and block stack (the Wren fiber
 * model), so a task can suspend at any `await` without C recursion: the
 * dispatch loop switches the `current` coroutine instead of calling itself.
 *
 *  - `await coro` links the awaited coroutine to its awaiter (caller,
 *    resume_kind AWAIT) and continues in it; its return value is pushed in
 *    the awaiter. A yield inside (only native coroutines like sleep(), or
 *    awaiting a pending future) travels up the AWAIT links and leaves the
 *    dispatch loop: ls_vm_resume() returns LS_RES_YIELD to the driver (the
 *    Task step in the runtime). Resuming the outermost coroutine resumes
 *    the innermost one (CPython's yield-from delegation).
 *  - A generator driven by FOR_ITER is linked with resume_kind ITER: its
 *    yields come back to the FOR_ITER instead of leaving the loop.
 *  - Natives never re-enter the interpreter. A native that must run the
 *    event loop (asyncio.run) returns LS_NAT_SUSPEND: the whole coroutine
 *    chain suspends and the driver gets LS_RES_REQUEST.
 *
 * Exceptions are values: a raising native sets vm->exc and returns
 * LS_NAT_ERR; the dispatch loop unwinds blocks, then frames, then
 * coroutines. */
#ifndef LS_VM_H
#define LS_VM_H

#include "ls_object.h"
#include "ls_mem.h"
#include "ls_pool.h"
#include "ls_buf.h"

/* Native function results. */
enum { LS_NAT_OK = 0, LS_NAT_ERR = 1, LS_NAT_SUSPEND = 2,
       /* The native needs positional argument vm->drain_arg (a generator)
        * as a list: the VM drains the generator, replaces the argument and
        * calls the native again. Generators run in the VM, never in C. */
       LS_NAT_DRAIN = 3 };

/* ls_vm_resume() results. */
typedef enum LsResult {
    LS_RES_RETURN,   /* the coroutine finished; *io = its return value */
    LS_RES_YIELD,    /* it yielded *io to the driver (a future, or None for sleep(0)) */
    LS_RES_RAISE,    /* it raised; *io = the exception */
    LS_RES_REQUEST,  /* a native asked the driver to do something: *io = request */
} LsResult;

typedef enum LsBlockType { LS_BLOCK_FINALLY, LS_BLOCK_EXCEPT_HANDLER } LsBlockType;
typedef struct LsBlock {
    uint32_t type, handler, level;
} LsBlock;

typedef struct LsFrame {
    LsFunction *fn;        /* NULL for the module body */
    LsCodeObj *code;
    uint32_t pc;           /* next instruction */
    uint32_t base;         /* stack index of local 0; cells follow locals */
    uint32_t stack_base;   /* stack index where the evaluation stack starts */
    uint32_t block_base;   /* index of this frame's first block */
} LsFrame;

typedef enum LsCoroKind { LS_CO_COROUTINE, LS_CO_GENERATOR, LS_CO_MODULE, LS_CO_NATIVE } LsCoroKind;
typedef enum LsCoroState { LS_CO_CREATED, LS_CO_SUSPENDED, LS_CO_RUNNING, LS_CO_DONE } LsCoroState;
typedef enum LsResumeKind { LS_RK_DRIVER, LS_RK_AWAIT, LS_RK_ITER } LsResumeKind;

typedef struct LsCoro LsCoro;
/* A native coroutine's step: called with the value sent in (or `exc` not
 * UNDEF to throw); returns LS_RES_RETURN/YIELD/RAISE with *out set. */
typedef LsResult (*LsNativeCoroFn)(LsVm *vm, LsCoro *co, LsValue send, LsValue exc, LsValue *out);

struct LsCoro {
    LsObj hdr;
    uint8_t ckind, state, resume_kind;
    bool awaited;               /* has been awaited / started by a task */
    LsFunction *fn;             /* NULL for module and native coroutines */
    LsStr *name, *qualname;
    LsValue *stack; uint32_t sp, stack_cap;
    LsFrame *frames; uint32_t nframes, frames_cap;
    LsBlock *blocks; uint32_t nblocks, blocks_cap;
    LsCoro *caller;             /* who resumed us (running or delegating) */
    LsValue awaiting;           /* what the innermost AWAIT waits on, UNDEF if none */
    LsValue exc_info;           /* exception being handled, NONE if none */
    /* Native coroutines (asyncio.sleep...): */
    LsNativeCoroFn native;
    int nstate;
    LsValue nv[3];
    uint32_t def_line;          /* first line of the function, for reprs */
    int64_t task_id;            /* owning task for events; -1 if none */
};

/* What the VM asks of its host (the runtime / CLI). */
typedef struct LsVmHost {
    void *ud;
    /* Program output (stream 1 = stdout, 2 = stderr). */
    void (*write)(void *ud, int stream, const char *s, size_t n);
    /* A statement starts executing (LINE instruction). May be NULL. */
    void (*line)(void *ud, LsCoro *co, uint32_t line);
    /* Mark the host's GC roots with ls_gc_mark_value/ls_gc_mark_obj. */
    void (*mark_roots)(LsVm *vm, void *ud);
} LsVmHost;

typedef struct LsVmTypes {
#define LS_BUILTIN_TYPE_LIST(X) \
    X(object) X(type) X(NoneType) X(bool) X(int) X(float) X(str) X(tuple) \
    X(list) X(dict) X(set) X(function) X(builtin_function) X(method) \
    X(cell) X(coroutine) X(generator) X(module) X(range) X(slice) \
    X(iterator) X(code)
#define LS_TYPE_FIELD(name) LsType *t_##name;
    LS_BUILTIN_TYPE_LIST(LS_TYPE_FIELD)
#undef LS_TYPE_FIELD
#define LS_EXC_TYPE_LIST(X) \
    X(BaseException, object) X(SystemExit, BaseException) \
    X(KeyboardInterrupt, BaseException) X(GeneratorExit, BaseException) \
    X(Exception, BaseException) X(StopIteration, Exception) \
    X(StopAsyncIteration, Exception) X(ArithmeticError, Exception) \
    X(ZeroDivisionError, ArithmeticError) X(OverflowError, ArithmeticError) \
    X(AssertionError, Exception) X(AttributeError, Exception) \
    X(LookupError, Exception) X(IndexError, LookupError) X(KeyError, LookupError) \
    X(NameError, Exception) X(UnboundLocalError, NameError) \
    X(RuntimeError, Exception) X(RecursionError, RuntimeError) \
    X(NotImplementedError, RuntimeError) X(TypeError, Exception) \
    X(ValueError, Exception) X(MemoryError, Exception) X(OSError, Exception) \
    X(TimeoutError, OSError)
#define LS_EXC_FIELD(name, base) LsType *e_##name;
    LS_EXC_TYPE_LIST(LS_EXC_FIELD)
#undef LS_EXC_FIELD
} LsVmTypes;

struct LsVm {
    LsMem *mem;
    LsPool pool;              /* small heap objects (ls_pool.h) */
    LsVmHost host;
    LsVmTypes types;
    LsDict *builtins;
    LsDict *interned;           /* str -> str, for names */
    LsDict *modules;            /* name -> module (registered by the runtime) */
    LsValue exc;                /* the pending exception after LS_NAT_ERR */
    LsCoro *current;            /* the running coroutine, NULL outside */
    /* GC */
    LsObj *objects;
    size_t gc_bytes, gc_next;
    bool gc_enabled;
    LsValue *tmp_roots; uint32_t n_tmp, cap_tmp;
    LsObj **gray; size_t n_gray, cap_gray;   /* mark stack (host malloc) */
    uint32_t depth, max_depth;  /* Python call depth, RecursionError past max */
    LsBuf scratch;
    const char *path;           /* program path for tracebacks */
    const char *source; size_t source_len;
    uint64_t instructions;      /* executed instructions (for budgets) */
    uint32_t drain_arg;         /* see LS_NAT_DRAIN */
};

/* Bytes the VM really holds: what LsMem counts minus the pool's idle blocks.
 * The GC's trigger compares this with gc_next. */
static inline size_t ls_vm_heap_in_use(const LsVm *vm) { return vm->mem->in_use - vm->pool.free_bytes; }

/* Lifecycle. ls_vm_init returns false when memory is exhausted. */
bool ls_vm_init(LsVm *vm, LsMem *mem, const LsVmHost *host);
void ls_vm_fini(LsVm *vm);

/* Load a compiled program: returns the module coroutine (not started),
 * or NULL on memory exhaustion. The program must outlive the VM. */
LsCoro *ls_vm_load(LsVm *vm, const LsProgram *prog);

/* Resume `co` with `send` (or throw `exc` if not UNDEF). See LsResult. */
LsResult ls_vm_resume(LsVm *vm, LsCoro *co, LsValue send, LsValue exc, LsValue *io);

/* Call a callable from the host (a loop callback): runs Python code to
 * completion. Returns LS_RES_RETURN or LS_RES_RAISE with *out set. Must not
 * be called while the interpreter is running (natives never call it). */
LsResult ls_vm_call(LsVm *vm, LsValue callee, uint32_t argc, const LsValue *argv, LsValue *out);

/* Create a native coroutine (for asyncio.sleep & co). NULL on OOM. */
LsCoro *ls_vm_native_coro(LsVm *vm, LsNativeCoroFn fn, const char *qualname);
/* The same with an already interned name (no allocation besides the coroutine:
 * for natives created on hot paths such as asyncio.sleep). */
LsCoro *ls_vm_native_coro_named(LsVm *vm, LsNativeCoroFn fn, LsStr *qualname);

/* Errors. ls_vm_raise* set vm->exc and return LS_NAT_ERR. */
int ls_vm_raise(LsVm *vm, LsValue exc);
int ls_vm_raisef(LsVm *vm, LsType *type, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
LsValue ls_vm_new_exc(LsVm *vm, LsType *type, const char *msg); /* NONE on OOM */
LsValue ls_vm_new_exc_args(LsVm *vm, LsType *type, LsTuple *args);
int ls_vm_oom(LsVm *vm);
struct LsNumErr;
int ls_vm_raise_num(LsVm *vm, const struct LsNumErr *err);  /* error from ls_num */

/* Calling convention for natives that need a Python call (none yet). */

/* Object helpers (ls_object.c). */
LsObj *ls_obj_alloc(LsVm *vm, LsObjKind kind, size_t size);
LsStr *ls_str_new(LsVm *vm, const char *s, size_t n);
LsStr *ls_str_cstr(LsVm *vm, const char *s);
LsStr *ls_str_intern(LsVm *vm, const char *s, size_t n);
LsValue ls_str_value(LsVm *vm, const char *s);          /* NONE on OOM */
LsTuple *ls_tuple_new(LsVm *vm, uint32_t n);
LsList *ls_list_new(LsVm *vm, uint32_t cap);
bool ls_list_append(LsVm *vm, LsList *l, LsValue v);
LsDict *ls_dict_new(LsVm *vm);
/* Dict operations: get returns false when absent; hash errors (unhashable)
 * set vm->exc and return -1 from the int-returning variants. */
int ls_dict_get(LsVm *vm, LsDict *d, LsValue key, LsValue *out);
int ls_dict_set(LsVm *vm, LsDict *d, LsValue key, LsValue value);
int ls_dict_del(LsVm *vm, LsDict *d, LsValue key);
LsValue ls_dict_get_str(LsDict *d, const char *key);   /* UNDEF if absent */
bool ls_dict_set_str(LsVm *vm, LsDict *d, const char *key, LsValue value);
LsType *ls_type_new(LsVm *vm, const char *name, LsType *base, uint32_t tflags);
LsNative *ls_native_new(LsVm *vm, const char *name, LsNativeFn fn);
bool ls_type_add_method(LsVm *vm, LsType *t, const char *name, LsNativeFn fn);
LsInstance *ls_instance_new(LsVm *vm, LsType *t, void *payload);
LsModule *ls_module_new(LsVm *vm, const char *name);
bool ls_module_add_native(LsVm *vm, LsModule *m, const char *name, LsNativeFn fn);

/* Value protocol (ls_ops.c). Functions returning int return 0 on success
 * and -1 with vm->exc set. */
LsType *ls_type_of(LsVm *vm, LsValue v);
bool ls_is_subtype(const LsType *t, const LsType *base);
bool ls_isinstance(LsVm *vm, LsValue v, LsType *t);
bool ls_truthy(LsVm *vm, LsValue v);
int ls_repr(LsVm *vm, LsValue v, LsBuf *out);
int ls_str(LsVm *vm, LsValue v, LsBuf *out);
/* format(v, spec): the format-spec mini-language for int/bool/float/str. */
int ls_format(LsVm *vm, LsValue v, const char *spec, size_t len, LsBuf *out);
LsValue ls_repr_value(LsVm *vm, LsValue v);   /* str object; UNDEF on error */
int ls_equal(LsVm *vm, LsValue a, LsValue b, bool *eq);
int ls_hash(LsVm *vm, LsValue v, uint64_t *h);
int ls_getattr(LsVm *vm, LsValue obj, LsStr *name, LsValue *out);
int ls_setattr(LsVm *vm, LsValue obj, LsStr *name, LsValue v);
const char *ls_type_name(LsVm *vm, LsValue v);

/* GC (ls_gc.c). Collections happen only at allocation points inside the
 * dispatch loop's safe points; natives push values they hold across
 * allocations with ls_vm_push_root / ls_vm_pop_roots. */
void ls_gc_collect(LsVm *vm);
void ls_gc_free_all(LsVm *vm);
void ls_gc_mark_value(LsVm *vm, LsValue v);
void ls_gc_mark_obj(LsVm *vm, LsObj *o);
void ls_vm_push_root(LsVm *vm, LsValue v);
void ls_vm_pop_roots(LsVm *vm, uint32_t n);

/* Tracebacks: format `exc` like CPython's default excepthook. */
void ls_vm_format_exception(LsVm *vm, LsValue exc, LsBuf *out);

/* Position of the instruction a suspended/running frame is at. */
LsPos ls_vm_coro_pos(const LsCoro *co);

#endif
