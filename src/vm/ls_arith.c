/* ls_arith — operators on values (see ls_arith.h). Ints are int64 with
 * overflow checks (loopscope raises OverflowError where Python would grow
 * the int); floats follow IEEE and Python's floor/mod rules. */
#include "ls_arith.h"
#include "ls_num.h"

#include <math.h>
#include <string.h>

static const char *const binop_names[] = {"+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "@"};

static bool num(LsValue v) { return v.tag == LS_T_INT || v.tag == LS_T_BOOL || v.tag == LS_T_FLOAT; }
static int64_t as_i(LsValue v) { return v.tag == LS_T_BOOL ? (int64_t)v.u.b : v.u.i; }
static double as_f(LsValue v) { return v.tag == LS_T_FLOAT ? v.u.f : (double)as_i(v); }

LsValue ls_str_from_buf(LsVm *vm, const LsBuf *b) {
    LsStr *s = ls_str_new(vm, ls_buf_cstr(b), b->len);
    if (!s) { ls_vm_oom(vm); return LS_UNDEF; }
    return LS_OBJ(s);
}

static int overflow(LsVm *vm) {
    ls_vm_raisef(vm, vm->types.e_OverflowError, "integer overflow: loopscope ints are 64-bit");
    return -1;
}

static int int_op(LsVm *vm, uint32_t op, int64_t x, int64_t y, LsValue *out) {
    int64_t r;
    char err[128];
    switch (op) {
    case LS_BINOP_ADD: if (__builtin_add_overflow(x, y, &r)) return overflow(vm); break;
    case LS_BINOP_SUB: if (__builtin_sub_overflow(x, y, &r)) return overflow(vm); break;
    case LS_BINOP_MUL: if (__builtin_mul_overflow(x, y, &r)) return overflow(vm); break;
    case LS_BINOP_TRUEDIV:
        if (y == 0) return ls_vm_raisef(vm, vm->types.e_ZeroDivisionError, "division by zero"), -1;
        *out = LS_FLOAT((double)x / (double)y);
        return 0;
    case LS_BINOP_FLOORDIV:
    case LS_BINOP_MOD:
        if (y == 0)
            return ls_vm_raisef(vm, vm->types.e_ZeroDivisionError, op == LS_BINOP_MOD ? "integer modulo by zero" : "integer division or modulo by zero"), -1;
        if (x == INT64_MIN && y == -1) {
            if (op == LS_BINOP_MOD) { r = 0; break; }
            return overflow(vm);
        }
        {
            int64_t q = x / y, m = x % y;
            if (m != 0 && ((m < 0) != (y < 0))) { q -= 1; m += y; }
            r = op == LS_BINOP_FLOORDIV ? q : m;
        }
        break;
    case LS_BINOP_POW: {
        if (y < 0) {
            if (x == 0) return ls_vm_raisef(vm, vm->types.e_ZeroDivisionError, "0.0 cannot be raised to a negative power"), -1;
            *out = LS_FLOAT(pow((double)x, (double)y));
            return 0;
        }
        int64_t base = x, acc = 1, e = y;
        while (e) {
            if (e & 1) { if (__builtin_mul_overflow(acc, base, &acc)) return overflow(vm); }
            e >>= 1;
            if (e && __builtin_mul_overflow(base, base, &base)) return overflow(vm);
        }
        r = acc;
        break;
    }
    case LS_BINOP_LSHIFT:
        if (y < 0) return ls_vm_raisef(vm, vm->types.e_ValueError, "negative shift count"), -1;
        if (x == 0) { r = 0; break; }
        if (y >= 63 || (x > 0 ? x > (INT64_MAX >> y) : x < (INT64_MIN >> y))) return overflow(vm);
        r = (int64_t)((uint64_t)x << y);
        break;
    case LS_BINOP_RSHIFT:
        if (y < 0) return ls_vm_raisef(vm, vm->types.e_ValueError, "negative shift count"), -1;
        r = y >= 64 ? (x < 0 ? -1 : 0) : x >> y;
        break;
    case LS_BINOP_AND: r = x & y; break;
    case LS_BINOP_OR: r = x | y; break;
    case LS_BINOP_XOR: r = x ^ y; break;
    default: (void)err; return -2;
    }
    *out = LS_INT(r);
    return 0;
}

static int float_op(LsVm *vm, uint32_t op, double x, double y, LsValue *out) {
    switch (op) {
    case LS_BINOP_ADD: *out = LS_FLOAT(x + y); return 0;
    case LS_BINOP_SUB: *out = LS_FLOAT(x - y); return 0;
    case LS_BINOP_MUL: *out = LS_FLOAT(x * y); return 0;
    case LS_BINOP_TRUEDIV:
        if (y == 0.0) return ls_vm_raisef(vm, vm->types.e_ZeroDivisionError, "float division by zero"), -1;
        *out = LS_FLOAT(x / y);
        return 0;
    case LS_BINOP_FLOORDIV:
    case LS_BINOP_MOD: {
        if (y == 0.0)
            return ls_vm_raisef(vm, vm->types.e_ZeroDivisionError, op == LS_BINOP_MOD ? "float modulo" : "float floor division by zero"), -1;
        double mod = fmod(x, y);
        double div = (x - mod) / y;
        if (mod != 0.0) {
            if ((y < 0) != (mod < 0)) { mod += y; div -= 1.0; }
        } else {
            mod = copysign(0.0, y);
        }
        double floordiv;
        if (div != 0.0) {
            floordiv = floor(div);
            if (div - floordiv > 0.5) floordiv += 1.0;
        } else {
            floordiv = copysign(0.0, x / y);
        }
        *out = LS_FLOAT(op == LS_BINOP_MOD ? mod : floordiv);
        return 0;
    }
    case LS_BINOP_POW:
        if (x == 0.0 && y < 0) return ls_vm_raisef(vm, vm->types.e_ZeroDivisionError, "0.0 cannot be raised to a negative power"), -1;
        if (x < 0 && y != floor(y)) return ls_vm_raisef(vm, vm->types.e_ValueError, "complex numbers are not supported by loopscope"), -1;
        *out = LS_FLOAT(pow(x, y));
        if (isinf(out->u.f) && !isinf(x) && !isinf(y)) return ls_vm_raisef(vm, vm->types.e_OverflowError, "(34, 'Numerical result out of range')"), -1;
        return 0;
    default: return -2;
    }
}

static int seq_concat(LsVm *vm, LsValue a, LsValue b, LsValue *out) {
    if (LS_IS_KIND(a, STR)) {
        LsStr *x = AS_STR(a), *y = AS_STR(b);
        LsStr *s = (LsStr *)ls_obj_alloc(vm, LS_OBJ_STR, sizeof(LsStr) + x->len + y->len + 1);
        if (!s) return ls_vm_oom(vm), -1;
        s->len = x->len + y->len;
        s->nchars = x->nchars + y->nchars;
        LS_MEMCPY(s->data, x->data, x->len);
        LS_MEMCPY(s->data + x->len, y->data, y->len);
        s->data[s->len] = '\0';
        *out = LS_OBJ(s);
        return 0;
    }
    if (LS_IS_KIND(a, LIST)) {
        LsList *x = AS_LIST(a), *y = AS_LIST(b);
        LsList *l = ls_list_new(vm, x->n + y->n);
        if (!l) return ls_vm_oom(vm), -1;
        LS_MEMCPY(l->items, x->items, x->n * sizeof(LsValue));
        LS_MEMCPY(l->items + x->n, y->items, y->n * sizeof(LsValue));
        l->n = x->n + y->n;
        *out = LS_OBJ(l);
        return 0;
    }
    LsTuple *x = AS_TUPLE(a), *y = AS_TUPLE(b);
    LsTuple *t = ls_tuple_new(vm, x->n + y->n);
    if (!t) return ls_vm_oom(vm), -1;
    LS_MEMCPY(t->items, x->items, x->n * sizeof(LsValue));
    LS_MEMCPY(t->items + x->n, y->items, y->n * sizeof(LsValue));
    *out = LS_OBJ(t);
    return 0;
}

static int seq_repeat(LsVm *vm, LsValue s, int64_t n, LsValue *out) {
    if (n < 0) n = 0;
    if (LS_IS_KIND(s, STR)) {
        LsStr *x = AS_STR(s);
        if (x->len && (uint64_t)n > (1u << 30) / x->len) return ls_vm_raisef(vm, vm->types.e_MemoryError, "string too large"), -1;
        LsStr *r = (LsStr *)ls_obj_alloc(vm, LS_OBJ_STR, sizeof(LsStr) + x->len * (size_t)n + 1);
        if (!r) return ls_vm_oom(vm), -1;
        for (int64_t i = 0; i < n; i++) LS_MEMCPY(r->data + i * x->len, x->data, x->len);
        r->len = x->len * (uint32_t)n;
        r->nchars = x->nchars * (uint32_t)n;
        r->data[r->len] = '\0';
        *out = LS_OBJ(r);
        return 0;
    }
    const LsValue *items = LS_IS_KIND(s, LIST) ? AS_LIST(s)->items : AS_TUPLE(s)->items;
    uint32_t len = LS_IS_KIND(s, LIST) ? AS_LIST(s)->n : AS_TUPLE(s)->n;
    if (len && (uint64_t)n > (1u << 26) / len) return ls_vm_raisef(vm, vm->types.e_MemoryError, "sequence too large"), -1;
    uint32_t total = len * (uint32_t)n;
    LsValue *dst;
    if (LS_IS_KIND(s, LIST)) {
        LsList *l = ls_list_new(vm, total);
        if (!l) return ls_vm_oom(vm), -1;
        l->n = total;
        dst = l->items;
        *out = LS_OBJ(l);
    } else {
        LsTuple *t = ls_tuple_new(vm, total);
        if (!t) return ls_vm_oom(vm), -1;
        dst = t->items;
        *out = LS_OBJ(t);
    }
    for (int64_t i = 0; i < n; i++) LS_MEMCPY(dst + i * len, items, len * sizeof(LsValue));
    return 0;
}

static bool is_seq(LsValue v) { return LS_IS_KIND(v, STR) || LS_IS_KIND(v, LIST) || LS_IS_KIND(v, TUPLE); }

int ls_binary_op(LsVm *vm, uint32_t opa, LsValue a, LsValue b, LsValue *out) {
    uint32_t op = opa & 0xff;
    if (a.tag == LS_T_OBJ || b.tag == LS_T_OBJ) {
        int r = ls_class_binop(vm, opa, a, b, out);
        if (r != 0) return r < 0 ? -1 : 0;
    }
    if ((a.tag == LS_T_INT || a.tag == LS_T_BOOL) && (b.tag == LS_T_INT || b.tag == LS_T_BOOL)) {
        int r = int_op(vm, op, as_i(a), as_i(b), out);
        if (r != -2) return r;
    } else if (num(a) && num(b)) {
        int r = float_op(vm, op, as_f(a), as_f(b), out);
        if (r != -2) return r;
    } else if (op == LS_BINOP_ADD && is_seq(a) && b.tag == LS_T_OBJ && a.u.o->kind == b.u.o->kind) {
        if ((opa & LS_BINOP_INPLACE) && LS_IS_KIND(a, LIST)) {
            LsList *l = AS_LIST(a), *r = AS_LIST(b);
            uint32_t n = r->n;
            for (uint32_t i = 0; i < n; i++)
                if (!ls_list_append(vm, l, r->items[i])) return ls_vm_oom(vm), -1;
            *out = a;
            return 0;
        }
        return seq_concat(vm, a, b, out);
    } else if (op == LS_BINOP_MUL && is_seq(a) && (b.tag == LS_T_INT || b.tag == LS_T_BOOL)) {
        return seq_repeat(vm, a, as_i(b), out);
    } else if (op == LS_BINOP_MUL && is_seq(b) && (a.tag == LS_T_INT || a.tag == LS_T_BOOL)) {
        return seq_repeat(vm, b, as_i(a), out);
    } else if (op == LS_BINOP_OR && LS_IS_KIND(a, DICT) && LS_IS_KIND(b, DICT)) {
        LsDict *d = (opa & LS_BINOP_INPLACE) ? AS_DICT(a) : ls_dict_new(vm);
        if (!d) return ls_vm_oom(vm), -1;
        for (int pass = (opa & LS_BINOP_INPLACE) ? 1 : 0; pass < 2; pass++) {
            LsDict *src = pass ? AS_DICT(b) : AS_DICT(a);
            for (uint32_t i = 0; i < src->n_entries; i++)
                if (!LS_IS_UNDEF(src->entries[i].key) && ls_dict_set(vm, d, src->entries[i].key, src->entries[i].value) < 0) return -1;
        }
        *out = LS_OBJ(d);
        return 0;
    } else if (op == LS_BINOP_ADD && is_seq(a)) {
        const char *k = ls_type_name(vm, a);
        ls_vm_raisef(vm, vm->types.e_TypeError, "can only concatenate %s (not \"%s\") to %s", k, ls_type_name(vm, b), k);
        return -1;
    } else if (op == LS_BINOP_MOD && LS_IS_KIND(a, STR)) {
        ls_vm_raisef(vm, vm->types.e_NotImplementedError, "%%-formatting is not supported by loopscope yet");
        return -1;
    }
    ls_vm_raisef(vm, vm->types.e_TypeError, "unsupported operand type(s) for %s%s: '%s' and '%s'",
                 binop_names[op < LS_BINOP__COUNT ? op : 0], (opa & LS_BINOP_INPLACE) ? "=" : "",
                 ls_type_name(vm, a), ls_type_name(vm, b));
    return -1;
}

static int cmp_seq(LsVm *vm, const LsValue *a, uint32_t na, const LsValue *b, uint32_t nb, uint32_t op, LsValue *out) {
    uint32_t n = na < nb ? na : nb;
    for (uint32_t i = 0; i < n; i++) {
        bool eq;
        if (ls_equal(vm, a[i], b[i], &eq) < 0) return -1;
        if (!eq) return ls_compare(vm, op, a[i], b[i], out);
    }
    return ls_compare(vm, op, LS_INT(na), LS_INT(nb), out);
}

static const char *const cmp_names[] = {"<", "<=", "==", "!=", ">", ">="};

int ls_compare(LsVm *vm, uint32_t op, LsValue a, LsValue b, LsValue *out) {
    bool r;
    if (op <= LS_CMP_GE && op != LS_CMP_EQ && (ls_is_user_value(vm, a) || ls_is_user_value(vm, b))) {
        int h = ls_class_compare(vm, op, a, b, out);
        if (h != 0) return h < 0 ? -1 : 0;
    }
    switch (op) {
    case LS_CMP_EQ:
    case LS_CMP_NE:
        if (ls_equal(vm, a, b, &r) < 0) return -1;
        *out = LS_BOOL(op == LS_CMP_EQ ? r : !r);
        return 0;
    case LS_CMP_IS:
    case LS_CMP_IS_NOT:
        if (a.tag != b.tag) r = false;
        else if (a.tag == LS_T_OBJ) r = a.u.o == b.u.o;
        else if (a.tag == LS_T_NONE) r = true;
        else if (a.tag == LS_T_BOOL) r = a.u.b == b.u.b;
        else if (a.tag == LS_T_INT) r = a.u.i == b.u.i;
        else r = memcmp(&a.u.f, &b.u.f, sizeof(double)) == 0;
        *out = LS_BOOL(op == LS_CMP_IS ? r : !r);
        return 0;
    case LS_CMP_IN:
    case LS_CMP_NOT_IN:
        if (ls_contains(vm, b, a, &r) < 0) return -1;
        *out = LS_BOOL(op == LS_CMP_IN ? r : !r);
        return 0;
    default: break;
    }
    if (num(a) && num(b)) {
        if (a.tag == LS_T_FLOAT || b.tag == LS_T_FLOAT) {
            double x = as_f(a), y = as_f(b);
            /* Exact int/float comparison would need care past 2**53;
             * ls_num handles equality, ordering of huge ints vs floats is
             * approximate here. */
            switch (op) {
            case LS_CMP_LT: r = x < y; break;
            case LS_CMP_LE: r = x <= y; break;
            case LS_CMP_GT: r = x > y; break;
            default: r = x >= y; break;
            }
        } else {
            int64_t x = as_i(a), y = as_i(b);
            switch (op) {
            case LS_CMP_LT: r = x < y; break;
            case LS_CMP_LE: r = x <= y; break;
            case LS_CMP_GT: r = x > y; break;
            default: r = x >= y; break;
            }
        }
        *out = LS_BOOL(r);
        return 0;
    }
    if (LS_IS_KIND(a, STR) && LS_IS_KIND(b, STR)) {
        LsStr *x = AS_STR(a), *y = AS_STR(b);
        uint32_t n = x->len < y->len ? x->len : y->len;
        int c = memcmp(x->data, y->data, n);
        if (c == 0) c = (x->len > y->len) - (x->len < y->len);
        switch (op) {
        case LS_CMP_LT: r = c < 0; break;
        case LS_CMP_LE: r = c <= 0; break;
        case LS_CMP_GT: r = c > 0; break;
        default: r = c >= 0; break;
        }
        *out = LS_BOOL(r);
        return 0;
    }
    if (LS_IS_KIND(a, LIST) && LS_IS_KIND(b, LIST))
        return cmp_seq(vm, AS_LIST(a)->items, AS_LIST(a)->n, AS_LIST(b)->items, AS_LIST(b)->n, op, out);
    if (LS_IS_KIND(a, TUPLE) && LS_IS_KIND(b, TUPLE))
        return cmp_seq(vm, AS_TUPLE(a)->items, AS_TUPLE(a)->n, AS_TUPLE(b)->items, AS_TUPLE(b)->n, op, out);
    ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' not supported between instances of '%s' and '%s'",
                 cmp_names[op <= LS_CMP_GE ? op : 0], ls_type_name(vm, a), ls_type_name(vm, b));
    return -1;
}

