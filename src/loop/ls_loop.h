/* ls_loop — one asyncio event loop: the READY queue, the timer heap, the
 * stopping flag and one iteration (_run_once) at a time, on the engine's
 * virtual clock. It knows nothing of bytecode: a task step is just a handle
 * whose callback resumes a coroutine, so the loop is driven by plain C
 * callbacks in its tests.
 *
 * Design note — what this reproduces (asyncio-semantics.md §1):
 * - READY is an intrusive FIFO (call_soon appends at the tail). The timer
 *   heap orders by (when, seq): equal deadlines are FIFO (Decision 1; the
 *   when-only heapq tie quirk of §1.4 is deliberately NOT reproduced).
 * - ls_loop_run_once is BaseEventLoop._run_once, one phase after another:
 *     1 purge: if > 100 timers and > 50% of them counted cancelled, rebuild
 *       the heap without cancelled timers and zero the count; otherwise pop
 *       cancelled timers off the top, decrementing the count.
 *     2 timeout: 0 if READY is non-empty or stopping; else the top timer's
 *       min(max(0, when - now), 86400); no timer at all → deadlock.
 *     3 poll: if timeout > 0, now = now + timeout (the only place time moves).
 *     4 I/O callbacks: none in a simulator.
 *     5 due timers: pop every timer with when < now + 1e-9 onto READY's tail
 *       (cancelled ones too; they are skipped in 6 and the count is not
 *       decremented — CPython's stale counter).
 *     6 run: ntodo = len(READY); pop and run exactly ntodo handles, skipping
 *       cancelled ones. Whatever they schedule waits for the next iteration.
 * - Handles are never allocated by the loop. Scheduling allocates only when
 *   the heap array must grow (geometrically); run_once only when the snapshot
 *   array must grow. Both arrays are reused, never shrunk.
 * - A closed loop refuses everything but queries; CPython's RuntimeErrors
 *   (closed loop, already running) are for the runtime to raise: the loop
 *   asserts. */
#ifndef LS_LOOP_H
#define LS_LOOP_H

#include "ls_events.h"
#include "ls_handle.h"
#include "ls_mem.h"
#include "ls_timerheap.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* loop._clock_resolution: a timer is due iff when < now + LS_LOOP_CLOCK_RESOLUTION. */
#define LS_LOOP_CLOCK_RESOLUTION 1e-9
/* MAXIMUM_SELECT_TIMEOUT: no single time jump is longer (§1.6). */
#define LS_LOOP_MAX_TIMEOUT 86400.0
/* The rebuild rule of phase 1: more than this many timers ... */
#define LS_LOOP_MIN_SCHEDULED_FOR_REBUILD 100
/* ... and more than this fraction of them cancelled. */
#define LS_LOOP_REBUILD_FRACTION 0.5

/* A visitor over handles (foreach, close). */
typedef void (*LsHandleVisit)(void *ud, LsHandle *h);

/* Observer called at the start of each iteration's run phase (after
 * ITER_BEGIN is logged) with the snapshot: the READY handles then the
 * n_due_timers timers that just became due, in run order. Cancelled ones
 * are included (they will be skipped). The array belongs to the loop and is
 * valid during the call. The runtime prints `## iter` lines from it. */
typedef void (*LsIterHook)(void *ud, LsLoop *loop, uint64_t iter_no, LsHandle *const *snapshot,
                           size_t n, size_t n_due_timers);

typedef enum LsRunOnce {
    LS_LOOP_RAN,            /* one iteration ran (possibly an empty one) */
    LS_LOOP_IDLE_DEADLOCK,  /* nothing ready, no timers, not stopping: would wait forever */
    LS_LOOP_NOMEM,          /* the snapshot array could not grow; nothing changed */
} LsRunOnce;

/* Fields are private: use the functions. Caller-provided storage. */
struct LsLoop {
    LsMem *mem;
    LsClock *clock;
    LsEventLog *log;                    /* NULL = no events */
    LsHandle *ready_head, *ready_tail;  /* READY, linked through LsHandle.next */
    size_t ready_len;
    LsTimerHeap timers;
    size_t cancelled_timer_count;       /* loop._timer_cancelled_count */
    LsHandle **snap;                    /* the run phase's snapshot, reused */
    size_t snap_cap;
    uint64_t iter;                      /* iterations run so far (the last one's number) */
    bool stopping, closed, running, interrupted;
    LsIterHook iter_hook;
    void *iter_hook_ud;
};

