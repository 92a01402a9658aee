/* test_loop — the event loop driven by plain C callbacks.
 *
 * Each test handle (TH) prints its name into a transcript when it runs, or
 * runs a scripted action. An iteration hook writes the same `## iter` lines
 * the reference runner prints (asyncio-semantics.md §0.1), so several tests
 * compare whole transcripts against the worked examples of the spec. */
#include <setjmp.h> /* cmocka needs these before cmocka.h */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "ls_loop.h"

/* ---- Fixture ---------------------------------------------------------------- */

typedef struct Fx {
    LsMem mem;
    LsClock clock;
    LsEventLog log;
    LsLoop loop;
    LsBuf out; /* transcript: hook lines and what handles print */
} Fx;

typedef struct TH TH;
typedef void (*Action)(Fx *fx, TH *self);
struct TH {
    LsHandle h;
    const char *name;
    Fx *fx;
    Action act;   /* NULL: print the name */
    int runs;     /* how many times it ran, this run included */
    TH *peer;     /* what the action works on */
    size_t n_peer;
};

static void say(Fx *fx, const char *s) {
    ls_buf_puts(&fx->out, s);
    ls_buf_putc(&fx->out, '\n');
}

static void th_fn(LsLoop *loop, LsHandle *h) {
    TH *t = h->owner;
    assert_ptr_equal(loop, &t->fx->loop);
    t->runs++;
    if (t->act) t->act(t->fx, t);
    else say(t->fx, t->name);
}

static void th_init(Fx *fx, TH *t, const char *name, Action act) {
    memset(t, 0, sizeof *t);
    ls_handle_init(&t->h, th_fn, t);
    t->name = name;
    t->fx = fx;
    t->act = act;
}

/* The `## iter` line of §0.1: snapshot in run order, due timers prefixed
 * with their deadline, cancelled handles as <cancelled>. */
static void trace_hook(void *ud, LsLoop *loop, uint64_t iter, LsHandle *const *snap, size_t n,
                       size_t n_due) {
    Fx *fx = ud;
    ls_buf_printf(&fx->out, "## iter %llu t=", (unsigned long long)iter);
    ls_events_put_double(&fx->out, ls_loop_time(loop));
    ls_buf_puts(&fx->out, ": ");
    if (n == 0) ls_buf_puts(&fx->out, "(nothing)");
    for (size_t i = 0; i < n; i++) {
        if (i) ls_buf_puts(&fx->out, " | ");
        const TH *t = snap[i]->owner;
        if (snap[i]->cancelled) {
            ls_buf_puts(&fx->out, "<cancelled>");
            continue;
        }
        if (i >= n - n_due) {
            ls_buf_puts(&fx->out, "timer@");
            ls_events_put_double(&fx->out, snap[i]->when);
            ls_buf_putc(&fx->out, ':');
        }
        ls_buf_puts(&fx->out, t->name);
    }
    ls_buf_putc(&fx->out, '\n');
}

static int setup(void **state) {
    Fx *fx = calloc(1, sizeof *fx);
    ls_mem_init(&fx->mem);
    ls_clock_init(&fx->clock);
    ls_events_init(&fx->log, &fx->mem);
    ls_loop_init(&fx->loop, &fx->mem, &fx->clock, &fx->log);
    ls_loop_set_iter_hook(&fx->loop, trace_hook, fx);
    ls_buf_init(&fx->out);
    *state = fx;
    return 0;
}

static int teardown(void **state) {
    Fx *fx = *state;
    ls_loop_fini(&fx->loop);
    ls_events_fini(&fx->log);
    assert_int_equal(fx->mem.in_use, 0); /* everything went back through LsMem */
    ls_buf_fini(&fx->out);
    free(fx);
    return 0;
}

/* run_forever until deadlock (with a guard); returns the iterations run. */
static int run_all(Fx *fx) {
    int n = 0;
    while (ls_loop_run_once(&fx->loop) == LS_LOOP_RAN) assert_true(++n < 100000);
    return n;
}

static void expect_out(Fx *fx, const char *want) {
    assert_string_equal(ls_buf_cstr(&fx->out), want);
}

/* ---- READY queue and iterations ---------------------------------------------- */

static void test_loop_call_soon_fifo(void **state) {
    Fx *fx = *state;
    TH t[5];
    const char *names[5] = {"a", "b", "c", "d", "e"};
    for (int i = 0; i < 5; i++) {
        th_init(fx, &t[i], names[i], NULL);
        ls_loop_call_soon(&fx->loop, &t[i].h);
        assert_int_equal(t[i].h.seq, (uint64_t)i + 1);
    }
    assert_int_equal(ls_loop_ready_count(&fx->loop), 5);
    assert_int_equal(ls_loop_run_once(&fx->loop), LS_LOOP_RAN);
    expect_out(fx, "## iter 1 t=0.0: a | b | c | d | e\na\nb\nc\nd\ne\n");
    assert_int_equal(ls_loop_ready_count(&fx->loop), 0);
    for (int i = 0; i < 5; i++) assert_false(ls_handle_pending(&t[i].h));
    assert_int_equal(ls_loop_run_once(&fx->loop), LS_LOOP_IDLE_DEADLOCK);
}

/* a schedules b and re-schedules itself: both wait for the next iteration. */
static void chain_twice(Fx *fx, TH *self) {
    say(fx, self->name);
    if (self->runs < 3) {
        ls_loop_call_soon(&fx->loop, &self->peer->h);
        ls_loop_call_soon(&fx->loop, &self->h);
    }
}

