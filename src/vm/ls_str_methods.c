/* ls_str_methods — the str methods beyond the basics of ls_builtins.c
 * (which it overrides where CPython takes more arguments): searching with
 * start/end (find rfind index rindex count startswith endswith), rsplit,
 * partition/rpartition, splitlines, expandtabs, zfill, title/swapcase/
 * casefold, removeprefix/removesuffix and the is* predicates; plus
 * list.index(x, start, end), dict.fromkeys and dict.popitem.
 *
 * Indices are in code points (str is UTF-8 inside). Case mapping and the
 * character classes are ASCII-exact; for text with non-ASCII letters the
 * methods that would need Unicode tables refuse with NotImplementedError
 * rather than answer differently from CPython. */
#include "ls_builtins_int.h"

#define SELF_STR AS_STR(self)

static bool is_ws(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f); }
static bool ascii_only(const LsStr *s) { return s->len == s->nchars; }

/* Byte offset of code point index cp (0..nchars). */
static size_t cp_to_byte(const LsStr *s, int64_t cp) {
    if (ascii_only(s)) return (size_t)cp;
    size_t i = 0;
    for (int64_t k = 0; k < cp && i < s->len; k++) {
        i++;
        while (i < s->len && ((unsigned char)s->data[i] & 0xC0) == 0x80) i++;
    }
    return i;
}

static int64_t byte_to_cp(const LsStr *s, size_t b) {
    if (ascii_only(s)) return (int64_t)b;
    int64_t c = 0;
    for (size_t i = 0; i < b; i++) c += ((unsigned char)s->data[i] & 0xC0) != 0x80;
    return c;
}

/* Slice-style start/end arguments (None allowed) as code point bounds. */
static int bounds(LsVm *vm, const LsStr *s, uint32_t argc, const LsValue *argv, uint32_t first, int64_t *lo, int64_t *hi) {
    int64_t n = s->nchars;
    *lo = 0;
    *hi = n;
    for (uint32_t k = 0; k < 2 && first + k < argc; k++) {
        LsValue v = argv[first + k];
        if (LS_IS_NONE(v)) continue;
        if (!ls_bi_is_intlike(v))
            return ls_vm_raisef(vm, vm->types.e_TypeError, "slice indices must be integers or None or have an __index__ method");
        int64_t x = ls_bi_as_int(v);
        if (x < 0) { x += n; if (x < 0) x = 0; }
        if (x > n) x = n;
        if (k == 0) *lo = x; else *hi = x;
    }
    return LS_NAT_OK;
}

static int want_str(LsVm *vm, LsValue v, const char *what) {
    if (LS_IS_KIND(v, STR)) return LS_NAT_OK;
    return ls_vm_raisef(vm, vm->types.e_TypeError, "%s, not %s", what, ls_type_name(vm, v));
}

/* Find needle in s[lo..hi) (code points): the code point index or -1. */
static int64_t find_in(const LsStr *s, const LsStr *p, int64_t lo, int64_t hi, bool reverse) {
    if (hi - lo < (int64_t)p->nchars) return -1;
    size_t a = cp_to_byte(s, lo), b = cp_to_byte(s, hi);
    if (!reverse) {
        const char *hit = p->len == 0 ? s->data + a : memmem(s->data + a, b - a, p->data, p->len);
        return hit ? byte_to_cp(s, (size_t)(hit - s->data)) : -1;
    }
    if (p->len == 0) return hi;
    for (size_t i = b - p->len + 1; i-- > a;) {
        if (((unsigned char)s->data[i] & 0xC0) == 0x80) continue;
        if (memcmp(s->data + i, p->data, p->len) == 0) return byte_to_cp(s, i);
    }
    return -1;
}

