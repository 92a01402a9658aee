/* ls_code — ownership of compiled code (ls_program_free, ls_code_free), the
 * opcode / operator name tables declared in ls_opcodes.h, and the
 * disassembler, which mirrors the opcode list one instruction per line. */
#include "ls_code.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const ls_opcode_names[LS_OP__COUNT] = {
#define LS_OP_NAME(name, doc) #name,
    LS_OPCODE_LIST(LS_OP_NAME)
#undef LS_OP_NAME
};

const char *const ls_binop_symbols[LS_BINOP__COUNT] = {
#define LS_BINOP_SYM(name, sym) sym,
    LS_BINOP_LIST(LS_BINOP_SYM)
#undef LS_BINOP_SYM
};

const char *const ls_cmpop_symbols[LS_CMP__COUNT] = {
#define LS_CMPOP_SYM(name, sym) sym,
    LS_CMPOP_LIST(LS_CMPOP_SYM)
#undef LS_CMPOP_SYM
};

/* ---- freeing -------------------------------------------------------------------- */

static void free_const(LsConst *k) {
    switch (k->kind) {
    case LS_CONST_STR: free(k->as.s.str); break;
    case LS_CONST_TUPLE:
        for (uint32_t i = 0; i < k->as.tuple.n; i++) free_const(&k->as.tuple.items[i]);
        free(k->as.tuple.items);
        break;
    case LS_CONST_CODE: ls_code_free(k->as.code); break;
    default: break;
    }
}

static void free_strings(char **s, uint32_t n) {
    if (!s) return;
    for (uint32_t i = 0; i < n; i++) free(s[i]);
    free(s);
}

void ls_code_free(LsCode *c) {
    if (!c) return;
    free(c->name);
    free(c->qualname);
    free(c->ins);
    free(c->pos);
    for (uint32_t i = 0; c->consts && i < c->n_consts; i++) free_const(&c->consts[i]);
    free(c->consts);
    free_strings(c->names, c->n_names);
    free_strings(c->varnames, c->n_locals);
    free_strings(c->cellvars, c->n_cells);
    free_strings(c->freevars, c->n_free);
    free(c->cell2arg);
    free(c);
}

void ls_program_free(LsProgram *p) {
    if (!p) return;
    ls_code_free(p->module);
    free(p->path);
    free(p->source);
    free(p);
}

/* ---- rendering constants ----------------------------------------------------------- */

/* Python's repr of a float: the shortest %g precision that round-trips,
 * with ".0" added to integral values. */
static void render_float(LsBuf *out, double f) {
    char buf[64];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, f);
        if (strtod(buf, NULL) == f) break;
    }
    if (strcmp(buf, "inf") == 0 || strcmp(buf, "-inf") == 0 || strcmp(buf, "nan") == 0) {
        ls_buf_puts(out, buf);
        return;
    }
    ls_buf_puts(out, buf);
    if (!strpbrk(buf, ".e")) ls_buf_puts(out, ".0");
}

static void render_str(LsBuf *out, const char *s, size_t len) {
    bool has_single = memchr(s, '\'', len) != NULL, has_double = memchr(s, '"', len) != NULL;
    char q = has_single && !has_double ? '"' : '\'';
    ls_buf_putc(out, q);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == (unsigned char)q || c == '\\') ls_buf_printf(out, "\\%c", c);
        else if (c == '\n') ls_buf_puts(out, "\\n");
        else if (c == '\t') ls_buf_puts(out, "\\t");
        else if (c == '\r') ls_buf_puts(out, "\\r");
        else if (c < 0x20 || c == 0x7F) ls_buf_printf(out, "\\x%02x", c);
        else ls_buf_putc(out, (char)c);
    }
    ls_buf_putc(out, q);
}

