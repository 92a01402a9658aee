/* ls_rt — runtime: Future/Task/loop objects, the asyncio and time modules
 * and the program driver (see ls_rt.h).
 *
 * Design note. Python code never runs the event loop from inside the
 * interpreter: asyncio.run / run_until_complete / run_forever are natives
 * that return LS_NAT_SUSPEND with a request; the module coroutine is then
 * suspended and this driver runs the loop from C. A loop handle that must
 * run Python (a task step, a user callback) enters the VM afresh, so the C
 * stack never nests interpreters. Futures keep CPython's callback order:
 * each done-callback is scheduled with its own call_soon, in registration
 * order (semantics doc §4). */
#include "ls_rt_int.h"
#include "ls_rt_stdmods.h"
#include "ls_introspect.h"

#include <stdlib.h>
#include <string.h>

/* view recording (issue 4), defined in the delimited section below */
static void rec_handle(LsRt *rt, RtHandle *h);
static void rec_wait(LsRt *rt, LsValue task, LsTaskState st, LsValue awaited);
static void rec_safe_point(LsRt *rt);
static LsResult sleep_step(LsVm *vm, LsCoro *co, LsValue send, LsValue exc, LsValue *out);

/* ---- payload plumbing ------------------------------------------------------ */

static bool is_coro(LsValue v) {
    return LS_IS_KIND(v, CORO) && ((LsCoro *)v.u.o)->ckind != LS_CO_GENERATOR && ((LsCoro *)v.u.o)->ckind != LS_CO_MODULE;
}

static void mark_future(LsVm *vm, LsObj *o) {
    RtFuture *f = (RtFuture *)((LsInstance *)o)->payload;
    if (!f) return;
    ls_gc_mark_value(vm, f->result);
    ls_gc_mark_value(vm, f->exc);
    ls_gc_mark_value(vm, f->cancel_msg);
    ls_gc_mark_value(vm, f->saved_cancel);
    ls_gc_mark_obj(vm, (LsObj *)f->callbacks);
    ls_gc_mark_value(vm, f->loop);
    if (!f->is_task && !f->is_gather) return; /* a plain future has no more fields */
    ls_gc_mark_obj(vm, (LsObj *)f->children);
    if (!f->is_task) return;
    ls_gc_mark_value(vm, f->coro);
    ls_gc_mark_obj(vm, (LsObj *)f->name);
    ls_gc_mark_value(vm, f->fut_waiter);
    ls_gc_mark_value(vm, f->own.a);
    ls_gc_mark_value(vm, f->own.b);
}
static void free_payload_future(LsVm *vm, LsObj *o) {
    if (!ls_instance_inline((LsInstance *)o)) ls_mem_free(vm->mem, ((LsInstance *)o)->payload, sizeof(RtFuture));
}

static void mark_handle(LsVm *vm, LsObj *o) {
    RtHandle *h = HND(o);
    if (!h) return;
    ls_gc_mark_value(vm, h->a);
    ls_gc_mark_value(vm, h->b);
    ls_gc_mark_obj(vm, (LsObj *)h->args);
}
static void free_payload_handle(LsVm *vm, LsObj *o) { ls_mem_free(vm->mem, ((LsInstance *)o)->payload, sizeof(RtHandle)); }

static void mark_cb(LsVm *vm, LsObj *o) {
    RtCb *c = (RtCb *)((LsInstance *)o)->payload;
    if (c) ls_gc_mark_value(vm, c->target);
}
static void free_payload_cb(LsVm *vm, LsObj *o) { ls_mem_free(vm->mem, ((LsInstance *)o)->payload, sizeof(RtCb)); }

static void mark_handle_visit(void *ud, LsHandle *h) { ls_gc_mark_obj((LsVm *)ud, (LsObj *)h->owner); }
static void mark_loop(LsVm *vm, LsObj *o) {
    RtLoop *l = (RtLoop *)((LsInstance *)o)->payload;
    if (!l) return;
    ls_loop_foreach_ready(&l->loop, mark_handle_visit, vm);
    ls_loop_foreach_timer(&l->loop, mark_handle_visit, vm);
}
static void free_payload_loop(LsVm *vm, LsObj *o) {
    RtLoop *l = (RtLoop *)((LsInstance *)o)->payload;
    if (!l) return;
    ls_loop_fini(&l->loop);
    ls_mem_free(vm->mem, l, sizeof(RtLoop));
}

/* ---- output ------------------------------------------------------------------ */

static void out_raw(LsRt *rt, const char *s, size_t n) { fwrite(s, 1, n, rt->opt.out); }

static void write_out(LsRt *rt, int stream, const char *s, size_t n);

static void host_write(void *ud, int stream, const char *s, size_t n) {
    LsRt *rt = ud;
    if (!rt->opt.max_output) { write_out(rt, stream, s, n); return; }
    /* issue 4: output limit — keep what fits, then one notice. */
    if (rt->output_bytes >= rt->opt.max_output) return;
    size_t room = rt->opt.max_output - rt->output_bytes;
    bool hit = n >= room;
    if (hit) n = room;
    rt->output_bytes += n;
    write_out(rt, stream, s, n);
    if (!hit) return;
    char note[96];
    int len = snprintf(note, sizeof note, "\nloopscope: output limit reached (%zu bytes); further output is dropped\n",
                       rt->opt.max_output);
    fputs(note, rt->opt.err);
    if (rt->opt.record) ls_events_output(&rt->log, 0, LS_STREAM_STDERR, note, (size_t)len);
}

static void write_out(LsRt *rt, int stream, const char *s, size_t n) {
    int64_t task = is_task(rt->current_task) ? (int64_t)FUT(rt->current_task)->id : 0;
    if (rt->opt.record) ls_events_output(&rt->log, (uint64_t)task, stream == 2 ? LS_STREAM_STDERR : LS_STREAM_STDOUT, s, n);
    if (stream == 2) {
        fwrite(s, 1, n, rt->opt.err);
        return;
    }
    if (!rt->opt.timestamps) {
        out_raw(rt, s, n);
        if (n) rt->line_open = s[n - 1] != '\n';
        return;
    }
    for (size_t i = 0; i < n; i++) {
        ls_buf_putc(&rt->line, s[i]);
        if (s[i] == '\n') {
            fprintf(rt->opt.out, "[%.3f] ", rt->clock.now);
            out_raw(rt, rt->line.data, rt->line.len);
            ls_buf_clear(&rt->line);
        }
    }
}

static void flush_partial(LsRt *rt) {
    if (rt->opt.timestamps && rt->line.len) {
        fprintf(rt->opt.out, "[%.3f] ", rt->clock.now);
        out_raw(rt, rt->line.data, rt->line.len);
        ls_buf_clear(&rt->line);
    }
    fflush(rt->opt.out);
}

static void host_line(void *ud, LsCoro *co, uint32_t line) {
    LsRt *rt = ud;
    if (!rt->opt.record) return;
    if (co->nframes && (co->frames[co->nframes - 1].code->code->flags & LS_CODE_INTERNAL)) return;
    uint64_t task = is_task(rt->current_task) ? FUT(rt->current_task)->id : 0;
    ls_events_line(&rt->log, task, (LsEventPos){line, 0});
    rec_safe_point(rt);
}

static void host_mark(LsVm *vm, void *ud) {
    LsRt *rt = ud;
    ls_gc_mark_obj(vm, (LsObj *)rt->module);
    ls_gc_mark_obj(vm, (LsObj *)rt->loops);
    ls_gc_mark_obj(vm, (LsObj *)rt->tasks);
    ls_gc_mark_obj(vm, (LsObj *)rt->failed);
    ls_gc_mark_value(vm, rt->running_loop);
    ls_gc_mark_value(vm, rt->event_loop);
    ls_gc_mark_value(vm, rt->current_task);
    ls_gc_mark_value(vm, rt->fatal);
    ls_gc_mark_obj(vm, (LsObj *)rt->s_sleep);
    rt_sync_mark(vm, rt->sync);
    LsType *types[] = {rt->t_loop, rt->t_future, rt->t_task, rt->t_gather, rt->t_handle,
                       rt->t_timer_handle, rt->t_cb, rt->e_CancelledError, rt->e_InvalidStateError};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) ls_gc_mark_obj(vm, (LsObj *)types[i]);
}

/* ---- objects ------------------------------------------------------------------- */

LsValue rt_new_future(LsRt *rt, LsType *t, LsValue loop) {
    size_t size = t == rt->t_task ? sizeof(RtFuture) : t == rt->t_gather ? RT_FUTURE_GATHER_SIZE : RT_FUTURE_PLAIN_SIZE;
    LsInstance *in = ls_instance_new_inline(&rt->vm, t, size);
    if (!in) return LS_UNDEF;
    RtFuture *f = in->payload;
    f->result = f->exc = f->cancel_msg = f->saved_cancel = LS_NONE;
    f->loop = loop;
    if (t == rt->t_task) f->coro = f->fut_waiter = LS_NONE;
    f->callbacks = ls_list_new(&rt->vm, 0);
    if (!f->callbacks) return LS_UNDEF;
    return LS_OBJ(in);
}

LsValue rt_new_cb(LsRt *rt, CbKind kind, LsValue target) {
    RtCb *c = ls_mem_calloc(&rt->mem, sizeof(RtCb));
    if (!c) return LS_UNDEF;
    c->kind = (uint8_t)kind;
    c->target = target;
    LsInstance *in = ls_instance_new(&rt->vm, rt->t_cb, c);
    if (!in) { ls_mem_free(&rt->mem, c, sizeof *c); return LS_UNDEF; }
    return LS_OBJ(in);
}
static RtCb *CB(LsValue v) {
    return LS_IS_KIND(v, INSTANCE) && AS_INSTANCE(v)->type->mark == mark_cb ? (RtCb *)AS_INSTANCE(v)->payload : NULL;
}

static void run_handle(LsLoop *loop, LsHandle *h);

RtHandle *rt_new_handle(LsRt *rt, HKind kind, LsValue a, LsValue b, bool timer) {
    RtHandle *h = ls_mem_calloc(&rt->mem, sizeof(RtHandle));
    if (!h) return NULL;
    LsInstance *in = ls_instance_new(&rt->vm, timer ? rt->t_timer_handle : rt->t_handle, h);
    if (!in) { ls_mem_free(&rt->mem, h, sizeof *h); return NULL; }
    ls_handle_init(&h->h, run_handle, in);
    h->kind = (uint8_t)kind;
    h->a = a;
    h->b = b;
    h->rt = rt;
    h->self = (LsObj *)in;
    return h;
}

static RtLoop *loop_of(LsValue fut) { return LOOP(FUT(fut)->loop); }

int rt_call_soon(LsRt *rt, RtLoop *l, HKind kind, LsValue a, LsValue b) {
    if ((kind == H_STEP || kind == H_WAKEUP) && !ls_handle_pending(&FUT(a)->own.h)) {
        RtHandle *h = &FUT(a)->own;
        ls_handle_init(&h->h, run_handle, a.u.o);
        h->kind = (uint8_t)kind;
        h->a = a;
        h->b = b;
        h->args = NULL;
        h->rt = rt;
        h->self = a.u.o;
        h->loop = l;
        ls_loop_call_soon(&l->loop, &h->h);
        rec_handle(rt, h);
        return LS_NAT_OK;
    }
    RtHandle *h = rt_new_handle(rt, kind, a, b, false);
    if (!h) return ls_vm_oom(&rt->vm);
    h->loop = l;
    ls_loop_call_soon(&l->loop, &h->h);
    rec_handle(rt, h);
    return LS_NAT_OK;
}

/* Schedule every done-callback of `fut` (its own call_soon each). A Task
 * stored in the list stands for its own __wakeup (the runtime puts it there
 * when the task awaits `fut`), so suspending allocates nothing. No Python
 * runs here, so the list cannot change under us and is emptied in place. */
static int schedule_callbacks(LsRt *rt, LsValue fut) {
    RtFuture *f = FUT(fut);
    LsList *cbs = f->callbacks;
    RtLoop *l = loop_of(fut);
    int r = LS_NAT_OK;
    for (uint32_t i = 0; i < cbs->n && r == LS_NAT_OK; i++) {
        LsValue cb = cbs->items[i];
        RtCb *c = CB(cb);
        if (is_task(cb)) {
            r = rt_call_soon(rt, l, H_WAKEUP, cb, fut);
        } else if (!c || c->kind == CB_CALL) {
            LsTuple *args = ls_tuple_new(&rt->vm, 1);
            RtHandle *h = args ? rt_new_handle(rt, H_CALL, c ? c->target : cb, LS_NONE, false) : NULL;
            if (!h) return ls_vm_oom(&rt->vm);
            args->items[0] = fut;
            h->args = args;
            h->loop = l;
            ls_loop_call_soon(&l->loop, &h->h);
            rec_handle(rt, h);
        } else if (c->kind == CB_RUC) {
            r = rt_call_soon(rt, l, H_RUC_CB, fut, LS_NONE);
        } else {
            r = rt_call_soon(rt, l, H_GATHER_DONE, c->target, fut);
        }
    }
    cbs->n = 0;
    return r;
}

