/* ls_rt_sync — asyncio's synchronization primitives and queues: Lock, Event,
 * Condition, Semaphore, BoundedSemaphore, Queue, PriorityQueue, LifoQueue.
 *
 * Design note. CPython writes these in Python (Lib/asyncio/locks.py and
 * queues.py) on top of plain futures: a waiter is a loop future kept in a
 * FIFO list, woken with set_result, and the awaiting task resumes through
 * its ordinary __wakeup. We keep exactly that shape so wake-up order,
 * callback hops and cancellation delivery match CPython step for step: each
 * `async def` method is a native coroutine whose states are the points where
 * the Python version awaits, and each waiter is an rt future ("Future#n" in
 * loop traces, as in CPython). Where a Python method awaits another coroutine
 * (Condition.wait re-acquiring its lock, Queue.join waiting on its Event) the
 * native drives the inner native coroutine's step function itself.
 *
 * Native coroutine slots: nv[0] = the primitive, nv[1] = the waiter future
 * (or an inner coroutine), nv[2] = an argument or a pending exception. The
 * low bits of nstate are the state; ST_RET_NONE marks "__aenter__, which
 * returns None instead of True"; ST_CANCELLED is Condition.wait's flag. */
#include "ls_rt_int.h"

#include <string.h>

typedef enum { SY_LOCK, SY_EVENT, SY_COND, SY_SEM, SY_BSEM, SY_QUEUE, SY_PQUEUE, SY_LQUEUE } SyKind;

typedef struct RtSync {
    uint8_t kind;
    bool flag;            /* Lock: _locked; Event: _value */
    int64_t value, bound; /* Semaphore: _value, _bound_value; Queue: _maxsize */
    int64_t unfinished;   /* Queue: _unfinished_tasks */
    LsList *waiters;      /* Lock/Event/Condition/Semaphore _waiters; Queue _getters */
    LsList *putters;      /* Queue: _putters */
    LsList *items;        /* Queue: _queue (a heap for PriorityQueue) */
    LsValue loop;         /* _LoopBoundMixin._loop, NONE until first bound */
    LsValue other;        /* Condition: its Lock; Queue: its _finished Event */
} RtSync;

enum { ST_MASK = 0x0F, ST_RET_NONE = 0x10, ST_CANCELLED = 0x20 };

/* Per-runtime types and coroutine names, created by rt_sync_setup. */
struct RtSyncState {
    LsType *t_lock, *t_event, *t_cond, *t_sem, *t_bsem, *t_queue, *t_pqueue, *t_lqueue;
    LsType *e_QueueEmpty, *e_QueueFull;
    LsStr *n_lock_acquire, *n_aenter, *n_aexit, *n_event_wait, *n_sem_acquire, *n_cond_wait, *n_put, *n_get,
        *n_join;
};

static RtSync *SY(LsValue v) { return (RtSync *)AS_INSTANCE(v)->payload; }
static struct RtSyncState *SS(LsVm *vm) { return RT(vm)->sync; }

static void mark_sync(LsVm *vm, LsObj *o) {
    RtSync *s = (RtSync *)((LsInstance *)o)->payload;
    if (!s) return;
    ls_gc_mark_obj(vm, (LsObj *)s->waiters);
    ls_gc_mark_obj(vm, (LsObj *)s->putters);
    ls_gc_mark_obj(vm, (LsObj *)s->items);
    ls_gc_mark_value(vm, s->loop);
    ls_gc_mark_value(vm, s->other);
}
static void free_sync(LsVm *vm, LsObj *o) { ls_mem_free(vm->mem, ((LsInstance *)o)->payload, sizeof(RtSync)); }

void rt_sync_mark(LsVm *vm, struct RtSyncState *ss) {
    if (!ss) return;
    LsType *types[] = {ss->t_lock, ss->t_event, ss->t_cond, ss->t_sem, ss->t_bsem, ss->t_queue,
                       ss->t_pqueue, ss->t_lqueue, ss->e_QueueEmpty, ss->e_QueueFull};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) ls_gc_mark_obj(vm, (LsObj *)types[i]);
    LsStr *names[] = {ss->n_lock_acquire, ss->n_aenter, ss->n_aexit, ss->n_event_wait, ss->n_sem_acquire,
                      ss->n_cond_wait, ss->n_put, ss->n_get, ss->n_join};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) ls_gc_mark_obj(vm, (LsObj *)names[i]);
}

static LsValue new_sync(LsVm *vm, LsType *t, SyKind kind) {
    RtSync *s = ls_mem_calloc(vm->mem, sizeof(RtSync));
    if (!s) return LS_UNDEF;
    s->kind = (uint8_t)kind;
    s->loop = s->other = LS_NONE;
    LsInstance *in = ls_instance_new(vm, t, s);
    if (!in) { ls_mem_free(vm->mem, s, sizeof *s); return LS_UNDEF; }
    s->waiters = ls_list_new(vm, 0);
    if (!s->waiters) return LS_UNDEF;
    return LS_OBJ(in);
}

/* ---- small list helpers (the deques of the Python version) ---- */

static bool list_remove(LsList *l, LsValue v) {
    for (uint32_t i = 0; i < l->n; i++)
        if (l->items[i].tag == v.tag && l->items[i].u.o == v.u.o) {
            LS_MEMMOVE(l->items + i, l->items + i + 1, (l->n - i - 1) * sizeof(LsValue));
            l->n--;
            return true;
        }
    return false;
}

