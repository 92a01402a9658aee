/* ls_object — layouts of the VM's heap objects and their constructors.
 *
 * Every object starts with LsObj and is allocated by ls_obj_alloc(), which
 * links it into the VM's object list for the mark-sweep collector (ls_gc.c).
 * Constructors return NULL only when memory is exhausted; the caller raises
 * MemoryError. Strings are immutable UTF-8 with a cached hash. */
#ifndef LS_OBJECT_H
#define LS_OBJECT_H

#include "ls_value.h"
#include "ls_code.h"

typedef struct LsVm LsVm;
typedef struct LsType LsType;
typedef struct LsDict LsDict;

typedef struct LsStr {
    LsObj hdr;
    uint32_t len;      /* bytes */
    uint32_t nchars;   /* code points */
    uint64_t hash;     /* 0 = not computed yet */
    char data[];       /* NUL-terminated */
} LsStr;

typedef struct LsTuple {
    LsObj hdr;
    uint32_t n;
    LsValue items[];
} LsTuple;

typedef struct LsList {
    LsObj hdr;
    uint32_t n, cap;
    LsValue *items;
} LsList;

typedef struct LsDictEntry {
    uint64_t hash;
    LsValue key;       /* UNDEF = deleted slot */
    LsValue value;
} LsDictEntry;

/* Insertion-ordered hash table (compact layout: an index table of int32
 * into a dense entry array). Also used for sets (value unused). */
struct LsDict {
    LsObj hdr;
    uint32_t n_used;       /* live entries */
    uint32_t n_entries;    /* entries incl. deleted */
    uint32_t cap_entries;
    uint32_t n_index;      /* power of two */
    int32_t *index;        /* -1 empty, -2 deleted, else entry number */
    LsDictEntry *entries;
};

/* Runtime wrapper of a compiled LsCode: constants as values, names as
 * interned strings. Owned by the GC; the LsCode itself by the LsProgram. */
typedef struct LsCodeObj {
    LsObj hdr;
    LsCode *code;
    LsValue *consts;
    struct LsStr **names;
    struct LsStr *name, *qualname;
    const char *path;
} LsCodeObj;

typedef struct LsFunction {
    LsObj hdr;
    LsCodeObj *code;
    LsDict *globals;
    LsTuple *defaults;     /* may be NULL */
    LsDict *kwdefaults;    /* may be NULL */
    LsTuple *closure;      /* cells, may be NULL */
    LsStr *name, *qualname;
} LsFunction;

/* Native functions. Return value: see LsNat in ls_vm.h. */
typedef struct LsKwargs {
    uint32_t n;
    LsStr *const *names;
    const LsValue *values;
} LsKwargs;
typedef int (*LsNativeFn)(LsVm *vm, LsValue self, uint32_t argc, const LsValue *argv,
                          const LsKwargs *kw, LsValue *out);

typedef struct LsNative {
    LsObj hdr;
    LsNativeFn fn;
    const char *name;      /* static string, e.g. "print" */
    const char *qualname;  /* e.g. "Task.get_name" for reprs */
    LsValue self;          /* bound receiver, UNDEF if unbound */
    LsValue data;          /* extra per-native data (GC marked) */
} LsNative;

typedef struct LsBound {
    LsObj hdr;
    LsValue self;
    LsValue fn;
} LsBound;

typedef struct LsCell {
    LsObj hdr;
    LsValue value;         /* UNDEF when empty */
} LsCell;

/* A type: builtin or (later) user-defined. Natives for methods live in
 * `methods` (name -> NATIVE or FUNCTION). */
struct LsType {
    LsObj hdr;
    LsStr *name;
    LsStr *qualname;       /* user classes: "Outer.Inner"; NULL for builtin types */
    LsType *base;
    LsType *base2;         /* a second base: only ExceptionGroup (also an Exception) */
    LsDict *methods;
    uint32_t tflags;
    const char *module;    /* "builtins", "asyncio" ... for reprs */
    /* Native hooks for INSTANCE objects with a C payload. */
    void (*mark)(LsVm *vm, LsObj *o);
    void (*finalize)(LsVm *vm, LsObj *o);
    /* Awaiting an instance: returns LS_AW_DONE (result in *out),
     * LS_AW_RAISE (exception set) or LS_AW_YIELD (suspend the task, *out =
     * the value yielded to the task driver). */
    int (*await_step)(LsVm *vm, LsObj *o, LsValue *out);
};
#define LS_TYPE_EXCEPTION 0x1u   /* BaseException or a subclass */
#define LS_TYPE_FUTURE    0x2u   /* asyncio.Future or a subclass */
#define LS_TYPE_USER      0x4u   /* defined by a `class` statement (ls_class.c) */
#define LS_TYPE_NATIVE_PROPS 0x8u /* a native type with property objects among its methods */

