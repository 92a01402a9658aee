/* ls_excgroup — BaseExceptionGroup / ExceptionGroup (PEP 654) and the
 * run-time half of `except*`.
 *
 * A group is an LsExc whose type is (a subclass of) BaseExceptionGroup;
 * `args` is (message, exceptions-as-passed) like CPython, and the attribute
 * dict holds `message` and `exceptions` (a tuple). ExceptionGroup derives
 * from both BaseExceptionGroup and Exception: LsType.base2 records the
 * second base (the only multiple inheritance loopscope has).
 *
 * split()/subgroup() keep the nesting of the original group; derived groups
 * copy the traceback, __cause__ and __context__ of the group they came
 * from. `except*` is compiled to STAR_MATCH/STAR_COLLECT/STAR_FINISH
 * (ls_opcodes.h); ls_excgroup_prep_reraise decides what propagates, as
 * CPython's _PyExc_PrepReraiseStar does. User subclasses' derive()
 * overrides are not consulted (a documented deviation). */
#include "ls_vm.h"

#include <string.h>

#define MAYBE __attribute__((unused))
#define NAT(name) static int name(MAYBE LsVm *vm, MAYBE LsValue self, MAYBE uint32_t argc, MAYBE const LsValue *argv, \
                                  MAYBE const LsKwargs *kw, MAYBE LsValue *out)

bool ls_is_exc_group(LsVm *vm, LsValue v) {
    return LS_IS_KIND(v, EXC) && ls_is_subtype(AS_EXC(v)->type, vm->types.e_BaseExceptionGroup);
}

LsTuple *ls_excgroup_members(LsValue eg) {
    LsExc *e = AS_EXC(eg);
    LsValue t = e->attrs ? ls_dict_get_str(e->attrs, "exceptions") : LS_UNDEF;
    return LS_IS_KIND(t, TUPLE) ? AS_TUPLE(t) : NULL;
}

static LsValue group_message(LsValue eg) {
    LsExc *e = AS_EXC(eg);
    LsValue m = e->attrs ? ls_dict_get_str(e->attrs, "message") : LS_UNDEF;
    return LS_IS_KIND(m, STR) ? m : LS_UNDEF;
}

/* Validate (message, exceptions) and build a group of class `cls` (which
 * BaseExceptionGroup turns into ExceptionGroup when every member is an
 * Exception). `args_seq` is what args[1] shows: the sequence as passed. */
static int group_make(LsVm *vm, LsType *cls, LsValue msg, LsValue seq, LsValue args_seq, LsValue *out) {
    if (!LS_IS_KIND(msg, STR))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "BaseExceptionGroup.__new__() argument 1 must be str, not %s",
                            ls_type_name(vm, msg)), -1;
    const LsValue *items;
    uint32_t n;
    if (LS_IS_KIND(seq, LIST)) { items = AS_LIST(seq)->items; n = AS_LIST(seq)->n; }
    else if (LS_IS_KIND(seq, TUPLE)) { items = AS_TUPLE(seq)->items; n = AS_TUPLE(seq)->n; }
    else return ls_vm_raisef(vm, vm->types.e_TypeError, "second argument (exceptions) must be a sequence"), -1;
    if (n == 0) return ls_vm_raisef(vm, vm->types.e_ValueError, "second argument (exceptions) must be a non-empty sequence"), -1;
    bool all_exception = true;
    for (uint32_t i = 0; i < n; i++) {
        if (!LS_IS_KIND(items[i], EXC))
            return ls_vm_raisef(vm, vm->types.e_ValueError, "Item %u of second argument (exceptions) is not an exception", i), -1;
        if (!ls_isinstance(vm, items[i], vm->types.e_Exception)) all_exception = false;
    }
    if (cls == vm->types.e_BaseExceptionGroup && all_exception) cls = vm->types.e_ExceptionGroup;
    if (ls_is_subtype(cls, vm->types.e_ExceptionGroup) && !all_exception)
        return ls_vm_raisef(vm, vm->types.e_TypeError, "Cannot nest BaseExceptions in %s",
                            cls == vm->types.e_ExceptionGroup ? "an ExceptionGroup" : "an ExceptionGroup subclass"), -1;
    LsTuple *args = ls_tuple_new(vm, 2), *members = ls_tuple_new(vm, n);
    if (!args || !members) return ls_vm_oom(vm), -1;
    args->items[0] = msg;
    args->items[1] = args_seq;
    LS_MEMCPY(members->items, items, n * sizeof(LsValue));
    LsValue e = ls_vm_new_exc_args(vm, cls, args);
    if (LS_IS_NONE(e)) return ls_vm_oom(vm), -1;
    LsExc *x = AS_EXC(e);
    if (!(x->attrs = ls_dict_new(vm)) || !ls_dict_set_str(vm, x->attrs, "message", msg) ||
        !ls_dict_set_str(vm, x->attrs, "exceptions", LS_OBJ(members)))
        return ls_vm_oom(vm), -1;
    *out = e;
    return 0;
}

