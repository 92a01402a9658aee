/* ls_rt_stdmods — the small standard-library modules lesson programs use
 * besides asyncio: sys (stdout/stderr objects, exit, argv, version_info),
 * functools (partial, reduce), random (CPython's Mersenne Twister, bit for
 * bit, from src/base/ls_random) and the calendar side of time (gmtime,
 * localtime, strftime, asctime, ctime, struct_time) on the virtual clock.
 *
 * Determinism. Without random.seed(), CPython seeds from the OS; loopscope
 * seeds with LS_RANDOM_DEFAULT_SEED instead, and tests/conformance/refrun.py
 * calls random.seed() with the same value so expectations match. The time
 * functions read the virtual clock (the epoch is t = 0, so gmtime() at the
 * start is 1970-01-01 00:00:00) and localtime() is UTC.
 *
 * State lives in GC objects reachable from the modules (no globals): the
 * generator state is the payload of a hidden `_inst` instance in `random`. */
#include "ls_rt.h"
#include "ls_rt_stdmods.h"
#include "ls_builtins_int.h"
#include "ls_random.h"
#include "ls_compiler.h"

#include <math.h>
#include <stdio.h>

#define LS_RANDOM_DEFAULT_SEED 0

static LsValue mod_attr(LsVm *vm, const char *mod, const char *name) {
    LsValue m = ls_dict_get_str(vm->modules, mod);
    return LS_IS_KIND(m, MODULE) ? ls_dict_get_str(AS_MODULE(m)->dict, name) : LS_UNDEF;
}

/* ---- sys ------------------------------------------------------------------------ */

/* sys.stdout / sys.stderr: instances whose `_fd` attribute (1 or 2) is also
 * what print(file=...) looks for; text goes through the host's write hook,
 * i.e. the runtime's output path (timestamps, event log). */
NAT(stream_write) {
    ARGS(1, 1);
    if (!LS_IS_KIND(argv[0], STR))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "write() argument must be str, not %s", ls_type_name(vm, argv[0]));
    LsValue fd = ls_dict_get_str(AS_INSTANCE(self)->attrs, "_fd");
    if (vm->host.write) vm->host.write(vm->host.ud, (int)fd.u.i, AS_STR(argv[0])->data, AS_STR(argv[0])->len);
    *out = LS_INT(AS_STR(argv[0])->nchars);
    return LS_NAT_OK;
}

NAT(stream_flush) { ARGS(0, 0); *out = LS_NONE; return LS_NAT_OK; }

NAT(stream_repr) {
    LsValue fd = ls_dict_get_str(AS_INSTANCE(self)->attrs, "_fd");
    *out = ls_str_value(vm, fd.u.i == 1 ? "<_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>"
                                        : "<_io.TextIOWrapper name='<stderr>' mode='w' encoding='utf-8'>");
    return LS_IS_NONE(*out) ? ls_vm_oom(vm) : LS_NAT_OK;
}

NAT(sys_exit) {
    ARGS(0, 1);
    /* CPython raises SystemExit with the value as its exception value: a
     * tuple becomes the args themselves. */
    if (argc && LS_IS_KIND(argv[0], TUPLE)) return ls_vm_raise(vm, ls_vm_new_exc_args(vm, vm->types.e_SystemExit, AS_TUPLE(argv[0])));
    LsTuple *args = ls_tuple_new(vm, argc);
    if (!args) return ls_vm_oom(vm);
    if (argc) args->items[0] = argv[0];
    return ls_vm_raise(vm, ls_vm_new_exc_args(vm, vm->types.e_SystemExit, args));
}

static bool setup_sys(LsVm *vm) {
    LsModule *sys = ls_module_new(vm, "sys");
    LsType *t = ls_type_new(vm, "TextIOWrapper", vm->types.t_object, 0);
    if (!sys || !t) return false;
    t->module = "_io";
    static const LsBiEntry stream_m[] = {{"write", stream_write}, {"flush", stream_flush}, {"__repr__", stream_repr},
                                         {NULL, NULL}};
    if (!ls_bi_add_methods(vm, t, stream_m)) return false;
    static const char *const names[] = {"stdout", "stderr"};
    for (int i = 0; i < 2; i++) {
        LsInstance *s = ls_instance_new(vm, t, NULL);
        if (!s || !(s->attrs = ls_dict_new(vm)) || !ls_dict_set_str(vm, s->attrs, "_fd", LS_INT(i + 1))) return false;
        if (!ls_dict_set_str(vm, sys->dict, names[i], LS_OBJ(s))) return false;
    }
    LsList *argv = ls_list_new(vm, 0);
    LsTuple *vi = ls_tuple_new(vm, 5);
    if (!argv || !vi || !ls_module_add_native(vm, sys, "exit", sys_exit)) return false;
    vi->items[0] = LS_INT(3);
    vi->items[1] = LS_INT(11);
    vi->items[2] = LS_INT(7);
    vi->items[3] = ls_str_value(vm, "final");
    vi->items[4] = LS_INT(0);
    if (LS_IS_NONE(vi->items[3])) return false;
    return ls_dict_set_str(vm, sys->dict, "argv", LS_OBJ(argv)) && ls_dict_set_str(vm, sys->dict, "version_info", LS_OBJ(vi)) &&
           ls_dict_set_str(vm, sys->dict, "maxsize", LS_INT(INT64_MAX)) &&
           ls_dict_set_str(vm, vm->modules, "sys", LS_OBJ(sys));
}

void ls_rt_stdmods_program_loaded(LsVm *vm) {
    LsValue argv = mod_attr(vm, "sys", "argv");
    if (LS_IS_KIND(argv, LIST) && AS_LIST(argv)->n == 0 && vm->path) {
        LsValue p = ls_str_value(vm, vm->path);
        if (!LS_IS_NONE(p)) ls_list_append(vm, AS_LIST(argv), p);
    }
}

/* ---- functools -------------------------------------------------------------------- */

/* A partial object is a native whose data is (func, args tuple, keywords
 * dict) and whose qualname marks it for repr and attribute lookup
 * (ls_ops.c): calling it needs no interpreter support beyond LS_NAT_CALL. */
NAT(partial_identity) { (void)argc; (void)kw; (void)self; *out = argv[0]; return LS_NAT_OK; }

