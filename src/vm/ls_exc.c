/* ls_exc — exceptions as CPython prints them: the traceback with source
 * lines and 3.11-style position markers, chained exceptions, and the final
 * "Type: message" line. */
#include "ls_vm.h"
#include "ls_diag.h"

#include <string.h>

/* Find the operator of a binary expression in seg[0..n): the last
 * top-level occurrence of `op` (the first for right-associative **),
 * skipping strings, brackets, longer operators and unary signs. */
static int find_binop(const char *seg, size_t n, const char *op) {
    size_t ol = strlen(op);
    bool right_assoc = strcmp(op, "**") == 0;
    int depth = 0, found = -1;
    char quote = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = seg[i];
        if (quote) {
            if (ch == '\\') i++;
            else if (ch == quote) quote = 0;
            continue;
        }
        if (ch == '\'' || ch == '"') { quote = ch; continue; }
        if (ch == '(' || ch == '[' || ch == '{') { depth++; continue; }
        if (ch == ')' || ch == ']' || ch == '}') { depth--; continue; }
        if (depth || i + ol > n || memcmp(seg + i, op, ol) != 0) continue;
        char next = i + ol < n ? seg[i + ol] : ' ';
        char prev = i ? seg[i - 1] : ' ';
        if (ol == 1 && (next == op[0] || prev == op[0] || next == '=')) continue;
        if (ol == 1 && (op[0] == '-' || op[0] == '+')) {
            size_t k = i;
            while (k > 0 && seg[k - 1] == ' ') k--;
            if (k == 0 || strchr("+-*/%<>=&|^~(,@", seg[k - 1])) continue;
        }
        found = (int)i;
        if (right_assoc) break;
        i += ol - 1;
    }
    return found;
}

