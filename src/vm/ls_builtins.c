/* ls_builtins — VM initialisation: the builtin types, the exception
 * hierarchy, builtin functions and the methods of str/list/dict/tuple. */
#include "ls_vm.h"
#include "ls_arith.h"
#include "ls_num.h"

#include <math.h>
#include <string.h>

#define MAYBE __attribute__((unused))
#define NAT(name) static int name(LsVm *vm, MAYBE LsValue self, MAYBE uint32_t argc, MAYBE const LsValue *argv, MAYBE const LsKwargs *kw, MAYBE LsValue *out)
#define UNUSED_NAT (void)vm, (void)self, (void)argc, (void)argv, (void)kw, (void)out

int ls_vm_raise_num(LsVm *vm, const LsNumErr *err) {
    LsType *t = vm->types.e_ValueError;
    switch (err->exc) {
    case LS_NUM_EXC_OVERFLOW:
    case LS_NUM_EXC_INT_LIMIT: t = vm->types.e_OverflowError; break;
    case LS_NUM_EXC_ZERO_DIV: t = vm->types.e_ZeroDivisionError; break;
    case LS_NUM_EXC_MEMORY: t = vm->types.e_MemoryError; break;
    case LS_NUM_EXC_UNSUPPORTED: t = vm->types.e_NotImplementedError; break;
    default: break;
    }
    return ls_vm_raisef(vm, t, "%s", err->msg);
}

static const char *fname(LsValue self) {
    return LS_IS_KIND(self, NATIVE) ? AS_NATIVE(self)->name : "function";
}

static int check_args(LsVm *vm, LsValue self, uint32_t argc, const LsKwargs *kw, uint32_t lo, uint32_t hi) {
    if (kw && kw->n) return ls_vm_raisef(vm, vm->types.e_TypeError, "%s() takes no keyword arguments", fname(self));
    if (argc < lo || argc > hi) {
        if (lo == hi)
            return ls_vm_raisef(vm, vm->types.e_TypeError, "%s() takes exactly %s (%u given)", fname(self),
                                lo == 0 ? "no arguments" : lo == 1 ? "one argument" : "2 arguments", argc);
        if (argc < lo)
            return ls_vm_raisef(vm, vm->types.e_TypeError, "%s expected at least %u argument%s, got %u", fname(self), lo, lo == 1 ? "" : "s", argc);
        return ls_vm_raisef(vm, vm->types.e_TypeError, "%s expected at most %u argument%s, got %u", fname(self), hi, hi == 1 ? "" : "s", argc);
    }
    return LS_NAT_OK;
}
#define ARGS(lo, hi) do { if (check_args(vm, self, argc, kw, lo, hi) != LS_NAT_OK) return LS_NAT_ERR; } while (0)

static bool is_gen_value(LsValue v) { return LS_IS_KIND(v, CORO) && ((LsCoro *)v.u.o)->ckind == LS_CO_GENERATOR; }
/* Ask the VM to drain generator argument i into a list and call again. */
#define DRAIN_IF_GEN(i) do { if ((i) < argc && is_gen_value(argv[i])) { vm->drain_arg = (i); return LS_NAT_DRAIN; } } while (0)

static int ret_buf(LsVm *vm, LsBuf *b, LsValue *out) {
    *out = ls_str_from_buf(vm, b);
    ls_buf_fini(b);
    return LS_IS_UNDEF(*out) ? LS_NAT_ERR : LS_NAT_OK;
}

/* Collect any iterable into a fresh list (a generator reached through a
 * user __iter__ runs nested: ls_iter_next). */
static LsList *to_list(LsVm *vm, LsValue v) {
    LsValue it, x;
    if (ls_get_iter(vm, v, &it) < 0) return NULL;
    LsList *l = ls_list_new(vm, 0);
    if (!l) { ls_vm_oom(vm); return NULL; }
    int r;
    while ((r = ls_iter_next(vm, it, &x)) == 1)
        if (!ls_list_append(vm, l, x)) { ls_vm_oom(vm); return NULL; }
    return r < 0 ? NULL : l;
}

static LsValue kwarg(const LsKwargs *kw, const char *name) {
    for (uint32_t i = 0; kw && i < kw->n; i++)
        if (strcmp(kw->names[i]->data, name) == 0) return kw->values[i];
    return LS_UNDEF;
}

static int only_kw(LsVm *vm, LsValue self, const LsKwargs *kw, const char *const *allowed) {
    for (uint32_t i = 0; kw && i < kw->n; i++) {
        bool ok = false;
        for (const char *const *a = allowed; *a; a++) ok |= strcmp(*a, kw->names[i]->data) == 0;
        if (!ok)
            return ls_vm_raisef(vm, vm->types.e_TypeError, "%s() got an unexpected keyword argument '%s'", fname(self),
                                kw->names[i]->data);
    }
    return LS_NAT_OK;
}

/* ---- builtin functions --------------------------------------------------- */

NAT(bi_print) {
    static const char *const allowed[] = {"sep", "end", "flush", "file", NULL};
    if (only_kw(vm, self, kw, allowed) != LS_NAT_OK) return LS_NAT_ERR;
    LsValue sep = kwarg(kw, "sep"), end = kwarg(kw, "end"), file = kwarg(kw, "file");
    if (!LS_IS_UNDEF(sep) && !LS_IS_NONE(sep) && !LS_IS_KIND(sep, STR))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "sep must be None or a string, not %s", ls_type_name(vm, sep));
    if (!LS_IS_UNDEF(end) && !LS_IS_NONE(end) && !LS_IS_KIND(end, STR))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "end must be None or a string, not %s", ls_type_name(vm, end));
    int stream = 1;
    if (!LS_IS_UNDEF(file) && !LS_IS_NONE(file)) {
        LsValue fd = LS_IS_KIND(file, INSTANCE) && AS_INSTANCE(file)->attrs ? ls_dict_get_str(AS_INSTANCE(file)->attrs, "_fd") : LS_UNDEF;
        if (!LS_IS_INT(fd)) return ls_vm_raisef(vm, vm->types.e_NotImplementedError, "print(file=...) supports only sys.stdout and sys.stderr");
        stream = (int)fd.u.i;
    }
    LsBuf b;
    ls_buf_init(&b);
    for (uint32_t i = 0; i < argc; i++) {
        if (i) {
            if (LS_IS_KIND(sep, STR)) ls_buf_append(&b, AS_STR(sep)->data, AS_STR(sep)->len);
            else ls_buf_putc(&b, ' ');
        }
        if (ls_str(vm, argv[i], &b) < 0) { ls_buf_fini(&b); return LS_NAT_ERR; }
    }
    if (LS_IS_KIND(end, STR)) ls_buf_append(&b, AS_STR(end)->data, AS_STR(end)->len);
    else ls_buf_putc(&b, '\n');
    if (vm->host.write) vm->host.write(vm->host.ud, stream, ls_buf_cstr(&b), b.len);
    ls_buf_fini(&b);
    *out = LS_NONE;
    return LS_NAT_OK;
}

NAT(bi_len) {
    ARGS(1, 1);
    int64_t n;
    if (ls_len(vm, argv[0], &n) < 0) return LS_NAT_ERR;
    *out = LS_INT(n);
    return LS_NAT_OK;
}

NAT(bi_repr) {
    ARGS(1, 1);
    *out = ls_repr_value(vm, argv[0]);
    return LS_IS_UNDEF(*out) ? LS_NAT_ERR : LS_NAT_OK;
}

