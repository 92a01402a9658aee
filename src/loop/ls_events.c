/* ls_events — the append-only event log and its printer (see ls_events.h).
 *
 * Storage: four geometric arrays through LsMem (records, string pool, id
 * pool, indices of CLOCK_ADVANCED records) plus a sorted handle → label
 * index. The string pool stores each string as a 4-byte length, the bytes
 * and a NUL; a LsStrRef is the offset of the length. Offset 0 holds the
 * empty string so that ref 0 always reads as "". */
#include "ls_events.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Names, generated from the X-macro lists ------------------------------ */

static const char *const kind_names[] = {
#define X(name, doc) #name,
    LS_EVENT_KINDS(X)
#undef X
};
static const char *const state_names[] = {
#define X(n, s) s,
    LS_TASK_STATES(X)
#undef X
};
static const char *const wait_names[] = {
#define X(n, s) s,
    LS_WAIT_KINDS(X)
#undef X
};
static const char *const sched_names[] = {
#define X(n, s) s,
    LS_SCHED_KINDS(X)
#undef X
};
static const char *const cancel_names[] = {
#define X(n, s) s,
    LS_CANCEL_WHERES(X)
#undef X
};
static const char *const drop_names[] = {
#define X(n, s) s,
    LS_DROP_REASONS(X)
#undef X
};
static const char *const clock_names[] = {
#define X(n, s) s,
    LS_CLOCK_CAUSES(X)
#undef X
};
static const char *const stream_names[] = {
#define X(n, s) s,
    LS_STREAMS(X)
#undef X
};

#define NAME_OF(table, i) \
    ((size_t)(i) < sizeof table / sizeof table[0] ? table[(size_t)(i)] : "?")

const char *ls_event_kind_name(LsEventKind k) { return NAME_OF(kind_names, k); }
const char *ls_task_state_name(LsTaskState s) { return NAME_OF(state_names, s); }
const char *ls_wait_kind_name(LsWaitKind w) { return NAME_OF(wait_names, w); }
const char *ls_stream_name(LsStream s) { return NAME_OF(stream_names, s); }

/* ---- Life cycle and accessors --------------------------------------------- */

void ls_events_init(LsEventLog *log, LsMem *mem) {
    memset(log, 0, sizeof *log);
    log->mem = mem;
}

void ls_events_fini(LsEventLog *log) {
    if (!log) return;
    LsMem *m = log->mem;
    ls_mem_free(m, log->ev, log->cap * sizeof *log->ev);
    for (size_t j = 0; j < log->n_chunks; j++)
        ls_mem_free(m, log->chunks[j], LS_EVENTS_CHUNK * sizeof **log->chunks);
    ls_mem_free(m, log->chunks, log->chunks_cap * sizeof *log->chunks);
    ls_mem_free(m, log->str, log->str_cap);
    ls_mem_free(m, log->ids, log->ids_cap * sizeof *log->ids);
    ls_mem_free(m, log->clock_at, log->clock_cap * sizeof *log->clock_at);
    ls_mem_free(m, log->labels, log->labels_cap * sizeof *log->labels);
    ls_mem_free(m, log->intern, log->intern_cap * 2 * sizeof *log->intern);
    ls_events_init(log, m);
}

bool ls_events_failed(const LsEventLog *log) { return log->failed; }
uint64_t ls_events_count(const LsEventLog *log) { return log->len; }

/* Record i, which must exist. */
static LsEvent *rec(const LsEventLog *log, uint64_t i) {
    if (i < LS_EVENTS_CHUNK) return &log->ev[i];
    return &log->chunks[(i >> LS_EVENTS_CHUNK_SHIFT) - 1][i & (LS_EVENTS_CHUNK - 1)];
}

const LsEvent *ls_events_at(const LsEventLog *log, uint64_t i) {
    return i < log->len ? rec(log, i) : NULL;
}

const char *ls_events_str(const LsEventLog *log, LsStrRef ref, uint32_t *len) {
    if (ref == 0 || (size_t)ref + 4 > log->str_len) {
        if (len) *len = 0;
        return "";
    }
    uint32_t n;
    memcpy(&n, log->str + ref, sizeof n);
    if (len) *len = n;
    return log->str + ref + 4;
}