static void print_markers(LsVm *vm, LsBuf *out, const char *line, size_t skip, const LsPos *p, uint32_t insn) {
    size_t len = strlen(line);
    size_t col = p->col, end = p->end_col;
    if (p->end_line != p->line || end <= col || end > len) return;
    size_t a = skip, b = len;
    while (b > a && (line[b - 1] == ' ' || line[b - 1] == '\t')) b--;
    bool whole = col <= a && end >= b;
    char marks[512];
    size_t n = end - col;
    if (n >= sizeof marks) return;
    memset(marks, '^', n);
    LsOpcode op = LS_INS_OP(insn);
    if (op == LS_OP_BINARY_OP) {
        static const char *const syms[] = {"+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "@"};
        uint32_t which = LS_INS_ARG(insn) & 0xff;
        if (which < sizeof syms / sizeof syms[0]) {
            int at = find_binop(line + col, n, syms[which]);
            if (at >= 0) {
                memset(marks, '~', n);
                memset(marks + at, '^', strlen(syms[which]));
            }
        }
    } else if (op == LS_OP_BINARY_SUBSCR) {
        /* value ~~~ then [ ... ] ^^^ : the last top-level '['. */
        int depth = 0, at = -1;
        for (size_t i = 0; i < n; i++) {
            char ch = line[col + i];
            if (ch == '[' && depth == 0) at = (int)i;
            if (ch == '(' || ch == '[' || ch == '{') depth++;
            if (ch == ')' || ch == ']' || ch == '}') depth--;
        }
        if (at > 0) memset(marks, '~', (size_t)at);
    }
    (void)vm;
    /* A span covering the whole (stripped) line gets markers only when
     * they point somewhere inside it (an operator or a subscript). */
    if (whole && memchr(marks, '~', n) == NULL) return;
    ls_buf_puts(out, "    ");
    for (size_t i = skip; i < col; i++) ls_buf_putc(out, ' ');
    ls_buf_append(out, marks, n);
    ls_buf_putc(out, '\n');
}

static void print_repeated(LsBuf *out, uint32_t n) {
    ls_buf_printf(out, "  [Previous line repeated %u more time%s]\n", n, n > 1 ? "s" : "");
}

/* The "  File ..." lines of e's traceback (no header). */
static void format_tb_entries(LsVm *vm, LsExc *e, LsBuf *out) {
    if (!e->n_tb) return;
    LsBuf line;
    ls_buf_init(&line);
    /* CPython prints at most 3 identical consecutive entries (same file,
     * line and function), then "[Previous line repeated N more times]". */
    const char *last_path = NULL, *last_name = NULL;
    uint32_t last_line = 0, count = 0;
    for (uint32_t k = e->n_tb; k-- > 0;) {
        LsTbEntry *t = &e->tb[k];
        LsCode *c = t->code->code;
        if (c->flags & LS_CODE_INTERNAL) continue;
        bool at_def = t->ins == LS_TB_AT_DEF;
        LsPos p = at_def ? (LsPos){c->first_line, 0, c->first_line, 0} : c->pos[t->ins];
        if (!last_path || strcmp(last_path, t->code->path) != 0 || last_line != p.line ||
            strcmp(last_name, c->name) != 0) {
            if (count > 3) print_repeated(out, count - 3);
            last_path = t->code->path;
            last_name = c->name;
            last_line = p.line;
            count = 0;
        }
        if (++count > 3) continue;
        ls_buf_printf(out, "  File \"%s\", line %u, in %s\n", t->code->path, p.line, c->name);
        ls_buf_clear(&line);
        if (vm->source && ls_diag_source_line(&line, vm->source, vm->source_len, p.line)) {
            const char *s = ls_buf_cstr(&line);
            size_t skip = 0;
            while (s[skip] == ' ' || s[skip] == '\t') skip++;
            size_t n = strlen(s + skip);
            while (n && (s[skip + n - 1] == ' ' || s[skip + n - 1] == '\t' || s[skip + n - 1] == '\r')) n--;
            if (n) {
                ls_buf_puts(out, "    ");
                ls_buf_append(out, s + skip, n);
                ls_buf_putc(out, '\n');
                if (!at_def) print_markers(vm, out, s, skip, &p, c->ins[t->ins]);
            }
        }
    }
    if (count > 3) print_repeated(out, count - 3);
    ls_buf_fini(&line);
}

/* Nesting state of an exception-group rendering (traceback.py's
 * _ExceptionPrintContext): every line is prefixed by two spaces per level
 * and, inside a group, a margin character. */
typedef struct Ctx {
    int depth;
    bool need_close;
    bool force_header; /* the outermost exception gets "Traceback ..." even without frames */
} Ctx;

enum { MAX_GROUP_WIDTH = 15, MAX_GROUP_DEPTH = 10, MAX_CHAIN = 20 };

static void emit(LsBuf *out, const Ctx *ctx, const char *text, size_t n, char margin) {
    size_t i = 0;
    while (i < n) {
        for (int k = 0; k < 2 * ctx->depth; k++) ls_buf_putc(out, ' ');
        if (ctx->depth) {
            ls_buf_putc(out, margin);
            ls_buf_putc(out, ' ');
        }
        size_t j = i;
        while (j < n && text[j] != '\n') j++;
        ls_buf_append(out, text + i, j - i);
        ls_buf_putc(out, '\n');
        i = j + 1;
    }
}

static void emit_buf(LsBuf *out, const Ctx *ctx, LsBuf *b, char margin) {
    emit(out, ctx, b->data ? b->data : "", b->len, margin);
    ls_buf_clear(b);
}

/* "Type: message" (or just "Type") with a newline. */
static void format_exception_only(LsVm *vm, LsValue exc, LsBuf *out) {
    LsExc *e = AS_EXC(exc);
    /* CPython prints the qualified name, prefixed by the module unless
     * that is __main__ or builtins. */
    const char *mod = e->type->module;
    const char *qual = e->type->qualname ? e->type->qualname->data : e->type->name->data;
    if (mod && strcmp(mod, "builtins") != 0 && strcmp(mod, "__main__") != 0) ls_buf_printf(out, "%s.%s", mod, qual);
    else ls_buf_puts(out, qual);
    size_t before = out->len;
    ls_buf_puts(out, ": ");
    size_t mark = out->len;
    if (ls_str(vm, exc, out) < 0) vm->exc = LS_NONE;
    if (out->len == mark) {
        out->len = before;
        out->data[out->len] = '\0';
    }
    ls_buf_putc(out, '\n');
}

static void format_exc(LsVm *vm, LsValue exc, LsBuf *out, Ctx *ctx);

/* One exception group: its traceback and line, then each member in a
 * numbered box (at most MAX_GROUP_WIDTH, then "and N more"). */
static void format_group(LsVm *vm, LsValue exc, LsBuf *out, Ctx *ctx, LsBuf *tmp) {
    LsExc *e = AS_EXC(exc);
    bool toplevel = ctx->depth == 0;
    if (toplevel) ctx->depth++;
    if (e->n_tb) {
        ls_buf_puts(tmp, "Exception Group Traceback (most recent call last):");
        emit_buf(out, ctx, tmp, toplevel ? '+' : '|');
        format_tb_entries(vm, e, tmp);
        emit_buf(out, ctx, tmp, '|');
    }
    format_exception_only(vm, exc, tmp);
    tmp->len--;   /* emit adds the newline */
    emit_buf(out, ctx, tmp, '|');
    LsTuple *m = ls_excgroup_members(exc);
    uint32_t total = m ? m->n : 0, n = total <= MAX_GROUP_WIDTH ? total : MAX_GROUP_WIDTH + 1;
    ctx->need_close = false;
    for (uint32_t i = 0; i < n; i++) {
        bool last = i == n - 1, truncated = i >= MAX_GROUP_WIDTH;
        if (last) ctx->need_close = true;
        for (int k = 0; k < 2 * ctx->depth; k++) ls_buf_putc(out, ' ');
        ls_buf_puts(out, i == 0 ? "+-" : "  ");
        if (truncated) ls_buf_puts(out, "+---------------- ... ----------------\n");
        else ls_buf_printf(out, "+---------------- %u ----------------\n", i + 1);
        ctx->depth++;
        if (!truncated) {
            format_exc(vm, m->items[i], out, ctx);
        } else {
            uint32_t more = total - MAX_GROUP_WIDTH;
            ls_buf_printf(tmp, "and %u more exception%s", more, more > 1 ? "s" : "");
            emit_buf(out, ctx, tmp, '|');
        }
        if (last && ctx->need_close) {
            for (int k = 0; k < 2 * ctx->depth; k++) ls_buf_putc(out, ' ');
            ls_buf_puts(out, "+------------------------------------\n");
            ctx->need_close = false;
        }
        ctx->depth--;
    }
    if (toplevel) ctx->depth = 0;
}

/* An exception with its cause/context chain, oldest first. */
static void format_exc(LsVm *vm, LsValue exc, LsBuf *out, Ctx *ctx) {
    LsValue chain[MAX_CHAIN + 1];
    const char *msgs[MAX_CHAIN + 1];
    int n = 0;
    for (LsValue x = exc; LS_IS_KIND(x, EXC) && n <= MAX_CHAIN;) {
        LsExc *e = AS_EXC(x);
        chain[n] = x;
        msgs[n] = NULL;
        if (LS_IS_KIND(e->cause, EXC)) {
            msgs[n] = "\nThe above exception was the direct cause of the following exception:\n\n";
            x = e->cause;
        } else if (LS_IS_KIND(e->context, EXC) && !e->suppress_context) {
            msgs[n] = "\nDuring handling of the above exception, another exception occurred:\n\n";
            x = e->context;
        } else {
            x = LS_UNDEF;
        }
        n++;
        if (n > MAX_CHAIN) msgs[n - 1] = NULL;
    }
    LsBuf tmp;
    ls_buf_init(&tmp);
    for (int i = n - 1; i >= 0; i--) {
        LsValue x = chain[i];
        if (ls_is_exc_group(vm, x) && ctx->depth > MAX_GROUP_DEPTH) {
            ls_buf_printf(&tmp, "... (max_group_depth is %d)", MAX_GROUP_DEPTH);
            emit_buf(out, ctx, &tmp, '|');
        } else if (ls_is_exc_group(vm, x)) {
            format_group(vm, x, out, ctx, &tmp);
        } else {
            if (AS_EXC(x)->n_tb || (i == 0 && ctx->depth == 0 && ctx->force_header))
                ls_buf_puts(&tmp, "Traceback (most recent call last):\n");
            format_tb_entries(vm, AS_EXC(x), &tmp);
            format_exception_only(vm, x, &tmp);
            tmp.len--;
            emit_buf(out, ctx, &tmp, '|');
        }
        if (i > 0 && msgs[i - 1]) {
            ls_buf_puts(&tmp, msgs[i - 1]);
            emit_buf(out, ctx, &tmp, '|');
        }
    }
    ls_buf_fini(&tmp);
}

void ls_vm_format_exception(LsVm *vm, LsValue exc, LsBuf *out) {
    if (!LS_IS_KIND(exc, EXC)) {
        ls_buf_puts(out, "<not an exception>\n");
        return;
    }
    Ctx ctx = {0, false, false};
    format_exc(vm, exc, out, &ctx);
}

void ls_vm_format_exception_from_stdlib(LsVm *vm, LsValue exc, LsBuf *out) {
    if (!LS_IS_KIND(exc, EXC)) {
        ls_buf_puts(out, "<not an exception>\n");
        return;
    }
    Ctx ctx = {0, false, true};
    format_exc(vm, exc, out, &ctx);
}
