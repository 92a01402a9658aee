/* ls_ops — the value protocol: types of values, truth, repr/str, equality,
 * hashing, attribute lookup. Arithmetic and comparisons live in ls_arith.c. */
#include "ls_vm.h"
#include "ls_num.h"
#include "ls_builtins_int.h"
#include "ls_arith.h"

#include <math.h>
#include <string.h>

LsType *ls_type_of(LsVm *vm, LsValue v) {
    LsVmTypes *t = &vm->types;
    switch (v.tag) {
    case LS_T_NONE: return t->t_NoneType;
    case LS_T_BOOL: return t->t_bool;
    case LS_T_INT: return t->t_int;
    case LS_T_FLOAT: return t->t_float;
    case LS_T_OBJ: break;
    default: return t->t_object;
    }
    switch ((LsObjKind)v.u.o->kind) {
    case LS_OBJ_STR: return t->t_str;
    case LS_OBJ_TUPLE: return t->t_tuple;
    case LS_OBJ_LIST: return t->t_list;
    case LS_OBJ_DICT: return t->t_dict;
    case LS_OBJ_SET: return (v.u.o->flags & LS_SET_FROZEN) ? t->t_frozenset : t->t_set;
    case LS_OBJ_CODE: return t->t_code;
    case LS_OBJ_FUNCTION: return t->t_function;
    case LS_OBJ_NATIVE: return t->t_builtin_function;
    case LS_OBJ_BOUND: return t->t_method;
    case LS_OBJ_CELL: return t->t_cell;
    case LS_OBJ_CORO:
    case LS_OBJ_NCORO: {
        LsCoro *co = (LsCoro *)v.u.o;
        return co->ckind == LS_CO_GENERATOR ? t->t_generator : co->ckind == LS_CO_ASYNC_GEN ? t->t_async_generator : t->t_coroutine;
    }
    case LS_OBJ_TYPE: return t->t_type;
    case LS_OBJ_EXC: return AS_EXC(v)->type;
    case LS_OBJ_INSTANCE: return AS_INSTANCE(v)->type;
    case LS_OBJ_MODULE: return t->t_module;
    case LS_OBJ_RANGE: return t->t_range;
    case LS_OBJ_SLICE: return t->t_slice;
    case LS_OBJ_ITER: return t->t_iterator;
    case LS_OBJ__COUNT: break;
    }
    return t->t_object;
}

const char *ls_type_name(LsVm *vm, LsValue v) {
    if (LS_IS_KIND(v, ITER)) {
        switch (AS_ITER(v)->kind) {
        case LS_IT_RANGE: return "range_iterator";
        case LS_IT_ENUMERATE: return "enumerate";
        case LS_IT_ZIP: return "zip";
        case LS_IT_DICT_KEYS: return "dict_keyiterator";
        case LS_IT_DICT_VALUES: return "dict_valueiterator";
        case LS_IT_DICT_ITEMS: return "dict_itemiterator";
        case LS_IT_REVERSED: return "list_reverseiterator";
        case LS_IT_AWAIT: return LS_IS_KIND(AS_ITER(v)->src, CORO) ? "coroutine_wrapper" : "future_iterator";
        case LS_IT_VIEW_KEYS: return "dict_keys";
        case LS_IT_VIEW_VALUES: return "dict_values";
        case LS_IT_VIEW_ITEMS: return "dict_items";
        default: {
            LsValue s = AS_ITER(v)->src;
            if (LS_IS_KIND(s, STR)) return "str_ascii_iterator";
            if (LS_IS_KIND(s, TUPLE)) return "tuple_iterator";
            return "list_iterator";
        }
        }
    }
    return ls_type_of(vm, v)->name->data;
}

bool ls_is_subtype(const LsType *t, const LsType *base) {
    for (; t; t = t->base) {
        if (t == base) return true;
        if (t->base2 && ls_is_subtype(t->base2, base)) return true;
    }
    return false;
}

bool ls_isinstance(LsVm *vm, LsValue v, LsType *t) {
    if (t == vm->types.t_int && LS_IS_BOOL(v)) return true;
    if (t == vm->types.t_object) return true;
    return ls_is_subtype(ls_type_of(vm, v), t);
}

int ls_truth(LsVm *vm, LsValue v, bool *out) {
    if (v.tag == LS_T_OBJ && (v.u.o->kind == LS_OBJ_INSTANCE || v.u.o->kind == LS_OBJ_EXC)) {
        int r = ls_class_truth(vm, v, out);
        if (r != 0) return r < 0 ? -1 : 0;
    }
    *out = ls_truthy(vm, v);
    return 0;
}