LsValue ls_exc_group_new(LsVm *vm, const char *msg, LsValue list_of_excs) {
    LsStr *m = ls_str_cstr(vm, msg);
    if (!m) { ls_vm_oom(vm); return LS_NONE; }
    LsValue out;
    if (group_make(vm, vm->types.e_BaseExceptionGroup, LS_OBJ(m), list_of_excs, list_of_excs, &out) < 0) return LS_NONE;
    return out;
}

int ls_excgroup_init(LsVm *vm, LsValue exc, uint32_t argc, const LsValue *argv) {
    if (argc != 2)
        return ls_vm_raisef(vm, vm->types.e_TypeError, "BaseExceptionGroup.__new__() takes exactly 2 arguments (%u given)", argc), -1;
    LsValue tmp;
    if (group_make(vm, AS_EXC(exc)->type, argv[0], argv[1], argv[1], &tmp) < 0) return -1;
    AS_EXC(exc)->args = AS_EXC(tmp)->args;
    AS_EXC(exc)->attrs = AS_EXC(tmp)->attrs;
    return 0;
}

NAT(eg_new) {
    if (kw && kw->n) return ls_vm_raisef(vm, vm->types.e_TypeError, "BaseExceptionGroup.__new__() takes no keyword arguments");
    if (argc != 2)
        return ls_vm_raisef(vm, vm->types.e_TypeError, "BaseExceptionGroup.__new__() takes exactly 2 arguments (%u given)", argc);
    return group_make(vm, AS_TYPE(self), argv[0], argv[1], argv[1], out) < 0 ? LS_NAT_ERR : LS_NAT_OK;
}

/* A group like `eg` (same message) with `members`, carrying eg's
 * traceback, cause and context (CPython copies them in derive's callers). */
static int derive_like(LsVm *vm, LsValue eg, LsList *members, LsValue *out) {
    if (group_make(vm, vm->types.e_BaseExceptionGroup, group_message(eg), LS_OBJ(members), LS_OBJ(members), out) < 0) return -1;
    LsExc *src = AS_EXC(eg), *dst = AS_EXC(*out);
    dst->cause = src->cause;
    dst->context = src->context;
    dst->suppress_context = src->suppress_context;
    if (src->n_tb) {
        dst->tb = ls_mem_alloc(vm->mem, src->n_tb * sizeof(LsTbEntry));
        if (!dst->tb) return ls_vm_oom(vm), -1;
        memcpy(dst->tb, src->tb, src->n_tb * sizeof(LsTbEntry));
        dst->n_tb = dst->cap_tb = src->n_tb;
    }
    return 0;
}

/* The condition of split()/subgroup()/except*: a type, a tuple of types,
 * or (for the methods) a predicate. */
