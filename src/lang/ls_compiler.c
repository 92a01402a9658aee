/* ls_compiler — the compile driver, code-unit assembly and statement code
 * generation (expressions live in ls_compile_expr.c).
 *
 * A Unit is one code object under construction. Jumps are emitted to
 * labels and patched to absolute instruction indices when the unit is
 * assembled; max_stack and max_blocks are then computed by a flow analysis
 * over the finished instructions (see stack_analysis), so they are exact
 * for every path, including exception handlers, which start with two extra
 * values [prev_exc_info, exc] on the stack.
 *
 * Control flow out of blocks (break/continue/return) walks the FBlock stack
 * the same way CPython 3.10 does: each FBlock knows what to undo (pop a
 * loop iterator, POP_BLOCK, run a `finally` body copy, POP_EXCEPT, delete
 * the `except ... as e` name). */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ls_compiler_int.h"
#include "ls_lexer.h"
#include "ls_parser.h"

/* ---- errors ----------------------------------------------------------------- */

bool ls_cerror(Compiler *c, LsDiagKind kind, LsSpan span, const char *fmt, ...) {
    if (c->failed) return false;
    c->failed = true;
    c->diag->kind = kind;
    c->diag->span = span;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->diag->message, sizeof c->diag->message, fmt, ap);
    va_end(ap);
    return false;
}

static bool out_of_memory(Compiler *c, LsSpan span) {
    return ls_cerror(c, LS_DIAG_SYNTAX, span, "out of memory");
}

/* Grow *p (an array of `elem`-byte items with capacity *cap) to hold `need`. */
static bool grow(void **p, uint32_t *cap, uint32_t need, size_t elem) {
    if (need <= *cap) return true;
    uint32_t ncap = *cap ? *cap : 8;
    while (ncap < need) ncap *= 2;
    void *q = realloc(*p, (size_t)ncap * elem);
    if (!q) return false;
    *p = q;
    *cap = ncap;
    return true;
}