const uint64_t *ls_events_ids(const LsEventLog *log, const LsEvent *ev) {
    if (ev->kind != LS_EV_ITER_BEGIN || ev->iter.n == 0) return NULL;
    return log->ids + ev->iter.ids;
}

double ls_events_time_at(const LsEventLog *log, uint64_t i) {
    /* Find the last CLOCK_ADVANCED index <= i: lo is the count of those. */
    size_t lo = 0, hi = log->n_clock;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (log->clock_at[mid] <= i) lo = mid + 1;
        else hi = mid;
    }
    return lo == 0 ? 0.0 : rec(log, log->clock_at[lo - 1])->clock.to;
}

/* Index of the first label entry with id >= `id`. */
static size_t label_lower_bound(const LsEventLog *log, uint64_t id) {
    size_t lo = 0, hi = log->n_labels;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (log->labels[mid].id < id) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

LsStrRef ls_events_label_of(const LsEventLog *log, uint64_t id) {
    size_t i = label_lower_bound(log, id);
    return i < log->n_labels && log->labels[i].id == id ? log->labels[i].label : 0;
}

/* ---- Appending ------------------------------------------------------------ */

static bool fail(LsEventLog *log) {
    log->failed = true;
    return false;
}

void ls_events_set_max(LsEventLog *log, uint64_t max) { log->max_events = max; }
bool ls_events_limited(const LsEventLog *log) { return log->limited; }

/* Make room for one more record so that the final push cannot fail. */
static bool reserve_event(LsEventLog *log) {
    if (log->failed) return false;
    if (log->max_events && log->len >= log->max_events) {
        log->limited = true;
        return fail(log);
    }
    if (log->len < LS_EVENTS_CHUNK) {
        if (!ls_mem_grow(log->mem, (void **)&log->ev, &log->cap, log->len + 1, sizeof *log->ev))
            return fail(log);
        return true;
    }
    size_t j = (log->len >> LS_EVENTS_CHUNK_SHIFT) - 1;
    if (j < log->n_chunks) return true;
    if (!ls_mem_grow(log->mem, (void **)&log->chunks, &log->chunks_cap, j + 1, sizeof *log->chunks))
        return fail(log);
    LsEvent *c = ls_mem_alloc(log->mem, LS_EVENTS_CHUNK * sizeof *c);
    if (!c) return fail(log);
    log->chunks[log->n_chunks++] = c;
    return true;
}

/* Pools grow by doubling while small and by an eighth once large, so a long
 * run's slack stays a fraction of what it holds (large reallocs are remaps,
 * not copies, on the systems we target). */
static bool grow_pool(LsEventLog *log, void **p, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap) return true;
    size_t ncap = *cap ? *cap : 64;
    while (ncap < need) ncap = ncap * elem < ((size_t)1 << 20) ? ncap * 2 : ncap + ncap / 8;
    void *q = ls_mem_realloc(log->mem, *p, *cap * elem, ncap * elem);
    if (!q) return false;
    *p = q;
    *cap = ncap;
    return true;
}

/* Append a zeroed record of `kind` (room was reserved). */
static LsEvent *push_reserved(LsEventLog *log, LsEventKind kind, uint8_t sub) {
    LsEvent *e = rec(log, log->len++);
    memset(e, 0, sizeof *e);
    e->kind = (uint8_t)kind;
    e->sub = sub;
    return e;
}

static LsEvent *push(LsEventLog *log, LsEventKind kind, uint8_t sub) {
    return reserve_event(log) ? push_reserved(log, kind, sub) : NULL;
}

static void set_pos(LsEvent *e, LsEventPos pos) {
    e->line = pos.line;
    e->col = (uint16_t)(pos.col > UINT16_MAX ? UINT16_MAX : pos.col);
}

/* Copy a string into the pool. Returns false (setting `failed`) when the
 * pool cannot grow or would pass the 4 GiB that a LsStrRef can address. */
