/* ls_compile_expr — code generation for expressions, assignment targets,
 * and the code objects of functions, lambdas and comprehensions.
 *
 * Every instruction gets the span of the expression it implements (the
 * whole call for CALL, the whole `a + b` for BINARY_OP, the whole `a.b` for
 * LOAD_ATTR) because tracebacks draw their carets from it. */
#include <stdlib.h>
#include <string.h>

#include "ls_compiler_int.h"

enum { MAX_EXPR_DEPTH = 1000 };

/* ---- names ---------------------------------------------------------------------- */

bool ls_compile_name(Compiler *c, const char *name, LsExprCtx ctx, LsSpan span) {
    static const LsOpcode GLOBAL[] = {LS_OP_LOAD_GLOBAL, LS_OP_STORE_GLOBAL, LS_OP_DELETE_GLOBAL};
    static const LsOpcode FAST[] = {LS_OP_LOAD_FAST, LS_OP_STORE_FAST, LS_OP_DELETE_FAST};
    static const LsOpcode DEREF[] = {LS_OP_LOAD_DEREF, LS_OP_STORE_DEREF, LS_OP_DELETE_DEREF};
    static const LsOpcode NAME[] = {LS_OP_LOAD_NAME, LS_OP_STORE_NAME, LS_OP_DELETE_NAME};
    const Scope *s = c->u->scope;
    const Symbol *sym = s->kind == SCOPE_MODULE ? NULL : ls_scope_lookup(s, name);
    if (s->kind == SCOPE_CLASS) {
        /* Class bodies use their namespace dict: names they bind, and
         * globals read through it (LOAD_NAME falls back to globals). */
        bool declared_global = sym && (sym->flags & SYM_GLOBAL);
        bool free = sym && (sym->where == WHERE_FREE || sym->where == WHERE_CELL) && !(sym->flags & SYM_BOUND);
        if (!declared_global && !free) {
            ls_emit(c, NAME[ctx], ls_add_name(c, name), span);
            return !c->failed;
        }
    }
    if (ctx == LS_CTX_LOAD && c->opt->builtin_refused && (!sym || sym->where == WHERE_GLOBAL)) {
        /* A builtin loopscope refuses, read where the program never binds
         * that name itself. */
        const Symbol *m = ls_scope_lookup(c->scopes.module, name);
        const char *why = (!m || !m->n_binds) ? c->opt->builtin_refused(c->opt->ud, name) : NULL;
        if (why) return cunsupported(c, span, "%s() is not supported by loopscope: %s", name, why);
    }
    switch (sym ? sym->where : WHERE_GLOBAL) {
    case WHERE_FAST: ls_emit(c, FAST[ctx], sym->index, span); break;
    case WHERE_CELL: ls_emit(c, DEREF[ctx], sym->index, span); break;
    case WHERE_FREE: ls_emit(c, DEREF[ctx], s->n_cells + sym->index, span); break;
    default: ls_emit(c, GLOBAL[ctx], ls_add_name(c, name), span); break;
    }
    return !c->failed;
}

/* `X.attr` where X is a module imported at module level and never rebound:
 * ask the embedder whether loopscope supports that attribute. */
bool ls_check_module_attr(Compiler *c, const LsNode *attribute) {
    const LsNode *value = attribute->u.attribute.value;
    if (c->opt->attr_refused) {
        const char *label = NULL, *why = c->opt->attr_refused(c->opt->ud, attribute->u.attribute.attr, &label);
        if (why) return cunsupported(c, attribute->span, "%s is not supported by loopscope: %s", label, why);
    }
    if (value->kind != LS_NODE_NAME || !c->opt->attr_supported) return true;
    const Scope *s = c->u->scope;
    const Symbol *local = s->kind == SCOPE_MODULE ? NULL : ls_scope_lookup(s, value->u.name.id);
    if (local && local->where != WHERE_GLOBAL) return true;
    const Symbol *m = ls_scope_lookup(c->scopes.module, value->u.name.id);
    if (!m || !m->import_of || m->n_binds != 1) return true;
    const char *reason = NULL, *attr = attribute->u.attribute.attr;
    if (c->opt->attr_supported(c->opt->ud, m->import_of, attr, &reason)) return true;
    if (reason) return cunsupported(c, attribute->span, "%s.%s is not supported by loopscope: %s", m->import_of, attr, reason);
    return cunsupported(c, attribute->span, "%s.%s is not supported by loopscope", m->import_of, attr);
}

/* ---- assignment targets ------------------------------------------------------------ */

static bool compile_unpack(Compiler *c, const LsNode *t) {
    const LsNodeList *elts = &t->u.seq.elts;
    uint32_t star = UINT32_MAX;
    for (uint32_t i = 0; i < elts->n; i++) {
        if (elts->items[i]->kind == LS_NODE_STARRED) star = i;
    }
    for (uint32_t i = 0, stars = 0; i < elts->n; i++) {
        if (elts->items[i]->kind == LS_NODE_STARRED && ++stars == 2) {
            return ls_cerror(c, LS_DIAG_SYNTAX, t->span, "multiple starred expressions in assignment");
        }
    }
    if (star == UINT32_MAX) {
        ls_emit(c, LS_OP_UNPACK_SEQUENCE, elts->n, t->span);
    } else {
        uint32_t after = elts->n - star - 1;
        if (star > 0xFF || after > 0xFFFF) {
            return ls_cerror(c, LS_DIAG_SYNTAX, t->span, "too many expressions in star-unpacking assignment");
        }
        ls_emit(c, LS_OP_UNPACK_EX, star | (after << 8), t->span);
    }
    for (uint32_t i = 0; i < elts->n; i++) {
        const LsNode *e = elts->items[i];
        if (!ls_compile_store(c, e->kind == LS_NODE_STARRED ? e->u.starred.value : e)) return false;
    }
    return true;
}

