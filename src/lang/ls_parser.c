/* ls_parser — recursive descent over the token array (see ls_parser.h).
 *
 * One function per grammar rule, named after CPython's rules where there is
 * one (star_expressions, named_expression, disjunction, ...). Every function
 * returns the node it built, or NULL after recording an error; callers just
 * propagate NULL. The first error wins and parsing stops there.
 *
 * Error precedence follows CPython 3.11: a tokenizer error anywhere in the
 * file beats any parser error (CPython re-tokenizes the rest of the file
 * before reporting), except "unexpected indent". */
#include "ls_parser.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ls_parser_int.h"

enum { MAX_DEPTH = 400 };

/* ---- token helpers ----------------------------------------------------- */

static LsToken *cur(Parser *p) { return &p->toks.items[p->pos]; }
static LsTokenKind kind(Parser *p) { return cur(p)->kind; }
static LsTokenKind kind_at(Parser *p, uint32_t k) {
    uint32_t i = p->pos + k < p->toks.n ? p->pos + k : p->toks.n - 1;
    if (i > p->furthest) p->furthest = i;
    return p->toks.items[i].kind;
}
static LsSpan cur_span(Parser *p) { return cur(p)->span; }

static bool is_layout(LsTokenKind k) {
    return k == LS_TOK_NEWLINE || k == LS_TOK_INDENT || k == LS_TOK_DEDENT;
}

/* Consume the current token. ENDMARKER and ERROR are never consumed. */
static LsToken *advance(Parser *p) {
    LsToken *t = cur(p);
    if (t->kind == LS_TOK_ENDMARKER || t->kind == LS_TOK_ERROR) return t;
    p->pos++;
    if (p->pos > p->furthest) p->furthest = p->pos;
    if (!is_layout(t->kind)) p->prev = t->span;
    return t;
}

static bool accept(Parser *p, LsTokenKind k) {
    if (kind(p) != k) return false;
    advance(p);
    return true;
}

static bool is_name(Parser *p, const char *s) {
    LsToken *t = cur(p);
    return t->kind == LS_TOK_NAME && strlen(s) == t->len && memcmp(p->src + t->start, s, t->len) == 0;
}

/* Span from `start` to the end of the last consumed token. */
static LsSpan span_from(Parser *p, LsSpan start) { return ls_span_join(start, p->prev); }

/* ---- errors ------------------------------------------------------------ */

void *ls_parse_error(Parser *p, LsDiagKind kind, LsSpan span, const char *fmt, ...) {
    if (p->failed) return NULL;
    p->failed = true;
    p->diag->kind = kind;
    p->diag->span = span;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->diag->message, sizeof p->diag->message, fmt, ap);
    va_end(ap);
    return NULL;
}

#define syntax_error(p, span, ...) ls_parse_error(p, LS_DIAG_SYNTAX, span, __VA_ARGS__)

/* The generic error, at the furthest token looked at (as CPython does). */
static void *invalid_syntax(Parser *p) {
    LsToken *t = &p->toks.items[p->furthest > p->pos ? p->furthest : p->pos];
    if (t->kind == LS_TOK_ERROR) {
        if (!p->failed) {
            p->failed = true;
            *p->diag = p->toks.error;
        }
        return NULL;
    }
    if (t->kind == LS_TOK_INDENT) {
        LsSpan s = t->span;
        s.col = s.end_col > 0 ? s.end_col - 1 : 0;
        s.end_col = s.col;
        return ls_parse_error(p, LS_DIAG_INDENT, s, "unexpected indent");
    }
    if (t->kind == LS_TOK_DEDENT) return ls_parse_error(p, LS_DIAG_INDENT, t->span, "unexpected unindent");
    return syntax_error(p, t->span, "invalid syntax");
}

static bool expect(Parser *p, LsTokenKind k) {
    if (accept(p, k)) return true;
    invalid_syntax(p);
    return false;
}

static bool enter(Parser *p) {
    if (++p->depth <= MAX_DEPTH) return true;
    syntax_error(p, cur_span(p), "too many nested parentheses");
    return false;
}
#define LEAVE(p, result) do { LsNode *r_ = (result); p->depth--; return r_; } while (0)

/* ---- node helpers ------------------------------------------------------- */

static LsNode *node(Parser *p, LsNodeKind k, LsSpan span) {
    LsNode *n = ls_ast_new(p->arena, k, span);
    if (!n) syntax_error(p, span, "out of memory");
    return n;
}

static bool push(Parser *p, LsNodeList *l, uint32_t *cap, LsNode *n) {
    if (!n) return false;
    if (ls_ast_push(p->arena, l, cap, n)) return true;
    syntax_error(p, n->span, "out of memory");
    return false;
}

static const char *token_text(Parser *p, const LsToken *t) {
    const char *s = ls_arena_strndup(p->arena, p->src + t->start, t->len);
    if (!s) syntax_error(p, t->span, "out of memory");
    return s;
}

/* ---- forward declarations --------------------------------------------- */

static LsNode *expression(Parser *p);
static LsNode *named_expression(Parser *p);
static LsNode *star_expressions(Parser *p);
static LsNode *star_named_expression(Parser *p);
static LsNode *disjunction(Parser *p);
static LsNode *bitwise_or(Parser *p);
static LsNode *primary(Parser *p);
static LsNode *yield_expr(Parser *p);
static LsNode *parameters(Parser *p, LsTokenKind closing, bool annotations);
static bool statement(Parser *p, LsNodeList *body, uint32_t *cap);
static bool starts_expression(LsTokenKind k);
static LsNode *forgotten_comma_hint(Parser *p, LsNode *a);

/* ---- targets ------------------------------------------------------------ */

static const char *expr_name(const LsNode *n) {
    if (n->kind == LS_NODE_CONST) {
        switch (n->u.constant.kind) {
        case LS_AST_NONE: return "None";
        case LS_AST_TRUE: return "True";
        case LS_AST_FALSE: return "False";
        case LS_AST_ELLIPSIS: return "ellipsis";
        default: return "literal";
        }
    }
    return ls_node_kind_what[n->kind];
}

/* Mark `n` as an assignment (STORE) or deletion (DEL) target, checking that
 * it can be one. `top`: n is a whole target, not an element of one. */
static bool set_context(Parser *p, LsNode *n, LsExprCtx ctx, bool top) {
    const char *verb = ctx == LS_CTX_DEL ? "delete" : "assign to";
    switch (n->kind) {
    case LS_NODE_NAME:
        if (strcmp(n->u.name.id, "__debug__") == 0) {
            syntax_error(p, n->span, "cannot %s __debug__", verb);
            return false;
        }
        n->u.name.ctx = ctx;
        return true;
    case LS_NODE_ATTRIBUTE: n->u.attribute.ctx = ctx; return true;
    case LS_NODE_SUBSCRIPT: n->u.subscript.ctx = ctx; return true;
    case LS_NODE_STARRED:
        if (ctx == LS_CTX_DEL) {
            syntax_error(p, n->span, "cannot delete starred");
            return false;
        }
        /* A lone `*a = b` and two starred targets are compile-time errors
         * in CPython (reported by ls_compiler), not parse errors. */
        (void)top;
        n->u.starred.ctx = ctx;
        return set_context(p, n->u.starred.value, ctx, false);
    case LS_NODE_TUPLE: case LS_NODE_LIST:
        for (uint32_t i = 0; i < n->u.seq.elts.n; i++) {
            if (!set_context(p, n->u.seq.elts.items[i], ctx, false)) return false;
        }
        n->u.seq.ctx = ctx;
        return true;
    case LS_NODE_YIELD: case LS_NODE_YIELD_FROM:
        if (ctx == LS_CTX_STORE) {
            syntax_error(p, n->span, "assignment to yield expression not possible");
            return false;
        }
        break;
    default:
        break;
    }
    syntax_error(p, n->span, "cannot %s %s", verb, expr_name(n));
    return false;
}

/* Does `x = 1` with this invalid `x` get CPython's "Maybe you meant '=='"
 * hint? Only for expressions at the bitwise-or level or tighter. */
static bool gets_equality_hint(const LsNode *n) {
    switch (n->kind) {
    case LS_NODE_COMPARE: case LS_NODE_BOOLOP: case LS_NODE_IFEXP: case LS_NODE_LAMBDA:
    case LS_NODE_NAMEDEXPR: case LS_NODE_YIELD: case LS_NODE_YIELD_FROM:
    case LS_NODE_STARRED: case LS_NODE_TUPLE: case LS_NODE_LIST:
        return false;
    case LS_NODE_UNARYOP: return n->u.unaryop.op != LS_OP_UNARY_NOT;
    case LS_NODE_CONST: {
        LsAstConstKind k = n->u.constant.kind;
        return k != LS_AST_NONE && k != LS_AST_TRUE && k != LS_AST_FALSE;
    }
    default: return true;
    }
}

/* star_targets for `for` loops and comprehensions: primaries, not full
 * expressions, so that `for x in y` stops before `in`. */
static LsNode *star_target(Parser *p) {
    if (kind(p) == LS_TOK_STAR) {
        LsSpan s = cur_span(p);
        advance(p);
        LsNode *v = star_target(p);
        if (!v) return NULL;
        LsNode *n = node(p, LS_NODE_STARRED, span_from(p, s));
        if (n) n->u.starred.value = v;
        return n;
    }
    return primary(p);
}

static LsNode *star_targets(Parser *p) {
    LsSpan s = cur_span(p);
    LsNode *first = star_target(p);
    if (!first || kind(p) != LS_TOK_COMMA) return first;
    LsNode *t = node(p, LS_NODE_TUPLE, s);
    uint32_t cap = 0;
    if (!t || !push(p, &t->u.seq.elts, &cap, first)) return NULL;
    while (accept(p, LS_TOK_COMMA)) {
        if (kind(p) == LS_TOK_KW_IN || kind(p) == LS_TOK_EQUAL) break;
        if (!push(p, &t->u.seq.elts, &cap, star_target(p))) return NULL;
    }
    t->span = span_from(p, s);
    return t;
}

static LsNode *store_targets(Parser *p) {
    LsNode *t = star_targets(p);
    if (t && !set_context(p, t, LS_CTX_STORE, true)) return NULL;
    return t;
}

/* ---- atoms -------------------------------------------------------------- */

static bool clean_number(const char *s, size_t n, char *buf, size_t cap) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '_') continue;
        if (k + 1 >= cap) return false;
        buf[k++] = s[i];
    }
    buf[k] = '\0';
    return true;
}

