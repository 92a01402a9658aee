/* ls_bi_more — builtins that call back into Python (sorted/min/max and
 * list.sort with key=), through LS_NAT_CALL continuations so Python code
 * always runs in the dispatch loop; and the smaller builtins: iter, next,
 * callable, hash, id, hex/oct/bin, pow, getattr/setattr/hasattr/delattr,
 * ascii. Messages are CPython 3.11's. */
#include "ls_builtins_int.h"

#include <math.h>

/* ---- LS_NAT_CALL plumbing ---------------------------------------------------- */

int ls_bi_request_call(LsVm *vm, LsValue f, uint32_t argc, const LsValue *args, LsNativeFn cont_fn, LsValue state) {
    LsNative *k = ls_native_new(vm, "<continuation>", cont_fn);
    if (!k) return ls_vm_oom(vm);
    k->data = state;
    if (argc > LS_NCALL_MAX_ARGS)
        return ls_vm_raisef(vm, vm->types.e_NotImplementedError, "more than %d arguments in a call made by a builtin are not supported by loopscope", LS_NCALL_MAX_ARGS);
    vm->ncall.callee = f;
    vm->ncall.argc = argc;
    vm->ncall.nkw = 0;
    LS_MEMCPY(vm->ncall.args, args, argc * sizeof(LsValue));
    vm->ncall.cont = LS_OBJ(k);
    return LS_NAT_CALL;
}

/* State of ls_bi_map_then: (f, items, results, extra). */
enum { MS_F, MS_ITEMS, MS_RESULTS, MS_EXTRA, MS__N };

int ls_bi_map_step(LsVm *vm, LsValue self, LsValue result, LsBiMapDone done, LsValue *out) {
    LsTuple *st = AS_TUPLE(AS_NATIVE(self)->data);
    LsList *items = AS_LIST(st->items[MS_ITEMS]), *results = AS_LIST(st->items[MS_RESULTS]);
    if (!ls_list_append(vm, results, result)) return ls_vm_oom(vm);
    if (results->n < items->n)
        return ls_bi_request_call(vm, st->items[MS_F], 1, &items->items[results->n], AS_NATIVE(self)->fn, LS_OBJ(st));
    return done(vm, items, results, st->items[MS_EXTRA], out);
}

int ls_bi_map_then(LsVm *vm, LsValue f, LsList *items, LsValue extra, LsBiMapDone done, LsNativeFn cont, LsValue *out) {
    LsList *results = ls_list_new(vm, items->n);
    if (!results) return ls_vm_oom(vm);
    if (items->n == 0) return done(vm, items, results, extra, out);
    LsTuple *st = ls_tuple_new(vm, MS__N);
    if (!st) return ls_vm_oom(vm);
    st->items[MS_F] = f;
    st->items[MS_ITEMS] = LS_OBJ(items);
    st->items[MS_RESULTS] = LS_OBJ(results);
    st->items[MS_EXTRA] = extra;
    return ls_bi_request_call(vm, f, 1, &items->items[0], cont, LS_OBJ(st));
}

/* ---- sorting ------------------------------------------------------------------ */

static int merge_by(LsVm *vm, LsValue *it, LsValue *ky, LsValue *ti, LsValue *tk, uint32_t n, bool rev) {
    if (n < 2) return 0;
    uint32_t h = n / 2;
    if (merge_by(vm, it, ky, ti, tk, h, rev) < 0 || merge_by(vm, it + h, ky + h, ti, tk, n - h, rev) < 0) return -1;
    uint32_t i = 0, j = h, k = 0;
    while (i < h && j < n) {
        bool take_right;
        /* Right wins only when strictly better: equal keys keep their order
         * (CPython reverses, sorts stably and reverses back, which also keeps
         * equal elements in their original order). */
        if (rev ? ls_less(vm, ky[i], ky[j], &take_right) < 0 : ls_less(vm, ky[j], ky[i], &take_right) < 0) return -1;
        if (take_right) { ti[k] = it[j]; tk[k++] = ky[j++]; }
        else { ti[k] = it[i]; tk[k++] = ky[i++]; }
    }
    while (i < h) { ti[k] = it[i]; tk[k++] = ky[i++]; }
    while (j < n) { ti[k] = it[j]; tk[k++] = ky[j++]; }
    LS_MEMCPY(it, ti, n * sizeof(LsValue));
    LS_MEMCPY(ky, tk, n * sizeof(LsValue));
    return 0;
}

