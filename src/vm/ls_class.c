/* ls_class — user-defined classes: building a class from its body's
 * namespace, instances, attribute lookup with descriptors (methods,
 * staticmethod, classmethod, property, super), and the special methods
 * (__eq__, __lt__, __hash__, __str__, __len__, __iter__, __add__...) that
 * the value protocol (ls_ops.c, ls_arith.c) consults for user classes.
 *
 * Design note. A class is an LsType flagged LS_TYPE_USER whose `methods`
 * dict is the namespace its body built. Instances are LsInstance objects
 * (attribute dict, no payload) or, for exception subclasses, LsExc objects
 * (their `attrs`). Only single inheritance exists, so the MRO is the base
 * chain. Special methods reached from C run through ls_vm_call_nested();
 * __init__ and ordinary method calls run as frames in the dispatch loop.
 *
 * Refused, with a message: multiple inheritance and metaclasses (compiler),
 * subclassing builtin types other than object and exceptions, __new__ in
 * exception classes, and the hooks whose absence would be silently wrong
 * (__del__, __slots__, __getattribute__, __setattr__, __delattr__). */
#include "ls_vm.h"
#include "ls_arith.h"
#include "ls_num.h"

#include <stdio.h>
#include <string.h>

#define MAYBE __attribute__((unused))
#define NAT(name) static int name(MAYBE LsVm *vm, MAYBE LsValue self, MAYBE uint32_t argc, MAYBE const LsValue *argv, \
                                  MAYBE const LsKwargs *kw, MAYBE LsValue *out)

/* ---- lookup ------------------------------------------------------------------ */

static LsValue lookup(const LsType *t, const char *name) {
    for (; t; t = t->base) {
        LsValue v = ls_dict_get_str(t->methods, name);
        if (!LS_IS_UNDEF(v)) return v;
    }
    return LS_UNDEF;
}

bool ls_is_user_value(LsVm *vm, LsValue v) {
    return v.tag == LS_T_OBJ && (ls_type_of(vm, v)->tflags & LS_TYPE_USER) != 0;
}

LsValue ls_class_user_method(LsVm *vm, LsValue obj, const char *name) {
    if (obj.tag != LS_T_OBJ) return LS_UNDEF;
    for (LsType *t = ls_type_of(vm, obj); t && (t->tflags & LS_TYPE_USER); t = t->base) {
        LsValue v = ls_dict_get_str(t->methods, name);
        if (!LS_IS_UNDEF(v)) return v;
    }
    return LS_UNDEF;
}

static bool is_a(LsValue v, LsType *t) { return LS_IS_KIND(v, INSTANCE) && AS_INSTANCE(v)->type == t; }

static LsValue wrapped(LsValue v, const char *field) {
    return AS_INSTANCE(v)->attrs ? ls_dict_get_str(AS_INSTANCE(v)->attrs, field) : LS_UNDEF;
}

int ls_bind_method(LsVm *vm, LsValue self, LsValue m, LsValue *out) {
    if (is_a(m, vm->types.t_staticmethod)) {
        *out = wrapped(m, "__func__");
        return 0;
    }
    if (is_a(m, vm->types.t_classmethod)) {
        LsValue cls = LS_IS_KIND(self, TYPE) ? self : LS_OBJ(ls_type_of(vm, self));
        return ls_bind_method(vm, cls, wrapped(m, "__func__"), out);
    }
    if (LS_IS_KIND(m, NATIVE)) {
        LsNative *src = AS_NATIVE(m);
        LsNative *n = ls_native_new(vm, src->name, src->fn);
        if (!n) return ls_vm_oom(vm), -1;
        n->qualname = src->qualname;
        n->self = self;
        n->data = src->data;
        *out = LS_OBJ(n);
        return 0;
    }
    if (LS_IS_KIND(m, FUNCTION)) {
        LsBound *b = (LsBound *)ls_obj_alloc(vm, LS_OBJ_BOUND, sizeof(LsBound));
        if (!b) return ls_vm_oom(vm), -1;
        b->self = self;
        b->fn = m;
        *out = LS_OBJ(b);
        return 0;
    }
    *out = m;
    return 0;
}

int ls_class_special(LsVm *vm, LsValue obj, const char *name, LsValue *out) {
    LsValue m = lookup(ls_type_of(vm, obj), name);
    if (LS_IS_UNDEF(m)) return 1;
    return ls_bind_method(vm, obj, m, out);
}

/* Call a user special method `m` (a class attribute) on `self`. */
static int call_special(LsVm *vm, LsValue self, LsValue m, uint32_t argc, const LsValue *argv, LsValue *out) {
    LsValue args[4];
    if (is_a(m, vm->types.t_staticmethod)) return ls_vm_call_nested(vm, wrapped(m, "__func__"), argc, argv, out);
    if (is_a(m, vm->types.t_classmethod)) {
        args[0] = LS_OBJ(ls_type_of(vm, self));
        m = wrapped(m, "__func__");
    } else {
        args[0] = self;
    }
    for (uint32_t i = 0; i < argc && i < 3; i++) args[i + 1] = argv[i];
    return ls_vm_call_nested(vm, m, argc + 1, args, out);
}

static bool is_not_implemented(LsVm *vm, LsValue v) {
    return v.tag == LS_T_OBJ && LS_IS_OBJ(vm->not_implemented) && v.u.o == vm->not_implemented.u.o;
}

/* ---- building classes ------------------------------------------------------------ */

static int wrap_new(LsVm *vm, LsType *t, const char *field, LsValue v, LsValue *out);

static bool base_allowed(LsVm *vm, LsType *b) {
    if (b == vm->types.t_object || (b->tflags & LS_TYPE_USER)) return true;
    return (b->tflags & LS_TYPE_EXCEPTION) && !(b->tflags & LS_TYPE_FUTURE);
}

static const char *type_display(LsType *t, char *buf, size_t n) {
    if (!t->module || strcmp(t->module, "builtins") == 0) return t->name->data;
    snprintf(buf, n, "%s.%s", t->module, t->name->data);
    return buf;
}

int ls_class_build(LsVm *vm, LsValue name, LsValue bases, LsValue nsv, LsValue *out) {
    LsDict *ns = AS_DICT(nsv);
    LsTuple *bt = AS_TUPLE(bases);
    LsType *base = vm->types.t_object;
    if (bt->n > 1) return ls_vm_raisef(vm, vm->types.e_NotImplementedError, "multiple inheritance is not supported by loopscope"), -1;
    if (bt->n == 1) {
        if (!LS_IS_KIND(bt->items[0], TYPE)) return ls_vm_raisef(vm, vm->types.e_TypeError, "bases must be types"), -1;
        base = AS_TYPE(bt->items[0]);
        char buf[200];
        if (!base_allowed(vm, base))
            return ls_vm_raisef(vm, vm->types.e_NotImplementedError, "subclassing '%s' is not supported by loopscope",
                                type_display(base, buf, sizeof buf)), -1;
    }
    static const char *const refused[] = {"__del__", "__slots__", "__getattribute__", "__setattr__",
                                          "__delattr__", NULL};
    for (int i = 0; refused[i]; i++) {
        if (!LS_IS_UNDEF(ls_dict_get_str(ns, refused[i])))
            return ls_vm_raisef(vm, vm->types.e_NotImplementedError, "%s in a class body is not supported by loopscope",
                                refused[i]), -1;
    }
    LsValue nw = ls_dict_get_str(ns, "__new__");
    if (!LS_IS_UNDEF(nw) && (base->tflags & LS_TYPE_EXCEPTION))
        return ls_vm_raisef(vm, vm->types.e_NotImplementedError, "__new__ in an exception class is not supported by loopscope"), -1;
    static const char *const implicit_cm[] = {"__init_subclass__", "__class_getitem__"};
    for (int i = 0; i < 2; i++) {
        LsValue f = ls_dict_get_str(ns, implicit_cm[i]), cm;
        if (LS_IS_KIND(f, FUNCTION) &&   /* implicitly classmethods (CPython) */
            (wrap_new(vm, vm->types.t_classmethod, "__func__", f, &cm) != LS_NAT_OK || !ls_dict_set_str(vm, ns, implicit_cm[i], cm)))
            return -1;
    }
    if (LS_IS_KIND(nw, FUNCTION)) {
        /* __new__ is implicitly a staticmethod (CPython). */
        LsValue sm;
        if (wrap_new(vm, vm->types.t_staticmethod, "__func__", nw, &sm) != LS_NAT_OK ||
            !ls_dict_set_str(vm, ns, "__new__", sm))
            return -1;
    }
    LsType *t = ls_type_new(vm, AS_STR(name)->data, base, LS_TYPE_USER);
    if (!t) return ls_vm_oom(vm), -1;
    t->methods = ns;
    t->module = "__main__";
    LsValue q = ls_dict_get_str(ns, "__qualname__");
    t->qualname = LS_IS_KIND(q, STR) ? AS_STR(q) : AS_STR(name);
    /* Defining __eq__ without __hash__ makes instances unhashable. */
    if (!LS_IS_UNDEF(ls_dict_get_str(ns, "__eq__")) && LS_IS_UNDEF(ls_dict_get_str(ns, "__hash__")) &&
        !ls_dict_set_str(vm, ns, "__hash__", LS_NONE))
        return ls_vm_oom(vm), -1;
    LsValue cell = ls_dict_get_str(ns, "__classcell__");
    if (!LS_IS_UNDEF(cell)) {
        if (LS_IS_KIND(cell, CELL)) AS_CELL(cell)->value = LS_OBJ(t);
        LsStr *k = ls_str_intern(vm, "__classcell__", 13);
        if (!k || ls_dict_del(vm, ns, LS_OBJ(k)) < 0) return ls_vm_oom(vm), -1;
    }
    /* The nearest base's __init_subclass__ hears about the new class. */
    LsValue isc = LS_UNDEF;
    for (LsType *k = base; k && (k->tflags & LS_TYPE_USER) && LS_IS_UNDEF(isc); k = k->base)
        isc = ls_dict_get_str(k->methods, "__init_subclass__");
    if (!LS_IS_UNDEF(isc)) {
        LsValue bound, r;
        if (ls_bind_method(vm, LS_OBJ(t), isc, &bound) < 0 || ls_vm_call_nested(vm, bound, 0, NULL, &r) < 0) return -1;
    }
    /* Descriptors learn their attribute name (object.__set_name__). */
    for (uint32_t i = 0; i < ns->n_entries; i++) {
        LsDictEntry *e = &ns->entries[i];
        if (LS_IS_UNDEF(e->key)) continue;
        LsValue sn = ls_class_user_method(vm, e->value, "__set_name__"), r;
        if (LS_IS_UNDEF(sn)) continue;
        LsValue args[2] = {LS_OBJ(t), e->key};
        if (call_special(vm, e->value, sn, 2, args, &r) < 0) return -1;
    }
    *out = LS_OBJ(t);
    return 0;
}

