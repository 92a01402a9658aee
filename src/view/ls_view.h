/* ls_view — time travel over the event log: the complete visible state of a
 * run at any step (a "view"), folded from the events alone, reachable forward
 * or backward without re-running the program; step sizes, breakpoints, the
 * JSON rendering (docs/VIEW_SCHEMA.md) and a plain-English explanation of
 * each step.
 *
 * Design note
 * - A view at step k is the fold of events 0..k (inclusive) over an empty
 *   view. The fold is a small state machine per event kind (ls_view.c): the
 *   ready queue in FIFO order, the timers ordered by (when, id), every task
 *   with its state, wait, line and await chain, the loop phase and clock.
 * - Random access: a session keeps checkpoints (deep copies of the view)
 *   taken while folding forward, spaced so that they cost at most about
 *   LS_VIEW_CP_BYTES_PER_EVENT bytes per event and never closer than
 *   LS_VIEW_CP_MIN_EVENTS apart. Seeking restores the nearest checkpoint at
 *   or before the target (or keeps the cursor when it is nearer) and folds
 *   forward; stepping back one step is a seek.
 * - The log may still be growing (a live run, ls_view_live.h): the session
 *   asks its feed for more events only as far as the cursor needs them.
 * - Console output is append-only, so a view holds only how many OUTPUT
 *   events it has seen; the session indexes those events once.
 * - Strings in a view (labels, names, await chains) are LsStrRef into the
 *   log's string pool: a view is plain data, valid as long as the log. */
#ifndef LS_VIEW_H
#define LS_VIEW_H

#include "ls_buf.h"
#include "ls_events.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LS_VIEW_CP_MIN_EVENTS 4096
#define LS_VIEW_CP_BYTES_PER_EVENT 4

/* X(NAME, "json name", "what it means") */
#define LS_VIEW_PHASES(X)                                                           \
    X(PROGRAM, "program", "the program's own code runs outside any event loop")    \
    X(SELECT, "select", "between iterations: the loop decides how long to wait")   \
    X(WAIT, "wait", "nothing was ready, so the loop waited for the next deadline") \
    X(DUE, "timers_due", "due timers move to the ready queue")                     \
    X(RUN, "run_ready", "the loop runs the handles that were ready")               \
    X(CLOSED, "closed", "the loop is closed")

typedef enum LsViewPhase {
#define X(n, s, d) LS_VIEW_PHASE_##n,
    LS_VIEW_PHASES(X)
#undef X
} LsViewPhase;
const char *ls_view_phase_name(LsViewPhase p);

/* A scheduled handle: in the ready queue, in the timers, or running. */
typedef struct LsViewHandle {
    uint64_t id;
    double when;           /* deadline; 0.0 for call_soon handles */
    LsStrRef label;        /* "step Task-2", "end sleep of Task-1", ... */
    uint32_t task;         /* task it steps or wakes, 0 = none */
    uint8_t timer, cancelled;
} LsViewHandle;

typedef struct LsViewTask {
    uint32_t id;
    uint8_t state;         /* LsTaskState */
    uint8_t wait_kind;     /* LsWaitKind */
    uint32_t line;         /* current line (last LINE, or where it suspended) */
    uint64_t wait_id;      /* handle id (SLEEP), task id (TASK), future number */
    LsStrRef name, coro, wait_label;
    LsStrRef frames;       /* await chain at the last suspension, see ls_events_stamp_frames */
    uint32_t created_line;
    uint32_t steps;        /* how many times it has started running */
} LsViewTask;

/* The view. Fields are read-only for users; arrays are owned by the view. */
typedef struct LsView {
    uint64_t applied;      /* events folded: the view is at step applied-1 */
    double clock;
    uint64_t iter;         /* number of the last loop iteration started */
    uint8_t phase;         /* LsViewPhase */
    uint32_t current_task; /* task running now, 0 = none */
    uint32_t module_line;  /* last line of the program's own code */
    LsViewHandle running;  /* the handle running now; id 0 = none */
    LsViewHandle *ready;   size_t ready_head, ready_end, ready_cap; /* [head, end) in order */
    LsViewHandle *timers;  size_t timers_head, timers_end, timers_cap; /* sorted (when, id) */
    LsViewTask *tasks;     size_t n_tasks, tasks_cap; /* tasks[i].id == i + 1 */
    uint64_t n_output;     /* OUTPUT events so far */
    bool deadlock, closed_any;
} LsView;

/* Where more events come from when the log is still growing. `more` tries
 * to make the log hold at least `want` events and returns false once the
 * run has ended (no event will ever come again). NULL feed = the log is
 * complete. */
typedef struct LsViewFeed {
    bool (*more)(void *ud, uint64_t want);
    void *ud;
} LsViewFeed;

typedef struct LsViewSession LsViewSession;

/* A session over `log` (which must outlive it), positioned before the first
 * event (no view yet: ls_view_seek first). NULL when out of memory. */
LsViewSession *ls_view_session_new(const LsEventLog *log, const LsViewFeed *feed);
void ls_view_session_free(LsViewSession *s);

/* Events available now, asking the feed for up to `want` first. */
uint64_t ls_view_available(LsViewSession *s, uint64_t want);
/* True once the feed said the run ended (always true without a feed). */
bool ls_view_finished(const LsViewSession *s);
/* Run to the end (bounded by the feed's own limits) and return the number
 * of events: the last step is the result - 1. */
