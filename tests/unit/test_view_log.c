/* test_view_log — the event-log additions time travel relies on: interned
 * strings, labels/tasks and await chains stamped on records, the step cap,
 * records in chunks (across chunk boundaries and with allocation failure),
 * and the view fold driven by hand-made events (no VM). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ls_events.h"
#include "ls_view.h"

typedef struct Fx {
    LsMem mem;
    LsEventLog log;
} Fx;

static int setup(void **state) {
    Fx *fx = calloc(1, sizeof *fx);
    ls_mem_init(&fx->mem);
    ls_events_init(&fx->log, &fx->mem);
    *state = fx;
    return 0;
}

static int teardown(void **state) {
    Fx *fx = *state;
    ls_events_fini(&fx->log);
    assert_int_equal(fx->mem.in_use, 0);
    free(fx);
    return 0;
}

static void test_view_log_intern_gives_one_ref_per_string(void **state) {
    Fx *fx = *state;
    LsEventLog *log = &fx->log;
    LsStrRef a = ls_events_intern(log, "step Task-1", 11);
    LsStrRef b = ls_events_intern(log, "step Task-2", 11);
    assert_int_not_equal(a, 0);
    assert_int_not_equal(a, b);
    assert_int_equal(ls_events_intern(log, "step Task-1", 11), a);
    /* Many strings: the set grows and still finds every one. */
    LsStrRef refs[2000];
    char buf[32];
    for (int i = 0; i < 2000; i++) {
        int n = snprintf(buf, sizeof buf, "label %d", i);
        refs[i] = ls_events_intern(log, buf, (size_t)n);
    }
    for (int i = 0; i < 2000; i++) {
        int n = snprintf(buf, sizeof buf, "label %d", i);
        assert_int_equal(ls_events_intern(log, buf, (size_t)n), refs[i]);
        assert_string_equal(ls_events_str(log, refs[i], NULL), buf);
    }
    assert_int_equal(ls_events_intern(log, "step Task-1", 11), a);
    /* Same bytes with an embedded NUL are a different string. */
    assert_int_not_equal(ls_events_intern(log, "step\0Task-1", 11), a);
    assert_int_equal(ls_events_intern(log, "", 0), 0);
}

static void test_view_log_stamps_go_on_the_right_records(void **state) {
    Fx *fx = *state;
    LsEventLog *log = &fx->log;
    /* A stamp needs the right kind of last record. */
    assert_false(ls_events_stamp_handle(log, "x", 1, 1));
    ls_events_handle_scheduled(log, 7, LS_SCHED_TIMER, 1.5);
    assert_false(ls_events_stamp_frames(log, "f\n", 2, "3\n", 2));
    assert_true(ls_events_stamp_handle(log, "end sleep of Task-1", 19, 1));
    const LsEvent *e = ls_events_at(log, 0);
    assert_string_equal(ls_events_str(log, e->handle.label, NULL), "end sleep of Task-1");
    assert_int_equal(e->handle.task, 1);
    assert_true(e->handle.when == 1.5);
    ls_events_task_state(log, 1, LS_TASK_SUSPENDED, LS_WAIT_SLEEP, 7, "sleep until t=1.5", 17, (LsEventPos){4, 8});
    assert_false(ls_events_stamp_handle(log, "x", 1, 1));
    assert_true(ls_events_stamp_frames(log, "main\tx\tn\nsleep\n", 15, "4\t1\t'a'\n0\n", 10));
    e = ls_events_at(log, 1);
    const char *shape, *values;
    ls_events_frames(log, e->state.frames, &shape, &values);
    assert_string_equal(shape, "main\tx\tn\nsleep\n");
    assert_string_equal(values, "4\t1\t'a'\n0\n");
    /* The shape is interned: a second suspension shares it. */
    ls_events_task_state(log, 1, LS_TASK_SUSPENDED, LS_WAIT_SLEEP, 8, "sleep until t=1.5", 17, (LsEventPos){4, 8});
    assert_true(ls_events_stamp_frames(log, "main\tx\tn\nsleep\n", 15, "4\t2\t'a'\n0\n", 10));
    const char *shape2, *values2;
    ls_events_frames(log, ls_events_at(log, 2)->state.frames, &shape2, &values2);
    assert_ptr_equal(shape, shape2);
    assert_string_equal(values2, "4\t2\t'a'\n0\n");
    /* Ref 0 has no chain. */
    ls_events_frames(log, 0, &shape, &values);
    assert_string_equal(shape, "");
    assert_string_equal(values, "");
    LsBuf b;
    ls_buf_init(&b);
    ls_events_format(log, 0, &b);
    assert_string_equal(ls_buf_cstr(&b), "#0 t=0.0 HANDLE_SCHEDULED h=7 \"end sleep of Task-1\" timer when=1.5 task=1");
    ls_buf_fini(&b);
}

static void test_view_log_cap_stops_appends(void **state) {
    Fx *fx = *state;
    LsEventLog *log = &fx->log;
    ls_events_set_max(log, 3);
    assert_true(ls_events_line(log, 0, (LsEventPos){1, 0}));
    assert_true(ls_events_line(log, 0, (LsEventPos){2, 0}));
    assert_true(ls_events_line(log, 0, (LsEventPos){3, 0}));
    assert_false(ls_events_limited(log));
    assert_false(ls_events_line(log, 0, (LsEventPos){4, 0}));
    assert_true(ls_events_limited(log));
    assert_true(ls_events_failed(log));
    assert_int_equal(ls_events_count(log), 3);
    assert_int_equal(ls_events_at(log, 2)->line, 3);
}

