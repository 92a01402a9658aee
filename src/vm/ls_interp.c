/* ls_interp — the dispatch loop, calls and coroutine switching.
 *
 * Invariants (see also ls_vm.h):
 *  - `co` is the running coroutine; its top frame is `f`. `sp` caches
 *    co->sp while inside the loop and is written back (SAVE) before
 *    anything that can switch coroutines, grow a stack or run the GC.
 *  - A frame's locals start at stack[f->base] (the callee's slot: a call
 *    reuses the callee+arguments region), cells follow the locals and the
 *    evaluation stack starts at f->stack_base.
 *  - While a coroutine delegates (await on a coroutine, FOR_ITER over a
 *    generator, draining a generator into a list), its top frame's pc is
 *    already past the delegating instruction and the awaited object is on
 *    its stack top; `awaiting` names it.
 *  - Block levels are absolute stack indices. */
#include "ls_vm.h"
#include "ls_arith.h"
#include "ls_num.h"
#include "ls_diag.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MAX_FRAMES 1000

/* Resume kinds used internally: generators drained into a list; an async
 * generator run by an awaited __anext__/asend/athrow/aclose (its yields
 * complete that await; its awaits pass through to the task like AWAIT). */
enum { LS_RK_DRAIN = 3, LS_RK_ANEXT = 4 };

/* ---- errors --------------------------------------------------------------- */

int ls_vm_raise(LsVm *vm, LsValue exc) {
    vm->exc = exc;
    return LS_NAT_ERR;
}

LsValue ls_vm_new_exc_args(LsVm *vm, LsType *type, LsTuple *args) {
    LsExc *e = (LsExc *)ls_obj_alloc(vm, LS_OBJ_EXC, sizeof(LsExc));
    if (!e) return LS_NONE;
    e->type = type;
    e->args = args;
    e->cause = LS_NONE;
    e->context = LS_NONE;
    e->doomed = LS_UNDEF;
    return LS_OBJ(e);
}

LsValue ls_vm_new_exc(LsVm *vm, LsType *type, const char *msg) {
    LsTuple *args = ls_tuple_new(vm, msg ? 1 : 0);
    if (!args) return LS_NONE;
    if (msg) {
        LsStr *s = ls_str_cstr(vm, msg);
        if (!s) return LS_NONE;
        args->items[0] = LS_OBJ(s);
    }
    return ls_vm_new_exc_args(vm, type, args);
}

int ls_vm_raisef(LsVm *vm, LsType *type, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    LsValue e = ls_vm_new_exc(vm, type, msg);
    if (LS_IS_NONE(e)) return ls_vm_oom(vm);
    return ls_vm_raise(vm, e);
}

int ls_vm_oom(LsVm *vm) {
    /* A preallocated instance: raising MemoryError must not allocate. */
    vm->exc = LS_NONE;
    LsValue e = ls_vm_new_exc_args(vm, vm->types.e_MemoryError, NULL);
    vm->exc = LS_IS_NONE(e) ? LS_NONE : e;
    return LS_NAT_ERR;
}

/* ---- coroutine objects and frames ---------------------------------------- */

static bool ensure_stack(LsVm *vm, LsCoro *co, uint32_t need) {
    if (need <= co->stack_cap) return true;
    size_t cap = co->stack_cap;
    if (!ls_mem_grow(vm->mem, (void **)&co->stack, &cap, need, sizeof(LsValue))) return false;
    vm->gc_bytes += (cap - co->stack_cap) * sizeof(LsValue);
    co->stack_cap = (uint32_t)cap;
    return true;
}

static bool push_frame_slot(LsVm *vm, LsCoro *co) {
    if (co->nframes < co->frames_cap) return true;
    size_t cap = co->frames_cap;
    if (!ls_mem_grow(vm->mem, (void **)&co->frames, &cap, (size_t)co->nframes + 1, sizeof(LsFrame))) return false;
    co->frames_cap = (uint32_t)cap;
    return true;
}

static bool push_block(LsVm *vm, LsCoro *co, uint32_t type, uint32_t handler, uint32_t level) {
    if (co->nblocks == co->blocks_cap) {
        size_t cap = co->blocks_cap;
        if (!ls_mem_grow(vm->mem, (void **)&co->blocks, &cap, (size_t)co->nblocks + 1, sizeof(LsBlock))) return false;
        co->blocks_cap = (uint32_t)cap;
    }
    co->blocks[co->nblocks++] = (LsBlock){type, handler, level};
    return true;
}

static LsCoro *coro_new(LsVm *vm, uint8_t ckind) {
    LsCoro *co = (LsCoro *)ls_obj_alloc(vm, LS_OBJ_CORO, sizeof(LsCoro));
    if (!co) return NULL;
    co->ckind = ckind;
    co->state = LS_CO_CREATED;
    co->awaiting = LS_UNDEF;
    co->exc_info = LS_NONE;
    co->task_id = -1;
    for (int i = 0; i < 3; i++) co->nv[i] = LS_NONE;
    return co;
}

LsCoro *ls_vm_native_coro_named(LsVm *vm, LsNativeCoroFn fn, LsStr *qualname) {
    LsCoro *co = coro_new(vm, LS_CO_NATIVE);
    if (!co) return NULL;
    co->native = fn;
    co->qualname = co->name = qualname;
    return co;
}

LsCoro *ls_vm_native_coro(LsVm *vm, LsNativeCoroFn fn, const char *qualname) {
    LsStr *name = ls_str_intern(vm, qualname, strlen(qualname));
    return name ? ls_vm_native_coro_named(vm, fn, name) : NULL;
}

LsPos ls_vm_coro_pos(const LsCoro *co) {
    while (LS_IS_KIND(co->awaiting, CORO) && ((LsCoro *)co->awaiting.u.o)->ckind != LS_CO_NATIVE)
        co = (LsCoro *)co->awaiting.u.o;
    if (!co->nframes) return (LsPos){0, 0, 0, 0};
    const LsFrame *f = &co->frames[co->nframes - 1];
    uint32_t i = f->pc ? f->pc - 1 : 0;
    return f->code->code->pos[i];
}

/* ---- loading code ---------------------------------------------------------- */

static LsCodeObj *wrap_code(LsVm *vm, LsCode *code, const char *path);

static bool convert_const(LsVm *vm, const LsConst *c, const char *path, LsValue *out) {
    switch (c->kind) {
    case LS_CONST_NONE: *out = LS_NONE; return true;
    case LS_CONST_BOOL: *out = LS_BOOL(c->as.b); return true;
    case LS_CONST_INT: *out = LS_INT(c->as.i); return true;
    case LS_CONST_FLOAT: *out = LS_FLOAT(c->as.f); return true;
    case LS_CONST_ELLIPSIS: *out = LS_NONE; return true;
    case LS_CONST_STR: {
        LsStr *s = ls_str_intern(vm, c->as.s.str, c->as.s.len);
        if (!s) return false;
        *out = LS_OBJ(s);
        return true;
    }
    case LS_CONST_TUPLE: {
        LsTuple *t = ls_tuple_new(vm, c->as.tuple.n);
        if (!t) return false;
        *out = LS_OBJ(t);
        for (uint32_t i = 0; i < c->as.tuple.n; i++)
            if (!convert_const(vm, &c->as.tuple.items[i], path, &t->items[i])) return false;
        return true;
    }
    case LS_CONST_CODE: {
        LsCodeObj *co = wrap_code(vm, c->as.code, path);
        if (!co) return false;
        *out = LS_OBJ(co);
        return true;
    }
    }
    return false;
}

static LsCodeObj *wrap_code(LsVm *vm, LsCode *code, const char *path) {
    LsCodeObj *co = (LsCodeObj *)ls_obj_alloc(vm, LS_OBJ_CODE, sizeof(LsCodeObj));
    if (!co) return NULL;
    co->code = code;
    co->path = path;
    co->name = ls_str_intern(vm, code->name, strlen(code->name));
    co->qualname = ls_str_intern(vm, code->qualname, strlen(code->qualname));
    co->consts = ls_mem_calloc(vm->mem, (code->n_consts + 1) * sizeof(LsValue));
    co->names = ls_mem_calloc(vm->mem, (code->n_names + 1) * sizeof(LsStr *));
    if (!co->name || !co->qualname || !co->consts || !co->names) return NULL;
    for (uint32_t i = 0; i < code->n_consts; i++)
        if (!convert_const(vm, &code->consts[i], path, &co->consts[i])) return NULL;
    for (uint32_t i = 0; i < code->n_names; i++)
        if (!(co->names[i] = ls_str_intern(vm, code->names[i], strlen(code->names[i])))) return NULL;
    return co;
}

LsCoro *ls_vm_load(LsVm *vm, const LsProgram *prog) {
    bool gc = vm->gc_enabled;
    vm->gc_enabled = false;
    vm->path = prog->path;
    vm->source = prog->source;
    vm->source_len = prog->source_len;
    LsCodeObj *code = wrap_code(vm, prog->module, prog->path);
    LsCoro *co = code ? coro_new(vm, LS_CO_MODULE) : NULL;
    LsFunction *fn = co ? (LsFunction *)ls_obj_alloc(vm, LS_OBJ_FUNCTION, sizeof(LsFunction)) : NULL;
    LsDict *globals = fn ? ls_dict_new(vm) : NULL;
    vm->gc_enabled = gc;
    if (!globals) return NULL;
    fn->code = code;
    fn->globals = globals;
    fn->name = code->name;
    fn->qualname = code->qualname;
    LsStr *nm = ls_str_intern(vm, "__name__", 8);
    LsStr *main = ls_str_intern(vm, "__main__", 8);
    if (!nm || !main || ls_dict_set(vm, globals, LS_OBJ(nm), LS_OBJ(main)) < 0) return NULL;
    co->fn = fn;
    co->name = code->name;
    co->qualname = code->qualname;
    uint32_t need = code->code->n_locals + code->code->n_cells + code->code->n_free + code->code->max_stack + 8;
    if (!ensure_stack(vm, co, need) || !push_frame_slot(vm, co)) return NULL;
    co->frames[0] = (LsFrame){.fn = fn, .code = code, .pc = 0, .base = 0,
                              .stack_base = code->code->n_locals + code->code->n_cells + code->code->n_free, .block_base = 0};
    for (uint32_t i = 0; i < co->frames[0].stack_base; i++) co->stack[i] = LS_UNDEF;
    co->sp = co->frames[0].stack_base;
    co->nframes = 1;
    return co;
}

/* ---- argument binding ------------------------------------------------------ */