int ls_less(LsVm *vm, LsValue a, LsValue b, bool *out) {
    LsValue r;
    if (ls_compare(vm, LS_CMP_LT, a, b, &r) < 0) return -1;
    if (LS_IS_BOOL(r)) {
        *out = r.u.b;
        return 0;
    }
    return ls_truth(vm, r, out);   /* a user __lt__ may return anything */
}

int ls_unary(LsVm *vm, int op, LsValue a, LsValue *out) {
    if (op == LS_OP_UNARY_NOT) {
        bool t;
        if (ls_truth(vm, a, &t) < 0) return -1;
        *out = LS_BOOL(!t);
        return 0;
    }
    if (a.tag == LS_T_OBJ) {
        int r = ls_class_unary(vm, op, a, out);
        if (r != 0) return r < 0 ? -1 : 0;
    }
    if (a.tag == LS_T_INT || a.tag == LS_T_BOOL) {
        int64_t x = as_i(a);
        if (op == LS_OP_UNARY_NEG) {
            if (x == INT64_MIN) return overflow(vm);
            *out = LS_INT(-x);
        } else if (op == LS_OP_UNARY_POS) *out = LS_INT(x);
        else *out = LS_INT(~x);
        return 0;
    }
    if (a.tag == LS_T_FLOAT && op != LS_OP_UNARY_INVERT) {
        *out = LS_FLOAT(op == LS_OP_UNARY_NEG ? -a.u.f : a.u.f);
        return 0;
    }
    ls_vm_raisef(vm, vm->types.e_TypeError, "bad operand type for unary %s: '%s'",
                 op == LS_OP_UNARY_NEG ? "-" : op == LS_OP_UNARY_POS ? "+" : "~", ls_type_name(vm, a));
    return -1;
}

