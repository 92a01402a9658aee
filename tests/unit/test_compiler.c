/* test_compiler — ls_compile end to end: exact disassembly of small
 * programs (the lowering contract the VM relies on), code-object metadata,
 * instruction positions, exact max_stack/max_blocks, refusals of
 * unsupported constructs, compile-time SyntaxErrors, the module-attribute
 * hook, robustness on garbage input and speed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ls_compiler.h"

static const char *const MODULES[] = {"asyncio", "time", "random"};

static LsProgram *compile_ok(const char *src, const LsCompileOptions *opt) {
    static const LsCompileOptions defaults = {.modules = MODULES, .n_modules = 3};
    LsProgram *p = NULL;
    LsDiag d;
    if (!ls_compile("t.py", src, strlen(src), opt ? opt : &defaults, &p, &d)) {
        fail_msg("unexpected error at %u:%u: %s\n%s", d.span.line, d.span.col, d.message, src);
    }
    return p;
}

/* The nested code object `name` among the constants of `c`. */
static const LsCode *child(const LsCode *c, const char *name) {
    for (uint32_t i = 0; i < c->n_consts; i++) {
        if (c->consts[i].kind == LS_CONST_CODE && strcmp(c->consts[i].as.code->name, name) == 0) {
            return c->consts[i].as.code;
        }
    }
    fail_msg("no code object %s", name);
    return NULL;
}