int ls_bi_sort_by(LsVm *vm, LsValue *items, LsValue *keys, uint32_t n, bool reverse) {
    size_t sz = ((size_t)n + 1) * sizeof(LsValue);
    LsValue *ti = ls_mem_alloc(vm->mem, sz), *tk = ls_mem_alloc(vm->mem, sz);
    int r = -1;
    if (ti && tk) r = merge_by(vm, items, keys, ti, tk, n, reverse);
    else ls_vm_oom(vm);
    ls_mem_free(vm->mem, ti, ti ? sz : 0);
    ls_mem_free(vm->mem, tk, tk ? sz : 0);
    return r;
}

/* extra = (target list or None, reverse) */
static int sort_done(LsVm *vm, LsList *items, LsList *keys, LsValue extra, LsValue *out) {
    LsTuple *x = AS_TUPLE(extra);
    if (ls_bi_sort_by(vm, items->items, keys->items, items->n, x->items[1].u.b) < 0) return LS_NAT_ERR;
    if (LS_IS_KIND(x->items[0], LIST)) {
        /* list.sort: the sorted copy replaces the contents. */
        LsList *l = AS_LIST(x->items[0]);
        l->n = 0;
        for (uint32_t i = 0; i < items->n; i++)
            if (!ls_list_append(vm, l, items->items[i])) return ls_vm_oom(vm);
        *out = LS_NONE;
    } else {
        *out = LS_OBJ(items);
    }
    return LS_NAT_OK;
}

LS_BI_MAP_CONT(sort_cont, sort_done)

static int sort_common(LsVm *vm, LsList *items, LsValue key, LsValue rev, LsValue target, LsValue *out) {
    if (!LS_IS_UNDEF(rev) && !ls_bi_is_intlike(rev))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' object cannot be interpreted as an integer", ls_type_name(vm, rev));
    bool reverse = !LS_IS_UNDEF(rev) && ls_truthy(vm, rev);
    LsTuple *x = ls_tuple_new(vm, 2);
    if (!x) return ls_vm_oom(vm);
    x->items[0] = target;
    x->items[1] = LS_BOOL(reverse);
    if (LS_IS_UNDEF(key) || LS_IS_NONE(key)) {
        LsList *keys = ls_list_new(vm, items->n);
        if (!keys) return ls_vm_oom(vm);
        LS_MEMCPY(keys->items, items->items, items->n * sizeof(LsValue));
        keys->n = items->n;
        return sort_done(vm, items, keys, LS_OBJ(x), out);
    }
    return ls_bi_map_then(vm, key, items, LS_OBJ(x), sort_done, sort_cont, out);
}

NAT(bi_sorted) {
    static const char *const allowed[] = {"key", "reverse", NULL};
    if (ls_bi_only_kw(vm, self, kw, allowed) != LS_NAT_OK) return LS_NAT_ERR;
    DRAIN_IF_GEN(0);
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "sorted expected 1 argument, got %u", argc);
    LsList *src = ls_bi_to_list(vm, argv[0]);
    if (!src) return LS_NAT_ERR;
    return sort_common(vm, src, ls_bi_kwarg(kw, "key"), ls_bi_kwarg(kw, "reverse"), LS_NONE, out);
}

NAT(list_sort) {
    static const char *const allowed[] = {"key", "reverse", NULL};
    if (ls_bi_only_kw(vm, self, kw, allowed) != LS_NAT_OK) return LS_NAT_ERR;
    if (argc) return ls_vm_raisef(vm, vm->types.e_TypeError, "sort() takes no positional arguments");
    /* Sort a copy: CPython empties the list while sorting, and so the key
     * function never sees a half-sorted list either way. */
    LsList *l = AS_LIST(self), *copy = ls_list_new(vm, l->n);
    if (!copy) return ls_vm_oom(vm);
    LS_MEMCPY(copy->items, l->items, l->n * sizeof(LsValue));
    copy->n = l->n;
    return sort_common(vm, copy, ls_bi_kwarg(kw, "key"), ls_bi_kwarg(kw, "reverse"), self, out);
}

/* ---- min / max ----------------------------------------------------------------- */

