/* ls_view — the fold (event → view), checkpoints, seeking, step sizes and
 * breakpoints (see ls_view.h). Allocation is plain malloc: a session is
 * host-side tooling, not part of the program's memory budget. */
#include "ls_view.h"

#include <stdlib.h>
#include <string.h>

static const char *const phase_names[] = {
#define X(n, s, d) s,
    LS_VIEW_PHASES(X)
#undef X
};

const char *ls_view_phase_name(LsViewPhase p) {
    return (size_t)p < sizeof phase_names / sizeof phase_names[0] ? phase_names[p] : "?";
}

/* ---- The view's arrays ------------------------------------------------------ */

static bool grow(void **p, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap) return true;
    size_t n = *cap ? *cap : 16;
    while (n < need) n *= 2;
    void *q = realloc(*p, n * elem);
    if (!q) return false;
    *p = q;
    *cap = n;
    return true;
}

void ls_view_init(LsView *v) {
    memset(v, 0, sizeof *v);
    v->phase = LS_VIEW_PHASE_PROGRAM;
}

void ls_view_fini(LsView *v) {
    if (!v) return;
    free(v->ready);
    free(v->timers);
    free(v->tasks);
    ls_view_init(v);
}

/* Copies keep only the live part of the queues, so checkpoints stay small. */
bool ls_view_copy(LsView *dst, const LsView *src) {
    LsView d = *src;
    size_t nr = src->ready_end - src->ready_head, nt = src->timers_end - src->timers_head;
    d.ready = malloc((nr ? nr : 1) * sizeof *d.ready);
    d.timers = malloc((nt ? nt : 1) * sizeof *d.timers);
    d.tasks = malloc((src->n_tasks ? src->n_tasks : 1) * sizeof *d.tasks);
    if (!d.ready || !d.timers || !d.tasks) {
        free(d.ready);
        free(d.timers);
        free(d.tasks);
        ls_view_init(dst);
        return false;
    }
    if (nr) memcpy(d.ready, src->ready + src->ready_head, nr * sizeof *d.ready);
    if (nt) memcpy(d.timers, src->timers + src->timers_head, nt * sizeof *d.timers);
    if (src->n_tasks) memcpy(d.tasks, src->tasks, src->n_tasks * sizeof *d.tasks);
    d.ready_head = d.timers_head = 0;
    d.ready_end = nr;
    d.ready_cap = nr ? nr : 1;
    d.timers_end = nt;
    d.timers_cap = nt ? nt : 1;
    d.tasks_cap = src->n_tasks ? src->n_tasks : 1;
    *dst = d;
    return true;
}

size_t ls_view_bytes(const LsView *v) {
    return sizeof *v + (v->ready_end - v->ready_head) * sizeof *v->ready +
           (v->timers_end - v->timers_head) * sizeof *v->timers + v->n_tasks * sizeof *v->tasks;
}

const LsViewTask *ls_view_task(const LsView *v, uint32_t id) {
    return id >= 1 && id <= v->n_tasks ? &v->tasks[id - 1] : NULL;
}

size_t ls_view_ready_count(const LsView *v) { return v->ready_end - v->ready_head; }

static LsViewTask *task_of(LsView *v, uint64_t id) {
    return id >= 1 && id <= v->n_tasks ? &v->tasks[id - 1] : NULL;
}

/* ---- Queue and timer operations -------------------------------------------------- */

static bool ready_push(LsView *v, LsViewHandle h) {
    if (v->ready_end == v->ready_cap && v->ready_head > 0) {
        /* Slide the live part down before growing: pops leave room at the front. */
        size_t n = v->ready_end - v->ready_head;
        memmove(v->ready, v->ready + v->ready_head, n * sizeof *v->ready);
        v->ready_head = 0;
        v->ready_end = n;
    }
    if (!grow((void **)&v->ready, &v->ready_cap, v->ready_end + 1, sizeof *v->ready)) return false;
    v->ready[v->ready_end++] = h;
    return true;
}