bool ls_compile_store(Compiler *c, const LsNode *t) {
    switch (t->kind) {
    case LS_NODE_NAME: return ls_compile_name(c, t->u.name.id, LS_CTX_STORE, t->span);
    case LS_NODE_ATTRIBUTE:
        if (!ls_check_module_attr(c, t) || !ls_compile_expr(c, t->u.attribute.value)) return false;
        ls_emit(c, LS_OP_STORE_ATTR, ls_add_name(c, t->u.attribute.attr), t->span);
        return !c->failed;
    case LS_NODE_SUBSCRIPT:
        if (!ls_compile_expr(c, t->u.subscript.value) || !ls_compile_expr(c, t->u.subscript.slice)) return false;
        ls_emit(c, LS_OP_STORE_SUBSCR, 0, t->span);
        return !c->failed;
    case LS_NODE_TUPLE: case LS_NODE_LIST: return compile_unpack(c, t);
    case LS_NODE_STARRED:
        return ls_cerror(c, LS_DIAG_SYNTAX, t->span, "starred assignment target must be in a list or tuple");
    default: return ls_cerror(c, LS_DIAG_SYNTAX, t->span, "cannot assign to %s", ls_node_kind_what[t->kind]);
    }
}

/* ---- constants and f-strings --------------------------------------------------------- */

static bool compile_const(Compiler *c, const LsNode *e) {
    const LsAstConst *k = &e->u.constant;
    LsConst v = {0};
    switch (k->kind) {
    case LS_AST_NONE: ls_emit(c, LS_OP_LOAD_NONE, 0, e->span); return !c->failed;
    case LS_AST_TRUE: ls_emit(c, LS_OP_LOAD_TRUE, 0, e->span); return !c->failed;
    case LS_AST_FALSE: ls_emit(c, LS_OP_LOAD_FALSE, 0, e->span); return !c->failed;
    case LS_AST_ELLIPSIS: v.kind = LS_CONST_ELLIPSIS; break;
    case LS_AST_INT:
        if (k->big) return cunsupported(c, e->span, "integers beyond 64 bits are not supported by loopscope yet");
        v.kind = LS_CONST_INT;
        v.as.i = k->i;
        break;
    case LS_AST_FLOAT: v.kind = LS_CONST_FLOAT; v.as.f = k->f; break;
    case LS_AST_COMPLEX: return cunsupported(c, e->span, "complex numbers are not supported by loopscope yet");
    case LS_AST_BYTES: return cunsupported(c, e->span, "bytes literals are not supported by loopscope yet");
    case LS_AST_STR:
        ls_emit(c, LS_OP_LOAD_CONST, ls_add_str_const(c, k->s, k->len), e->span);
        return !c->failed;
    }
    ls_emit(c, LS_OP_LOAD_CONST, ls_add_const(c, v), e->span);
    return !c->failed;
}

static bool compile_fstring(Compiler *c, const LsNode *e);

/* value [spec] FORMAT_VALUE conversion|(4 if spec) */
static bool compile_formatted(Compiler *c, const LsNode *f) {
    if (!ls_compile_expr(c, f->u.formatted.value)) return false;
    uint32_t arg = (uint32_t)f->u.formatted.conversion;
    if (f->u.formatted.spec) {
        if (!compile_fstring(c, f->u.formatted.spec)) return false;
        arg |= 4;
    }
    ls_emit(c, LS_OP_FORMAT_VALUE, arg, f->span);
    return !c->failed;
}

/* Pieces in order, then BUILD_STRING n; a lone piece needs no BUILD_STRING. */
static bool compile_fstring(Compiler *c, const LsNode *e) {
    const LsNodeList *v = &e->u.fstring.values;
    if (v->n == 0) {
        ls_emit(c, LS_OP_LOAD_CONST, ls_add_str_const(c, "", 0), e->span);
        return !c->failed;
    }
    for (uint32_t i = 0; i < v->n; i++) {
        const LsNode *piece = v->items[i];
        bool ok = piece->kind == LS_NODE_FORMATTED ? compile_formatted(c, piece) : ls_compile_expr(c, piece);
        if (!ok) return false;
    }
    if (v->n > 1) ls_emit(c, LS_OP_BUILD_STRING, v->n, e->span);
    return !c->failed;
}

/* ---- operators ------------------------------------------------------------------------ */

static bool compile_boolop(Compiler *c, const LsNode *e) {
    uint32_t end = ls_new_label(c);
    LsOpcode jump = e->u.boolop.is_or ? LS_OP_JUMP_IF_TRUE_OR_POP : LS_OP_JUMP_IF_FALSE_OR_POP;
    const LsNodeList *v = &e->u.boolop.values;
    for (uint32_t i = 0; i < v->n; i++) {
        if (!ls_compile_expr(c, v->items[i])) return false;
        if (i + 1 < v->n) ls_emit(c, jump, end, e->span);
    }
    ls_bind_label(c, end);
    return !c->failed;
}

