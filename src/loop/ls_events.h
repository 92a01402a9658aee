/* ls_events — the engine's event log: an append-only sequence of typed,
 * fixed-size records plus two side pools (strings and handle ids). It is the
 * contract between the engine and everything that shows it: the visualizer,
 * time travel and the exporters rebuild every visible state (tasks, ready
 * queue, timers, clock, console) by folding over this log alone.
 *
 * Design note
 * - Records are 32 bytes (static_assert below) and hold no pointers: strings
 *   are LsStrRef offsets into the string pool, the iteration snapshot is a
 *   range of the id pool. Every record is zeroed before it is filled, padding
 *   included, so two identical runs produce byte-identical logs.
 * - Event kinds, sub-codes and their names come from the X-macro lists below;
 *   the enum, the name tables and ls_events_format() are generated from them.
 * - Allocation failure is sticky: the first failed append sets `failed`, and
 *   from then on every append returns false without appending, so the log is
 *   always a consistent prefix of the run. The loop ignores append results
 *   (a log problem must not change the program's behaviour); the runtime
 *   checks ls_events_failed() and reports it.
 * - Time is not stored per record: the clock only changes at CLOCK_ADVANCED
 *   events, so ls_events_time_at() finds it by binary search over those.
 *
 * Order of the loop's events in one iteration k (see ls_loop.h):
 *   TIMER_DROPPED*  (phase 1: cancelled timers leaving the heap)
 *   CLOCK_ADVANCED? (phase 3: only if the timeout was > 0)
 *   TIMER_DUE*      (phase 5: in pop order)
 *   ITER_BEGIN      (k, the snapshot ids in run order)
 *   then per snapshot entry: HANDLE_SKIPPED, or HANDLE_RUN ... HANDLE_DONE
 *   (everything the handle caused is nested between its RUN and DONE)
 *   ITER_END        (k, number of snapshot entries processed)
 * HANDLE_SCHEDULED / HANDLE_CANCELLED / LOOP_STOP come whenever the call is
 * made, LOOP_CLOSE when the loop is closed. */
#ifndef LS_EVENTS_H
#define LS_EVENTS_H

#include "ls_buf.h"
#include "ls_mem.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- Event kinds --------------------------------------------------------
 * X(NAME, payload) — the second column documents which union member of
 * LsEvent the kind uses and what `sub` means; it is only a comment. */
#define LS_EVENT_KINDS(X)                                                     \
    /* emitted by the loop */                                                 \
    X(ITER_BEGIN, "iter: no, ids/n = snapshot in run order, n_due")           \
    X(ITER_END, "iter: no, n = snapshot entries processed")                   \
    X(CLOCK_ADVANCED, "clock: from, to; sub = LsClockCause")                  \
    X(HANDLE_SCHEDULED, "handle: id, when (timers), label, task; sub = LsSchedKind") \
    X(HANDLE_CANCELLED, "handle: id, when; sub = LsCancelWhere")              \
    X(TIMER_DROPPED, "handle: id, when; sub = LsDropReason")                  \
    X(TIMER_DUE, "handle: id, when")                                          \
    X(HANDLE_RUN, "handle: id")                                               \
    X(HANDLE_DONE, "handle: id")                                              \
    X(HANDLE_SKIPPED, "handle: id (cancelled, popped from READY)")            \
    X(LOOP_STOP, "none")                                                      \
    X(LOOP_CLOSE, "counts: n_ready, n_timers discarded")                      \
    /* emitted by the runtime */                                              \
    X(HANDLE_LABEL, "text: id = handle, text = label")                        \
    X(TASK_CREATED, "task: id, name, coro; position")                         \
    X(TASK_STATE, "state: id, wait_kind, wait_id, label, frames; sub = LsTaskState") \
    X(LINE, "text: id = task; position = the line about to run")              \
    X(OUTPUT, "text: id = task, text; sub = LsStream")                        \
    X(DEADLOCK, "text: id = the pending task, text = message")              \
    X(PHASE, "text: text = what starts, e.g. run_until_complete(Task-1)")

