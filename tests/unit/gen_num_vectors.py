#!/usr/bin/env python3
"""Expected values for tests/unit/test_num.c, computed by CPython 3.11.

Run once with python3.11 and splice the output into test_num.c between the
GENERATED markers:

    python3 tests/unit/gen_num_vectors.py --splice tests/unit/test_num.c

`--unicode-tables` prints the isprintable/decimal-digit tables that
src/base/ls_num.c carries (NONPRINTABLE, DIGIT_ZEROS).

Every expected string, number and error message in the tables comes from
running CPython on the input; nothing is typed by hand. Random inputs use
fixed seeds, so the output is stable.
"""
import math
import random
import struct
import sys

assert sys.version_info[:2] == (3, 11), "expectations are CPython 3.11's"

INT64_MIN, INT64_MAX = -2**63, 2**63 - 1
LIMIT_MSG = "integer overflow: loopscope ints are 64-bit"
COMPLEX_MSG = ("complex numbers are not supported: negative number raised to a "
               "fractional power")
EXC = {ValueError: "VALUE", OverflowError: "OVERFLOW",
       ZeroDivisionError: "ZERO_DIV"}


def c_str(s):
    """A C string literal for the UTF-8 (surrogatepass) bytes of s."""
    if isinstance(s, str):
        s = s.encode("utf-8", "surrogatepass")
    out = []
    for b in s:
        c = chr(b)
        if c in '"\\':
            out.append("\\" + c)
        elif 32 <= b < 127 and c != "?":  # '?' avoids trigraphs
            out.append(c)
        else:
            out.append("\\%03o" % b)
    return '"' + "".join(out) + '"'


def S(s):
    return "S(%s)" % c_str(s)


def bits(d):
    return "0x%016xu" % struct.unpack("<Q", struct.pack("<d", d))[0]


def fits(v):
    return INT64_MIN <= v <= INT64_MAX


def i64(v):
    return "INT64_MIN" if v == INT64_MIN else "INT64_C(%d)" % v


class Limit(Exception):
    pass


def outcome(fn):
    """(exc enum suffix, message) or ('NONE', value) for fn()."""
    try:
        v = fn()
    except Limit:
        return "INT_LIMIT", LIMIT_MSG
    except (ValueError, OverflowError, ZeroDivisionError) as e:
        return EXC[type(e)], str(e)
    return "NONE", v


def emit_table(name, ctype, rows):
    print("static const %s %s[] = {" % (ctype, name))
    for r in rows:
        print("    {%s}," % r)
    print("};")
    print()


# ---- repr(float) -------------------------------------------------------------

def float_reprs():
    rng = random.Random(1)
    xs = [0.0, -0.0, 0.1, 0.2, 0.30000000000000004, 1e-05, 1e-4, 0.001, 1e16,
          1e15, 9999999999999998.0, 1e17, 1.0, -1.0, 1.5, 100.0, 123456789012345.0,
          1.2345678901234567e16, 1234567890123456.7, 2.0**53, 2.0**63, -2.0**63,
          2.0**64, 5e-324, -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308,
          1.7976931348623157e308, -1.7976931348623157e308, math.inf, -math.inf,
          math.nan, 1/3, 2/3, 9.995, 2.675, 0.5, 0.25, 1e22, 1e23, 1e-7, 3.14159,
          math.pi, math.e, 299792458.0, 6.02214076e23, 1.602176634e-19,
          0.1 + 0.7, 4.35, 8.41, 1e300 * 1e-300, 0.000123456, 12345678.9]
    # powers of two are where shortest digits need the wide side of the gap
    xs += [2.0**k for k in (-1074, -1022, -1000, -700, -307, -100, -10, 10, 60, 100,
                             500, 1000, 1023)]
    xs += [7.120236347223045e-307, 7.291122019556398e-304, 8.209073602596753e-289]
    for _ in range(150):
        while True:
            x = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
            if math.isfinite(x):
                break
        xs.append(x)
    for _ in range(30):
        xs.append(round(rng.uniform(-1e6, 1e6), rng.randint(0, 8)))
    for _ in range(20):
        xs.append(rng.uniform(0, 1) * 10.0**rng.randint(-20, 20))
    return ["%s, %s" % (bits(x), c_str(repr(x))) for x in xs]


