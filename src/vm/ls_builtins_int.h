/* ls_builtins_int — helpers shared by the files that implement builtin
 * functions and methods (ls_builtins.c, ls_bi_more.c, ls_set.c,
 * ls_strfmt.c): argument checking in CPython's words, keyword lookup,
 * collecting iterables, and the LS_NAT_CALL "call f on every item"
 * machinery. Internal to src/vm. */
#ifndef LS_BUILTINS_INT_H
#define LS_BUILTINS_INT_H

#include "ls_vm.h"
#include "ls_arith.h"
#include "ls_num.h"

#include <string.h>

#define MAYBE __attribute__((unused))
#define NAT(name) static int name(MAYBE LsVm *vm, MAYBE LsValue self, MAYBE uint32_t argc, MAYBE const LsValue *argv, MAYBE const LsKwargs *kw, MAYBE LsValue *out)

typedef struct { const char *name; LsNativeFn fn; } LsBiEntry;

/* The name a native reports in messages ("print"). */
const char *ls_bi_fname(LsValue self);
/* Arity check with CPython's messages for builtins without keywords. */
int ls_bi_check_args(LsVm *vm, LsValue self, uint32_t argc, const LsKwargs *kw, uint32_t lo, uint32_t hi);
#define ARGS(lo, hi) do { if (ls_bi_check_args(vm, self, argc, kw, lo, hi) != LS_NAT_OK) return LS_NAT_ERR; } while (0)
/* Keyword argument `name`, UNDEF if absent. */
LsValue ls_bi_kwarg(const LsKwargs *kw, const char *name);
/* Refuse keywords not in the NULL-terminated `allowed` list. */
int ls_bi_only_kw(LsVm *vm, LsValue self, const LsKwargs *kw, const char *const *allowed);
/* Any iterable but a generator, collected into a fresh list; NULL with
 * vm->exc set. */
LsList *ls_bi_to_list(LsVm *vm, LsValue v);
/* Finish a text result: the buffer becomes a str object (and is freed). */
int ls_bi_ret_buf(LsVm *vm, LsBuf *b, LsValue *out);
/* Register natives as methods of t / as builtins. */
bool ls_bi_add_methods(LsVm *vm, LsType *t, const LsBiEntry *e);
bool ls_bi_add_builtins(LsVm *vm, const LsBiEntry *e);

static inline bool ls_bi_is_gen(LsValue v) {
    return LS_IS_KIND(v, CORO) && ((LsCoro *)v.u.o)->ckind == LS_CO_GENERATOR;
}
/* Ask the VM to drain generator argument i into a list and call again. */
#define DRAIN_IF_GEN(i) do { if ((i) < argc && ls_bi_is_gen(argv[i])) { vm->drain_arg = (i); return LS_NAT_DRAIN; } } while (0)
static inline int64_t ls_bi_as_int(LsValue v) { return v.tag == LS_T_BOOL ? v.u.b : v.u.i; }
static inline bool ls_bi_is_intlike(LsValue v) { return v.tag == LS_T_INT || v.tag == LS_T_BOOL; }

/* Does calling `f` need nothing but C? (natives, bound natives, types) */
bool ls_bi_is_callable(LsVm *vm, LsValue f);

/* Request the Python call f(args...) with continuation `cont_fn` whose
 * state is `state` (stored in the continuation's data). Returns
 * LS_NAT_CALL, or LS_NAT_ERR on OOM. */
int ls_bi_request_call(LsVm *vm, LsValue f, uint32_t argc, const LsValue *args, LsNativeFn cont_fn, LsValue state);

/* Call f on each of items[0..n) (through LS_NAT_CALL, so f may be Python
 * code) and then run done(vm, items, results, extra, out); results holds
 * f(item) in order. `cont` is the continuation defined for `done` with
 * LS_BI_MAP_CONT. Returns what done returns, or LS_NAT_CALL. */
typedef int (*LsBiMapDone)(LsVm *vm, LsList *items, LsList *results, LsValue extra, LsValue *out);
int ls_bi_map_then(LsVm *vm, LsValue f, LsList *items, LsValue extra, LsBiMapDone done, LsNativeFn cont, LsValue *out);
int ls_bi_map_step(LsVm *vm, LsValue self, LsValue result, LsBiMapDone done, LsValue *out);
#define LS_BI_MAP_CONT(name, done) \
    NAT(name) { (void)argc; (void)kw; return ls_bi_map_step(vm, self, argv[0], done, out); }

/* Stable merge sort of items by keys (keys[i] belongs to items[i]); both
 * lists are permuted together. reverse keeps equal keys in order, as
 * CPython's list.sort(reverse=True). */
int ls_bi_sort_by(LsVm *vm, LsValue *items, LsValue *keys, uint32_t n, bool reverse);

/* ascii(v) appended to b: repr with non-ASCII escaped. 0 or -1. */
int ls_bi_ascii_of(LsVm *vm, LsValue v, LsBuf *b);
/* fmt % args (printf-style). 0 or -1 with vm->exc set. */
int ls_strfmt_percent(LsVm *vm, LsStr *fmt, LsValue args, LsValue *out);

/* Registration of the other builtin files (called from ls_vm_init). */
bool ls_bi_more_init(LsVm *vm);
bool ls_set_init(LsVm *vm);
bool ls_strfmt_init(LsVm *vm);
bool ls_str_methods_init(LsVm *vm);
bool ls_bytes_init(LsVm *vm);

/* dict.update semantics: src (a dict, an iterable of pairs, or UNDEF), then
 * the keywords, into d. 0 or -1 with vm->exc set. */
int ls_bi_dict_merge(LsVm *vm, LsDict *d, LsValue src, const LsKwargs *kw);
/* A new bytes object holding d[0..n) (copied); UNDEF with MemoryError set. */
LsValue ls_bytes_new(LsVm *vm, const unsigned char *d, size_t n);
/* A native dunder (e.g. "__len__") of an instance's type, or UNDEF: how
 * natively implemented types (bytes) plug into the operators. */
LsValue ls_bi_native_dunder(LsVm *vm, LsValue v, const char *name);

#endif