static LsNode *number(Parser *p) {
    LsToken *t = advance(p);
    LsNode *n = node(p, LS_NODE_CONST, t->span);
    if (!n) return NULL;
    char buf[512];
    LsAstConst *c = &n->u.constant;
    if (!clean_number(p->src + t->start, t->len, buf, sizeof buf)) {
        c->kind = LS_AST_INT;   /* an absurdly long literal: let the compiler refuse it */
        c->big = true;
        return n;
    }
    size_t len = strlen(buf);
    int x = len > 1 && buf[0] == '0' ? buf[1] | 0x20 : 0;
    if (x == 'x' || x == 'o' || x == 'b') {
        errno = 0;
        unsigned long long v = strtoull(buf + 2, NULL, x == 'x' ? 16 : x == 'o' ? 8 : 2);
        c->kind = LS_AST_INT;
        c->big = errno == ERANGE || v > (unsigned long long)INT64_MAX;
        c->i = c->big ? 0 : (int64_t)v;
    } else if ((buf[len - 1] | 0x20) == 'j') {
        c->kind = LS_AST_COMPLEX;
        c->f = strtod(buf, NULL);
    } else if (strpbrk(buf, ".eE")) {
        c->kind = LS_AST_FLOAT;
        c->f = strtod(buf, NULL);
    } else {
        errno = 0;
        unsigned long long v = strtoull(buf, NULL, 10);
        c->kind = LS_AST_INT;
        c->big = errno == ERANGE || v > (unsigned long long)INT64_MAX;
        c->i = c->big ? 0 : (int64_t)v;
    }
    return n;
}

static LsNode *constant(Parser *p, LsAstConstKind k) {
    LsNode *n = node(p, LS_NODE_CONST, advance(p)->span);
    if (n) n->u.constant.kind = k;
    return n;
}

static LsNode *strings(Parser *p) {
    uint32_t first = p->pos, count = 0;
    while (kind(p) == LS_TOK_STRING) {
        advance(p);
        count++;
    }
    return ls_parse_strings(p, first, count);
}

/* for/if clauses of a comprehension, after its element. */
static bool comprehension_clauses(Parser *p, LsNodeList *gens) {
    uint32_t cap = 0;
    while (kind(p) == LS_TOK_KW_FOR || (kind(p) == LS_TOK_KW_ASYNC && kind_at(p, 1) == LS_TOK_KW_FOR)) {
        LsSpan s = cur_span(p);
        bool is_async = accept(p, LS_TOK_KW_ASYNC);
        advance(p);
        LsNode *c = node(p, LS_NODE_COMPREHENSION, s);
        if (!c) return false;
        c->u.comprehension.is_async = is_async;
        if (!(c->u.comprehension.target = store_targets(p))) return false;
        if (kind(p) != LS_TOK_KW_IN) {
            LsNode *t = c->u.comprehension.target;
            if (t->kind == LS_NODE_TUPLE && t->u.seq.elts.n) t = t->u.seq.elts.items[t->u.seq.elts.n - 1];
            if (forgotten_comma_hint(p, t)) invalid_syntax(p);
            return false;
        }
        advance(p);
        if (!(c->u.comprehension.iter = disjunction(p))) return false;
        uint32_t icap = 0;
        while (accept(p, LS_TOK_KW_IF)) {
            if (!push(p, &c->u.comprehension.ifs, &icap, disjunction(p))) return false;
        }
        c->span = span_from(p, s);
        if (!push(p, gens, &cap, c)) return false;
    }
    return true;
}

/* A comprehension of `k` whose element(s) are already parsed. */
static LsNode *comprehension(Parser *p, LsNodeKind k, LsSpan start, LsNode *elt, LsNode *value) {
    if (elt->kind == LS_NODE_STARRED) {
        return syntax_error(p, elt->span, "iterable unpacking cannot be used in comprehension");
    }
    LsNode *n = node(p, k, start);
    if (!n) return NULL;
    n->u.comp.elt = elt;
    n->u.comp.value = value;
    if (!comprehension_clauses(p, &n->u.comp.generators)) return NULL;
    return n;
}

static bool at_comprehension(Parser *p) {
    return kind(p) == LS_TOK_KW_FOR || (kind(p) == LS_TOK_KW_ASYNC && kind_at(p, 1) == LS_TOK_KW_FOR);
}

/* Inside brackets, an element directly followed by another expression is
 * CPython's "Perhaps you forgot a comma?". Returns false (error recorded)
 * when that is the case. */
/* `if x = 1:` / `[a = 1]`: CPython suggests '==' or ':='. Only for
 * expressions at the bitwise-or level that are not displays or constants
 * like True. Returns false (error recorded) when that is the case. */