static int arg_error(LsVm *vm, LsFunction *fn, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int arg_error(LsVm *vm, LsFunction *fn, const char *fmt, ...) {
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ls_vm_raisef(vm, vm->types.e_TypeError, "%s() %s", fn->qualname->data, msg);
}

static int missing_error(LsVm *vm, LsFunction *fn, LsValue *locals, uint32_t from, uint32_t to, const char *kind) {
    LsCode *c = fn->code->code;
    char names[300] = "";
    uint32_t n = 0, total = 0;
    for (uint32_t i = from; i < to; i++) if (LS_IS_UNDEF(locals[i])) total++;
    for (uint32_t i = from; i < to; i++) {
        if (!LS_IS_UNDEF(locals[i])) continue;
        size_t len = strlen(names);
        const char *sep = n == 0 ? "" : (n + 1 == total ? (total > 2 ? ", and " : " and ") : ", ");
        snprintf(names + len, sizeof names - len, "%s'%s'", sep, c->varnames[i]);
        n++;
    }
    return arg_error(vm, fn, "missing %u required %s argument%s: %s", total, kind, total == 1 ? "" : "s", names);
}

/* Bind `argc` positional values `args` and keywords into `locals` (which
 * has room for n_locals values, all UNDEF). */
static int bind_args(LsVm *vm, LsFunction *fn, LsValue *locals, uint32_t argc, const LsValue *args,
                     const LsKwargs *kw) {
    LsCode *c = fn->code->code;
    uint32_t np = c->n_params, nk = c->n_kwonly;
    uint32_t i = 0;
    for (; i < argc && i < np; i++) locals[i] = args[i];
    uint32_t slot = np + nk;
    if (c->flags & LS_CODE_VARARGS) {
        uint32_t extra = argc > np ? argc - np : 0;
        LsTuple *t = ls_tuple_new(vm, extra);
        if (!t) return ls_vm_oom(vm);
        for (uint32_t k = 0; k < extra; k++) t->items[k] = args[np + k];
        locals[slot++] = LS_OBJ(t);
    } else if (argc > np) {
        uint32_t ndef = fn->defaults ? fn->defaults->n : 0;
        if (ndef)
            return arg_error(vm, fn, "takes from %u to %u positional arguments but %u were given", np - ndef, np, argc);
        return arg_error(vm, fn, "takes %u positional argument%s but %u %s given", np, np == 1 ? "" : "s", argc,
                         argc == 1 ? "was" : "were");
    }
    LsDict *varkw = NULL;
    if (c->flags & LS_CODE_VARKW) {
        varkw = ls_dict_new(vm);
        if (!varkw) return ls_vm_oom(vm);
        locals[slot] = LS_OBJ(varkw);
    }
    for (uint32_t k = 0; kw && k < kw->n; k++) {
        const char *name = kw->names[k]->data;
        uint32_t p = 0;
        for (; p < np + nk; p++)
            if (strcmp(c->varnames[p], name) == 0) break;
        if (p < np + nk) {
            if (!LS_IS_UNDEF(locals[p])) return arg_error(vm, fn, "got multiple values for argument '%s'", name);
            locals[p] = kw->values[k];
        } else if (varkw) {
            if (ls_dict_set(vm, varkw, LS_OBJ(kw->names[k]), kw->values[k]) < 0) return LS_NAT_ERR;
        } else {
            return arg_error(vm, fn, "got an unexpected keyword argument '%s'", name);
        }
    }
    uint32_t ndef = fn->defaults ? fn->defaults->n : 0;
    for (uint32_t p = argc < np ? argc : np; p < np; p++) {
        if (!LS_IS_UNDEF(locals[p])) continue;
        if (p >= np - ndef) locals[p] = fn->defaults->items[p - (np - ndef)];
    }
    for (uint32_t p = 0; p < np; p++)
        if (LS_IS_UNDEF(locals[p])) return missing_error(vm, fn, locals, 0, np, "positional");
    for (uint32_t p = np; p < np + nk; p++) {
        if (!LS_IS_UNDEF(locals[p])) continue;
        if (fn->kwdefaults) {
            LsValue d = ls_dict_get_str(fn->kwdefaults, c->varnames[p]);
            if (!LS_IS_UNDEF(d)) { locals[p] = d; continue; }
        }
    }
    for (uint32_t p = np; p < np + nk; p++)
        if (LS_IS_UNDEF(locals[p])) return missing_error(vm, fn, locals, np, np + nk, "keyword-only");
    return LS_NAT_OK;
}

/* Create cells for a new frame: cellvars fresh (copying parameters that
 * are captured), freevars from the closure. */
static int init_cells(LsVm *vm, LsFunction *fn, LsValue *locals) {
    LsCode *c = fn->code->code;
    LsValue *cells = locals + c->n_locals;
    for (uint32_t i = 0; i < c->n_cells; i++) {
        LsCell *cell = (LsCell *)ls_obj_alloc(vm, LS_OBJ_CELL, sizeof(LsCell));
        if (!cell) return ls_vm_oom(vm);
        cell->value = LS_UNDEF;
        if (c->cell2arg && c->cell2arg[i] >= 0) cell->value = locals[c->cell2arg[i]];
        cells[i] = LS_OBJ(cell);
    }
    for (uint32_t i = 0; i < c->n_free; i++)
        cells[c->n_cells + i] = fn->closure && i < fn->closure->n ? fn->closure->items[i] : LS_UNDEF;
    return LS_NAT_OK;
}

/* Make a coroutine/generator object for a call of an async def or a
 * generator function: the frame is set up, nothing runs. */
static int make_coro(LsVm *vm, LsFunction *fn, uint32_t argc, const LsValue *args, const LsKwargs *kw,
                     LsValue *out) {
    LsCode *c = fn->code->code;
    LsCoro *co = coro_new(vm, (c->flags & LS_CODE_COROUTINE)   ? LS_CO_COROUTINE
                              : (c->flags & LS_CODE_ASYNC_GEN) ? LS_CO_ASYNC_GEN
                                                               : LS_CO_GENERATOR);
    if (!co) return ls_vm_oom(vm);
    co->fn = fn;
    co->name = fn->name;
    co->qualname = fn->qualname;
    co->def_line = c->first_line;
    uint32_t nslots = c->n_locals + c->n_cells + c->n_free;
    if (!ensure_stack(vm, co, nslots + c->max_stack + 4) || !push_frame_slot(vm, co)) return ls_vm_oom(vm);
    for (uint32_t i = 0; i < nslots; i++) co->stack[i] = LS_UNDEF;
    co->sp = nslots;   /* reachable for the GC while binding */
    int r = bind_args(vm, fn, co->stack, argc, args, kw);
    if (r != LS_NAT_OK) return r;
    r = init_cells(vm, fn, co->stack);
    if (r != LS_NAT_OK) return r;
    co->frames[0] = (LsFrame){.fn = fn, .code = fn->code, .pc = 0, .base = 0, .stack_base = nslots, .block_base = 0};
    co->nframes = 1;
    *out = LS_OBJ(co);
    return LS_NAT_OK;
}

/* ---- the dispatch loop ------------------------------------------------------ */

typedef struct Run {
    LsVm *vm;
    LsCoro *co;
    LsFrame *f;
    LsValue *sp;        /* next free slot */
    LsValue *locals;
    const uint32_t *ins;
    LsValue *consts;
    LsStr **names;
} Run;

#define SAVE() (R.co->sp = (uint32_t)(R.sp - R.co->stack), R.f->pc = pc)
#define LOAD()                                                    \
    do {                                                          \
        R.f = &R.co->frames[R.co->nframes - 1];                   \
        R.sp = R.co->stack + R.co->sp;                            \
        R.locals = R.co->stack + R.f->base;                       \
        R.ins = R.f->code->code->ins;                             \
        R.consts = R.f->code->consts;                             \
        R.names = R.f->code->names;                               \
        pc = R.f->pc;                                             \
    } while (0)
#define PUSH(v) (*R.sp++ = (v))
#define POP() (*--R.sp)
#define TOP() (R.sp[-1])
#define PEEK(n) (R.sp[-(ptrdiff_t)(n)])

/* Push a bytecode frame for fn in coroutine `co`. The callee and its
 * `argc` positional arguments sit at stack[base .. base+argc]. Returns
 * LS_NAT_OK (frame pushed, co->sp updated) or LS_NAT_ERR. */
static int push_call_frame(LsVm *vm, LsCoro *co, LsFunction *fn, uint32_t base, uint32_t argc, const LsKwargs *kw) {
    LsCode *c = fn->code->code;
    if (co->nframes >= MAX_FRAMES)
        return ls_vm_raisef(vm, vm->types.e_RecursionError, "maximum recursion depth exceeded");
    uint32_t nslots = c->n_locals + c->n_cells + c->n_free;
    bool simple = !kw && argc == c->n_params && !(c->flags & (LS_CODE_VARARGS | LS_CODE_VARKW)) && c->n_kwonly == 0;
    /* General case: the arguments (and keyword values, which point into
     * this very stack) are copied out before the stack may move. The GC
     * cannot run until the frame is built, so the copies need no rooting. */
    LsValue small[32], *saved = small;
    uint32_t nkw = kw ? kw->n : 0;
    if (!simple) {
        if (argc + nkw > 32 && !(saved = ls_mem_alloc(vm->mem, (argc + nkw) * sizeof(LsValue)))) return ls_vm_oom(vm);
        LS_MEMCPY(saved, co->stack + base + 1, argc * sizeof(LsValue));
        if (kw) LS_MEMCPY(saved + argc, kw->values, nkw * sizeof(LsValue));
    }
    uint32_t need = base + nslots + c->max_stack + argc + 8;
    int r = LS_NAT_OK;
    if (!ensure_stack(vm, co, need) || !push_frame_slot(vm, co)) r = ls_vm_oom(vm);
    LsValue *slot = co->stack + base;
    if (r == LS_NAT_OK && simple) {
        LS_MEMMOVE(slot, slot + 1, argc * sizeof(LsValue));
        for (uint32_t i = argc; i < nslots; i++) slot[i] = LS_UNDEF;
    } else if (r == LS_NAT_OK) {
        for (uint32_t i = 0; i < nslots; i++) slot[i] = LS_UNDEF;
        co->sp = base + nslots;
        LsKwargs kwc = {nkw, kw ? kw->names : NULL, saved + argc};
        r = bind_args(vm, fn, slot, argc, saved, kw ? &kwc : NULL);
    }
    if (saved != small) ls_mem_free(vm->mem, saved, (argc + nkw) * sizeof(LsValue));
    if (r != LS_NAT_OK) return r;
    r = init_cells(vm, fn, slot);
    if (r != LS_NAT_OK) return r;
    LsDict *ns = NULL;
    if ((c->flags & LS_CODE_CLASS) && !(ns = ls_dict_new(vm))) return ls_vm_oom(vm);
    co->frames[co->nframes++] = (LsFrame){.fn = fn, .code = fn->code, .pc = 0, .base = base,
                                          .stack_base = base + nslots, .block_base = co->nblocks, .ns = ns};
    co->sp = base + nslots;
    return LS_NAT_OK;
}

/* Collect keyword names from a kwnames tuple. */
static void kw_from_tuple(LsKwargs *kw, LsTuple *names, const LsValue *values, LsStr **buf) {
    for (uint32_t i = 0; i < names->n && i < 64; i++) buf[i] = AS_STR(names->items[i]);
    kw->n = names->n < 64 ? names->n : 64;
    kw->names = buf;
    kw->values = values;
}

static void add_tb(LsVm *vm, LsValue exc, LsFrame *f) {
    if (!LS_IS_KIND(exc, EXC)) return;
    LsExc *e = AS_EXC(exc);
    if (e->n_tb == e->cap_tb) {
        size_t cap = e->cap_tb;
        if (!ls_mem_grow(vm->mem, (void **)&e->tb, &cap, (size_t)e->n_tb + 1, sizeof(LsTbEntry))) return;
        e->cap_tb = (uint32_t)cap;
    }
    e->tb[e->n_tb++] = (LsTbEntry){f->code, f->pc ? f->pc - 1 : 0};
}

static void set_context(LsVm *vm, LsCoro *co, LsValue exc) {
    (void)vm;
    if (!LS_IS_KIND(exc, EXC) || !LS_IS_KIND(co->exc_info, EXC)) return;
    LsExc *e = AS_EXC(exc);
    if (co->exc_info.u.o == exc.u.o || !LS_IS_NONE(e->context)) return;
    /* Avoid creating a cycle in the context chain. */
    for (LsValue c = co->exc_info; LS_IS_KIND(c, EXC); c = AS_EXC(c)->context)
        if (c.u.o == exc.u.o) return;
    e->context = co->exc_info;
}

/* Result of the generic call helper. */
enum { CALL_DONE, CALL_FRAME, CALL_ERR, CALL_SUSPEND, CALL_DRAIN };

static int call_value(LsVm *vm, LsCoro *co, LsValue callee, uint32_t base, uint32_t argc, const LsKwargs *kw,
                      LsValue *out);

/* Serve an LS_NAT_CALL request (vm->ncall) at stack[base]: the requested
 * callee and arguments replace the original call's. Natives answer at
 * once and their result goes to the continuation in a loop here; a Python
 * function gets a frame that remembers the continuation (RETURN_VALUE runs
 * it). Same results as call_value. */
static int native_call(LsVm *vm, LsCoro *co, uint32_t base, LsValue *out) {
    for (;;) {
        LsNativeCall c = vm->ncall;
        uint32_t n = c.argc + c.nkw;
        if (!ensure_stack(vm, co, base + n + 8)) { ls_vm_oom(vm); return CALL_ERR; }
        co->stack[base] = c.callee;
        LS_MEMCPY(co->stack + base + 1, c.args, n * sizeof(LsValue));
        co->stack[base + 1 + n] = c.cont;  /* keep the continuation rooted */
        co->sp = base + 2 + n;
        LsKwargs kw = {c.nkw, c.kwnames, co->stack + base + 1 + c.argc};
        int r = call_value(vm, co, c.callee, base, c.argc, c.nkw ? &kw : NULL, out);
        if (r == CALL_FRAME) {
            co->frames[co->nframes - 1].cont = c.cont;
            return CALL_FRAME;
        }
        if (r == CALL_SUSPEND || r == CALL_DRAIN) {
            ls_vm_raisef(vm, vm->types.e_NotImplementedError,
                         "this call from inside a builtin is not supported by loopscope yet");
            return CALL_ERR;
        }
        if (r != CALL_DONE) return r;
        LsValue arg = *out;
        LsNative *k = AS_NATIVE(c.cont);
        int kr = k->fn(vm, c.cont, 1, &arg, NULL, out);
        if (kr == LS_NAT_OK) return CALL_DONE;
        if (kr != LS_NAT_CALL) return CALL_ERR;
    }
}

/* Call `callee` whose positional args are at co->stack[base+1 .. base+argc]
 * (callee at base). On CALL_DONE *out is the result. On CALL_FRAME a new
 * frame was pushed. CALL_DRAIN: *out is a generator a native wants drained
 * into a list first (argument index in vm->scratch-free slot `drain_arg`). */
/* Make the call at co->stack[base] a call of `fn` with `self` inserted
 * before the positional arguments. Keyword values sit right after the
 * positionals on the stack: they move too, and *kw is redirected to a
 * copy (*kwc) that points at their new place. */
static bool insert_self(LsVm *vm, LsCoro *co, uint32_t base, uint32_t *argc, const LsKwargs **kw, LsKwargs *kwc,
                        LsValue fn, LsValue self) {
    uint32_t nkw = *kw ? (*kw)->n : 0;
    if (!ensure_stack(vm, co, base + *argc + nkw + 4)) { ls_vm_oom(vm); return false; }
    LsValue *s = co->stack + base;
    LS_MEMMOVE(s + 2, s + 1, (*argc + nkw) * sizeof(LsValue));
    s[1] = self;
    s[0] = fn;
    (*argc)++;
    if (*kw) {
        *kwc = **kw;
        kwc->values = s + 1 + *argc;
        *kw = kwc;
    }
    if (co->sp < base + 1 + *argc + nkw) co->sp = base + 1 + *argc + nkw;
    return true;
}

static int call_value(LsVm *vm, LsCoro *co, LsValue callee, uint32_t base, uint32_t argc, const LsKwargs *kw,
                      LsValue *out) {
    LsKwargs kwc;
    for (;;) {
        if (LS_IS_KIND(callee, FUNCTION)) {
            LsFunction *fn = AS_FUNCTION(callee);
            if (fn->code->code->flags & (LS_CODE_COROUTINE | LS_CODE_GENERATOR | LS_CODE_ASYNC_GEN)) {
                int r = make_coro(vm, fn, argc, co->stack + base + 1, kw, out);
                return r == LS_NAT_OK ? CALL_DONE : CALL_ERR;
            }
            return push_call_frame(vm, co, fn, base, argc, kw) == LS_NAT_OK ? CALL_FRAME : CALL_ERR;
        }
        if (LS_IS_KIND(callee, NATIVE)) {
            LsNative *n = AS_NATIVE(callee);
            LsValue self = LS_IS_UNDEF(n->self) ? callee : n->self;
            vm->deferred_exc = LS_UNDEF;
            int r = n->fn(vm, LS_IS_UNDEF(n->self) ? LS_OBJ(n) : self, argc, co->stack + base + 1, kw, out);
            if (!LS_IS_UNDEF(vm->deferred_exc)) {
                /* A user __bool__ failed inside ls_truthy: the call fails. */
                if (r == LS_NAT_OK) vm->exc = vm->deferred_exc;
                vm->deferred_exc = LS_UNDEF;
                if (r == LS_NAT_OK || r == LS_NAT_SUSPEND) return CALL_ERR;
            }
            if (r == LS_NAT_OK) return CALL_DONE;
            if (r == LS_NAT_CALL) return native_call(vm, co, base, out);
            if (r == LS_NAT_SUSPEND) return CALL_SUSPEND;
            if (r == LS_NAT_DRAIN) return CALL_DRAIN;
            return CALL_ERR;
        }
        if (LS_IS_KIND(callee, BOUND)) {
            LsBound *b = AS_BOUND(callee);
            if (!insert_self(vm, co, base, &argc, &kw, &kwc, b->fn, b->self)) return CALL_ERR;
            callee = b->fn;
            continue;
        }
        if (LS_IS_KIND(callee, TYPE) && (AS_TYPE(callee)->tflags & LS_TYPE_USER)) {
            LsValue inst, init;
            if (ls_class_new_instance(vm, AS_TYPE(callee), argc, co->stack + base + 1, kw, &inst, &init) < 0) return CALL_ERR;
            if (LS_IS_UNDEF(init)) {
                *out = inst;
                return CALL_DONE;
            }
            /* __init__ runs as a frame that returns the instance. */
            if (!insert_self(vm, co, base, &argc, &kw, &kwc, init, inst)) return CALL_ERR;
            if (push_call_frame(vm, co, AS_FUNCTION(init), base, argc, kw) != LS_NAT_OK) return CALL_ERR;
            co->frames[co->nframes - 1].init_self = inst;
            return CALL_FRAME;
        }
        if (LS_IS_KIND(callee, TYPE) && AS_TYPE(callee) == vm->types.t_object) {
            if (argc || (kw && kw->n)) {
                ls_vm_raisef(vm, vm->types.e_TypeError, "object() takes no arguments");
                return CALL_ERR;
            }
            LsInstance *in = ls_instance_new(vm, vm->types.t_object, NULL);
            if (!in) { ls_vm_oom(vm); return CALL_ERR; }
            *out = LS_OBJ(in);
            return CALL_DONE;
        }
        if (ls_is_user_value(vm, callee)) {
            LsValue m = ls_class_user_method(vm, callee, "__call__");
            if (!LS_IS_UNDEF(m)) {
                LsValue bound;
                if (ls_bind_method(vm, callee, m, &bound) < 0) return CALL_ERR;
                co->stack[base] = bound;
                callee = bound;
                continue;
            }
        }
        if (LS_IS_KIND(callee, TYPE)) {
            LsType *t = AS_TYPE(callee);
            LsValue ctor = ls_dict_get_str(t->methods, "__new__");
            for (LsType *b = t->base; LS_IS_UNDEF(ctor) && b; b = b->base) ctor = ls_dict_get_str(b->methods, "__new__");
            if (LS_IS_KIND(ctor, NATIVE)) {
                vm->deferred_exc = LS_UNDEF;
                int r = AS_NATIVE(ctor)->fn(vm, callee, argc, co->stack + base + 1, kw, out);
                if (!LS_IS_UNDEF(vm->deferred_exc)) {
                    if (r == LS_NAT_OK) vm->exc = vm->deferred_exc;
                    vm->deferred_exc = LS_UNDEF;
                    if (r == LS_NAT_OK) return CALL_ERR;
                }
                if (r == LS_NAT_OK) return CALL_DONE;
                if (r == LS_NAT_CALL) return native_call(vm, co, base, out);
                if (r == LS_NAT_DRAIN) return CALL_DRAIN;
                return CALL_ERR;
            }
            ls_vm_raisef(vm, vm->types.e_TypeError, "cannot create '%s' instances", t->name->data);
            return CALL_ERR;
        }
        ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' object is not callable", ls_type_name(vm, callee));
        return CALL_ERR;
    }
}


/* The RuntimeWarning CPython prints when a coroutine object that never ran
 * is freed: once per (line, coroutine name), as the warnings module's
 * "default" action does. */
static void warn_never_awaited(LsVm *vm, LsCoro *co, const LsFrame *f, uint32_t at) {
    if (co->state != LS_CO_CREATED || co->awaited || (co->ckind != LS_CO_COROUTINE && co->ckind != LS_CO_NATIVE)) return;
    co->awaited = true; /* warned once; never again for this object */
    if (!vm->host.write || !co->qualname || (f->code->code->flags & LS_CODE_INTERNAL)) return;
    uint32_t line = f->code->code->pos[at].line;
    for (uint32_t i = 0; i < vm->n_warned; i++)
        if (vm->warned[i].line == line && strcmp(vm->warned[i].name, co->qualname->data) == 0) return;
    if (vm->n_warned < sizeof vm->warned / sizeof vm->warned[0]) {
        vm->warned[vm->n_warned].line = line;
        snprintf(vm->warned[vm->n_warned].name, sizeof vm->warned[0].name, "%s", co->qualname->data);
        vm->n_warned++;
    }
    LsBuf b, src;
    ls_buf_init(&b);
    ls_buf_init(&src);
    ls_buf_printf(&b, "%s:%u: RuntimeWarning: coroutine '%s' was never awaited\n", f->code->path, line, co->qualname->data);
    if (vm->source && ls_diag_source_line(&src, vm->source, vm->source_len, line)) {
        const char *s = ls_buf_cstr(&src);
        while (*s == ' ' || *s == '\t') s++;
        size_t n = strlen(s);
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
        ls_buf_puts(&b, "  ");
        ls_buf_append(&b, s, n);
        ls_buf_putc(&b, '\n');
    }
    ls_buf_puts(&b, "RuntimeWarning: Enable tracemalloc to get the object allocation traceback\n");
    vm->host.write(vm->host.ud, 2, b.data, b.len);
    ls_buf_fini(&src);
    ls_buf_fini(&b);
}

static bool is_gen(LsValue v) { return LS_IS_KIND(v, CORO) && ((LsCoro *)v.u.o)->ckind == LS_CO_GENERATOR; }

static int format_value(LsVm *vm, LsValue v, uint32_t conv, LsValue spec, LsValue *out) {
    LsBuf b;
    ls_buf_init(&b);
    int r = 0;
    LsValue src = v;
    if (conv == 2 || conv == 3) {
        if (ls_repr(vm, v, &b) < 0) r = -1;
        else { src = ls_str_from_buf(vm, &b); ls_buf_clear(&b); if (LS_IS_UNDEF(src)) r = -1; }
    } else if (conv == 1) {
        if (ls_str(vm, v, &b) < 0) r = -1;
        else { src = ls_str_from_buf(vm, &b); ls_buf_clear(&b); if (LS_IS_UNDEF(src)) r = -1; }
    }
    if (r == 0 && LS_IS_UNDEF(spec)) r = ls_str(vm, src, &b);
    else if (r == 0) r = ls_format(vm, src, AS_STR(spec)->data, AS_STR(spec)->len, &b);
    if (r == 0) {
        *out = ls_str_from_buf(vm, &b);
        if (LS_IS_UNDEF(*out)) r = -1;
    }
    ls_buf_fini(&b);
    return r;
}

static int unpack(LsVm *vm, LsValue seq, uint32_t before, uint32_t after, bool star, LsValue *dst_top) {
    /* dst_top points at where the items go: written so that the first
     * target ends on top: dst_top[0] = last item ... */
    LsValue tmpv;
    const LsValue *items;
    uint32_t n;
    LsList *tmp = NULL;
    if (LS_IS_KIND(seq, TUPLE)) { items = AS_TUPLE(seq)->items; n = AS_TUPLE(seq)->n; }
    else if (LS_IS_KIND(seq, LIST)) { items = AS_LIST(seq)->items; n = AS_LIST(seq)->n; }
    else {
        LsValue it;
        if (ls_get_iter(vm, seq, &it) < 0) return -1;
        tmp = ls_list_new(vm, 0);
        if (!tmp) return ls_vm_oom(vm), -1;
        int r;
        while ((r = ls_iter_next(vm, it, &tmpv)) == 1)
            if (!ls_list_append(vm, tmp, tmpv)) return ls_vm_oom(vm), -1;
        if (r < 0) return -1;
        items = tmp->items;
        n = tmp->n;
    }
    uint32_t total = before + after;
    if (!star && n != total) {
        if (n > total) return ls_vm_raisef(vm, vm->types.e_ValueError, "too many values to unpack (expected %u)", total), -1;
        return ls_vm_raisef(vm, vm->types.e_ValueError, "not enough values to unpack (expected %u, got %u)", total, n), -1;
    }
    if (star && n < total)
        return ls_vm_raisef(vm, vm->types.e_ValueError, "not enough values to unpack (expected at least %u, got %u)", total, n), -1;
    uint32_t nout = star ? total + 1 : total;
    /* Output order on the stack (bottom -> top): last target ... first target. */
    uint32_t k = 0;
    for (uint32_t i = 0; i < after; i++) dst_top[k++] = items[n - 1 - i];
    if (star) {
        LsList *mid = ls_list_new(vm, n - total);
        if (!mid) return ls_vm_oom(vm), -1;
        for (uint32_t i = before; i < n - after; i++) mid->items[mid->n++] = items[i];
        dst_top[k++] = LS_OBJ(mid);
    }
    for (uint32_t i = 0; i < before; i++) dst_top[k++] = items[before - 1 - i];
    (void)nout;
    return 0;
}

static int make_function(LsVm *vm, uint32_t flags, LsValue *sp, LsDict *globals, LsValue *out, uint32_t *npop) {
    int k = 1;
    LsCodeObj *code = AS_CODEOBJ(sp[-1]);
    LsTuple *closure = NULL, *defaults = NULL;
    LsDict *kwdefaults = NULL;
    if (flags & LS_MKFN_CLOSURE) closure = AS_TUPLE(sp[-1 - k++]);
    if (flags & LS_MKFN_KWDEFAULTS) kwdefaults = AS_DICT(sp[-1 - k++]);
    if (flags & LS_MKFN_DEFAULTS) defaults = AS_TUPLE(sp[-1 - k++]);
    *npop = (uint32_t)k;
    LsFunction *fn = (LsFunction *)ls_obj_alloc(vm, LS_OBJ_FUNCTION, sizeof(LsFunction));
    if (!fn) return ls_vm_oom(vm), -1;
    fn->code = code;
    fn->globals = globals;
    fn->closure = closure;
    fn->defaults = defaults;
    fn->kwdefaults = kwdefaults;
    fn->name = code->name;
    fn->qualname = code->qualname;
    *out = LS_OBJ(fn);
    return 0;
}

static bool exc_matches(LsVm *vm, LsValue exc, LsValue type, int *err) {
    *err = 0;
    if (LS_IS_KIND(type, TUPLE)) {
        for (uint32_t i = 0; i < AS_TUPLE(type)->n; i++) {
            if (exc_matches(vm, exc, AS_TUPLE(type)->items[i], err)) return true;
            if (*err) return false;
        }
        return false;
    }
    if (!LS_IS_KIND(type, TYPE) || !(AS_TYPE(type)->tflags & LS_TYPE_EXCEPTION)) {
        ls_vm_raisef(vm, vm->types.e_TypeError, "catching classes that do not inherit from BaseException is not allowed");
        *err = 1;
        return false;
    }
    return ls_isinstance(vm, exc, AS_TYPE(type));
}

/* Turn the operand of `raise` into an exception instance. */
static int to_exception(LsVm *vm, LsValue v, LsValue *out) {
    if (LS_IS_KIND(v, EXC)) { *out = v; return 0; }
    if (LS_IS_KIND(v, TYPE) && (AS_TYPE(v)->tflags & LS_TYPE_USER) && (AS_TYPE(v)->tflags & LS_TYPE_EXCEPTION)) {
        /* `raise MyError`: the class is called with no arguments (its
         * __init__ runs). */
        if (ls_vm_call_nested(vm, v, 0, NULL, out) < 0) return -1;
        if (LS_IS_KIND(*out, EXC)) return 0;
        ls_vm_raisef(vm, vm->types.e_TypeError, "calling %s should have returned an instance of BaseException, not %s",
                     ls_repr_value(vm, v).tag == LS_T_OBJ ? AS_STR(ls_repr_value(vm, v))->data : "?", ls_type_name(vm, *out));
        return -1;
    }
    if (LS_IS_KIND(v, TYPE) && (AS_TYPE(v)->tflags & LS_TYPE_EXCEPTION)) {
        *out = ls_vm_new_exc_args(vm, AS_TYPE(v), NULL);
        if (LS_IS_NONE(*out)) return ls_vm_oom(vm), -1;
        AS_EXC(*out)->args = ls_tuple_new(vm, 0);
        return 0;
    }
    ls_vm_raisef(vm, vm->types.e_TypeError, "exceptions must derive from BaseException");
    return -1;
}

/* Result of delivering something to a coroutine being switched to. */
static LsResult run(LsVm *vm, LsCoro *co, LsValue pending_exc, bool exc_adds_tb, LsValue *io);
static LsResult agen_op_step(LsVm *vm, LsCoro *co, LsValue send, LsValue exc, LsValue *out);

/* The module resumes after asyncio.run (or another request to the
 * driver). CPython finalizes async generators left suspended (aclose(), at
 * shutdown_asyncgens or when collected), running their cleanup code;
 * loopscope has no reference counting to time that, so a suspended one
 * that would run cleanup (it sits in a try/with block) is refused here.
 * Returns the exception to throw into the module, or UNDEF. */
static LsValue abandoned_agens(LsVm *vm) {
    LsList *l = vm->agens;
    const LsCoro *bad = NULL;
    for (uint32_t i = 0; l && i < l->n && !bad; i++) {
        const LsCoro *ag = (const LsCoro *)l->items[i].u.o;
        if (ag->state != LS_CO_DONE && !ag->awaited && ag->nblocks > 0) bad = ag;
    }
    if (l) l->n = 0;
    if (!bad) return LS_UNDEF;
    ls_vm_raisef(vm, vm->types.e_NotImplementedError,
                 "async generator %s() was left suspended inside try/with: CPython would finalize it with aclose() "
                 "(at the end of asyncio.run or when it is garbage collected), loopscope does not; "
                 "exhaust it or `await agen.aclose()`", bad->qualname->data);
    return vm->exc;
}

LsResult ls_vm_resume(LsVm *vm, LsCoro *co, LsValue send, LsValue exc, LsValue *io) {
    if (co->state == LS_CO_RUNNING) {
        ls_vm_raisef(vm, vm->types.e_RuntimeError, "coroutine is already executing");
        *io = vm->exc;
        return LS_RES_RAISE;
    }
    if (co->state == LS_CO_DONE) {
        ls_vm_raisef(vm, vm->types.e_RuntimeError, "cannot reuse already awaited coroutine");
        *io = vm->exc;
        return LS_RES_RAISE;
    }
    if (co->ckind == LS_CO_ASYNC_GEN) {
        ls_vm_raisef(vm, vm->types.e_TypeError, "a coroutine was expected, got <async_generator object %s>", co->qualname->data);
        *io = vm->exc;
        return LS_RES_RAISE;
    }
    if (co->ckind == LS_CO_MODULE && co->state == LS_CO_SUSPENDED && LS_IS_UNDEF(exc)) exc = abandoned_agens(vm);
    co->resume_kind = LS_RK_DRIVER;
    co->caller = NULL;
    co->awaited = true;
    /* Find the innermost coroutine of the await chain. */
    LsCoro *in = co;
    while (LS_IS_KIND(in->awaiting, CORO)) in = (LsCoro *)in->awaiting.u.o;
    vm->current = in;
    *io = send;
    return run(vm, in, exc, false, io);
}


/* The coroutine that actually runs when `g` is resumed: `g` itself, or
 * the generator/coroutine it delegates to (yield from / await), transitively. */
static LsCoro *innermost(LsCoro *g) {
    while (LS_IS_KIND(g->awaiting, CORO)) g = (LsCoro *)g->awaiting.u.o;
    return g;
}

/* PEP 479: StopIteration escaping a generator or coroutine (and
 * StopAsyncIteration escaping an async generator) becomes a RuntimeError
 * whose __cause__ is the original. */
static LsValue pep479(LsVm *vm, const LsCoro *co, LsValue exc) {
    const char *what = co->ckind == LS_CO_GENERATOR ? "generator" : co->ckind == LS_CO_COROUTINE ? "coroutine"
                       : co->ckind == LS_CO_ASYNC_GEN ? "async generator" : NULL;
    if (!what || !LS_IS_KIND(exc, EXC)) return exc;
    const char *name = ls_isinstance(vm, exc, vm->types.e_StopIteration) ? "StopIteration"
                       : co->ckind == LS_CO_ASYNC_GEN && ls_isinstance(vm, exc, vm->types.e_StopAsyncIteration) ? "StopAsyncIteration"
                       : NULL;
    if (!name) return exc;
    char msg[64];
    snprintf(msg, sizeof msg, "%s raised %s", what, name);
    LsValue r = ls_vm_new_exc(vm, vm->types.e_RuntimeError, msg);
    if (LS_IS_NONE(r)) return exc;
    AS_EXC(r)->cause = exc;
    AS_EXC(r)->suppress_context = true;
    AS_EXC(r)->context = exc;
    return r;   /* raised where the generator was resumed: no frames of it */
}

/* Mark the whole await chain from `outer` down as suspended. */
static void suspend_chain(LsCoro *c) {
    for (; c; c = LS_IS_KIND(c->awaiting, CORO) ? (LsCoro *)c->awaiting.u.o : NULL) c->state = LS_CO_SUSPENDED;
}

static LsResult run(LsVm *vm, LsCoro *start, LsValue pending_exc, bool exc_adds_tb, LsValue *io) {
    Run R = {.vm = vm, .co = start};
    uint32_t pc = 0;
    LsValue exc = LS_UNDEF, send = *io, value = LS_NONE, out;
    bool add = exc_adds_tb, raised = false;
    LsCoro *c;

    /* Mark the chain running. */
    for (LsCoro *x = start; x; x = x->caller) x->state = LS_CO_RUNNING;

enter:
    /* Deliver `send` or `pending_exc` to R.co, which is being (re)entered. */
    c = R.co;
    c->state = LS_CO_RUNNING;
    vm->current = c;
    if (c->ckind == LS_CO_NATIVE) {
        LsResult r = c->native(vm, c, send, pending_exc, &out);
        pending_exc = LS_UNDEF;
        if (r == LS_RES_RETURN) { value = out; goto coro_return; }
        if (r == LS_RES_YIELD) { value = out; c->state = LS_CO_SUSPENDED; goto yield_up; }
        exc = out;
        goto coro_raise;
    }
    LOAD();
    if (pc == 0 && R.co->nframes == 1 && !LS_IS_UNDEF(pending_exc) && R.co->ckind != LS_CO_MODULE) {
        /* Thrown into a coroutine that never started: nothing of it runs,
         * but CPython's traceback still shows its frame at the `def` line. */
        exc = pending_exc;
        pending_exc = LS_UNDEF;
        if (LS_IS_KIND(exc, EXC)) {
            LsFrame at_def = *R.f;
            at_def.pc = LS_TB_AT_DEF + 1;
            add_tb(vm, exc, &at_def);
        }
        R.co->nframes = 0;
        goto coro_raise;
    }
    if (pc == 0) goto dispatch;
    if (!LS_IS_UNDEF(R.co->awaiting)) {
        /* Resumed after awaiting a future: the future is on the stack. */
        LsValue fut = POP();
        R.co->awaiting = LS_UNDEF;
        if (!LS_IS_UNDEF(pending_exc)) {
            exc = pending_exc;
            pending_exc = LS_UNDEF;
            add = true;
            goto handle_exc;
        }
        LsType *t = ls_type_of(vm, fut);
        int r = t->await_step ? t->await_step(vm, fut.u.o, &out) : LS_AW_RAISE;
        if (r == LS_AW_DONE) { PUSH(out); goto dispatch; }
        if (r == LS_AW_YIELD) ls_vm_raisef(vm, vm->types.e_RuntimeError, "await wasn't used with future");
        exc = vm->exc;
        goto raise_new;
    }
    if (R.co->ckind == LS_CO_GENERATOR && R.co->nstate == 1) {
        /* Suspended in a YIELD_FROM over a plain iterator: run it again
         * (the value sent in is dropped, as iterators have no send()). */
        R.co->nstate = 0;
        if (LS_IS_UNDEF(pending_exc)) {
            if (LS_IS_NONE(send)) goto dispatch;
            ls_vm_raisef(vm, vm->types.e_AttributeError, "'%s' object has no attribute 'send'", ls_type_name(vm, TOP()));
            goto error;
        }
    }
    if (!LS_IS_UNDEF(pending_exc)) {
        exc = pending_exc;
        pending_exc = LS_UNDEF;
        add = true;
        goto handle_exc;
    }
    PUSH(send);

dispatch:
    for (;;) {
        uint32_t insn = R.ins[pc++];
        uint32_t arg = LS_INS_ARG(insn);
        switch (LS_INS_OP(insn)) {
        case LS_OP_NOP:
        case LS_OP_GEN_START:
            break;
        case LS_OP_POP_TOP: {
            LsValue v = *--R.sp;
            /* `coro()` as a statement: CPython frees the coroutine right here
             * and warns that it was never awaited. Only a coroutine the call
             * just before created is surely unreferenced elsewhere. */
            if (v.tag == LS_T_OBJ && v.u.o->kind == LS_OBJ_CORO && pc >= 2) {
                uint32_t prev = LS_INS_OP(R.ins[pc - 2]);
                if (prev == LS_OP_CALL || prev == LS_OP_CALL_KW || prev == LS_OP_CALL_EX) {
                    SAVE();
                    warn_never_awaited(vm, (LsCoro *)v.u.o, R.f, pc - 1);
                }
            }
            break;
        }
        case LS_OP_DUP_TOP: { LsValue v = TOP(); PUSH(v); break; }
        case LS_OP_DUP_TOP_TWO: { LsValue a = PEEK(2), b = PEEK(1); PUSH(a); PUSH(b); break; }
        case LS_OP_ROT_TWO: { LsValue t = PEEK(1); PEEK(1) = PEEK(2); PEEK(2) = t; break; }
        case LS_OP_ROT_THREE: {
            LsValue t = PEEK(1);
            PEEK(1) = PEEK(2); PEEK(2) = PEEK(3); PEEK(3) = t;
            break;
        }
        case LS_OP_ROT_FOUR: {
            LsValue t = PEEK(1);
            PEEK(1) = PEEK(2); PEEK(2) = PEEK(3); PEEK(3) = PEEK(4); PEEK(4) = t;
            break;
        }
        case LS_OP_LOAD_CONST: PUSH(R.consts[arg]); break;
        case LS_OP_LOAD_NONE: PUSH(LS_NONE); break;
        case LS_OP_LOAD_TRUE: PUSH(LS_BOOL(true)); break;
        case LS_OP_LOAD_FALSE: PUSH(LS_BOOL(false)); break;
        case LS_OP_LOAD_FAST: {
            LsValue v = R.locals[arg];
            if (LS_IS_UNDEF(v)) {
                ls_vm_raisef(vm, vm->types.e_UnboundLocalError,
                             "cannot access local variable '%s' where it is not associated with a value",
                             R.f->code->code->varnames[arg]);
                goto error;
            }
            PUSH(v);
            break;
        }
        case LS_OP_STORE_FAST: R.locals[arg] = POP(); break;
        case LS_OP_DELETE_FAST:
            if (LS_IS_UNDEF(R.locals[arg])) {
                ls_vm_raisef(vm, vm->types.e_UnboundLocalError,
                             "cannot access local variable '%s' where it is not associated with a value",
                             R.f->code->code->varnames[arg]);
                goto error;
            }
            R.locals[arg] = LS_UNDEF;
            break;
        case LS_OP_LOAD_DEREF: {
            LsValue cell = R.locals[R.f->code->code->n_locals + arg];
            LsValue v = LS_IS_KIND(cell, CELL) ? AS_CELL(cell)->value : LS_UNDEF;
            if (LS_IS_UNDEF(v)) {
                LsCode *cc = R.f->code->code;
                const char *nm = arg < cc->n_cells ? cc->cellvars[arg] : cc->freevars[arg - cc->n_cells];
                if (arg < cc->n_cells)
                    ls_vm_raisef(vm, vm->types.e_UnboundLocalError,
                                 "cannot access local variable '%s' where it is not associated with a value", nm);
                else
                    ls_vm_raisef(vm, vm->types.e_NameError,
                                 "cannot access free variable '%s' where it is not associated with a value in enclosing scope", nm);
                goto error;
            }
            PUSH(v);
            break;
        }
        case LS_OP_STORE_DEREF: AS_CELL(R.locals[R.f->code->code->n_locals + arg])->value = POP(); break;
        case LS_OP_DELETE_DEREF: AS_CELL(R.locals[R.f->code->code->n_locals + arg])->value = LS_UNDEF; break;
        case LS_OP_LOAD_CLOSURE: PUSH(R.locals[R.f->code->code->n_locals + arg]); break;
        case LS_OP_LOAD_GLOBAL: {
            LsStr *name = R.names[arg];
            int r = ls_dict_get(vm, R.f->fn->globals, LS_OBJ(name), &out);
            if (r == 0) r = ls_dict_get(vm, vm->builtins, LS_OBJ(name), &out);
            if (r < 0) goto error;
            if (r == 0) {
                ls_vm_raisef(vm, vm->types.e_NameError, "name '%s' is not defined", name->data);
                goto error;
            }
            PUSH(out);
            break;
        }
        case LS_OP_STORE_GLOBAL:
            if (ls_dict_set(vm, R.f->fn->globals, LS_OBJ(R.names[arg]), PEEK(1)) < 0) goto error;
            R.sp--;
            break;
        case LS_OP_DELETE_GLOBAL: {
            int r = ls_dict_del(vm, R.f->fn->globals, LS_OBJ(R.names[arg]));
            if (r < 0) goto error;
            if (r == 0) {
                ls_vm_raisef(vm, vm->types.e_NameError, "name '%s' is not defined", R.names[arg]->data);
                goto error;
            }
            break;
        }
        case LS_OP_LOAD_NAME: {
            LsStr *name = R.names[arg];
            int r = R.f->ns ? ls_dict_get(vm, R.f->ns, LS_OBJ(name), &out) : 0;
            if (r == 0) r = ls_dict_get(vm, R.f->fn->globals, LS_OBJ(name), &out);
            if (r == 0) r = ls_dict_get(vm, vm->builtins, LS_OBJ(name), &out);
            if (r < 0) goto error;
            if (r == 0) {
                ls_vm_raisef(vm, vm->types.e_NameError, "name '%s' is not defined", name->data);
                goto error;
            }
            PUSH(out);
            break;
        }
        case LS_OP_STORE_NAME:
            if (ls_dict_set(vm, R.f->ns ? R.f->ns : R.f->fn->globals, LS_OBJ(R.names[arg]), PEEK(1)) < 0) goto error;
            R.sp--;
            break;
        case LS_OP_DELETE_NAME: {
            int r = ls_dict_del(vm, R.f->ns ? R.f->ns : R.f->fn->globals, LS_OBJ(R.names[arg]));
            if (r < 0) goto error;
            if (r == 0) {
                ls_vm_raisef(vm, vm->types.e_NameError, "name '%s' is not defined", R.names[arg]->data);
                goto error;
            }
            break;
        }
        case LS_OP_LOAD_LOCALS:
            PUSH(R.f->ns ? LS_OBJ(R.f->ns) : LS_OBJ(R.f->fn->globals));
            break;
        case LS_OP_BUILD_CLASS:
            if (ls_class_build(vm, PEEK(3), PEEK(2), PEEK(1), &out) < 0) goto error;
            R.sp -= 2;
            TOP() = out;
            break;
        case LS_OP_BEFORE_WITH: {
            LsValue mgr = TOP(), ex, en;
            const char *names[2][2] = {{"__enter__", "__exit__"}, {"__aenter__", "__aexit__"}};
            int r1 = ls_class_special(vm, mgr, names[arg][0], &en);
            int r2 = r1 == 0 ? ls_class_special(vm, mgr, names[arg][1], &ex) : 1;
            if (r1 < 0 || r2 < 0) goto error;
            if (r1 || r2) {
                ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' object does not support the %scontext manager protocol",
                             ls_type_name(vm, mgr), arg ? "asynchronous " : "");
                goto error;
            }
            TOP() = ex;
            PUSH(en);
            break;
        }
        case LS_OP_LOAD_SPECIAL: {
            LsValue obj = TOP();
            int r = ls_class_special(vm, obj, arg ? "__anext__" : "__aiter__", &out);
            if (r < 0) goto error;
            if (r == 1) {
                ls_vm_raisef(vm, vm->types.e_TypeError, arg ? "'async for' received an object from __aiter__ that does not implement __anext__: %s"
                                                            : "'async for' requires an object with __aiter__ method, got %s",
                             ls_type_name(vm, obj));
                goto error;
            }
            TOP() = out;
            break;
        }
        case LS_OP_FOR_EXIT_CLOSE: {
            LsValue it = TOP();
            /* Only a generator this loop started: one made elsewhere and
             * handed out by the call may still be referenced. */
            if (is_gen(it) && ((LsCoro *)it.u.o)->state == LS_CO_SUSPENDED && LS_IS_BOOL(((LsCoro *)it.u.o)->nv[2])) {
                LsValue ge = ls_vm_new_exc(vm, vm->types.e_GeneratorExit, NULL), r;
                if (LS_IS_NONE(ge)) { ls_vm_oom(vm); goto error; }
                SAVE();
                int k = ls_vm_gen_resume_nested(vm, it, LS_NONE, ge, &r);
                if (k == 1) {
                    ls_vm_raisef(vm, vm->types.e_RuntimeError, "generator ignored GeneratorExit");
                    goto error;
                }
                if (k < 0 && !ls_isinstance(vm, vm->exc, vm->types.e_GeneratorExit)) goto error;
            }
            R.sp--;
            break;
        }
        case LS_OP_ASYNC_FOR_POP: {
            LsValue it = TOP();
            if (arg && LS_IS_KIND(it, CORO) && ((LsCoro *)it.u.o)->ckind == LS_CO_ASYNC_GEN && ((LsCoro *)it.u.o)->state != LS_CO_DONE) {
                ls_vm_raisef(vm, vm->types.e_NotImplementedError,
                             "leaving `async for` over an unfinished async generator is not supported by loopscope "
                             "(CPython finalizes it when it is garbage collected); exhaust it or `await agen.aclose()`");
                goto error;
            }
            R.sp--;
            break;
        }
        case LS_OP_END_ASYNC_FOR: {
            LsValue e = PEEK(1);
            if (!ls_isinstance(vm, e, vm->types.e_StopAsyncIteration)) {
                exc = POP();
                add = false;
                goto handle_exc;
            }
            R.sp--;
            R.co->nblocks--;
            R.co->exc_info = POP();
            R.sp--;   /* the async iterator */
            break;
        }
        case LS_OP_STAR_PREP: {
            LsList *l = ls_list_new(vm, 0);
            if (!l) { ls_vm_oom(vm); goto error; }
            LsValue e = TOP();
            PUSH(e);
            PUSH(LS_OBJ(l));
            break;
        }
        case LS_OP_STAR_MATCH: {
            /* [orig, rest, raised, T] -> jump, or [orig, rest', raised, saved_info, match] in a handler block */
            LsValue type = POP(), match, rest;
            if (ls_excgroup_star_match(vm, PEEK(2), type, &match, &rest) < 0) goto error;
            if (LS_IS_NONE(match)) { pc = arg; break; }
            PEEK(2) = rest;
            if (!push_block(vm, R.co, LS_BLOCK_EXCEPT_HANDLER, 0, (uint32_t)(R.sp - R.co->stack))) { ls_vm_oom(vm); goto error; }
            PUSH(R.co->exc_info);
            PUSH(match);
            R.co->exc_info = match;
            break;
        }
        case LS_OP_STAR_COLLECT:
            if (!ls_list_append(vm, AS_LIST(PEEK(arg)), PEEK(1))) { ls_vm_oom(vm); goto error; }
            R.sp--;
            break;
        case LS_OP_STAR_FINISH: {
            LsValue res;
            if (ls_excgroup_prep_reraise(vm, PEEK(3), AS_LIST(PEEK(1)), PEEK(2), &res) < 0) goto error;
            R.sp -= 3;
            if (!LS_IS_NONE(res)) {
                exc = res;
                add = false;
                goto handle_exc;
            }
            break;
        }
        case LS_OP_SETUP_WITH:
            if (!push_block(vm, R.co, LS_BLOCK_FINALLY, arg, (uint32_t)(R.sp - R.co->stack) - 1)) { ls_vm_oom(vm); goto error; }
            break;
        case LS_OP_WITH_EXC_ARGS: {
            /* loopscope has no traceback objects; __exit__ gets an opaque
             * stand-in so that `tb is None` is False as in CPython. */
            LsInstance *tb = ls_instance_new(vm, vm->types.t_traceback, NULL);
            if (!tb) { ls_vm_oom(vm); goto error; }
            LsValue e = PEEK(1), ex = PEEK(3);
            PUSH(ex);
            PUSH(LS_OBJ(ls_type_of(vm, e)));
            PUSH(e);
            PUSH(LS_OBJ(tb));
            break;
        }
        case LS_OP_LOAD_ATTR:
            if (ls_getattr(vm, TOP(), R.names[arg], &out) < 0) goto error;
            TOP() = out;
            break;
        case LS_OP_STORE_ATTR:
            if (ls_setattr(vm, PEEK(1), R.names[arg], PEEK(2)) < 0) goto error;
            R.sp -= 2;
            break;
        case LS_OP_DELETE_ATTR:
            if (ls_delattr(vm, TOP(), R.names[arg]) < 0) goto error;
            R.sp--;
            break;
        case LS_OP_BINARY_OP: {
            LsValue a = PEEK(2), b = PEEK(1);
            if (a.tag == LS_T_INT && b.tag == LS_T_INT) {
                int64_t r;
                uint32_t op = arg & 0xff;
                if (op == LS_BINOP_ADD && !__builtin_add_overflow(a.u.i, b.u.i, &r)) { R.sp--; TOP() = LS_INT(r); break; }
                if (op == LS_BINOP_SUB && !__builtin_sub_overflow(a.u.i, b.u.i, &r)) { R.sp--; TOP() = LS_INT(r); break; }
            }
            if (ls_binary_op(vm, arg, a, b, &out) < 0) goto error;
            R.sp--;
            TOP() = out;
            break;
        }
        case LS_OP_UNARY_NEG:
        case LS_OP_UNARY_POS:
        case LS_OP_UNARY_NOT:
        case LS_OP_UNARY_INVERT:
            if (ls_unary(vm, LS_INS_OP(insn), TOP(), &out) < 0) goto error;
            TOP() = out;
            break;
        case LS_OP_COMPARE_OP: {
            LsValue a = PEEK(2), b = PEEK(1);
            if (a.tag == LS_T_INT && b.tag == LS_T_INT && arg <= LS_CMP_GE) {
                bool r;
                switch (arg) {
                case LS_CMP_LT: r = a.u.i < b.u.i; break;
                case LS_CMP_LE: r = a.u.i <= b.u.i; break;
                case LS_CMP_EQ: r = a.u.i == b.u.i; break;
                case LS_CMP_NE: r = a.u.i != b.u.i; break;
                case LS_CMP_GT: r = a.u.i > b.u.i; break;
                default: r = a.u.i >= b.u.i; break;
                }
                R.sp--;
                TOP() = LS_BOOL(r);
                break;
            }
            if (ls_compare(vm, arg, a, b, &out) < 0) goto error;
            R.sp--;
            TOP() = out;
            break;
        }
        case LS_OP_BINARY_SUBSCR:
            if (ls_getitem(vm, PEEK(2), PEEK(1), &out) < 0) goto error;
            R.sp--;
            TOP() = out;
            break;
        case LS_OP_STORE_SUBSCR:
            if (ls_setitem(vm, PEEK(2), PEEK(1), PEEK(3)) < 0) goto error;
            R.sp -= 3;
            break;
        case LS_OP_DELETE_SUBSCR:
            if (ls_delitem(vm, PEEK(2), PEEK(1)) < 0) goto error;
            R.sp -= 2;
            break;
        case LS_OP_BUILD_SLICE: {
            LsSlice *s = (LsSlice *)ls_obj_alloc(vm, LS_OBJ_SLICE, sizeof(LsSlice));
            if (!s) { ls_vm_oom(vm); goto error; }
            s->step = arg == 3 ? POP() : LS_NONE;
            s->stop = POP();
            s->start = POP();
            PUSH(LS_OBJ(s));
            break;
        }
        case LS_OP_BUILD_TUPLE: {
            LsTuple *t = ls_tuple_new(vm, arg);
            if (!t) { ls_vm_oom(vm); goto error; }
            R.sp -= arg;
            LS_MEMCPY(t->items, R.sp, arg * sizeof(LsValue));
            PUSH(LS_OBJ(t));
            break;
        }
        case LS_OP_BUILD_LIST: {
            LsList *l = ls_list_new(vm, arg);
            if (!l) { ls_vm_oom(vm); goto error; }
            R.sp -= arg;
            if (arg) LS_MEMCPY(l->items, R.sp, arg * sizeof(LsValue));
            l->n = arg;
            PUSH(LS_OBJ(l));
            break;
        }
        case LS_OP_BUILD_SET:
        case LS_OP_BUILD_DICT: {
            bool set = LS_INS_OP(insn) == LS_OP_BUILD_SET;
            if (set && arg > 2 && pc >= arg + 1) {
                /* A display of constants only: CPython builds it through a
                 * frozenset constant, which affects the order. */
                int kind = ls_set_display_kind(R.ins, pc - 1, arg);
                if (kind) {
                    LsDict *d = ls_set_from_constants(vm, R.sp - arg, arg, kind);
                    if (!d) goto error;
                    R.sp -= arg;
                    PUSH(LS_OBJ(d));
                    break;
                }
            }
            LsDict *d = ls_dict_new(vm);
            if (!d) { ls_vm_oom(vm); goto error; }
            if (set) d->hdr.kind = LS_OBJ_SET;
            uint32_t n = set ? arg : arg * 2;
            LsValue *base = R.sp - n;
            for (uint32_t i = 0; i < n; i += set ? 1 : 2)
                if (ls_dict_set(vm, d, base[i], set ? LS_NONE : base[i + 1]) < 0) goto error;
            R.sp = base;
            PUSH(LS_OBJ(d));
            break;
        }
        case LS_OP_BUILD_STRING: {
            size_t total = 0;
            for (uint32_t i = 1; i <= arg; i++) total += AS_STR(PEEK(i))->len;
            LsStr *s = (LsStr *)ls_obj_alloc(vm, LS_OBJ_STR, sizeof(LsStr) + total + 1);
            if (!s) { ls_vm_oom(vm); goto error; }
            size_t off = 0;
            uint32_t nch = 0;
            for (uint32_t i = arg; i >= 1; i--) {
                LsStr *p = AS_STR(PEEK(i));
                LS_MEMCPY(s->data + off, p->data, p->len);
                off += p->len;
                nch += p->nchars;
            }
            s->len = (uint32_t)total;
            s->nchars = nch;
            s->data[total] = '\0';
            R.sp -= arg;
            PUSH(LS_OBJ(s));
            break;
        }
        case LS_OP_LIST_APPEND:
            if (!ls_list_append(vm, AS_LIST(PEEK(arg + 1)), PEEK(1))) { ls_vm_oom(vm); goto error; }
            R.sp--;
            break;
        case LS_OP_SET_ADD:
            if (ls_dict_set(vm, AS_DICT(PEEK(arg + 1)), PEEK(1), LS_NONE) < 0) goto error;
            R.sp--;
            break;
        case LS_OP_MAP_ADD:
            if (ls_dict_set(vm, AS_DICT(PEEK(arg + 2)), PEEK(2), PEEK(1)) < 0) goto error;
            R.sp -= 2;
            break;
        case LS_OP_LIST_EXTEND: {
            LsValue src = PEEK(1);
            LsList *l = AS_LIST(PEEK(arg + 1));
            if (is_gen(src)) {
                /* Drain the generator into the list inside the VM. */
                LsCoro *g = (LsCoro *)src.u.o;
                if (g->state == LS_CO_DONE) { R.sp--; break; }
                SAVE();
                g->caller = R.co;
                g->resume_kind = LS_RK_DRAIN;
                g->nv[0] = LS_OBJ(l);
                g->nv[1] = LS_NONE;
                R.co->awaiting = src;
                R.co = innermost(g);
                send = LS_NONE;
                goto enter;
            }
            LsValue it;
            if (ls_get_iter(vm, src, &it) < 0) goto error;
            int r;
            while ((r = ls_iter_next(vm, it, &out)) == 1)
                if (!ls_list_append(vm, l, out)) { ls_vm_oom(vm); goto error; }
            if (r < 0) goto error;
            R.sp--;
            break;
        }
        case LS_OP_DICT_UPDATE:
        case LS_OP_DICT_MERGE: {
            LsValue src = PEEK(1);
            LsDict *d = AS_DICT(PEEK(arg + 1));
            if (!LS_IS_KIND(src, DICT)) {
                ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' object is not a mapping", ls_type_name(vm, src));
                goto error;
            }
            LsDict *s = AS_DICT(src);
            for (uint32_t i = 0; i < s->n_entries; i++) {
                if (LS_IS_UNDEF(s->entries[i].key)) continue;
                if (LS_INS_OP(insn) == LS_OP_DICT_MERGE) {
                    LsValue tmp;
                    int r = ls_dict_get(vm, d, s->entries[i].key, &tmp);
                    if (r < 0) goto error;
                    if (r == 1) {
                        ls_vm_raisef(vm, vm->types.e_TypeError, "got multiple values for keyword argument '%s'",
                                     LS_IS_KIND(s->entries[i].key, STR) ? AS_STR(s->entries[i].key)->data : "?");
                        goto error;
                    }
                }
                if (ls_dict_set(vm, d, s->entries[i].key, s->entries[i].value) < 0) goto error;
            }
            R.sp--;
            break;
        }
        case LS_OP_LIST_TO_TUPLE: {
            LsList *l = AS_LIST(TOP());
            LsTuple *t = ls_tuple_new(vm, l->n);
            if (!t) { ls_vm_oom(vm); goto error; }
            if (l->n) LS_MEMCPY(t->items, l->items, l->n * sizeof(LsValue));
            TOP() = LS_OBJ(t);
            break;
        }
        case LS_OP_UNPACK_SEQUENCE:
        case LS_OP_UNPACK_EX: {
            LsValue seq = POP();
            bool star = LS_INS_OP(insn) == LS_OP_UNPACK_EX;
            uint32_t before = star ? (arg & 0xff) : arg, after = star ? arg >> 8 : 0;
            SAVE();
            if (!ensure_stack(vm, R.co, R.co->sp + before + after + 2)) { ls_vm_oom(vm); LOAD(); goto error; }
            LOAD();
            if (unpack(vm, seq, before, after, star, R.sp) < 0) goto error;
            R.sp += before + after + (star ? 1 : 0);
            break;
        }
        case LS_OP_FORMAT_VALUE: {
            LsValue spec = (arg & 4) ? POP() : LS_UNDEF;
            if (format_value(vm, TOP(), arg & 3, spec, &out) < 0) goto error;
            TOP() = out;
            break;
        }
        case LS_OP_JUMP:
            if (arg < pc && ls_vm_heap_in_use(vm) > vm->gc_next && vm->gc_enabled) {
                SAVE();
                ls_gc_collect(vm);
            }
            pc = arg;
            break;
        case LS_OP_POP_JUMP_IF_FALSE:
        case LS_OP_POP_JUMP_IF_TRUE: {
            LsValue v = POP();
            bool t;
            if (v.tag == LS_T_BOOL) t = v.u.b;
            else if (ls_truth(vm, v, &t) < 0) goto error;
            if (t == (LS_INS_OP(insn) == LS_OP_POP_JUMP_IF_TRUE)) pc = arg;
            break;
        }
        case LS_OP_JUMP_IF_FALSE_OR_POP:
        case LS_OP_JUMP_IF_TRUE_OR_POP: {
            bool t;
            if (ls_truth(vm, TOP(), &t) < 0) goto error;
            if (t == (LS_INS_OP(insn) == LS_OP_JUMP_IF_TRUE_OR_POP)) pc = arg;
            else R.sp--;
            break;
        }
        case LS_OP_GET_ITER:
            if (ls_get_iter(vm, TOP(), &out) < 0) goto error;
            TOP() = out;
            break;
        case LS_OP_FOR_ITER: {
            LsValue it = TOP();
            if (LS_IS_KIND(it, ITER)) {
                int r = ls_iter_next(vm, it, &out);
                if (r < 0) goto error;
                if (r == 1) PUSH(out);
                else { R.sp--; pc = arg; }
                break;
            }
            if (is_gen(it)) {
                LsCoro *g = (LsCoro *)it.u.o;
                if (g->state == LS_CO_DONE) { R.sp--; pc = arg; break; }
                if (g->state == LS_CO_RUNNING) {
                    ls_vm_raisef(vm, vm->types.e_ValueError, "generator already executing");
                    goto error;
                }
                if (g->state == LS_CO_CREATED) g->nv[2] = LS_BOOL(true);   /* started by a for loop (FOR_EXIT_CLOSE) */
                SAVE();
                g->caller = R.co;
                g->resume_kind = LS_RK_ITER;
                R.co->awaiting = it;
                R.co = innermost(g);
                for (LsCoro *x = R.co; x && x != g; x = x->caller) x->state = LS_CO_RUNNING;
                send = LS_NONE;
                goto enter;
            }
            if (ls_is_user_value(vm, it)) {
                int r = ls_iter_next(vm, it, &out);
                if (r < 0) goto error;
                if (r == 1) PUSH(out);
                else { R.sp--; pc = arg; }
                break;
            }
            ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' object is not an iterator", ls_type_name(vm, it));
            goto error;
        }
        case LS_OP_CALL:
        case LS_OP_CALL_KW:
        case LS_OP_CALL_EX: {
            if (ls_vm_heap_in_use(vm) > vm->gc_next && vm->gc_enabled) {
                SAVE();
                ls_gc_collect(vm);
            }
            uint32_t argc;
            LsKwargs kw, *kwp = NULL;
            LsStr *kwnames[64];
            LsValue kwnames_v = LS_UNDEF;
            if (LS_INS_OP(insn) == LS_OP_CALL) {
                argc = arg;
            } else if (LS_INS_OP(insn) == LS_OP_CALL_KW) {
                kwnames_v = POP();
                LsTuple *names = AS_TUPLE(kwnames_v);
                argc = arg - names->n;
                kw_from_tuple(&kw, names, R.sp - names->n, kwnames);
                kwp = &kw;
            } else {
                LsValue kwd = (arg & 1) ? POP() : LS_UNDEF;
                LsValue args = POP();
                LsTuple *t = AS_TUPLE(args);
                SAVE();
                if (!ensure_stack(vm, R.co, R.co->sp + t->n + 4)) { ls_vm_oom(vm); LOAD(); goto error; }
                LOAD();
                LS_MEMCPY(R.sp, t->items, t->n * sizeof(LsValue));
                R.sp += t->n;
                argc = t->n;
                if (!LS_IS_UNDEF(kwd)) {
                    LsDict *d = AS_DICT(kwd);
                    uint32_t n = 0;
                    LsValue *vals = R.sp;  /* keyword values go above the positionals */
                    SAVE();
                    if (!ensure_stack(vm, R.co, R.co->sp + d->n_used + 4)) { ls_vm_oom(vm); LOAD(); goto error; }
                    LOAD();
                    vals = R.sp;
                    for (uint32_t i = 0; i < d->n_entries && n < 64; i++) {
                        if (LS_IS_UNDEF(d->entries[i].key)) continue;
                        if (!LS_IS_KIND(d->entries[i].key, STR)) {
                            ls_vm_raisef(vm, vm->types.e_TypeError, "keywords must be strings");
                            goto error;
                        }
                        kwnames[n] = AS_STR(d->entries[i].key);
                        vals[n++] = d->entries[i].value;
                    }
                    R.sp += n;
                    kw = (LsKwargs){n, kwnames, vals};
                    kwp = &kw;
                }
            }
            uint32_t nkw = kwp ? kwp->n : 0;
            LsValue *basep = R.sp - nkw - argc - 1;
            uint32_t base = (uint32_t)(basep - R.co->stack);
            SAVE();
            int r = call_value(vm, R.co, *basep, base, argc, kwp, &out);
            switch (r) {
            case CALL_DONE:
                LOAD();
                R.sp = R.co->stack + base;
                PUSH(out);
                break;
            case CALL_FRAME:
                LOAD();
                break;
            case CALL_ERR:
                LOAD();
                goto error;
            case CALL_SUSPEND:
                /* The native asked the driver for something (asyncio.run):
                 * suspend the whole chain; the answer is pushed on resume. */
                LOAD();
                R.sp = R.co->stack + base;
                SAVE();
                value = out;
                goto request_up;
            case CALL_DRAIN: {
                LOAD();
                uint32_t k = vm->drain_arg;
                LsValue gen = R.co->stack[base + 1 + k];
                LsList *l = ls_list_new(vm, 0);
                if (!l) { ls_vm_oom(vm); goto error; }
                R.co->stack[base + 1 + k] = LS_OBJ(l);
                if (LS_INS_OP(insn) != LS_OP_CALL) {
                    if (LS_INS_OP(insn) == LS_OP_CALL_KW) PUSH(kwnames_v);
                    else {
                        ls_vm_raisef(vm, vm->types.e_NotImplementedError, "generator arguments with * are not supported by loopscope yet");
                        goto error;
                    }
                }
                pc--; /* call again once the generator is drained */
                PUSH(gen);
                LsCoro *g = (LsCoro *)gen.u.o;
                if (g->state == LS_CO_DONE) { R.sp--; break; }
                SAVE();
                g->caller = R.co;
                g->resume_kind = LS_RK_DRAIN;
                g->nv[0] = LS_OBJ(l);
                g->nv[1] = LS_INT(1);   /* drained for a call: errors belong to the call */
                R.co->awaiting = gen;
                R.co = innermost(g);
                send = LS_NONE;
                goto enter;
            }
            }
            break;
        }
        case LS_OP_MAKE_FUNCTION: {
            uint32_t npop;
            if (make_function(vm, arg, R.sp, R.f->fn->globals, &out, &npop) < 0) goto error;
            R.sp -= npop;
            PUSH(out);
            break;
        }
        case LS_OP_RETURN_VALUE: {
            value = POP();
            if (!LS_IS_UNDEF(R.f->init_self)) {
                if (!LS_IS_NONE(value)) {
                    ls_vm_raisef(vm, vm->types.e_TypeError, "__init__() should return None, not '%s'", ls_type_name(vm, value));
                    goto error;
                }
                value = R.f->init_self;
            }
            LsCoro *co = R.co;
            /* Discard the frame's blocks, restoring exc_info. */
            while (co->nblocks > R.f->block_base) {
                LsBlock b = co->blocks[--co->nblocks];
                if (b.type == LS_BLOCK_EXCEPT_HANDLER) co->exc_info = co->stack[b.level];
            }
            uint32_t base = R.f->base;
            LsValue cont = R.f->cont;
            co->nframes--;
            if (!LS_IS_UNDEF(cont)) {
                /* The Python call of a builtin (LS_NAT_CALL) returned:
                 * hand the value to the builtin's continuation. */
                co->sp = base;
                LsValue arg = value;
                int kr = AS_NATIVE(cont)->fn(vm, cont, 1, &arg, NULL, &value);
                int cr = kr == LS_NAT_OK ? CALL_DONE : kr == LS_NAT_CALL ? native_call(vm, co, base, &value) : CALL_ERR;
                if (cr == CALL_FRAME) { LOAD(); break; }
                if (cr != CALL_DONE) {
                    if (co->nframes == 0) { exc = vm->exc; co->sp = 0; goto coro_raise; }
                    LOAD();
                    goto error;
                }
            }
            if (co->nframes == 0) {
                co->sp = 0;
                goto coro_return;
            }
            co->sp = base;
            LOAD();
            PUSH(value);
            break;
        }
        case LS_OP_RAISE: {
            if (arg == 0) {
                if (LS_IS_NONE(R.co->exc_info)) {
                    ls_vm_raisef(vm, vm->types.e_RuntimeError, "No active exception to reraise");
                    goto error;
                }
                /* A bare re-raise keeps the traceback as it is (CPython adds
                 * no entry for the `raise` line). */
                exc = R.co->exc_info;
                add = false;
                goto handle_exc;
            }
            LsValue cause = arg == 2 ? POP() : LS_UNDEF;
            LsValue e;
            if (to_exception(vm, POP(), &e) < 0) goto error;
            if (arg == 2) {
                LsValue ce = LS_NONE;
                if (!LS_IS_NONE(cause) && to_exception(vm, cause, &ce) < 0) goto error;
                AS_EXC(e)->cause = ce;
                AS_EXC(e)->suppress_context = true;
            }
            exc = e;
            goto raise_new;
        }
        case LS_OP_SETUP_FINALLY:
            if (!push_block(vm, R.co, LS_BLOCK_FINALLY, arg, (uint32_t)(R.sp - R.co->stack))) { ls_vm_oom(vm); goto error; }
            break;
        case LS_OP_POP_BLOCK:
            R.co->nblocks--;
            break;
        case LS_OP_POP_EXCEPT: {
            R.co->nblocks--;
            LsValue handled = R.co->exc_info;
            R.co->exc_info = POP();
            if (LS_IS_KIND(handled, EXC) && LS_IS_KIND(AS_EXC(handled)->doomed, CORO)) {
                /* The handler is done with the exception, and with it the
                 * coroutine it kept alive: warn where the handler ended. */
                LsCoro *doomed = (LsCoro *)AS_EXC(handled)->doomed.u.o;
                AS_EXC(handled)->doomed = LS_UNDEF;
                /* CPython reports the handler body's last line: step back
                 * over the `as` name's clean-up, which has the except line. */
                const LsPos *pos = R.f->code->code->pos;
                uint32_t at = pc >= 2 ? pc - 2 : 0;
                while (at > 0 && pos[at - 1].line == pos[pc - 1].line) at--;
                if (at > 0) at--;
                SAVE();
                warn_never_awaited(vm, doomed, R.f, at);
            }
            break;
        }
        case LS_OP_RERAISE:
            exc = POP();
            add = false;
            goto handle_exc;
        case LS_OP_JUMP_IF_NOT_EXC_MATCH: {
            LsValue type = POP(), e = POP();
            int err;
            bool m = exc_matches(vm, e, type, &err);
            if (err) goto error;
            if (!m) pc = arg;
            break;
        }
        case LS_OP_GET_AWAITABLE: {
            LsValue v = TOP();
            if (LS_IS_KIND(v, CORO)) {
                LsCoro *sub = (LsCoro *)v.u.o;
                if (sub->ckind == LS_CO_GENERATOR || sub->ckind == LS_CO_ASYNC_GEN) {
                    ls_vm_raisef(vm, vm->types.e_TypeError, "object %s can't be used in 'await' expression",
                                 sub->ckind == LS_CO_GENERATOR ? "generator" : "async_generator");
                    goto error;
                }
                if (sub->state == LS_CO_DONE || sub->awaited) {
                    ls_vm_raisef(vm, vm->types.e_RuntimeError, "cannot reuse already awaited coroutine");
                    goto error;
                }
                break;
            }
            if (LS_IS_KIND(v, INSTANCE) && AS_INSTANCE(v)->type->await_step) break;
            LsValue aw = ls_class_user_method(vm, v, "__await__");
            if (!LS_IS_UNDEF(aw)) {
                /* A user awaitable: await delegates to the generator its
                 * __await__ returns (a bare yield reaches the task, like
                 * Future.__await__'s). */
                LsValue g;
                if (ls_bind_method(vm, v, aw, &g) < 0 || ls_vm_call_nested(vm, g, 0, NULL, &g) < 0) goto error;
                if (!is_gen(g)) {
                    if (LS_IS_KIND(g, CORO))
                        ls_vm_raisef(vm, vm->types.e_TypeError, "__await__() returned a coroutine");
                    else if (LS_IS_KIND(g, ITER) || ls_is_user_value(vm, g))
                        ls_vm_raisef(vm, vm->types.e_NotImplementedError,
                                     "loopscope supports __await__ only as a generator (it returned %s)", ls_type_name(vm, g));
                    else
                        ls_vm_raisef(vm, vm->types.e_TypeError, "__await__() returned non-iterator of type '%s'", ls_type_name(vm, g));
                    goto error;
                }
                TOP() = g;
                break;
            }
            ls_vm_raisef(vm, vm->types.e_TypeError, "object %s can't be used in 'await' expression", ls_type_name(vm, v));
            goto error;
        }
        case LS_OP_AWAIT: {
            LsValue aw = TOP();
            if (LS_IS_KIND(aw, CORO) && ((LsCoro *)aw.u.o)->native == agen_op_step) {
                /* anext()/asend()/athrow()/aclose() of an async generator:
                 * run the generator itself in this task. */
                LsCoro *op = (LsCoro *)aw.u.o, *ag = (LsCoro *)op->nv[0].u.o;
                int kind = op->nstate;
                LsValue v = op->nv[1];
                op->state = LS_CO_DONE;
                op->awaited = true;
                if (ag->nstate) {
                    ls_vm_raisef(vm, vm->types.e_RuntimeError, "%s(): asynchronous generator is already running",
                                 kind == LS_AGEN_SEND ? "anext" : kind == LS_AGEN_THROW ? "athrow" : "aclose");
                    goto error;
                }
                /* `awaited` marks an async generator closed: aclose() closes it
                 * as soon as it starts (CPython's ag_closed), even if the
                 * generator then ignores GeneratorExit. */
                if (ag->state == LS_CO_DONE || ag->awaited || (kind == LS_AGEN_CLOSE && ag->state == LS_CO_CREATED)) {
                    if (ag->state == LS_CO_CREATED) ag->state = LS_CO_DONE;
                    if (kind == LS_AGEN_CLOSE) { TOP() = LS_NONE; break; }
                    if (kind == LS_AGEN_THROW) { exc = v; goto raise_new; }
                    if (!LS_IS_UNDEF(op->nv[2])) { TOP() = op->nv[2]; break; }
                    LsValue e = ls_vm_new_exc(vm, vm->types.e_StopAsyncIteration, NULL);
                    if (LS_IS_NONE(e)) { ls_vm_oom(vm); goto error; }
                    exc = e;
                    goto raise_new;
                }
                if (ag->state == LS_CO_CREATED && kind == LS_AGEN_SEND && !LS_IS_NONE(v)) {
                    ls_vm_raisef(vm, vm->types.e_TypeError, "can't send non-None value to a just-started async generator");
                    goto error;
                }
                if (ag->state == LS_CO_CREATED && vm->agens && !ls_list_append(vm, vm->agens, LS_OBJ(ag))) {
                    ls_vm_oom(vm);
                    goto error;
                }
                SAVE();
                ag->nstate = 1;
                ag->awaited = kind == LS_AGEN_CLOSE;
                ag->nv[1] = LS_INT(kind);
                ag->nv[2] = op->nv[2];
                ag->caller = R.co;
                ag->resume_kind = LS_RK_ANEXT;
                R.co->awaiting = LS_OBJ(ag);
                R.co = ag;
                send = kind == LS_AGEN_SEND ? v : LS_NONE;
                if (kind != LS_AGEN_SEND) pending_exc = v;
                goto enter;
            }
            if (LS_IS_KIND(aw, CORO)) {
                LsCoro *sub = (LsCoro *)aw.u.o;
                /* issue 4: like CPython's recursion limit, count the frames
                 * of the whole await chain, not just this coroutine's. */
                uint32_t chain_frames = 0;
                for (const LsCoro *c = R.co; c; c = c->resume_kind == LS_RK_AWAIT ? c->caller : NULL)
                    chain_frames += c->nframes;
                if (chain_frames >= MAX_FRAMES) {
                    ls_vm_raisef(vm, vm->types.e_RecursionError, "maximum recursion depth exceeded");
                    goto error;
                }
                SAVE();
                sub->caller = R.co;
                sub->resume_kind = LS_RK_AWAIT;
                sub->awaited = true;
                R.co->awaiting = aw;
                R.co = sub;
                send = LS_NONE;
                goto enter;
            }
            LsType *t = ls_type_of(vm, aw);
            int r = t->await_step(vm, aw.u.o, &out);
            if (r == LS_AW_DONE) { TOP() = out; break; }
            if (r == LS_AW_RAISE) goto error;
            /* A pending future: suspend the whole task. */
            R.co->awaiting = aw;
            SAVE();
            value = out;
            R.co->state = LS_CO_SUSPENDED;
            goto yield_up;
        }
        case LS_OP_YIELD_VALUE:
            value = POP();
            SAVE();
            R.co->state = LS_CO_SUSPENDED;
            if (R.co->ckind == LS_CO_ASYNC_GEN) goto agen_yield;
            goto yield_up;
        case LS_OP_YIELD_FROM: {
            LsValue it = TOP();
            if (LS_IS_KIND(it, ITER) && AS_ITER(it)->kind == LS_IT_AWAIT) {
                /* yield from coro.__await__() / a future: exactly `await`. */
                LsValue aw = AS_ITER(it)->src;
                TOP() = aw;
                if (LS_IS_KIND(aw, CORO)) {
                    LsCoro *sub = (LsCoro *)aw.u.o;
                    if (sub->state == LS_CO_DONE) {
                        ls_vm_raisef(vm, vm->types.e_RuntimeError, "cannot reuse already awaited coroutine");
                        goto error;
                    }
                    SAVE();
                    sub->caller = R.co;
                    sub->resume_kind = LS_RK_AWAIT;
                    sub->awaited = true;
                    R.co->awaiting = aw;
                    R.co = innermost(sub);
                    send = LS_NONE;
                    goto enter;
                }
                LsType *t = ls_type_of(vm, aw);
                int r = t->await_step(vm, aw.u.o, &out);
                if (r == LS_AW_DONE) { TOP() = out; break; }
                if (r == LS_AW_RAISE) goto error;
                R.co->awaiting = aw;
                SAVE();
                value = out;
                R.co->state = LS_CO_SUSPENDED;
                goto yield_up;
            }
            if (LS_IS_KIND(it, CORO) && ((LsCoro *)it.u.o)->ckind != LS_CO_NATIVE) {
                /* Delegate: the sub-generator's yields pass through to our
                 * driver, its return value replaces it on our stack. */
                LsCoro *sub = (LsCoro *)it.u.o;
                if (sub->state == LS_CO_DONE) { TOP() = LS_NONE; break; }
                if (sub->state == LS_CO_RUNNING) {
                    ls_vm_raisef(vm, vm->types.e_ValueError, "generator already executing");
                    goto error;
                }
                SAVE();
                sub->caller = R.co;
                sub->resume_kind = LS_RK_AWAIT;
                R.co->awaiting = it;
                R.co = innermost(sub);
                send = LS_NONE;
                goto enter;
            }
            int r = ls_iter_next(vm, it, &out);
            if (r < 0) goto error;
            if (r == 0) { TOP() = LS_NONE; break; }
            pc--;   /* resumed: this instruction runs again (nstate = 1) */
            R.co->nstate = 1;
            value = out;
            SAVE();
            R.co->state = LS_CO_SUSPENDED;
            goto yield_up;
        }
        case LS_OP_IMPORT_NAME: {
            int r = ls_dict_get(vm, vm->modules, LS_OBJ(R.names[arg]), &out);
            if (r <= 0) {
                if (r == 0) ls_vm_raisef(vm, vm->types.e_NotImplementedError, "No module named '%s'", R.names[arg]->data);
                goto error;
            }
            PUSH(out);
            break;
        }
        case LS_OP_IMPORT_FROM:
            if (ls_getattr(vm, TOP(), R.names[arg], &out) < 0) goto error;
            PUSH(out);
            break;
        case LS_OP_LINE:
            if (vm->host.line) {
                SAVE();
                vm->host.line(vm->host.ud, R.co, arg);
            }
            break;
        case LS_OP_LOAD_METHOD:
        case LS_OP__COUNT:
        default:
            ls_vm_raisef(vm, vm->types.e_NotImplementedError, "opcode %s is not supported", ls_opcode_names[LS_INS_OP(insn)]);
            goto error;
        }
    }

error:
    exc = vm->exc;
raise_new:
    set_context(vm, R.co, exc);
    add = true;
handle_exc:
    for (;;) {
        LsCoro *co = R.co;
        R.f->pc = pc;
        if (add) add_tb(vm, exc, R.f);
        add = true;
        while (co->nblocks > R.f->block_base) {
            LsBlock b = co->blocks[--co->nblocks];
            if (b.type == LS_BLOCK_EXCEPT_HANDLER) {
                co->exc_info = co->stack[b.level];
                R.sp = co->stack + b.level;
                continue;
            }
            R.sp = co->stack + b.level;
            push_block(vm, co, LS_BLOCK_EXCEPT_HANDLER, 0, b.level);
            PUSH(co->exc_info);
            PUSH(exc);
            co->exc_info = exc;
            pc = b.handler;
            goto dispatch;
        }
        uint32_t base = R.f->base;
        co->nframes--;
        if (co->nframes == 0) {
            co->sp = 0;
            goto coro_raise;
        }
        co->sp = base;
        LOAD();
    }

coro_return:
    raised = false;
    goto coro_finish;
coro_raise:
    raised = true;
    exc = pep479(vm, R.co, exc);
coro_finish:
    /* R.co finished: with `value`, or raising `exc`. Hand the outcome to
     * whoever resumed it. */
    c = R.co;
    c->state = LS_CO_DONE;
    c->awaiting = LS_UNDEF;
    {
        LsCoro *caller = c->caller;
        uint8_t kind = c->resume_kind;
        c->caller = NULL;
        if (kind == LS_RK_DRIVER || !caller) {
            vm->current = NULL;
            *io = raised ? exc : value;
            return raised ? LS_RES_RAISE : LS_RES_RETURN;
        }
        R.co = caller;
        LOAD();
        caller->awaiting = LS_UNDEF;
        vm->current = R.co;
        if (kind == LS_RK_ANEXT) {
            /* The async generator ended during an anext/asend/athrow/aclose. */
            int op = (int)c->nv[1].u.i;
            c->nstate = 0;
            bool closing_ok = op == LS_AGEN_CLOSE &&
                              (!raised || ls_isinstance(vm, exc, vm->types.e_GeneratorExit) ||
                               ls_isinstance(vm, exc, vm->types.e_StopAsyncIteration));
            if (closing_ok) { TOP() = LS_NONE; goto dispatch; }
            if (!raised && op == LS_AGEN_SEND && !LS_IS_UNDEF(c->nv[2])) { TOP() = c->nv[2]; goto dispatch; }
            R.sp--;
            if (!raised) {
                exc = ls_vm_new_exc(vm, vm->types.e_StopAsyncIteration, NULL);
                if (LS_IS_NONE(exc)) { ls_vm_oom(vm); goto error; }
            }
            add = true;
            goto handle_exc;
        }
        if (raised) {
            R.sp--;  /* the awaited coroutine / iterated generator */
            add = true;
            /* A generator drained for a native's argument: the call is
             * re-executed (pc points at it), and the error belongs to it. */
            if (kind == LS_RK_DRAIN && LS_IS_INT(c->nv[1])) pc++;
            goto handle_exc;
        }
        if (kind == LS_RK_AWAIT) {
            TOP() = value;
        } else if (kind == LS_RK_ITER) {
            R.sp--;
            pc = LS_INS_ARG(R.ins[pc - 1]);
        } else {
            R.sp--; /* drained generator */
        }
        goto dispatch;
    }

yield_up:
    /* R.co yielded `value`: find who receives it. */
    c = R.co;
    while ((c->resume_kind == LS_RK_AWAIT || c->resume_kind == LS_RK_ANEXT) && c->caller) c = c->caller;
    if (c->resume_kind == LS_RK_DRIVER || !c->caller) {
        suspend_chain(c);
        vm->current = NULL;
        *io = value;
        return LS_RES_YIELD;
    }
    if (c->resume_kind == LS_RK_ITER) {
        LsCoro *caller = c->caller;
        suspend_chain(c);
        R.co = caller;
        caller->awaiting = LS_UNDEF;  /* back in the FOR_ITER, no longer delegating */
        LOAD();
        PUSH(value);
        vm->current = R.co;
        goto dispatch;
    }
    /* LS_RK_DRAIN: collect and continue the generator at once. */
    if (!ls_list_append(vm, AS_LIST(c->nv[0]), value)) {
        ls_vm_oom(vm);
        R.co = c;
        LOAD();
        goto error;
    }
    R.co = innermost(c);
    send = LS_NONE;
    goto enter;

agen_yield:
    /* An async generator yielded `value`: that completes the awaited
     * anext()/asend()/athrow() in the caller (aclose() expects no yield). */
    c = R.co;
    c->nstate = 0;
    if (c->resume_kind != LS_RK_ANEXT || !c->caller) {
        ls_vm_raisef(vm, vm->types.e_RuntimeError, "async generator resumed outside of anext()");
        goto error;
    }
    {
        LsCoro *caller = c->caller;
        int op = (int)c->nv[1].u.i;
        c->caller = NULL;
        R.co = caller;
        LOAD();
        caller->awaiting = LS_UNDEF;
        vm->current = R.co;
        if (op == LS_AGEN_CLOSE) {
            ls_vm_raisef(vm, vm->types.e_RuntimeError, "async generator ignored GeneratorExit");
            goto error;
        }
        TOP() = value;
        goto dispatch;
    }

request_up:
    c = R.co;
    while ((c->resume_kind == LS_RK_AWAIT || c->resume_kind == LS_RK_ANEXT) && c->caller) c = c->caller;
    if (c->resume_kind != LS_RK_DRIVER && c->caller) {
        ls_vm_raisef(vm, vm->types.e_RuntimeError, "cannot run the event loop from inside a generator");
        goto error;
    }
    suspend_chain(c);
    vm->current = NULL;
    *io = value;
    return LS_RES_REQUEST;
}

