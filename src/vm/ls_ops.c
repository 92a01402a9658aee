/* ls_ops — the value protocol: types of values, truth, repr/str, equality,
 * hashing, attribute lookup. Arithmetic and comparisons live in ls_arith.c. */
#include "ls_vm.h"
#include "ls_num.h"

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
    case LS_OBJ_SET: return t->t_set;
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
        if (set && d->n_used == 0) { ls_buf_puts(out, "set()"); return 0; }
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
        return 0;
    }
    case LS_OBJ_FUNCTION: repr_code_owner(out, "function", AS_FUNCTION(v)->qualname); return 0;
    case LS_OBJ_NATIVE: {
        LsNative *n = AS_NATIVE(v);
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
    case LS_OBJ_ITER: ls_buf_printf(out, "<%s object at 0x0000>", ls_type_name(vm, v)); return 0;
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

static uint64_t hash_bytes(const char *s, size_t n) {
    /* FNV-1a: deterministic (Python randomizes str hashes; nothing
     * observable may depend on them, so any fixed function will do). */
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h ? h : 1;
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
        LsStr *s = AS_STR(v);
        if (!s->hash) s->hash = hash_bytes(s->data, s->len);
        *h = s->hash;
        return 0;
    }
    case LS_OBJ_TUPLE: {
        uint64_t acc = 0x27d4eb2f165667c5ull;
        for (uint32_t i = 0; i < AS_TUPLE(v)->n; i++) {
            uint64_t x;
            if (ls_hash(vm, AS_TUPLE(v)->items[i], &x) < 0) return -1;
            acc = (acc ^ x) * 0x100000001b3ull + (acc >> 29);
        }
        *h = acc;
        return 0;
    }
    case LS_OBJ_LIST:
    case LS_OBJ_DICT:
    case LS_OBJ_SET:
        ls_vm_raisef(vm, vm->types.e_TypeError, "unhashable type: '%s'", ls_type_name(vm, v));
        return -1;
    case LS_OBJ_INSTANCE:
    case LS_OBJ_EXC: {
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