NAT(partial_call) {
    LsTuple *st = AS_TUPLE(AS_NATIVE(self)->data);
    LsTuple *pargs = AS_TUPLE(st->items[1]);
    LsDict *pkw = AS_DICT(st->items[2]);
    uint32_t n = pargs->n + argc;
    if (n + pkw->n_used + (kw ? kw->n : 0) > LS_NCALL_MAX_ARGS)
        return ls_vm_raisef(vm, vm->types.e_NotImplementedError, "partial calls with more than %d arguments are not supported by loopscope", LS_NCALL_MAX_ARGS);
    LsValue args[LS_NCALL_MAX_ARGS];
    LS_MEMCPY(args, pargs->items, pargs->n * sizeof(LsValue));
    LS_MEMCPY(args + pargs->n, argv, argc * sizeof(LsValue));
    int r = ls_bi_request_call(vm, st->items[0], n, args, partial_identity, LS_NONE);
    if (r != LS_NAT_CALL) return r;
    /* Keywords: the partial's, overridden by the call's, in that order. */
    LsDict *merged = ls_dict_new(vm);
    if (!merged) return ls_vm_oom(vm);
    for (uint32_t i = 0; i < pkw->n_entries; i++)
        if (!LS_IS_UNDEF(pkw->entries[i].key) && ls_dict_set(vm, merged, pkw->entries[i].key, pkw->entries[i].value) < 0) return LS_NAT_ERR;
    for (uint32_t i = 0; kw && i < kw->n; i++)
        if (ls_dict_set(vm, merged, LS_OBJ(kw->names[i]), kw->values[i]) < 0) return LS_NAT_ERR;
    uint32_t k = 0;
    for (uint32_t i = 0; i < merged->n_entries; i++) {
        if (LS_IS_UNDEF(merged->entries[i].key)) continue;
        vm->ncall.kwnames[k] = AS_STR(merged->entries[i].key);
        vm->ncall.args[n + k] = merged->entries[i].value;
        k++;
    }
    vm->ncall.nkw = k;
    /* The merged dict must survive until the call is made: keep it in the
     * continuation's state. */
    AS_NATIVE(vm->ncall.cont)->data = LS_OBJ(merged);
    return LS_NAT_CALL;
}

bool ls_rt_partial_parts(LsValue v, LsValue *func, LsTuple **args) {
    if (!LS_IS_KIND(v, NATIVE) || AS_NATIVE(v)->fn != partial_call) return false;
    LsTuple *st = AS_TUPLE(AS_NATIVE(v)->data);
    *func = st->items[0];
    *args = AS_TUPLE(st->items[1]);
    return true;
}

NAT(functools_partial) {
    if (argc < 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "type 'partial' takes at least one argument");
    if (!ls_bi_is_callable(vm, argv[0])) return ls_vm_raisef(vm, vm->types.e_TypeError, "the first argument must be callable");
    LsValue f = argv[0];
    LsTuple *st = ls_tuple_new(vm, 3);
    LsDict *kwd = ls_dict_new(vm);
    if (!st || !kwd) return ls_vm_oom(vm);
    uint32_t nprev = 0;
    LsTuple *prev = NULL;
    if (LS_IS_KIND(f, NATIVE) && AS_NATIVE(f)->fn == partial_call) {
        /* partial(partial(f, a), b) flattens, as CPython does. */
        LsTuple *inner = AS_TUPLE(AS_NATIVE(f)->data);
        f = inner->items[0];
        prev = AS_TUPLE(inner->items[1]);
        nprev = prev->n;
        LsDict *ikw = AS_DICT(inner->items[2]);
        for (uint32_t i = 0; i < ikw->n_entries; i++)
            if (!LS_IS_UNDEF(ikw->entries[i].key) && ls_dict_set(vm, kwd, ikw->entries[i].key, ikw->entries[i].value) < 0) return LS_NAT_ERR;
    }
    LsTuple *args = ls_tuple_new(vm, nprev + argc - 1);
    if (!args) return ls_vm_oom(vm);
    if (prev) LS_MEMCPY(args->items, prev->items, nprev * sizeof(LsValue));
    LS_MEMCPY(args->items + nprev, argv + 1, (argc - 1) * sizeof(LsValue));
    for (uint32_t i = 0; kw && i < kw->n; i++)
        if (ls_dict_set(vm, kwd, LS_OBJ(kw->names[i]), kw->values[i]) < 0) return LS_NAT_ERR;
    st->items[0] = f;
    st->items[1] = LS_OBJ(args);
    st->items[2] = LS_OBJ(kwd);
    LsNative *p = ls_native_new(vm, "partial", partial_call);
    if (!p) return ls_vm_oom(vm);
    p->qualname = "functools.partial";
    p->data = LS_OBJ(st);
    *out = LS_OBJ(p);
    return LS_NAT_OK;
}

/* reduce: state (f, items list, index of the next item). */
NAT(reduce_cont) {
    (void)argc; (void)kw;
    LsTuple *st = AS_TUPLE(AS_NATIVE(self)->data);
    LsList *items = AS_LIST(st->items[1]);
    int64_t i = st->items[2].u.i;
    if (i >= items->n) { *out = argv[0]; return LS_NAT_OK; }
    st->items[2] = LS_INT(i + 1);
    LsValue args[2] = {argv[0], items->items[i]};
    return ls_bi_request_call(vm, st->items[0], 2, args, reduce_cont, LS_OBJ(st));
}

NAT(functools_reduce) {
    if (kw && kw->n) return ls_vm_raisef(vm, vm->types.e_TypeError, "reduce() takes no keyword arguments");
    if (argc < 2 || argc > 3)
        return ls_vm_raisef(vm, vm->types.e_TypeError, "reduce expected %s 3 arguments, got %u", argc < 2 ? "at least 2" : "at most", argc);
    DRAIN_IF_GEN(1);
    LsList *items = ls_bi_to_list(vm, argv[1]);
    if (!items) {
        if (LS_IS_KIND(vm->exc, EXC) && ls_is_subtype(AS_EXC(vm->exc)->type, vm->types.e_TypeError))
            return ls_vm_raisef(vm, vm->types.e_TypeError, "reduce() arg 2 must support iteration");
        return LS_NAT_ERR;
    }
    LsValue acc;
    uint32_t start = 0;
    if (argc == 3) acc = argv[2];
    else if (items->n == 0) return ls_vm_raisef(vm, vm->types.e_TypeError, "reduce() of empty iterable with no initial value");
    else { acc = items->items[0]; start = 1; }
    LsTuple *st = ls_tuple_new(vm, 3);
    if (!st) return ls_vm_oom(vm);
    st->items[0] = argv[0];
    st->items[1] = LS_OBJ(items);
    st->items[2] = LS_INT(start);
    /* Feed the accumulator to the continuation as if a call returned it. */
    LsNative *k = ls_native_new(vm, "<continuation>", reduce_cont);
    if (!k) return ls_vm_oom(vm);
    k->data = LS_OBJ(st);
    return reduce_cont(vm, LS_OBJ(k), 1, &acc, NULL, out);
}