enum { LS_AW_DONE, LS_AW_RAISE, LS_AW_YIELD };

/* One traceback entry: the frame's code and the instruction index
 * (LS_TB_AT_DEF: the frame never ran; shown at its `def` line). */
#define LS_TB_AT_DEF 0xFFFFFFFEu
typedef struct LsTbEntry {
    LsCodeObj *code;
    uint32_t ins;
} LsTbEntry;

typedef struct LsExc {
    LsObj hdr;
    LsType *type;
    LsTuple *args;
    LsValue cause, context;     /* NONE when absent */
    bool suppress_context;
    uint32_t n_tb, cap_tb;
    LsTbEntry *tb;              /* innermost first: appended while unwinding */
    LsDict *attrs;              /* may be NULL */
    /* A coroutine that a native refused when raising this exception (e.g.
     * asyncio.run() inside a running loop): CPython frees it, and warns it
     * was never awaited, when the handler that caught this is done. */
    LsValue doomed;
} LsExc;

/* Generic instance of a type, with optional attribute dict and a native
 * payload (Future, Task, loop, handle... defined by the runtime). */
typedef struct LsInstance {
    LsObj hdr;
    LsType *type;
    LsDict *attrs;
    void *payload;
} LsInstance;

typedef struct LsModule {
    LsObj hdr;
    LsStr *name;
    LsDict *dict;
} LsModule;

typedef struct LsRange {
    LsObj hdr;
    int64_t start, stop, step;
} LsRange;

typedef struct LsSlice {
    LsObj hdr;
    LsValue start, stop, step;
} LsSlice;

typedef enum LsIterKind {
    LS_IT_SEQ,        /* list/tuple/str by index */
    LS_IT_RANGE,
    LS_IT_DICT_KEYS, LS_IT_DICT_VALUES, LS_IT_DICT_ITEMS,
    LS_IT_ENUMERATE,  /* a = inner iterator, i = counter */
    LS_IT_ZIP,        /* a = tuple of iterators */
    LS_IT_REVERSED,
    LS_IT_AWAIT,      /* coro.__await__() / iter(future): src = the awaitable, for `yield from` */
} LsIterKind;

typedef struct LsIter {
    LsObj hdr;
    uint8_t kind;
    LsValue src;       /* the iterated object / inner iterator(s) */
    int64_t i, stop, step;
    uint32_t byte_pos; /* str iteration */
} LsIter;

/* Frames, blocks and coroutines: see ls_vm.h. */

#define AS_STR(v) ((LsStr *)(v).u.o)
#define AS_TUPLE(v) ((LsTuple *)(v).u.o)
#define AS_LIST(v) ((LsList *)(v).u.o)
#define AS_DICT(v) ((LsDict *)(v).u.o)
#define AS_FUNCTION(v) ((LsFunction *)(v).u.o)
#define AS_NATIVE(v) ((LsNative *)(v).u.o)
#define AS_BOUND(v) ((LsBound *)(v).u.o)
#define AS_CELL(v) ((LsCell *)(v).u.o)
#define AS_TYPE(v) ((LsType *)(v).u.o)
#define AS_EXC(v) ((LsExc *)(v).u.o)
#define AS_INSTANCE(v) ((LsInstance *)(v).u.o)
#define AS_MODULE(v) ((LsModule *)(v).u.o)
#define AS_RANGE(v) ((LsRange *)(v).u.o)
#define AS_SLICE(v) ((LsSlice *)(v).u.o)
#define AS_ITER(v) ((LsIter *)(v).u.o)
#define AS_CODEOBJ(v) ((LsCodeObj *)(v).u.o)

#endif