/* ---- indexing and slicing ------------------------------------------------ */

static int index_of(LsVm *vm, LsValue key, int64_t len, const char *what, int64_t *out) {
    if (key.tag != LS_T_INT && key.tag != LS_T_BOOL) {
        ls_vm_raisef(vm, vm->types.e_TypeError, "%s indices must be integers or slices, not %s", what, ls_type_name(vm, key));
        return -1;
    }
    int64_t i = as_i(key);
    if (i < 0) i += len;
    if (i < 0 || i >= len) {
        ls_vm_raisef(vm, vm->types.e_IndexError, "%s index out of range", what);
        return -1;
    }
    *out = i;
    return 0;
}

/* Python's slice.indices(len). */
static int slice_indices(LsVm *vm, LsSlice *s, int64_t len, int64_t *start, int64_t *stop, int64_t *step) {
    LsValue parts[3] = {s->start, s->stop, s->step};
    for (int i = 0; i < 3; i++)
        if (!LS_IS_NONE(parts[i]) && parts[i].tag != LS_T_INT && parts[i].tag != LS_T_BOOL) {
            ls_vm_raisef(vm, vm->types.e_TypeError, "slice indices must be integers or None or have an __index__ method");
            return -1;
        }
    *step = LS_IS_NONE(s->step) ? 1 : as_i(s->step);
    if (*step == 0) { ls_vm_raisef(vm, vm->types.e_ValueError, "slice step cannot be zero"); return -1; }
    int64_t lo = *step < 0 ? -1 : 0, hi = *step < 0 ? len - 1 : len;
    if (LS_IS_NONE(s->start)) *start = *step < 0 ? hi : lo;
    else {
        *start = as_i(s->start);
        if (*start < 0) { *start += len; if (*start < lo) *start = lo; }
        else if (*start > hi) *start = hi;
    }
    if (LS_IS_NONE(s->stop)) *stop = *step < 0 ? lo : hi;
    else {
        *stop = as_i(s->stop);
        if (*stop < 0) { *stop += len; if (*stop < lo) *stop = lo; }
        else if (*stop > hi) *stop = hi;
    }
    return 0;
}