/* ---- instances ---------------------------------------------------------------------- */

static const char *callable_name(LsType *t) { return t->name->data; }

int ls_class_new_instance(LsVm *vm, LsType *t, uint32_t argc, const LsValue *argv, const LsKwargs *kw,
                          LsValue *inst, LsValue *init) {
    *init = LS_UNDEF;
    LsValue nw = LS_UNDEF;
    for (LsType *k = t; k && (k->tflags & LS_TYPE_USER) && LS_IS_UNDEF(nw); k = k->base) nw = ls_dict_get_str(k->methods, "__new__");
    if (!LS_IS_UNDEF(nw)) {
        /* A user __new__(cls, *args) makes the object; __init__ runs only
         * if it returned an instance of the class. */
        if (kw && kw->n)
            return ls_vm_raisef(vm, vm->types.e_NotImplementedError,
                                "keyword arguments to a class with __new__ are not supported by loopscope"), -1;
        LsValue small[8], *args = argc + 1 <= 8 ? small : ls_mem_alloc(vm->mem, (argc + 1) * sizeof(LsValue));
        if (!args) return ls_vm_oom(vm), -1;
        args[0] = LS_OBJ(t);
        LS_MEMCPY(args + 1, argv, argc * sizeof(LsValue));
        LsValue fn = is_a(nw, vm->types.t_staticmethod) ? wrapped(nw, "__func__") : nw;
        int r = ls_vm_call_nested(vm, fn, argc + 1, args, inst);
        if (args != small) ls_mem_free(vm->mem, args, (argc + 1) * sizeof(LsValue));
        if (r < 0) return -1;
        if (!ls_isinstance(vm, *inst, t)) return 0;
        LsValue m = LS_UNDEF;
        for (LsType *k = t; k && (k->tflags & LS_TYPE_USER) && LS_IS_UNDEF(m); k = k->base) m = ls_dict_get_str(k->methods, "__init__");
        if (LS_IS_KIND(m, FUNCTION) && !(AS_FUNCTION(m)->code->code->flags & (LS_CODE_COROUTINE | LS_CODE_GENERATOR))) *init = m;
        return 0;
    }
    if (t->tflags & LS_TYPE_EXCEPTION) {
        LsTuple *args = ls_tuple_new(vm, argc);
        if (!args) return ls_vm_oom(vm), -1;
        LS_MEMCPY(args->items, argv, argc * sizeof(LsValue));
        *inst = ls_vm_new_exc_args(vm, t, args);
        if (LS_IS_NONE(*inst)) return ls_vm_oom(vm), -1;
        if (ls_is_subtype(t, vm->types.e_BaseExceptionGroup) && ls_excgroup_init(vm, *inst, argc, argv) < 0) return -1;
    } else {
        LsInstance *in = ls_instance_new(vm, t, NULL);
        if (!in) return ls_vm_oom(vm), -1;
        in->attrs = ls_dict_new(vm);
        if (!in->attrs) return ls_vm_oom(vm), -1;
        *inst = LS_OBJ(in);
    }
    LsValue m = LS_UNDEF;
    for (LsType *k = t; k && (k->tflags & LS_TYPE_USER); k = k->base) {
        m = ls_dict_get_str(k->methods, "__init__");
        if (!LS_IS_UNDEF(m)) break;
    }
    if (LS_IS_KIND(m, FUNCTION)) {
        uint32_t flags = AS_FUNCTION(m)->code->code->flags;
        if (flags & (LS_CODE_COROUTINE | LS_CODE_GENERATOR))
            return ls_vm_raisef(vm, vm->types.e_TypeError, "__init__() should return None, not '%s'",
                                (flags & LS_CODE_COROUTINE) ? "coroutine" : "generator"), -1;
        *init = m;
        return 0;
    }
    if (!LS_IS_UNDEF(m)) {
        /* Something else callable assigned to __init__: call it now. */
        LsValue r;
        if (call_special(vm, *inst, m, argc > 3 ? 3 : argc, argv, &r) < 0) return -1;
        return 0;
    }
    /* Inherited from a builtin: BaseException.__init__ just stores the
     * arguments (done above); object.__init__ takes none. */
    if (!(t->tflags & LS_TYPE_EXCEPTION) && (argc || (kw && kw->n)))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "%s() takes no arguments", callable_name(t)), -1;
    if ((t->tflags & LS_TYPE_EXCEPTION) && kw && kw->n)
        return ls_vm_raisef(vm, vm->types.e_TypeError, "%s() takes no keyword arguments", callable_name(t)), -1;
    return 0;
}

/* ---- attributes ----------------------------------------------------------------------- */

static LsDict **attrs_of(LsValue obj) {
    if (LS_IS_KIND(obj, INSTANCE)) return &AS_INSTANCE(obj)->attrs;
    if (LS_IS_KIND(obj, EXC)) return &AS_EXC(obj)->attrs;
    return NULL;
}

static const char *type_qualname(LsType *t) { return t->qualname ? t->qualname->data : t->name->data; }

/* Resolve a class attribute found for an instance lookup. */
static int resolve_found(LsVm *vm, LsValue obj, LsValue m, const char *name, LsValue *out) {
    if (is_a(m, vm->types.t_property)) {
        LsValue get = wrapped(m, "fget");
        if (LS_IS_UNDEF(get) || LS_IS_NONE(get))
            return ls_vm_raisef(vm, vm->types.e_AttributeError, "property '%s' of '%s' object has no getter", name,
                                ls_type_name(vm, obj)), -1;
        return ls_vm_call_nested(vm, get, 1, &obj, out);
    }
    LsValue dget = ls_class_user_method(vm, m, "__get__");
    if (!LS_IS_UNDEF(dget)) {   /* a user descriptor */
        LsValue args[2] = {obj, LS_OBJ(ls_type_of(vm, obj))};
        return call_special(vm, m, dget, 2, args, out);
    }
    return ls_bind_method(vm, obj, m, out);
}

