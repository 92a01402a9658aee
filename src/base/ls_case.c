/* ls_case — case mapping over UTF-8 text (see ls_case.h). ASCII is mapped
 * inline; other code points are looked up by binary search in the
 * generated tables. */
#include "ls_case.h"

typedef struct LsCaseRow {
    uint32_t cp;
    uint32_t to[3];   /* 0-terminated when shorter */
} LsCaseRow;

#include "ls_case_tables.inc"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const LsCaseRow *find(const LsCaseRow *t, size_t n, uint32_t cp) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t[mid].cp == cp) return &t[mid];
        if (t[mid].cp < cp) lo = mid + 1; else hi = mid;
    }
    return NULL;
}

static uint32_t decode(const unsigned char *s, size_t n, size_t *i) {
    uint32_t c = s[*i];
    size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (len == 1 || *i + len > n) { (*i)++; return c; }
    c &= 0x7Fu >> len;
    for (size_t k = 1; k < len; k++) c = (c << 6) | (s[*i + k] & 0x3Fu);
    *i += len;
    return c;
}

static void put(LsBuf *b, uint32_t c) {
    char u[4];
    size_t n;
    if (c < 0x80) { u[0] = (char)c; n = 1; }
    else if (c < 0x800) { u[0] = (char)(0xC0 | (c >> 6)); u[1] = (char)(0x80 | (c & 63)); n = 2; }
    else if (c < 0x10000) { u[0] = (char)(0xE0 | (c >> 12)); u[1] = (char)(0x80 | ((c >> 6) & 63)); u[2] = (char)(0x80 | (c & 63)); n = 3; }
    else { u[0] = (char)(0xF0 | (c >> 18)); u[1] = (char)(0x80 | ((c >> 12) & 63)); u[2] = (char)(0x80 | ((c >> 6) & 63)); u[3] = (char)(0x80 | (c & 63)); n = 4; }
    ls_buf_append(b, u, n);
}

/* A code point with a case mapping (a rough "cased" for the sigma rule). */
static bool cased(uint32_t c) {
    if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    return find(case_upper, COUNT(case_upper), c) || find(case_lower, COUNT(case_lower), c);
}

static void map_one(uint32_t c, LsCaseKind kind, LsBuf *out) {
    if (c < 0x80) {
        if (kind == LS_CASE_LOWER && c >= 'A' && c <= 'Z') c += 32;
        else if (kind != LS_CASE_LOWER && c >= 'a' && c <= 'z') c -= 32;
        ls_buf_putc(out, (char)c);
        return;
    }
    const LsCaseRow *r = NULL;
    if (kind == LS_CASE_TITLE) r = find(case_title, COUNT(case_title), c);
    if (!r) r = kind == LS_CASE_LOWER ? find(case_lower, COUNT(case_lower), c) : find(case_upper, COUNT(case_upper), c);
    if (!r) { put(out, c); return; }
    for (int k = 0; k < 3 && r->to[k]; k++) put(out, r->to[k]);
}

void ls_case_map(const char *s, size_t n, LsCaseKind kind, LsBuf *out) {
    const unsigned char *u = (const unsigned char *)s;
    bool prev_cased = false, first = true;
    for (size_t i = 0; i < n;) {
        uint32_t c = decode(u, n, &i);
        /* capitalize(): the first code point title-cased, the rest lowered. */
        LsCaseKind use = kind == LS_CASE_TITLE && !first ? LS_CASE_LOWER : kind;
        if (c == 0x3A3 && use == LS_CASE_LOWER) {
            /* Final sigma: after a cased letter and not before one. */
            size_t j = i;
            bool next_cased = j < n && cased(decode(u, n, &j));
            put(out, prev_cased && !next_cased ? 0x3C2 : 0x3C3);
        } else {
            map_one(c, use, out);
        }
        prev_cased = cased(c);
        first = false;
    }
}