bool ls_truthy(LsVm *vm, LsValue v) {
    if (v.tag == LS_T_OBJ && (v.u.o->kind == LS_OBJ_INSTANCE || v.u.o->kind == LS_OBJ_EXC)) {
        bool b;
        int r = ls_class_truth(vm, v, &b);
        if (r == 1) return b;
        if (r < 0) {
            vm->deferred_exc = vm->exc;
            return false;
        }
    }
    switch (v.tag) {
    case LS_T_NONE: return false;
    case LS_T_BOOL: return v.u.b;
    case LS_T_INT: return v.u.i != 0;
    case LS_T_FLOAT: return v.u.f != 0.0;
    case LS_T_OBJ: break;
    default: return false;
    }
    switch ((LsObjKind)v.u.o->kind) {
    case LS_OBJ_STR: return AS_STR(v)->len != 0;
    case LS_OBJ_TUPLE: return AS_TUPLE(v)->n != 0;
    case LS_OBJ_LIST: return AS_LIST(v)->n != 0;
    case LS_OBJ_DICT:
    case LS_OBJ_SET: return AS_DICT(v)->n_used != 0;
    case LS_OBJ_ITER: return !LS_IS_VIEW(v) || AS_DICT(AS_ITER(v)->src)->n_used != 0;
    case LS_OBJ_RANGE: {
        LsRange *r = AS_RANGE(v);
        return r->step > 0 ? r->start < r->stop : r->start > r->stop;
    }
    default: return true;
    }
}

/* ---- repr / str ---------------------------------------------------------- */

static int repr_seq(LsVm *vm, const LsValue *items, uint32_t n, const char *open,
                    const char *close, bool one_tuple, LsBuf *out) {
    ls_buf_puts(out, open);
    for (uint32_t i = 0; i < n; i++) {
        if (i) ls_buf_puts(out, ", ");
        if (ls_repr(vm, items[i], out) < 0) return -1;
    }
    if (one_tuple && n == 1) ls_buf_putc(out, ',');
    ls_buf_puts(out, close);
    return 0;
}

static void repr_code_owner(LsBuf *out, const char *what, LsStr *qualname) {
    ls_buf_printf(out, "<%s %s at 0x0000>", what, qualname ? qualname->data : "?");
}

/* functools.partial objects are natives marked by their qualname (see
 * ls_rt_stdmods.c); data = (func, args tuple, keywords dict). */
static bool is_partial(const LsNative *n) { return n->qualname && strcmp(n->qualname, "functools.partial") == 0; }

static int repr_partial(LsVm *vm, LsNative *n, LsBuf *out) {
    LsTuple *st = AS_TUPLE(n->data);
    ls_buf_puts(out, "functools.partial(");
    if (ls_repr(vm, st->items[0], out) < 0) return -1;
    LsTuple *args = AS_TUPLE(st->items[1]);
    for (uint32_t i = 0; i < args->n; i++) {
        ls_buf_puts(out, ", ");
        if (ls_repr(vm, args->items[i], out) < 0) return -1;
    }
    LsDict *kw = AS_DICT(st->items[2]);
    for (uint32_t i = 0; i < kw->n_entries; i++) {
        if (LS_IS_UNDEF(kw->entries[i].key)) continue;
        ls_buf_printf(out, ", %s=", AS_STR(kw->entries[i].key)->data);
        if (ls_repr(vm, kw->entries[i].value, out) < 0) return -1;
    }
    ls_buf_putc(out, ')');
    return 0;
}

