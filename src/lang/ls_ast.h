/* ls_ast — the syntax tree the parser builds and the compiler reads, and the
 * arena that owns it.
 *
 * Every node is an LsNode: a kind from LS_NODE_LIST, the span of source it
 * covers (CPython's lineno/col_offset/end_lineno/end_col_offset) and a union
 * of per-kind fields. Child lists are LsNodeList arrays. All nodes, lists
 * and strings live in one LsArena and are freed together; nothing in the
 * tree is freed on its own. */
#ifndef LS_AST_H
#define LS_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ls_buf.h"
#include "ls_diag.h"
#include "ls_opcodes.h"

/* ---- the arena ------------------------------------------------------------ */

typedef struct LsArenaChunk LsArenaChunk;
typedef struct LsArena {
    LsArenaChunk *chunks;  /* newest first */
    size_t used, cap;      /* of the newest chunk */
    bool failed;           /* an allocation failed (out of memory) */
} LsArena;

void ls_arena_init(LsArena *a);
void ls_arena_fini(LsArena *a);            /* frees every allocation */
/* Zeroed, 8-byte aligned memory valid until ls_arena_fini; NULL (and
 * a->failed set) when memory runs out. */
void *ls_arena_alloc(LsArena *a, size_t size);
/* NUL-terminated copy of s[0, n) in the arena; NULL on failure. */
char *ls_arena_strndup(LsArena *a, const char *s, size_t n);

/* ---- nodes ----------------------------------------------------------------- */

/* X(KIND, "what CPython calls it in messages such as 'cannot assign to …'") */
#define LS_NODE_LIST(X) \
    /* module */ \
    X(MODULE, "module") \
    /* expressions */ \
    X(NAME, "name") X(CONST, "literal") X(FSTRING, "f-string expression") \
    X(FORMATTED, "f-string expression") X(BINOP, "expression") \
    X(UNARYOP, "expression") X(BOOLOP, "expression") X(COMPARE, "comparison") \
    X(IFEXP, "conditional expression") X(CALL, "function call") \
    X(ATTRIBUTE, "attribute") X(SUBSCRIPT, "subscript") X(SLICE, "slice") \
    X(STARRED, "starred") X(TUPLE, "tuple") X(LIST, "list") \
    X(SET, "set display") X(DICT, "dict literal") \
    X(LISTCOMP, "list comprehension") X(SETCOMP, "set comprehension") \
    X(DICTCOMP, "dict comprehension") X(GENEXP, "generator expression") \
    X(LAMBDA, "lambda") X(AWAIT, "await expression") \
    X(YIELD, "yield expression") X(YIELD_FROM, "yield expression") \
    X(NAMEDEXPR, "named expression") \
    /* statements */ \
    X(EXPR, "expression statement") X(ASSIGN, "assignment") \
    X(AUGASSIGN, "augmented assignment") X(ANNASSIGN, "annotated assignment") \
    X(DELETE, "del statement") X(PASS, "pass") X(BREAK, "break") \
    X(CONTINUE, "continue") X(RETURN, "return") X(RAISE, "raise") \
    X(GLOBAL, "global") X(NONLOCAL, "nonlocal") X(ASSERT, "assert") \
    X(IMPORT, "import") X(IMPORT_FROM, "from import") X(IF, "if") \
    X(WHILE, "while") X(FOR, "for") X(TRY, "try") X(WITH, "with") \
    X(FUNCTIONDEF, "function definition") X(CLASSDEF, "class definition") \
    X(MATCH, "match") \
    /* parts of the above */ \
    X(KEYWORD, "keyword argument") X(COMPREHENSION, "comprehension clause") \
    X(ARGUMENTS, "parameters") X(ARG, "parameter") X(ALIAS, "import alias") \
    X(HANDLER, "except clause") X(WITHITEM, "with item") \
    X(DECORATOR, "decorator")

typedef enum LsNodeKind {
#define LS_NODE_ENUM(name, what) LS_NODE_##name,
    LS_NODE_LIST(LS_NODE_ENUM)
#undef LS_NODE_ENUM
    LS_NODE__COUNT
} LsNodeKind;

extern const char *const ls_node_kind_names[LS_NODE__COUNT];  /* "BINOP" */
extern const char *const ls_node_kind_what[LS_NODE__COUNT];   /* "expression" */

typedef struct LsNode LsNode;
typedef struct LsNodeList {
    LsNode **items;
    uint32_t n;
} LsNodeList;

typedef enum LsExprCtx { LS_CTX_LOAD, LS_CTX_STORE, LS_CTX_DEL } LsExprCtx;

/* Literal values as written: ints that do not fit int64 keep `big` set and
 * are refused by the compiler. Strings are decoded UTF-8 (escapes applied). */
typedef enum LsAstConstKind {
    LS_AST_NONE, LS_AST_TRUE, LS_AST_FALSE, LS_AST_ELLIPSIS, LS_AST_INT,
    LS_AST_FLOAT, LS_AST_COMPLEX, LS_AST_STR, LS_AST_BYTES,
} LsAstConstKind;

typedef struct LsAstConst {
    LsAstConstKind kind;
    bool big;              /* LS_AST_INT beyond int64 */
    int64_t i;
    double f;              /* FLOAT, or the imaginary part of COMPLEX */
    const char *s;         /* STR/BYTES bytes (NUL-terminated), len below */
    size_t len;
} LsAstConst;