static LsValue list_popleft(LsList *l) {
    LsValue v = l->items[0];
    LS_MEMMOVE(l->items, l->items + 1, (l->n - 1) * sizeof(LsValue));
    l->n--;
    return v;
}

static bool fut_done(LsValue f) { return FUT(f)->state != FUT_PENDING; }
static bool fut_cancelled(LsValue f) { return FUT(f)->state == FUT_CANCELLED; }

/* _LoopBoundMixin._get_loop(): bind to the running loop on first use. */
static LsValue get_loop(LsVm *vm, LsValue self) {
    RtSync *s = SY(self);
    LsValue loop = RT(vm)->running_loop;
    if (LS_IS_NONE(s->loop)) s->loop = loop;
    if (loop.u.o != s->loop.u.o || loop.tag != s->loop.tag) {
        ls_vm_raisef(vm, vm->types.e_RuntimeError, "<%s object> is bound to a different event loop",
                     AS_INSTANCE(self)->type->name->data);
        return LS_UNDEF;
    }
    if (LS_IS_NONE(loop)) {
        ls_vm_raisef(vm, vm->types.e_AttributeError, "'NoneType' object has no attribute 'create_future'");
        return LS_UNDEF;
    }
    return loop;
}

/* A new waiter future appended to `list`; UNDEF with vm->exc on error. */
static LsValue new_waiter(LsVm *vm, LsValue self, LsList *list) {
    LsValue loop = get_loop(vm, self);
    if (LS_IS_UNDEF(loop)) return LS_UNDEF;
    LsValue fut = rt_new_future(RT(vm), RT(vm)->t_future, loop);
    if (LS_IS_UNDEF(fut) || !ls_list_append(vm, list, fut)) { ls_vm_oom(vm); return LS_UNDEF; }
    return fut;
}

/* Suspend the coroutine on `fut` (the task registers its wake-up). */
static LsResult yield_on(LsCoro *co, LsValue fut, int state, LsValue *out) {
    co->nv[1] = fut;
    co->nstate = (co->nstate & ~ST_MASK) | state;
    FUT(fut)->blocking = true;
    *out = fut;
    return LS_RES_YIELD;
}

/* After a resume: the exception `await fut` raises (thrown in, or fut's
 * own from result()), or UNDEF if it returned normally. */
static LsValue await_outcome(LsVm *vm, LsValue fut, LsValue exc) {
    if (!LS_IS_UNDEF(exc)) return exc;
    LsValue r;
    return rt_fut_result(RT(vm), fut, &r) ? LS_UNDEF : vm->exc;
}

static LsResult raise_exc(LsVm *vm, LsValue *out) {
    *out = vm->exc;
    return LS_RES_RAISE;
}

static LsCoro *native_coro(LsVm *vm, LsNativeCoroFn fn, LsStr *name, LsValue self) {
    LsCoro *co = ls_vm_native_coro_named(vm, fn, name);
    if (co) co->nv[0] = self;
    return co;
}

/* The shape every `acquire`/`wait` of locks.py shares:
 *     if <can take it now>: <take it>; return True
 *     fut = loop.create_future(); waiters.append(fut)
 *     try: await fut  finally: waiters.remove(fut)   (+ clean-up on error)
 *     <after the wake-up>; return True
 * A WaitOps supplies the parts in angle brackets for one primitive. */
typedef struct WaitOps {
    bool (*take_now)(RtSync *s);                               /* fast path, taking it if possible */
    void (*failed)(LsVm *vm, RtSync *s, LsValue fut, LsValue err); /* the await raised err */
    void (*woken)(LsVm *vm, RtSync *s);                        /* the await returned */
} WaitOps;

static LsResult wait_step(LsVm *vm, LsCoro *co, LsValue exc, const WaitOps *ops, LsValue *out) {
    LsValue self = co->nv[0];
    RtSync *s = SY(self);
    LsValue done = (co->nstate & ST_RET_NONE) ? LS_NONE : LS_BOOL(true);
    if ((co->nstate & ST_MASK) == 0) {
        if (!LS_IS_UNDEF(exc)) { *out = exc; return LS_RES_RAISE; }
        if (ops->take_now(s)) { *out = done; return LS_RES_RETURN; }
        LsValue fut = new_waiter(vm, self, s->waiters);
        if (LS_IS_UNDEF(fut)) return raise_exc(vm, out);
        return yield_on(co, fut, 1, out);
    }
    LsValue fut = co->nv[1];
    LsValue err = await_outcome(vm, fut, exc);
    list_remove(s->waiters, fut);
    if (!LS_IS_UNDEF(err)) {
        if (ops->failed) ops->failed(vm, s, fut, err);
        *out = err;
        return LS_RES_RAISE;
    }
    if (ops->woken) ops->woken(vm, s);
    *out = done;
    return LS_RES_RETURN;
}

/* A method that is an `async def` in CPython: return its coroutine. */
static int coro_of(LsVm *vm, LsNativeCoroFn fn, LsStr *name, LsValue self, LsValue *out) {
    LsCoro *co = native_coro(vm, fn, name, self);
    if (!co) return ls_vm_oom(vm);
    *out = LS_OBJ(co);
    return LS_NAT_OK;
}

/* ---- Lock ---------------------------------------------------------------------------- */

static void lock_wake_up_first(LsVm *vm, RtSync *s) {
    if (!s->waiters->n) return;
    LsValue fut = s->waiters->items[0];
    if (!fut_done(fut)) rt_fut_set_result(RT(vm), fut, LS_BOOL(true));
}

