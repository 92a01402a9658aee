/* test_rt — futures, tasks and the event loop driven by Python programs.
 *
 * Each test compiles an asyncio program with ls_compile, runs it with
 * ls_rt_run on memstream outputs and asserts the exact stdout, stderr and
 * exit status (and --loop-trace text). Expected texts come from running the
 * same program under CPython 3.11 with tests/conformance/refrun.py. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <setjmp.h> /* cmocka needs these before cmocka.h */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ls_rt.h"

#include "prog_harness.h"


/* Run with --loop-trace and return the captured stdout (caller frees);
 * a traced run must write nothing to stderr. */
static char *run_traced(const char *src, int *status) {
    Run r = run_prog_opts(src, true);
    assert_string_equal(r.err, "");
    free(r.err);
    *status = r.status;
    return r.out;
}

/* ---- Futures ----------------------------------------------------------------- */

/* asyncio-semantics.md §4: set_result schedules each done-callback with
 * call_soon, in registration order, after what was already queued; a
 * callback added to a done future is scheduled at once. */
static void test_rt_future_callback_order(void **state) {
    (void)state;
    expect(
           "import asyncio\n"
           "async def main():\n"
           "    loop = asyncio.get_running_loop()\n"
           "    fut = loop.create_future()\n"
           "    fut.add_done_callback(lambda f: print(\"cb1\", f.result()))\n"
           "    fut.add_done_callback(lambda f: print(\"cb2\"))\n"
           "    loop.call_soon(lambda: print(\"soon-before\"))\n"
           "    fut.set_result(5)\n"
           "    loop.call_soon(lambda: print(\"soon-after\"))\n"
           "    print(\"set\")\n"
           "    await asyncio.sleep(0)\n"
           "    fut.add_done_callback(lambda f: print(\"cb3 late\"))\n"
           "    loop.call_soon(lambda: print(\"soon-3\"))\n"
           "    await asyncio.sleep(0)\n"
           "    print(\"end\")\n"
           "asyncio.run(main())\n",
           LS_EXIT_OK,
           "set\nsoon-before\ncb1 5\ncb2\nsoon-after\ncb3 late\nsoon-3\nend\n", "");
}

/* ---- Cancellation --------------------------------------------------------------- */

static void test_rt_task_cancel_paths(void **state) {
    (void)state;
    expect(
           "import asyncio\n"
           "async def body():\n"
           "    print(\"body ran\")\n"
           "async def sleeper():\n"
           "    try:\n"
           "        await asyncio.sleep(10)\n"
           "    except asyncio.CancelledError as e:\n"
           "        print(\"cancelled with\", e.args)\n"
           "        raise\n"
           "async def main():\n"
           "    t = asyncio.create_task(body())\n"
           "    print(t.cancel())\n"
           "    try:\n"
           "        await t\n"
           "    except asyncio.CancelledError:\n"
           "        print(\"t cancelled\", t.cancelled())\n"
           "    s = asyncio.create_task(sleeper())\n"
           "    await asyncio.sleep(1)\n"
           "    s.cancel(\"stop now\")\n"
           "    try:\n"
           "        await s\n"
           "    except asyncio.CancelledError as e:\n"
           "        print(\"s\", e.args, s.cancelled())\n"
           "    inner = asyncio.create_task(asyncio.sleep(5))\n"
           "    async def outer():\n"
           "        await inner\n"
           "    o = asyncio.create_task(outer())\n"
           "    await asyncio.sleep(0)\n"
           "    o.cancel()\n"
           "    try:\n"
           "        await o\n"
           "    except asyncio.CancelledError:\n"
           "        print(\"o\", o.cancelled(), \"inner\", inner.cancelled())\n"
           "asyncio.run(main())\n",
           LS_EXIT_OK,
           "True\n"
           "t cancelled True\n"
           "cancelled with ('stop now',)\n"
           "s ('stop now',) True\n"
           "o True inner True\n",
           "");
}

/* ---- Scheduling, gather, names, clock, deadlock ------------------------------ */

/* call_soon before call_later(0); gather keeps argument order whatever the
 * completion order, return_exceptions puts the exception in place; task
 * names count across asyncio.run calls; time.sleep advances the virtual
 * clock and lets nothing else run. */