LsResult ls_vm_call(LsVm *vm, LsValue callee, uint32_t argc, const LsValue *argv, LsValue *out) {
    LsCoro *co = coro_new(vm, LS_CO_MODULE);
    if (!co || !ensure_stack(vm, co, argc + 8)) {
        ls_vm_oom(vm);
        *out = vm->exc;
        return LS_RES_RAISE;
    }
    co->stack[0] = callee;
    if (argc) LS_MEMCPY(co->stack + 1, argv, argc * sizeof(LsValue));
    co->sp = argc + 1;
    co->resume_kind = LS_RK_DRIVER;
    co->state = LS_CO_RUNNING;
    co->awaited = true;
    LsCoro *saved = vm->current;
    vm->current = co;
    int r = call_value(vm, co, callee, 0, argc, NULL, out);
    LsResult res;
    if (r == CALL_DONE) res = LS_RES_RETURN;
    else if (r == CALL_FRAME) {
        LsValue io = LS_NONE;
        res = run(vm, co, LS_UNDEF, false, &io);
        *out = io;
        if (res == LS_RES_YIELD || res == LS_RES_REQUEST) {
            ls_vm_raisef(vm, vm->types.e_RuntimeError, "a callback cannot suspend or run the event loop");
            *out = vm->exc;
            res = LS_RES_RAISE;
        }
    } else {
        if (r != CALL_ERR) ls_vm_raisef(vm, vm->types.e_RuntimeError, "a callback cannot suspend or run the event loop");
        *out = vm->exc;
        res = LS_RES_RAISE;
    }
    vm->current = saved;
    return res;
}

