/* ls_compiler — the front door of src/lang: source text in, LsProgram out.
 *
 * ls_compile() runs the whole pipeline: lexing and parsing (ls_parser.h),
 * scope analysis (locals, globals, cells, free variables, global/nonlocal)
 * and code generation into the instruction set of ls_opcodes.h. Python that
 * is valid but outside what loopscope runs (classes, `with`, decorators, ...)
 * is refused here with an LS_DIAG_UNSUPPORTED diagnostic, so a program that
 * compiles only ever meets runtime errors. */
#ifndef LS_COMPILER_H
#define LS_COMPILER_H

#include <stdbool.h>
#include <stddef.h>
#include "ls_code.h"
#include "ls_diag.h"

typedef struct LsCompileOptions {
    /* Modules `import X` / `from X import y` may name (e.g. "asyncio",
     * "time"); others are refused. */
    const char *const *modules;
    size_t n_modules;
    /* Optional: is module.attr supported? Called for `X.attr` where X is a
     * name bound by `import X` at module level and never rebound, and for
     * `from X import attr`. false → refuse with
     * "asyncio.to_thread is not supported by loopscope: <reason>" (reason
     * from `reason_out`, which may be left NULL). */
    bool (*attr_supported)(void *ud, const char *module, const char *attr, const char **reason_out);
    /* Optional: `anything.attr` refused whatever the object (methods that only
     * unsupported features have, e.g. loop.run_in_executor). Returns the
     * reason, or NULL to accept; *label_out names it in the message
     * ("loop.run_in_executor is not supported by loopscope: <reason>"). */
    const char *(*attr_refused)(void *ud, const char *attr, const char **label_out);
    /* Optional: a builtin the program reads but never binds (e.g. open) that
     * loopscope refuses. Returns the reason, or NULL to accept: "open() is
     * not supported by loopscope: <reason>". */
    const char *(*builtin_refused)(void *ud, const char *name);
    void *ud;
} LsCompileOptions;

/* Compile `src` (len bytes, UTF-8, need not be NUL-terminated) from file
 * `path`. true: *out owns the program (free with ls_program_free). false:
 * *diag describes the first error (SyntaxError, IndentationError or
 * unsupported construct) with its span. `opt` may be NULL (no modules).
 * Allocates with malloc; never crashes or hangs on any input. */
bool ls_compile(const char *path, const char *src, size_t len, const LsCompileOptions *opt,
                LsProgram **out, LsDiag *diag);

#endif
