/* ls_compiler_int — state shared by scope analysis (ls_scope.c), statement
 * code generation (ls_compiler.c) and expression code generation
 * (ls_compile_expr.c). Private to src/lang. */
#ifndef LS_COMPILER_INT_H
#define LS_COMPILER_INT_H

#include "ls_ast.h"
#include "ls_code.h"
#include "ls_compiler.h"

/* ---- scopes (ls_scope.c) -------------------------------------------------- */

/* What a symbol does in its scope, collected from the tree. */
#define SYM_BOUND    0x01u   /* assigned, deleted, imported, def'd, a for target... */
#define SYM_PARAM    0x02u
#define SYM_USED     0x04u   /* read */
#define SYM_GLOBAL   0x08u   /* declared `global` */
#define SYM_NONLOCAL 0x10u   /* declared `nonlocal` */
#define SYM_CLASSCELL 0x20u  /* class scope: the implicit `__class__` cell (a method uses super()/__class__) */

/* Where a name lives once resolved. */
typedef enum SymWhere {
    WHERE_UNRESOLVED,
    WHERE_GLOBAL,       /* LOAD_GLOBAL (module scope, `global`, or not found) */
    WHERE_FAST,         /* LOAD_FAST locals[index] */
    WHERE_CELL,         /* local captured by an inner scope: cells[index] */
    WHERE_FREE,         /* captured from outside: cells[n_cells + index] */
} SymWhere;

typedef struct Symbol {
    const char *name;
    uint32_t flags;
    SymWhere where;
    uint32_t index;          /* local slot, cell index or free index */
    int32_t param;           /* parameter slot, -1 if not a parameter */
    uint32_t n_binds;        /* module scope: bindings anywhere (incl. `global x` in functions) */
    const char *import_of;   /* module scope: bound by `import X` to this module */
    LsSpan decl_span;        /* the `nonlocal` statement, for "no binding" errors */
} Symbol;

typedef enum ScopeKind { SCOPE_MODULE, SCOPE_FUNCTION, SCOPE_LAMBDA, SCOPE_COMPREHENSION, SCOPE_CLASS } ScopeKind;

typedef struct Scope Scope;
struct Scope {
    ScopeKind kind;
    const LsNode *node;      /* MODULE, FUNCTIONDEF, LAMBDA, a comprehension, CLASSDEF */
    Scope *parent;
    Scope **children;
    uint32_t n_children, cap_children;
    Symbol *syms;
    uint32_t n_syms, cap_syms;
    uint32_t *table;         /* open-addressing index into syms (UINT32_MAX = empty) */
    uint32_t table_size;
    bool is_async, is_generator, has_await;
    const LsNode *first_yield;   /* for "asynchronous generators" refusals */
    const LsNode *value_return;  /* first `return <value>`, for async generators */
    /* Results of resolution, in slot order. */
    const char **varnames;   uint32_t n_locals;
    const char **cellvars;   uint32_t n_cells;
    const char **freevars;   uint32_t n_free;
    int32_t *cell2arg;
};

typedef struct ScopeTree {
    Scope *module;
    LsArena *arena;          /* scopes and their arrays live here */
} ScopeTree;

/* Build and resolve the scopes of `module`. false: *diag is a SyntaxError
 * (return outside function, nonlocal without binding, ...). */
bool ls_scope_build(ScopeTree *t, const LsNode *module, LsArena *arena, LsDiag *diag);
/* The child scope of `s` created for `node`; NULL if none (a bug). */
Scope *ls_scope_child(const Scope *s, const LsNode *node);
/* The symbol `name` of scope `s`, or NULL. */
Symbol *ls_scope_lookup(const Scope *s, const char *name);

/* ---- code generation (ls_compiler.c, ls_compile_expr.c) ------------------ */

typedef enum FBlockKind {
    FB_WHILE, FB_FOR, FB_TRY_EXCEPT, FB_FINALLY_TRY, FB_FINALLY_END, FB_HANDLER, FB_HANDLER_CLEANUP,
    FB_WITH, FB_ASYNC_WITH, FB_STAR_HANDLER, FB_ASYNC_FOR,
} FBlockKind;

