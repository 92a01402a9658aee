/* ls_handle — the unit of scheduling (LsHandle) and the engine's virtual
 * clock (LsClock). Kept apart from ls_loop.h so the timer heap can use
 * handles without seeing the loop.
 *
 * A handle is intrusive: the caller embeds it in its own object (a task, a
 * future callback, a call_soon record) and points `owner` back at it. The loop
 * links it into its queue or heap while it is scheduled and never allocates
 * or frees it. The loop holds a borrowed pointer while `queued` or
 * `scheduled` is set: keep the handle alive (and GC-mark what it holds, see
 * ls_loop_foreach_*) until both are clear. */
#ifndef LS_HANDLE_H
#define LS_HANDLE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

typedef struct LsLoop LsLoop;
typedef struct LsHandle LsHandle;

/* Runs the handle. It may call anything on `loop` except run_once/close:
 * call_soon/call_at/cancel/stop (re-entrancy within an iteration is the
 * normal case), reschedule `h` itself, or free `h` — the loop does not touch
 * `h` after fn returns. */
typedef void (*LsHandleFn)(LsLoop *loop, LsHandle *h);

struct LsHandle {
    LsHandleFn fn;
    void *owner;          /* the caller's object */
    double when;          /* deadline, timers only */
    uint64_t seq;         /* creation sequence = handle id in events; set when scheduled */
    LsHandle *next;       /* READY link */
    uint32_t heap_index;  /* position in the timer heap while scheduled */
    uint8_t is_timer;     /* set by call_at (1) / call_soon (0) */
    uint8_t cancelled;    /* Handle.cancel() was called; cleared when scheduled again */
    uint8_t scheduled;    /* in the timer heap (TimerHandle._scheduled) */
    uint8_t queued;       /* in READY */
};

/* One virtual clock per engine, shared by every loop the program creates
 * (asyncio.run makes a new loop each time; time.time() reads it too).
 * Zero-initialise it or use ls_clock_init. `next_seq` numbers handles
 * engine-wide so that handle ids stay unique across loops; the first
 * handle scheduled gets id 1. */
typedef struct LsClock {
    double now;
    uint64_t next_seq;
} LsClock;

static inline void ls_clock_init(LsClock *c) {
    c->now = 0.0;
    c->next_seq = 0;
}

/* A fresh, unscheduled handle that will run fn(loop, h). */
static inline void ls_handle_init(LsHandle *h, LsHandleFn fn, void *owner) {
    memset(h, 0, sizeof *h);
    h->fn = fn;
    h->owner = owner;
}

/* True while the loop holds the handle (in READY or in the heap). */
static inline bool ls_handle_pending(const LsHandle *h) { return h->queued || h->scheduled; }

#endif
