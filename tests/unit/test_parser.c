/* test_parser — tree shapes (through ls_ast_dump), node spans and syntax
 * errors of ls_parser. Spans and messages were checked against CPython
 * 3.11 (ast.parse / compile). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "ls_ast.h"
#include "ls_parser.h"

/* The dump of the single statement `src` parses to (the MODULE wrapper
 * stripped), or the error message. */
static const char *dump(const char *src) {
    static char out[8192];
    LsArena a;
    ls_arena_init(&a);
    LsNode *m = NULL;
    LsDiag d;
    if (!ls_parse(src, strlen(src), &a, &m, &d)) {
        snprintf(out, sizeof out, "error: %s", d.message);
    } else {
        LsBuf b;
        ls_buf_init(&b);
        for (uint32_t i = 0; i < m->u.module.body.n; i++) {
            if (i) ls_buf_putc(&b, ' ');
            ls_ast_dump(m->u.module.body.items[i], &b);
        }
        snprintf(out, sizeof out, "%s", ls_buf_cstr(&b));
        ls_buf_fini(&b);
    }
    ls_arena_fini(&a);
    return out;
}

static void test_parser_precedence(void **state) {
    (void)state;
    assert_string_equal(dump("x = 1 + 2 * 3 ** -4 ** 2\n"),
                        "(ASSIGN (targets (NAME x!)) (BINOP + (CONST 1) (BINOP * (CONST 2) "
                        "(BINOP ** (CONST 3) (UNARYOP - (BINOP ** (CONST 4) (CONST 2)))))))");
    assert_string_equal(dump("a | b ^ c & d << e - f // g\n"),
                        "(EXPR (BINOP | (NAME a) (BINOP ^ (NAME b) (BINOP & (NAME c) (BINOP << (NAME d) "
                        "(BINOP - (NAME e) (BINOP // (NAME f) (NAME g))))))))");
    /* Left associativity. */
    assert_string_equal(dump("a - b - c\n"), "(EXPR (BINOP - (BINOP - (NAME a) (NAME b)) (NAME c)))");
    assert_string_equal(dump("r = not a and b or c if d else e\n"),
                        "(ASSIGN (targets (NAME r!)) (IFEXP (NAME d) (BOOLOP or (values (BOOLOP and (values "
                        "(UNARYOP not (NAME a)) (NAME b))) (NAME c))) (NAME e)))");
    assert_string_equal(dump("a < b <= c is not d not in e\n"),
                        "(EXPR (COMPARE (NAME a) < (NAME b) <= (NAME c) is not (NAME d) not in (NAME e)))");
    assert_string_equal(dump("await a ** b\n"), "(EXPR (BINOP ** (AWAIT (NAME a)) (NAME b)))");
}

static void test_parser_calls_and_subscripts(void **state) {
    (void)state;
    assert_string_equal(dump("f(a, *b, c=1, **d)\n"),
                        "(EXPR (CALL (NAME f) (args (NAME a) (STARRED (NAME b))) (kw (KEYWORD c (CONST 1)) "
                        "(KEYWORD ** (NAME d)))))");
    assert_string_equal(dump("x[1:2, ::3, i]\n"),
                        "(EXPR (SUBSCRIPT (NAME x) (TUPLE (SLICE (CONST 1) (CONST 2) _) (SLICE _ _ (CONST 3)) (NAME i))))");
    assert_string_equal(dump("o.a.b(c)[d]\n"),
                        "(EXPR (SUBSCRIPT (CALL (ATTRIBUTE (ATTRIBUTE (NAME o) .a) .b) (args (NAME c))) (NAME d)))");
    assert_string_equal(dump("f(x for x in y)\n"),
                        "(EXPR (CALL (NAME f) (args (GENEXP (NAME x) (for (COMPREHENSION (NAME x!) (NAME y)))))))");
    assert_string_equal(dump("g = lambda x, *y, z=1, **k: x\n"),
                        "(ASSIGN (targets (NAME g!)) (LAMBDA (ARGUMENTS (args (ARG x)) (*y) (kwonly (ARG z)) "
                        "(kwdefaults (CONST 1)) (**k)) (NAME x)))");
}