/* extra = bool want_max */
static int pick_done(LsVm *vm, LsList *items, LsList *keys, LsValue extra, LsValue *out) {
    bool want_max = extra.u.b;
    uint32_t best = 0;
    for (uint32_t i = 1; i < items->n; i++) {
        bool better;
        if (want_max ? ls_less(vm, keys->items[best], keys->items[i], &better) < 0
                     : ls_less(vm, keys->items[i], keys->items[best], &better) < 0)
            return LS_NAT_ERR;
        if (better) best = i;
    }
    *out = items->items[best];
    return LS_NAT_OK;
}

LS_BI_MAP_CONT(pick_cont, pick_done)

static int minmax(LsVm *vm, MAYBE LsValue self, uint32_t argc, const LsValue *argv, const LsKwargs *kw, LsValue *out, bool want_max) {
    const char *nm = want_max ? "max" : "min";
    for (uint32_t i = 0; kw && i < kw->n; i++)
        if (strcmp(kw->names[i]->data, "key") != 0 && strcmp(kw->names[i]->data, "default") != 0)
            return ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' is an invalid keyword argument for %s()", kw->names[i]->data, nm);
    DRAIN_IF_GEN(0);
    if (argc == 0) return ls_vm_raisef(vm, vm->types.e_TypeError, "%s expected at least 1 argument, got 0", nm);
    LsValue dflt = ls_bi_kwarg(kw, "default"), key = ls_bi_kwarg(kw, "key");
    LsList *items;
    if (argc == 1) {
        items = ls_bi_to_list(vm, argv[0]);
        if (!items) return LS_NAT_ERR;
        if (items->n == 0) {
            if (!LS_IS_UNDEF(dflt)) { *out = dflt; return LS_NAT_OK; }
            return ls_vm_raisef(vm, vm->types.e_ValueError, "%s() arg is an empty sequence", nm);
        }
    } else {
        if (!LS_IS_UNDEF(dflt))
            return ls_vm_raisef(vm, vm->types.e_TypeError, "Cannot specify a default for %s() with multiple positional arguments", nm);
        items = ls_list_new(vm, argc);
        if (!items) return ls_vm_oom(vm);
        LS_MEMCPY(items->items, argv, argc * sizeof(LsValue));
        items->n = argc;
    }
    if (LS_IS_UNDEF(key) || LS_IS_NONE(key)) return pick_done(vm, items, items, LS_BOOL(want_max), out);
    return ls_bi_map_then(vm, key, items, LS_BOOL(want_max), pick_done, pick_cont, out);
}
NAT(bi_min) { return minmax(vm, self, argc, argv, kw, out, false); }
NAT(bi_max) { return minmax(vm, self, argc, argv, kw, out, true); }

/* ---- iteration -------------------------------------------------------------------- */

NAT(bi_iter) {
    ARGS(1, 2);
    if (argc == 2)
        return ls_vm_raisef(vm, vm->types.e_NotImplementedError, "iter(callable, sentinel) is not supported by loopscope yet");
    return ls_get_iter(vm, argv[0], out) < 0 ? LS_NAT_ERR : LS_NAT_OK;
}

/* ---- object protocol --------------------------------------------------------------- */

bool ls_bi_is_callable(LsVm *vm, LsValue f) {
    if (LS_IS_KIND(f, FUNCTION) || LS_IS_KIND(f, NATIVE) || LS_IS_KIND(f, BOUND) || LS_IS_KIND(f, TYPE)) return true;
    if (LS_IS_KIND(f, INSTANCE) || LS_IS_KIND(f, EXC)) {
        for (LsType *t = ls_type_of(vm, f); t; t = t->base)
            if (!LS_IS_UNDEF(ls_dict_get_str(t->methods, "__call__"))) return true;
    }
    return false;
}

NAT(bi_callable) {
    if (kw && kw->n) return ls_vm_raisef(vm, vm->types.e_TypeError, "callable() takes no keyword arguments");
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "callable() takes exactly one argument (%u given)", argc);
    *out = LS_BOOL(ls_bi_is_callable(vm, argv[0]));
    return LS_NAT_OK;
}

NAT(bi_hash) {
    if (argc != 1 || (kw && kw->n)) return ls_bi_check_args(vm, self, argc, kw, 1, 1);
    uint64_t h;
    if (ls_hash(vm, argv[0], &h) < 0) return LS_NAT_ERR;
    *out = LS_INT((int64_t)h);
    return LS_NAT_OK;
}

/* id(): CPython returns an address, which no program can reproduce. loopscope
 * numbers objects in the order id() first sees them: 4096 + 16*n, unique for
 * the run (the object is kept alive so its number is never reused).
 * Immediates (ints, floats, None, bools) are numbered by value, as CPython's
 * cached small ints and singletons share one id. The table lives in the
 * builtins dict under the int key 0, which no name lookup can reach. */