/* Remove handle `id` from READY (normally the head) into *out. */
static bool ready_take(LsView *v, uint64_t id, LsViewHandle *out) {
    for (size_t i = v->ready_head; i < v->ready_end; i++) {
        if (v->ready[i].id != id) continue;
        *out = v->ready[i];
        if (i == v->ready_head) v->ready_head++;
        else {
            memmove(v->ready + i, v->ready + i + 1, (v->ready_end - i - 1) * sizeof *v->ready);
            v->ready_end--;
        }
        if (v->ready_head == v->ready_end) v->ready_head = v->ready_end = 0;
        return true;
    }
    return false;
}

static bool timer_less(const LsViewHandle *a, double when, uint64_t id) {
    return a->when < when || (a->when == when && a->id < id);
}

/* Index of the first timer not ordered before (when, id). */
static size_t timer_lower_bound(const LsView *v, double when, uint64_t id) {
    size_t lo = v->timers_head, hi = v->timers_end;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (timer_less(&v->timers[mid], when, id)) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static bool timer_insert(LsView *v, LsViewHandle h) {
    if (v->timers_head > 0 && v->timers_end == v->timers_cap) {
        size_t n = v->timers_end - v->timers_head;
        memmove(v->timers, v->timers + v->timers_head, n * sizeof *v->timers);
        v->timers_head = 0;
        v->timers_end = n;
    }
    if (!grow((void **)&v->timers, &v->timers_cap, v->timers_end + 1, sizeof *v->timers))
        return false;
    size_t i = timer_lower_bound(v, h.when, h.id);
    memmove(v->timers + i + 1, v->timers + i, (v->timers_end - i) * sizeof *v->timers);
    v->timers[i] = h;
    v->timers_end++;
    return true;
}

/* Find timer `id` (deadline `when`); NULL if absent. A NaN deadline defeats
 * the ordering, so fall back to a scan. */
static LsViewHandle *timer_find(LsView *v, uint64_t id, double when) {
    size_t i = timer_lower_bound(v, when, id);
    if (i < v->timers_end && v->timers[i].id == id) return &v->timers[i];
    for (i = v->timers_head; i < v->timers_end; i++)
        if (v->timers[i].id == id) return &v->timers[i];
    return NULL;
}

static bool timer_remove(LsView *v, uint64_t id, double when, LsViewHandle *out) {
    LsViewHandle *t = timer_find(v, id, when);
    if (!t) return false;
    *out = *t;
    size_t i = (size_t)(t - v->timers);
    if (i == v->timers_head) v->timers_head++;
    else {
        memmove(v->timers + i, v->timers + i + 1, (v->timers_end - i - 1) * sizeof *v->timers);
        v->timers_end--;
    }
    if (v->timers_head == v->timers_end) v->timers_head = v->timers_end = 0;
    return true;
}

static LsViewHandle *ready_find(LsView *v, uint64_t id) {
    for (size_t i = v->ready_head; i < v->ready_end; i++)
        if (v->ready[i].id == id) return &v->ready[i];
    return NULL;
}

/* ---- The fold ------------------------------------------------------------------ */

static bool apply_task_created(LsView *v, const LsEvent *e) {
    uint64_t id = e->task.id;
    if (id == 0 || id > UINT32_MAX) return true;
    if (!grow((void **)&v->tasks, &v->tasks_cap, (size_t)id, sizeof *v->tasks)) return false;
    while (v->n_tasks < id) {
        LsViewTask *t = &v->tasks[v->n_tasks];
        memset(t, 0, sizeof *t);
        t->id = (uint32_t)++v->n_tasks;
        t->state = LS_TASK_READY;
    }
    LsViewTask *t = &v->tasks[id - 1];
    t->name = e->task.name;
    t->coro = e->task.coro;
    t->created_line = e->line;
    return true;
}

static void apply_task_state(LsView *v, const LsEvent *e) {
    LsViewTask *t = task_of(v, e->state.id);
    if (!t) return;
    t->state = e->sub;
    t->wait_kind = (uint8_t)e->state.wait_kind;
    t->wait_id = e->state.wait_id;
    t->wait_label = e->state.label;
    if (e->line) t->line = e->line;
    if (e->state.frames) t->frames = e->state.frames;
    if (e->sub == LS_TASK_RUNNING) {
        t->steps++;
        v->current_task = t->id;
    } else if (v->current_task == t->id) {
        v->current_task = 0;
    }
    if (e->sub == LS_TASK_DONE || e->sub == LS_TASK_FAILED || e->sub == LS_TASK_CANCELLED)
        t->frames = 0;
}

static void apply_line(LsView *v, const LsEvent *e) {
    LsViewTask *t = task_of(v, e->text.id);
    if (t) t->line = e->line;
    else if (e->text.id == 0) {
        v->module_line = e->line;
        /* Module code runs only when no loop is inside an iteration. */
        if (v->phase != LS_VIEW_PHASE_RUN) v->phase = LS_VIEW_PHASE_PROGRAM;
    }
}

static void apply_cancel(LsView *v, const LsEvent *e) {
    LsViewHandle *h = e->sub == LS_CANCEL_HEAP ? timer_find(v, e->handle.id, e->handle.when)
                      : e->sub == LS_CANCEL_READY ? ready_find(v, e->handle.id)
                                                  : NULL;
    if (h) h->cancelled = 1;
}

static bool apply_loop_event(LsView *v, const LsEvent *e) {
    LsViewHandle h;
    switch ((LsEventKind)e->kind) {
    case LS_EV_HANDLE_SCHEDULED:
        h = (LsViewHandle){e->handle.id, e->handle.when, e->handle.label, e->handle.task,
                           e->sub == LS_SCHED_TIMER, 0};
        return h.timer ? timer_insert(v, h) : ready_push(v, h);
    case LS_EV_HANDLE_CANCELLED: apply_cancel(v, e); return true;
    case LS_EV_TIMER_DROPPED:
        timer_remove(v, e->handle.id, e->handle.when, &h);
        v->phase = LS_VIEW_PHASE_SELECT;
        return true;
    case LS_EV_TIMER_DUE:
        v->phase = LS_VIEW_PHASE_DUE;
        if (!timer_remove(v, e->handle.id, e->handle.when, &h)) return true;
        return ready_push(v, h);
    case LS_EV_HANDLE_RUN:
        if (!ready_take(v, e->handle.id, &v->running)) v->running = (LsViewHandle){.id = e->handle.id};
        return true;
    case LS_EV_HANDLE_SKIPPED: ready_take(v, e->handle.id, &h); return true;
    case LS_EV_HANDLE_DONE:
        memset(&v->running, 0, sizeof v->running);
        v->current_task = 0;
        return true;
    default: return true;
    }
}

bool ls_view_apply(LsView *v, const LsEventLog *log, uint64_t i) {
    const LsEvent *e = ls_events_at(log, i);
    if (!e) return true;
    v->applied = i + 1;
    switch ((LsEventKind)e->kind) {
    case LS_EV_ITER_BEGIN:
        v->iter = e->iter.no;
        v->phase = LS_VIEW_PHASE_RUN;
        return true;
    case LS_EV_ITER_END: v->phase = LS_VIEW_PHASE_SELECT; return true;
    case LS_EV_CLOCK_ADVANCED:
        v->clock = e->clock.to;
        if (e->sub == LS_CLOCK_LOOP) v->phase = LS_VIEW_PHASE_WAIT;
        return true;
    case LS_EV_LOOP_CLOSE:
        v->ready_head = v->ready_end = 0;
        v->timers_head = v->timers_end = 0;
        v->phase = LS_VIEW_PHASE_CLOSED;
        v->closed_any = true;
        return true;
    case LS_EV_TASK_CREATED: return apply_task_created(v, e);
    case LS_EV_TASK_STATE: apply_task_state(v, e); return true;
    case LS_EV_LINE: apply_line(v, e); return true;
    case LS_EV_OUTPUT: v->n_output++; return true;
    case LS_EV_DEADLOCK: v->deadlock = true; return true;
    default: return apply_loop_event(v, e);
    }
}

/* ---- Sessions ------------------------------------------------------------------- */

typedef struct Checkpoint {
    LsView view;
} Checkpoint;

struct LsViewSession {
    const LsEventLog *log;
    LsViewFeed feed;
    bool has_feed, finished;
    LsView cur;              /* the cursor's view (valid iff cur_valid) */
    bool cur_valid;
    LsBuf why;               /* explanation of the cursor's step */
    Checkpoint *cps;         size_t n_cps, cps_cap;   /* ascending applied */
    uint64_t cp_frontier;    /* checkpoints cover every event below this */
    size_t cp_bytes;
    uint64_t *outputs;       size_t n_outputs, outputs_cap; /* OUTPUT event indices */
    uint64_t indexed;        /* events scanned for the output index */
};

LsViewSession *ls_view_session_new(const LsEventLog *log, const LsViewFeed *feed) {
    LsViewSession *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->log = log;
    if (feed && feed->more) {
        s->feed = *feed;
        s->has_feed = true;
    } else {
        s->finished = true;
    }
    ls_view_init(&s->cur);
    ls_buf_init(&s->why);
    /* Checkpoint 0: the empty view before any event. */
    if (!grow((void **)&s->cps, &s->cps_cap, 1, sizeof *s->cps)) {
        free(s);
        return NULL;
    }
    ls_view_init(&s->cps[0].view);
    s->n_cps = 1;
    return s;
}

void ls_view_session_free(LsViewSession *s) {
    if (!s) return;
    for (size_t i = 0; i < s->n_cps; i++) ls_view_fini(&s->cps[i].view);
    free(s->cps);
    ls_view_fini(&s->cur);
    ls_buf_fini(&s->why);
    free(s->outputs);
    free(s);
}

const LsEventLog *ls_view_log(const LsViewSession *s) { return s->log; }
bool ls_view_finished(const LsViewSession *s) { return s->finished; }
const LsView *ls_view_current(const LsViewSession *s) { return s->cur_valid ? &s->cur : NULL; }
uint64_t ls_view_step(const LsViewSession *s) { return s->cur_valid ? s->cur.applied - 1 : UINT64_MAX; }
const char *ls_view_explanation(const LsViewSession *s) { return ls_buf_cstr(&s->why); }

size_t ls_view_checkpoint_bytes(const LsViewSession *s, size_t *count) {
    if (count) *count = s->n_cps;
    return s->cp_bytes + s->cps_cap * sizeof *s->cps + s->outputs_cap * sizeof *s->outputs;
}

/* Index OUTPUT events up to the log's current end. */
static void index_outputs(LsViewSession *s) {
    uint64_t n = ls_events_count(s->log);
    for (; s->indexed < n; s->indexed++) {
        if (ls_events_at(s->log, s->indexed)->kind != LS_EV_OUTPUT) continue;
        if (!grow((void **)&s->outputs, &s->outputs_cap, s->n_outputs + 1, sizeof *s->outputs))
            return; /* retried at the next call */
        s->outputs[s->n_outputs++] = s->indexed;
    }
}

uint64_t ls_view_available(LsViewSession *s, uint64_t want) {
    if (!s->finished && ls_events_count(s->log) < want && !s->feed.more(s->feed.ud, want))
        s->finished = true;
    index_outputs(s);
    return ls_events_count(s->log);
}

uint64_t ls_view_run_to_end(LsViewSession *s) {
    while (!s->finished) ls_view_available(s, ls_events_count(s->log) + (1u << 20));
    index_outputs(s);
    return ls_events_count(s->log);
}

const uint64_t *ls_view_output_steps(const LsViewSession *s, uint64_t *n) {
    if (n) *n = s->n_outputs;
    return s->outputs;
}

/* Index of the last checkpoint with applied <= target. */
static size_t checkpoint_before(const LsViewSession *s, uint64_t target) {
    size_t lo = 0, hi = s->n_cps;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->cps[mid].view.applied <= target) lo = mid + 1;
        else hi = mid;
    }
    return lo - 1; /* cps[0] has applied 0 */
}