int rt_add_done_callback(LsRt *rt, LsValue fut, LsValue cb) {
    RtFuture *f = FUT(fut);
    if (f->state != FUT_PENDING) {
        LsList *one = f->callbacks;
        f->callbacks = ls_list_new(&rt->vm, 1);
        if (!f->callbacks) return ls_vm_oom(&rt->vm);
        ls_list_append(&rt->vm, f->callbacks, cb);
        int r = schedule_callbacks(rt, fut);
        f->callbacks = one;
        return r;
    }
    return ls_list_append(&rt->vm, f->callbacks, cb) ? LS_NAT_OK : ls_vm_oom(&rt->vm);
}

static void emit_state(LsRt *rt, LsValue task, LsTaskState st) {
    if (!rt->opt.record) return;
    RtFuture *t = FUT(task);
    ls_events_task_state(&rt->log, t->id, st, LS_WAIT_NONE, 0, NULL, 0, LS_POS_NONE);
}

int rt_fut_set_result(LsRt *rt, LsValue fut, LsValue v) {
    RtFuture *f = FUT(fut);
    if (f->state != FUT_PENDING) return ls_vm_raisef(&rt->vm, rt->e_InvalidStateError, "invalid state");
    f->result = v;
    f->state = FUT_FINISHED;
    if (f->is_task) emit_state(rt, fut, LS_TASK_DONE);
    return schedule_callbacks(rt, fut);
}

int rt_fut_set_exception(LsRt *rt, LsValue fut, LsValue e) {
    RtFuture *f = FUT(fut);
    if (f->state != FUT_PENDING) return ls_vm_raisef(&rt->vm, rt->e_InvalidStateError, "invalid state");
    f->exc = e;
    f->state = FUT_FINISHED;
    f->log_tb = true;
    /* Remember it for "... exception was never retrieved" (CPython logs
     * that when the object dies; loopscope when its loop closes or the
     * program ends). Entries already retrieved are dropped now and then. */
    LsList *l = rt->failed;
    if (l->n >= 64 && (l->n & (l->n - 1)) == 0) {
        uint32_t k = 0;
        for (uint32_t i = 0; i < l->n; i++)
            if (FUT(l->items[i])->log_tb) l->items[k++] = l->items[i];
        l->n = k;
    }
    if (!ls_list_append(&rt->vm, l, fut)) return ls_vm_oom(&rt->vm);
    if (f->is_task) emit_state(rt, fut, LS_TASK_FAILED);
    return schedule_callbacks(rt, fut);
}

static bool gather_cancel(LsRt *rt, LsValue outer, LsValue msg);
bool rt_task_cancel(LsRt *rt, LsValue task, LsValue msg);

/* The base Future.cancel (no Task/gather override). */
bool rt_plain_cancel(LsRt *rt, LsValue fut, LsValue msg) {
    RtFuture *f = FUT(fut);
    f->log_tb = false;
    if (f->state != FUT_PENDING) return false;
    f->state = FUT_CANCELLED;
    f->cancel_msg = msg;
    schedule_callbacks(rt, fut);
    return true;
}

/* Future.cancel as Python calls it: dispatches to the Task and gather
 * overrides. Returns whether a cancellation was requested. */
bool rt_fut_cancel(LsRt *rt, LsValue fut, LsValue msg) {
    RtFuture *f = FUT(fut);
    if (f->is_task) return rt_task_cancel(rt, fut, msg);
    if (f->is_gather) return gather_cancel(rt, fut, msg);
    return rt_plain_cancel(rt, fut, msg);
}

LsValue rt_make_cancelled_error(LsRt *rt, LsValue msg) {
    if (LS_IS_NONE(msg) || LS_IS_UNDEF(msg)) {
        LsValue e = ls_vm_new_exc_args(&rt->vm, rt->e_CancelledError, ls_tuple_new(&rt->vm, 0));
        return e;
    }
    LsTuple *args = ls_tuple_new(&rt->vm, 1);
    if (!args) return LS_NONE;
    args->items[0] = msg;
    return ls_vm_new_exc_args(&rt->vm, rt->e_CancelledError, args);
}

/* The exception a cancelled future raises from result(). */
LsValue rt_cancelled_error_of(LsRt *rt, LsValue fut) {
    RtFuture *f = FUT(fut);
    if (!LS_IS_NONE(f->saved_cancel)) return f->saved_cancel;
    LsValue e = rt_make_cancelled_error(rt, f->cancel_msg);
    return e;
}

/* result(): 1 = *out has the value, 0 = raised (vm->exc). */
int rt_fut_result(LsRt *rt, LsValue fut, LsValue *out) {
    RtFuture *f = FUT(fut);
    if (f->state == FUT_CANCELLED) {
        ls_vm_raise(&rt->vm, rt_cancelled_error_of(rt, fut));
        return 0;
    }
    if (f->state == FUT_PENDING) {
        ls_vm_raisef(&rt->vm, rt->e_InvalidStateError, "Result is not set.");
        return 0;
    }
    f->log_tb = false;
    if (!LS_IS_NONE(f->exc)) {
        ls_vm_raise(&rt->vm, f->exc);
        return 0;
    }
    *out = f->result;
    return 1;
}

static int future_await_step(LsVm *vm, LsObj *o, LsValue *out) {
    LsRt *rt = RT(vm);
    LsValue fut = LS_OBJ(o);
    RtFuture *f = FUT(fut);
    if (f->state == FUT_PENDING) {
        f->blocking = true;
        *out = fut;
        return LS_AW_YIELD;
    }
    return rt_fut_result(rt, fut, out) ? LS_AW_DONE : LS_AW_RAISE;
}

/* ---- tasks ------------------------------------------------------------------------ */

const char *rt_coro_qualname(LsValue coro) {
    LsCoro *c = (LsCoro *)coro.u.o;
    return c->qualname ? c->qualname->data : "?";
}

LsValue rt_create_task(LsRt *rt, LsValue loop, LsValue coro, LsStr *name) {
    LsValue t = rt_new_future(rt, rt->t_task, loop);
    if (LS_IS_UNDEF(t)) return t;
    RtFuture *f = FUT(t);
    f->is_task = true;
    f->coro = coro;
    f->id = ++rt->task_ids;
    if (name) f->name = name;
    else {
        char buf[32];
        snprintf(buf, sizeof buf, "Task-%llu", (unsigned long long)++rt->task_counter);
        f->name = ls_str_cstr(&rt->vm, buf);
        if (!f->name) return LS_UNDEF;
    }
    ((LsCoro *)coro.u.o)->awaited = true;
    ((LsCoro *)coro.u.o)->task_id = (int64_t)f->id;
    if (rt_call_soon(rt, LOOP(loop), H_STEP, t, LS_UNDEF) != LS_NAT_OK) return LS_UNDEF;
    if (rt->tasks->n >= 64 && (rt->tasks->n & (rt->tasks->n - 1)) == 0) {
        /* Forget finished tasks nobody needs to report on, so a long run
         * keeps a bounded registry (CPython's is a weak set). */
        uint32_t k = 0;
        for (uint32_t i = 0; i < rt->tasks->n; i++) {
            RtFuture *o = FUT(rt->tasks->items[i]);
            if (o->state == FUT_PENDING || (o->log_tb && !LS_IS_NONE(o->exc))) rt->tasks->items[k++] = rt->tasks->items[i];
        }
        rt->tasks->n = k;
    }
    if (!ls_list_append(&rt->vm, rt->tasks, t)) return LS_UNDEF;
    if (rt->opt.record) {
        LsPos p = ls_vm_coro_pos((LsCoro *)coro.u.o);
        const char *q = rt_coro_qualname(coro);
        ls_events_task_created(&rt->log, f->id, f->name->data, f->name->len, q, strlen(q), (LsEventPos){p.line, p.col});
    }
    return t;
}

bool rt_task_cancel(LsRt *rt, LsValue task, LsValue msg) {
    RtFuture *t = FUT(task);
    t->log_tb = false;
    if (t->state != FUT_PENDING) return false;
    t->num_cancels++;
    if (!LS_IS_NONE(t->fut_waiter) && rt_fut_cancel(rt, t->fut_waiter, msg)) return true;
    t->must_cancel = true;
    t->cancel_msg = msg;
    return true;
}

bool rt_is_cancelled_error(LsRt *rt, LsValue e) { return ls_isinstance(&rt->vm, e, rt->e_CancelledError); }

static void task_step(LsRt *rt, LsValue task, LsValue exc) {
    LsVm *vm = &rt->vm;
    RtFuture *t = FUT(task);
    if (t->state != FUT_PENDING) return;
    if (t->must_cancel) {
        if (LS_IS_UNDEF(exc) || !rt_is_cancelled_error(rt, exc)) exc = rt_make_cancelled_error(rt, t->cancel_msg);
        t->must_cancel = false;
    }
    t->fut_waiter = LS_NONE;
    rt->current_task = task;
    emit_state(rt, task, LS_TASK_RUNNING);
    LsValue io = LS_NONE;
    LsResult r = ls_vm_resume(vm, (LsCoro *)t->coro.u.o, LS_NONE, exc, &io);
    RtLoop *l = loop_of(task);
    switch (r) {
    case LS_RES_RETURN:
        if (t->must_cancel) {
            /* Cancelled during its last step: the result is discarded. */
            t->must_cancel = false;
            rt_plain_cancel(rt, task, t->cancel_msg);
            emit_state(rt, task, LS_TASK_CANCELLED);
        } else {
            rt_fut_set_result(rt, task, io);
        }
        break;
    case LS_RES_RAISE:
        if (rt_is_cancelled_error(rt, io)) {
            t->saved_cancel = io;
            rt_plain_cancel(rt, task, LS_NONE);
            emit_state(rt, task, LS_TASK_CANCELLED);
        } else if (ls_isinstance(vm, io, vm->types.e_SystemExit) || ls_isinstance(vm, io, vm->types.e_KeyboardInterrupt)) {
            rt_fut_set_exception(rt, task, io);
            rt->fatal = io;
            ls_loop_interrupt(&l->loop);
        } else {
            rt_fut_set_exception(rt, task, io);
        }
        break;
    case LS_RES_YIELD:
        if (LS_IS_NONE(io)) {
            rt_call_soon(rt, l, H_STEP, task, LS_UNDEF);
            rec_wait(rt, task, LS_TASK_READY, LS_NONE);
        } else if (is_future(io) && FUT(io)->blocking) {
            FUT(io)->blocking = false;
            if (io.u.o == task.u.o) {
                rt_call_soon(rt, l, H_STEP, task, ls_vm_new_exc(vm, vm->types.e_RuntimeError, "Task cannot await on itself"));
                break;
            }
            rt_add_done_callback(rt, io, task);
            t->fut_waiter = io;
            rec_wait(rt, task, LS_TASK_SUSPENDED, io);
            if (t->must_cancel && rt_fut_cancel(rt, io, t->cancel_msg)) t->must_cancel = false;
        } else {
            rt_call_soon(rt, l, H_STEP, task, ls_vm_new_exc(vm, vm->types.e_RuntimeError, "Task got bad yield"));
        }
        break;
    case LS_RES_REQUEST:
        rt_call_soon(rt, l, H_STEP, task, ls_vm_new_exc(vm, vm->types.e_RuntimeError, "asyncio.run() cannot be called from a running event loop"));
        break;
    }
    rt->current_task = LS_NONE;
}

static void task_wakeup(LsRt *rt, LsValue task, LsValue fut) {
    LsValue out;
    RtFuture *f = FUT(fut);
    if (f->state == FUT_FINISHED && LS_IS_NONE(f->exc)) { task_step(rt, task, LS_UNDEF); return; }
    if (rt_fut_result(rt, fut, &out)) task_step(rt, task, LS_UNDEF);
    else task_step(rt, task, rt->vm.exc);
}

/* ---- gather ------------------------------------------------------------------------ */

static bool gather_cancel(LsRt *rt, LsValue outer, LsValue msg) {
    RtFuture *g = FUT(outer);
    g->log_tb = false;
    if (g->state != FUT_PENDING) return false;
    bool ret = false;
    for (uint32_t i = 0; i < g->children->n; i++)
        if (rt_fut_cancel(rt, g->children->items[i], msg)) ret = true;
    if (ret) g->cancel_requested = true;
    return ret;
}

static void gather_done(LsRt *rt, LsValue outer, LsValue child) {
    RtFuture *g = FUT(outer), *c = FUT(child);
    g->nfinished++;
    if (g->state != FUT_PENDING) {
        if (c->state != FUT_CANCELLED) c->log_tb = false;
        return;
    }
    if (!g->return_exceptions) {
        if (c->state == FUT_CANCELLED) { rt_fut_set_exception(rt, outer, rt_cancelled_error_of(rt, child)); return; }
        if (!LS_IS_NONE(c->exc)) { c->log_tb = false; rt_fut_set_exception(rt, outer, c->exc); return; }
    }
    if (g->nfinished < g->nfuts) return;
    LsList *res = ls_list_new(&rt->vm, g->children->n);
    if (!res) return;
    LsValue last_cancel = LS_NONE;
    for (uint32_t i = 0; i < g->children->n; i++) {
        LsValue ch = g->children->items[i];
        RtFuture *cf = FUT(ch);
        LsValue v;
        if (cf->state == FUT_CANCELLED) {
            LsStr *empty = ls_str_cstr(&rt->vm, "");
            v = rt_make_cancelled_error(rt, LS_IS_NONE(cf->cancel_msg) || cf->is_task ? LS_OBJ(empty) : cf->cancel_msg);
            last_cancel = rt_cancelled_error_of(rt, ch);
        } else if (!LS_IS_NONE(cf->exc)) {
            cf->log_tb = false;
            v = cf->exc;
        } else {
            v = cf->result;
        }
        res->items[res->n++] = v;
    }
    if (g->cancel_requested) {
        rt_fut_set_exception(rt, outer, LS_IS_NONE(last_cancel) ? rt_make_cancelled_error(rt, LS_NONE) : last_cancel);
    } else {
        rt_fut_set_result(rt, outer, LS_OBJ(res));
    }
}

