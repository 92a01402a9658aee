/* ls_opcodes — the bytecode instruction set: the contract between the
 * compiler (src/lang) and the VM (src/vm).
 *
 * Encoding: one instruction = one uint32_t: bits 0..7 opcode, bits 8..31 the
 * argument (0..0xFFFFFF). Jump targets are absolute instruction indices.
 * Stack notation: [a, b] -> [c] means "pops b then a, pushes c" (b is TOS).
 *
 * The list is an X-macro: X(NAME, "stack effect and meaning"). It generates
 * the enum (LS_OP_NAME), the name table and the disassembler.
 *
 * Exception handling uses a per-frame block stack (CPython 3.10 style):
 *  - SETUP_FINALLY h pushes a FINALLY block {handler=h, level=stack depth}.
 *  - When an exception E is raised, the VM pops blocks of the current frame:
 *      * an EXCEPT_HANDLER block: restore the coroutine's "exception being
 *        handled" (exc_info) from the value saved at stack[level], cut the
 *        stack to `level`, keep unwinding;
 *      * a FINALLY block: cut the stack to its level, push an EXCEPT_HANDLER
 *        block {level = that depth}, push the old exc_info (None if none),
 *        push E, set exc_info = E, jump to the handler.  So a handler starts
 *        with stack [..., prev_exc_info, E].
 *    No block left: the frame is popped (a traceback entry is added for the
 *    line where the exception passed) and unwinding continues in the caller.
 *  - RETURN_VALUE inside handlers is fine: the VM restores exc_info from
 *    every EXCEPT_HANDLER block it discards. break/continue that leave a
 *    handler must emit POP_EXCEPT themselves (the frame continues).
 *  - A raised exception gets __context__ = exc_info when exc_info is set
 *    and is not the exception itself.
 */
#ifndef LS_OPCODES_H
#define LS_OPCODES_H

#include <stdint.h>