static bool all_cancelled(LsList *l) {
    for (uint32_t i = 0; i < l->n; i++)
        if (!fut_cancelled(l->items[i])) return false;
    return true;
}

/* Lock.acquire (and, with ST_RET_NONE, _ContextManagerMixin.__aenter__). */
static bool lock_take_now(RtSync *s) {
    if (s->flag || !all_cancelled(s->waiters)) return false;
    s->flag = true;
    return true;
}
static void lock_failed(LsVm *vm, RtSync *s, LsValue fut, LsValue err) {
    (void)fut;
    if (rt_is_cancelled_error(RT(vm), err) && !s->flag) lock_wake_up_first(vm, s);
}
static void lock_woken(LsVm *vm, RtSync *s) { (void)vm; s->flag = true; }
static const WaitOps LOCK_OPS = {lock_take_now, lock_failed, lock_woken};

static LsResult lock_acquire_step(LsVm *vm, LsCoro *co, LsValue send, LsValue exc, LsValue *out) {
    (void)send;
    return wait_step(vm, co, exc, &LOCK_OPS, out);
}

static int lock_release(LsVm *vm, RtSync *s) {
    if (!s->flag) return ls_vm_raisef(vm, vm->types.e_RuntimeError, "Lock is not acquired.");
    s->flag = false;
    lock_wake_up_first(vm, s);
    return LS_NAT_OK;
}

NAT(lock_new) {
    if (argc || (kw && kw->n)) return ls_vm_raisef(vm, vm->types.e_TypeError, "Lock.__init__() takes 1 positional argument but %u were given", argc + 1);
    *out = new_sync(vm, SS(vm)->t_lock, SY_LOCK);
    return LS_IS_UNDEF(*out) ? ls_vm_oom(vm) : LS_NAT_OK;
}
NAT(lock_m_locked) { *out = LS_BOOL(SY(self)->flag); return LS_NAT_OK; }
NAT(lock_m_release) { *out = LS_NONE; return lock_release(vm, SY(self)); }
NAT(lock_m_acquire) { return coro_of(vm, lock_acquire_step, SS(vm)->n_lock_acquire, self, out); }

/* ---- Semaphore / BoundedSemaphore ------------------------------------------------------ */

static bool sem_locked(RtSync *s) {
    if (s->value == 0) return true;
    for (uint32_t i = 0; i < s->waiters->n; i++)
        if (!fut_cancelled(s->waiters->items[i])) return true;
    return false;
}

static void sem_wake_up_next(LsVm *vm, RtSync *s) {
    for (uint32_t i = 0; i < s->waiters->n; i++) {
        LsValue fut = s->waiters->items[i];
        if (!fut_done(fut)) {
            s->value--;
            rt_fut_set_result(RT(vm), fut, LS_BOOL(true));
            return;
        }
    }
}

static bool sem_take_now(RtSync *s) {
    if (sem_locked(s)) return false;
    s->value--;
    return true;
}
static void sem_failed(LsVm *vm, RtSync *s, LsValue fut, LsValue err) {
    if (rt_is_cancelled_error(RT(vm), err) && !fut_cancelled(fut)) {
        s->value++;
        sem_wake_up_next(vm, s);
    }
}
static void sem_woken(LsVm *vm, RtSync *s) {
    if (s->value > 0) sem_wake_up_next(vm, s);
}
static const WaitOps SEM_OPS = {sem_take_now, sem_failed, sem_woken};

static LsResult sem_acquire_step(LsVm *vm, LsCoro *co, LsValue send, LsValue exc, LsValue *out) {
    (void)send;
    return wait_step(vm, co, exc, &SEM_OPS, out);
}

static int sem_release(LsVm *vm, RtSync *s) {
    if (s->kind == SY_BSEM && s->value >= s->bound)
        return ls_vm_raisef(vm, vm->types.e_ValueError, "BoundedSemaphore released too many times");
    s->value++;
    sem_wake_up_next(vm, s);
    return LS_NAT_OK;
}

static int sem_make(LsVm *vm, LsType *t, SyKind kind, const char *cls, uint32_t argc, const LsValue *argv,
                    const LsKwargs *kw, LsValue *out) {
    LsValue v = argc ? argv[0] : rt_kwarg(kw, "value");
    if (argc > 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "%s.__init__() takes from 1 to 2 positional arguments but %u were given", cls, argc + 1);
    int64_t n = 1;
    if (!LS_IS_UNDEF(v)) {
        if (!LS_IS_INT(v) && !LS_IS_BOOL(v)) return ls_vm_raisef(vm, vm->types.e_TypeError, "'<' not supported between instances of '%s' and 'int'", ls_type_name(vm, v));
        n = LS_IS_BOOL(v) ? v.u.b : v.u.i;
    }
    if (n < 0) return ls_vm_raisef(vm, vm->types.e_ValueError, "Semaphore initial value must be >= 0");
    *out = new_sync(vm, t, kind);
    if (LS_IS_UNDEF(*out)) return ls_vm_oom(vm);
    SY(*out)->value = SY(*out)->bound = n;
    return LS_NAT_OK;
}
NAT(sem_new) { return sem_make(vm, SS(vm)->t_sem, SY_SEM, "Semaphore", argc, argv, kw, out); }
NAT(bsem_new) { return sem_make(vm, SS(vm)->t_bsem, SY_BSEM, "BoundedSemaphore", argc, argv, kw, out); }
NAT(sem_m_locked) { *out = LS_BOOL(sem_locked(SY(self))); return LS_NAT_OK; }
NAT(sem_m_release) { *out = LS_NONE; return sem_release(vm, SY(self)); }
NAT(sem_m_acquire) { return coro_of(vm, sem_acquire_step, SS(vm)->n_sem_acquire, self, out); }