static int super_getattr(LsVm *vm, LsValue sup, LsStr *name, LsValue *out) {
    LsValue this = wrapped(sup, "__thisclass__"), obj = wrapped(sup, "__self__");
    if (strcmp(name->data, "__thisclass__") == 0) { *out = this; return 0; }
    if (strcmp(name->data, "__self__") == 0) { *out = obj; return 0; }
    LsValue m = lookup(AS_TYPE(this)->base, name->data);
    if (strcmp(name->data, "__new__") == 0) {
        /* A staticmethod: returned unbound, the caller passes cls. */
        if (LS_IS_UNDEF(m) || LS_IS_KIND(m, NATIVE)) m = vm->object_new;
        else if (is_a(m, vm->types.t_staticmethod)) m = wrapped(m, "__func__");
        *out = m;
        return 0;
    }
    if (LS_IS_UNDEF(m))
        return ls_vm_raisef(vm, vm->types.e_AttributeError, "'super' object has no attribute '%s'", name->data), -1;
    return resolve_found(vm, obj, m, name->data, out);
}

static int type_getattr(LsVm *vm, LsType *t, LsStr *name, LsValue *out) {
    const char *n = name->data;
    if (strcmp(n, "__name__") == 0) { *out = LS_OBJ(t->name); return 1; }
    if (strcmp(n, "__qualname__") == 0) { *out = LS_OBJ(t->qualname ? t->qualname : t->name); return 1; }
    if (strcmp(n, "__base__") == 0) { *out = t->base ? LS_OBJ(t->base) : LS_NONE; return 1; }
    if (strcmp(n, "__bases__") == 0 || strcmp(n, "__mro__") == 0) {
        bool mro = n[2] == 'm';
        uint32_t k = 0;
        for (LsType *b = mro ? t : t->base; b && (mro || k < 1); b = b->base) k++;
        LsTuple *tu = ls_tuple_new(vm, k);
        if (!tu) return ls_vm_oom(vm), -1;
        k = 0;
        for (LsType *b = mro ? t : t->base; b && k < tu->n; b = b->base) tu->items[k++] = LS_OBJ(b);
        *out = LS_OBJ(tu);
        return 1;
    }
    if (t == vm->types.t_object && strcmp(n, "__new__") == 0) { *out = vm->object_new; return 1; }
    if (!(t->tflags & LS_TYPE_USER)) return 0;
    LsValue m = lookup(t, n);
    if (LS_IS_UNDEF(m))
        return ls_vm_raisef(vm, vm->types.e_AttributeError, "type object '%s' has no attribute '%s'", t->name->data, n), -1;
    if (is_a(m, vm->types.t_staticmethod)) { *out = wrapped(m, "__func__"); return 1; }
    if (is_a(m, vm->types.t_classmethod)) return ls_bind_method(vm, LS_OBJ(t), wrapped(m, "__func__"), out) < 0 ? -1 : 1;
    LsValue dget = ls_class_user_method(vm, m, "__get__");
    if (!LS_IS_UNDEF(dget)) {
        LsValue args[2] = {LS_NONE, LS_OBJ(t)};
        return call_special(vm, m, dget, 2, args, out) < 0 ? -1 : 1;
    }
    *out = m;
    return 1;
}

int ls_class_getattr(LsVm *vm, LsValue obj, LsStr *name, LsValue *out) {
    if (obj.tag != LS_T_OBJ) return 0;
    if (strcmp(name->data, "__class__") == 0) {
        *out = LS_OBJ(ls_type_of(vm, obj));
        return 1;
    }
    if (LS_IS_KIND(obj, TYPE)) return type_getattr(vm, AS_TYPE(obj), name, out);
    if (LS_IS_KIND(obj, BOUND)) {
        LsBound *b = AS_BOUND(obj);
        if (strcmp(name->data, "__self__") == 0) { *out = b->self; return 1; }
        if (strcmp(name->data, "__func__") == 0) { *out = b->fn; return 1; }
        if (LS_IS_KIND(b->fn, FUNCTION) && strcmp(name->data, "__name__") == 0) { *out = LS_OBJ(AS_FUNCTION(b->fn)->name); return 1; }
        if (LS_IS_KIND(b->fn, FUNCTION) && strcmp(name->data, "__qualname__") == 0) {
            *out = LS_OBJ(AS_FUNCTION(b->fn)->qualname);
            return 1;
        }
        return 0;
    }
    if (is_a(obj, vm->types.t_super)) return super_getattr(vm, obj, name, out) < 0 ? -1 : 1;
    LsType *t = ls_type_of(vm, obj);
    if (!(t->tflags & LS_TYPE_USER)) {
        if (!(t->tflags & LS_TYPE_NATIVE_PROPS)) return 0;
        LsValue p = lookup(t, name->data);
        return is_a(p, vm->types.t_property) ? (resolve_found(vm, obj, p, name->data, out) < 0 ? -1 : 1) : 0;
    }
    LsValue m = lookup(t, name->data);
    if (is_a(m, vm->types.t_property) || !LS_IS_UNDEF(ls_class_user_method(vm, m, "__set__")))
        return resolve_found(vm, obj, m, name->data, out) < 0 ? -1 : 1;   /* data descriptors first */
    LsDict **attrs = attrs_of(obj);
    if (attrs && *attrs) {
        LsValue v = ls_dict_get_str(*attrs, name->data);
        if (!LS_IS_UNDEF(v)) { *out = v; return 1; }
    }
    if (attrs && strcmp(name->data, "__dict__") == 0) {
        if (!*attrs && !(*attrs = ls_dict_new(vm))) return ls_vm_oom(vm), -1;
        *out = LS_OBJ(*attrs);
        return 1;
    }
    if (LS_IS_KIND(obj, EXC)) {
        LsExc *e = AS_EXC(obj);
        if (strcmp(name->data, "args") == 0) {
            *out = e->args ? LS_OBJ(e->args) : LS_NONE;
            return 1;
        }
        if (strcmp(name->data, "__cause__") == 0) { *out = e->cause; return 1; }
        if (strcmp(name->data, "__context__") == 0) { *out = e->context; return 1; }
    }
    if (!LS_IS_UNDEF(m)) return resolve_found(vm, obj, m, name->data, out) < 0 ? -1 : 1;
    LsValue ga = lookup(t, "__getattr__");
    if (!LS_IS_UNDEF(ga) && (t->tflags & LS_TYPE_USER)) {
        LsValue arg = LS_OBJ(name);
        return call_special(vm, obj, ga, 1, &arg, out) < 0 ? -1 : 1;
    }
    return ls_vm_raisef(vm, vm->types.e_AttributeError, "'%s' object has no attribute '%s'", t->name->data,
                        name->data), -1;
}

int ls_class_setattr(LsVm *vm, LsValue obj, LsStr *name, LsValue v) {
    if (LS_IS_KIND(obj, TYPE)) {
        LsType *t = AS_TYPE(obj);
        if (!(t->tflags & LS_TYPE_USER))
            return ls_vm_raisef(vm, vm->types.e_TypeError, "cannot set '%s' attribute of immutable type '%s'", name->data,
                                t->name->data), -1;
        return ls_dict_set(vm, t->methods, LS_OBJ(name), v) < 0 ? -1 : 1;
    }
    if (obj.tag != LS_T_OBJ || !(ls_type_of(vm, obj)->tflags & LS_TYPE_USER)) return 0;
    LsValue m = lookup(ls_type_of(vm, obj), name->data);
    if (is_a(m, vm->types.t_property)) {
        LsValue set = wrapped(m, "fset");
        if (LS_IS_UNDEF(set) || LS_IS_NONE(set))
            return ls_vm_raisef(vm, vm->types.e_AttributeError, "property '%s' of '%s' object has no setter", name->data,
                                ls_type_name(vm, obj)), -1;
        LsValue args[2] = {obj, v}, r;
        return ls_vm_call_nested(vm, set, 2, args, &r) < 0 ? -1 : 1;
    }
    LsValue dset = ls_class_user_method(vm, m, "__set__");
    if (!LS_IS_UNDEF(dset)) {   /* a user data descriptor */
        LsValue args[2] = {obj, v}, r;
        return call_special(vm, m, dset, 2, args, &r) < 0 ? -1 : 1;
    }
    return 0;   /* the plain attribute dict: ls_setattr stores it */
}

int ls_delattr(LsVm *vm, LsValue obj, LsStr *name) {
    LsDict **attrs = attrs_of(obj);
    if (LS_IS_KIND(obj, TYPE) && (AS_TYPE(obj)->tflags & LS_TYPE_USER)) attrs = &AS_TYPE(obj)->methods;
    if (attrs && ls_is_user_value(vm, obj)) {
        LsValue m = lookup(ls_type_of(vm, obj), name->data);
        if (is_a(m, vm->types.t_property)) {
            LsValue del = wrapped(m, "fdel");
            if (LS_IS_UNDEF(del) || LS_IS_NONE(del))
                return ls_vm_raisef(vm, vm->types.e_AttributeError, "property '%s' of '%s' object has no deleter",
                                    name->data, ls_type_name(vm, obj)), -1;
            LsValue r;
            return ls_vm_call_nested(vm, del, 1, &obj, &r);
        }
    }
    int r = attrs && *attrs ? ls_dict_del(vm, *attrs, LS_OBJ(name)) : 0;
    if (r < 0) return -1;
    if (r == 0) {
        if (LS_IS_KIND(obj, TYPE)) return ls_vm_raisef(vm, vm->types.e_AttributeError, "%s", name->data), -1;
        return ls_vm_raisef(vm, vm->types.e_AttributeError, "'%s' object has no attribute '%s'", ls_type_name(vm, obj),
                            name->data), -1;
    }
    return 0;
}