static void render_const(LsBuf *out, const LsConst *k) {
    switch (k->kind) {
    case LS_CONST_NONE: ls_buf_puts(out, "None"); break;
    case LS_CONST_BOOL: ls_buf_puts(out, k->as.b ? "True" : "False"); break;
    case LS_CONST_INT: ls_buf_printf(out, "%lld", (long long)k->as.i); break;
    case LS_CONST_FLOAT: render_float(out, k->as.f); break;
    case LS_CONST_STR: render_str(out, k->as.s.str, k->as.s.len); break;
    case LS_CONST_ELLIPSIS: ls_buf_puts(out, "Ellipsis"); break;
    case LS_CONST_CODE:
        ls_buf_printf(out, "<code %s, line %u>", k->as.code->qualname, (unsigned)k->as.code->first_line);
        break;
    case LS_CONST_TUPLE:
        ls_buf_putc(out, '(');
        for (uint32_t i = 0; i < k->as.tuple.n; i++) {
            if (i) ls_buf_puts(out, ", ");
            render_const(out, &k->as.tuple.items[i]);
        }
        if (k->as.tuple.n == 1) ls_buf_putc(out, ',');
        ls_buf_putc(out, ')');
        break;
    }
}

/* ---- the disassembler --------------------------------------------------------------- */

static bool takes_arg(LsOpcode op) {
    switch (op) {
    case LS_OP_NOP: case LS_OP_POP_TOP: case LS_OP_DUP_TOP: case LS_OP_DUP_TOP_TWO:
    case LS_OP_ROT_TWO: case LS_OP_ROT_THREE: case LS_OP_ROT_FOUR: case LS_OP_LOAD_NONE:
    case LS_OP_LOAD_TRUE: case LS_OP_LOAD_FALSE: case LS_OP_UNARY_NEG: case LS_OP_UNARY_POS:
    case LS_OP_UNARY_NOT: case LS_OP_UNARY_INVERT: case LS_OP_BINARY_SUBSCR: case LS_OP_STORE_SUBSCR:
    case LS_OP_DELETE_SUBSCR: case LS_OP_LIST_TO_TUPLE: case LS_OP_GET_ITER: case LS_OP_RETURN_VALUE:
    case LS_OP_POP_BLOCK: case LS_OP_POP_EXCEPT: case LS_OP_RERAISE: case LS_OP_GET_AWAITABLE:
    case LS_OP_AWAIT: case LS_OP_YIELD_VALUE: case LS_OP_YIELD_FROM: case LS_OP_GEN_START:
    case LS_OP_LOAD_LOCALS: case LS_OP_BUILD_CLASS: case LS_OP_WITH_EXC_ARGS: case LS_OP_END_ASYNC_FOR: case LS_OP_FOR_EXIT_CLOSE: case LS_OP_STAR_PREP: case LS_OP_STAR_FINISH:
        return false;
    default:
        return true;
    }
}

static const char *name_at(char **names, uint32_t n, uint32_t i) { return i < n ? names[i] : "?"; }

static const char *deref_name(const LsCode *c, uint32_t i) {
    if (i < c->n_cells) return c->cellvars[i];
    return name_at(c->freevars, c->n_free, i - c->n_cells);
}