static int64_t as_int(LsValue v) { return v.tag == LS_T_BOOL ? v.u.b : v.u.i; }
static bool is_intlike(LsValue v) { return v.tag == LS_T_INT || v.tag == LS_T_BOOL; }

NAT(bi_range) {
    (void)self;
    ARGS(1, 3);
    for (uint32_t i = 0; i < argc; i++)
        if (!is_intlike(argv[i]))
            return ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' object cannot be interpreted as an integer", ls_type_name(vm, argv[i]));
    LsRange *r = (LsRange *)ls_obj_alloc(vm, LS_OBJ_RANGE, sizeof(LsRange));
    if (!r) return ls_vm_oom(vm);
    r->start = argc >= 2 ? as_int(argv[0]) : 0;
    r->stop = argc >= 2 ? as_int(argv[1]) : as_int(argv[0]);
    r->step = argc == 3 ? as_int(argv[2]) : 1;
    if (r->step == 0) return ls_vm_raisef(vm, vm->types.e_ValueError, "range() arg 3 must not be zero");
    *out = LS_OBJ(r);
    return LS_NAT_OK;
}

NAT(bi_str) {
    (void)self;
    ARGS(0, 1);
    if (argc == 0) { *out = ls_str_value(vm, ""); return LS_NAT_OK; }
    if (LS_IS_KIND(argv[0], STR)) { *out = argv[0]; return LS_NAT_OK; }
    LsBuf b;
    ls_buf_init(&b);
    if (ls_str(vm, argv[0], &b) < 0) { ls_buf_fini(&b); return LS_NAT_ERR; }
    return ret_buf(vm, &b, out);
}

NAT(bi_int) {
    (void)self;
    ARGS(0, 2);
    if (argc == 0) { *out = LS_INT(0); return LS_NAT_OK; }
    LsValue v = argv[0];
    LsNumErr err = {0};
    if (LS_IS_KIND(v, STR)) {
        int64_t base = argc == 2 ? as_int(argv[1]) : 10, r;
        if (!ls_num_parse_int(AS_STR(v)->data, AS_STR(v)->len, (int)base, &r, &err)) return ls_vm_raise_num(vm, &err);
        *out = LS_INT(r);
        return LS_NAT_OK;
    }
    if (argc == 2) return ls_vm_raisef(vm, vm->types.e_TypeError, "int() can't convert non-string with explicit base");
    if (is_intlike(v)) { *out = LS_INT(as_int(v)); return LS_NAT_OK; }
    if (LS_IS_FLOAT(v)) {
        int64_t r;
        if (!ls_num_float_to_int(v.u.f, &r, &err)) return ls_vm_raise_num(vm, &err);
        *out = LS_INT(r);
        return LS_NAT_OK;
    }
    return ls_vm_raisef(vm, vm->types.e_TypeError, "int() argument must be a string, a bytes-like object or a real number, not '%s'", ls_type_name(vm, v));
}

NAT(bi_float) {
    (void)self;
    ARGS(0, 1);
    if (argc == 0) { *out = LS_FLOAT(0.0); return LS_NAT_OK; }
    LsValue v = argv[0];
    if (LS_IS_FLOAT(v)) { *out = v; return LS_NAT_OK; }
    if (is_intlike(v)) { *out = LS_FLOAT((double)as_int(v)); return LS_NAT_OK; }
    if (LS_IS_KIND(v, STR)) {
        LsNumErr err = {0};
        double d;
        if (!ls_num_parse_float(AS_STR(v)->data, AS_STR(v)->len, &d, &err)) return ls_vm_raise_num(vm, &err);
        *out = LS_FLOAT(d);
        return LS_NAT_OK;
    }
    return ls_vm_raisef(vm, vm->types.e_TypeError, "float() argument must be a string or a real number, not '%s'", ls_type_name(vm, v));
}

NAT(bi_bool) {
    (void)self;
    ARGS(0, 1);
    *out = LS_BOOL(argc ? ls_truthy(vm, argv[0]) : false);
    return LS_NAT_OK;
}

NAT(bi_list) {
    ARGS(0, 1);
    DRAIN_IF_GEN(0);
    if (argc == 0) {
        LsList *l = ls_list_new(vm, 0);
        if (!l) return ls_vm_oom(vm);
        *out = LS_OBJ(l);
        return LS_NAT_OK;
    }
    LsList *l = to_list(vm, argv[0]);
    if (!l) return LS_NAT_ERR;
    *out = LS_OBJ(l);
    return LS_NAT_OK;
}

NAT(bi_tuple) {
    ARGS(0, 1);
    DRAIN_IF_GEN(0);
    if (argc && LS_IS_KIND(argv[0], TUPLE)) { *out = argv[0]; return LS_NAT_OK; }
    LsList *l = argc ? to_list(vm, argv[0]) : ls_list_new(vm, 0);
    if (!l) return LS_NAT_ERR;
    LsTuple *t = ls_tuple_new(vm, l->n);
    if (!t) return ls_vm_oom(vm);
    LS_MEMCPY(t->items, l->items, l->n * sizeof(LsValue));
    *out = LS_OBJ(t);
    return LS_NAT_OK;
}

NAT(bi_dict) {
    (void)self;
    DRAIN_IF_GEN(0);
    LsDict *d = ls_dict_new(vm);
    if (!d) return ls_vm_oom(vm);
    if (argc > 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "dict expected at most 1 argument, got %u", argc);
    if (argc == 1) {
        if (LS_IS_KIND(argv[0], DICT)) {
            LsDict *s = AS_DICT(argv[0]);
            for (uint32_t i = 0; i < s->n_entries; i++)
                if (!LS_IS_UNDEF(s->entries[i].key) && ls_dict_set(vm, d, s->entries[i].key, s->entries[i].value) < 0) return LS_NAT_ERR;
        } else {
            LsList *l = to_list(vm, argv[0]);
            if (!l) return LS_NAT_ERR;
            for (uint32_t i = 0; i < l->n; i++) {
                LsValue p = l->items[i];
                LsValue k, v;
                if (LS_IS_KIND(p, TUPLE) && AS_TUPLE(p)->n == 2) { k = AS_TUPLE(p)->items[0]; v = AS_TUPLE(p)->items[1]; }
                else if (LS_IS_KIND(p, LIST) && AS_LIST(p)->n == 2) { k = AS_LIST(p)->items[0]; v = AS_LIST(p)->items[1]; }
                else return ls_vm_raisef(vm, vm->types.e_ValueError, "dictionary update sequence element #%u has wrong length", i);
                if (ls_dict_set(vm, d, k, v) < 0) return LS_NAT_ERR;
            }
        }
    }
    for (uint32_t i = 0; kw && i < kw->n; i++)
        if (ls_dict_set(vm, d, LS_OBJ(kw->names[i]), kw->values[i]) < 0) return LS_NAT_ERR;
    *out = LS_OBJ(d);
    return LS_NAT_OK;
}

NAT(bi_set) {
    ARGS(0, 1);
    DRAIN_IF_GEN(0);
    LsDict *d = ls_dict_new(vm);
    if (!d) return ls_vm_oom(vm);
    d->hdr.kind = LS_OBJ_SET;
    if (argc) {
        LsList *l = to_list(vm, argv[0]);
        if (!l) return LS_NAT_ERR;
        for (uint32_t i = 0; i < l->n; i++)
            if (ls_dict_set(vm, d, l->items[i], LS_NONE) < 0) return LS_NAT_ERR;
    }
    *out = LS_OBJ(d);
    return LS_NAT_OK;
}