int ls_repr(LsVm *vm, LsValue v, LsBuf *out) {
    switch (v.tag) {
    case LS_T_NONE: ls_buf_puts(out, "None"); return 0;
    case LS_T_BOOL: ls_buf_puts(out, v.u.b ? "True" : "False"); return 0;
    case LS_T_INT: ls_num_int_str(v.u.i, out); return 0;
    case LS_T_FLOAT: ls_num_float_repr(v.u.f, out); return 0;
    case LS_T_OBJ: break;
    default: ls_buf_puts(out, "<undefined>"); return 0;
    }
    if (vm->depth > vm->max_depth) {
        ls_vm_raisef(vm, vm->types.e_RecursionError, "maximum recursion depth exceeded while getting the repr of an object");
        return -1;
    }
    if (v.u.o->kind == LS_OBJ_INSTANCE || v.u.o->kind == LS_OBJ_EXC) {
        int r = ls_class_repr(vm, v, out);
        if (r != 0) return r < 0 ? -1 : 0;
    }
    switch ((LsObjKind)v.u.o->kind) {
    case LS_OBJ_STR: ls_num_str_repr(AS_STR(v)->data, AS_STR(v)->len, out); return 0;
    case LS_OBJ_TUPLE: {
        vm->depth++;
        int r = repr_seq(vm, AS_TUPLE(v)->items, AS_TUPLE(v)->n, "(", ")", true, out);
        vm->depth--;
        return r;
    }
    case LS_OBJ_LIST: {
        vm->depth++;
        int r = repr_seq(vm, AS_LIST(v)->items, AS_LIST(v)->n, "[", "]", false, out);
        vm->depth--;
        return r;
    }
    case LS_OBJ_DICT:
    case LS_OBJ_SET: {
        LsDict *d = AS_DICT(v);
        bool set = v.u.o->kind == LS_OBJ_SET;
        bool frozen = set && (v.u.o->flags & LS_SET_FROZEN);
        if (set && d->n_used == 0) { ls_buf_puts(out, frozen ? "frozenset()" : "set()"); return 0; }
        if (frozen) ls_buf_puts(out, "frozenset(");
        ls_buf_putc(out, '{');
        bool first = true;
        vm->depth++;
        for (uint32_t i = 0; i < d->n_entries; i++) {
            LsDictEntry *e = &d->entries[i];
            if (LS_IS_UNDEF(e->key)) continue;
            if (!first) ls_buf_puts(out, ", ");
            first = false;
            if (ls_repr(vm, e->key, out) < 0) { vm->depth--; return -1; }
            if (!set) {
                ls_buf_puts(out, ": ");
                if (ls_repr(vm, e->value, out) < 0) { vm->depth--; return -1; }
            }
        }
        vm->depth--;
        ls_buf_putc(out, '}');
        if (frozen) ls_buf_putc(out, ')');
        return 0;
    }
    case LS_OBJ_FUNCTION: repr_code_owner(out, "function", AS_FUNCTION(v)->qualname); return 0;
    case LS_OBJ_NATIVE: {
        LsNative *n = AS_NATIVE(v);
        if (is_partial(n)) return repr_partial(vm, n, out);
        if (!LS_IS_UNDEF(n->self))
            ls_buf_printf(out, "<built-in method %s of %s object at 0x0000>", n->name, ls_type_name(vm, n->self));
        else
            ls_buf_printf(out, "<built-in function %s>", n->name);
        return 0;
    }
    case LS_OBJ_BOUND: {
        LsBound *b = AS_BOUND(v);
        ls_buf_puts(out, "<bound method ");
        if (LS_IS_KIND(b->fn, FUNCTION)) ls_buf_puts(out, AS_FUNCTION(b->fn)->qualname->data);
        ls_buf_puts(out, " of ");
        if (ls_repr(vm, b->self, out) < 0) return -1;
        ls_buf_putc(out, '>');
        return 0;
    }
    case LS_OBJ_CORO:
    case LS_OBJ_NCORO: {
        LsCoro *co = (LsCoro *)v.u.o;
        repr_code_owner(out, co->ckind == LS_CO_GENERATOR ? "generator object" : co->ckind == LS_CO_ASYNC_GEN ? "async_generator object" : "coroutine object", co->qualname);
        return 0;
    }
    case LS_OBJ_TYPE: {
        LsType *t = AS_TYPE(v);
        const char *n = t->qualname ? t->qualname->data : t->name->data;
        if (strcmp(t->module, "builtins") == 0) ls_buf_printf(out, "<class '%s'>", n);
        else ls_buf_printf(out, "<class '%s.%s'>", t->module, n);
        return 0;
    }
    case LS_OBJ_EXC: {
        LsExc *e = AS_EXC(v);
        ls_buf_puts(out, e->type->name->data);
        if (e->args && e->args->n == 1) {
            ls_buf_putc(out, '(');
            if (ls_repr(vm, e->args->items[0], out) < 0) return -1;
            ls_buf_putc(out, ')');
            return 0;
        }
        if (!e->args) { ls_buf_puts(out, "()"); return 0; }
        return repr_seq(vm, e->args->items, e->args->n, "(", ")", false, out);
    }
    case LS_OBJ_INSTANCE: {
        LsInstance *in = AS_INSTANCE(v);
        LsValue m = ls_dict_get_str(in->type->methods, "__repr__");
        if (LS_IS_KIND(m, NATIVE)) {
            LsValue r;
            if (AS_NATIVE(m)->fn(vm, v, 0, NULL, NULL, &r) != LS_NAT_OK) return -1;
            if (LS_IS_KIND(r, STR)) ls_buf_append(out, AS_STR(r)->data, AS_STR(r)->len);
            return 0;
        }
        ls_buf_printf(out, "<%s.%s object at 0x0000>", in->type->module, in->type->name->data);
        return 0;
    }
    case LS_OBJ_MODULE: ls_buf_printf(out, "<module '%s' (built-in)>", AS_MODULE(v)->name->data); return 0;
    case LS_OBJ_RANGE: {
        LsRange *r = AS_RANGE(v);
        if (r->step == 1) ls_buf_printf(out, "range(%lld, %lld)", (long long)r->start, (long long)r->stop);
        else ls_buf_printf(out, "range(%lld, %lld, %lld)", (long long)r->start, (long long)r->stop, (long long)r->step);
        return 0;
    }
    case LS_OBJ_SLICE: {
        LsSlice *s = AS_SLICE(v);
        ls_buf_puts(out, "slice(");
        if (ls_repr(vm, s->start, out) < 0) return -1;
        ls_buf_puts(out, ", ");
        if (ls_repr(vm, s->stop, out) < 0) return -1;
        ls_buf_puts(out, ", ");
        if (ls_repr(vm, s->step, out) < 0) return -1;
        ls_buf_putc(out, ')');
        return 0;
    }
    case LS_OBJ_CELL: ls_buf_puts(out, "<cell at 0x0000>"); return 0;
    case LS_OBJ_CODE: ls_buf_printf(out, "<code object %s at 0x0000>", AS_CODEOBJ(v)->name->data); return 0;
    case LS_OBJ_ITER: {
        if (LS_IS_VIEW(v)) {
            /* dict_keys([...]): the current contents, in dict order. */
            LsDict *d = AS_DICT(AS_ITER(v)->src);
            ls_buf_printf(out, "%s([", ls_type_name(vm, v));
            bool first = true;
            vm->depth++;
            for (uint32_t i = 0; i < d->n_entries; i++) {
                LsDictEntry *e = &d->entries[i];
                if (LS_IS_UNDEF(e->key)) continue;
                if (!first) ls_buf_puts(out, ", ");
                first = false;
                int r = 0;
                if (AS_ITER(v)->kind == LS_IT_VIEW_ITEMS) {
                    ls_buf_putc(out, '(');
                    r = ls_repr(vm, e->key, out);
                    ls_buf_puts(out, ", ");
                    if (r == 0) r = ls_repr(vm, e->value, out);
                    ls_buf_putc(out, ')');
                } else {
                    r = ls_repr(vm, AS_ITER(v)->kind == LS_IT_VIEW_KEYS ? e->key : e->value, out);
                }
                if (r < 0) { vm->depth--; return -1; }
            }
            vm->depth--;
            ls_buf_puts(out, "])");
            return 0;
        }
        ls_buf_printf(out, "<%s object at 0x0000>", ls_type_name(vm, v));
        return 0;
    }
    case LS_OBJ__COUNT: break;
    }
    ls_buf_puts(out, "<object>");
    return 0;
}

