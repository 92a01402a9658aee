/* ls_lexer — the tokenizer (see ls_lexer.h for what it owns).
 *
 * Design: one pass over the bytes with a cursor; each call of next_token()
 * appends zero or more tokens. Leading whitespace of a logical line is
 * measured twice, once with tabs to multiples of 8 and once with tabs as 1
 * column, and both measures must agree on "deeper / same / shallower" with
 * the indentation stack: that is how CPython detects mixed tabs and spaces
 * (TabError). Inside brackets, newlines and indentation are ignored. */
#include "ls_lexer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const ls_token_names[LS_TOK__COUNT] = {
#define LS_TOK_NAME(name, text) text,
    LS_TOKEN_LIST(LS_TOK_NAME)
#undef LS_TOK_NAME
};

enum { MAX_INDENT = 100, MAX_PARENS = 200 };

typedef struct Lexer {
    const char *src;
    size_t len, pos;
    uint32_t line;          /* line of src[pos] */
    size_t line_start;      /* offset of the first byte of that line */
    uint32_t line_base;     /* column of line_start (non-zero only on the
                               first line of a nested f-string lex) */
    LsLexMode mode;
    bool at_line_start;     /* next token starts a logical line */
    int indents[MAX_INDENT], alt_indents[MAX_INDENT], n_indents;
    struct { char ch; LsSpan span; } parens[MAX_PARENS];
    int depth;
    LsTokens *out;
    bool done, oom;
    size_t comment;         /* start of a comment on this line, or SIZE_MAX */
} Lexer;

void ls_diag_set(LsDiag *d, LsDiagKind kind, LsSpan span, const char *fmt, ...) {
    d->kind = kind;
    d->span = span;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
}

/* ---- cursor helpers ---------------------------------------------------- */

static int peek_at(const Lexer *lx, size_t k) {
    return lx->pos + k < lx->len ? (unsigned char)lx->src[lx->pos + k] : -1;
}
static int peek(const Lexer *lx) { return peek_at(lx, 0); }

static uint32_t col_of(const Lexer *lx, size_t off) {
    return lx->line_base + (uint32_t)(off - lx->line_start);
}

/* Consume a newline sequence ("\n", "\r\n" or "\r") at the cursor. */
static void eat_newline(Lexer *lx) {
    if (peek(lx) == '\r' && peek_at(lx, 1) == '\n') lx->pos++;
    lx->pos++;
    lx->line++;
    lx->line_start = lx->pos;
    lx->line_base = 0;
}

static bool is_newline(int c) { return c == '\n' || c == '\r'; }
static bool is_ident_start(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}
static bool is_digit(int c) { return c >= '0' && c <= '9'; }
static bool is_ident_char(int c) { return is_ident_start(c) || is_digit(c); }

static LsSpan span_at(const Lexer *lx, size_t off, size_t end) {
    LsSpan s = {lx->line, lx->line, col_of(lx, off), col_of(lx, end)};
    return s;
}

/* ---- output ------------------------------------------------------------ */

static void push(Lexer *lx, LsTokenKind kind, size_t start, size_t end, LsSpan span) {
    LsTokens *t = lx->out;
    if (lx->oom) return;
    if (t->n == t->cap) {
        uint32_t cap = t->cap ? t->cap * 2 : 256;
        LsToken *items = realloc(t->items, cap * sizeof *items);
        if (!items) { lx->oom = true; lx->done = true; return; }
        t->items = items;
        t->cap = cap;
    }
    uint32_t level = (uint32_t)lx->depth + (lx->mode == LS_LEX_FSTRING_EXPR);
    t->items[t->n++] = (LsToken){kind, (uint32_t)start, (uint32_t)(end - start), span, level};
}