/* a < b < c: b is evaluated once and kept under the first result with
 * DUP_TOP / ROT_THREE; a false link jumps to a cleanup that drops it. */
static bool compile_compare(Compiler *c, const LsNode *e) {
    const LsNodeList *rest = &e->u.compare.comparators;
    if (!ls_compile_expr(c, e->u.compare.left)) return false;
    if (rest->n == 1) {
        if (!ls_compile_expr(c, rest->items[0])) return false;
        ls_emit(c, LS_OP_COMPARE_OP, e->u.compare.ops[0], e->span);
        return !c->failed;
    }
    uint32_t cleanup = ls_new_label(c), end = ls_new_label(c);
    for (uint32_t i = 0; i + 1 < rest->n; i++) {
        if (!ls_compile_expr(c, rest->items[i])) return false;
        ls_emit(c, LS_OP_DUP_TOP, 0, e->span);
        ls_emit(c, LS_OP_ROT_THREE, 0, e->span);
        ls_emit(c, LS_OP_COMPARE_OP, e->u.compare.ops[i], e->span);
        ls_emit(c, LS_OP_JUMP_IF_FALSE_OR_POP, cleanup, e->span);
    }
    if (!ls_compile_expr(c, rest->items[rest->n - 1])) return false;
    ls_emit(c, LS_OP_COMPARE_OP, e->u.compare.ops[rest->n - 1], e->span);
    ls_emit(c, LS_OP_JUMP, end, e->span);
    ls_bind_label(c, cleanup);
    ls_emit(c, LS_OP_ROT_TWO, 0, e->span);
    ls_emit(c, LS_OP_POP_TOP, 0, e->span);
    ls_bind_label(c, end);
    return !c->failed;
}

static bool compile_ifexp(Compiler *c, const LsNode *e) {
    uint32_t orelse = ls_new_label(c), end = ls_new_label(c);
    if (!ls_compile_jump_if(c, e->u.ifexp.test, false, orelse) || !ls_compile_expr(c, e->u.ifexp.body)) return false;
    ls_emit(c, LS_OP_JUMP, end, e->span);
    ls_bind_label(c, orelse);
    if (!ls_compile_expr(c, e->u.ifexp.orelse)) return false;
    ls_bind_label(c, end);
    return !c->failed;
}

bool ls_compile_jump_if(Compiler *c, const LsNode *e, bool cond, uint32_t label) {
    if (e->kind == LS_NODE_UNARYOP && e->u.unaryop.op == LS_OP_UNARY_NOT) {
        return ls_compile_jump_if(c, e->u.unaryop.operand, !cond, label);
    }
    if (e->kind == LS_NODE_BOOLOP) {
        const LsNodeList *v = &e->u.boolop.values;
        if (e->u.boolop.is_or == cond) {
            /* `a or b` jumping when true / `a and b` jumping when false:
             * any operand decides. */
            for (uint32_t i = 0; i < v->n; i++) {
                if (!ls_compile_jump_if(c, v->items[i], cond, label)) return false;
            }
            return true;
        }
        uint32_t next = ls_new_label(c);
        for (uint32_t i = 0; i + 1 < v->n; i++) {
            if (!ls_compile_jump_if(c, v->items[i], !cond, next)) return false;
        }
        if (!ls_compile_jump_if(c, v->items[v->n - 1], cond, label)) return false;
        ls_bind_label(c, next);
        return !c->failed;
    }
    if (!ls_compile_expr(c, e)) return false;
    ls_emit(c, cond ? LS_OP_POP_JUMP_IF_TRUE : LS_OP_POP_JUMP_IF_FALSE, label, e->span);
    return !c->failed;
}

/* ---- displays ------------------------------------------------------------------------- */

/* Elements with `*x` go through a list: BUILD_LIST of the leading plain
 * items, then LIST_EXTEND for each `*x` and LIST_APPEND for later items. */
static bool compile_starred_list(Compiler *c, const LsNodeList *elts, LsSpan span) {
    uint32_t pending = 0;
    bool built = false;
    for (uint32_t i = 0; i < elts->n; i++) {
        const LsNode *e = elts->items[i];
        if (e->kind == LS_NODE_STARRED) {
            if (!built) ls_emit(c, LS_OP_BUILD_LIST, pending, span);
            built = true;
            if (!ls_compile_expr(c, e->u.starred.value)) return false;
            ls_emit(c, LS_OP_LIST_EXTEND, 1, span);
        } else {
            if (!ls_compile_expr(c, e)) return false;
            if (built) ls_emit(c, LS_OP_LIST_APPEND, 1, span);
            else pending++;
        }
    }
    if (!built) ls_emit(c, LS_OP_BUILD_LIST, pending, span);
    return !c->failed;
}