/* ---- handles ------------------------------------------------------------------------ */

static void log_callback_error(LsRt *rt, RtHandle *h, LsValue exc);

static void run_handle(LsLoop *loop, LsHandle *lh) {
    (void)loop;
    RtHandle *h = RTH(lh);
    LsRt *rt = h->rt;
    LsVm *vm = &rt->vm;
    rec_safe_point(rt);
    switch ((HKind)h->kind) {
    case H_STEP: task_step(rt, h->a, h->b); break;
    case H_WAKEUP: task_wakeup(rt, h->a, h->b); break;
    case H_SET_RESULT_UC:
        if (FUT(h->a)->state == FUT_PENDING) rt_fut_set_result(rt, h->a, h->b);
        break;
    case H_RUC_CB: {
        RtFuture *f = FUT(h->a);
        if (f->state == FUT_FINISHED && (ls_isinstance(vm, f->exc, vm->types.e_SystemExit) ||
                                         ls_isinstance(vm, f->exc, vm->types.e_KeyboardInterrupt)))
            break;
        ls_loop_stop(&LOOP(f->loop)->loop);
        break;
    }
    case H_GATHER_DONE: gather_done(rt, h->a, h->b); break;
    case H_CALL: {
        LsValue out;
        uint32_t argc = h->args ? h->args->n : 0;
        LsResult r = ls_vm_call(vm, h->a, argc, h->args ? h->args->items : NULL, &out);
        if (r == LS_RES_RAISE) {
            if (ls_isinstance(vm, out, vm->types.e_SystemExit) || ls_isinstance(vm, out, vm->types.e_KeyboardInterrupt)) {
                rt->fatal = out;
                ls_loop_interrupt(loop);
            } else {
                log_callback_error(rt, h, out);
            }
        }
        break;
    }
    }
}

/* ---- labels (TRACE_FORMAT.md) --------------------------------------------------------- */

static void strip_locals(LsBuf *b, const char *q) {
    const char *p = q, *hit;
    while ((hit = strstr(p, "<locals>.")) != NULL) p = hit + 9;
    ls_buf_puts(b, p);
}

void rt_fut_label(LsRt *rt, LsValue fut, LsBuf *b) {
    RtFuture *f = FUT(fut);
    if (f->is_task) ls_buf_append(b, f->name->data, f->name->len);
    else {
        if (!f->label) f->label = ++rt->label_counter;
        ls_buf_printf(b, "%s#%llu", f->is_gather ? "_GatheringFuture" : "Future", (unsigned long long)f->label);
    }
    bool first = true;
    for (uint32_t i = 0; i < f->callbacks->n; i++) {
        if (!is_task(f->callbacks->items[i])) continue;
        ls_buf_puts(b, first ? "<-" : ",");
        first = false;
        RtFuture *t = FUT(f->callbacks->items[i]);
        ls_buf_append(b, t->name->data, t->name->len);
    }
}

void rt_arg_label(LsRt *rt, LsValue v, LsBuf *b) {
    if (is_future(v)) { rt_fut_label(rt, v, b); return; }
    LsBuf r;
    ls_buf_init(&r);
    if (ls_repr(&rt->vm, v, &r) < 0) rt->vm.exc = LS_NONE;
    /* 20 characters at most: 17 + "..." (code points). */
    const char *s = ls_buf_cstr(&r);
    size_t chars = 0, i = 0, cut = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (chars == 17) cut = i;
            chars++;
        }
    }
    if (chars > 20) {
        ls_buf_append(b, s, cut);
        ls_buf_puts(b, "...");
    } else {
        ls_buf_puts(b, s);
    }
    ls_buf_fini(&r);
}

static void func_label(LsRt *rt, LsValue fn, LsBuf *b) {
    if (LS_IS_KIND(fn, FUNCTION)) strip_locals(b, AS_FUNCTION(fn)->qualname->data);
    else if (LS_IS_KIND(fn, NATIVE)) {
        LsNative *n = AS_NATIVE(fn);
        /* The reference runner's loop class is VirtualLoop (TRACE_FORMAT.md). */
        LsType *t = LS_IS_UNDEF(n->self) ? NULL : ls_type_of(&rt->vm, n->self);
        if (t) ls_buf_printf(b, "%s.%s", t == rt->t_loop ? "VirtualLoop" : t->name->data, n->name);
        else ls_buf_puts(b, n->name);
    } else if (LS_IS_KIND(fn, BOUND)) {
        LsBound *bd = AS_BOUND(fn);
        ls_buf_printf(b, "%s.", ls_type_of(&rt->vm, bd->self)->name->data);
        if (LS_IS_KIND(bd->fn, FUNCTION)) ls_buf_puts(b, AS_FUNCTION(bd->fn)->name->data);
    } else if (ls_repr(&rt->vm, fn, b) < 0) {
        rt->vm.exc = LS_NONE;
    }
}

static void handle_label(LsRt *rt, RtHandle *h, LsBuf *b) {
    switch ((HKind)h->kind) {
    case H_STEP:
        ls_buf_puts(b, "step(");
        ls_buf_append(b, FUT(h->a)->name->data, FUT(h->a)->name->len);
        ls_buf_putc(b, ')');
        return;
    case H_WAKEUP:
        ls_buf_puts(b, "wakeup(");
        ls_buf_append(b, FUT(h->a)->name->data, FUT(h->a)->name->len);
        ls_buf_puts(b, " <- ");
        rt_fut_label(rt, h->b, b);
        ls_buf_putc(b, ')');
        return;
    case H_SET_RESULT_UC:
        ls_buf_puts(b, "_set_result_unless_cancelled(");
        rt_fut_label(rt, h->a, b);
        ls_buf_puts(b, ", ");
        rt_arg_label(rt, h->b, b);
        ls_buf_putc(b, ')');
        return;
    case H_RUC_CB:
        ls_buf_puts(b, "_run_until_complete_cb(");
        rt_fut_label(rt, h->a, b);
        ls_buf_putc(b, ')');
        return;
    case H_GATHER_DONE:
        ls_buf_puts(b, "_done_callback(");
        rt_fut_label(rt, h->b, b);
        ls_buf_putc(b, ')');
        return;
    case H_CALL: {
        /* functools.partial: "partial:f(bound args)" then "+(call args)". */
        LsValue fn = h->a;
        LsTuple *pargs = NULL;
        bool partial = ls_rt_partial_parts(h->a, &fn, &pargs);
        if (partial) ls_buf_puts(b, "partial:");
        func_label(rt, fn, b);
        ls_buf_putc(b, '(');
        LsTuple *first = partial ? pargs : h->args;
        for (uint32_t i = 0; first && i < first->n; i++) {
            if (i) ls_buf_puts(b, ", ");
            rt_arg_label(rt, first->items[i], b);
        }
        ls_buf_putc(b, ')');
        if (partial && h->args && h->args->n) {
            ls_buf_puts(b, "+(");
            for (uint32_t i = 0; i < h->args->n; i++) {
                if (i) ls_buf_puts(b, ", ");
                rt_arg_label(rt, h->args->items[i], b);
            }
            ls_buf_putc(b, ')');
        }
        return;
    }
    }
}

static void trace_line(LsRt *rt, const char *s, size_t n) {
    /* Trace lines go to stdout in the program's stream. */
    out_raw(rt, s, n);
    rt->line_open = false;
}

static void iter_hook(void *ud, LsLoop *loop, uint64_t iter, LsHandle *const *snap, size_t n, size_t n_due) {
    LsRt *rt = ud;
    (void)loop;
    if (!rt->opt.loop_trace) return;
    LsBuf b;
    ls_buf_init(&b);
    ls_buf_printf(&b, "## iter %llu t=", (unsigned long long)iter);
    ls_num_float_repr(rt->clock.now, &b);
    ls_buf_puts(&b, ": ");
    if (n == 0) ls_buf_puts(&b, "(nothing)");
    for (size_t i = 0; i < n; i++) {
        if (i) ls_buf_puts(&b, " | ");
        LsHandle *h = snap[i];
        if (h->cancelled) { ls_buf_puts(&b, "<cancelled>"); continue; }
        if (i >= n - n_due) {
            ls_buf_puts(&b, "timer@");
            ls_num_float_repr(h->when, &b);
            ls_buf_putc(&b, ':');
        }
        handle_label(rt, RTH(h), &b);
    }
    ls_buf_putc(&b, '\n');
    trace_line(rt, b.data, b.len);
    ls_buf_fini(&b);
}

static void trace_phase(LsRt *rt, LsValue fut) {
    if (!rt->opt.loop_trace) return;
    LsBuf b;
    ls_buf_init(&b);
    ls_buf_puts(&b, "## phase ");
    if (LS_IS_UNDEF(fut)) ls_buf_puts(&b, "run_forever()");
    else {
        ls_buf_puts(&b, "run_until_complete(");
        rt_fut_label(rt, fut, &b);
        if (is_task(fut)) {
            ls_buf_puts(&b, " coro=");
            strip_locals(&b, rt_coro_qualname(FUT(fut)->coro));
        }
        ls_buf_putc(&b, ')');
    }
    ls_buf_puts(&b, " t=");
    ls_num_float_repr(rt->clock.now, &b);
    ls_buf_putc(&b, '\n');
    trace_line(rt, b.data, b.len);
    ls_buf_fini(&b);
}

typedef struct CloseCtx { LsRt *rt; LsBuf ready, timers; int nr, nt; } CloseCtx;

static void close_visit(void *ud, LsHandle *h) {
    CloseCtx *c = ud;
    if (h->cancelled) return;
    LsBuf item;
    ls_buf_init(&item);
    if (h->is_timer) {
        ls_buf_puts(&item, "timer@");
        ls_num_float_repr(h->when, &item);
        ls_buf_putc(&item, ':');
    }
    handle_label(c->rt, RTH(h), &item);
    LsBuf *dst = h->is_timer ? &c->timers : &c->ready;
    int *cnt = h->is_timer ? &c->nt : &c->nr;
    if ((*cnt)++) ls_buf_puts(dst, ", ");
    ls_num_str_repr(item.data ? item.data : "", item.len, dst);
    ls_buf_fini(&item);
}

static void close_loop(LsRt *rt, LsValue loopv) {
    RtLoop *l = LOOP(loopv);
    if (l->closed || l->running) return;
    CloseCtx c = {.rt = rt};
    ls_buf_init(&c.ready);
    ls_buf_init(&c.timers);
    ls_loop_close(&l->loop, close_visit, &c);
    if (rt->opt.loop_trace) {
        LsBuf b;
        ls_buf_init(&b);
        ls_buf_puts(&b, "## loop.close() t=");
        ls_num_float_repr(rt->clock.now, &b);
        ls_buf_printf(&b, " discards ready=[%s] timers=[%s]\n", ls_buf_cstr(&c.ready), ls_buf_cstr(&c.timers));
        trace_line(rt, b.data, b.len);
        ls_buf_fini(&b);
    }
    ls_buf_fini(&c.ready);
    ls_buf_fini(&c.timers);
    l->closed = true;
}

/* ==== view recording (issue 4) =================================================
 * What the time-travel views need beyond the loop's own events: every handle
 * the runtime schedules gets a plain-English label and the task it steps or
 * wakes; every suspension says what the task waits on and carries its await
 * chain with locals (ls_introspect). All of it only when recording. */

static const LsCoro *innermost_coro(LsValue coro) {
    const LsCoro *c = (const LsCoro *)coro.u.o;
    while (LS_IS_KIND(c->awaiting, CORO)) c = (const LsCoro *)c->awaiting.u.o;
    return c;
}

static bool sleeping(const LsCoro *c) { return c->ckind == LS_CO_NATIVE && c->native == sleep_step; }

/* "Task-2", "gather(Task-2, Task-3)", "Future#4": the awaited thing alone. */
static void awaited_label(LsRt *rt, LsValue fut, LsBuf *b) {
    RtFuture *f = FUT(fut);
    if (f->is_task) { ls_buf_append(b, f->name->data, f->name->len); return; }
    if (!f->label) f->label = ++rt->label_counter;
    if (!f->is_gather) { ls_buf_printf(b, "Future#%llu", (unsigned long long)f->label); return; }
    ls_buf_puts(b, "gather(");
    for (uint32_t i = 0; f->children && i < f->children->n; i++) {
        if (i) ls_buf_puts(b, ", ");
        awaited_label(rt, f->children->items[i], b);
    }
    ls_buf_putc(b, ')');
}

/* The label of h for the view; *hint is where the owning task keeps its last
 * interned copy of that kind of label (NULL when no task owns it). */
