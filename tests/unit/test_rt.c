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

/* ---- Harness ----------------------------------------------------------------- */

#define PROG_PATH "/tmp/lsut/prog.py"

typedef struct Run {
    int status;
    char *out, *err; /* malloc'd, NUL-terminated */
} Run;

static const char *const modules[] = {"asyncio", "time"};

/* Compile and run `src`; compile errors fail the test. */
static Run run_prog(const char *src) {
    LsCompileOptions copt = {.modules = modules, .n_modules = 2};
    LsProgram *prog = NULL;
    LsDiag diag;
    bool ok = ls_compile(PROG_PATH, src, strlen(src), &copt, &prog, &diag);
    assert_true(ok);
    Run r = {0};
    size_t olen = 0, elen = 0;
    FILE *out = open_memstream(&r.out, &olen);
    FILE *err = open_memstream(&r.err, &elen);
    assert_non_null(out);
    assert_non_null(err);
    LsRtOptions opt = {.out = out, .err = err};
    LsRt *rt = ls_rt_new(&opt);
    assert_non_null(rt);
    r.status = ls_rt_run(rt, prog);
    ls_rt_free(rt);
    fclose(out);
    fclose(err);
    ls_program_free(prog);
    return r;
}

static void run_fini(Run *r) {
    free(r->out);
    free(r->err);
}

/* Run `src` and expect exactly (status, stdout, stderr). */
static void expect(const char *src, int status, const char *out, const char *err) {
    Run r = run_prog(src);
    assert_string_equal(r.out, out);
    assert_string_equal(r.err, err);
    assert_int_equal(r.status, status);
    run_fini(&r);
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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rt_future_callback_order),
        cmocka_unit_test(test_rt_task_cancel_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
