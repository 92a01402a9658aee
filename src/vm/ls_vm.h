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
 *  - Natives never re-enter the interpreter, with one exception: Python
 *    code a native or an operator must call synchronously (a user class's
 *    __eq__/__str__/__lt__, a property getter, a key function) runs through
 *    ls_vm_call_nested(), a bounded, non-suspending sub-run (the collector
 *    waits until it returns). A native that must run the event loop
 *    (asyncio.run) returns LS_NAT_SUSPEND: the whole coroutine chain
 *    suspends and the driver gets LS_RES_REQUEST.
 *  - Async generators: awaiting an __anext__/asend/athrow/aclose object
 *    (ls_vm_agen_op) links the generator to the awaiting coroutine (resume
 *    kind ANEXT); its `yield` completes that await, its awaits pass through
 *    to the task like any await.
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
    LsDict *ns;            /* class bodies: the namespace being built, else NULL */
    LsValue init_self;     /* __init__ frames run by a class call: the instance it returns, else UNDEF */
} LsFrame;

typedef enum LsCoroKind { LS_CO_COROUTINE, LS_CO_GENERATOR, LS_CO_MODULE, LS_CO_NATIVE, LS_CO_ASYNC_GEN } LsCoroKind;
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
    X(iterator) X(code) X(staticmethod) X(classmethod) X(property) X(super) \
    X(NotImplementedType) X(traceback) X(async_generator)
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
    X(TimeoutError, OSError) X(ConnectionError, OSError) \
    X(BrokenPipeError, ConnectionError) X(ConnectionAbortedError, ConnectionError) \
    X(ConnectionRefusedError, ConnectionError) X(ConnectionResetError, ConnectionError) \
    X(BaseExceptionGroup, BaseException) \
    X(ExceptionGroup, BaseExceptionGroup)
#define LS_EXC_FIELD(name, base) LsType *e_##name;
    LS_EXC_TYPE_LIST(LS_EXC_FIELD)
#undef LS_EXC_FIELD
} LsVmTypes;