int ls_str(LsVm *vm, LsValue v, LsBuf *out) {
    if (LS_IS_KIND(v, STR)) {
        ls_buf_append(out, AS_STR(v)->data, AS_STR(v)->len);
        return 0;
    }
    if (LS_IS_KIND(v, INSTANCE) || LS_IS_KIND(v, EXC)) {
        int r = ls_class_str(vm, v, out);
        if (r != 0) return r < 0 ? -1 : 0;
    }
    if (LS_IS_KIND(v, EXC) && ls_is_exc_group(vm, v)) {
        ls_excgroup_str(vm, v, out);
        return 0;
    }
    if (LS_IS_KIND(v, EXC)) {
        LsExc *e = AS_EXC(v);
        if (!e->args || e->args->n == 0) return 0;
        if (e->args->n == 1) {
            /* KeyError shows its single argument's repr. */
            if (ls_is_subtype(e->type, vm->types.e_KeyError)) return ls_repr(vm, e->args->items[0], out);
            return ls_str(vm, e->args->items[0], out);
        }
        return repr_seq(vm, e->args->items, e->args->n, "(", ")", false, out);
    }
    if (LS_IS_KIND(v, INSTANCE)) {
        LsValue m = ls_dict_get_str(AS_INSTANCE(v)->type->methods, "__str__");
        if (LS_IS_KIND(m, NATIVE)) {
            LsValue r;
            if (AS_NATIVE(m)->fn(vm, v, 0, NULL, NULL, &r) != LS_NAT_OK) return -1;
            if (LS_IS_KIND(r, STR)) ls_buf_append(out, AS_STR(r)->data, AS_STR(r)->len);
            return 0;
        }
    }
    return ls_repr(vm, v, out);
}

LsValue ls_repr_value(LsVm *vm, LsValue v) {
    LsBuf b;
    ls_buf_init(&b);
    LsValue r = LS_UNDEF;
    if (ls_repr(vm, v, &b) == 0) {
        LsStr *s = ls_str_new(vm, ls_buf_cstr(&b), b.len);
        if (s) r = LS_OBJ(s);
        else ls_vm_oom(vm);
    }
    ls_buf_fini(&b);
    return r;
}