static bool add_str(LsEventLog *log, const char *s, size_t len, LsStrRef *out) {
    if (log->failed) return false;
    size_t lead = log->str_len == 0 ? 5 : 0; /* the empty string at offset 0 */
    size_t need = log->str_len + lead + 4 + len + 1;
    if (len > UINT32_MAX || need - len - 5 > UINT32_MAX) return fail(log);
    if (!grow_pool(log, (void **)&log->str, &log->str_cap, need, 1)) return fail(log);
    if (lead) {
        memset(log->str, 0, 5);
        log->str_len = 5;
    }
    uint32_t n = (uint32_t)len;
    char *p = log->str + log->str_len;
    memcpy(p, &n, 4);
    if (len) memcpy(p + 4, s, len);
    p[4 + len] = '\0';
    *out = (LsStrRef)log->str_len;
    log->str_len = need;
    return true;
}

LsStrRef ls_events_add_str(LsEventLog *log, const char *s, size_t len) {
    LsStrRef r = 0;
    return add_str(log, s, len, &r) ? r : 0;
}

/* FNV-1a: cheap, and good enough for short labels. Never 0 (0 marks a
 * free slot's hash). */
static uint32_t hash_bytes(const char *s, size_t len) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h ? h : 1;
}

static bool pooled_equal(const LsEventLog *log, LsStrRef ref, const char *s, size_t len) {
    uint32_t n;
    const char *p = ls_events_str(log, ref, &n);
    return n == len && memcmp(p, s, len) == 0;
}

/* The set keeps each entry's hash beside its ref (slot i is intern[2i],
 * intern[2i+1]) so that probing past other strings never touches the pool.
 * Capacity is a power of two; load stays at or under one half. */
static bool intern_grow(LsEventLog *log) {
    size_t cap = log->intern_cap ? log->intern_cap * 2 : 256;
    uint32_t *t = ls_mem_calloc(log->mem, cap * 2 * sizeof *t);
    if (!t) return fail(log);
    for (size_t i = 0; i < log->intern_cap; i++) {
        uint32_t h = log->intern[2 * i], ref = log->intern[2 * i + 1];
        if (!ref) continue;
        size_t j = h & (cap - 1);
        while (t[2 * j + 1]) j = (j + 1) & (cap - 1);
        t[2 * j] = h;
        t[2 * j + 1] = ref;
    }
    ls_mem_free(log->mem, log->intern, log->intern_cap * 2 * sizeof *log->intern);
    log->intern = t;
    log->intern_cap = cap;
    return true;
}

LsStrRef ls_events_intern(LsEventLog *log, const char *s, size_t len) {
    if (len == 0 || log->failed) return 0;
    if ((log->n_interned + 1) * 2 > log->intern_cap && !intern_grow(log)) return 0;
    uint32_t h = hash_bytes(s, len);
    size_t mask = log->intern_cap - 1, j = h & mask;
    for (; log->intern[2 * j + 1]; j = (j + 1) & mask)
        if (log->intern[2 * j] == h && pooled_equal(log, log->intern[2 * j + 1], s, len))
            return log->intern[2 * j + 1];
    LsStrRef r = 0;
    if (!add_str(log, s, len, &r)) return 0;
    log->intern[2 * j] = h;
    log->intern[2 * j + 1] = r;
    log->n_interned++;
    return r;
}

LsStrRef ls_events_intern_hinted(LsEventLog *log, const char *s, size_t len, LsStrRef *hint) {
    if (*hint && !log->failed && pooled_equal(log, *hint, s, len)) return *hint;
    return *hint = ls_events_intern(log, s, len);
}

