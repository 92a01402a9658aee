/* ls_rt_prelude — loads the Python half of asyncio (ls_rt_prelude.py, embedded
 * by the build) into the asyncio module. See the header comment of the .py
 * file for why these functions are written in Python. */
#include "ls_rt_int.h"
#include "ls_compiler.h"

#include <string.h>

extern const char ls_rt_prelude_src[];
extern const unsigned long ls_rt_prelude_src_len;

/* The path shown nowhere (prelude frames are hidden) but kept on its code. */
static const char prelude_path[] = "<loopscope asyncio>";

static void mark_internal(LsCode *c) {
    c->flags |= LS_CODE_INTERNAL;
    for (uint32_t i = 0; i < c->n_consts; i++)
        if (c->consts[i].kind == LS_CONST_CODE) mark_internal(c->consts[i].as.code);
}

/* Names the prelude's functions use that the asyncio module has natively. */
static const char *const imported[] = {"get_running_loop", "ensure_future", "isfuture", "iscoroutine",
                                       "current_task", "Queue", "Condition", "CancelledError"};
/* What the prelude gives the asyncio module. */
static const char *const exported[] = {"wait_for", "wait", "as_completed", "shield", "FIRST_COMPLETED",
                                       "FIRST_EXCEPTION", "ALL_COMPLETED", "Barrier", "BrokenBarrierError",
                                       "Timeout", "timeout", "timeout_at", "TaskGroup"};

bool rt_prelude_setup(LsRt *rt, LsModule *aio, LsNativeFn get_event_loop) {
    LsVm *vm = &rt->vm;
    LsDiag diag;
    static const LsCompileOptions opt = {0};
    if (!ls_compile(prelude_path, ls_rt_prelude_src, ls_rt_prelude_src_len, &opt, &rt->prelude, &diag)) {
        /* A bug in the shipped prelude: say so loudly rather than run
         * without wait_for & co. */
        fprintf(stderr, "loopscope: internal error: the asyncio prelude does not compile (line %u): %s\n",
                diag.span.line, diag.message);
        return false;
    }
    mark_internal(rt->prelude->module);
    /* ls_vm_load records the program whose source tracebacks quote; the
     * prelude must not replace the user's. */
    const char *path = vm->path, *source = vm->source;
    size_t source_len = vm->source_len;
    LsCoro *co = ls_vm_load(vm, rt->prelude);
    vm->path = path;
    vm->source = source;
    vm->source_len = source_len;
    if (!co) return false;
    LsDict *globals = co->fn->globals;
    for (size_t i = 0; i < sizeof imported / sizeof imported[0]; i++) {
        LsValue v = ls_dict_get_str(aio->dict, imported[i]);
        if (LS_IS_UNDEF(v) || !ls_dict_set_str(vm, globals, imported[i], v)) return false;
    }
    LsValue functools = ls_dict_get_str(vm->modules, "functools");
    LsValue partial = LS_IS_KIND(functools, MODULE) ? ls_dict_get_str(AS_MODULE(functools)->dict, "partial") : LS_UNDEF;
    if (LS_IS_UNDEF(partial) || !ls_dict_set_str(vm, globals, "partial", partial)) return false;
    LsNative *gel = ls_native_new(vm, "_get_event_loop", get_event_loop);
    if (!gel || !ls_dict_set_str(vm, globals, "_get_event_loop", LS_OBJ(gel))) return false;
    ls_vm_push_root(vm, LS_OBJ(co));
    LsValue io;
    LsResult r = ls_vm_resume(vm, co, LS_NONE, LS_UNDEF, &io);
    ls_vm_pop_roots(vm, 1);
    if (r != LS_RES_RETURN) return false;
    for (size_t i = 0; i < sizeof exported / sizeof exported[0]; i++) {
        LsValue v = ls_dict_get_str(globals, exported[i]);
        if (LS_IS_UNDEF(v) || !ls_dict_set_str(vm, aio->dict, exported[i], v)) return false;
    }
    /* Condition.wait_for calls the user's predicate, so it is Python too. */
    LsValue cond = ls_dict_get_str(aio->dict, "Condition");
    LsValue wait_for = ls_dict_get_str(globals, "_condition_wait_for");
    return LS_IS_KIND(cond, TYPE) && !LS_IS_UNDEF(wait_for) &&
           ls_dict_set_str(vm, AS_TYPE(cond)->methods, "wait_for", wait_for);
}