/* ---- equality and hashing ------------------------------------------------ */

static bool is_number(LsValue v) { return v.tag == LS_T_INT || v.tag == LS_T_FLOAT || v.tag == LS_T_BOOL; }

static int seq_equal(LsVm *vm, const LsValue *a, uint32_t na, const LsValue *b, uint32_t nb, bool *eq) {
    *eq = false;
    if (na != nb) return 0;
    for (uint32_t i = 0; i < na; i++) {
        bool e;
        if (ls_equal(vm, a[i], b[i], &e) < 0) return -1;
        if (!e) return 0;
    }
    *eq = true;
    return 0;
}

int ls_equal(LsVm *vm, LsValue a, LsValue b, bool *eq) {
    if (LS_IS_KIND(a, INSTANCE) || LS_IS_KIND(b, INSTANCE)) {
        LsValue self = LS_IS_KIND(a, INSTANCE) ? a : b, other = LS_IS_KIND(a, INSTANCE) ? b : a;
        LsValue m = ls_bi_native_dunder(vm, self, "__eq__"), r;
        if (!LS_IS_UNDEF(m)) {
            if (AS_NATIVE(m)->fn(vm, self, 1, &other, NULL, &r) != LS_NAT_OK) return -1;
            *eq = ls_truthy(vm, r);
            return 0;
        }
    }
    if (is_number(a) && is_number(b)) {
        if (a.tag == LS_T_FLOAT || b.tag == LS_T_FLOAT) {
            if (a.tag == LS_T_FLOAT && b.tag == LS_T_FLOAT) *eq = a.u.f == b.u.f;
            else {
                double f = a.tag == LS_T_FLOAT ? a.u.f : b.u.f;
                LsValue iv = a.tag == LS_T_FLOAT ? b : a;
                int64_t i = iv.tag == LS_T_BOOL ? iv.u.b : iv.u.i;
                *eq = ls_num_float_eq_int(f, i);
            }
        } else {
            int64_t x = a.tag == LS_T_BOOL ? a.u.b : a.u.i;
            int64_t y = b.tag == LS_T_BOOL ? b.u.b : b.u.i;
            *eq = x == y;
        }
        return 0;
    }
    if (ls_is_user_value(vm, a) || ls_is_user_value(vm, b)) {
        LsValue r;
        if (ls_class_compare(vm, LS_CMP_EQ, a, b, &r) < 0) return -1;
        return ls_truth(vm, r, eq);
    }
    if (a.tag != b.tag) { *eq = false; return 0; }
    if (a.tag == LS_T_NONE) { *eq = true; return 0; }
    if ((LS_IS_VIEW(a) && AS_ITER(a)->kind != LS_IT_VIEW_VALUES && (LS_IS_KIND(b, SET) || LS_IS_VIEW(b))) ||
        (LS_IS_VIEW(b) && AS_ITER(b)->kind != LS_IT_VIEW_VALUES && LS_IS_KIND(a, SET))) {
        /* keys/items views compare as sets. */
        LsValue x = LS_IS_VIEW(a) ? a : b, y = LS_IS_VIEW(a) ? b : a;
        int64_t nx, ny;
        if (ls_len(vm, x, &nx) < 0 || ls_len(vm, y, &ny) < 0) return -1;
        *eq = false;
        if (nx != ny) return 0;
        LsValue it, item;
        if (ls_get_iter(vm, y, &it) < 0) return -1;
        int r;
        while ((r = ls_iter_next(vm, it, &item)) == 1) {
            bool in;
            if (ls_contains(vm, x, item, &in) < 0) return -1;
            if (!in) return 0;
        }
        if (r < 0) return -1;
        *eq = true;
        return 0;
    }
    if (a.tag != LS_T_OBJ) { *eq = false; return 0; }
    if (a.u.o == b.u.o) { *eq = true; return 0; }
    if (a.u.o->kind != b.u.o->kind) { *eq = false; return 0; }
    switch ((LsObjKind)a.u.o->kind) {
    case LS_OBJ_STR:
        *eq = AS_STR(a)->len == AS_STR(b)->len && memcmp(AS_STR(a)->data, AS_STR(b)->data, AS_STR(a)->len) == 0;
        return 0;
    case LS_OBJ_TUPLE:
        return seq_equal(vm, AS_TUPLE(a)->items, AS_TUPLE(a)->n, AS_TUPLE(b)->items, AS_TUPLE(b)->n, eq);
    case LS_OBJ_LIST:
        return seq_equal(vm, AS_LIST(a)->items, AS_LIST(a)->n, AS_LIST(b)->items, AS_LIST(b)->n, eq);
    case LS_OBJ_DICT:
    case LS_OBJ_SET: {
        LsDict *x = AS_DICT(a), *y = AS_DICT(b);
        *eq = false;
        if (x->n_used != y->n_used) return 0;
        for (uint32_t i = 0; i < x->n_entries; i++) {
            if (LS_IS_UNDEF(x->entries[i].key)) continue;
            LsValue other;
            int r = ls_dict_get(vm, y, x->entries[i].key, &other);
            if (r < 0) return -1;
            if (r == 0) return 0;
            if (a.u.o->kind == LS_OBJ_DICT) {
                bool e;
                if (ls_equal(vm, x->entries[i].value, other, &e) < 0) return -1;
                if (!e) return 0;
            }
        }
        *eq = true;
        return 0;
    }
    case LS_OBJ_RANGE: {
        LsRange *x = AS_RANGE(a), *y = AS_RANGE(b);
        *eq = x->start == y->start && x->stop == y->stop && x->step == y->step;
        return 0;
    }
    default: *eq = false; return 0;
    }
}