uint64_t ls_view_run_to_end(LsViewSession *s);

/* Move the cursor to step k (the view after event k). Runs the program
 * ahead as far as needed. Returns false (cursor unchanged) if the run ends
 * before event k exists or memory ran out. */
bool ls_view_seek(LsViewSession *s, uint64_t k);
/* The view at the cursor; valid until the next seek. NULL before the first. */
const LsView *ls_view_current(const LsViewSession *s);
/* The cursor's step; UINT64_MAX before the first seek. */
uint64_t ls_view_step(const LsViewSession *s);
/* One sentence saying what the step at the cursor did and why. */
const char *ls_view_explanation(const LsViewSession *s);
const LsEventLog *ls_view_log(const LsViewSession *s);
/* The steps of every OUTPUT event seen so far, in order (*n of them): a
 * view's console is the first view->n_output of them. Valid until the next
 * call that runs the program ahead. */
const uint64_t *ls_view_output_steps(const LsViewSession *s, uint64_t *n);
/* Number of checkpoints and the bytes they hold (for the bench). */
size_t ls_view_checkpoint_bytes(const LsViewSession *s, size_t *count);

/* ---- Step sizes ---------------------------------------------------------- */
#define LS_VIEW_STEP_KINDS(X)                                                  \
    X(EVENT, "event") X(LINE, "line") X(TASK, "task") X(ITER, "iteration")     \
    X(OUTPUT, "output") X(FOLLOW, "follow")
typedef enum LsViewStepKind {
#define X(n, s) LS_VIEW_STEP_##n,
    LS_VIEW_STEP_KINDS(X)
#undef X
} LsViewStepKind;

/* The step one `kind` away from the cursor in direction dir (+1 / -1):
 * EVENT the next event; LINE the next LINE of the task running at the cursor
 *   (any task's when none runs); TASK forward: the next time a task gives up
 *   control (TASK_STATE other than RUNNING), backward: the previous resume;
 * ITER forward the next ITER_END, backward the previous ITER_BEGIN; OUTPUT
 * the next OUTPUT; FOLLOW the next TASK_STATE RUNNING of `task`.
 * Returns false when there is none (the cursor does not move); otherwise
 * seeks there. */
bool ls_view_step_by(LsViewSession *s, LsViewStepKind kind, int dir, uint32_t task);

/* ---- Breakpoints ---------------------------------------------------------- */
#define LS_VIEW_BREAK_KINDS(X)                                                 \
    X(LINE, "line")                  /* a LINE event at `line` */             \
    X(TASK_CREATED, "task_created")                                            \
    X(TASK_CANCELLED, "task_cancelled")                                        \
    X(TASK_FAILED, "task_failed")                                              \
    X(TIMER_FIRES, "timer_fires")    /* TIMER_DUE */                           \
    X(CLOCK_ADVANCES, "clock_advances")                                        \
    X(OUTPUT, "output")                                                        \
    X(READY_EMPTY, "ready_empty")    /* the ready queue becomes empty */      \
    X(TASK_STATE, "task_state")      /* task `task` (0 = any) enters `state` */
typedef enum LsViewBreakKind {
#define X(n, s) LS_VIEW_BREAK_##n,
    LS_VIEW_BREAK_KINDS(X)
#undef X
} LsViewBreakKind;

typedef struct LsViewBreak {
    uint8_t kind;   /* LsViewBreakKind */
    uint8_t state;  /* LsTaskState, for TASK_STATE */
    uint32_t line;  /* for LINE */
    uint32_t task;  /* for TASK_STATE */
} LsViewBreak;

/* Does the step that folded event `i` (from view `before`, giving view
 * `after`) hit breakpoint b? */
bool ls_view_break_hit(const LsEventLog *log, uint64_t i, const LsView *before,
                       const LsView *after, const LsViewBreak *b);
/* Move to the nearest step after (dir +1) or before (dir -1) the cursor that
 * hits any of the n breakpoints. False if none (cursor unchanged). */
bool ls_view_continue(LsViewSession *s, const LsViewBreak *bps, size_t n, int dir);

/* ---- The fold on its own --------------------------------------------------- */
void ls_view_init(LsView *v);
void ls_view_fini(LsView *v);
/* Deep copy; false when out of memory (dst is then empty). */
bool ls_view_copy(LsView *dst, const LsView *src);
/* Fold event i (which must be event v->applied) into v. False when out of
 * memory (v is then unusable). */
bool ls_view_apply(LsView *v, const LsEventLog *log, uint64_t i);
/* Bytes the view's arrays hold. */
size_t ls_view_bytes(const LsView *v);
const LsViewTask *ls_view_task(const LsView *v, uint32_t id);
size_t ls_view_ready_count(const LsView *v);

/* ---- Rendering ------------------------------------------------------------- */
/* Append the explanation of event i given the view `before` it. */
void ls_view_explain(const LsEventLog *log, uint64_t i, const LsView *before, LsBuf *out);
/* Append the view at the cursor as one JSON object (docs/VIEW_SCHEMA.md). */
void ls_view_json(LsViewSession *s, LsBuf *out);
/* A TASK_STATE `frames` ref as a JSON array of {function, line, locals}. */
void ls_view_json_frames(LsBuf *out, const LsEventLog *log, LsStrRef frames);
/* JSON string literal of bytes s[0..n). */
void ls_view_json_str(LsBuf *out, const char *s, size_t n);

#endif