/* A set with `*x`: there is no SET_UPDATE, so iterate x with SET_ADD. */
static bool compile_starred_set(Compiler *c, const LsNode *e) {
    const LsNodeList *elts = &e->u.seq.elts;
    uint32_t pending = 0;
    bool built = false;
    for (uint32_t i = 0; i < elts->n; i++) {
        const LsNode *x = elts->items[i];
        if (x->kind != LS_NODE_STARRED) {
            if (!ls_compile_expr(c, x)) return false;
            if (built) ls_emit(c, LS_OP_SET_ADD, 1, e->span);
            else pending++;
            continue;
        }
        if (!built) ls_emit(c, LS_OP_BUILD_SET, pending, e->span);
        built = true;
        uint32_t top = ls_new_label(c), done = ls_new_label(c);
        if (!ls_compile_expr(c, x->u.starred.value)) return false;
        ls_emit(c, LS_OP_GET_ITER, 0, x->span);
        ls_bind_label(c, top);
        ls_emit(c, LS_OP_FOR_ITER, done, x->span);
        ls_emit(c, LS_OP_SET_ADD, 2, x->span);
        ls_emit(c, LS_OP_JUMP, top, x->span);
        ls_bind_label(c, done);
    }
    return !c->failed;
}

static bool has_starred(const LsNodeList *elts) {
    for (uint32_t i = 0; i < elts->n; i++) {
        if (elts->items[i]->kind == LS_NODE_STARRED) return true;
    }
    return false;
}

static bool compile_sequence(Compiler *c, const LsNode *e) {
    const LsNodeList *elts = &e->u.seq.elts;
    if (has_starred(elts)) {
        if (e->kind == LS_NODE_SET) return compile_starred_set(c, e);
        if (!compile_starred_list(c, elts, e->span)) return false;
        if (e->kind == LS_NODE_TUPLE) ls_emit(c, LS_OP_LIST_TO_TUPLE, 0, e->span);
        return !c->failed;
    }
    for (uint32_t i = 0; i < elts->n; i++) {
        if (!ls_compile_expr(c, elts->items[i])) return false;
    }
    LsOpcode op = e->kind == LS_NODE_TUPLE ? LS_OP_BUILD_TUPLE : e->kind == LS_NODE_LIST ? LS_OP_BUILD_LIST : LS_OP_BUILD_SET;
    ls_emit(c, op, elts->n, e->span);
    return !c->failed;
}

/* {k: v, **m, k2: v2}: BUILD_DICT per run of pairs, DICT_UPDATE to merge. */
static bool compile_dict(Compiler *c, const LsNode *e) {
    const LsNodeList *keys = &e->u.dict.keys, *values = &e->u.dict.values;
    uint32_t pending = 0;
    bool built = false;
    for (uint32_t i = 0; i < keys->n; i++) {
        if (keys->items[i]) {
            if (!ls_compile_expr(c, keys->items[i]) || !ls_compile_expr(c, values->items[i])) return false;
            pending++;
            continue;
        }
        if (pending || !built) {
            ls_emit(c, LS_OP_BUILD_DICT, pending, e->span);
            if (built) ls_emit(c, LS_OP_DICT_UPDATE, 1, e->span);
            built = true;
            pending = 0;
        }
        if (!ls_compile_expr(c, values->items[i])) return false;
        ls_emit(c, LS_OP_DICT_UPDATE, 1, e->span);
    }
    if (pending || !built) {
        ls_emit(c, LS_OP_BUILD_DICT, pending, e->span);
        if (built) ls_emit(c, LS_OP_DICT_UPDATE, 1, e->span);
    }
    return !c->failed;
}

static bool compile_slice(Compiler *c, const LsNode *e) {
    const LsNode *parts[3] = {e->u.slice.lower, e->u.slice.upper, e->u.slice.step};
    uint32_t n = parts[2] ? 3 : 2;
    for (uint32_t i = 0; i < n; i++) {
        if (parts[i]) {
            if (!ls_compile_expr(c, parts[i])) return false;
        } else {
            ls_emit(c, LS_OP_LOAD_NONE, 0, e->span);
        }
    }
    ls_emit(c, LS_OP_BUILD_SLICE, n, e->span);
    return !c->failed;
}

/* ---- calls ------------------------------------------------------------------------------- */

static bool call_needs_ex(const LsNode *e) {
    if (has_starred(&e->u.call.args)) return true;
    for (uint32_t i = 0; i < e->u.call.keywords.n; i++) {
        if (!e->u.call.keywords.items[i]->u.keyword.arg) return true;
    }
    return false;
}

/* The tuple of keyword names for CALL_KW. */
static uint32_t kwnames_const(Compiler *c, const LsNodeList *kws) {
    LsConst t = {.kind = LS_CONST_TUPLE};
    t.as.tuple.items = calloc(kws->n, sizeof *t.as.tuple.items);
    if (!t.as.tuple.items) {
        ls_cerror(c, LS_DIAG_SYNTAX, kws->items[0]->span, "out of memory");
        return 0;
    }
    for (uint32_t i = 0; i < kws->n; i++) {
        const char *name = kws->items[i]->u.keyword.arg;
        LsConst *k = &t.as.tuple.items[t.as.tuple.n++];
        k->kind = LS_CONST_STR;
        k->as.s.len = strlen(name);
        k->as.s.str = malloc(k->as.s.len + 1);
        if (!k->as.s.str) {
            k->kind = LS_CONST_NONE;
            ls_cerror(c, LS_DIAG_SYNTAX, kws->items[i]->span, "out of memory");
            break;
        }
        memcpy(k->as.s.str, name, k->as.s.len + 1);
    }
    return ls_add_const(c, t);
}