static int find_common(LsVm *vm, LsValue self, uint32_t argc, const LsValue *argv, const LsKwargs *kw, bool reverse,
                       bool raise, const char *name, LsValue *out) {
    if (kw && kw->n) return ls_vm_raisef(vm, vm->types.e_TypeError, "%s() takes no keyword arguments", name);
    if (argc < 1 || argc > 3)
        return ls_vm_raisef(vm, vm->types.e_TypeError, "%s expected %s, got %u", name, argc < 1 ? "at least 1 argument" : "at most 3 arguments", argc);
    if (want_str(vm, argv[0], "must be str") != LS_NAT_OK) return LS_NAT_ERR;
    int64_t lo, hi;
    if (bounds(vm, SELF_STR, argc, argv, 1, &lo, &hi) != LS_NAT_OK) return LS_NAT_ERR;
    int64_t r = lo > hi ? -1 : find_in(SELF_STR, AS_STR(argv[0]), lo, hi, reverse);
    if (r < 0 && raise) return ls_vm_raisef(vm, vm->types.e_ValueError, "substring not found");
    *out = LS_INT(r);
    return LS_NAT_OK;
}
NAT(str_find) { return find_common(vm, self, argc, argv, kw, false, false, "find", out); }
NAT(str_rfind) { return find_common(vm, self, argc, argv, kw, true, false, "rfind", out); }
NAT(str_index) { return find_common(vm, self, argc, argv, kw, false, true, "index", out); }
NAT(str_rindex) { return find_common(vm, self, argc, argv, kw, true, true, "rindex", out); }

NAT(str_count) {
    if (kw && kw->n) return ls_vm_raisef(vm, vm->types.e_TypeError, "count() takes no keyword arguments");
    if (argc < 1 || argc > 3)
        return ls_vm_raisef(vm, vm->types.e_TypeError, "count expected %s, got %u", argc < 1 ? "at least 1 argument" : "at most 3 arguments", argc);
    if (want_str(vm, argv[0], "must be str") != LS_NAT_OK) return LS_NAT_ERR;
    int64_t lo, hi;
    if (bounds(vm, SELF_STR, argc, argv, 1, &lo, &hi) != LS_NAT_OK) return LS_NAT_ERR;
    LsStr *p = AS_STR(argv[0]);
    if (lo > hi) { *out = LS_INT(0); return LS_NAT_OK; }
    if (p->len == 0) { *out = LS_INT(hi - lo + 1); return LS_NAT_OK; }
    const char *s = SELF_STR->data + cp_to_byte(SELF_STR, lo), *e = SELF_STR->data + cp_to_byte(SELF_STR, hi);
    int64_t c = 0;
    while (s < e) {
        const char *hit = memmem(s, (size_t)(e - s), p->data, p->len);
        if (!hit) break;
        c++;
        s = hit + p->len;
    }
    *out = LS_INT(c);
    return LS_NAT_OK;
}

static int affix(LsVm *vm, LsValue self, uint32_t argc, const LsValue *argv, const LsKwargs *kw, bool start, LsValue *out) {
    const char *name = start ? "startswith" : "endswith";
    if (kw && kw->n) return ls_vm_raisef(vm, vm->types.e_TypeError, "%s() takes no keyword arguments", name);
    if (argc < 1 || argc > 3)
        return ls_vm_raisef(vm, vm->types.e_TypeError, "%s expected %s, got %u", name, argc < 1 ? "at least 1 argument" : "at most 3 arguments", argc);
    int64_t lo, hi;
    if (bounds(vm, SELF_STR, argc, argv, 1, &lo, &hi) != LS_NAT_OK) return LS_NAT_ERR;
    const LsValue *opts = argv;
    uint32_t n = 1;
    if (LS_IS_KIND(argv[0], TUPLE)) { opts = AS_TUPLE(argv[0])->items; n = AS_TUPLE(argv[0])->n; }
    *out = LS_BOOL(false);
    for (uint32_t i = 0; i < n; i++) {
        if (!LS_IS_KIND(opts[i], STR)) {
            if (LS_IS_KIND(argv[0], TUPLE))
                return ls_vm_raisef(vm, vm->types.e_TypeError, "tuple for %s must only contain str, not %s", name, ls_type_name(vm, opts[i]));
            return ls_vm_raisef(vm, vm->types.e_TypeError, "%s first arg must be str or a tuple of str, not %s", name, ls_type_name(vm, opts[i]));
        }
        LsStr *p = AS_STR(opts[i]);
        if (hi - lo < (int64_t)p->nchars) continue;
        size_t a = cp_to_byte(SELF_STR, lo), b = cp_to_byte(SELF_STR, hi);
        if (lo > hi) continue;
        if (memcmp(SELF_STR->data + (start ? a : b - p->len), p->data, p->len) == 0) { *out = LS_BOOL(true); return LS_NAT_OK; }
    }
    return LS_NAT_OK;
}
NAT(str_startswith) { return affix(vm, self, argc, argv, kw, true, out); }
NAT(str_endswith) { return affix(vm, self, argc, argv, kw, false, out); }