# ---- format() ----------------------------------------------------------------

FMT_CURATED = [
    # (value, spec)
    (0, ""), (-5, ""), (True, ""), (False, ""), (1.0, ""), ("abc", ""),
    (1234, ","), (1234567, "_"), (-1234567, ",d"), (1234, "08,"), (1234, "09,"),
    (1234, "010,"), (1234, "07,"), (1, "04,"), (1, "05,"), (1, "06,"), (-1234, "+09,"),
    (1234, "0=9,"), (1234, "x=9,"), (1234, "0>9,"), (12345, "010_x"), (12345, "011_x"),
    (123456789, "_o"), (123456789, "_b"), (123456789, "#_b"), (123456789, "#_x"),
    (-123456789, "#020_x"), (123456789, "_X"), (255, "#X"), (255, "#010x"),
    (-255, "#010x"), (5, "#05x"), (5, "#b"), (5, "#o"), (0, "#x"), (-5, "#x"),
    (65, "c"), (0x1F600, "c"), (65, "5c"), (65, "<5c"), (65, "=5c"), (65, "05c"),
    (-1, "c"), (0x110000, "c"), (1, "<05"), (1, "^05"), (-1, "<05"), (1, "x<05"),
    (1, "=05"), (-1, "+05"), (1, " 05"), (1, "+"), (1, " "), (-1, " "), (1, "-"),
    (1, "^4"), (-1, "^6"), (1, "^+6"), (1, "é^9"), (1, "=^9"), (1, "}^9"),
    (1, "😀>3"), (1, "\x00<5"), (1, "٥"), (1, "000002"), (5, ".2f"), (5, "%"),
    (5, "n"), (10**18, "e"), (INT64_MAX, ".3e"), (INT64_MIN, ","), (INT64_MIN, "x"),
    (True, "x"), (True, ">6"), (True, "f"), (True, "c"),
    (1, "abc"), (1, "d,d"), (1, ",,"), (1, ",_"), (1, "_,"), (1, "__"), (1, ".2"),
    (1, "."), (1, "+c"), (1, "#c"), (1, " c"), (1, ",c"), (1, "_c"), (1, ",b"),
    (1, "_n"), (1, ",n"), (1, "z"), (1, "zd"), (1, "zs"), (1, "+zc"), (1, "z.2c"),
    (1, "s"), (1, "é"), (1, "5 "), (1, ",é"), (1, ",\x01"), (1, "=10="),
    (1, "99999999999999999999"), (1, ".99999999999999999999"), (1, "1_000"),
    (1, "_10"), (True, "s"), (True, "zs"), (1, "#zc"),
    (1.0, ""), (1.5, ".3"), (1e20, ".3"), (123.0, ".3"), (123.0, ".2"), (1e16, ""),
    (1e16, "10"), (1234567.0, ","), (1.0, "#"), (1.0, "#.3"), (1.0, "#g"),
    (0.0001, ".3"), (1e-05, ".3"), (1e16, "#"), (1.0, "#.0"), (100.0, "#.3"),
    (1e20, "n"), (0.1, ".3n"), (1e-5, "#"), (123456.0, "#.3"), (1e22, ".30"),
    (1e22, ",.30"), (1e16, ".17"), (1.0, ".50"), (0.1, ".50"), (1.0, ".50e"),
    (1.0, ".0"), (1.0, ".0e"), (1.0, "#.0e"), (1.0, "#.0f"), (1.0, ".0%"),
    (1.0, "#.0%"), (0.5, "%"), (0.125, ".1%"), (2.5, ".0f"), (3.5, ".0f"),
    (0.125, ".2f"), (0.375, ".2f"), (2.675, ".2f"), (1.0, "-^+10"),
    (1234.5, "012,.2f"), (1234.5, "011,.2f"), (1.5e10, "015,e"), (0.0001, "#.3g"),
    (-0.0, ""), (-0.0, "z"), (-0.0, "z.1f"), (-0.04, "z.1f"), (-0.0004, "z.3f"),
    (-0.0, "zg"), (-0.0, "z,"), (-0.0, "z%"), (-0.0, "ze"), (-0.001, "z.1%"),
    (-1e-10, "z.3"), (0.0, "z"), (-0.0, "%"), (math.inf, "010f"), (math.nan, "=+10"),
    (-math.inf, "010"), (math.inf, "010,"), (math.inf, "%"), (math.nan, "F"),
    (-math.nan, ""), (-math.nan, "+"), (math.inf, "E"), (math.inf, " "),
    (5e-324, ""), (5e-324, ".3"), (5e-324, "e"), (1.7976931348623157e308, "g"),
    (1e300, ",.0f"), (1.0, "d"), (1.0, "zd"), (12.0, "x"), (1.0, "c"), (1.0, ",x"),
    (1.0, "=,d"), (1.0, "^^^^^"), (1.0, "z+"), (1.0, ".2147483648f"),
    (1.0, "_"), (1.5, "_g"), (99.99, "#.2g"), (99.99, "#.2n"), (99.99, "#.2"),
    (9.995, "#.3G"), (0.00099995, "#.4g"), (999999.5, "#g"),
    ("abc", ".1"), ("abc", "5.1s"), ("abc", "^5"), ("a", "^4"), ("ab", "^5"),
    ("xxx", "é^9"), ("ab", "😀^7.1"), ("héllo", "10"), ("héllo", ">8.2"),
    ("日本語", "*^7"), ("a", "05"), ("ab", "005"), ("a", "<05"), ("a", "0"),
    ("a", ".2147483648"), ("a", "d"), ("a", "+"), ("a", " s"), ("a", "#"), ("a", "="),
    ("a", "=5"), ("a", "z"), ("a", ","), ("a", "_"), ("a", "."), ("a", ".2,"),
    ("a", "c"), ("a", "é"), ("a", "+#=s"), ("a", "z="), ("a", "=#"), ("a", ",.2"),
]