#define LS_OPCODE_LIST(X) \
    X(NOP,            "[] -> []") \
    X(POP_TOP,        "[a] -> []") \
    X(DUP_TOP,        "[a] -> [a, a]") \
    X(DUP_TOP_TWO,    "[a, b] -> [a, b, a, b]") \
    X(ROT_TWO,        "[a, b] -> [b, a]") \
    X(ROT_THREE,      "[a, b, c] -> [c, a, b]") \
    X(ROT_FOUR,       "[a, b, c, d] -> [d, a, b, c]") \
    X(LOAD_CONST,     "[] -> [consts[arg]]  (a code constant loads the code object, for MAKE_FUNCTION)") \
    X(LOAD_NONE,      "[] -> [None]") \
    X(LOAD_TRUE,      "[] -> [True]") \
    X(LOAD_FALSE,     "[] -> [False]") \
    X(LOAD_FAST,      "[] -> [locals[arg]]  UnboundLocalError \"cannot access local variable 'x' where it is not associated with a value\" if unset") \
    X(STORE_FAST,     "[v] -> []  locals[arg] = v") \
    X(DELETE_FAST,    "[] -> []  unset locals[arg] (UnboundLocalError if unset)") \
    X(LOAD_DEREF,     "[] -> [cells[arg].value]  cells = cellvars then freevars; NameError/UnboundLocalError if empty") \
    X(STORE_DEREF,    "[v] -> []  cells[arg].value = v") \
    X(DELETE_DEREF,   "[] -> []") \
    X(LOAD_CLOSURE,   "[] -> [cells[arg]]  pushes the cell object itself (for MAKE_FUNCTION's closure tuple)") \
    X(LOAD_GLOBAL,    "[] -> [globals[names[arg]] or builtins[names[arg]]]  NameError \"name 'x' is not defined\"") \
    X(STORE_GLOBAL,   "[v] -> []  globals[names[arg]] = v") \
    X(DELETE_GLOBAL,  "[] -> []") \
    X(LOAD_ATTR,      "[obj] -> [obj.names[arg]]  (methods come back bound)") \
    X(STORE_ATTR,     "[v, obj] -> []  obj.names[arg] = v") \
    X(DELETE_ATTR,    "[obj] -> []") \
    X(LOAD_METHOD,    "[obj] -> [meth, self] or [NULL?]: reserved; compilers use LOAD_ATTR + CALL for now") \
    X(BINARY_OP,      "[a, b] -> [a OP b]  arg = LsBinOp; LS_BINOP_INPLACE bit set for augmented assignment") \
    X(UNARY_NEG,      "[a] -> [-a]") \
    X(UNARY_POS,      "[a] -> [+a]") \
    X(UNARY_NOT,      "[a] -> [not a]") \
    X(UNARY_INVERT,   "[a] -> [~a]") \
    X(COMPARE_OP,     "[a, b] -> [a CMP b]  arg = LsCmpOp (incl. in, not in, is, is not)") \
    X(BINARY_SUBSCR,  "[obj, key] -> [obj[key]]") \
    X(STORE_SUBSCR,   "[v, obj, key] -> []  obj[key] = v") \
    X(DELETE_SUBSCR,  "[obj, key] -> []  del obj[key]") \
    X(BUILD_SLICE,    "arg=2: [lo, hi] -> [slice]; arg=3: [lo, hi, step] -> [slice]  (None for omitted parts)") \
    X(BUILD_TUPLE,    "[a1..an] -> [(a1..an)]  n = arg") \
    X(BUILD_LIST,     "[a1..an] -> [[a1..an]]") \
    X(BUILD_SET,      "[a1..an] -> [{a1..an}]") \
    X(BUILD_DICT,     "[k1, v1, .., kn, vn] -> [{k1: v1, ..}]  n = arg pairs, inserted left to right") \
    X(BUILD_STRING,   "[s1..sn] -> [s1+..+sn]  (f-string pieces, all str)") \
    X(LIST_APPEND,    "[list, ..(arg-1 items).., v] -> [list, ..]  list is at depth arg below v (comprehensions)") \
    X(SET_ADD,        "like LIST_APPEND for a set") \
    X(MAP_ADD,        "[dict, .., k, v] -> [dict, ..]  dict at depth arg below k") \
    X(LIST_EXTEND,    "[list, .., it] -> [list, ..]  list at depth arg below it; extends with every item of iterable it") \
    X(DICT_UPDATE,    "[dict, .., m] -> [dict, ..]  dict at depth arg below m (for **m in displays)") \
    X(DICT_MERGE,     "like DICT_UPDATE but TypeError on duplicate keys (for **m in calls)") \
    X(LIST_TO_TUPLE,  "[list] -> [tuple]") \
    X(UNPACK_SEQUENCE,"[seq] -> [x_n .. x_1]  (x_1 on top) ValueError on length mismatch") \
    X(UNPACK_EX,      "[seq] -> [after.., starred list, before..]  arg = before | (after << 8); first target on top") \
    X(FORMAT_VALUE,   "arg&3 = conversion (0 none, 1 !s, 2 !r, 3 !a); arg&4: a format spec str is on top: [v, spec] -> [str]; else [v] -> [str]") \
    X(JUMP,           "[] -> []  pc = arg") \
    X(POP_JUMP_IF_FALSE, "[v] -> []  if not truthy(v): pc = arg") \
    X(POP_JUMP_IF_TRUE,  "[v] -> []  if truthy(v): pc = arg") \
    X(JUMP_IF_FALSE_OR_POP, "[v] -> [v] and jump if falsy, else [] (and/or)") \
    X(JUMP_IF_TRUE_OR_POP,  "[v] -> [v] and jump if truthy, else []") \
    X(GET_ITER,       "[obj] -> [iter(obj)]") \
    X(FOR_ITER,       "[it] -> [it, next(it)]; on exhaustion [it] -> [] and pc = arg  (generators are resumed by the VM, no C recursion)") \
    X(CALL,           "[f, a1..an] -> [f(a1..an)]  n = arg positional arguments") \
    X(CALL_KW,        "[f, a1..an, names] -> [result]  n = arg counts all arguments; names = tuple const (LOAD_CONST) naming the last len(names) arguments") \
    X(CALL_EX,        "arg&1 = has kwargs: [f, args_tuple, kwargs_dict] or [f, args_tuple] -> [f(*args, **kwargs)]") \
    X(MAKE_FUNCTION,  "[defaults_tuple?, kwdefaults_dict?, closure_tuple?, code] -> [function]  presence by arg bits LS_MKFN_*") \
    X(RETURN_VALUE,   "[v] -> returns v from the frame") \
    X(RAISE,          "arg=0: re-raise exc_info (RuntimeError 'No active exception to reraise' if none); arg=1: [exc] raise exc; arg=2: [exc, cause] raise exc from cause. A class is instantiated with no args") \
    X(SETUP_FINALLY,  "[] -> []  push block {FINALLY, handler=arg, level=depth}") \
    X(POP_BLOCK,      "[] -> []  pop the top block (must be FINALLY)") \
    X(POP_EXCEPT,     "[prev_exc_info] -> []  pop the top EXCEPT_HANDLER block, exc_info = prev_exc_info") \
    X(RERAISE,        "[exc] -> raise exc again without adding a traceback entry for this line") \
    X(JUMP_IF_NOT_EXC_MATCH, "[exc, type] -> []  if not isinstance(exc, type) (type may be a tuple): pc = arg") \
    X(GET_AWAITABLE,  "[obj] -> [awaitable]  coroutine as is (RuntimeError if already awaited), Future/Task as is, else TypeError \"object X can't be used in 'await' expression\"") \
    X(AWAIT,          "[aw] -> [result]  runs a coroutine in this task until it returns (no C recursion); a pending future suspends the whole task, the instruction is re-executed on resume and reads the result") \
    X(YIELD_VALUE,    "[v] -> [sent]  generator yield") \
    X(YIELD_FROM,     "[it] -> [result]  delegate to a sub-generator (issue 3)") \
    X(GEN_START,      "[] -> []  first instruction of generator/coroutine code; a marker, no effect") \
    X(IMPORT_NAME,    "[] -> [module names[arg]]  only supported modules (asyncio, time, ...)") \
    X(IMPORT_FROM,    "[mod] -> [mod, mod.names[arg]]") \
    X(LOAD_NAME,      "[] -> [ns[names[arg]] or globals[..] or builtins[..]]  class bodies; NameError if absent") \
    X(STORE_NAME,     "[v] -> []  ns[names[arg]] = v  (the running class body's namespace)") \
    X(DELETE_NAME,    "[] -> []  del ns[names[arg]]") \
    X(LOAD_LOCALS,    "[] -> [ns]  the class body's namespace dict (its return value)") \
    X(BUILD_CLASS,    "[name, bases_tuple, ns] -> [class]  single inheritance; sets the __class__ cell from ns['__classcell__']") \
    X(BEFORE_WITH,    "[mgr] -> [exit, enter]  bound __exit__/__enter__ (arg=1: __aexit__/__aenter__); TypeError if the protocol is missing") \
    X(SETUP_WITH,     "[exit, v] -> [exit, v]  like SETUP_FINALLY but the block level is below v, so the handler starts with [exit, prev_exc, exc]") \
    X(LOAD_SPECIAL,   "[obj] -> [bound method]  arg 0: __aiter__, 1: __anext__ (looked up on the type; the 'async for' TypeErrors)") \
    X(ASYNC_FOR_POP,  "[aiter] -> []  break/return out of `async for`; arg=1 (the iterable was a call's result, so the loop held the only reference): NotImplementedError if aiter is an unfinished async generator (CPython finalizes it on garbage collection)") \
    X(FOR_EXIT_CLOSE, "[it] -> []  break/return out of `for` over a call's result: a suspended generator is closed now, as CPython's reference counting does") \
    X(END_ASYNC_FOR,  "[aiter, prev, exc] -> []  StopAsyncIteration: POP_EXCEPT and drop the iterator, fall through; else re-raise exc") \
    X(STAR_PREP,      "[prev, exc] -> [prev, orig, rest, raised]  start of the except* clauses: orig = rest = exc, raised = []") \
    X(STAR_MATCH,     "[orig, rest, raised, T] -> [orig, rest', raised, saved_exc_info, match] inside a new EXCEPT_HANDLER block (exc_info = match); no match: [orig, rest, raised] and pc = arg") \
    X(STAR_COLLECT,   "[raised, ..(arg-1).., x] -> [raised, ..]  an except* clause raised x: remember it") \
    X(STAR_FINISH,    "[orig, rest, raised] -> []  raise what remains (the unmatched rest and what the clauses raised, merged like CPython), or fall through") \
    X(WITH_EXC_ARGS,  "[exit, prev, exc] -> [exit, prev, exc, exit, type(exc), exc, None]  the arguments of __exit__ on the exceptional path") \
    X(LINE,           "[] -> []  marks the start of statement at line arg: emits the LINE event; not executed on every expression")