static bool check_stray_equal(Parser *p, const LsNode *prev) {
    if (kind(p) != LS_TOK_EQUAL || !gets_equality_hint(prev)) return true;
    if (prev->kind == LS_NODE_GENEXP || prev->kind == LS_NODE_CONST) {
        LsAstConstKind k = prev->u.constant.kind;
        if (prev->kind == LS_NODE_GENEXP || k == LS_AST_TRUE || k == LS_AST_FALSE || k == LS_AST_NONE) return true;
    }
    LsSpan eq = cur_span(p);
    uint32_t save_pos = p->pos, save_furthest = p->furthest;
    LsDiag save_diag = *p->diag;
    advance(p);
    if (bitwise_or(p) && kind(p) != LS_TOK_EQUAL && kind(p) != LS_TOK_COLONEQUAL) {
        syntax_error(p, ls_span_join(prev->span, eq), "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
        return false;
    }
    if (kind(p) == LS_TOK_ERROR) return false;
    p->pos = save_pos;   /* not that rule: the generic error at the '=' */
    p->furthest = save_furthest;
    *p->diag = save_diag;
    p->failed = false;
    invalid_syntax(p);
    return false;
}

/* After a display element: `[a = 1]`, or a starred element followed by
 * another expression (plain elements got that check in expression()). */
static bool check_forgotten_comma(Parser *p, const LsNode *prev) {
    if (!prev) return true;
    if (prev->kind != LS_NODE_STARRED) return check_stray_equal(p, prev);
    if (!check_stray_equal(p, prev->u.starred.value)) return false;
    return forgotten_comma_hint(p, prev->u.starred.value) != NULL;
}

/* Elements of a list/tuple/set display after the first one; stops before
 * `closing`. */
static bool display_rest(Parser *p, LsNodeList *elts, uint32_t *cap, LsTokenKind closing) {
    if (!check_forgotten_comma(p, elts->items[elts->n - 1])) return false;
    while (accept(p, LS_TOK_COMMA)) {
        if (kind(p) == closing) break;
        LsNode *e = star_named_expression(p);
        if (!push(p, elts, cap, e) || !check_forgotten_comma(p, e)) return false;
    }
    return true;
}

static LsNode *paren_atom(Parser *p) {
    LsSpan s = cur_span(p);
    advance(p);
    if (accept(p, LS_TOK_RPAR)) return node(p, LS_NODE_TUPLE, span_from(p, s));
    if (kind(p) == LS_TOK_KW_YIELD) {
        LsNode *y = yield_expr(p);
        if (y && !expect(p, LS_TOK_RPAR)) return NULL;
        return y;
    }
    LsNode *first = star_named_expression(p);
    if (!first) return NULL;
    if (at_comprehension(p)) {
        LsNode *g = comprehension(p, LS_NODE_GENEXP, s, first, NULL);
        if (!g || !expect(p, LS_TOK_RPAR)) return NULL;
        g->span = span_from(p, s);
        return g;
    }
    if (kind(p) != LS_TOK_COMMA) {
        if (!check_forgotten_comma(p, first)) return NULL;
        if (kind(p) != LS_TOK_RPAR) return invalid_syntax(p);
        if (first->kind == LS_NODE_STARRED) return syntax_error(p, first->span, "cannot use starred expression here");
        advance(p);
        return first;
    }
    LsNode *t = node(p, LS_NODE_TUPLE, s);
    uint32_t cap = 0;
    if (!t || !push(p, &t->u.seq.elts, &cap, first)) return NULL;
    if (!display_rest(p, &t->u.seq.elts, &cap, LS_TOK_RPAR) || !expect(p, LS_TOK_RPAR)) return NULL;
    t->span = span_from(p, s);
    return t;
}

static LsNode *list_atom(Parser *p) {
    LsSpan s = cur_span(p);
    advance(p);
    LsNode *l = node(p, LS_NODE_LIST, s);
    if (!l) return NULL;
    if (kind(p) != LS_TOK_RSQB) {
        LsNode *first = star_named_expression(p);
        if (!first) return NULL;
        if (at_comprehension(p)) {
            LsNode *c = comprehension(p, LS_NODE_LISTCOMP, s, first, NULL);
            if (!c || !expect(p, LS_TOK_RSQB)) return NULL;
            c->span = span_from(p, s);
            return c;
        }
        uint32_t cap = 0;
        if (!push(p, &l->u.seq.elts, &cap, first)) return NULL;
        if (!display_rest(p, &l->u.seq.elts, &cap, LS_TOK_RSQB)) return NULL;
    }
    if (!expect(p, LS_TOK_RSQB)) return NULL;
    l->span = span_from(p, s);
    return l;
}

/* One `key: value` or `**mapping` item of a dict display. */
static bool dict_item(Parser *p, LsNode *d, uint32_t *kcap, uint32_t *vcap) {
    if (accept(p, LS_TOK_DSTAR)) {
        LsNode *v = bitwise_or(p);
        if (!v) return false;
        if (!ls_ast_push(p->arena, &d->u.dict.keys, kcap, NULL)) return false;
        return push(p, &d->u.dict.values, vcap, v);
    }
    LsNode *k = expression(p);
    if (!k || !check_forgotten_comma(p, k)) return false;
    if (kind(p) != LS_TOK_COLON) {
        /* CPython points at the last character of the key. */
        LsSpan at = {k->span.end_line, k->span.end_line, k->span.end_col - 1, k->span.end_col};
        syntax_error(p, at, "':' expected after dictionary key");
        return false;
    }
    advance(p);
    LsNode *v = expression(p);
    return push(p, &d->u.dict.keys, kcap, k) && push(p, &d->u.dict.values, vcap, v) &&
           check_forgotten_comma(p, v);
}

static LsNode *dict_rest(Parser *p, LsSpan s, LsNode *d, uint32_t kcap, uint32_t vcap) {
    while (accept(p, LS_TOK_COMMA)) {
        if (kind(p) == LS_TOK_RBRACE) break;
        if (!dict_item(p, d, &kcap, &vcap)) return NULL;
    }
    if (!expect(p, LS_TOK_RBRACE)) return NULL;
    d->span = span_from(p, s);
    return d;
}

static LsNode *brace_atom(Parser *p) {
    LsSpan s = cur_span(p);
    advance(p);
    uint32_t kcap = 0, vcap = 0;
    if (accept(p, LS_TOK_RBRACE)) return node(p, LS_NODE_DICT, span_from(p, s));
    if (kind(p) == LS_TOK_DSTAR) {
        LsNode *d = node(p, LS_NODE_DICT, s);
        if (!d || !dict_item(p, d, &kcap, &vcap)) return NULL;
        return dict_rest(p, s, d, kcap, vcap);
    }
    LsNode *first = star_named_expression(p);
    if (!first) return NULL;
    if (accept(p, LS_TOK_COLON)) {
        LsNode *v = expression(p);
        if (!v) return NULL;
        if (at_comprehension(p)) {
            LsNode *c = comprehension(p, LS_NODE_DICTCOMP, s, first, v);
            if (!c || !expect(p, LS_TOK_RBRACE)) return NULL;
            c->span = span_from(p, s);
            return c;
        }
        LsNode *d = node(p, LS_NODE_DICT, s);
        if (!d || !push(p, &d->u.dict.keys, &kcap, first) || !push(p, &d->u.dict.values, &vcap, v)) return NULL;
        if (!check_forgotten_comma(p, v)) return NULL;
        return dict_rest(p, s, d, kcap, vcap);
    }
    if (at_comprehension(p)) {
        LsNode *c = comprehension(p, LS_NODE_SETCOMP, s, first, NULL);
        if (!c || !expect(p, LS_TOK_RBRACE)) return NULL;
        c->span = span_from(p, s);
        return c;
    }
    LsNode *set = node(p, LS_NODE_SET, s);
    uint32_t cap = 0;
    if (!set || !push(p, &set->u.seq.elts, &cap, first)) return NULL;
    if (!display_rest(p, &set->u.seq.elts, &cap, LS_TOK_RBRACE) || !expect(p, LS_TOK_RBRACE)) return NULL;
    set->span = span_from(p, s);
    return set;
}

static LsNode *atom(Parser *p) {
    switch (kind(p)) {
    case LS_TOK_NAME: {
        LsToken *t = advance(p);
        LsNode *n = node(p, LS_NODE_NAME, t->span);
        if (n && !(n->u.name.id = token_text(p, t))) return NULL;
        return n;
    }
    case LS_TOK_KW_TRUE: return constant(p, LS_AST_TRUE);
    case LS_TOK_KW_FALSE: return constant(p, LS_AST_FALSE);
    case LS_TOK_KW_NONE: return constant(p, LS_AST_NONE);
    case LS_TOK_ELLIPSIS: return constant(p, LS_AST_ELLIPSIS);
    case LS_TOK_NUMBER: return number(p);
    case LS_TOK_STRING: return strings(p);
    case LS_TOK_LPAR: return paren_atom(p);
    case LS_TOK_LSQB: return list_atom(p);
    case LS_TOK_LBRACE: return brace_atom(p);
    default: return invalid_syntax(p);
    }
}

/* ---- trailers: calls, subscripts, attributes ---------------------------- */

typedef struct ArgState {
    bool seen_keyword, seen_dstar;
    uint32_t acap, kcap;
} ArgState;

static bool keyword_argument(Parser *p, LsNode *call, ArgState *st) {
    LsToken *name = advance(p);
    LsSpan s = name->span;
    advance(p);   /* '=' */
    const char *id = token_text(p, name);
    LsNode *v = expression(p);
    if (!id || !v) return false;
    for (uint32_t i = 0; i < call->u.call.keywords.n; i++) {
        const char *other = call->u.call.keywords.items[i]->u.keyword.arg;
        if (other && strcmp(other, id) == 0) {
            syntax_error(p, span_from(p, s), "keyword argument repeated: %s", id);
            return false;
        }
    }
    LsNode *k = node(p, LS_NODE_KEYWORD, span_from(p, s));
    if (!k || !check_forgotten_comma(p, v)) return false;
    k->u.keyword.arg = id;
    k->u.keyword.value = v;
    st->seen_keyword = true;
    return push(p, &call->u.call.keywords, &st->kcap, k);
}

static bool starred_argument(Parser *p, LsNode *call, ArgState *st) {
    LsSpan s = cur_span(p);
    bool dstar = kind(p) == LS_TOK_DSTAR;
    advance(p);
    LsNode *v = expression(p);
    if (!v || !check_forgotten_comma(p, v)) return false;
    if (dstar) {
        LsNode *k = node(p, LS_NODE_KEYWORD, span_from(p, s));
        if (!k) return false;
        k->u.keyword.value = v;
        st->seen_dstar = true;
        return push(p, &call->u.call.keywords, &st->kcap, k);
    }
    if (at_comprehension(p)) {
        syntax_error(p, span_from(p, s), "iterable unpacking cannot be used in comprehension");
        return false;
    }
    if (st->seen_dstar) {
        syntax_error(p, span_from(p, s), "iterable argument unpacking follows keyword argument unpacking");
        return false;
    }
    LsNode *n = node(p, LS_NODE_STARRED, span_from(p, s));
    if (!n) return false;
    n->u.starred.value = v;
    return push(p, &call->u.call.args, &st->acap, n);
}

/* A plain positional argument, or an unparenthesized generator expression
 * (legal only as the sole argument). */
/* The span of the ')' closing the bracket whose '(' has `level`, or of the
 * current token when it is not there. */
static LsSpan closing_bracket_span(Parser *p, uint32_t level) {
    for (uint32_t i = p->pos; i < p->toks.n; i++) {
        const LsToken *t = &p->toks.items[i];
        if (t->kind == LS_TOK_ERROR) break;
        if (t->kind == LS_TOK_RPAR && t->level + 1 == level) return t->span;
    }
    return cur_span(p);
}

static bool positional_argument(Parser *p, LsNode *call, ArgState *st, LsSpan open, uint32_t open_level) {
    LsSpan s = cur_span(p);
    LsNode *v = named_expression(p);
    if (!v) return false;
    if (kind(p) == LS_TOK_EQUAL) {
        syntax_error(p, span_from(p, s), "expression cannot contain assignment, perhaps you meant \"==\"?");
        return false;
    }
    if (at_comprehension(p)) {
        v = comprehension(p, LS_NODE_GENEXP, s, v, NULL);
        if (!v) return false;
        v->span = span_from(p, s);
        bool alone = call->u.call.args.n == 0 && call->u.call.keywords.n == 0 &&
                     kind(p) == LS_TOK_RPAR;
        if (!alone) {
            syntax_error(p, v->span, "Generator expression must be parenthesized");
            return false;
        }
        v->span = ls_span_join(open, cur_span(p));   /* CPython: the call's parens */
    }
    if (!check_forgotten_comma(p, v)) return false;
    if (st->seen_keyword || st->seen_dstar) {
        /* CPython reads all the arguments first and points after them. */
        syntax_error(p, closing_bracket_span(p, open_level), st->seen_dstar
                     ? "positional argument follows keyword argument unpacking"
                     : "positional argument follows keyword argument");
        return false;
    }
    return push(p, &call->u.call.args, &st->acap, v);
}

static LsNode *call_trailer(Parser *p, LsNode *func) {
    LsSpan open = cur_span(p);
    uint32_t open_level = cur(p)->level;
    advance(p);
    LsNode *call = node(p, LS_NODE_CALL, func->span);
    if (!call) return NULL;
    call->u.call.func = func;
    ArgState st = {0};
    while (kind(p) != LS_TOK_RPAR) {
        bool ok;
        if (kind(p) == LS_TOK_STAR || kind(p) == LS_TOK_DSTAR) ok = starred_argument(p, call, &st);
        else if (kind(p) == LS_TOK_NAME && kind_at(p, 1) == LS_TOK_EQUAL) ok = keyword_argument(p, call, &st);
        else ok = positional_argument(p, call, &st, open, open_level);
        if (!ok) return NULL;
        if (!accept(p, LS_TOK_COMMA)) break;
    }
    if (!expect(p, LS_TOK_RPAR)) return NULL;
    call->span = span_from(p, func->span);
    return call;
}

/* slice: [expr] ':' [expr] [':' [expr]] | '*' expr | named_expression */
static LsNode *slice(Parser *p) {
    LsSpan s = cur_span(p);
    if (kind(p) == LS_TOK_STAR) return star_named_expression(p);
    LsNode *lower = NULL;
    if (kind(p) != LS_TOK_COLON) {
        lower = named_expression(p);
        if (!lower || kind(p) != LS_TOK_COLON) return lower;
    }
    LsNode *n = node(p, LS_NODE_SLICE, s);
    if (!n) return NULL;
    n->u.slice.lower = lower;
    advance(p);   /* ':' */
    LsTokenKind k = kind(p);
    if (k != LS_TOK_COLON && k != LS_TOK_COMMA && k != LS_TOK_RSQB && !(n->u.slice.upper = expression(p))) return NULL;
    if (accept(p, LS_TOK_COLON)) {
        k = kind(p);
        if (k != LS_TOK_COMMA && k != LS_TOK_RSQB && !(n->u.slice.step = expression(p))) return NULL;
    }
    n->span = span_from(p, s);
    return n;
}

static LsNode *subscript_trailer(Parser *p, LsNode *value) {
    advance(p);
    LsSpan s = cur_span(p);
    LsNode *first = slice(p);
    if (!first) return NULL;
    LsNode *index = first;
    if (kind(p) == LS_TOK_COMMA) {
        index = node(p, LS_NODE_TUPLE, s);
        uint32_t cap = 0;
        if (!index || !push(p, &index->u.seq.elts, &cap, first)) return NULL;
        while (accept(p, LS_TOK_COMMA) && kind(p) != LS_TOK_RSQB) {
            if (!push(p, &index->u.seq.elts, &cap, slice(p))) return NULL;
        }
        index->span = span_from(p, s);
    }
    if (!expect(p, LS_TOK_RSQB)) return NULL;
    LsNode *n = node(p, LS_NODE_SUBSCRIPT, span_from(p, value->span));
    if (n) {
        n->u.subscript.value = value;
        n->u.subscript.slice = index;
    }
    return n;
}

static LsNode *primary(Parser *p) {
    if (!enter(p)) return NULL;
    LsNode *n = atom(p);
    while (n) {
        if (kind(p) == LS_TOK_DOT) {
            advance(p);
            if (kind(p) != LS_TOK_NAME) LEAVE(p, invalid_syntax(p));
            LsToken *t = advance(p);
            LsNode *a = node(p, LS_NODE_ATTRIBUTE, span_from(p, n->span));
            if (!a || !(a->u.attribute.attr = token_text(p, t))) LEAVE(p, NULL);
            a->u.attribute.value = n;
            n = a;
        } else if (kind(p) == LS_TOK_LPAR) {
            n = call_trailer(p, n);
        } else if (kind(p) == LS_TOK_LSQB) {
            n = subscript_trailer(p, n);
        } else {
            break;
        }
    }
    LEAVE(p, n);
}

/* ---- operators ---------------------------------------------------------- */

static LsNode *factor(Parser *p);

static LsNode *await_primary(Parser *p) {
    if (kind(p) != LS_TOK_KW_AWAIT) return primary(p);
    LsSpan s = cur_span(p);
    advance(p);
    LsNode *v = primary(p);
    if (!v) return NULL;
    LsNode *n = node(p, LS_NODE_AWAIT, span_from(p, s));
    if (n) n->u.unary.value = v;
    return n;
}

static LsNode *power(Parser *p) {
    LsNode *base = await_primary(p);
    if (!base || !accept(p, LS_TOK_DSTAR)) return base;
    LsNode *exp = factor(p);
    if (!exp) return NULL;
    LsNode *n = node(p, LS_NODE_BINOP, span_from(p, base->span));
    if (n) {
        n->u.binop.op = LS_BINOP_POW;
        n->u.binop.left = base;
        n->u.binop.right = exp;
    }
    return n;
}

static LsNode *factor(Parser *p) {
    LsOpcode op;
    switch (kind(p)) {
    case LS_TOK_MINUS: op = LS_OP_UNARY_NEG; break;
    case LS_TOK_PLUS: op = LS_OP_UNARY_POS; break;
    case LS_TOK_TILDE: op = LS_OP_UNARY_INVERT; break;
    default: return power(p);
    }
    if (!enter(p)) return NULL;
    LsSpan s = cur_span(p);
    advance(p);
    LsNode *v = factor(p);
    if (!v) LEAVE(p, NULL);
    LsNode *n = node(p, LS_NODE_UNARYOP, span_from(p, s));
    if (n) {
        n->u.unaryop.op = op;
        n->u.unaryop.operand = v;
    }
    LEAVE(p, n);
}

/* Binary operator levels, loosest first: | ^ & (<< >>) (+ -) (* / // % @). */
static const struct { LsTokenKind tok; LsBinOp op; int level; } BINARY_OPS[] = {
    {LS_TOK_VBAR, LS_BINOP_OR, 0}, {LS_TOK_CIRCUMFLEX, LS_BINOP_XOR, 1},
    {LS_TOK_AMPER, LS_BINOP_AND, 2}, {LS_TOK_LSHIFT, LS_BINOP_LSHIFT, 3},
    {LS_TOK_RSHIFT, LS_BINOP_RSHIFT, 3}, {LS_TOK_PLUS, LS_BINOP_ADD, 4},
    {LS_TOK_MINUS, LS_BINOP_SUB, 4}, {LS_TOK_STAR, LS_BINOP_MUL, 5},
    {LS_TOK_SLASH, LS_BINOP_TRUEDIV, 5}, {LS_TOK_DSLASH, LS_BINOP_FLOORDIV, 5},
    {LS_TOK_PERCENT, LS_BINOP_MOD, 5}, {LS_TOK_AT, LS_BINOP_MATMUL, 5},
};
enum { BINARY_LEVELS = 6 };

static int binary_op_at(LsTokenKind k, int level) {
    for (size_t i = 0; i < sizeof BINARY_OPS / sizeof *BINARY_OPS; i++) {
        if (BINARY_OPS[i].tok == k && BINARY_OPS[i].level == level) return (int)BINARY_OPS[i].op;
    }
    return -1;
}

static LsNode *binary(Parser *p, int level) {
    if (level == BINARY_LEVELS) return factor(p);
    LsNode *left = binary(p, level + 1);
    while (left) {
        int op = binary_op_at(kind(p), level);
        if (op < 0) break;
        advance(p);
        LsNode *right = binary(p, level + 1);
        if (!right) return NULL;
        LsNode *n = node(p, LS_NODE_BINOP, span_from(p, left->span));
        if (!n) return NULL;
        n->u.binop.op = (LsBinOp)op;
        n->u.binop.left = left;
        n->u.binop.right = right;
        left = n;
    }
    return left;
}

static LsNode *bitwise_or(Parser *p) { return binary(p, 0); }

/* The comparison operator at the cursor (consuming it), or -1. */
static int comparison_op(Parser *p) {
    LsCmpOp op;
    switch (kind(p)) {
    case LS_TOK_LESS: op = LS_CMP_LT; break;
    case LS_TOK_LESSEQUAL: op = LS_CMP_LE; break;
    case LS_TOK_EQEQUAL: op = LS_CMP_EQ; break;
    case LS_TOK_NOTEQUAL: op = LS_CMP_NE; break;
    case LS_TOK_GREATER: op = LS_CMP_GT; break;
    case LS_TOK_GREATEREQUAL: op = LS_CMP_GE; break;
    case LS_TOK_KW_IN: op = LS_CMP_IN; break;
    case LS_TOK_KW_NOT:
        if (kind_at(p, 1) != LS_TOK_KW_IN) return -1;
        advance(p);
        op = LS_CMP_NOT_IN;
        break;
    case LS_TOK_KW_IS:
        if (kind_at(p, 1) == LS_TOK_KW_NOT) {
            advance(p);
            op = LS_CMP_IS_NOT;
        } else {
            op = LS_CMP_IS;
        }
        break;
    default: return -1;
    }
    advance(p);
    return (int)op;
}

static LsNode *comparison(Parser *p) {
    LsNode *left = bitwise_or(p);
    if (!left) return NULL;
    int op = comparison_op(p);
    if (op < 0) return left;
    LsNode *n = node(p, LS_NODE_COMPARE, left->span);
    if (!n) return NULL;
    n->u.compare.left = left;
    uint32_t cap = 0, nops = 0, opcap = 0;
    LsCmpOp *ops = NULL;
    while (op >= 0) {
        if (nops == opcap) {
            opcap = opcap ? opcap * 2 : 4;
            LsCmpOp *grown = ls_arena_alloc(p->arena, opcap * sizeof *grown);
            if (!grown) return syntax_error(p, left->span, "out of memory");
            if (nops) memcpy(grown, ops, nops * sizeof *ops);
            ops = grown;
        }
        ops[nops++] = (LsCmpOp)op;
        if (!push(p, &n->u.compare.comparators, &cap, bitwise_or(p))) return NULL;
        op = comparison_op(p);
    }
    n->u.compare.ops = ops;
    n->span = span_from(p, left->span);
    return n;
}

static LsNode *inversion(Parser *p) {
    if (kind(p) != LS_TOK_KW_NOT) return comparison(p);
    if (!enter(p)) return NULL;
    LsSpan s = cur_span(p);
    advance(p);
    LsNode *v = inversion(p);
    if (!v) LEAVE(p, NULL);
    LsNode *n = node(p, LS_NODE_UNARYOP, span_from(p, s));
    if (n) {
        n->u.unaryop.op = LS_OP_UNARY_NOT;
        n->u.unaryop.operand = v;
    }
    LEAVE(p, n);
}

/* conjunction / disjunction: `and` / `or` chains into one BOOLOP. */
static LsNode *bool_chain(Parser *p, bool is_or) {
    LsTokenKind tok = is_or ? LS_TOK_KW_OR : LS_TOK_KW_AND;
    LsNode *first = is_or ? bool_chain(p, false) : inversion(p);
    if (!first || kind(p) != tok) return first;
    LsNode *n = node(p, LS_NODE_BOOLOP, first->span);
    uint32_t cap = 0;
    if (!n || !push(p, &n->u.boolop.values, &cap, first)) return NULL;
    n->u.boolop.is_or = is_or;
    while (accept(p, tok)) {
        if (!push(p, &n->u.boolop.values, &cap, is_or ? bool_chain(p, false) : inversion(p))) return NULL;
    }
    n->span = span_from(p, first->span);
    return n;
}

static LsNode *disjunction(Parser *p) { return bool_chain(p, true); }

static LsNode *lambda(Parser *p) {
    LsSpan s = cur_span(p);
    advance(p);
    LsNode *n = node(p, LS_NODE_LAMBDA, s);
    if (!n || !(n->u.lambda.args = parameters(p, LS_TOK_COLON, false))) return NULL;
    if (!expect(p, LS_TOK_COLON) || !(n->u.lambda.body = expression(p))) return NULL;
    n->span = span_from(p, s);
    return n;
}

static bool is_soft_keyword(const LsNode *n) {
    if (n->kind != LS_NODE_NAME) return false;
    const char *id = n->u.name.id;
    return strcmp(id, "match") == 0 || strcmp(id, "case") == 0 || strcmp(id, "_") == 0 ||
           strcmp(id, "print") == 0 || strcmp(id, "exec") == 0;
}

/* CPython's invalid_expression: inside brackets, an expression directly
 * followed by another one is "Perhaps you forgot a comma?", spanning both.
 * Like CPython's second ("invalid rules") pass, a failed attempt leaves no
 * trace: the generic error stays where the first reading stopped. */
static LsNode *forgotten_comma_hint(Parser *p, LsNode *a) {
    LsTokenKind k = kind(p);
    if (p->no_comma_hint || p->pos == 0 || p->toks.items[p->pos - 1].level == 0) return a;
    if (!starts_expression(k) || k == LS_TOK_KW_NOT || k == LS_TOK_STAR || k == LS_TOK_MINUS ||
        k == LS_TOK_PLUS || k == LS_TOK_TILDE || k == LS_TOK_LPAR || k == LS_TOK_LSQB) {
        return a;
    }
    if (is_soft_keyword(a) || (a->kind == LS_NODE_NAME && k == LS_TOK_STRING)) return a;
    uint32_t save_pos = p->pos, save_furthest = p->furthest;
    LsSpan save_prev = p->prev;
    LsDiag save_diag = *p->diag;
    p->no_comma_hint++;
    LsNode *b = expression(p);
    p->no_comma_hint--;
    if (b && p->toks.items[p->pos - 1].level > 0) {
        return syntax_error(p, ls_span_join(a->span, b->span), "invalid syntax. Perhaps you forgot a comma?");
    }
    if (!b && kind(p) == LS_TOK_ERROR) return NULL;
    p->pos = save_pos;
    p->furthest = save_furthest;
    p->prev = save_prev;
    *p->diag = save_diag;
    p->failed = false;
    return invalid_syntax(p);
}

static LsNode *expression(Parser *p) {
    if (kind(p) == LS_TOK_KW_LAMBDA) return lambda(p);
    if (!enter(p)) return NULL;
    LsNode *body = disjunction(p);
    /* Inside a comma hint, CPython's second half stops before `if`. */
    if (body && (kind(p) != LS_TOK_KW_IF || p->no_comma_hint)) LEAVE(p, forgotten_comma_hint(p, body));
    if (!body) LEAVE(p, NULL);
    advance(p);
    LsNode *test = disjunction(p);
    if (!test) LEAVE(p, NULL);
    if (!accept(p, LS_TOK_KW_ELSE)) {
        if (kind(p) != LS_TOK_COLON && kind(p) != LS_TOK_ERROR) {
            LEAVE(p, syntax_error(p, span_from(p, body->span), "expected 'else' after 'if' expression"));
        }
        LEAVE(p, invalid_syntax(p));
    }
    LsNode *orelse = expression(p);
    if (!orelse) LEAVE(p, NULL);
    LsNode *n = node(p, LS_NODE_IFEXP, span_from(p, body->span));
    if (n) {
        n->u.ifexp.test = test;
        n->u.ifexp.body = body;
        n->u.ifexp.orelse = orelse;
    }
    LEAVE(p, n);
}

static LsNode *named_expression(Parser *p) {
    if (kind(p) != LS_TOK_NAME || kind_at(p, 1) != LS_TOK_COLONEQUAL) return expression(p);
    LsNode *target = atom(p);
    if (!target) return NULL;
    target->u.name.ctx = LS_CTX_STORE;
    advance(p);
    LsNode *v = expression(p);
    if (!v) return NULL;
    LsNode *n = node(p, LS_NODE_NAMEDEXPR, span_from(p, target->span));
    if (n) {
        n->u.namedexpr.target = target;
        n->u.namedexpr.value = v;
    }
    return n;
}

/* '*' bitwise_or | named_expression (in displays) */
static LsNode *star_named_expression(Parser *p) {
    if (kind(p) != LS_TOK_STAR) return named_expression(p);
    LsSpan s = cur_span(p);
    advance(p);
    LsNode *v = bitwise_or(p);
    if (!v) return NULL;
    LsNode *n = node(p, LS_NODE_STARRED, span_from(p, s));
    if (n) n->u.starred.value = v;
    return n;
}

static LsNode *star_expression(Parser *p) {
    if (kind(p) == LS_TOK_STAR) return star_named_expression(p);
    return expression(p);
}

/* Can the token start an expression? (Used after a trailing comma.) */
static bool starts_expression(LsTokenKind k) {
    switch (k) {
    case LS_TOK_NAME: case LS_TOK_NUMBER: case LS_TOK_STRING: case LS_TOK_LPAR:
    case LS_TOK_LSQB: case LS_TOK_LBRACE: case LS_TOK_MINUS: case LS_TOK_PLUS:
    case LS_TOK_TILDE: case LS_TOK_STAR: case LS_TOK_ELLIPSIS: case LS_TOK_KW_NOT:
    case LS_TOK_KW_LAMBDA: case LS_TOK_KW_AWAIT: case LS_TOK_KW_NONE:
    case LS_TOK_KW_TRUE: case LS_TOK_KW_FALSE:
        return true;
    default:
        return false;
    }
}

/* star_expressions: a tuple without parentheses when there is a comma. */
static LsNode *star_expressions(Parser *p) {
    LsNode *first = star_expression(p);
    if (!first || kind(p) != LS_TOK_COMMA) return first;
    LsNode *t = node(p, LS_NODE_TUPLE, first->span);
    uint32_t cap = 0;
    if (!t || !push(p, &t->u.seq.elts, &cap, first)) return NULL;
    while (accept(p, LS_TOK_COMMA)) {
        if (!starts_expression(kind(p))) break;
        if (!push(p, &t->u.seq.elts, &cap, star_expression(p))) return NULL;
    }
    t->span = span_from(p, first->span);
    return t;
}

static LsNode *yield_expr(Parser *p) {
    LsSpan s = cur_span(p);
    advance(p);
    if (accept(p, LS_TOK_KW_FROM)) {
        LsNode *v = expression(p);
        if (!v) return NULL;
        LsNode *n = node(p, LS_NODE_YIELD_FROM, span_from(p, s));
        if (n) n->u.unary.value = v;
        return n;
    }
    LsNode *n = node(p, LS_NODE_YIELD, s);
    if (!n) return NULL;
    if (starts_expression(kind(p)) && !(n->u.unary.value = star_expressions(p))) return NULL;
    n->span = span_from(p, s);
    return n;
}

static LsNode *value_expression(Parser *p) {
    return kind(p) == LS_TOK_KW_YIELD ? yield_expr(p) : star_expressions(p);
}

/* ---- parameters ---------------------------------------------------------- */

static LsNode *parameter(Parser *p, bool annotations) {
    if (kind(p) != LS_TOK_NAME) return invalid_syntax(p);
    LsToken *t = advance(p);
    LsNode *a = node(p, LS_NODE_ARG, t->span);
    if (!a || !(a->u.arg.arg = token_text(p, t))) return NULL;
    if (annotations && accept(p, LS_TOK_COLON)) {
        if (!(a->u.arg.annotation = kind(p) == LS_TOK_STAR ? star_named_expression(p) : expression(p))) return NULL;
        a->span = span_from(p, t->span);
    }
    return a;
}

typedef struct ParamState {
    uint32_t pcap, acap, kcap, kdcap, dcap;
    bool seen_star, seen_default, bare_star;
    LsSpan star_span;
} ParamState;

static bool positional_parameter(Parser *p, LsNode *args, ParamState *st, bool annotations) {
    LsNode *a = parameter(p, annotations);
    if (!a) return false;
    LsNode *def = NULL;
    if (accept(p, LS_TOK_EQUAL)) {
        LsTokenKind k = kind(p);
        if (k == LS_TOK_COMMA || k == LS_TOK_RPAR || k == LS_TOK_COLON) {
            syntax_error(p, p->prev, "expected default value expression");
            return false;
        }
        if (!(def = expression(p))) return false;
    }
    if (st->seen_star) {
        st->bare_star = false;
        return push(p, &args->u.arguments.kwonly, &st->kcap, a) &&
               ls_ast_push(p->arena, &args->u.arguments.kw_defaults, &st->kdcap, def);
    }
    if (def) {
        st->seen_default = true;
        if (!push(p, &args->u.arguments.defaults, &st->dcap, def)) return false;
    } else if (st->seen_default) {
        syntax_error(p, a->span, "non-default argument follows default argument");
        return false;
    }
    return push(p, &args->u.arguments.args, &st->acap, a);
}

static bool star_parameter(Parser *p, LsNode *args, ParamState *st, LsTokenKind closing, bool annotations) {
    LsSpan s = cur_span(p);
    if (st->seen_star) {
        syntax_error(p, s, "* argument may appear only once");
        return false;
    }
    advance(p);
    st->seen_star = true;
    st->star_span = s;
    if (kind(p) == LS_TOK_COMMA || kind(p) == closing) {
        st->bare_star = true;
        return true;
    }
    return (args->u.arguments.vararg = parameter(p, annotations)) != NULL;
}

static bool dstar_parameter(Parser *p, LsNode *args, LsTokenKind closing, bool annotations) {
    advance(p);
    if (!(args->u.arguments.kwarg = parameter(p, annotations))) return false;
    if (accept(p, LS_TOK_COMMA) && kind(p) != closing) {
        LsSpan s = cur_span(p);
        if (kind(p) == LS_TOK_NAME || kind(p) == LS_TOK_STAR || kind(p) == LS_TOK_DSTAR) {
            syntax_error(p, s, "arguments cannot follow var-keyword argument");
        } else {
            invalid_syntax(p);
        }
        return false;
    }
    return true;
}

/* `/` moves the parameters seen so far into posonly. */
static bool slash_parameter(Parser *p, LsNode *args, ParamState *st) {
    if (st->seen_star || args->u.arguments.posonly.n || args->u.arguments.args.n == 0) {
        invalid_syntax(p);
        return false;
    }
    advance(p);
    args->u.arguments.posonly = args->u.arguments.args;
    st->pcap = st->acap;
    args->u.arguments.args = (LsNodeList){0};
    st->acap = 0;
    return true;
}

static bool check_duplicate_parameters(Parser *p, LsNode *args) {
    LsNode *all[512];
    uint32_t n = 0;
    const LsNodeList *lists[3] = {&args->u.arguments.posonly, &args->u.arguments.args, &args->u.arguments.kwonly};
    for (int l = 0; l < 3; l++) {
        for (uint32_t i = 0; i < lists[l]->n && n < 510; i++) all[n++] = lists[l]->items[i];
        if (l == 1 && args->u.arguments.vararg) all[n++] = args->u.arguments.vararg;
    }
    if (args->u.arguments.kwarg && n < 512) all[n++] = args->u.arguments.kwarg;
    for (uint32_t i = 1; i < n; i++) {
        for (uint32_t j = 0; j < i; j++) {
            if (strcmp(all[i]->u.arg.arg, all[j]->u.arg.arg) == 0) {
                syntax_error(p, all[i]->span, "duplicate argument '%s' in function definition", all[i]->u.arg.arg);
                return false;
            }
        }
    }
    return true;
}

/* The parameter list up to (not including) `closing`. */
static LsNode *parameters(Parser *p, LsTokenKind closing, bool annotations) {
    LsNode *args = node(p, LS_NODE_ARGUMENTS, cur_span(p));
    if (!args) return NULL;
    ParamState st = {0};
    while (kind(p) != closing) {
        bool ok;
        switch (kind(p)) {
        case LS_TOK_SLASH: ok = slash_parameter(p, args, &st); break;
        case LS_TOK_STAR: ok = star_parameter(p, args, &st, closing, annotations); break;
        case LS_TOK_DSTAR: ok = dstar_parameter(p, args, closing, annotations); break;
        default: ok = positional_parameter(p, args, &st, annotations); break;
        }
        if (!ok) return NULL;
        if (args->u.arguments.kwarg) break;
        if (!accept(p, LS_TOK_COMMA)) break;
    }
    if (kind(p) != closing && !(closing == LS_TOK_RPAR && kind(p) == LS_TOK_COMMA)) return invalid_syntax(p);
    if (st.bare_star) return syntax_error(p, st.star_span, "named arguments must follow bare *");
    if (!check_duplicate_parameters(p, args)) return NULL;
    args->span = span_from(p, args->span);
    return args;
}

/* ---- simple statements ---------------------------------------------------- */

static LsNode *keyword_stmt(Parser *p, LsNodeKind k) {
    return node(p, k, advance(p)->span);
}

static bool at_stmt_end(Parser *p) {
    LsTokenKind k = kind(p);
    return k == LS_TOK_NEWLINE || k == LS_TOK_SEMI || k == LS_TOK_ENDMARKER;
}

static LsNode *return_stmt(Parser *p) {
    LsSpan s = cur_span(p);
    advance(p);
    LsNode *n = node(p, LS_NODE_RETURN, s);
    if (n && !at_stmt_end(p) && !(n->u.expr.value = star_expressions(p))) return NULL;
    if (n) n->span = span_from(p, s);
    return n;
}

static LsNode *raise_stmt(Parser *p) {
    LsSpan s = cur_span(p);
    advance(p);
    LsNode *n = node(p, LS_NODE_RAISE, s);
    if (!n || at_stmt_end(p)) return n;
    if (!(n->u.raise.exc = expression(p))) return NULL;
    if (accept(p, LS_TOK_KW_FROM) && !(n->u.raise.cause = expression(p))) return NULL;
    n->span = span_from(p, s);
    return n;
}

static LsNode *name_node(Parser *p) {
    if (kind(p) != LS_TOK_NAME) return invalid_syntax(p);
    return atom(p);
}

static LsNode *global_stmt(Parser *p, LsNodeKind k) {
    LsSpan s = cur_span(p);
    advance(p);
    LsNode *n = node(p, k, s);
    uint32_t cap = 0;
    if (!n) return NULL;
    do {
        if (!push(p, &n->u.global.names, &cap, name_node(p))) return NULL;
    } while (accept(p, LS_TOK_COMMA));
    n->span = span_from(p, s);
    return n;
}

static LsNode *del_stmt(Parser *p) {
    LsSpan s = cur_span(p);
    advance(p);
    LsNode *n = node(p, LS_NODE_DELETE, s);
    LsNode *t = star_expressions(p);
    if (!n || !t) return NULL;
    uint32_t cap = 0;
    if (t->kind == LS_NODE_TUPLE && t->span.col == t->u.seq.elts.items[0]->span.col &&
        t->span.line == t->u.seq.elts.items[0]->span.line) {
        /* `del a, b`: several targets, not one tuple */
        for (uint32_t i = 0; i < t->u.seq.elts.n; i++) {
            if (!set_context(p, t->u.seq.elts.items[i], LS_CTX_DEL, true) ||
                !push(p, &n->u.del.targets, &cap, t->u.seq.elts.items[i])) return NULL;
        }
    } else if (!set_context(p, t, LS_CTX_DEL, true) || !push(p, &n->u.del.targets, &cap, t)) {
        return NULL;
    }
    n->span = span_from(p, s);
    return n;
}

static LsNode *assert_stmt(Parser *p) {
    LsSpan s = cur_span(p);
    advance(p);
    LsNode *n = node(p, LS_NODE_ASSERT, s);
    if (!n || !(n->u.assert_.test = expression(p))) return NULL;
    if (accept(p, LS_TOK_COMMA) && !(n->u.assert_.msg = expression(p))) return NULL;
    n->span = span_from(p, s);
    return n;
}

/* dotted_name: NAME ('.' NAME)* as one arena string. */
static const char *dotted_name(Parser *p) {
    if (kind(p) != LS_TOK_NAME) return invalid_syntax(p);
    uint32_t start = cur(p)->start, end = start;
    do {
        if (kind(p) != LS_TOK_NAME) return invalid_syntax(p);
        LsToken *t = advance(p);
        end = t->start + t->len;
    } while (kind(p) == LS_TOK_DOT && advance(p));
    /* Remove any whitespace between the parts ("a . b" is legal). */
    char *s = ls_arena_strndup(p->arena, p->src + start, end - start);
    if (!s) return syntax_error(p, p->prev, "out of memory");
    size_t k = 0;
    for (size_t i = 0; s[i]; i++) {
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\\' && s[i] != '\n' && s[i] != '\r') s[k++] = s[i];
    }
    s[k] = '\0';
    return s;
}

static LsNode *alias(Parser *p, bool dotted) {
    LsSpan s = cur_span(p);
    LsNode *a = node(p, LS_NODE_ALIAS, s);
    if (!a) return NULL;
    if (dotted) a->u.alias.name = dotted_name(p);
    else if (kind(p) == LS_TOK_NAME) a->u.alias.name = token_text(p, advance(p));
    else return invalid_syntax(p);
    if (!a->u.alias.name) return NULL;
    if (accept(p, LS_TOK_KW_AS)) {
        if (kind(p) != LS_TOK_NAME) return invalid_syntax(p);
        if (!(a->u.alias.asname = token_text(p, advance(p)))) return NULL;
    }
    a->span = span_from(p, s);
    return a;
}

static LsNode *import_stmt(Parser *p) {
    LsSpan s = cur_span(p);
    advance(p);
    LsNode *n = node(p, LS_NODE_IMPORT, s);
    uint32_t cap = 0;
    if (!n) return NULL;
    do {
        if (!push(p, &n->u.import.names, &cap, alias(p, true))) return NULL;
    } while (accept(p, LS_TOK_COMMA));
    n->span = span_from(p, s);
    return n;
}

static bool import_from_names(Parser *p, LsNode *n) {
    uint32_t cap = 0;
    if (kind(p) == LS_TOK_STAR) {
        LsNode *a = node(p, LS_NODE_ALIAS, advance(p)->span);
        if (!a) return false;
        a->u.alias.name = "*";
        return push(p, &n->u.import_from.names, &cap, a);
    }
    bool paren = accept(p, LS_TOK_LPAR);
    do {
        if (paren && kind(p) == LS_TOK_RPAR && n->u.import_from.names.n) break;
        if (!push(p, &n->u.import_from.names, &cap, alias(p, false))) return false;
    } while (accept(p, LS_TOK_COMMA));
    if (!paren && kind(p) == LS_TOK_COMMA) return invalid_syntax(p) != NULL;
    return !paren || expect(p, LS_TOK_RPAR);
}

static LsNode *from_stmt(Parser *p) {
    LsSpan s = cur_span(p);
    advance(p);
    LsNode *n = node(p, LS_NODE_IMPORT_FROM, s);
    if (!n) return NULL;
    for (;;) {
        if (accept(p, LS_TOK_DOT)) n->u.import_from.level += 1;
        else if (accept(p, LS_TOK_ELLIPSIS)) n->u.import_from.level += 3;
        else break;
    }
    if (kind(p) != LS_TOK_KW_IMPORT || n->u.import_from.level == 0) {
        if (!(n->u.import_from.module = dotted_name(p))) return NULL;
    }
    if (!expect(p, LS_TOK_KW_IMPORT) || !import_from_names(p, n)) return NULL;
    n->span = span_from(p, s);
    return n;
}

static bool is_augassign(LsTokenKind k, LsBinOp *op) {
    static const struct { LsTokenKind tok; LsBinOp op; } AUG[] = {
        {LS_TOK_PLUSEQUAL, LS_BINOP_ADD}, {LS_TOK_MINEQUAL, LS_BINOP_SUB},
        {LS_TOK_STAREQUAL, LS_BINOP_MUL}, {LS_TOK_SLASHEQUAL, LS_BINOP_TRUEDIV},
        {LS_TOK_DSLASHEQUAL, LS_BINOP_FLOORDIV}, {LS_TOK_PERCENTEQUAL, LS_BINOP_MOD},
        {LS_TOK_DSTAREQUAL, LS_BINOP_POW}, {LS_TOK_ATEQUAL, LS_BINOP_MATMUL},
        {LS_TOK_VBAREQUAL, LS_BINOP_OR}, {LS_TOK_AMPEREQUAL, LS_BINOP_AND},
        {LS_TOK_CIRCUMFLEXEQUAL, LS_BINOP_XOR}, {LS_TOK_LSHIFTEQUAL, LS_BINOP_LSHIFT},
        {LS_TOK_RSHIFTEQUAL, LS_BINOP_RSHIFT},
    };
    for (size_t i = 0; i < sizeof AUG / sizeof *AUG; i++) {
        if (AUG[i].tok == k) {
            *op = AUG[i].op;
            return true;
        }
    }
    return false;
}

static LsNode *augassign_stmt(Parser *p, LsNode *target, LsBinOp op) {
    LsNodeKind k = target->kind;
    if (k != LS_NODE_NAME && k != LS_NODE_ATTRIBUTE && k != LS_NODE_SUBSCRIPT) {
        return syntax_error(p, target->span, "'%s' is an illegal expression for augmented assignment",
                            expr_name(target));
    }
    if (!set_context(p, target, LS_CTX_STORE, true)) return NULL;
    advance(p);
    LsNode *v = value_expression(p);
    if (!v) return NULL;
    LsNode *n = node(p, LS_NODE_AUGASSIGN, span_from(p, target->span));
    if (n) {
        n->u.augassign.target = target;
        n->u.augassign.op = op;
        n->u.augassign.value = v;
    }
    return n;
}

static LsNode *annassign_stmt(Parser *p, LsNode *target) {
    LsNodeKind k = target->kind;
    LsSpan colon = cur_span(p);
    advance(p);
    LsDiag saved = *p->diag;
    LsNode *annotation = expression(p);
    if (!annotation) {
        bool single = k == LS_NODE_NAME || k == LS_NODE_ATTRIBUTE || k == LS_NODE_SUBSCRIPT ||
                      k == LS_NODE_TUPLE || k == LS_NODE_LIST;
        if (single || kind(p) == LS_TOK_ERROR) return NULL;
        /* `f(): <nothing valid>` is not an annotation at all: the ':' is wrong. */
        *p->diag = saved;
        p->failed = false;
        return syntax_error(p, colon, "invalid syntax");
    }
    if (k == LS_NODE_TUPLE || k == LS_NODE_LIST) {
        return syntax_error(p, target->span, "only single target (not %s) can be annotated",
                            k == LS_NODE_TUPLE ? "tuple" : "list");
    }
    if (k != LS_NODE_NAME && k != LS_NODE_ATTRIBUTE && k != LS_NODE_SUBSCRIPT) {
        return syntax_error(p, target->span, "illegal target for annotation");
    }
    if (!set_context(p, target, LS_CTX_STORE, true)) return NULL;
    LsNode *n = node(p, LS_NODE_ANNASSIGN, target->span);
    if (!n) return NULL;
    n->u.annassign.target = target;
    n->u.annassign.annotation = annotation;
    if (accept(p, LS_TOK_EQUAL) && !(n->u.annassign.value = value_expression(p))) return NULL;
    n->span = span_from(p, target->span);
    return n;
}

static LsNode *assign_stmt(Parser *p, LsNode *first) {
    LsNode *n = node(p, LS_NODE_ASSIGN, first->span);
    uint32_t cap = 0;
    if (!n || !push(p, &n->u.assign.targets, &cap, first)) return NULL;
    LsNode *v = NULL;
    while (accept(p, LS_TOK_EQUAL)) {
        if (v && !push(p, &n->u.assign.targets, &cap, v)) return NULL;
        if (!(v = value_expression(p))) return NULL;
    }
    for (uint32_t i = 0; i < n->u.assign.targets.n; i++) {
        LsNode *t = n->u.assign.targets.items[i];
        if (n->u.assign.targets.n == 1 && gets_equality_hint(t)) {
            bool fine = t->kind == LS_NODE_NAME || t->kind == LS_NODE_ATTRIBUTE || t->kind == LS_NODE_SUBSCRIPT;
            if (!fine) {
                return syntax_error(p, t->span, "cannot assign to %s here. Maybe you meant '==' instead of '='?",
                                    expr_name(t));
            }
        }
        if (!set_context(p, t, LS_CTX_STORE, true)) return NULL;
    }
    n->u.assign.value = v;
    n->span = span_from(p, first->span);
    return n;
}

/* `print "x"`: CPython's hint for Python 2 habits. */
static LsNode *legacy_print(Parser *p, LsNode *first) {
    LsNode *rest = star_expressions(p);
    if (!rest) return NULL;
    return syntax_error(p, ls_span_join(first->span, rest->span),
                        "Missing parentheses in call to '%s'. Did you mean %s(...)?", first->u.name.id,
                        first->u.name.id);
}

static LsNode *expr_stmt(Parser *p) {
    LsNode *first = value_expression(p);
    if (!first) return NULL;
    if (first->kind == LS_NODE_NAME && (strcmp(first->u.name.id, "print") == 0 || strcmp(first->u.name.id, "exec") == 0) &&
        starts_expression(kind(p)) && kind(p) != LS_TOK_LPAR && kind(p) != LS_TOK_STAR && kind(p) != LS_TOK_MINUS &&
        kind(p) != LS_TOK_PLUS && kind(p) != LS_TOK_LSQB && kind(p) != LS_TOK_TILDE) {
        return legacy_print(p, first);
    }
    LsBinOp op;
    if (kind(p) == LS_TOK_EQUAL) return assign_stmt(p, first);
    if (kind(p) == LS_TOK_COLON) return annassign_stmt(p, first);
    if (is_augassign(kind(p), &op)) return augassign_stmt(p, first, op);
    LsNode *n = node(p, LS_NODE_EXPR, first->span);
    if (n) n->u.expr.value = first;
    return n;
}

static LsNode *simple_stmt(Parser *p) {
    switch (kind(p)) {
    case LS_TOK_KW_PASS: return keyword_stmt(p, LS_NODE_PASS);
    case LS_TOK_KW_BREAK: return keyword_stmt(p, LS_NODE_BREAK);
    case LS_TOK_KW_CONTINUE: return keyword_stmt(p, LS_NODE_CONTINUE);
    case LS_TOK_KW_RETURN: return return_stmt(p);
    case LS_TOK_KW_RAISE: return raise_stmt(p);
    case LS_TOK_KW_GLOBAL: return global_stmt(p, LS_NODE_GLOBAL);
    case LS_TOK_KW_NONLOCAL: return global_stmt(p, LS_NODE_NONLOCAL);
    case LS_TOK_KW_DEL: return del_stmt(p);
    case LS_TOK_KW_ASSERT: return assert_stmt(p);
    case LS_TOK_KW_IMPORT: return import_stmt(p);
    case LS_TOK_KW_FROM: return from_stmt(p);
    default: return expr_stmt(p);
    }
}

/* simple_stmt (';' simple_stmt)* [';'] NEWLINE */
static bool simple_stmts(Parser *p, LsNodeList *body, uint32_t *cap) {
    for (;;) {
        if (!push(p, body, cap, simple_stmt(p))) return false;
        if (!accept(p, LS_TOK_SEMI) || kind(p) == LS_TOK_NEWLINE) break;
    }
    return expect(p, LS_TOK_NEWLINE);
}

/* ---- compound statements ----------------------------------------------- */

/* `strict`: after a bare keyword (else, finally, try) anything but ':' is
 * "expected ':'"; elsewhere only a line end is. */
static bool expect_colon(Parser *p, bool strict) {
    if (accept(p, LS_TOK_COLON)) return true;
    if (kind(p) == LS_TOK_NEWLINE || (strict && kind(p) != LS_TOK_ERROR && !is_layout(kind(p)))) {
        LsSpan s = cur_span(p);
        s.end_col = s.col;
        syntax_error(p, s, "expected ':'");
    } else {
        invalid_syntax(p);
    }
    return false;
}

/* ':' block. `what`/`line` name the statement for "expected an indented
 * block after 'if' statement on line 3". */
static bool block(Parser *p, LsNodeList *body, const char *what, uint32_t line) {
    bool strict = strcmp(what, "'else' statement") == 0 || strcmp(what, "'finally' statement") == 0 ||
                  strcmp(what, "'try' statement") == 0;
    if (!expect_colon(p, strict)) return false;
    uint32_t cap = 0;
    if (!accept(p, LS_TOK_NEWLINE)) return simple_stmts(p, body, &cap);
    if (kind(p) != LS_TOK_INDENT) {
        if (kind(p) == LS_TOK_ERROR) return invalid_syntax(p) != NULL;
        ls_parse_error(p, LS_DIAG_INDENT, cur_span(p), "expected an indented block after %s on line %u",
                       what, (unsigned)line);
        return false;
    }
    advance(p);
    while (kind(p) != LS_TOK_DEDENT && kind(p) != LS_TOK_ENDMARKER) {
        if (!statement(p, body, &cap)) return false;
    }
    return expect(p, LS_TOK_DEDENT);
}

static LsNode *if_stmt(Parser *p) {
    LsSpan s = cur_span(p);
    bool elif = kind(p) == LS_TOK_KW_ELIF;
    advance(p);
    LsNode *n = node(p, LS_NODE_IF, s);
    if (!n || !(n->u.if_.test = named_expression(p)) || !check_stray_equal(p, n->u.if_.test)) return NULL;
    if (!block(p, &n->u.if_.body, elif ? "'elif' statement" : "'if' statement", s.line)) return NULL;
    if (kind(p) == LS_TOK_KW_ELIF) {
        uint32_t cap = 0;
        if (!push(p, &n->u.if_.orelse, &cap, if_stmt(p))) return NULL;
    } else if (kind(p) == LS_TOK_KW_ELSE) {
        uint32_t line = advance(p)->span.line;
        if (!block(p, &n->u.if_.orelse, "'else' statement", line)) return NULL;
    }
    n->span = span_from(p, s);
    return n;
}

static bool else_block(Parser *p, LsNodeList *orelse) {
    if (kind(p) != LS_TOK_KW_ELSE) return true;
    uint32_t line = advance(p)->span.line;
    return block(p, orelse, "'else' statement", line);
}

static LsNode *while_stmt(Parser *p) {
    LsSpan s = cur_span(p);
    advance(p);
    LsNode *n = node(p, LS_NODE_WHILE, s);
    if (!n || !(n->u.if_.test = named_expression(p)) || !check_stray_equal(p, n->u.if_.test)) return NULL;
    if (!block(p, &n->u.if_.body, "'while' statement", s.line)) return NULL;
    if (!else_block(p, &n->u.if_.orelse)) return NULL;
    n->span = span_from(p, s);
    return n;
}

static LsNode *for_stmt(Parser *p, LsSpan s, bool is_async) {
    advance(p);
    LsNode *n = node(p, LS_NODE_FOR, s);
    if (!n) return NULL;
    n->u.for_.keyword_span = span_from(p, s);
    if (!(n->u.for_.target = store_targets(p))) return NULL;
    n->u.for_.is_async = is_async;
    if (!expect(p, LS_TOK_KW_IN) || !(n->u.for_.iter = star_expressions(p))) return NULL;
    if (!block(p, &n->u.for_.body, "'for' statement", s.line)) return NULL;
    if (!else_block(p, &n->u.for_.orelse)) return NULL;
    n->span = span_from(p, s);
    return n;
}

static LsNode *except_clause(Parser *p, bool *is_star) {
    LsSpan s = cur_span(p);
    advance(p);
    *is_star = accept(p, LS_TOK_STAR);
    LsNode *h = node(p, LS_NODE_HANDLER, s);
    if (!h) return NULL;
    if (kind(p) != LS_TOK_COLON) {
        LsNode *t = expression(p);
        if (!t) return NULL;
        if (kind(p) == LS_TOK_COMMA) {
            while (accept(p, LS_TOK_COMMA) && expression(p)) {}
            if (p->failed) return NULL;
            return syntax_error(p, span_from(p, t->span), "multiple exception types must be parenthesized");
        }
        h->u.handler.type = t;
        if (accept(p, LS_TOK_KW_AS)) {
            if (kind(p) != LS_TOK_NAME) return invalid_syntax(p);
            if (!(h->u.handler.name = token_text(p, advance(p)))) return NULL;
        }
    }
    if (!block(p, &h->u.handler.body, *is_star ? "'except*' statement" : "'except' statement", s.line)) return NULL;
    h->span = span_from(p, s);
    return h;
}

static LsNode *try_stmt(Parser *p) {
    LsSpan s = cur_span(p);
    advance(p);
    LsNode *n = node(p, LS_NODE_TRY, s);
    if (!n || !block(p, &n->u.try_.body, "'try' statement", s.line)) return NULL;
    uint32_t cap = 0;
    bool any_star = false, any_plain = false;
    while (kind(p) == LS_TOK_KW_EXCEPT) {
        bool star;
        LsNode *h = except_clause(p, &star);
        if (!push(p, &n->u.try_.handlers, &cap, h)) return NULL;
        any_star |= star;
        any_plain |= !star;
        if (any_star && any_plain) {
            return syntax_error(p, h->span, "cannot have both 'except' and 'except*' on the same 'try'");
        }
    }
    n->u.try_.is_star = any_star;
    if (n->u.try_.handlers.n && !else_block(p, &n->u.try_.orelse)) return NULL;
    if (kind(p) == LS_TOK_KW_FINALLY) {
        uint32_t line = advance(p)->span.line;
        if (!block(p, &n->u.try_.finalbody, "'finally' statement", line)) return NULL;
    }
    if (!n->u.try_.handlers.n && !n->u.try_.finalbody.n) {
        if (kind(p) == LS_TOK_ERROR) return invalid_syntax(p);
        LsSpan e = cur_span(p);
        return syntax_error(p, e, "expected 'except' or 'finally' block");
    }
    n->span = span_from(p, s);
    return n;
}

static LsNode *with_item(Parser *p) {
    LsSpan s = cur_span(p);
    LsNode *w = node(p, LS_NODE_WITHITEM, s);
    if (!w || !(w->u.withitem.context_expr = expression(p))) return NULL;
    if (accept(p, LS_TOK_KW_AS)) {
        /* One target per item: `with a as b, c:` has two items. */
        LsNode *t = star_target(p);
        if (!t || !set_context(p, t, LS_CTX_STORE, true)) return NULL;
        w->u.withitem.optional_vars = t;
    }
    w->span = span_from(p, s);
    return w;
}

static bool with_items(Parser *p, LsNode *n, LsTokenKind closing) {
    uint32_t cap = 0;
    do {
        if (kind(p) == closing && n->u.with.items.n) break;
        if (!push(p, &n->u.with.items, &cap, with_item(p))) return false;
    } while (accept(p, LS_TOK_COMMA));
    return true;
}

/* `with (a as b, c):` is a parenthesized item list; `with (a, b):` is one
 * tuple item. Try the first reading and fall back to the second. */
static bool parenthesized_with_items(Parser *p, LsNode *n) {
    uint32_t save = p->pos;
    LsSpan prev = p->prev;
    LsDiag saved_diag = *p->diag;
    advance(p);
    if (with_items(p, n, LS_TOK_RPAR) && accept(p, LS_TOK_RPAR) && kind(p) == LS_TOK_COLON) return true;
    p->pos = save;
    p->prev = prev;
    p->failed = false;
    *p->diag = saved_diag;
    n->u.with.items = (LsNodeList){0};
    return with_items(p, n, LS_TOK_COLON);
}

static LsNode *with_stmt(Parser *p, LsSpan s, bool is_async) {
    advance(p);
    LsNode *n = node(p, LS_NODE_WITH, s);
    if (!n) return NULL;
    n->u.with.is_async = is_async;
    n->u.with.keyword_span = span_from(p, s);
    bool ok = kind(p) == LS_TOK_LPAR ? parenthesized_with_items(p, n) : with_items(p, n, LS_TOK_COLON);
    if (!ok || !block(p, &n->u.with.body, "'with' statement", s.line)) return NULL;
    n->span = span_from(p, s);
    return n;
}

static LsNode *funcdef(Parser *p, LsSpan s, bool is_async, LsNodeList decorators) {
    advance(p);   /* 'def' */
    LsNode *n = node(p, LS_NODE_FUNCTIONDEF, s);
    if (!n) return NULL;
    n->u.funcdef.is_async = is_async;
    n->u.funcdef.decorators = decorators;
    n->u.funcdef.keyword_span = span_from(p, s);
    if (kind(p) != LS_TOK_NAME) return invalid_syntax(p);
    if (!(n->u.funcdef.name = token_text(p, advance(p)))) return NULL;
    if (kind(p) != LS_TOK_LPAR) {
        if (kind(p) == LS_TOK_ERROR) return invalid_syntax(p);
        return syntax_error(p, cur_span(p), "expected '('");
    }
    advance(p);
    if (!(n->u.funcdef.args = parameters(p, LS_TOK_RPAR, true)) || !expect(p, LS_TOK_RPAR)) return NULL;
    if (accept(p, LS_TOK_RARROW) && !(n->u.funcdef.returns = expression(p))) return NULL;
    if (!block(p, &n->u.funcdef.body, "function definition", s.line)) return NULL;
    n->span = span_from(p, s);
    return n;
}

static LsNode *classdef(Parser *p, LsNodeList decorators) {
    LsSpan s = cur_span(p);
    advance(p);
    LsNode *n = node(p, LS_NODE_CLASSDEF, s);
    if (!n) return NULL;
    n->u.classdef.decorators = decorators;
    if (kind(p) != LS_TOK_NAME) return invalid_syntax(p);
    if (!(n->u.classdef.name = token_text(p, advance(p)))) return NULL;
    if (kind(p) == LS_TOK_LPAR) {
        LsNode *fake = node(p, LS_NODE_NAME, s);
        LsNode *call = fake ? call_trailer(p, fake) : NULL;
        if (!call) return NULL;
        n->u.classdef.bases = call->u.call.args;
        n->u.classdef.keywords = call->u.call.keywords;
    }
    if (!block(p, &n->u.classdef.body, "class definition", s.line)) return NULL;
    n->span = span_from(p, s);
    return n;
}

static LsNode *async_stmt(Parser *p, LsNodeList decorators) {
    LsSpan s = cur_span(p);
    advance(p);
    switch (kind(p)) {
    case LS_TOK_KW_DEF: return funcdef(p, s, true, decorators);
    case LS_TOK_KW_FOR: if (!decorators.n) return for_stmt(p, s, true); break;
    case LS_TOK_KW_WITH: if (!decorators.n) return with_stmt(p, s, true); break;
    default: break;
    }
    return invalid_syntax(p);
}

static LsNode *decorated(Parser *p) {
    LsNodeList decorators = {0};
    uint32_t cap = 0;
    while (kind(p) == LS_TOK_AT) {
        LsSpan s = cur_span(p);
        advance(p);
        LsNode *d = node(p, LS_NODE_DECORATOR, s);
        if (!d || !(d->u.decorator.value = named_expression(p))) return NULL;
        d->span = span_from(p, s);
        if (!push(p, &decorators, &cap, d) || !expect(p, LS_TOK_NEWLINE)) return NULL;
    }
    if (kind(p) == LS_TOK_KW_DEF) return funcdef(p, cur_span(p), false, decorators);
    if (kind(p) == LS_TOK_KW_CLASS) return classdef(p, decorators);
    if (kind(p) == LS_TOK_KW_ASYNC) return async_stmt(p, decorators);
    return invalid_syntax(p);
}

/* `match subject:` NEWLINE INDENT `case` ...: recognised, body skipped. The
 * MATCH node lets the compiler refuse it with a proper message. Returns
 * NULL without an error when this is not a match statement. */
static LsNode *try_match(Parser *p, bool *is_match) {
    uint32_t save = p->pos;
    LsSpan prev = p->prev;
    LsDiag saved = *p->diag;
    LsSpan s = cur_span(p);
    advance(p);
    *is_match = false;
    LsNode *subject = kind(p) != LS_TOK_EQUAL && kind(p) != LS_TOK_DOT ? star_expressions(p) : NULL;
    if (subject && accept(p, LS_TOK_COLON) && accept(p, LS_TOK_NEWLINE) && accept(p, LS_TOK_INDENT) &&
        is_name(p, "case")) {
        *is_match = true;
        int depth = 1;
        while (depth > 0 && kind(p) != LS_TOK_ENDMARKER && kind(p) != LS_TOK_ERROR) {
            if (kind(p) == LS_TOK_INDENT) depth++;
            if (kind(p) == LS_TOK_DEDENT) depth--;
            advance(p);
        }
        if (kind(p) == LS_TOK_ERROR) return invalid_syntax(p);
        LsNode *n = node(p, LS_NODE_MATCH, s);
        if (n) n->u.match.subject = subject;
        return n;
    }
    p->pos = save;
    p->prev = prev;
    p->failed = false;
    *p->diag = saved;
    return NULL;
}

static bool statement(Parser *p, LsNodeList *body, uint32_t *cap) {
    LsNode *n;
    LsNodeList none = {0};
    switch (kind(p)) {
    case LS_TOK_KW_IF: n = if_stmt(p); break;
    case LS_TOK_KW_WHILE: n = while_stmt(p); break;
    case LS_TOK_KW_FOR: n = for_stmt(p, cur_span(p), false); break;
    case LS_TOK_KW_TRY: n = try_stmt(p); break;
    case LS_TOK_KW_WITH: n = with_stmt(p, cur_span(p), false); break;
    case LS_TOK_KW_DEF: n = funcdef(p, cur_span(p), false, none); break;
    case LS_TOK_KW_CLASS: n = classdef(p, none); break;
    case LS_TOK_KW_ASYNC: n = async_stmt(p, none); break;
    case LS_TOK_AT: n = decorated(p); break;
    default:
        if (is_name(p, "match")) {
            bool is_match;
            n = try_match(p, &is_match);
            if (is_match || p->failed) break;
        }
        return simple_stmts(p, body, cap);
    }
    return push(p, body, cap, n);
}

/* ---- entry points ------------------------------------------------------- */

static LsNode *module(Parser *p) {
    LsSpan s = {1, 1, 0, 0};
    LsNode *m = node(p, LS_NODE_MODULE, s);
    uint32_t cap = 0;
    if (!m) return NULL;
    while (kind(p) == LS_TOK_NEWLINE) advance(p);
    while (kind(p) != LS_TOK_ENDMARKER) {
        if (kind(p) == LS_TOK_NEWLINE) {
            advance(p);
            continue;
        }
        if (!statement(p, &m->u.module.body, &cap)) return NULL;
    }
    m->span = span_from(p, s);
    return m;
}

/* After a parser error CPython tokenizes the rest of the file: a hard
 * tokenizer error found there replaces the parser's error; a soft one only
 * matters through a bracket left open on an earlier line than the token
 * where parsing failed. Reaching the ERROR token reports it as is. The
 * parser's "unexpected indent" is never replaced. */
static void prefer_tokenizer_error(Parser *p) {
    const LsTokens *t = &p->toks;
    if (strcmp(p->diag->message, "unexpected indent") == 0) return;
    if (kind(p) == LS_TOK_ERROR || !t->soft_error) {
        *p->diag = t->error;
    } else if (t->open_bracket && cur(p)->span.line > t->open_span.line) {
        p->diag->kind = LS_DIAG_SYNTAX;
        p->diag->span = t->open_span;
        snprintf(p->diag->message, sizeof p->diag->message, "'%c' was never closed", t->open_char);
    }
}

bool ls_parse(const char *src, size_t len, LsArena *arena, LsNode **out, LsDiag *diag) {
    Parser p = {0};
    p.src = src;
    p.len = len;
    p.arena = arena;
    p.diag = diag;
    memset(diag, 0, sizeof *diag);
    bool lexed = ls_lex(src, len, LS_LEX_FILE, 1, 0, &p.toks);
    if (!lexed || p.toks.n == 0) {
        *diag = p.toks.error;
        ls_tokens_fini(&p.toks);
        return false;
    }
    bool lex_failed = p.toks.items[p.toks.n - 1].kind == LS_TOK_ERROR;
    *out = module(&p);
    bool ok = *out != NULL && !p.failed;
    if (!ok && lex_failed) prefer_tokenizer_error(&p);
    ls_tokens_fini(&p.toks);
    return ok;
}

LsNode *ls_parse_fstring_expr(Parser *outer, size_t start, size_t end, uint32_t line, uint32_t col) {
    Parser p = *outer;
    memset(&p.toks, 0, sizeof p.toks);
    p.pos = p.furthest = 0;
    if (!ls_lex(outer->src + start, end - start, LS_LEX_FSTRING_EXPR, line, col, &p.toks) || p.toks.n == 0) {
        ls_parse_error(outer, LS_DIAG_SYNTAX, p.toks.error.span, "%s", p.toks.error.message);
        ls_tokens_fini(&p.toks);
        return NULL;
    }
    /* Token offsets are relative to the slice: shift the text pointer. */
    p.src = outer->src + start;
    p.len = end - start;
    LsNode *n = NULL;
    if (p.toks.items[p.toks.n - 1].kind == LS_TOK_ERROR) {
        ls_parse_error(&p, p.toks.error.kind, p.toks.error.span, "%s", p.toks.error.message);
    } else {
        n = kind(&p) == LS_TOK_KW_YIELD ? yield_expr(&p) : star_expressions(&p);
        /* CPython parses "(expr)": the inside counts as within brackets. */
        if (n && kind(&p) != LS_TOK_ENDMARKER) n = check_forgotten_comma(&p, n) ? invalid_syntax(&p) : NULL;
    }
    if (p.failed && !outer->failed) {
        outer->failed = true;
        if (strncmp(p.diag->message, "f-string", 8) != 0) {
            /* "f-string: invalid syntax", as CPython words it */
            static const char prefix[] = "f-string: ";
            size_t cap = sizeof p.diag->message, n = strlen(p.diag->message);
            if (n + sizeof prefix > cap) n = cap - sizeof prefix;
            memmove(p.diag->message + sizeof prefix - 1, p.diag->message, n);
            memcpy(p.diag->message, prefix, sizeof prefix - 1);
            p.diag->message[n + sizeof prefix - 1] = '\0';
        }
    }
    ls_tokens_fini(&p.toks);
    return n;
}
