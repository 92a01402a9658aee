/* test_lexer — token streams, spans and lexical errors of ls_lexer.
 * Expected positions and messages were checked against CPython 3.11's
 * compile(). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "ls_buf.h"
#include "ls_lexer.h"

/* The token stream of `src` as text: names, numbers and strings as written,
 * layout tokens in capitals, operators and keywords by spelling. */
static const char *stream(const char *src) {
    static char out[4096];
    LsTokens t;
    ls_lex(src, strlen(src), LS_LEX_FILE, 1, 0, &t);
    LsBuf b;
    ls_buf_init(&b);
    for (uint32_t i = 0; i < t.n; i++) {
        const LsToken *k = &t.items[i];
        if (i) ls_buf_putc(&b, ' ');
        switch (k->kind) {
        case LS_TOK_NAME: case LS_TOK_NUMBER: case LS_TOK_STRING: ls_buf_append(&b, src + k->start, k->len); break;
        case LS_TOK_NEWLINE: ls_buf_puts(&b, "NL"); break;
        case LS_TOK_INDENT: ls_buf_puts(&b, "IN"); break;
        case LS_TOK_DEDENT: ls_buf_puts(&b, "DE"); break;
        case LS_TOK_ENDMARKER: ls_buf_puts(&b, "END"); break;
        case LS_TOK_ERROR: ls_buf_puts(&b, "ERROR"); break;
        default: ls_buf_puts(&b, ls_token_names[k->kind]); break;
        }
    }
    strncpy(out, ls_buf_cstr(&b), sizeof out - 1);
    ls_buf_fini(&b);
    ls_tokens_fini(&t);
    return out;
}

/* Lex `src`, expect an error with this message at line/col (0-based). */
static void expect_error(const char *src, LsDiagKind kind, uint32_t line, uint32_t col, const char *msg) {
    LsTokens t;
    ls_lex(src, strlen(src), LS_LEX_FILE, 1, 0, &t);
    assert_int_equal(t.items[t.n - 1].kind, LS_TOK_ERROR);
    assert_string_equal(t.error.message, msg);
    assert_int_equal(t.error.kind, kind);
    assert_int_equal(t.error.span.line, line);
    assert_int_equal(t.error.span.col, col);
    ls_tokens_fini(&t);
}

static void test_lexer_indentation(void **state) {
    (void)state;
    assert_string_equal(stream("if x:\n    y = 1\n    if z:\n        pass\nw\n"),
                        "if x : NL IN y = 1 NL if z : NL IN pass NL DE DE w NL END");
    /* Blank and comment-only lines never produce layout tokens. */
    assert_string_equal(stream("a\n\n   # note\n\t\nb  # tail\n"), "a NL b NL END");
    /* Dedents still open at end of file are closed there. */
    assert_string_equal(stream("def f():\n  return 1"), "def f ( ) : NL IN return 1 NL DE END");
}

static void test_lexer_line_joining(void **state) {
    (void)state;
    assert_string_equal(stream("f(1,\n      2)\n"), "f ( 1 , 2 ) NL END");
    assert_string_equal(stream("x = [\n  1,  # one\n]\n"), "x = [ 1 , ] NL END");
    assert_string_equal(stream("x = 1 + \\\n    2\n"), "x = 1 + 2 NL END");
    assert_string_equal(stream("d = {'a':\n\n 1}\n"), "d = { 'a' : 1 } NL END");
}

static void test_lexer_strings(void **state) {
    (void)state;
    assert_string_equal(stream("r'\\d' b\"x\" f'{a}' Rb'' fR\"\" u'x' BR'y'\n"),
                        "r'\\d' b\"x\" f'{a}' Rb'' fR\"\" u'x' BR'y' NL END");
    /* Escaped quotes and backslash-newline stay inside the literal. */
    assert_string_equal(stream("'it\\'s' \"a\\\nb\"\n"), "'it\\'s' \"a\\\nb\" NL END");
    /* A name that is not a valid prefix is a name followed by a string. */
    assert_string_equal(stream("ab'x'\n"), "ab 'x' NL END");

    const char *src = "x = '''a\nb\nc''' + 1\n";
    LsTokens t;
    ls_lex(src, strlen(src), LS_LEX_FILE, 1, 0, &t);
    const LsToken *s = &t.items[2];
    assert_int_equal(s->kind, LS_TOK_STRING);
    assert_int_equal(s->span.line, 1);
    assert_int_equal(s->span.col, 4);
    assert_int_equal(s->span.end_line, 3);
    assert_int_equal(s->span.end_col, 4);
    assert_int_equal(t.items[3].span.line, 3);   /* '+' */
    assert_int_equal(t.items[3].span.col, 5);
    ls_tokens_fini(&t);
}

static void test_lexer_numbers(void **state) {
    (void)state;
    assert_string_equal(stream("0x1F 0o17 0B101 1_000 1.5e-3 .5 1. 1e9 3j 0 00 0.0\n"),
                        "0x1F 0o17 0B101 1_000 1.5e-3 .5 1. 1e9 3j 0 00 0.0 NL END");
    /* Keywords may follow a number directly; `1.e5` is one float. */
    assert_string_equal(stream("x = 1if y else 2\n"), "x = 1 if y else 2 NL END");
    assert_string_equal(stream("1.e5 1..real\n"), "1.e5 1. . real NL END");
}