/* Take a checkpoint of v if it is past the frontier and far enough from the
 * last one for its size. */
static void maybe_checkpoint(LsViewSession *s, const LsView *v) {
    if (v->applied <= s->cp_frontier) return;
    s->cp_frontier = v->applied;
    const LsView *last = &s->cps[s->n_cps - 1].view;
    uint64_t gap = v->applied - last->applied;
    size_t bytes = ls_view_bytes(v);
    if (gap < LS_VIEW_CP_MIN_EVENTS || gap * LS_VIEW_CP_BYTES_PER_EVENT < bytes) return;
    if (!grow((void **)&s->cps, &s->cps_cap, s->n_cps + 1, sizeof *s->cps)) return;
    if (!ls_view_copy(&s->cps[s->n_cps].view, v)) return;
    s->n_cps++;
    s->cp_bytes += bytes;
}

/* Fold s->cur forward until it has applied `target` events. */
static bool fold_to(LsViewSession *s, uint64_t target) {
    while (s->cur.applied < target) {
        if (!ls_view_apply(&s->cur, s->log, s->cur.applied)) return false;
        maybe_checkpoint(s, &s->cur);
    }
    return true;
}

bool ls_view_seek(LsViewSession *s, uint64_t k) {
    if (k == UINT64_MAX || ls_view_available(s, k + 1) <= k) return false;
    size_t ci = checkpoint_before(s, k);
    const LsView *cp = &s->cps[ci].view;
    bool keep = s->cur_valid && s->cur.applied <= k && s->cur.applied >= cp->applied;
    if (!keep) {
        LsView fresh;
        if (!ls_view_copy(&fresh, cp)) return false;
        ls_view_fini(&s->cur);
        s->cur = fresh;
    }
    s->cur_valid = false;
    if (!fold_to(s, k)) return false;
    ls_buf_clear(&s->why);
    ls_view_explain(s->log, k, &s->cur, &s->why);
    if (!ls_view_apply(&s->cur, s->log, k)) return false;
    maybe_checkpoint(s, &s->cur);
    s->cur_valid = true;
    return true;
}