uint64_t *ls_events_iter_begin_slots(LsEventLog *log, uint64_t iter, size_t n, size_t n_due) {
    if (!reserve_event(log)) return NULL;
    if (log->ids_len + n > UINT32_MAX || n_due > n) {
        fail(log);
        return NULL;
    }
    if (!grow_pool(log, (void **)&log->ids, &log->ids_cap, log->ids_len + n + 1,
                   sizeof *log->ids)) {
        fail(log);
        return NULL;
    }
    LsEvent *e = push_reserved(log, LS_EV_ITER_BEGIN, 0);
    e->iter.no = iter;
    e->iter.ids = (uint32_t)log->ids_len;
    e->iter.n = (uint32_t)n;
    e->iter.n_due = (uint32_t)n_due;
    uint64_t *slots = log->ids + log->ids_len;
    memset(slots, 0, n * sizeof *slots); /* never leave garbage in the pool */
    log->ids_len += n;
    return slots;
}

bool ls_events_iter_begin(LsEventLog *log, uint64_t iter, const uint64_t *ids, size_t n,
                          size_t n_due) {
    uint64_t *slots = ls_events_iter_begin_slots(log, iter, n, n_due);
    if (!slots) return false;
    if (n) memcpy(slots, ids, n * sizeof *ids);
    return true;
}

bool ls_events_iter_end(LsEventLog *log, uint64_t iter, size_t n_processed) {
    LsEvent *e = push(log, LS_EV_ITER_END, 0);
    if (!e) return false;
    e->iter.no = iter;
    e->iter.n = (uint32_t)n_processed;
    return true;
}

bool ls_events_clock_advanced(LsEventLog *log, double from, double to, LsClockCause cause) {
    if (!reserve_event(log)) return false;
    if (!grow_pool(log, (void **)&log->clock_at, &log->clock_cap, log->n_clock + 1,
                   sizeof *log->clock_at))
        return fail(log);
    log->clock_at[log->n_clock++] = log->len;
    LsEvent *e = push_reserved(log, LS_EV_CLOCK_ADVANCED, (uint8_t)cause);
    e->clock.from = from;
    e->clock.to = to;
    return true;
}

static bool handle_event(LsEventLog *log, LsEventKind kind, uint8_t sub, uint64_t id,
                         double when) {
    LsEvent *e = push(log, kind, sub);
    if (!e) return false;
    e->handle.id = id;
    e->handle.when = when;
    return true;
}

bool ls_events_handle_scheduled(LsEventLog *log, uint64_t id, LsSchedKind kind, double when) {
    return handle_event(log, LS_EV_HANDLE_SCHEDULED, (uint8_t)kind, id, when);
}
bool ls_events_handle_cancelled(LsEventLog *log, uint64_t id, double when, LsCancelWhere where) {
    return handle_event(log, LS_EV_HANDLE_CANCELLED, (uint8_t)where, id, when);
}
bool ls_events_timer_dropped(LsEventLog *log, uint64_t id, double when, LsDropReason why) {
    return handle_event(log, LS_EV_TIMER_DROPPED, (uint8_t)why, id, when);
}
bool ls_events_timer_due(LsEventLog *log, uint64_t id, double when) {
    return handle_event(log, LS_EV_TIMER_DUE, 0, id, when);
}
bool ls_events_handle_run(LsEventLog *log, uint64_t id) {
    return handle_event(log, LS_EV_HANDLE_RUN, 0, id, 0.0);
}
bool ls_events_handle_done(LsEventLog *log, uint64_t id) {
    return handle_event(log, LS_EV_HANDLE_DONE, 0, id, 0.0);
}
bool ls_events_handle_skipped(LsEventLog *log, uint64_t id) {
    return handle_event(log, LS_EV_HANDLE_SKIPPED, 0, id, 0.0);
}

bool ls_events_loop_stop(LsEventLog *log) { return push(log, LS_EV_LOOP_STOP, 0) != NULL; }

bool ls_events_loop_close(LsEventLog *log, size_t n_ready, size_t n_timers) {
    LsEvent *e = push(log, LS_EV_LOOP_CLOSE, 0);
    if (!e) return false;
    e->counts.n_ready = n_ready;
    e->counts.n_timers = n_timers;
    return true;
}

/* Record `label` as handle `id`'s label in the sorted index. Handle ids are
 * assigned in increasing order, so this is almost always an append. */
