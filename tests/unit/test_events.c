/* test_events — the event log on its own: records and pools, the printer
 * (one case per kind, Python float repr, escaping), the time and label
 * indexes, sticky allocation failure and byte-identical output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "ls_events.h"

typedef struct Fx {
    LsMem mem;
    LsEventLog log;
    LsBuf out;
} Fx;

static int setup(void **state) {
    Fx *fx = calloc(1, sizeof *fx);
    ls_mem_init(&fx->mem);
    ls_events_init(&fx->log, &fx->mem);
    ls_buf_init(&fx->out);
    *state = fx;
    return 0;
}

static int teardown(void **state) {
    Fx *fx = *state;
    ls_events_fini(&fx->log);
    assert_int_equal(fx->mem.in_use, 0);
    ls_buf_fini(&fx->out);
    free(fx);
    return 0;
}

static const char *dump(Fx *fx) {
    ls_buf_clear(&fx->out);
    ls_events_dump(&fx->log, &fx->out);
    return ls_buf_cstr(&fx->out);
}

static void test_events_names_come_from_the_lists(void **state) {
    (void)state;
    assert_string_equal(ls_event_kind_name(LS_EV_ITER_BEGIN), "ITER_BEGIN");
    assert_string_equal(ls_event_kind_name(LS_EV_HANDLE_RUN), "HANDLE_RUN");
    assert_string_equal(ls_event_kind_name(LS_EV_DEADLOCK), "DEADLOCK");
    assert_string_equal(ls_event_kind_name(LS_EV_COUNT_), "?");
    assert_string_equal(ls_task_state_name(LS_TASK_SUSPENDED), "SUSPENDED");
    assert_string_equal(ls_task_state_name(LS_TASK_FAILED), "FAILED");
    assert_string_equal(ls_wait_kind_name(LS_WAIT_QUEUE), "QUEUE");
    assert_string_equal(ls_stream_name(LS_STREAM_STDERR), "stderr");
    assert_string_equal(ls_stream_name((LsStream)7), "?");
    assert_int_equal(sizeof(LsEvent), 32);
}

static void test_events_put_double_is_python_repr(void **state) {
    Fx *fx = *state;
    static const struct { double x; const char *want; } cases[] = {
        {0.0, "0.0"},
        {-0.0, "-0.0"},
        {1.0, "1.0"},
        {0.1, "0.1"},
        {1e-09, "1e-09"},
        {2e-09, "2e-09"},
        {1e-10, "1e-10"},
        {0.30000000000000004, "0.30000000000000004"},
        {0.9999999999999999, "0.9999999999999999"},
        {86400.0, "86400.0"},
        {200000.0, "200000.0"},
        {1e16, "1e+16"},
        {1e15, "1000000000000000.0"},
        {0.0001, "0.0001"},
        {1e-05, "1e-05"},
        {123456789.125, "123456789.125"},
        {-5.0, "-5.0"},
        {1.5e300, "1.5e+300"},
        {5e-324, "5e-324"},
        {12345678901234567890.0, "1.2345678901234567e+19"},
        {-0.00123, "-0.00123"},
        {1.2345e-17, "1.2345e-17"},
        {2.5e-05, "2.5e-05"},
        {0.01, "0.01"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ls_buf_clear(&fx->out);
        ls_events_put_double(&fx->out, cases[i].x);
        assert_string_equal(ls_buf_cstr(&fx->out), cases[i].want);
    }
    ls_buf_clear(&fx->out);
    ls_events_put_double(&fx->out, -INFINITY);
    ls_events_put_double(&fx->out, NAN);
    assert_string_equal(ls_buf_cstr(&fx->out), "-infnan");
}

static void test_events_format_every_kind(void **state) {
    Fx *fx = *state;
    LsEventLog *log = &fx->log;
    static const uint64_t snap[3] = {7, 8, 9};
    assert_true(ls_events_task_created(log, 1, "Task-1", 6, "main", 4, (LsEventPos){12, 4}));
    assert_true(ls_events_handle_scheduled(log, 7, LS_SCHED_SOON, 0.0));
    assert_true(ls_events_handle_label(log, 7, "step Task-1", 11));
    assert_true(ls_events_handle_scheduled(log, 9, LS_SCHED_TIMER, 0.5));
    assert_true(ls_events_handle_cancelled(log, 8, 0.0, LS_CANCEL_READY));
    assert_true(ls_events_timer_dropped(log, 10, 3.0, LS_DROP_REBUILD));
    assert_true(ls_events_clock_advanced(log, 0.0, 0.5, LS_CLOCK_LOOP));
    assert_true(ls_events_timer_due(log, 9, 0.5));
    assert_true(ls_events_iter_begin(log, 4, snap, 3, 1));
    assert_true(ls_events_handle_run(log, 7));
    assert_true(ls_events_task_state(log, 1, LS_TASK_RUNNING, LS_WAIT_NONE, 0, "", 0,
                                     LS_POS_NONE));
    assert_true(ls_events_line(log, 1, (LsEventPos){13, 70000}));
    assert_true(ls_events_output(log, 1, LS_STREAM_STDOUT, "say \"hi\"\t\\\n\x01", 12));
    assert_true(ls_events_task_state(log, 1, LS_TASK_SUSPENDED, LS_WAIT_SLEEP, 9, "sleep(0.5)",
                                     10, (LsEventPos){14, 8}));
    assert_true(ls_events_handle_done(log, 7));
    assert_true(ls_events_handle_skipped(log, 8));
    assert_true(ls_events_iter_end(log, 4, 3));
    assert_true(ls_events_clock_advanced(log, 0.5, 1.5, LS_CLOCK_SLEEP));
    assert_true(ls_events_output(log, 1, LS_STREAM_STDERR, "", 0));
    assert_true(ls_events_deadlock(log, 1, "main never finishes", 19));
    assert_true(ls_events_loop_stop(log));
    assert_true(ls_events_phase(log, "run_until_complete(Task-2)", 26));
    assert_true(ls_events_loop_close(log, 2, 3));
    assert_true(ls_events_stamp_pos(log, (LsEventPos){30, 0}));
    assert_string_equal(
        dump(fx),
        "#0 t=0.0 TASK_CREATED task=1 name=\"Task-1\" coro=\"main\" @12:4\n"
        "#1 t=0.0 HANDLE_SCHEDULED h=7 \"step Task-1\" soon\n"
        "#2 t=0.0 HANDLE_LABEL h=7 \"step Task-1\"\n"
        "#3 t=0.0 HANDLE_SCHEDULED h=9 timer when=0.5\n"
        "#4 t=0.0 HANDLE_CANCELLED h=8 in=ready\n"
        "#5 t=0.0 TIMER_DROPPED h=10 by=rebuild\n"
        "#6 t=0.5 CLOCK_ADVANCED from=0.0 to=0.5 by=loop\n"
        "#7 t=0.5 TIMER_DUE h=9 when=0.5\n"
        "#8 t=0.5 ITER_BEGIN iter=4 n=3 due=1 [7 8 9]\n"
        "#9 t=0.5 HANDLE_RUN h=7 \"step Task-1\"\n"
        "#10 t=0.5 TASK_STATE task=1 RUNNING\n"
        "#11 t=0.5 LINE task=1 @13:65535\n"
        "#12 t=0.5 OUTPUT task=1 stdout \"say \\\"hi\\\"\\t\\\\\\n\\x01\"\n"
        "#13 t=0.5 TASK_STATE task=1 SUSPENDED wait=SLEEP#9 \"sleep(0.5)\" @14:8\n"
        "#14 t=0.5 HANDLE_DONE h=7 \"step Task-1\"\n"
        "#15 t=0.5 HANDLE_SKIPPED h=8\n"
        "#16 t=0.5 ITER_END iter=4 n=3\n"
        "#17 t=1.5 CLOCK_ADVANCED from=0.5 to=1.5 by=sleep\n"
        "#18 t=1.5 OUTPUT task=1 stderr \"\"\n"
        "#19 t=1.5 DEADLOCK task=1 \"main never finishes\"\n"
        "#20 t=1.5 LOOP_STOP\n"
        "#21 t=1.5 PHASE \"run_until_complete(Task-2)\"\n"
        "#22 t=1.5 LOOP_CLOSE ready=2 timers=3 @30:0\n");
    ls_buf_clear(&fx->out);
    ls_events_format(log, 99, &fx->out); /* out of range: nothing */
    assert_string_equal(ls_buf_cstr(&fx->out), "");
}