/* Keywords of a CALL_EX: a dict built from runs of name=value pairs, with
 * DICT_MERGE for each `**m` (duplicates are a TypeError at run time). */
static bool compile_call_kwargs(Compiler *c, const LsNode *e) {
    const LsNodeList *kws = &e->u.call.keywords;
    uint32_t pending = 0;
    bool built = false;
    for (uint32_t i = 0; i < kws->n; i++) {
        const LsNode *k = kws->items[i];
        if (k->u.keyword.arg) {
            ls_emit(c, LS_OP_LOAD_CONST, ls_add_str_const(c, k->u.keyword.arg, strlen(k->u.keyword.arg)), k->span);
            if (!ls_compile_expr(c, k->u.keyword.value)) return false;
            pending++;
            continue;
        }
        if (pending) {
            ls_emit(c, LS_OP_BUILD_DICT, pending, e->span);
            if (built) ls_emit(c, LS_OP_DICT_MERGE, 1, e->span);
            built = true;
            pending = 0;
        }
        if (!built) ls_emit(c, LS_OP_BUILD_DICT, 0, e->span);
        built = true;
        if (!ls_compile_expr(c, k->u.keyword.value)) return false;
        ls_emit(c, LS_OP_DICT_MERGE, 1, e->span);
    }
    if (pending) {
        ls_emit(c, LS_OP_BUILD_DICT, pending, e->span);
        if (built) ls_emit(c, LS_OP_DICT_MERGE, 1, e->span);
    }
    return !c->failed;
}

static bool compile_call_ex(Compiler *c, const LsNode *e) {
    const LsNodeList *args = &e->u.call.args;
    if (has_starred(args)) {
        if (!compile_starred_list(c, args, e->span)) return false;
        ls_emit(c, LS_OP_LIST_TO_TUPLE, 0, e->span);
    } else {
        for (uint32_t i = 0; i < args->n; i++) {
            if (!ls_compile_expr(c, args->items[i])) return false;
        }
        ls_emit(c, LS_OP_BUILD_TUPLE, args->n, e->span);
    }
    bool kwargs = e->u.call.keywords.n > 0;
    if (kwargs && !compile_call_kwargs(c, e)) return false;
    ls_emit(c, LS_OP_CALL_EX, kwargs ? 1 : 0, e->span);
    return !c->failed;
}

/* Zero-argument super() inside a method: CPython finds the class in the
 * implicit `__class__` cell and the instance in the first argument at
 * run time; the compiler knows both, so it passes them explicitly:
 * super(__class__, <first parameter>). */
static bool compile_zero_arg_super(Compiler *c, const LsNode *e, bool *done) {
    *done = false;
    const LsNode *f = e->u.call.func;
    if (f->kind != LS_NODE_NAME || strcmp(f->u.name.id, "super") != 0 || e->u.call.args.n || e->u.call.keywords.n) return true;
    const Scope *s = c->u->scope;
    if (s->kind != SCOPE_FUNCTION && s->kind != SCOPE_LAMBDA) return true;
    const Symbol *sup = ls_scope_lookup(s, "super"), *cls = ls_scope_lookup(s, "__class__");
    if (!sup || sup->where != WHERE_GLOBAL || !cls || cls->where != WHERE_FREE || s->n_locals == 0) return true;
    const Symbol *first = ls_scope_lookup(s, s->varnames[0]);
    if (!first || first->param != 0) return true;
    if (!ls_compile_name(c, "super", LS_CTX_LOAD, f->span) || !ls_compile_name(c, "__class__", LS_CTX_LOAD, f->span) ||
        !ls_compile_name(c, s->varnames[0], LS_CTX_LOAD, f->span))
        return false;
    ls_emit(c, LS_OP_CALL, 2, e->span);
    *done = true;
    return !c->failed;
}

static bool compile_call(Compiler *c, const LsNode *e) {
    bool done;
    if (!compile_zero_arg_super(c, e, &done)) return false;
    if (done) return true;
    if (!ls_compile_expr(c, e->u.call.func)) return false;
    if (call_needs_ex(e)) return compile_call_ex(c, e);
    const LsNodeList *args = &e->u.call.args, *kws = &e->u.call.keywords;
    for (uint32_t i = 0; i < args->n; i++) {
        if (!ls_compile_expr(c, args->items[i])) return false;
    }
    for (uint32_t i = 0; i < kws->n; i++) {
        if (!ls_compile_expr(c, kws->items[i]->u.keyword.value)) return false;
    }
    if (kws->n) {
        ls_emit(c, LS_OP_LOAD_CONST, kwnames_const(c, kws), e->span);
        ls_emit(c, LS_OP_CALL_KW, args->n + kws->n, e->span);
    } else {
        ls_emit(c, LS_OP_CALL, args->n, e->span);
    }
    return !c->failed;
}

/* ---- the expression switch --------------------------------------------------------------- */

