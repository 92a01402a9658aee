/* ls_view_render — what a view looks like from outside: the one-sentence
 * explanation of a step (event + the view before it) and the JSON
 * rendering documented in docs/VIEW_SCHEMA.md. */
#include "ls_view.h"

#include <stdlib.h>
#include <string.h>

static const char *str(const LsEventLog *log, LsStrRef r) { return ls_events_str(log, r, NULL); }

static void put_time(LsBuf *b, double t) { ls_buf_printf(b, "%.3f", t); }

/* "Task-2", or "the program" for code outside tasks. */
static void put_who(LsBuf *b, const LsEventLog *log, const LsView *v, uint64_t task) {
    const LsViewTask *t = ls_view_task(v, (uint32_t)task);
    if (t && t->name) ls_buf_puts(b, str(log, t->name));
    else if (task) ls_buf_printf(b, "task %llu", (unsigned long long)task);
    else ls_buf_puts(b, v->running.id ? "a callback" : "the program");
}

static void put_label(LsBuf *b, const LsEventLog *log, LsStrRef label, uint64_t id) {
    if (label) ls_buf_printf(b, "\"%s\"", str(log, label));
    else ls_buf_printf(b, "handle %llu", (unsigned long long)id);
}

/* The label a view knows for handle `id`, wherever it sits. */
static LsStrRef known_label(const LsView *v, uint64_t id) {
    for (size_t i = v->ready_head; i < v->ready_end; i++)
        if (v->ready[i].id == id) return v->ready[i].label;
    for (size_t i = v->timers_head; i < v->timers_end; i++)
        if (v->timers[i].id == id) return v->timers[i].label;
    return v->running.id == id ? v->running.label : 0;
}

static void explain_clock(const LsEventLog *log, const LsEvent *e, const LsView *v, LsBuf *b) {
    if (e->sub == LS_CLOCK_SLEEP) {
        ls_buf_puts(b, "time.sleep() blocks the whole program: the clock moves from ");
        put_time(b, e->clock.from);
        ls_buf_puts(b, " to ");
        put_time(b, e->clock.to);
        ls_buf_puts(b, " and no other task can run meanwhile.");
        return;
    }
    ls_buf_puts(b, "The ready queue was empty, so the loop waited for the earliest deadline");
    if (v->timers_end > v->timers_head) {
        const LsViewHandle *t = &v->timers[v->timers_head];
        ls_buf_puts(b, " (");
        put_label(b, log, t->label, t->id);
        ls_buf_puts(b, " at t=");
        put_time(b, t->when);
        ls_buf_putc(b, ')');
    }
    ls_buf_puts(b, ": the clock jumped from ");
    put_time(b, e->clock.from);
    ls_buf_puts(b, " to ");
    put_time(b, e->clock.to);
    ls_buf_putc(b, '.');
}

static void explain_run(const LsEventLog *log, const LsEvent *e, const LsView *v, LsBuf *b) {
    const LsViewHandle *h = v->ready_end > v->ready_head ? &v->ready[v->ready_head] : NULL;
    if (h && h->id != e->handle.id) h = NULL;
    LsStrRef label = h ? h->label : 0;
    const char *l = label ? str(log, label) : "";
    if (h && h->task && (strncmp(l, "step ", 5) == 0 || strncmp(l, "wake ", 5) == 0)) {
        put_who(b, log, v, h->task);
        ls_buf_puts(b, " resumes: ");
        if (strncmp(l, "wake ", 5) == 0) {
            const char *paren = strchr(l, '(');
            ls_buf_puts(b, "what it awaited is done");
            if (paren) ls_buf_printf(b, " %s", paren);
            ls_buf_puts(b, ", and its wake-up was at the head of the ready queue.");
        } else {
            ls_buf_puts(b, "its step was at the head of the ready queue.");
        }
        return;
    }
    ls_buf_puts(b, "The loop runs ");
    put_label(b, log, label, e->handle.id);
    ls_buf_puts(b, h && h->timer ? ", a timer that became due." : ", the next handle in the ready queue.");
}