static bool index_label(LsEventLog *log, uint64_t id, LsStrRef label) {
    size_t i = label_lower_bound(log, id);
    if (i < log->n_labels && log->labels[i].id == id) {
        log->labels[i].label = label;
        return true;
    }
    if (!ls_mem_grow(log->mem, (void **)&log->labels, &log->labels_cap, log->n_labels + 1,
                     sizeof *log->labels))
        return fail(log);
    memmove(&log->labels[i + 1], &log->labels[i], (log->n_labels - i) * sizeof *log->labels);
    log->labels[i] = (LsHandleLabel){id, label};
    log->n_labels++;
    return true;
}

/* The common shape of runtime events: an id and one string. */
static LsEvent *text_event(LsEventLog *log, LsEventKind kind, uint8_t sub, uint64_t id,
                           const char *s, size_t len) {
    LsStrRef ref = 0;
    if (!reserve_event(log) || !add_str(log, s, len, &ref)) return NULL;
    LsEvent *e = push_reserved(log, kind, sub);
    e->text.id = id;
    e->text.text = ref;
    return e;
}

bool ls_events_handle_label(LsEventLog *log, uint64_t handle, const char *label, size_t len) {
    LsStrRef ref = 0;
    if (!reserve_event(log) || !add_str(log, label, len, &ref)) return false;
    if (!index_label(log, handle, ref)) return false;
    LsEvent *e = push_reserved(log, LS_EV_HANDLE_LABEL, 0);
    e->text.id = handle;
    e->text.text = ref;
    return true;
}

bool ls_events_task_created(LsEventLog *log, uint64_t task, const char *name, size_t name_len,
                            const char *coro, size_t coro_len, LsEventPos pos) {
    LsStrRef rn = 0, rc = 0;
    if (!reserve_event(log) || !add_str(log, name, name_len, &rn) ||
        !add_str(log, coro, coro_len, &rc))
        return false;
    LsEvent *e = push_reserved(log, LS_EV_TASK_CREATED, 0);
    set_pos(e, pos);
    e->task.id = task;
    e->task.name = rn;
    e->task.coro = rc;
    return true;
}

bool ls_events_task_state(LsEventLog *log, uint64_t task, LsTaskState state,
                          LsWaitKind wait_kind, uint64_t wait_id, const char *label,
                          size_t label_len, LsEventPos pos) {
    if (!reserve_event(log)) return false;
    LsStrRef ref = ls_events_intern(log, label, label_len); /* few distinct labels */
    if (log->failed) return false;
    return ls_events_task_state_ref(log, task, state, wait_kind, wait_id, ref, pos);
}

bool ls_events_task_state_ref(LsEventLog *log, uint64_t task, LsTaskState state,
                              LsWaitKind wait_kind, uint64_t wait_id, LsStrRef ref, LsEventPos pos) {
    if (!reserve_event(log)) return false;
    LsEvent *e = push_reserved(log, LS_EV_TASK_STATE, (uint8_t)state);
    set_pos(e, pos);
    e->state.id = (uint32_t)task;
    e->state.wait_id = wait_id;
    e->state.label = ref;
    e->state.wait_kind = (uint32_t)wait_kind;
    return true;
}

bool ls_events_line(LsEventLog *log, uint64_t task, LsEventPos pos) {
    LsEvent *e = push(log, LS_EV_LINE, 0);
    if (!e) return false;
    set_pos(e, pos);
    e->text.id = task;
    return true;
}

bool ls_events_output(LsEventLog *log, uint64_t task, LsStream stream, const char *text,
                      size_t len) {
    return text_event(log, LS_EV_OUTPUT, (uint8_t)stream, task, text, len) != NULL;
}

bool ls_events_deadlock(LsEventLog *log, uint64_t task, const char *msg, size_t len) {
    return text_event(log, LS_EV_DEADLOCK, 0, task, msg, len) != NULL;
}

bool ls_events_phase(LsEventLog *log, const char *label, size_t len) {
    return text_event(log, LS_EV_PHASE, 0, 0, label, len) != NULL;
}