/* The step function that marks an async generator operation (never run
 * as a native coroutine: AWAIT recognizes it). */
static LsResult agen_op_step(LsVm *vm, LsCoro *co, LsValue send, LsValue exc, LsValue *out) {
    (void)co, (void)send, (void)exc;
    ls_vm_raisef(vm, vm->types.e_RuntimeError, "async generator operation driven outside of await");
    *out = vm->exc;
    return LS_RES_RAISE;
}

LsCoro *ls_vm_agen_op(LsVm *vm, LsValue agen, int op, LsValue value) {
    static const char *const names[] = {"async_generator_asend", "async_generator_athrow", "async_generator_athrow"};
    LsCoro *co = ls_vm_native_coro(vm, agen_op_step, names[op]);
    if (!co) return NULL;
    co->nv[0] = agen;
    co->nv[1] = value;
    co->nv[2] = LS_UNDEF;   /* anext(agen, default): the default */
    co->nstate = op;
    return co;
}

/* ---- nested runs ------------------------------------------------------------------- */


typedef struct Nest {
    LsCoro *outer;
    bool gc;
} Nest;

static bool nest_enter(LsVm *vm, Nest *n) {
    if (vm->nest_depth >= LS_MAX_NEST) {
        ls_vm_raisef(vm, vm->types.e_RecursionError, "maximum recursion depth exceeded while calling a Python object");
        return false;
    }
    n->outer = vm->current;
    n->gc = vm->gc_enabled;
    vm->gc_enabled = false;
    vm->nest_depth++;
    return true;
}

