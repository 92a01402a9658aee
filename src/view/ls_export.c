/* ls_export — text, JSON Lines and Chrome trace-event exports of the event
 * log (see ls_export.h). */
#include "ls_export.h"
#include "ls_view.h"

#include <stdlib.h>
#include <string.h>

static const char *const format_names[] = {
#define X(n, s) s,
    LS_EXPORT_FORMATS(X)
#undef X
};

bool ls_export_parse_format(const char *name, LsExportFormat *out) {
    for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
        if (strcmp(name, format_names[i]) == 0) {
            *out = (LsExportFormat)i;
            return true;
        }
    return false;
}

static void jnum(LsBuf *out, double x) {
    if (x != x || x - x != 0) ls_buf_puts(out, "null");
    else ls_events_put_double(out, x);
}

static void jref(LsBuf *out, const LsEventLog *log, LsStrRef r) {
    uint32_t n;
    const char *s = ls_events_str(log, r, &n);
    ls_view_json_str(out, s, n);
}

/* ---- JSON Lines ------------------------------------------------------------------- */

static void handle_fields(LsBuf *out, const LsEvent *e) {
    ls_buf_printf(out, ",\"handle\":%llu", (unsigned long long)e->handle.id);
    if (e->kind != LS_EV_HANDLE_RUN && e->kind != LS_EV_HANDLE_DONE && e->kind != LS_EV_HANDLE_SKIPPED) {
        ls_buf_puts(out, ",\"when\":");
        jnum(out, e->handle.when);
    }
}

void ls_export_event_json(const LsEventLog *log, uint64_t i, LsBuf *out) {
    const LsEvent *e = ls_events_at(log, i);
    if (!e) return;
    ls_buf_printf(out, "{\"step\":%llu,\"t\":", (unsigned long long)i);
    jnum(out, ls_events_time_at(log, i));
    ls_buf_printf(out, ",\"kind\":\"%s\"", ls_event_kind_name((LsEventKind)e->kind));
    if (e->line) ls_buf_printf(out, ",\"line\":%u,\"col\":%u", e->line, (unsigned)e->col);
    switch ((LsEventKind)e->kind) {
    case LS_EV_ITER_BEGIN: {
        const uint64_t *ids = ls_events_ids(log, e);
        ls_buf_printf(out, ",\"iter\":%llu,\"n_due\":%u,\"handles\":[", (unsigned long long)e->iter.no, e->iter.n_due);
        for (uint32_t k = 0; k < e->iter.n; k++) ls_buf_printf(out, k ? ",%llu" : "%llu", (unsigned long long)ids[k]);
        ls_buf_putc(out, ']');
        break;
    }
    case LS_EV_ITER_END: ls_buf_printf(out, ",\"iter\":%llu,\"n\":%u", (unsigned long long)e->iter.no, e->iter.n); break;
    case LS_EV_CLOCK_ADVANCED:
        ls_buf_puts(out, ",\"from\":");
        jnum(out, e->clock.from);
        ls_buf_puts(out, ",\"to\":");
        jnum(out, e->clock.to);
        ls_buf_printf(out, ",\"cause\":\"%s\"", e->sub == LS_CLOCK_SLEEP ? "sleep" : "loop");
        break;
    case LS_EV_HANDLE_SCHEDULED:
        handle_fields(out, e);
        ls_buf_printf(out, ",\"timer\":%s,\"task\":%u,\"label\":", e->sub == LS_SCHED_TIMER ? "true" : "false", e->handle.task);
        jref(out, log, e->handle.label);
        break;
    case LS_EV_HANDLE_CANCELLED:
    case LS_EV_TIMER_DROPPED:
    case LS_EV_TIMER_DUE:
    case LS_EV_HANDLE_RUN:
    case LS_EV_HANDLE_DONE:
    case LS_EV_HANDLE_SKIPPED: handle_fields(out, e); break;
    case LS_EV_LOOP_STOP: break;
    case LS_EV_LOOP_CLOSE:
        ls_buf_printf(out, ",\"n_ready\":%llu,\"n_timers\":%llu", (unsigned long long)e->counts.n_ready,
                      (unsigned long long)e->counts.n_timers);
        break;
    case LS_EV_TASK_CREATED:
        ls_buf_printf(out, ",\"task\":%llu,\"name\":", (unsigned long long)e->task.id);
        jref(out, log, e->task.name);
        ls_buf_puts(out, ",\"coro\":");
        jref(out, log, e->task.coro);
        break;
    case LS_EV_TASK_STATE:
        ls_buf_printf(out, ",\"task\":%u,\"state\":\"%s\",\"wait\":\"%s\",\"wait_id\":%llu,\"label\":", e->state.id,
                      ls_task_state_name((LsTaskState)e->sub), ls_wait_kind_name((LsWaitKind)e->state.wait_kind),
                      (unsigned long long)e->state.wait_id);
        jref(out, log, e->state.label);
        ls_buf_puts(out, ",\"frames\":");
        ls_view_json_frames(out, log, e->state.frames);
        break;
    case LS_EV_LINE: ls_buf_printf(out, ",\"task\":%llu", (unsigned long long)e->text.id); break;
    case LS_EV_OUTPUT:
        ls_buf_printf(out, ",\"task\":%llu,\"stream\":\"%s\",\"text\":", (unsigned long long)e->text.id,
                      ls_stream_name((LsStream)e->sub));
        jref(out, log, e->text.text);
        break;
    case LS_EV_HANDLE_LABEL:
    case LS_EV_DEADLOCK:
    case LS_EV_PHASE:
        ls_buf_printf(out, ",\"id\":%llu,\"text\":", (unsigned long long)e->text.id);
        jref(out, log, e->text.text);
        break;
    case LS_EV_COUNT_: break;
    }
    ls_buf_putc(out, '}');
}