/* CPython 3.11's frozenset hash: order-independent mix of the entries'
 * hashes. */
static uint64_t shuffle_bits(uint64_t h) { return ((h ^ 89869747ull) ^ (h << 16)) * 3644798167ull; }
static uint64_t frozenset_hash(const LsDict *s) {
    uint64_t hash = 0;
    for (uint32_t i = 0; i < s->n_entries; i++)
        if (!LS_IS_UNDEF(s->entries[i].key)) hash ^= shuffle_bits(s->entries[i].hash);
    hash ^= ((uint64_t)s->n_used + 1) * 1927868237ull;
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash * 69069u + 907133923ull;
    return hash == UINT64_MAX ? 590923713ull : hash;
}

int ls_hash(LsVm *vm, LsValue v, uint64_t *h) {
    switch (v.tag) {
    case LS_T_NONE: *h = 0xfca86420u; return 0;
    case LS_T_BOOL: *h = ls_num_hash_int(v.u.b); return 0;
    case LS_T_INT: *h = ls_num_hash_int(v.u.i); return 0;
    case LS_T_FLOAT: *h = ls_num_hash_float(v.u.f); return 0;
    case LS_T_OBJ: break;
    default: *h = 0; return 0;
    }
    switch ((LsObjKind)v.u.o->kind) {
    case LS_OBJ_STR: {
        /* CPython's str hash with PYTHONHASHSEED=0 (SipHash-1-3, zero key),
         * the setting refrun.py generates expectations under, so str sets
         * iterate in the order CPython shows there. The cache uses 0 for
         * "not computed"; hash('') is 0 and is simply recomputed. */
        LsStr *s = AS_STR(v);
        if (!s->hash) s->hash = (uint64_t)ls_num_hash_str(s->data, s->len);
        *h = s->hash;
        return 0;
    }
    case LS_OBJ_TUPLE: {
        /* CPython 3.11's tuple hash (an xxHash-style accumulation). */
        const uint64_t p1 = 11400714785074694791ull, p2 = 14029467366897019727ull, p5 = 2870177450012600261ull;
        uint64_t acc = p5;
        uint32_t n = AS_TUPLE(v)->n;
        for (uint32_t i = 0; i < n; i++) {
            uint64_t lane;
            if (ls_hash(vm, AS_TUPLE(v)->items[i], &lane) < 0) return -1;
            acc += lane * p2;
            acc = (acc << 31) | (acc >> 33);
            acc *= p1;
        }
        acc += (uint64_t)n ^ (p5 ^ 3527539ull);
        *h = acc == UINT64_MAX ? 1546275796ull : acc;
        return 0;
    }
    case LS_OBJ_SET:
        if (v.u.o->flags & LS_SET_FROZEN) { *h = frozenset_hash(AS_DICT(v)); return 0; }
        /* fallthrough */
    case LS_OBJ_LIST:
    case LS_OBJ_DICT:
        ls_vm_raisef(vm, vm->types.e_TypeError, "unhashable type: '%s'", ls_type_name(vm, v));
        return -1;
    case LS_OBJ_INSTANCE:
    case LS_OBJ_EXC: {
        LsValue m = ls_bi_native_dunder(vm, v, "__hash__"), hv;
        if (!LS_IS_UNDEF(m)) {
            if (AS_NATIVE(m)->fn(vm, v, 0, NULL, NULL, &hv) != LS_NAT_OK) return -1;
            *h = (uint64_t)hv.u.i;
            return 0;
        }
        int r = ls_class_hash(vm, v, h);
        if (r != 0) return r < 0 ? -1 : 0;
    }
    /* fallthrough */
    default: {
        /* Identity hash: objects carry no address-derived state; use a
         * per-object sequence stored lazily in the header flags is not
         * enough bits, so mix the pointer — only used for lookup, never
         * for iteration order (dicts iterate in insertion order). */
        uintptr_t p = (uintptr_t)v.u.o;
        *h = (uint64_t)(p >> 4) * 0x9E3779B97F4A7C15ull;
        if (*h == UINT64_MAX) *h = UINT64_MAX - 1;  /* -1 marks a deleted set slot */
        return 0;
    }
    }
}