typedef enum LsEventKind {
#define X(name, doc) LS_EV_##name,
    LS_EVENT_KINDS(X)
#undef X
    LS_EV_COUNT_
} LsEventKind;

/* ---- Sub-codes (the `sub` byte) -------------------------------------------
 * X(NAME, "printed name"): each list makes an enum LS_<FAMILY>_<NAME> and the
 * name table used by ls_events_format. */
#define LS_SCHED_KINDS(X) X(SOON, "soon") X(TIMER, "timer")
/* Where a handle was when cancelled. */
#define LS_CANCEL_WHERES(X) X(IDLE, "idle") X(READY, "ready") X(HEAP, "heap")
/* Why a cancelled timer left the heap in _run_once phase 1. */
#define LS_DROP_REASONS(X) X(PURGE, "purge") X(REBUILD, "rebuild")
/* What moved the clock: the loop's poll, or time.sleep() in the program. */
#define LS_CLOCK_CAUSES(X) X(LOOP, "loop") X(SLEEP, "sleep")
#define LS_STREAMS(X) X(STDOUT, "stdout") X(STDERR, "stderr")
#define LS_TASK_STATES(X)                                                     \
    X(READY, "READY") X(RUNNING, "RUNNING") X(SUSPENDED, "SUSPENDED")         \
    X(DONE, "DONE") X(CANCELLED, "CANCELLED") X(FAILED, "FAILED")
/* What a suspended task waits on (TASK_STATE wait_kind). */
#define LS_WAIT_KINDS(X)                                                      \
    X(NONE, "NONE") X(FUTURE, "FUTURE") X(TASK, "TASK") X(SLEEP, "SLEEP")     \
    X(GATHER, "GATHER") X(LOCK, "LOCK") X(EVENT, "EVENT")                     \
    X(CONDITION, "CONDITION") X(SEMAPHORE, "SEMAPHORE") X(QUEUE, "QUEUE")     \
    X(BARRIER, "BARRIER") X(TIMEOUT, "TIMEOUT") X(OTHER, "OTHER")

#define LS_EV_ENUM_ITEM_(family, n) LS_##family##_##n,
typedef enum LsSchedKind {
#define X(n, s) LS_EV_ENUM_ITEM_(SCHED, n)
    LS_SCHED_KINDS(X)
#undef X
} LsSchedKind;
typedef enum LsCancelWhere {
#define X(n, s) LS_EV_ENUM_ITEM_(CANCEL, n)
    LS_CANCEL_WHERES(X)
#undef X
} LsCancelWhere;
typedef enum LsDropReason {
#define X(n, s) LS_EV_ENUM_ITEM_(DROP, n)
    LS_DROP_REASONS(X)
#undef X
} LsDropReason;
typedef enum LsClockCause {
#define X(n, s) LS_EV_ENUM_ITEM_(CLOCK, n)
    LS_CLOCK_CAUSES(X)
#undef X
} LsClockCause;
typedef enum LsStream {
#define X(n, s) LS_EV_ENUM_ITEM_(STREAM, n)
    LS_STREAMS(X)
#undef X
} LsStream;
typedef enum LsTaskState {
#define X(n, s) LS_EV_ENUM_ITEM_(TASK, n)
    LS_TASK_STATES(X)
#undef X
} LsTaskState;
typedef enum LsWaitKind {
#define X(n, s) LS_EV_ENUM_ITEM_(WAIT, n)
    LS_WAIT_KINDS(X)
#undef X
} LsWaitKind;

/* Names ("HANDLE_RUN", "SUSPENDED", "stdout", ...); "?" for out of range. */
const char *ls_event_kind_name(LsEventKind k);
const char *ls_task_state_name(LsTaskState s);
const char *ls_wait_kind_name(LsWaitKind w);
const char *ls_stream_name(LsStream s);