bool ls_events_stamp_pos(LsEventLog *log, LsEventPos pos) {
    if (log->failed || log->len == 0) return false;
    set_pos(rec(log, log->len - 1), pos);
    return true;
}

/* The last record if it is of `kind` and the log is healthy. */
static LsEvent *last_of(LsEventLog *log, LsEventKind kind) {
    if (log->failed || log->len == 0 || rec(log, log->len - 1)->kind != kind) return NULL;
    return rec(log, log->len - 1);
}

bool ls_events_stamp_handle(LsEventLog *log, const char *label, size_t len, uint32_t task) {
    if (!last_of(log, LS_EV_HANDLE_SCHEDULED)) return false;
    LsStrRef ref = ls_events_intern(log, label, len);
    if (log->failed) return false;
    return ls_events_stamp_handle_ref(log, ref, task);
}

bool ls_events_stamp_handle_ref(LsEventLog *log, LsStrRef ref, uint32_t task) {
    if (!last_of(log, LS_EV_HANDLE_SCHEDULED) || log->failed) return false;
    LsEvent *e = rec(log, log->len - 1);
    e->handle.label = ref;
    e->handle.task = task;
    return true;
}

bool ls_events_stamp_frames(LsEventLog *log, const char *shape, size_t shape_len,
                            const char *values, size_t values_len) {
    if (!last_of(log, LS_EV_TASK_STATE)) return false;
    LsStrRef sref = ls_events_intern(log, shape, shape_len);
    if (log->failed) return false;
    return ls_events_stamp_frames_ref(log, sref, values, values_len);
}

bool ls_events_stamp_frames_ref(LsEventLog *log, LsStrRef sref, const char *values, size_t values_len) {
    if (!last_of(log, LS_EV_TASK_STATE) || log->failed) return false;
    /* The values are not interned: they carry locals and rarely repeat, so
     * a hash slot each would cost more than the rare duplicate. */
    char head[16];
    int hn = 0;
    char digits[12];
    int nd = 0;
    uint32_t x = sref;
    do digits[nd++] = (char)('0' + x % 10); while ((x /= 10) != 0);
    while (nd) head[hn++] = digits[--nd];
    head[hn++] = '\n';
    size_t total = (size_t)hn + values_len;
    char small[256], *buf = total <= sizeof small ? small : malloc(total);
    if (!buf) return fail(log);
    memcpy(buf, head, (size_t)hn);
    if (values_len) memcpy(buf + hn, values, values_len);
    LsStrRef ref = 0;
    bool ok = add_str(log, buf, total, &ref);
    if (buf != small) free(buf);
    if (!ok) return false;
    rec(log, log->len - 1)->state.frames = ref;
    return true;
}

void ls_events_frames(const LsEventLog *log, LsStrRef frames, const char **shape,
                      const char **values) {
    const char *s = ls_events_str(log, frames, NULL);
    const char *nl = strchr(s, '\n');
    if (!frames || !nl) {
        *shape = *values = "";
        return;
    }
    *shape = ls_events_str(log, (LsStrRef)strtoul(s, NULL, 10), NULL);
    *values = nl + 1;
}

/* ---- Printing ------------------------------------------------------------- */

/* Python's repr(float): the shortest digit string that reads back as x,
 * laid out in positional notation when the decimal exponent is in
 * [-4, 16) and in scientific notation ("1e-09", "1e+16") otherwise. */