NAT(bi_enumerate) {
    static const char *const allowed[] = {"start", NULL};
    if (only_kw(vm, self, kw, allowed) != LS_NAT_OK) return LS_NAT_ERR;
    DRAIN_IF_GEN(0);
    if (argc < 1 || argc > 2) return ls_vm_raisef(vm, vm->types.e_TypeError, "enumerate() takes at most 2 arguments");
    LsValue it;
    if (ls_get_iter(vm, argv[0], &it) < 0) return LS_NAT_ERR;
    LsIter *e = (LsIter *)ls_obj_alloc(vm, LS_OBJ_ITER, sizeof(LsIter));
    if (!e) return ls_vm_oom(vm);
    e->kind = LS_IT_ENUMERATE;
    e->src = it;
    LsValue start = argc == 2 ? argv[1] : kwarg(kw, "start");
    e->i = LS_IS_UNDEF(start) ? 0 : as_int(start);
    *out = LS_OBJ(e);
    return LS_NAT_OK;
}

NAT(bi_zip) {
    (void)kw;
    for (uint32_t i = 0; i < argc; i++) DRAIN_IF_GEN(i);
    LsTuple *its = ls_tuple_new(vm, argc);
    if (!its) return ls_vm_oom(vm);
    for (uint32_t i = 0; i < argc; i++)
        if (ls_get_iter(vm, argv[i], &its->items[i]) < 0) return LS_NAT_ERR;
    LsIter *z = (LsIter *)ls_obj_alloc(vm, LS_OBJ_ITER, sizeof(LsIter));
    if (!z) return ls_vm_oom(vm);
    z->kind = LS_IT_ZIP;
    z->src = LS_OBJ(its);
    *out = LS_OBJ(z);
    return LS_NAT_OK;
}

NAT(bi_reversed) {
    ARGS(1, 1);
    LsValue s = argv[0];
    if (LS_IS_KIND(s, LIST) || LS_IS_KIND(s, TUPLE)) {
        LsIter *r = (LsIter *)ls_obj_alloc(vm, LS_OBJ_ITER, sizeof(LsIter));
        if (!r) return ls_vm_oom(vm);
        r->kind = LS_IT_REVERSED;
        r->src = s;
        r->i = (LS_IS_KIND(s, LIST) ? AS_LIST(s)->n : AS_TUPLE(s)->n) - 1;
        *out = LS_OBJ(r);
        return LS_NAT_OK;
    }
    LsList *l = to_list(vm, s);
    if (!l) return LS_NAT_ERR;
    LsIter *r = (LsIter *)ls_obj_alloc(vm, LS_OBJ_ITER, sizeof(LsIter));
    if (!r) return ls_vm_oom(vm);
    r->kind = LS_IT_REVERSED;
    r->src = LS_OBJ(l);
    r->i = (int64_t)l->n - 1;
    *out = LS_OBJ(r);
    return LS_NAT_OK;
}

NAT(bi_sum) {
    static const char *const allowed[] = {"start", NULL};
    if (only_kw(vm, self, kw, allowed) != LS_NAT_OK) return LS_NAT_ERR;
    DRAIN_IF_GEN(0);
    if (argc < 1 || argc > 2) return ls_vm_raisef(vm, vm->types.e_TypeError, "sum() takes at most 2 arguments (%u given)", argc);
    LsList *l = to_list(vm, argv[0]);
    if (!l) return LS_NAT_ERR;
    LsValue acc = argc == 2 ? argv[1] : kwarg(kw, "start");
    if (LS_IS_UNDEF(acc)) acc = LS_INT(0);
    if (LS_IS_KIND(acc, STR))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "sum() can't sum strings [use ''.join(seq) instead]");
    for (uint32_t i = 0; i < l->n; i++)
        if (ls_binary_op(vm, LS_BINOP_ADD, acc, l->items[i], &acc) < 0) return LS_NAT_ERR;
    *out = acc;
    return LS_NAT_OK;
}

static int minmax(LsVm *vm, LsValue self, uint32_t argc, const LsValue *argv, const LsKwargs *kw, LsValue *out, bool want_max) {
    static const char *const allowed[] = {"default", NULL};
    if (only_kw(vm, self, kw, allowed) != LS_NAT_OK) return LS_NAT_ERR;
    DRAIN_IF_GEN(0);
    const char *nm = want_max ? "max" : "min";
    if (argc == 0) return ls_vm_raisef(vm, vm->types.e_TypeError, "%s expected at least 1 argument, got 0", nm);
    const LsValue *items = argv;
    uint32_t n = argc;
    if (argc == 1) {
        LsList *l = to_list(vm, argv[0]);
        if (!l) return LS_NAT_ERR;
        items = l->items;
        n = l->n;
        if (n == 0) {
            LsValue d = kwarg(kw, "default");
            if (!LS_IS_UNDEF(d)) { *out = d; return LS_NAT_OK; }
            return ls_vm_raisef(vm, vm->types.e_ValueError, "%s() arg is an empty sequence", nm);
        }
    }
    LsValue best = items[0];
    for (uint32_t i = 1; i < n; i++) {
        bool lt;
        if (want_max ? ls_less(vm, best, items[i], &lt) < 0 : ls_less(vm, items[i], best, &lt) < 0) return LS_NAT_ERR;
        if (lt) best = items[i];
    }
    *out = best;
    return LS_NAT_OK;
}
NAT(bi_min) { return minmax(vm, self, argc, argv, kw, out, false); }
NAT(bi_max) { return minmax(vm, self, argc, argv, kw, out, true); }

NAT(bi_abs) {
    ARGS(1, 1);
    LsValue v = argv[0];
    if (LS_IS_FLOAT(v)) { *out = LS_FLOAT(fabs(v.u.f)); return LS_NAT_OK; }
    if (is_intlike(v)) {
        int64_t x = as_int(v);
        if (x == INT64_MIN) return ls_vm_raisef(vm, vm->types.e_OverflowError, "integer overflow: loopscope ints are 64-bit");
        *out = LS_INT(x < 0 ? -x : x);
        return LS_NAT_OK;
    }
    return ls_vm_raisef(vm, vm->types.e_TypeError, "bad operand type for abs(): '%s'", ls_type_name(vm, v));
}

NAT(bi_round) {
    static const char *const allowed[] = {"ndigits", NULL};
    if (only_kw(vm, self, kw, allowed) != LS_NAT_OK) return LS_NAT_ERR;
    if (argc < 1 || argc > 2) return ls_vm_raisef(vm, vm->types.e_TypeError, "round() takes at most 2 arguments (%u given)", argc);
    LsValue nd = argc == 2 ? argv[1] : kwarg(kw, "ndigits");
    bool has = !LS_IS_UNDEF(nd) && !LS_IS_NONE(nd);
    LsNumErr err = {0};
    LsValue v = argv[0];
    if (LS_IS_FLOAT(v)) {
        if (!has) {
            int64_t r;
            if (!ls_num_round_float_to_int(v.u.f, &r, &err)) return ls_vm_raise_num(vm, &err);
            *out = LS_INT(r);
        } else {
            double r;
            if (!ls_num_round_float(v.u.f, as_int(nd), &r, &err)) return ls_vm_raise_num(vm, &err);
            *out = LS_FLOAT(r);
        }
        return LS_NAT_OK;
    }
    if (is_intlike(v)) {
        int64_t r = as_int(v);
        if (has && !ls_num_round_int(r, as_int(nd), &r, &err)) return ls_vm_raise_num(vm, &err);
        *out = LS_INT(r);
        return LS_NAT_OK;
    }
    return ls_vm_raisef(vm, vm->types.e_TypeError, "type %s doesn't define __round__ method", ls_type_name(vm, v));
}