def rand_spec(rng, kinds):
    s = ""
    if rng.random() < 0.4:
        s += rng.choice(["", "", "*", "0", " ", "é", "=", "<", "x"]) + rng.choice("<>^=")
    elif rng.random() < 0.1:
        s += rng.choice("<>^=")
    if rng.random() < 0.3:
        s += rng.choice("+- ")
    if rng.random() < 0.15:
        s += "z"
    if rng.random() < 0.2:
        s += "#"
    if rng.random() < 0.25:
        s += "0"
    if rng.random() < 0.5:
        s += str(rng.randint(0, 25))
    if rng.random() < 0.25:
        s += rng.choice([",", "_", ",", "_", ",_"])
    if rng.random() < 0.4:
        s += "." + str(rng.randint(0, 20))
    if rng.random() < 0.85:
        s += rng.choice(kinds)
    return s


def format_cases():
    rng = random.Random(2)
    cases = list(FMT_CURATED)
    fk = list("eEfFgGn%") + ["", "", "d"]
    ik = list("bcdoxXn") + list("eEfFgG%") + ["", "s"]
    for _ in range(100):
        x = rng.choice([rng.uniform(-1e4, 1e4), rng.uniform(-1, 1) * 10.0**rng.randint(-25, 25),
                        round(rng.uniform(-100, 100), 3), 0.5, -2.5, 1e16, 0.1])
        cases.append((x, rand_spec(rng, fk)))
    for _ in range(70):
        v = rng.choice([rng.randint(-10**6, 10**6), rng.randint(INT64_MIN, INT64_MAX),
                        rng.randint(0, 0x10FFFF), 0])
        cases.append((v, rand_spec(rng, ik)))
    for _ in range(30):
        v = rng.choice(["", "a", "abc", "héllo", "日本語", "😀x", "tab\there"])
        cases.append((v, rand_spec(rng, ["s", "", ""])))
    rows = []
    for v, spec in cases:
        kind = {bool: "'b'", int: "'i'", float: "'f'", str: "'s'"}[type(v)]
        exc, res = outcome(lambda: format(v, spec))
        ival = i64(v) if isinstance(v, int) else "0"
        fval = bits(v) if isinstance(v, float) else "0"
        sval = S(v) if isinstance(v, str) else S("")
        rows.append("%s, %s, %s, %s, %s, LS_NUM_EXC_%s, %s" % (
            kind, ival, fval, sval, S(spec), exc, c_str(res)))
    return rows