/* ---- attributes ---------------------------------------------------------- */

static LsValue find_method(LsType *t, LsStr *name) {
    for (; t; t = t->base) {
        LsValue m = ls_dict_get_str(t->methods, name->data);
        if (!LS_IS_UNDEF(m)) return m;
    }
    return LS_UNDEF;
}

static int bind(LsVm *vm, LsValue self, LsValue m, LsValue *out) { return ls_bind_method(vm, self, m, out); }

/* str.upper and friends looked up on the type: calling them takes the
 * receiver as the first argument. */
static int call_unbound(LsVm *vm, LsValue self, uint32_t argc, const LsValue *argv, const LsKwargs *kw, LsValue *out) {
    LsNative *w = AS_NATIVE(self), *m = AS_NATIVE(AS_TUPLE(w->data)->items[0]);
    LsType *t = AS_TYPE(AS_TUPLE(w->data)->items[1]);
    if (argc < 1)
        return ls_vm_raisef(vm, vm->types.e_TypeError, "unbound method %s.%s() needs an argument", t->name->data, m->name);
    if (!ls_isinstance(vm, argv[0], t))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "descriptor '%s' for '%s' objects doesn't apply to a '%s' object",
                            m->name, t->name->data, ls_type_name(vm, argv[0]));
    int r = m->fn(vm, argv[0], argc - 1, argv + 1, kw, out);
    if (r == LS_NAT_DRAIN) vm->drain_arg++;
    return r;
}

static int unbound_method(LsVm *vm, LsType *t, LsValue m, LsValue *out) {
    LsTuple *d = ls_tuple_new(vm, 2);
    LsNative *w = d ? ls_native_new(vm, AS_NATIVE(m)->name, call_unbound) : NULL;
    if (!w) return ls_vm_oom(vm), -1;
    d->items[0] = m;
    d->items[1] = LS_OBJ(t);
    w->data = LS_OBJ(d);
    *out = LS_OBJ(w);
    return 0;
}