/* ---- The record ---------------------------------------------------------- */

/* Offset of a string in the string pool. 0 is the empty string (and "none"). */
typedef uint32_t LsStrRef;

/* A source position: line is 1-based (0 = no position), col is 0-based
 * (CPython's col_offset), stored clamped to 65535. */
typedef struct LsEventPos {
    uint32_t line, col;
} LsEventPos;
#define LS_POS_NONE ((LsEventPos){0, 0})

typedef struct LsEvent {
    uint8_t kind;   /* LsEventKind */
    uint8_t sub;    /* kind-specific sub-code, see LS_EVENT_KINDS */
    uint16_t col;   /* source column, meaningful iff line != 0 */
    uint32_t line;  /* source line, 0 = the event has no position */
    union {         /* 24 bytes; which member is given in LS_EVENT_KINDS */
        struct { uint64_t no; uint32_t ids, n, n_due, reserved; } iter;
        struct { double from, to; } clock;
        /* label/task: what the handle will do and which task it steps or
         * wakes (0 = none); stamped by the runtime on HANDLE_SCHEDULED. */
        struct { uint64_t id; double when; LsStrRef label; uint32_t task; } handle;
        struct { uint64_t n_ready, n_timers; } counts;
        struct { uint64_t id; LsStrRef name, coro; } task;
        /* frames: the task's await chain, see ls_events_stamp_frames. */
        struct { uint32_t id, wait_kind; uint64_t wait_id; LsStrRef label, frames; } state;
        struct { uint64_t id; LsStrRef text; uint32_t reserved; } text;
    };
} LsEvent;

_Static_assert(sizeof(LsEvent) == 32, "event records are 32 bytes");

/* ---- The log ----------------------------------------------------------------
 * Fields are private: use the functions. Caller-provided storage. */
typedef struct LsHandleLabel { uint64_t id; LsStrRef label; } LsHandleLabel;

/* Records live in chunks of LS_EVENTS_CHUNK: the first one (`ev`) grows
 * geometrically up to that size, the others are allocated full, so a long
 * run never holds more than one chunk of slack and never copies records. */
#define LS_EVENTS_CHUNK_SHIFT 16
#define LS_EVENTS_CHUNK ((size_t)1 << LS_EVENTS_CHUNK_SHIFT)

typedef struct LsEventLog {
    LsMem *mem;
    LsEvent *ev;             size_t len, cap;             /* chunk 0: records [0, CHUNK) */
    LsEvent **chunks;        size_t n_chunks, chunks_cap; /* chunks[j]: records of chunk j + 1 */
    char *str;               size_t str_len, str_cap;     /* string pool */
    uint64_t *ids;           size_t ids_len, ids_cap;     /* id pool */
    uint64_t *clock_at;      size_t n_clock, clock_cap;   /* CLOCK_ADVANCED indices */
    LsHandleLabel *labels;   size_t n_labels, labels_cap; /* sorted by id */
    uint32_t *intern;        size_t intern_cap, n_interned; /* open addressing: (hash, ref) pairs */
    uint64_t max_events;     /* 0 = unlimited; appends past it fail (sticky `limited`) */
    bool failed;             /* sticky: an append could not allocate */
    bool limited;            /* sticky: max_events was reached */
} LsEventLog;

/* Empty log allocating through `mem`. Does not allocate; cannot fail. */
void ls_events_init(LsEventLog *log, LsMem *mem);
/* Frees everything; accepts NULL. The log is empty (and usable) afterwards. */
void ls_events_fini(LsEventLog *log);

/* True once an append failed for lack of memory (sticky). */
bool ls_events_failed(const LsEventLog *log);
uint64_t ls_events_count(const LsEventLog *log);
/* Record i (< count). Valid until the next append. */
const LsEvent *ls_events_at(const LsEventLog *log, uint64_t i);
/* The bytes of a pooled string (NUL-terminated, but may contain NULs: use
 * *len). `len` may be NULL. Valid until the next append. */