static int cond_matches(LsVm *vm, LsValue cond, LsValue exc, bool *m) {
    if (LS_IS_KIND(cond, TYPE)) { *m = ls_isinstance(vm, exc, AS_TYPE(cond)); return 0; }
    if (LS_IS_KIND(cond, TUPLE)) {
        *m = false;
        for (uint32_t i = 0; i < AS_TUPLE(cond)->n && !*m; i++) {
            LsValue t = AS_TUPLE(cond)->items[i];
            if (!LS_IS_KIND(t, TYPE)) goto bad;
            *m = ls_isinstance(vm, exc, AS_TYPE(t));
        }
        return 0;
    }
    if (LS_IS_KIND(cond, FUNCTION) || LS_IS_KIND(cond, BOUND) || LS_IS_KIND(cond, NATIVE)) {
        LsValue r;
        if (ls_vm_call_nested(vm, cond, 1, &exc, &r) < 0) return -1;
        return ls_truth(vm, r, m);
    }
bad:
    return ls_vm_raisef(vm, vm->types.e_TypeError,
                        "expected an exception type, a tuple of exception types, or a callable (other than a class)"), -1;
}

/* Split `exc` by `cond` into *match and *rest (NONE for empty). */
static int split(LsVm *vm, LsValue exc, LsValue cond, bool want_rest, LsValue *match, LsValue *rest) {
    bool m;
    if (cond_matches(vm, cond, exc, &m) < 0) return -1;
    *match = *rest = LS_NONE;
    if (m) { *match = exc; return 0; }
    if (!ls_is_exc_group(vm, exc)) { *rest = exc; return 0; }
    LsTuple *members = ls_excgroup_members(exc);
    LsList *ml = ls_list_new(vm, 0), *rl = ls_list_new(vm, 0);
    if (!ml || !rl) return ls_vm_oom(vm), -1;
    for (uint32_t i = 0; members && i < members->n; i++) {
        LsValue a, b;
        if (split(vm, members->items[i], cond, want_rest, &a, &b) < 0) return -1;
        if (!LS_IS_NONE(a) && !ls_list_append(vm, ml, a)) return ls_vm_oom(vm), -1;
        if (want_rest && !LS_IS_NONE(b) && !ls_list_append(vm, rl, b)) return ls_vm_oom(vm), -1;
    }
    if (ml->n && derive_like(vm, exc, ml, match) < 0) return -1;
    if (want_rest && rl->n && derive_like(vm, exc, rl, rest) < 0) return -1;
    return 0;
}

static int check_group(LsVm *vm, LsValue self, const char *what) {
    if (ls_is_exc_group(vm, self)) return LS_NAT_OK;
    return ls_vm_raisef(vm, vm->types.e_TypeError, "descriptor '%s' requires a 'BaseExceptionGroup' object", what);
}

NAT(eg_split) {
    if (check_group(vm, self, "split") != LS_NAT_OK) return LS_NAT_ERR;
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "BaseExceptionGroup.split() takes exactly one argument (%u given)", argc);
    LsValue m, r;
    if (split(vm, self, argv[0], true, &m, &r) < 0) return LS_NAT_ERR;
    LsTuple *t = ls_tuple_new(vm, 2);
    if (!t) return ls_vm_oom(vm);
    t->items[0] = m;
    t->items[1] = r;
    *out = LS_OBJ(t);
    return LS_NAT_OK;
}

NAT(eg_subgroup) {
    if (check_group(vm, self, "subgroup") != LS_NAT_OK) return LS_NAT_ERR;
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "BaseExceptionGroup.subgroup() takes exactly one argument (%u given)", argc);
    LsValue r;
    return split(vm, self, argv[0], false, out, &r) < 0 ? LS_NAT_ERR : LS_NAT_OK;
}

NAT(eg_derive) {
    if (check_group(vm, self, "derive") != LS_NAT_OK) return LS_NAT_ERR;
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "BaseExceptionGroup.derive() takes exactly one argument (%u given)", argc);
    return group_make(vm, vm->types.e_BaseExceptionGroup, group_message(self), argv[0], argv[0], out) < 0 ? LS_NAT_ERR
                                                                                                         : LS_NAT_OK;
}

