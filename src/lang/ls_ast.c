/* ls_ast — the node arena and the tree printer (see ls_ast.h). */
#include "ls_ast.h"

#include <stdlib.h>
#include <string.h>

const char *const ls_node_kind_names[LS_NODE__COUNT] = {
#define LS_NODE_NAME(name, what) #name,
    LS_NODE_LIST(LS_NODE_NAME)
#undef LS_NODE_NAME
};

const char *const ls_node_kind_what[LS_NODE__COUNT] = {
#define LS_NODE_WHAT(name, what) what,
    LS_NODE_LIST(LS_NODE_WHAT)
#undef LS_NODE_WHAT
};

/* ---- arena ------------------------------------------------------------- */

struct LsArenaChunk {
    LsArenaChunk *next;
    size_t size;
    _Alignas(8) unsigned char data[];
};

enum { CHUNK_SIZE = 64 * 1024 };

void ls_arena_init(LsArena *a) { memset(a, 0, sizeof *a); }

void ls_arena_fini(LsArena *a) {
    LsArenaChunk *c = a->chunks;
    while (c) {
        LsArenaChunk *next = c->next;
        free(c);
        c = next;
    }
    memset(a, 0, sizeof *a);
}

void *ls_arena_alloc(LsArena *a, size_t size) {
    size = (size + 7) & ~(size_t)7;
    if (!a->chunks || a->used + size > a->cap) {
        size_t cap = size > CHUNK_SIZE ? size : CHUNK_SIZE;
        LsArenaChunk *c = malloc(sizeof *c + cap);
        if (!c) {
            a->failed = true;
            return NULL;
        }
        c->next = a->chunks;
        c->size = cap;
        a->chunks = c;
        a->used = 0;
        a->cap = cap;
    }
    void *p = a->chunks->data + a->used;
    a->used += size;
    memset(p, 0, size);
    return p;
}

char *ls_arena_strndup(LsArena *a, const char *s, size_t n) {
    char *d = ls_arena_alloc(a, n + 1);
    if (!d) return NULL;
    if (n) memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

LsNode *ls_ast_new(LsArena *a, LsNodeKind kind, LsSpan span) {
    LsNode *n = ls_arena_alloc(a, sizeof *n);
    if (!n) return NULL;
    n->kind = kind;
    n->span = span;
    return n;
}

bool ls_ast_push(LsArena *a, LsNodeList *list, uint32_t *cap, LsNode *n) {
    if (list->n == *cap) {
        uint32_t ncap = *cap ? *cap * 2 : 4;
        LsNode **items = ls_arena_alloc(a, ncap * sizeof *items);
        if (!items) return false;
        if (list->n) memcpy(items, list->items, list->n * sizeof *items);
        list->items = items;
        *cap = ncap;
    }
    list->items[list->n++] = n;
    return true;
}

/* ---- printer ----------------------------------------------------------- */

static void dump_list(const char *tag, const LsNodeList *l, LsBuf *out) {
    if (l->n == 0) return;
    ls_buf_printf(out, " (%s", tag);
    for (uint32_t i = 0; i < l->n; i++) {
        ls_buf_putc(out, ' ');
        ls_ast_dump(l->items[i], out);
    }
    ls_buf_putc(out, ')');
}

static void dump_child(const LsNode *n, LsBuf *out) {
    ls_buf_putc(out, ' ');
    ls_ast_dump(n, out);
}

static void dump_str(const char *s, size_t len, LsBuf *out) {
    ls_buf_putc(out, '\'');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n') ls_buf_puts(out, "\\n");
        else if (c == '\'' || c == '\\') ls_buf_printf(out, "\\%c", c);
        else if (c < 0x20) ls_buf_printf(out, "\\x%02x", c);
        else ls_buf_putc(out, (char)c);
    }
    ls_buf_putc(out, '\'');
}