# ---- repr(str) ---------------------------------------------------------------

def str_reprs():
    ss = ["", "a", "abc", "it's", 'say "hi"', "both ' and \"", "\\", "back\\slash'",
          "tab\tnl\ncr\r", "\x00\x01\x1f\x7f", "\x80\x9f\xa0\xad", "é", "héllo wörld",
          "日本語", "😀", "\u200b\u2028\u2029\ufeff", "\U000e0001\U0010ffff", "\ue000",
          "\u0378", "\u0300a", "\u00a0\u3000", "\ud800", "\udcff", "'", '"', "'\"",
          "x" * 40, "\x1b[0m", "Ω≈ç√", "\u061c", "\U0001f9ff\U0001fa00"]
    return ["%s, %s" % (S(s), c_str(repr(s))) for s in ss]


# ---- int(), float() ----------------------------------------------------------

INT_PARSE = [
    ("12", 10), ("  12  ", 10), ("+12", 10), ("-0", 10), ("0x1f", 16), ("0x1f", 0),
    ("0x1f", 10), ("0b101", 0), ("0b101", 16), ("0o17", 0), ("0o17", 16), ("017", 0),
    ("017", 10), ("00", 0), ("0_0", 0), ("0_7", 0), ("00_0", 0), ("-00", 0),
    ("1__2", 10), ("_1", 10), ("1_", 10), ("1_000_000", 10), ("0x_1f", 0),
    ("0x_1f", 16), ("0_x1", 0), ("\u00a012\u3000", 10), ("\x1c12", 10), ("12a", 10),
    ("12a", 16), ("", 10), (" ", 10), ("- 1", 10), ("1e3", 10), ("0x", 0),
    ("0x", 16), ("٣", 10), ("١٢", 0), ("zz", 36), ("ZZ", 36), ("10", 2), ("12", 2),
    ("777", 8), ("9223372036854775807", 10), ("-9223372036854775808", 10),
    ("9223372036854775808", 10), ("-9223372036854775809", 10), ("7fffffffffffffff", 16),
    ("8000000000000000", 16), ("-0x8000000000000000", 0), ("1" * 30, 10),
    ("1" * 30 + "x", 10), ("x" * 300, 10), ("1", 1), ("1", 37), ("", 1),
    ("1\x002", 10), ("'quoted'", 10), ("ǅ", 10),
]

FLOAT_PARSE = [
    "1.5", "  -1.5e3 ", "inf", "-Infinity", "+nan", "-NaN", "iNfInItY", "nan(123)",
    "1_0.5", "1_.5", "1._5", "1e1_0", "1e_10", ".5", "5.", ".", "e5", "1e", "1e+",
    "0x1p3", "1.5f", "", "  ", "infinit", "1_000", "1__0", "1e500", "-1e500",
    "1e-400", "\u00a01.5", "٣.5", "+-1", "0.1", "2.2250738585072011e-308",
    "4.9406564584124654e-324", "2.4703282292062328e-324", "1.7976931348623158e308",
    "9007199254740993", "123456789012345678901234567890", "-0", "-0.0e5", "1E5",
    "x" * 300, "1.5\x00",
]


def parse_rows():
    irows, frows = [], []
    for s, base in INT_PARSE:
        def f():
            v = int(s, base)
            if not fits(v):
                raise Limit
            return v
        exc, v = outcome(f)
        irows.append("%s, %d, LS_NUM_EXC_%s, %s, %s" % (
            S(s), base, exc, i64(v) if exc == "NONE" else "0",
            c_str(v) if exc != "NONE" else '""'))
    for s in FLOAT_PARSE:
        exc, v = outcome(lambda: float(s))
        frows.append("%s, LS_NUM_EXC_%s, %s, %s" % (
            S(s), exc, bits(v) if exc == "NONE" else "0",
            c_str(v) if exc != "NONE" else '""'))
    return irows, frows