static void explain_state(const LsEventLog *log, const LsEvent *e, const LsView *v, LsBuf *b) {
    put_who(b, log, v, e->state.id);
    const char *wl = str(log, e->state.label);
    switch ((LsTaskState)e->sub) {
    case LS_TASK_RUNNING: {
        const LsViewTask *t = ls_view_task(v, e->state.id);
        if (t && t->steps == 0)
            ls_buf_printf(b, " starts running its coroutine %s().", str(log, t->coro));
        else
            ls_buf_printf(b, " continues after line %u.", t ? t->line : 0);
        return;
    }
    case LS_TASK_SUSPENDED:
        ls_buf_printf(b, " suspends at line %u: it awaits %s and gives control back to the loop.",
                      e->line, *wl ? wl : "a future");
        return;
    case LS_TASK_READY:
        ls_buf_puts(b, " yields with sleep(0): its next step goes to the back of the ready queue so others can run first.");
        return;
    case LS_TASK_DONE: ls_buf_puts(b, " finishes: its coroutine returned, and whoever awaits it is woken."); return;
    case LS_TASK_FAILED: ls_buf_puts(b, " fails: an exception escaped its coroutine and becomes the task's result."); return;
    case LS_TASK_CANCELLED: ls_buf_puts(b, " is cancelled: CancelledError escaped its coroutine."); return;
    }
}

static void explain_sched(const LsEventLog *log, const LsEvent *e, const LsView *v, LsBuf *b) {
    put_who(b, log, v, v->current_task);
    if (e->sub == LS_SCHED_TIMER) {
        ls_buf_puts(b, " sets a timer ");
        put_label(b, log, e->handle.label, e->handle.id);
        ls_buf_puts(b, " for t=");
        put_time(b, e->handle.when);
        ls_buf_puts(b, "; it waits in the timer heap until then.");
        return;
    }
    ls_buf_puts(b, " schedules ");
    put_label(b, log, e->handle.label, e->handle.id);
    ls_buf_printf(b, " with call_soon: it joins the ready queue at position %zu and runs in a later iteration.",
                  ls_view_ready_count(v) + 1);
}

static void explain_event(const LsEventLog *log, uint64_t i, const LsView *v, LsBuf *b) {
    const LsEvent *e = ls_events_at(log, i);
    if (!e) return;
    switch ((LsEventKind)e->kind) {
    case LS_EV_ITER_BEGIN:
        if (e->iter.n == 0) ls_buf_printf(b, "Loop iteration %llu starts with nothing to run.", (unsigned long long)e->iter.no);
        else
            ls_buf_printf(b, "Loop iteration %llu starts: it runs the %u handle(s) ready now (%u from due timers); anything they schedule waits for the next iteration.",
                          (unsigned long long)e->iter.no, e->iter.n, e->iter.n_due);
        return;
    case LS_EV_ITER_END:
        ls_buf_printf(b, "Iteration %llu is over after %u handle(s); %zu handle(s) wait in the ready queue for the next one.",
                      (unsigned long long)e->iter.no, e->iter.n, ls_view_ready_count(v));
        return;
    case LS_EV_CLOCK_ADVANCED: explain_clock(log, e, v, b); return;
    case LS_EV_HANDLE_SCHEDULED: explain_sched(log, e, v, b); return;
    case LS_EV_HANDLE_CANCELLED:
        put_label(b, log, known_label(v, e->handle.id), e->handle.id);
        ls_buf_puts(b, " is cancelled: it stays where it is and the loop will skip it.");
        return;
    case LS_EV_TIMER_DROPPED:
        ls_buf_puts(b, "The cancelled timer ");
        put_label(b, log, known_label(v, e->handle.id), e->handle.id);
        ls_buf_puts(b, " leaves the timer heap.");
        return;
    case LS_EV_TIMER_DUE:
        ls_buf_puts(b, "Timer ");
        put_label(b, log, known_label(v, e->handle.id), e->handle.id);
        ls_buf_puts(b, " is due (deadline t=");
        put_time(b, e->handle.when);
        ls_buf_puts(b, ", now t=");
        put_time(b, v->clock);
        ls_buf_puts(b, "): it moves to the ready queue.");
        return;
    case LS_EV_HANDLE_RUN: explain_run(log, e, v, b); return;
    case LS_EV_HANDLE_DONE:
        put_label(b, log, v->running.label, e->handle.id);
        ls_buf_puts(b, " returns control to the loop.");
        return;
    case LS_EV_HANDLE_SKIPPED:
        put_label(b, log, known_label(v, e->handle.id), e->handle.id);
        ls_buf_puts(b, " was cancelled, so the loop skips it.");
        return;
    case LS_EV_LOOP_STOP: ls_buf_puts(b, "loop.stop() was called: the loop finishes this iteration and then returns."); return;
    case LS_EV_LOOP_CLOSE:
        ls_buf_printf(b, "The loop is closed, discarding %llu ready handle(s) and %llu timer(s).",
                      (unsigned long long)e->counts.n_ready, (unsigned long long)e->counts.n_timers);
        return;
    case LS_EV_HANDLE_LABEL: ls_buf_printf(b, "Handle %llu is labelled \"%s\".", (unsigned long long)e->text.id, str(log, e->text.text)); return;
    case LS_EV_TASK_CREATED:
        ls_buf_printf(b, "%s is created to run %s(); its first step is scheduled.", str(log, e->task.name), str(log, e->task.coro));
        return;
    case LS_EV_TASK_STATE: explain_state(log, e, v, b); return;
    case LS_EV_LINE:
        put_who(b, log, v, e->text.id);
        ls_buf_printf(b, " executes line %u.", e->line);
        return;
    case LS_EV_OUTPUT:
        put_who(b, log, v, e->text.id);
        ls_buf_printf(b, " writes to %s at t=", ls_stream_name((LsStream)e->sub));
        put_time(b, v->clock);
        ls_buf_putc(b, '.');
        return;
    case LS_EV_DEADLOCK: ls_buf_puts(b, "Deadlock: nothing is ready and no timer is pending, so no task can ever make progress."); return;
    case LS_EV_PHASE: ls_buf_printf(b, "%s begins.", str(log, e->text.text)); return;
    case LS_EV_COUNT_: return;
    }
}

