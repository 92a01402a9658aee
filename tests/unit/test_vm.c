/* test_vm — the VM exercised through the runtime.
 *
 * Each test compiles a small Python program with ls_compile, runs it with
 * ls_rt_run on memstream outputs and asserts the exact stdout, stderr and
 * exit status. Expected texts come from running the same program under
 * CPython 3.11 (tests/conformance/refrun.py); where loopscope deliberately
 * differs (64-bit ints) the comment says so. */
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


/* ---- Arithmetic and comparisons --------------------------------------------- */

static void test_vm_floor_div_mod_signs(void **state) {
    (void)state;
    expect("print(7 // 2, -7 // 2, 7 // -2, -7 // -2)\n"
           "print(7 % 3, -7 % 3, 7 % -3, -7 % -3)\n"
           "print(2 ** 10, 10 / 4, -7.5 // 2, -7.5 % 2)\n"
           "print(divmod(-7, 2))\n",
           LS_EXIT_OK,
           "3 -4 -4 3\n"
           "1 2 -2 -1\n"
           "1024 2.5 -4.0 0.5\n"
           "(-4, 1)\n",
           "");
}

static void test_vm_comparison_chains(void **state) {
    (void)state;
    expect("def v(x):\n"
           "    print('v', x)\n"
           "    return x\n"
           "print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 == 2)\n"
           "print(v(3) < v(1) < v(2))\n",
           LS_EXIT_OK,
           "True False True\n"
           "v 3\nv 1\nFalse\n",
           "");
}

/* loopscope ints are 64-bit: where CPython would grow, we raise
 * OverflowError (a documented divergence, so this text is loopscope's). */
static void test_vm_int_overflow_raises(void **state) {
    (void)state;
    expect("x = 9223372036854775807\n"
           "try:\n"
           "    x = x + 1\n"
           "except OverflowError as e:\n"
           "    print('OverflowError', e)\n"
           "print(x)\n",
           LS_EXIT_OK,
           "OverflowError integer overflow: loopscope ints are 64-bit\n"
           "9223372036854775807\n",
           "");
}

/* ---- Functions, closures, argument binding ---------------------------------- */

static void test_vm_closures_and_nonlocal(void **state) {
    (void)state;
    expect("def counter():\n"
           "    n = 0\n"
           "    def inc(k=1):\n"
           "        nonlocal n\n"
           "        n += k\n"
           "        return n\n"
           "    return inc\n"
           "c = counter()\n"
           "c(); c(5)\n"
           "print(c(), [f() for f in [lambda i=i: i * 2 for i in range(3)]])\n"
           "fs = [lambda: i for i in range(3)]\n"
           "print([f() for f in fs])\n",
           LS_EXIT_OK,
           "7 [0, 2, 4]\n"
           "[2, 2, 2]\n",
           "");
}

static void test_vm_argument_type_errors(void **state) {
    (void)state;
    expect("def f(a, b=2, *args, c, d=4, **kw):\n"
           "    return a\n"
           "def g(x, y):\n"
           "    return x - y\n"
           "for call in (lambda: f(), lambda: f(1), lambda: f(1, c=1, b=2, a=3),\n"
           "             lambda: g(1, 2, 3), lambda: g(1, z=2), lambda: g()):\n"
           "    try:\n"
           "        call()\n"
           "    except TypeError as e:\n"
           "        print(e)\n",
           LS_EXIT_OK,
           "f() missing 1 required positional argument: 'a'\n"
           "f() missing 1 required keyword-only argument: 'c'\n"
           "f() got multiple values for argument 'a'\n"
           "g() takes 2 positional arguments but 3 were given\n"
           "g() got an unexpected keyword argument 'z'\n"
           "g() missing 2 required positional arguments: 'x' and 'y'\n",
           "");
}

/* ---- Exceptions --------------------------------------------------------------- */

static void test_vm_finally_ordering(void **state) {
    (void)state;
    expect("def f():\n"
           "    try:\n"
           "        print('try')\n"
           "        return 1\n"
           "    finally:\n"
           "        print('finally')\n"
           "        return 2\n"
           "print(f())\n"
           "def g():\n"
           "    for i in range(3):\n"
           "        try:\n"
           "            if i == 1:\n"
           "                continue\n"
           "            print('body', i)\n"
           "        finally:\n"
           "            print('fin', i)\n"
           "g()\n"
           "try:\n"
           "    try:\n"
           "        raise ValueError('a')\n"
           "    except ValueError:\n"
           "        print('handler')\n"
           "        raise\n"
           "    finally:\n"
           "        print('outer finally')\n"
           "except ValueError as e:\n"
           "    print('caught', repr(e))\n",
           LS_EXIT_OK,
           "try\nfinally\n2\n"
           "body 0\nfin 0\nfin 1\nbody 2\nfin 2\n"
           "handler\nouter finally\ncaught ValueError('a')\n",
           "");
}