static bool setup_functools(LsVm *vm) {
    LsModule *m = ls_module_new(vm, "functools");
    return m && ls_module_add_native(vm, m, "partial", functools_partial) &&
           ls_module_add_native(vm, m, "reduce", functools_reduce) &&
           ls_dict_set_str(vm, vm->modules, "functools", LS_OBJ(m));
}

/* ---- random ------------------------------------------------------------------------ */

static void free_random(LsVm *vm, LsObj *o) {
    LsInstance *in = (LsInstance *)o;
    ls_mem_free(vm->mem, in->payload, sizeof(LsRandom));
    in->payload = NULL;
}

static LsRandom *RNG(LsVm *vm, LsValue self) {
    (void)vm;
    return (LsRandom *)AS_INSTANCE(AS_NATIVE(self)->data)->payload;
}

static int want_int(LsVm *vm, LsValue v, int64_t *out) {
    if (!ls_bi_is_intlike(v))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' object cannot be interpreted as an integer", ls_type_name(vm, v));
    *out = ls_bi_as_int(v);
    return LS_NAT_OK;
}

NAT(random_seed) {
    if (argc > 2) return ls_vm_raisef(vm, vm->types.e_TypeError, "seed() takes from 1 to 3 positional arguments but %u were given", argc + 1);
    LsValue a = argc ? argv[0] : LS_NONE;
    if (LS_IS_NONE(a)) ls_random_seed(RNG(vm, self), LS_RANDOM_DEFAULT_SEED);
    else if (ls_bi_is_intlike(a)) ls_random_seed(RNG(vm, self), ls_bi_as_int(a));
    else
        return ls_vm_raisef(vm, vm->types.e_NotImplementedError,
                            "random.seed() with a %s argument is not supported by loopscope (use an int)", ls_type_name(vm, a));
    *out = LS_NONE;
    return LS_NAT_OK;
}

NAT(random_random) { ARGS(0, 0); *out = LS_FLOAT(ls_random_double(RNG(vm, self))); return LS_NAT_OK; }

static int as_double(LsVm *vm, LsValue v, double *d) {
    if (LS_IS_FLOAT(v)) { *d = v.u.f; return LS_NAT_OK; }
    if (ls_bi_is_intlike(v)) { *d = (double)ls_bi_as_int(v); return LS_NAT_OK; }
    return ls_vm_raisef(vm, vm->types.e_TypeError, "must be real number, not %s", ls_type_name(vm, v));
}

NAT(random_uniform) {
    ARGS(2, 2);
    double a, b;
    if (as_double(vm, argv[0], &a) != LS_NAT_OK || as_double(vm, argv[1], &b) != LS_NAT_OK) return LS_NAT_ERR;
    *out = LS_FLOAT(a + (b - a) * ls_random_double(RNG(vm, self)));
    return LS_NAT_OK;
}

/* randrange(start[, stop[, step]]) as Lib/random.py (3.11). */
static int randrange(LsVm *vm, LsValue self, LsValue start, LsValue stop, LsValue step, LsValue *out) {
    int64_t istart, istop, istep = 1;
    for (int k = 0; k < 3; k++) {
        LsValue v = k == 0 ? start : k == 1 ? stop : step;
        if (LS_IS_FLOAT(v))
            return ls_vm_raisef(vm, vm->types.e_NotImplementedError,
                                "randrange() with float arguments is deprecated in Python and not supported by loopscope");
    }
    if (want_int(vm, start, &istart) != LS_NAT_OK) return LS_NAT_ERR;
    if (LS_IS_NONE(stop)) {
        if (!LS_IS_UNDEF(step)) return ls_vm_raisef(vm, vm->types.e_TypeError, "Missing a non-None stop argument");
        if (istart > 0) { *out = LS_INT((int64_t)ls_random_below(RNG(vm, self), (uint64_t)istart)); return LS_NAT_OK; }
        return ls_vm_raisef(vm, vm->types.e_ValueError, "empty range for randrange()");
    }
    if (want_int(vm, stop, &istop) != LS_NAT_OK) return LS_NAT_ERR;
    if (!LS_IS_UNDEF(step) && want_int(vm, step, &istep) != LS_NAT_OK) return LS_NAT_ERR;
    int64_t width;
    if (__builtin_sub_overflow(istop, istart, &width))
        return ls_vm_raisef(vm, vm->types.e_OverflowError, "integer overflow: loopscope ints are 64-bit");
    if (istep == 1) {
        if (width > 0) { *out = LS_INT(istart + (int64_t)ls_random_below(RNG(vm, self), (uint64_t)width)); return LS_NAT_OK; }
        return ls_vm_raisef(vm, vm->types.e_ValueError, "empty range for randrange() (%lld, %lld, %lld)",
                            (long long)istart, (long long)istop, (long long)width);
    }
    int64_t n;
    if (istep > 0) n = (width + istep - 1) / istep - ((width + istep - 1) % istep < 0 ? 1 : 0);
    else if (istep < 0) n = (width + istep + 1) / istep - ((width + istep + 1) % istep > 0 ? 1 : 0);
    else return ls_vm_raisef(vm, vm->types.e_ValueError, "zero step for randrange()");
    if (n <= 0) return ls_vm_raisef(vm, vm->types.e_ValueError, "empty range for randrange()");
    *out = LS_INT(istart + istep * (int64_t)ls_random_below(RNG(vm, self), (uint64_t)n));
    return LS_NAT_OK;
}

NAT(random_randrange) {
    static const char *const allowed[] = {"start", "stop", "step", NULL};
    if (ls_bi_only_kw(vm, self, kw, allowed) != LS_NAT_OK) return LS_NAT_ERR;
    LsValue a[3] = {LS_UNDEF, LS_NONE, LS_UNDEF};
    static const char *const names[] = {"start", "stop", "step"};
    if (argc > 3) return ls_vm_raisef(vm, vm->types.e_TypeError, "randrange() takes from 2 to 4 positional arguments but %u were given", argc + 1);
    for (uint32_t i = 0; i < argc; i++) a[i] = argv[i];
    for (int i = 0; i < 3; i++) {
        LsValue k = ls_bi_kwarg(kw, names[i]);
        if (!LS_IS_UNDEF(k)) a[i] = k;
    }
    if (LS_IS_UNDEF(a[0])) return ls_vm_raisef(vm, vm->types.e_TypeError, "randrange() missing 1 required positional argument: 'start'");
    return randrange(vm, self, a[0], a[1], a[2], out) == LS_NAT_OK ? LS_NAT_OK : LS_NAT_ERR;
}