/* Insertion-stable merge sort with Python's < (sorted is stable). */
static int merge_sort(LsVm *vm, LsValue *a, LsValue *tmp, uint32_t n, bool rev) {
    if (n < 2) return 0;
    uint32_t h = n / 2;
    if (merge_sort(vm, a, tmp, h, rev) < 0 || merge_sort(vm, a + h, tmp, n - h, rev) < 0) return -1;
    uint32_t i = 0, j = h, k = 0;
    while (i < h && j < n) {
        bool lt;
        if (rev ? ls_less(vm, a[i], a[j], &lt) < 0 : ls_less(vm, a[j], a[i], &lt) < 0) return -1;
        tmp[k++] = lt ? a[j++] : a[i++];
    }
    while (i < h) tmp[k++] = a[i++];
    while (j < n) tmp[k++] = a[j++];
    LS_MEMCPY(a, tmp, n * sizeof(LsValue));
    return 0;
}

static int sort_list(LsVm *vm, LsList *l, bool rev) {
    LsValue *tmp = ls_mem_alloc(vm->mem, (l->n + 1) * sizeof(LsValue));
    if (!tmp) return ls_vm_oom(vm);
    int r = merge_sort(vm, l->items, tmp, l->n, rev);
    ls_mem_free(vm->mem, tmp, (l->n + 1) * sizeof(LsValue));
    return r < 0 ? LS_NAT_ERR : LS_NAT_OK;
}

NAT(bi_sorted) {
    static const char *const allowed[] = {"reverse", NULL};
    if (only_kw(vm, self, kw, allowed) != LS_NAT_OK) return LS_NAT_ERR;
    DRAIN_IF_GEN(0);
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "sorted expected 1 argument, got %u", argc);
    LsList *src = to_list(vm, argv[0]);
    if (!src) return LS_NAT_ERR;
    LsValue rev = kwarg(kw, "reverse");
    if (sort_list(vm, src, !LS_IS_UNDEF(rev) && ls_truthy(vm, rev)) != LS_NAT_OK) return LS_NAT_ERR;
    *out = LS_OBJ(src);
    return LS_NAT_OK;
}

NAT(bi_isinstance) {
    ARGS(2, 2);
    LsValue t = argv[1];
    if (LS_IS_KIND(t, TUPLE)) {
        for (uint32_t i = 0; i < AS_TUPLE(t)->n; i++) {
            LsValue ti = AS_TUPLE(t)->items[i];
            if (!LS_IS_KIND(ti, TYPE)) return ls_vm_raisef(vm, vm->types.e_TypeError, "isinstance() arg 2 must be a type, a tuple of types, or a union");
            if (ls_isinstance(vm, argv[0], AS_TYPE(ti))) { *out = LS_BOOL(true); return LS_NAT_OK; }
        }
        *out = LS_BOOL(false);
        return LS_NAT_OK;
    }
    if (!LS_IS_KIND(t, TYPE)) return ls_vm_raisef(vm, vm->types.e_TypeError, "isinstance() arg 2 must be a type, a tuple of types, or a union");
    *out = LS_BOOL(ls_isinstance(vm, argv[0], AS_TYPE(t)));
    return LS_NAT_OK;
}

NAT(bi_type) {
    ARGS(1, 1);
    *out = LS_OBJ(ls_type_of(vm, argv[0]));
    return LS_NAT_OK;
}

static int any_all(LsVm *vm, LsValue self, uint32_t argc, const LsValue *argv, const LsKwargs *kw, LsValue *out, bool any) {
    ARGS(1, 1);
    DRAIN_IF_GEN(0);
    LsList *l = to_list(vm, argv[0]);
    if (!l) return LS_NAT_ERR;
    for (uint32_t i = 0; i < l->n; i++)
        if (ls_truthy(vm, l->items[i]) == any) { *out = LS_BOOL(any); return LS_NAT_OK; }
    *out = LS_BOOL(!any);
    return LS_NAT_OK;
}
NAT(bi_any) { return any_all(vm, self, argc, argv, kw, out, true); }
NAT(bi_all) { return any_all(vm, self, argc, argv, kw, out, false); }

NAT(bi_divmod) {
    ARGS(2, 2);
    LsValue q, r;
    if (ls_binary_op(vm, LS_BINOP_FLOORDIV, argv[0], argv[1], &q) < 0) return LS_NAT_ERR;
    if (ls_binary_op(vm, LS_BINOP_MOD, argv[0], argv[1], &r) < 0) return LS_NAT_ERR;
    LsTuple *t = ls_tuple_new(vm, 2);
    if (!t) return ls_vm_oom(vm);
    t->items[0] = q;
    t->items[1] = r;
    *out = LS_OBJ(t);
    return LS_NAT_OK;
}

NAT(bi_ord) {
    ARGS(1, 1);
    if (!LS_IS_KIND(argv[0], STR) || AS_STR(argv[0])->nchars != 1)
        return ls_vm_raisef(vm, vm->types.e_TypeError, "ord() expected a character");
    const unsigned char *s = (const unsigned char *)AS_STR(argv[0])->data;
    uint32_t c = s[0];
    if (c >= 0xF0) c = ((c & 7u) << 18) | ((s[1] & 63u) << 12) | ((s[2] & 63u) << 6) | (s[3] & 63u);
    else if (c >= 0xE0) c = ((c & 15u) << 12) | ((s[1] & 63u) << 6) | (s[2] & 63u);
    else if (c >= 0xC0) c = ((c & 31u) << 6) | (s[1] & 63u);
    *out = LS_INT(c);
    return LS_NAT_OK;
}

NAT(bi_chr) {
    ARGS(1, 1);
    if (!is_intlike(argv[0])) return ls_vm_raisef(vm, vm->types.e_TypeError, "an integer is required");
    int64_t c = as_int(argv[0]);
    if (c < 0 || c > 0x10FFFF) return ls_vm_raisef(vm, vm->types.e_ValueError, "chr() arg not in range(0x110000)");
    char b[4];
    size_t n;
    if (c < 0x80) { b[0] = (char)c; n = 1; }
    else if (c < 0x800) { b[0] = (char)(0xC0 | (c >> 6)); b[1] = (char)(0x80 | (c & 63)); n = 2; }
    else if (c < 0x10000) { b[0] = (char)(0xE0 | (c >> 12)); b[1] = (char)(0x80 | ((c >> 6) & 63)); b[2] = (char)(0x80 | (c & 63)); n = 3; }
    else { b[0] = (char)(0xF0 | (c >> 18)); b[1] = (char)(0x80 | ((c >> 12) & 63)); b[2] = (char)(0x80 | ((c >> 6) & 63)); b[3] = (char)(0x80 | (c & 63)); n = 4; }
    LsStr *s = ls_str_new(vm, b, n);
    if (!s) return ls_vm_oom(vm);
    *out = LS_OBJ(s);
    return LS_NAT_OK;
}