static void test_vm_exception_in_handler_chains(void **state) {
    (void)state;
    expect("def h():\n"
           "    try:\n"
           "        v = {}['k']\n"
           "    except KeyError:\n"
           "        v = 1 / 0\n"
           "    return v\n"
           "h()\n",
           LS_EXIT_RAISED, "",
           "Traceback (most recent call last):\n"
           "  File \"" PROG_PATH "\", line 3, in h\n"
           "    v = {}['k']\n"
           "        ~~^^^^^\n"
           "KeyError: 'k'\n"
           "\n"
           "During handling of the above exception, another exception occurred:\n"
           "\n"
           "Traceback (most recent call last):\n"
           "  File \"" PROG_PATH "\", line 7, in <module>\n"
           "    h()\n"
           "  File \"" PROG_PATH "\", line 5, in h\n"
           "    v = 1 / 0\n"
           "        ~~^~~\n"
           "ZeroDivisionError: division by zero\n");
}

static void test_vm_uncaught_traceback_format(void **state) {
    (void)state;
    expect("print('before')\n"
           "def f(a):\n"
           "    return a // 0\n"
           "f(1)\n"
           "print('after')\n",
           LS_EXIT_RAISED, "before\n",
           "Traceback (most recent call last):\n"
           "  File \"" PROG_PATH "\", line 4, in <module>\n"
           "    f(1)\n"
           "  File \"" PROG_PATH "\", line 3, in f\n"
           "    return a // 0\n"
           "           ~~^^~~\n"
           "ZeroDivisionError: integer division or modulo by zero\n");
}

/* ---- Generators, comprehensions, f-strings, recursion, GC ----------------- */

/* Generators consumed by for, list(), sum(), join over a genexp and *gen in
 * a call; nested comprehensions; f-string specs and !r; 500-deep recursion
 * works, unbounded recursion is a RecursionError (no crash); 2,000,000
 * short-lived lists are collected and the loop completes. */
static void test_vm_generators_fstrings_recursion_gc(void **state) {
    (void)state;
    expect(
           "def squares(n):\n"
           "    for i in range(n):\n"
           "        yield i * i\n"
           "def pr(*a):\n"
           "    print(len(a), a)\n"
           "for s in squares(3):\n"
           "    print(s)\n"
           "print(list(squares(4)), sum(squares(5)), \"-\".join(str(x) for x in [1, 2]))\n"
           "pr(0, *squares(3), 9)\n"
           "print([[i * j for j in range(i)] for i in range(4)])\n"
           "x, y, z = 3.14159, \"hi\", 42\n"
           "print(f\"{x:.2f}|{y!r}|{z:>5}|{z:05d}|{x:10.3e}|{y:^6}|{z:x}|{z:,}\")\n"
           "def d(n):\n"
           "    return 0 if n == 0 else 1 + d(n - 1)\n"
           "print(d(500))\n"
           "def inf(n):\n"
           "    return inf(n + 1)\n"
           "try:\n"
           "    inf(0)\n"
           "except RecursionError as e:\n"
           "    print(\"RecursionError\", e)\n"
           "t = 0\n"
           "for i in range(2000000):\n"
           "    l = [i, i]\n"
           "    t += l[1]\n"
           "print(t)\n",
           LS_EXIT_OK,
           "0\n"
           "1\n"
           "4\n"
           "[0, 1, 4, 9] 30 1-2\n"
           "5 (0, 0, 1, 4, 9)\n"
           "[[], [0], [0, 2], [0, 3, 6]]\n"
           "3.14|'hi'|   42|00042| 3.142e+00|  hi  |2a|42\n"
           "500\n"
           "RecursionError maximum recursion depth exceeded\n"
           "1999999000000\n",
           "");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vm_floor_div_mod_signs),
        cmocka_unit_test(test_vm_comparison_chains),
        cmocka_unit_test(test_vm_int_overflow_raises),
        cmocka_unit_test(test_vm_closures_and_nonlocal),
        cmocka_unit_test(test_vm_argument_type_errors),
        cmocka_unit_test(test_vm_finally_ordering),
        cmocka_unit_test(test_vm_exception_in_handler_chains),
        cmocka_unit_test(test_vm_uncaught_traceback_format),
        cmocka_unit_test(test_vm_generators_fstrings_recursion_gc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