NAT(random_randint) {
    if (argc != 2 || (kw && kw->n)) {
        if (argc < 2) return ls_vm_raisef(vm, vm->types.e_TypeError, "randint() missing %u required positional argument%s: %s",
                                          2 - argc, argc == 0 ? "s" : "", argc == 0 ? "'a' and 'b'" : "'b'");
        return ls_vm_raisef(vm, vm->types.e_TypeError, "randint() takes 3 positional arguments but %u were given", argc + 1);
    }
    int64_t b;
    if (want_int(vm, argv[1], &b) != LS_NAT_OK) return LS_NAT_ERR;
    if (b == INT64_MAX) return ls_vm_raisef(vm, vm->types.e_OverflowError, "integer overflow: loopscope ints are 64-bit");
    return randrange(vm, self, argv[0], LS_INT(b + 1), LS_UNDEF, out);
}

static int seq_items(LsVm *vm, LsValue v, const LsValue **items, int64_t *n) {
    if (LS_IS_KIND(v, LIST)) { *items = AS_LIST(v)->items; *n = AS_LIST(v)->n; return LS_NAT_OK; }
    if (LS_IS_KIND(v, TUPLE)) { *items = AS_TUPLE(v)->items; *n = AS_TUPLE(v)->n; return LS_NAT_OK; }
    *items = NULL;
    return ls_len(vm, v, n) < 0 ? LS_NAT_ERR : LS_NAT_OK;
}

NAT(random_choice) {
    ARGS(1, 1);
    const LsValue *items;
    int64_t n;
    if (seq_items(vm, argv[0], &items, &n) != LS_NAT_OK) return LS_NAT_ERR;
    if (n == 0) return ls_vm_raisef(vm, vm->types.e_IndexError, "Cannot choose from an empty sequence");
    int64_t i = (int64_t)ls_random_below(RNG(vm, self), (uint64_t)n);
    if (items) { *out = items[i]; return LS_NAT_OK; }
    return ls_getitem(vm, argv[0], LS_INT(i), out) < 0 ? LS_NAT_ERR : LS_NAT_OK;
}

NAT(random_shuffle) {
    ARGS(1, 1);
    if (!LS_IS_KIND(argv[0], LIST))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' object does not support item assignment", ls_type_name(vm, argv[0]));
    LsList *l = AS_LIST(argv[0]);
    for (int64_t i = (int64_t)l->n - 1; i >= 1; i--) {
        int64_t j = (int64_t)ls_random_below(RNG(vm, self), (uint64_t)i + 1);
        LsValue t = l->items[i];
        l->items[i] = l->items[j];
        l->items[j] = t;
    }
    *out = LS_NONE;
    return LS_NAT_OK;
}

NAT(random_sample) {
    static const char *const allowed[] = {"k", "counts", NULL};
    if (ls_bi_only_kw(vm, self, kw, allowed) != LS_NAT_OK) return LS_NAT_ERR;
    LsValue kv = argc >= 2 ? argv[1] : ls_bi_kwarg(kw, "k");
    if (argc < 1 || LS_IS_UNDEF(kv)) return ls_vm_raisef(vm, vm->types.e_TypeError, "Random.sample() missing 1 required positional argument: '%s'", argc < 1 ? "population" : "k");
    if (!LS_IS_UNDEF(ls_bi_kwarg(kw, "counts")))
        return ls_vm_raisef(vm, vm->types.e_NotImplementedError, "random.sample(counts=...) is not supported by loopscope");
    LsValue pop = argv[0];
    if (LS_IS_KIND(pop, SET) || LS_IS_KIND(pop, DICT))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "Population must be a sequence.  For dicts or sets, use sorted(d).");
    LsList *pl = NULL;
    if (LS_IS_KIND(pop, RANGE) || LS_IS_KIND(pop, STR)) { if (!(pl = ls_bi_to_list(vm, pop))) return LS_NAT_ERR; pop = LS_OBJ(pl); }
    if (!LS_IS_KIND(pop, LIST) && !LS_IS_KIND(pop, TUPLE))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "Population must be a sequence.  For dicts or sets, use sorted(d).");
    const LsValue *items;
    int64_t n, k;
    if (seq_items(vm, pop, &items, &n) != LS_NAT_OK || want_int(vm, kv, &k) != LS_NAT_OK) return LS_NAT_ERR;
    if (k < 0 || k > n) return ls_vm_raisef(vm, vm->types.e_ValueError, "Sample larger than population or is negative");
    LsList *result = ls_list_new(vm, (uint32_t)k);
    if (!result) return ls_vm_oom(vm);
    LsRandom *r = RNG(vm, self);
    /* CPython's size rule picks between a pool copy and a set of taken
     * indices: setsize = 21, plus 4 ** ceil(log(3k, 4)) when k > 5. */
    int64_t setsize = 21;
    if (k > 5) setsize += (int64_t)pow(4.0, ceil(log((double)(k * 3)) / log(4.0)));
    if (n <= setsize) {
        LsList *poolv = ls_list_new(vm, (uint32_t)n);
        if (!poolv) return ls_vm_oom(vm);
        LS_MEMCPY(poolv->items, items, (size_t)n * sizeof(LsValue));
        poolv->n = (uint32_t)n;
        for (int64_t i = 0; i < k; i++) {
            int64_t j = (int64_t)ls_random_below(r, (uint64_t)(n - i));
            result->items[result->n++] = poolv->items[j];
            poolv->items[j] = poolv->items[n - i - 1];
        }
    } else {
        LsDict *selected = ls_set_new(vm, false);
        if (!selected) return ls_vm_oom(vm);
        for (int64_t i = 0; i < k; i++) {
            int64_t j = (int64_t)ls_random_below(r, (uint64_t)n);
            while (ls_set_contains(vm, selected, LS_INT(j)) == 1) j = (int64_t)ls_random_below(r, (uint64_t)n);
            if (ls_set_add(vm, selected, LS_INT(j)) < 0) return LS_NAT_ERR;
            result->items[result->n++] = items[j];
        }
    }
    *out = LS_OBJ(result);
    return LS_NAT_OK;
}