NAT(bi_format) {
    ARGS(1, 2);
    if (argc == 2 && !LS_IS_KIND(argv[1], STR))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "format() argument 2 must be str, not %s", ls_type_name(vm, argv[1]));
    LsBuf b;
    ls_buf_init(&b);
    const char *sp = argc == 2 ? AS_STR(argv[1])->data : "";
    if (ls_format(vm, argv[0], sp, argc == 2 ? AS_STR(argv[1])->len : 0, &b) < 0) {
        ls_buf_fini(&b);
        return LS_NAT_ERR;
    }
    return ret_buf(vm, &b, out);
}

NAT(bi_exc_new) {
    /* BaseException.__new__: self is the class being called. */
    static const char *const none[] = {NULL};
    if (only_kw(vm, self, kw, none) != LS_NAT_OK) return LS_NAT_ERR;
    LsTuple *args = ls_tuple_new(vm, argc);
    if (!args) return ls_vm_oom(vm);
    LS_MEMCPY(args->items, argv, argc * sizeof(LsValue));
    *out = ls_vm_new_exc_args(vm, AS_TYPE(self), args);
    return LS_IS_NONE(*out) ? ls_vm_oom(vm) : LS_NAT_OK;
}

#define CTOR(fn) NAT(fn##_new) { (void)self; return fn(vm, self, argc, argv, kw, out); }
CTOR(bi_str) CTOR(bi_int) CTOR(bi_float) CTOR(bi_bool) CTOR(bi_list) CTOR(bi_tuple) CTOR(bi_dict) CTOR(bi_set) CTOR(bi_range)

/* ---- str methods ------------------------------------------------------------ */

#define SELF_STR AS_STR(self)

NAT(str_join) {
    ARGS(1, 1);
    DRAIN_IF_GEN(0);
    LsList *l = to_list(vm, argv[0]);
    if (!l) return LS_NAT_ERR;
    LsBuf b;
    ls_buf_init(&b);
    for (uint32_t i = 0; i < l->n; i++) {
        if (!LS_IS_KIND(l->items[i], STR)) {
            ls_buf_fini(&b);
            return ls_vm_raisef(vm, vm->types.e_TypeError, "sequence item %u: expected str instance, %s found", i, ls_type_name(vm, l->items[i]));
        }
        if (i) ls_buf_append(&b, SELF_STR->data, SELF_STR->len);
        ls_buf_append(&b, AS_STR(l->items[i])->data, AS_STR(l->items[i])->len);
    }
    return ret_buf(vm, &b, out);
}

static int str_case(LsVm *vm, LsValue self, LsValue *out, int mode) {
    LsBuf b;
    ls_buf_init(&b);
    ls_buf_append(&b, SELF_STR->data, SELF_STR->len);
    for (size_t i = 0; i < b.len; i++) {
        char c = b.data[i];
        if (mode == 0 && c >= 'a' && c <= 'z') b.data[i] = (char)(c - 32);
        if (mode == 1 && c >= 'A' && c <= 'Z') b.data[i] = (char)(c + 32);
        if (mode == 2) {
            if (i == 0 && c >= 'a' && c <= 'z') b.data[i] = (char)(c - 32);
            if (i > 0 && c >= 'A' && c <= 'Z') b.data[i] = (char)(c + 32);
        }
    }
    return ret_buf(vm, &b, out);
}
NAT(str_upper) { ARGS(0, 0); return str_case(vm, self, out, 0); }
NAT(str_lower) { ARGS(0, 0); return str_case(vm, self, out, 1); }
NAT(str_capitalize) { ARGS(0, 0); return str_case(vm, self, out, 2); }

static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

static int str_strip_impl(LsVm *vm, LsValue self, uint32_t argc, const LsValue *argv, LsValue *out, bool l, bool r) {
    const char *s = SELF_STR->data;
    size_t a = 0, e = SELF_STR->len;
    const char *chars = argc && LS_IS_KIND(argv[0], STR) ? AS_STR(argv[0])->data : NULL;
    #define STRIPPABLE(c) (chars ? strchr(chars, (c)) != NULL && (c) != 0 : is_ws(c))
    if (l) while (a < e && STRIPPABLE(s[a])) a++;
    if (r) while (e > a && STRIPPABLE(s[e - 1])) e--;
    #undef STRIPPABLE
    LsStr *res = ls_str_new(vm, s + a, e - a);
    if (!res) return ls_vm_oom(vm);
    *out = LS_OBJ(res);
    return LS_NAT_OK;
}
NAT(str_strip) { ARGS(0, 1); return str_strip_impl(vm, self, argc, argv, out, true, true); }
NAT(str_lstrip) { ARGS(0, 1); return str_strip_impl(vm, self, argc, argv, out, true, false); }
NAT(str_rstrip) { ARGS(0, 1); return str_strip_impl(vm, self, argc, argv, out, false, true); }

NAT(str_split) {
    static const char *const allowed[] = {"sep", "maxsplit", NULL};
    if (only_kw(vm, self, kw, allowed) != LS_NAT_OK) return LS_NAT_ERR;
    LsValue sep = argc >= 1 ? argv[0] : kwarg(kw, "sep");
    LsValue mx = argc >= 2 ? argv[1] : kwarg(kw, "maxsplit");
    int64_t maxsplit = LS_IS_UNDEF(mx) ? -1 : as_int(mx);
    LsList *l = ls_list_new(vm, 0);
    if (!l) return ls_vm_oom(vm);
    const char *s = SELF_STR->data;
    size_t n = SELF_STR->len, i = 0;
    if (LS_IS_UNDEF(sep) || LS_IS_NONE(sep)) {
        while (i < n) {
            while (i < n && is_ws(s[i])) i++;
            if (i >= n) break;
            size_t st = i;
            if (maxsplit >= 0 && (int64_t)l->n >= maxsplit) {
                size_t e = n;
                while (e > st && is_ws(s[e - 1])) e--;
                i = e;
            } else {
                while (i < n && !is_ws(s[i])) i++;
            }
            LsStr *p = ls_str_new(vm, s + st, i - st);
            if (!p || !ls_list_append(vm, l, LS_OBJ(p))) return ls_vm_oom(vm);
        }
    } else {
        if (!LS_IS_KIND(sep, STR)) return ls_vm_raisef(vm, vm->types.e_TypeError, "must be str or None, not %s", ls_type_name(vm, sep));
        LsStr *sp = AS_STR(sep);
        if (sp->len == 0) return ls_vm_raisef(vm, vm->types.e_ValueError, "empty separator");
        size_t st = 0;
        while (true) {
            const char *hit = (maxsplit < 0 || (int64_t)l->n < maxsplit) ? memmem(s + st, n - st, sp->data, sp->len) : NULL;
            size_t e = hit ? (size_t)(hit - s) : n;
            LsStr *p = ls_str_new(vm, s + st, e - st);
            if (!p || !ls_list_append(vm, l, LS_OBJ(p))) return ls_vm_oom(vm);
            if (!hit) break;
            st = e + sp->len;
        }
    }
    *out = LS_OBJ(l);
    return LS_NAT_OK;
}