static bool compile_unary_like(Compiler *c, const LsNode *e) {
    switch (e->kind) {
    case LS_NODE_UNARYOP:
        if (!ls_compile_expr(c, e->u.unaryop.operand)) return false;
        ls_emit(c, e->u.unaryop.op, 0, e->span);
        break;
    case LS_NODE_AWAIT:
        if (!ls_compile_expr(c, e->u.unary.value)) return false;
        ls_emit(c, LS_OP_GET_AWAITABLE, 0, e->span);
        ls_emit(c, LS_OP_AWAIT, 0, e->span);
        break;
    case LS_NODE_YIELD:
        if (e->u.unary.value) {
            if (!ls_compile_expr(c, e->u.unary.value)) return false;
        } else {
            ls_emit(c, LS_OP_LOAD_NONE, 0, e->span);
        }
        ls_emit(c, LS_OP_YIELD_VALUE, 0, e->span);
        break;
    default:   /* YIELD_FROM */
        if (c->u->scope->is_async) return ls_cerror(c, LS_DIAG_SYNTAX, e->span, "'yield from' inside async function");
        if (!ls_compile_expr(c, e->u.unary.value)) return false;
        ls_emit(c, LS_OP_GET_ITER, 0, e->span);
        ls_emit(c, LS_OP_YIELD_FROM, 0, e->span);
        break;
    }
    return !c->failed;
}

static bool compile_expr_kind(Compiler *c, const LsNode *e) {
    switch (e->kind) {
    case LS_NODE_NAME: return ls_compile_name(c, e->u.name.id, LS_CTX_LOAD, e->span);
    case LS_NODE_CONST: return compile_const(c, e);
    case LS_NODE_FSTRING: return compile_fstring(c, e);
    case LS_NODE_FORMATTED: return compile_formatted(c, e);
    case LS_NODE_BINOP:
        if (!ls_compile_expr(c, e->u.binop.left) || !ls_compile_expr(c, e->u.binop.right)) return false;
        ls_emit(c, LS_OP_BINARY_OP, e->u.binop.op, e->span);
        return !c->failed;
    case LS_NODE_UNARYOP: case LS_NODE_AWAIT: case LS_NODE_YIELD: case LS_NODE_YIELD_FROM:
        return compile_unary_like(c, e);
    case LS_NODE_BOOLOP: return compile_boolop(c, e);
    case LS_NODE_COMPARE: return compile_compare(c, e);
    case LS_NODE_IFEXP: return compile_ifexp(c, e);
    case LS_NODE_CALL: return compile_call(c, e);
    case LS_NODE_ATTRIBUTE:
        if (!ls_check_module_attr(c, e) || !ls_compile_expr(c, e->u.attribute.value)) return false;
        ls_emit(c, LS_OP_LOAD_ATTR, ls_add_name(c, e->u.attribute.attr), e->span);
        return !c->failed;
    case LS_NODE_SUBSCRIPT:
        if (!ls_compile_expr(c, e->u.subscript.value) || !ls_compile_expr(c, e->u.subscript.slice)) return false;
        ls_emit(c, LS_OP_BINARY_SUBSCR, 0, e->span);
        return !c->failed;
    case LS_NODE_SLICE: return compile_slice(c, e);
    case LS_NODE_TUPLE: case LS_NODE_LIST: case LS_NODE_SET: return compile_sequence(c, e);
    case LS_NODE_DICT: return compile_dict(c, e);
    case LS_NODE_LISTCOMP: case LS_NODE_SETCOMP: case LS_NODE_DICTCOMP: case LS_NODE_GENEXP:
    case LS_NODE_LAMBDA:
        return ls_compile_function_object(c, e, e->span);
    case LS_NODE_NAMEDEXPR:
        return cunsupported(c, e->span, "assignment expressions (`:=`) are not supported by loopscope yet");
    case LS_NODE_STARRED: return ls_cerror(c, LS_DIAG_SYNTAX, e->span, "can't use starred expression here");
    default: return ls_cerror(c, LS_DIAG_SYNTAX, e->span, "invalid syntax");
    }
}

bool ls_compile_expr(Compiler *c, const LsNode *e) {
    if (c->failed) return false;
    if (++c->depth > MAX_EXPR_DEPTH) {
        c->depth--;
        return ls_cerror(c, LS_DIAG_SYNTAX, e->span, "too many nested expressions");
    }
    bool ok = compile_expr_kind(c, e);
    c->depth--;
    return ok && !c->failed;
}

/* ---- functions, lambdas, comprehensions ---------------------------------------------------- */

/* [defaults tuple] [kwdefaults dict], evaluated in the defining scope.
 * Returns the MAKE_FUNCTION bits for what was pushed. */
static uint32_t compile_defaults(Compiler *c, const LsNode *args) {
    uint32_t bits = 0;
    const LsNodeList *d = &args->u.arguments.defaults;
    if (d->n) {
        for (uint32_t i = 0; i < d->n; i++) ls_compile_expr(c, d->items[i]);
        ls_emit(c, LS_OP_BUILD_TUPLE, d->n, args->span);
        bits |= LS_MKFN_DEFAULTS;
    }
    const LsNodeList *kw = &args->u.arguments.kwonly, *kwd = &args->u.arguments.kw_defaults;
    uint32_t n = 0;
    for (uint32_t i = 0; i < kw->n; i++) {
        if (!kwd->items[i]) continue;
        const char *name = kw->items[i]->u.arg.arg;
        ls_emit(c, LS_OP_LOAD_CONST, ls_add_str_const(c, name, strlen(name)), kw->items[i]->span);
        ls_compile_expr(c, kwd->items[i]);
        n++;
    }
    if (n) {
        ls_emit(c, LS_OP_BUILD_DICT, n, args->span);
        bits |= LS_MKFN_KWDEFAULTS;
    }
    return bits;
}