NAT(random_getrandbits) {
    ARGS(1, 1);
    int64_t k;
    if (want_int(vm, argv[0], &k) != LS_NAT_OK) return LS_NAT_ERR;
    if (k < 0) return ls_vm_raisef(vm, vm->types.e_ValueError, "number of bits must be non-negative");
    if (k > 63) return ls_vm_raisef(vm, vm->types.e_OverflowError, "integer overflow: loopscope ints are 64-bit (getrandbits(%lld))", (long long)k);
    *out = LS_INT((int64_t)ls_random_bits(RNG(vm, self), (unsigned)k));
    return LS_NAT_OK;
}

NAT(random_randbytes) {
    ARGS(1, 1);
    int64_t n;
    if (want_int(vm, argv[0], &n) != LS_NAT_OK) return LS_NAT_ERR;
    if (n < 0) return ls_vm_raisef(vm, vm->types.e_ValueError, "number of bits must be non-negative");
    if (n > (1 << 24)) return ls_vm_raisef(vm, vm->types.e_MemoryError, "randbytes(%lld) is too large for loopscope", (long long)n);
    unsigned char *d = ls_mem_alloc(vm->mem, (size_t)n + 1);
    if (!d) return ls_vm_oom(vm);
    ls_random_bytes(RNG(vm, self), d, (size_t)n);
    *out = ls_bytes_new(vm, d, (size_t)n);
    ls_mem_free(vm->mem, d, (size_t)n + 1);
    return LS_IS_UNDEF(*out) ? LS_NAT_ERR : LS_NAT_OK;
}

/* choices(population, weights=None, *, cum_weights=None, k=1), as
 * Lib/random.py: floor(random() * n) without weights, else bisect over the
 * cumulative weights (summed with Python's +) scaled by random(). */
NAT(random_choices) {
    static const char *const allowed[] = {"population", "weights", "cum_weights", "k", NULL};
    if (ls_bi_only_kw(vm, self, kw, allowed) != LS_NAT_OK) return LS_NAT_ERR;
    if (argc > 2) return ls_vm_raisef(vm, vm->types.e_TypeError, "Random.choices() takes from 2 to 3 positional arguments but %u were given", argc + 1);
    LsValue pop = argc ? argv[0] : ls_bi_kwarg(kw, "population");
    LsValue weights = argc > 1 ? argv[1] : ls_bi_kwarg(kw, "weights");
    LsValue cum = ls_bi_kwarg(kw, "cum_weights"), kv = ls_bi_kwarg(kw, "k");
    if (LS_IS_UNDEF(pop)) return ls_vm_raisef(vm, vm->types.e_TypeError, "Random.choices() missing 1 required positional argument: 'population'");
    int64_t k = 1, n;
    if (!LS_IS_UNDEF(kv) && want_int(vm, kv, &k) != LS_NAT_OK) return LS_NAT_ERR;
    if (ls_len(vm, pop, &n) < 0) return LS_NAT_ERR;
    LsRandom *r = RNG(vm, self);
    LsList *result = ls_list_new(vm, 0);
    if (!result) return ls_vm_oom(vm);
    bool has_w = !LS_IS_UNDEF(weights) && !LS_IS_NONE(weights), has_c = !LS_IS_UNDEF(cum) && !LS_IS_NONE(cum);
    LsList *cw = NULL;
    if (has_w && has_c) return ls_vm_raisef(vm, vm->types.e_TypeError, "Cannot specify both weights and cumulative weights");
    if (has_w || has_c) {
        LsList *w = ls_bi_to_list(vm, has_w ? weights : cum);
        if (!w) return LS_NAT_ERR;
        if (has_w) {
            cw = ls_list_new(vm, w->n);
            if (!cw) return ls_vm_oom(vm);
            LsValue acc = LS_UNDEF;
            for (uint32_t i = 0; i < w->n; i++) {
                if (LS_IS_UNDEF(acc)) acc = w->items[i];
                else if (ls_binary_op(vm, LS_BINOP_ADD, acc, w->items[i], &acc) < 0) return LS_NAT_ERR;
                cw->items[cw->n++] = acc;
            }
        } else {
            cw = w;
        }
        if ((int64_t)cw->n != n) return ls_vm_raisef(vm, vm->types.e_ValueError, "The number of weights does not match the population");
        double total;
        if (n == 0 || as_double(vm, cw->items[n - 1], &total) != LS_NAT_OK) return n == 0 ? ls_vm_raisef(vm, vm->types.e_IndexError, "list index out of range") : LS_NAT_ERR;
        if (total <= 0.0) return ls_vm_raisef(vm, vm->types.e_ValueError, "Total of weights must be greater than zero");
        if (!isfinite(total)) return ls_vm_raisef(vm, vm->types.e_ValueError, "Total of weights must be finite");
        for (int64_t j = 0; j < k; j++) {
            double x = ls_random_double(r) * total;
            int64_t lo = 0, hi = n - 1;  /* bisect_right(cum_weights, x, 0, n - 1) */
            while (lo < hi) {
                int64_t mid = (lo + hi) / 2;
                double c;
                if (as_double(vm, cw->items[mid], &c) != LS_NAT_OK) return LS_NAT_ERR;
                if (x < c) hi = mid; else lo = mid + 1;
            }
            LsValue item;
            if (ls_getitem(vm, pop, LS_INT(lo), &item) < 0 || !ls_list_append(vm, result, item)) return LS_NAT_ERR;
        }
    } else {
        for (int64_t j = 0; j < k; j++) {
            LsValue item;
            int64_t i = (int64_t)floor(ls_random_double(r) * (double)n);
            if (ls_getitem(vm, pop, LS_INT(i), &item) < 0 || !ls_list_append(vm, result, item)) return LS_NAT_ERR;
        }
    }
    *out = LS_OBJ(result);
    return LS_NAT_OK;
}

/* Names of the random module loopscope does not provide: a clear refusal
 * instead of an AttributeError that suggests a typo. */
NAT(random_unsupported) {
    (void)argc; (void)argv; (void)kw; (void)out;
    return ls_vm_raisef(vm, vm->types.e_NotImplementedError, "random.%s() is not supported by loopscope yet",
                        AS_NATIVE(self)->name);
}