static int64_t slice_len(int64_t start, int64_t stop, int64_t step) {
    if (step > 0) return start < stop ? (stop - start - 1) / step + 1 : 0;
    return start > stop ? (start - stop - 1) / (-step) + 1 : 0;
}

/* Byte offset of code point `idx` in a UTF-8 string. */
static uint32_t utf8_offset(const LsStr *s, int64_t idx) {
    if (s->len == s->nchars) return (uint32_t)idx;
    uint32_t off = 0;
    for (int64_t c = 0; c < idx && off < s->len; c++) {
        off++;
        while (off < s->len && ((unsigned char)s->data[off] & 0xC0) == 0x80) off++;
    }
    return off;
}

static int getslice(LsVm *vm, LsValue obj, LsSlice *sl, LsValue *out) {
    int64_t start, stop, step, len;
    if (ls_len(vm, obj, &len) < 0) return -1;
    if (slice_indices(vm, sl, len, &start, &stop, &step) < 0) return -1;
    int64_t n = slice_len(start, stop, step);
    if (LS_IS_KIND(obj, STR)) {
        LsStr *s = AS_STR(obj);
        LsBuf b;
        ls_buf_init(&b);
        for (int64_t k = 0, i = start; k < n; k++, i += step) {
            uint32_t a = utf8_offset(s, i), e = utf8_offset(s, i + 1);
            ls_buf_append(&b, s->data + a, e - a);
        }
        *out = ls_str_from_buf(vm, &b);
        ls_buf_fini(&b);
        return LS_IS_UNDEF(*out) ? -1 : 0;
    }
    const LsValue *items = LS_IS_KIND(obj, LIST) ? AS_LIST(obj)->items : AS_TUPLE(obj)->items;
    LsValue *dst;
    if (LS_IS_KIND(obj, LIST)) {
        LsList *l = ls_list_new(vm, (uint32_t)n);
        if (!l) return ls_vm_oom(vm), -1;
        l->n = (uint32_t)n;
        dst = l->items;
        *out = LS_OBJ(l);
    } else {
        LsTuple *t = ls_tuple_new(vm, (uint32_t)n);
        if (!t) return ls_vm_oom(vm), -1;
        dst = t->items;
        *out = LS_OBJ(t);
    }
    for (int64_t k = 0, i = start; k < n; k++, i += step) dst[k] = items[i];
    return 0;
}