/* [closure tuple] code MAKE_FUNCTION, in the defining unit. */
bool ls_emit_make_function(Compiler *c, const Scope *child, LsCode *code, uint32_t bits, LsSpan span) {
    const Scope *s = c->u->scope;
    if (!code) return false;
    if (child->n_free) {
        for (uint32_t i = 0; i < child->n_free; i++) {
            const Symbol *sym = ls_scope_lookup(s, child->freevars[i]);
            uint32_t index = sym->where == WHERE_CELL ? sym->index : s->n_cells + sym->index;
            ls_emit(c, LS_OP_LOAD_CLOSURE, index, span);
        }
        ls_emit(c, LS_OP_BUILD_TUPLE, child->n_free, span);
        bits |= LS_MKFN_CLOSURE;
    }
    LsConst k = {.kind = LS_CONST_CODE};
    k.as.code = code;
    ls_emit(c, LS_OP_LOAD_CONST, ls_add_const(c, k), span);
    ls_emit(c, LS_OP_MAKE_FUNCTION, bits, span);
    return !c->failed;
}

static bool ends_with_return(const LsNodeList *body) {
    return body->n && body->items[body->n - 1]->kind == LS_NODE_RETURN;
}

static uint32_t param_flags(const LsNode *args) {
    return (args->u.arguments.vararg ? LS_CODE_VARARGS : 0) | (args->u.arguments.kwarg ? LS_CODE_VARKW : 0);
}

static bool compile_function(Compiler *c, const LsNode *f, Scope *s, LsSpan span) {
    const LsNode *args = f->u.funcdef.args;
    if (args->u.arguments.posonly.n) {
        return cunsupported(c, args->u.arguments.posonly.items[0]->span,
                            "positional-only parameters are not supported by loopscope yet");
    }
    bool async_gen = f->u.funcdef.is_async && s->is_generator;
    uint32_t flags = param_flags(args) | (async_gen                ? LS_CODE_ASYNC_GEN
                                          : f->u.funcdef.is_async ? LS_CODE_COROUTINE
                                          : s->is_generator       ? LS_CODE_GENERATOR
                                                                  : 0);
    uint32_t bits = compile_defaults(c, args);
    if (c->failed || !ls_unit_enter(c, s, f->u.funcdef.name, flags, f->span.line)) return false;
    if (flags & (LS_CODE_COROUTINE | LS_CODE_GENERATOR | LS_CODE_ASYNC_GEN)) ls_emit(c, LS_OP_GEN_START, 0, f->span);
    const LsNodeList *body = &f->u.funcdef.body;
    if (ls_compile_body(c, body) && !ends_with_return(body)) {
        LsSpan last = body->items[body->n - 1]->span;
        ls_emit(c, LS_OP_LOAD_NONE, 0, last);
        ls_emit(c, LS_OP_RETURN_VALUE, 0, last);
    }
    return ls_emit_make_function(c, s, ls_unit_leave(c), bits, span);
}

static bool compile_lambda(Compiler *c, const LsNode *e, Scope *s) {
    const LsNode *args = e->u.lambda.args;
    if (args->u.arguments.posonly.n) {
        return cunsupported(c, args->u.arguments.posonly.items[0]->span,
                            "positional-only parameters are not supported by loopscope yet");
    }
    uint32_t flags = param_flags(args) | LS_CODE_LAMBDA | (s->is_generator ? LS_CODE_GENERATOR : 0);
    uint32_t bits = compile_defaults(c, args);
    if (c->failed || !ls_unit_enter(c, s, "<lambda>", flags, e->span.line)) return false;
    if (flags & LS_CODE_GENERATOR) ls_emit(c, LS_OP_GEN_START, 0, e->span);
    if (ls_compile_expr(c, e->u.lambda.body)) ls_emit(c, LS_OP_RETURN_VALUE, 0, e->u.lambda.body->span);
    return ls_emit_make_function(c, s, ls_unit_leave(c), bits, e->span);
}

bool ls_emit_async_next(Compiler *c, uint32_t handler, LsSpan span) {
    ls_emit(c, LS_OP_SETUP_FINALLY, handler, span);
    ls_emit(c, LS_OP_DUP_TOP, 0, span);
    ls_emit(c, LS_OP_LOAD_SPECIAL, 1, span);
    ls_emit(c, LS_OP_CALL, 0, span);
    ls_emit(c, LS_OP_GET_AWAITABLE, 0, span);
    ls_emit(c, LS_OP_AWAIT, 0, span);
    ls_emit(c, LS_OP_POP_BLOCK, 0, span);
    return !c->failed;
}

/* One `for` clause (and the ones nested in it) of a comprehension body. The
 * result (list/set/dict) sits under one iterator per clause, hence the
 * LIST_APPEND/SET_ADD/MAP_ADD depth of n_clauses + 1. */