typedef enum LsOpcode {
#define LS_OP_ENUM(name, doc) LS_OP_##name,
    LS_OPCODE_LIST(LS_OP_ENUM)
#undef LS_OP_ENUM
    LS_OP__COUNT
} LsOpcode;

extern const char *const ls_opcode_names[LS_OP__COUNT];

#define LS_INS(op, arg) ((uint32_t)(op) | ((uint32_t)(arg) << 8))
#define LS_INS_OP(ins) ((LsOpcode)((ins) & 0xffu))
#define LS_INS_ARG(ins) ((uint32_t)(ins) >> 8)
#define LS_ARG_MAX 0xffffffu

/* BINARY_OP arguments. */
#define LS_BINOP_LIST(X) \
    X(ADD, "+") X(SUB, "-") X(MUL, "*") X(TRUEDIV, "/") X(FLOORDIV, "//") \
    X(MOD, "%") X(POW, "**") X(LSHIFT, "<<") X(RSHIFT, ">>") X(AND, "&") \
    X(OR, "|") X(XOR, "^") X(MATMUL, "@")
typedef enum LsBinOp {
#define LS_BINOP_ENUM(name, sym) LS_BINOP_##name,
    LS_BINOP_LIST(LS_BINOP_ENUM)
#undef LS_BINOP_ENUM
    LS_BINOP__COUNT
} LsBinOp;
#define LS_BINOP_INPLACE 0x100u
extern const char *const ls_binop_symbols[LS_BINOP__COUNT];

/* COMPARE_OP arguments. */
#define LS_CMPOP_LIST(X) \
    X(LT, "<") X(LE, "<=") X(EQ, "==") X(NE, "!=") X(GT, ">") X(GE, ">=") \
    X(IN, "in") X(NOT_IN, "not in") X(IS, "is") X(IS_NOT, "is not")
typedef enum LsCmpOp {
#define LS_CMPOP_ENUM(name, sym) LS_CMP_##name,
    LS_CMPOP_LIST(LS_CMPOP_ENUM)
#undef LS_CMPOP_ENUM
    LS_CMP__COUNT
} LsCmpOp;
extern const char *const ls_cmpop_symbols[LS_CMP__COUNT];

/* MAKE_FUNCTION argument bits. */
#define LS_MKFN_DEFAULTS   0x1u
#define LS_MKFN_KWDEFAULTS 0x2u
#define LS_MKFN_CLOSURE    0x4u

#endif