NAT(eg_str) {
    if (check_group(vm, self, "__str__") != LS_NAT_OK) return LS_NAT_ERR;
    LsBuf b;
    ls_buf_init(&b);
    ls_excgroup_str(vm, self, &b);
    LsStr *s = ls_str_new(vm, b.data ? b.data : "", b.len);
    ls_buf_fini(&b);
    if (!s) return ls_vm_oom(vm);
    *out = LS_OBJ(s);
    return LS_NAT_OK;
}

void ls_excgroup_str(LsVm *vm, LsValue eg, LsBuf *out) {
    (void)vm;
    LsValue m = group_message(eg);
    LsTuple *members = ls_excgroup_members(eg);
    uint32_t n = members ? members->n : 0;
    if (!LS_IS_UNDEF(m)) ls_buf_append(out, AS_STR(m)->data, AS_STR(m)->len);
    ls_buf_printf(out, " (%u sub-exception%s)", n, n == 1 ? "" : "s");
}

/* ---- except* ----------------------------------------------------------------------- */

int ls_excgroup_star_match(LsVm *vm, LsValue rest, LsValue type, LsValue *match, LsValue *new_rest) {
    *match = LS_NONE;
    *new_rest = rest;
    const LsValue *ts = LS_IS_KIND(type, TUPLE) ? AS_TUPLE(type)->items : &type;
    uint32_t nt = LS_IS_KIND(type, TUPLE) ? AS_TUPLE(type)->n : 1;
    for (uint32_t i = 0; i < nt; i++) {
        if (!LS_IS_KIND(ts[i], TYPE) || !(AS_TYPE(ts[i])->tflags & LS_TYPE_EXCEPTION))
            return ls_vm_raisef(vm, vm->types.e_TypeError,
                                "catching classes that do not inherit from BaseException is not allowed"), -1;
        if (ls_is_subtype(AS_TYPE(ts[i]), vm->types.e_BaseExceptionGroup))
            return ls_vm_raisef(vm, vm->types.e_TypeError,
                                "catching ExceptionGroup with except* is not allowed. Use except instead."), -1;
    }
    if (LS_IS_NONE(rest)) return 0;
    if (!ls_is_exc_group(vm, rest)) {
        /* A naked exception matches as a one-member group ('' message,
         * the member tuple as args, like CPython). */
        bool m;
        if (cond_matches(vm, type, rest, &m) < 0) return -1;
        if (!m) return 0;
        LsTuple *one = ls_tuple_new(vm, 1);
        LsStr *empty = ls_str_new(vm, "", 0);
        if (!one || !empty) return ls_vm_oom(vm), -1;
        one->items[0] = rest;
        if (group_make(vm, vm->types.e_BaseExceptionGroup, LS_OBJ(empty), LS_OBJ(one), LS_OBJ(one), match) < 0) return -1;
        *new_rest = LS_NONE;
        return 0;
    }
    return split(vm, rest, type, true, match, new_rest);
}

/* Leaves of `eg` (identity), appended to `out`. */
static bool collect_leaves(LsVm *vm, LsValue e, LsList *out) {
    if (!ls_is_exc_group(vm, e)) return ls_list_append(vm, out, e);
    LsTuple *m = ls_excgroup_members(e);
    for (uint32_t i = 0; m && i < m->n; i++)
        if (!collect_leaves(vm, m->items[i], out)) return false;
    return true;
}

static bool in_list(LsList *l, LsValue v) {
    for (uint32_t i = 0; i < l->n; i++)
        if (l->items[i].tag == LS_T_OBJ && l->items[i].u.o == v.u.o) return true;
    return false;
}