static const struct { const char *src; const char *listing; } LISTINGS[] = {
    /* module_assignments */
    {"x = 1\ny = x + 2\n",
     "Disassembly of <module> (line 1, stack 2, blocks 0):\n"
     "   0    1 LINE                1\n"
     "   1    1 LOAD_CONST          0 (1)\n"
     "   2    1 STORE_GLOBAL        0 (x)\n"
     "   3    2 LINE                2\n"
     "   4    2 LOAD_GLOBAL         0 (x)\n"
     "   5    2 LOAD_CONST          1 (2)\n"
     "   6    2 BINARY_OP           0 (+)\n"
     "   7    2 STORE_GLOBAL        1 (y)\n"
     "   8    2 LOAD_NONE\n"
     "   9    2 RETURN_VALUE\n"},
    /* closure */
    {"def outer(a):\n    def inner(b):\n        return a + b\n    return inner\n",
     "Disassembly of <module> (line 1, stack 1, blocks 0):\n"
     "   0    1 LINE                1\n"
     "   1    1 LOAD_CONST          0 (<code outer, line 1>)\n"
     "   2    1 MAKE_FUNCTION       0\n"
     "   3    1 STORE_GLOBAL        0 (outer)\n"
     "   4    1 LOAD_NONE\n"
     "   5    1 RETURN_VALUE\n"
     "\n"
     "Disassembly of outer (line 1, stack 2, blocks 0):\n"
     "   0    2 LINE                2\n"
     "   1    2 LOAD_CLOSURE        0 (a)\n"
     "   2    2 BUILD_TUPLE         1\n"
     "   3    2 LOAD_CONST          0 (<code outer.<locals>.inner, line 2>)\n"
     "   4    2 MAKE_FUNCTION       4 (closure)\n"
     "   5    2 STORE_FAST          1 (inner)\n"
     "   6    4 LINE                4\n"
     "   7    4 LOAD_FAST           1 (inner)\n"
     "   8    4 RETURN_VALUE\n"
     "\n"
     "Disassembly of outer.<locals>.inner (line 2, stack 2, blocks 0):\n"
     "   0    3 LINE                3\n"
     "   1    3 LOAD_DEREF          0 (a)\n"
     "   2    3 LOAD_FAST           0 (b)\n"
     "   3    3 BINARY_OP           0 (+)\n"
     "   4    3 RETURN_VALUE\n"},
    /* try_except_else_finally */
    {"try:\n    f()\nexcept ValueError as e:\n    g(e)\nelse:\n    h()\nfinally:\n    k()\n",
     "Disassembly of <module> (line 1, stack 4, blocks 3):\n"
     "   0    1 LINE                1\n"
     "   1    1 SETUP_FINALLY       41 (to 41)\n"
     "   2    1 SETUP_FINALLY       9 (to 9)\n"
     "   3    2 LINE                2\n"
     "   4    2 LOAD_GLOBAL         0 (f)\n"
     "   5    2 CALL                0\n"
     "   6    2 POP_TOP\n"
     "   7    1 POP_BLOCK\n"
     "   8    1 JUMP                31 (to 31)\n"
     "   9    3 LINE                3\n"
     "  10    3 DUP_TOP\n"
     "  11    3 LOAD_GLOBAL         1 (ValueError)\n"
     "  12    3 JUMP_IF_NOT_EXC_MATCH 30 (to 30)\n"
     "  13    3 STORE_GLOBAL        2 (e)\n"
     "  14    3 SETUP_FINALLY       26 (to 26)\n"
     "  15    4 LINE                4\n"
     "  16    4 LOAD_GLOBAL         3 (g)\n"
     "  17    4 LOAD_GLOBAL         2 (e)\n"
     "  18    4 CALL                1\n"
     "  19    4 POP_TOP\n"
     "  20    3 POP_BLOCK\n"
     "  21    3 POP_EXCEPT\n"
     "  22    3 LOAD_NONE\n"
     "  23    3 STORE_GLOBAL        2 (e)\n"
     "  24    3 DELETE_GLOBAL       2 (e)\n"
     "  25    3 JUMP                35 (to 35)\n"
     "  26    3 LOAD_NONE\n"
     "  27    3 STORE_GLOBAL        2 (e)\n"
     "  28    3 DELETE_GLOBAL       2 (e)\n"
     "  29    3 RERAISE\n"
     "  30    1 RERAISE\n"
     "  31    6 LINE                6\n"
     "  32    6 LOAD_GLOBAL         4 (h)\n"
     "  33    6 CALL                0\n"
     "  34    6 POP_TOP\n"
     "  35    1 POP_BLOCK\n"
     "  36    8 LINE                8\n"
     "  37    8 LOAD_GLOBAL         5 (k)\n"
     "  38    8 CALL                0\n"
     "  39    8 POP_TOP\n"
     "  40    1 JUMP                46 (to 46)\n"
     "  41    8 LINE                8\n"
     "  42    8 LOAD_GLOBAL         5 (k)\n"
     "  43    8 CALL                0\n"
     "  44    8 POP_TOP\n"
     "  45    1 RERAISE\n"
     "  46    1 LOAD_NONE\n"
     "  47    1 RETURN_VALUE\n"},
    /* for_break_continue_else */
    {"for i in xs:\n    if i:\n        break\n    continue\nelse:\n    done()\n",
     "Disassembly of <module> (line 1, stack 2, blocks 0):\n"
     "   0    1 LINE                1\n"
     "   1    1 LOAD_GLOBAL         0 (xs)\n"
     "   2    1 GET_ITER\n"
     "   3    1 FOR_ITER            15 (to 15)\n"
     "   4    1 STORE_GLOBAL        1 (i)\n"
     "   5    2 LINE                2\n"
     "   6    2 LOAD_GLOBAL         1 (i)\n"
     "   7    2 POP_JUMP_IF_FALSE   11 (to 11)\n"
     "   8    3 LINE                3\n"
     "   9    3 POP_TOP\n"
     "  10    3 JUMP                19 (to 19)\n"
     "  11    4 LINE                4\n"
     "  12    4 JUMP                13 (to 13)\n"
     "  13    1 LINE                1\n"
     "  14    1 JUMP                3 (to 3)\n"
     "  15    6 LINE                6\n"
     "  16    6 LOAD_GLOBAL         2 (done)\n"
     "  17    6 CALL                0\n"
     "  18    6 POP_TOP\n"
     "  19    1 LOAD_NONE\n"
     "  20    1 RETURN_VALUE\n"},
    /* calls */
    {"f(1, k=2)\nf(*a, **b)\nf(x, *a, k=1, **b)\n",
     "Disassembly of <module> (line 1, stack 4, blocks 0):\n"
     "   0    1 LINE                1\n"
     "   1    1 LOAD_GLOBAL         0 (f)\n"
     "   2    1 LOAD_CONST          0 (1)\n"
     "   3    1 LOAD_CONST          1 (2)\n"
     "   4    1 LOAD_CONST          2 (('k',))\n"
     "   5    1 CALL_KW             2\n"
     "   6    1 POP_TOP\n"
     "   7    2 LINE                2\n"
     "   8    2 LOAD_GLOBAL         0 (f)\n"
     "   9    2 BUILD_LIST          0\n"
     "  10    2 LOAD_GLOBAL         1 (a)\n"
     "  11    2 LIST_EXTEND         1\n"
     "  12    2 LIST_TO_TUPLE\n"
     "  13    2 BUILD_DICT          0\n"
     "  14    2 LOAD_GLOBAL         2 (b)\n"
     "  15    2 DICT_MERGE          1\n"
     "  16    2 CALL_EX             1 (kwargs)\n"
     "  17    2 POP_TOP\n"
     "  18    3 LINE                3\n"
     "  19    3 LOAD_GLOBAL         0 (f)\n"
     "  20    3 LOAD_GLOBAL         3 (x)\n"
     "  21    3 BUILD_LIST          1\n"
     "  22    3 LOAD_GLOBAL         1 (a)\n"
     "  23    3 LIST_EXTEND         1\n"
     "  24    3 LIST_TO_TUPLE\n"
     "  25    3 LOAD_CONST          3 ('k')\n"
     "  26    3 LOAD_CONST          0 (1)\n"
     "  27    3 BUILD_DICT          1\n"
     "  28    3 LOAD_GLOBAL         2 (b)\n"
     "  29    3 DICT_MERGE          1\n"
     "  30    3 CALL_EX             1 (kwargs)\n"
     "  31    3 POP_TOP\n"
     "  32    3 LOAD_NONE\n"
     "  33    3 RETURN_VALUE\n"},
    /* list_comprehension */
    {"r = [x * 2 for x in xs if x]\n",
     "Disassembly of <module> (line 1, stack 2, blocks 0):\n"
     "   0    1 LINE                1\n"
     "   1    1 LOAD_CONST          0 (<code <listcomp>, line 1>)\n"
     "   2    1 MAKE_FUNCTION       0\n"
     "   3    1 LOAD_GLOBAL         0 (xs)\n"
     "   4    1 GET_ITER\n"
     "   5    1 CALL                1\n"
     "   6    1 STORE_GLOBAL        1 (r)\n"
     "   7    1 LOAD_NONE\n"
     "   8    1 RETURN_VALUE\n"
     "\n"
     "Disassembly of <listcomp> (line 1, stack 4, blocks 0):\n"
     "   0    1 BUILD_LIST          0\n"
     "   1    1 LOAD_FAST           0 (.0)\n"
     "   2    1 FOR_ITER            11 (to 11)\n"
     "   3    1 STORE_FAST          1 (x)\n"
     "   4    1 LOAD_FAST           1 (x)\n"
     "   5    1 POP_JUMP_IF_FALSE   2 (to 2)\n"
     "   6    1 LOAD_FAST           1 (x)\n"
     "   7    1 LOAD_CONST          0 (2)\n"
     "   8    1 BINARY_OP           2 (*)\n"
     "   9    1 LIST_APPEND         2\n"
     "  10    1 JUMP                2 (to 2)\n"
     "  11    1 RETURN_VALUE\n"},
    /* fstring */
    {"s = f'{a!r:>{w}} and {b}'\n",
     "Disassembly of <module> (line 1, stack 3, blocks 0):\n"
     "   0    1 LINE                1\n"
     "   1    1 LOAD_GLOBAL         0 (a)\n"
     "   2    1 LOAD_CONST          0 ('>')\n"
     "   3    1 LOAD_GLOBAL         1 (w)\n"
     "   4    1 FORMAT_VALUE        0\n"
     "   5    1 BUILD_STRING        2\n"
     "   6    1 FORMAT_VALUE        6 (!r, with spec)\n"
     "   7    1 LOAD_CONST          1 (' and ')\n"
     "   8    1 LOAD_GLOBAL         2 (b)\n"
     "   9    1 FORMAT_VALUE        0\n"
     "  10    1 BUILD_STRING        3\n"
     "  11    1 STORE_GLOBAL        3 (s)\n"
     "  12    1 LOAD_NONE\n"
     "  13    1 RETURN_VALUE\n"},
    /* assert */
    {"assert x, 'msg'\n",
     "Disassembly of <module> (line 1, stack 2, blocks 0):\n"
     "   0    1 LINE                1\n"
     "   1    1 LOAD_GLOBAL         0 (x)\n"
     "   2    1 POP_JUMP_IF_TRUE    7 (to 7)\n"
     "   3    1 LOAD_GLOBAL         1 (AssertionError)\n"
     "   4    1 LOAD_CONST          0 ('msg')\n"
     "   5    1 CALL                1\n"
     "   6    1 RAISE               1\n"
     "   7    1 LOAD_NONE\n"
     "   8    1 RETURN_VALUE\n"},
    /* augassign */
    {"d[k] += 1\no.a -= 1\n",
     "Disassembly of <module> (line 1, stack 4, blocks 0):\n"
     "   0    1 LINE                1\n"
     "   1    1 LOAD_GLOBAL         0 (d)\n"
     "   2    1 LOAD_GLOBAL         1 (k)\n"
     "   3    1 DUP_TOP_TWO\n"
     "   4    1 BINARY_SUBSCR\n"
     "   5    1 LOAD_CONST          0 (1)\n"
     "   6    1 BINARY_OP           256 (+=)\n"
     "   7    1 ROT_THREE\n"
     "   8    1 STORE_SUBSCR\n"
     "   9    2 LINE                2\n"
     "  10    2 LOAD_GLOBAL         2 (o)\n"
     "  11    2 DUP_TOP\n"
     "  12    2 LOAD_ATTR           3 (a)\n"
     "  13    2 LOAD_CONST          0 (1)\n"
     "  14    2 BINARY_OP           257 (-=)\n"
     "  15    2 ROT_TWO\n"
     "  16    2 STORE_ATTR          3 (a)\n"
     "  17    2 LOAD_NONE\n"
     "  18    2 RETURN_VALUE\n"},
    /* compare_chain */
    {"t = a < b < c\n",
     "Disassembly of <module> (line 1, stack 3, blocks 0):\n"
     "   0    1 LINE                1\n"
     "   1    1 LOAD_GLOBAL         0 (a)\n"
     "   2    1 LOAD_GLOBAL         1 (b)\n"
     "   3    1 DUP_TOP\n"
     "   4    1 ROT_THREE\n"
     "   5    1 COMPARE_OP          0 (<)\n"
     "   6    1 JUMP_IF_FALSE_OR_POP 10 (to 10)\n"
     "   7    1 LOAD_GLOBAL         2 (c)\n"
     "   8    1 COMPARE_OP          0 (<)\n"
     "   9    1 JUMP                12 (to 12)\n"
     "  10    1 ROT_TWO\n"
     "  11    1 POP_TOP\n"
     "  12    1 STORE_GLOBAL        3 (t)\n"
     "  13    1 LOAD_NONE\n"
     "  14    1 RETURN_VALUE\n"},
    /* coroutine */
    {"import asyncio\nasync def main():\n    await asyncio.sleep(1)\n",
     "Disassembly of <module> (line 1, stack 1, blocks 0):\n"
     "   0    1 LINE                1\n"
     "   1    1 IMPORT_NAME         0 (asyncio)\n"
     "   2    1 STORE_GLOBAL        0 (asyncio)\n"
     "   3    2 LINE                2\n"
     "   4    2 LOAD_CONST          0 (<code main, line 2>)\n"
     "   5    2 MAKE_FUNCTION       0\n"
     "   6    2 STORE_GLOBAL        1 (main)\n"
     "   7    2 LOAD_NONE\n"
     "   8    2 RETURN_VALUE\n"
     "\n"
     "Disassembly of main (line 2, stack 2, blocks 0):\n"
     "   0    2 GEN_START\n"
     "   1    3 LINE                3\n"
     "   2    3 LOAD_GLOBAL         0 (asyncio)\n"
     "   3    3 LOAD_ATTR           1 (sleep)\n"
     "   4    3 LOAD_CONST          0 (1)\n"
     "   5    3 CALL                1\n"
     "   6    3 GET_AWAITABLE\n"
     "   7    3 AWAIT\n"
     "   8    3 POP_TOP\n"
     "   9    3 LOAD_NONE\n"
     "  10    3 RETURN_VALUE\n"},
    /* return_through_finally */
    {"def f():\n    while True:\n        try:\n            return 1\n        finally:\n            print('bye')\n",
     "Disassembly of <module> (line 1, stack 1, blocks 0):\n"
     "   0    1 LINE                1\n"
     "   1    1 LOAD_CONST          0 (<code f, line 1>)\n"
     "   2    1 MAKE_FUNCTION       0\n"
     "   3    1 STORE_GLOBAL        0 (f)\n"
     "   4    1 LOAD_NONE\n"
     "   5    1 RETURN_VALUE\n"
     "\n"
     "Disassembly of f (line 1, stack 4, blocks 1):\n"
     "   0    2 LINE                2\n"
     "   1    3 LINE                3\n"
     "   2    3 SETUP_FINALLY       19 (to 19)\n"
     "   3    4 LINE                4\n"
     "   4    4 LOAD_CONST          0 (1)\n"
     "   5    4 POP_BLOCK\n"
     "   6    6 LINE                6\n"
     "   7    6 LOAD_GLOBAL         0 (print)\n"
     "   8    6 LOAD_CONST          1 ('bye')\n"
     "   9    6 CALL                1\n"
     "  10    6 POP_TOP\n"
     "  11    4 RETURN_VALUE\n"
     "  12    3 POP_BLOCK\n"
     "  13    6 LINE                6\n"
     "  14    6 LOAD_GLOBAL         0 (print)\n"
     "  15    6 LOAD_CONST          1 ('bye')\n"
     "  16    6 CALL                1\n"
     "  17    6 POP_TOP\n"
     "  18    3 JUMP                25 (to 25)\n"
     "  19    6 LINE                6\n"
     "  20    6 LOAD_GLOBAL         0 (print)\n"
     "  21    6 LOAD_CONST          1 ('bye')\n"
     "  22    6 CALL                1\n"
     "  23    6 POP_TOP\n"
     "  24    3 RERAISE\n"
     "  25    2 JUMP                0 (to 0)\n"
     "  26    2 LOAD_NONE\n"
     "  27    2 RETURN_VALUE\n"},
};