static bool comprehension_clause(Compiler *c, const LsNode *e, uint32_t index) {
    const LsNodeList *gens = &e->u.comp.generators;
    const LsNode *g = gens->items[index];
    bool is_async = g->u.comprehension.is_async;
    uint32_t top = ls_new_label(c), exit = ls_new_label(c);
    if (index == 0) {
        ls_emit(c, LS_OP_LOAD_FAST, 0, g->span);   /* .0, the iterator passed in */
    } else {
        if (!ls_compile_expr(c, g->u.comprehension.iter)) return false;
        if (is_async) {
            ls_emit(c, LS_OP_LOAD_SPECIAL, 0, g->u.comprehension.iter->span);
            ls_emit(c, LS_OP_CALL, 0, g->u.comprehension.iter->span);
        } else {
            ls_emit(c, LS_OP_GET_ITER, 0, g->u.comprehension.iter->span);
        }
    }
    ls_bind_label(c, top);
    if (is_async) {
        if (!ls_emit_async_next(c, exit, g->span)) return false;
    } else {
        ls_emit(c, LS_OP_FOR_ITER, exit, g->span);
    }
    if (!ls_compile_store(c, g->u.comprehension.target)) return false;
    for (uint32_t i = 0; i < g->u.comprehension.ifs.n; i++) {
        if (!ls_compile_jump_if(c, g->u.comprehension.ifs.items[i], false, top)) return false;
    }
    if (index + 1 < gens->n) {
        if (!comprehension_clause(c, e, index + 1)) return false;
    } else {
        uint32_t depth = gens->n + 1;
        if (!ls_compile_expr(c, e->u.comp.elt)) return false;
        switch (e->kind) {
        case LS_NODE_LISTCOMP: ls_emit(c, LS_OP_LIST_APPEND, depth, e->span); break;
        case LS_NODE_SETCOMP: ls_emit(c, LS_OP_SET_ADD, depth, e->span); break;
        case LS_NODE_DICTCOMP:
            if (!ls_compile_expr(c, e->u.comp.value)) return false;
            ls_emit(c, LS_OP_MAP_ADD, depth, e->span);
            break;
        default:
            ls_emit(c, LS_OP_YIELD_VALUE, 0, e->u.comp.elt->span);
            ls_emit(c, LS_OP_POP_TOP, 0, e->u.comp.elt->span);
            break;
        }
    }
    ls_emit(c, LS_OP_JUMP, top, g->span);
    ls_bind_label(c, exit);
    if (is_async) ls_emit(c, LS_OP_END_ASYNC_FOR, 0, g->span);
    return !c->failed;
}

/* MAKE_FUNCTION <comp>; first iterable; GET_ITER; CALL 1 — the first
 * iterable is evaluated in the enclosing scope, as in CPython 3.11. */
static bool compile_comprehension(Compiler *c, const LsNode *e, Scope *s) {
    const LsNodeList *gens = &e->u.comp.generators;
    /* `async for` clauses or `await` inside: the comprehension is a
     * coroutine, called and awaited in place (CPython 3.11). */
    bool is_async = s->has_await;
    for (uint32_t i = 0; i < gens->n; i++) is_async = is_async || gens->items[i]->u.comprehension.is_async;
    static const char *const NAMES[] = {"<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>"};
    static const LsOpcode BUILD[] = {LS_OP_BUILD_LIST, LS_OP_BUILD_SET, LS_OP_BUILD_DICT};
    int which = e->kind == LS_NODE_LISTCOMP ? 0 : e->kind == LS_NODE_SETCOMP ? 1 : e->kind == LS_NODE_DICTCOMP ? 2 : 3;
    uint32_t flags = LS_CODE_COMPREHENSION | (which == 3 ? (is_async ? LS_CODE_ASYNC_GEN : LS_CODE_GENERATOR)
                                                          : (is_async ? LS_CODE_COROUTINE : 0));
    if (!ls_unit_enter(c, s, NAMES[which], flags, e->span.line)) return false;
    if (which == 3 || is_async) ls_emit(c, LS_OP_GEN_START, 0, e->span);
    if (which != 3) ls_emit(c, BUILD[which], 0, e->span);
    if (comprehension_clause(c, e, 0)) {
        if (which == 3) ls_emit(c, LS_OP_LOAD_NONE, 0, e->span);
        ls_emit(c, LS_OP_RETURN_VALUE, 0, e->span);
    }
    if (!ls_emit_make_function(c, s, ls_unit_leave(c), 0, e->span)) return false;
    const LsNode *iter = gens->items[0]->u.comprehension.iter;
    if (!ls_compile_expr(c, iter)) return false;
    if (gens->items[0]->u.comprehension.is_async) {
        ls_emit(c, LS_OP_LOAD_SPECIAL, 0, iter->span);
        ls_emit(c, LS_OP_CALL, 0, iter->span);
    } else {
        ls_emit(c, LS_OP_GET_ITER, 0, iter->span);
    }
    ls_emit(c, LS_OP_CALL, 1, e->span);
    if (is_async && which != 3) {   /* an async genexp is an async generator: not awaited here */
        ls_emit(c, LS_OP_GET_AWAITABLE, 0, e->span);
        ls_emit(c, LS_OP_AWAIT, 0, e->span);
    }
    return !c->failed;
}

bool ls_compile_function_object(Compiler *c, const LsNode *node, LsSpan span) {
    Scope *s = ls_scope_child(c->u->scope, node);
    if (!s) return ls_cerror(c, LS_DIAG_SYNTAX, node->span, "internal error: no scope for this function");
    switch (node->kind) {
    case LS_NODE_FUNCTIONDEF: return compile_function(c, node, s, span);
    case LS_NODE_LAMBDA: return compile_lambda(c, node, s);
    default: return compile_comprehension(c, node, s);
    }
}