static bool setup_random(LsVm *vm) {
    LsModule *m = ls_module_new(vm, "random");
    LsType *t = ls_type_new(vm, "Random", vm->types.t_object, 0);
    LsRandom *st = ls_mem_alloc(vm->mem, sizeof(LsRandom));
    if (!m || !t || !st) { ls_mem_free(vm->mem, st, st ? sizeof(LsRandom) : 0); return false; }
    t->module = "random";
    t->finalize = free_random;
    ls_random_seed(st, LS_RANDOM_DEFAULT_SEED);
    LsInstance *inst = ls_instance_new(vm, t, st);
    if (!inst) { ls_mem_free(vm->mem, st, sizeof(LsRandom)); return false; }
    if (!ls_dict_set_str(vm, m->dict, "_inst", LS_OBJ(inst))) return false;
    static const LsBiEntry fns[] = {{"seed", random_seed}, {"random", random_random}, {"uniform", random_uniform},
        {"randrange", random_randrange}, {"randint", random_randint}, {"choice", random_choice},
        {"shuffle", random_shuffle}, {"sample", random_sample}, {"getrandbits", random_getrandbits},
        {"randbytes", random_randbytes}, {"choices", random_choices}, {NULL, NULL}};
    for (const LsBiEntry *e = fns; e->name; e++) {
        LsNative *n = ls_native_new(vm, e->name, e->fn);
        if (!n) return false;
        n->data = LS_OBJ(inst);
        if (!ls_dict_set_str(vm, m->dict, e->name, LS_OBJ(n))) return false;
    }
    static const char *const unsupported[] = {"gauss", "normalvariate", "lognormvariate", "triangular",
        "expovariate", "betavariate", "gammavariate", "paretovariate", "weibullvariate", "vonmisesvariate",
        "getstate", "setstate", "Random", "SystemRandom", NULL};
    for (const char *const *u = unsupported; *u; u++)
        if (!ls_module_add_native(vm, m, *u, random_unsupported)) return false;
    return ls_dict_set_str(vm, vm->modules, "random", LS_OBJ(m));
}

/* ---- time: calendar functions on the virtual clock ------------------------------------- */