static void test_compiler_listings(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof LISTINGS / sizeof *LISTINGS; i++) {
        LsProgram *p = compile_ok(LISTINGS[i].src, NULL);
        LsBuf b;
        ls_buf_init(&b);
        ls_program_disassemble(p, &b);
        if (strcmp(ls_buf_cstr(&b), LISTINGS[i].listing) != 0) {
            fail_msg("listing of\n%s\n--- got\n%s--- want\n%s", LISTINGS[i].src, ls_buf_cstr(&b), LISTINGS[i].listing);
        }
        ls_buf_fini(&b);
        ls_program_free(p);
    }
}

static void test_compiler_code_objects(void **state) {
    (void)state;
    LsProgram *p = compile_ok(
        "def f(a, b=1, *args, k, **kw):\n"
        "    def g():\n"
        "        return a + x\n"
        "    x = 2\n"
        "    return g\n"
        "async def co():\n"
        "    pass\n"
        "def gen():\n"
        "    yield 1\n"
        "e = (i for i in range(3))\n",
        NULL);
    const LsCode *m = p->module;
    assert_string_equal(m->name, "<module>");
    assert_int_equal(m->flags, LS_CODE_MODULE);
    const LsCode *f = child(m, "f");
    assert_int_equal(f->flags, LS_CODE_VARARGS | LS_CODE_VARKW);
    assert_int_equal(f->n_params, 2);
    assert_int_equal(f->n_kwonly, 1);
    assert_int_equal(f->n_locals, 6);
    const char *const want_vars[] = {"a", "b", "k", "args", "kw", "g"};
    for (int i = 0; i < 6; i++) assert_string_equal(f->varnames[i], want_vars[i]);
    assert_int_equal(f->n_cells, 2);          /* sorted like CPython */
    assert_string_equal(f->cellvars[0], "a");
    assert_string_equal(f->cellvars[1], "x");
    assert_int_equal(f->cell2arg[0], 0);      /* `a` is parameter 0 */
    assert_int_equal(f->cell2arg[1], -1);
    const LsCode *g = child(f, "g");
    assert_string_equal(g->qualname, "f.<locals>.g");
    assert_int_equal(g->n_free, 2);
    assert_string_equal(g->freevars[0], "a");
    assert_string_equal(g->freevars[1], "x");
    assert_int_equal(g->n_locals, 0);
    const LsCode *co = child(m, "co");
    assert_int_equal(co->flags, LS_CODE_COROUTINE);
    assert_int_equal(LS_INS_OP(co->ins[0]), LS_OP_GEN_START);
    const LsCode *gen = child(m, "gen");
    assert_int_equal(gen->flags, LS_CODE_GENERATOR);
    assert_int_equal(LS_INS_OP(gen->ins[0]), LS_OP_GEN_START);
    const LsCode *ge = child(m, "<genexpr>");
    assert_int_equal(ge->flags, LS_CODE_GENERATOR | LS_CODE_COMPREHENSION);
    assert_int_equal(ge->n_params, 1);
    assert_string_equal(ge->varnames[0], ".0");
    assert_string_equal(p->path, "t.py");
    assert_int_equal(p->source_len, strlen(p->source));
    ls_program_free(p);
}