static void test_events_pools(void **state) {
    Fx *fx = *state;
    LsEventLog *log = &fx->log;
    uint32_t len = 99;
    assert_string_equal(ls_events_str(log, 0, &len), "");
    assert_int_equal(len, 0);
    LsStrRef a = ls_events_add_str(log, "a\0b", 3);
    LsStrRef b = ls_events_add_str(log, "", 0);
    assert_true(a != 0 && b != 0 && a != b);
    const char *s = ls_events_str(log, a, &len);
    assert_int_equal(len, 3);
    assert_memory_equal(s, "a\0b", 4); /* NUL-terminated too */
    assert_string_equal(ls_events_str(log, b, NULL), "");
    assert_int_equal(ls_events_count(log), 0); /* strings alone add no events */

    uint64_t *slots = ls_events_iter_begin_slots(log, 1, 2, 0);
    assert_non_null(slots);
    slots[0] = 42;
    slots[1] = 43;
    assert_true(ls_events_iter_begin(log, 2, NULL, 0, 0));
    static const uint64_t more[1] = {44};
    assert_true(ls_events_iter_begin(log, 3, more, 1, 1));
    const LsEvent *e0 = ls_events_at(log, 0), *e1 = ls_events_at(log, 1);
    const LsEvent *e2 = ls_events_at(log, 2);
    assert_int_equal(ls_events_ids(log, e0)[1], 43);
    assert_null(ls_events_ids(log, e1));
    assert_int_equal(ls_events_ids(log, e2)[0], 44);
    assert_int_equal(e2->iter.n_due, 1);
    assert_null(ls_events_at(log, 3));
    /* n_due can never exceed the snapshot. */
    assert_null(ls_events_iter_begin_slots(log, 4, 1, 2));
    assert_true(ls_events_failed(log));
}