/* ---- special methods ------------------------------------------------------------------ */

static int want_str(LsVm *vm, LsValue r, const char *what, LsBuf *out) {
    if (!LS_IS_KIND(r, STR))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "%s returned non-string (type %s)", what, ls_type_name(vm, r)), -1;
    ls_buf_append(out, AS_STR(r)->data, AS_STR(r)->len);
    return 1;
}

int ls_class_repr(LsVm *vm, LsValue v, LsBuf *out) {
    if (is_not_implemented(vm, v)) { ls_buf_puts(out, "NotImplemented"); return 1; }
    if (is_a(v, vm->types.t_property) || is_a(v, vm->types.t_staticmethod) || is_a(v, vm->types.t_classmethod) ||
        is_a(v, vm->types.t_super)) {
        ls_buf_printf(out, "<%s object at 0x0000>", ls_type_name(vm, v));
        return 1;
    }
    if (!ls_is_user_value(vm, v)) return 0;
    LsValue m = ls_class_user_method(vm, v, "__repr__"), r;
    if (LS_IS_UNDEF(m)) {
        if (LS_IS_KIND(v, EXC)) return 0;   /* BaseException.__repr__ */
        ls_buf_printf(out, "<__main__.%s object at 0x0000>", type_qualname(ls_type_of(vm, v)));
        return 1;
    }
    if (call_special(vm, v, m, 0, NULL, &r) < 0) return -1;
    return want_str(vm, r, "__repr__", out);
}

int ls_class_str(LsVm *vm, LsValue v, LsBuf *out) {
    if (!ls_is_user_value(vm, v)) return 0;
    LsValue m = ls_class_user_method(vm, v, "__str__"), r;
    if (LS_IS_UNDEF(m)) return 0;   /* object.__str__ = repr; BaseException.__str__ = args */
    if (call_special(vm, v, m, 0, NULL, &r) < 0) return -1;
    return want_str(vm, r, "__str__", out);
}

int ls_class_format(LsVm *vm, LsValue v, const char *spec, size_t len, LsBuf *out) {
    if (!ls_is_user_value(vm, v)) return 0;
    LsValue m = ls_class_user_method(vm, v, "__format__"), r;
    if (LS_IS_UNDEF(m)) return 0;
    LsStr *s = ls_str_new(vm, spec, len);
    if (!s) return ls_vm_oom(vm), -1;
    LsValue arg = LS_OBJ(s);
    if (call_special(vm, v, m, 1, &arg, &r) < 0) return -1;
    return want_str(vm, r, "__format__", out);
}

int ls_class_hash(LsVm *vm, LsValue v, uint64_t *h) {
    if (!ls_is_user_value(vm, v)) return 0;
    LsValue m = ls_class_user_method(vm, v, "__hash__"), r;
    if (LS_IS_UNDEF(m)) return 0;   /* identity */
    if (LS_IS_NONE(m)) return ls_vm_raisef(vm, vm->types.e_TypeError, "unhashable type: '%s'", ls_type_name(vm, v)), -1;
    if (call_special(vm, v, m, 0, NULL, &r) < 0) return -1;
    if (!LS_IS_INT(r) && !LS_IS_BOOL(r))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "__hash__ method should return an integer"), -1;
    return ls_hash(vm, r, h) < 0 ? -1 : 1;
}

int ls_class_truth(LsVm *vm, LsValue v, bool *out) {
    if (!ls_is_user_value(vm, v)) return 0;
    LsValue m = ls_class_user_method(vm, v, "__bool__"), r;
    if (!LS_IS_UNDEF(m)) {
        if (call_special(vm, v, m, 0, NULL, &r) < 0) return -1;
        if (!LS_IS_BOOL(r))
            return ls_vm_raisef(vm, vm->types.e_TypeError, "__bool__ should return bool, returned %s",
                                ls_type_name(vm, r)), -1;
        *out = r.u.b;
        return 1;
    }
    if (LS_IS_UNDEF(ls_class_user_method(vm, v, "__len__"))) return 0;
    int64_t n;
    if (ls_class_len(vm, v, &n) < 0) return -1;
    *out = n != 0;
    return 1;
}

int ls_class_len(LsVm *vm, LsValue v, int64_t *out) {
    LsValue m = ls_class_user_method(vm, v, "__len__"), r;
    if (LS_IS_UNDEF(m)) return 0;
    if (call_special(vm, v, m, 0, NULL, &r) < 0) return -1;
    if (!LS_IS_INT(r) && !LS_IS_BOOL(r))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' object cannot be interpreted as an integer",
                            ls_type_name(vm, r)), -1;
    int64_t n = LS_IS_BOOL(r) ? r.u.b : r.u.i;
    if (n < 0) return ls_vm_raisef(vm, vm->types.e_ValueError, "__len__() should return >= 0"), -1;
    *out = n;
    return 1;
}

static int item_call(LsVm *vm, LsValue obj, const char *name, uint32_t argc, const LsValue *argv, LsValue *out) {
    LsValue m = ls_class_user_method(vm, obj, name);
    if (LS_IS_UNDEF(m)) return 0;
    return call_special(vm, obj, m, argc, argv, out) < 0 ? -1 : 1;
}

int ls_class_getitem(LsVm *vm, LsValue obj, LsValue key, LsValue *out) {
    if (LS_IS_KIND(obj, TYPE)) {
        LsValue m = (AS_TYPE(obj)->tflags & LS_TYPE_USER) ? lookup(AS_TYPE(obj), "__class_getitem__") : LS_UNDEF, bound;
        if (LS_IS_UNDEF(m)) return 0;
        if (ls_bind_method(vm, obj, m, &bound) < 0) return -1;
        return ls_vm_call_nested(vm, bound, 1, &key, out) < 0 ? -1 : 1;
    }
    return item_call(vm, obj, "__getitem__", 1, &key, out);
}

int ls_class_setitem(LsVm *vm, LsValue obj, LsValue key, LsValue v) {
    LsValue args[2] = {key, v}, r;
    return item_call(vm, obj, "__setitem__", 2, args, &r);
}

int ls_class_delitem(LsVm *vm, LsValue obj, LsValue key) {
    LsValue r;
    return item_call(vm, obj, "__delitem__", 1, &key, &r);
}

int ls_class_contains(LsVm *vm, LsValue c, LsValue item, bool *out) {
    LsValue r;
    int h = item_call(vm, c, "__contains__", 1, &item, &r);
    if (h < 0) return -1;
    if (h == 1) return ls_truth(vm, r, out) < 0 ? -1 : 1;
    if (LS_IS_UNDEF(ls_class_user_method(vm, c, "__iter__"))) return 0;
    LsValue it, x;
    if (ls_get_iter(vm, c, &it) < 0) return -1;
    int k;
    while ((k = ls_iter_next(vm, it, &x)) == 1) {
        bool eq;
        if (ls_equal(vm, x, item, &eq) < 0) return -1;
        if (eq) { *out = true; return 1; }
    }
    if (k < 0) return -1;
    *out = false;
    return 1;
}

static bool is_iterator(LsVm *vm, LsValue v) {
    if (LS_IS_KIND(v, ITER)) return true;
    if (LS_IS_KIND(v, CORO) && ((LsCoro *)v.u.o)->ckind == LS_CO_GENERATOR) return true;
    return !LS_IS_UNDEF(ls_class_user_method(vm, v, "__next__"));
}

int ls_class_get_iter(LsVm *vm, LsValue v, LsValue *out) {
    LsValue m = ls_class_user_method(vm, v, "__iter__");
    if (LS_IS_UNDEF(m)) return 0;
    if (call_special(vm, v, m, 0, NULL, out) < 0) return -1;
    if (!is_iterator(vm, *out))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "iter() returned non-iterator of type '%s'",
                            ls_type_name(vm, *out)), -1;
    return 1;
}