# ---- int arithmetic ----------------------------------------------------------

def int_op(op, a, b):
    if op == "lshift":
        if b > 200 and a:
            raise Limit
        r = a << b
    elif op == "pow":
        if b > 200 and abs(a) > 1:
            raise Limit
        r = a ** b
        if isinstance(r, float):
            raise TypeError  # not used here: negative exponents are separate
    else:
        r = {"add": lambda: a + b, "sub": lambda: a - b, "mul": lambda: a * b,
             "floordiv": lambda: a // b, "mod": lambda: a % b,
             "rshift": lambda: a >> b, "round": lambda: round(a, b)}[op]()
    if not fits(r):
        raise Limit
    return r


def int_rows():
    rows = []
    for op in ("floordiv", "mod"):
        for a in (7, -7, 6, -6, 0, 1, -1, INT64_MAX, INT64_MIN):
            for b in (2, -2, 3, -3, 1, -1, 0, INT64_MAX, INT64_MIN):
                rows.append((op, a, b))
    edges = [INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1, 2**62, -2**62,
             3037000499, 3037000500, -3037000500, 0, -1, 2]
    for op in ("add", "sub", "mul"):
        for a in edges:
            for b in (1, -1, 2, -2, INT64_MAX, INT64_MIN, 3037000500):
                rows.append((op, a, b))
    for a in (2, -2, 3, 10, -10, 0, 1, -1, 7, 3037000499):
        for b in (0, 1, 2, 3, 62, 63, 64, 100, 2):
            rows.append(("pow", a, b))
    for a in (1, -1, 3, -3, 0, INT64_MAX, INT64_MIN, -2**62):
        for b in (0, 1, 61, 62, 63, 64, 1000, -1):
            rows.append(("lshift", a, b))
            rows.append(("rshift", a, b))
    for a in (1234, 1250, 1350, -1250, -1251, 5, 15, 25, -25, 0, INT64_MAX,
              INT64_MIN, 5 * 10**18, 9 * 10**18, -9 * 10**18, 4999999999999999999):
        for nd in (1, 0, -1, -2, -18, -19, -20, -100):
            rows.append(("round", a, nd))
    out = []
    for op, a, b in rows:
        exc, v = outcome(lambda: int_op(op, a, b))
        out.append("OP_%s, %s, %s, LS_NUM_EXC_%s, %s, %s" % (
            op.upper(), i64(a), i64(b), exc, i64(v) if exc == "NONE" else "0",
            c_str(v) if exc != "NONE" else '""'))
    return out


def int_float_rows():
    """int / int, int ** negative int: float results."""
    rows = []
    pairs = [(1, 0), (0, 5), (0, -5), (7, 2), (-7, 2), (1, 3), (2, 3), (10, 4),
             (INT64_MAX, 1), (INT64_MAX, 3), (INT64_MIN, 7), (INT64_MAX, INT64_MIN),
             (2**53 + 1, 1), (2**53 + 1, 2), (2**62 + 1, 3), (-(2**62) - 3, 2**40 + 1),
             (123456789123456789, 987654321), (1, INT64_MAX), (3, 2**60 + 1),
             (9007199254740993, 9007199254740995)]
    rng = random.Random(3)
    for _ in range(30):
        pairs.append((rng.randint(INT64_MIN, INT64_MAX), rng.randint(-2**rng.randint(1, 63), 2**63 - 1)))
    for a, b in pairs:
        exc, v = outcome(lambda: a / b)
        rows.append("OP_TRUEDIV, %s, %s, LS_NUM_EXC_%s, %s, %s" % (
            i64(a), i64(b), exc, bits(v) if exc == "NONE" else "0",
            c_str(v) if exc != "NONE" else '""'))
    for a, b in [(2, -1), (2, -2), (-2, -3), (10, -2), (0, -1), (0, -5), (1, -100),
                 (3, -1), (-1, -63), (INT64_MAX, -1)]:
        exc, v = outcome(lambda: a ** b)
        rows.append("OP_POW, %s, %s, LS_NUM_EXC_%s, %s, %s" % (
            i64(a), i64(b), exc, bits(v) if exc == "NONE" else "0",
            c_str(v) if exc != "NONE" else '""'))
    return rows