static void nest_leave(LsVm *vm, const Nest *n) {
    vm->nest_depth--;
    vm->gc_enabled = n->gc;
    vm->current = n->outer;
}

int ls_vm_call_nested(LsVm *vm, LsValue callee, uint32_t argc, const LsValue *argv, LsValue *out) {
    Nest n;
    uint32_t level = vm->nest_depth;
    if (!nest_enter(vm, &n)) return -1;
    /* Reuse this level's coroutine: a sort calling __lt__ a million times
     * must not allocate a million coroutines while the collector waits. */
    LsCoro *co = vm->nest_cache[level];
    if (!co) vm->nest_cache[level] = co = coro_new(vm, LS_CO_MODULE);
    int res = -1;
    if (co) {
        co->sp = co->nframes = co->nblocks = 0;
        co->caller = NULL;
        co->awaiting = LS_UNDEF;
        co->exc_info = LS_NONE;
        co->task_id = -1;
    }
    if (!co || !ensure_stack(vm, co, argc + 8)) {
        ls_vm_oom(vm);
        goto done;
    }
    co->stack[0] = callee;
    LS_MEMCPY(co->stack + 1, argv, argc * sizeof(LsValue));
    co->sp = argc + 1;
    co->resume_kind = LS_RK_DRIVER;
    co->state = LS_CO_RUNNING;
    co->awaited = true;
    if (n.outer) {
        co->exc_info = n.outer->exc_info;   /* exceptions raised inside chain to the one being handled */
        co->task_id = n.outer->task_id;
    }
    vm->current = co;
    int r = call_value(vm, co, callee, 0, argc, NULL, out);
    if (r == CALL_DONE) {
        res = 0;
    } else if (r == CALL_FRAME) {
        LsValue io = LS_NONE;
        LsResult rr = run(vm, co, LS_UNDEF, false, &io);
        if (rr == LS_RES_RETURN) {
            *out = io;
            res = 0;
        } else if (rr == LS_RES_RAISE) {
            vm->exc = io;
        } else {
            ls_vm_raisef(vm, vm->types.e_RuntimeError, "cannot suspend or run the event loop inside %s",
                         "a special method called by loopscope's runtime");
        }
    } else if (r != CALL_ERR) {
        ls_vm_raisef(vm, vm->types.e_RuntimeError, "cannot suspend or run the event loop inside %s",
                     "a special method called by loopscope's runtime");
    }
done:
    nest_leave(vm, &n);
    return res;
}