/* ---- Step sizes -------------------------------------------------------------------- */

static bool step_match(const LsEvent *e, LsViewStepKind kind, int dir, uint32_t task) {
    switch (kind) {
    case LS_VIEW_STEP_EVENT: return true;
    case LS_VIEW_STEP_LINE: return e->kind == LS_EV_LINE && (task == UINT32_MAX || e->text.id == task);
    case LS_VIEW_STEP_TASK:
        return e->kind == LS_EV_TASK_STATE &&
               (dir > 0 ? e->sub != LS_TASK_RUNNING : e->sub == LS_TASK_RUNNING);
    case LS_VIEW_STEP_ITER: return e->kind == (dir > 0 ? LS_EV_ITER_END : LS_EV_ITER_BEGIN);
    case LS_VIEW_STEP_OUTPUT: return e->kind == LS_EV_OUTPUT;
    case LS_VIEW_STEP_FOLLOW:
        return e->kind == LS_EV_TASK_STATE && e->sub == LS_TASK_RUNNING && e->state.id == task;
    }
    return false;
}

/* Forward scans ask the feed for events in slices of this many. */
#define SCAN_SLICE 65536u

bool ls_view_step_by(LsViewSession *s, LsViewStepKind kind, int dir, uint32_t task) {
    if (!s->cur_valid) return dir > 0 && ls_view_seek(s, 0);
    uint64_t k = s->cur.applied - 1;
    if (kind == LS_VIEW_STEP_LINE) task = s->cur.current_task ? s->cur.current_task : UINT32_MAX;
    if (dir < 0) {
        for (uint64_t j = k; j-- > 0;)
            if (step_match(ls_events_at(s->log, j), kind, dir, task)) return ls_view_seek(s, j);
        return false;
    }
    for (uint64_t j = k + 1;; j++) {
        if (j >= ls_events_count(s->log) && ls_view_available(s, j + SCAN_SLICE) <= j) return false;
        if (step_match(ls_events_at(s->log, j), kind, dir, task)) return ls_view_seek(s, j);
    }
}