static void view_label(LsRt *rt, RtHandle *h, LsBuf *b, uint32_t *task, LsStrRef **hint) {
    *task = 0;
    *hint = NULL;
    switch ((HKind)h->kind) {
    case H_STEP:
        *task = (uint32_t)FUT(h->a)->id;
        *hint = &FUT(h->a)->hint_step;
        ls_buf_puts(b, "step ");
        ls_buf_append(b, FUT(h->a)->name->data, FUT(h->a)->name->len);
        return;
    case H_WAKEUP:
        *task = (uint32_t)FUT(h->a)->id;
        *hint = &FUT(h->a)->hint_wake;
        ls_buf_puts(b, "wake ");
        ls_buf_append(b, FUT(h->a)->name->data, FUT(h->a)->name->len);
        ls_buf_puts(b, " (");
        if (!FUT(h->b)->is_task && !FUT(h->b)->is_gather && sleeping(innermost_coro(FUT(h->a)->coro)))
            ls_buf_puts(b, "sleep");
        else
            awaited_label(rt, h->b, b);
        ls_buf_puts(b, " done)");
        return;
    case H_SET_RESULT_UC:
        if (is_task(rt->current_task)) {
            *task = (uint32_t)FUT(rt->current_task)->id;
            *hint = &FUT(rt->current_task)->hint_end;
            ls_buf_puts(b, "end sleep of ");
            ls_buf_append(b, FUT(rt->current_task)->name->data, FUT(rt->current_task)->name->len);
        } else {
            ls_buf_puts(b, "end sleep");
        }
        return;
    case H_RUC_CB:
        ls_buf_puts(b, "stop loop (");
        awaited_label(rt, h->a, b);
        ls_buf_puts(b, " done)");
        return;
    case H_GATHER_DONE:
        ls_buf_puts(b, "gather: ");
        awaited_label(rt, h->b, b);
        ls_buf_puts(b, " done");
        return;
    case H_CALL:
        ls_buf_puts(b, "callback ");
        handle_label(rt, h, b);
        return;
    }
}

/* Right after the loop logged HANDLE_SCHEDULED for h. */
static void rec_handle(LsRt *rt, RtHandle *h) {
    if (!rt->opt.record) return;
    LsBuf *b = &rt->rec_a;
    ls_buf_clear(b);
    uint32_t task;
    LsStrRef *hint, scratch = 0;
    view_label(rt, h, b, &task, &hint);
    LsStrRef ref = ls_events_intern_hinted(&rt->log, ls_buf_cstr(b), b->len, hint ? hint : &scratch);
    ls_events_stamp_handle_ref(&rt->log, ref, task);
}

/* What a task blocked in a synchronisation primitive's native coroutine
 * (ls_rt_sync.c keeps the primitive in nv[0]) waits on, by its type. */
static LsWaitKind primitive_wait(LsRt *rt, const LsCoro *in) {
    static const struct { const char *type; LsWaitKind kind; } kinds[] = {
        {"Lock", LS_WAIT_LOCK}, {"Event", LS_WAIT_EVENT}, {"Condition", LS_WAIT_CONDITION},
        {"Semaphore", LS_WAIT_SEMAPHORE}, {"BoundedSemaphore", LS_WAIT_SEMAPHORE},
        {"Queue", LS_WAIT_QUEUE}, {"PriorityQueue", LS_WAIT_QUEUE}, {"LifoQueue", LS_WAIT_QUEUE},
        {"Barrier", LS_WAIT_BARRIER},
    };
    if (!LS_IS_KIND(in->nv[0], INSTANCE)) return LS_WAIT_NONE;
    const char *t = ls_type_name(&rt->vm, in->nv[0]);
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(t, kinds[i].type) == 0) return kinds[i].kind;
    return LS_WAIT_NONE;
}

/* TASK_STATE for a task that just gave up control: READY after sleep(0),
 * SUSPENDED on `awaited`, with the wait and the await chain. */
static void rec_wait(LsRt *rt, LsValue task, LsTaskState st, LsValue awaited) {
    if (!rt->opt.record) return;
    RtFuture *t = FUT(task);
    const LsCoro *in = innermost_coro(t->coro);
    LsWaitKind wk = LS_WAIT_NONE;
    uint64_t wid = 0;
    LsBuf *lab = &rt->rec_a, *shape = &rt->rec_b, *values = &rt->rec_c;
    ls_buf_clear(lab);
    ls_buf_clear(shape);
    ls_buf_clear(values);
    if (st == LS_TASK_READY) {
        ls_buf_puts(lab, "sleep(0)");
    } else if (sleeping(in) && LS_IS_KIND(in->nv[2], INSTANCE)) {
        RtHandle *h = HND(in->nv[2].u.o);
        wk = LS_WAIT_SLEEP;
        wid = h->h.seq;
        ls_buf_puts(lab, "sleep until t=");
        ls_num_float_repr(h->h.when, lab);
    } else if (in->ckind == LS_CO_NATIVE && in->qualname && (wk = primitive_wait(rt, in)) != LS_WAIT_NONE) {
        /* Lock.acquire, Queue.get, ...: the native coroutine says what it is. */
        const char *q = in->qualname->data, *dot = strrchr(q, '.');
        ls_buf_puts(lab, ls_type_name(&rt->vm, in->nv[0]));
        ls_buf_puts(lab, dot ? dot : ".?");
        ls_buf_puts(lab, "()");
    } else if (is_future(awaited)) {
        RtFuture *f = FUT(awaited);
        wk = f->is_task ? LS_WAIT_TASK : f->is_gather ? LS_WAIT_GATHER : LS_WAIT_FUTURE;
        awaited_label(rt, awaited, lab);
        wid = f->is_task ? f->id : f->label;
    }
    LsPos p = ls_vm_coro_pos((const LsCoro *)t->coro.u.o);
    LsStrRef lref = lab->len ? ls_events_intern_hinted(&rt->log, ls_buf_cstr(lab), lab->len, &t->hint_state) : 0;
    ls_events_task_state_ref(&rt->log, t->id, st, wk, wid, lref, (LsEventPos){p.line, p.col});
    ls_introspect_frames(&rt->vm, (const LsCoro *)t->coro.u.o, shape, values);
    LsStrRef sref = ls_events_intern_hinted(&rt->log, ls_buf_cstr(shape), shape->len, &t->hint_shape);
    ls_events_stamp_frames_ref(&rt->log, sref, ls_buf_cstr(values), values->len);
}

/* Called between statements and before each handle: the only places where
 * a live runner may pause the engine (no C frame holds host memory). */
static void rec_safe_point(LsRt *rt) {
    if (rt->opt.record && rt->opt.safe_point) rt->opt.safe_point(rt->opt.safe_point_ud, &rt->log);
}

/* ==== end of view recording ================================================= */

/* ---- error logs ------------------------------------------------------------------------ */

static void log_callback_error(LsRt *rt, RtHandle *h, LsValue exc) {
    LsBuf b, lab;
    ls_buf_init(&b);
    ls_buf_init(&lab);
    rt_callback_source(rt, h->a, h->args ? h->args->items : NULL, h->args ? h->args->n : 0, &lab);
    ls_buf_printf(&b, "Exception in callback %s\nhandle: <", ls_buf_cstr(&lab));
    if (h->h.is_timer) {
        ls_buf_puts(&b, "TimerHandle when=");
        ls_num_float_repr(h->h.when, &b);
    } else {
        ls_buf_puts(&b, "Handle");
    }
    ls_buf_printf(&b, " %s>\n", ls_buf_cstr(&lab));
    ls_vm_format_exception_from_stdlib(&rt->vm, exc, &b);
    host_write(rt, 2, b.data, b.len);
    ls_buf_fini(&b);
    ls_buf_fini(&lab);
}

/* ---- running loops (the driver side) ---------------------------------------------------- */

enum { RUN_OK = 0, RUN_DEADLOCK = 1, RUN_FATAL = 2 };

static void report_deadlock(LsRt *rt) {
    rt->deadlock = true;
    flush_partial(rt);
    static const char msg[] = "loopscope: deadlock: no task can make progress (nothing is ready and no timer is pending)\n";
    fputs(msg, rt->opt.err);
    /* Say who waits on what, so the user can see the cycle or the future
     * nobody will ever complete. */
    for (uint32_t i = 0; i < rt->tasks->n; i++) {
        LsValue tv = rt->tasks->items[i];
        RtFuture *t = FUT(tv);
        if (t->state != FUT_PENDING) continue;
        LsPos p = ls_vm_coro_pos((LsCoro *)t->coro.u.o);
        LsBuf b;
        ls_buf_init(&b);
        ls_buf_printf(&b, "  %s (coroutine %s) is suspended at line %u", t->name->data, rt_coro_qualname(t->coro), p.line);
        if (is_future(t->fut_waiter)) {
            RtFuture *w = FUT(t->fut_waiter);
            if (w->is_task) ls_buf_printf(&b, ", awaiting task %s", w->name->data);
            else ls_buf_puts(&b, w->is_gather ? ", awaiting a gather() that is not done" : ", awaiting a future nobody completes");
        }
        ls_buf_putc(&b, '\n');
        fputs(ls_buf_cstr(&b), rt->opt.err);
        ls_buf_fini(&b);
    }
    fflush(rt->opt.err);
    if (rt->opt.record) ls_events_deadlock(&rt->log, 0, msg, sizeof msg - 2);
}

static int run_forever(LsRt *rt, LsValue loopv) {
    RtLoop *l = LOOP(loopv);
    l->running = true;
    rt->running_loop = loopv;
    int status = RUN_OK;
    ls_vm_push_root(&rt->vm, loopv);
    for (;;) {
        LsRunOnce r = ls_loop_run_once(&l->loop);
        if (r == LS_LOOP_IDLE_DEADLOCK) { report_deadlock(rt); status = RUN_DEADLOCK; break; }
        if (r == LS_LOOP_NOMEM) { fputs("loopscope: out of memory\n", rt->opt.err); status = RUN_FATAL; break; }
        if (!LS_IS_NONE(rt->fatal)) { status = RUN_FATAL; break; }
        if (ls_loop_stopping(&l->loop)) { ls_loop_clear_stopping(&l->loop); break; }
    }
    ls_vm_pop_roots(&rt->vm, 1);
    l->running = false;
    rt->running_loop = LS_NONE;
    return status;
}

/* run_until_complete: *result is the future's result; returns RUN_* and
 * sets *raised (vm->exc holds the exception) when result() raised. */
static int run_until_complete(LsRt *rt, LsValue loopv, LsValue x, LsValue *result, bool *raised) {
    LsVm *vm = &rt->vm;
    *raised = false;
    LsValue fut = x;
    if (is_coro(x)) fut = rt_create_task(rt, loopv, x, NULL);
    else if (!is_future(x)) {
        ls_vm_raisef(vm, vm->types.e_TypeError, "An asyncio.Future, a coroutine or an awaitable is required");
        *raised = true;
        return RUN_OK;
    }
    if (LS_IS_UNDEF(fut)) { ls_vm_oom(vm); *raised = true; return RUN_OK; }
    ls_vm_push_root(vm, fut);
    LsValue cb = rt_new_cb(rt, CB_RUC, loopv);
    rt_add_done_callback(rt, fut, cb);
    trace_phase(rt, fut);
    int st = run_forever(rt, loopv);
    /* remove_done_callback(_run_until_complete_cb) */
    LsList *cbs = FUT(fut)->callbacks;
    for (uint32_t i = 0; i < cbs->n; i++)
        if (cbs->items[i].u.o == cb.u.o) {
            LS_MEMMOVE(cbs->items + i, cbs->items + i + 1, (cbs->n - i - 1) * sizeof(LsValue));
            cbs->n--;
            break;
        }
    ls_vm_pop_roots(vm, 1);
    if (st != RUN_OK) return st;
    if (FUT(fut)->state == FUT_PENDING) {
        ls_vm_raisef(vm, vm->types.e_RuntimeError, "Event loop stopped before Future completed.");
        *raised = true;
        return RUN_OK;
    }
    if (!rt_fut_result(rt, fut, result)) *raised = true;
    return RUN_OK;
}

static LsValue new_loop(LsRt *rt) {
    RtLoop *l = ls_mem_calloc(&rt->mem, sizeof(RtLoop));
    if (!l) return LS_UNDEF;
    ls_loop_init(&l->loop, &rt->mem, &rt->clock, rt->opt.record ? &rt->log : NULL);
    ls_loop_set_iter_hook(&l->loop, iter_hook, rt);
    LsInstance *in = ls_instance_new(&rt->vm, rt->t_loop, l);
    if (!in) { ls_loop_fini(&l->loop); ls_mem_free(&rt->mem, l, sizeof *l); return LS_UNDEF; }
    l->self = (LsObj *)in;
    if (!ls_list_append(&rt->vm, rt->loops, LS_OBJ(in))) return LS_UNDEF;
    return LS_OBJ(in);
}

static LsResult shutdown_step(LsVm *vm, LsCoro *co, LsValue send, LsValue exc, LsValue *out) {
    (void)vm; (void)co; (void)send;
    if (!LS_IS_UNDEF(exc)) { *out = exc; return LS_RES_RAISE; }
    *out = LS_NONE;
    return LS_RES_RETURN;
}

/* "Task exception was never retrieved" (semantics doc §9.3). CPython logs
 * it when the task object is freed; loopscope has no reference counts, so
 * it logs every still-unretrieved failure when the run's loop closes, in
 * creation order. stderr gets the same text; only its moment differs. */