/* An open, empty loop on `clock` logging to `log` (may be NULL). Does not
 * allocate. `mem`, `clock` and `log` must outlive the loop. */
void ls_loop_init(LsLoop *loop, LsMem *mem, LsClock *clock, LsEventLog *log);
/* Frees the loop's arrays; accepts NULL. Handles still held are released
 * (flags cleared) without callbacks or events. */
void ls_loop_fini(LsLoop *loop);

/* ---- Scheduling (any time, including from a running handle) ------------- */

/* loop.call_soon: give h the next id, clear its cancelled flag and append it
 * to READY. h must not be pending. Never allocates, cannot fail. */
void ls_loop_call_soon(LsLoop *loop, LsHandle *h);
/* loop.call_at: give h the next id and deadline `when` and push it on the
 * heap (it runs at the earliest in the next iteration, even if when <= now).
 * h must not be pending. Returns false only if the heap array could not grow;
 * h is then unchanged and no id is consumed. */
bool ls_loop_call_at(LsLoop *loop, LsHandle *h, double when);
/* loop.call_later: exactly call_at(now + delay), with that double addition. */
bool ls_loop_call_later(LsLoop *loop, LsHandle *h, double delay);
/* Handle.cancel / TimerHandle.cancel: no-op if already cancelled; otherwise
 * count it in cancelled_timer_count if it is a timer sitting in the heap,
 * and mark it cancelled. The handle stays where it is (queue or heap) and is
 * skipped or purged later; it stays pending until then. */
void ls_loop_cancel(LsLoop *loop, LsHandle *h);

/* ---- Running ---------------------------------------------------------------- */

/* One _run_once (phases in the design note). Returns LS_LOOP_IDLE_DEADLOCK,
 * after phase 1 and with no iteration counted, no clock change, no events
 * beyond phase 1's, when there is nothing to run or wait for; LS_LOOP_NOMEM
 * (before phase 1, nothing changed) if the snapshot array could not grow.
 * Must not be called from a handle (asserts). */
LsRunOnce ls_loop_run_once(LsLoop *loop);
/* From a running handle: end the current iteration after this handle, as an
 * exception escaping _run_once does (SystemExit, KeyboardInterrupt). The rest
 * of the snapshot stays at the head of READY, in order. */
void ls_loop_interrupt(LsLoop *loop);

/* loop.stop(): set the stopping flag. The current iteration completes; the
 * next run_once does not wait (timeout 0). run_forever = run_once until
 * stopping, then clear_stopping. */
void ls_loop_stop(LsLoop *loop);
bool ls_loop_stopping(const LsLoop *loop);
void ls_loop_clear_stopping(LsLoop *loop);

/* loop.close(): discard READY then the heap without running anything,
 * calling discard(ud, h) (may be NULL) for each handle — READY in queue
 * order, then the timers in (when, seq) order, cancelled ones included —
 * after clearing its pending flags (so it may free h). Logs LOOP_CLOSE.
 * Idempotent; must not be called while running (asserts). */
void ls_loop_close(LsLoop *loop, LsHandleVisit discard, void *ud);
bool ls_loop_is_closed(const LsLoop *loop);
/* True while run_once is running handles. */
bool ls_loop_is_running(const LsLoop *loop);

/* ---- Queries and views ------------------------------------------------------ */

static inline double ls_loop_time(const LsLoop *loop) { return loop->clock->now; }
/* Number of the last iteration started (0 before the first). */
uint64_t ls_loop_iteration(const LsLoop *loop);
size_t ls_loop_ready_count(const LsLoop *loop);
/* Timers in the heap, cancelled ones included (len(loop._scheduled)). */
size_t ls_loop_timer_count(const LsLoop *loop);
size_t ls_loop_cancelled_timer_count(const LsLoop *loop);
/* Visit READY in run order / the heap in array order. fn must not schedule,
 * cancel or run anything. For the GC (mark what handles hold) and views. */
void ls_loop_foreach_ready(const LsLoop *loop, LsHandleVisit fn, void *ud);
void ls_loop_foreach_timer(const LsLoop *loop, LsHandleVisit fn, void *ud);
/* Install (or with NULL remove) the iteration observer. */
void ls_loop_set_iter_hook(LsLoop *loop, LsIterHook hook, void *ud);

#endif
