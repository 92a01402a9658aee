/* ls_rt_repr — repr() of futures and tasks exactly as asyncio 3.11 builds it
 * (base_futures._future_repr_info, base_tasks._task_repr_info,
 * coroutines._format_coroutine and reprlib's limits for results). These
 * strings reach users through print(task) and through the "Task was
 * destroyed but it is pending!" and "... exception was never retrieved"
 * logs, so every piece without an address in it is reproduced. */
#include "ls_rt_int.h"

#include <string.h>

/* ---- reprlib.repr (maxlevel 6, maxstring 30, maxother 30, maxlist/tuple 6, maxdict 4) ---- */

static void cut_middle(LsBuf *out, const char *s, size_t n, size_t max) {
    /* reprlib cuts by characters; ASCII is the case that matters here. */
    if (n <= max) { ls_buf_append(out, s, n); return; }
    size_t i = (max - 3) / 2, j = max - 3 - i;
    ls_buf_append(out, s, i);
    ls_buf_puts(out, "...");
    ls_buf_append(out, s + n - j, j);
}

static int reprlib(LsVm *vm, LsValue v, int level, LsBuf *out);

static int repr_items(LsVm *vm, const LsValue *items, uint32_t n, int level, const char *l, const char *r,
                      uint32_t max, bool tuple, LsBuf *out) {
    if (n == 0) { ls_buf_puts(out, l); ls_buf_puts(out, r); return 0; }
    if (level <= 0) { ls_buf_printf(out, "%s...%s", l, r); return 0; }
    ls_buf_puts(out, l);
    for (uint32_t i = 0; i < n && i < max; i++) {
        if (i) ls_buf_puts(out, ", ");
        if (reprlib(vm, items[i], level - 1, out) < 0) return -1;
    }
    if (n > max) ls_buf_puts(out, ", ...");
    if (tuple && n == 1) ls_buf_putc(out, ',');
    ls_buf_puts(out, r);
    return 0;
}

static int reprlib(LsVm *vm, LsValue v, int level, LsBuf *out) {
    if (LS_IS_KIND(v, LIST)) return repr_items(vm, AS_LIST(v)->items, AS_LIST(v)->n, level, "[", "]", 6, false, out);
    if (LS_IS_KIND(v, TUPLE)) return repr_items(vm, AS_TUPLE(v)->items, AS_TUPLE(v)->n, level, "(", ")", 6, true, out);
    LsBuf r;
    ls_buf_init(&r);
    int st = ls_repr(vm, v, &r);
    if (st == 0) {
        if (LS_IS_INT(v) || LS_IS_BOOL(v) || LS_IS_NONE(v) || LS_IS_FLOAT(v)) {
            if (LS_IS_INT(v) && r.len > 40) cut_middle(out, r.data, r.len, 40);
            else ls_buf_append(out, r.data, r.len);
        } else {
            cut_middle(out, r.data ? r.data : "", r.len, 30);
        }
    }
    ls_buf_fini(&r);
    return st;
}

/* ---- callbacks: format_helpers._format_callback_source ---- */

static void callback_source(LsRt *rt, LsValue cb, LsBuf *out) {
    if (is_task(cb)) { ls_buf_puts(out, "Task.task_wakeup()"); return; }
    RtCb *c = LS_IS_KIND(cb, INSTANCE) && AS_INSTANCE(cb)->type == rt->t_cb ? AS_INSTANCE(cb)->payload : NULL;
    if (c) {
        if (c->kind == CB_RUC) ls_buf_puts(out, "_run_until_complete_cb()");
        else if (c->kind == CB_GATHER) ls_buf_puts(out, "gather.<locals>._done_callback()");
        else callback_source(rt, c->target, out);
        return;
    }
    if (LS_IS_KIND(cb, FUNCTION)) {
        LsFunction *fn = AS_FUNCTION(cb);
        ls_buf_printf(out, "%s() at %s:%u", fn->qualname->data, fn->code->path, fn->code->code->first_line);
    } else if (LS_IS_KIND(cb, BOUND) && LS_IS_KIND(AS_BOUND(cb)->fn, FUNCTION)) {
        LsFunction *fn = AS_FUNCTION(AS_BOUND(cb)->fn);
        ls_buf_printf(out, "%s() at %s:%u", fn->qualname->data, fn->code->path, fn->code->code->first_line);
    } else if (LS_IS_KIND(cb, NATIVE)) {
        LsNative *n = AS_NATIVE(cb);
        if (!LS_IS_UNDEF(n->self)) ls_buf_printf(out, "%s.%s()", ls_type_of(&rt->vm, n->self)->name->data, n->name);
        else ls_buf_printf(out, "%s()", n->name);
    } else {
        if (ls_repr(&rt->vm, cb, out) < 0) rt->vm.exc = LS_NONE;
        ls_buf_puts(out, "()");
    }
}