/* The part of `orig` whose leaves are in `keep` (nesting preserved). */
static int project(LsVm *vm, LsValue orig, LsList *keep, LsValue *out) {
    *out = LS_NONE;
    if (!ls_is_exc_group(vm, orig)) {
        if (in_list(keep, orig)) *out = orig;
        return 0;
    }
    LsTuple *m = ls_excgroup_members(orig);
    LsList *parts = ls_list_new(vm, 0);
    if (!parts) return ls_vm_oom(vm), -1;
    for (uint32_t i = 0; m && i < m->n; i++) {
        LsValue p;
        if (project(vm, m->items[i], keep, &p) < 0) return -1;
        if (!LS_IS_NONE(p) && !ls_list_append(vm, parts, p)) return ls_vm_oom(vm), -1;
    }
    if (!parts->n) return 0;
    if (m && parts->n == m->n) {
        bool same = true;
        for (uint32_t i = 0; i < m->n && same; i++) same = parts->items[i].u.o == m->items[i].u.o;
        if (same) { *out = orig; return 0; }
    }
    return derive_like(vm, orig, parts, out);
}

/* Whether `e` is (part of) `orig` re-raised: split() results carry orig's
 * traceback/cause/context; a new exception does not. */
static bool same_metadata(LsValue e, LsValue orig) {
    if (e.u.o == orig.u.o) return true;
    LsExc *a = AS_EXC(e), *b = AS_EXC(orig);
    if (a->n_tb != b->n_tb || !a->n_tb) return false;
    return memcmp(a->tb, b->tb, a->n_tb * sizeof(LsTbEntry)) == 0 && a->cause.u.o == b->cause.u.o &&
           a->context.u.o == b->context.u.o;
}

int ls_excgroup_prep_reraise(LsVm *vm, LsValue orig, LsList *raised, LsValue rest, LsValue *out) {
    *out = LS_NONE;
    if (!LS_IS_NONE(rest) && !ls_list_append(vm, raised, rest)) return ls_vm_oom(vm), -1;
    if (!raised->n) return 0;
    if (!ls_is_exc_group(vm, orig)) {
        /* A naked exception: at most one clause ran. */
        *out = raised->items[0];
        return 0;
    }
    LsList *fresh = ls_list_new(vm, 0), *leaves = ls_list_new(vm, 0);
    if (!fresh || !leaves) return ls_vm_oom(vm), -1;
    for (uint32_t i = 0; i < raised->n; i++) {
        LsValue e = raised->items[i];
        if (LS_IS_KIND(e, EXC) && same_metadata(e, orig)) {
            if (!collect_leaves(vm, e, leaves)) return ls_vm_oom(vm), -1;
        } else if (!ls_list_append(vm, fresh, e)) {
            return ls_vm_oom(vm), -1;
        }
    }
    LsValue re;
    if (project(vm, orig, leaves, &re) < 0) return -1;
    if (!LS_IS_NONE(re) && !ls_list_append(vm, fresh, re)) return ls_vm_oom(vm), -1;
    if (fresh->n == 0) return 0;
    if (fresh->n == 1) { *out = fresh->items[0]; return 0; }
    LsStr *empty = ls_str_new(vm, "", 0);
    if (!empty) return ls_vm_oom(vm), -1;
    return group_make(vm, vm->types.e_BaseExceptionGroup, LS_OBJ(empty), LS_OBJ(fresh), LS_OBJ(fresh), out);
}

bool ls_excgroup_init_types(LsVm *vm) {
    LsVmTypes *T = &vm->types;
    T->e_ExceptionGroup->base2 = T->e_Exception;
    return ls_type_add_method(vm, T->e_BaseExceptionGroup, "__new__", eg_new) &&
           ls_type_add_method(vm, T->e_BaseExceptionGroup, "split", eg_split) &&
           ls_type_add_method(vm, T->e_BaseExceptionGroup, "subgroup", eg_subgroup) &&
           ls_type_add_method(vm, T->e_BaseExceptionGroup, "derive", eg_derive) &&
           ls_type_add_method(vm, T->e_BaseExceptionGroup, "__str__", eg_str);
}