static const char *const wday_abbr[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
static const char *const wday_full[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
static const char *const mon_abbr[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const mon_full[] = {"January", "February", "March", "April", "May", "June", "July", "August",
                                       "September", "October", "November", "December"};
static const char *const tm_fields[] = {"tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday",
                                        "tm_yday", "tm_isdst"};

/* Civil date from days since 1970-01-01 (proleptic Gregorian). */
static void civil_from_days(int64_t z, int64_t *y, int64_t *m, int64_t *d) {
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

static bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static void broken_down(int64_t secs, int64_t f[9]) {
    int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    int64_t rem = secs - days * 86400;
    civil_from_days(days, &f[0], &f[1], &f[2]);
    f[3] = rem / 3600;
    f[4] = rem % 3600 / 60;
    f[5] = rem % 60;
    f[6] = ((days % 7) + 7 + 3) % 7;  /* 1970-01-01 was a Thursday (3) */
    static const int cum[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    f[7] = cum[f[1] - 1] + f[2] + (f[1] > 2 && is_leap(f[0]));
    f[8] = 0;
}

static LsType *struct_time_type(LsVm *vm) {
    LsValue t = mod_attr(vm, "time", "struct_time");
    return LS_IS_KIND(t, TYPE) ? AS_TYPE(t) : NULL;
}

NAT(struct_time_repr) {
    LsBuf b;
    ls_buf_init(&b);
    ls_buf_puts(&b, "time.struct_time(");
    for (int i = 0; i < 9; i++) {
        LsValue v = ls_dict_get_str(AS_INSTANCE(self)->attrs, tm_fields[i]);
        ls_buf_printf(&b, "%s%s=%lld", i ? ", " : "", tm_fields[i], (long long)v.u.i);
    }
    ls_buf_putc(&b, ')');
    return ls_bi_ret_buf(vm, &b, out);
}

/* struct_time is also a 9-tuple: len, indexing (negative too), unpacking. */
NAT(struct_time_len) { *out = LS_INT(9); return LS_NAT_OK; }

NAT(struct_time_getitem) {
    if (LS_IS_KIND(argv[0], SLICE)) {
        LsTuple *t = ls_tuple_new(vm, 9);
        if (!t) return ls_vm_oom(vm);
        for (int i = 0; i < 9; i++) t->items[i] = ls_dict_get_str(AS_INSTANCE(self)->attrs, tm_fields[i]);
        return ls_getitem(vm, LS_OBJ(t), argv[0], out) < 0 ? LS_NAT_ERR : LS_NAT_OK;
    }
    if (!ls_bi_is_intlike(argv[0]))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "tuple indices must be integers or slices, not %s", ls_type_name(vm, argv[0]));
    int64_t i = ls_bi_as_int(argv[0]);
    if (i < 0) i += 9;
    if (i < 0 || i >= 9) return ls_vm_raisef(vm, vm->types.e_IndexError, "tuple index out of range");
    *out = ls_dict_get_str(AS_INSTANCE(self)->attrs, tm_fields[i]);
    return LS_NAT_OK;
}

NAT(struct_time_iter) {
    LsTuple *t = ls_tuple_new(vm, 9);
    if (!t) return ls_vm_oom(vm);
    for (int i = 0; i < 9; i++) t->items[i] = ls_dict_get_str(AS_INSTANCE(self)->attrs, tm_fields[i]);
    return ls_get_iter(vm, LS_OBJ(t), out) < 0 ? LS_NAT_ERR : LS_NAT_OK;
}

static int now_seconds(LsVm *vm, double *now) {
    LsValue t = mod_attr(vm, "time", "time");
    LsValue v;
    if (!LS_IS_KIND(t, NATIVE) || AS_NATIVE(t)->fn(vm, t, 0, NULL, NULL, &v) != LS_NAT_OK || !LS_IS_FLOAT(v))
        return ls_vm_raisef(vm, vm->types.e_RuntimeError, "time.time() is unavailable");
    *now = v.u.f;
    return LS_NAT_OK;
}

static int make_struct_time(LsVm *vm, uint32_t argc, const LsValue *argv, LsValue *out) {
    double secs = 0;
    if (argc == 0 || LS_IS_NONE(argv[0])) {
        if (now_seconds(vm, &secs) != LS_NAT_OK) return LS_NAT_ERR;
    } else if (LS_IS_FLOAT(argv[0])) {
        secs = argv[0].u.f;
        if (secs != secs) return ls_vm_raisef(vm, vm->types.e_ValueError, "Invalid value NaN (not a number)");
    } else if (ls_bi_is_intlike(argv[0])) {
        secs = (double)ls_bi_as_int(argv[0]);
    } else {
        return ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' object cannot be interpreted as an integer", ls_type_name(vm, argv[0]));
    }
    if (fabs(secs) > 1e15) return ls_vm_raisef(vm, vm->types.e_OverflowError, "timestamp out of range for platform time_t");
    int64_t f[9];
    broken_down((int64_t)floor(secs), f);
    LsType *t = struct_time_type(vm);
    LsInstance *in = t ? ls_instance_new(vm, t, NULL) : NULL;
    if (!in || !(in->attrs = ls_dict_new(vm))) return ls_vm_oom(vm);
    for (int i = 0; i < 9; i++)
        if (!ls_dict_set_str(vm, in->attrs, tm_fields[i], LS_INT(f[i]))) return ls_vm_oom(vm);
    *out = LS_OBJ(in);
    return LS_NAT_OK;
}

/* time.time_ns() & co: the virtual clock in integer nanoseconds, as
 * refrun.py computes them (int(now * 1e9)). */
NAT(time_now_ns) {
    ARGS(0, 0);
    double now;
    if (now_seconds(vm, &now) != LS_NAT_OK) return LS_NAT_ERR;
    *out = LS_INT((int64_t)(now * 1e9));
    return LS_NAT_OK;
}

NAT(time_gmtime) { ARGS(0, 1); return make_struct_time(vm, argc, argv, out); }

static int fields_of(LsVm *vm, LsValue st, int64_t f[9]) {
    LsType *t = struct_time_type(vm);
    if (!LS_IS_KIND(st, INSTANCE) || AS_INSTANCE(st)->type != t)
        return ls_vm_raisef(vm, vm->types.e_TypeError, "Tuple or struct_time argument required");
    for (int i = 0; i < 9; i++) f[i] = ls_dict_get_str(AS_INSTANCE(st)->attrs, tm_fields[i]).u.i;
    return LS_NAT_OK;
}

static void asctime_of(const int64_t f[9], LsBuf *b) {
    ls_buf_printf(b, "%s %s %2lld %02lld:%02lld:%02lld %lld", wday_abbr[f[6]], mon_abbr[f[1] - 1], (long long)f[2],
                  (long long)f[3], (long long)f[4], (long long)f[5], (long long)f[0]);
}

NAT(time_asctime) {
    ARGS(0, 1);
    LsValue st;
    if (argc) st = argv[0];
    else if (make_struct_time(vm, 0, NULL, &st) != LS_NAT_OK) return LS_NAT_ERR;
    int64_t f[9];
    if (fields_of(vm, st, f) != LS_NAT_OK) return LS_NAT_ERR;
    LsBuf b;
    ls_buf_init(&b);
    asctime_of(f, &b);
    return ls_bi_ret_buf(vm, &b, out);
}

NAT(time_ctime) {
    ARGS(0, 1);
    LsValue st;
    if (make_struct_time(vm, argc, argv, &st) != LS_NAT_OK) return LS_NAT_ERR;
    int64_t f[9];
    fields_of(vm, st, f);
    LsBuf b;
    ls_buf_init(&b);
    asctime_of(f, &b);
    return ls_bi_ret_buf(vm, &b, out);
}

NAT(time_strftime) {
    ARGS(1, 2);
    if (!LS_IS_KIND(argv[0], STR))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "strftime() argument 1 must be str, not %s", ls_type_name(vm, argv[0]));
    LsValue st;
    if (argc == 2) st = argv[1];
    else if (make_struct_time(vm, 0, NULL, &st) != LS_NAT_OK) return LS_NAT_ERR;
    int64_t f[9];
    if (fields_of(vm, st, f) != LS_NAT_OK) return LS_NAT_ERR;
    const char *s = AS_STR(argv[0])->data;
    size_t n = AS_STR(argv[0])->len;
    LsBuf b;
    ls_buf_init(&b);
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '%' || i + 1 >= n) { ls_buf_putc(&b, s[i]); continue; }
        char c = s[++i];
        long long h12 = f[3] % 12 == 0 ? 12 : f[3] % 12;
        switch (c) {
        case 'Y': ls_buf_printf(&b, "%lld", (long long)f[0]); break;
        case 'y': ls_buf_printf(&b, "%02lld", (long long)(f[0] % 100)); break;
        case 'm': ls_buf_printf(&b, "%02lld", (long long)f[1]); break;
        case 'd': ls_buf_printf(&b, "%02lld", (long long)f[2]); break;
        case 'e': ls_buf_printf(&b, "%2lld", (long long)f[2]); break;
        case 'H': ls_buf_printf(&b, "%02lld", (long long)f[3]); break;
        case 'I': ls_buf_printf(&b, "%02lld", h12); break;
        case 'M': ls_buf_printf(&b, "%02lld", (long long)f[4]); break;
        case 'S': ls_buf_printf(&b, "%02lld", (long long)f[5]); break;
        case 'p': ls_buf_puts(&b, f[3] < 12 ? "AM" : "PM"); break;
        case 'a': ls_buf_puts(&b, wday_abbr[f[6]]); break;
        case 'A': ls_buf_puts(&b, wday_full[f[6]]); break;
        case 'b': case 'h': ls_buf_puts(&b, mon_abbr[f[1] - 1]); break;
        case 'B': ls_buf_puts(&b, mon_full[f[1] - 1]); break;
        case 'j': ls_buf_printf(&b, "%03lld", (long long)f[7]); break;
        case 'w': ls_buf_printf(&b, "%lld", (long long)((f[6] + 1) % 7)); break;
        case 'u': ls_buf_printf(&b, "%lld", (long long)(f[6] + 1)); break;
        case 'c': asctime_of(f, &b); break;
        case 'x': ls_buf_printf(&b, "%02lld/%02lld/%02lld", (long long)f[1], (long long)f[2], (long long)(f[0] % 100)); break;
        case 'X': case 'T': ls_buf_printf(&b, "%02lld:%02lld:%02lld", (long long)f[3], (long long)f[4], (long long)f[5]); break;
        case 'R': ls_buf_printf(&b, "%02lld:%02lld", (long long)f[3], (long long)f[4]); break;
        case 'D': ls_buf_printf(&b, "%02lld/%02lld/%02lld", (long long)f[1], (long long)f[2], (long long)(f[0] % 100)); break;
        case 'F': ls_buf_printf(&b, "%lld-%02lld-%02lld", (long long)f[0], (long long)f[1], (long long)f[2]); break;
        case '%': ls_buf_putc(&b, '%'); break;
        default:
            ls_buf_fini(&b);
            return ls_vm_raisef(vm, vm->types.e_NotImplementedError, "time.strftime() directive '%%%c' is not supported by loopscope", c);
        }
    }
    return ls_bi_ret_buf(vm, &b, out);
}

static bool setup_time(LsVm *vm) {
    LsValue tm = ls_dict_get_str(vm->modules, "time");
    if (!LS_IS_KIND(tm, MODULE)) return false;
    LsModule *m = AS_MODULE(tm);
    LsType *st = ls_type_new(vm, "struct_time", vm->types.t_object, 0);
    if (!st) return false;
    st->module = "time";
    static const LsBiEntry st_m[] = {{"__repr__", struct_time_repr}, {"__len__", struct_time_len},
        {"__getitem__", struct_time_getitem}, {"__iter__", struct_time_iter}, {NULL, NULL}};
    if (!ls_bi_add_methods(vm, st, st_m) || !ls_dict_set_str(vm, m->dict, "struct_time", LS_OBJ(st)))
        return false;
    static const LsBiEntry fns[] = {{"gmtime", time_gmtime}, {"localtime", time_gmtime}, {"asctime", time_asctime},
        {"ctime", time_ctime}, {"strftime", time_strftime}, {"time_ns", time_now_ns}, {"monotonic_ns", time_now_ns},
        {"perf_counter_ns", time_now_ns}, {NULL, NULL}};
    for (const LsBiEntry *e = fns; e->name; e++)
        if (!ls_module_add_native(vm, m, e->name, e->fn)) return false;
    return true;
}

/* ---- map and filter ----------------------------------------------------------------------
 * They must be lazy and call Python functions, so they are generators
 * written in Python (compiled once per engine from the source below, path
 * "<loopscope>", whose frames tracebacks omit as CPython omits C frames).
 * Their code is marked internal, so line events skip it too. The natives
 * check the arguments as CPython does when the object is made,
 * then ask the VM to call the generator function (LS_NAT_CALL). */
static const char prelude_src[] =
    "def map(function, its):\n"
    "    if len(its) == 1:\n"
    "        for x in its[0]:\n"
    "            yield function(x)\n"
    "    else:\n"
    "        for args in zip(*its):\n"
    "            yield function(*args)\n"
    "def filter(function, it):\n"
    "    if function is None:\n"
    "        for x in it:\n"
    "            if x:\n"
    "                yield x\n"
    "    else:\n"
    "        for x in it:\n"
    "            if function(x):\n"
    "                yield x\n";

static void free_prelude(LsVm *vm, LsObj *o) {
    (void)vm;
    ls_program_free(((LsInstance *)o)->payload);
    ((LsInstance *)o)->payload = NULL;
}

NAT(builtin_map) {
    if (kw && kw->n) return ls_vm_raisef(vm, vm->types.e_TypeError, "map() takes no keyword arguments");
    if (argc < 2) return ls_vm_raisef(vm, vm->types.e_TypeError, "map() must have at least two arguments.");
    LsTuple *its = ls_tuple_new(vm, argc - 1);
    if (!its) return ls_vm_oom(vm);
    for (uint32_t i = 1; i < argc; i++)
        if (ls_get_iter(vm, argv[i], &its->items[i - 1]) < 0) return LS_NAT_ERR;
    LsValue args[2] = {argv[0], LS_OBJ(its)};
    return ls_bi_request_call(vm, AS_NATIVE(self)->data, 2, args, partial_identity, LS_NONE);
}

NAT(builtin_filter) {
    if (kw && kw->n) return ls_vm_raisef(vm, vm->types.e_TypeError, "filter() takes no keyword arguments");
    if (argc != 2) return ls_vm_raisef(vm, vm->types.e_TypeError, "filter expected 2 arguments, got %u", argc);
    LsValue it;
    if (ls_get_iter(vm, argv[1], &it) < 0) return LS_NAT_ERR;
    LsValue args[2] = {argv[0], it};
    return ls_bi_request_call(vm, AS_NATIVE(self)->data, 2, args, partial_identity, LS_NONE);
}

/* Internal code: tracebacks and line events skip it (LS_CODE_INTERNAL). */
static void mark_internal_code(LsCode *c) {
    c->flags |= LS_CODE_INTERNAL;
    for (uint32_t i = 0; i < c->n_consts; i++)
        if (c->consts[i].kind == LS_CONST_CODE) mark_internal_code(c->consts[i].as.code);
}

static bool setup_prelude(LsVm *vm) {
    LsProgram *prog = NULL;
    LsDiag diag;
    if (!ls_compile("<loopscope>", prelude_src, sizeof prelude_src - 1, NULL, &prog, &diag)) return false;
    mark_internal_code(prog->module);
    LsType *holder_t = ls_type_new(vm, "_prelude", vm->types.t_object, 0);
    LsInstance *holder = holder_t ? ls_instance_new(vm, holder_t, prog) : NULL;
    if (!holder) { ls_program_free(prog); return false; }
    holder_t->finalize = free_prelude;
    /* Keep the program alive as long as the VM: its code objects point into it. */
    if (!ls_dict_set_str(vm, vm->modules, "<loopscope prelude>", LS_OBJ(holder))) return false;
    /* ls_vm_load records the program whose source tracebacks quote; the
     * prelude must not replace the user's. */
    const char *path = vm->path, *source = vm->source;
    size_t source_len = vm->source_len;
    LsCoro *co = ls_vm_load(vm, prog);
    if (!co) return false;
    LsValue io;
    ls_vm_push_root(vm, LS_OBJ(co));
    LsResult r = ls_vm_resume(vm, co, LS_NONE, LS_UNDEF, &io);
    ls_vm_pop_roots(vm, 1);
    vm->path = path;
    vm->source = source;
    vm->source_len = source_len;
    if (r != LS_RES_RETURN) return false;
    LsDict *globals = co->fn->globals;
    static const LsBiEntry fns[] = {{"map", builtin_map}, {"filter", builtin_filter}, {NULL, NULL}};
    for (const LsBiEntry *e = fns; e->name; e++) {
        LsValue gen = ls_dict_get_str(globals, e->name);
        LsNative *n = ls_native_new(vm, e->name, e->fn);
        if (!LS_IS_KIND(gen, FUNCTION) || !n) return false;
        n->data = gen;
        if (!ls_dict_set_str(vm, vm->builtins, e->name, LS_OBJ(n))) return false;
    }
    return true;
}

bool ls_rt_stdmods_setup(LsVm *vm) {
    return setup_sys(vm) && setup_functools(vm) && setup_random(vm) && setup_time(vm) && setup_prelude(vm);
}
