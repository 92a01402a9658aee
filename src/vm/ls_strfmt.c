/* ls_strfmt — text formatting on strings: str.format / str.format_map (the
 * replacement-field grammar: auto and manual numbering, keyword fields,
 * .attr and [key] chains, !r/!s/!a, nested {} inside the spec, {{ }}) and
 * printf-style `str % args` (%s %r %a %d %i %u %f %F %e %E %g %G %x %X %o
 * %c %%, flags -+ #0, width, precision, *, %(name)s). Number text comes from
 * ls_num (format specs) so both paths agree with format(). Errors carry
 * CPython 3.11's exception types and messages. */
#include "ls_builtins_int.h"

#include <stdio.h>

/* ---- str.format ------------------------------------------------------------------ */

typedef struct Fmt {
    LsVm *vm;
    const LsValue *args;
    uint32_t nargs;
    const LsKwargs *kw;
    LsValue mapping;      /* format_map: the mapping, else UNDEF */
    int auto_state;       /* 0 unknown, 1 automatic, 2 manual */
    uint32_t next_auto;
} Fmt;

static int fmt_error(Fmt *f, const char *msg) { return ls_vm_raisef(f->vm, f->vm->types.e_ValueError, "%s", msg), -1; }

static int key_error(LsVm *vm, LsValue key) {
    LsTuple *t = ls_tuple_new(vm, 1);
    if (!t) return ls_vm_oom(vm), -1;
    t->items[0] = key;
    ls_vm_raise(vm, ls_vm_new_exc_args(vm, vm->types.e_KeyError, t));
    return -1;
}