static void test_parser_displays_and_comprehensions(void **state) {
    (void)state;
    assert_string_equal(dump("y = [i*j for i in a if i for j in b]\n"),
                        "(ASSIGN (targets (NAME y!)) (LISTCOMP (BINOP * (NAME i) (NAME j)) (for (COMPREHENSION "
                        "(NAME i!) (NAME a) (if (NAME i))) (COMPREHENSION (NAME j!) (NAME b)))))");
    assert_string_equal(dump("{k: v for k, v in d}\n"),
                        "(EXPR (DICTCOMP (NAME k) (NAME v) (for (COMPREHENSION (TUPLE! (NAME k!) (NAME v!)) (NAME d)))))");
    assert_string_equal(dump("{*a, 1}\n"), "(EXPR (SET (STARRED (NAME a)) (CONST 1)))");
    assert_string_equal(dump("{'a': 1, **m}\n"), "(EXPR (DICT (CONST 'a') (CONST 1) ** (NAME m)))");
    assert_string_equal(dump("x = ()\n(a)\n(a,)\n{}\n"),
                        "(ASSIGN (targets (NAME x!)) (TUPLE)) (EXPR (NAME a)) (EXPR (TUPLE (NAME a))) (EXPR (DICT))");
}

static void test_parser_strings(void **state) {
    (void)state;
    assert_string_equal(dump("s = 'a' \"b\" '''c'''\n"), "(ASSIGN (targets (NAME s!)) (CONST 'abc'))");
    assert_string_equal(dump("s = '\\x41\\n\\u00e9\\101\\q' r'\\n'\n"),
                        "(ASSIGN (targets (NAME s!)) (CONST 'A\\n\xc3\xa9" "A\\\\q\\\\n'))");
    assert_string_equal(dump("s = 'a' f'b{x!r:>{w}}' 'c{{}}'\n"),
                        "(ASSIGN (targets (NAME s!)) (FSTRING (parts (CONST 'ab') (FORMATTED 2 (NAME x) "
                        "(FSTRING (parts (CONST '>') (FORMATTED 0 (NAME w))))) (CONST 'c{{}}'))))");
    assert_string_equal(dump("t = f'{x=}{y = :5}{{lit}}'\n"),
                        "(ASSIGN (targets (NAME t!)) (FSTRING (parts (CONST 'x=') (FORMATTED 2 (NAME x)) "
                        "(CONST 'y = ') (FORMATTED 0 (NAME y) (FSTRING (parts (CONST '5')))) (CONST '{lit}'))))");
    assert_string_equal(dump("f'{d[\"k\"]!s}{a + b:{n}.{p}f}'\n"),
                        "(EXPR (FSTRING (parts (FORMATTED 1 (SUBSCRIPT (NAME d) (CONST 'k'))) (FORMATTED 0 "
                        "(BINOP + (NAME a) (NAME b)) (FSTRING (parts (FORMATTED 0 (NAME n)) (CONST '.') "
                        "(FORMATTED 0 (NAME p)) (CONST 'f')))))))");
    assert_string_equal(dump("b = b'\\x00a'\n"), "(ASSIGN (targets (NAME b!)) (CONST b'\\x00a'))");
}

static void test_parser_targets(void **state) {
    (void)state;
    assert_string_equal(dump("a, *b = c = d\n"),
                        "(ASSIGN (targets (TUPLE! (NAME a!) (STARRED! (NAME b!))) (NAME c!)) (NAME d))");
    assert_string_equal(dump("o.x[i] += 1\n"),
                        "(AUGASSIGN += (SUBSCRIPT! (ATTRIBUTE (NAME o) .x) (NAME i)) (CONST 1))");
    assert_string_equal(dump("del a, b[1], c.d\n"),
                        "(DELETE (targets (NAME a~) (SUBSCRIPT~ (NAME b) (CONST 1)) (ATTRIBUTE (NAME c) .d~)))");
    assert_string_equal(dump("for i, (j, k) in x: pass\n"),
                        "(FOR (TUPLE! (NAME i!) (TUPLE! (NAME j!) (NAME k!))) (NAME x) (body (PASS)))");
    assert_string_equal(dump("x: int = 5\n"), "(ANNASSIGN (NAME x!) (NAME int) (CONST 5))");
}