static int str_affix(LsVm *vm, LsValue self, uint32_t argc, const LsValue *argv, LsValue *out, bool start) {
    LsValue a = argv[0];
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "expected 1 argument");
    const LsValue *opts = &a;
    uint32_t n = 1;
    if (LS_IS_KIND(a, TUPLE)) { opts = AS_TUPLE(a)->items; n = AS_TUPLE(a)->n; }
    for (uint32_t i = 0; i < n; i++) {
        if (!LS_IS_KIND(opts[i], STR)) return ls_vm_raisef(vm, vm->types.e_TypeError, "%s first arg must be str or a tuple of str, not %s", start ? "startswith" : "endswith", ls_type_name(vm, opts[i]));
        LsStr *p = AS_STR(opts[i]);
        if (p->len <= SELF_STR->len &&
            memcmp(SELF_STR->data + (start ? 0 : SELF_STR->len - p->len), p->data, p->len) == 0) {
            *out = LS_BOOL(true);
            return LS_NAT_OK;
        }
    }
    *out = LS_BOOL(false);
    return LS_NAT_OK;
}
NAT(str_startswith) { (void)kw; return str_affix(vm, self, argc, argv, out, true); }
NAT(str_endswith) { (void)kw; return str_affix(vm, self, argc, argv, out, false); }

NAT(str_replace) {
    ARGS(2, 3);
    if (!LS_IS_KIND(argv[0], STR) || !LS_IS_KIND(argv[1], STR)) return ls_vm_raisef(vm, vm->types.e_TypeError, "replace() argument must be str");
    LsStr *old = AS_STR(argv[0]), *nw = AS_STR(argv[1]);
    int64_t count = argc == 3 ? as_int(argv[2]) : -1;
    LsBuf b;
    ls_buf_init(&b);
    const char *s = SELF_STR->data;
    size_t n = SELF_STR->len, i = 0;
    if (old->len == 0) {
        ls_buf_append(&b, s, n);
        return ret_buf(vm, &b, out);
    }
    while (i < n) {
        const char *hit = count != 0 ? memmem(s + i, n - i, old->data, old->len) : NULL;
        if (!hit) break;
        ls_buf_append(&b, s + i, (size_t)(hit - (s + i)));
        ls_buf_append(&b, nw->data, nw->len);
        i = (size_t)(hit - s) + old->len;
        if (count > 0) count--;
    }
    ls_buf_append(&b, s + i, n - i);
    return ret_buf(vm, &b, out);
}

NAT(str_find) {
    ARGS(1, 1);
    if (!LS_IS_KIND(argv[0], STR)) return ls_vm_raisef(vm, vm->types.e_TypeError, "must be str, not %s", ls_type_name(vm, argv[0]));
    LsStr *p = AS_STR(argv[0]);
    const char *hit = memmem(SELF_STR->data, SELF_STR->len, p->data, p->len);
    if (!hit) { *out = LS_INT(-1); return LS_NAT_OK; }
    int64_t chars = 0;
    for (const char *c = SELF_STR->data; c < hit; c++) if (((unsigned char)*c & 0xC0) != 0x80) chars++;
    *out = LS_INT(chars);
    return LS_NAT_OK;
}

NAT(str_count) {
    ARGS(1, 1);
    if (!LS_IS_KIND(argv[0], STR)) return ls_vm_raisef(vm, vm->types.e_TypeError, "must be str, not %s", ls_type_name(vm, argv[0]));
    LsStr *p = AS_STR(argv[0]);
    int64_t c = 0;
    if (p->len == 0) { *out = LS_INT(SELF_STR->nchars + 1); return LS_NAT_OK; }
    const char *s = SELF_STR->data, *e = s + SELF_STR->len;
    while (s < e) {
        const char *hit = memmem(s, (size_t)(e - s), p->data, p->len);
        if (!hit) break;
        c++;
        s = hit + p->len;
    }
    *out = LS_INT(c);
    return LS_NAT_OK;
}

static int str_pad(LsVm *vm, LsValue self, uint32_t argc, const LsValue *argv, LsValue *out, int align) {
    if (argc < 1 || !is_intlike(argv[0])) return ls_vm_raisef(vm, vm->types.e_TypeError, "an integer is required");
    int64_t w = as_int(argv[0]);
    const char *fill = argc == 2 && LS_IS_KIND(argv[1], STR) ? AS_STR(argv[1])->data : " ";
    size_t fl = strlen(fill);
    int64_t pad = w - (int64_t)SELF_STR->nchars;
    LsBuf b;
    ls_buf_init(&b);
    int64_t left = pad <= 0 ? 0 : align == 0 ? 0 : align == 2 ? pad : pad / 2 + (pad & w & 1);
    int64_t right = pad <= 0 ? 0 : pad - left;
    for (int64_t i = 0; i < left; i++) ls_buf_append(&b, fill, fl);
    ls_buf_append(&b, SELF_STR->data, SELF_STR->len);
    for (int64_t i = 0; i < right; i++) ls_buf_append(&b, fill, fl);
    return ret_buf(vm, &b, out);
}
NAT(str_ljust) { (void)kw; return str_pad(vm, self, argc, argv, out, 0); }
NAT(str_center) { (void)kw; return str_pad(vm, self, argc, argv, out, 1); }
NAT(str_rjust) { (void)kw; return str_pad(vm, self, argc, argv, out, 2); }

NAT(str_isdigit) {
    ARGS(0, 0);
    bool r = SELF_STR->len > 0;
    for (uint32_t i = 0; i < SELF_STR->len; i++) r &= SELF_STR->data[i] >= '0' && SELF_STR->data[i] <= '9';
    *out = LS_BOOL(r);
    return LS_NAT_OK;
}

/* ---- list methods ------------------------------------------------------------ */

#define SELF_LIST AS_LIST(self)

NAT(list_append) {
    ARGS(1, 1);
    if (!ls_list_append(vm, SELF_LIST, argv[0])) return ls_vm_oom(vm);
    *out = LS_NONE;
    return LS_NAT_OK;
}

NAT(list_extend) {
    ARGS(1, 1);
    DRAIN_IF_GEN(0);
    LsList *src = to_list(vm, argv[0]);
    if (!src) return LS_NAT_ERR;
    for (uint32_t i = 0; i < src->n; i++)
        if (!ls_list_append(vm, SELF_LIST, src->items[i])) return ls_vm_oom(vm);
    *out = LS_NONE;
    return LS_NAT_OK;
}

NAT(list_pop) {
    ARGS(0, 1);
    LsList *l = SELF_LIST;
    if (l->n == 0) return ls_vm_raisef(vm, vm->types.e_IndexError, "pop from empty list");
    int64_t i = argc ? as_int(argv[0]) : (int64_t)l->n - 1;
    if (i < 0) i += l->n;
    if (i < 0 || i >= l->n) return ls_vm_raisef(vm, vm->types.e_IndexError, "pop index out of range");
    *out = l->items[i];
    LS_MEMMOVE(l->items + i, l->items + i + 1, (l->n - i - 1) * sizeof(LsValue));
    l->n--;
    return LS_NAT_OK;
}

NAT(list_insert) {
    ARGS(2, 2);
    LsList *l = SELF_LIST;
    int64_t i = as_int(argv[0]);
    if (i < 0) { i += l->n; if (i < 0) i = 0; }
    if (i > l->n) i = l->n;
    if (!ls_list_append(vm, l, LS_NONE)) return ls_vm_oom(vm);
    LS_MEMMOVE(l->items + i + 1, l->items + i, (l->n - 1 - i) * sizeof(LsValue));
    l->items[i] = argv[1];
    *out = LS_NONE;
    return LS_NAT_OK;
}