int ls_getitem(LsVm *vm, LsValue obj, LsValue key, LsValue *out) {
    if (ls_is_user_value(vm, obj) || LS_IS_KIND(obj, TYPE)) {
        int r = ls_class_getitem(vm, obj, key, out);
        if (r != 0) return r < 0 ? -1 : 0;
    }
    if (LS_IS_KIND(obj, DICT)) {
        int r = ls_dict_get(vm, AS_DICT(obj), key, out);
        if (r < 0) return -1;
        if (r == 0) {
            LsValue args[1] = {key};
            LsTuple *t = ls_tuple_new(vm, 1);
            if (!t) return ls_vm_oom(vm), -1;
            t->items[0] = args[0];
            ls_vm_raise(vm, ls_vm_new_exc_args(vm, vm->types.e_KeyError, t));
            return -1;
        }
        return 0;
    }
    if (LS_IS_KIND(key, SLICE) && is_seq(obj)) return getslice(vm, obj, (LsSlice *)key.u.o, out);
    int64_t i;
    if (LS_IS_KIND(obj, LIST)) {
        if (index_of(vm, key, AS_LIST(obj)->n, "list", &i) < 0) return -1;
        *out = AS_LIST(obj)->items[i];
        return 0;
    }
    if (LS_IS_KIND(obj, TUPLE)) {
        if (index_of(vm, key, AS_TUPLE(obj)->n, "tuple", &i) < 0) return -1;
        *out = AS_TUPLE(obj)->items[i];
        return 0;
    }
    if (LS_IS_KIND(obj, STR)) {
        LsStr *s = AS_STR(obj);
        if (index_of(vm, key, s->nchars, "string", &i) < 0) return -1;
        uint32_t a = utf8_offset(s, i), e = utf8_offset(s, i + 1);
        LsStr *r = ls_str_new(vm, s->data + a, e - a);
        if (!r) return ls_vm_oom(vm), -1;
        *out = LS_OBJ(r);
        return 0;
    }
    if (LS_IS_KIND(obj, RANGE)) {
        LsRange *r = AS_RANGE(obj);
        int64_t len;
        ls_len(vm, obj, &len);
        if (index_of(vm, key, len, "range object", &i) < 0) return -1;
        *out = LS_INT(r->start + i * r->step);
        return 0;
    }
    if (LS_IS_KIND(obj, TYPE)) {  /* list[int] in annotations evaluated at runtime */
        *out = obj;
        return 0;
    }
    ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' object is not subscriptable", ls_type_name(vm, obj));
    return -1;
}