static void test_view_log_records_cross_chunks(void **state) {
    Fx *fx = *state;
    LsEventLog *log = &fx->log;
    uint64_t n = 2 * LS_EVENTS_CHUNK + 17;
    for (uint64_t i = 0; i < n; i++) {
        if (i % 1000 == 999) assert_true(ls_events_clock_advanced(log, (double)i, (double)i + 1, LS_CLOCK_LOOP));
        else assert_true(ls_events_line(log, i, (LsEventPos){(uint32_t)(i % 100000) + 1, 0}));
    }
    assert_int_equal(ls_events_count(log), n);
    assert_int_equal(log->n_chunks, 2);
    for (uint64_t i = 0; i < n; i += 997) {
        const LsEvent *e = ls_events_at(log, i);
        if (i % 1000 == 999) assert_int_equal(e->kind, LS_EV_CLOCK_ADVANCED);
        else {
            assert_int_equal(e->kind, LS_EV_LINE);
            assert_int_equal(e->text.id, i);
        }
    }
    /* Time lookups read CLOCK_ADVANCED records from any chunk. */
    assert_true(ls_events_time_at(log, n - 1) == (double)((n - 1) / 1000 * 1000));
    assert_null(ls_events_at(log, n));
}

static void test_view_log_chunk_allocation_failure_is_sticky(void **state) {
    Fx *fx = *state;
    LsEventLog *log = &fx->log;
    for (uint64_t i = 0; i < LS_EVENTS_CHUNK; i++) assert_true(ls_events_loop_stop(log));
    fx->mem.fail_after = 0; /* the next growth: the second chunk */
    assert_false(ls_events_loop_stop(log));
    fx->mem.fail_after = -1;
    assert_true(ls_events_failed(log));
    assert_false(ls_events_loop_stop(log));
    assert_int_equal(ls_events_count(log), LS_EVENTS_CHUNK);
}

/* The fold on its own, from hand-made events: the ready queue is FIFO,
 * timers order by (when, id), due timers join READY's tail, cancelled ones
 * are marked and skipped, and the phase follows the loop. */
static void test_view_log_fold_by_hand(void **state) {
    Fx *fx = *state;
    LsEventLog *log = &fx->log;
    ls_events_task_created(log, 1, "Task-1", 6, "main", 4, (LsEventPos){3, 0});
    ls_events_handle_scheduled(log, 1, LS_SCHED_SOON, 0.0);
    ls_events_stamp_handle(log, "step Task-1", 11, 1);
    ls_events_handle_scheduled(log, 2, LS_SCHED_TIMER, 2.0);
    ls_events_handle_scheduled(log, 3, LS_SCHED_TIMER, 1.0);
    ls_events_handle_scheduled(log, 4, LS_SCHED_TIMER, 2.0);
    ls_events_handle_cancelled(log, 4, 2.0, LS_CANCEL_HEAP);
    LsView v;
    ls_view_init(&v);
    for (uint64_t i = 0; i < ls_events_count(log); i++) assert_true(ls_view_apply(&v, log, i));
    assert_int_equal(ls_view_ready_count(&v), 1);
    assert_int_equal(v.timers_end - v.timers_head, 3);
    assert_int_equal(v.timers[v.timers_head].id, 3);
    assert_int_equal(v.timers[v.timers_head + 1].id, 2);
    assert_int_equal(v.timers[v.timers_head + 2].id, 4);
    assert_true(v.timers[v.timers_head + 2].cancelled);
    assert_int_equal(ls_view_task(&v, 1)->state, LS_TASK_READY);
    assert_int_equal(v.phase, LS_VIEW_PHASE_PROGRAM);

    uint64_t at = ls_events_count(log);
    ls_events_clock_advanced(log, 0.0, 1.0, LS_CLOCK_LOOP);
    ls_events_timer_due(log, 3, 1.0);
    ls_events_iter_begin(log, 1, (const uint64_t[]){1, 3}, 2, 1);
    ls_events_handle_run(log, 1);
    ls_events_task_state(log, 1, LS_TASK_RUNNING, LS_WAIT_NONE, 0, NULL, 0, LS_POS_NONE);
    ls_events_line(log, 1, (LsEventPos){5, 0});
    for (uint64_t i = at; i < ls_events_count(log); i++) assert_true(ls_view_apply(&v, log, i));
    assert_true(v.clock == 1.0);
    assert_int_equal(v.phase, LS_VIEW_PHASE_RUN);
    assert_int_equal(v.running.id, 1);
    assert_int_equal(v.current_task, 1);
    assert_int_equal(ls_view_task(&v, 1)->line, 5);
    assert_int_equal(ls_view_task(&v, 1)->steps, 1);
    assert_int_equal(ls_view_ready_count(&v), 1);
    assert_int_equal(v.ready[v.ready_head].id, 3); /* the due timer, at READY's tail */

    /* A copy is deep and equal; the original moves on alone. */
    LsView c;
    assert_true(ls_view_copy(&c, &v));
    at = ls_events_count(log);
    ls_events_handle_done(log, 1);
    ls_events_handle_run(log, 3);
    for (uint64_t i = at; i < ls_events_count(log); i++) assert_true(ls_view_apply(&v, log, i));
    assert_int_equal(ls_view_ready_count(&v), 0);
    assert_int_equal(ls_view_ready_count(&c), 1);
    assert_int_equal(c.running.id, 1);
    assert_int_equal(v.running.id, 3);
    ls_view_fini(&c);
    ls_view_fini(&v);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_view_log_intern_gives_one_ref_per_string, setup, teardown),
        cmocka_unit_test_setup_teardown(test_view_log_stamps_go_on_the_right_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_view_log_cap_stops_appends, setup, teardown),
        cmocka_unit_test_setup_teardown(test_view_log_records_cross_chunks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_view_log_chunk_allocation_failure_is_sticky, setup, teardown),
        cmocka_unit_test_setup_teardown(test_view_log_fold_by_hand, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