static void test_loop_scheduled_during_iteration_runs_next(void **state) {
    Fx *fx = *state;
    TH a, b;
    th_init(fx, &a, "a", chain_twice);
    th_init(fx, &b, "b", NULL);
    a.peer = &b;
    ls_loop_call_soon(&fx->loop, &a.h);
    assert_int_equal(run_all(fx), 3);
    expect_out(fx,
               "## iter 1 t=0.0: a\na\n"
               "## iter 2 t=0.0: b | a\nb\na\n"
               "## iter 3 t=0.0: b | a\nb\na\n");
    assert_int_equal(ls_loop_iteration(&fx->loop), 3);
}

/* ---- §1.7 worked example: soon_vs_later.py ------------------------------------ */

enum { SVL_LATER0, SVL_AT_NOW, SVL_AT_PAST, SVL_SOON1, SVL_1E10, SVL_1E9, SVL_2E9, SVL_SOON2,
       SVL_WAKE, SVL_N };

/* main(): the coroutine of soon_vs_later.py, one case per step. */
static void svl_main(Fx *fx, TH *self) {
    LsLoop *L = &fx->loop;
    TH *p = self->peer;
    double now = ls_loop_time(L);
    switch (self->runs) {
    case 1:
        assert_true(ls_loop_call_later(L, &p[SVL_LATER0].h, 0));
        assert_true(ls_loop_call_at(L, &p[SVL_AT_NOW].h, now));
        assert_true(ls_loop_call_at(L, &p[SVL_AT_PAST].h, now - 5));
        ls_loop_call_soon(L, &p[SVL_SOON1].h);
        assert_true(ls_loop_call_later(L, &p[SVL_1E10].h, 1e-10));
        assert_true(ls_loop_call_later(L, &p[SVL_1E9].h, 1e-9));
        assert_true(ls_loop_call_later(L, &p[SVL_2E9].h, 2e-9));
        ls_loop_call_soon(L, &p[SVL_SOON2].h);
        say(fx, "main before sleep(0)");
        ls_loop_call_soon(L, &self->h); /* sleep(0): a bare yield */
        break;
    case 2:
        say(fx, "main after sleep(0)");
        ls_loop_call_soon(L, &self->h);
        break;
    case 3:
        say(fx, "main after 2nd sleep(0)");
        assert_true(ls_loop_call_later(L, &p[SVL_WAKE].h, 0.01)); /* sleep(0.01) */
        break;
    default: say(fx, "main after sleep(0.01)"); break;
    }
}

/* The sleep timer: completes the future, whose callback wakes main. */
static void svl_wake(Fx *fx, TH *self) { ls_loop_call_soon(&fx->loop, &self->peer->h); }

static void test_loop_soon_vs_later_worked_example(void **state) {
    Fx *fx = *state;
    TH p[SVL_N], step;
    const char *names[SVL_N] = {"call_later(0)",     "call_at(now)",     "call_at(past)",
                                "call_soon 1",       "call_later(1e-10)", "call_later(1e-9)",
                                "call_later(2e-9)",  "call_soon 2",       "wake"};
    for (int i = 0; i < SVL_N; i++) th_init(fx, &p[i], names[i], NULL);
    th_init(fx, &step, "step", svl_main);
    step.peer = p;
    p[SVL_WAKE].act = svl_wake;
    p[SVL_WAKE].peer = &step;
    ls_loop_call_soon(&fx->loop, &step.h);
    assert_int_equal(run_all(fx), 7);
    expect_out(fx,
               "## iter 1 t=0.0: step\n"
               "main before sleep(0)\n"
               "## iter 2 t=0.0: call_soon 1 | call_soon 2 | step | timer@-5.0:call_at(past) | "
               "timer@0.0:call_later(0) | timer@0.0:call_at(now) | "
               "timer@1e-10:call_later(1e-10)\n"
               "call_soon 1\n"
               "call_soon 2\n"
               "main after sleep(0)\n"
               "call_at(past)\n"
               "call_later(0)\n"
               "call_at(now)\n"
               "call_later(1e-10)\n"
               "## iter 3 t=0.0: step\n"
               "main after 2nd sleep(0)\n"
               "## iter 4 t=1e-09: timer@1e-09:call_later(1e-9)\n"
               "call_later(1e-9)\n"
               "## iter 5 t=2e-09: timer@2e-09:call_later(2e-9)\n"
               "call_later(2e-9)\n"
               "## iter 6 t=0.01: timer@0.01:wake\n"
               "## iter 7 t=0.01: step\n"
               "main after sleep(0.01)\n");
    assert_true(ls_loop_time(&fx->loop) == 0.01);
}

/* ---- Virtual time ------------------------------------------------------------------ */

/* Keeps READY non-empty for three iterations by re-queueing itself. */
static void busy(Fx *fx, TH *self) {
    say(fx, self->name);
    if (self->runs < 3) ls_loop_call_soon(&fx->loop, &self->h);
}

static void test_loop_clock_advances_only_when_ready_empty(void **state) {
    Fx *fx = *state;
    TH spin, t03, t0102;
    th_init(fx, &spin, "spin", busy);
    th_init(fx, &t0102, "0.1+0.2", NULL);
    th_init(fx, &t03, "0.3", NULL);
    ls_loop_call_soon(&fx->loop, &spin.h);
    assert_true(ls_loop_call_at(&fx->loop, &t0102.h, 0.1 + 0.2)); /* 0.30000000000000004 */
    assert_true(ls_loop_call_at(&fx->loop, &t03.h, 0.3));
    assert_int_equal(run_all(fx), 4);
    /* Frozen while spin is ready; then one jump that lands exactly on the
     * earliest deadline, with the other timer due inside the 1e-9 window. */
    expect_out(fx,
               "## iter 1 t=0.0: spin\nspin\n"
               "## iter 2 t=0.0: spin\nspin\n"
               "## iter 3 t=0.0: spin\nspin\n"
               "## iter 4 t=0.3: timer@0.3:0.3 | timer@0.30000000000000004:0.1+0.2\n"
               "0.3\n0.1+0.2\n");
    assert_true(ls_loop_time(&fx->loop) == 0.3);
}