static void dump_const(const LsAstConst *c, LsBuf *out) {
    switch (c->kind) {
    case LS_AST_NONE: ls_buf_puts(out, "None"); break;
    case LS_AST_TRUE: ls_buf_puts(out, "True"); break;
    case LS_AST_FALSE: ls_buf_puts(out, "False"); break;
    case LS_AST_ELLIPSIS: ls_buf_puts(out, "..."); break;
    case LS_AST_INT:
        if (c->big) ls_buf_puts(out, "<bigint>");
        else ls_buf_printf(out, "%lld", (long long)c->i);
        break;
    case LS_AST_FLOAT: ls_buf_printf(out, "%.17g", c->f); break;
    case LS_AST_COMPLEX: ls_buf_printf(out, "%.17gj", c->f); break;
    case LS_AST_STR: dump_str(c->s, c->len, out); break;
    case LS_AST_BYTES: ls_buf_putc(out, 'b'); dump_str(c->s, c->len, out); break;
    }
}

static const char *ctx_suffix(LsExprCtx ctx) {
    return ctx == LS_CTX_STORE ? "!" : ctx == LS_CTX_DEL ? "~" : "";
}

static const char *unary_symbol(LsOpcode op) {
    switch (op) {
    case LS_OP_UNARY_NEG: return "-";
    case LS_OP_UNARY_POS: return "+";
    case LS_OP_UNARY_NOT: return "not";
    default: return "~";
    }
}

/* Expressions: the kinds whose fields are other expressions. */
static bool dump_expr(const LsNode *n, LsBuf *out) {
    switch (n->kind) {
    case LS_NODE_NAME: ls_buf_printf(out, " %s%s", n->u.name.id, ctx_suffix(n->u.name.ctx)); break;
    case LS_NODE_CONST: ls_buf_putc(out, ' '); dump_const(&n->u.constant, out); break;
    case LS_NODE_FSTRING: dump_list("parts", &n->u.fstring.values, out); break;
    case LS_NODE_FORMATTED:
        ls_buf_printf(out, " %d", n->u.formatted.conversion);
        dump_child(n->u.formatted.value, out);
        if (n->u.formatted.spec) dump_child(n->u.formatted.spec, out);
        break;
    case LS_NODE_BINOP:
        ls_buf_printf(out, " %s", ls_binop_symbols[n->u.binop.op]);
        dump_child(n->u.binop.left, out);
        dump_child(n->u.binop.right, out);
        break;
    case LS_NODE_UNARYOP:
        ls_buf_printf(out, " %s", unary_symbol(n->u.unaryop.op));
        dump_child(n->u.unaryop.operand, out);
        break;
    case LS_NODE_BOOLOP:
        ls_buf_puts(out, n->u.boolop.is_or ? " or" : " and");
        dump_list("values", &n->u.boolop.values, out);
        break;
    case LS_NODE_COMPARE:
        dump_child(n->u.compare.left, out);
        for (uint32_t i = 0; i < n->u.compare.comparators.n; i++) {
            ls_buf_printf(out, " %s", ls_cmpop_symbols[n->u.compare.ops[i]]);
            dump_child(n->u.compare.comparators.items[i], out);
        }
        break;
    case LS_NODE_IFEXP:
        dump_child(n->u.ifexp.test, out);
        dump_child(n->u.ifexp.body, out);
        dump_child(n->u.ifexp.orelse, out);
        break;
    case LS_NODE_CALL:
        dump_child(n->u.call.func, out);
        dump_list("args", &n->u.call.args, out);
        dump_list("kw", &n->u.call.keywords, out);
        break;
    case LS_NODE_KEYWORD:
        ls_buf_printf(out, " %s", n->u.keyword.arg ? n->u.keyword.arg : "**");
        dump_child(n->u.keyword.value, out);
        break;
    case LS_NODE_ATTRIBUTE:
        dump_child(n->u.attribute.value, out);
        ls_buf_printf(out, " .%s%s", n->u.attribute.attr, ctx_suffix(n->u.attribute.ctx));
        break;
    case LS_NODE_SUBSCRIPT:
        ls_buf_puts(out, ctx_suffix(n->u.subscript.ctx));
        dump_child(n->u.subscript.value, out);
        dump_child(n->u.subscript.slice, out);
        break;
    case LS_NODE_SLICE: {
        const LsNode *parts[3] = {n->u.slice.lower, n->u.slice.upper, n->u.slice.step};
        for (int i = 0; i < 3; i++) {
            if (parts[i]) dump_child(parts[i], out);
            else ls_buf_puts(out, " _");
        }
        break;
    }
    case LS_NODE_STARRED:
        ls_buf_puts(out, ctx_suffix(n->u.starred.ctx));
        dump_child(n->u.starred.value, out);
        break;
    case LS_NODE_TUPLE: case LS_NODE_LIST: case LS_NODE_SET:
        ls_buf_puts(out, ctx_suffix(n->u.seq.ctx));
        for (uint32_t i = 0; i < n->u.seq.elts.n; i++) dump_child(n->u.seq.elts.items[i], out);
        break;
    case LS_NODE_DICT:
        for (uint32_t i = 0; i < n->u.dict.keys.n; i++) {
            if (n->u.dict.keys.items[i]) dump_child(n->u.dict.keys.items[i], out);
            else ls_buf_puts(out, " **");
            dump_child(n->u.dict.values.items[i], out);
        }
        break;
    case LS_NODE_LISTCOMP: case LS_NODE_SETCOMP: case LS_NODE_DICTCOMP: case LS_NODE_GENEXP:
        dump_child(n->u.comp.elt, out);
        if (n->u.comp.value) dump_child(n->u.comp.value, out);
        dump_list("for", &n->u.comp.generators, out);
        break;
    case LS_NODE_COMPREHENSION:
        if (n->u.comprehension.is_async) ls_buf_puts(out, " async");
        dump_child(n->u.comprehension.target, out);
        dump_child(n->u.comprehension.iter, out);
        dump_list("if", &n->u.comprehension.ifs, out);
        break;
    case LS_NODE_LAMBDA:
        dump_child(n->u.lambda.args, out);
        dump_child(n->u.lambda.body, out);
        break;
    case LS_NODE_AWAIT: case LS_NODE_YIELD: case LS_NODE_YIELD_FROM:
        if (n->u.unary.value) dump_child(n->u.unary.value, out);
        break;
    case LS_NODE_NAMEDEXPR:
        dump_child(n->u.namedexpr.target, out);
        dump_child(n->u.namedexpr.value, out);
        break;
    default:
        return false;
    }
    return true;
}