static bool all_digits(const char *s, size_t n) {
    if (n == 0) return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

static int64_t parse_digits(const char *s, size_t n) {
    int64_t v = 0;
    for (size_t i = 0; i < n && v < ((int64_t)1 << 50); i++) v = v * 10 + (s[i] - '0');
    return v;
}

/* Resolve the first part of a field name (before . or [). */
static int field_first(Fmt *f, const char *s, size_t n, LsValue *out) {
    LsVm *vm = f->vm;
    if (n == 0 || all_digits(s, n)) {
        uint32_t idx;
        if (n == 0) {
            if (f->auto_state == 2)
                return fmt_error(f, "cannot switch from manual field specification to automatic field numbering");
            f->auto_state = 1;
            idx = f->next_auto++;
        } else {
            if (f->auto_state == 1)
                return fmt_error(f, "cannot switch from automatic field numbering to manual field specification");
            f->auto_state = 2;
            idx = (uint32_t)parse_digits(s, n);
        }
        if (!LS_IS_UNDEF(f->mapping)) return fmt_error(f, "Format string contains positional fields");
        if (idx >= f->nargs)
            return ls_vm_raisef(vm, vm->types.e_IndexError, "Replacement index %u out of range for positional args tuple", idx), -1;
        *out = f->args[idx];
        return 0;
    }
    LsStr *key = ls_str_new(vm, s, n);
    if (!key) return ls_vm_oom(vm), -1;
    if (!LS_IS_UNDEF(f->mapping)) return ls_getitem(vm, f->mapping, LS_OBJ(key), out);
    for (uint32_t i = 0; f->kw && i < f->kw->n; i++)
        if (f->kw->names[i]->len == n && memcmp(f->kw->names[i]->data, s, n) == 0) { *out = f->kw->values[i]; return 0; }
    return key_error(vm, LS_OBJ(key));
}

/* Resolve a whole field name: first part, then .attr and [key] steps. */
static int field_value(Fmt *f, const char *s, size_t n, LsValue *out) {
    LsVm *vm = f->vm;
    size_t i = 0;
    while (i < n && s[i] != '.' && s[i] != '[') i++;
    if (field_first(f, s, i, out) < 0) return -1;
    while (i < n) {
        if (s[i] == '.') {
            size_t a = ++i;
            while (i < n && s[i] != '.' && s[i] != '[') i++;
            if (i == a) return fmt_error(f, "Empty attribute in format string");
            LsStr *name = ls_str_intern(vm, s + a, i - a);
            if (!name) return ls_vm_oom(vm), -1;
            if (ls_getattr(vm, *out, name, out) < 0) return -1;
        } else if (s[i] == '[') {
            size_t a = ++i;
            while (i < n && s[i] != ']') i++;
            if (i >= n) return fmt_error(f, "Missing ']' in format string");
            if (i == a) return fmt_error(f, "Empty attribute in format string");
            LsValue key;
            if (all_digits(s + a, i - a)) key = LS_INT(parse_digits(s + a, i - a));
            else {
                LsStr *k = ls_str_new(vm, s + a, i - a);
                if (!k) return ls_vm_oom(vm), -1;
                key = LS_OBJ(k);
            }
            if (ls_getitem(vm, *out, key, out) < 0) return -1;
            i++;
            if (i < n && s[i] != '.' && s[i] != '[')
                return fmt_error(f, "Only '.' or '[' may follow ']' in format field specifier");
        } else {
            return fmt_error(f, "Only '.' or '[' may follow ']' in format field specifier");
        }
    }
    return 0;
}

static int convert(LsVm *vm, LsValue v, char conv, LsValue *out) {
    LsBuf b;
    ls_buf_init(&b);
    int r = conv == 'r' ? ls_repr(vm, v, &b) : conv == 's' ? ls_str(vm, v, &b) : ls_bi_ascii_of(vm, v, &b);
    if (r < 0) { ls_buf_fini(&b); return -1; }
    *out = ls_str_from_buf(vm, &b);
    ls_buf_fini(&b);
    return LS_IS_UNDEF(*out) ? -1 : 0;
}

static int render(Fmt *f, const char *s, size_t n, LsBuf *out, int depth);

/* One replacement field s[0..n) (between the braces). */
static int field(Fmt *f, const char *s, size_t n, LsBuf *out, int depth) {
    LsVm *vm = f->vm;
    /* The field name ends at '!' or ':' outside brackets. */
    size_t i = 0;
    while (i < n && s[i] != '!' && s[i] != ':') {
        if (s[i] == '[') while (i < n && s[i] != ']') i++;
        if (i < n) i++;
    }
    size_t name_end = i;
    char conv = 0;
    if (i < n && s[i] == '!') {
        if (i + 1 >= n) return fmt_error(f, "end of string while looking for conversion specifier");
        conv = s[i + 1];
        i += 2;
        if (i < n && s[i] != ':') return fmt_error(f, "expected ':' after conversion specifier");
        if (conv != 'r' && conv != 's' && conv != 'a')
            return ls_vm_raisef(vm, vm->types.e_ValueError, "Unknown conversion specifier %c", conv), -1;
    }
    const char *spec = i < n ? s + i + 1 : s + n;
    size_t spec_len = i < n ? n - i - 1 : 0;
    LsValue v;
    if (field_value(f, s, name_end, &v) < 0) return -1;
    if (conv && convert(vm, v, conv, &v) < 0) return -1;
    /* Nested fields in the spec are expanded first. */
    LsBuf sp;
    ls_buf_init(&sp);
    if (memchr(spec, '{', spec_len)) {
        if (depth >= 1) { ls_buf_fini(&sp); return fmt_error(f, "Max string recursion exceeded"); }
        if (render(f, spec, spec_len, &sp, depth + 1) < 0) { ls_buf_fini(&sp); return -1; }
        spec = ls_buf_cstr(&sp);
        spec_len = sp.len;
    }
    int r = ls_format(vm, v, spec, spec_len, out);
    ls_buf_fini(&sp);
    return r;
}

static int render(Fmt *f, const char *s, size_t n, LsBuf *out, int depth) {
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        if (c == '}') {
            if (i + 1 < n && s[i + 1] == '}') { ls_buf_putc(out, '}'); i += 2; continue; }
            return fmt_error(f, "Single '}' encountered in format string");
        }
        if (c != '{') { ls_buf_putc(out, c); i++; continue; }
        if (i + 1 < n && s[i + 1] == '{') { ls_buf_putc(out, '{'); i += 2; continue; }
        /* Find the matching '}' (braces nest inside the spec). */
        size_t a = ++i;
        int level = 1;
        while (i < n) {
            if (s[i] == '[' ) { while (i < n && s[i] != ']' && s[i] != '}') i++; if (i < n && s[i] == ']') i++; continue; }
            if (s[i] == '{') level++;
            else if (s[i] == '}' && --level == 0) break;
            i++;
        }
        if (i >= n) {
            if (a >= n) return fmt_error(f, "Single '{' encountered in format string");
            return fmt_error(f, level > 1 || memchr(s + a, ':', n - a) || memchr(s + a, '!', n - a)
                                    ? "unmatched '{' in format spec" : "expected '}' before end of string");
        }
        if (field(f, s + a, i - a, out, depth) < 0) return -1;
        i++;
    }
    return 0;
}