int ls_setitem(LsVm *vm, LsValue obj, LsValue key, LsValue v) {
    if (ls_is_user_value(vm, obj)) {
        int r = ls_class_setitem(vm, obj, key, v);
        if (r != 0) return r < 0 ? -1 : 0;
    }
    if (LS_IS_KIND(obj, DICT)) return ls_dict_set(vm, AS_DICT(obj), key, v);
    if (LS_IS_KIND(obj, LIST)) {
        int64_t i;
        if (LS_IS_KIND(key, SLICE)) {
            ls_vm_raisef(vm, vm->types.e_NotImplementedError, "slice assignment is not supported by loopscope yet");
            return -1;
        }
        if (index_of(vm, key, AS_LIST(obj)->n, "list assignment", &i) < 0) return -1;
        AS_LIST(obj)->items[i] = v;
        return 0;
    }
    ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' object does not support item assignment", ls_type_name(vm, obj));
    return -1;
}

int ls_delitem(LsVm *vm, LsValue obj, LsValue key) {
    if (ls_is_user_value(vm, obj)) {
        int r = ls_class_delitem(vm, obj, key);
        if (r != 0) return r < 0 ? -1 : 0;
    }
    if (LS_IS_KIND(obj, DICT)) {
        int r = ls_dict_del(vm, AS_DICT(obj), key);
        if (r < 0) return -1;
        if (r == 0) {
            LsTuple *t = ls_tuple_new(vm, 1);
            if (!t) return ls_vm_oom(vm), -1;
            t->items[0] = key;
            ls_vm_raise(vm, ls_vm_new_exc_args(vm, vm->types.e_KeyError, t));
            return -1;
        }
        return 0;
    }
    if (LS_IS_KIND(obj, LIST) && LS_IS_KIND(key, SLICE)) {
        /* del l[a:b:c]: keep the items the slice does not select, in order. */
        LsList *l = AS_LIST(obj);
        int64_t start, stop, step;
        if (slice_indices(vm, (LsSlice *)key.u.o, l->n, &start, &stop, &step) < 0) return -1;
        int64_t n = slice_len(start, stop, step);
        if (n <= 0) return 0;
        if (step < 0) {   /* the same items, walked upwards */
            start = start + (n - 1) * step;
            step = -step;
        }
        uint32_t w = 0;
        for (uint32_t r = 0; r < l->n; r++) {
            bool hit = (int64_t)r >= start && (int64_t)r <= start + (n - 1) * step && ((int64_t)r - start) % step == 0;
            if (!hit) l->items[w++] = l->items[r];
        }
        l->n = w;
        return 0;
    }
    if (LS_IS_KIND(obj, LIST)) {
        int64_t i;
        LsList *l = AS_LIST(obj);
        if (index_of(vm, key, l->n, "list assignment", &i) < 0) return -1;
        LS_MEMMOVE(l->items + i, l->items + i + 1, (l->n - i - 1) * sizeof(LsValue));
        l->n--;
        return 0;
    }
    ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' object doesn't support item deletion", ls_type_name(vm, obj));
    return -1;
}