const char *ls_events_str(const LsEventLog *log, LsStrRef ref, uint32_t *len);
/* The ITER_BEGIN snapshot of `ev` (ev->iter.n ids, run order). Valid until
 * the next append. NULL for other kinds or an empty snapshot. */
const uint64_t *ls_events_ids(const LsEventLog *log, const LsEvent *ev);
/* The virtual clock as of event i (after it, for CLOCK_ADVANCED). The clock
 * starts at 0.0. O(log n). */
double ls_events_time_at(const LsEventLog *log, uint64_t i);
/* The latest HANDLE_LABEL given to handle `id`, or 0 (""). O(log n). */
LsStrRef ls_events_label_of(const LsEventLog *log, uint64_t id);

/* ---- Appenders ----------------------------------------------------------------
 * Each appends one record (plus pool data) and returns true, or returns
 * false and appends nothing: on allocation failure (setting `failed`), or
 * when the log has already failed. They allocate only when a pool grows
 * (geometrically). Strings are copied. */

/* The same string added twice gives the same ref: for strings that repeat
 * (labels, await chains) so the pool stays small. Allocates a hash slot per
 * distinct string. 0 on failure, as ls_events_add_str. */
LsStrRef ls_events_intern(LsEventLog *log, const char *s, size_t len);
/* ls_events_intern with a caller-kept hint: when *hint already names these
 * bytes (the common case for a task's labels, which repeat step after
 * step) the set is not consulted at all. *hint is updated. */
LsStrRef ls_events_intern_hinted(LsEventLog *log, const char *s, size_t len, LsStrRef *hint);

/* Cap the log at `max` records (0 = no cap). Appending the record that would
 * pass the cap fails and sets the sticky `limited` flag (and `failed`), so the
 * log stays a consistent prefix of the run. */
void ls_events_set_max(LsEventLog *log, uint64_t max);
bool ls_events_limited(const LsEventLog *log);

/* Add a string to the pool without an event (for runtime-defined uses).
 * Returns 0 on failure — indistinguishable from "", so check ls_events_failed. */
LsStrRef ls_events_add_str(LsEventLog *log, const char *s, size_t len);

/* ITER_BEGIN: reserves n id slots and returns them for the caller to fill
 * (in run order) before the next append; NULL on failure. n may be 0 (the
 * result is then a non-NULL pointer that must not be written). */
uint64_t *ls_events_iter_begin_slots(LsEventLog *log, uint64_t iter, size_t n, size_t n_due);
bool ls_events_iter_begin(LsEventLog *log, uint64_t iter, const uint64_t *ids, size_t n,
                          size_t n_due);
bool ls_events_iter_end(LsEventLog *log, uint64_t iter, size_t n_processed);
bool ls_events_clock_advanced(LsEventLog *log, double from, double to, LsClockCause cause);
/* when is the deadline for timers and 0.0 for call_soon handles. */
bool ls_events_handle_scheduled(LsEventLog *log, uint64_t id, LsSchedKind kind, double when);
bool ls_events_handle_cancelled(LsEventLog *log, uint64_t id, double when, LsCancelWhere where);
bool ls_events_timer_dropped(LsEventLog *log, uint64_t id, double when, LsDropReason why);
bool ls_events_timer_due(LsEventLog *log, uint64_t id, double when);
bool ls_events_handle_run(LsEventLog *log, uint64_t id);
bool ls_events_handle_done(LsEventLog *log, uint64_t id);
bool ls_events_handle_skipped(LsEventLog *log, uint64_t id);
bool ls_events_loop_stop(LsEventLog *log);
bool ls_events_loop_close(LsEventLog *log, size_t n_ready, size_t n_timers);

bool ls_events_handle_label(LsEventLog *log, uint64_t handle, const char *label, size_t len);
bool ls_events_task_created(LsEventLog *log, uint64_t task, const char *name, size_t name_len,
                            const char *coro, size_t coro_len, LsEventPos pos);