/* Record the first error and end the stream. */
static void fail_kind(Lexer *lx, LsDiagKind kind, LsSpan span, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void fail_kind(Lexer *lx, LsDiagKind kind, LsSpan span, const char *fmt, ...) {
    LsDiag *d = &lx->out->error;
    d->kind = kind;
    d->span = span;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
    push(lx, LS_TOK_ERROR, lx->pos, lx->pos, span);
    lx->done = true;
}
#define fail(lx, span, ...) fail_kind(lx, LS_DIAG_SYNTAX, span, __VA_ARGS__)

/* Record a soft error (see LsTokens) with the bracket state at that point. */
#define fail_soft_kind(lx, kind, span, ...) \
    do { \
        mark_soft(lx); \
        fail_kind(lx, kind, span, __VA_ARGS__); \
    } while (0)
#define fail_soft(lx, span, ...) fail_soft_kind(lx, LS_DIAG_SYNTAX, span, __VA_ARGS__)

static void mark_soft(Lexer *lx) {
    LsTokens *t = lx->out;
    t->soft_error = true;
    t->open_bracket = lx->depth > 0;
    if (lx->depth > 0) {
        t->open_char = lx->parens[lx->depth - 1].ch;
        t->open_span = lx->parens[lx->depth - 1].span;
    }
}

/* A one-column error span at byte offset `off` of the current line. */
static LsSpan point(const Lexer *lx, size_t off) { return span_at(lx, off, off + 1); }

/* ---- indentation ------------------------------------------------------- */

/* Measure the indentation of the line at the cursor and emit INDENT/DEDENT.
 * Blank and comment-only lines produce nothing. */
static void lex_indentation(Lexer *lx) {
    int col = 0, alt = 0;
    size_t start = lx->pos;
    for (;;) {
        int c = peek(lx);
        if (c == ' ') { col++; alt++; }
        else if (c == '\t') { col = (col / 8 + 1) * 8; alt++; }
        else if (c == '\f') { col = alt = 0; }
        else break;
        lx->pos++;
    }
    int c = peek(lx);
    if (c == -1 || c == '#' || is_newline(c)) return;   /* blank line */
    if (c == '\\') return;  /* a continuation line: CPython ignores its indent */
    lx->at_line_start = false;
    int top = lx->indents[lx->n_indents - 1], alt_top = lx->alt_indents[lx->n_indents - 1];
    LsSpan here = span_at(lx, start, lx->pos);
    if (col == top) {
        if (alt != alt_top) goto tab_error;
        return;
    }
    if (col > top) {
        if (alt <= alt_top) goto tab_error;
        if (lx->n_indents == MAX_INDENT) {
            fail_soft_kind(lx, LS_DIAG_INDENT, here, "too many levels of indentation");
            return;
        }
        lx->indents[lx->n_indents] = col;
        lx->alt_indents[lx->n_indents++] = alt;
        push(lx, LS_TOK_INDENT, start, lx->pos, here);
        return;
    }
    /* Find the level we return to before emitting anything: a bad dedent
     * is reported before any DEDENT of its line, as CPython does. */
    int level = lx->n_indents - 1;
    while (level > 0 && col < lx->indents[level]) level--;
    if (col != lx->indents[level]) {
        /* CPython points just past the end of the offending line. */
        size_t e = lx->pos;
        while (e < lx->len && !is_newline((unsigned char)lx->src[e])) e++;
        fail_soft_kind(lx, LS_DIAG_INDENT, span_at(lx, e, e), "unindent does not match any outer indentation level");
        return;
    }
    /* CPython places DEDENTs on the last column of the indentation. */
    uint32_t last = col_of(lx, lx->pos) > 0 ? col_of(lx, lx->pos) - 1 : 0;
    LsSpan at = {lx->line, lx->line, last, last};
    while (lx->n_indents - 1 > level) {
        lx->n_indents--;
        push(lx, LS_TOK_DEDENT, lx->pos, lx->pos, at);
    }
    if (alt != lx->alt_indents[lx->n_indents - 1]) goto tab_error;
    return;
tab_error:
    fail_soft_kind(lx, LS_DIAG_INDENT, span_at(lx, lx->line_start, lx->line_start),
                   "inconsistent use of tabs and spaces in indentation");
}

/* ---- numbers ----------------------------------------------------------- */

static bool digit_ok(int c, int base) {
    if (base == 16) return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    return c >= '0' && c < '0' + base;
}

/* Digits of `base` with single underscores between them; false (error
 * reported) on "1__0" or a trailing "_". */
static bool lex_digits(Lexer *lx, int base, const char *what) {
    for (;;) {
        while (digit_ok(peek(lx), base)) lx->pos++;
        if (peek(lx) != '_') return true;
        lx->pos++;
        if (!digit_ok(peek(lx), base)) {
            fail(lx, point(lx, lx->pos - 1), "invalid %s literal", what);
            return false;
        }
    }
}

/* A number may be followed directly by a few keywords ("1if x else 2");
 * any other identifier character makes it invalid. */
static bool check_number_end(Lexer *lx, const char *what) {
    int c = peek(lx);
    if (!is_ident_char(c)) return true;
    static const char *const ok[] = {"and", "else", "for", "if", "in", "is", "not", "or"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        size_t n = strlen(ok[i]);
        if (lx->pos + n <= lx->len && memcmp(lx->src + lx->pos, ok[i], n) == 0) return true;
    }
    fail(lx, point(lx, lx->pos - 1), "invalid %s literal", what);
    return false;
}

static bool lex_radix_number(Lexer *lx) {
    int x = peek_at(lx, 1) | 0x20;
    int base = x == 'x' ? 16 : x == 'o' ? 8 : 2;
    const char *what = base == 16 ? "hexadecimal" : base == 8 ? "octal" : "binary";
    lx->pos += 2;
    if (peek(lx) == '_') lx->pos++;
    if (!digit_ok(peek(lx), base)) {
        if (is_digit(peek(lx))) {
            fail(lx, point(lx, lx->pos), "invalid digit '%c' in %s literal", peek(lx), what);
        } else {
            fail(lx, point(lx, lx->pos - 1), "invalid %s literal", what);
        }
        return false;
    }
    if (!lex_digits(lx, base, what)) return false;
    if (is_digit(peek(lx))) {
        fail(lx, point(lx, lx->pos), "invalid digit '%c' in %s literal", peek(lx), what);
        return false;
    }
    return check_number_end(lx, what);
}

/* Fraction and exponent after the integer part; `*is_float` is set when
 * either is present. */
static bool lex_fraction_exponent(Lexer *lx, bool *is_float) {
    if (peek(lx) == '.') {
        *is_float = true;
        lx->pos++;
        if (is_digit(peek(lx)) && !lex_digits(lx, 10, "decimal")) return false;
    }
    if ((peek(lx) | 0x20) == 'e') {
        size_t save = lx->pos;
        lx->pos++;
        if (peek(lx) == '+' || peek(lx) == '-') {
            lx->pos++;
            if (!is_digit(peek(lx))) {
                fail(lx, point(lx, lx->pos - 1), "invalid decimal literal");
                return false;
            }
        } else if (!is_digit(peek(lx))) {
            lx->pos = save;   /* "1e": the 'e' is what makes it invalid */
            return check_number_end(lx, "decimal");
        }
        *is_float = true;
        if (!lex_digits(lx, 10, "decimal")) return false;
    }
    return true;
}

static bool lex_decimal_number(Lexer *lx, size_t start) {
    bool is_float = false;
    if (peek(lx) != '.' && !lex_digits(lx, 10, "decimal")) return false;
    size_t int_end = lx->pos;
    if (!lex_fraction_exponent(lx, &is_float)) return false;
    if ((peek(lx) | 0x20) == 'j') lx->pos++;
    else if (!is_float && lx->src[start] == '0') {
        /* "09" / "0_7": only all-zero integers may start with 0. */
        for (size_t i = start; i < int_end; i++) {
            char c = lx->src[i];
            if (c != '0' && c != '_') {
                fail(lx, span_at(lx, start, i),
                     "leading zeros in decimal integer literals are not permitted; "
                     "use an 0o prefix for octal integers");
                return false;
            }
        }
    }
    return check_number_end(lx, "decimal");
}

static void lex_number(Lexer *lx) {
    size_t start = lx->pos;
    int x = peek_at(lx, 1) | 0x20;
    bool ok = peek(lx) == '0' && (x == 'x' || x == 'o' || x == 'b')
                  ? lex_radix_number(lx)
                  : lex_decimal_number(lx, start);
    if (ok) push(lx, LS_TOK_NUMBER, start, lx->pos, span_at(lx, start, lx->pos));
}

/* ---- strings ----------------------------------------------------------- */

/* Is src[start, end) a valid string prefix (r, u, b, f, br, rb, fr, rf in
 * any case)? */
static bool is_string_prefix(const char *s, size_t n) {
    if (n == 0 || n > 2) return false;
    int a = s[0] | 0x20, b = n == 2 ? (s[1] | 0x20) : 0;
    if (n == 1) return a == 'r' || a == 'u' || a == 'b' || a == 'f';
    return (a == 'r' && (b == 'b' || b == 'f')) || (b == 'r' && (a == 'b' || a == 'f'));
}

/* The line CPython names in "detected at line N": the line of the last
 * byte read. */
static uint32_t detected_line(const Lexer *lx) {
    if (lx->pos > 0 && lx->pos == lx->line_start && lx->line > 1) return lx->line - 1;
    return lx->line;
}

/* Lex a string literal whose prefix starts at `start`; the cursor is on
 * the opening quote. */
static void lex_string(Lexer *lx, size_t start) {
    uint32_t line0 = lx->line, col0 = col_of(lx, start);
    int q = peek(lx);
    bool triple = peek_at(lx, 1) == q && peek_at(lx, 2) == q;
    lx->pos += triple ? 3 : 1;
    for (;;) {
        int c = peek(lx);
        if (c == -1 || (!triple && is_newline(c))) {
            LsSpan s = {line0, line0, col0, col0 + 1};
            fail(lx, s, "unterminated %sstring literal (detected at line %u)",
                 triple ? "triple-quoted " : "", (unsigned)detected_line(lx));
            return;
        }
        if (c == '\\') {
            lx->pos++;
            if (is_newline(peek(lx))) eat_newline(lx);
            else if (peek(lx) != -1) lx->pos++;
        } else if (is_newline(c)) {
            eat_newline(lx);
        } else if (c == q && (!triple || (peek_at(lx, 1) == q && peek_at(lx, 2) == q))) {
            lx->pos += triple ? 3 : 1;
            break;
        } else {
            lx->pos++;
        }
    }
    LsSpan s = {line0, lx->line, col0, col_of(lx, lx->pos)};
    push(lx, LS_TOK_STRING, start, lx->pos, s);
}

/* ---- names and keywords ------------------------------------------------ */

static LsTokenKind keyword_kind(const char *s, size_t n) {
    for (int k = LS_TOK_KW_FALSE; k < LS_TOK__COUNT; k++) {
        const char *kw = ls_token_names[k];
        if (strlen(kw) == n && memcmp(kw, s, n) == 0) return (LsTokenKind)k;
    }
    return LS_TOK_NAME;
}

static void lex_name(Lexer *lx) {
    size_t start = lx->pos;
    while (is_ident_char(peek(lx))) lx->pos++;
    int c = peek(lx);
    if ((c == '\'' || c == '"') && is_string_prefix(lx->src + start, lx->pos - start)) {
        lex_string(lx, start);
        return;
    }
    LsTokenKind k = keyword_kind(lx->src + start, lx->pos - start);
    push(lx, k, start, lx->pos, span_at(lx, start, lx->pos));
}

/* ---- operators and brackets -------------------------------------------- */

/* Operators longest first so that "**=" wins over "**" and "*". */
static const struct { const char *text; LsTokenKind kind; } OPERATORS[] = {
    {"**=", LS_TOK_DSTAREQUAL}, {"//=", LS_TOK_DSLASHEQUAL}, {">>=", LS_TOK_RSHIFTEQUAL},
    {"<<=", LS_TOK_LSHIFTEQUAL}, {"...", LS_TOK_ELLIPSIS},
    {"**", LS_TOK_DSTAR}, {"//", LS_TOK_DSLASH}, {"<<", LS_TOK_LSHIFT}, {">>", LS_TOK_RSHIFT},
    {"==", LS_TOK_EQEQUAL}, {"!=", LS_TOK_NOTEQUAL}, {"<=", LS_TOK_LESSEQUAL},
    {">=", LS_TOK_GREATEREQUAL}, {"->", LS_TOK_RARROW}, {":=", LS_TOK_COLONEQUAL},
    {"+=", LS_TOK_PLUSEQUAL}, {"-=", LS_TOK_MINEQUAL}, {"*=", LS_TOK_STAREQUAL},
    {"/=", LS_TOK_SLASHEQUAL}, {"%=", LS_TOK_PERCENTEQUAL}, {"@=", LS_TOK_ATEQUAL},
    {"|=", LS_TOK_VBAREQUAL}, {"&=", LS_TOK_AMPEREQUAL}, {"^=", LS_TOK_CIRCUMFLEXEQUAL},
    {"(", LS_TOK_LPAR}, {")", LS_TOK_RPAR}, {"[", LS_TOK_LSQB}, {"]", LS_TOK_RSQB},
    {"{", LS_TOK_LBRACE}, {"}", LS_TOK_RBRACE}, {":", LS_TOK_COLON}, {",", LS_TOK_COMMA},
    {";", LS_TOK_SEMI}, {".", LS_TOK_DOT}, {"+", LS_TOK_PLUS}, {"-", LS_TOK_MINUS},
    {"*", LS_TOK_STAR}, {"/", LS_TOK_SLASH}, {"%", LS_TOK_PERCENT}, {"@", LS_TOK_AT},
    {"|", LS_TOK_VBAR}, {"&", LS_TOK_AMPER}, {"^", LS_TOK_CIRCUMFLEX}, {"~", LS_TOK_TILDE},
    {"<", LS_TOK_LESS}, {">", LS_TOK_GREATER}, {"=", LS_TOK_EQUAL}, {"!", LS_TOK_EXCLAMATION},
};

/* Keep the bracket stack; report unmatched and mismatched closers. */
static bool track_bracket(Lexer *lx, char c, LsSpan span) {
    if (c == '(' || c == '[' || c == '{') {
        if (lx->depth == MAX_PARENS) {
            fail(lx, span, "too many nested parentheses");
            return false;
        }
        lx->parens[lx->depth].ch = c;
        lx->parens[lx->depth++].span = span;
        return true;
    }
    if (c != ')' && c != ']' && c != '}') return true;
    if (lx->depth == 0) {
        fail(lx, span, "unmatched '%c'", c);
        return false;
    }
    char open = lx->parens[lx->depth - 1].ch;
    char want = open == '(' ? ')' : open == '[' ? ']' : '}';
    if (c != want) {
        uint32_t oline = lx->parens[lx->depth - 1].span.line;
        if (oline != span.line) {
            fail(lx, span, "closing parenthesis '%c' does not match opening parenthesis '%c' on line %u",
                 c, open, (unsigned)oline);
        } else {
            fail(lx, span, "closing parenthesis '%c' does not match opening parenthesis '%c'", c, open);
        }
        return false;
    }
    lx->depth--;
    return true;
}

static void lex_operator(Lexer *lx) {
    for (size_t i = 0; i < sizeof OPERATORS / sizeof *OPERATORS; i++) {
        size_t n = strlen(OPERATORS[i].text);
        if (lx->pos + n > lx->len || memcmp(lx->src + lx->pos, OPERATORS[i].text, n) != 0) continue;
        LsSpan s = span_at(lx, lx->pos, lx->pos + n);
        if (n == 1 && !track_bracket(lx, lx->src[lx->pos], s)) return;
        push(lx, OPERATORS[i].kind, lx->pos, lx->pos + n, s);
        lx->pos += n;
        return;
    }
    /* '$', '?', '`' and control characters: CPython says "invalid syntax". */
    fail(lx, point(lx, lx->pos), "invalid syntax");
}

/* ---- end of input ------------------------------------------------------ */

static void lex_end(Lexer *lx) {
    if (lx->depth > 0) {
        LsSpan s = lx->parens[lx->depth - 1].span;
        fail_soft(lx, s, "'%c' was never closed", lx->parens[lx->depth - 1].ch);
        return;
    }
    LsTokens *t = lx->out;
    LsSpan end = span_at(lx, lx->pos, lx->pos);
    if (lx->mode == LS_LEX_FILE) {
        LsToken *last = t->n ? &t->items[t->n - 1] : NULL;
        if (last && last->kind != LS_TOK_NEWLINE && last->kind != LS_TOK_DEDENT &&
            last->kind != LS_TOK_INDENT) {
            push(lx, LS_TOK_NEWLINE, lx->pos, lx->pos, end);
            last = &t->items[t->n - 1];
        }
        /* CPython reports errors at end of file at the last NEWLINE. */
        if (last && last->kind == LS_TOK_NEWLINE) {
            end = last->span;
            end.end_col = end.col;
        }
        while (lx->n_indents > 1) {
            lx->n_indents--;
            push(lx, LS_TOK_DEDENT, lx->pos, lx->pos, end);
        }
    }
    push(lx, LS_TOK_ENDMARKER, lx->pos, lx->pos, end);
    lx->done = true;
}

/* ---- the main loop ----------------------------------------------------- */

static void lex_backslash(Lexer *lx) {
    lx->pos++;
    if (is_newline(peek(lx))) {
        LsSpan here = span_at(lx, lx->pos, lx->pos);
        eat_newline(lx);
        if (peek(lx) == -1) fail_soft(lx, here, "unexpected EOF while parsing");
        return;
    }
    if (peek(lx) == -1) {
        fail_soft(lx, span_at(lx, lx->pos, lx->pos), "unexpected EOF while parsing");
        return;
    }
    fail_soft(lx, point(lx, lx->pos), "unexpected character after line continuation character");
}

static void lex_newline(Lexer *lx) {
    size_t at = lx->pos;
    bool significant = lx->mode == LS_LEX_FILE && lx->depth == 0 && !lx->at_line_start;
    /* After a comment, CPython's NEWLINE token starts at the '#'. */
    LsSpan s = span_at(lx, lx->comment != SIZE_MAX ? lx->comment : at, at + 1);
    lx->comment = SIZE_MAX;
    eat_newline(lx);
    if (significant) push(lx, LS_TOK_NEWLINE, at, at + 1, s);
    if (lx->mode == LS_LEX_FILE && lx->depth == 0) lx->at_line_start = true;
}

static void next_token(Lexer *lx) {
    if (lx->at_line_start && lx->mode == LS_LEX_FILE && lx->depth == 0) {
        lex_indentation(lx);
        if (lx->done) return;
    }
    while (peek(lx) == ' ' || peek(lx) == '\t' || peek(lx) == '\f') lx->pos++;
    int c = peek(lx);
    if (c == -1) { lex_end(lx); return; }
    bool in_fstring = lx->mode == LS_LEX_FSTRING_EXPR;
    if (c == '#') {
        if (in_fstring) { fail(lx, point(lx, lx->pos), "f-string expression part cannot include '#'"); return; }
        lx->comment = lx->pos;
        while (peek(lx) != -1 && !is_newline(peek(lx))) lx->pos++;
    } else if (c == '\\') {
        if (in_fstring) { fail(lx, point(lx, lx->pos), "f-string expression part cannot include a backslash"); return; }
        lex_backslash(lx);
    } else if (is_newline(c)) {
        lex_newline(lx);
    } else if (is_ident_start(c)) {
        lex_name(lx);
    } else if (is_digit(c) || (c == '.' && is_digit(peek_at(lx, 1)))) {
        lex_number(lx);
    } else if (c == '\'' || c == '"') {
        lex_string(lx, lx->pos);
    } else {
        lex_operator(lx);
    }
}

bool ls_lex(const char *src, size_t len, LsLexMode mode, uint32_t line,
            uint32_t col, LsTokens *out) {
    memset(out, 0, sizeof *out);
    Lexer lx = {0};
    lx.src = src;
    lx.len = len;
    lx.line = line;
    lx.line_base = col;
    lx.mode = mode;
    lx.at_line_start = mode == LS_LEX_FILE;
    lx.n_indents = 1;
    lx.out = out;
    lx.comment = SIZE_MAX;
    while (!lx.done) next_token(&lx);
    if (lx.oom) {
        /* Reuse whatever array we have; keep one slot for the error. */
        out->n = 0;
        LsSpan s = {line, line, col, col};
        ls_diag_set(&out->error, LS_DIAG_SYNTAX, s, "out of memory while reading the source");
        if (out->cap > 0) out->items[out->n++] = (LsToken){LS_TOK_ERROR, 0, 0, s, 0};
        return false;
    }
    return true;
}

void ls_tokens_fini(LsTokens *t) {
    free(t->items);
    t->items = NULL;
    t->n = t->cap = 0;
}