int ls_len(LsVm *vm, LsValue v, int64_t *out) {
    if (ls_is_user_value(vm, v)) {
        int r = ls_class_len(vm, v, out);
        if (r != 0) return r < 0 ? -1 : 0;
    }
    if (v.tag == LS_T_OBJ) {
        switch ((LsObjKind)v.u.o->kind) {
        case LS_OBJ_STR: *out = AS_STR(v)->nchars; return 0;
        case LS_OBJ_TUPLE: *out = AS_TUPLE(v)->n; return 0;
        case LS_OBJ_LIST: *out = AS_LIST(v)->n; return 0;
        case LS_OBJ_DICT:
        case LS_OBJ_SET: *out = AS_DICT(v)->n_used; return 0;
        case LS_OBJ_RANGE: {
            LsRange *r = AS_RANGE(v);
            *out = slice_len(r->start, r->stop, r->step);
            return 0;
        }
        default: break;
        }
    }
    ls_vm_raisef(vm, vm->types.e_TypeError, "object of type '%s' has no len()", ls_type_name(vm, v));
    return -1;
}

int ls_contains(LsVm *vm, LsValue c, LsValue item, bool *out) {
    if (ls_is_user_value(vm, c)) {
        int r = ls_class_contains(vm, c, item, out);
        if (r != 0) return r < 0 ? -1 : 0;
    }
    if (LS_IS_KIND(c, DICT) || LS_IS_KIND(c, SET)) {
        LsValue tmp;
        int r = ls_dict_get(vm, AS_DICT(c), item, &tmp);
        if (r < 0) return -1;
        *out = r == 1;
        return 0;
    }
    if (LS_IS_KIND(c, STR)) {
        if (!LS_IS_KIND(item, STR)) {
            ls_vm_raisef(vm, vm->types.e_TypeError, "'in <string>' requires string as left operand, not %s", ls_type_name(vm, item));
            return -1;
        }
        LsStr *h = AS_STR(c), *n = AS_STR(item);
        *out = n->len == 0 || (n->len <= h->len && memmem(h->data, h->len, n->data, n->len) != NULL);
        return 0;
    }
    if (LS_IS_KIND(c, RANGE) && (item.tag == LS_T_INT || item.tag == LS_T_BOOL)) {
        LsRange *r = AS_RANGE(c);
        int64_t x = as_i(item);
        bool in = r->step > 0 ? (x >= r->start && x < r->stop) : (x <= r->start && x > r->stop);
        *out = in && (x - r->start) % r->step == 0;
        return 0;
    }
    const LsValue *items = NULL;
    uint32_t n = 0;
    if (LS_IS_KIND(c, LIST)) { items = AS_LIST(c)->items; n = AS_LIST(c)->n; }
    else if (LS_IS_KIND(c, TUPLE)) { items = AS_TUPLE(c)->items; n = AS_TUPLE(c)->n; }
    else {
        ls_vm_raisef(vm, vm->types.e_TypeError, "argument of type '%s' is not iterable", ls_type_name(vm, c));
        return -1;
    }
    for (uint32_t i = 0; i < n; i++) {
        bool eq;
        if (ls_equal(vm, items[i], item, &eq) < 0) return -1;
        if (eq) { *out = true; return 0; }
    }
    *out = false;
    return 0;
}

/* ---- iteration ----------------------------------------------------------- */

static LsIter *new_iter(LsVm *vm, LsIterKind kind, LsValue src) {
    LsIter *it = (LsIter *)ls_obj_alloc(vm, LS_OBJ_ITER, sizeof(LsIter));
    if (!it) return NULL;
    it->kind = (uint8_t)kind;
    it->src = src;
    return it;
}