int ls_class_iter_next(LsVm *vm, LsValue it, LsValue *out) {
    if (LS_IS_KIND(it, CORO) && ((LsCoro *)it.u.o)->ckind == LS_CO_GENERATOR) return ls_vm_gen_next_nested(vm, it, out);
    LsValue m = ls_class_user_method(vm, it, "__next__");
    if (LS_IS_UNDEF(m))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' object is not an iterator", ls_type_name(vm, it)), -1;
    if (call_special(vm, it, m, 0, NULL, out) == 0) return 1;
    if (ls_isinstance(vm, vm->exc, vm->types.e_StopIteration)) {
        vm->exc = LS_NONE;
        return 0;
    }
    return -1;
}

/* Rich comparison: a.__op__(b), then the reflection b.__rop__(a) (first
 * when b's class is a subclass of a's), NotImplemented meaning "try the
 * other"; == and != fall back to identity. */
static const char *const CMP_DUNDER[] = {"__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"};
static const uint32_t CMP_SWAP[] = {LS_CMP_GT, LS_CMP_GE, LS_CMP_EQ, LS_CMP_NE, LS_CMP_LT, LS_CMP_LE};
static const char *const CMP_SYM[] = {"<", "<=", "==", "!=", ">", ">="};

static int try_cmp(LsVm *vm, LsValue x, const char *name, LsValue y, LsValue *out) {
    LsValue m = ls_class_user_method(vm, x, name);
    if (LS_IS_UNDEF(m)) return 0;
    if (call_special(vm, x, m, 1, &y, out) < 0) return -1;
    return is_not_implemented(vm, *out) ? 0 : 1;
}

int ls_class_compare(LsVm *vm, uint32_t op, LsValue a, LsValue b, LsValue *out) {
    if (op > LS_CMP_GE || (!ls_is_user_value(vm, a) && !ls_is_user_value(vm, b))) return 0;
    LsType *ta = ls_type_of(vm, a), *tb = ls_type_of(vm, b);
    bool reflected_first = ta != tb && ls_is_subtype(tb, ta) && (tb->tflags & LS_TYPE_USER);
    int r;
    for (int pass = 0; pass < 2; pass++) {
        bool refl = (pass == 0) == reflected_first;
        r = refl ? try_cmp(vm, b, CMP_DUNDER[CMP_SWAP[op]], a, out) : try_cmp(vm, a, CMP_DUNDER[op], b, out);
        if (r != 0) return r;
    }
    if (op == LS_CMP_NE) {
        /* object.__ne__ inverts __eq__. */
        LsValue e;
        r = try_cmp(vm, a, "__eq__", b, &e);
        if (r == 0) r = try_cmp(vm, b, "__eq__", a, &e);
        if (r < 0) return -1;
        if (r == 1) {
            bool t;
            if (ls_truth(vm, e, &t) < 0) return -1;
            *out = LS_BOOL(!t);
            return 1;
        }
    }
    if (op == LS_CMP_EQ || op == LS_CMP_NE) {
        bool same = a.tag == b.tag && (a.tag != LS_T_OBJ || a.u.o == b.u.o);
        *out = LS_BOOL(op == LS_CMP_EQ ? same : !same);
        return 1;
    }
    return ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' not supported between instances of '%s' and '%s'", CMP_SYM[op],
                        ls_type_name(vm, a), ls_type_name(vm, b)), -1;
}

static const char *const BINOP_DUNDER[] = {"add", "sub", "mul", "truediv", "floordiv", "mod", "pow",
                                           "lshift", "rshift", "and", "or", "xor", "matmul"};

int ls_class_binop(LsVm *vm, uint32_t opa, LsValue a, LsValue b, LsValue *out) {
    uint32_t op = opa & 0xff;
    if (op >= LS_BINOP__COUNT || (!ls_is_user_value(vm, a) && !ls_is_user_value(vm, b))) return 0;
    char name[24];
    int r;
    if (opa & LS_BINOP_INPLACE) {
        snprintf(name, sizeof name, "__i%s__", BINOP_DUNDER[op]);
        if ((r = try_cmp(vm, a, name, b, out)) != 0) return r;
    }
    snprintf(name, sizeof name, "__%s__", BINOP_DUNDER[op]);
    if ((r = try_cmp(vm, a, name, b, out)) != 0) return r;
    snprintf(name, sizeof name, "__r%s__", BINOP_DUNDER[op]);
    if ((r = try_cmp(vm, b, name, a, out)) != 0) return r;
    return 0;   /* the builtin path raises "unsupported operand type(s)" */
}

int ls_class_unary(LsVm *vm, int op, LsValue a, LsValue *out) {
    const char *name = op == LS_OP_UNARY_NEG ? "__neg__" : op == LS_OP_UNARY_POS ? "__pos__" : "__invert__";
    if (!ls_is_user_value(vm, a)) return 0;
    LsValue m = ls_class_user_method(vm, a, name);
    if (LS_IS_UNDEF(m)) return 0;
    return call_special(vm, a, m, 0, NULL, out) < 0 ? -1 : 1;
}

/* ---- builtins ------------------------------------------------------------------------------ */

static int wrap_new(LsVm *vm, LsType *t, const char *field, LsValue v, LsValue *out) {
    LsInstance *in = ls_instance_new(vm, t, NULL);
    if (!in || !(in->attrs = ls_dict_new(vm)) || !ls_dict_set_str(vm, in->attrs, field, v)) return ls_vm_oom(vm);
    *out = LS_OBJ(in);
    return LS_NAT_OK;
}

static int one_arg(LsVm *vm, const char *what, uint32_t argc, const LsKwargs *kw) {
    if (kw && kw->n) return ls_vm_raisef(vm, vm->types.e_TypeError, "%s() takes no keyword arguments", what);
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "%s expected 1 argument, got %u", what, argc);
    return LS_NAT_OK;
}

NAT(staticmethod_new) {
    if (one_arg(vm, "staticmethod", argc, kw) != LS_NAT_OK) return LS_NAT_ERR;
    return wrap_new(vm, vm->types.t_staticmethod, "__func__", argv[0], out);
}

NAT(classmethod_new) {
    if (one_arg(vm, "classmethod", argc, kw) != LS_NAT_OK) return LS_NAT_ERR;
    return wrap_new(vm, vm->types.t_classmethod, "__func__", argv[0], out);
}

static const char *const PROP_FIELDS[] = {"fget", "fset", "fdel", "__doc__"};

static int property_make(LsVm *vm, const LsValue *fields, LsValue *out) {
    LsInstance *in = ls_instance_new(vm, vm->types.t_property, NULL);
    if (!in || !(in->attrs = ls_dict_new(vm))) return ls_vm_oom(vm);
    for (int i = 0; i < 4; i++)
        if (!ls_dict_set_str(vm, in->attrs, PROP_FIELDS[i], fields[i])) return ls_vm_oom(vm);
    *out = LS_OBJ(in);
    return LS_NAT_OK;
}

NAT(property_new) {
    LsValue f[4] = {LS_NONE, LS_NONE, LS_NONE, LS_NONE};
    if (argc > 4) return ls_vm_raisef(vm, vm->types.e_TypeError, "property() takes at most 4 arguments (%u given)", argc);
    for (uint32_t i = 0; i < argc; i++) f[i] = argv[i];
    for (uint32_t k = 0; kw && k < kw->n; k++) {
        int i = 0;
        const char *n = kw->names[k]->data;
        while (i < 4 && strcmp(n, i == 3 ? "doc" : PROP_FIELDS[i]) != 0) i++;
        if (i == 4) return ls_vm_raisef(vm, vm->types.e_TypeError, "property() got an unexpected keyword argument '%s'", n);
        f[i] = kw->values[k];
    }
    return property_make(vm, f, out);
}

static int property_with(LsVm *vm, LsValue self, uint32_t argc, const LsValue *argv, int which, LsValue *out) {
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "expected 1 argument, got %u", argc);
    LsValue f[4];
    for (int i = 0; i < 4; i++) f[i] = wrapped(self, PROP_FIELDS[i]);
    f[which] = argv[0];
    return property_make(vm, f, out);
}
NAT(property_getter) { return property_with(vm, self, argc, argv, 0, out); }
NAT(property_setter) { return property_with(vm, self, argc, argv, 1, out); }
NAT(property_deleter) { return property_with(vm, self, argc, argv, 2, out); }

NAT(super_new) {
    if (argc == 0) return ls_vm_raisef(vm, vm->types.e_RuntimeError, "super(): no arguments");
    if (argc != 2) return ls_vm_raisef(vm, vm->types.e_NotImplementedError, "super() with one argument is not supported by loopscope");
    if (!LS_IS_KIND(argv[0], TYPE))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "super() argument 1 must be a type, not %s", ls_type_name(vm, argv[0]));
    LsType *t = AS_TYPE(argv[0]);
    LsValue obj = argv[1];
    bool ok = LS_IS_KIND(obj, TYPE) ? ls_is_subtype(AS_TYPE(obj), t) : ls_isinstance(vm, obj, t);
    if (!ok) return ls_vm_raisef(vm, vm->types.e_TypeError, "super(type, obj): obj must be an instance or subtype of type");
    int r = wrap_new(vm, vm->types.t_super, "__thisclass__", argv[0], out);
    if (r != LS_NAT_OK) return r;
    return ls_dict_set_str(vm, AS_INSTANCE(*out)->attrs, "__self__", obj) ? LS_NAT_OK : ls_vm_oom(vm);
}