int ls_vm_gen_next_nested(LsVm *vm, LsValue gen, LsValue *out) {
    return ls_vm_gen_resume_nested(vm, gen, LS_NONE, LS_UNDEF, out);
}

int ls_vm_gen_resume_nested(LsVm *vm, LsValue gen, LsValue send, LsValue exc, LsValue *out) {
    LsCoro *g = (LsCoro *)gen.u.o;
    if (g->state == LS_CO_DONE) {
        *out = LS_NONE;
        if (LS_IS_UNDEF(exc)) return 0;
        vm->exc = exc;
        return -1;
    }
    if (g->state == LS_CO_RUNNING)
        return ls_vm_raisef(vm, vm->types.e_ValueError, "generator already executing"), -1;
    Nest n;
    if (!nest_enter(vm, &n)) return -1;
    g->resume_kind = LS_RK_DRIVER;
    g->caller = NULL;
    LsCoro *in = innermost(g);
    vm->current = in;
    LsValue io = send;
    LsResult r = run(vm, in, exc, false, &io);
    nest_leave(vm, &n);
    switch (r) {
    case LS_RES_YIELD: *out = io; return 1;
    case LS_RES_RETURN: *out = io; return 0;
    case LS_RES_RAISE: vm->exc = io; return -1;
    default:
        return ls_vm_raisef(vm, vm->types.e_RuntimeError, "cannot run the event loop from inside a generator"), -1;
    }
}