/* ---- the async context manager protocol of Lock, Semaphore and Condition ---------------- */

/* The object whose acquire/release `self` uses (a Condition's lock). */
static LsValue cm_target(LsValue self) { return SY(self)->kind == SY_COND ? SY(self)->other : self; }

NAT(cm_m_aenter) {
    LsValue t = cm_target(self);
    bool is_sem = SY(t)->kind == SY_SEM || SY(t)->kind == SY_BSEM;
    LsCoro *co = native_coro(vm, is_sem ? sem_acquire_step : lock_acquire_step, SS(vm)->n_aenter, t);
    if (!co) return ls_vm_oom(vm);
    co->nstate = ST_RET_NONE;
    *out = LS_OBJ(co);
    return LS_NAT_OK;
}

static LsResult aexit_step(LsVm *vm, LsCoro *co, LsValue send, LsValue exc, LsValue *out) {
    (void)send;
    if (!LS_IS_UNDEF(exc)) { *out = exc; return LS_RES_RAISE; }
    RtSync *s = SY(co->nv[0]);
    int r = (s->kind == SY_SEM || s->kind == SY_BSEM) ? sem_release(vm, s) : lock_release(vm, s);
    if (r != LS_NAT_OK) return raise_exc(vm, out);
    *out = LS_NONE;
    return LS_RES_RETURN;
}

NAT(cm_m_aexit) {
    LsCoro *co = native_coro(vm, aexit_step, SS(vm)->n_aexit, cm_target(self));
    if (!co) return ls_vm_oom(vm);
    *out = LS_OBJ(co);
    return LS_NAT_OK;
}

/* ---- Event ------------------------------------------------------------------------------- */

static void event_set(LsVm *vm, RtSync *s) {
    if (s->flag) return;
    s->flag = true;
    for (uint32_t i = 0; i < s->waiters->n; i++)
        if (!fut_done(s->waiters->items[i])) rt_fut_set_result(RT(vm), s->waiters->items[i], LS_BOOL(true));
}

static bool event_take_now(RtSync *s) { return s->flag; }
static const WaitOps EVENT_OPS = {event_take_now, NULL, NULL};

static LsResult event_wait_step(LsVm *vm, LsCoro *co, LsValue send, LsValue exc, LsValue *out) {
    (void)send;
    return wait_step(vm, co, exc, &EVENT_OPS, out);
}

NAT(event_new) {
    if (argc || (kw && kw->n)) return ls_vm_raisef(vm, vm->types.e_TypeError, "Event.__init__() takes 1 positional argument but %u were given", argc + 1);
    *out = new_sync(vm, SS(vm)->t_event, SY_EVENT);
    return LS_IS_UNDEF(*out) ? ls_vm_oom(vm) : LS_NAT_OK;
}
NAT(event_m_is_set) { *out = LS_BOOL(SY(self)->flag); return LS_NAT_OK; }
NAT(event_m_set) { event_set(vm, SY(self)); *out = LS_NONE; return LS_NAT_OK; }
NAT(event_m_clear) { SY(self)->flag = false; *out = LS_NONE; return LS_NAT_OK; }
NAT(event_m_wait) { return coro_of(vm, event_wait_step, SS(vm)->n_event_wait, self, out); }

/* ---- Condition --------------------------------------------------------------------------- */

static LsResult cond_finish(LsVm *vm, LsCoro *co, LsValue *out) {
    if (co->nstate & ST_CANCELLED) {
        *out = rt_make_cancelled_error(RT(vm), LS_NONE);
        return LS_RES_RAISE;
    }
    if (!LS_IS_UNDEF(co->nv[2])) { *out = co->nv[2]; return LS_RES_RAISE; }
    *out = LS_BOOL(true);
    return LS_RES_RETURN;
}

/* The `finally: while True: try: await self.acquire()` part of wait(): start
 * (or, from state 2, resume) re-acquiring the lock. */
static LsResult cond_reacquire(LsVm *vm, LsCoro *co, LsValue send, LsValue exc, bool start, LsValue *out) {
    RtSync *s = SY(co->nv[0]);
    for (;;) {
        if (start) {
            LsCoro *inner = native_coro(vm, lock_acquire_step, SS(vm)->n_lock_acquire, s->other);
            if (!inner) { ls_vm_oom(vm); return raise_exc(vm, out); }
            co->nv[1] = LS_OBJ(inner);
            send = LS_NONE;
            exc = LS_UNDEF;
        }
        LsValue r;
        LsResult res = lock_acquire_step(vm, (LsCoro *)co->nv[1].u.o, send, exc, &r);
        if (res == LS_RES_YIELD) {
            co->nstate = (co->nstate & ~ST_MASK) | 2;
            *out = r;
            return LS_RES_YIELD;
        }
        if (res == LS_RES_RETURN) return cond_finish(vm, co, out);
        if (!rt_is_cancelled_error(RT(vm), r)) { *out = r; return LS_RES_RAISE; }
        co->nstate |= ST_CANCELLED;
        start = true;
    }
}