static void test_rt_gather_names_and_clock(void **state) {
    (void)state;
    expect(
           "import asyncio, time\n"
           "async def w(n, d):\n"
           "    await asyncio.sleep(d)\n"
           "    if n == 2:\n"
           "        raise ValueError(\"bad\")\n"
           "    return n\n"
           "async def main():\n"
           "    loop = asyncio.get_running_loop()\n"
           "    loop.call_later(0, lambda: print(\"later0\"))\n"
           "    loop.call_soon(lambda: print(\"soon\"))\n"
           "    print(await asyncio.gather(w(1, 0.2), w(3, 0.1), w(2, 0.05), return_exceptions=True))\n"
           "    print(asyncio.current_task().get_name(), loop.time())\n"
           "    time.sleep(1.5)\n"
           "    print(loop.time(), time.monotonic())\n"
           "asyncio.run(main())\n"
           "async def m2():\n"
           "    print(asyncio.current_task().get_name())\n"
           "asyncio.run(m2())\n",
           LS_EXIT_OK,
           "soon\n"
           "later0\n"
           "[1, 3, ValueError('bad')]\n"
           "Task-1 0.2\n"
           "1.7 1.7\n"
           "Task-7\n",
           "");
}

/* A task awaiting a future nobody completes: deadlock, exit status 3. */
static void test_rt_deadlock_exit_status(void **state) {
    (void)state;
    Run r = run_prog(
           "import asyncio\n"
           "async def main():\n"
           "    await asyncio.get_running_loop().create_future()\n"
           "asyncio.run(main())\n");
    assert_int_equal(r.status, LS_EXIT_DEADLOCK);
    assert_string_equal(r.out, "");
    const char *line = "loopscope: deadlock: no task can make progress (nothing is ready and no timer is pending)\n";
    assert_int_equal(strncmp(r.err, line, strlen(line)), 0);
    run_fini(&r);
}

/* ---- --loop-trace ----------------------------------------------------------------- */

static const char trace_prog[] =
           "import asyncio\n"
           "async def main():\n"
           "    await asyncio.sleep(0.1)\n"
           "    print(\"x\")\n"
           "asyncio.run(main())\n";

/* Expected text generated ONCE, while writing this test, with
 * `python3 tests/conformance/refrun.py --loop-trace prog.py` (CPython 3.11)
 * and pasted here. */
static void test_rt_loop_trace_matches_cpython(void **state) {
    (void)state;
    int status = -1;
    char *got = run_traced(trace_prog, &status);
    assert_string_equal(got,
           "## phase run_until_complete(Task-1 coro=main) t=0.0\n"
           "## iter 1 t=0.0: step(Task-1)\n"
           "## iter 2 t=0.1: timer@0.1:_set_result_unless_cancelled(Future#1<-Task-1, None)\n"
           "## iter 3 t=0.1: wakeup(Task-1 <- Future#1)\n"
           "x\n"
           "## iter 4 t=0.1: _run_until_complete_cb(Task-1)\n"
           "## phase run_until_complete(Task-2 coro=BaseEventLoop.shutdown_asyncgens) t=0.1\n"
           "## iter 5 t=0.1: step(Task-2)\n"
           "## iter 6 t=0.1: _run_until_complete_cb(Task-2)\n"
           "## phase run_until_complete(Task-3 coro=BaseEventLoop.shutdown_default_executor) t=0.1\n"
           "## iter 7 t=0.1: step(Task-3)\n"
           "## iter 8 t=0.1: _run_until_complete_cb(Task-3)\n"
           "## loop.close() t=0.1 discards ready=[] timers=[]\n");
    assert_int_equal(status, LS_EXIT_OK);
    free(got);
}

/* Two runs of the same program give byte-identical output. */
static void test_rt_two_runs_identical(void **state) {
    (void)state;
    int s1 = -1, s2 = -1;
    char *a = run_traced(trace_prog, &s1);
    char *b = run_traced(trace_prog, &s2);
    assert_true(strlen(a) > 0);
    assert_string_equal(a, b);
    assert_int_equal(s1, s2);
    free(a);
    free(b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rt_future_callback_order),
        cmocka_unit_test(test_rt_task_cancel_paths),
        cmocka_unit_test(test_rt_gather_names_and_clock),
        cmocka_unit_test(test_rt_deadlock_exit_status),
        cmocka_unit_test(test_rt_loop_trace_matches_cpython),
        cmocka_unit_test(test_rt_two_runs_identical),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