static void test_loop_max_timeout_cap(void **state) {
    Fx *fx = *state;
    TH t;
    th_init(fx, &t, "woke", NULL);
    assert_true(ls_loop_call_later(&fx->loop, &t.h, 200000));
    assert_int_equal(run_all(fx), 3);
    expect_out(fx,
               "## iter 1 t=86400.0: (nothing)\n"
               "## iter 2 t=172800.0: (nothing)\n"
               "## iter 3 t=200000.0: timer@200000.0:woke\nwoke\n");
}

/* Each run re-arms itself 0.1 later (a task doing ten sleep(0.1)). */
static void tick(Fx *fx, TH *self) {
    if (self->runs < 10) assert_true(ls_loop_call_later(&fx->loop, &self->h, 0.1));
}

static void test_loop_chained_call_later_accumulates_exactly(void **state) {
    Fx *fx = *state;
    TH t, one;
    th_init(fx, &t, "tick", tick);
    th_init(fx, &one, "one", NULL);
    assert_true(ls_loop_call_later(&fx->loop, &t.h, 0.1));
    assert_true(ls_loop_call_later(&fx->loop, &one.h, 1.0));
    ls_buf_clear(&fx->out);
    for (int i = 0; i < 9; i++) assert_int_equal(ls_loop_run_once(&fx->loop), LS_LOOP_RAN);
    assert_int_equal(t.runs, 9);
    assert_true(ls_loop_time(&fx->loop) == 0.8999999999999999); /* 0.1 + 0.1 + ... */
    /* The tenth hop ends at 0.9999999999999999 < 1.0: the same iteration
     * (within 1e-9) but first, and the clock shows the chained value. */
    ls_buf_clear(&fx->out);
    assert_int_equal(ls_loop_run_once(&fx->loop), LS_LOOP_RAN);
    expect_out(fx, "## iter 10 t=0.9999999999999999: timer@0.9999999999999999:tick | "
                   "timer@1.0:one\none\n");
    assert_true(ls_loop_time(&fx->loop) == 0.9999999999999999);
    assert_true(ls_loop_time(&fx->loop) != 1.0);
    assert_int_equal(t.runs, 10);
}

/* CPython's due test is `not when >= end`: a NaN deadline is due at once,
 * and max(0, nan) = 0 keeps the clock where it is. */
static void test_loop_nan_deadline_is_due_without_time_jump(void **state) {
    Fx *fx = *state;
    TH t;
    th_init(fx, &t, "nan", NULL);
    assert_true(ls_loop_call_at(&fx->loop, &t.h, NAN));
    assert_int_equal(run_all(fx), 1);
    expect_out(fx, "## iter 1 t=0.0: timer@nan:nan\nnan\n");
}

/* ---- Timer order and cancellation ---------------------------------------------- */

static void test_loop_equal_deadlines_fifo(void **state) {
    Fx *fx = *state;
    static const char *names[16] = {"0", "1", "2",  "3",  "4",  "5",  "6",  "7",
                                    "8", "9", "10", "11", "12", "13", "14", "15"};
    TH t[16];
    for (int i = 0; i < 16; i++) {
        th_init(fx, &t[i], names[i], NULL);
        assert_true(ls_loop_call_later(&fx->loop, &t[i].h, 1));
    }
    assert_int_equal(run_all(fx), 1);
    /* stock CPython under a frozen clock: 0 2 6 14 13 15 12 11 10 9 8 5 7 4 1 3 */
    expect_out(fx, "## iter 1 t=1.0: timer@1.0:0 | timer@1.0:1 | timer@1.0:2 | timer@1.0:3 | "
                   "timer@1.0:4 | timer@1.0:5 | timer@1.0:6 | timer@1.0:7 | timer@1.0:8 | "
                   "timer@1.0:9 | timer@1.0:10 | timer@1.0:11 | timer@1.0:12 | timer@1.0:13 | "
                   "timer@1.0:14 | timer@1.0:15\n"
                   "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n");
}

/* cancel_handles.py: `first` cancels `second` after both became due. */
static void cancel_peer(Fx *fx, TH *self) {
    say(fx, self->name);
    ls_loop_cancel(&fx->loop, &self->peer->h);
}

static void test_loop_cancelled_handles(void **state) {
    Fx *fx = *state;
    LsLoop *L = &fx->loop;
    TH first, second, soon_c, soon_k, half, end;
    th_init(fx, &first, "first", cancel_peer);
    th_init(fx, &second, "second", NULL);
    th_init(fx, &soon_c, "soon (cancelled)", NULL);
    th_init(fx, &soon_k, "soon (kept)", NULL);
    th_init(fx, &half, "0.5 timer (cancelled)", NULL);
    th_init(fx, &end, "end", NULL);
    first.peer = &second;
    assert_true(ls_loop_call_later(L, &first.h, 1));
    assert_true(ls_loop_call_later(L, &second.h, 1));
    ls_loop_call_soon(L, &soon_c.h);
    ls_loop_cancel(L, &soon_c.h);
    ls_loop_call_soon(L, &soon_k.h);
    assert_true(ls_loop_call_later(L, &half.h, 0.5));
    ls_loop_cancel(L, &half.h);
    ls_loop_cancel(L, &half.h); /* a second cancel is a no-op */
    assert_true(ls_loop_call_later(L, &end.h, 2));
    assert_int_equal(ls_loop_timer_count(L), 4);
    assert_int_equal(ls_loop_cancelled_timer_count(L), 1);
    assert_int_equal(run_all(fx), 3);
    /* No wake-up at 0.5: the cancelled top is purged and time jumps to 1.0.
     * `second` is in the snapshot (not yet cancelled) and then skipped. */
    expect_out(fx,
               "## iter 1 t=0.0: <cancelled> | soon (kept)\n"
               "soon (kept)\n"
               "## iter 2 t=1.0: timer@1.0:first | timer@1.0:second\n"
               "first\n"
               "## iter 3 t=2.0: timer@2.0:end\n"
               "end\n");
    assert_int_equal(second.runs, 0);
    assert_int_equal(soon_c.runs, 0);
    assert_int_equal(half.runs, 0);
    assert_int_equal(ls_loop_timer_count(L), 0);
    /* second was cancelled after leaving the heap: never counted. */
    assert_int_equal(ls_loop_cancelled_timer_count(L), 0);
}