/* ---- Breakpoints ---------------------------------------------------------------------- */

bool ls_view_break_hit(const LsEventLog *log, uint64_t i, const LsView *before,
                       const LsView *after, const LsViewBreak *b) {
    const LsEvent *e = ls_events_at(log, i);
    if (!e) return false;
    switch ((LsViewBreakKind)b->kind) {
    case LS_VIEW_BREAK_LINE: return e->kind == LS_EV_LINE && e->line == b->line;
    case LS_VIEW_BREAK_TASK_CREATED: return e->kind == LS_EV_TASK_CREATED;
    case LS_VIEW_BREAK_TASK_CANCELLED:
        return e->kind == LS_EV_TASK_STATE && e->sub == LS_TASK_CANCELLED;
    case LS_VIEW_BREAK_TASK_FAILED: return e->kind == LS_EV_TASK_STATE && e->sub == LS_TASK_FAILED;
    case LS_VIEW_BREAK_TIMER_FIRES: return e->kind == LS_EV_TIMER_DUE;
    case LS_VIEW_BREAK_CLOCK_ADVANCES: return e->kind == LS_EV_CLOCK_ADVANCED;
    case LS_VIEW_BREAK_OUTPUT: return e->kind == LS_EV_OUTPUT;
    case LS_VIEW_BREAK_READY_EMPTY:
        return ls_view_ready_count(before) > 0 && ls_view_ready_count(after) == 0;
    case LS_VIEW_BREAK_TASK_STATE:
        return e->kind == LS_EV_TASK_STATE && e->sub == b->state &&
               (b->task == 0 || e->state.id == b->task);
    }
    return false;
}