int ls_get_iter(LsVm *vm, LsValue v, LsValue *out) {
    LsIter *it = NULL;
    if (ls_is_user_value(vm, v)) {
        int r = ls_class_get_iter(vm, v, out);
        if (r != 0) return r < 0 ? -1 : 0;
    }
    if (v.tag == LS_T_OBJ) {
        switch ((LsObjKind)v.u.o->kind) {
        case LS_OBJ_STR:
        case LS_OBJ_LIST:
        case LS_OBJ_TUPLE: it = new_iter(vm, LS_IT_SEQ, v); break;
        case LS_OBJ_DICT:
        case LS_OBJ_SET: it = new_iter(vm, LS_IT_DICT_KEYS, v); break;
        case LS_OBJ_RANGE:
            it = new_iter(vm, LS_IT_RANGE, v);
            if (it) { it->i = AS_RANGE(v)->start; it->stop = AS_RANGE(v)->stop; it->step = AS_RANGE(v)->step; }
            break;
        case LS_OBJ_ITER: *out = v; return 0;
        case LS_OBJ_INSTANCE:
            /* A Future/Task: iter(fut) is its __await__ (for `yield from fut`). */
            if (!AS_INSTANCE(v)->type->await_step) goto not_iterable;
            it = new_iter(vm, LS_IT_AWAIT, v);
            break;
        case LS_OBJ_CORO:
            if (((LsCoro *)v.u.o)->ckind == LS_CO_GENERATOR) { *out = v; return 0; }
            /* fallthrough */
        default:
        not_iterable:
            ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' object is not iterable", ls_type_name(vm, v));
            return -1;
        }
        if (!it) return ls_vm_oom(vm), -1;
        *out = LS_OBJ(it);
        return 0;
    }
    ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' object is not iterable", ls_type_name(vm, v));
    return -1;
}

int ls_iter_next(LsVm *vm, LsValue itv, LsValue *out) {
    if (!LS_IS_KIND(itv, ITER)) return ls_class_iter_next(vm, itv, out);
    LsIter *it = AS_ITER(itv);
    switch ((LsIterKind)it->kind) {
    case LS_IT_SEQ: {
        LsValue s = it->src;
        if (LS_IS_KIND(s, LIST)) {
            if (it->i >= AS_LIST(s)->n) return 0;
            *out = AS_LIST(s)->items[it->i++];
            return 1;
        }
        if (LS_IS_KIND(s, TUPLE)) {
            if (it->i >= AS_TUPLE(s)->n) return 0;
            *out = AS_TUPLE(s)->items[it->i++];
            return 1;
        }
        LsStr *str = AS_STR(s);
        if (it->byte_pos >= str->len) return 0;
        uint32_t a = it->byte_pos, e = a + 1;
        while (e < str->len && ((unsigned char)str->data[e] & 0xC0) == 0x80) e++;
        it->byte_pos = e;
        LsStr *r = ls_str_new(vm, str->data + a, e - a);
        if (!r) return ls_vm_oom(vm), -1;
        *out = LS_OBJ(r);
        return 1;
    }
    case LS_IT_RANGE:
        if (it->step > 0 ? it->i >= it->stop : it->i <= it->stop) return 0;
        *out = LS_INT(it->i);
        it->i += it->step;
        return 1;
    case LS_IT_AWAIT:
        ls_vm_raisef(vm, vm->types.e_NotImplementedError,
                     "loopscope runs an awaitable's iterator only through `yield from` or `await`");
        return -1;
    case LS_IT_REVERSED: {
        LsValue s = it->src;
        if (it->i < 0) return 0;
        *out = LS_IS_KIND(s, LIST) ? AS_LIST(s)->items[it->i] : AS_TUPLE(s)->items[it->i];
        it->i--;
        return 1;
    }
    case LS_IT_DICT_KEYS:
    case LS_IT_DICT_VALUES:
    case LS_IT_DICT_ITEMS: {
        LsDict *d = AS_DICT(it->src);
        if (it->stop == 0) it->stop = (int64_t)d->n_used + 1;  /* remember size (+1 so 0 is "unset") */
        if ((int64_t)d->n_used + 1 != it->stop) {
            ls_vm_raisef(vm, vm->types.e_RuntimeError, "dictionary changed size during iteration");
            return -1;
        }
        while (it->i < d->n_entries && LS_IS_UNDEF(d->entries[it->i].key)) it->i++;
        if (it->i >= d->n_entries) return 0;
        LsDictEntry *e = &d->entries[it->i++];
        if (it->kind == LS_IT_DICT_KEYS) *out = e->key;
        else if (it->kind == LS_IT_DICT_VALUES) *out = e->value;
        else {
            LsTuple *t = ls_tuple_new(vm, 2);
            if (!t) return ls_vm_oom(vm), -1;
            t->items[0] = e->key;
            t->items[1] = e->value;
            *out = LS_OBJ(t);
        }
        return 1;
    }
    case LS_IT_ENUMERATE: {
        LsValue v;
        int r = ls_iter_next(vm, it->src, &v);
        if (r <= 0) return r;
        LsTuple *t = ls_tuple_new(vm, 2);
        if (!t) return ls_vm_oom(vm), -1;
        t->items[0] = LS_INT(it->i++);
        t->items[1] = v;
        *out = LS_OBJ(t);
        return 1;
    }
    case LS_IT_ZIP: {
        LsTuple *its = AS_TUPLE(it->src);
        LsTuple *t = ls_tuple_new(vm, its->n);
        if (!t) return ls_vm_oom(vm), -1;
        for (uint32_t k = 0; k < its->n; k++) {
            int r = ls_iter_next(vm, its->items[k], &t->items[k]);
            if (r <= 0) return r;
        }
        *out = LS_OBJ(t);
        return its->n ? 1 : 0;
    }
    }
    return 0;
}