void ls_view_explain(const LsEventLog *log, uint64_t i, const LsView *v, LsBuf *b) {
    size_t start = b->len;
    explain_event(log, i, v, b);
    /* Sentences start with a capital ("The program ...", "A callback ..."). */
    if (b->len > start && b->data[start] >= 'a' && b->data[start] <= 'z') b->data[start] -= 'a' - 'A';
}

/* ---- JSON -------------------------------------------------------------------------- */

void ls_view_json_str(LsBuf *out, const char *s, size_t n) {
    ls_buf_putc(out, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': ls_buf_puts(out, "\\\""); break;
        case '\\': ls_buf_puts(out, "\\\\"); break;
        case '\n': ls_buf_puts(out, "\\n"); break;
        case '\t': ls_buf_puts(out, "\\t"); break;
        case '\r': ls_buf_puts(out, "\\r"); break;
        default:
            if (c < 0x20 || c == 0x7f) ls_buf_printf(out, "\\u%04x", c);
            else ls_buf_putc(out, (char)c);
        }
    }
    ls_buf_putc(out, '"');
}

static void jstr(LsBuf *out, const char *s) { ls_view_json_str(out, s, strlen(s)); }

static void jref(LsBuf *out, const LsEventLog *log, LsStrRef r) {
    uint32_t n;
    const char *s = ls_events_str(log, r, &n);
    ls_view_json_str(out, s, n);
}

/* Doubles as Python's repr prints them: JSON numbers that read back exactly. */
static void jnum(LsBuf *out, double x) {
    if (x != x || x - x != 0) { ls_buf_puts(out, "null"); return; }
    ls_events_put_double(out, x);
}

static void json_handle(LsBuf *out, const LsEventLog *log, const LsViewHandle *h) {
    ls_buf_printf(out, "{\"handle\":%llu,\"label\":", (unsigned long long)h->id);
    jref(out, log, h->label);
    ls_buf_printf(out, ",\"task\":%u,\"timer\":%s,\"cancelled\":%s", h->task, h->timer ? "true" : "false",
                  h->cancelled ? "true" : "false");
    if (h->timer) {
        ls_buf_puts(out, ",\"when\":");
        jnum(out, h->when);
    }
    ls_buf_putc(out, '}');
}