static LsResult cond_wait_step(LsVm *vm, LsCoro *co, LsValue send, LsValue exc, LsValue *out) {
    LsValue self = co->nv[0];
    RtSync *s = SY(self);
    switch (co->nstate & ST_MASK) {
    case 0: {
        if (!LS_IS_UNDEF(exc)) { *out = exc; return LS_RES_RAISE; }
        if (!SY(s->other)->flag) {
            ls_vm_raisef(vm, vm->types.e_RuntimeError, "cannot wait on un-acquired lock");
            return raise_exc(vm, out);
        }
        lock_release(vm, SY(s->other));
        LsValue fut = new_waiter(vm, self, s->waiters);
        if (LS_IS_UNDEF(fut)) return raise_exc(vm, out);
        co->nv[2] = LS_UNDEF;
        return yield_on(co, fut, 1, out);
    }
    case 1: {
        LsValue fut = co->nv[1];
        co->nv[2] = await_outcome(vm, fut, exc); /* pending exception, UNDEF if none */
        list_remove(s->waiters, fut);
        return cond_reacquire(vm, co, LS_NONE, LS_UNDEF, true, out);
    }
    default: return cond_reacquire(vm, co, send, exc, false, out);
    }
}

NAT(cond_new) {
    LsValue lock = argc ? argv[0] : rt_kwarg(kw, "lock");
    if (argc > 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "Condition.__init__() takes from 1 to 2 positional arguments but %u were given", argc + 1);
    if (LS_IS_UNDEF(lock) || LS_IS_NONE(lock)) {
        if (lock_new(vm, self, 0, NULL, NULL, &lock) != LS_NAT_OK) return LS_NAT_ERR;
    } else if (!LS_IS_KIND(lock, INSTANCE) || AS_INSTANCE(lock)->type != SS(vm)->t_lock) {
        return ls_vm_raisef(vm, vm->types.e_TypeError, "loopscope supports asyncio.Condition only over an asyncio.Lock");
    }
    ls_vm_push_root(vm, lock);
    *out = new_sync(vm, SS(vm)->t_cond, SY_COND);
    ls_vm_pop_roots(vm, 1);
    if (LS_IS_UNDEF(*out)) return ls_vm_oom(vm);
    SY(*out)->other = lock;
    return LS_NAT_OK;
}
NAT(cond_m_locked) { *out = LS_BOOL(SY(SY(self)->other)->flag); return LS_NAT_OK; }
NAT(cond_m_release) { *out = LS_NONE; return lock_release(vm, SY(SY(self)->other)); }
NAT(cond_m_acquire) { return lock_m_acquire(vm, SY(self)->other, argc, argv, kw, out); }
NAT(cond_m_wait) { return coro_of(vm, cond_wait_step, SS(vm)->n_cond_wait, self, out); }

static int cond_notify(LsVm *vm, RtSync *s, int64_t n) {
    if (!SY(s->other)->flag) return ls_vm_raisef(vm, vm->types.e_RuntimeError, "cannot notify on un-acquired lock");
    int64_t idx = 0;
    for (uint32_t i = 0; i < s->waiters->n; i++) {
        if (idx >= n) break;
        LsValue fut = s->waiters->items[i];
        if (!fut_done(fut)) {
            idx++;
            rt_fut_set_result(RT(vm), fut, LS_BOOL(false));
        }
    }
    return LS_NAT_OK;
}
NAT(cond_m_notify) {
    LsValue n = argc ? argv[0] : rt_kwarg(kw, "n");
    int64_t k = 1;
    if (!LS_IS_UNDEF(n)) {
        if (!LS_IS_INT(n)) return ls_vm_raisef(vm, vm->types.e_TypeError, "'>=' not supported between instances of 'int' and '%s'", ls_type_name(vm, n));
        k = n.u.i;
    }
    *out = LS_NONE;
    return cond_notify(vm, SY(self), k);
}
NAT(cond_m_notify_all) { *out = LS_NONE; return cond_notify(vm, SY(self), SY(self)->waiters->n); }

/* ---- Queue, PriorityQueue, LifoQueue -------------------------------------------------------- */

static bool q_full(RtSync *q) { return q->value > 0 && (int64_t)q->items->n >= q->value; }
static bool q_empty(RtSync *q) { return q->items->n == 0; }

static void q_wakeup_next(LsVm *vm, LsList *waiters) {
    while (waiters->n) {
        LsValue w = list_popleft(waiters);
        if (!fut_done(w)) {
            rt_fut_set_result(RT(vm), w, LS_NONE);
            break;
        }
    }
}

/* heapq's _siftdown / _siftup, step for step: equal items land where
 * CPython puts them. 0 ok, -1 a comparison raised. */
static int heap_siftdown(LsVm *vm, LsValue *h, uint32_t start, uint32_t pos) {
    LsValue item = h[pos];
    while (pos > start) {
        uint32_t parent = (pos - 1) >> 1;
        bool lt;
        if (ls_less(vm, item, h[parent], &lt) < 0) return -1;
        if (!lt) break;
        h[pos] = h[parent];
        pos = parent;
    }
    h[pos] = item;
    return 0;
}
static int heap_siftup(LsVm *vm, LsValue *h, uint32_t n, uint32_t pos) {
    uint32_t start = pos, child = 2 * pos + 1;
    LsValue item = h[pos];
    while (child < n) {
        uint32_t right = child + 1;
        if (right < n) {
            bool lt;
            if (ls_less(vm, h[child], h[right], &lt) < 0) return -1;
            if (!lt) child = right;
        }
        h[pos] = h[child];
        pos = child;
        child = 2 * pos + 1;
    }
    h[pos] = item;
    return heap_siftdown(vm, h, start, pos);
}