/* Instructions carry the span of the expression they implement. */
static void test_compiler_positions(void **state) {
    (void)state;
    LsProgram *p = compile_ok("x = 1\ny = a.b + f(c,\n   d)\n", NULL);
    const LsCode *m = p->module;
    bool seen_attr = false, seen_call = false, seen_add = false;
    for (uint32_t i = 0; i < m->n_ins; i++) {
        LsOpcode op = LS_INS_OP(m->ins[i]);
        const LsPos *s = &m->pos[i];
        if (op == LS_OP_LOAD_ATTR) {
            seen_attr = true;
            assert_true(s->line == 2 && s->col == 4 && s->end_line == 2 && s->end_col == 7);
        } else if (op == LS_OP_CALL) {
            seen_call = true;
            assert_true(s->line == 2 && s->col == 10 && s->end_line == 3 && s->end_col == 5);
        } else if (op == LS_OP_BINARY_OP) {
            seen_add = true;
            assert_true(s->line == 2 && s->col == 4 && s->end_line == 3 && s->end_col == 5);
        } else if (op == LS_OP_LINE) {
            assert_int_equal(LS_INS_ARG(m->ins[i]), s->line);
        }
    }
    assert_true(seen_attr && seen_call && seen_add);
    ls_program_free(p);
}