static void report_unretrieved(LsRt *rt, LsValue loopv) {
    LsList *l = rt->failed;
    for (uint32_t i = 0; i < l->n; i++) {
        LsValue fv = l->items[i];
        RtFuture *f = FUT(fv);
        if (!LS_IS_UNDEF(loopv) && f->loop.u.o != loopv.u.o) continue;
        if (f->state != FUT_FINISHED || !f->log_tb || LS_IS_NONE(f->exc)) continue;

        f->log_tb = false;
        LsBuf b;
        ls_buf_init(&b);
        ls_buf_printf(&b, "%s exception was never retrieved\nfuture: ", f->is_task ? "Task" : AS_INSTANCE(fv)->type->name->data);
        if (rt_future_repr(rt, fv, &b) < 0) rt->vm.exc = LS_NONE;
        ls_buf_putc(&b, '\n');
        ls_vm_format_exception(&rt->vm, f->exc, &b);
        host_write(rt, 2, b.data, b.len);
        ls_buf_fini(&b);
    }
}

/* asyncio.run(main): semantics doc §2. */
static int asyncio_run(LsRt *rt, LsValue coro, LsValue *result, bool *raised) {
    LsVm *vm = &rt->vm;
    *raised = false;
    LsValue loopv = new_loop(rt);
    if (LS_IS_UNDEF(loopv)) { ls_vm_oom(vm); *raised = true; return RUN_OK; }
    ls_vm_push_root(vm, loopv);
    rt->event_loop = loopv;
    rt->event_loop_cleared = false;
    LsValue main_task = rt_create_task(rt, loopv, coro, NULL);
    ls_vm_push_root(vm, main_task);
    LsValue res = LS_NONE;
    bool main_raised = false;
    int st = run_until_complete(rt, loopv, main_task, &res, &main_raised);
    LsValue main_exc = main_raised ? vm->exc : LS_NONE;
    ls_vm_push_root(vm, main_exc);
    ls_vm_push_root(vm, res);
    /* SystemExit/KeyboardInterrupt escaped run_until_complete: CPython's
     * Runner.close() still cancels the leftovers and shuts the loop down
     * (their finally blocks run), then the exception goes on. */
    LsValue fatal = rt->fatal;
    ls_vm_push_root(vm, fatal);
    if (st == RUN_FATAL && !LS_IS_NONE(fatal)) {
        rt->fatal = LS_NONE;
        st = RUN_OK;
        /* When main itself raised it, that task lives on in the exception's
         * traceback until interpreter shutdown, too late to be logged as
         * never retrieved. */
        if (FUT(main_task)->state == FUT_FINISHED && FUT(main_task)->exc.u.o == fatal.u.o) FUT(main_task)->log_tb = false;
    }
    if (st == RUN_OK || st == RUN_FATAL) {
        /* 7. cancel leftovers (creation order) */
        LsList *pending = ls_list_new(vm, 0);
        ls_vm_push_root(vm, pending ? LS_OBJ(pending) : LS_NONE);
        for (uint32_t i = 0; pending && i < rt->tasks->n; i++) {
            LsValue t = rt->tasks->items[i];
            if (FUT(t)->state == FUT_PENDING && FUT(t)->loop.u.o == loopv.u.o) ls_list_append(vm, pending, t);
        }
        int st2 = RUN_OK;
        if (pending && pending->n && LS_IS_NONE(rt->fatal)) {
            for (uint32_t i = 0; i < pending->n; i++) rt_task_cancel(rt, pending->items[i], LS_NONE);
            LsValue g = rt_new_future(rt, rt->t_gather, loopv);
            RtFuture *gf = FUT(g);
            gf->is_gather = true;
            gf->return_exceptions = true;
            gf->children = pending;
            gf->nfuts = pending->n;
            for (uint32_t i = 0; i < pending->n; i++) rt_add_done_callback(rt, pending->items[i], rt_new_cb(rt, CB_GATHER, g));
            LsValue ignored;
            bool r2;
            st2 = run_until_complete(rt, loopv, g, &ignored, &r2);
            for (uint32_t i = 0; st2 == RUN_OK && i < pending->n; i++) {
                RtFuture *t = FUT(pending->items[i]);
                if (t->state == FUT_FINISHED && !LS_IS_NONE(t->exc)) {
                    LsBuf b;
                    ls_buf_init(&b);
                    ls_buf_puts(&b, "unhandled exception during asyncio.run() shutdown\ntask: ");
                    if (rt_future_repr(rt, pending->items[i], &b) < 0) vm->exc = LS_NONE;
                    ls_buf_putc(&b, '\n');
                    ls_vm_format_exception(vm, t->exc, &b);
                    host_write(rt, 2, b.data, b.len);
                    ls_buf_fini(&b);
                }
            }
        }
        ls_vm_pop_roots(vm, 1);
        if (st2 == RUN_DEADLOCK) st = st2;
        if (st != RUN_DEADLOCK && LS_IS_NONE(rt->fatal)) {
            const char *names[2] = {"BaseEventLoop.shutdown_asyncgens", "BaseEventLoop.shutdown_default_executor"};
            for (int k = 0; k < 2 && st == RUN_OK; k++) {
                LsCoro *c = ls_vm_native_coro(vm, shutdown_step, names[k]);
                LsValue t = c ? rt_create_task(rt, loopv, LS_OBJ(c), NULL) : LS_UNDEF;
                LsValue ignored;
                bool r2;
                if (!LS_IS_UNDEF(t)) st = run_until_complete(rt, loopv, t, &ignored, &r2);
            }
        }
        if (st != RUN_DEADLOCK) {
            report_unretrieved(rt, loopv);
            close_loop(rt, loopv);
        }
    }
    rt->event_loop = LS_UNDEF;
    rt->event_loop_cleared = true;
    if (LS_IS_NONE(rt->fatal)) rt->fatal = fatal;
    ls_vm_pop_roots(vm, 5);
    if (!LS_IS_NONE(rt->fatal)) {
        vm->exc = rt->fatal;
        *raised = true;
        return st == RUN_DEADLOCK ? st : RUN_OK;
    }
    if (main_raised) { vm->exc = main_exc; *raised = true; }
    *result = res;
    return st;
}

/* ---- natives: asyncio module ------------------------------------------------------------ */


LsValue rt_kwarg(const LsKwargs *kw, const char *name) {
    for (uint32_t i = 0; kw && i < kw->n; i++)
        if (strcmp(kw->names[i]->data, name) == 0) return kw->values[i];
    return LS_UNDEF;
}

/* Requests to the driver: a tuple (kind, a, b). */
enum { REQ_RUN = 1, REQ_RUC, REQ_FOREVER };

static int request(LsVm *vm, int kind, LsValue a, LsValue b, LsValue *out) {
    LsTuple *t = ls_tuple_new(vm, 3);
    if (!t) return ls_vm_oom(vm);
    t->items[0] = LS_INT(kind);
    t->items[1] = a;
    t->items[2] = b;
    *out = LS_OBJ(t);
    return LS_NAT_SUSPEND;
}

/* The native raising vm->exc refused coroutine `coro`: tie it to the
 * exception so it is reported never awaited when the handler is done. */
static int refuse_coro(LsVm *vm, LsValue coro) {
    if (is_coro(coro) && LS_IS_KIND(vm->exc, EXC)) AS_EXC(vm->exc)->doomed = coro;
    return LS_NAT_ERR;
}

NAT(aio_run) {
    LsRt *rt = RT(vm);
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "run() takes 1 positional argument");
    if (!LS_IS_NONE(rt->running_loop)) {
        ls_vm_raisef(vm, vm->types.e_RuntimeError, "asyncio.run() cannot be called from a running event loop");
        return refuse_coro(vm, argv[0]);
    }
    if (!is_coro(argv[0])) {
        LsBuf b;
        ls_buf_init(&b);
        ls_repr(vm, argv[0], &b);
        int r = ls_vm_raisef(vm, vm->types.e_ValueError, "a coroutine was expected, got %s", ls_buf_cstr(&b));
        ls_buf_fini(&b);
        return r;
    }
    return request(vm, REQ_RUN, argv[0], LS_NONE, out);
}

LsValue rt_running_loop_or_raise(LsVm *vm) {
    LsRt *rt = RT(vm);
    if (LS_IS_NONE(rt->running_loop)) {
        ls_vm_raisef(vm, vm->types.e_RuntimeError, "no running event loop");
        return LS_UNDEF;
    }
    return rt->running_loop;
}

NAT(aio_get_running_loop) {
    LsValue l = rt_running_loop_or_raise(vm);
    if (LS_IS_UNDEF(l)) return LS_NAT_ERR;
    *out = l;
    return LS_NAT_OK;
}

NAT(aio_get_event_loop) {
    LsRt *rt = RT(vm);
    if (!LS_IS_NONE(rt->running_loop)) { *out = rt->running_loop; return LS_NAT_OK; }
    if (LS_IS_UNDEF(rt->event_loop) || LS_IS_NONE(rt->event_loop)) {
        if (rt->event_loop_cleared)
            return ls_vm_raisef(vm, vm->types.e_RuntimeError, "There is no current event loop in thread 'MainThread'.");
        rt->event_loop = new_loop(rt);
        if (LS_IS_UNDEF(rt->event_loop)) return ls_vm_oom(vm);
    }
    *out = rt->event_loop;
    return LS_NAT_OK;
}

NAT(aio_new_event_loop) {
    *out = new_loop(RT(vm));
    return LS_IS_UNDEF(*out) ? ls_vm_oom(vm) : LS_NAT_OK;
}

NAT(aio_set_event_loop) {
    LsRt *rt = RT(vm);
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "set_event_loop() takes 1 argument");
    rt->event_loop = argv[0];
    rt->event_loop_cleared = LS_IS_NONE(argv[0]);
    *out = LS_NONE;
    return LS_NAT_OK;
}

static int create_task_in(LsVm *vm, LsValue loopv, uint32_t argc, const LsValue *argv, const LsKwargs *kw, LsValue *out, bool loop_method) {
    LsRt *rt = RT(vm);
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "create_task() takes 1 positional argument");
    if (!is_coro(argv[0])) {
        LsBuf b;
        ls_buf_init(&b);
        ls_repr(vm, argv[0], &b);
        int r = ls_vm_raisef(vm, vm->types.e_TypeError, "a coroutine was expected, got %s", ls_buf_cstr(&b));
        ls_buf_fini(&b);
        return r;
    }
    LsValue name = rt_kwarg(kw, "name");
    LsStr *nm = NULL;
    if (!LS_IS_UNDEF(name) && !LS_IS_NONE(name)) {
        LsBuf b;
        ls_buf_init(&b);
        ls_str(vm, name, &b);
        nm = ls_str_new(vm, ls_buf_cstr(&b), b.len);
        ls_buf_fini(&b);
        if (!nm) return ls_vm_oom(vm);
        /* asyncio.create_task(c, name=...) still consumes a number in 3.11 */
        if (!loop_method) rt->task_counter++;
    }
    *out = rt_create_task(rt, loopv, argv[0], nm);
    return LS_IS_UNDEF(*out) ? ls_vm_oom(vm) : LS_NAT_OK;
}

NAT(aio_create_task) {
    LsValue l = rt_running_loop_or_raise(vm);
    if (LS_IS_UNDEF(l)) return argc ? refuse_coro(vm, argv[0]) : LS_NAT_ERR;
    return create_task_in(vm, l, argc, argv, kw, out, false);
}

/* current_task(loop=None): the running loop's current task. */
NAT(aio_current_task) {
    LsValue loopv = argc ? argv[0] : rt_kwarg(kw, "loop");
    if (LS_IS_UNDEF(loopv) || LS_IS_NONE(loopv)) {
        loopv = rt_running_loop_or_raise(vm);
        if (LS_IS_UNDEF(loopv)) return LS_NAT_ERR;
    }
    LsValue t = RT(vm)->current_task;
    *out = is_task(t) && FUT(t)->loop.u.o == loopv.u.o ? t : LS_NONE;
    return LS_NAT_OK;
}

/* asyncio.sleep: a native coroutine. nv[0] = delay, nv[1] = result,
 * nv[2] = the timer handle; nstate 0 start, 1 waiting on the future,
 * 2 after a bare yield (sleep(0)). */