NAT(bi_issubclass) {
    if (argc != 2) return ls_vm_raisef(vm, vm->types.e_TypeError, "issubclass expected 2 arguments, got %u", argc);
    if (!LS_IS_KIND(argv[0], TYPE)) return ls_vm_raisef(vm, vm->types.e_TypeError, "issubclass() arg 1 must be a class");
    LsValue t = argv[1];
    uint32_t n = LS_IS_KIND(t, TUPLE) ? AS_TUPLE(t)->n : 1;
    for (uint32_t i = 0; i < n; i++) {
        LsValue ti = LS_IS_KIND(t, TUPLE) ? AS_TUPLE(t)->items[i] : t;
        if (!LS_IS_KIND(ti, TYPE))
            return ls_vm_raisef(vm, vm->types.e_TypeError, "issubclass() arg 2 must be a class, a tuple of classes, or a union");
        if (ls_is_subtype(AS_TYPE(argv[0]), AS_TYPE(ti)) ||
            (AS_TYPE(ti) == vm->types.t_int && AS_TYPE(argv[0]) == vm->types.t_bool)) {
            *out = LS_BOOL(true);
            return LS_NAT_OK;
        }
    }
    *out = LS_BOOL(false);
    return LS_NAT_OK;
}

static int attr_name(LsVm *vm, const char *fn, LsValue v, LsStr **out) {
    if (!LS_IS_KIND(v, STR))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "%s(): attribute name must be string", fn);
    *out = ls_str_intern(vm, AS_STR(v)->data, AS_STR(v)->len);
    return *out ? LS_NAT_OK : ls_vm_oom(vm);
}

NAT(bi_getattr) {
    if (argc < 2 || argc > 3) return ls_vm_raisef(vm, vm->types.e_TypeError, "getattr expected 2 or 3 arguments, got %u", argc);
    LsStr *name;
    if (attr_name(vm, "getattr", argv[1], &name) != LS_NAT_OK) return LS_NAT_ERR;
    if (ls_getattr(vm, argv[0], name, out) == 0) return LS_NAT_OK;
    if (argc == 3 && ls_isinstance(vm, vm->exc, vm->types.e_AttributeError)) {
        vm->exc = LS_NONE;
        *out = argv[2];
        return LS_NAT_OK;
    }
    return LS_NAT_ERR;
}

NAT(bi_hasattr) {
    if (argc != 2) return ls_vm_raisef(vm, vm->types.e_TypeError, "hasattr expected 2 arguments, got %u", argc);
    LsStr *name;
    LsValue v;
    if (attr_name(vm, "hasattr", argv[1], &name) != LS_NAT_OK) return LS_NAT_ERR;
    if (ls_getattr(vm, argv[0], name, &v) == 0) { *out = LS_BOOL(true); return LS_NAT_OK; }
    if (!ls_isinstance(vm, vm->exc, vm->types.e_AttributeError)) return LS_NAT_ERR;
    vm->exc = LS_NONE;
    *out = LS_BOOL(false);
    return LS_NAT_OK;
}

NAT(bi_setattr) {
    if (argc != 3) return ls_vm_raisef(vm, vm->types.e_TypeError, "setattr expected 3 arguments, got %u", argc);
    LsStr *name;
    if (attr_name(vm, "setattr", argv[1], &name) != LS_NAT_OK) return LS_NAT_ERR;
    if (ls_setattr(vm, argv[0], name, argv[2]) < 0) return LS_NAT_ERR;
    *out = LS_NONE;
    return LS_NAT_OK;
}

NAT(bi_iter) {
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_NotImplementedError, "iter() takes exactly one argument in loopscope");
    return ls_get_iter(vm, argv[0], out) < 0 ? LS_NAT_ERR : LS_NAT_OK;
}

static int stop_iteration(LsVm *vm, LsValue value);

NAT(bi_next) {
    if (argc < 1 || argc > 2) return ls_vm_raisef(vm, vm->types.e_TypeError, "next expected at least 1 argument, got %u", argc);
    LsValue it = argv[0];
    if (!is_iterator(vm, it))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' object is not an iterator", ls_type_name(vm, it));
    int r = LS_IS_KIND(it, CORO) ? ls_vm_gen_resume_nested(vm, it, LS_NONE, LS_UNDEF, out) : ls_iter_next(vm, it, out);
    if (r == 1) return LS_NAT_OK;
    if (r < 0) return LS_NAT_ERR;
    if (argc == 2) {
        *out = argv[1];
        return LS_NAT_OK;
    }
    /* A generator's return value travels in StopIteration.value. */
    return stop_iteration(vm, LS_IS_KIND(it, CORO) ? *out : LS_NONE);
}

NAT(bi_hash) {
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "hash() takes exactly one argument (%u given)", argc);
    uint64_t h;
    if (ls_hash(vm, argv[0], &h) < 0) return LS_NAT_ERR;
    LsValue v = argv[0];
    /* Numbers hash to themselves as in CPython (small ints, bools). */
    if (LS_IS_INT(v) || LS_IS_BOOL(v)) *out = LS_INT(LS_IS_BOOL(v) ? v.u.b : (v.u.i == -1 ? -2 : v.u.i));
    else *out = LS_INT((int64_t)(h >> 1));
    return LS_NAT_OK;
}

NAT(bi_callable) {
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "callable() takes exactly one argument (%u given)", argc);
    LsValue v = argv[0];
    bool c = LS_IS_KIND(v, FUNCTION) || LS_IS_KIND(v, NATIVE) || LS_IS_KIND(v, BOUND) || LS_IS_KIND(v, TYPE) ||
             !LS_IS_UNDEF(ls_class_user_method(vm, v, "__call__"));
    *out = LS_BOOL(c);
    return LS_NAT_OK;
}

/* ---- generator methods ------------------------------------------------------------ */

static bool is_generator(LsValue v) { return LS_IS_KIND(v, CORO) && ((LsCoro *)v.u.o)->ckind == LS_CO_GENERATOR; }

static int stop_iteration(LsVm *vm, LsValue value) {
    LsTuple *args = ls_tuple_new(vm, LS_IS_NONE(value) ? 0 : 1);
    if (!args) return ls_vm_oom(vm);
    if (!LS_IS_NONE(value)) args->items[0] = value;
    LsValue e = ls_vm_new_exc_args(vm, vm->types.e_StopIteration, args);
    if (LS_IS_NONE(e) || !(AS_EXC(e)->attrs = ls_dict_new(vm)) || !ls_dict_set_str(vm, AS_EXC(e)->attrs, "value", value))
        return ls_vm_oom(vm);
    return ls_vm_raise(vm, e);
}

static int gen_step(LsVm *vm, LsValue self, LsValue send, LsValue exc, LsValue *out) {
    int r = ls_vm_gen_resume_nested(vm, self, send, exc, out);
    if (r == 1) return LS_NAT_OK;
    if (r == 0) return stop_iteration(vm, *out);
    return LS_NAT_ERR;
}

NAT(gen_send) {
    if (!is_generator(self) || argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "generator.send() takes exactly one argument (%u given)", argc);
    LsCoro *g = (LsCoro *)self.u.o;
    if (g->state == LS_CO_CREATED && !LS_IS_NONE(argv[0]))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "can't send non-None value to a just-started generator");
    return gen_step(vm, self, argv[0], LS_UNDEF, out);
}

NAT(gen_next) {
    if (!is_generator(self)) return ls_vm_raisef(vm, vm->types.e_TypeError, "expected a generator");
    return gen_step(vm, self, LS_NONE, LS_UNDEF, out);
}

NAT(gen_iter) {
    *out = self;
    return LS_NAT_OK;
}