static void test_compiler_stack_depths(void **state) {
    (void)state;
    static const struct { const char *src; uint32_t stack, blocks; } cases[] = {
        {"pass\n", 1, 0},
        {"x = [1, 2, 3, 4, 5]\n", 5, 0},
        {"f(a, (b, c), d)\n", 4, 0},  /* f a b c -> f a (b,c) d */
        /* handler entry pushes [prev_exc, exc]; DUP_TOP + type make 4 */
        {"try:\n  pass\nexcept E:\n  pass\n", 4, 1},
        /* try/finally around try/except with a named handler: 3 blocks */
        {"try:\n  pass\nexcept E as e:\n  pass\nfinally:\n  pass\n", 4, 3},
        {"for a in b:\n  for c in d:\n    pass\n", 3, 0},  /* two iterators + the next item */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        LsProgram *p = compile_ok(cases[i].src, NULL);
        if (p->module->max_stack != cases[i].stack || p->module->max_blocks != cases[i].blocks) {
            fail_msg("%s: stack %u blocks %u", cases[i].src, p->module->max_stack, p->module->max_blocks);
        }
        ls_program_free(p);
    }
}

typedef struct Expect {
    const char *src;
    LsDiagKind kind;
    uint32_t line, col, end_col;
    const char *msg;
} Expect;

