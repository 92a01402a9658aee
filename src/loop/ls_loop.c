/* ls_loop — the event loop: scheduling, cancellation and _run_once phase by
 * phase (see the design note in ls_loop.h). Every function that changes the
 * loop's state also appends the matching event when a log is attached. */
#include "ls_loop.h"

#include <assert.h>
#include <float.h>

/* Virtual time must evolve with exactly CPython's double arithmetic: no
 * excess precision in intermediate results (x87) that would round
 * `now + delay` differently. */
#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0
#error "loopscope needs FLT_EVAL_METHOD == 0 (IEEE double arithmetic, e.g. SSE2)"
#endif

void ls_loop_init(LsLoop *loop, LsMem *mem, LsClock *clock, LsEventLog *log) {
    *loop = (LsLoop){.mem = mem, .clock = clock, .log = log};
    ls_timerheap_init(&loop->timers, mem);
}

/* Forget every handle, clearing its pending flags; `discard` sees each. */
static size_t release_ready(LsLoop *loop, LsHandleVisit discard, void *ud) {
    size_t n = 0;
    LsHandle *h = loop->ready_head;
    loop->ready_head = loop->ready_tail = NULL;
    loop->ready_len = 0;
    while (h) {
        LsHandle *next = h->next; /* read before discard may free h */
        h->next = NULL;
        h->queued = 0;
        if (discard) discard(ud, h);
        h = next;
        n++;
    }
    return n;
}

/* Timers leave in (when, seq) order — the order the close trace line lists
 * them in — by popping, which needs no extra memory. */
static size_t release_timers(LsLoop *loop, LsHandleVisit discard, void *ud) {
    size_t n = 0;
    LsHandle *h;
    while ((h = ls_timerheap_pop(&loop->timers))) {
        h->scheduled = 0;
        if (discard) discard(ud, h);
        n++;
    }
    return n;
}

void ls_loop_fini(LsLoop *loop) {
    if (!loop) return;
    release_ready(loop, NULL, NULL);
    release_timers(loop, NULL, NULL);
    ls_timerheap_fini(&loop->timers);
    ls_mem_free(loop->mem, loop->snap, loop->snap_cap * sizeof *loop->snap);
    loop->snap = NULL;
    loop->snap_cap = 0;
}

/* ---- Scheduling ------------------------------------------------------------ */

static uint64_t next_id(LsLoop *loop) { return ++loop->clock->next_seq; }

static void ready_append(LsLoop *loop, LsHandle *h) {
    h->next = NULL;
    h->queued = 1;
    if (loop->ready_tail) loop->ready_tail->next = h;
    else loop->ready_head = h;
    loop->ready_tail = h;
    loop->ready_len++;
}

static LsHandle *ready_pop(LsLoop *loop) {
    LsHandle *h = loop->ready_head;
    loop->ready_head = h->next;
    if (!loop->ready_head) loop->ready_tail = NULL;
    loop->ready_len--;
    h->next = NULL;
    h->queued = 0;
    return h;
}

void ls_loop_call_soon(LsLoop *loop, LsHandle *h) {
    assert(!loop->closed && !ls_handle_pending(h));
    h->seq = next_id(loop);
    h->is_timer = 0;
    h->cancelled = 0;
    ready_append(loop, h);
    if (loop->log) ls_events_handle_scheduled(loop->log, h->seq, LS_SCHED_SOON, 0.0);
}

bool ls_loop_call_at(LsLoop *loop, LsHandle *h, double when) {
    assert(!loop->closed && !ls_handle_pending(h));
    if (!ls_timerheap_reserve(&loop->timers, 1)) return false; /* h untouched */
    h->seq = next_id(loop);
    h->when = when;
    h->is_timer = 1;
    h->cancelled = 0;
    h->scheduled = 1;
    ls_timerheap_push(&loop->timers, h); /* cannot fail after the reserve */
    if (loop->log) ls_events_handle_scheduled(loop->log, h->seq, LS_SCHED_TIMER, when);
    return true;
}

bool ls_loop_call_later(LsLoop *loop, LsHandle *h, double delay) {
    double when = loop->clock->now + delay; /* CPython: self.time() + delay */
    return ls_loop_call_at(loop, h, when);
}