int ls_getattr(LsVm *vm, LsValue obj, LsStr *name, LsValue *out) {
    int hooked = ls_class_getattr(vm, obj, name, out);
    if (hooked != 0) return hooked < 0 ? -1 : 0;
    if (LS_IS_KIND(obj, MODULE)) {
        LsValue v = ls_dict_get_str(AS_MODULE(obj)->dict, name->data);
        if (!LS_IS_UNDEF(v)) { *out = v; return 0; }
        ls_vm_raisef(vm, vm->types.e_AttributeError, "module '%s' has no attribute '%s'",
                     AS_MODULE(obj)->name->data, name->data);
        return -1;
    }
    if (LS_IS_KIND(obj, EXC)) {
        LsExc *e = AS_EXC(obj);
        if (strcmp(name->data, "args") == 0) {
            if (!e->args) e->args = ls_tuple_new(vm, 0);
            *out = e->args ? LS_OBJ(e->args) : LS_NONE;
            return 0;
        }
        if (strcmp(name->data, "__cause__") == 0) { *out = e->cause; return 0; }
        if (strcmp(name->data, "__context__") == 0) { *out = e->context; return 0; }
        if (e->attrs) {
            LsValue v = ls_dict_get_str(e->attrs, name->data);
            if (!LS_IS_UNDEF(v)) { *out = v; return 0; }
        }
        if (strcmp(name->data, "code") == 0 && ls_is_subtype(e->type, vm->types.e_SystemExit)) {
            /* SystemExit.code: None, the single argument, or the args tuple. */
            uint32_t n = e->args ? e->args->n : 0;
            *out = n == 0 ? LS_NONE : n == 1 ? e->args->items[0] : LS_OBJ(e->args);
            return 0;
        }
        if (strcmp(name->data, "value") == 0 && ls_is_subtype(e->type, vm->types.e_StopIteration)) {
            *out = e->args && e->args->n ? e->args->items[0] : LS_NONE;
            return 0;
        }
    }
    if (LS_IS_KIND(obj, INSTANCE) && AS_INSTANCE(obj)->attrs) {
        LsValue v = ls_dict_get_str(AS_INSTANCE(obj)->attrs, name->data);
        if (!LS_IS_UNDEF(v)) { *out = v; return 0; }
    }
    if (LS_IS_KIND(obj, TYPE)) {
        LsValue m = find_method(AS_TYPE(obj), name);
        if (LS_IS_KIND(m, NATIVE) && LS_IS_UNDEF(AS_NATIVE(m)->self) && strcmp(name->data, "__new__") != 0 &&
            strcmp(name->data, "fromkeys") != 0)
            return unbound_method(vm, AS_TYPE(obj), m, out);
        if (!LS_IS_UNDEF(m)) { *out = m; return 0; }
        if (strcmp(name->data, "__name__") == 0) { *out = LS_OBJ(AS_TYPE(obj)->name); return 0; }
        ls_vm_raisef(vm, vm->types.e_AttributeError, "type object '%s' has no attribute '%s'",
                     AS_TYPE(obj)->name->data, name->data);
        return -1;
    }
    if ((LS_IS_KIND(obj, FUNCTION) || LS_IS_KIND(obj, CORO)) && strncmp(name->data, "__", 2) == 0) {
        LsStr *n = LS_IS_KIND(obj, FUNCTION) ? AS_FUNCTION(obj)->name : ((LsCoro *)obj.u.o)->name;
        LsStr *q = LS_IS_KIND(obj, FUNCTION) ? AS_FUNCTION(obj)->qualname : ((LsCoro *)obj.u.o)->qualname;
        if (strcmp(name->data, "__name__") == 0) { *out = LS_OBJ(n); return 0; }
        if (strcmp(name->data, "__qualname__") == 0) { *out = LS_OBJ(q); return 0; }
    }
    if (LS_IS_KIND(obj, NATIVE) && is_partial(AS_NATIVE(obj))) {
        LsTuple *st = AS_TUPLE(AS_NATIVE(obj)->data);
        static const char *const fields[] = {"func", "args", "keywords"};
        for (int i = 0; i < 3; i++)
            if (strcmp(name->data, fields[i]) == 0) { *out = st->items[i]; return 0; }
    }
    LsValue m = find_method(ls_type_of(vm, obj), name);
    if (!LS_IS_UNDEF(m)) return bind(vm, obj, m, out);
    ls_vm_raisef(vm, vm->types.e_AttributeError, "'%s' object has no attribute '%s'",
                 ls_type_name(vm, obj), name->data);
    return -1;
}

int ls_setattr(LsVm *vm, LsValue obj, LsStr *name, LsValue v) {
    int hooked = ls_class_setattr(vm, obj, name, v);
    if (hooked != 0) return hooked < 0 ? -1 : 0;
    LsDict **attrs = NULL;
    if (LS_IS_KIND(obj, INSTANCE)) attrs = &AS_INSTANCE(obj)->attrs;
    else if (LS_IS_KIND(obj, EXC)) attrs = &AS_EXC(obj)->attrs;
    else if (LS_IS_KIND(obj, MODULE)) attrs = &AS_MODULE(obj)->dict;
    if (!attrs) {
        ls_vm_raisef(vm, vm->types.e_AttributeError, "'%s' object has no attribute '%s'",
                     ls_type_name(vm, obj), name->data);
        return -1;
    }
    if (LS_IS_KIND(obj, EXC) && strcmp(name->data, "__cause__") == 0) {
        AS_EXC(obj)->cause = v;
        AS_EXC(obj)->suppress_context = true;
        return 0;
    }
    if (!*attrs && !(*attrs = ls_dict_new(vm))) return ls_vm_oom(vm), -1;
    return ls_dict_set(vm, *attrs, LS_OBJ(name), v);
}

int ls_format(LsVm *vm, LsValue v, const char *spec, size_t len, LsBuf *out) {
    int hooked = ls_class_format(vm, v, spec, len, out);
    if (hooked != 0) return hooked < 0 ? -1 : 0;
    if (len == 0) return ls_str(vm, v, out);
    LsNumErr err = {0};
    bool ok;
    if (LS_IS_INT(v)) ok = ls_num_format_int(v.u.i, spec, len, out, &err);
    else if (LS_IS_BOOL(v)) ok = ls_num_format_bool(v.u.b, spec, len, out, &err);
    else if (LS_IS_FLOAT(v)) ok = ls_num_format_float(v.u.f, spec, len, out, &err);
    else if (LS_IS_KIND(v, STR)) ok = ls_num_format_str(AS_STR(v)->data, AS_STR(v)->len, spec, len, out, &err);
    else {
        ls_vm_raisef(vm, vm->types.e_TypeError, "unsupported format string passed to %s.__format__", ls_type_name(vm, v));
        return -1;
    }
    if (!ok) {
        ls_vm_raise_num(vm, &err);
        return -1;
    }
    return 0;
}