static void check_errors(const Expect *cases, size_t n, const LsCompileOptions *opt) {
    static const LsCompileOptions defaults = {.modules = MODULES, .n_modules = 3};
    for (size_t i = 0; i < n; i++) {
        LsProgram *p = NULL;
        LsDiag d;
        bool ok = ls_compile("t.py", cases[i].src, strlen(cases[i].src), opt ? opt : &defaults, &p, &d);
        ls_program_free(p);
        if (ok || d.kind != cases[i].kind || strcmp(d.message, cases[i].msg) != 0 || d.span.line != cases[i].line ||
            d.span.col != cases[i].col || d.span.end_col != cases[i].end_col) {
            fail_msg("%s\n got %s kind %d %u:%u-%u '%s'", cases[i].src, ok ? "success" : "error", d.kind, d.span.line,
                     d.span.col, d.span.end_col, ok ? "" : d.message);
        }
    }
}

static void test_compiler_refusals(void **state) {
    (void)state;
    static const Expect cases[] = {
        {"class A(B, C):\n  pass\n", LS_DIAG_UNSUPPORTED, 1, 11, 12, "multiple inheritance is not supported by loopscope"},
        {"class A(metaclass=M):\n  pass\n", LS_DIAG_UNSUPPORTED, 1, 8, 19, "metaclasses are not supported by loopscope"},
        {"class A(x=1):\n  pass\n", LS_DIAG_UNSUPPORTED, 1, 8, 11, "class keyword arguments are not supported by loopscope"},
        {"class A(*bs):\n  pass\n", LS_DIAG_UNSUPPORTED, 1, 8, 11, "starred base classes are not supported by loopscope"},
        {"match x:\n  case 1:\n    pass\n", LS_DIAG_UNSUPPORTED, 1, 0, 5, "`match` is not supported by loopscope yet"},
        {"if (x := 3): pass\n", LS_DIAG_UNSUPPORTED, 1, 4, 10, "assignment expressions (`:=`) are not supported by loopscope yet"},
        {"x = b'abc'\n", LS_DIAG_UNSUPPORTED, 1, 4, 10, "bytes literals are not supported by loopscope yet"},
        {"import os\n", LS_DIAG_UNSUPPORTED, 1, 7, 9, "import of module 'os' is not supported by loopscope"},
        {"from os import path\n", LS_DIAG_UNSUPPORTED, 1, 0, 19, "import of module 'os' is not supported by loopscope"},
        {"from __future__ import annotations\n", LS_DIAG_UNSUPPORTED, 1, 0, 34,
         "`from __future__` imports are not supported by loopscope yet"},
        {"from asyncio import *\n", LS_DIAG_UNSUPPORTED, 1, 20, 21, "`from asyncio import *` is not supported by loopscope yet"},
        {"def f(a, /, b): pass\n", LS_DIAG_UNSUPPORTED, 1, 6, 7, "positional-only parameters are not supported by loopscope yet"},
        {"x = 1j\n", LS_DIAG_UNSUPPORTED, 1, 4, 6, "complex numbers are not supported by loopscope yet"},
        {"x = 100000000000000000000\n", LS_DIAG_UNSUPPORTED, 1, 4, 25, "integers beyond 64 bits are not supported by loopscope yet"},
        /* A real syntax error anywhere wins over a refusal. */
        {"class A:\n  pass\nx = (\n", LS_DIAG_SYNTAX, 3, 4, 5, "'(' was never closed"},
    };
    check_errors(cases, sizeof cases / sizeof *cases, NULL);
}