static int q_put_nowait(LsVm *vm, LsValue self, LsValue item) {
    RtSync *q = SY(self);
    if (q_full(q)) return ls_vm_raise(vm, ls_vm_new_exc_args(vm, SS(vm)->e_QueueFull, ls_tuple_new(vm, 0)));
    if (!ls_list_append(vm, q->items, item)) return ls_vm_oom(vm);
    if (q->kind == SY_PQUEUE && heap_siftdown(vm, q->items->items, 0, q->items->n - 1) < 0) return LS_NAT_ERR;
    q->unfinished++;
    SY(q->other)->flag = false; /* self._finished.clear() */
    q_wakeup_next(vm, q->waiters);
    return LS_NAT_OK;
}

static int q_get_nowait(LsVm *vm, LsValue self, LsValue *out) {
    RtSync *q = SY(self);
    if (q_empty(q)) return ls_vm_raise(vm, ls_vm_new_exc_args(vm, SS(vm)->e_QueueEmpty, ls_tuple_new(vm, 0)));
    LsList *l = q->items;
    if (q->kind == SY_LQUEUE) {
        *out = l->items[--l->n];
    } else if (q->kind == SY_PQUEUE) {
        LsValue last = l->items[--l->n];
        if (l->n) {
            *out = l->items[0];
            l->items[0] = last;
            if (heap_siftup(vm, l->items, l->n, 0) < 0) return LS_NAT_ERR;
        } else {
            *out = last;
        }
    } else {
        *out = list_popleft(l);
    }
    q_wakeup_next(vm, q->putters);
    return LS_NAT_OK;
}

/* Queue.put / Queue.get: `while full()/empty(): await a new waiter`, with
 * the bare `except:` clean-up of the Python version. nv[2] = put's item. */
static LsResult q_wait_step(LsVm *vm, LsCoro *co, LsValue exc, bool put, LsValue *out) {
    LsValue self = co->nv[0];
    RtSync *q = SY(self);
    LsList *waiters = put ? q->putters : q->waiters;
    if ((co->nstate & ST_MASK) == 0) {
        if (!LS_IS_UNDEF(exc)) { *out = exc; return LS_RES_RAISE; }
    } else {
        LsValue w = co->nv[1];
        LsValue err = await_outcome(vm, w, exc);
        if (!LS_IS_UNDEF(err)) {
            ls_vm_push_root(vm, err);
            rt_fut_cancel(RT(vm), w, LS_NONE);
            list_remove(waiters, w);
            if (!(put ? q_full(q) : q_empty(q)) && !fut_cancelled(w)) q_wakeup_next(vm, waiters);
            ls_vm_pop_roots(vm, 1);
            *out = err;
            return LS_RES_RAISE;
        }
    }
    if (put ? q_full(q) : q_empty(q)) {
        LsValue w = new_waiter(vm, self, waiters);
        if (LS_IS_UNDEF(w)) return raise_exc(vm, out);
        return yield_on(co, w, 1, out);
    }
    if (put) {
        if (q_put_nowait(vm, self, co->nv[2]) != LS_NAT_OK) return raise_exc(vm, out);
        *out = LS_NONE;
        return LS_RES_RETURN;
    }
    if (q_get_nowait(vm, self, out) != LS_NAT_OK) return raise_exc(vm, out);
    return LS_RES_RETURN;
}
static LsResult q_put_step(LsVm *vm, LsCoro *co, LsValue send, LsValue exc, LsValue *out) {
    (void)send;
    return q_wait_step(vm, co, exc, true, out);
}
static LsResult q_get_step(LsVm *vm, LsCoro *co, LsValue send, LsValue exc, LsValue *out) {
    (void)send;
    return q_wait_step(vm, co, exc, false, out);
}

/* Queue.join: `if self._unfinished_tasks > 0: await self._finished.wait()`. */
static LsResult q_join_step(LsVm *vm, LsCoro *co, LsValue send, LsValue exc, LsValue *out) {
    RtSync *q = SY(co->nv[0]);
    if ((co->nstate & ST_MASK) == 0) {
        if (!LS_IS_UNDEF(exc)) { *out = exc; return LS_RES_RAISE; }
        if (q->unfinished <= 0) { *out = LS_NONE; return LS_RES_RETURN; }
        LsCoro *inner = native_coro(vm, event_wait_step, SS(vm)->n_event_wait, q->other);
        if (!inner) { ls_vm_oom(vm); return raise_exc(vm, out); }
        co->nv[1] = LS_OBJ(inner);
        co->nstate = 1;
        send = LS_NONE;
    }
    LsValue r;
    LsResult res = event_wait_step(vm, (LsCoro *)co->nv[1].u.o, send, exc, &r);
    if (res == LS_RES_RETURN) r = LS_NONE;
    *out = r;
    return res;
}