/* The next tab- or newline-terminated field of *p (advancing past it). */
static size_t field(const char **p, const char **start) {
    *start = *p;
    size_t n = strcspn(*p, "\t\n");
    *p += n;
    return n;
}

/* The await chain (shape + values, see ls_events_stamp_frames) as a JSON
 * array of {function, line, locals}. */
void ls_view_json_frames(LsBuf *out, const LsEventLog *log, LsStrRef frames) {
    const char *shape, *values;
    ls_events_frames(log, frames, &shape, &values);
    ls_buf_putc(out, '[');
    bool first_frame = true;
    while (*shape && *values) {
        const char *f;
        size_t fn = field(&shape, &f);
        if (!first_frame) ls_buf_putc(out, ',');
        first_frame = false;
        ls_buf_puts(out, "{\"function\":");
        ls_view_json_str(out, f, fn);
        ls_buf_printf(out, ",\"line\":%lu,\"locals\":{", strtoul(values, NULL, 10));
        values += strcspn(values, "\t\n");
        bool first = true;
        while (*shape == '\t' && *values == '\t') {
            shape++;
            values++;
            const char *name, *repr;
            size_t nn = field(&shape, &name), rn = field(&values, &repr);
            if (!first) ls_buf_putc(out, ',');
            first = false;
            ls_view_json_str(out, name, nn);
            ls_buf_putc(out, ':');
            ls_view_json_str(out, repr, rn);
        }
        ls_buf_puts(out, "}}");
        shape += strcspn(shape, "\n");
        values += strcspn(values, "\n");
        if (*shape) shape++;
        if (*values) values++;
    }
    ls_buf_putc(out, ']');
}

typedef struct Wait { uint32_t awaited, waiter; } Wait;

static int wait_cmp(const void *a, const void *b) {
    const Wait *x = a, *y = b;
    if (x->awaited != y->awaited) return x->awaited < y->awaited ? -1 : 1;
    return (x->waiter > y->waiter) - (x->waiter < y->waiter);
}

/* (awaited, waiter) for every task suspended on another task, sorted by
 * awaited task. False when out of memory: the lists are then unknown. */
static bool collect_waits(const LsView *v, Wait **out, size_t *n) {
    *n = 0;
    *out = NULL;
    for (size_t i = 0; i < v->n_tasks; i++) {
        const LsViewTask *o = &v->tasks[i];
        if (o->state != LS_TASK_SUSPENDED || o->wait_kind != LS_WAIT_TASK) continue;
        if (!*out && !(*out = malloc(v->n_tasks * sizeof **out))) return false;
        (*out)[(*n)++] = (Wait){(uint32_t)o->wait_id, o->id};
    }
    if (*out) qsort(*out, *n, sizeof **out, wait_cmp);
    return true;
}

static void json_task(LsBuf *out, const LsEventLog *log, const LsViewTask *t, bool known,
                      const Wait *waits, size_t n_waits) {
    ls_buf_printf(out, "{\"id\":%u,\"name\":", t->id);
    jref(out, log, t->name);
    ls_buf_puts(out, ",\"coro\":");
    jref(out, log, t->coro);
    ls_buf_puts(out, ",\"state\":");
    jstr(out, ls_task_state_name((LsTaskState)t->state));
    ls_buf_printf(out, ",\"line\":%u,\"created_line\":%u,\"steps\":%u,\"waits_on\":", t->line,
                  t->created_line, t->steps);
    if (t->wait_kind == LS_WAIT_NONE) ls_buf_puts(out, "null");
    else {
        ls_buf_puts(out, "{\"kind\":");
        jstr(out, ls_wait_kind_name((LsWaitKind)t->wait_kind));
        ls_buf_printf(out, ",\"id\":%llu,\"label\":", (unsigned long long)t->wait_id);
        jref(out, log, t->wait_label);
        ls_buf_putc(out, '}');
    }
    if (!known) {
        ls_buf_puts(out, ",\"waited_by\":null,\"await_chain\":");
        ls_view_json_frames(out, log, t->frames);
        ls_buf_putc(out, '}');
        return;
    }
    ls_buf_puts(out, ",\"waited_by\":[");
    /* Waiters of task t are a run in `waits`, sorted by awaited task. */
    size_t lo = 0, hi = n_waits;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (waits[mid].awaited < t->id) lo = mid + 1;
        else hi = mid;
    }
    for (size_t i = lo; i < n_waits && waits[i].awaited == t->id; i++)
        ls_buf_printf(out, i > lo ? ",%u" : "%u", waits[i].waiter);
    ls_buf_puts(out, "],\"await_chain\":");
    ls_view_json_frames(out, log, t->frames);
    ls_buf_putc(out, '}');
}