static int push_piece(LsVm *vm, LsList *l, const char *s, size_t n) {
    LsStr *p = ls_str_new(vm, s, n);
    if (!p || !ls_list_append(vm, l, LS_OBJ(p))) return ls_vm_oom(vm);
    return LS_NAT_OK;
}

NAT(str_rsplit) {
    static const char *const allowed[] = {"sep", "maxsplit", NULL};
    if (ls_bi_only_kw(vm, self, kw, allowed) != LS_NAT_OK) return LS_NAT_ERR;
    if (argc > 2) return ls_vm_raisef(vm, vm->types.e_TypeError, "rsplit() takes at most 2 arguments (%u given)", argc);
    LsValue sep = argc >= 1 ? argv[0] : ls_bi_kwarg(kw, "sep");
    LsValue mx = argc >= 2 ? argv[1] : ls_bi_kwarg(kw, "maxsplit");
    if (!LS_IS_UNDEF(mx) && !ls_bi_is_intlike(mx))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' object cannot be interpreted as an integer", ls_type_name(vm, mx));
    int64_t maxsplit = LS_IS_UNDEF(mx) ? -1 : ls_bi_as_int(mx);
    LsList *l = ls_list_new(vm, 0);
    if (!l) return ls_vm_oom(vm);
    const char *s = SELF_STR->data;
    size_t e = SELF_STR->len;
    if (LS_IS_UNDEF(sep) || LS_IS_NONE(sep)) {
        while (e > 0) {
            while (e > 0 && is_ws((unsigned char)s[e - 1])) e--;
            if (e == 0) break;
            size_t st = e;
            if (maxsplit >= 0 && (int64_t)l->n >= maxsplit) {
                st = 0;
                while (st < e && is_ws((unsigned char)s[st])) st++;
            } else {
                while (st > 0 && !is_ws((unsigned char)s[st - 1])) st--;
            }
            if (push_piece(vm, l, s + st, e - st) != LS_NAT_OK) return LS_NAT_ERR;
            e = st;
        }
    } else {
        if (want_str(vm, sep, "must be str or None") != LS_NAT_OK) return LS_NAT_ERR;
        LsStr *sp = AS_STR(sep);
        if (sp->len == 0) return ls_vm_raisef(vm, vm->types.e_ValueError, "empty separator");
        for (;;) {
            size_t hit = SIZE_MAX;
            if ((maxsplit < 0 || (int64_t)l->n < maxsplit) && e >= sp->len)
                for (size_t i = e - sp->len + 1; i-- > 0;)
                    if (memcmp(s + i, sp->data, sp->len) == 0) { hit = i; break; }
            size_t st = hit == SIZE_MAX ? 0 : hit + sp->len;
            if (push_piece(vm, l, s + st, e - st) != LS_NAT_OK) return LS_NAT_ERR;
            if (hit == SIZE_MAX) break;
            e = hit;
        }
    }
    for (uint32_t i = 0; i < l->n / 2; i++) {
        LsValue t = l->items[i];
        l->items[i] = l->items[l->n - 1 - i];
        l->items[l->n - 1 - i] = t;
    }
    *out = LS_OBJ(l);
    return LS_NAT_OK;
}