/* throw(exc) or throw(type[, value]) as an exception instance. */
static int throw_value(LsVm *vm, uint32_t argc, const LsValue *argv, LsValue *exc) {
    if (argc < 1 || argc > 3) return ls_vm_raisef(vm, vm->types.e_TypeError, "throw expected at least 1 argument, got %u", argc);
    LsValue t = argv[0];
    if (LS_IS_KIND(t, EXC)) {
        if (argc > 1 && !LS_IS_NONE(argv[1]))
            return ls_vm_raisef(vm, vm->types.e_TypeError, "instance exception may not have a separate value");
        *exc = t;
        return LS_NAT_OK;
    }
    if (!LS_IS_KIND(t, TYPE) || !(AS_TYPE(t)->tflags & LS_TYPE_EXCEPTION))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "exceptions must be classes or instances deriving from BaseException, not %s",
                            ls_type_name(vm, t));
    LsValue arg = argc > 1 ? argv[1] : LS_NONE;
    if (ls_vm_call_nested(vm, t, LS_IS_NONE(arg) ? 0 : 1, &arg, exc) < 0) return LS_NAT_ERR;
    return LS_NAT_OK;
}

NAT(gen_throw) {
    if (!is_generator(self)) return ls_vm_raisef(vm, vm->types.e_TypeError, "expected a generator");
    LsValue exc;
    if (throw_value(vm, argc, argv, &exc) != LS_NAT_OK) return LS_NAT_ERR;
    return gen_step(vm, self, LS_NONE, exc, out);
}

/* generator.close() / coroutine.close(): a frame that never ran or has
 * finished just ends (a closed coroutine is not "never awaited"); a
 * suspended one gets GeneratorExit thrown in. */
static int close_coro(LsVm *vm, LsValue self, LsValue *out) {
    LsCoro *g = (LsCoro *)self.u.o;
    *out = LS_NONE;
    if (g->state == LS_CO_CREATED || g->state == LS_CO_DONE) {
        g->state = LS_CO_DONE;
        g->awaited = true;
        return LS_NAT_OK;
    }
    LsValue ge = ls_vm_new_exc(vm, vm->types.e_GeneratorExit, NULL), r;
    if (LS_IS_NONE(ge)) return ls_vm_oom(vm);
    int k = ls_vm_gen_resume_nested(vm, self, LS_NONE, ge, &r);
    if (k == 1) return ls_vm_raisef(vm, vm->types.e_RuntimeError, "generator ignored GeneratorExit");
    if (k == 0) return LS_NAT_OK;
    if (ls_isinstance(vm, vm->exc, vm->types.e_GeneratorExit) || ls_isinstance(vm, vm->exc, vm->types.e_StopIteration)) {
        vm->exc = LS_NONE;
        return LS_NAT_OK;
    }
    return LS_NAT_ERR;
}

NAT(gen_close) {
    if (!is_generator(self)) return ls_vm_raisef(vm, vm->types.e_TypeError, "expected a generator");
    return close_coro(vm, self, out);
}

NAT(coro_close) {
    if (!LS_IS_KIND(self, CORO)) return ls_vm_raisef(vm, vm->types.e_TypeError, "expected a coroutine");
    return close_coro(vm, self, out);
}

/* coro.__await__(): an iterator that `yield from` runs like `await coro`. */
NAT(coro_await) {
    if (!LS_IS_KIND(self, CORO)) return ls_vm_raisef(vm, vm->types.e_TypeError, "expected a coroutine");
    LsIter *it = (LsIter *)ls_obj_alloc(vm, LS_OBJ_ITER, sizeof(LsIter));
    if (!it) return ls_vm_oom(vm);
    it->kind = LS_IT_AWAIT;
    it->src = self;
    *out = LS_OBJ(it);
    return LS_NAT_OK;
}

/* ---- async generator methods ------------------------------------------------------ */

static bool is_agen(LsValue v) { return LS_IS_KIND(v, CORO) && ((LsCoro *)v.u.o)->ckind == LS_CO_ASYNC_GEN; }

static int agen_op(LsVm *vm, LsValue self, int op, LsValue v, LsValue *out) {
    if (!is_agen(self)) return ls_vm_raisef(vm, vm->types.e_TypeError, "expected an async generator");
    LsCoro *co = ls_vm_agen_op(vm, self, op, v);
    if (!co) return ls_vm_oom(vm);
    *out = LS_OBJ(co);
    return LS_NAT_OK;
}

NAT(agen_aiter) {
    *out = self;
    return LS_NAT_OK;
}
NAT(agen_anext) { return agen_op(vm, self, LS_AGEN_SEND, LS_NONE, out); }
NAT(agen_asend) {
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "async_generator.asend() takes exactly one argument (%u given)", argc);
    return agen_op(vm, self, LS_AGEN_SEND, argv[0], out);
}
NAT(agen_athrow) {
    LsValue exc;
    if (throw_value(vm, argc, argv, &exc) != LS_NAT_OK) return LS_NAT_ERR;
    return agen_op(vm, self, LS_AGEN_THROW, exc, out);
}
NAT(agen_aclose) {
    LsValue ge = ls_vm_new_exc(vm, vm->types.e_GeneratorExit, NULL);
    if (LS_IS_NONE(ge)) return ls_vm_oom(vm);
    return agen_op(vm, self, LS_AGEN_CLOSE, ge, out);
}

NAT(bi_aiter) {
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "aiter expected 1 argument, got %u", argc);
    LsValue m;
    int r = ls_class_special(vm, argv[0], "__aiter__", &m);
    if (r < 0) return LS_NAT_ERR;
    if (r == 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' object is not an async iterable", ls_type_name(vm, argv[0]));
    return ls_vm_call_nested(vm, m, 0, NULL, out) < 0 ? LS_NAT_ERR : LS_NAT_OK;
}

NAT(bi_anext) {
    if (argc == 2 && is_agen(argv[0])) {
        if (agen_op(vm, argv[0], LS_AGEN_SEND, LS_NONE, out) != LS_NAT_OK) return LS_NAT_ERR;
        ((LsCoro *)out->u.o)->nv[2] = argv[1];
        return LS_NAT_OK;
    }
    if (argc != 1)
        return ls_vm_raisef(vm, argc == 2 ? vm->types.e_NotImplementedError : vm->types.e_TypeError,
                            argc == 2 ? "anext() with a default is supported by loopscope only for async generators"
                                      : "anext expected 1 argument, got %u", argc);
    LsValue m;
    int r = ls_class_special(vm, argv[0], "__anext__", &m);
    if (r < 0) return LS_NAT_ERR;
    if (r == 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' object is not an async iterator", ls_type_name(vm, argv[0]));
    return ls_vm_call_nested(vm, m, 0, NULL, out) < 0 ? LS_NAT_ERR : LS_NAT_OK;
}

/* A method native called through its class (`Exception.__init__(self,
 * msg)`) gets the native itself as `self`: take the receiver from argv. */
#define UNBOUND_SHIFT()                                                                                  \
    do {                                                                                                 \
        if (LS_IS_KIND(self, NATIVE) && LS_IS_UNDEF(AS_NATIVE(self)->self)) {                            \
            if (argc == 0) return ls_vm_raisef(vm, vm->types.e_TypeError, "unbound method needs an argument"); \
            self = argv[0];                                                                              \
            argv++;                                                                                      \
            argc--;                                                                                      \
        }                                                                                                \
    } while (0)

/* object.__init__ / __repr__ / __str__ / __eq__ / __ne__ / __hash__, reached
 * through super() or explicitly: the defaults, never user overrides. */
NAT(object_init) {
    UNBOUND_SHIFT();
    if (argc || (kw && kw->n))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "object.__init__() takes exactly one argument (the instance to initialize)");
    *out = LS_NONE;
    return LS_NAT_OK;
}

NAT(object_repr) {
    UNBOUND_SHIFT();
    LsBuf b;
    ls_buf_init(&b);
    LsType *t = ls_type_of(vm, self);
    if (t->tflags & LS_TYPE_USER) ls_buf_printf(&b, "<__main__.%s object at 0x0000>", type_qualname(t));
    else if (LS_IS_KIND(self, INSTANCE) && strcmp(t->module, "builtins") == 0) ls_buf_printf(&b, "<%s object at 0x0000>", t->name->data);
    else if (LS_IS_KIND(self, INSTANCE)) ls_buf_printf(&b, "<%s.%s object at 0x0000>", t->module, t->name->data);
    else if (ls_repr(vm, self, &b) < 0) { ls_buf_fini(&b); return LS_NAT_ERR; }
    LsStr *s = ls_str_new(vm, b.data ? b.data : "", b.len);
    ls_buf_fini(&b);
    if (!s) return ls_vm_oom(vm);
    *out = LS_OBJ(s);
    return LS_NAT_OK;
}

NAT(object_str) {
    UNBOUND_SHIFT();
    LsBuf b;
    ls_buf_init(&b);
    if (ls_repr(vm, self, &b) < 0) { ls_buf_fini(&b); return LS_NAT_ERR; }
    LsStr *s = ls_str_new(vm, b.data ? b.data : "", b.len);
    ls_buf_fini(&b);
    if (!s) return ls_vm_oom(vm);
    *out = LS_OBJ(s);
    return LS_NAT_OK;
}

