/* ls_value — the VM's value representation and object header.
 *
 * A value is a 16-byte tagged union: immediates (None, bool, int, float)
 * never allocate; everything else is a pointer to a garbage-collected
 * LsObj. Ints are 64-bit (loopscope's documented deviation from Python's
 * unbounded ints: overflow raises OverflowError). */
#ifndef LS_VALUE_H
#define LS_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef enum LsTag {
    LS_T_UNDEF = 0,  /* an unbound local / absent value; never visible to Python */
    LS_T_NONE,
    LS_T_BOOL,
    LS_T_INT,
    LS_T_FLOAT,
    LS_T_OBJ,
} LsTag;

typedef struct LsObj LsObj;

typedef struct LsValue {
    uint8_t tag;
    union {
        bool b;
        int64_t i;
        double f;
        LsObj *o;
    } u;
} LsValue;

/* Object kinds: one X-macro generates the enum and the name table. */
#define LS_OBJ_KIND_LIST(X) \
    X(STR) X(TUPLE) X(LIST) X(DICT) X(SET) X(CODE) X(FUNCTION) X(NATIVE) \
    X(BOUND) X(CELL) X(CORO) X(NCORO) X(TYPE) X(EXC) X(INSTANCE) X(MODULE) \
    X(RANGE) X(SLICE) X(ITER)

typedef enum LsObjKind {
#define LS_OBJ_KIND_ENUM(name) LS_OBJ_##name,
    LS_OBJ_KIND_LIST(LS_OBJ_KIND_ENUM)
#undef LS_OBJ_KIND_ENUM
    LS_OBJ__COUNT
} LsObjKind;

struct LsObj {
    LsObj *next;       /* all-objects list, for the sweep */
    uint8_t kind;      /* LsObjKind */
    uint8_t marked;
    uint16_t flags;
    uint32_t size;     /* bytes of the object struct, for accounting */
};

#define LS_UNDEF ((LsValue){.tag = LS_T_UNDEF})
#define LS_NONE ((LsValue){.tag = LS_T_NONE})
#define LS_BOOL(x) ((LsValue){.tag = LS_T_BOOL, .u.b = (x)})
#define LS_INT(x) ((LsValue){.tag = LS_T_INT, .u.i = (x)})
#define LS_FLOAT(x) ((LsValue){.tag = LS_T_FLOAT, .u.f = (x)})
#define LS_OBJ(x) ((LsValue){.tag = LS_T_OBJ, .u.o = (LsObj *)(x)})

#define LS_IS_UNDEF(v) ((v).tag == LS_T_UNDEF)
#define LS_IS_NONE(v) ((v).tag == LS_T_NONE)
#define LS_IS_BOOL(v) ((v).tag == LS_T_BOOL)
#define LS_IS_INT(v) ((v).tag == LS_T_INT)
#define LS_IS_FLOAT(v) ((v).tag == LS_T_FLOAT)
#define LS_IS_OBJ(v) ((v).tag == LS_T_OBJ)
#define LS_IS_KIND(v, k) ((v).tag == LS_T_OBJ && (v).u.o->kind == LS_OBJ_##k)

/* memcpy/memmove that accept NULL pointers when nothing is copied (an
 * empty list has no item array; passing NULL to memcpy is undefined). */
#define LS_MEMCPY(d, s, n) do { size_t ls_n_ = (n); if (ls_n_) memcpy((d), (s), ls_n_); } while (0)
#define LS_MEMMOVE(d, s, n) do { size_t ls_n_ = (n); if (ls_n_) memmove((d), (s), ls_n_); } while (0)

#endif