static int partition(LsVm *vm, LsValue self, uint32_t argc, const LsValue *argv, const LsKwargs *kw, bool rev, LsValue *out) {
    ARGS(1, 1);
    if (want_str(vm, argv[0], "must be str") != LS_NAT_OK) return LS_NAT_ERR;
    LsStr *p = AS_STR(argv[0]);
    if (p->len == 0) return ls_vm_raisef(vm, vm->types.e_ValueError, "empty separator");
    int64_t at = find_in(SELF_STR, p, 0, SELF_STR->nchars, rev);
    LsTuple *t = ls_tuple_new(vm, 3);
    LsValue empty = ls_str_value(vm, "");
    if (!t || LS_IS_NONE(empty)) return ls_vm_oom(vm);
    if (at < 0) {
        t->items[0] = rev ? empty : self;
        t->items[1] = empty;
        t->items[2] = rev ? self : empty;
    } else {
        size_t b = cp_to_byte(SELF_STR, at);
        LsStr *l = ls_str_new(vm, SELF_STR->data, b), *r = ls_str_new(vm, SELF_STR->data + b + p->len, SELF_STR->len - b - p->len);
        if (!l || !r) return ls_vm_oom(vm);
        t->items[0] = LS_OBJ(l);
        t->items[1] = argv[0];
        t->items[2] = LS_OBJ(r);
    }
    *out = LS_OBJ(t);
    return LS_NAT_OK;
}
NAT(str_partition) { return partition(vm, self, argc, argv, kw, false, out); }
NAT(str_rpartition) { return partition(vm, self, argc, argv, kw, true, out); }

NAT(str_splitlines) {
    static const char *const allowed[] = {"keepends", NULL};
    if (ls_bi_only_kw(vm, self, kw, allowed) != LS_NAT_OK) return LS_NAT_ERR;
    LsValue ke = argc ? argv[0] : ls_bi_kwarg(kw, "keepends");
    bool keep = !LS_IS_UNDEF(ke) && ls_truthy(vm, ke);
    LsList *l = ls_list_new(vm, 0);
    if (!l) return ls_vm_oom(vm);
    const char *s = SELF_STR->data;
    size_t n = SELF_STR->len, st = 0, i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        size_t brk = 0;
        if (c == '\r') brk = (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
        else if (c == '\n' || c == '\v' || c == '\f' || (c >= 0x1c && c <= 0x1e)) brk = 1;
        else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0x85) brk = 2;
        else if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                 ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) brk = 3;
        if (!brk) { i++; continue; }
        if (push_piece(vm, l, s + st, (keep ? i + brk : i) - st) != LS_NAT_OK) return LS_NAT_ERR;
        i += brk;
        st = i;
    }
    if (st < n && push_piece(vm, l, s + st, n - st) != LS_NAT_OK) return LS_NAT_ERR;
    *out = LS_OBJ(l);
    return LS_NAT_OK;
}

NAT(str_expandtabs) {
    static const char *const allowed[] = {"tabsize", NULL};
    if (ls_bi_only_kw(vm, self, kw, allowed) != LS_NAT_OK) return LS_NAT_ERR;
    LsValue ts = argc ? argv[0] : ls_bi_kwarg(kw, "tabsize");
    int64_t tab = LS_IS_UNDEF(ts) ? 8 : ls_bi_as_int(ts);
    LsBuf b;
    ls_buf_init(&b);
    int64_t col = 0;
    for (size_t i = 0; i < SELF_STR->len; i++) {
        char c = SELF_STR->data[i];
        if (c == '\t') {
            if (tab > 0) { int64_t k = tab - col % tab; for (int64_t j = 0; j < k; j++) ls_buf_putc(&b, ' '); col += k; }
        } else {
            ls_buf_putc(&b, c);
            if (c == '\n' || c == '\r') col = 0;
            else if (((unsigned char)c & 0xC0) != 0x80) col++;
        }
    }
    return ls_bi_ret_buf(vm, &b, out);
}

