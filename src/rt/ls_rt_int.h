/* ls_rt_int — the runtime's internals, shared by its files (ls_rt.c: futures,
 * tasks, gather, loops and the driver; ls_rt_sync.c: locks, events,
 * conditions, semaphores, barriers and queues; ls_rt_wait.c: wait_for, wait,
 * as_completed, shield, timeouts and task groups). Not a public header: only
 * src/rt includes it.
 *
 * Futures, tasks, loops and handles are VM instances whose C payload is one of
 * the structs below; FUT/LOOP/HND reach the payload of a value known to have
 * the right type. Functions named rt_* follow CPython's asyncio method of the
 * same name (rt_fut_set_result is Future.set_result, ...) and report Python
 * errors the VM way: LS_NAT_ERR / 0 with vm->exc set. */
#ifndef LS_RT_INT_H
#define LS_RT_INT_H

#include "ls_rt.h"
#include "ls_num.h"
#include "ls_arith.h"

typedef enum { FUT_PENDING, FUT_FINISHED, FUT_CANCELLED } FutState;

typedef struct RtLoop RtLoop;

typedef enum { H_STEP, H_WAKEUP, H_CALL, H_SET_RESULT_UC, H_RUC_CB, H_GATHER_DONE } HKind;

typedef struct RtHandle {
    LsHandle h;
    uint8_t kind;
    LsValue a, b;             /* task/future/callable and second operand */
    LsTuple *args;            /* H_CALL arguments */
    LsRt *rt;
    LsObj *self;              /* the handle instance */
    RtLoop *loop;             /* the loop it was scheduled on (for cancel) */
} RtHandle;

typedef struct RtFuture {
    uint8_t state;
    bool blocking, log_tb, is_task, is_gather;
    LsValue result, exc, cancel_msg, saved_cancel;
    LsList *callbacks;        /* Python callables or internal _cb instances */
    uint64_t label;           /* trace label number, 0 = not rendered yet */
    LsValue loop;             /* the loop object */
    /* Only a _GatheringFuture or a Task has the fields from here on: a plain
     * future (the waiter of every sleep, lock and queue wait) is allocated
     * without them (RT_FUTURE_PLAIN_SIZE), so look at them only after
     * checking is_gather / is_task. */
    LsList *children;
    uint32_t nfinished, nfuts;
    bool return_exceptions, cancel_requested;
    /* Task only (RT_FUTURE_GATHER_SIZE ends here) */
    LsValue coro;
    LsStr *name;
    LsValue fut_waiter;
    bool must_cancel;
    int64_t num_cancels;
    uint64_t id;
    /* Event-log strings this task used last (ls_events_intern_hinted): a
     * task's labels repeat step after step, so recording skips the intern
     * set for them. */
    LsStrRef hint_step, hint_wake, hint_end, hint_state, hint_shape;
    /* A task's own step/wakeup handle. CPython schedules at most one
     * __step or __wakeup per task at a time, so embedding it means a task
     * step allocates nothing (call_soon falls back to a fresh handle in the
     * odd case that this one is still queued). */
    RtHandle own;
} RtFuture;

#define RT_FUTURE_PLAIN_SIZE offsetof(RtFuture, children)
#define RT_FUTURE_GATHER_SIZE offsetof(RtFuture, coro)


typedef enum { CB_RUC, CB_GATHER, CB_CALL } CbKind;
typedef struct RtCb {
    uint8_t kind;
    LsValue target;
} RtCb;

struct RtLoop {
    LsLoop loop;
    bool closed, running;
    LsObj *self;
};

struct LsRt {
    LsMem mem;
    LsVm vm;
    LsClock clock;
    LsEventLog log;
    LsRtOptions opt;
    LsCoro *module;
    LsBuf line;               /* pending partial stdout line (timestamps) */
    bool line_open;           /* unterminated stdout line (loop trace) */
    LsType *t_loop, *t_future, *t_task, *t_gather, *t_handle, *t_timer_handle, *t_cb;
    LsType *e_CancelledError, *e_InvalidStateError;
    LsStr *s_sleep;           /* interned "sleep", the name of every sleep() coroutine */
    LsList *loops;            /* every loop object created */
    LsList *tasks;            /* tasks not yet done */
    LsList *failed;           /* futures/tasks that got an exception, in order (for never-retrieved logs) */
    LsValue running_loop;     /* NONE when no loop runs */
    LsValue event_loop;       /* get_event_loop()'s loop; UNDEF after asyncio.run */
    LsValue current_task;
    uint64_t task_counter, label_counter, task_ids;
    bool deadlock, event_loop_cleared;
    LsValue fatal;            /* SystemExit escaping the loop */
    struct RtSyncState *sync; /* ls_rt_sync.c's types and names */
    LsProgram *prelude;       /* the compiled ls_rt_prelude.py (its code outlives the VM's use) */
    /* issue 4: limits and view recording */
    size_t output_bytes;      /* program output so far (max_output) */
    LsMem log_mem;            /* the log's own budget, apart from the program's */
    LsBuf rec_a, rec_b, rec_c; /* scratch for labels and await chains */
};

