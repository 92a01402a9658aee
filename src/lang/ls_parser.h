/* ls_parser — recursive-descent parser for Python 3.11 source, producing the
 * tree of ls_ast.h.
 *
 * The parser accepts the whole 3.11 grammar except the bodies of `match`
 * statements (those are recognised and skipped, leaving a MATCH node for
 * the compiler to refuse), so that valid code loopscope cannot run gets an
 * "unsupported" diagnostic later instead of a SyntaxError here. Syntax errors
 * carry CPython's message and position wherever we know them. */
#ifndef LS_PARSER_H
#define LS_PARSER_H

#include <stdbool.h>
#include <stddef.h>
#include "ls_ast.h"
#include "ls_diag.h"

/* Parse `len` bytes of `src` as a module. On success *out is a MODULE node
 * allocated in `arena` (which must outlive it) and true is returned. On a
 * syntax error returns false with *diag filled in (SyntaxError or
 * IndentationError kind). Never reads past src[len-1]; `src` need not be
 * NUL-terminated. */
bool ls_parse(const char *src, size_t len, LsArena *arena, LsNode **out, LsDiag *diag);

#endif
