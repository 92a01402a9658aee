/* ls_scope — scope analysis: which names are locals, globals, cells or free
 * variables in each function, lambda and comprehension.
 *
 * Two passes, as in CPython's symtable:
 *  1. collect: walk the tree once, creating a Scope per function-like node
 *     and recording per name what happens to it there (bound, read,
 *     declared global/nonlocal). The same walk reports the context errors
 *     CPython raises at compile time ('return' outside function, 'await'
 *     outside async function, 'break' outside loop, misplaced global...).
 *  2. resolve: top-down, every name that is read but not bound looks for
 *     the nearest enclosing function scope that binds it; if found, it is
 *     FREE here and in every scope in between, and a CELL there. Otherwise
 *     it is global. Class scopes are skipped by this search.
 * Finally slots are assigned: parameters first, then other locals in order
 * of first appearance; cellvars and freevars sorted by name like CPython. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ls_compiler_int.h"

typedef struct Builder {
    LsArena *arena;
    LsDiag *diag;
    bool failed;
    int loop_depth;          /* loops around the current statement, this function */
    int depth;               /* recursion guard */
    Scope *module;
} Builder;

enum { MAX_RECURSION = 1500 };

static bool berror(Builder *b, LsSpan span, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static bool berror(Builder *b, LsSpan span, const char *fmt, ...) {
    if (b->failed) return false;
    b->failed = true;
    b->diag->kind = LS_DIAG_SYNTAX;
    b->diag->span = span;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->diag->message, sizeof b->diag->message, fmt, ap);
    va_end(ap);
    return false;
}

static bool oom(Builder *b, LsSpan span) { return berror(b, span, "out of memory"); }

/* ---- symbol tables -------------------------------------------------------- */