static void test_events_time_at(void **state) {
    Fx *fx = *state;
    LsEventLog *log = &fx->log;
    assert_true(ls_events_loop_stop(log));                              /* 0 */
    assert_true(ls_events_clock_advanced(log, 0.0, 1e-09, LS_CLOCK_LOOP)); /* 1 */
    assert_true(ls_events_loop_stop(log));                              /* 2 */
    assert_true(ls_events_loop_stop(log));                              /* 3 */
    assert_true(ls_events_clock_advanced(log, 1e-09, 86400.0, LS_CLOCK_LOOP)); /* 4 */
    assert_true(ls_events_loop_stop(log));                              /* 5 */
    assert_true(ls_events_time_at(log, 0) == 0.0);
    assert_true(ls_events_time_at(log, 1) == 1e-09);
    assert_true(ls_events_time_at(log, 3) == 1e-09);
    assert_true(ls_events_time_at(log, 4) == 86400.0);
    assert_true(ls_events_time_at(log, 5) == 86400.0);
    assert_true(ls_events_time_at(log, 1000) == 86400.0);
    /* from/to keep their exact bit patterns */
    const LsEvent *e = ls_events_at(log, 4);
    assert_memory_equal(&e->clock.from, &(double){1e-09}, sizeof(double));
}

static void test_events_label_index(void **state) {
    Fx *fx = *state;
    LsEventLog *log = &fx->log;
    assert_int_equal(ls_events_label_of(log, 5), 0);
    assert_true(ls_events_handle_label(log, 5, "five", 4));
    assert_true(ls_events_handle_label(log, 9, "nine", 4));
    assert_true(ls_events_handle_label(log, 3, "three", 5)); /* out of order */
    assert_true(ls_events_handle_label(log, 5, "FIVE", 4));  /* relabel */
    assert_string_equal(ls_events_str(log, ls_events_label_of(log, 3), NULL), "three");
    assert_string_equal(ls_events_str(log, ls_events_label_of(log, 5), NULL), "FIVE");
    assert_string_equal(ls_events_str(log, ls_events_label_of(log, 9), NULL), "nine");
    assert_int_equal(ls_events_label_of(log, 4), 0);
    assert_int_equal(ls_events_label_of(log, 10), 0);
    assert_int_equal(ls_events_count(log), 4);
}