static void format_callbacks(LsRt *rt, LsList *cbs, LsBuf *out) {
    uint32_t n = cbs->n;
    ls_buf_puts(out, " cb=[");
    callback_source(rt, cbs->items[0], out);
    if (n == 2) {
        ls_buf_puts(out, ", ");
        callback_source(rt, cbs->items[1], out);
    } else if (n > 2) {
        ls_buf_printf(out, ", <%u more>, ", n - 2);
        callback_source(rt, cbs->items[n - 1], out);
    }
    ls_buf_putc(out, ']');
}

/* format_helpers._format_callback_source(func, args): the callable's
 * __qualname__, the arguments through reprlib, and " at FILE:LINE" for a
 * plain Python function (CPython finds no source for bound methods). */
void rt_callback_source(LsRt *rt, LsValue fn, const LsValue *args, uint32_t n, LsBuf *out) {
    LsVm *vm = &rt->vm;
    if (LS_IS_KIND(fn, FUNCTION)) {
        ls_buf_puts(out, AS_FUNCTION(fn)->qualname->data);
    } else if (LS_IS_KIND(fn, BOUND) && LS_IS_KIND(AS_BOUND(fn)->fn, FUNCTION)) {
        ls_buf_puts(out, AS_FUNCTION(AS_BOUND(fn)->fn)->qualname->data);
    } else if (LS_IS_KIND(fn, NATIVE)) {
        LsNative *nat = AS_NATIVE(fn);
        LsType *t = LS_IS_UNDEF(nat->self) ? NULL : ls_type_of(vm, nat->self);
        /* loop methods are defined on BaseEventLoop */
        if (t) ls_buf_printf(out, "%s.%s", t == rt->t_loop ? "BaseEventLoop" : t->name->data, nat->name);
        else ls_buf_puts(out, nat->name);
    } else if (ls_repr(vm, fn, out) < 0) {
        vm->exc = LS_NONE;
    }
    ls_buf_putc(out, '(');
    for (uint32_t i = 0; i < n; i++) {
        if (i) ls_buf_puts(out, ", ");
        if (reprlib(vm, args[i], 6, out) < 0) vm->exc = LS_NONE;
    }
    ls_buf_putc(out, ')');
    if (LS_IS_KIND(fn, FUNCTION))
        ls_buf_printf(out, " at %s:%u", AS_FUNCTION(fn)->code->path, AS_FUNCTION(fn)->code->code->first_line);
}

/* ---- coroutines._format_coroutine ---- */

static void format_coro(LsValue coro, LsBuf *out) {
    LsCoro *c = (LsCoro *)coro.u.o;
    const char *q = rt_coro_qualname(coro);
    const char *path = c->fn ? c->fn->code->path : NULL;
    if (!path) { ls_buf_printf(out, "%s() %s", q, c->state == LS_CO_DONE ? "done" : "running"); return; }
    if (c->state == LS_CO_DONE) {
        ls_buf_printf(out, "%s() done, defined at %s:%u", q, path, c->def_line);
        return;
    }
    uint32_t line = c->def_line;
    if (c->state != LS_CO_CREATED && c->nframes) {
        /* The coroutine's own frame (its await chain is not followed). */
        const LsFrame *fr = &c->frames[c->nframes - 1];
        line = fr->code->code->pos[fr->pc ? fr->pc - 1 : 0].line;
    }
    ls_buf_printf(out, "%s() running at %s:%u", q, path, line);
}

int rt_future_repr(LsRt *rt, LsValue fut, LsBuf *out) {
    RtFuture *f = FUT(fut);
    const char *st = f->state == FUT_PENDING ? "pending" : f->state == FUT_CANCELLED ? "cancelled" : "finished";
    if (f->is_task && f->state == FUT_PENDING && f->must_cancel) st = "cancelling";
    ls_buf_printf(out, "<%s %s", AS_INSTANCE(fut)->type->name->data, st);
    if (f->is_task) {
        ls_buf_puts(out, " name=");
        ls_num_str_repr(f->name->data, f->name->len, out);
        ls_buf_puts(out, " coro=<");
        format_coro(f->coro, out);
        ls_buf_putc(out, '>');
        if (is_future(f->fut_waiter)) {
            ls_buf_puts(out, " wait_for=");
            if (rt_future_repr(rt, f->fut_waiter, out) < 0) return -1;
        }
    }
    if (f->state == FUT_FINISHED) {
        if (!LS_IS_NONE(f->exc)) {
            ls_buf_puts(out, " exception=");
            if (ls_repr(&rt->vm, f->exc, out) < 0) return -1;
        } else {
            ls_buf_puts(out, " result=");
            if (reprlib(&rt->vm, f->result, 6, out) < 0) return -1;
        }
    }
    if (f->callbacks->n) format_callbacks(rt, f->callbacks, out);
    ls_buf_putc(out, '>');
    return 0;
}