static uint32_t hash_name(const char *s) {
    uint32_t h = 2166136261u;
    while (*s) h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

Symbol *ls_scope_lookup(const Scope *s, const char *name) {
    if (!s->table_size) return NULL;
    uint32_t mask = s->table_size - 1;
    for (uint32_t i = hash_name(name) & mask;; i = (i + 1) & mask) {
        uint32_t k = s->table[i];
        if (k == UINT32_MAX) return NULL;
        if (strcmp(s->syms[k].name, name) == 0) return &s->syms[k];
    }
}

static bool rehash(Builder *b, Scope *s) {
    uint32_t size = s->table_size ? s->table_size * 2 : 16;
    uint32_t *t = ls_arena_alloc(b->arena, size * sizeof *t);
    if (!t) return false;
    memset(t, 0xFF, size * sizeof *t);
    for (uint32_t k = 0; k < s->n_syms; k++) {
        uint32_t i = hash_name(s->syms[k].name) & (size - 1);
        while (t[i] != UINT32_MAX) i = (i + 1) & (size - 1);
        t[i] = k;
    }
    s->table = t;
    s->table_size = size;
    return true;
}

/* The symbol `name` of `s`, created (with no flags) when missing. */
static Symbol *symbol(Builder *b, Scope *s, const char *name) {
    Symbol *sym = ls_scope_lookup(s, name);
    if (sym) return sym;
    if (s->n_syms == s->cap_syms) {
        uint32_t cap = s->cap_syms ? s->cap_syms * 2 : 8;
        Symbol *syms = ls_arena_alloc(b->arena, cap * sizeof *syms);
        if (!syms) return NULL;
        if (s->n_syms) memcpy(syms, s->syms, s->n_syms * sizeof *syms);
        s->syms = syms;
        s->cap_syms = cap;
    }
    if ((s->n_syms + 1) * 2 > s->table_size) {
        if (!rehash(b, s)) return NULL;
    }
    sym = &s->syms[s->n_syms];
    memset(sym, 0, sizeof *sym);
    sym->name = name;
    sym->param = -1;
    uint32_t mask = s->table_size - 1, i = hash_name(name) & mask;
    while (s->table[i] != UINT32_MAX) i = (i + 1) & mask;
    s->table[i] = s->n_syms++;
    return sym;
}

static Scope *new_scope(Builder *b, ScopeKind kind, const LsNode *node, Scope *parent) {
    Scope *s = ls_arena_alloc(b->arena, sizeof *s);
    if (!s) return NULL;
    s->kind = kind;
    s->node = node;
    s->parent = parent;
    if (!parent) return s;
    if (parent->n_children == parent->cap_children) {
        uint32_t cap = parent->cap_children ? parent->cap_children * 2 : 4;
        Scope **c = ls_arena_alloc(b->arena, cap * sizeof *c);
        if (!c) return NULL;
        if (parent->n_children) memcpy(c, parent->children, parent->n_children * sizeof *c);
        parent->children = c;
        parent->cap_children = cap;
    }
    parent->children[parent->n_children++] = s;
    return s;
}

Scope *ls_scope_child(const Scope *s, const LsNode *node) {
    for (uint32_t i = 0; i < s->n_children; i++) {
        if (s->children[i]->node == node) return s->children[i];
    }
    return NULL;
}

/* ---- pass 1: collect ------------------------------------------------------- */

static bool visit_expr(Builder *b, Scope *s, const LsNode *e);
static bool visit_body(Builder *b, Scope *s, const LsNodeList *body);

static bool visit_list(Builder *b, Scope *s, const LsNodeList *l) {
    for (uint32_t i = 0; i < l->n; i++) {
        if (l->items[i] && !visit_expr(b, s, l->items[i])) return false;
    }
    return true;
}

static bool visit_opt(Builder *b, Scope *s, const LsNode *e) { return !e || visit_expr(b, s, e); }

/* Record a binding of `name` in `s` (and count it for module-level names,
 * which the `X.attr` check needs). */
static bool bind(Builder *b, Scope *s, const char *name, LsSpan span) {
    Symbol *sym = symbol(b, s, name);
    if (!sym) return oom(b, span);
    sym->flags |= SYM_BOUND;
    if (s->kind == SCOPE_MODULE || (sym->flags & SYM_GLOBAL)) {
        Symbol *m = symbol(b, b->module, name);
        if (!m) return oom(b, span);
        m->flags |= SYM_BOUND;
        m->n_binds++;
    }
    return true;
}

static bool use(Builder *b, Scope *s, const char *name, LsSpan span) {
    Symbol *sym = symbol(b, s, name);
    if (!sym) return oom(b, span);
    sym->flags |= SYM_USED;
    return true;
}

/* The innermost scope that is not a comprehension. */
static const Scope *enclosing_function(const Scope *s) {
    while (s->kind == SCOPE_COMPREHENSION) s = s->parent;
    return s;
}

static const char *comprehension_what(const Scope *s) {
    switch (s->node->kind) {
    case LS_NODE_LISTCOMP: return "list comprehension";
    case LS_NODE_SETCOMP: return "set comprehension";
    case LS_NODE_DICTCOMP: return "dict comprehension";
    default: return "generator expression";
    }
}

static bool visit_await(Builder *b, Scope *s, const LsNode *e) {
    const Scope *f = enclosing_function(s);
    if (f->kind == SCOPE_MODULE || f->kind == SCOPE_CLASS) return berror(b, e->span, "'await' outside function");
    if (!f->is_async) {
        if (s->kind == SCOPE_COMPREHENSION) {
            return berror(b, s->node->span, "asynchronous comprehension outside of an asynchronous function");
        }
        return berror(b, e->span, "'await' outside async function");
    }
    for (Scope *x = s; x->kind == SCOPE_COMPREHENSION; x = x->parent) x->has_await = true;
    s->has_await = true;
    return visit_expr(b, s, e->u.unary.value);
}

static bool visit_yield(Builder *b, Scope *s, const LsNode *e) {
    if (s->kind == SCOPE_MODULE || s->kind == SCOPE_CLASS) return berror(b, e->span, "'yield' outside function");
    if (s->kind == SCOPE_COMPREHENSION) return berror(b, e->span, "'yield' inside %s", comprehension_what(s));
    s->is_generator = true;
    if (!s->first_yield) s->first_yield = e;
    return visit_opt(b, s, e->u.unary.value);
}

/* Parameters become symbols with a slot number: positional, keyword-only,
 * *args, **kwargs (the layout of ls_code.h). */
static bool add_params(Builder *b, Scope *child, const LsNode *args) {
    const LsNodeList *lists[3] = {&args->u.arguments.posonly, &args->u.arguments.args, &args->u.arguments.kwonly};
    int32_t slot = 0;
    const LsNode *order[4096];
    uint32_t n = 0;
    for (int l = 0; l < 3; l++) {
        for (uint32_t i = 0; i < lists[l]->n && n < 4094; i++) order[n++] = lists[l]->items[i];
    }
    if (args->u.arguments.vararg) order[n++] = args->u.arguments.vararg;
    if (args->u.arguments.kwarg) order[n++] = args->u.arguments.kwarg;
    for (uint32_t i = 0; i < n; i++) {
        Symbol *sym = symbol(b, child, order[i]->u.arg.arg);
        if (!sym) return oom(b, order[i]->span);
        sym->flags |= SYM_PARAM | SYM_BOUND;
        sym->param = slot++;
    }
    return true;
}

/* Defaults and annotations are evaluated (or at least checked) in the
 * enclosing scope. */
static bool visit_arguments_outside(Builder *b, Scope *s, const LsNode *args) {
    if (!visit_list(b, s, &args->u.arguments.defaults) || !visit_list(b, s, &args->u.arguments.kw_defaults)) {
        return false;
    }
    const LsNodeList *lists[3] = {&args->u.arguments.posonly, &args->u.arguments.args, &args->u.arguments.kwonly};
    for (int l = 0; l < 3; l++) {
        for (uint32_t i = 0; i < lists[l]->n; i++) {
            if (!visit_opt(b, s, lists[l]->items[i]->u.arg.annotation)) return false;
        }
    }
    if (args->u.arguments.vararg && !visit_opt(b, s, args->u.arguments.vararg->u.arg.annotation)) return false;
    return !args->u.arguments.kwarg || visit_opt(b, s, args->u.arguments.kwarg->u.arg.annotation);
}

static bool visit_lambda(Builder *b, Scope *s, const LsNode *e) {
    if (!visit_arguments_outside(b, s, e->u.lambda.args)) return false;
    Scope *child = new_scope(b, SCOPE_LAMBDA, e, s);
    if (!child || !add_params(b, child, e->u.lambda.args)) return child ? false : oom(b, e->span);
    return visit_expr(b, child, e->u.lambda.body);
}

static bool visit_comprehension(Builder *b, Scope *s, const LsNode *e) {
    const LsNodeList *gens = &e->u.comp.generators;
    if (!visit_expr(b, s, gens->items[0]->u.comprehension.iter)) return false;
    Scope *child = new_scope(b, SCOPE_COMPREHENSION, e, s);
    if (!child) return oom(b, e->span);
    Symbol *dot0 = symbol(b, child, ".0");
    if (!dot0) return oom(b, e->span);
    dot0->flags |= SYM_PARAM | SYM_BOUND;
    dot0->param = 0;
    for (uint32_t i = 0; i < gens->n; i++) {
        const LsNode *g = gens->items[i];
        if (g->u.comprehension.is_async && !enclosing_function(s)->is_async) {
            return berror(b, e->span, "asynchronous comprehension outside of an asynchronous function");
        }
        if (i > 0 && !visit_expr(b, child, g->u.comprehension.iter)) return false;
        if (!visit_expr(b, child, g->u.comprehension.target) || !visit_list(b, child, &g->u.comprehension.ifs)) {
            return false;
        }
    }
    return visit_expr(b, child, e->u.comp.elt) && visit_opt(b, child, e->u.comp.value);
}

/* `super` or `__class__` read in a function nested in a class: the
 * function gets the implicit `__class__` free variable, and the nearest
 * class scope a cell for it (filled when the class is built), so that
 * zero-argument super() works as in CPython. */
static bool use_class_cell(Builder *b, Scope *s, LsSpan span) {
    if (s->kind == SCOPE_CLASS || s->kind == SCOPE_MODULE) return true;
    Scope *k = s->parent;
    while (k && k->kind != SCOPE_CLASS) k = k->parent;
    if (!k) return true;
    Symbol *cell = symbol(b, k, "__class__");
    if (!cell) return oom(b, span);
    cell->flags |= SYM_CLASSCELL;
    return use(b, s, "__class__", span);
}

static bool visit_name(Builder *b, Scope *s, const LsNode *e) {
    if (e->u.name.ctx == LS_CTX_LOAD) {
        if ((strcmp(e->u.name.id, "super") == 0 || strcmp(e->u.name.id, "__class__") == 0) &&
            !use_class_cell(b, s, e->span))
            return false;
        return use(b, s, e->u.name.id, e->span);
    }
    return bind(b, s, e->u.name.id, e->span);
}

static bool visit_expr(Builder *b, Scope *s, const LsNode *e) {
    if (++b->depth > MAX_RECURSION) return berror(b, e->span, "too many nested expressions");
    bool ok = true;
    switch (e->kind) {
    case LS_NODE_NAME: ok = visit_name(b, s, e); break;
    case LS_NODE_CONST: break;
    case LS_NODE_FSTRING: ok = visit_list(b, s, &e->u.fstring.values); break;
    case LS_NODE_FORMATTED: ok = visit_expr(b, s, e->u.formatted.value) && visit_opt(b, s, e->u.formatted.spec); break;
    case LS_NODE_BINOP: ok = visit_expr(b, s, e->u.binop.left) && visit_expr(b, s, e->u.binop.right); break;
    case LS_NODE_UNARYOP: ok = visit_expr(b, s, e->u.unaryop.operand); break;
    case LS_NODE_BOOLOP: ok = visit_list(b, s, &e->u.boolop.values); break;
    case LS_NODE_COMPARE: ok = visit_expr(b, s, e->u.compare.left) && visit_list(b, s, &e->u.compare.comparators); break;
    case LS_NODE_IFEXP:
        ok = visit_expr(b, s, e->u.ifexp.test) && visit_expr(b, s, e->u.ifexp.body) &&
             visit_expr(b, s, e->u.ifexp.orelse);
        break;
    case LS_NODE_CALL:
        ok = visit_expr(b, s, e->u.call.func) && visit_list(b, s, &e->u.call.args) &&
             visit_list(b, s, &e->u.call.keywords);
        break;
    case LS_NODE_KEYWORD: ok = visit_expr(b, s, e->u.keyword.value); break;
    case LS_NODE_ATTRIBUTE: ok = visit_expr(b, s, e->u.attribute.value); break;
    case LS_NODE_SUBSCRIPT: ok = visit_expr(b, s, e->u.subscript.value) && visit_expr(b, s, e->u.subscript.slice); break;
    case LS_NODE_SLICE:
        ok = visit_opt(b, s, e->u.slice.lower) && visit_opt(b, s, e->u.slice.upper) && visit_opt(b, s, e->u.slice.step);
        break;
    case LS_NODE_STARRED: ok = visit_expr(b, s, e->u.starred.value); break;
    case LS_NODE_TUPLE: case LS_NODE_LIST: case LS_NODE_SET: ok = visit_list(b, s, &e->u.seq.elts); break;
    case LS_NODE_DICT: ok = visit_list(b, s, &e->u.dict.keys) && visit_list(b, s, &e->u.dict.values); break;
    case LS_NODE_LISTCOMP: case LS_NODE_SETCOMP: case LS_NODE_DICTCOMP: case LS_NODE_GENEXP:
        ok = visit_comprehension(b, s, e);
        break;
    case LS_NODE_LAMBDA: ok = visit_lambda(b, s, e); break;
    case LS_NODE_AWAIT: ok = visit_await(b, s, e); break;
    case LS_NODE_YIELD: case LS_NODE_YIELD_FROM: ok = visit_yield(b, s, e); break;
    case LS_NODE_NAMEDEXPR: ok = visit_expr(b, s, e->u.namedexpr.value) && visit_expr(b, s, e->u.namedexpr.target); break;
    case LS_NODE_DECORATOR: ok = visit_expr(b, s, e->u.decorator.value); break;
    default: break;
    }
    b->depth--;
    return ok;
}

/* global / nonlocal: the declaration must come before any use in the scope. */
static bool visit_declaration(Builder *b, Scope *s, const LsNode *st) {
    bool global = st->kind == LS_NODE_GLOBAL;
    const char *what = global ? "global" : "nonlocal";
    if (!global && s->kind == SCOPE_MODULE) return berror(b, st->span, "nonlocal declaration not allowed at module level");
    for (uint32_t i = 0; i < st->u.global.names.n; i++) {
        const char *name = st->u.global.names.items[i]->u.name.id;
        Symbol *sym = symbol(b, s, name);
        if (!sym) return oom(b, st->span);
        if (sym->flags & SYM_PARAM) return berror(b, st->span, "name '%s' is parameter and %s", name, what);
        if (sym->flags & (global ? SYM_NONLOCAL : SYM_GLOBAL)) {
            return berror(b, st->span, "name '%s' is nonlocal and global", name);
        }
        if (sym->flags & SYM_USED) return berror(b, st->span, "name '%s' is used prior to %s declaration", name, what);
        if (sym->flags & SYM_BOUND) {
            return berror(b, st->span, "name '%s' is assigned to before %s declaration", name, what);
        }
        sym->flags |= global ? SYM_GLOBAL : SYM_NONLOCAL;
        sym->decl_span = st->span;
    }
    return true;
}

static bool visit_funcdef(Builder *b, Scope *s, const LsNode *st) {
    const LsNode *args = st->u.funcdef.args;
    if (!visit_list(b, s, &st->u.funcdef.decorators) || !visit_arguments_outside(b, s, args) ||
        !visit_opt(b, s, st->u.funcdef.returns)) {
        return false;
    }
    if (!bind(b, s, st->u.funcdef.name, st->span)) return false;
    Scope *child = new_scope(b, SCOPE_FUNCTION, st, s);
    if (!child) return oom(b, st->span);
    child->is_async = st->u.funcdef.is_async;
    if (!add_params(b, child, args)) return false;
    int loops = b->loop_depth;
    b->loop_depth = 0;
    bool ok = visit_body(b, child, &st->u.funcdef.body);
    b->loop_depth = loops;
    if (ok && child->is_async && child->is_generator && child->value_return) {
        return berror(b, child->value_return->span, "'return' with value in async generator");
    }
    return ok;
}

static bool visit_classdef(Builder *b, Scope *s, const LsNode *st) {
    if (!visit_list(b, s, &st->u.classdef.decorators) || !visit_list(b, s, &st->u.classdef.bases) ||
        !visit_list(b, s, &st->u.classdef.keywords) || !bind(b, s, st->u.classdef.name, st->span)) {
        return false;
    }
    Scope *child = new_scope(b, SCOPE_CLASS, st, s);
    if (!child) return oom(b, st->span);
    int loops = b->loop_depth;
    b->loop_depth = 0;
    bool ok = visit_body(b, child, &st->u.classdef.body);
    b->loop_depth = loops;
    return ok;
}

static bool visit_loop(Builder *b, Scope *s, const LsNodeList *body, const LsNodeList *orelse) {
    b->loop_depth++;
    bool ok = visit_body(b, s, body);
    b->loop_depth--;
    return ok && visit_body(b, s, orelse);
}

static bool check_async_context(Builder *b, Scope *s, LsSpan span, const char *what) {
    const Scope *f = enclosing_function(s);
    if (f->kind == SCOPE_FUNCTION && f->is_async) return true;
    return berror(b, span, "'%s' outside async function", what);
}

static bool visit_import(Builder *b, Scope *s, const LsNode *st) {
    for (uint32_t i = 0; i < st->u.import.names.n; i++) {
        const LsNode *a = st->u.import.names.items[i];
        const char *bound = a->u.alias.asname;
        char top[256];
        if (!bound) {
            size_t n = strcspn(a->u.alias.name, ".");
            if (n >= sizeof top) n = sizeof top - 1;
            memcpy(top, a->u.alias.name, n);
            top[n] = '\0';
            bound = ls_arena_strndup(b->arena, top, n);
            if (!bound) return oom(b, a->span);
        }
        if (!bind(b, s, bound, a->span)) return false;
        if (s->kind == SCOPE_MODULE) ls_scope_lookup(s, bound)->import_of = a->u.alias.name;
    }
    return true;
}

static bool visit_import_from(Builder *b, Scope *s, const LsNode *st) {
    for (uint32_t i = 0; i < st->u.import_from.names.n; i++) {
        const LsNode *a = st->u.import_from.names.items[i];
        if (strcmp(a->u.alias.name, "*") == 0) continue;
        if (!bind(b, s, a->u.alias.asname ? a->u.alias.asname : a->u.alias.name, a->span)) return false;
    }
    return true;
}

static bool visit_try(Builder *b, Scope *s, const LsNode *st) {
    if (!visit_body(b, s, &st->u.try_.body)) return false;
    for (uint32_t i = 0; i < st->u.try_.handlers.n; i++) {
        const LsNode *h = st->u.try_.handlers.items[i];
        if (!visit_opt(b, s, h->u.handler.type)) return false;
        if (h->u.handler.name && !bind(b, s, h->u.handler.name, h->span)) return false;
        if (!visit_body(b, s, &h->u.handler.body)) return false;
    }
    return visit_body(b, s, &st->u.try_.orelse) && visit_body(b, s, &st->u.try_.finalbody);
}

static bool visit_with(Builder *b, Scope *s, const LsNode *st) {
    if (st->u.with.is_async && !check_async_context(b, s, st->span, "async with")) return false;
    for (uint32_t i = 0; i < st->u.with.items.n; i++) {
        const LsNode *w = st->u.with.items.items[i];
        if (!visit_expr(b, s, w->u.withitem.context_expr) || !visit_opt(b, s, w->u.withitem.optional_vars)) {
            return false;
        }
    }
    return visit_body(b, s, &st->u.with.body);
}

static bool visit_for(Builder *b, Scope *s, const LsNode *st) {
    if (st->u.for_.is_async && !check_async_context(b, s, st->span, "async for")) return false;
    return visit_expr(b, s, st->u.for_.iter) && visit_expr(b, s, st->u.for_.target) &&
           visit_loop(b, s, &st->u.for_.body, &st->u.for_.orelse);
}

static bool outside_function(const Scope *s) { return s->kind == SCOPE_MODULE || s->kind == SCOPE_CLASS; }

static bool visit_stmt(Builder *b, Scope *s, const LsNode *st) {
    switch (st->kind) {
    case LS_NODE_EXPR: return visit_expr(b, s, st->u.expr.value);
    case LS_NODE_RETURN:
        if (outside_function(s)) return berror(b, st->span, "'return' outside function");
        if (st->u.expr.value && !s->value_return) s->value_return = st;
        return visit_opt(b, s, st->u.expr.value);
    case LS_NODE_ASSIGN: return visit_expr(b, s, st->u.assign.value) && visit_list(b, s, &st->u.assign.targets);
    case LS_NODE_AUGASSIGN: {
        const LsNode *t = st->u.augassign.target;
        if (!visit_expr(b, s, st->u.augassign.value)) return false;
        if (t->kind == LS_NODE_NAME) return use(b, s, t->u.name.id, t->span) && bind(b, s, t->u.name.id, t->span);
        return visit_expr(b, s, t);
    }
    case LS_NODE_ANNASSIGN:
        return visit_opt(b, s, st->u.annassign.value) && visit_expr(b, s, st->u.annassign.annotation) &&
               visit_expr(b, s, st->u.annassign.target);
    case LS_NODE_DELETE: return visit_list(b, s, &st->u.del.targets);
    case LS_NODE_BREAK:
        return b->loop_depth > 0 || berror(b, st->span, "'break' outside loop");
    case LS_NODE_CONTINUE:
        return b->loop_depth > 0 || berror(b, st->span, "'continue' not properly in loop");
    case LS_NODE_RAISE: return visit_opt(b, s, st->u.raise.exc) && visit_opt(b, s, st->u.raise.cause);
    case LS_NODE_GLOBAL: case LS_NODE_NONLOCAL: return visit_declaration(b, s, st);
    case LS_NODE_ASSERT: return visit_expr(b, s, st->u.assert_.test) && visit_opt(b, s, st->u.assert_.msg);
    case LS_NODE_IMPORT: return visit_import(b, s, st);
    case LS_NODE_IMPORT_FROM: return visit_import_from(b, s, st);
    case LS_NODE_IF: return visit_expr(b, s, st->u.if_.test) && visit_body(b, s, &st->u.if_.body) &&
                            visit_body(b, s, &st->u.if_.orelse);
    case LS_NODE_WHILE: return visit_expr(b, s, st->u.if_.test) && visit_loop(b, s, &st->u.if_.body, &st->u.if_.orelse);
    case LS_NODE_FOR: return visit_for(b, s, st);
    case LS_NODE_TRY: return visit_try(b, s, st);
    case LS_NODE_WITH: return visit_with(b, s, st);
    case LS_NODE_FUNCTIONDEF: return visit_funcdef(b, s, st);
    case LS_NODE_CLASSDEF: return visit_classdef(b, s, st);
    case LS_NODE_MATCH: return visit_opt(b, s, st->u.match.subject);
    default: return true;
    }
}

static bool visit_body(Builder *b, Scope *s, const LsNodeList *body) {
    for (uint32_t i = 0; i < body->n; i++) {
        if (!visit_stmt(b, s, body->items[i])) return false;
    }
    return true;
}

/* ---- pass 2: resolve -------------------------------------------------------- */

/* The nearest enclosing function scope that binds `name`, or NULL when the
 * name is global from `s`'s point of view. */
static Scope *find_binding(Scope *s, const char *name) {
    for (Scope *a = s->parent; a && a->kind != SCOPE_MODULE; a = a->parent) {
        if (a->kind == SCOPE_CLASS) {
            Symbol *k = strcmp(name, "__class__") == 0 ? ls_scope_lookup(a, name) : NULL;
            if (k && (k->flags & SYM_CLASSCELL)) return a;
            continue;
        }
        Symbol *sym = ls_scope_lookup(a, name);
        if (!sym) continue;
        if (sym->flags & SYM_GLOBAL) return NULL;
        if (sym->flags & SYM_NONLOCAL) continue;
        if (sym->flags & (SYM_BOUND | SYM_PARAM)) return a;
    }
    return NULL;
}

/* `name` is free in `s` and in every scope up to `owner`, where it
 * becomes a cell. A class scope in between passes the variable through
 * (its methods' closures are built in the class body); a name the class
 * body binds itself stays a class-namespace name there (SYM_BOUND). */
static bool mark_free(Builder *b, Scope *s, Scope *owner, const char *name) {
    for (Scope *x = s; x != owner; x = x->parent) {
        Symbol *sym = symbol(b, x, name);
        if (!sym) return false;
        sym->where = WHERE_FREE;
    }
    ls_scope_lookup(owner, name)->where = WHERE_CELL;
    return true;
}

static bool resolve_symbol(Builder *b, Scope *s, Symbol *sym) {
    if (sym->where != WHERE_UNRESOLVED) return true;   /* a pass-through FREE */
    if (sym->flags & SYM_CLASSCELL) {
        sym->where = WHERE_CELL;
        return true;
    }
    if (s->kind == SCOPE_CLASS && !(sym->flags & (SYM_BOUND | SYM_GLOBAL))) {
        /* Read in a class body, bound in an enclosing function: a free
         * variable (CPython's LOAD_CLASSDEREF); otherwise a global. */
        Scope *owner = find_binding(s, sym->name);
        if (!owner) {
            sym->where = WHERE_GLOBAL;
            return true;
        }
        const char *name = sym->name;
        return mark_free(b, s, owner, name) || oom(b, s->node->span);
    }
    if (s->kind == SCOPE_MODULE || s->kind == SCOPE_CLASS || (sym->flags & SYM_GLOBAL)) {
        sym->where = WHERE_GLOBAL;
        return true;
    }
    if ((sym->flags & (SYM_BOUND | SYM_PARAM)) && !(sym->flags & SYM_NONLOCAL)) {
        if (sym->where != WHERE_CELL) sym->where = WHERE_FAST;
        return true;
    }
    Scope *owner = find_binding(s, sym->name);
    if (!owner) {
        if (sym->flags & SYM_NONLOCAL) {
            return berror(b, sym->decl_span, "no binding for nonlocal '%s' found", sym->name);
        }
        sym->where = WHERE_GLOBAL;
        return true;
    }
    const char *name = sym->name;   /* `sym` may move when mark_free grows the table */
    return mark_free(b, s, owner, name) || oom(b, s->node->span);
}

static bool resolve(Builder *b, Scope *s) {
    for (uint32_t i = 0; i < s->n_syms; i++) {
        if (!resolve_symbol(b, s, &s->syms[i])) return false;
    }
    for (uint32_t i = 0; i < s->n_children; i++) {
        if (!resolve(b, s->children[i])) return false;
    }
    return true;
}

/* ---- slots -------------------------------------------------------------------- */

static int compare_names(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const char **collect(Builder *b, Scope *s, SymWhere where, uint32_t *n) {
    *n = 0;
    const char **names = ls_arena_alloc(b->arena, (s->n_syms + 1) * sizeof *names);
    if (!names) return NULL;
    for (uint32_t i = 0; i < s->n_syms; i++) {
        if (s->syms[i].where == where) names[(*n)++] = s->syms[i].name;
    }
    qsort(names, *n, sizeof *names, compare_names);
    return names;
}

static bool assign_slots(Builder *b, Scope *s) {
    if (s->kind == SCOPE_MODULE) goto children;
    if (s->kind == SCOPE_CLASS) {
        /* No fast locals (the namespace is a dict); cells and free
         * variables as in functions. */
        s->cellvars = collect(b, s, WHERE_CELL, &s->n_cells);
        s->freevars = collect(b, s, WHERE_FREE, &s->n_free);
        s->varnames = ls_arena_alloc(b->arena, sizeof *s->varnames);
        s->cell2arg = ls_arena_alloc(b->arena, (s->n_cells + 1) * sizeof *s->cell2arg);
        if (!s->cellvars || !s->freevars || !s->varnames || !s->cell2arg) return oom(b, s->node->span);
        for (uint32_t i = 0; i < s->n_cells; i++) {
            s->cell2arg[i] = -1;
            ls_scope_lookup(s, s->cellvars[i])->index = i;
        }
        for (uint32_t i = 0; i < s->n_free; i++) ls_scope_lookup(s, s->freevars[i])->index = i;
        goto children;
    }
    s->varnames = ls_arena_alloc(b->arena, (s->n_syms + 1) * sizeof *s->varnames);
    if (!s->varnames) return oom(b, s->node->span);
    uint32_t n_params = 0;
    for (uint32_t i = 0; i < s->n_syms; i++) {
        if (s->syms[i].param >= 0) n_params++;
    }
    for (uint32_t i = 0; i < s->n_syms; i++) {
        Symbol *sym = &s->syms[i];
        if (sym->param >= 0) {
            s->varnames[sym->param] = sym->name;
            sym->index = (uint32_t)sym->param;
        }
    }
    s->n_locals = n_params;
    for (uint32_t i = 0; i < s->n_syms; i++) {
        Symbol *sym = &s->syms[i];
        if (sym->where == WHERE_FAST && sym->param < 0) {
            sym->index = s->n_locals;
            s->varnames[s->n_locals++] = sym->name;
        }
    }
    s->cellvars = collect(b, s, WHERE_CELL, &s->n_cells);
    s->freevars = collect(b, s, WHERE_FREE, &s->n_free);
    s->cell2arg = ls_arena_alloc(b->arena, (s->n_cells + 1) * sizeof *s->cell2arg);
    if (!s->cellvars || !s->freevars || !s->cell2arg) return oom(b, s->node->span);
    for (uint32_t i = 0; i < s->n_cells; i++) {
        Symbol *sym = ls_scope_lookup(s, s->cellvars[i]);
        s->cell2arg[i] = sym->param;
        sym->index = i;
    }
    for (uint32_t i = 0; i < s->n_free; i++) ls_scope_lookup(s, s->freevars[i])->index = i;
children:
    for (uint32_t i = 0; i < s->n_children; i++) {
        if (!assign_slots(b, s->children[i])) return false;
    }
    return true;
}

bool ls_scope_build(ScopeTree *t, const LsNode *module, LsArena *arena, LsDiag *diag) {
    Builder b = {.arena = arena, .diag = diag};
    t->arena = arena;
    t->module = new_scope(&b, SCOPE_MODULE, module, NULL);
    if (!t->module) return oom(&b, module->span);
    b.module = t->module;
    return visit_body(&b, t->module, &module->u.module.body) && resolve(&b, t->module) &&
           assign_slots(&b, t->module);
}