static int list_find(LsVm *vm, LsList *l, LsValue x, int64_t *at) {
    for (uint32_t i = 0; i < l->n; i++) {
        bool eq;
        if (ls_equal(vm, l->items[i], x, &eq) < 0) return -1;
        if (eq) { *at = i; return 0; }
    }
    *at = -1;
    return 0;
}

NAT(list_remove) {
    ARGS(1, 1);
    int64_t at;
    if (list_find(vm, SELF_LIST, argv[0], &at) < 0) return LS_NAT_ERR;
    if (at < 0) return ls_vm_raisef(vm, vm->types.e_ValueError, "list.remove(x): x not in list");
    LsList *l = SELF_LIST;
    LS_MEMMOVE(l->items + at, l->items + at + 1, (l->n - at - 1) * sizeof(LsValue));
    l->n--;
    *out = LS_NONE;
    return LS_NAT_OK;
}

NAT(list_index) {
    ARGS(1, 1);
    int64_t at;
    const LsValue *items = LS_IS_KIND(self, LIST) ? AS_LIST(self)->items : AS_TUPLE(self)->items;
    uint32_t n = LS_IS_KIND(self, LIST) ? AS_LIST(self)->n : AS_TUPLE(self)->n;
    LsList tmp = {.items = (LsValue *)items, .n = n};
    if (list_find(vm, &tmp, argv[0], &at) < 0) return LS_NAT_ERR;
    if (at < 0) {
        LsBuf b;
        ls_buf_init(&b);
        ls_repr(vm, argv[0], &b);
        int r = LS_IS_KIND(self, LIST) ? ls_vm_raisef(vm, vm->types.e_ValueError, "%s is not in list", ls_buf_cstr(&b))
                                       : ls_vm_raisef(vm, vm->types.e_ValueError, "tuple.index(x): x not in tuple");
        ls_buf_fini(&b);
        return r;
    }
    *out = LS_INT(at);
    return LS_NAT_OK;
}

NAT(list_count) {
    ARGS(1, 1);
    const LsValue *items = LS_IS_KIND(self, LIST) ? AS_LIST(self)->items : AS_TUPLE(self)->items;
    uint32_t n = LS_IS_KIND(self, LIST) ? AS_LIST(self)->n : AS_TUPLE(self)->n;
    int64_t c = 0;
    for (uint32_t i = 0; i < n; i++) {
        bool eq;
        if (ls_equal(vm, items[i], argv[0], &eq) < 0) return LS_NAT_ERR;
        c += eq;
    }
    *out = LS_INT(c);
    return LS_NAT_OK;
}

NAT(list_reverse) {
    ARGS(0, 0);
    LsList *l = SELF_LIST;
    for (uint32_t i = 0; i < l->n / 2; i++) {
        LsValue t = l->items[i];
        l->items[i] = l->items[l->n - 1 - i];
        l->items[l->n - 1 - i] = t;
    }
    *out = LS_NONE;
    return LS_NAT_OK;
}

NAT(list_sort) {
    static const char *const allowed[] = {"reverse", NULL};
    if (only_kw(vm, self, kw, allowed) != LS_NAT_OK) return LS_NAT_ERR;
    if (argc) return ls_vm_raisef(vm, vm->types.e_TypeError, "sort() takes no positional arguments");
    LsValue rev = kwarg(kw, "reverse");
    if (sort_list(vm, SELF_LIST, !LS_IS_UNDEF(rev) && ls_truthy(vm, rev)) != LS_NAT_OK) return LS_NAT_ERR;
    *out = LS_NONE;
    return LS_NAT_OK;
}

NAT(list_copy) {
    ARGS(0, 0);
    LsList *l = ls_list_new(vm, SELF_LIST->n);
    if (!l) return ls_vm_oom(vm);
    LS_MEMCPY(l->items, SELF_LIST->items, SELF_LIST->n * sizeof(LsValue));
    l->n = SELF_LIST->n;
    *out = LS_OBJ(l);
    return LS_NAT_OK;
}

NAT(list_clear) {
    ARGS(0, 0);
    SELF_LIST->n = 0;
    *out = LS_NONE;
    return LS_NAT_OK;
}

/* ---- dict methods ------------------------------------------------------------ */

#define SELF_DICT AS_DICT(self)

NAT(dict_get) {
    ARGS(1, 2);
    int r = ls_dict_get(vm, SELF_DICT, argv[0], out);
    if (r < 0) return LS_NAT_ERR;
    if (r == 0) *out = argc == 2 ? argv[1] : LS_NONE;
    return LS_NAT_OK;
}

static int dict_view(LsVm *vm, LsValue self, LsValue *out, LsIterKind kind) {
    /* Views are materialised as lists of the current contents, which is
     * what teaching programs observe (iteration, len, in, list()). */
    LsDict *d = SELF_DICT;
    LsList *l = ls_list_new(vm, d->n_used);
    if (!l) return ls_vm_oom(vm);
    for (uint32_t i = 0; i < d->n_entries; i++) {
        LsDictEntry *e = &d->entries[i];
        if (LS_IS_UNDEF(e->key)) continue;
        LsValue v = kind == LS_IT_DICT_KEYS ? e->key : e->value;
        if (kind == LS_IT_DICT_ITEMS) {
            LsTuple *t = ls_tuple_new(vm, 2);
            if (!t) return ls_vm_oom(vm);
            t->items[0] = e->key;
            t->items[1] = e->value;
            v = LS_OBJ(t);
        }
        l->items[l->n++] = v;
    }
    *out = LS_OBJ(l);
    return LS_NAT_OK;
}
NAT(dict_keys) { ARGS(0, 0); return dict_view(vm, self, out, LS_IT_DICT_KEYS); }
NAT(dict_values) { ARGS(0, 0); return dict_view(vm, self, out, LS_IT_DICT_VALUES); }
NAT(dict_items) { ARGS(0, 0); return dict_view(vm, self, out, LS_IT_DICT_ITEMS); }

NAT(dict_pop) {
    ARGS(1, 2);
    int r = ls_dict_get(vm, SELF_DICT, argv[0], out);
    if (r < 0) return LS_NAT_ERR;
    if (r == 0) {
        if (argc == 2) { *out = argv[1]; return LS_NAT_OK; }
        LsTuple *t = ls_tuple_new(vm, 1);
        if (!t) return ls_vm_oom(vm);
        t->items[0] = argv[0];
        return ls_vm_raise(vm, ls_vm_new_exc_args(vm, vm->types.e_KeyError, t));
    }
    return ls_dict_del(vm, SELF_DICT, argv[0]) < 0 ? LS_NAT_ERR : LS_NAT_OK;
}

NAT(dict_setdefault) {
    ARGS(1, 2);
    int r = ls_dict_get(vm, SELF_DICT, argv[0], out);
    if (r < 0) return LS_NAT_ERR;
    if (r == 0) {
        *out = argc == 2 ? argv[1] : LS_NONE;
        if (ls_dict_set(vm, SELF_DICT, argv[0], *out) < 0) return LS_NAT_ERR;
    }
    return LS_NAT_OK;
}