/* cancel_count.py: a cancelled timer popped as "due" leaves the count stale. */
static void test_loop_cancelled_count_stays_stale(void **state) {
    Fx *fx = *state;
    LsLoop *L = &fx->loop;
    TH a, b;
    th_init(fx, &a, "A", NULL);
    th_init(fx, &b, "B", NULL);
    assert_true(ls_loop_call_later(L, &a.h, 1));
    assert_true(ls_loop_call_later(L, &b.h, 1));
    ls_loop_cancel(L, &b.h);
    assert_int_equal(ls_loop_cancelled_timer_count(L), 1);
    assert_int_equal(run_all(fx), 1);
    expect_out(fx, "## iter 1 t=1.0: timer@1.0:A | <cancelled>\nA\n");
    assert_int_equal(ls_loop_cancelled_timer_count(L), 1);
    assert_int_equal(ls_loop_timer_count(L), 0);
}

/* Count TIMER_DROPPED events by reason. */
static void count_drops(const LsEventLog *log, size_t *purge, size_t *rebuild) {
    *purge = *rebuild = 0;
    for (uint64_t i = 0; i < ls_events_count(log); i++) {
        const LsEvent *e = ls_events_at(log, i);
        if (e->kind != LS_EV_TIMER_DROPPED) continue;
        if (e->sub == LS_DROP_PURGE) ++*purge;
        else ++*rebuild;
    }
}

/* rebuild.py with `junk` cancelled timers at 5.0, 8 live ones at 1.0 and a
 * sleep(2) timer. Returns the loop state through the asserts of the caller. */
static void schedule_rebuild_scenario(Fx *fx, TH *t, size_t junk) {
    static const char *names[8] = {"0", "1", "2", "3", "4", "5", "6", "7"};
    LsLoop *L = &fx->loop;
    for (size_t i = 0; i < junk; i++) {
        th_init(fx, &t[i], "junk", NULL);
        assert_true(ls_loop_call_later(L, &t[i].h, 5));
    }
    for (size_t i = 0; i < 8; i++) {
        th_init(fx, &t[junk + i], names[i], NULL);
        assert_true(ls_loop_call_later(L, &t[junk + i].h, 1));
    }
    th_init(fx, &t[junk + 8], "sleep", NULL);
    assert_true(ls_loop_call_later(L, &t[junk + 8].h, 2));
    for (size_t i = 0; i < junk; i++) ls_loop_cancel(L, &t[i].h);
    assert_int_equal(ls_loop_cancelled_timer_count(L), junk);
}

static void test_loop_rebuild_when_most_timers_cancelled(void **state) {
    Fx *fx = *state;
    LsLoop *L = &fx->loop;
    TH t[129];
    schedule_rebuild_scenario(fx, t, 120); /* 129 timers, 120 cancelled */
    assert_int_equal(ls_loop_run_once(L), LS_LOOP_RAN);
    size_t purge, rebuild;
    count_drops(&fx->log, &purge, &rebuild);
    assert_int_equal(rebuild, 120);
    assert_int_equal(purge, 0);
    assert_int_equal(ls_loop_cancelled_timer_count(L), 0);
    assert_int_equal(ls_loop_timer_count(L), 1);
    for (int i = 0; i < 120; i++) assert_false(ls_handle_pending(&t[i].h));
    assert_true(ls_timerheap_valid(&L->timers));
    assert_int_equal(run_all(fx), 1);
    assert_true(ls_loop_time(L) == 2.0);
}

static void test_loop_no_rebuild_at_or_below_100_timers(void **state) {
    Fx *fx = *state;
    LsLoop *L = &fx->loop;
    TH t[129];
    schedule_rebuild_scenario(fx, t, 90); /* 99 timers, 90 cancelled */
    assert_int_equal(ls_loop_run_once(L), LS_LOOP_RAN); /* t=1.0: 0..7 */
    assert_int_equal(ls_loop_timer_count(L), 91);
    assert_int_equal(ls_loop_cancelled_timer_count(L), 90);
    assert_int_equal(ls_loop_run_once(L), LS_LOOP_RAN); /* t=2.0: sleep */
    assert_int_equal(ls_loop_timer_count(L), 90);
    assert_int_equal(ls_loop_cancelled_timer_count(L), 90);
    /* Now the top purge eats all 90 one by one, and nothing is left. */
    assert_int_equal(ls_loop_run_once(L), LS_LOOP_IDLE_DEADLOCK);
    assert_int_equal(ls_loop_timer_count(L), 0);
    assert_int_equal(ls_loop_cancelled_timer_count(L), 0);
    size_t purge, rebuild;
    count_drops(&fx->log, &purge, &rebuild);
    assert_int_equal(purge, 90);
    assert_int_equal(rebuild, 0);
    assert_true(ls_loop_time(L) == 2.0); /* the junk never moved the clock */
    assert_int_equal(ls_loop_iteration(L), 2);
}