NAT(str_zfill) {
    ARGS(1, 1);
    if (!ls_bi_is_intlike(argv[0]))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' object cannot be interpreted as an integer", ls_type_name(vm, argv[0]));
    int64_t w = ls_bi_as_int(argv[0]), fill = w - (int64_t)SELF_STR->nchars;
    if (fill <= 0) { *out = self; return LS_NAT_OK; }
    LsBuf b;
    ls_buf_init(&b);
    size_t at = 0;
    if (SELF_STR->len && (SELF_STR->data[0] == '+' || SELF_STR->data[0] == '-')) { ls_buf_putc(&b, SELF_STR->data[0]); at = 1; }
    for (int64_t i = 0; i < fill; i++) ls_buf_putc(&b, '0');
    ls_buf_append(&b, SELF_STR->data + at, SELF_STR->len - at);
    return ls_bi_ret_buf(vm, &b, out);
}

static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_alpha(char c) { return is_upper(c) || is_lower(c); }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static int needs_ascii(LsVm *vm, LsValue self, const char *name) {
    for (uint32_t i = 0; i < SELF_STR->len; i++) {
        unsigned char c = (unsigned char)SELF_STR->data[i];
        if (c >= 0x80)
            return ls_vm_raisef(vm, vm->types.e_NotImplementedError, "str.%s() on non-ASCII text is not supported by loopscope yet", name);
    }
    return LS_NAT_OK;
}

/* mode: 0 title, 1 swapcase, 2 casefold */
static int recase(LsVm *vm, LsValue self, uint32_t argc, const LsKwargs *kw, int mode, const char *name, LsValue *out) {
    ARGS(0, 0);
    if (needs_ascii(vm, self, name) != LS_NAT_OK) return LS_NAT_ERR;
    LsBuf b;
    ls_buf_init(&b);
    ls_buf_append(&b, SELF_STR->data, SELF_STR->len);
    bool prev_cased = false;
    for (size_t i = 0; i < b.len; i++) {
        char c = b.data[i];
        if (mode == 0) {
            if (is_alpha(c)) b.data[i] = prev_cased ? (char)(is_upper(c) ? c + 32 : c) : (char)(is_lower(c) ? c - 32 : c);
            prev_cased = is_alpha(c);
        } else if (mode == 1) {
            if (is_upper(c)) b.data[i] = (char)(c + 32);
            else if (is_lower(c)) b.data[i] = (char)(c - 32);
        } else if (is_upper(c)) {
            b.data[i] = (char)(c + 32);
        }
    }
    return ls_bi_ret_buf(vm, &b, out);
}
NAT(str_title) { return recase(vm, self, argc, kw, 0, "title", out); }
NAT(str_swapcase) { return recase(vm, self, argc, kw, 1, "swapcase", out); }
NAT(str_casefold) { return recase(vm, self, argc, kw, 2, "casefold", out); }

typedef enum { P_ALPHA, P_ALNUM, P_DIGIT, P_SPACE, P_LOWER, P_UPPER, P_TITLE, P_IDENT, P_ASCII } Pred;