/* A compile-time record of a construct that break/continue/return must
 * leave cleanly: what is on the value and block stacks because of it. */
typedef struct FBlock {
    FBlockKind kind;
    uint32_t exit_label, continue_label;   /* loops */
    const LsNode *node;                    /* FINALLY_TRY: the TRY; HANDLER_CLEANUP: the HANDLER */
} FBlock;

enum { MAX_FBLOCKS = 40 };

/* One code object under construction. */
typedef struct Unit {
    Scope *scope;
    struct Unit *parent;
    char *name, *qualname;
    uint32_t flags, first_line;
    uint32_t *ins;  LsPos *pos;  uint32_t n_ins, cap_ins;
    LsConst *consts;  uint32_t n_consts, cap_consts;
    char **names;  uint32_t n_names, cap_names;
    uint32_t *labels;  uint32_t n_labels, cap_labels;   /* label -> instruction index */
    FBlock fblocks[MAX_FBLOCKS];
    int n_fblocks;
} Unit;

typedef struct Compiler {
    const LsCompileOptions *opt;
    LsDiag *diag;
    bool failed;
    ScopeTree scopes;
    Unit *u;                 /* the innermost unit */
    int depth;               /* expression recursion guard */
} Compiler;

#define NO_LABEL UINT32_MAX

/* Errors: record the first one (kind, span, message) and return false. */
bool ls_cerror(Compiler *c, LsDiagKind kind, LsSpan span, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
#define cunsupported(c, span, ...) ls_cerror(c, LS_DIAG_UNSUPPORTED, span, __VA_ARGS__)

/* Code units: enter pushes a new innermost unit for scope `s`; leave pops
 * it and returns its finished code object (NULL after an error). */
bool ls_unit_enter(Compiler *c, Scope *s, const char *name, uint32_t flags, uint32_t first_line);
LsCode *ls_unit_leave(Compiler *c);

/* Emission. */
void ls_emit(Compiler *c, LsOpcode op, uint32_t arg, LsSpan span);
uint32_t ls_new_label(Compiler *c);
void ls_bind_label(Compiler *c, uint32_t label);
uint32_t ls_add_const(Compiler *c, LsConst k);       /* takes ownership of k's memory */
uint32_t ls_add_str_const(Compiler *c, const char *s, size_t len);
uint32_t ls_add_name(Compiler *c, const char *name);

/* Names and targets. */
bool ls_compile_name(Compiler *c, const char *name, LsExprCtx ctx, LsSpan span);
bool ls_compile_store(Compiler *c, const LsNode *target);

/* Expressions and conditions. */
bool ls_compile_expr(Compiler *c, const LsNode *e);
bool ls_compile_jump_if(Compiler *c, const LsNode *e, bool cond, uint32_t label);

/* Functions, lambdas and comprehensions: compile `node` (with scope
 * `scope`) into a new code object and emit MAKE_FUNCTION for it. */
bool ls_compile_function_object(Compiler *c, const LsNode *node, LsSpan span);

/* [closure tuple] LOAD_CONST code; MAKE_FUNCTION bits — for a code object
 * `code` (owned from now on) of child scope `child`. */
bool ls_emit_make_function(Compiler *c, const Scope *child, LsCode *code, uint32_t bits, LsSpan span);

/* [aiter] -> [aiter, next value]: one step of `async for`; a raised
 * exception goes to `handler` (which starts with END_ASYNC_FOR). */
bool ls_emit_async_next(Compiler *c, uint32_t handler, LsSpan span);

/* Compile statements of a body. */
bool ls_compile_body(Compiler *c, const LsNodeList *body);

/* Check `module.attr` against options->attr_supported when `value` names a
 * module imported at module level and never rebound. */
bool ls_check_module_attr(Compiler *c, const LsNode *attribute);

#endif