bool ls_events_task_state(LsEventLog *log, uint64_t task, LsTaskState state,
                          LsWaitKind wait_kind, uint64_t wait_id, const char *label,
                          size_t label_len, LsEventPos pos);
/* The same with an already interned label. */
bool ls_events_task_state_ref(LsEventLog *log, uint64_t task, LsTaskState state,
                              LsWaitKind wait_kind, uint64_t wait_id, LsStrRef label, LsEventPos pos);
bool ls_events_line(LsEventLog *log, uint64_t task, LsEventPos pos);
bool ls_events_output(LsEventLog *log, uint64_t task, LsStream stream, const char *text,
                      size_t len);
bool ls_events_deadlock(LsEventLog *log, uint64_t task, const char *msg, size_t len);
/* A new run_forever / shutdown step begins (the `## phase` lines of §0.1). */
bool ls_events_phase(LsEventLog *log, const char *label, size_t len);

/* Give the most recent record a source position, e.g. the HANDLE_SCHEDULED
 * the loop just logged for a call_soon made at that line. The only edit the
 * log allows, and only of the last record. False if the log is empty or
 * failed. */
bool ls_events_stamp_pos(LsEventLog *log, LsEventPos pos);
/* Give the HANDLE_SCHEDULED record just appended its label (interned) and
 * the task it steps or wakes (0 = none). False if the last record is not a
 * HANDLE_SCHEDULED or the log failed. */
bool ls_events_stamp_handle(LsEventLog *log, const char *label, size_t len, uint32_t task);
bool ls_events_stamp_handle_ref(LsEventLog *log, LsStrRef label, uint32_t task);
/* Give the TASK_STATE record just appended the task's await chain as two
 * parallel texts, one line per frame, outermost first:
 *   shape  <qualname>[\t<name>]...\n   (interned: it rarely changes)
 *   values <line>[\t<repr>]...\n
 * The record's `frames` then points at "<shape ref>\n<values>". Reprs never
 * hold a raw tab or newline (repr escapes them). False if the last record
 * is not a TASK_STATE or the log failed. */
bool ls_events_stamp_frames(LsEventLog *log, const char *shape, size_t shape_len,
                            const char *values, size_t values_len);
bool ls_events_stamp_frames_ref(LsEventLog *log, LsStrRef shape, const char *values, size_t values_len);
/* Split a `frames` ref of a TASK_STATE into its shape and values texts
 * (both "" for ref 0). */
void ls_events_frames(const LsEventLog *log, LsStrRef frames, const char **shape,
                      const char **values);

/* ---- Printing ------------------------------------------------------------------
 * Appends event i as one line, without the newline, for `loopscope run
 * --trace`:
 *
 *   #<i> t=<clock> <KIND> <fields> [@<line>:<col>]
 *
 *   #7 t=0.0 HANDLE_SCHEDULED h=3 timer when=1.0
 *   #12 t=1.0 HANDLE_RUN h=7 "wakeup Task-2"
 *   #13 t=1.0 ITER_BEGIN iter=5 n=2 due=1 [7 9]
 *   #20 t=1.0 TASK_STATE task=2 SUSPENDED wait=SLEEP#9 "sleep(1)" @4:8
 *   #21 t=1.0 OUTPUT task=2 stdout "hi\n"
 *
 * Times and deadlines print like Python's repr(float) (0.0, 1e-09,
 * 0.30000000000000004); strings print double-quoted with \n \t \\ \" and
 * \xNN escapes. Handle events append the handle's label when it has one. */
void ls_events_format(const LsEventLog *log, uint64_t i, LsBuf *out);
/* All events, one line each, each ending in '\n'. */
void ls_events_dump(const LsEventLog *log, LsBuf *out);
/* A double the way Python's repr() prints it (shortest round-trip). */
void ls_events_put_double(LsBuf *out, double x);

#endif