/* Valid 3.11 that loopscope refuses later must still parse. */
static void test_parser_whole_grammar(void **state) {
    (void)state;
    assert_string_equal(dump("@dec\nclass A(B, metaclass=M):\n  x: int = 1\n"),
                        "(CLASSDEF A (bases (NAME B)) (body (ANNASSIGN (NAME x!) (NAME int) (CONST 1))))");
    assert_string_equal(dump("async def f(a, /, b, *, c):\n  async with x as y, z:\n    async for i in j:\n      await k\n"),
                        "(FUNCTIONDEF async f (ARGUMENTS (posonly (ARG a)) (args (ARG b)) (kwonly (ARG c)) (kwdefaults _)) "
                        "(body (WITH async (items (WITHITEM (NAME x) (NAME y!)) (WITHITEM (NAME z))) (body (FOR async "
                        "(NAME i!) (NAME j) (body (EXPR (AWAIT (NAME k)))))))))");
    assert_string_equal(dump("match p:\n  case [1, 2]:\n    pass\nmatch = 1\n"),
                        "(MATCH (NAME p)) (ASSIGN (targets (NAME match!)) (CONST 1))");
    assert_string_equal(dump("with (open(a) as f, open(b)):\n  pass\n"),
                        "(WITH (items (WITHITEM (CALL (NAME open) (args (NAME a))) (NAME f!)) (WITHITEM (CALL "
                        "(NAME open) (args (NAME b))))) (body (PASS)))");
    assert_string_equal(dump("try:\n  pass\nexcept* E as e:\n  pass\n"),
                        "(TRY * (body (PASS)) (handlers (HANDLER (NAME E) as e (body (PASS)))))");
    assert_string_equal(dump("from .. a import (b as c, d,)\nimport a.b as c, d\n"),
                        "(IMPORT_FROM 2 a (names (ALIAS b c) (ALIAS d))) (IMPORT (names (ALIAS a.b c) (ALIAS d)))");
    assert_string_equal(dump("if (n := 10) > 5: pass\n"),
                        "(IF (COMPARE (NAMEDEXPR (NAME n!) (CONST 10)) > (CONST 5)) (body (PASS)))");
    assert_string_equal(dump("def g():\n  x = yield\n  yield from y\n"),
                        "(FUNCTIONDEF g (ARGUMENTS) (body (ASSIGN (targets (NAME x!)) (YIELD)) (EXPR (YIELD_FROM (NAME y)))))");
}

static void test_parser_spans(void **state) {
    (void)state;
    const char *src = "x = foo.bar(1, y)[2] + baz\nif a:\n    pass\nelse:\n    b = (1,\n  2)\n";
    LsArena a;
    ls_arena_init(&a);
    LsNode *m;
    LsDiag d;
    assert_true(ls_parse(src, strlen(src), &a, &m, &d));
    const LsNode *binop = m->u.module.body.items[0]->u.assign.value;
    const LsNode *sub = binop->u.binop.left, *call = sub->u.subscript.value;
    const LsNode *attr = call->u.call.func, *baz = binop->u.binop.right;
    const LsNode *ifs = m->u.module.body.items[1];
    const LsNode *tuple = ifs->u.if_.orelse.items[0]->u.assign.value;
    const struct { const LsNode *n; uint32_t l, c, el, ec; } want[] = {
        {binop, 1, 4, 1, 26}, {sub, 1, 4, 1, 20}, {call, 1, 4, 1, 17}, {attr, 1, 4, 1, 11},
        {baz, 1, 23, 1, 26}, {ifs, 2, 0, 6, 4}, {tuple, 5, 8, 6, 4},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        assert_int_equal(want[i].n->span.line, want[i].l);
        assert_int_equal(want[i].n->span.col, want[i].c);
        assert_int_equal(want[i].n->span.end_line, want[i].el);
        assert_int_equal(want[i].n->span.end_col, want[i].ec);
    }
    ls_arena_fini(&a);
}