static bool same_identity(LsValue a, LsValue b) {
    if (a.tag != b.tag) return false;
    switch (a.tag) {
    case LS_T_OBJ: return a.u.o == b.u.o;
    case LS_T_BOOL: return a.u.b == b.u.b;
    case LS_T_INT: return a.u.i == b.u.i;
    case LS_T_FLOAT: return memcmp(&a.u.f, &b.u.f, sizeof(double)) == 0;
    default: return true;
    }
}

NAT(bi_id) {
    if (argc != 1 || (kw && kw->n)) {
        if (kw && kw->n) return ls_vm_raisef(vm, vm->types.e_TypeError, "id() takes no keyword arguments");
        return ls_vm_raisef(vm, vm->types.e_TypeError, "id() takes exactly one argument (%u given)", argc);
    }
    LsValue tv;
    int r = ls_dict_get(vm, vm->builtins, LS_INT(0), &tv);
    if (r < 0) return LS_NAT_ERR;
    if (r == 0) {
        LsList *l = ls_list_new(vm, 0);
        if (!l || ls_dict_set(vm, vm->builtins, LS_INT(0), LS_OBJ(l)) < 0) return ls_vm_oom(vm);
        tv = LS_OBJ(l);
    }
    LsList *t = AS_LIST(tv);
    uint32_t i = 0;
    while (i < t->n && !same_identity(t->items[i], argv[0])) i++;
    if (i == t->n && !ls_list_append(vm, t, argv[0])) return ls_vm_oom(vm);
    *out = LS_INT(4096 + 16 * (int64_t)i);
    return LS_NAT_OK;
}

static int int_arg(LsVm *vm, LsValue v, int64_t *out) {
    if (!ls_bi_is_intlike(v))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' object cannot be interpreted as an integer", ls_type_name(vm, v));
    *out = ls_bi_as_int(v);
    return LS_NAT_OK;
}

static int radix(LsVm *vm, LsValue self, uint32_t argc, const LsValue *argv, const LsKwargs *kw, LsValue *out,
                 unsigned base, const char *prefix) {
    ARGS(1, 1);
    int64_t v = 0;
    if (int_arg(vm, argv[0], &v) != LS_NAT_OK) return LS_NAT_ERR;
    uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    char digits[70];
    int n = 0;
    do { digits[n++] = "0123456789abcdef"[m % base]; m /= base; } while (m);
    LsBuf b;
    ls_buf_init(&b);
    if (v < 0) ls_buf_putc(&b, '-');
    ls_buf_puts(&b, prefix);
    while (n) ls_buf_putc(&b, digits[--n]);
    return ls_bi_ret_buf(vm, &b, out);
}
NAT(bi_hex) { return radix(vm, self, argc, argv, kw, out, 16, "0x"); }
NAT(bi_oct) { return radix(vm, self, argc, argv, kw, out, 8, "0o"); }
NAT(bi_bin) { return radix(vm, self, argc, argv, kw, out, 2, "0b"); }

/* 128-bit intermediates for modular products (a GCC/Clang extension). */
__extension__ typedef __int128 LsI128;

static int64_t mod_floor(LsI128 a, int64_t m) {
    LsI128 r = a % m;
    if (r != 0 && ((r < 0) != (m < 0))) r += m;
    return (int64_t)r;
}

/* Modular inverse of a modulo m (m > 0), or -1 if none. */
static int64_t mod_inverse(int64_t a, int64_t m) {
    LsI128 t = 0, nt = 1, r = m, nr = mod_floor(a, m);
    while (nr != 0) {
        LsI128 q = r / nr, tmp = t - q * nt;
        t = nt; nt = tmp;
        tmp = r - q * nr; r = nr; nr = tmp;
    }
    if (r != 1) return -1;
    return mod_floor(t, m);
}

static bool is_num(LsValue v) { return ls_bi_is_intlike(v) || LS_IS_FLOAT(v); }

