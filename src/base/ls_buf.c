/* ls_buf — growable byte buffer (see ls_buf.h). Out of memory here is a host
 * failure we cannot report sensibly, so it aborts with a message. */
#include "ls_buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ls_buf_init(LsBuf *b) { b->data = NULL; b->len = b->cap = 0; }

void ls_buf_fini(LsBuf *b) {
    free(b->data);
    ls_buf_init(b);
}

void ls_buf_clear(LsBuf *b) {
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

static void reserve(LsBuf *b, size_t extra) {
    if (b->len + extra + 1 <= b->cap) return;
    size_t ncap = b->cap ? b->cap : 64;
    while (ncap < b->len + extra + 1) ncap *= 2;
    char *q = realloc(b->data, ncap);
    if (!q) {
        fputs("loopscope: out of memory\n", stderr);
        abort();
    }
    b->data = q;
    b->cap = ncap;
}

void ls_buf_append(LsBuf *b, const char *s, size_t n) {
    reserve(b, n);
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void ls_buf_puts(LsBuf *b, const char *s) { ls_buf_append(b, s, strlen(s)); }
void ls_buf_putc(LsBuf *b, char c) { ls_buf_append(b, &c, 1); }

void ls_buf_vprintf(LsBuf *b, const char *fmt, va_list ap) {
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n <= 0) return;
    reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void ls_buf_printf(LsBuf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    ls_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

const char *ls_buf_cstr(const LsBuf *b) { return b->data ? b->data : ""; }
