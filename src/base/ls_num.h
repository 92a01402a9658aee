/* ls_num — Python 3.11's exact rules for numbers and strings as text, and
 * for int/float arithmetic, as pure C functions on C types (no VM values).
 *
 * Owns: repr(float), str(int), repr(str), format(x, spec) for int/bool/
 * float/str, int(str, base), float(str), int64 and double arithmetic with
 * Python's floor/rounding/sign rules, exact int/float comparison and the
 * numeric hash. Every text result is appended to a caller-owned LsBuf.
 *
 * loopscope ints are int64_t. Where Python would return a bigger int, the
 * function fails with LS_NUM_EXC_INT_LIMIT (the caller raises OverflowError).
 *
 * Errors: a function that can fail returns false and fills an LsNumErr:
 * `exc` says which Python exception to raise, `msg` holds the exact text
 * CPython puts in it (`err` may be NULL). On success `*err` is left
 * untouched and the output parameters are written; on failure outputs and
 * `out` buffers are left as they were. Nothing here allocates except
 * through LsBuf (plain malloc, host-side text). Pure functions: no state,
 * safe from any thread. */
#ifndef LS_NUM_H
#define LS_NUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ls_buf.h"

/* X(enum suffix, Python exception class the caller should raise) */
#define LS_NUM_EXC_LIST(X)                                                   \
    X(NONE, "")                                                              \
    X(VALUE, "ValueError")                                                   \
    X(OVERFLOW, "OverflowError")          /* Python itself raises this */    \
    X(INT_LIMIT, "OverflowError")         /* Python would not: int64 limit */\
    X(ZERO_DIV, "ZeroDivisionError")                                         \
    X(MEMORY, "MemoryError")              /* result text over LS_NUM_TEXT_MAX */\
    X(UNSUPPORTED, "NotImplementedError") /* Python returns a complex */

typedef enum LsNumExc {
#define LS_NUM_X_ENUM(name, py) LS_NUM_EXC_##name,
    LS_NUM_EXC_LIST(LS_NUM_X_ENUM)
#undef LS_NUM_X_ENUM
    LS_NUM_EXC_COUNT
} LsNumExc;

/* Long enough for int()'s message, which quotes up to 200 characters of the
 * repr of its argument (at most 4 bytes each). */
#define LS_NUM_ERR_MAX 1024

typedef struct LsNumErr {
    LsNumExc exc;
    char msg[LS_NUM_ERR_MAX]; /* NUL-terminated UTF-8, CPython's wording */
} LsNumErr;

/* Largest width or precision format() accepts before failing with
 * LS_NUM_EXC_MEMORY (CPython would try to build the string). */
#define LS_NUM_TEXT_MAX ((int64_t)1 << 24)

/* The Python exception class name for `e` ("ValueError"; "" for NONE). */
const char *ls_num_exc_name(LsNumExc e);

/* ---- text of values (cannot fail) --------------------------------------- */

/* repr(x) / str(x): the shortest digits that round-trip, in fixed notation
 * for decimal exponents -4..15 and exponent notation otherwise ("1e-05",
 * "1e+16", "0.1", "1.0", "-0.0", "inf", "nan"). */
void ls_num_float_repr(double x, LsBuf *out);

/* str(v) / repr(v). */
void ls_num_int_str(int64_t v, LsBuf *out);

/* repr(s) for UTF-8 text s[0..n): quotes, escapes and Python's
 * str.isprintable() (Unicode 14.0, as in CPython 3.11). Bytes that are not
 * valid UTF-8 are shown as the surrogate escapes Python would hold for them
 * ('\udcXX'); a UTF-8-encoded surrogate is shown as '\udXXX'. */
void ls_num_str_repr(const char *s, size_t n, LsBuf *out);