NAT(str_format) {
    Fmt f = {vm, argv, argc, kw, LS_UNDEF, 0, 0};
    LsBuf b;
    ls_buf_init(&b);
    if (render(&f, AS_STR(self)->data, AS_STR(self)->len, &b, 0) < 0) { ls_buf_fini(&b); return LS_NAT_ERR; }
    return ls_bi_ret_buf(vm, &b, out);
}

NAT(str_format_map) {
    ARGS(1, 1);
    Fmt f = {vm, NULL, 0, NULL, argv[0], 0, 0};
    LsBuf b;
    ls_buf_init(&b);
    if (render(&f, AS_STR(self)->data, AS_STR(self)->len, &b, 0) < 0) { ls_buf_fini(&b); return LS_NAT_ERR; }
    return ls_bi_ret_buf(vm, &b, out);
}

/* ---- printf-style % -------------------------------------------------------------- */

typedef struct Spec {
    bool left, plus, space, alt, zero;
    int64_t width, prec;   /* -1 = absent */
    char type;
} Spec;

static uint32_t count_cps(const char *s, size_t n) {
    uint32_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Pad body (already signed/prefixed: sign_len bytes of sign and prefix at
 * the front) to the width: left-justified, zero-filled after the prefix,
 * or right-justified with spaces. */
static void pad(const Spec *sp, const char *body, size_t len, size_t prefix_len, bool numeric, LsBuf *out) {
    int64_t w = sp->width, cps = count_cps(body, len);
    int64_t fill = w > cps ? w - cps : 0;
    if (sp->left) {
        ls_buf_append(out, body, len);
        for (int64_t i = 0; i < fill; i++) ls_buf_putc(out, ' ');
    } else if (sp->zero && numeric) {
        ls_buf_append(out, body, prefix_len);
        for (int64_t i = 0; i < fill; i++) ls_buf_putc(out, '0');
        ls_buf_append(out, body + prefix_len, len - prefix_len);
    } else {
        for (int64_t i = 0; i < fill; i++) ls_buf_putc(out, ' ');
        ls_buf_append(out, body, len);
    }
}

static int fmt_int(LsVm *vm, const Spec *sp, int64_t v, LsBuf *out) {
    unsigned base = sp->type == 'x' || sp->type == 'X' ? 16 : sp->type == 'o' ? 8 : 10;
    const char *dig = sp->type == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    char tmp[80];
    int n = 0;
    do { tmp[n++] = dig[m % base]; m /= base; } while (m);
    if (sp->prec > 4096) return ls_vm_raisef(vm, vm->types.e_OverflowError, "precision too large"), -1;
    LsBuf body;
    ls_buf_init(&body);
    if (v < 0) ls_buf_putc(&body, '-');
    else if (sp->plus) ls_buf_putc(&body, '+');
    else if (sp->space) ls_buf_putc(&body, ' ');
    if (sp->alt && base != 10) ls_buf_puts(&body, sp->type == 'x' ? "0x" : sp->type == 'X' ? "0X" : "0o");
    size_t prefix = body.len;
    for (int64_t i = n; i < sp->prec; i++) ls_buf_putc(&body, '0');
    while (n) ls_buf_putc(&body, tmp[--n]);
    pad(sp, ls_buf_cstr(&body), body.len, prefix, true, out);
    ls_buf_fini(&body);
    return 0;
}

static int fmt_float(LsVm *vm, const Spec *sp, double x, LsBuf *out) {
    char spec[64];
    snprintf(spec, sizeof spec, "%s%s.%lld%c", sp->plus ? "+" : sp->space ? " " : "", sp->alt ? "#" : "",
             (long long)(sp->prec < 0 ? 6 : sp->prec), sp->type);
    LsBuf body;
    ls_buf_init(&body);
    LsNumErr err = {0};
    if (!ls_num_format_float(x, spec, strlen(spec), &body, &err)) { ls_buf_fini(&body); return ls_vm_raise_num(vm, &err), -1; }
    const char *s = ls_buf_cstr(&body);
    size_t prefix = (s[0] == '-' || s[0] == '+' || s[0] == ' ') ? 1 : 0;
    bool finite = x == x && x - x == 0;
    pad(sp, s, body.len, prefix, finite, out);
    ls_buf_fini(&body);
    return 0;
}

static int fmt_text(const Spec *sp, const char *s, size_t n, LsBuf *out) {
    if (sp->prec >= 0) {
        size_t i = 0;
        for (int64_t c = 0; i < n && c < sp->prec; c++) {
            i++;
            while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
        }
        n = i;
    }
    pad(sp, s, n, 0, false, out);
    return 0;
}

static bool is_number(LsValue v) { return v.tag == LS_T_INT || v.tag == LS_T_BOOL || v.tag == LS_T_FLOAT; }

static int convert_one(LsVm *vm, const Spec *sp, LsValue v, LsBuf *out) {
    switch (sp->type) {
    case 's': case 'r': case 'a': {
        LsBuf t;
        ls_buf_init(&t);
        int r = sp->type == 's' ? ls_str(vm, v, &t) : sp->type == 'r' ? ls_repr(vm, v, &t) : ls_bi_ascii_of(vm, v, &t);
        if (r == 0) fmt_text(sp, ls_buf_cstr(&t), t.len, out);
        ls_buf_fini(&t);
        return r;
    }
    case 'd': case 'i': case 'u':
        if (!is_number(v)) return ls_vm_raisef(vm, vm->types.e_TypeError, "%%%c format: a real number is required, not %s", sp->type, ls_type_name(vm, v)), -1;
        if (LS_IS_FLOAT(v)) {
            int64_t i;
            LsNumErr err = {0};
            if (!ls_num_float_to_int(v.u.f, &i, &err)) return ls_vm_raise_num(vm, &err), -1;
            return fmt_int(vm, sp, i, out);
        }
        return fmt_int(vm, sp, ls_bi_as_int(v), out);
    case 'x': case 'X': case 'o':
        if (!ls_bi_is_intlike(v)) return ls_vm_raisef(vm, vm->types.e_TypeError, "%%%c format: an integer is required, not %s", sp->type, ls_type_name(vm, v)), -1;
        return fmt_int(vm, sp, ls_bi_as_int(v), out);
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
        if (!is_number(v)) return ls_vm_raisef(vm, vm->types.e_TypeError, "must be real number, not %s", ls_type_name(vm, v)), -1;
        return fmt_float(vm, sp, LS_IS_FLOAT(v) ? v.u.f : (double)ls_bi_as_int(v), out);
    case 'c': {
        char b[4];
        size_t n;
        if (LS_IS_KIND(v, STR)) {
            if (AS_STR(v)->nchars != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "%%c requires int or char"), -1;
            return fmt_text(sp, AS_STR(v)->data, AS_STR(v)->len, out);
        }
        if (!ls_bi_is_intlike(v)) return ls_vm_raisef(vm, vm->types.e_TypeError, "%%c requires int or char"), -1;
        int64_t c = ls_bi_as_int(v);
        if (c < 0 || c > 0x10FFFF) return ls_vm_raisef(vm, vm->types.e_OverflowError, "%%c arg not in range(0x110000)"), -1;
        if (c < 0x80) { b[0] = (char)c; n = 1; }
        else if (c < 0x800) { b[0] = (char)(0xC0 | (c >> 6)); b[1] = (char)(0x80 | (c & 63)); n = 2; }
        else if (c < 0x10000) { b[0] = (char)(0xE0 | (c >> 12)); b[1] = (char)(0x80 | ((c >> 6) & 63)); b[2] = (char)(0x80 | (c & 63)); n = 3; }
        else { b[0] = (char)(0xF0 | (c >> 18)); b[1] = (char)(0x80 | ((c >> 12) & 63)); b[2] = (char)(0x80 | ((c >> 6) & 63)); b[3] = (char)(0x80 | (c & 63)); n = 4; }
        Spec t = *sp;
        t.prec = -1;
        return fmt_text(&t, b, n, out);
    }
    default: return 0;
    }
}

int ls_strfmt_percent(LsVm *vm, LsStr *fmt, LsValue args, LsValue *out) {
    const char *s = fmt->data;
    size_t n = fmt->len;
    const LsValue *items = &args;
    uint32_t nitems = 1, next = 0;
    if (LS_IS_KIND(args, TUPLE)) { items = AS_TUPLE(args)->items; nitems = AS_TUPLE(args)->n; }
    bool mapping = LS_IS_KIND(args, DICT);
    bool used_mapping = false;
    LsBuf b;
    ls_buf_init(&b);
#define FAIL(...) do { ls_vm_raisef(vm, __VA_ARGS__); ls_buf_fini(&b); return -1; } while (0)
#define NEXT_ARG(dst) do { if (next >= nitems) FAIL(vm->types.e_TypeError, "not enough arguments for format string"); (dst) = items[next++]; } while (0)
    for (size_t i = 0; i < n;) {
        if (s[i] != '%') { ls_buf_putc(&b, s[i++]); continue; }
        size_t start = i++;
        if (i >= n) FAIL(vm->types.e_ValueError, "incomplete format");
        Spec sp = {.width = -1, .prec = -1};
        LsValue v = LS_UNDEF;
        if (s[i] == '(') {
            if (!mapping) FAIL(vm->types.e_TypeError, "format requires a mapping");
            size_t a = ++i;
            int level = 1;
            while (i < n && level) { if (s[i] == '(') level++; else if (s[i] == ')') level--; i++; }
            if (level) FAIL(vm->types.e_ValueError, "incomplete format key");
            LsStr *key = ls_str_new(vm, s + a, i - 1 - a);
            if (!key) { ls_buf_fini(&b); return ls_vm_oom(vm), -1; }
            if (ls_getitem(vm, args, LS_OBJ(key), &v) < 0) { ls_buf_fini(&b); return -1; }
            used_mapping = true;
        }
        for (; i < n; i++) {
            char c = s[i];
            if (c == '-') sp.left = true;
            else if (c == '+') sp.plus = true;
            else if (c == ' ') sp.space = true;
            else if (c == '#') sp.alt = true;
            else if (c == '0') sp.zero = true;
            else break;
        }
        if (i < n && s[i] == '*') {
            LsValue w;
            NEXT_ARG(w);
            if (!ls_bi_is_intlike(w)) FAIL(vm->types.e_TypeError, "* wants int");
            sp.width = ls_bi_as_int(w);
            if (sp.width < 0) { sp.left = true; sp.width = -sp.width; }
            i++;
        } else {
            while (i < n && s[i] >= '0' && s[i] <= '9') sp.width = (sp.width < 0 ? 0 : sp.width) * 10 + (s[i++] - '0');
        }
        if (i < n && s[i] == '.') {
            i++;
            sp.prec = 0;
            if (i < n && s[i] == '*') {
                LsValue p;
                NEXT_ARG(p);
                if (!ls_bi_is_intlike(p)) FAIL(vm->types.e_TypeError, "* wants int");
                sp.prec = ls_bi_as_int(p) < 0 ? 0 : ls_bi_as_int(p);
                i++;
            } else {
                while (i < n && s[i] >= '0' && s[i] <= '9') sp.prec = sp.prec * 10 + (s[i++] - '0');
            }
        }
        while (i < n && (s[i] == 'h' || s[i] == 'l' || s[i] == 'L')) i++;
        if (i >= n) FAIL(vm->types.e_ValueError, "incomplete format");
        sp.type = s[i++];
        /* "%%" right after the '%' is a literal; anything else fetches its
         * argument before the conversion character is checked, as CPython
         * does (so '%5%' % () is "not enough arguments"). */
        if (sp.type == '%' && i - 1 == start + 1) { ls_buf_putc(&b, '%'); continue; }
        if (LS_IS_UNDEF(v)) {
            if (mapping && !used_mapping && nitems == 1) v = args, next = 1;
            else NEXT_ARG(v);
        }
        if (!strchr("sradiuxXoeEfFgGc", sp.type)) {
            unsigned char uc = (unsigned char)sp.type;
            FAIL(vm->types.e_ValueError, "unsupported format character '%c' (0x%x) at index %zu", uc < 0x80 ? uc : '?', uc, i - 1);
        }
        if (convert_one(vm, &sp, v, &b) < 0) { ls_buf_fini(&b); return -1; }
    }
    if (next < nitems && !mapping && !used_mapping)
        FAIL(vm->types.e_TypeError, "not all arguments converted during string formatting");
#undef FAIL
#undef NEXT_ARG
    *out = ls_str_from_buf(vm, &b);
    ls_buf_fini(&b);
    return LS_IS_UNDEF(*out) ? -1 : 0;
}

bool ls_strfmt_init(LsVm *vm) {
    static const LsBiEntry str_m[] = {{"format", str_format}, {"format_map", str_format_map}, {NULL, NULL}};
    return ls_bi_add_methods(vm, vm->types.t_str, str_m);
}