static int q_make(LsVm *vm, LsType *t, SyKind kind, uint32_t argc, const LsValue *argv, const LsKwargs *kw, LsValue *out) {
    LsValue m = argc ? argv[0] : rt_kwarg(kw, "maxsize");
    if (argc > 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "Queue.__init__() takes from 1 to 2 positional arguments but %u were given", argc + 1);
    int64_t maxsize = 0;
    if (!LS_IS_UNDEF(m)) {
        if (!LS_IS_INT(m) && !LS_IS_BOOL(m)) return ls_vm_raisef(vm, vm->types.e_TypeError, "loopscope supports only an int maxsize for asyncio queues");
        maxsize = LS_IS_BOOL(m) ? m.u.b : m.u.i;
    }
    LsValue q = new_sync(vm, t, kind);
    if (LS_IS_UNDEF(q)) return ls_vm_oom(vm);
    ls_vm_push_root(vm, q);
    RtSync *s = SY(q);
    s->value = maxsize;
    s->putters = ls_list_new(vm, 0);
    s->items = ls_list_new(vm, 0);
    s->other = new_sync(vm, SS(vm)->t_event, SY_EVENT);
    ls_vm_pop_roots(vm, 1);
    if (!s->putters || !s->items || LS_IS_UNDEF(s->other)) return ls_vm_oom(vm);
    SY(s->other)->flag = true; /* self._finished.set() */
    *out = q;
    return LS_NAT_OK;
}
NAT(queue_new) { return q_make(vm, SS(vm)->t_queue, SY_QUEUE, argc, argv, kw, out); }
NAT(pqueue_new) { return q_make(vm, SS(vm)->t_pqueue, SY_PQUEUE, argc, argv, kw, out); }
NAT(lqueue_new) { return q_make(vm, SS(vm)->t_lqueue, SY_LQUEUE, argc, argv, kw, out); }
NAT(q_m_qsize) { *out = LS_INT(SY(self)->items->n); return LS_NAT_OK; }
NAT(q_m_empty) { *out = LS_BOOL(q_empty(SY(self))); return LS_NAT_OK; }
NAT(q_m_full) { *out = LS_BOOL(q_full(SY(self))); return LS_NAT_OK; }
/* The property getter: called as fget(queue), so the queue is argv[0]. */
NAT(q_m_maxsize) {
    LsValue q = argc == 1 ? argv[0] : self;
    if (!LS_IS_KIND(q, INSTANCE) || !(ls_isinstance(vm, q, SS(vm)->t_queue)))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "maxsize: a Queue is required");
    *out = LS_INT(SY(q)->value);
    return LS_NAT_OK;
}
NAT(q_m_put_nowait) {
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "Queue.put_nowait() takes 2 positional arguments but %u were given", argc + 1);
    *out = LS_NONE;
    return q_put_nowait(vm, self, argv[0]);
}
NAT(q_m_get_nowait) { return q_get_nowait(vm, self, out); }
NAT(q_m_task_done) {
    RtSync *q = SY(self);
    if (q->unfinished <= 0) return ls_vm_raisef(vm, vm->types.e_ValueError, "task_done() called too many times");
    if (--q->unfinished == 0) event_set(vm, SY(q->other));
    *out = LS_NONE;
    return LS_NAT_OK;
}
NAT(q_m_put) {
    LsValue item = argc ? argv[0] : rt_kwarg(kw, "item");
    if (LS_IS_UNDEF(item) || argc > 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "Queue.put() missing 1 required positional argument: 'item'");
    LsCoro *co = native_coro(vm, q_put_step, SS(vm)->n_put, self);
    if (!co) return ls_vm_oom(vm);
    co->nv[2] = item;
    *out = LS_OBJ(co);
    return LS_NAT_OK;
}
NAT(q_m_get) { return coro_of(vm, q_get_step, SS(vm)->n_get, self, out); }
NAT(q_m_join) { return coro_of(vm, q_join_step, SS(vm)->n_join, self, out); }
/* str(q): Queue._format(), which has no address in it (repr has one). */
NAT(q_m_str) {
    RtSync *q = SY(self);
    LsBuf b;
    ls_buf_init(&b);
    ls_buf_printf(&b, "<%s maxsize=%lld", AS_INSTANCE(self)->type->name->data, (long long)q->value);
    int r = 0;
    if (q->items->n) {
        ls_buf_puts(&b, " _queue=");
        r = ls_repr(vm, LS_OBJ(q->items), &b);
    }
    if (q->waiters->n) ls_buf_printf(&b, " _getters[%u]", q->waiters->n);
    if (q->putters->n) ls_buf_printf(&b, " _putters[%u]", q->putters->n);
    if (q->unfinished) ls_buf_printf(&b, " tasks=%lld", (long long)q->unfinished);
    ls_buf_putc(&b, '>');
    if (r == 0) {
        *out = ls_str_from_buf(vm, &b);
        if (LS_IS_UNDEF(*out)) r = ls_vm_oom(vm);
    }
    ls_buf_fini(&b);
    return r < 0 ? LS_NAT_ERR : LS_NAT_OK;
}

/* ---- setup ---------------------------------------------------------------------------------- */

static LsType *sync_type(LsVm *vm, const char *name, const char *module, LsType *base) {
    LsType *t = ls_type_new(vm, name, base ? base : vm->types.t_object, 0);
    if (!t) return NULL;
    t->module = module;
    t->mark = mark_sync;
    t->finalize = free_sync;
    return t;
}