/* The exact boundary of "> 100 timers and > 50% cancelled". */
static void rebuild_boundary(size_t n, size_t n_cancelled, bool want_rebuild) {
    Fx *fx;
    setup((void **)&fx);
    TH *t = calloc(n, sizeof *t);
    for (size_t i = 0; i < n; i++) {
        th_init(fx, &t[i], "x", NULL);
        /* the live ones first in time, so the top purge cannot reach junk */
        assert_true(ls_loop_call_later(&fx->loop, &t[i].h, i < n - n_cancelled ? 1.0 : 5.0));
    }
    for (size_t i = n - n_cancelled; i < n; i++) ls_loop_cancel(&fx->loop, &t[i].h);
    assert_int_equal(ls_loop_run_once(&fx->loop), LS_LOOP_RAN);
    size_t purge, rebuild;
    count_drops(&fx->log, &purge, &rebuild);
    assert_int_equal(rebuild, want_rebuild ? n_cancelled : 0);
    assert_int_equal(ls_loop_cancelled_timer_count(&fx->loop), want_rebuild ? 0 : n_cancelled);
    void *st = fx;
    teardown(&st);
    free(t);
}

static void test_loop_rebuild_boundaries(void **state) {
    (void)state;
    rebuild_boundary(101, 51, true);
    rebuild_boundary(101, 50, false);
    rebuild_boundary(100, 99, false);
    rebuild_boundary(102, 52, true);
    rebuild_boundary(102, 51, false); /* exactly 50% is not more than 50% */
}

/* ---- stop, deadlock, close, interrupt ---------------------------------------- */

static void stopper(Fx *fx, TH *self) {
    say(fx, self->name);
    ls_loop_stop(&fx->loop);
    ls_loop_call_soon(&fx->loop, &self->peer->h);
}

static void test_loop_stop_completes_iteration(void **state) {
    Fx *fx = *state;
    LsLoop *L = &fx->loop;
    TH a, b, later, timer;
    th_init(fx, &a, "a", stopper);
    th_init(fx, &b, "b", NULL);
    th_init(fx, &later, "later", NULL);
    th_init(fx, &timer, "timer", NULL);
    a.peer = &later;
    ls_loop_call_soon(L, &a.h);
    ls_loop_call_soon(L, &b.h);
    assert_true(ls_loop_call_later(L, &timer.h, 5));
    assert_int_equal(ls_loop_run_once(L), LS_LOOP_RAN);
    assert_true(ls_loop_stopping(L));
    expect_out(fx, "## iter 1 t=0.0: a | b\na\nb\n"); /* b still ran */
    assert_int_equal(later.runs, 0);
    /* run_forever returns here; the next run_forever would clear the flag
     * only after an iteration. While stopping, the timeout is 0: */
    assert_int_equal(ls_loop_run_once(L), LS_LOOP_RAN); /* runs `later` */
    assert_int_equal(ls_loop_run_once(L), LS_LOOP_RAN); /* empty, no jump */
    assert_true(ls_loop_time(L) == 0.0);
    ls_loop_clear_stopping(L);
    assert_false(ls_loop_stopping(L));
    assert_int_equal(ls_loop_run_once(L), LS_LOOP_RAN);
    assert_true(ls_loop_time(L) == 5.0);
    assert_int_equal(timer.runs, 1);
}

static void test_loop_deadlock_changes_nothing(void **state) {
    Fx *fx = *state;
    LsLoop *L = &fx->loop;
    assert_int_equal(ls_loop_run_once(L), LS_LOOP_IDLE_DEADLOCK);
    assert_int_equal(ls_loop_iteration(L), 0);
    assert_int_equal(ls_events_count(&fx->log), 0);
    /* Only cancelled timers: phase 1 purges them, then it is a deadlock. */
    TH t;
    th_init(fx, &t, "t", NULL);
    assert_true(ls_loop_call_later(L, &t.h, 3));
    ls_loop_cancel(L, &t.h);
    assert_int_equal(ls_loop_run_once(L), LS_LOOP_IDLE_DEADLOCK);
    assert_int_equal(ls_loop_iteration(L), 0);
    assert_true(ls_loop_time(L) == 0.0);
    assert_int_equal(ls_loop_timer_count(L), 0);
    assert_false(ls_handle_pending(&t.h));
    expect_out(fx, ""); /* the hook never ran */
}

typedef struct Discards {
    char names[256];
} Discards;

static void note_discard(void *ud, LsHandle *h) {
    Discards *d = ud;
    assert_false(ls_handle_pending(h));
    strcat(d->names, ((TH *)h->owner)->name);
}