static LsResult sleep_step(LsVm *vm, LsCoro *co, LsValue send, LsValue exc, LsValue *out) {
    LsRt *rt = RT(vm);
    (void)send;
    if (co->nstate == 0) {
        if (!LS_IS_UNDEF(exc)) { *out = exc; return LS_RES_RAISE; }
        double d = co->nv[0].tag == LS_T_FLOAT ? co->nv[0].u.f : (double)(co->nv[0].tag == LS_T_BOOL ? co->nv[0].u.b : co->nv[0].u.i);
        if (!(d > 0) && d == d) {
            co->nstate = 2;
            *out = LS_NONE;
            return LS_RES_YIELD;
        }
        LsValue loopv = rt->running_loop;
        if (LS_IS_NONE(loopv)) {
            ls_vm_raisef(vm, vm->types.e_RuntimeError, "no running event loop");
            *out = vm->exc;
            return LS_RES_RAISE;
        }
        LsValue fut = rt_new_future(rt, rt->t_future, loopv);
        RtHandle *h = LS_IS_UNDEF(fut) ? NULL : rt_new_handle(rt, H_SET_RESULT_UC, fut, co->nv[1], true);
        if (h) h->loop = LOOP(loopv);
        if (!h || !ls_loop_call_later(&LOOP(loopv)->loop, &h->h, d)) {
            ls_vm_oom(vm);
            *out = vm->exc;
            return LS_RES_RAISE;
        }
        rec_handle(rt, h);
        co->nv[2] = LS_OBJ(h->self);
        co->nv[0] = fut;
        co->nstate = 1;
        FUT(fut)->blocking = true;
        *out = fut;
        return LS_RES_YIELD;
    }
    if (co->nstate == 1) {
        RtHandle *h = HND(co->nv[2].u.o);
        ls_loop_cancel(&h->loop->loop, &h->h);
        if (!LS_IS_UNDEF(exc)) { *out = exc; return LS_RES_RAISE; }
        LsValue r;
        if (!rt_fut_result(rt, co->nv[0], &r)) { *out = vm->exc; return LS_RES_RAISE; }
        *out = r;
        return LS_RES_RETURN;
    }
    if (!LS_IS_UNDEF(exc)) { *out = exc; return LS_RES_RAISE; }
    *out = co->nv[1];
    return LS_RES_RETURN;
}

NAT(aio_sleep) {
    LsValue d = argc >= 1 ? argv[0] : rt_kwarg(kw, "delay");
    LsValue res = argc >= 2 ? argv[1] : rt_kwarg(kw, "result");
    if (LS_IS_UNDEF(d)) return ls_vm_raisef(vm, vm->types.e_TypeError, "sleep() missing 1 required positional argument: 'delay'");
    if (!(LS_IS_INT(d) || LS_IS_FLOAT(d) || LS_IS_BOOL(d)))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "'<=' not supported between instances of '%s' and 'int'", ls_type_name(vm, d));
    LsCoro *co = ls_vm_native_coro_named(vm, sleep_step, RT(vm)->s_sleep);
    if (!co) return ls_vm_oom(vm);
    co->nv[0] = d;
    co->nv[1] = LS_IS_UNDEF(res) ? LS_NONE : res;
    *out = LS_OBJ(co);
    return LS_NAT_OK;
}

LsValue rt_ensure_future(LsRt *rt, LsValue loopv, LsValue x) {
    if (is_future(x)) return x;
    if (is_coro(x)) return rt_create_task(rt, loopv, x, NULL);
    ls_vm_raisef(&rt->vm, rt->vm.types.e_TypeError, "An asyncio.Future, a coroutine or an awaitable is required");
    return LS_UNDEF;
}

/* gather(a, b, a): an argument passed twice shares one future. first[i] is
 * the index of the first argument that is the same object as argv[i]
 * (i itself if none). Sorting (object, index) pairs keeps this O(n log n)
 * for gather(*10000 coroutines); the addresses only decide equality, never
 * an order anyone sees. NULL on OOM; free with argc * sizeof(uint32_t). */
typedef struct { uintptr_t obj; uint32_t i; } ArgKey;
static int cmp_argkey(const void *x, const void *y) {
    const ArgKey *a = x, *b = y;
    if (a->obj != b->obj) return a->obj < b->obj ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}
static uint32_t *gather_first_occurrences(LsRt *rt, const LsValue *argv, uint32_t argc) {
    uint32_t *first = ls_mem_alloc(&rt->mem, argc * sizeof *first);
    ArgKey *keys = ls_mem_alloc(&rt->mem, argc * sizeof *keys);
    if (!first || !keys) {
        ls_mem_free(&rt->mem, first, argc * sizeof *first);
        ls_mem_free(&rt->mem, keys, argc * sizeof *keys);
        return NULL;
    }
    uint32_t n = 0;
    for (uint32_t i = 0; i < argc; i++) {
        first[i] = i;
        if (argv[i].tag == LS_T_OBJ) keys[n++] = (ArgKey){(uintptr_t)argv[i].u.o, i};
    }
    qsort(keys, n, sizeof *keys, cmp_argkey);
    for (uint32_t k = 1; k < n; k++)
        if (keys[k].obj == keys[k - 1].obj) first[keys[k].i] = first[keys[k - 1].i];
    ls_mem_free(&rt->mem, keys, argc * sizeof *keys);
    return first;
}

NAT(aio_gather) {
    LsRt *rt = RT(vm);
    LsValue rex = rt_kwarg(kw, "return_exceptions");
    LsValue loopv = LS_NONE;
    if (argc == 0) {
        LsValue l = !LS_IS_NONE(rt->running_loop) ? rt->running_loop : rt->event_loop;
        if (LS_IS_UNDEF(l) || LS_IS_NONE(l)) { if (aio_get_event_loop(vm, self, 0, NULL, NULL, &l) != LS_NAT_OK) return LS_NAT_ERR; }
        LsValue g = rt_new_future(rt, rt->t_gather, l);
        if (LS_IS_UNDEF(g)) return ls_vm_oom(vm);
        FUT(g)->is_gather = true;
        FUT(g)->children = ls_list_new(vm, 0);
        FUT(g)->state = FUT_FINISHED;
        LsList *empty = ls_list_new(vm, 0);
        FUT(g)->result = empty ? LS_OBJ(empty) : LS_NONE;
        *out = g;
        return LS_NAT_OK;
    }
    for (uint32_t i = 0; i < argc; i++)
        if (is_future(argv[i])) { loopv = FUT(argv[i])->loop; break; }
    if (LS_IS_NONE(loopv)) {
        if (aio_get_event_loop(vm, self, 0, NULL, NULL, &loopv) != LS_NAT_OK) return LS_NAT_ERR;
    }
    LsList *children = ls_list_new(vm, argc);
    if (!children) return ls_vm_oom(vm);
    LsValue g = rt_new_future(rt, rt->t_gather, loopv);
    if (LS_IS_UNDEF(g)) return ls_vm_oom(vm);
    RtFuture *gf = FUT(g);
    gf->is_gather = true;
    gf->children = children;
    gf->return_exceptions = !LS_IS_UNDEF(rex) && ls_truthy(vm, rex);
    uint32_t *first = gather_first_occurrences(rt, argv, argc);
    if (!first) return ls_vm_oom(vm);
    for (uint32_t i = 0; i < argc; i++) {
        LsValue f = first[i] != i ? children->items[first[i]] : LS_UNDEF;
        if (LS_IS_UNDEF(f)) {
            f = rt_ensure_future(rt, loopv, argv[i]);
            if (LS_IS_UNDEF(f)) { ls_mem_free(&rt->mem, first, argc * sizeof *first); return LS_NAT_ERR; }
            gf->nfuts++;
            LsValue cb = rt_new_cb(rt, CB_GATHER, g);
            if (LS_IS_UNDEF(cb) || rt_add_done_callback(rt, f, cb) != LS_NAT_OK) {
                ls_mem_free(&rt->mem, first, argc * sizeof *first);
                return ls_vm_oom(vm);
            }
        }
        children->items[children->n++] = f;
    }
    ls_mem_free(&rt->mem, first, argc * sizeof *first);
    *out = g;
    return LS_NAT_OK;
}

/* ---- Future / Task methods -------------------------------------------------------------- */

NAT(fut_m_done) { *out = LS_BOOL(FUT(self)->state != FUT_PENDING); return LS_NAT_OK; }
NAT(fut_m_cancelled) { *out = LS_BOOL(FUT(self)->state == FUT_CANCELLED); return LS_NAT_OK; }
NAT(fut_m_result) { return rt_fut_result(RT(vm), self, out) ? LS_NAT_OK : LS_NAT_ERR; }
NAT(fut_m_exception) {
    LsRt *rt = RT(vm);
    RtFuture *f = FUT(self);
    if (f->state == FUT_CANCELLED) return ls_vm_raise(vm, rt_cancelled_error_of(rt, self));
    if (f->state == FUT_PENDING) return ls_vm_raisef(vm, rt->e_InvalidStateError, "Exception is not set.");
    f->log_tb = false;
    *out = f->exc;
    return LS_NAT_OK;
}
NAT(fut_m_cancel) {
    LsValue msg = argc ? argv[0] : rt_kwarg(kw, "msg");
    *out = LS_BOOL(rt_fut_cancel(RT(vm), self, LS_IS_UNDEF(msg) ? LS_NONE : msg));
    return LS_NAT_OK;
}
NAT(fut_m_set_result) {
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "set_result() takes 1 argument");
    *out = LS_NONE;
    return rt_fut_set_result(RT(vm), self, argv[0]);
}
NAT(fut_m_set_exception) {
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "set_exception() takes 1 argument");
    LsValue e = argv[0];
    if (LS_IS_KIND(e, TYPE)) e = ls_vm_new_exc_args(vm, AS_TYPE(e), ls_tuple_new(vm, 0));
    if (ls_isinstance(vm, e, vm->types.e_StopIteration))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "StopIteration interacts badly with generators and cannot be raised into a Future");
    *out = LS_NONE;
    return rt_fut_set_exception(RT(vm), self, e);
}
NAT(fut_m_add_done_callback) {
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "add_done_callback() takes 1 argument");
    *out = LS_NONE;
    LsValue cb = argv[0];
    /* A Task in the list means "wake that task": wrap a user-supplied one. */
    if (is_task(cb)) cb = rt_new_cb(RT(vm), CB_CALL, cb);
    if (LS_IS_UNDEF(cb)) return ls_vm_oom(vm);
    return rt_add_done_callback(RT(vm), self, cb);
}
/* asyncio.Future(*, loop=None) */
NAT(fut_new) {
    if (argc) return ls_vm_raisef(vm, vm->types.e_TypeError, "Future.__init__() takes 1 positional argument but %u were given", argc + 1);
    LsValue loopv = rt_kwarg(kw, "loop");
    if (LS_IS_UNDEF(loopv) || LS_IS_NONE(loopv)) {
        if (aio_get_event_loop(vm, self, 0, NULL, NULL, &loopv) != LS_NAT_OK) return LS_NAT_ERR;
    }
    *out = rt_new_future(RT(vm), RT(vm)->t_future, loopv);
    return LS_IS_UNDEF(*out) ? ls_vm_oom(vm) : LS_NAT_OK;
}

NAT(fut_m_get_loop) { *out = FUT(self)->loop; return LS_NAT_OK; }

/* Callback identity for remove_done_callback: `obj.method` makes a new bound
 * method each time, equal to the last when self and function are the same. */
static bool same_callback(LsVm *vm, LsValue a, LsValue b) {
    RtCb *c = CB(a);
    if (c && c->kind == CB_CALL) a = c->target;
    if (a.tag == b.tag && a.tag == LS_T_OBJ && a.u.o == b.u.o) return true;
    if (LS_IS_KIND(a, BOUND) && LS_IS_KIND(b, BOUND))
        return AS_BOUND(a)->fn.u.o == AS_BOUND(b)->fn.u.o && AS_BOUND(a)->self.u.o == AS_BOUND(b)->self.u.o &&
               AS_BOUND(a)->self.tag == AS_BOUND(b)->self.tag;
    if (CB(a) || is_task(a)) return false; /* internal entries equal nothing else */
    bool eq = false;
    if (ls_equal(vm, a, b, &eq) < 0) { vm->exc = LS_NONE; return false; }
    return eq;
}

NAT(fut_m_remove_done_callback) {
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "remove_done_callback() takes exactly one argument (%u given)", argc);
    LsList *cbs = FUT(self)->callbacks;
    uint32_t k = 0, removed = 0;
    for (uint32_t i = 0; i < cbs->n; i++) {
        if (same_callback(vm, cbs->items[i], argv[0])) removed++;
        else cbs->items[k++] = cbs->items[i];
    }
    cbs->n = k;
    *out = LS_INT(removed);
    return LS_NAT_OK;
}

NAT(aio_isfuture) {
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "isfuture() takes exactly one argument (%u given)", argc);
    *out = LS_BOOL(is_future(argv[0]));
    return LS_NAT_OK;
}
NAT(aio_iscoroutine) {
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "iscoroutine() takes exactly one argument (%u given)", argc);
    *out = LS_BOOL(is_coro(argv[0]));
    return LS_NAT_OK;
}

/* ensure_future(coro_or_future, *, loop=None). */
NAT(aio_ensure_future) {
    LsRt *rt = RT(vm);
    LsValue x = argc ? argv[0] : rt_kwarg(kw, "coro_or_future");
    LsValue loopv = rt_kwarg(kw, "loop");
    if (LS_IS_UNDEF(x) || argc > 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "ensure_future() takes 1 positional argument but %u were given", argc);
    if (LS_IS_UNDEF(loopv)) loopv = LS_NONE;
    if (is_future(x)) {
        if (!LS_IS_NONE(loopv) && loopv.u.o != FUT(x)->loop.u.o)
            return ls_vm_raisef(vm, vm->types.e_ValueError, "The future belongs to a different loop than the one specified as the loop argument");
        *out = x;
        return LS_NAT_OK;
    }
    if (!is_coro(x)) return ls_vm_raisef(vm, vm->types.e_TypeError, "An asyncio.Future, a coroutine or an awaitable is required");
    if (LS_IS_NONE(loopv) && aio_get_event_loop(vm, self, 0, NULL, NULL, &loopv) != LS_NAT_OK) return LS_NAT_ERR;
    *out = rt_create_task(rt, loopv, x, NULL);
    return LS_IS_UNDEF(*out) ? ls_vm_oom(vm) : LS_NAT_OK;
}

