/* ls_buf — a growable byte buffer used as a string builder.
 *
 * Buffers use plain malloc (not LsMem): they hold host-side text such as
 * diagnostics, traces and rendered output, never Python objects. The
 * contents are always NUL-terminated so `b.data` can be passed to C APIs. */
#ifndef LS_BUF_H
#define LS_BUF_H

#include <stddef.h>
#include <stdarg.h>

typedef struct LsBuf {
    char *data;   /* NUL-terminated; NULL until the first append */
    size_t len;
    size_t cap;
} LsBuf;

void ls_buf_init(LsBuf *b);
void ls_buf_fini(LsBuf *b);             /* accepts a zeroed buffer */
void ls_buf_clear(LsBuf *b);            /* len = 0, keeps capacity */
void ls_buf_append(LsBuf *b, const char *s, size_t n);
void ls_buf_puts(LsBuf *b, const char *s);
void ls_buf_putc(LsBuf *b, char c);
void ls_buf_printf(LsBuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void ls_buf_vprintf(LsBuf *b, const char *fmt, va_list ap);
/* Returns the contents ("" for an empty buffer); valid until the next append. */
const char *ls_buf_cstr(const LsBuf *b);

#endif