static void dump_opt(const LsNode *n, LsBuf *out) {
    if (n) dump_child(n, out);
}

static void dump_funcdef(const LsNode *n, LsBuf *out) {
    ls_buf_printf(out, "%s %s", n->u.funcdef.is_async ? " async" : "", n->u.funcdef.name);
    dump_list("decorators", &n->u.funcdef.decorators, out);
    dump_child(n->u.funcdef.args, out);
    dump_list("body", &n->u.funcdef.body, out);
}

static void dump_arguments(const LsNode *n, LsBuf *out) {
    dump_list("posonly", &n->u.arguments.posonly, out);
    dump_list("args", &n->u.arguments.args, out);
    dump_list("defaults", &n->u.arguments.defaults, out);
    if (n->u.arguments.vararg) ls_buf_printf(out, " (*%s)", n->u.arguments.vararg->u.arg.arg);
    dump_list("kwonly", &n->u.arguments.kwonly, out);
    if (n->u.arguments.kwonly.n) {
        ls_buf_puts(out, " (kwdefaults");
        for (uint32_t i = 0; i < n->u.arguments.kw_defaults.n; i++) {
            const LsNode *d = n->u.arguments.kw_defaults.items[i];
            if (d) dump_child(d, out);
            else ls_buf_puts(out, " _");
        }
        ls_buf_putc(out, ')');
    }
    if (n->u.arguments.kwarg) ls_buf_printf(out, " (**%s)", n->u.arguments.kwarg->u.arg.arg);
}