void ls_events_put_double(LsBuf *out, double x) {
    if (isnan(x)) { ls_buf_puts(out, "nan"); return; }
    if (isinf(x)) { ls_buf_puts(out, x < 0 ? "-inf" : "inf"); return; }
    if (x == 0.0) { ls_buf_puts(out, signbit(x) ? "-0.0" : "0.0"); return; }
    char tmp[40];
    for (int prec = 0; prec < 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec, x);
        if (strtod(tmp, NULL) == x) break;
    }
    /* tmp is "[-]d[.ddd]e[+-]XX": collect the digits and the exponent. */
    const char *p = tmp;
    if (*p == '-') { ls_buf_putc(out, '-'); p++; }
    char digits[20];
    int nd = 0;
    for (; *p != 'e'; p++)
        if (*p != '.') digits[nd++] = *p;
    int exp10 = atoi(p + 1);
    while (nd > 1 && digits[nd - 1] == '0') nd--;
    int decpt = exp10 + 1; /* digits[0..decpt) are the integer part */
    if (decpt > -4 && decpt <= 16) {
        if (decpt <= 0) {
            ls_buf_puts(out, "0.");
            for (int i = 0; i < -decpt; i++) ls_buf_putc(out, '0');
            ls_buf_append(out, digits, (size_t)nd);
        } else if (decpt < nd) {
            ls_buf_append(out, digits, (size_t)decpt);
            ls_buf_putc(out, '.');
            ls_buf_append(out, digits + decpt, (size_t)(nd - decpt));
        } else {
            ls_buf_append(out, digits, (size_t)nd);
            for (int i = nd; i < decpt; i++) ls_buf_putc(out, '0');
            ls_buf_puts(out, ".0");
        }
        return;
    }
    ls_buf_putc(out, digits[0]);
    if (nd > 1) {
        ls_buf_putc(out, '.');
        ls_buf_append(out, digits + 1, (size_t)(nd - 1));
    }
    ls_buf_printf(out, "e%c%02d", exp10 < 0 ? '-' : '+', abs(exp10));
}

static void put_quoted(LsBuf *out, const char *s, uint32_t len) {
    ls_buf_putc(out, '"');
    for (uint32_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '\n': ls_buf_puts(out, "\\n"); break;
        case '\t': ls_buf_puts(out, "\\t"); break;
        case '\r': ls_buf_puts(out, "\\r"); break;
        case '\\': ls_buf_puts(out, "\\\\"); break;
        case '"': ls_buf_puts(out, "\\\""); break;
        default:
            if (c < 0x20 || c == 0x7f) ls_buf_printf(out, "\\x%02x", c);
            else ls_buf_putc(out, (char)c); /* UTF-8 passes through */
        }
    }
    ls_buf_putc(out, '"');
}

static void put_str(const LsEventLog *log, LsBuf *out, LsStrRef ref) {
    uint32_t len;
    const char *s = ls_events_str(log, ref, &len);
    put_quoted(out, s, len);
}

static void put_handle(const LsEventLog *log, LsBuf *out, uint64_t id) {
    ls_buf_printf(out, " h=%llu", (unsigned long long)id);
    LsStrRef label = ls_events_label_of(log, id);
    if (!label) return;
    ls_buf_putc(out, ' ');
    put_str(log, out, label);
}

static void put_when(LsBuf *out, const char *key, double when) {
    ls_buf_printf(out, " %s=", key);
    ls_events_put_double(out, when);
}

static void put_iter_ids(const LsEventLog *log, LsBuf *out, const LsEvent *e) {
    const uint64_t *ids = ls_events_ids(log, e);
    ls_buf_printf(out, " iter=%llu n=%u due=%u [", (unsigned long long)e->iter.no, e->iter.n,
                  e->iter.n_due);
    for (uint32_t k = 0; k < e->iter.n; k++)
        ls_buf_printf(out, k ? " %llu" : "%llu", (unsigned long long)ids[k]);
    ls_buf_putc(out, ']');
}