static inline LsRt *RT(LsVm *vm) { return (LsRt *)vm->host.ud; }
static inline RtFuture *FUT(LsValue v) { return (RtFuture *)AS_INSTANCE(v)->payload; }
static inline RtLoop *LOOP(LsValue v) { return (RtLoop *)AS_INSTANCE(v)->payload; }
static inline RtHandle *HND(LsObj *o) { return (RtHandle *)((LsInstance *)o)->payload; }
/* The RtHandle around a scheduled LsHandle (it is the first member). */
static inline RtHandle *RTH(LsHandle *h) { return (RtHandle *)h; }

static inline bool is_future(LsValue v) {
    return LS_IS_KIND(v, INSTANCE) && (AS_INSTANCE(v)->type->tflags & LS_TYPE_FUTURE);
}
static inline bool is_task(LsValue v) { return is_future(v) && FUT(v)->is_task; }

static inline RtLoop *rt_loop_of(LsValue fut) { return LOOP(FUT(fut)->loop); }

#define MAYBE __attribute__((unused))
#define NAT(name) static int name(MAYBE LsVm *vm, MAYBE LsValue self, MAYBE uint32_t argc, MAYBE const LsValue *argv, MAYBE const LsKwargs *kw, MAYBE LsValue *out)
typedef struct { const char *name; LsNativeFn fn; } Entry;

/* ---- futures (Future's methods) ---- */
LsValue rt_new_future(LsRt *rt, LsType *t, LsValue loop);
int rt_fut_set_result(LsRt *rt, LsValue fut, LsValue v);
int rt_fut_set_exception(LsRt *rt, LsValue fut, LsValue e);
/* Future.cancel, dispatching to Task.cancel / _GatheringFuture.cancel. */
bool rt_fut_cancel(LsRt *rt, LsValue fut, LsValue msg);
bool rt_plain_cancel(LsRt *rt, LsValue fut, LsValue msg);
/* result(): 1 = *out has the value, 0 = raised (vm->exc). */
int rt_fut_result(LsRt *rt, LsValue fut, LsValue *out);
int rt_add_done_callback(LsRt *rt, LsValue fut, LsValue cb);
LsValue rt_make_cancelled_error(LsRt *rt, LsValue msg);
LsValue rt_cancelled_error_of(LsRt *rt, LsValue fut);
bool rt_is_cancelled_error(LsRt *rt, LsValue e);
LsValue rt_new_cb(LsRt *rt, CbKind kind, LsValue target);

/* ---- tasks and loops ---- */
LsValue rt_create_task(LsRt *rt, LsValue loop, LsValue coro, LsStr *name);
bool rt_task_cancel(LsRt *rt, LsValue task, LsValue msg);
LsValue rt_ensure_future(LsRt *rt, LsValue loopv, LsValue x);
int rt_call_soon(LsRt *rt, RtLoop *l, HKind kind, LsValue a, LsValue b);
RtHandle *rt_new_handle(LsRt *rt, HKind kind, LsValue a, LsValue b, bool timer);
/* The running loop, or RuntimeError("no running event loop") and UNDEF. */
LsValue rt_running_loop_or_raise(LsVm *vm);
const char *rt_coro_qualname(LsValue coro);

/* ---- natives ---- */
LsValue rt_kwarg(const LsKwargs *kw, const char *name);
bool rt_add_all(LsVm *vm, LsType *t, const Entry *e);
bool rt_mod_add(LsVm *vm, LsModule *m, const Entry *e);

/* ---- ls_rt_sync.c: Lock, Event, Condition, Semaphore, queues ---- */
bool rt_sync_setup(LsRt *rt, LsModule *aio);
void rt_sync_mark(LsVm *vm, struct RtSyncState *ss);
void rt_sync_free(LsRt *rt);

/* ---- ls_rt_prelude.c: wait_for, wait, as_completed, shield (Python) ---- */
bool rt_prelude_setup(LsRt *rt, LsModule *aio, LsNativeFn get_event_loop);

/* ---- ls_rt_repr.c ---- */
/* repr(fut) / repr(task) as asyncio prints them; -1 with vm->exc on error. */
int rt_future_repr(LsRt *rt, LsValue fut, LsBuf *out);
/* How asyncio's logs name a callback: "qualname(args) at FILE:LINE". */
void rt_callback_source(LsRt *rt, LsValue fn, const LsValue *args, uint32_t n, LsBuf *out);

/* ---- trace labels (tests/conformance/TRACE_FORMAT.md) ---- */
void rt_fut_label(LsRt *rt, LsValue fut, LsBuf *b);
void rt_arg_label(LsRt *rt, LsValue v, LsBuf *b);

#endif