static void test_loop_close_discards(void **state) {
    Fx *fx = *state;
    LsLoop *L = &fx->loop;
    TH t[6];
    const char *names[6] = {"r1", "r2", "t1", "t5", "t3", "t4"};
    for (int i = 0; i < 6; i++) th_init(fx, &t[i], names[i], NULL);
    ls_loop_call_soon(L, &t[0].h);
    ls_loop_call_soon(L, &t[1].h);
    ls_loop_cancel(L, &t[1].h); /* cancelled ones are discarded too */
    assert_true(ls_loop_call_later(L, &t[2].h, 1));
    assert_true(ls_loop_call_later(L, &t[3].h, 5));
    assert_true(ls_loop_call_later(L, &t[4].h, 3));
    assert_true(ls_loop_call_later(L, &t[5].h, 4));
    ls_loop_cancel(L, &t[4].h);
    /* The heap array is [t1, t4, t3, t5]; close goes by (when, seq). */
    LsHandle *arr[4];
    memcpy(arr, L->timers.items, sizeof arr);
    assert_ptr_equal(arr[1], &t[5].h);
    Discards d = {{0}};
    ls_loop_close(L, note_discard, &d);
    assert_string_equal(d.names, "r1r2t1t3t4t5");
    assert_true(ls_loop_is_closed(L));
    assert_int_equal(ls_loop_ready_count(L), 0);
    assert_int_equal(ls_loop_timer_count(L), 0);
    ls_loop_close(L, note_discard, &d); /* idempotent */
    assert_string_equal(d.names, "r1r2t1t3t4t5");
    const LsEvent *e = ls_events_at(&fx->log, ls_events_count(&fx->log) - 1);
    assert_int_equal(e->kind, LS_EV_LOOP_CLOSE);
    assert_int_equal(e->counts.n_ready, 2);
    assert_int_equal(e->counts.n_timers, 4);
    for (int i = 0; i < 6; i++) assert_int_equal(t[i].runs, 0);
}

static void interrupter(Fx *fx, TH *self) {
    say(fx, self->name);
    ls_loop_interrupt(&fx->loop);
}

static void test_loop_interrupt_leaves_rest_queued(void **state) {
    Fx *fx = *state;
    LsLoop *L = &fx->loop;
    TH a, b, c, d;
    th_init(fx, &a, "a", NULL);
    th_init(fx, &b, "b", interrupter);
    th_init(fx, &c, "c", NULL);
    th_init(fx, &d, "d", NULL);
    ls_loop_call_soon(L, &a.h);
    ls_loop_call_soon(L, &b.h);
    ls_loop_call_soon(L, &c.h);
    assert_int_equal(ls_loop_run_once(L), LS_LOOP_RAN);
    ls_loop_call_soon(L, &d.h);
    assert_int_equal(ls_loop_ready_count(L), 2);
    assert_int_equal(ls_loop_run_once(L), LS_LOOP_RAN);
    expect_out(fx, "## iter 1 t=0.0: a | b | c\na\nb\n## iter 2 t=0.0: c | d\nc\nd\n");
    const LsEvent *e = NULL;
    for (uint64_t i = 0; i < ls_events_count(&fx->log); i++) {
        e = ls_events_at(&fx->log, i);
        if (e->kind == LS_EV_ITER_END) break;
    }
    assert_int_equal(e->iter.no, 1);
    assert_int_equal(e->iter.n, 2);
}

/* ---- Re-entrancy ------------------------------------------------------------------- */

/* Re-arms itself as a timer from inside its own run, then frees a heap copy. */
static void rearm(Fx *fx, TH *self) {
    say(fx, self->name);
    if (self->runs < 3) assert_true(ls_loop_call_later(&fx->loop, &self->h, 1));
}

static void free_self(LsLoop *loop, LsHandle *h) {
    (void)loop;
    free(h); /* the loop must not touch h after this */
}

static void test_loop_handle_may_reschedule_or_free_itself(void **state) {
    Fx *fx = *state;
    TH t;
    th_init(fx, &t, "t", rearm);
    ls_loop_call_soon(&fx->loop, &t.h);
    LsHandle *heap_h = malloc(sizeof *heap_h);
    ls_handle_init(heap_h, free_self, NULL);
    ls_loop_call_soon(&fx->loop, heap_h);
    ls_loop_set_iter_hook(&fx->loop, NULL, NULL);
    assert_int_equal(run_all(fx), 3);
    assert_int_equal(t.runs, 3);
    assert_true(ls_loop_time(&fx->loop) == 2.0);
    assert_true(t.h.is_timer);
    assert_int_equal(t.h.seq, 4); /* ids: 1 t, 2 heap_h, 3 and 4 the re-arms */
}

static void test_loop_ids_unique_across_loops(void **state) {
    Fx *fx = *state;
    LsLoop second;
    ls_loop_init(&second, &fx->mem, &fx->clock, &fx->log);
    TH a, b;
    th_init(fx, &a, "a", NULL);
    th_init(fx, &b, "b", NULL);
    ls_loop_call_soon(&fx->loop, &a.h);
    ls_loop_call_soon(&second, &b.h);
    assert_int_equal(a.h.seq, 1);
    assert_int_equal(b.h.seq, 2);
    ls_loop_fini(&second);
    assert_false(ls_handle_pending(&b.h));
    ls_loop_close(&fx->loop, NULL, NULL); /* release `a` before it goes out of scope */
    assert_false(ls_handle_pending(&a.h));
}

/* ---- Allocation failure -------------------------------------------------------------- */

static void test_loop_heap_growth_failure_is_clean(void **state) {
    Fx *fx = *state;
    LsLoop *L = &fx->loop;
    ls_loop_set_iter_hook(L, NULL, NULL);
    TH t[9];
    for (int i = 0; i < 9; i++) th_init(fx, &t[i], "t", NULL);
    fx->mem.fail_after = 0; /* the very first growth fails */
    assert_false(ls_loop_call_at(L, &t[0].h, 1.0));
    assert_false(ls_handle_pending(&t[0].h));
    assert_int_equal(t[0].h.seq, 0);
    assert_int_equal(ls_loop_timer_count(L), 0);
    fx->mem.fail_after = -1;
    for (int i = 0; i < 8; i++) assert_true(ls_loop_call_at(L, &t[i].h, 1.0 + i));
    uint64_t n_alloc = fx->mem.n_allocs;
    fx->mem.fail_after = 0; /* the 9th push needs the array to grow */
    assert_false(ls_loop_call_at(L, &t[8].h, 0.5));
    assert_int_equal(ls_loop_timer_count(L), 8);
    assert_true(ls_timerheap_valid(&L->timers));
    assert_int_equal(fx->clock.next_seq, 8); /* no id consumed */
    fx->mem.fail_after = -1;
    assert_int_equal(fx->mem.n_allocs, n_alloc);
    /* ...and the loop goes on: the 8 timers run in order. */
    int iters = 0;
    while (ls_loop_run_once(L) == LS_LOOP_RAN) iters++;
    assert_int_equal(iters, 8);
    assert_true(ls_loop_time(L) == 8.0);
}