/* Statements and the remaining helper nodes. */
static void dump_stmt(const LsNode *n, LsBuf *out) {
    switch (n->kind) {
    case LS_NODE_MODULE: dump_list("body", &n->u.module.body, out); break;
    case LS_NODE_EXPR: case LS_NODE_RETURN: dump_opt(n->u.expr.value, out); break;
    case LS_NODE_ASSIGN:
        dump_list("targets", &n->u.assign.targets, out);
        dump_child(n->u.assign.value, out);
        break;
    case LS_NODE_AUGASSIGN:
        ls_buf_printf(out, " %s=", ls_binop_symbols[n->u.augassign.op]);
        dump_child(n->u.augassign.target, out);
        dump_child(n->u.augassign.value, out);
        break;
    case LS_NODE_ANNASSIGN:
        dump_child(n->u.annassign.target, out);
        dump_child(n->u.annassign.annotation, out);
        dump_opt(n->u.annassign.value, out);
        break;
    case LS_NODE_DELETE: dump_list("targets", &n->u.del.targets, out); break;
    case LS_NODE_RAISE: dump_opt(n->u.raise.exc, out); dump_opt(n->u.raise.cause, out); break;
    case LS_NODE_GLOBAL: case LS_NODE_NONLOCAL: dump_list("names", &n->u.global.names, out); break;
    case LS_NODE_ASSERT: dump_child(n->u.assert_.test, out); dump_opt(n->u.assert_.msg, out); break;
    case LS_NODE_IMPORT: dump_list("names", &n->u.import.names, out); break;
    case LS_NODE_IMPORT_FROM:
        ls_buf_printf(out, " %d %s", n->u.import_from.level,
                      n->u.import_from.module ? n->u.import_from.module : "_");
        dump_list("names", &n->u.import_from.names, out);
        break;
    case LS_NODE_ALIAS:
        ls_buf_printf(out, " %s", n->u.alias.name);
        if (n->u.alias.asname) ls_buf_printf(out, " %s", n->u.alias.asname);
        break;
    case LS_NODE_IF: case LS_NODE_WHILE:
        dump_child(n->u.if_.test, out);
        dump_list("body", &n->u.if_.body, out);
        dump_list("else", &n->u.if_.orelse, out);
        break;
    case LS_NODE_FOR:
        if (n->u.for_.is_async) ls_buf_puts(out, " async");
        dump_child(n->u.for_.target, out);
        dump_child(n->u.for_.iter, out);
        dump_list("body", &n->u.for_.body, out);
        dump_list("else", &n->u.for_.orelse, out);
        break;
    case LS_NODE_TRY:
        if (n->u.try_.is_star) ls_buf_puts(out, " *");
        dump_list("body", &n->u.try_.body, out);
        dump_list("handlers", &n->u.try_.handlers, out);
        dump_list("else", &n->u.try_.orelse, out);
        dump_list("finally", &n->u.try_.finalbody, out);
        break;
    case LS_NODE_HANDLER:
        dump_opt(n->u.handler.type, out);
        if (n->u.handler.name) ls_buf_printf(out, " as %s", n->u.handler.name);
        dump_list("body", &n->u.handler.body, out);
        break;
    case LS_NODE_WITH:
        if (n->u.with.is_async) ls_buf_puts(out, " async");
        dump_list("items", &n->u.with.items, out);
        dump_list("body", &n->u.with.body, out);
        break;
    case LS_NODE_WITHITEM:
        dump_child(n->u.withitem.context_expr, out);
        dump_opt(n->u.withitem.optional_vars, out);
        break;
    case LS_NODE_FUNCTIONDEF: dump_funcdef(n, out); break;
    case LS_NODE_CLASSDEF:
        ls_buf_printf(out, " %s", n->u.classdef.name);
        dump_list("bases", &n->u.classdef.bases, out);
        dump_list("body", &n->u.classdef.body, out);
        break;
    case LS_NODE_MATCH: dump_opt(n->u.match.subject, out); break;
    case LS_NODE_ARGUMENTS: dump_arguments(n, out); break;
    case LS_NODE_ARG: ls_buf_printf(out, " %s", n->u.arg.arg); break;
    case LS_NODE_DECORATOR: dump_child(n->u.decorator.value, out); break;
    default: break;
    }
}

void ls_ast_dump(const LsNode *n, LsBuf *out) {
    if (!n) {
        ls_buf_puts(out, "_");
        return;
    }
    ls_buf_putc(out, '(');
    ls_buf_puts(out, ls_node_kind_names[n->kind]);
    if (!dump_expr(n, out)) dump_stmt(n, out);
    ls_buf_putc(out, ')');
}