struct LsVm {
    LsMem *mem;
    LsPool pool;              /* small heap objects (ls_pool.h) */
    /* "coroutine ... was never awaited" warnings already printed (line, name). */
    struct { uint32_t line; char name[60]; } warned[32];
    uint32_t n_warned;
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
    LsValue not_implemented;    /* the NotImplemented singleton */
    LsValue object_new;         /* object.__new__ (kept out of object's methods: calls look __new__ up there) */
    LsList *agens;
    LsValue deferred_exc;       /* raised by a user __bool__/__len__ under ls_truthy (which cannot fail):
                                 * the native that called it fails when it returns; UNDEF if none */              /* async generators started (first anext) and maybe not finished */
    uint32_t nest_depth;        /* nested runs (ls_vm_call_nested) in progress */
#define LS_MAX_NEST 150
    LsCoro *nest_cache[LS_MAX_NEST];  /* one reusable coroutine per nesting level (GC roots) */
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

/* Call Python code from C while the interpreter is running (a user
 * class's __eq__, __str__, property getter... reached from a native or an
 * operator). This is the one place loopscope re-enters the dispatch loop:
 * the callee runs to completion in a fresh coroutine, with the collector
 * paused (natives up the C stack hold unrooted values) and a depth limit
 * (RecursionError) because each level costs C stack. Suspending inside
 * (asyncio.run, a yield to the event loop) is a RuntimeError. Returns 0
 * with *out set, or -1 with vm->exc set. */
int ls_vm_call_nested(LsVm *vm, LsValue callee, uint32_t argc, const LsValue *argv, LsValue *out);
/* next(gen) for a generator from C (same rules): 1 = *out produced,
 * 0 = exhausted, -1 = error (vm->exc). */
int ls_vm_gen_next_nested(LsVm *vm, LsValue gen, LsValue *out);
/* gen.send(send) / gen.throw(exc) (exc not UNDEF) from C: 1 = yielded
 * *out, 0 = returned *out, -1 = raised (vm->exc). */
int ls_vm_gen_resume_nested(LsVm *vm, LsValue gen, LsValue send, LsValue exc, LsValue *out);

/* Async generators: the awaitable of __anext__/asend (op 0), athrow (1)
 * or aclose (2) on `agen`; awaiting it runs the generator in the awaiting
 * task until its next yield. NULL on OOM. */
enum { LS_AGEN_SEND = 0, LS_AGEN_THROW = 1, LS_AGEN_CLOSE = 2 };
LsCoro *ls_vm_agen_op(LsVm *vm, LsValue agen, int op, LsValue value);

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
/* An instance whose zeroed payload of `payload_size` bytes lives in the same
 * allocation (one object instead of two for hot types such as futures); the
 * type's finalize must not free such a payload (see ls_instance_inline). */
LsInstance *ls_instance_new_inline(LsVm *vm, LsType *t, size_t payload_size);
static inline bool ls_instance_inline(const LsInstance *i) { return i->payload == (const void *)(i + 1); }
LsModule *ls_module_new(LsVm *vm, const char *name);
bool ls_module_add_native(LsVm *vm, LsModule *m, const char *name, LsNativeFn fn);

/* Value protocol (ls_ops.c). Functions returning int return 0 on success
 * and -1 with vm->exc set. */
LsType *ls_type_of(LsVm *vm, LsValue v);
bool ls_is_subtype(const LsType *t, const LsType *base);
bool ls_isinstance(LsVm *vm, LsValue v, LsType *t);
bool ls_truthy(LsVm *vm, LsValue v);   /* false if a user __bool__/__len__ raised (vm->exc set) */
int ls_truth(LsVm *vm, LsValue v, bool *out);   /* 0, or -1 when __bool__/__len__ raised */
/* Bind a class attribute to `self` the way attribute lookup does: Python
 * functions become bound methods, natives get `self`, staticmethod and
 * classmethod unwrap; anything else is returned as is. */
int ls_bind_method(LsVm *vm, LsValue self, LsValue m, LsValue *out);
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

/* Classes (ls_class.c). */
bool ls_class_init(LsVm *vm);   /* builtins: super, property, staticmethod, classmethod, issubclass... */
/* BUILD_CLASS: a class from the body's namespace. 0 or -1 (vm->exc). */
int ls_class_build(LsVm *vm, LsValue name, LsValue bases, LsValue ns, LsValue *out);
/* Calling a user class: the new instance, and the __init__ to run on it
 * (a Python function the caller runs as a frame, or UNDEF when nothing is
 * left to do). 0 or -1. */
int ls_class_new_instance(LsVm *vm, LsType *t, uint32_t argc, const LsValue *argv, const LsKwargs *kw,
                          LsValue *inst, LsValue *init);
/* An attribute of the class of `obj` (special method lookup: the type,
 * never the instance), bound like ls_bind_method. 0 found, 1 absent, -1 error. */
int ls_class_special(LsVm *vm, LsValue obj, const char *name, LsValue *out);
/* A user class's method `name` (walking user classes only): UNDEF if none. */
LsValue ls_class_user_method(LsVm *vm, LsValue obj, const char *name);
bool ls_is_user_value(LsVm *vm, LsValue v);
/* Operator hooks for user classes: 1 handled (*out set), 0 not a user
 * class operation (the builtin path decides), -1 error. */
int ls_class_binop(LsVm *vm, uint32_t op, LsValue a, LsValue b, LsValue *out);
int ls_class_compare(LsVm *vm, uint32_t op, LsValue a, LsValue b, LsValue *out);
int ls_class_unary(LsVm *vm, int op, LsValue a, LsValue *out);
int ls_class_repr(LsVm *vm, LsValue v, LsBuf *out);
int ls_class_str(LsVm *vm, LsValue v, LsBuf *out);
int ls_class_format(LsVm *vm, LsValue v, const char *spec, size_t len, LsBuf *out);
int ls_class_hash(LsVm *vm, LsValue v, uint64_t *h);
int ls_class_truth(LsVm *vm, LsValue v, bool *out);
int ls_class_len(LsVm *vm, LsValue v, int64_t *out);
int ls_class_getitem(LsVm *vm, LsValue obj, LsValue key, LsValue *out);
int ls_class_setitem(LsVm *vm, LsValue obj, LsValue key, LsValue v);
int ls_class_delitem(LsVm *vm, LsValue obj, LsValue key);
int ls_class_contains(LsVm *vm, LsValue c, LsValue item, bool *out);
int ls_class_get_iter(LsVm *vm, LsValue v, LsValue *out);
int ls_class_getattr(LsVm *vm, LsValue obj, LsStr *name, LsValue *out);
int ls_class_setattr(LsVm *vm, LsValue obj, LsStr *name, LsValue v);
/* next() on a non-builtin iterator (generator or user __next__): 1/0/-1. */
int ls_class_iter_next(LsVm *vm, LsValue it, LsValue *out);
int ls_delattr(LsVm *vm, LsValue obj, LsStr *name);

/* Exception groups (ls_excgroup.c). */
/* A new group from a list/tuple of exceptions: ExceptionGroup when all are
 * Exception instances, else BaseExceptionGroup (CPython's rule). Returns
 * NONE with vm->exc set on a bad argument or OOM. For the runtime
 * (asyncio.TaskGroup). */
LsValue ls_exc_group_new(LsVm *vm, const char *msg, LsValue list_of_excs);
bool ls_is_exc_group(LsVm *vm, LsValue v);
LsTuple *ls_excgroup_members(LsValue eg);       /* the `exceptions` tuple; NULL if unset */
void ls_excgroup_str(LsVm *vm, LsValue eg, LsBuf *out);  /* "msg (N sub-exceptions)" */
int ls_excgroup_init(LsVm *vm, LsValue exc, uint32_t argc, const LsValue *argv);
bool ls_excgroup_init_types(LsVm *vm);
/* except*: match `rest` against a clause's type(s): *match (a group, or
 * NONE) and the remainder *new_rest. 0 or -1 (TypeError for groups). */
int ls_excgroup_star_match(LsVm *vm, LsValue rest, LsValue type, LsValue *match, LsValue *new_rest);
/* End of except*: what to raise (NONE: nothing) from the original
 * exception, the exceptions raised by the clauses and the unmatched rest. */
int ls_excgroup_prep_reraise(LsVm *vm, LsValue orig, LsList *raised, LsValue rest, LsValue *out);

/* Tracebacks: format `exc` like CPython's default excepthook. */
void ls_vm_format_exception(LsVm *vm, LsValue exc, LsBuf *out);
/* The same for an exception CPython would show with library frames on top
 * (one raised by asyncio machinery such as Handle._run): the header line is
 * printed even when no user frame remains, as in CPython's output once its
 * stdlib frames are left out. */
void ls_vm_format_exception_from_stdlib(LsVm *vm, LsValue exc, LsBuf *out);

/* Position of the instruction a suspended/running frame is at. */
LsPos ls_vm_coro_pos(const LsCoro *co);

#endif