static void test_loop_snapshot_growth_failure_changes_nothing(void **state) {
    Fx *fx = *state;
    LsLoop *L = &fx->loop;
    TH a, t;
    th_init(fx, &a, "a", NULL);
    th_init(fx, &t, "t", NULL);
    ls_loop_call_soon(L, &a.h);
    assert_true(ls_loop_call_later(L, &t.h, 1));
    uint64_t n_events = ls_events_count(&fx->log);
    fx->mem.fail_after = 0;
    assert_int_equal(ls_loop_run_once(L), LS_LOOP_NOMEM);
    fx->mem.fail_after = -1;
    assert_int_equal(ls_loop_iteration(L), 0);
    assert_int_equal(ls_loop_ready_count(L), 1);
    assert_int_equal(ls_loop_timer_count(L), 1);
    assert_int_equal(ls_events_count(&fx->log), n_events);
    assert_int_equal(run_all(fx), 2);
    expect_out(fx, "## iter 1 t=0.0: a\na\n## iter 2 t=1.0: timer@1.0:t\nt\n");
}

/* Steady state: once the arrays have grown, scheduling and running allocate
 * nothing. */
static void test_loop_steady_state_does_not_allocate(void **state) {
    Fx *fx = *state;
    LsLoop *L = &fx->loop;
    ls_loop_set_iter_hook(L, NULL, NULL);
    L->log = NULL;
    TH t[64];
    for (int i = 0; i < 64; i++) th_init(fx, &t[i], "t", NULL);
    for (int round = 0; round < 3; round++) {
        if (round == 1) fx->mem.fail_after = 0; /* any allocation now fails */
        for (int i = 0; i < 64; i++) {
            if (i % 2) ls_loop_call_soon(L, &t[i].h);
            else assert_true(ls_loop_call_later(L, &t[i].h, i * 0.25));
        }
        while (ls_loop_run_once(L) == LS_LOOP_RAN) {}
    }
    fx->mem.fail_after = -1;
    for (int i = 0; i < 64; i++) assert_int_equal(t[i].runs, 3);
}

/* ---- The event stream ---------------------------------------------------------------- */

static void spawn(Fx *fx, TH *self) {
    ls_loop_call_soon(&fx->loop, &self->peer->h);
    ls_loop_cancel(&fx->loop, &self->peer[1].h);
}

static void test_loop_event_sequence(void **state) {
    Fx *fx = *state;
    LsLoop *L = &fx->loop;
    TH a, kids[2], t;
    th_init(fx, &a, "a", spawn);
    th_init(fx, &kids[0], "b", NULL);
    th_init(fx, &kids[1], "c", NULL);
    th_init(fx, &t, "t", NULL);
    a.peer = kids;
    ls_loop_call_soon(L, &a.h);
    assert_true(ls_events_handle_label(&fx->log, a.h.seq, "step Task-1", 11));
    assert_true(ls_loop_call_later(L, &t.h, 1));
    assert_true(ls_loop_call_later(L, &kids[1].h, 0.5));
    run_all(fx);
    ls_loop_stop(L);
    ls_loop_close(L, NULL, NULL);
    LsBuf b;
    ls_buf_init(&b);
    ls_events_dump(&fx->log, &b);
    assert_string_equal(ls_buf_cstr(&b),
                        "#0 t=0.0 HANDLE_SCHEDULED h=1 \"step Task-1\" soon\n"
                        "#1 t=0.0 HANDLE_LABEL h=1 \"step Task-1\"\n"
                        "#2 t=0.0 HANDLE_SCHEDULED h=2 timer when=1.0\n"
                        "#3 t=0.0 HANDLE_SCHEDULED h=3 timer when=0.5\n"
                        "#4 t=0.0 ITER_BEGIN iter=1 n=1 due=0 [1]\n"
                        "#5 t=0.0 HANDLE_RUN h=1 \"step Task-1\"\n"
                        "#6 t=0.0 HANDLE_SCHEDULED h=4 soon\n"
                        "#7 t=0.0 HANDLE_CANCELLED h=3 in=heap\n"
                        "#8 t=0.0 HANDLE_DONE h=1 \"step Task-1\"\n"
                        "#9 t=0.0 ITER_END iter=1 n=1\n"
                        "#10 t=0.0 TIMER_DROPPED h=3 by=purge\n" /* phase 1 runs first */
                        "#11 t=0.0 ITER_BEGIN iter=2 n=1 due=0 [4]\n"
                        "#12 t=0.0 HANDLE_RUN h=4\n"
                        "#13 t=0.0 HANDLE_DONE h=4\n"
                        "#14 t=0.0 ITER_END iter=2 n=1\n"
                        "#15 t=1.0 CLOCK_ADVANCED from=0.0 to=1.0 by=loop\n"
                        "#16 t=1.0 TIMER_DUE h=2 when=1.0\n"
                        "#17 t=1.0 ITER_BEGIN iter=3 n=1 due=1 [2]\n"
                        "#18 t=1.0 HANDLE_RUN h=2\n"
                        "#19 t=1.0 HANDLE_DONE h=2\n"
                        "#20 t=1.0 ITER_END iter=3 n=1\n"
                        "#21 t=1.0 LOOP_STOP\n"
                        "#22 t=1.0 LOOP_CLOSE ready=0 timers=0\n");
    ls_buf_fini(&b);
}