NAT(bi_pow) {
    static const char *const allowed[] = {"base", "exp", "mod", NULL};
    if (ls_bi_only_kw(vm, self, kw, allowed) != LS_NAT_OK) return LS_NAT_ERR;
    LsValue a[3] = {LS_UNDEF, LS_UNDEF, LS_NONE};
    static const char *const names[] = {"base", "exp", "mod"};
    if (argc > 3) return ls_vm_raisef(vm, vm->types.e_TypeError, "pow() takes at most 3 arguments (%u given)", argc);
    for (uint32_t i = 0; i < argc; i++) a[i] = argv[i];
    for (int i = 0; i < 3; i++) {
        LsValue k = ls_bi_kwarg(kw, names[i]);
        if (LS_IS_UNDEF(k)) continue;
        if ((uint32_t)i < argc)
            return ls_vm_raisef(vm, vm->types.e_TypeError, "argument for pow() given by name ('%s') and position (%d)", names[i], i + 1);
        a[i] = k;
    }
    for (int i = 0; i < 2; i++)
        if (LS_IS_UNDEF(a[i]))
            return ls_vm_raisef(vm, vm->types.e_TypeError, "pow() missing required argument '%s' (pos %d)", names[i], i + 1);
    bool numbers = is_num(a[0]) && is_num(a[1]);
    if (LS_IS_NONE(a[2])) {
        if (!numbers)
            return ls_vm_raisef(vm, vm->types.e_TypeError, "unsupported operand type(s) for ** or pow(): '%s' and '%s'",
                                ls_type_name(vm, a[0]), ls_type_name(vm, a[1]));
        return ls_binary_op(vm, LS_BINOP_POW, a[0], a[1], out) < 0 ? LS_NAT_ERR : LS_NAT_OK;
    }
    if (!numbers || !is_num(a[2]))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "unsupported operand type(s) for ** or pow(): '%s', '%s', '%s'",
                            ls_type_name(vm, a[0]), ls_type_name(vm, a[1]), ls_type_name(vm, a[2]));
    if (!ls_bi_is_intlike(a[0]) || !ls_bi_is_intlike(a[1]) || !ls_bi_is_intlike(a[2]))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "pow() 3rd argument not allowed unless all arguments are integers");
    int64_t base = ls_bi_as_int(a[0]), e = ls_bi_as_int(a[1]), m = ls_bi_as_int(a[2]);
    if (m == 0) return ls_vm_raisef(vm, vm->types.e_ValueError, "pow() 3rd argument cannot be 0");
    int64_t am = m < 0 ? -m : m;
    if (m == INT64_MIN) return ls_vm_raisef(vm, vm->types.e_OverflowError, "integer overflow: loopscope ints are 64-bit");
    if (e < 0) {
        if (e == INT64_MIN) return ls_vm_raisef(vm, vm->types.e_OverflowError, "integer overflow: loopscope ints are 64-bit");
        int64_t inv = mod_inverse(base, am);
        if (inv < 0) return ls_vm_raisef(vm, vm->types.e_ValueError, "base is not invertible for the given modulus");
        base = inv;
        e = -e;
    }
    LsI128 r = 1 % am, b = mod_floor(base, am);
    for (; e; e >>= 1) {
        if (e & 1) r = r * b % am;
        b = b * b % am;
    }
    *out = LS_INT(mod_floor(r, m));
    return LS_NAT_OK;
}

static int attr_name(LsVm *vm, LsValue v, LsStr **out) {
    if (!LS_IS_KIND(v, STR))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "attribute name must be string, not '%s'", ls_type_name(vm, v));
    *out = ls_str_intern(vm, AS_STR(v)->data, AS_STR(v)->len);
    return *out ? LS_NAT_OK : ls_vm_oom(vm);
}

static bool pending_is_attribute_error(LsVm *vm) {
    return LS_IS_KIND(vm->exc, EXC) && ls_is_subtype(AS_EXC(vm->exc)->type, vm->types.e_AttributeError);
}

NAT(bi_getattr) {
    if (kw && kw->n) return ls_vm_raisef(vm, vm->types.e_TypeError, "getattr() takes no keyword arguments");
    if (argc < 2) return ls_vm_raisef(vm, vm->types.e_TypeError, "getattr expected at least 2 arguments, got %u", argc);
    if (argc > 3) return ls_vm_raisef(vm, vm->types.e_TypeError, "getattr expected at most 3 arguments, got %u", argc);
    LsStr *name;
    if (attr_name(vm, argv[1], &name) != LS_NAT_OK) return LS_NAT_ERR;
    if (ls_getattr(vm, argv[0], name, out) == 0) return LS_NAT_OK;
    if (argc == 3 && pending_is_attribute_error(vm)) { vm->exc = LS_NONE; *out = argv[2]; return LS_NAT_OK; }
    return LS_NAT_ERR;
}