static bool any_hit(const LsEventLog *log, uint64_t i, const LsView *before, const LsView *after,
                    const LsViewBreak *bps, size_t n) {
    for (size_t k = 0; k < n; k++)
        if (ls_view_break_hit(log, i, before, after, &bps[k])) return true;
    return false;
}

/* Fold a scratch view from `from` (a copy is taken) over events [from->applied,
 * end), returning the last (dir < 0) or first (dir > 0) hit, or UINT64_MAX. */
static uint64_t scan_hits(LsViewSession *s, const LsView *from, uint64_t end,
                          const LsViewBreak *bps, size_t n, int dir) {
    LsView v;
    if (!ls_view_copy(&v, from)) return UINT64_MAX;
    uint64_t found = UINT64_MAX;
    size_t before_ready = ls_view_ready_count(&v);
    for (uint64_t i = v.applied;; i++) {
        if (i >= end) {
            if (dir < 0 || ls_view_available(s, i + SCAN_SLICE) <= i) break;
            end = ls_events_count(s->log);
        }
        /* Only READY_EMPTY needs the view before the event: keep its count. */
        LsView before = v;
        before.ready_head = 0;
        before.ready_end = before_ready;
        if (!ls_view_apply(&v, s->log, i)) break;
        before_ready = ls_view_ready_count(&v);
        if (any_hit(s->log, i, &before, &v, bps, n)) {
            found = i;
            if (dir > 0) break;
        }
    }
    ls_view_fini(&v);
    return found;
}

bool ls_view_continue(LsViewSession *s, const LsViewBreak *bps, size_t n, int dir) {
    if (!s->cur_valid && !ls_view_seek(s, 0)) return false;
    uint64_t k = s->cur.applied - 1;
    uint64_t hit = UINT64_MAX;
    if (dir > 0) {
        hit = scan_hits(s, &s->cur, ls_events_count(s->log), bps, n, dir);
    } else {
        /* Walk checkpoint segments backwards: the last hit below k in the
         * nearest segment that has one. */
        uint64_t end = k;
        for (size_t ci = checkpoint_before(s, k); hit == UINT64_MAX; ci--) {
            hit = scan_hits(s, &s->cps[ci].view, end, bps, n, dir);
            end = s->cps[ci].view.applied;
            if (ci == 0) break;
        }
    }
    return hit != UINT64_MAX && ls_view_seek(s, hit);
}