/* all_tasks(loop=None): the loop's pending tasks (a set, in creation order). */
NAT(aio_all_tasks) {
    LsRt *rt = RT(vm);
    LsValue loopv = argc ? argv[0] : rt_kwarg(kw, "loop");
    if (LS_IS_UNDEF(loopv) || LS_IS_NONE(loopv)) {
        loopv = rt_running_loop_or_raise(vm);
        if (LS_IS_UNDEF(loopv)) return LS_NAT_ERR;
    }
    LsDict *d = ls_dict_new(vm);
    if (!d) return ls_vm_oom(vm);
    d->hdr.kind = LS_OBJ_SET;
    LsValue set = LS_OBJ(d);
    ls_vm_push_root(vm, set);
    int r = LS_NAT_OK;
    for (uint32_t i = 0; i < rt->tasks->n && r == LS_NAT_OK; i++) {
        LsValue t = rt->tasks->items[i];
        if (FUT(t)->state == FUT_PENDING && FUT(t)->loop.u.o == loopv.u.o)
            r = ls_dict_set(vm, d, t, LS_NONE) < 0 ? LS_NAT_ERR : LS_NAT_OK;
    }
    ls_vm_pop_roots(vm, 1);
    *out = set;
    return r;
}

NAT(task_m_get_name) { *out = LS_OBJ(FUT(self)->name); return LS_NAT_OK; }
NAT(task_m_set_name) {
    LsBuf b;
    ls_buf_init(&b);
    if (argc != 1 || ls_str(vm, argv[0], &b) < 0) { ls_buf_fini(&b); return LS_NAT_ERR; }
    FUT(self)->name = ls_str_new(vm, ls_buf_cstr(&b), b.len);
    ls_buf_fini(&b);
    *out = LS_NONE;
    return FUT(self)->name ? LS_NAT_OK : ls_vm_oom(vm);
}
NAT(task_m_get_coro) { *out = FUT(self)->coro; return LS_NAT_OK; }
NAT(task_m_cancelling) { *out = LS_INT(FUT(self)->num_cancels); return LS_NAT_OK; }
NAT(task_m_uncancel) {
    RtFuture *t = FUT(self);
    if (t->num_cancels > 0) t->num_cancels--;
    *out = LS_INT(t->num_cancels);
    return LS_NAT_OK;
}
NAT(fut_m_repr) {
    LsBuf b;
    ls_buf_init(&b);
    int r = rt_future_repr(RT(vm), self, &b);
    *out = r < 0 ? LS_UNDEF : ls_str_from_buf(vm, &b);
    ls_buf_fini(&b);
    return r < 0 ? LS_NAT_ERR : LS_IS_UNDEF(*out) ? ls_vm_oom(vm) : LS_NAT_OK;
}

NAT(loop_m_time) { *out = LS_FLOAT(RT(vm)->clock.now); return LS_NAT_OK; }

static int schedule_call(LsVm *vm, LsValue self, uint32_t argc, const LsValue *argv, const LsKwargs *kw, LsValue *out, int which) {
    LsRt *rt = RT(vm);
    RtLoop *l = LOOP(self);
    uint32_t skip = which == 0 ? 0 : 1;
    if (kw && kw->n && !(kw->n == 1 && strcmp(kw->names[0]->data, "context") == 0))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "%s() got an unexpected keyword argument '%s'",
                            which == 0 ? "call_soon" : which == 1 ? "call_later" : "call_at", kw->names[0]->data);
    if (argc < skip + 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "missing callback argument");
    if (l->closed) return ls_vm_raisef(vm, vm->types.e_RuntimeError, "Event loop is closed");
    double t = 0;
    if (which) {
        LsValue d = argv[0];
        if (LS_IS_NONE(d)) return ls_vm_raisef(vm, vm->types.e_TypeError, which == 2 ? "when cannot be None" : "delay cannot be None");
        if (!(LS_IS_INT(d) || LS_IS_FLOAT(d) || LS_IS_BOOL(d)))
            return ls_vm_raisef(vm, vm->types.e_TypeError, "unsupported operand type(s) for +: 'float' and '%s'", ls_type_name(vm, d));
        t = LS_IS_FLOAT(d) ? d.u.f : (double)(LS_IS_BOOL(d) ? d.u.b : d.u.i);
    }
    LsTuple *args = ls_tuple_new(vm, argc - skip - 1);
    RtHandle *h = args ? rt_new_handle(rt, H_CALL, argv[skip], LS_NONE, which != 0) : NULL;
    if (!h) return ls_vm_oom(vm);
    LS_MEMCPY(args->items, argv + skip + 1, (argc - skip - 1) * sizeof(LsValue));
    h->args = args;
    h->loop = l;
    if (which == 0) ls_loop_call_soon(&l->loop, &h->h);
    else if (which == 1) { if (!ls_loop_call_later(&l->loop, &h->h, t)) return ls_vm_oom(vm); }
    else if (!ls_loop_call_at(&l->loop, &h->h, t)) return ls_vm_oom(vm);
    rec_handle(rt, h);
    *out = LS_OBJ(h->self);
    return LS_NAT_OK;
}
NAT(loop_m_call_soon) { return schedule_call(vm, self, argc, argv, kw, out, 0); }
NAT(loop_m_call_later) { return schedule_call(vm, self, argc, argv, kw, out, 1); }
NAT(loop_m_call_at) { return schedule_call(vm, self, argc, argv, kw, out, 2); }
NAT(loop_m_create_task) { return create_task_in(vm, self, argc, argv, kw, out, true); }
NAT(loop_m_create_future) {
    *out = rt_new_future(RT(vm), RT(vm)->t_future, self);
    return LS_IS_UNDEF(*out) ? ls_vm_oom(vm) : LS_NAT_OK;
}
NAT(loop_m_stop) { ls_loop_stop(&LOOP(self)->loop); *out = LS_NONE; return LS_NAT_OK; }
NAT(loop_m_is_running) { *out = LS_BOOL(LOOP(self)->running); return LS_NAT_OK; }
NAT(loop_m_is_closed) { *out = LS_BOOL(LOOP(self)->closed); return LS_NAT_OK; }
NAT(loop_m_close) {
    RtLoop *l = LOOP(self);
    if (l->running) return ls_vm_raisef(vm, vm->types.e_RuntimeError, "Cannot close a running event loop");
    close_loop(RT(vm), self);
    *out = LS_NONE;
    return LS_NAT_OK;
}
static int loop_check_runnable(LsVm *vm, LsValue self) {
    LsRt *rt = RT(vm);
    RtLoop *l = LOOP(self);
    if (l->closed) return ls_vm_raisef(vm, vm->types.e_RuntimeError, "Event loop is closed");
    if (l->running) return ls_vm_raisef(vm, vm->types.e_RuntimeError, "This event loop is already running");
    if (!LS_IS_NONE(rt->running_loop))
        return ls_vm_raisef(vm, vm->types.e_RuntimeError, "Cannot run the event loop while another loop is running");
    return LS_NAT_OK;
}
NAT(loop_m_run_until_complete) {
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "run_until_complete() takes 1 argument");
    if (loop_check_runnable(vm, self) != LS_NAT_OK) return LS_NAT_ERR;
    return request(vm, REQ_RUC, self, argv[0], out);
}
NAT(loop_m_run_forever) {
    if (loop_check_runnable(vm, self) != LS_NAT_OK) return LS_NAT_ERR;
    return request(vm, REQ_FOREVER, self, LS_NONE, out);
}
NAT(handle_m_cancel) {
    RtHandle *h = HND(self.u.o);
    if (h->loop && !h->loop->closed) ls_loop_cancel(&h->loop->loop, &h->h);
    *out = LS_NONE;
    return LS_NAT_OK;
}
NAT(handle_m_cancelled) { *out = LS_BOOL(HND(self.u.o)->h.cancelled); return LS_NAT_OK; }
NAT(handle_m_when) { *out = LS_FLOAT(HND(self.u.o)->h.when); return LS_NAT_OK; }

/* ---- time module --------------------------------------------------------------------------------- */

NAT(time_now) { *out = LS_FLOAT(RT(vm)->clock.now); return LS_NAT_OK; }
NAT(time_sleep) {
    LsRt *rt = RT(vm);
    if (argc != 1 || !(LS_IS_INT(argv[0]) || LS_IS_FLOAT(argv[0])))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' object cannot be interpreted as an integer", argc ? ls_type_name(vm, argv[0]) : "NoneType");
    double d = LS_IS_FLOAT(argv[0]) ? argv[0].u.f : (double)argv[0].u.i;
    if (d < 0) return ls_vm_raisef(vm, vm->types.e_ValueError, "sleep length must be non-negative");
    double from = rt->clock.now;
    rt->clock.now = rt->clock.now + d;
    if (rt->opt.record) ls_events_clock_advanced(&rt->log, from, rt->clock.now, LS_CLOCK_SLEEP);
    *out = LS_NONE;
    return LS_NAT_OK;
}

/* ---- setup ------------------------------------------------------------------------------------------ */


bool rt_add_all(LsVm *vm, LsType *t, const Entry *e) {
    for (; e->name; e++)
        if (!ls_type_add_method(vm, t, e->name, e->fn)) return false;
    return true;
}

bool rt_mod_add(LsVm *vm, LsModule *m, const Entry *e) {
    for (; e->name; e++)
        if (!ls_module_add_native(vm, m, e->name, e->fn)) return false;
    return true;
}

static bool setup_modules(LsRt *rt) {
    LsVm *vm = &rt->vm;
    LsType *obj = vm->types.t_object;
    rt->t_loop = ls_type_new(vm, "_UnixSelectorEventLoop", obj, 0);
    rt->t_future = ls_type_new(vm, "Future", obj, LS_TYPE_FUTURE);
    rt->t_cb = ls_type_new(vm, "_callback", obj, 0);
    rt->t_handle = ls_type_new(vm, "Handle", obj, 0);
    rt->e_CancelledError = ls_type_new(vm, "CancelledError", vm->types.e_BaseException, LS_TYPE_EXCEPTION);
    rt->e_InvalidStateError = ls_type_new(vm, "InvalidStateError", vm->types.e_Exception, LS_TYPE_EXCEPTION);
    rt->s_sleep = ls_str_intern(vm, "sleep", 5);
    if (!rt->t_loop || !rt->t_future || !rt->t_cb || !rt->t_handle || !rt->e_CancelledError || !rt->e_InvalidStateError ||
        !rt->s_sleep)
        return false;
    rt->t_future->mark = mark_future;
    rt->t_future->finalize = free_payload_future;
    rt->t_future->await_step = future_await_step;
    rt->t_future->module = "asyncio";
    rt->t_task = ls_type_new(vm, "Task", rt->t_future, 0);
    rt->t_gather = ls_type_new(vm, "_GatheringFuture", rt->t_future, 0);
    rt->t_timer_handle = ls_type_new(vm, "TimerHandle", rt->t_handle, 0);
    if (!rt->t_task || !rt->t_gather || !rt->t_timer_handle) return false;
    rt->t_task->module = rt->t_gather->module = "asyncio";
    rt->e_CancelledError->module = "asyncio.exceptions";
    rt->e_InvalidStateError->module = "asyncio.exceptions";
    rt->t_cb->mark = mark_cb;
    rt->t_cb->finalize = free_payload_cb;
    rt->t_handle->mark = rt->t_timer_handle->mark = mark_handle;
    rt->t_handle->finalize = rt->t_timer_handle->finalize = free_payload_handle;
    rt->t_loop->mark = mark_loop;
    rt->t_loop->finalize = free_payload_loop;
    static const Entry fut_m[] = {{"__new__", fut_new}, {"done", fut_m_done}, {"cancelled", fut_m_cancelled}, {"result", fut_m_result},
        {"exception", fut_m_exception}, {"cancel", fut_m_cancel}, {"set_result", fut_m_set_result},
        {"set_exception", fut_m_set_exception}, {"add_done_callback", fut_m_add_done_callback},
        {"remove_done_callback", fut_m_remove_done_callback}, {"get_loop", fut_m_get_loop},
        {"__repr__", fut_m_repr}, {NULL, NULL}};
    static const Entry task_m[] = {{"get_name", task_m_get_name}, {"set_name", task_m_set_name},
        {"get_coro", task_m_get_coro}, {"cancelling", task_m_cancelling}, {"uncancel", task_m_uncancel},
        {"__repr__", fut_m_repr}, {NULL, NULL}};
    static const Entry gather_m[] = {{"__repr__", fut_m_repr}, {NULL, NULL}};
    static const Entry loop_m[] = {{"time", loop_m_time}, {"call_soon", loop_m_call_soon},
        {"call_later", loop_m_call_later}, {"call_at", loop_m_call_at}, {"create_task", loop_m_create_task},
        {"create_future", loop_m_create_future}, {"stop", loop_m_stop}, {"close", loop_m_close},
        {"is_running", loop_m_is_running}, {"is_closed", loop_m_is_closed},
        {"run_until_complete", loop_m_run_until_complete}, {"run_forever", loop_m_run_forever}, {NULL, NULL}};
    static const Entry handle_m[] = {{"cancel", handle_m_cancel}, {"cancelled", handle_m_cancelled}, {NULL, NULL}};
    static const Entry timer_m[] = {{"when", handle_m_when}, {NULL, NULL}};
    if (!rt_add_all(vm, rt->t_future, fut_m) || !rt_add_all(vm, rt->t_task, task_m) || !rt_add_all(vm, rt->t_gather, gather_m) || !rt_add_all(vm, rt->t_loop, loop_m) ||
        !rt_add_all(vm, rt->t_handle, handle_m) || !rt_add_all(vm, rt->t_timer_handle, timer_m))
        return false;

    LsModule *aio = ls_module_new(vm, "asyncio");
    LsModule *tm = ls_module_new(vm, "time");
    if (!aio || !tm) return false;
    static const Entry aio_f[] = {{"run", aio_run}, {"sleep", aio_sleep}, {"create_task", aio_create_task},
        {"gather", aio_gather}, {"get_event_loop", aio_get_event_loop}, {"new_event_loop", aio_new_event_loop},
        {"set_event_loop", aio_set_event_loop}, {"get_running_loop", aio_get_running_loop},
        {"current_task", aio_current_task}, {"ensure_future", aio_ensure_future}, {"isfuture", aio_isfuture},
        {"iscoroutine", aio_iscoroutine}, {"all_tasks", aio_all_tasks}, {NULL, NULL}};
    static const Entry time_f[] = {{"time", time_now}, {"monotonic", time_now}, {"perf_counter", time_now},
        {"sleep", time_sleep}, {NULL, NULL}};
    if (!rt_mod_add(vm, aio, aio_f) || !rt_mod_add(vm, tm, time_f) || !rt_sync_setup(rt, aio)) return false;
    if (!ls_dict_set_str(vm, aio->dict, "CancelledError", LS_OBJ(rt->e_CancelledError)) ||
        !ls_dict_set_str(vm, aio->dict, "InvalidStateError", LS_OBJ(rt->e_InvalidStateError)) ||
        !ls_dict_set_str(vm, aio->dict, "TimeoutError", LS_OBJ(vm->types.e_TimeoutError)) ||
        !ls_dict_set_str(vm, aio->dict, "Future", LS_OBJ(rt->t_future)) ||
        !ls_dict_set_str(vm, aio->dict, "Task", LS_OBJ(rt->t_task)))
        return false;
    /* The prelude uses functools.partial: the standard modules come first. */
    return ls_dict_set_str(vm, vm->modules, "asyncio", LS_OBJ(aio)) && ls_dict_set_str(vm, vm->modules, "time", LS_OBJ(tm)) &&
           ls_rt_stdmods_setup(vm) && rt_prelude_setup(rt, aio, aio_get_event_loop);
}

