/* ls_diag — CPython-style rendering of load-time diagnostics (see ls_diag.h). */
#include "ls_diag.h"

#include <string.h>

const char *ls_diag_kind_name(LsDiagKind kind) {
    switch (kind) {
    case LS_DIAG_SYNTAX: return "SyntaxError";
    case LS_DIAG_INDENT: return "IndentationError";
    case LS_DIAG_UNSUPPORTED: return "NotImplementedError";
    }
    return "SyntaxError";
}

int ls_diag_source_line(LsBuf *out, const char *src, size_t len, uint32_t line) {
    size_t i = 0;
    for (uint32_t l = 1; l < line; l++) {
        const char *nl = memchr(src + i, '\n', len - i);
        if (!nl) return 0;
        i = (size_t)(nl - src) + 1;
    }
    if (i > len || (i == len && line > 1)) return 0;
    const char *nl = memchr(src + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - src) : len;
    if (end > i && src[end - 1] == '\r') end--;
    ls_buf_append(out, src + i, end - i);
    return 1;
}

void ls_diag_render(LsBuf *out, const LsDiag *d, const char *path,
                    const char *src, size_t len) {
    ls_buf_printf(out, "  File \"%s\", line %u\n", path, (unsigned)d->span.line);
    LsBuf line;
    ls_buf_init(&line);
    if (src && ls_diag_source_line(&line, src, len, d->span.line)) {
        /* CPython strips leading indentation and shifts the caret with it. */
        const char *s = ls_buf_cstr(&line);
        size_t skip = 0;
        while (s[skip] == ' ' || s[skip] == '\t' || s[skip] == '\f') skip++;
        size_t n = strlen(s + skip);
        while (n && (s[skip + n - 1] == ' ' || s[skip + n - 1] == '\t')) n--;
        ls_buf_puts(out, "    ");
        ls_buf_append(out, s + skip, n);
        ls_buf_putc(out, '\n');
        uint32_t col = d->span.col > skip ? d->span.col - (uint32_t)skip : 0;
        uint32_t end = d->span.end_line == d->span.line && d->span.end_col > d->span.col
                           ? d->span.end_col - (uint32_t)skip : col + 1;
        if (col > n) col = (uint32_t)n;
        if (end > n + 1) end = (uint32_t)n + 1;
        if (end <= col) end = col + 1;
        ls_buf_puts(out, "    ");
        for (uint32_t i = 0; i < col; i++) ls_buf_putc(out, ' ');
        for (uint32_t i = col; i < end; i++) ls_buf_putc(out, '^');
        ls_buf_putc(out, '\n');
    }
    ls_buf_fini(&line);
    ls_buf_printf(out, "%s: %s\n", ls_diag_kind_name(d->kind), d->message);
}