void ls_loop_cancel(LsLoop *loop, LsHandle *h) {
    if (h->cancelled) return;
    /* _timer_handle_cancelled: only a timer still inside the heap counts. */
    if (h->is_timer && h->scheduled) loop->cancelled_timer_count++;
    h->cancelled = 1;
    if (loop->log) {
        LsCancelWhere where = h->scheduled ? LS_CANCEL_HEAP
                              : h->queued  ? LS_CANCEL_READY
                                           : LS_CANCEL_IDLE;
        ls_events_handle_cancelled(loop->log, h->seq, h->is_timer ? h->when : 0.0, where);
    }
}

/* ---- _run_once, one function per phase ---------------------------------------- */

static bool keep_live(void *ud, const LsHandle *h) {
    (void)ud;
    return !h->cancelled;
}

static void drop_rebuilt(void *ud, LsHandle *h) {
    LsLoop *loop = ud;
    h->scheduled = 0;
    if (loop->log) ls_events_timer_dropped(loop->log, h->seq, h->when, LS_DROP_REBUILD);
}

/* Phase 1: remove cancelled timers — all of them when they are the majority
 * of a big heap, otherwise only those sitting on top (so the top is live). */
static void purge_cancelled(LsLoop *loop) {
    size_t n = loop->timers.len;
    if (n > LS_LOOP_MIN_SCHEDULED_FOR_REBUILD &&
        (double)loop->cancelled_timer_count / (double)n > LS_LOOP_REBUILD_FRACTION) {
        ls_timerheap_filter(&loop->timers, keep_live, drop_rebuilt, loop);
        loop->cancelled_timer_count = 0;
        return;
    }
    LsHandle *top;
    while ((top = ls_timerheap_top(&loop->timers)) && top->cancelled) {
        /* Every cancelled timer in the heap was counted when cancelled, and a
         * rebuild removes all of them, so the count cannot underflow. */
        assert(loop->cancelled_timer_count > 0);
        loop->cancelled_timer_count--;
        ls_timerheap_pop(&loop->timers);
        top->scheduled = 0;
        if (loop->log) ls_events_timer_dropped(loop->log, top->seq, top->when, LS_DROP_PURGE);
    }
}

/* Phase 2: how long the selector would block; false means "forever". The
 * comparisons are Python's min(max(0, x), 86400), written out so that a
 * NaN deadline behaves as it does there (max(0, nan) is 0). */
static bool compute_timeout(const LsLoop *loop, double *timeout) {
    if (loop->ready_len > 0 || loop->stopping) {
        *timeout = 0.0;
        return true;
    }
    LsHandle *top = ls_timerheap_top(&loop->timers);
    if (!top) return false;
    double t = top->when - loop->clock->now;
    t = t > 0.0 ? t : 0.0;
    *timeout = LS_LOOP_MAX_TIMEOUT < t ? LS_LOOP_MAX_TIMEOUT : t;
    return true;
}

/* Phase 3: the virtual selector sleeps by moving the clock. */
static void advance_clock(LsLoop *loop, double timeout) {
    if (!(timeout > 0.0)) return;
    double from = loop->clock->now;
    loop->clock->now = from + timeout;
    if (loop->log) ls_events_clock_advanced(loop->log, from, loop->clock->now, LS_CLOCK_LOOP);
}

/* Phase 5: move every due timer, cancelled or not, to READY's tail.
 * Returns how many moved. cancelled_timer_count is deliberately left alone.
 * CPython stops at the first `when >= end_time`; written the same way, a
 * NaN deadline counts as due, as it does there. */
static size_t move_due_timers(LsLoop *loop) {
    double end = loop->clock->now + LS_LOOP_CLOCK_RESOLUTION;
    size_t n = 0;
    LsHandle *top;
    while ((top = ls_timerheap_top(&loop->timers)) && !(top->when >= end)) {
        ls_timerheap_pop(&loop->timers);
        top->scheduled = 0;
        ready_append(loop, top);
        if (loop->log) ls_events_timer_due(loop->log, top->seq, top->when);
        n++;
    }
    return n;
}

/* Start of phase 6: copy the first ntodo READY handles into the snapshot
 * array (capacity was reserved up front), log and report it. */
static void publish_snapshot(LsLoop *loop, size_t ntodo, size_t n_due) {
    LsHandle *h = loop->ready_head;
    for (size_t i = 0; i < ntodo; i++, h = h->next) loop->snap[i] = h;
    if (loop->log) {
        uint64_t *ids = ls_events_iter_begin_slots(loop->log, loop->iter, ntodo, n_due);
        if (ids)
            for (size_t i = 0; i < ntodo; i++) ids[i] = loop->snap[i]->seq;
    }
    if (loop->iter_hook)
        loop->iter_hook(loop->iter_hook_ud, loop, loop->iter, loop->snap, ntodo, n_due);
}