NAT(bi_hasattr) {
    ARGS(2, 2);
    LsStr *name;
    if (attr_name(vm, argv[1], &name) != LS_NAT_OK) return LS_NAT_ERR;
    LsValue v;
    if (ls_getattr(vm, argv[0], name, &v) == 0) { *out = LS_BOOL(true); return LS_NAT_OK; }
    if (!pending_is_attribute_error(vm)) return LS_NAT_ERR;
    vm->exc = LS_NONE;
    *out = LS_BOOL(false);
    return LS_NAT_OK;
}

NAT(bi_setattr) {
    ARGS(3, 3);
    LsStr *name;
    if (attr_name(vm, argv[1], &name) != LS_NAT_OK) return LS_NAT_ERR;
    if (ls_setattr(vm, argv[0], name, argv[2]) < 0) return LS_NAT_ERR;
    *out = LS_NONE;
    return LS_NAT_OK;
}

NAT(bi_delattr) {
    ARGS(2, 2);
    LsStr *name;
    if (attr_name(vm, argv[1], &name) != LS_NAT_OK) return LS_NAT_ERR;
    if (ls_delattr(vm, argv[0], name) < 0) return LS_NAT_ERR;
    *out = LS_NONE;
    return LS_NAT_OK;
}

int ls_bi_ascii_of(LsVm *vm, LsValue v, LsBuf *b) {
    LsBuf r;
    ls_buf_init(&r);
    if (ls_repr(vm, v, &r) < 0) { ls_buf_fini(&r); return -1; }
    const unsigned char *s = (const unsigned char *)ls_buf_cstr(&r);
    for (size_t i = 0; i < r.len;) {
        uint32_t c = s[i];
        size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (n == 1) { ls_buf_putc(b, (char)c); i++; continue; }
        c &= n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07;
        for (size_t k = 1; k < n && i + k < r.len; k++) c = (c << 6) | (s[i + k] & 0x3F);
        i += n;
        if (c < 0x100) ls_buf_printf(b, "\\x%02x", c);
        else if (c < 0x10000) ls_buf_printf(b, "\\u%04x", c);
        else ls_buf_printf(b, "\\U%08x", c);
    }
    ls_buf_fini(&r);
    return 0;
}

NAT(bi_ascii) {
    ARGS(1, 1);
    LsBuf b;
    ls_buf_init(&b);
    if (ls_bi_ascii_of(vm, argv[0], &b) < 0) { ls_buf_fini(&b); return LS_NAT_ERR; }
    return ls_bi_ret_buf(vm, &b, out);
}

/* ---- int / float methods -------------------------------------------------------- */

NAT(int_bit_length) {
    ARGS(0, 0);
    int64_t v = ls_bi_as_int(self);
    uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    int64_t n = 0;
    for (; m; m >>= 1) n++;
    *out = LS_INT(n);
    return LS_NAT_OK;
}

NAT(float_is_integer) {
    ARGS(0, 0);
    double x = self.u.f;
    *out = LS_BOOL(x - x == 0 && x == floor(x));  /* finite and whole */
    return LS_NAT_OK;
}

bool ls_bi_more_init(LsVm *vm) {
    static const LsBiEntry fns[] = {{"sorted", bi_sorted}, {"min", bi_min}, {"max", bi_max}, {"iter", bi_iter},
        {"callable", bi_callable}, {"hash", bi_hash}, {"id", bi_id}, {"hex", bi_hex},
        {"oct", bi_oct}, {"bin", bi_bin}, {"pow", bi_pow}, {"getattr", bi_getattr}, {"hasattr", bi_hasattr},
        {"setattr", bi_setattr}, {"delattr", bi_delattr}, {"ascii", bi_ascii}, {NULL, NULL}};
    static const LsBiEntry list_m[] = {{"sort", list_sort}, {NULL, NULL}};
    static const LsBiEntry int_m[] = {{"bit_length", int_bit_length}, {NULL, NULL}};
    static const LsBiEntry float_m[] = {{"is_integer", float_is_integer}, {NULL, NULL}};
    return ls_bi_add_builtins(vm, fns) && ls_bi_add_methods(vm, vm->types.t_list, list_m) &&
           ls_bi_add_methods(vm, vm->types.t_int, int_m) && ls_bi_add_methods(vm, vm->types.t_float, float_m);
}