NAT(dict_update) {
    (void)kw;
    ARGS(1, 1);
    if (!LS_IS_KIND(argv[0], DICT)) return ls_vm_raisef(vm, vm->types.e_TypeError, "dict.update() needs a dict here");
    LsDict *s = AS_DICT(argv[0]);
    for (uint32_t i = 0; i < s->n_entries; i++)
        if (!LS_IS_UNDEF(s->entries[i].key) && ls_dict_set(vm, SELF_DICT, s->entries[i].key, s->entries[i].value) < 0) return LS_NAT_ERR;
    *out = LS_NONE;
    return LS_NAT_OK;
}

NAT(dict_copy) {
    ARGS(0, 0);
    LsDict *d = ls_dict_new(vm);
    if (!d) return ls_vm_oom(vm);
    LsDict *s = SELF_DICT;
    for (uint32_t i = 0; i < s->n_entries; i++)
        if (!LS_IS_UNDEF(s->entries[i].key) && ls_dict_set(vm, d, s->entries[i].key, s->entries[i].value) < 0) return LS_NAT_ERR;
    *out = LS_OBJ(d);
    return LS_NAT_OK;
}

NAT(set_add) {
    ARGS(1, 1);
    if (ls_dict_set(vm, SELF_DICT, argv[0], LS_NONE) < 0) return LS_NAT_ERR;
    *out = LS_NONE;
    return LS_NAT_OK;
}

/* ---- init ------------------------------------------------------------------------ */

typedef struct { const char *name; LsNativeFn fn; } Entry;

static bool add_methods(LsVm *vm, LsType *t, const Entry *e) {
    for (; e->name; e++)
        if (!ls_type_add_method(vm, t, e->name, e->fn)) return false;
    return true;
}


void ls_vm_fini(LsVm *vm) {
    if (!vm) return;
    ls_gc_free_all(vm);
    ls_mem_free(vm->mem, vm->tmp_roots, vm->cap_tmp * sizeof(LsValue));
    ls_buf_fini(&vm->scratch);
}

bool ls_vm_init(LsVm *vm, LsMem *mem, const LsVmHost *host) {
    memset(vm, 0, sizeof *vm);
    vm->mem = mem;
    if (host) vm->host = *host;
    vm->exc = LS_NONE;
    vm->gc_next = 2u << 20;
    vm->max_depth = 200;
    ls_buf_init(&vm->scratch);
    vm->interned = ls_dict_new(vm);
    vm->builtins = ls_dict_new(vm);
    vm->modules = ls_dict_new(vm);
    if (!vm->interned || !vm->builtins || !vm->modules) return false;
    LsVmTypes *T = &vm->types;
    T->t_object = ls_type_new(vm, "object", NULL, 0);
    if (!T->t_object) return false;
#define MK_TYPE(name) \
    if (!T->t_##name && !(T->t_##name = ls_type_new(vm, #name, T->t_object, 0))) return false;
    LS_BUILTIN_TYPE_LIST(MK_TYPE)
#undef MK_TYPE
    T->t_builtin_function->name = ls_str_intern(vm, "builtin_function_or_method", 26);
    T->t_NoneType->name = ls_str_intern(vm, "NoneType", 8);
    T->t_bool->base = T->t_int;
    /* Each class gets a local named like its field, so the list's `base`
     * column (an earlier entry, or `object`) names the local directly. */
    LsType *e_object = T->t_object;
#define MK_EXC(name, base) \
    LsType *e_##name = T->e_##name = ls_type_new(vm, #name, e_##base, LS_TYPE_EXCEPTION); \
    if (!e_##name) return false;
    LS_EXC_TYPE_LIST(MK_EXC)
#undef MK_EXC
    if (!ls_type_add_method(vm, T->e_BaseException, "__new__", bi_exc_new)) return false;
    static const Entry ctors[] = {{"str", bi_str_new}, {"int", bi_int_new}, {"float", bi_float_new},
        {"bool", bi_bool_new}, {"list", bi_list_new}, {"tuple", bi_tuple_new}, {"dict", bi_dict_new},
        {"set", bi_set_new}, {"range", bi_range_new}, {NULL, NULL}};
    LsType *ctor_types[] = {T->t_str, T->t_int, T->t_float, T->t_bool, T->t_list, T->t_tuple, T->t_dict, T->t_set, T->t_range};
    for (int i = 0; ctors[i].name; i++) {
        if (!ls_type_add_method(vm, ctor_types[i], "__new__", ctors[i].fn)) return false;
        if (!ls_dict_set_str(vm, vm->builtins, ctors[i].name, LS_OBJ(ctor_types[i]))) return false;
    }
    static const Entry fns[] = {{"print", bi_print}, {"len", bi_len}, {"repr", bi_repr},
        {"enumerate", bi_enumerate}, {"zip", bi_zip}, {"reversed", bi_reversed}, {"sum", bi_sum},
        {"min", bi_min}, {"max", bi_max}, {"abs", bi_abs}, {"round", bi_round}, {"sorted", bi_sorted},
        {"isinstance", bi_isinstance}, {"type", bi_type}, {"any", bi_any}, {"all", bi_all},
        {"divmod", bi_divmod}, {"ord", bi_ord}, {"chr", bi_chr}, {"format", bi_format}, {NULL, NULL}};
    for (const Entry *e = fns; e->name; e++) {
        LsNative *n = ls_native_new(vm, e->name, e->fn);
        if (!n || !ls_dict_set_str(vm, vm->builtins, e->name, LS_OBJ(n))) return false;
    }
#define REG_EXC(name, base) \
    if (!ls_dict_set_str(vm, vm->builtins, #name, LS_OBJ(T->e_##name))) return false;
    LS_EXC_TYPE_LIST(REG_EXC)
#undef REG_EXC
    static const Entry str_m[] = {{"join", str_join}, {"upper", str_upper}, {"lower", str_lower},
        {"capitalize", str_capitalize}, {"strip", str_strip}, {"lstrip", str_lstrip}, {"rstrip", str_rstrip},
        {"split", str_split}, {"startswith", str_startswith}, {"endswith", str_endswith},
        {"replace", str_replace}, {"find", str_find}, {"count", str_count}, {"ljust", str_ljust},
        {"rjust", str_rjust}, {"center", str_center}, {"isdigit", str_isdigit}, {NULL, NULL}};
    static const Entry list_m[] = {{"append", list_append}, {"extend", list_extend}, {"pop", list_pop},
        {"insert", list_insert}, {"remove", list_remove}, {"index", list_index}, {"count", list_count},
        {"reverse", list_reverse}, {"sort", list_sort}, {"copy", list_copy}, {"clear", list_clear}, {NULL, NULL}};
    static const Entry tuple_m[] = {{"index", list_index}, {"count", list_count}, {NULL, NULL}};
    static const Entry dict_m[] = {{"get", dict_get}, {"keys", dict_keys}, {"values", dict_values},
        {"items", dict_items}, {"pop", dict_pop}, {"setdefault", dict_setdefault}, {"update", dict_update},
        {"copy", dict_copy}, {NULL, NULL}};
    static const Entry set_m[] = {{"add", set_add}, {NULL, NULL}};
    if (!add_methods(vm, T->t_str, str_m) || !add_methods(vm, T->t_list, list_m) ||
        !add_methods(vm, T->t_tuple, tuple_m) || !add_methods(vm, T->t_dict, dict_m) ||
        !add_methods(vm, T->t_set, set_m))
        return false;
    if (!ls_class_init(vm)) return false;
    vm->gc_enabled = true;
    return true;
}
