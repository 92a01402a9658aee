/* ls_arith — operators on values: arithmetic, comparison, subscripting,
 * containment, iteration of builtin containers. All return 0 on success and
 * -1 with vm->exc set. */
#ifndef LS_ARITH_H
#define LS_ARITH_H

#include "ls_vm.h"

int ls_binary_op(LsVm *vm, uint32_t op, LsValue a, LsValue b, LsValue *out);
int ls_compare(LsVm *vm, uint32_t op, LsValue a, LsValue b, LsValue *out);
int ls_unary(LsVm *vm, int op, LsValue a, LsValue *out);  /* op: LS_OP_UNARY_* */
int ls_getitem(LsVm *vm, LsValue obj, LsValue key, LsValue *out);
int ls_setitem(LsVm *vm, LsValue obj, LsValue key, LsValue v);
int ls_delitem(LsVm *vm, LsValue obj, LsValue key);
int ls_contains(LsVm *vm, LsValue container, LsValue item, bool *out);
int ls_len(LsVm *vm, LsValue v, int64_t *out);
/* iter(v): a new iterator, or v itself for iterators/generators. */
int ls_get_iter(LsVm *vm, LsValue v, LsValue *out);
/* next() for builtin iterators: 1 = produced *out, 0 = exhausted.
 * Generators are not handled here (the dispatch loop resumes them). */
int ls_iter_next(LsVm *vm, LsValue it, LsValue *out);
/* Python's `<` for sorting/min/max. */
int ls_less(LsVm *vm, LsValue a, LsValue b, bool *out);
/* Build a str/list/tuple object from a C buffer / slice. */
LsValue ls_str_from_buf(LsVm *vm, const LsBuf *b);

#endif