/* The fields after the kind name: one short case per kind. */
static void put_fields(const LsEventLog *log, LsBuf *out, const LsEvent *e) {
    switch ((LsEventKind)e->kind) {
    case LS_EV_ITER_BEGIN: put_iter_ids(log, out, e); break;
    case LS_EV_ITER_END:
        ls_buf_printf(out, " iter=%llu n=%u", (unsigned long long)e->iter.no, e->iter.n);
        break;
    case LS_EV_CLOCK_ADVANCED:
        put_when(out, "from", e->clock.from);
        put_when(out, "to", e->clock.to);
        ls_buf_printf(out, " by=%s", NAME_OF(clock_names, e->sub));
        break;
    case LS_EV_HANDLE_SCHEDULED:
        if (e->handle.label && !ls_events_label_of(log, e->handle.id)) {
            ls_buf_printf(out, " h=%llu ", (unsigned long long)e->handle.id);
            put_str(log, out, e->handle.label);
        } else {
            put_handle(log, out, e->handle.id);
        }
        ls_buf_printf(out, " %s", NAME_OF(sched_names, e->sub));
        if (e->sub == LS_SCHED_TIMER) put_when(out, "when", e->handle.when);
        if (e->handle.task) ls_buf_printf(out, " task=%u", e->handle.task);
        break;
    case LS_EV_HANDLE_CANCELLED:
        put_handle(log, out, e->handle.id);
        ls_buf_printf(out, " in=%s", NAME_OF(cancel_names, e->sub));
        break;
    case LS_EV_TIMER_DROPPED:
        put_handle(log, out, e->handle.id);
        ls_buf_printf(out, " by=%s", NAME_OF(drop_names, e->sub));
        break;
    case LS_EV_TIMER_DUE:
        put_handle(log, out, e->handle.id);
        put_when(out, "when", e->handle.when);
        break;
    case LS_EV_HANDLE_RUN:
    case LS_EV_HANDLE_DONE:
    case LS_EV_HANDLE_SKIPPED: put_handle(log, out, e->handle.id); break;
    case LS_EV_LOOP_STOP: break;
    case LS_EV_LOOP_CLOSE:
        ls_buf_printf(out, " ready=%llu timers=%llu", (unsigned long long)e->counts.n_ready,
                      (unsigned long long)e->counts.n_timers);
        break;
    case LS_EV_HANDLE_LABEL:
        ls_buf_printf(out, " h=%llu ", (unsigned long long)e->text.id);
        put_str(log, out, e->text.text);
        break;
    case LS_EV_TASK_CREATED:
        ls_buf_printf(out, " task=%llu name=", (unsigned long long)e->task.id);
        put_str(log, out, e->task.name);
        ls_buf_puts(out, " coro=");
        put_str(log, out, e->task.coro);
        break;
    case LS_EV_TASK_STATE:
        ls_buf_printf(out, " task=%llu %s", (unsigned long long)e->state.id,
                      NAME_OF(state_names, e->sub));
        if (e->state.wait_kind != LS_WAIT_NONE) {
            ls_buf_printf(out, " wait=%s#%llu ", NAME_OF(wait_names, e->state.wait_kind),
                          (unsigned long long)e->state.wait_id);
            put_str(log, out, e->state.label);
        }
        break;
    case LS_EV_LINE: ls_buf_printf(out, " task=%llu", (unsigned long long)e->text.id); break;
    case LS_EV_OUTPUT:
        ls_buf_printf(out, " task=%llu %s ", (unsigned long long)e->text.id,
                      NAME_OF(stream_names, e->sub));
        put_str(log, out, e->text.text);
        break;
    case LS_EV_DEADLOCK:
        ls_buf_printf(out, " task=%llu ", (unsigned long long)e->text.id);
        put_str(log, out, e->text.text);
        break;
    case LS_EV_PHASE:
        ls_buf_putc(out, ' ');
        put_str(log, out, e->text.text);
        break;
    case LS_EV_COUNT_: break;
    }
}

void ls_events_format(const LsEventLog *log, uint64_t i, LsBuf *out) {
    const LsEvent *e = ls_events_at(log, i);
    if (!e) return;
    ls_buf_printf(out, "#%llu t=", (unsigned long long)i);
    ls_events_put_double(out, ls_events_time_at(log, i));
    ls_buf_putc(out, ' ');
    ls_buf_puts(out, NAME_OF(kind_names, e->kind));
    put_fields(log, out, e);
    if (e->line) ls_buf_printf(out, " @%u:%u", e->line, (unsigned)e->col);
}

void ls_events_dump(const LsEventLog *log, LsBuf *out) {
    for (uint64_t i = 0; i < log->len; i++) {
        ls_events_format(log, i, out);
        ls_buf_putc(out, '\n');
    }
}