bool rt_sync_setup(LsRt *rt, LsModule *aio) {
    LsVm *vm = &rt->vm;
    struct RtSyncState *ss = ls_mem_calloc(&rt->mem, sizeof *ss);
    if (!ss) return false;
    rt->sync = ss;
    ss->t_lock = sync_type(vm, "Lock", "asyncio.locks", NULL);
    ss->t_event = sync_type(vm, "Event", "asyncio.locks", NULL);
    ss->t_cond = sync_type(vm, "Condition", "asyncio.locks", NULL);
    ss->t_sem = sync_type(vm, "Semaphore", "asyncio.locks", NULL);
    ss->t_bsem = ss->t_sem ? sync_type(vm, "BoundedSemaphore", "asyncio.locks", ss->t_sem) : NULL;
    ss->t_queue = sync_type(vm, "Queue", "asyncio.queues", NULL);
    ss->t_pqueue = ss->t_queue ? sync_type(vm, "PriorityQueue", "asyncio.queues", ss->t_queue) : NULL;
    ss->t_lqueue = ss->t_queue ? sync_type(vm, "LifoQueue", "asyncio.queues", ss->t_queue) : NULL;
    ss->e_QueueEmpty = ls_type_new(vm, "QueueEmpty", vm->types.e_Exception, LS_TYPE_EXCEPTION);
    ss->e_QueueFull = ls_type_new(vm, "QueueFull", vm->types.e_Exception, LS_TYPE_EXCEPTION);
    if (!ss->t_lock || !ss->t_event || !ss->t_cond || !ss->t_sem || !ss->t_bsem || !ss->t_queue || !ss->t_pqueue ||
        !ss->t_lqueue || !ss->e_QueueEmpty || !ss->e_QueueFull)
        return false;
    ss->e_QueueEmpty->module = ss->e_QueueFull->module = "asyncio.queues";
#define NAME(field, s) (ss->field = ls_str_intern(vm, s, strlen(s))) != NULL
    if (!(NAME(n_lock_acquire, "Lock.acquire") && NAME(n_aenter, "_ContextManagerMixin.__aenter__") &&
          NAME(n_aexit, "_ContextManagerMixin.__aexit__") && NAME(n_event_wait, "Event.wait") &&
          NAME(n_sem_acquire, "Semaphore.acquire") && NAME(n_cond_wait, "Condition.wait") &&
          NAME(n_put, "Queue.put") && NAME(n_get, "Queue.get") && NAME(n_join, "Queue.join")))
        return false;
#undef NAME
    static const Entry lock_m[] = {{"__new__", lock_new}, {"locked", lock_m_locked}, {"acquire", lock_m_acquire},
        {"release", lock_m_release}, {"__aenter__", cm_m_aenter}, {"__aexit__", cm_m_aexit}, {NULL, NULL}};
    static const Entry sem_m[] = {{"__new__", sem_new}, {"locked", sem_m_locked}, {"acquire", sem_m_acquire},
        {"release", sem_m_release}, {"__aenter__", cm_m_aenter}, {"__aexit__", cm_m_aexit}, {NULL, NULL}};
    static const Entry bsem_m[] = {{"__new__", bsem_new}, {NULL, NULL}};
    static const Entry event_m[] = {{"__new__", event_new}, {"is_set", event_m_is_set}, {"set", event_m_set},
        {"clear", event_m_clear}, {"wait", event_m_wait}, {NULL, NULL}};
    static const Entry cond_m[] = {{"__new__", cond_new}, {"locked", cond_m_locked}, {"acquire", cond_m_acquire},
        {"release", cond_m_release}, {"wait", cond_m_wait}, {"notify", cond_m_notify},
        {"notify_all", cond_m_notify_all}, {"__aenter__", cm_m_aenter}, {"__aexit__", cm_m_aexit}, {NULL, NULL}};
    static const Entry queue_m[] = {{"__new__", queue_new}, {"qsize", q_m_qsize}, {"empty", q_m_empty},
        {"full", q_m_full}, {"put", q_m_put}, {"get", q_m_get}, {"put_nowait", q_m_put_nowait},
        {"get_nowait", q_m_get_nowait}, {"task_done", q_m_task_done}, {"join", q_m_join}, {"__str__", q_m_str},
        {"maxsize", q_m_maxsize}, {NULL, NULL}};
    static const Entry pqueue_m[] = {{"__new__", pqueue_new}, {NULL, NULL}};
    static const Entry lqueue_m[] = {{"__new__", lqueue_new}, {NULL, NULL}};
    if (!rt_add_all(vm, ss->t_lock, lock_m) || !rt_add_all(vm, ss->t_sem, sem_m) || !rt_add_all(vm, ss->t_bsem, bsem_m) ||
        !rt_add_all(vm, ss->t_event, event_m) || !rt_add_all(vm, ss->t_cond, cond_m) ||
        !rt_add_all(vm, ss->t_queue, queue_m) || !rt_add_all(vm, ss->t_pqueue, pqueue_m) ||
        !rt_add_all(vm, ss->t_lqueue, lqueue_m))
        return false;
    /* Queue.maxsize is a property: wrap the native getter registered above. */
    LsValue getter = ls_dict_get_str(ss->t_queue->methods, "maxsize"), prop;
    if (ls_vm_call(vm, LS_OBJ(vm->types.t_property), 1, &getter, &prop) != LS_RES_RETURN ||
        !ls_dict_set_str(vm, ss->t_queue->methods, "maxsize", prop))
        return false;
    ss->t_queue->tflags |= LS_TYPE_NATIVE_PROPS;
    ss->t_pqueue->tflags |= LS_TYPE_NATIVE_PROPS;
    ss->t_lqueue->tflags |= LS_TYPE_NATIVE_PROPS;
    LsType *exported[] = {ss->t_lock, ss->t_event, ss->t_cond, ss->t_sem, ss->t_bsem, ss->t_queue,
                          ss->t_pqueue, ss->t_lqueue, ss->e_QueueEmpty, ss->e_QueueFull};
    for (size_t i = 0; i < sizeof exported / sizeof exported[0]; i++)
        if (!ls_dict_set_str(vm, aio->dict, exported[i]->name->data, LS_OBJ(exported[i]))) return false;
    return true;
}

void rt_sync_free(LsRt *rt) {
    if (rt->sync) ls_mem_free(&rt->mem, rt->sync, sizeof(struct RtSyncState));
    rt->sync = NULL;
}