/* A fixed, busy scenario; handles live in a heap block whose address differs
 * between runs, so any pointer leaking into the log would show. */
static void deterministic_run(Fx *fx, size_t pad) {
    void *block = malloc(pad + 40 * sizeof(TH));
    TH *t = (TH *)((char *)block + pad);
    LsLoop *L = &fx->loop;
    for (int i = 0; i < 40; i++) {
        th_init(fx, &t[i], "x", i % 3 == 0 ? busy : NULL);
        if (i % 2) ls_loop_call_soon(L, &t[i].h);
        else assert_true(ls_loop_call_later(L, &t[i].h, (i % 7) * 0.1));
        ls_events_handle_label(&fx->log, t[i].h.seq, "label", 5);
    }
    for (int i = 0; i < 40; i += 5) ls_loop_cancel(L, &t[i].h);
    ls_events_output(&fx->log, 1, LS_STREAM_STDOUT, "hello\n", 6);
    run_all(fx);
    ls_loop_close(L, NULL, NULL);
    free(block);
}

static void test_loop_event_log_byte_identical(void **state) {
    Fx *a = *state, *b;
    setup((void **)&b);
    deterministic_run(a, 8);
    deterministic_run(b, 8 * 1000 + 24);
    assert_true(ls_events_count(&a->log) > 100);
    assert_int_equal(ls_events_count(&a->log), ls_events_count(&b->log));
    assert_memory_equal(a->log.ev, b->log.ev, a->log.len * sizeof(LsEvent));
    assert_int_equal(a->log.str_len, b->log.str_len);
    assert_memory_equal(a->log.str, b->log.str, a->log.str_len);
    assert_int_equal(a->log.ids_len, b->log.ids_len);
    assert_memory_equal(a->log.ids, b->log.ids, a->log.ids_len * sizeof(uint64_t));
    expect_out(b, ls_buf_cstr(&a->out));
    void *st = b;
    teardown(&st);
}

/* ---- Randomised: the loop against a model ------------------------------------------- */

/* A tiny deterministic PRNG (xorshift64*), so failures reproduce. */
static uint64_t rnd(uint64_t *s) {
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

/* Random timers (with many equal deadlines) and cancellations; each run
 * records its id. The model: live timers sorted by (when, id); every
 * iteration must run exactly the model's due prefix, in order. */
static void test_loop_random_timers_against_model(void **state) {
    Fx *fx = *state;
    LsLoop *L = &fx->loop;
    ls_loop_set_iter_hook(L, NULL, NULL);
    enum { N = 2000 };
    TH *t = calloc(N, sizeof *t);
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < N; i++) {
        th_init(fx, &t[i], "x", NULL);
        assert_true(ls_loop_call_later(L, &t[i].h, (double)(rnd(&seed) % 50) * 0.5));
        if (rnd(&seed) % 3 == 0) ls_loop_cancel(L, &t[rnd(&seed) % (uint64_t)(i + 1)].h);
    }
    /* Expected run order: live timers sorted by (when, seq) — insertion sort
     * over indices, fine for N = 2000. */
    int *order = calloc(N, sizeof *order);
    int n_live = 0;
    for (int i = 0; i < N; i++) {
        if (t[i].h.cancelled) continue;
        int j = n_live++;
        while (j > 0 && ls_timerheap_less(&t[i].h, &t[order[j - 1]].h)) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
    run_all(fx);
    /* Read the HANDLE_RUN events back: that is the actual order. */
    int k = 0;
    for (uint64_t i = 0; i < ls_events_count(&fx->log); i++) {
        const LsEvent *e = ls_events_at(&fx->log, i);
        if (e->kind != LS_EV_HANDLE_RUN) continue;
        assert_true(k < n_live);
        assert_int_equal(e->handle.id, t[order[k]].h.seq);
        k++;
    }
    assert_int_equal(k, n_live);
    for (int i = 0; i < N; i++) assert_int_equal(t[i].runs, t[i].h.cancelled ? 0 : 1);
    free(order);
    free(t);
}

int main(void) {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_loop_call_soon_fifo),
        T(test_loop_scheduled_during_iteration_runs_next),
        T(test_loop_soon_vs_later_worked_example),
        T(test_loop_clock_advances_only_when_ready_empty),
        T(test_loop_max_timeout_cap),
        T(test_loop_chained_call_later_accumulates_exactly),
        T(test_loop_nan_deadline_is_due_without_time_jump),
        T(test_loop_equal_deadlines_fifo),
        T(test_loop_cancelled_handles),
        T(test_loop_cancelled_count_stays_stale),
        T(test_loop_rebuild_when_most_timers_cancelled),
        T(test_loop_no_rebuild_at_or_below_100_timers),
        T(test_loop_rebuild_boundaries),
        T(test_loop_stop_completes_iteration),
        T(test_loop_deadlock_changes_nothing),
        T(test_loop_close_discards),
        T(test_loop_interrupt_leaves_rest_queued),
        T(test_loop_handle_may_reschedule_or_free_itself),
        T(test_loop_ids_unique_across_loops),
        T(test_loop_heap_growth_failure_is_clean),
        T(test_loop_snapshot_growth_failure_changes_nothing),
        T(test_loop_steady_state_does_not_allocate),
        T(test_loop_event_sequence),
        T(test_loop_event_log_byte_identical),
        T(test_loop_random_timers_against_model),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
