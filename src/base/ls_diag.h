/* ls_diag — load-time diagnostics with source positions, rendered the way
 * CPython renders a SyntaxError:
 *
 *     File "prog.py", line 3
 *       class Greeter:
 *       ^^^^^
 *   SyntaxError: `class` is not supported by loopscope yet
 *
 * A diagnostic is plain data (errors are values); rendering is separate so
 * the front end can show the same thing in a window. */
#ifndef LS_DIAG_H
#define LS_DIAG_H

#include "ls_buf.h"
#include <stdint.h>

/* A half-open source span. Lines are 1-based; columns are 0-based byte
 * offsets into the line (CPython's col_offset convention). */
typedef struct LsSpan {
    uint32_t line, end_line;
    uint32_t col, end_col;
} LsSpan;

typedef enum LsDiagKind {
    LS_DIAG_SYNTAX,       /* SyntaxError: the program is not valid Python */
    LS_DIAG_INDENT,       /* IndentationError */
    LS_DIAG_UNSUPPORTED,  /* valid Python that loopscope refuses */
} LsDiagKind;

typedef struct LsDiag {
    LsDiagKind kind;
    LsSpan span;
    char message[256];
} LsDiag;

/* Exception class name CPython would print for this kind. */
const char *ls_diag_kind_name(LsDiagKind kind);

/* Append the rendering of `d` for the source text `src` (length `len`) of
 * file `path` to `out`, ending with a newline. */
void ls_diag_render(LsBuf *out, const LsDiag *d, const char *path,
                    const char *src, size_t len);

/* Copy line `line` (1-based) of `src` into `out` without its newline.
 * Returns 0 when the line does not exist. */
int ls_diag_source_line(LsBuf *out, const char *src, size_t len, uint32_t line);

#endif
