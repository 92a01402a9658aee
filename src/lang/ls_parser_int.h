/* ls_parser_int — state shared by the parser (ls_parser.c) and the string
 * literal / f-string decoder (ls_fstring.c). Private to src/lang. */
#ifndef LS_PARSER_INT_H
#define LS_PARSER_INT_H

#include "ls_ast.h"
#include "ls_lexer.h"

typedef struct Parser {
    const char *src;       /* the text the tokens index into */
    size_t len;
    LsTokens toks;
    uint32_t pos;          /* current token */
    uint32_t furthest;     /* furthest token looked at: where CPython puts
                              a generic "invalid syntax" */
    LsSpan prev;           /* span of the last consumed token */
    LsArena *arena;
    LsDiag *diag;
    bool failed;           /* *diag holds the first error */
    int fstring_depth;     /* f-string nesting (format specs may nest once) */
    int depth;             /* recursion guard for deeply nested input */
    int no_comma_hint;     /* >0 while parsing the second half of a
                              "Perhaps you forgot a comma?" */
} Parser;

/* Record a syntax error (the first one wins) and return NULL. */
void *ls_parse_error(Parser *p, LsDiagKind kind, LsSpan span, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Parse one expression from the f-string text src[start, end), whose first
 * byte sits at file position line/col; the whole text must be consumed.
 * Used for the {...} parts of f-strings. NULL on error. */
LsNode *ls_parse_fstring_expr(Parser *p, size_t start, size_t end, uint32_t line,
                              uint32_t col);

/* Decode the run of `count` adjacent STRING tokens starting at token index
 * `first` into one CONST (str or bytes) or FSTRING node. NULL on error. */
LsNode *ls_parse_strings(Parser *p, uint32_t first, uint32_t count);

/* Span from the start of `a` to the end of `b`. */
static inline LsSpan ls_span_join(LsSpan a, LsSpan b) {
    LsSpan s = {a.line, b.end_line, a.col, b.end_col};
    return s;
}

#endif