# ---- float arithmetic --------------------------------------------------------

def float_op(op, a, b):
    if op == "floordiv":
        return a // b
    if op == "mod":
        return a % b
    if op == "div":
        return a / b
    if op == "pow":
        r = a ** b
        if isinstance(r, complex):
            raise NotImplementedError
        return r
    if op == "round":
        return round(a, int(b))
    raise KeyError(op)


def float_rows():
    rows = []
    vals = [7.5, -7.5, 7.0, -7.0, 0.0, -0.0, 1e-300, -1e-300, math.inf, -math.inf, 0.1]
    divs = [2.0, -2.0, 0.0, -0.0, math.inf, -math.inf, 1e300, 0.1]
    for op in ("floordiv", "mod", "div"):
        for a in vals if op != "div" else (7.5, -0.0, math.inf):
            for b in divs:
                rows.append((op, a, b))
    for a, b in [(2.0, 0.5), (-8.0, 1 / 3), (-2.0, 0.5), (-2.0, 3.0), (-2.0, -3.0),
                 (0.0, -1.0), (-0.0, -1.0), (0.0, -math.inf), (0.0, 0.0), (math.nan, 0.0),
                 (1.0, math.nan), (-1.0, math.inf), (10.0, 400.0), (-10.0, 401.0),
                 (-10.0, 400.5), (1e-300, -2.0), (2.0, -1074.0), (2.0, -1080.0),
                 (-0.0, 3.0), (-0.0, 0.5), (-math.inf, 3.0), (-math.inf, 0.5),
                 (-math.inf, -3.0), (1.5, 2.5), (-1e-200, -400.5)]:
        rows.append(("pow", a, b))
    for x in (2.675, 0.5, 1.5, 2.5, -0.5, -2.5, 0.125, 0.375, 1234.5678, -1234.5678,
              149.5, 150.0, 250.0, 1e308, 1.7976931348623157e308, 5e-324, 1e-320, 0.0,
              -0.0, -0.4, math.inf, math.nan, 1e22, 123456789.987654321, 2.0**60 + 2048.0):
        for nd in (0, 1, 2, -1, -2, -22, -308, -309, 324, -400):
            rows.append(("round", x, float(nd)))
    out = []
    for op, a, b in rows:
        try:
            v = float_op(op, a, b)
            exc, msg = "NONE", '""'
        except NotImplementedError:
            v, exc, msg = 0.0, "UNSUPPORTED", c_str(COMPLEX_MSG)
        except (ValueError, OverflowError, ZeroDivisionError) as e:
            v, exc, msg = 0.0, EXC[type(e)], c_str(str(e))
        out.append("OP_%s, %s, %s, LS_NUM_EXC_%s, %s, %s" % (
            op.upper(), bits(a), bits(b) if op != "round" else bits(b), exc, bits(v), msg))
    return out


def float_int_rows():
    """round(x), int(x), hash(x): int results."""
    out = []
    for x in (0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 3.9, -3.9, 1e18,
              -1e18, 9.2e18, 9.3e18, -9.223372036854775808e18, 2.0**63, math.inf,
              -math.inf, math.nan, 4503599627370495.5, 4503599627370496.5, -0.0):
        for op, fn in (("ROUND", round), ("TOINT", int)):
            def f():
                v = fn(x)
                if not fits(v):
                    raise Limit
                return v
            exc, v = outcome(f)
            out.append("OP_%s, %s, LS_NUM_EXC_%s, %s, %s" % (
                op, bits(x), exc, i64(v) if exc == "NONE" else "0",
                c_str(v) if exc != "NONE" else '""'))
    return out