static int predicate(LsVm *vm, LsValue self, uint32_t argc, const LsKwargs *kw, Pred p, const char *name, LsValue *out) {
    ARGS(0, 0);
    const LsStr *s = SELF_STR;
    if (p == P_ASCII) { *out = LS_BOOL(ascii_only(s)); return LS_NAT_OK; }
    if (needs_ascii(vm, self, name) != LS_NAT_OK) return LS_NAT_ERR;
    bool r = s->len > 0, cased = false, prev_cased = false;
    for (uint32_t i = 0; i < s->len && r; i++) {
        char c = s->data[i];
        switch (p) {
        case P_ALPHA: r = is_alpha(c); break;
        case P_ALNUM: r = is_alpha(c) || is_digit(c); break;
        case P_DIGIT: r = is_digit(c); break;
        case P_SPACE: r = is_ws((unsigned char)c); break;
        case P_LOWER: if (is_upper(c)) r = false; cased |= is_lower(c); break;
        case P_UPPER: if (is_lower(c)) r = false; cased |= is_upper(c); break;
        case P_TITLE:
            if (is_upper(c)) { if (prev_cased) r = false; cased = true; prev_cased = true; }
            else if (is_lower(c)) { if (!prev_cased) r = false; cased = true; prev_cased = true; }
            else prev_cased = false;
            break;
        case P_IDENT: r = c == '_' || is_alpha(c) || (i > 0 && is_digit(c)); break;
        case P_ASCII: break;
        }
    }
    if (p == P_LOWER || p == P_UPPER || p == P_TITLE) r = r && cased;
    *out = LS_BOOL(r);
    return LS_NAT_OK;
}
NAT(str_isalpha) { return predicate(vm, self, argc, kw, P_ALPHA, "isalpha", out); }
NAT(str_isalnum) { return predicate(vm, self, argc, kw, P_ALNUM, "isalnum", out); }
NAT(str_isdigit) { return predicate(vm, self, argc, kw, P_DIGIT, "isdigit", out); }
NAT(str_isdecimal) { return predicate(vm, self, argc, kw, P_DIGIT, "isdecimal", out); }
NAT(str_isnumeric) { return predicate(vm, self, argc, kw, P_DIGIT, "isnumeric", out); }
NAT(str_isspace) { return predicate(vm, self, argc, kw, P_SPACE, "isspace", out); }
NAT(str_islower) { return predicate(vm, self, argc, kw, P_LOWER, "islower", out); }
NAT(str_isupper) { return predicate(vm, self, argc, kw, P_UPPER, "isupper", out); }
NAT(str_istitle) { return predicate(vm, self, argc, kw, P_TITLE, "istitle", out); }
NAT(str_isidentifier) { return predicate(vm, self, argc, kw, P_IDENT, "isidentifier", out); }
NAT(str_isascii) { return predicate(vm, self, argc, kw, P_ASCII, "isascii", out); }

static int remove_affix(LsVm *vm, LsValue self, uint32_t argc, const LsValue *argv, const LsKwargs *kw, bool prefix, LsValue *out) {
    ARGS(1, 1);
    if (!LS_IS_KIND(argv[0], STR))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "%s() argument must be str, not %s", prefix ? "removeprefix" : "removesuffix",
                            ls_type_name(vm, argv[0]));
    LsStr *p = AS_STR(argv[0]), *s = SELF_STR;
    if (p->len == 0 || p->len > s->len || memcmp(s->data + (prefix ? 0 : s->len - p->len), p->data, p->len) != 0) {
        *out = self;
        return LS_NAT_OK;
    }
    LsStr *r = ls_str_new(vm, s->data + (prefix ? p->len : 0), s->len - p->len);
    if (!r) return ls_vm_oom(vm);
    *out = LS_OBJ(r);
    return LS_NAT_OK;
}
NAT(str_removeprefix) { return remove_affix(vm, self, argc, argv, kw, true, out); }
NAT(str_removesuffix) { return remove_affix(vm, self, argc, argv, kw, false, out); }

/* ---- list / dict extras ----------------------------------------------------------- */

NAT(seq_index) {
    if (kw && kw->n) return ls_vm_raisef(vm, vm->types.e_TypeError, "index() takes no keyword arguments");
    if (argc < 1 || argc > 3)
        return ls_vm_raisef(vm, vm->types.e_TypeError, "index expected %s, got %u", argc < 1 ? "at least 1 argument" : "at most 3 arguments", argc);
    bool list = LS_IS_KIND(self, LIST);
    const LsValue *items = list ? AS_LIST(self)->items : AS_TUPLE(self)->items;
    int64_t n = list ? AS_LIST(self)->n : AS_TUPLE(self)->n, lo = 0, hi = n;
    for (uint32_t k = 1; k < argc; k++) {
        if (!ls_bi_is_intlike(argv[k]))
            return ls_vm_raisef(vm, vm->types.e_TypeError, "slice indices must be integers or have an __index__ method");
        int64_t x = ls_bi_as_int(argv[k]);
        if (x < 0) { x += n; if (x < 0) x = 0; }
        if (k == 1) lo = x; else hi = x;
    }
    for (int64_t i = lo; i < hi && i < n; i++) {
        bool eq;
        if (ls_equal(vm, items[i], argv[0], &eq) < 0) return LS_NAT_ERR;
        if (eq) { *out = LS_INT(i); return LS_NAT_OK; }
    }
    if (!list) return ls_vm_raisef(vm, vm->types.e_ValueError, "tuple.index(x): x not in tuple");
    LsBuf b;
    ls_buf_init(&b);
    if (ls_repr(vm, argv[0], &b) < 0) { ls_buf_fini(&b); return LS_NAT_ERR; }
    int r = ls_vm_raisef(vm, vm->types.e_ValueError, "%s is not in list", ls_buf_cstr(&b));
    ls_buf_fini(&b);
    return r;
}