NAT(object_init_subclass) {
    if (argc || (kw && kw->n))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "__init_subclass__() takes no arguments (%u given)", argc);
    *out = LS_NONE;
    return LS_NAT_OK;
}

NAT(object_new) {
    UNBOUND_SHIFT();
    if (!LS_IS_KIND(self, TYPE)) return ls_vm_raisef(vm, vm->types.e_TypeError, "object.__new__(X): X is not a type object (%s)", ls_type_name(vm, self));
    LsType *t = AS_TYPE(self);
    if (t != vm->types.t_object && !(t->tflags & LS_TYPE_USER))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "object.__new__(%s) is not safe, use %s.__new__()", t->name->data, t->name->data);
    if (t->tflags & LS_TYPE_EXCEPTION)
        return ls_vm_raisef(vm, vm->types.e_NotImplementedError, "object.__new__ of an exception class is not supported by loopscope");
    LsValue init = lookup(t, "__init__");
    if (argc && (LS_IS_UNDEF(init) || LS_IS_KIND(init, NATIVE)))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "%s() takes no arguments", t->name->data);
    LsInstance *in = ls_instance_new(vm, t, NULL);
    if (!in || !(in->attrs = ls_dict_new(vm))) return ls_vm_oom(vm);
    *out = LS_OBJ(in);
    return LS_NAT_OK;
}

NAT(object_eq) {
    UNBOUND_SHIFT();
    if (argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "expected 1 argument, got %u", argc);
    bool same = self.tag == argv[0].tag && (self.tag != LS_T_OBJ || self.u.o == argv[0].u.o);
    *out = same ? LS_BOOL(true) : vm->not_implemented;
    return LS_NAT_OK;
}

NAT(object_hash) {
    UNBOUND_SHIFT();
    uint64_t h;
    uintptr_t p = self.tag == LS_T_OBJ ? (uintptr_t)self.u.o : 0;
    h = (uint64_t)(p >> 4);
    *out = LS_INT((int64_t)(h & 0x7fffffffffffull));
    return LS_NAT_OK;
}

/* BaseException.__init__(*args) and __str__ for super() calls. */
NAT(exc_init) {
    UNBOUND_SHIFT();
    if (!LS_IS_KIND(self, EXC)) return ls_vm_raisef(vm, vm->types.e_TypeError, "descriptor '__init__' requires an exception");
    LsTuple *args = ls_tuple_new(vm, argc);
    if (!args) return ls_vm_oom(vm);
    LS_MEMCPY(args->items, argv, argc * sizeof(LsValue));
    AS_EXC(self)->args = args;
    *out = LS_NONE;
    return LS_NAT_OK;
}

/* e.with_traceback(None): loopscope has no traceback objects, so only
 * None (drop the traceback gathered so far) is meaningful. */
NAT(exc_with_traceback) {
    UNBOUND_SHIFT();
    if (!LS_IS_KIND(self, EXC) || argc != 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "with_traceback() takes exactly one argument");
    if (!LS_IS_NONE(argv[0]))
        return ls_vm_raisef(vm, vm->types.e_NotImplementedError, "with_traceback() with a traceback object is not supported by loopscope");
    AS_EXC(self)->n_tb = 0;
    *out = self;
    return LS_NAT_OK;
}

NAT(exc_str) {
    UNBOUND_SHIFT();
    if (!LS_IS_KIND(self, EXC)) return ls_vm_raisef(vm, vm->types.e_TypeError, "descriptor '__str__' requires an exception");
    LsExc *e = AS_EXC(self);
    LsBuf b;
    ls_buf_init(&b);
    int r = 0;
    if (e->args && e->args->n == 1) r = ls_str(vm, e->args->items[0], &b);
    else if (e->args && e->args->n > 1) r = ls_repr(vm, LS_OBJ(e->args), &b);
    LsStr *s = r < 0 ? NULL : ls_str_new(vm, b.data ? b.data : "", b.len);
    ls_buf_fini(&b);
    if (r < 0) return LS_NAT_ERR;
    if (!s) return ls_vm_oom(vm);
    *out = LS_OBJ(s);
    return LS_NAT_OK;
}

bool ls_class_init(LsVm *vm) {
    LsVmTypes *T = &vm->types;
    vm->deferred_exc = LS_UNDEF;
    LsNative *on = ls_native_new(vm, "__new__", object_new);
    if (!on) return false;
    on->qualname = "object.__new__";
    vm->object_new = LS_OBJ(on);
    if (!ls_excgroup_init_types(vm) || !(vm->agens = ls_list_new(vm, 0))) return false;
    LsInstance *ni = ls_instance_new(vm, T->t_NotImplementedType, NULL);
    if (!ni) return false;
    vm->not_implemented = LS_OBJ(ni);
    if (!ls_type_add_method(vm, T->t_staticmethod, "__new__", staticmethod_new) ||
        !ls_type_add_method(vm, T->t_classmethod, "__new__", classmethod_new) ||
        !ls_type_add_method(vm, T->t_property, "__new__", property_new) ||
        !ls_type_add_method(vm, T->t_property, "getter", property_getter) ||
        !ls_type_add_method(vm, T->t_property, "setter", property_setter) ||
        !ls_type_add_method(vm, T->t_property, "deleter", property_deleter) ||
        !ls_type_add_method(vm, T->t_super, "__new__", super_new) ||
        !ls_type_add_method(vm, T->t_object, "__init__", object_init) ||
        !ls_type_add_method(vm, T->t_object, "__repr__", object_repr) ||
        !ls_type_add_method(vm, T->t_object, "__str__", object_str) ||
        !ls_type_add_method(vm, T->t_object, "__eq__", object_eq) ||
        !ls_type_add_method(vm, T->t_object, "__hash__", object_hash) ||
        !ls_type_add_method(vm, T->t_object, "__init_subclass__", object_init_subclass) ||
        !ls_type_add_method(vm, T->e_BaseException, "__init__", exc_init) ||
        !ls_type_add_method(vm, T->e_BaseException, "__str__", exc_str) ||
        !ls_type_add_method(vm, T->e_BaseException, "with_traceback", exc_with_traceback) ||
        !ls_type_add_method(vm, T->t_generator, "send", gen_send) ||
        !ls_type_add_method(vm, T->t_generator, "throw", gen_throw) ||
        !ls_type_add_method(vm, T->t_generator, "close", gen_close) ||
        !ls_type_add_method(vm, T->t_generator, "__next__", gen_next) ||
        !ls_type_add_method(vm, T->t_generator, "__iter__", gen_iter) ||
        !ls_type_add_method(vm, T->t_coroutine, "__await__", coro_await) ||
        !ls_type_add_method(vm, T->t_coroutine, "close", coro_close) ||
        !ls_type_add_method(vm, T->t_async_generator, "__aiter__", agen_aiter) ||
        !ls_type_add_method(vm, T->t_async_generator, "__anext__", agen_anext) ||
        !ls_type_add_method(vm, T->t_async_generator, "asend", agen_asend) ||
        !ls_type_add_method(vm, T->t_async_generator, "athrow", agen_athrow) ||
        !ls_type_add_method(vm, T->t_async_generator, "aclose", agen_aclose))
        return false;
    const struct { const char *name; LsType *t; } types[] = {
        {"staticmethod", T->t_staticmethod}, {"classmethod", T->t_classmethod}, {"property", T->t_property},
        {"super", T->t_super}, {"object", T->t_object}, {NULL, NULL}};
    for (int i = 0; types[i].name; i++)
        if (!ls_dict_set_str(vm, vm->builtins, types[i].name, LS_OBJ(types[i].t))) return false;
    if (!ls_dict_set_str(vm, vm->builtins, "NotImplemented", vm->not_implemented)) return false;
    const struct { const char *name; LsNativeFn fn; } fns[] = {
        {"issubclass", bi_issubclass}, {"getattr", bi_getattr}, {"hasattr", bi_hasattr}, {"setattr", bi_setattr},
        {"iter", bi_iter}, {"next", bi_next}, {"aiter", bi_aiter}, {"anext", bi_anext}, {"hash", bi_hash},
        {"callable", bi_callable}, {NULL, NULL}};
    for (int i = 0; fns[i].name; i++) {
        if (!LS_IS_UNDEF(ls_dict_get_str(vm->builtins, fns[i].name))) continue;   /* already provided */
        LsNative *n = ls_native_new(vm, fns[i].name, fns[i].fn);
        if (!n || !ls_dict_set_str(vm, vm->builtins, fns[i].name, LS_OBJ(n))) return false;
    }
    return true;
}