/* ---- format(value, spec) -------------------------------------------------- */
/* spec[0..len) is the format-spec mini-language (UTF-8). Each returns true
 * and appends the text, or false with LS_NUM_EXC_VALUE (bad spec, exactly
 * CPython's messages), LS_NUM_EXC_OVERFLOW ('c' out of range) or
 * LS_NUM_EXC_MEMORY (width/precision over LS_NUM_TEXT_MAX). An empty spec
 * gives str(value). */
bool ls_num_format_int(int64_t v, const char *spec, size_t len, LsBuf *out,
                       LsNumErr *err);
/* bool: "True"/"False" for an empty spec, otherwise formats as the int 0/1
 * (errors name type 'bool'). */
bool ls_num_format_bool(bool v, const char *spec, size_t len, LsBuf *out,
                        LsNumErr *err);
bool ls_num_format_float(double x, const char *spec, size_t len, LsBuf *out,
                         LsNumErr *err);
/* s[0..n) is UTF-8; width and precision count code points. */
bool ls_num_format_str(const char *s, size_t n, const char *spec, size_t len,
                       LsBuf *out, LsNumErr *err);

/* ---- parsing ---------------------------------------------------------------- */

/* int(s, base), base 0 or 2..36: surrounding whitespace (Python's, Unicode
 * included), a sign, '_' between digits, base prefixes 0b/0o/0x, Unicode
 * decimal digits. Fails with LS_NUM_EXC_VALUE ("invalid literal for int()
 * with base 10: 'x'"; "int() base must be >= 2 and <= 36, or 0") or, for a
 * valid literal outside int64, LS_NUM_EXC_INT_LIMIT. */
bool ls_num_parse_int(const char *s, size_t n, int base, int64_t *out,
                      LsNumErr *err);

/* float(s): decimal literals with '_' between digits, inf/infinity/nan in
 * any case, whitespace, Unicode decimal digits; correctly rounded (overflow
 * gives +-inf as in Python). Fails with LS_NUM_EXC_VALUE ("could not convert
 * string to float: 'x'"; the repr is cut to fit LS_NUM_ERR_MAX). */
bool ls_num_parse_float(const char *s, size_t n, double *out, LsNumErr *err);

/* ---- int arithmetic (int64, Python semantics) ------------------------------ */
/* All fail with LS_NUM_EXC_INT_LIMIT when the exact result leaves int64. */
bool ls_num_int_add(int64_t a, int64_t b, int64_t *out, LsNumErr *err);
bool ls_num_int_sub(int64_t a, int64_t b, int64_t *out, LsNumErr *err);
bool ls_num_int_mul(int64_t a, int64_t b, int64_t *out, LsNumErr *err);
bool ls_num_int_neg(int64_t a, int64_t *out, LsNumErr *err);
bool ls_num_int_abs(int64_t a, int64_t *out, LsNumErr *err);
/* a // b and a % b rounding toward -inf (the remainder takes b's sign).
 * b == 0: LS_NUM_EXC_ZERO_DIV "integer division or modulo by zero" (//) and
 * "integer modulo by zero" (%). */
bool ls_num_int_floordiv(int64_t a, int64_t b, int64_t *out, LsNumErr *err);
bool ls_num_int_mod(int64_t a, int64_t b, int64_t *out, LsNumErr *err);
/* a / b correctly rounded, as Python's int true division.
 * b == 0: LS_NUM_EXC_ZERO_DIV "division by zero". */
bool ls_num_int_truediv(int64_t a, int64_t b, double *out, LsNumErr *err);

/* An int-or-float result (int ** negative int, round(float) forms). */
typedef struct LsNumVal {
    bool is_float;
    int64_t i;
    double f;
} LsNumVal;

/* a ** b. b >= 0 gives an int; b < 0 gives float(a) ** float(b) as Python
 * does (0 ** -1: LS_NUM_EXC_ZERO_DIV "0.0 cannot be raised to a negative
 * power"). */