def compare_rows():
    out = []
    pairs = [(2**53 + 1, float(2**53)), (2**53, float(2**53)), (1, 1.0), (1, 1.5),
             (-1, -0.5), (0, -0.0), (INT64_MAX, 2.0**63), (INT64_MIN, -2.0**63),
             (INT64_MIN, -2.0**63 - 2048), (INT64_MAX, 9.223372036854775e18),
             (3, math.nan), (3, math.inf), (3, -math.inf), (2**60 + 1, 2.0**60),
             (-(2**60) - 1, -(2.0**60)), (2**62, 2.0**62 + 0.0), (5, 4.999999999999999)]
    for i, d in pairs:
        r = 2 if math.isnan(d) else (-1 if i < d else 1 if i > d else 0)
        out.append("%s, %s, %d" % (i64(i), bits(d), r))
    return out


def hash_rows():
    ints = [0, 1, -1, -2, 2**61 - 2, 2**61 - 1, 2**61, INT64_MAX, INT64_MIN, 12345,
            -12345, 2**62, 10**18]
    floats = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, 1e300, 1.5e-300, 5e-324, math.inf,
              -math.inf, 2.0**61, 2.0**63, 1e22, 0.1, 3.14, -2.0, 1.7976931348623157e308]
    return (["%s, %s" % (i64(i), i64(hash(i))) for i in ints],
            ["%s, %s" % (bits(x), i64(hash(x))) for x in floats])


def main():
    print("/* BEGIN GENERATED by tests/unit/gen_num_vectors.py (CPython %s) */" %
          sys.version.split()[0])
    emit_table("FLOAT_REPRS", "FloatRepr", float_reprs())
    emit_table("FORMATS", "FormatCase", format_cases())
    emit_table("STR_REPRS", "StrRepr", str_reprs())
    irows, frows = parse_rows()
    emit_table("INT_PARSES", "IntParse", irows)
    emit_table("FLOAT_PARSES", "FloatParse", frows)
    emit_table("INT_OPS", "IntOp", int_rows())
    emit_table("INT_FLOAT_OPS", "IntFloatOp", int_float_rows())
    emit_table("FLOAT_OPS", "FloatOp", float_rows())
    emit_table("FLOAT_INT_OPS", "FloatIntOp", float_int_rows())
    emit_table("COMPARES", "Compare", compare_rows())
    hi, hf = hash_rows()
    emit_table("INT_HASHES", "IntHash", hi)
    emit_table("FLOAT_HASHES", "FloatHash", hf)
    print("/* END GENERATED */")


def unicode_tables():
    """The NONPRINTABLE and DIGIT_ZEROS tables of src/base/ls_num.c."""
    import unicodedata
    ranges, start = [], None
    for c in range(0x80, 0x110001):
        nonprint = c < 0x110000 and not chr(c).isprintable()
        if nonprint and start is None:
            start = c
        if not nonprint and start is not None:
            ranges.append((start, c - 1))
            start = None
    zeros = [c for c in range(0x80, 0x110000)
             if unicodedata.category(chr(c)) == "Nd" and unicodedata.decimal(chr(c)) == 0]

    def wrap(items):
        line = "   "
        for it in items:
            if len(line) + len(it) + 2 > 80:
                print(line)
                line = "   "
            line += " " + it + ","
        print(line)
    print("/* Unicode %s */" % unicodedata.unidata_version)
    wrap(["{0x%X, 0x%X}" % r for r in ranges])
    print()
    wrap(["0x%X" % z for z in zeros])


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "--unicode-tables":
        unicode_tables()
    elif len(sys.argv) == 3 and sys.argv[1] == "--splice":
        import io
        import contextlib
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            main()
        path = sys.argv[2]
        text = open(path, encoding="utf-8").read()
        a = text.index("/* BEGIN GENERATED")
        b = text.index("/* END GENERATED */") + len("/* END GENERATED */\n")
        open(path, "w", encoding="utf-8").write(text[:a] + buf.getvalue() + text[b:])
    else:
        main()