static void test_lexer_operators(void **state) {
    (void)state;
    assert_string_equal(stream("a **= b // c -> d := e ... f != g >>= 1 @ h\n"),
                        "a **= b // c -> d := e ... f != g >>= 1 @ h NL END");
    assert_string_equal(stream("x<<=y<=z==w\n"), "x <<= y <= z == w NL END");
}

static void test_lexer_keywords(void **state) {
    (void)state;
    LsTokens t;
    const char *src = "async def f(): await x; match = None\n";
    ls_lex(src, strlen(src), LS_LEX_FILE, 1, 0, &t);
    assert_int_equal(t.items[0].kind, LS_TOK_KW_ASYNC);
    assert_int_equal(t.items[1].kind, LS_TOK_KW_DEF);
    assert_int_equal(t.items[2].kind, LS_TOK_NAME);
    assert_int_equal(t.items[6].kind, LS_TOK_KW_AWAIT);
    assert_int_equal(t.items[9].kind, LS_TOK_NAME);   /* soft keyword */
    assert_int_equal(t.items[11].kind, LS_TOK_KW_NONE);
    ls_tokens_fini(&t);
}

static void test_lexer_spans(void **state) {
    (void)state;
    const char *src = "if a:\n    bc = 12\n";
    LsTokens t;
    ls_lex(src, strlen(src), LS_LEX_FILE, 1, 0, &t);
    const LsToken *bc = &t.items[5];
    assert_int_equal(t.items[4].kind, LS_TOK_INDENT);
    assert_int_equal(bc->kind, LS_TOK_NAME);
    assert_int_equal(bc->span.line, 2);
    assert_int_equal(bc->span.col, 4);
    assert_int_equal(bc->span.end_col, 6);
    assert_int_equal(t.items[7].span.col, 9);      /* 12 */
    assert_int_equal(t.items[7].span.end_col, 11);
    ls_tokens_fini(&t);
}

static void test_lexer_errors(void **state) {
    (void)state;
    expect_error("x = 'abc\n", LS_DIAG_SYNTAX, 1, 4, "unterminated string literal (detected at line 1)");
    expect_error("x = '''abc\n\n", LS_DIAG_SYNTAX, 1, 4, "unterminated triple-quoted string literal (detected at line 2)");
    expect_error("x = )\n", LS_DIAG_SYNTAX, 1, 4, "unmatched ')'");
    expect_error("x = (]\n", LS_DIAG_SYNTAX, 1, 5, "closing parenthesis ']' does not match opening parenthesis '('");
    expect_error("f(1,\n 2\n", LS_DIAG_SYNTAX, 1, 1, "'(' was never closed");
    expect_error("if x:\n    a\n  b\n", LS_DIAG_INDENT, 3, 3, "unindent does not match any outer indentation level");
    expect_error("if x:\n\tpass\n        pass\n", LS_DIAG_INDENT, 3, 0, "inconsistent use of tabs and spaces in indentation");
    expect_error("x = 1abc\n", LS_DIAG_SYNTAX, 1, 4, "invalid decimal literal");
    expect_error("x = 12_\n", LS_DIAG_SYNTAX, 1, 6, "invalid decimal literal");
    expect_error("x = 1e+\n", LS_DIAG_SYNTAX, 1, 6, "invalid decimal literal");
    expect_error("x = 0b2\n", LS_DIAG_SYNTAX, 1, 6, "invalid digit '2' in binary literal");
    expect_error("x = 0xg\n", LS_DIAG_SYNTAX, 1, 5, "invalid hexadecimal literal");
    expect_error("x = 09\n", LS_DIAG_SYNTAX, 1, 4,
                 "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers");
    expect_error("x = \\ 1\n", LS_DIAG_SYNTAX, 1, 5, "unexpected character after line continuation character");
    expect_error("x = $\n", LS_DIAG_SYNTAX, 1, 4, "invalid syntax");
}

static void test_lexer_fstring_expression_mode(void **state) {
    (void)state;
    /* Inside f-string braces: no layout tokens, positions continue from
     * the given line/col, '#' is refused. */
    const char *src = "a +\n b";
    LsTokens t;
    ls_lex(src, strlen(src), LS_LEX_FSTRING_EXPR, 4, 10, &t);
    assert_int_equal(t.n, 4);
    assert_int_equal(t.items[0].span.line, 4);
    assert_int_equal(t.items[0].span.col, 10);
    assert_int_equal(t.items[2].span.line, 5);
    assert_int_equal(t.items[2].span.col, 1);
    assert_int_equal(t.items[3].kind, LS_TOK_ENDMARKER);
    ls_tokens_fini(&t);
    ls_lex("a # b", 5, LS_LEX_FSTRING_EXPR, 1, 0, &t);
    assert_int_equal(t.items[t.n - 1].kind, LS_TOK_ERROR);
    assert_string_equal(t.error.message, "f-string expression part cannot include '#'");
    ls_tokens_fini(&t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lexer_indentation),
        cmocka_unit_test(test_lexer_line_joining),
        cmocka_unit_test(test_lexer_strings),
        cmocka_unit_test(test_lexer_numbers),
        cmocka_unit_test(test_lexer_operators),
        cmocka_unit_test(test_lexer_keywords),
        cmocka_unit_test(test_lexer_spans),
        cmocka_unit_test(test_lexer_errors),
        cmocka_unit_test(test_lexer_fstring_expression_mode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