/* ---- Chrome trace events ------------------------------------------------------------ */

typedef struct Sched { uint64_t ts; uint32_t tid; LsStrRef label; bool bound; } Sched;

typedef struct Chrome {
    const LsEventLog *log;
    LsBuf *out;
    bool first;
    uint8_t *open;       size_t open_cap;    /* per tid: a slice is open */
    Sched *sched;        size_t sched_cap;   /* per handle id */
    uint32_t running_task;                   /* task in a run slice, 0 = none */
    uint64_t running_handle;                 /* handle in a loop slice, 0 = none */
} Chrome;

static bool ensure(void **p, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap) return true;
    size_t n = *cap ? *cap : 64;
    while (n < need) n *= 2;
    void *q = realloc(*p, n * elem);
    if (!q) return false;
    memset((char *)q + *cap * elem, 0, (n - *cap) * elem);
    *p = q;
    *cap = n;
    return true;
}

static void begin_event(Chrome *c, const char *ph, uint64_t ts, uint32_t tid) {
    ls_buf_puts(c->out, c->first ? "\n" : ",\n");
    c->first = false;
    ls_buf_printf(c->out, "{\"ph\":\"%s\",\"pid\":1,\"tid\":%u,\"ts\":%llu", ph, tid, (unsigned long long)ts);
}

static void put_name(Chrome *c, const char *prefix, LsStrRef ref) {
    LsBuf b;
    ls_buf_init(&b);
    ls_buf_puts(&b, prefix);
    ls_buf_puts(&b, ls_events_str(c->log, ref, NULL));
    ls_buf_puts(c->out, ",\"name\":");
    ls_view_json_str(c->out, b.data ? b.data : "", b.len);
    ls_buf_fini(&b);
}

static void put_args(Chrome *c, uint64_t i) {
    ls_buf_printf(c->out, ",\"args\":{\"step\":%llu,\"t\":", (unsigned long long)i);
    jnum(c->out, ls_events_time_at(c->log, i));
    ls_buf_puts(c->out, "}}");
}

static bool slice_open(Chrome *c, uint32_t tid) { return tid < c->open_cap && c->open[tid]; }

static bool open_slice(Chrome *c, uint64_t i, uint32_t tid, const char *prefix, LsStrRef ref) {
    if (!ensure((void **)&c->open, &c->open_cap, (size_t)tid + 1, 1)) return false;
    begin_event(c, "B", i, tid);
    put_name(c, prefix, ref);
    ls_buf_puts(c->out, ",\"cat\":\"loopscope\"");
    put_args(c, i);
    c->open[tid] = 1;
    return true;
}

static void close_slice(Chrome *c, uint64_t i, uint32_t tid) {
    if (!slice_open(c, tid)) return;
    begin_event(c, "E", i, tid);
    ls_buf_putc(c->out, '}');
    c->open[tid] = 0;
}

static void instant(Chrome *c, uint64_t i, uint32_t tid, const char *scope, const char *prefix, LsStrRef ref) {
    begin_event(c, "i", i, tid);
    put_name(c, prefix, ref);
    ls_buf_printf(c->out, ",\"cat\":\"loopscope\",\"s\":\"%s\"", scope);
    put_args(c, i);
}

static bool chrome_task_state(Chrome *c, uint64_t i, const LsEvent *e) {
    uint32_t tid = e->state.id;
    close_slice(c, i, tid);
    switch ((LsTaskState)e->sub) {
    case LS_TASK_RUNNING:
        c->running_task = tid;
        return open_slice(c, i, tid, "run", 0);
    case LS_TASK_SUSPENDED:
        if (c->running_task == tid) c->running_task = 0;
        return open_slice(c, i, tid, "await ", e->state.label);
    case LS_TASK_READY:
        if (c->running_task == tid) c->running_task = 0;
        return open_slice(c, i, tid, "ready after ", e->state.label);
    default:
        if (c->running_task == tid) c->running_task = 0;
        begin_event(c, "i", i, tid);
        ls_buf_printf(c->out, ",\"name\":\"%s\",\"cat\":\"loopscope\",\"s\":\"t\"",
                      ls_task_state_name((LsTaskState)e->sub));
        put_args(c, i);
        return true;
    }
}