static void test_compiler_syntax_errors(void **state) {
    (void)state;
    static const Expect cases[] = {
        {"return 1\n", LS_DIAG_SYNTAX, 1, 0, 8, "'return' outside function"},
        {"async def f():\n    yield from g()\n", LS_DIAG_SYNTAX, 2, 4, 18, "'yield from' inside async function"},
        {"for x in y:\n  try:\n    pass\n  except* E:\n    break\n", LS_DIAG_SYNTAX, 5, 4, 9,
         "'break', 'continue' and 'return' cannot appear in an except* block"},
        {"def f():\n  try:\n    pass\n  except* E:\n    for x in y:\n      break\n    return 1\n", LS_DIAG_SYNTAX, 7, 4, 12,
         "'break', 'continue' and 'return' cannot appear in an except* block"},
        {"while x:\n  pass\nbreak\n", LS_DIAG_SYNTAX, 3, 0, 5, "'break' outside loop"},
        {"def f():\n  continue\n", LS_DIAG_SYNTAX, 2, 2, 10, "'continue' not properly in loop"},
        {"await x\n", LS_DIAG_SYNTAX, 1, 0, 7, "'await' outside function"},
        {"def f():\n    await x\n", LS_DIAG_SYNTAX, 2, 4, 11, "'await' outside async function"},
        {"x = lambda: await y\n", LS_DIAG_SYNTAX, 1, 12, 19, "'await' outside async function"},
        {"yield 1\n", LS_DIAG_SYNTAX, 1, 0, 7, "'yield' outside function"},
        {"def f():\n  return [(yield x) for x in y]\n", LS_DIAG_SYNTAX, 2, 11, 18, "'yield' inside list comprehension"},
        {"nonlocal x\n", LS_DIAG_SYNTAX, 1, 0, 10, "nonlocal declaration not allowed at module level"},
        {"def f():\n  nonlocal x\n", LS_DIAG_SYNTAX, 2, 2, 12, "no binding for nonlocal 'x' found"},
        {"def f():\n  x = 1\n  global x\n", LS_DIAG_SYNTAX, 3, 2, 10, "name 'x' is assigned to before global declaration"},
        {"def f():\n  print(x)\n  global x\n", LS_DIAG_SYNTAX, 3, 2, 10, "name 'x' is used prior to global declaration"},
        {"def f(x):\n    global x\n", LS_DIAG_SYNTAX, 2, 4, 12, "name 'x' is parameter and global"},
        {"def f():\n  x = [await y for y in z]\n", LS_DIAG_SYNTAX, 2, 6, 26,
         "asynchronous comprehension outside of an asynchronous function"},
        {"try:\n  pass\nexcept:\n  pass\nexcept E:\n  pass\n", LS_DIAG_SYNTAX, 3, 0, 6, "default 'except:' must be last"},
        {"a, *b, *c = d\n", LS_DIAG_SYNTAX, 1, 0, 9, "multiple starred expressions in assignment"},
        {"*a = b\n", LS_DIAG_SYNTAX, 1, 0, 2, "starred assignment target must be in a list or tuple"},
        {"x = *a\n", LS_DIAG_SYNTAX, 1, 4, 6, "can't use starred expression here"},
        {"async def f():\n  yield 1\n  return 2\n", LS_DIAG_SYNTAX, 3, 2, 10, "'return' with value in async generator"},
        /* Compile-stage errors come before refusals anywhere in the file. */
        {"class A:\n  pass\nreturn\n", LS_DIAG_SYNTAX, 3, 0, 6, "'return' outside function"},
    };
    check_errors(cases, sizeof cases / sizeof *cases, NULL);
}

/* ---- the module-attribute hook ------------------------------------------- */

typedef struct Seen {
    char calls[512];
} Seen;

static bool only_sleep(void *ud, const char *module, const char *attr, const char **reason) {
    Seen *s = ud;
    size_t n = strlen(s->calls);
    snprintf(s->calls + n, sizeof s->calls - n, "%s.%s ", module, attr);
    if (strcmp(attr, "to_thread") == 0) *reason = "threads are not simulated";
    return strcmp(attr, "to_thread") != 0 && strcmp(attr, "secret") != 0;
}

static void test_compiler_attr_hook(void **state) {
    (void)state;
    Seen seen = {{0}};
    LsCompileOptions opt = {.modules = MODULES, .n_modules = 3, .attr_supported = only_sleep, .ud = &seen};
    LsProgram *p = compile_ok(
        "import asyncio\nimport time as t\nfrom random import choice\n"
        "async def main(asyncio2):\n    await asyncio.sleep(t.monotonic())\n", &opt);
    assert_string_equal(seen.calls, "random.choice asyncio.sleep time.monotonic ");
    ls_program_free(p);

    /* A rebound module name, or a local that shadows it, is not checked. */
    seen.calls[0] = '\0';
    p = compile_ok("import asyncio\nasyncio = None\nasyncio.to_thread()\n"
                   "import time\ndef f(time):\n    return time.to_thread\n", &opt);
    assert_string_equal(seen.calls, "");
    ls_program_free(p);

    static const Expect cases[] = {
        {"import asyncio\nasync def f():\n    await asyncio.to_thread(g)\n", LS_DIAG_UNSUPPORTED, 3, 10, 27,
         "asyncio.to_thread is not supported by loopscope: threads are not simulated"},
        {"import asyncio as aio\nx = aio.secret\n", LS_DIAG_UNSUPPORTED, 2, 4, 14, "asyncio.secret is not supported by loopscope"},
        {"from asyncio import sleep, to_thread as tt\n", LS_DIAG_UNSUPPORTED, 1, 27, 42,
         "asyncio.to_thread is not supported by loopscope: threads are not simulated"},
    };
    check_errors(cases, sizeof cases / sizeof *cases, &opt);
}

static const char *refuse_executor(void *ud, const char *attr, const char **label) {
    (void)ud;
    *label = "loop.run_in_executor";
    return strcmp(attr, "run_in_executor") == 0 ? "executors are out of scope" : NULL;
}
static const char *refuse_open(void *ud, const char *name) {
    (void)ud;
    return strcmp(name, "open") == 0 ? "files are out of scope" : NULL;
}