static char *dup_string(const char *s, size_t n) {
    char *d = malloc(n + 1);
    if (!d) return NULL;
    if (n) memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* ---- emission ---------------------------------------------------------------- */

static LsPos to_pos(LsSpan s) {
    LsPos p = {s.line, s.end_line, (uint16_t)(s.col > 0xFFFF ? 0xFFFF : s.col),
               (uint16_t)(s.end_col > 0xFFFF ? 0xFFFF : s.end_col)};
    return p;
}

void ls_emit(Compiler *c, LsOpcode op, uint32_t arg, LsSpan span) {
    Unit *u = c->u;
    if (c->failed) return;
    if (arg > LS_ARG_MAX) {
        cunsupported(c, span, "this program is too large for loopscope");
        return;
    }
    uint32_t cap = u->cap_ins;
    if (!grow((void **)&u->ins, &cap, u->n_ins + 1, sizeof *u->ins) ||
        !grow((void **)&u->pos, &u->cap_ins, u->n_ins + 1, sizeof *u->pos)) {
        out_of_memory(c, span);
        return;
    }
    u->ins[u->n_ins] = LS_INS(op, arg);
    u->pos[u->n_ins++] = to_pos(span);
}

uint32_t ls_new_label(Compiler *c) {
    Unit *u = c->u;
    if (!grow((void **)&u->labels, &u->cap_labels, u->n_labels + 1, sizeof *u->labels)) {
        LsSpan none = {0};
        out_of_memory(c, none);
        return 0;
    }
    u->labels[u->n_labels] = NO_LABEL;
    return u->n_labels++;
}

void ls_bind_label(Compiler *c, uint32_t label) {
    if (!c->failed) c->u->labels[label] = c->u->n_ins;
}

static bool const_equal(const LsConst *a, const LsConst *b) {
    if (a->kind != b->kind) return false;
    switch (a->kind) {
    case LS_CONST_NONE: case LS_CONST_ELLIPSIS: return true;
    case LS_CONST_BOOL: return a->as.b == b->as.b;
    case LS_CONST_INT: return a->as.i == b->as.i;
    case LS_CONST_FLOAT: return memcmp(&a->as.f, &b->as.f, sizeof a->as.f) == 0;  /* 0.0 vs -0.0 differ */
    case LS_CONST_STR:
        return a->as.s.len == b->as.s.len && memcmp(a->as.s.str, b->as.s.str, a->as.s.len) == 0;
    case LS_CONST_TUPLE:
        if (a->as.tuple.n != b->as.tuple.n) return false;
        for (uint32_t i = 0; i < a->as.tuple.n; i++) {
            if (!const_equal(&a->as.tuple.items[i], &b->as.tuple.items[i])) return false;
        }
        return true;
    case LS_CONST_CODE: return false;
    }
    return false;
}

static void const_fini(LsConst *k) {
    switch (k->kind) {
    case LS_CONST_STR: free(k->as.s.str); break;
    case LS_CONST_TUPLE:
        for (uint32_t i = 0; i < k->as.tuple.n; i++) const_fini(&k->as.tuple.items[i]);
        free(k->as.tuple.items);
        break;
    case LS_CONST_CODE: ls_code_free(k->as.code); break;
    default: break;
    }
}

uint32_t ls_add_const(Compiler *c, LsConst k) {
    Unit *u = c->u;
    for (uint32_t i = 0; i < u->n_consts; i++) {
        if (const_equal(&u->consts[i], &k)) {
            const_fini(&k);
            return i;
        }
    }
    if (!grow((void **)&u->consts, &u->cap_consts, u->n_consts + 1, sizeof *u->consts)) {
        const_fini(&k);
        LsSpan none = {0};
        out_of_memory(c, none);
        return 0;
    }
    u->consts[u->n_consts] = k;
    return u->n_consts++;
}

uint32_t ls_add_str_const(Compiler *c, const char *s, size_t len) {
    LsConst k = {.kind = LS_CONST_STR};
    k.as.s.str = dup_string(s, len);
    k.as.s.len = len;
    if (!k.as.s.str) {
        LsSpan none = {0};
        out_of_memory(c, none);
        return 0;
    }
    return ls_add_const(c, k);
}

uint32_t ls_add_name(Compiler *c, const char *name) {
    Unit *u = c->u;
    for (uint32_t i = 0; i < u->n_names; i++) {
        if (strcmp(u->names[i], name) == 0) return i;
    }
    char *d = dup_string(name, strlen(name));
    if (!d || !grow((void **)&u->names, &u->cap_names, u->n_names + 1, sizeof *u->names)) {
        free(d);
        LsSpan none = {0};
        out_of_memory(c, none);
        return 0;
    }
    u->names[u->n_names] = d;
    return u->n_names++;
}

/* ---- units --------------------------------------------------------------------- */

static void unit_free(Unit *u) {
    free(u->name);
    free(u->qualname);
    free(u->ins);
    free(u->pos);
    for (uint32_t i = 0; i < u->n_consts; i++) const_fini(&u->consts[i]);
    free(u->consts);
    for (uint32_t i = 0; i < u->n_names; i++) free(u->names[i]);
    free(u->names);
    free(u->labels);
    free(u);
}

static char *make_qualname(const Unit *parent, const char *name) {
    if (!parent || (parent->flags & LS_CODE_MODULE)) return dup_string(name, strlen(name));
    bool in_class = (parent->flags & LS_CODE_CLASS) != 0;   /* C.method, not C.<locals>.method */
    size_t n = strlen(parent->qualname) + strlen(name) + sizeof ".<locals>.";
    char *q = malloc(n);
    if (q) snprintf(q, n, in_class ? "%s.%s" : "%s.<locals>.%s", parent->qualname, name);
    return q;
}

bool ls_unit_enter(Compiler *c, Scope *s, const char *name, uint32_t flags, uint32_t first_line) {
    Unit *u = calloc(1, sizeof *u);
    if (!u) return out_of_memory(c, s->node->span);
    u->scope = s;
    u->parent = c->u;
    u->flags = flags;
    u->first_line = first_line;
    u->name = dup_string(name, strlen(name));
    u->qualname = make_qualname(c->u, name);
    c->u = u;
    if (!u->name || !u->qualname) return out_of_memory(c, s->node->span);
    return true;
}

/* Stack and block effects of one instruction, on the fall-through path
 * and on the jump path. */
typedef struct Effect {
    int fall, jump, bfall, bjump;
    bool can_fall, can_jump;
} Effect;

static int popcount3(uint32_t x) { return (int)(x & 1) + (int)((x >> 1) & 1) + (int)((x >> 2) & 1); }

static Effect effect_of(uint32_t ins) {
    int a = (int)LS_INS_ARG(ins);
    Effect e = {0, 0, 0, 0, true, false};
    switch (LS_INS_OP(ins)) {
    case LS_OP_POP_TOP: case LS_OP_STORE_FAST: case LS_OP_STORE_DEREF: case LS_OP_STORE_GLOBAL:
    case LS_OP_DELETE_ATTR: case LS_OP_BINARY_OP: case LS_OP_COMPARE_OP: case LS_OP_BINARY_SUBSCR:
    case LS_OP_LIST_APPEND: case LS_OP_SET_ADD: case LS_OP_LIST_EXTEND: case LS_OP_DICT_UPDATE:
    case LS_OP_DICT_MERGE:
        e.fall = -1; break;
    case LS_OP_DUP_TOP: case LS_OP_LOAD_CONST: case LS_OP_LOAD_NONE: case LS_OP_LOAD_TRUE:
    case LS_OP_LOAD_FALSE: case LS_OP_LOAD_FAST: case LS_OP_LOAD_DEREF: case LS_OP_LOAD_CLOSURE:
    case LS_OP_LOAD_GLOBAL: case LS_OP_IMPORT_NAME: case LS_OP_IMPORT_FROM: case LS_OP_LOAD_METHOD:
    case LS_OP_LOAD_NAME: case LS_OP_LOAD_LOCALS: case LS_OP_BEFORE_WITH:
        e.fall = 1; break;
    case LS_OP_STORE_NAME: e.fall = -1; break;
    case LS_OP_BUILD_CLASS: e.fall = -2; break;
    case LS_OP_WITH_EXC_ARGS: e.fall = 4; break;
    case LS_OP_END_ASYNC_FOR: e.fall = -3; e.bfall = -1; break;
    case LS_OP_ASYNC_FOR_POP: case LS_OP_FOR_EXIT_CLOSE: e.fall = -1; break;
    case LS_OP_STAR_PREP: e.fall = 2; break;
    case LS_OP_STAR_MATCH: e.fall = 1; e.bfall = 1; e.jump = -1; e.can_jump = true; break;
    case LS_OP_STAR_COLLECT: e.fall = -1; break;
    case LS_OP_STAR_FINISH: e.fall = -3; break;
    case LS_OP_SETUP_WITH: e.bfall = e.bjump = 1; e.jump = 1; e.can_jump = true; break;
    case LS_OP_DUP_TOP_TWO: e.fall = 2; break;
    case LS_OP_STORE_ATTR: case LS_OP_DELETE_SUBSCR: case LS_OP_MAP_ADD: e.fall = -2; break;
    case LS_OP_STORE_SUBSCR: e.fall = -3; break;
    case LS_OP_BUILD_SLICE: case LS_OP_BUILD_TUPLE: case LS_OP_BUILD_LIST: case LS_OP_BUILD_SET:
    case LS_OP_BUILD_STRING:
        e.fall = 1 - a; break;
    case LS_OP_BUILD_DICT: e.fall = 1 - 2 * a; break;
    case LS_OP_UNPACK_SEQUENCE: e.fall = a - 1; break;
    case LS_OP_UNPACK_EX: e.fall = (a & 0xFF) + (a >> 8); break;
    case LS_OP_FORMAT_VALUE: e.fall = (a & 4) ? -1 : 0; break;
    case LS_OP_JUMP: e.can_fall = false; e.can_jump = true; break;
    case LS_OP_POP_JUMP_IF_FALSE: case LS_OP_POP_JUMP_IF_TRUE:
        e.fall = e.jump = -1; e.can_jump = true; break;
    case LS_OP_JUMP_IF_FALSE_OR_POP: case LS_OP_JUMP_IF_TRUE_OR_POP:
        e.fall = -1; e.can_jump = true; break;
    case LS_OP_FOR_ITER: e.fall = 1; e.jump = -1; e.can_jump = true; break;
    case LS_OP_CALL: e.fall = -a; break;
    case LS_OP_CALL_KW: e.fall = -a - 1; break;
    case LS_OP_CALL_EX: e.fall = -1 - (a & 1); break;
    case LS_OP_MAKE_FUNCTION: e.fall = -popcount3((uint32_t)a); break;
    case LS_OP_RETURN_VALUE: case LS_OP_RERAISE: e.can_fall = false; break;
    case LS_OP_RAISE: e.can_fall = false; break;
    case LS_OP_SETUP_FINALLY: e.bfall = e.bjump = 1; e.jump = 2; e.can_jump = true; break;
    case LS_OP_POP_BLOCK: e.bfall = -1; break;
    case LS_OP_POP_EXCEPT: e.fall = -1; e.bfall = -1; break;
    case LS_OP_JUMP_IF_NOT_EXC_MATCH: e.fall = e.jump = -2; e.can_jump = true; break;
    default: break;   /* NOP, ROT_*, LOAD_ATTR, UNARY_*, GET_ITER, AWAIT, LINE, ...: no change */
    }
    return e;
}

static bool is_jump(LsOpcode op) {
    switch (op) {
    case LS_OP_JUMP: case LS_OP_POP_JUMP_IF_FALSE: case LS_OP_POP_JUMP_IF_TRUE:
    case LS_OP_JUMP_IF_FALSE_OR_POP: case LS_OP_JUMP_IF_TRUE_OR_POP: case LS_OP_FOR_ITER:
    case LS_OP_SETUP_FINALLY: case LS_OP_JUMP_IF_NOT_EXC_MATCH: case LS_OP_SETUP_WITH: case LS_OP_STAR_MATCH:
        return true;
    default:
        return false;
    }
}

/* Exact maximum value-stack and block-stack depths over every reachable
 * path. Each instruction has one depth (the compiler keeps paths
 * consistent), so a worklist visit of each instruction once suffices. */
static bool stack_analysis(Compiler *c, Unit *u, uint32_t *max_stack, uint32_t *max_blocks) {
    uint32_t n = u->n_ins;
    int32_t *depth = malloc((n + 1) * sizeof *depth), *blocks = malloc((n + 1) * sizeof *blocks);
    uint32_t *work = malloc((n + 1) * sizeof *work);
    LsSpan none = {0};
    if (!depth || !blocks || !work) {
        free(depth), free(blocks), free(work);
        return out_of_memory(c, none);
    }
    for (uint32_t i = 0; i < n; i++) depth[i] = blocks[i] = -1;
    uint32_t top = 0;
    int32_t maxd = 0, maxb = 0;
    depth[0] = blocks[0] = 0;
    work[top++] = 0;
    while (top > 0) {
        for (uint32_t i = work[--top]; i < n;) {
            Effect e = effect_of(u->ins[i]);
            int32_t d = depth[i], b = blocks[i];
            if (d > maxd) maxd = d;
            if (b > maxb) maxb = b;
            uint32_t t = LS_INS_ARG(u->ins[i]);
            if (e.can_jump && t < n && depth[t] < 0) {
                depth[t] = d + e.jump;
                blocks[t] = b + e.bjump;
                work[top++] = t;
            }
            /* Every path must reach an instruction with the same depths. */
            assert(!e.can_jump || t >= n || (depth[t] == d + e.jump && blocks[t] == b + e.bjump));
            assert(!e.can_fall || i + 1 >= n || depth[i + 1] < 0 ||
                   (depth[i + 1] == d + e.fall && blocks[i + 1] == b + e.bfall));
            assert(d >= 0 && b >= 0);
            if (!e.can_fall || i + 1 >= n || depth[i + 1] >= 0) break;
            depth[i + 1] = d + e.fall;
            blocks[i + 1] = b + e.bfall;
            i++;
        }
    }
    free(depth), free(blocks), free(work);
    *max_stack = (uint32_t)maxd;
    *max_blocks = (uint32_t)maxb;
    return true;
}

static char **dup_names(const char *const *names, uint32_t n) {
    char **out = calloc(n ? n : 1, sizeof *out);
    if (!out) return NULL;
    for (uint32_t i = 0; i < n; i++) {
        if (!(out[i] = dup_string(names[i], strlen(names[i])))) {
            for (uint32_t k = 0; k < i; k++) free(out[k]);
            free(out);
            return NULL;
        }
    }
    return out;
}

/* Fill the variable tables of `code` from the unit's scope. */
static bool fill_variables(LsCode *code, const Scope *s) {
    code->n_locals = s->n_locals;
    code->n_cells = s->n_cells;
    code->n_free = s->n_free;
    code->varnames = dup_names(s->varnames, s->n_locals);
    code->cellvars = dup_names(s->cellvars, s->n_cells);
    code->freevars = dup_names(s->freevars, s->n_free);
    code->cell2arg = malloc((s->n_cells ? s->n_cells : 1) * sizeof *code->cell2arg);
    if (!code->varnames || !code->cellvars || !code->freevars || !code->cell2arg) return false;
    if (s->n_cells) memcpy(code->cell2arg, s->cell2arg, s->n_cells * sizeof *code->cell2arg);
    return true;
}

/* Finish the innermost unit: patch jumps, compute depths and turn it into
 * an LsCode (which the caller then owns). Pops the unit. */
LsCode *ls_unit_leave(Compiler *c) {
    Unit *u = c->u;
    c->u = u->parent;
    LsCode *code = NULL;
    if (c->failed) goto done;
    for (uint32_t i = 0; i < u->n_ins; i++) {
        LsOpcode op = LS_INS_OP(u->ins[i]);
        if (is_jump(op)) u->ins[i] = LS_INS(op, u->labels[LS_INS_ARG(u->ins[i])]);
    }
    code = calloc(1, sizeof *code);
    if (!code) goto oom;
    if (!stack_analysis(c, u, &code->max_stack, &code->max_blocks)) goto fail;
    code->name = u->name, u->name = NULL;
    code->qualname = u->qualname, u->qualname = NULL;
    code->flags = u->flags;
    code->first_line = u->first_line;
    code->ins = u->ins, u->ins = NULL;
    code->pos = u->pos, u->pos = NULL;
    code->n_ins = u->n_ins;
    code->consts = u->consts, u->consts = NULL;
    code->n_consts = u->n_consts, u->n_consts = 0;
    code->names = u->names, u->names = NULL;
    code->n_names = u->n_names, u->n_names = 0;
    if (u->scope->kind != SCOPE_MODULE && !fill_variables(code, u->scope)) goto oom;
    if (u->scope->kind != SCOPE_MODULE) {
        const LsNode *args = u->scope->node->kind == LS_NODE_FUNCTIONDEF ? u->scope->node->u.funcdef.args
                             : u->scope->node->kind == LS_NODE_LAMBDA   ? u->scope->node->u.lambda.args
                                                                         : NULL;
        bool is_class = u->scope->kind == SCOPE_CLASS;
        code->n_params = args ? args->u.arguments.posonly.n + args->u.arguments.args.n : is_class ? 0 : 1;
        code->n_kwonly = args ? args->u.arguments.kwonly.n : 0;
    }
    goto done;
oom:
    out_of_memory(c, u->scope->node->span);
fail:
    ls_code_free(code);
    code = NULL;
done:
    unit_free(u);
    return code;
}

/* ---- fblocks and unwinding --------------------------------------------------- */

static bool push_fblock(Compiler *c, FBlockKind kind, uint32_t exit, uint32_t cont, const LsNode *node,
                        LsSpan span) {
    Unit *u = c->u;
    if (u->n_fblocks == MAX_FBLOCKS) return ls_cerror(c, LS_DIAG_SYNTAX, span, "too many statically nested blocks");
    u->fblocks[u->n_fblocks++] = (FBlock){kind, exit, cont, node};
    return true;
}

static void pop_fblock(Compiler *c) { c->u->n_fblocks--; }

/* `name = None; del name`: what CPython does after `except E as name`. */
static bool clear_handler_name(Compiler *c, const LsNode *handler) {
    ls_emit(c, LS_OP_LOAD_NONE, 0, handler->span);
    return ls_compile_name(c, handler->u.handler.name, LS_CTX_STORE, handler->span) &&
           ls_compile_name(c, handler->u.handler.name, LS_CTX_DEL, handler->span);
}

/* [exit] -> []: call exit(None, None, None) (and await it for `async
 * with`), dropping the result. */
static bool emit_with_normal_exit(Compiler *c, bool is_async, LsSpan span) {
    for (int i = 0; i < 3; i++) ls_emit(c, LS_OP_LOAD_NONE, 0, span);
    ls_emit(c, LS_OP_CALL, 3, span);
    if (is_async) {
        ls_emit(c, LS_OP_GET_AWAITABLE, 0, span);
        ls_emit(c, LS_OP_AWAIT, 0, span);
    }
    ls_emit(c, LS_OP_POP_TOP, 0, span);
    return !c->failed;
}

/* Undo one fblock on the way out. `preserve_tos`: a return value sits on
 * top of the stack and must stay there. */
static bool unwind_block(Compiler *c, const FBlock *fb, bool preserve_tos, LsSpan span) {
    switch (fb->kind) {
    case FB_WHILE:
        return true;
    case FB_FOR: {
        /* `for x in f(...)`: the loop holds the only reference to the
         * iterator, so leaving early finalizes a generator there and then. */
        bool temp = fb->node->kind == LS_NODE_FOR && fb->node->u.for_.iter->kind == LS_NODE_CALL;
        if (preserve_tos) ls_emit(c, LS_OP_ROT_TWO, 0, span);
        ls_emit(c, temp ? LS_OP_FOR_EXIT_CLOSE : LS_OP_POP_TOP, 0, span);
        return true;
    }
    case FB_ASYNC_FOR:
        if (preserve_tos) ls_emit(c, LS_OP_ROT_TWO, 0, span);
        ls_emit(c, LS_OP_ASYNC_FOR_POP, fb->node->u.for_.iter->kind == LS_NODE_CALL ? 1 : 0, span);
        return true;
    case FB_TRY_EXCEPT:
        ls_emit(c, LS_OP_POP_BLOCK, 0, span);
        return true;
    case FB_FINALLY_TRY:
        ls_emit(c, LS_OP_POP_BLOCK, 0, span);
        return ls_compile_body(c, &fb->node->u.try_.finalbody);
    case FB_FINALLY_END:   /* [prev_exc, exc] */
        if (preserve_tos) ls_emit(c, LS_OP_ROT_TWO, 0, span);
        ls_emit(c, LS_OP_POP_TOP, 0, span);
        if (preserve_tos) ls_emit(c, LS_OP_ROT_TWO, 0, span);
        ls_emit(c, LS_OP_POP_EXCEPT, 0, span);
        return true;
    case FB_HANDLER:       /* [prev_exc] */
        if (preserve_tos) ls_emit(c, LS_OP_ROT_TWO, 0, span);
        ls_emit(c, LS_OP_POP_EXCEPT, 0, span);
        return true;
    case FB_HANDLER_CLEANUP:
        ls_emit(c, LS_OP_POP_BLOCK, 0, span);
        if (preserve_tos) ls_emit(c, LS_OP_ROT_TWO, 0, span);
        ls_emit(c, LS_OP_POP_EXCEPT, 0, span);
        return clear_handler_name(c, fb->node);
    case FB_STAR_HANDLER:
        return ls_cerror(c, LS_DIAG_SYNTAX, span, "'break', 'continue' and 'return' cannot appear in an except* block");
    case FB_WITH: case FB_ASYNC_WITH:   /* [exit]: leave normally, exit(None, None, None) */
        ls_emit(c, LS_OP_POP_BLOCK, 0, span);
        if (preserve_tos) ls_emit(c, LS_OP_ROT_TWO, 0, span);
        return emit_with_normal_exit(c, fb->kind == FB_ASYNC_WITH, span);
    }
    return true;
}

/* Unwind fblocks from the innermost outwards; with `to_loop`, stop at the
 * innermost loop and copy it to *loop (it is not unwound). Each fblock is
 * popped while it is undone so that a `finally` body compiled here sees
 * only the blocks around it, then pushed back. */
static bool unwind(Compiler *c, bool to_loop, bool preserve_tos, LsSpan span, FBlock *loop) {
    Unit *u = c->u;
    if (u->n_fblocks == 0) return !to_loop;
    FBlock top = u->fblocks[u->n_fblocks - 1];
    if (to_loop && (top.kind == FB_WHILE || top.kind == FB_FOR || top.kind == FB_ASYNC_FOR)) {
        *loop = top;
        return true;
    }
    u->n_fblocks--;
    bool ok = unwind_block(c, &top, preserve_tos, span) && unwind(c, to_loop, preserve_tos, span, loop);
    u->fblocks[u->n_fblocks++] = top;
    return ok;
}

static bool compile_break_continue(Compiler *c, const LsNode *s) {
    FBlock loop;
    if (!unwind(c, true, false, s->span, &loop)) {
        return c->failed ? false
                         : ls_cerror(c, LS_DIAG_SYNTAX, s->span, s->kind == LS_NODE_BREAK ? "'break' outside loop"
                                                                                           : "'continue' not properly in loop");
    }
    if (s->kind == LS_NODE_BREAK) {
        if (!unwind_block(c, &loop, false, s->span)) return false;
        ls_emit(c, LS_OP_JUMP, loop.exit_label, s->span);
    } else {
        ls_emit(c, LS_OP_JUMP, loop.continue_label, s->span);
    }
    return true;
}

static bool compile_return(Compiler *c, const LsNode *s) {
    const LsNode *v = s->u.expr.value;
    if (v) {
        if (!ls_compile_expr(c, v)) return false;
    } else {
        ls_emit(c, LS_OP_LOAD_NONE, 0, s->span);
    }
    FBlock unused;
    unwind(c, false, true, s->span, &unused);
    if (c->failed) return false;
    ls_emit(c, LS_OP_RETURN_VALUE, 0, s->span);
    return true;
}

/* ---- simple statements ----------------------------------------------------------- */

static bool is_plain_constant(const LsNode *e) {
    if (e->kind != LS_NODE_CONST) return false;
    LsAstConstKind k = e->u.constant.kind;
    return k != LS_AST_BYTES && k != LS_AST_COMPLEX && !e->u.constant.big;
}

static bool compile_expr_stmt(Compiler *c, const LsNode *s) {
    const LsNode *v = s->u.expr.value;
    if (is_plain_constant(v)) return true;   /* docstrings and `...`: nothing to run */
    if (!ls_compile_expr(c, v)) return false;
    ls_emit(c, LS_OP_POP_TOP, 0, v->span);
    return true;
}

static bool compile_assign(Compiler *c, const LsNode *s) {
    if (!ls_compile_expr(c, s->u.assign.value)) return false;
    const LsNodeList *t = &s->u.assign.targets;
    for (uint32_t i = 0; i < t->n; i++) {
        if (i + 1 < t->n) ls_emit(c, LS_OP_DUP_TOP, 0, s->span);
        if (!ls_compile_store(c, t->items[i])) return false;
    }
    return true;
}

/* x op= v; o.a op= v; d[k] op= v — the target's parts are evaluated once. */
static bool compile_augassign(Compiler *c, const LsNode *s) {
    const LsNode *t = s->u.augassign.target;
    uint32_t op = (uint32_t)s->u.augassign.op | LS_BINOP_INPLACE;
    switch (t->kind) {
    case LS_NODE_NAME:
        if (!ls_compile_name(c, t->u.name.id, LS_CTX_LOAD, t->span) || !ls_compile_expr(c, s->u.augassign.value)) {
            return false;
        }
        ls_emit(c, LS_OP_BINARY_OP, op, s->span);
        return ls_compile_name(c, t->u.name.id, LS_CTX_STORE, t->span);
    case LS_NODE_ATTRIBUTE:
        if (!ls_check_module_attr(c, t) || !ls_compile_expr(c, t->u.attribute.value)) return false;
        ls_emit(c, LS_OP_DUP_TOP, 0, t->span);
        ls_emit(c, LS_OP_LOAD_ATTR, ls_add_name(c, t->u.attribute.attr), t->span);
        if (!ls_compile_expr(c, s->u.augassign.value)) return false;
        ls_emit(c, LS_OP_BINARY_OP, op, s->span);
        ls_emit(c, LS_OP_ROT_TWO, 0, t->span);
        ls_emit(c, LS_OP_STORE_ATTR, ls_add_name(c, t->u.attribute.attr), t->span);
        return !c->failed;
    default:   /* SUBSCRIPT (the parser allows nothing else) */
        if (!ls_compile_expr(c, t->u.subscript.value) || !ls_compile_expr(c, t->u.subscript.slice)) return false;
        ls_emit(c, LS_OP_DUP_TOP_TWO, 0, t->span);
        ls_emit(c, LS_OP_BINARY_SUBSCR, 0, t->span);
        if (!ls_compile_expr(c, s->u.augassign.value)) return false;
        ls_emit(c, LS_OP_BINARY_OP, op, s->span);
        ls_emit(c, LS_OP_ROT_THREE, 0, t->span);
        ls_emit(c, LS_OP_STORE_SUBSCR, 0, t->span);
        return !c->failed;
    }
}

static bool compile_delete(Compiler *c, const LsNode *s) {
    for (uint32_t i = 0; i < s->u.del.targets.n; i++) {
        const LsNode *t = s->u.del.targets.items[i];
        bool ok = true;
        switch (t->kind) {
        case LS_NODE_NAME: ok = ls_compile_name(c, t->u.name.id, LS_CTX_DEL, t->span); break;
        case LS_NODE_ATTRIBUTE:
            ok = ls_check_module_attr(c, t) && ls_compile_expr(c, t->u.attribute.value);
            ls_emit(c, LS_OP_DELETE_ATTR, ls_add_name(c, t->u.attribute.attr), t->span);
            break;
        case LS_NODE_SUBSCRIPT:
            ok = ls_compile_expr(c, t->u.subscript.value) && ls_compile_expr(c, t->u.subscript.slice);
            ls_emit(c, LS_OP_DELETE_SUBSCR, 0, t->span);
            break;
        default: {   /* del (a, b) / del [a, b] */
            LsNode fake = *s;
            fake.u.del.targets = t->u.seq.elts;
            ok = compile_delete(c, &fake);
            break;
        }
        }
        if (!ok || c->failed) return false;
    }
    return true;
}

static bool compile_raise(Compiler *c, const LsNode *s) {
    uint32_t n = 0;
    if (s->u.raise.exc) {
        if (!ls_compile_expr(c, s->u.raise.exc)) return false;
        n = 1;
        if (s->u.raise.cause) {
            if (!ls_compile_expr(c, s->u.raise.cause)) return false;
            n = 2;
        }
    }
    ls_emit(c, LS_OP_RAISE, n, s->span);
    return !c->failed;
}

static bool compile_assert(Compiler *c, const LsNode *s) {
    uint32_t ok = ls_new_label(c);
    if (!ls_compile_jump_if(c, s->u.assert_.test, true, ok)) return false;
    ls_emit(c, LS_OP_LOAD_GLOBAL, ls_add_name(c, "AssertionError"), s->span);
    if (s->u.assert_.msg) {
        if (!ls_compile_expr(c, s->u.assert_.msg)) return false;
        ls_emit(c, LS_OP_CALL, 1, s->span);
    }
    ls_emit(c, LS_OP_RAISE, 1, s->u.assert_.test->span);   /* CPython points at the test */
    ls_bind_label(c, ok);
    return !c->failed;
}

static bool module_allowed(const Compiler *c, const char *name) {
    for (size_t i = 0; c->opt && i < c->opt->n_modules; i++) {
        if (strcmp(c->opt->modules[i], name) == 0) return true;
    }
    return false;
}

static bool compile_import(Compiler *c, const LsNode *s) {
    for (uint32_t i = 0; i < s->u.import.names.n; i++) {
        const LsNode *a = s->u.import.names.items[i];
        const char *module = a->u.alias.name;
        bool dotted = strchr(module, '.') != NULL;
        if (!module_allowed(c, module) || (dotted && !a->u.alias.asname)) {
            return cunsupported(c, a->span, "import of module '%s' is not supported by loopscope", module);
        }
        ls_emit(c, LS_OP_IMPORT_NAME, ls_add_name(c, module), a->span);
        if (!ls_compile_name(c, a->u.alias.asname ? a->u.alias.asname : module, LS_CTX_STORE, a->span)) return false;
    }
    return true;
}

static bool check_from_import(Compiler *c, const LsNode *s) {
    const char *module = s->u.import_from.module;
    if (s->u.import_from.level > 0) return cunsupported(c, s->span, "relative imports are not supported by loopscope");
    if (strcmp(module, "__future__") == 0) {
        return cunsupported(c, s->span, "`from __future__` imports are not supported by loopscope yet");
    }
    if (!module_allowed(c, module)) {
        return cunsupported(c, s->span, "import of module '%s' is not supported by loopscope", module);
    }
    for (uint32_t i = 0; i < s->u.import_from.names.n; i++) {
        const LsNode *a = s->u.import_from.names.items[i];
        if (strcmp(a->u.alias.name, "*") == 0) {
            return cunsupported(c, a->span, "`from %s import *` is not supported by loopscope yet", module);
        }
        const char *reason = NULL;
        if (c->opt->attr_supported && !c->opt->attr_supported(c->opt->ud, module, a->u.alias.name, &reason)) {
            return reason ? cunsupported(c, a->span, "%s.%s is not supported by loopscope: %s", module, a->u.alias.name, reason)
                          : cunsupported(c, a->span, "%s.%s is not supported by loopscope", module, a->u.alias.name);
        }
    }
    return true;
}

static bool compile_import_from(Compiler *c, const LsNode *s) {
    if (!check_from_import(c, s)) return false;
    ls_emit(c, LS_OP_IMPORT_NAME, ls_add_name(c, s->u.import_from.module), s->span);
    for (uint32_t i = 0; i < s->u.import_from.names.n; i++) {
        const LsNode *a = s->u.import_from.names.items[i];
        ls_emit(c, LS_OP_IMPORT_FROM, ls_add_name(c, a->u.alias.name), a->span);
        if (!ls_compile_name(c, a->u.alias.asname ? a->u.alias.asname : a->u.alias.name, LS_CTX_STORE, a->span)) {
            return false;
        }
    }
    ls_emit(c, LS_OP_POP_TOP, 0, s->span);
    return !c->failed;
}

/* ---- compound statements ------------------------------------------------------------ */

/* 1 / 0 when a test is a constant known true / false, -1 otherwise. */
static int constant_truth(const LsNode *e) {
    if (e->kind != LS_NODE_CONST) return -1;
    const LsAstConst *k = &e->u.constant;
    switch (k->kind) {
    case LS_AST_TRUE: case LS_AST_ELLIPSIS: return 1;
    case LS_AST_FALSE: case LS_AST_NONE: return 0;
    case LS_AST_INT: return k->big ? -1 : k->i != 0;
    case LS_AST_STR: return k->len != 0;
    default: return -1;
    }
}

static bool compile_if(Compiler *c, const LsNode *s) {
    uint32_t orelse = ls_new_label(c), end = ls_new_label(c);
    if (!ls_compile_jump_if(c, s->u.if_.test, false, orelse) || !ls_compile_body(c, &s->u.if_.body)) return false;
    if (s->u.if_.orelse.n) ls_emit(c, LS_OP_JUMP, end, s->span);
    ls_bind_label(c, orelse);
    if (!ls_compile_body(c, &s->u.if_.orelse)) return false;
    ls_bind_label(c, end);
    return !c->failed;
}

/* top: LINE; test; POP_JUMP_IF_FALSE orelse; body; JUMP top; orelse: ...; end:
 * The LINE is inside the loop so that every iteration reports the `while`
 * line, as CPython's tracing does. */
static bool compile_while(Compiler *c, const LsNode *s) {
    uint32_t top = ls_new_label(c), orelse = ls_new_label(c), end = ls_new_label(c);
    ls_bind_label(c, top);
    ls_emit(c, LS_OP_LINE, s->span.line, s->u.if_.test->span);
    if (constant_truth(s->u.if_.test) != 1 && !ls_compile_jump_if(c, s->u.if_.test, false, orelse)) return false;
    if (!push_fblock(c, FB_WHILE, end, top, s, s->span) || !ls_compile_body(c, &s->u.if_.body)) return false;
    pop_fblock(c);
    ls_emit(c, LS_OP_JUMP, top, s->span);
    ls_bind_label(c, orelse);
    if (!ls_compile_body(c, &s->u.if_.orelse)) return false;
    ls_bind_label(c, end);
    return !c->failed;
}

/* iter; GET_ITER; top: FOR_ITER exit; store target; body;
 * cont: LINE; JUMP top; exit: orelse; end:   (break pops the iterator) */
/* iter; LOAD_SPECIAL __aiter__; CALL 0;
 * top: SETUP_FINALLY h; DUP_TOP; LOAD_SPECIAL __anext__; CALL 0; GET_AWAITABLE; AWAIT; POP_BLOCK
 *      store target; body; JUMP top
 * h:   END_ASYNC_FOR (StopAsyncIteration ends the loop); orelse; end: */
static bool compile_async_for(Compiler *c, const LsNode *s) {
    uint32_t top = ls_new_label(c), handler = ls_new_label(c), end = ls_new_label(c);
    const LsNode *iter = s->u.for_.iter;
    if (!ls_compile_expr(c, iter)) return false;
    ls_emit(c, LS_OP_LOAD_SPECIAL, 0, iter->span);
    ls_emit(c, LS_OP_CALL, 0, iter->span);
    ls_bind_label(c, top);
    if (!ls_emit_async_next(c, handler, s->span) || !ls_compile_store(c, s->u.for_.target)) return false;
    if (!push_fblock(c, FB_ASYNC_FOR, end, top, s, s->span) || !ls_compile_body(c, &s->u.for_.body)) return false;
    pop_fblock(c);
    ls_emit(c, LS_OP_LINE, s->span.line, s->u.for_.target->span);
    ls_emit(c, LS_OP_JUMP, top, s->span);
    ls_bind_label(c, handler);
    ls_emit(c, LS_OP_END_ASYNC_FOR, 0, iter->span);
    if (!ls_compile_body(c, &s->u.for_.orelse)) return false;
    ls_bind_label(c, end);
    return !c->failed;
}

static bool compile_for(Compiler *c, const LsNode *s) {
    if (s->u.for_.is_async) return compile_async_for(c, s);
    uint32_t top = ls_new_label(c), cont = ls_new_label(c), exit = ls_new_label(c), end = ls_new_label(c);
    const LsNode *iter = s->u.for_.iter;
    if (!ls_compile_expr(c, iter)) return false;
    ls_emit(c, LS_OP_GET_ITER, 0, iter->span);
    ls_bind_label(c, top);
    ls_emit(c, LS_OP_FOR_ITER, exit, iter->span);
    if (!ls_compile_store(c, s->u.for_.target)) return false;
    if (!push_fblock(c, FB_FOR, end, cont, s, s->span) || !ls_compile_body(c, &s->u.for_.body)) return false;
    pop_fblock(c);
    ls_bind_label(c, cont);
    ls_emit(c, LS_OP_LINE, s->span.line, s->u.for_.target->span);
    ls_emit(c, LS_OP_JUMP, top, s->span);
    ls_bind_label(c, exit);
    if (!ls_compile_body(c, &s->u.for_.orelse)) return false;
    ls_bind_label(c, end);
    return !c->failed;
}

/* One `except` clause; the stack holds [prev_exc, exc] on entry. */
static bool compile_handler(Compiler *c, const LsNode *h, uint32_t end) {
    uint32_t next = ls_new_label(c);
    ls_emit(c, LS_OP_LINE, h->span.line, h->span);
    if (h->u.handler.type) {
        ls_emit(c, LS_OP_DUP_TOP, 0, h->span);
        if (!ls_compile_expr(c, h->u.handler.type)) return false;
        ls_emit(c, LS_OP_JUMP_IF_NOT_EXC_MATCH, next, h->u.handler.type->span);
    }
    if (!h->u.handler.name) {
        ls_emit(c, LS_OP_POP_TOP, 0, h->span);
        if (!push_fblock(c, FB_HANDLER, 0, 0, h, h->span) || !ls_compile_body(c, &h->u.handler.body)) return false;
        pop_fblock(c);
        ls_emit(c, LS_OP_POP_EXCEPT, 0, h->span);
        ls_emit(c, LS_OP_JUMP, end, h->span);
    } else {
        /* The name is deleted however the body ends: a cleanup handler
         * around the body does it on the exceptional path. */
        uint32_t cleanup = ls_new_label(c);
        if (!ls_compile_name(c, h->u.handler.name, LS_CTX_STORE, h->span)) return false;
        ls_emit(c, LS_OP_SETUP_FINALLY, cleanup, h->span);
        if (!push_fblock(c, FB_HANDLER_CLEANUP, 0, 0, h, h->span) || !ls_compile_body(c, &h->u.handler.body)) {
            return false;
        }
        pop_fblock(c);
        ls_emit(c, LS_OP_POP_BLOCK, 0, h->span);
        ls_emit(c, LS_OP_POP_EXCEPT, 0, h->span);
        if (!clear_handler_name(c, h)) return false;
        ls_emit(c, LS_OP_JUMP, end, h->span);
        ls_bind_label(c, cleanup);
        if (!clear_handler_name(c, h)) return false;
        ls_emit(c, LS_OP_RERAISE, 0, h->span);
    }
    ls_bind_label(c, next);
    return !c->failed;
}

/* SETUP_FINALLY handlers; body; POP_BLOCK; JUMP orelse;
 * handlers: [prev_exc, exc] clause by clause; RERAISE if none matched;
 * orelse: ...; end: */
static bool compile_try_except(Compiler *c, const LsNode *s) {
    uint32_t handlers = ls_new_label(c), orelse = ls_new_label(c), end = ls_new_label(c);
    ls_emit(c, LS_OP_SETUP_FINALLY, handlers, s->span);
    if (!push_fblock(c, FB_TRY_EXCEPT, 0, 0, s, s->span) || !ls_compile_body(c, &s->u.try_.body)) return false;
    pop_fblock(c);
    ls_emit(c, LS_OP_POP_BLOCK, 0, s->span);
    ls_emit(c, LS_OP_JUMP, orelse, s->span);
    ls_bind_label(c, handlers);
    const LsNodeList *hs = &s->u.try_.handlers;
    for (uint32_t i = 0; i < hs->n; i++) {
        const LsNode *h = hs->items[i];
        if (!h->u.handler.type && i + 1 < hs->n) {
            return ls_cerror(c, LS_DIAG_SYNTAX, h->span, "default 'except:' must be last");
        }
        if (!compile_handler(c, h, end)) return false;
    }
    if (hs->items[hs->n - 1]->u.handler.type) ls_emit(c, LS_OP_RERAISE, 0, s->span);
    ls_bind_label(c, orelse);
    if (!ls_compile_body(c, &s->u.try_.orelse)) return false;
    ls_bind_label(c, end);
    return !c->failed;
}

/* SETUP_FINALLY final; <try/except or body>; POP_BLOCK; finally body; JUMP end;
 * final: [prev_exc, exc]; finally body; RERAISE; end: */
/* One `except* T [as name]:` clause; the stack holds [prev, orig, rest,
 * raised]. A match runs the body in its own handler block; whatever the
 * body raises is collected (STAR_COLLECT) instead of propagating. */
static bool compile_star_handler(Compiler *c, const LsNode *h) {
    uint32_t next = ls_new_label(c), cleanup = ls_new_label(c);
    ls_emit(c, LS_OP_LINE, h->span.line, h->span);
    if (!ls_compile_expr(c, h->u.handler.type)) return false;
    ls_emit(c, LS_OP_STAR_MATCH, next, h->u.handler.type->span);
    if (h->u.handler.name) {
        if (!ls_compile_name(c, h->u.handler.name, LS_CTX_STORE, h->span)) return false;
    } else {
        ls_emit(c, LS_OP_POP_TOP, 0, h->span);
    }
    ls_emit(c, LS_OP_SETUP_FINALLY, cleanup, h->span);
    if (!push_fblock(c, FB_STAR_HANDLER, 0, 0, h, h->span) || !ls_compile_body(c, &h->u.handler.body)) return false;
    pop_fblock(c);
    ls_emit(c, LS_OP_POP_BLOCK, 0, h->span);
    ls_emit(c, LS_OP_POP_EXCEPT, 0, h->span);
    if (h->u.handler.name && !clear_handler_name(c, h)) return false;
    ls_emit(c, LS_OP_JUMP, next, h->span);
    ls_bind_label(c, cleanup);   /* [raised, saved, match_info, x] */
    ls_emit(c, LS_OP_STAR_COLLECT, 4, h->span);
    ls_emit(c, LS_OP_POP_EXCEPT, 0, h->span);
    ls_emit(c, LS_OP_POP_EXCEPT, 0, h->span);
    if (h->u.handler.name && !clear_handler_name(c, h)) return false;
    ls_bind_label(c, next);
    return !c->failed;
}

/* SETUP_FINALLY handlers; body; POP_BLOCK; JUMP orelse;
 * handlers: [prev, exc] STAR_PREP; clauses; STAR_FINISH (raises what is
 * left); POP_EXCEPT; JUMP end; orelse: ...; end: */
static bool compile_try_star(Compiler *c, const LsNode *s) {
    uint32_t handlers = ls_new_label(c), orelse = ls_new_label(c), end = ls_new_label(c);
    ls_emit(c, LS_OP_SETUP_FINALLY, handlers, s->span);
    if (!push_fblock(c, FB_TRY_EXCEPT, 0, 0, s, s->span) || !ls_compile_body(c, &s->u.try_.body)) return false;
    pop_fblock(c);
    ls_emit(c, LS_OP_POP_BLOCK, 0, s->span);
    ls_emit(c, LS_OP_JUMP, orelse, s->span);
    ls_bind_label(c, handlers);
    ls_emit(c, LS_OP_STAR_PREP, 0, s->span);
    const LsNodeList *hs = &s->u.try_.handlers;
    for (uint32_t i = 0; i < hs->n; i++) {
        if (!hs->items[i]->u.handler.type)
            return ls_cerror(c, LS_DIAG_SYNTAX, hs->items[i]->span, "expected one or more exception types");
        if (!compile_star_handler(c, hs->items[i])) return false;
    }
    ls_emit(c, LS_OP_STAR_FINISH, 0, s->span);
    ls_emit(c, LS_OP_POP_EXCEPT, 0, s->span);
    ls_emit(c, LS_OP_JUMP, end, s->span);
    ls_bind_label(c, orelse);
    if (!ls_compile_body(c, &s->u.try_.orelse)) return false;
    ls_bind_label(c, end);
    return !c->failed;
}

static bool compile_try(Compiler *c, const LsNode *s) {
    if (!s->u.try_.finalbody.n) return s->u.try_.is_star ? compile_try_star(c, s) : compile_try_except(c, s);
    uint32_t final = ls_new_label(c), end = ls_new_label(c);
    ls_emit(c, LS_OP_SETUP_FINALLY, final, s->span);
    if (!push_fblock(c, FB_FINALLY_TRY, 0, 0, s, s->span)) return false;
    bool ok = !s->u.try_.handlers.n ? ls_compile_body(c, &s->u.try_.body)
              : s->u.try_.is_star    ? compile_try_star(c, s)
                                     : compile_try_except(c, s);
    if (!ok) return false;
    pop_fblock(c);
    ls_emit(c, LS_OP_POP_BLOCK, 0, s->span);
    if (!ls_compile_body(c, &s->u.try_.finalbody)) return false;
    ls_emit(c, LS_OP_JUMP, end, s->span);
    ls_bind_label(c, final);
    if (!push_fblock(c, FB_FINALLY_END, 0, 0, s, s->span) || !ls_compile_body(c, &s->u.try_.finalbody)) return false;
    pop_fblock(c);
    ls_emit(c, LS_OP_RERAISE, 0, s->span);
    ls_bind_label(c, end);
    return !c->failed;
}

static LsSpan keyword_span(LsSpan s, size_t len) {
    s.end_line = s.line;
    s.end_col = s.col + (uint32_t)len;
    return s;
}

/* Decorators are evaluated top to bottom before the function or class
 * exists, then applied bottom-up: each is a call with one argument. */
static bool compile_decorators(Compiler *c, const LsNodeList *decos) {
    for (uint32_t i = 0; i < decos->n; i++) {
        if (!ls_compile_expr(c, decos->items[i]->u.decorator.value)) return false;
    }
    return true;
}

static bool apply_decorators(Compiler *c, const LsNodeList *decos) {
    for (uint32_t i = decos->n; i-- > 0;) ls_emit(c, LS_OP_CALL, 1, decos->items[i]->u.decorator.value->span);
    return !c->failed;
}

static bool compile_funcdef(Compiler *c, const LsNode *s) {
    const LsNodeList *decos = &s->u.funcdef.decorators;
    return compile_decorators(c, decos) && ls_compile_function_object(c, s, s->span) && apply_decorators(c, decos) &&
           ls_compile_name(c, s->u.funcdef.name, LS_CTX_STORE, s->span);
}

/* The class body: a code object run like a function, but with a namespace
 * dict for its names; it returns that dict. CPython's __module__ and
 * __qualname__ come first, and the `__class__` cell (for super()) is
 * handed over as __classcell__. */
static LsCode *compile_class_body(Compiler *c, const LsNode *s, Scope *scope) {
    if (!ls_unit_enter(c, scope, s->u.classdef.name, LS_CODE_CLASS, s->span.line)) return NULL;
    LsSpan sp = keyword_span(s->span, 5);
    ls_emit(c, LS_OP_LOAD_GLOBAL, ls_add_name(c, "__name__"), sp);
    ls_emit(c, LS_OP_STORE_NAME, ls_add_name(c, "__module__"), sp);
    ls_emit(c, LS_OP_LOAD_CONST, ls_add_str_const(c, c->u->qualname, strlen(c->u->qualname)), sp);
    ls_emit(c, LS_OP_STORE_NAME, ls_add_name(c, "__qualname__"), sp);
    const LsNodeList *body = &s->u.classdef.body;
    const LsNode *first = body->n && body->items[0]->kind == LS_NODE_EXPR ? body->items[0]->u.expr.value : NULL;
    if (first && first->kind == LS_NODE_CONST && first->u.constant.kind == LS_AST_STR) {
        ls_emit(c, LS_OP_LOAD_CONST, ls_add_str_const(c, first->u.constant.s, first->u.constant.len), first->span);
    } else {
        ls_emit(c, LS_OP_LOAD_NONE, 0, sp);
    }
    ls_emit(c, LS_OP_STORE_NAME, ls_add_name(c, "__doc__"), sp);
    if (ls_compile_body(c, body)) {
        const Symbol *cell = ls_scope_lookup(scope, "__class__");
        if (cell && cell->where == WHERE_CELL) {
            ls_emit(c, LS_OP_LOAD_CLOSURE, cell->index, sp);
            ls_emit(c, LS_OP_STORE_NAME, ls_add_name(c, "__classcell__"), sp);
        }
        ls_emit(c, LS_OP_LOAD_LOCALS, 0, sp);
        ls_emit(c, LS_OP_RETURN_VALUE, 0, sp);
    }
    return ls_unit_leave(c);
}

/* decorators; name; bases; MAKE_FUNCTION <body>; CALL 0; BUILD_CLASS;
 * decorator calls; store. Bases are evaluated before the body runs, as
 * in CPython. */
static bool compile_classdef(Compiler *c, const LsNode *s) {
    const LsNodeList *bases = &s->u.classdef.bases, *kws = &s->u.classdef.keywords;
    if (kws->n) {
        const LsNode *k = kws->items[0];
        if (k->u.keyword.arg && strcmp(k->u.keyword.arg, "metaclass") == 0)
            return cunsupported(c, k->span, "metaclasses are not supported by loopscope");
        return cunsupported(c, k->span, "class keyword arguments are not supported by loopscope");
    }
    for (uint32_t i = 0; i < bases->n; i++) {
        if (bases->items[i]->kind == LS_NODE_STARRED)
            return cunsupported(c, bases->items[i]->span, "starred base classes are not supported by loopscope");
    }
    if (bases->n > 1) return cunsupported(c, bases->items[1]->span, "multiple inheritance is not supported by loopscope");
    Scope *scope = ls_scope_child(c->u->scope, s);
    if (!scope) return ls_cerror(c, LS_DIAG_SYNTAX, s->span, "internal error: no scope for this class");
    const LsNodeList *decos = &s->u.classdef.decorators;
    if (!compile_decorators(c, decos)) return false;
    const char *name = s->u.classdef.name;
    ls_emit(c, LS_OP_LOAD_CONST, ls_add_str_const(c, name, strlen(name)), s->span);
    for (uint32_t i = 0; i < bases->n; i++) {
        if (!ls_compile_expr(c, bases->items[i])) return false;
    }
    ls_emit(c, LS_OP_BUILD_TUPLE, bases->n, s->span);
    LsCode *body = compile_class_body(c, s, scope);
    if (!body) return false;
    if (!ls_emit_make_function(c, scope, body, 0, s->span)) return false;
    ls_emit(c, LS_OP_CALL, 0, s->span);
    ls_emit(c, LS_OP_BUILD_CLASS, 0, s->span);
    return apply_decorators(c, decos) && ls_compile_name(c, name, LS_CTX_STORE, s->span);
}

/* with A as a, B as b: body  ==  with A as a: with B as b: body.
 * One item:
 *     A; BEFORE_WITH; CALL 0 [; GET_AWAITABLE; AWAIT]; SETUP_WITH h; store a
 *     body; POP_BLOCK; exit(None, None, None) [awaited]; JUMP end
 * h:  [exit, prev_exc, exc] WITH_EXC_ARGS; CALL 3 [; GET_AWAITABLE; AWAIT]
 *     POP_JUMP_IF_TRUE suppress; RERAISE
 * suppress: POP_TOP; POP_EXCEPT; POP_TOP
 * end: */
static bool compile_with_items(Compiler *c, const LsNode *s, uint32_t index) {
    bool is_async = s->u.with.is_async;
    const LsNode *item = s->u.with.items.items[index];
    const LsNode *ctx = item->u.withitem.context_expr;
    uint32_t handler = ls_new_label(c), suppress = ls_new_label(c), end = ls_new_label(c);
    if (!ls_compile_expr(c, ctx)) return false;
    ls_emit(c, LS_OP_BEFORE_WITH, is_async ? 1 : 0, ctx->span);
    ls_emit(c, LS_OP_CALL, 0, ctx->span);
    if (is_async) {
        ls_emit(c, LS_OP_GET_AWAITABLE, 0, ctx->span);
        ls_emit(c, LS_OP_AWAIT, 0, ctx->span);
    }
    ls_emit(c, LS_OP_SETUP_WITH, handler, s->span);
    if (item->u.withitem.optional_vars) {
        if (!ls_compile_store(c, item->u.withitem.optional_vars)) return false;
    } else {
        ls_emit(c, LS_OP_POP_TOP, 0, s->span);
    }
    if (!push_fblock(c, is_async ? FB_ASYNC_WITH : FB_WITH, 0, 0, s, s->span)) return false;
    bool ok = index + 1 < s->u.with.items.n ? compile_with_items(c, s, index + 1) : ls_compile_body(c, &s->u.with.body);
    if (!ok) return false;
    pop_fblock(c);
    ls_emit(c, LS_OP_POP_BLOCK, 0, s->span);
    if (!emit_with_normal_exit(c, is_async, s->span)) return false;
    ls_emit(c, LS_OP_JUMP, end, s->span);
    ls_bind_label(c, handler);
    ls_emit(c, LS_OP_WITH_EXC_ARGS, 0, s->span);
    ls_emit(c, LS_OP_CALL, 3, s->span);
    if (is_async) {
        ls_emit(c, LS_OP_GET_AWAITABLE, 0, s->span);
        ls_emit(c, LS_OP_AWAIT, 0, s->span);
    }
    ls_emit(c, LS_OP_POP_JUMP_IF_TRUE, suppress, s->span);
    ls_emit(c, LS_OP_RERAISE, 0, s->span);
    ls_bind_label(c, suppress);
    ls_emit(c, LS_OP_POP_TOP, 0, s->span);
    ls_emit(c, LS_OP_POP_EXCEPT, 0, s->span);
    ls_emit(c, LS_OP_POP_TOP, 0, s->span);
    ls_bind_label(c, end);
    return !c->failed;
}

static bool compile_stmt(Compiler *c, const LsNode *s) {
    if (s->kind != LS_NODE_WHILE) ls_emit(c, LS_OP_LINE, s->span.line, s->span);
    switch (s->kind) {
    case LS_NODE_EXPR: return compile_expr_stmt(c, s);
    case LS_NODE_ASSIGN: return compile_assign(c, s);
    case LS_NODE_AUGASSIGN: return compile_augassign(c, s);
    case LS_NODE_ANNASSIGN:
        if (!s->u.annassign.value) return true;
        return ls_compile_expr(c, s->u.annassign.value) && ls_compile_store(c, s->u.annassign.target);
    case LS_NODE_DELETE: return compile_delete(c, s);
    case LS_NODE_PASS: case LS_NODE_GLOBAL: case LS_NODE_NONLOCAL: return true;
    case LS_NODE_BREAK: case LS_NODE_CONTINUE: return compile_break_continue(c, s);
    case LS_NODE_RETURN: return compile_return(c, s);
    case LS_NODE_RAISE: return compile_raise(c, s);
    case LS_NODE_ASSERT: return compile_assert(c, s);
    case LS_NODE_IMPORT: return compile_import(c, s);
    case LS_NODE_IMPORT_FROM: return compile_import_from(c, s);
    case LS_NODE_IF: return compile_if(c, s);
    case LS_NODE_WHILE: return compile_while(c, s);
    case LS_NODE_FOR: return compile_for(c, s);
    case LS_NODE_TRY: return compile_try(c, s);
    case LS_NODE_FUNCTIONDEF: return compile_funcdef(c, s);
    case LS_NODE_CLASSDEF: return compile_classdef(c, s);
    case LS_NODE_WITH: return compile_with_items(c, s, 0);
    case LS_NODE_MATCH: return cunsupported(c, keyword_span(s->span, 5), "`match` is not supported by loopscope yet");
    default: return ls_cerror(c, LS_DIAG_SYNTAX, s->span, "invalid syntax");
    }
}

bool ls_compile_body(Compiler *c, const LsNodeList *body) {
    for (uint32_t i = 0; i < body->n; i++) {
        if (!compile_stmt(c, body->items[i]) || c->failed) return false;
    }
    return true;
}

/* ---- the entry point ---------------------------------------------------------------- */

static LsCode *compile_module(Compiler *c, const LsNode *module) {
    if (!ls_unit_enter(c, c->scopes.module, "<module>", LS_CODE_MODULE, 1)) return NULL;
    LsSpan end = {1, 1, 0, 0};
    if (module->u.module.body.n) {
        end = module->u.module.body.items[module->u.module.body.n - 1]->span;
    }
    ls_compile_body(c, &module->u.module.body);
    ls_emit(c, LS_OP_LOAD_NONE, 0, end);
    ls_emit(c, LS_OP_RETURN_VALUE, 0, end);
    return ls_unit_leave(c);
}

static bool make_program(const char *path, const char *src, size_t len, LsCode *module, LsProgram **out) {
    LsProgram *p = calloc(1, sizeof *p);
    if (!p) return false;
    p->module = module;
    p->path = dup_string(path ? path : "<string>", strlen(path ? path : "<string>"));
    p->source = dup_string(src, len);
    p->source_len = len;
    if (!p->path || !p->source) {
        ls_program_free(p);
        return false;
    }
    *out = p;
    return true;
}

bool ls_compile(const char *path, const char *src, size_t len, const LsCompileOptions *opt,
                LsProgram **out, LsDiag *diag) {
    static const LsCompileOptions no_options = {0};
    *out = NULL;
    memset(diag, 0, sizeof *diag);
    if (len && memchr(src, 0, len)) {
        LsSpan s = {1, 1, 0, 0};
        ls_diag_set(diag, LS_DIAG_SYNTAX, s, "source code cannot contain null bytes");
        return false;
    }
    LsArena arena;
    ls_arena_init(&arena);
    LsNode *tree = NULL;
    Compiler c = {.opt = opt ? opt : &no_options, .diag = diag};
    LsCode *module = NULL;
    if (ls_parse(src, len, &arena, &tree, diag) && ls_scope_build(&c.scopes, tree, &arena, diag)) {
        module = compile_module(&c, tree);
    }
    /* A failure inside a nested unit leaves its ancestors behind. */
    while (c.u) {
        Unit *u = c.u;
        c.u = u->parent;
        unit_free(u);
    }
    ls_arena_fini(&arena);
    if (!module) return false;
    if (!make_program(path, src, len, module, out)) {
        ls_code_free(module);
        LsSpan s = {1, 1, 0, 0};
        ls_diag_set(diag, LS_DIAG_SYNTAX, s, "out of memory");
        return false;
    }
    return true;
}