struct LsNode {
    LsNodeKind kind;
    LsSpan span;
    union {
        struct { LsNodeList body; } module;
        struct { const char *id; LsExprCtx ctx; } name;
        LsAstConst constant;
        /* FSTRING: values are CONST str and FORMATTED nodes, in order. */
        struct { LsNodeList values; } fstring;
        /* conversion: 0 none, 1 !s, 2 !r, 3 !a (FORMAT_VALUE's numbering);
         * spec: an FSTRING or NULL. */
        struct { LsNode *value; int conversion; LsNode *spec; } formatted;
        struct { LsBinOp op; LsNode *left, *right; } binop;
        /* op: LS_OP_UNARY_NEG / _POS / _NOT / _INVERT */
        struct { LsOpcode op; LsNode *operand; } unaryop;
        struct { bool is_or; LsNodeList values; } boolop;
        /* ops[i] compares comparators[i] with what precedes it */
        struct { LsNode *left; LsCmpOp *ops; LsNodeList comparators; } compare;
        struct { LsNode *test, *body, *orelse; } ifexp;
        /* args may contain STARRED; keywords are KEYWORD nodes */
        struct { LsNode *func; LsNodeList args, keywords; } call;
        /* arg NULL for **value; arg_span is the span of the name */
        struct { const char *arg; LsNode *value; } keyword;
        struct { LsNode *value; const char *attr; LsExprCtx ctx; } attribute;
        struct { LsNode *value, *slice; LsExprCtx ctx; } subscript;
        struct { LsNode *lower, *upper, *step; } slice;   /* parts may be NULL */
        struct { LsNode *value; LsExprCtx ctx; } starred;
        /* TUPLE, LIST, SET */
        struct { LsNodeList elts; LsExprCtx ctx; } seq;
        /* keys[i] NULL means `**values[i]` */
        struct { LsNodeList keys, values; } dict;
        /* LISTCOMP/SETCOMP/GENEXP use elt; DICTCOMP uses elt (key) + value */
        struct { LsNode *elt, *value; LsNodeList generators; } comp;
        struct { LsNode *target, *iter; LsNodeList ifs; bool is_async; } comprehension;
        struct { LsNode *args; LsNode *body; } lambda;     /* args: ARGUMENTS */
        /* AWAIT, YIELD (value may be NULL), YIELD_FROM */
        struct { LsNode *value; } unary;
        struct { LsNode *target, *value; } namedexpr;

        struct { LsNode *value; } expr;                     /* EXPR, RETURN (NULL) */
        struct { LsNodeList targets; LsNode *value; } assign;
        struct { LsNode *target; LsBinOp op; LsNode *value; } augassign;
        struct { LsNode *target, *annotation, *value; } annassign; /* value may be NULL */
        struct { LsNodeList targets; } del;
        struct { LsNode *exc, *cause; } raise;               /* both may be NULL */
        struct { LsNodeList names; } global;                 /* GLOBAL/NONLOCAL: NAME nodes */
        struct { LsNode *test, *msg; } assert_;
        struct { LsNodeList names; } import;                 /* ALIAS nodes */
        struct { const char *module; int level; LsNodeList names; } import_from;
        struct { const char *name, *asname; } alias;         /* name "*" for import * */
        struct { LsNode *test; LsNodeList body, orelse; } if_;  /* IF and WHILE */
        struct { LsNode *target, *iter; LsNodeList body, orelse; bool is_async; LsSpan keyword_span; } for_;
        struct { LsNodeList body, handlers, orelse, finalbody; bool is_star; } try_;
        /* type NULL for a bare except; name NULL without `as` */
        struct { LsNode *type; const char *name; LsNodeList body; } handler;
        struct { LsNodeList items, body; bool is_async; LsSpan keyword_span; } with;
        struct { LsNode *context_expr, *optional_vars; } withitem;
        struct {
            const char *name;
            LsNode *args;              /* ARGUMENTS */
            LsNodeList body, decorators;
            LsNode *returns;
            bool is_async;
            LsSpan keyword_span;       /* `def` or `async def` */
        } funcdef;
        struct { const char *name; LsNodeList bases, keywords, body, decorators; } classdef;
        struct { LsNode *subject; } match;
        /* kw_defaults[i] is NULL when kwonly[i] has no default; defaults
         * belong to the last len(defaults) of posonly + args. */
        struct {
            LsNodeList posonly, args, kwonly, kw_defaults, defaults;
            LsNode *vararg, *kwarg;    /* ARG or NULL */
        } arguments;
        struct { const char *arg; LsNode *annotation; } arg;
        struct { LsNode *value; } decorator;
    } u;
};

/* A new zeroed node of `kind` covering `span`; NULL when memory ran out. */
LsNode *ls_ast_new(LsArena *a, LsNodeKind kind, LsSpan span);

/* Append `n` to `list`, growing it inside the arena (`*cap` is the list's
 * capacity, 0 initially). Returns false when memory ran out. */
bool ls_ast_push(LsArena *a, LsNodeList *list, uint32_t *cap, LsNode *n);

/* Compact, deterministic S-expression of a tree for tests and debugging:
 * (Assign (Name x) (BinOp + (Const 1) (Name y))). Appends to `out`. */
void ls_ast_dump(const LsNode *n, LsBuf *out);

#endif