bool ls_num_int_pow(int64_t a, int64_t b, LsNumVal *out, LsNumErr *err);
/* a << b, a >> b (floor). b < 0: LS_NUM_EXC_VALUE "negative shift count". */
bool ls_num_int_lshift(int64_t a, int64_t b, int64_t *out, LsNumErr *err);
bool ls_num_int_rshift(int64_t a, int64_t b, int64_t *out, LsNumErr *err);

/* ---- float arithmetic ------------------------------------------------------- */
/* a / b. b == 0: LS_NUM_EXC_ZERO_DIV "float division by zero". */
bool ls_num_float_div(double a, double b, double *out, LsNumErr *err);
/* a // b, a % b and divmod(a, b) with Python's float rules (-7.5 % 2 == 0.5,
 * 7.5 // -2 == -4.0, signed zeros). b == 0: LS_NUM_EXC_ZERO_DIV "float floor
 * division by zero" / "float modulo" / "float divmod()". */
bool ls_num_float_floordiv(double a, double b, double *out, LsNumErr *err);
bool ls_num_float_mod(double a, double b, double *out, LsNumErr *err);
bool ls_num_float_divmod(double a, double b, double *q, double *r,
                         LsNumErr *err);
/* a ** b. Fails with LS_NUM_EXC_ZERO_DIV "0.0 cannot be raised to a negative
 * power", LS_NUM_EXC_OVERFLOW "(34, 'Numerical result out of range')", or
 * LS_NUM_EXC_UNSUPPORTED when Python would return a complex (negative base,
 * fractional exponent). */
bool ls_num_float_pow(double a, double b, double *out, LsNumErr *err);

/* ---- conversion, rounding, comparison ---------------------------------------- */

/* int(x): truncation. inf: LS_NUM_EXC_OVERFLOW "cannot convert float
 * infinity to integer"; nan: LS_NUM_EXC_VALUE "cannot convert float NaN to
 * integer"; outside int64: LS_NUM_EXC_INT_LIMIT. */
bool ls_num_float_to_int(double x, int64_t *out, LsNumErr *err);
/* round(x) -> int, half to even; errors as ls_num_float_to_int. */
bool ls_num_round_float_to_int(double x, int64_t *out, LsNumErr *err);
/* round(x, ndigits) -> float, half to even on the exact binary value
 * (round(2.675, 2) == 2.67). LS_NUM_EXC_OVERFLOW "rounded value too large
 * to represent" when rounding up leaves the double range. */
bool ls_num_round_float(double x, int64_t ndigits, double *out, LsNumErr *err);
/* round(v, ndigits) -> int (round(1250, -2) == 1200). */
bool ls_num_round_int(int64_t v, int64_t ndigits, int64_t *out, LsNumErr *err);

#define LS_NUM_UNORDERED 2
/* Exact comparison of an int with a float, as Python compares them: -1, 0,
 * 1 for i < d, i == d, i > d, or LS_NUM_UNORDERED when d is nan. */
int ls_num_cmp_int_float(int64_t i, double d);
bool ls_num_float_eq_int(double d, int64_t i);

/* ---- hashing ----------------------------------------------------------------- */
/* hash(v), hash(x) exactly as CPython (modulo 2**61 - 1, so hash(1) ==
 * hash(1.0)). hash(nan) is 0 (CPython 3.10+ hashes nan by identity). */
int64_t ls_num_hash_int(int64_t v);
int64_t ls_num_hash_float(double x);
/* hash(str) as CPython computes it with PYTHONHASHSEED=0 (SipHash-1-3 with
 * a zero key over the 1/2/4-byte code units; never -1). CPython randomizes
 * str hashes per process otherwise; the conformance runner pins the seed. */
int64_t ls_num_hash_str(const char *s, size_t n);
/* hash(bytes) as CPython with PYTHONHASHSEED=0 (SipHash-1-3, zero key). */
int64_t ls_num_hash_bytes(const unsigned char *d, size_t n);

#endif
