/* ls_lexer — turns Python 3.11 source text into a flat array of tokens.
 *
 * The lexer owns the layout rules of the language: INDENT/DEDENT/NEWLINE
 * from leading whitespace, implicit line joining inside brackets, backslash
 * continuation, comments, and the shape (not the meaning) of numbers and
 * string literals. Tokens keep byte offsets into the source; decoding a
 * string's escapes or a number's value is the parser's job.
 *
 * Errors are values: the first lexical error ends the stream with an
 * LS_TOK_ERROR token and the diagnostic is kept in LsTokens.error. The parser
 * reports it only when it reaches that token, so a syntax error earlier in
 * the file wins, as with CPython's on-demand tokenizer. */
#ifndef LS_LEXER_H
#define LS_LEXER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ls_diag.h"

/* X(NAME, "spelling"): layout tokens, operators, then keywords. Keywords
 * are recognised by the lexer; soft keywords (match, case, _) stay NAMEs. */
#define LS_TOKEN_LIST(X) \
    X(ENDMARKER, "end of file") X(NAME, "name") X(NUMBER, "number") \
    X(STRING, "string") X(NEWLINE, "newline") X(INDENT, "indent") \
    X(DEDENT, "dedent") X(ERROR, "error") \
    X(LPAR, "(") X(RPAR, ")") X(LSQB, "[") X(RSQB, "]") X(LBRACE, "{") \
    X(RBRACE, "}") X(COLON, ":") X(COMMA, ",") X(SEMI, ";") X(DOT, ".") \
    X(ELLIPSIS, "...") X(PLUS, "+") X(MINUS, "-") X(STAR, "*") \
    X(SLASH, "/") X(DSLASH, "//") X(PERCENT, "%") X(DSTAR, "**") \
    X(AT, "@") X(VBAR, "|") X(AMPER, "&") X(CIRCUMFLEX, "^") \
    X(TILDE, "~") X(LSHIFT, "<<") X(RSHIFT, ">>") X(LESS, "<") \
    X(GREATER, ">") X(EQUAL, "=") X(EQEQUAL, "==") X(NOTEQUAL, "!=") \
    X(LESSEQUAL, "<=") X(GREATEREQUAL, ">=") X(RARROW, "->") \
    X(COLONEQUAL, ":=") X(EXCLAMATION, "!") \
    X(PLUSEQUAL, "+=") X(MINEQUAL, "-=") X(STAREQUAL, "*=") \
    X(SLASHEQUAL, "/=") X(DSLASHEQUAL, "//=") X(PERCENTEQUAL, "%=") \
    X(DSTAREQUAL, "**=") X(ATEQUAL, "@=") X(VBAREQUAL, "|=") \
    X(AMPEREQUAL, "&=") X(CIRCUMFLEXEQUAL, "^=") X(LSHIFTEQUAL, "<<=") \
    X(RSHIFTEQUAL, ">>=") \
    X(KW_FALSE, "False") X(KW_NONE, "None") X(KW_TRUE, "True") \
    X(KW_AND, "and") X(KW_AS, "as") X(KW_ASSERT, "assert") \
    X(KW_ASYNC, "async") X(KW_AWAIT, "await") X(KW_BREAK, "break") \
    X(KW_CLASS, "class") X(KW_CONTINUE, "continue") X(KW_DEF, "def") \
    X(KW_DEL, "del") X(KW_ELIF, "elif") X(KW_ELSE, "else") \
    X(KW_EXCEPT, "except") X(KW_FINALLY, "finally") X(KW_FOR, "for") \
    X(KW_FROM, "from") X(KW_GLOBAL, "global") X(KW_IF, "if") \
    X(KW_IMPORT, "import") X(KW_IN, "in") X(KW_IS, "is") \
    X(KW_LAMBDA, "lambda") X(KW_NONLOCAL, "nonlocal") X(KW_NOT, "not") \
    X(KW_OR, "or") X(KW_PASS, "pass") X(KW_RAISE, "raise") \
    X(KW_RETURN, "return") X(KW_TRY, "try") X(KW_WHILE, "while") \
    X(KW_WITH, "with") X(KW_YIELD, "yield")

typedef enum LsTokenKind {
#define LS_TOK_ENUM(name, text) LS_TOK_##name,
    LS_TOKEN_LIST(LS_TOK_ENUM)
#undef LS_TOK_ENUM
    LS_TOK__COUNT
} LsTokenKind;

/* Spelling of each token kind ("(" for LS_TOK_LPAR, "name" for NAME). */
extern const char *const ls_token_names[LS_TOK__COUNT];

typedef struct LsToken {
    LsTokenKind kind;
    uint32_t start, len;   /* bytes [start, start+len) of the lexed text */
    LsSpan span;           /* line/col of those bytes in the file */
    uint32_t level;        /* brackets open after this token (f-string
                              expressions count as one level) */
} LsToken;

typedef struct LsTokens {
    LsToken *items;
    uint32_t n, cap;
    LsDiag error;          /* valid when the last token is LS_TOK_ERROR */
    /* CPython's tokenizer reports some errors only when the parser reaches
     * them ("soft": indentation errors, a bad line continuation, end of
     * file inside brackets); the others win over any parser error. For a
     * soft error, the innermost bracket still open at that point (if any)
     * can still turn into "'(' was never closed". */
    bool soft_error;
    bool open_bracket;
    char open_char;
    LsSpan open_span;
} LsTokens;

typedef enum LsLexMode {
    LS_LEX_FILE,           /* a whole module: layout tokens are produced */
    LS_LEX_FSTRING_EXPR,   /* the inside of an f-string's {...}: as if in
                              brackets; '#' and '\' are errors */
} LsLexMode;

/* Tokenize `len` bytes at `src`. `line`/`col` give the file position of
 * src[0] (1 and 0 for a whole file) so that nested lexing of f-string
 * expressions reports true positions. Always produces at least one token;
 * the last one is ENDMARKER or ERROR. Returns false only when memory ran
 * out (then `out` holds an ERROR token saying so). Caller frees with
 * ls_tokens_fini(). */
bool ls_lex(const char *src, size_t len, LsLexMode mode, uint32_t line,
            uint32_t col, LsTokens *out);
void ls_tokens_fini(LsTokens *t);   /* accepts a zeroed LsTokens */

/* Fill *d with a diagnostic of `kind` at `span`, message printf-style. */
void ls_diag_set(LsDiag *d, LsDiagKind kind, LsSpan span, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
