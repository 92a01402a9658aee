/* ls_code — compiled code objects: what the compiler produces and the VM
 * runs. Plain data, no VM types: constants are a small tagged union that the
 * VM turns into values when it loads a program.
 *
 * Ownership: an LsProgram owns every LsCode reachable from it (module code
 * and all nested code objects) and all their strings. ls_program_free()
 * releases everything. */
#ifndef LS_CODE_H
#define LS_CODE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "ls_buf.h"
#include "ls_opcodes.h"

typedef struct LsCode LsCode;

typedef enum LsConstKind {
    LS_CONST_NONE, LS_CONST_BOOL, LS_CONST_INT, LS_CONST_FLOAT,
    LS_CONST_STR,     /* UTF-8, `str`/`len` (may contain NUL) */
    LS_CONST_TUPLE,   /* of other constants: kwnames of CALL_KW, constant tuples */
    LS_CONST_CODE,    /* nested code object, for MAKE_FUNCTION */
    LS_CONST_ELLIPSIS,
} LsConstKind;

typedef struct LsConst {
    LsConstKind kind;
    union {
        bool b;
        int64_t i;
        double f;
        struct { char *str; size_t len; } s;
        struct { struct LsConst *items; uint32_t n; } tuple;
        LsCode *code;
    } as;
} LsConst;

/* Source position of one instruction (CPython's co_positions): lines are
 * 1-based, columns 0-based byte offsets; end is exclusive. Used for
 * tracebacks (with CPython 3.11's ^^^ / ~~^~~ markers) and for events. */
typedef struct LsPos {
    uint32_t line, end_line;
    uint16_t col, end_col;
} LsPos;

/* Code flags. */
#define LS_CODE_VARARGS   0x01u  /* has *args: locals[n_params + n_kwonly] */
#define LS_CODE_VARKW     0x02u  /* has **kwargs: the local after *args */
#define LS_CODE_COROUTINE 0x04u  /* async def */
#define LS_CODE_GENERATOR 0x08u  /* def containing yield / generator expression */
#define LS_CODE_ASYNC_GEN 0x10u  /* async def containing yield */
#define LS_CODE_MODULE    0x20u  /* module body: names are globals */
#define LS_CODE_LAMBDA    0x40u
#define LS_CODE_COMPREHENSION 0x80u /* genexpr etc.: name is <genexpr> */
#define LS_CODE_CLASS     0x100u /* class body: runs with a namespace dict (LOAD_NAME/STORE_NAME), returns it */
#define LS_CODE_INTERNAL  0x200u /* loopscope's own Python (the asyncio prelude): hidden
                                   * from tracebacks and line events, like stdlib frames */

struct LsCode {
    char *name;        /* "main", "<module>", "<genexpr>", "<lambda>" */
    char *qualname;    /* "main.<locals>.inner", used in reprs and warnings */
    uint32_t flags;
    uint32_t first_line;

    uint32_t *ins;     /* instructions (see ls_opcodes.h) */
    LsPos *pos;        /* pos[i] is the position of ins[i] */
    uint32_t n_ins;

    LsConst *consts;   uint32_t n_consts;
    char **names;      uint32_t n_names;   /* globals, attributes, imports */

    /* Local variable slots: parameters first, in this order: positional
     * (n_params, including those with defaults), keyword-only (n_kwonly),
     * then *args if VARARGS, then **kwargs if VARKW, then other locals. */
    char **varnames;   uint32_t n_locals;
    uint32_t n_params;       /* positional parameters */
    uint32_t n_kwonly;       /* keyword-only parameters */

    /* Closures: cellvars are locals of this code captured by inner
     * functions; freevars are captured from enclosing code. LOAD_DEREF i
     * indexes cellvars first, then freevars. cell2arg[i] >= 0 means
     * cellvar i is also parameter cell2arg[i] (copy it in at call time). */
    char **cellvars;   uint32_t n_cells;
    int32_t *cell2arg;
    char **freevars;   uint32_t n_free;

    uint32_t max_stack;      /* maximum value-stack depth */
    uint32_t max_blocks;     /* maximum block-stack depth */
};

/* A compiled program: the module code plus the source it came from. */
typedef struct LsProgram {
    LsCode *module;
    char *path;        /* as given by the user */
    char *source;      /* NUL-terminated copy of the source text */
    size_t source_len;
} LsProgram;

void ls_program_free(LsProgram *p);   /* accepts NULL; frees all code */
void ls_code_free(LsCode *c);         /* frees c and nested code constants */

/* Append a listing of `c` to `out`, one line per instruction:
 *     "  12    3 LOAD_GLOBAL         4 (print)"
 * index, source line, opcode name, argument and a readable rendering of
 * the argument (constant, variable or attribute name, operator, jump
 * target). Nested code objects are not expanded. */
void ls_code_disassemble(const LsCode *c, LsBuf *out);
/* Every code object of `p`, each under a "Disassembly of <qualname> (line
 * N, stack S, blocks B):" header, nested ones after their parent. */
void ls_program_disassemble(const LsProgram *p, LsBuf *out);

#endif