static void test_compiler_refused_attrs_and_builtins(void **state) {
    (void)state;
    LsCompileOptions opt = {.modules = MODULES, .n_modules = 3, .attr_refused = refuse_executor,
                            .builtin_refused = refuse_open};
    /* A program that binds `open` itself (anywhere at module level, or as a
     * local) uses its own, which is fine; other attributes pass. */
    ls_program_free(compile_ok("def open(p):\n    return p\nprint(open('x'))\n", &opt));
    ls_program_free(compile_ok("def f(open):\n    return open(1)\nx = loop.run_forever\n", &opt));
    static const Expect cases[] = {
        {"f = open('data.txt')\n", LS_DIAG_UNSUPPORTED, 1, 4, 8, "open() is not supported by loopscope: files are out of scope"},
        {"def f():\n    return open\n", LS_DIAG_UNSUPPORTED, 2, 11, 15, "open() is not supported by loopscope: files are out of scope"},
        {"x = anything.run_in_executor(None, g)\n", LS_DIAG_UNSUPPORTED, 1, 4, 28,
         "loop.run_in_executor is not supported by loopscope: executors are out of scope"},
    };
    check_errors(cases, sizeof cases / sizeof *cases, &opt);
}

/* ---- robustness and speed -------------------------------------------------- */

static const char SAMPLE[] =
    "import asyncio\n"
    "async def worker(name, delay=1, *, verbose=False):\n"
    "    total = 0\n"
    "    for i in range(3):\n"
    "        await asyncio.sleep(delay)\n"
    "        total += i\n"
    "        if verbose:\n"
    "            print(f\"{name}: step {i!r:>4} total={total}\")\n"
    "    return total\n"
    "async def main():\n"
    "    results = await asyncio.gather(*(worker(f'w{i}', 0.1 * i) for i in range(3)))\n"
    "    d = {k: v for k, v in zip('abc', results)}\n"
    "    try:\n"
    "        x = d['z']\n"
    "    except KeyError as e:\n"
    "        print('missing', e)\n"
    "    finally:\n"
    "        print('done')\n"
    "    a, *b, c = [1, 2, 3, 4]\n"
    "    assert a < b[0] < c, 'order'\n"
    "    return [x * 2 for x in results if x]\n"
    "asyncio.run(main())\n";

/* Compile and render whatever comes out; only crashes and hangs fail. */
static void compile_anything(const char *src, size_t len) {
    LsCompileOptions opt = {.modules = MODULES, .n_modules = 3};
    LsProgram *p = NULL;
    LsDiag d;
    LsBuf b;
    ls_buf_init(&b);
    if (ls_compile("t.py", src, len, &opt, &p, &d)) ls_program_disassemble(p, &b);
    else ls_diag_render(&b, &d, "t.py", src, len);
    assert_true(b.len > 0);
    ls_buf_fini(&b);
    ls_program_free(p);
}

static void test_compiler_garbage_input(void **state) {
    (void)state;
    size_t n = sizeof SAMPLE - 1;
    for (size_t k = 0; k <= n; k++) compile_anything(SAMPLE, k);   /* every truncation */
    static const char alphabet[] = "()[]{}:;,.'\"\\\n\t #=+-*/%@!<>fbr019xyawaitasyncdefyield_";
    char buf[sizeof SAMPLE + 8];
    uint32_t seed = 12345;
    for (int it = 0; it < 3000; it++) {
        memcpy(buf, SAMPLE, n);
        for (int e = 0; e < 3; e++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % n;
            buf[at] = (seed & 3) ? alphabet[(seed >> 16) % (sizeof alphabet - 1)] : (char)(seed >> 16);
        }
        compile_anything(buf, n);
    }
    for (int it = 0; it < 500; it++) {
        size_t len = (size_t)(it % 97);
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = (char)(seed >> 16);
        }
        compile_anything(buf, len);
    }
}

static void test_compiler_speed(void **state) {
    (void)state;
    LsBuf src;
    ls_buf_init(&src);
    ls_buf_puts(&src, "import asyncio\n");
    for (int i = 0; src.len < 60000; i++) {
        ls_buf_printf(&src, "async def worker%d(name, delay=1, *, verbose=False):\n", i);
        ls_buf_puts(&src, strstr(SAMPLE, "    total = 0\n"));
    }
    int lines = 0;
    for (size_t i = 0; i < src.len; i++) lines += src.data[i] == '\n';
    assert_true(lines >= 1000);
    clock_t start = clock();
    for (int rep = 0; rep < 5; rep++) {
        LsProgram *p = compile_ok(ls_buf_cstr(&src), NULL);
        ls_program_free(p);
    }
    double ms = (double)(clock() - start) * 1000.0 / CLOCKS_PER_SEC / 5;
    /* ~3 ms optimized; generous so sanitizer builds pass too. */
    assert_true(ms < 100.0);
    ls_buf_fini(&src);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compiler_listings),
        cmocka_unit_test(test_compiler_code_objects),
        cmocka_unit_test(test_compiler_positions),
        cmocka_unit_test(test_compiler_stack_depths),
        cmocka_unit_test(test_compiler_refusals),
        cmocka_unit_test(test_compiler_syntax_errors),
        cmocka_unit_test(test_compiler_attr_hook),
        cmocka_unit_test(test_compiler_refused_attrs_and_builtins),
        cmocka_unit_test(test_compiler_garbage_input),
        cmocka_unit_test(test_compiler_speed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