NAT(dict_fromkeys) {
    ARGS(1, 2);
    DRAIN_IF_GEN(0);
    LsList *keys = ls_bi_to_list(vm, argv[0]);
    LsDict *d = ls_dict_new(vm);
    if (!keys) return LS_NAT_ERR;
    if (!d) return ls_vm_oom(vm);
    for (uint32_t i = 0; i < keys->n; i++)
        if (ls_dict_set(vm, d, keys->items[i], argc == 2 ? argv[1] : LS_NONE) < 0) return LS_NAT_ERR;
    *out = LS_OBJ(d);
    return LS_NAT_OK;
}

NAT(dict_popitem) {
    ARGS(0, 0);
    LsDict *d = AS_DICT(self);
    int64_t i = (int64_t)d->n_entries - 1;
    while (i >= 0 && LS_IS_UNDEF(d->entries[i].key)) i--;
    if (i < 0) return ls_vm_raisef(vm, vm->types.e_KeyError, "popitem(): dictionary is empty");
    LsTuple *t = ls_tuple_new(vm, 2);
    if (!t) return ls_vm_oom(vm);
    t->items[0] = d->entries[i].key;
    t->items[1] = d->entries[i].value;
    if (ls_dict_del(vm, d, t->items[0]) < 0) return LS_NAT_ERR;
    *out = LS_OBJ(t);
    return LS_NAT_OK;
}

NAT(dict_clear) {
    ARGS(0, 0);
    LsDict *d = AS_DICT(self);
    for (uint32_t i = 0; i < d->n_entries; i++)
        if (!LS_IS_UNDEF(d->entries[i].key) && ls_dict_del(vm, d, d->entries[i].key) < 0) return LS_NAT_ERR;
    *out = LS_NONE;
    return LS_NAT_OK;
}

bool ls_str_methods_init(LsVm *vm) {
    static const LsBiEntry str_m[] = {{"find", str_find}, {"rfind", str_rfind}, {"index", str_index},
        {"rindex", str_rindex}, {"count", str_count}, {"startswith", str_startswith}, {"endswith", str_endswith},
        {"rsplit", str_rsplit}, {"partition", str_partition}, {"rpartition", str_rpartition},
        {"splitlines", str_splitlines}, {"expandtabs", str_expandtabs}, {"zfill", str_zfill}, {"title", str_title},
        {"swapcase", str_swapcase}, {"casefold", str_casefold}, {"isalpha", str_isalpha}, {"isalnum", str_isalnum},
        {"isdigit", str_isdigit}, {"isdecimal", str_isdecimal}, {"isnumeric", str_isnumeric}, {"isspace", str_isspace},
        {"islower", str_islower}, {"isupper", str_isupper}, {"istitle", str_istitle},
        {"isidentifier", str_isidentifier}, {"isascii", str_isascii}, {"removeprefix", str_removeprefix},
        {"removesuffix", str_removesuffix}, {NULL, NULL}};
    static const LsBiEntry seq_m[] = {{"index", seq_index}, {NULL, NULL}};
    static const LsBiEntry dict_m[] = {{"popitem", dict_popitem}, {"clear", dict_clear}, {NULL, NULL}};
    LsNative *fk = ls_native_new(vm, "fromkeys", dict_fromkeys);
    return fk && ls_dict_set_str(vm, vm->types.t_dict->methods, "fromkeys", LS_OBJ(fk)) &&
           ls_bi_add_methods(vm, vm->types.t_str, str_m) && ls_bi_add_methods(vm, vm->types.t_list, seq_m) &&
           ls_bi_add_methods(vm, vm->types.t_tuple, seq_m) && ls_bi_add_methods(vm, vm->types.t_dict, dict_m);
}