static void json_console(LsBuf *out, LsViewSession *s, const LsView *v) {
    const LsEventLog *log = ls_view_log(s);
    const uint64_t *outs = ls_view_output_steps(s, NULL);
    ls_buf_puts(out, "\"console\":[");
    for (uint64_t i = 0; i < v->n_output; i++) {
        const LsEvent *e = ls_events_at(log, outs[i]);
        if (i) ls_buf_putc(out, ',');
        ls_buf_printf(out, "{\"step\":%llu,\"t\":", (unsigned long long)outs[i]);
        jnum(out, ls_events_time_at(log, outs[i]));
        ls_buf_printf(out, ",\"task\":%llu,\"stream\":", (unsigned long long)e->text.id);
        jstr(out, ls_stream_name((LsStream)e->sub));
        ls_buf_puts(out, ",\"text\":");
        jref(out, log, e->text.text);
        ls_buf_putc(out, '}');
    }
    ls_buf_putc(out, ']');
}

void ls_view_json(LsViewSession *s, LsBuf *out) {
    const LsView *v = ls_view_current(s);
    const LsEventLog *log = ls_view_log(s);
    if (!v) { ls_buf_puts(out, "null"); return; }
    uint64_t k = v->applied - 1;
    ls_buf_printf(out, "{\"schema\":1,\"step\":%llu,\"events\":%llu,\"finished\":%s,\"limited\":%s,\"event\":",
                  (unsigned long long)k, (unsigned long long)ls_events_count(log),
                  ls_view_finished(s) ? "true" : "false", ls_events_limited(log) ? "true" : "false");
    LsBuf line;
    ls_buf_init(&line);
    ls_events_format(log, k, &line);
    ls_view_json_str(out, line.data ? line.data : "", line.len);
    ls_buf_fini(&line);
    ls_buf_puts(out, ",\"explanation\":");
    jstr(out, ls_view_explanation(s));
    ls_buf_puts(out, ",\"clock\":");
    jnum(out, v->clock);
    ls_buf_printf(out, ",\"iteration\":%llu,\"phase\":", (unsigned long long)v->iter);
    jstr(out, ls_view_phase_name((LsViewPhase)v->phase));
    ls_buf_printf(out, ",\"current_task\":%u,\"module_line\":%u,\"deadlock\":%s,\"running\":", v->current_task,
                  v->module_line, v->deadlock ? "true" : "false");
    if (v->running.id) json_handle(out, log, &v->running);
    else ls_buf_puts(out, "null");
    ls_buf_puts(out, ",\"ready\":[");
    for (size_t i = v->ready_head; i < v->ready_end; i++) {
        if (i > v->ready_head) ls_buf_putc(out, ',');
        json_handle(out, log, &v->ready[i]);
    }
    ls_buf_puts(out, "],\"timers\":[");
    for (size_t i = v->timers_head; i < v->timers_end; i++) {
        if (i > v->timers_head) ls_buf_putc(out, ',');
        json_handle(out, log, &v->timers[i]);
    }
    ls_buf_puts(out, "],\"tasks\":[");
    size_t n_waits;
    Wait *waits;
    bool known = collect_waits(v, &waits, &n_waits);
    for (size_t i = 0; i < v->n_tasks; i++) {
        if (i) ls_buf_putc(out, ',');
        json_task(out, log, &v->tasks[i], known, waits, n_waits);
    }
    free(waits);
    ls_buf_puts(out, "],");
    json_console(out, s, v);
    ls_buf_putc(out, '}');
}