/* The arrow from where handle `id` was scheduled to the slice running it. */
static void chrome_flow(Chrome *c, uint64_t i, uint64_t id) {
    if (id >= c->sched_cap || !c->sched[id].bound) return;
    Sched s = c->sched[id];
    begin_event(c, "s", s.ts, s.tid);
    ls_buf_printf(c->out, ",\"name\":\"schedule\",\"cat\":\"handle\",\"id\":%llu}", (unsigned long long)id);
    begin_event(c, "f", i, 0);
    ls_buf_printf(c->out, ",\"name\":\"schedule\",\"cat\":\"handle\",\"id\":%llu,\"bp\":\"e\"}", (unsigned long long)id);
    c->sched[id].bound = false;
}

static bool chrome_event(Chrome *c, uint64_t i) {
    const LsEvent *e = ls_events_at(c->log, i);
    switch ((LsEventKind)e->kind) {
    case LS_EV_TASK_CREATED: {
        begin_event(c, "M", i, (uint32_t)e->task.id);
        ls_buf_puts(c->out, ",\"name\":\"thread_name\",\"args\":{\"name\":");
        jref(c->out, c->log, e->task.name);
        ls_buf_puts(c->out, "}}");
        return true;
    }
    case LS_EV_TASK_STATE: return chrome_task_state(c, i, e);
    case LS_EV_HANDLE_SCHEDULED: {
        uint64_t id = e->handle.id; /* handle ids are dense from 1: index by id */
        if (!ensure((void **)&c->sched, &c->sched_cap, (size_t)id + 1, sizeof *c->sched)) return false;
        uint32_t tid = c->running_task ? c->running_task : 0;
        c->sched[id] = (Sched){i, tid, e->handle.label, slice_open(c, tid)};
        return true;
    }
    case LS_EV_HANDLE_RUN: {
        uint64_t id = e->handle.id;
        LsStrRef label = id < c->sched_cap && c->sched[id].label ? c->sched[id].label
                                                                 : ls_events_label_of(c->log, id);
        close_slice(c, i, 0);
        c->running_handle = id;
        if (!open_slice(c, i, 0, label ? "" : "handle", label)) return false;
        chrome_flow(c, i, e->handle.id);
        return true;
    }
    case LS_EV_HANDLE_DONE:
        close_slice(c, i, 0);
        c->running_handle = 0;
        return true;
    case LS_EV_TIMER_DUE: {
        uint64_t id = e->handle.id;
        instant(c, i, 0, "t", "timer due: ", id < c->sched_cap ? c->sched[id].label : 0);
        return true;
    }
    case LS_EV_CLOCK_ADVANCED: {
        begin_event(c, "i", i, 0);
        ls_buf_puts(c->out, ",\"name\":\"clock -> ");
        ls_events_put_double(c->out, e->clock.to);
        ls_buf_puts(c->out, "\",\"cat\":\"clock\",\"s\":\"g\"");
        put_args(c, i);
        return true;
    }
    default: return true;
    }
}

static bool write_chrome(const LsEventLog *log, LsBuf *out) {
    Chrome c = {.log = log, .out = out, .first = true};
    ls_buf_puts(out, "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[");
    begin_event(&c, "M", 0, 0);
    ls_buf_puts(out, ",\"name\":\"process_name\",\"args\":{\"name\":\"loopscope\"}}");
    begin_event(&c, "M", 0, 0);
    ls_buf_puts(out, ",\"name\":\"thread_name\",\"args\":{\"name\":\"event loop\"}}");
    bool ok = true;
    uint64_t n = ls_events_count(log);
    for (uint64_t i = 0; ok && i < n; i++) ok = chrome_event(&c, i);
    for (size_t tid = 0; tid < c.open_cap; tid++) close_slice(&c, n, (uint32_t)tid);
    ls_buf_puts(out, "\n]}\n");
    free(c.open);
    free(c.sched);
    return ok;
}

bool ls_export_write(const LsEventLog *log, LsExportFormat fmt, LsBuf *out) {
    switch (fmt) {
    case LS_EXPORT_TEXT: ls_events_dump(log, out); return true;
    case LS_EXPORT_JSONL:
        for (uint64_t i = 0; i < ls_events_count(log); i++) {
            ls_export_event_json(log, i, out);
            ls_buf_putc(out, '\n');
        }
        return true;
    case LS_EXPORT_CHROME: return write_chrome(log, out);
    }
    return false;
}