/* ---- public API ------------------------------------------------------------------------------------- */

static const char *const supported_modules[] = {"asyncio", "time", "sys", "functools", "random"};

/* Methods only out-of-scope features have: refused on any object. */
static const char *attr_refused(void *ud, const char *attr, const char **label) {
    (void)ud;
    static const char *const refused[][3] = {
        {"run_in_executor", "loop.run_in_executor", "executors are out of scope"},
        {"set_default_executor", "loop.set_default_executor", "executors are out of scope"},
        {"subprocess_exec", "loop.subprocess_exec", "subprocesses are out of scope"},
        {"subprocess_shell", "loop.subprocess_shell", "subprocesses are out of scope"},
        {"create_connection", "loop.create_connection", "real I/O is out of scope"},
        {"create_server", "loop.create_server", "real I/O is out of scope"},
        {"create_datagram_endpoint", "loop.create_datagram_endpoint", "real I/O is out of scope"},
        {"getaddrinfo", "loop.getaddrinfo", "real I/O is out of scope"},
        {"sock_connect", "loop.sock_connect", "real I/O is out of scope"},
        {"sock_recv", "loop.sock_recv", "real I/O is out of scope"},
        {"sock_sendall", "loop.sock_sendall", "real I/O is out of scope"},
        {"add_reader", "loop.add_reader", "real I/O is out of scope"},
        {"add_writer", "loop.add_writer", "real I/O is out of scope"},
        {"add_signal_handler", "loop.add_signal_handler", "signals are out of scope"},
        {"call_soon_threadsafe", "loop.call_soon_threadsafe", "threads are out of scope"},
        {"run_coroutine_threadsafe", "asyncio.run_coroutine_threadsafe", "threads are out of scope"},
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        if (strcmp(attr, refused[i][0]) == 0) {
            *label = refused[i][1];
            return refused[i][2];
        }
    return NULL;
}

/* Builtins that would reach outside the simulation. */
static const char *builtin_refused(void *ud, const char *name) {
    (void)ud;
    static const char *const refused[][2] = {
        {"open", "files are out of scope"},
        {"input", "reading from the terminal is out of scope"},
        {"exec", "dynamic code is out of scope"},
        {"eval", "dynamic code is out of scope"},
        {"compile", "dynamic code is out of scope"},
        {"__import__", "imports other than the supported modules are out of scope"},
        {"breakpoint", "use loopscope's own stepping and breakpoints"},
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        if (strcmp(name, refused[i][0]) == 0) return refused[i][1];
    return NULL;
}

static bool attr_supported(void *ud, const char *module, const char *attr, const char **reason) {
    (void)ud;
    static const char *const refused[][3] = {
        {"asyncio", "to_thread", "threads are out of scope"},
        {"asyncio", "run_in_executor", "threads and executors are out of scope"},
        {"asyncio", "open_connection", "real I/O is out of scope"},
        {"asyncio", "start_server", "real I/O is out of scope"},
        {"asyncio", "create_subprocess_exec", "subprocesses are out of scope"},
        {"asyncio", "create_subprocess_shell", "subprocesses are out of scope"},
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        if (strcmp(module, refused[i][0]) == 0 && strcmp(attr, refused[i][1]) == 0) {
            *reason = refused[i][2];
            return false;
        }
    return true;
}

const LsCompileOptions *ls_rt_compile_options(void) {
    static const LsCompileOptions opt = {.modules = supported_modules,
                                         .n_modules = sizeof supported_modules / sizeof supported_modules[0],
                                         .attr_supported = attr_supported, .attr_refused = attr_refused,
                                         .builtin_refused = builtin_refused};
    return &opt;
}

LsRt *ls_rt_new(const LsRtOptions *opt) {
    LsRt *rt = calloc(1, sizeof *rt);
    if (!rt) return NULL;
    rt->opt = *opt;
    if (!rt->opt.out) rt->opt.out = stdout;
    if (!rt->opt.err) rt->opt.err = stderr;
    ls_mem_init(&rt->mem);
    ls_clock_init(&rt->clock);
    ls_mem_init(&rt->log_mem);
    rt->mem.limit = opt->max_memory; /* issue 4: MemoryError past it */
    ls_events_init(&rt->log, &rt->log_mem);
    ls_events_set_max(&rt->log, opt->max_events ? opt->max_events : LS_RT_DEFAULT_MAX_EVENTS); /* issue 4 */
    ls_buf_init(&rt->line);
    LsVmHost host = {.ud = rt, .write = host_write, .line = host_line, .mark_roots = host_mark};
    rt->running_loop = LS_NONE;
    rt->event_loop = LS_UNDEF;
    rt->current_task = LS_NONE;
    rt->fatal = LS_NONE;
    if (!ls_vm_init(&rt->vm, &rt->mem, &host)) { ls_rt_free(rt); return NULL; }
    rt->vm.gc_enabled = false;
    rt->loops = ls_list_new(&rt->vm, 0);
    rt->tasks = ls_list_new(&rt->vm, 0);
    rt->failed = ls_list_new(&rt->vm, 0);
    if (!rt->loops || !rt->tasks || !rt->failed || !setup_modules(rt)) { ls_rt_free(rt); return NULL; }
    rt->vm.gc_enabled = true;
    return rt;
}

void ls_rt_free(LsRt *rt) {
    if (!rt) return;
    ls_vm_fini(&rt->vm);
    rt_sync_free(rt);
    ls_program_free(rt->prelude);
    ls_events_fini(&rt->log);
    ls_buf_fini(&rt->line);
    ls_buf_fini(&rt->rec_a); /* issue 4 */
    ls_buf_fini(&rt->rec_b);
    ls_buf_fini(&rt->rec_c);
    free(rt);
}

const LsEventLog *ls_rt_events(const LsRt *rt) { return rt->opt.record ? &rt->log : NULL; }

static int exit_status_of(LsRt *rt, LsValue exc) {
    LsVm *vm = &rt->vm;
    if (ls_isinstance(vm, exc, vm->types.e_SystemExit)) {
        LsExc *e = AS_EXC(exc);
        LsValue code = e->args && e->args->n ? e->args->items[0] : LS_NONE;
        if (LS_IS_NONE(code)) return 0;
        if (LS_IS_INT(code) || LS_IS_BOOL(code)) return LS_IS_BOOL(code) ? code.u.b : (int)code.u.i;
        LsBuf b;
        ls_buf_init(&b);
        ls_str(vm, code, &b);
        ls_buf_putc(&b, '\n');
        host_write(rt, 2, b.data, b.len);
        ls_buf_fini(&b);
        return 1;
    }
    LsBuf b;
    ls_buf_init(&b);
    ls_vm_format_exception(vm, exc, &b);
    flush_partial(rt);
    host_write(rt, 2, b.data, b.len);
    ls_buf_fini(&b);
    return LS_EXIT_RAISED;
}

/* What CPython logs when the program's objects die at exit: tasks still
 * pending ("Task was destroyed but it is pending!") and failures nobody
 * retrieved. A task the module's globals still hold dies at interpreter
 * shutdown with its coroutine intact ("running at FILE:LINE"); one nobody
 * references was already collected together with its coroutine, which
 * CPython finalizes first ("done, defined at"). loopscope prints the
 * unreferenced ones first, then the held ones, each in creation order. */
static void report_at_exit(LsRt *rt) {
    report_unretrieved(rt, LS_UNDEF);
    LsDict *globals = rt->module && rt->module->fn ? rt->module->fn->globals : NULL;
    for (int held = 0; held < 2; held++) {
        for (uint32_t i = 0; i < rt->tasks->n; i++) {
            LsValue tv = rt->tasks->items[i];
            RtFuture *t = FUT(tv);
            if (t->state != FUT_PENDING) continue;
            bool is_held = false;
            for (uint32_t k = 0; globals && k < globals->n_entries; k++)
                if (globals->entries[k].value.tag == LS_T_OBJ && globals->entries[k].value.u.o == tv.u.o) is_held = true;
            if (is_held != (held == 1)) continue;
            LsCoro *c = (LsCoro *)t->coro.u.o;
            uint8_t state = c->state;
            if (!is_held) c->state = LS_CO_DONE;
            LsBuf b;
            ls_buf_init(&b);
            ls_buf_puts(&b, "Task was destroyed but it is pending!\ntask: ");
            if (rt_future_repr(rt, tv, &b) < 0) rt->vm.exc = LS_NONE;
            ls_buf_putc(&b, '\n');
            c->state = state;
            host_write(rt, 2, b.data, b.len);
            ls_buf_fini(&b);
        }
    }
}

int ls_rt_run(LsRt *rt, const LsProgram *prog) {
    LsVm *vm = &rt->vm;
    rt->module = ls_vm_load(vm, prog);
    if (!rt->module) {
        fputs("loopscope: out of memory while loading the program\n", rt->opt.err);
        return LS_EXIT_USAGE;
    }
    ls_rt_stdmods_program_loaded(vm);
    LsValue send = LS_NONE, exc = LS_UNDEF, io;
    int status = LS_EXIT_OK;
    for (;;) {
        LsResult r = ls_vm_resume(vm, rt->module, send, exc, &io);
        send = LS_NONE;
        exc = LS_UNDEF;
        if (r == LS_RES_RETURN) break;
        if (r == LS_RES_RAISE) { status = exit_status_of(rt, io); break; }
        if (r == LS_RES_YIELD) {
            ls_vm_raisef(vm, vm->types.e_RuntimeError, "'await' outside a running event loop");
            exc = vm->exc;
            continue;
        }
        /* A request from asyncio.run / run_until_complete / run_forever. */
        LsTuple *req = AS_TUPLE(io);
        ls_vm_push_root(vm, io);
        int kind = (int)req->items[0].u.i;
        LsValue result = LS_NONE;
        bool raised = false;
        int st;
        if (kind == REQ_RUN) st = asyncio_run(rt, req->items[1], &result, &raised);
        else if (kind == REQ_RUC) st = run_until_complete(rt, req->items[1], req->items[2], &result, &raised);
        else {
            trace_phase(rt, LS_UNDEF);
            st = run_forever(rt, req->items[1]);
        }
        ls_vm_pop_roots(vm, 1);
        if (st == RUN_DEADLOCK) return LS_EXIT_DEADLOCK;
        if (!LS_IS_NONE(rt->fatal)) { exc = rt->fatal; rt->fatal = LS_NONE; continue; }
        if (raised) exc = vm->exc;
        else send = result;
    }
    report_at_exit(rt);
    flush_partial(rt);
    if (rt->opt.record && ls_events_limited(&rt->log)) /* issue 4 */
        fprintf(rt->opt.err, "loopscope: the recording stopped at the step limit (%llu events)\n",
                (unsigned long long)ls_events_count(&rt->log));
    fflush(rt->opt.err);
    return status;
}