/* Syntax errors: kind, message, line and 0-based column as CPython 3.11
 * reports them. */
static void test_parser_syntax_errors(void **state) {
    (void)state;
    static const struct { const char *src; LsDiagKind kind; uint32_t line, col; const char *msg; } cases[] = {
        {"x = (1,\ny = 2\n", LS_DIAG_SYNTAX, 1, 4, "'(' was never closed"},
        {"def f(:\n", LS_DIAG_SYNTAX, 1, 6, "invalid syntax"},
        {"if x\n  pass\n", LS_DIAG_SYNTAX, 1, 4, "expected ':'"},
        {"if x:\npass\n", LS_DIAG_INDENT, 2, 0, "expected an indented block after 'if' statement on line 1"},
        {"def f():\n", LS_DIAG_INDENT, 1, 8, "expected an indented block after function definition on line 1"},
        {"  x = 1\n", LS_DIAG_INDENT, 1, 1, "unexpected indent"},
        {"a b\n", LS_DIAG_SYNTAX, 1, 2, "invalid syntax"},
        {"x +\n", LS_DIAG_SYNTAX, 1, 3, "invalid syntax"},
        {"f() = 1\n", LS_DIAG_SYNTAX, 1, 0, "cannot assign to function call here. Maybe you meant '==' instead of '='?"},
        {"x = f() = 1\n", LS_DIAG_SYNTAX, 1, 4, "cannot assign to function call"},
        {"None = 1\n", LS_DIAG_SYNTAX, 1, 0, "cannot assign to None"},
        {"a < b = 1\n", LS_DIAG_SYNTAX, 1, 0, "cannot assign to comparison"},
        {"(a, b) += 1\n", LS_DIAG_SYNTAX, 1, 0, "'tuple' is an illegal expression for augmented assignment"},
        {"del f()\n", LS_DIAG_SYNTAX, 1, 4, "cannot delete function call"},
        {"x = 5 if 3\n", LS_DIAG_SYNTAX, 1, 4, "expected 'else' after 'if' expression"},
        {"if x = 1:\n  pass\n", LS_DIAG_SYNTAX, 1, 3, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"},
        {"if x  # note\n  pass\n", LS_DIAG_SYNTAX, 1, 6, "expected ':'"},
        {"else:\n", LS_DIAG_SYNTAX, 1, 0, "invalid syntax"},
        {"try:\n  pass\nfinally,:\n  pass\n", LS_DIAG_SYNTAX, 3, 7, "expected ':'"},
        {"def f.g(): pass\n", LS_DIAG_SYNTAX, 1, 5, "expected '('"},
        {"def f(a=): pass\n", LS_DIAG_SYNTAX, 1, 7, "expected default value expression"},
        {"x = (a b c)\n", LS_DIAG_SYNTAX, 1, 5, "invalid syntax. Perhaps you forgot a comma?"},
        {"f(x, y z)\n", LS_DIAG_SYNTAX, 1, 5, "invalid syntax. Perhaps you forgot a comma?"},
        {"x = a not b\n", LS_DIAG_SYNTAX, 1, 10, "invalid syntax"},
        {"f(): int\n", LS_DIAG_SYNTAX, 1, 0, "illegal target for annotation"},
        {"f():\n", LS_DIAG_SYNTAX, 1, 3, "invalid syntax"},
        {"f(a=1, a=2)\n", LS_DIAG_SYNTAX, 1, 7, "keyword argument repeated: a"},
        {"f(a=1, b)\n", LS_DIAG_SYNTAX, 1, 8, "positional argument follows keyword argument"},
        {"f(**a, *b)\n", LS_DIAG_SYNTAX, 1, 7, "iterable argument unpacking follows keyword argument unpacking"},
        {"f(x for x in y, 1)\n", LS_DIAG_SYNTAX, 1, 2, "Generator expression must be parenthesized"},
        {"x = [1 2]\n", LS_DIAG_SYNTAX, 1, 5, "invalid syntax. Perhaps you forgot a comma?"},
        {"x = {1: 2, 3}\n", LS_DIAG_SYNTAX, 1, 11, "':' expected after dictionary key"},
        {"def f(a, a): pass\n", LS_DIAG_SYNTAX, 1, 9, "duplicate argument 'a' in function definition"},
        {"def f(a=1, b): pass\n", LS_DIAG_SYNTAX, 1, 11, "non-default argument follows default argument"},
        {"def f(*, **k): pass\n", LS_DIAG_SYNTAX, 1, 6, "named arguments must follow bare *"},
        {"try:\n  pass\nx=1\n", LS_DIAG_SYNTAX, 3, 0, "expected 'except' or 'finally' block"},
        {"try:\n  pass\nexcept A, B:\n  pass\n", LS_DIAG_SYNTAX, 3, 7, "multiple exception types must be parenthesized"},
        {"print 'x'\n", LS_DIAG_SYNTAX, 1, 0, "Missing parentheses in call to 'print'. Did you mean print(...)?"},
        {"x = f'{}'\n", LS_DIAG_SYNTAX, 1, 9, "f-string: empty expression not allowed"},
        {"x = f'{a!x}'\n", LS_DIAG_SYNTAX, 1, 12, "f-string: invalid conversion character: expected 's', 'r', or 'a'"},
        {"x = f'}'\n", LS_DIAG_SYNTAX, 1, 8, "f-string: single '}' is not allowed"},
        {"x = f'{x:{y:{z}}}'\n", LS_DIAG_SYNTAX, 1, 18, "f-string: expressions nested too deeply"},
        {"x = 'a' b'c'\n", LS_DIAG_SYNTAX, 1, 12, "cannot mix bytes and nonbytes literals"},
        {"x = '\\x1'\n", LS_DIAG_SYNTAX, 1, 9,
         "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape"},
        {"print(1\nprint(2)\n", LS_DIAG_SYNTAX, 1, 5, "'(' was never closed"},
        /* A tokenizer error later in the file beats an earlier parser error. */
        {"a b\nx = 'oops\n", LS_DIAG_SYNTAX, 2, 4, "unterminated string literal (detected at line 2)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        LsArena a;
        ls_arena_init(&a);
        LsNode *m;
        LsDiag d;
        bool ok = ls_parse(cases[i].src, strlen(cases[i].src), &a, &m, &d);
        ls_arena_fini(&a);
        if (ok || strcmp(d.message, cases[i].msg) != 0 || d.kind != cases[i].kind || d.span.line != cases[i].line ||
            d.span.col != cases[i].col) {
            fail_msg("%s: got %s %u:%u '%s'", cases[i].src, ok ? "success" : "error", d.span.line, d.span.col,
                     ok ? "" : d.message);
        }
    }
}

/* Deep nesting is an error, not a stack overflow. */
static void test_parser_deep_nesting(void **state) {
    (void)state;
    char src[4096];
    size_t n = 0;
    for (int i = 0; i < 1000; i++) src[n++] = '-';
    src[n++] = 'x';
    src[n++] = '\n';
    src[n] = '\0';
    assert_string_equal(dump(src), "error: too many nested parentheses");
    n = 0;
    for (int i = 0; i < 150; i++) src[n++] = '(';
    src[n++] = '1';
    for (int i = 0; i < 150; i++) src[n++] = ')';
    src[n++] = '\n';
    src[n] = '\0';
    assert_string_equal(dump(src), "(EXPR (CONST 1))");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parser_precedence),
        cmocka_unit_test(test_parser_calls_and_subscripts),
        cmocka_unit_test(test_parser_displays_and_comprehensions),
        cmocka_unit_test(test_parser_strings),
        cmocka_unit_test(test_parser_targets),
        cmocka_unit_test(test_parser_whole_grammar),
        cmocka_unit_test(test_parser_spans),
        cmocka_unit_test(test_parser_syntax_errors),
        cmocka_unit_test(test_parser_deep_nesting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