/* Phase 6: pop and run exactly ntodo handles. Returns how many were popped
 * (less than ntodo only after ls_loop_interrupt). */
static size_t run_ready(LsLoop *loop, size_t ntodo) {
    LsEventLog *log = loop->log;
    size_t i = 0;
    while (i < ntodo && !loop->interrupted) {
        LsHandle *h = ready_pop(loop);
        i++;
        uint64_t id = h->seq;
        if (h->cancelled) {
            if (log) ls_events_handle_skipped(log, id);
            continue;
        }
        if (log) ls_events_handle_run(log, id);
        h->fn(loop, h); /* may reschedule or free h: do not touch it after */
        if (log) ls_events_handle_done(log, id);
    }
    return i;
}

LsRunOnce ls_loop_run_once(LsLoop *loop) {
    assert(!loop->closed && !loop->running);
    /* The snapshot holds at most everything now pending; reserving that
     * first makes an allocation failure leave the loop untouched. */
    if (!ls_mem_grow(loop->mem, (void **)&loop->snap, &loop->snap_cap,
                     loop->ready_len + loop->timers.len, sizeof *loop->snap))
        return LS_LOOP_NOMEM;

    purge_cancelled(loop);                   /* 1 */
    double timeout;
    if (!compute_timeout(loop, &timeout))    /* 2 */
        return LS_LOOP_IDLE_DEADLOCK;
    advance_clock(loop, timeout);            /* 3 */
                                             /* 4: no I/O in a simulator */
    size_t n_due = move_due_timers(loop);    /* 5 */
    size_t ntodo = loop->ready_len;          /* 6 */
    loop->iter++;
    publish_snapshot(loop, ntodo, n_due);
    loop->running = true;
    loop->interrupted = false;
    size_t done = run_ready(loop, ntodo);
    loop->running = false;
    loop->interrupted = false;
    if (loop->log) ls_events_iter_end(loop->log, loop->iter, done);
    return LS_LOOP_RAN;
}

void ls_loop_interrupt(LsLoop *loop) {
    assert(loop->running);
    loop->interrupted = true;
}

/* ---- stop / close ---------------------------------------------------------------- */

void ls_loop_stop(LsLoop *loop) {
    loop->stopping = true;
    if (loop->log) ls_events_loop_stop(loop->log);
}

bool ls_loop_stopping(const LsLoop *loop) { return loop->stopping; }
void ls_loop_clear_stopping(LsLoop *loop) { loop->stopping = false; }

void ls_loop_close(LsLoop *loop, LsHandleVisit discard, void *ud) {
    assert(!loop->running);
    if (loop->closed) return;
    loop->closed = true;
    size_t n_ready = release_ready(loop, discard, ud);
    size_t n_timers = release_timers(loop, discard, ud);
    if (loop->log) ls_events_loop_close(loop->log, n_ready, n_timers);
}

bool ls_loop_is_closed(const LsLoop *loop) { return loop->closed; }
bool ls_loop_is_running(const LsLoop *loop) { return loop->running; }

/* ---- Queries ------------------------------------------------------------------------ */

uint64_t ls_loop_iteration(const LsLoop *loop) { return loop->iter; }
size_t ls_loop_ready_count(const LsLoop *loop) { return loop->ready_len; }
size_t ls_loop_timer_count(const LsLoop *loop) { return loop->timers.len; }
size_t ls_loop_cancelled_timer_count(const LsLoop *loop) { return loop->cancelled_timer_count; }

void ls_loop_foreach_ready(const LsLoop *loop, LsHandleVisit fn, void *ud) {
    for (LsHandle *h = loop->ready_head; h; h = h->next) fn(ud, h);
}

void ls_loop_foreach_timer(const LsLoop *loop, LsHandleVisit fn, void *ud) {
    for (size_t i = 0; i < loop->timers.len; i++) fn(ud, loop->timers.items[i]);
}

void ls_loop_set_iter_hook(LsLoop *loop, LsIterHook hook, void *ud) {
    loop->iter_hook = hook;
    loop->iter_hook_ud = ud;
}
