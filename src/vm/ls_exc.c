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

static void format_tb(LsVm *vm, LsExc *e, LsBuf *out) {
    if (!e->n_tb) return;
    ls_buf_puts(out, "Traceback (most recent call last):\n");
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

static void format_one(LsVm *vm, LsValue exc, LsBuf *out, int depth) {
    if (!LS_IS_KIND(exc, EXC)) {
        ls_buf_puts(out, "<not an exception>\n");
        return;
    }
    LsExc *e = AS_EXC(exc);
    if (depth < 20) {
        if (LS_IS_KIND(e->cause, EXC)) {
            format_one(vm, e->cause, out, depth + 1);
            ls_buf_puts(out, "\nThe above exception was the direct cause of the following exception:\n\n");
        } else if (LS_IS_KIND(e->context, EXC) && !e->suppress_context) {
            format_one(vm, e->context, out, depth + 1);
            ls_buf_puts(out, "\nDuring handling of the above exception, another exception occurred:\n\n");
        }
    }
    format_tb(vm, e, out);
    const char *mod = e->type->module;
    if (mod && strcmp(mod, "builtins") != 0) ls_buf_printf(out, "%s.%s", mod, e->type->name->data);
    else ls_buf_puts(out, e->type->name->data);
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

void ls_vm_format_exception(LsVm *vm, LsValue exc, LsBuf *out) { format_one(vm, exc, out, 0); }