static void test_events_allocation_failure_is_sticky(void **state) {
    Fx *fx = *state;
    LsEventLog *log = &fx->log;
    fx->mem.fail_after = 0;
    assert_false(ls_events_loop_stop(log));
    assert_true(ls_events_failed(log));
    assert_int_equal(ls_events_count(log), 0);
    assert_false(ls_events_stamp_pos(log, (LsEventPos){1, 1}));
    fx->mem.fail_after = -1;
    /* Memory is back, but the log stays a consistent prefix: refused. */
    assert_false(ls_events_loop_stop(log));
    assert_false(ls_events_handle_run(log, 1));
    assert_null(ls_events_iter_begin_slots(log, 1, 3, 0));
    assert_int_equal(ls_events_add_str(log, "x", 1), 0);
    assert_int_equal(ls_events_count(log), 0);
}

/* Each multi-part appender fails as a whole when its second allocation fails. */
static void test_events_partial_failure_appends_nothing(void **state) {
    (void)state;
    for (int which = 0; which < 5; which++) {
        Fx *fx;
        setup((void **)&fx);
        LsEventLog *log = &fx->log;
        fx->mem.fail_after = 1; /* the record array grows; the next growth fails */
        bool ok = true;
        switch (which) {
        case 0: ok = ls_events_task_created(log, 1, "Task-1", 6, "main", 4, LS_POS_NONE); break;
        case 1: ok = ls_events_output(log, 1, LS_STREAM_STDOUT, "x", 1); break;
        case 2: ok = ls_events_handle_label(log, 1, "x", 1); break;
        case 3: ok = ls_events_clock_advanced(log, 0, 1, LS_CLOCK_LOOP); break;
        case 4: ok = ls_events_iter_begin_slots(log, 1, 2, 0) != NULL; break;
        }
        assert_false(ok);
        assert_true(ls_events_failed(log));
        assert_int_equal(ls_events_count(log), 0);
        void *st = fx;
        teardown(&st);
    }
}

static void fill(LsEventLog *log) {
    for (uint64_t i = 1; i <= 200; i++) {
        ls_events_handle_scheduled(log, i, i % 2 ? LS_SCHED_SOON : LS_SCHED_TIMER, i * 0.1);
        ls_events_handle_label(log, i, "step Task-1", 11);
        ls_events_iter_begin(log, i, &i, 1, 0);
        ls_events_task_state(log, i, LS_TASK_SUSPENDED, LS_WAIT_FUTURE, i + 1, "fut", 3,
                             (LsEventPos){(uint32_t)i, 2});
        ls_events_iter_end(log, i, 1);
    }
}

static void test_events_byte_identical(void **state) {
    Fx *a = *state, *b;
    setup((void **)&b);
    /* Dirty b's allocator first so recycled memory would show if padding
     * or unused slots were left uninitialised. */
    void *junk = malloc(1 << 16);
    memset(junk, 0xAB, 1 << 16);
    free(junk);
    fill(&a->log);
    fill(&b->log);
    assert_int_equal(a->log.len, b->log.len);
    assert_memory_equal(a->log.ev, b->log.ev, a->log.len * sizeof(LsEvent));
    assert_int_equal(a->log.str_len, b->log.str_len);
    assert_memory_equal(a->log.str, b->log.str, a->log.str_len);
    assert_memory_equal(a->log.ids, b->log.ids, a->log.ids_len * sizeof(uint64_t));
    /* Padding really is zero. */
    for (uint64_t i = 0; i < a->log.len; i++) {
        const LsEvent *e = ls_events_at(&a->log, i);
        if (e->kind == LS_EV_ITER_BEGIN || e->kind == LS_EV_ITER_END)
            assert_int_equal(e->iter.reserved, 0);
    }
    void *st = b;
    teardown(&st);
}

int main(void) {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_events_names_come_from_the_lists),
        T(test_events_put_double_is_python_repr),
        T(test_events_format_every_kind),
        T(test_events_pools),
        T(test_events_time_at),
        T(test_events_label_index),
        T(test_events_allocation_failure_is_sticky),
        T(test_events_partial_failure_appends_nothing),
        T(test_events_byte_identical),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