/* The readable part after the argument, e.g. "(x)" or "(to 12)". */
static void render_arg(LsBuf *out, const LsCode *c, LsOpcode op, uint32_t a) {
    static const char *const CONVERSIONS[] = {"", "!s", "!r", "!a"};
    switch (op) {
    case LS_OP_LOAD_CONST:
        ls_buf_puts(out, " (");
        if (a < c->n_consts) render_const(out, &c->consts[a]);
        ls_buf_putc(out, ')');
        break;
    case LS_OP_LOAD_FAST: case LS_OP_STORE_FAST: case LS_OP_DELETE_FAST:
        ls_buf_printf(out, " (%s)", name_at(c->varnames, c->n_locals, a));
        break;
    case LS_OP_LOAD_DEREF: case LS_OP_STORE_DEREF: case LS_OP_DELETE_DEREF: case LS_OP_LOAD_CLOSURE:
        ls_buf_printf(out, " (%s)", deref_name(c, a));
        break;
    case LS_OP_LOAD_GLOBAL: case LS_OP_STORE_GLOBAL: case LS_OP_DELETE_GLOBAL: case LS_OP_LOAD_ATTR:
    case LS_OP_STORE_ATTR: case LS_OP_DELETE_ATTR: case LS_OP_LOAD_METHOD: case LS_OP_IMPORT_NAME:
    case LS_OP_IMPORT_FROM: case LS_OP_LOAD_NAME: case LS_OP_STORE_NAME: case LS_OP_DELETE_NAME:
        ls_buf_printf(out, " (%s)", name_at(c->names, c->n_names, a));
        break;
    case LS_OP_BINARY_OP:
        if ((a & 0xFF) < LS_BINOP__COUNT) {
            ls_buf_printf(out, " (%s%s)", ls_binop_symbols[a & 0xFF], (a & LS_BINOP_INPLACE) ? "=" : "");
        }
        break;
    case LS_OP_COMPARE_OP:
        if (a < LS_CMP__COUNT) ls_buf_printf(out, " (%s)", ls_cmpop_symbols[a]);
        break;
    case LS_OP_JUMP: case LS_OP_POP_JUMP_IF_FALSE: case LS_OP_POP_JUMP_IF_TRUE:
    case LS_OP_JUMP_IF_FALSE_OR_POP: case LS_OP_JUMP_IF_TRUE_OR_POP: case LS_OP_FOR_ITER:
    case LS_OP_SETUP_FINALLY: case LS_OP_JUMP_IF_NOT_EXC_MATCH: case LS_OP_SETUP_WITH:
    case LS_OP_STAR_MATCH:
        ls_buf_printf(out, " (to %u)", a);
        break;
    case LS_OP_FORMAT_VALUE:
        if (a & 7) ls_buf_printf(out, " (%s%s)", CONVERSIONS[a & 3], (a & 4) ? ((a & 3) ? ", with spec" : "with spec") : "");
        break;
    case LS_OP_MAKE_FUNCTION: {
        static const char *const BITS[] = {"defaults", "kwdefaults", "closure"};
        const char *sep = " (";
        for (int bit = 0; bit < 3; bit++) {
            if (!(a & (1u << bit))) continue;
            ls_buf_printf(out, "%s%s", sep, BITS[bit]);
            sep = ", ";
        }
        if (a) ls_buf_putc(out, ')');
        break;
    }
    case LS_OP_UNPACK_EX: ls_buf_printf(out, " (%u before, %u after)", a & 0xFF, a >> 8); break;
    case LS_OP_CALL_EX: if (a & 1) ls_buf_puts(out, " (kwargs)"); break;
    default: break;
    }
}

void ls_code_disassemble(const LsCode *c, LsBuf *out) {
    for (uint32_t i = 0; i < c->n_ins; i++) {
        uint32_t ins = c->ins[i];
        LsOpcode op = LS_INS_OP(ins);
        const char *name = op < LS_OP__COUNT ? ls_opcode_names[op] : "???";
        ls_buf_printf(out, "%4u %4u %s", (unsigned)i, (unsigned)c->pos[i].line, name);
        if (takes_arg(op)) {
            size_t pad = strlen(name) < 20 ? 20 - strlen(name) : 1;
            ls_buf_printf(out, "%*s%u", (int)pad, "", (unsigned)LS_INS_ARG(ins));
            render_arg(out, c, op, LS_INS_ARG(ins));
        }
        ls_buf_putc(out, '\n');
    }
}

static void disassemble_tree(const LsCode *c, LsBuf *out) {
    ls_buf_printf(out, "Disassembly of %s (line %u, stack %u, blocks %u):\n", c->qualname,
                  (unsigned)c->first_line, (unsigned)c->max_stack, (unsigned)c->max_blocks);
    ls_code_disassemble(c, out);
    for (uint32_t i = 0; i < c->n_consts; i++) {
        if (c->consts[i].kind == LS_CONST_CODE) {
            ls_buf_putc(out, '\n');
            disassemble_tree(c->consts[i].as.code, out);
        }
    }
}

void ls_program_disassemble(const LsProgram *p, LsBuf *out) { disassemble_tree(p->module, out); }
