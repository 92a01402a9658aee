/* ls_num — Python 3.11's text rules and arithmetic for numbers and strings
 * (see ls_num.h).
 *
 * Design note. Digit generation leans on the C library: glibc's printf and
 * strtod are correctly rounded (half to even on the exact binary value), the
 * same contract CPython's own conversions keep, so "%.*e" / "%.*f" / "%.*g"
 * give Python's digits for every fixed-precision format, and repr's shortest
 * round-trip digits are found by trying 1..17 significant digits. Both need
 * LC_NUMERIC to be "C" (the default; loopscope never changes it). Everything
 * else — the format-spec parser, padding and grouping, repr(str), int() and
 * float() syntax, floor and rounding rules, the numeric hash — is written out
 * here. Unicode data (isprintable, decimal digits) is Unicode 14.0, generated
 * from CPython 3.11's unicodedata by `tests/unit/gen_num_vectors.py
 * --unicode-tables`. */
#include "ls_num.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- errors ----------------------------------------------------------------- */

static const char *const EXC_NAMES[] = {
#define LS_NUM_X_NAME(name, py) py,
    LS_NUM_EXC_LIST(LS_NUM_X_NAME)
#undef LS_NUM_X_NAME
};

const char *ls_num_exc_name(LsNumExc e)
{
    return (unsigned)e < LS_NUM_EXC_COUNT ? EXC_NAMES[e] : "";
}

static bool fail(LsNumErr *err, LsNumExc exc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Fills *err (if given) and returns false, so callers can `return fail(..)`. */
static bool fail(LsNumErr *err, LsNumExc exc, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->exc = exc;
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return false;
}

static bool fail_int_limit(LsNumErr *err)
{
    return fail(err, LS_NUM_EXC_INT_LIMIT,
                "integer overflow: loopscope ints are 64-bit");
}

/* ---- UTF-8 and Unicode data --------------------------------------------------- */

/* Decodes the code point at s[*i] and advances *i. A byte that does not start
 * a well-formed sequence decodes to U+DC80..U+DCFF (what Python's
 * surrogateescape would hold for it) and advances one byte. Encoded
 * surrogates are accepted, so lone surrogates survive a round trip. */
static uint32_t utf8_next(const char *s, size_t n, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    size_t left = n - *i;
    uint32_t c = p[0];
    if (c < 0x80) {
        (*i)++;
        return c;
    }
    size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (len == 0 || c > 0xF4 || len > left) goto bad;
    uint32_t cp = c & (0x7Fu >> len);
    for (size_t k = 1; k < len; k++) {
        if ((p[k] & 0xC0) != 0x80) goto bad;
        cp = (cp << 6) | (p[k] & 0x3Fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        goto bad;
    *i += len;
    return cp;
bad:
    (*i)++;
    return 0xDC00 + c;
}

/* Appends code point cp as UTF-8 (surrogates as their 3-byte form). */
static void utf8_put(LsBuf *b, uint32_t cp)
{
    char t[4];
    size_t n;
    if (cp < 0x80) {
        t[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        t[0] = (char)(0xC0 | (cp >> 6));
        t[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        t[0] = (char)(0xE0 | (cp >> 12));
        t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        t[0] = (char)(0xF0 | (cp >> 18));
        t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        t[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    ls_buf_append(b, t, n);
}

static size_t utf8_count(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; count++) utf8_next(s, n, &i);
    return count;
}

/* Byte length of the first `cps` code points of s[0..n). */
static size_t utf8_prefix(const char *s, size_t n, size_t cps)
{
    size_t i = 0;
    while (i < n && cps-- > 0) utf8_next(s, n, &i);
    return i;
}

/* Code points >= U+0080 for which str.isprintable() is False (categories
 * Cc Cf Cs Co Cn Zl Zp Zs), as inclusive ranges. Generated, Unicode 14.0. */
static const uint32_t NONPRINTABLE[][2] = {
    {0x80, 0xA0}, {0xAD, 0xAD}, {0x378, 0x379}, {0x380, 0x383}, {0x38B, 0x38B},
    {0x38D, 0x38D}, {0x3A2, 0x3A2}, {0x530, 0x530}, {0x557, 0x558},
    {0x58B, 0x58C}, {0x590, 0x590}, {0x5C8, 0x5CF}, {0x5EB, 0x5EE},
    {0x5F5, 0x605}, {0x61C, 0x61C}, {0x6DD, 0x6DD}, {0x70E, 0x70F},
    {0x74B, 0x74C}, {0x7B2, 0x7BF}, {0x7FB, 0x7FC}, {0x82E, 0x82F},
    {0x83F, 0x83F}, {0x85C, 0x85D}, {0x85F, 0x85F}, {0x86B, 0x86F},
    {0x88F, 0x897}, {0x8E2, 0x8E2}, {0x984, 0x984}, {0x98D, 0x98E},
    {0x991, 0x992}, {0x9A9, 0x9A9}, {0x9B1, 0x9B1}, {0x9B3, 0x9B5},
    {0x9BA, 0x9BB}, {0x9C5, 0x9C6}, {0x9C9, 0x9CA}, {0x9CF, 0x9D6},
    {0x9D8, 0x9DB}, {0x9DE, 0x9DE}, {0x9E4, 0x9E5}, {0x9FF, 0xA00},
    {0xA04, 0xA04}, {0xA0B, 0xA0E}, {0xA11, 0xA12}, {0xA29, 0xA29},
    {0xA31, 0xA31}, {0xA34, 0xA34}, {0xA37, 0xA37}, {0xA3A, 0xA3B},
    {0xA3D, 0xA3D}, {0xA43, 0xA46}, {0xA49, 0xA4A}, {0xA4E, 0xA50},
    {0xA52, 0xA58}, {0xA5D, 0xA5D}, {0xA5F, 0xA65}, {0xA77, 0xA80},
    {0xA84, 0xA84}, {0xA8E, 0xA8E}, {0xA92, 0xA92}, {0xAA9, 0xAA9},
    {0xAB1, 0xAB1}, {0xAB4, 0xAB4}, {0xABA, 0xABB}, {0xAC6, 0xAC6},
    {0xACA, 0xACA}, {0xACE, 0xACF}, {0xAD1, 0xADF}, {0xAE4, 0xAE5},
    {0xAF2, 0xAF8}, {0xB00, 0xB00}, {0xB04, 0xB04}, {0xB0D, 0xB0E},
    {0xB11, 0xB12}, {0xB29, 0xB29}, {0xB31, 0xB31}, {0xB34, 0xB34},
    {0xB3A, 0xB3B}, {0xB45, 0xB46}, {0xB49, 0xB4A}, {0xB4E, 0xB54},
    {0xB58, 0xB5B}, {0xB5E, 0xB5E}, {0xB64, 0xB65}, {0xB78, 0xB81},
    {0xB84, 0xB84}, {0xB8B, 0xB8D}, {0xB91, 0xB91}, {0xB96, 0xB98},
    {0xB9B, 0xB9B}, {0xB9D, 0xB9D}, {0xBA0, 0xBA2}, {0xBA5, 0xBA7},
    {0xBAB, 0xBAD}, {0xBBA, 0xBBD}, {0xBC3, 0xBC5}, {0xBC9, 0xBC9},
    {0xBCE, 0xBCF}, {0xBD1, 0xBD6}, {0xBD8, 0xBE5}, {0xBFB, 0xBFF},
    {0xC0D, 0xC0D}, {0xC11, 0xC11}, {0xC29, 0xC29}, {0xC3A, 0xC3B},
    {0xC45, 0xC45}, {0xC49, 0xC49}, {0xC4E, 0xC54}, {0xC57, 0xC57},
    {0xC5B, 0xC5C}, {0xC5E, 0xC5F}, {0xC64, 0xC65}, {0xC70, 0xC76},
    {0xC8D, 0xC8D}, {0xC91, 0xC91}, {0xCA9, 0xCA9}, {0xCB4, 0xCB4},
    {0xCBA, 0xCBB}, {0xCC5, 0xCC5}, {0xCC9, 0xCC9}, {0xCCE, 0xCD4},
    {0xCD7, 0xCDC}, {0xCDF, 0xCDF}, {0xCE4, 0xCE5}, {0xCF0, 0xCF0},
    {0xCF3, 0xCFF}, {0xD0D, 0xD0D}, {0xD11, 0xD11}, {0xD45, 0xD45},
    {0xD49, 0xD49}, {0xD50, 0xD53}, {0xD64, 0xD65}, {0xD80, 0xD80},
    {0xD84, 0xD84}, {0xD97, 0xD99}, {0xDB2, 0xDB2}, {0xDBC, 0xDBC},
    {0xDBE, 0xDBF}, {0xDC7, 0xDC9}, {0xDCB, 0xDCE}, {0xDD5, 0xDD5},
    {0xDD7, 0xDD7}, {0xDE0, 0xDE5}, {0xDF0, 0xDF1}, {0xDF5, 0xE00},
    {0xE3B, 0xE3E}, {0xE5C, 0xE80}, {0xE83, 0xE83}, {0xE85, 0xE85},
    {0xE8B, 0xE8B}, {0xEA4, 0xEA4}, {0xEA6, 0xEA6}, {0xEBE, 0xEBF},
    {0xEC5, 0xEC5}, {0xEC7, 0xEC7}, {0xECE, 0xECF}, {0xEDA, 0xEDB},
    {0xEE0, 0xEFF}, {0xF48, 0xF48}, {0xF6D, 0xF70}, {0xF98, 0xF98},
    {0xFBD, 0xFBD}, {0xFCD, 0xFCD}, {0xFDB, 0xFFF}, {0x10C6, 0x10C6},
    {0x10C8, 0x10CC}, {0x10CE, 0x10CF}, {0x1249, 0x1249}, {0x124E, 0x124F},
    {0x1257, 0x1257}, {0x1259, 0x1259}, {0x125E, 0x125F}, {0x1289, 0x1289},
    {0x128E, 0x128F}, {0x12B1, 0x12B1}, {0x12B6, 0x12B7}, {0x12BF, 0x12BF},
    {0x12C1, 0x12C1}, {0x12C6, 0x12C7}, {0x12D7, 0x12D7}, {0x1311, 0x1311},
    {0x1316, 0x1317}, {0x135B, 0x135C}, {0x137D, 0x137F}, {0x139A, 0x139F},
    {0x13F6, 0x13F7}, {0x13FE, 0x13FF}, {0x1680, 0x1680}, {0x169D, 0x169F},
    {0x16F9, 0x16FF}, {0x1716, 0x171E}, {0x1737, 0x173F}, {0x1754, 0x175F},
    {0x176D, 0x176D}, {0x1771, 0x1771}, {0x1774, 0x177F}, {0x17DE, 0x17DF},
    {0x17EA, 0x17EF}, {0x17FA, 0x17FF}, {0x180E, 0x180E}, {0x181A, 0x181F},
    {0x1879, 0x187F}, {0x18AB, 0x18AF}, {0x18F6, 0x18FF}, {0x191F, 0x191F},
    {0x192C, 0x192F}, {0x193C, 0x193F}, {0x1941, 0x1943}, {0x196E, 0x196F},
    {0x1975, 0x197F}, {0x19AC, 0x19AF}, {0x19CA, 0x19CF}, {0x19DB, 0x19DD},
    {0x1A1C, 0x1A1D}, {0x1A5F, 0x1A5F}, {0x1A7D, 0x1A7E}, {0x1A8A, 0x1A8F},
    {0x1A9A, 0x1A9F}, {0x1AAE, 0x1AAF}, {0x1ACF, 0x1AFF}, {0x1B4D, 0x1B4F},
    {0x1B7F, 0x1B7F}, {0x1BF4, 0x1BFB}, {0x1C38, 0x1C3A}, {0x1C4A, 0x1C4C},
    {0x1C89, 0x1C8F}, {0x1CBB, 0x1CBC}, {0x1CC8, 0x1CCF}, {0x1CFB, 0x1CFF},
    {0x1F16, 0x1F17}, {0x1F1E, 0x1F1F}, {0x1F46, 0x1F47}, {0x1F4E, 0x1F4F},
    {0x1F58, 0x1F58}, {0x1F5A, 0x1F5A}, {0x1F5C, 0x1F5C}, {0x1F5E, 0x1F5E},
    {0x1F7E, 0x1F7F}, {0x1FB5, 0x1FB5}, {0x1FC5, 0x1FC5}, {0x1FD4, 0x1FD5},
    {0x1FDC, 0x1FDC}, {0x1FF0, 0x1FF1}, {0x1FF5, 0x1FF5}, {0x1FFF, 0x200F},
    {0x2028, 0x202F}, {0x205F, 0x206F}, {0x2072, 0x2073}, {0x208F, 0x208F},
    {0x209D, 0x209F}, {0x20C1, 0x20CF}, {0x20F1, 0x20FF}, {0x218C, 0x218F},
    {0x2427, 0x243F}, {0x244B, 0x245F}, {0x2B74, 0x2B75}, {0x2B96, 0x2B96},
    {0x2CF4, 0x2CF8}, {0x2D26, 0x2D26}, {0x2D28, 0x2D2C}, {0x2D2E, 0x2D2F},
    {0x2D68, 0x2D6E}, {0x2D71, 0x2D7E}, {0x2D97, 0x2D9F}, {0x2DA7, 0x2DA7},
    {0x2DAF, 0x2DAF}, {0x2DB7, 0x2DB7}, {0x2DBF, 0x2DBF}, {0x2DC7, 0x2DC7},
    {0x2DCF, 0x2DCF}, {0x2DD7, 0x2DD7}, {0x2DDF, 0x2DDF}, {0x2E5E, 0x2E7F},
    {0x2E9A, 0x2E9A}, {0x2EF4, 0x2EFF}, {0x2FD6, 0x2FEF}, {0x2FFC, 0x3000},
    {0x3040, 0x3040}, {0x3097, 0x3098}, {0x3100, 0x3104}, {0x3130, 0x3130},
    {0x318F, 0x318F}, {0x31E4, 0x31EF}, {0x321F, 0x321F}, {0xA48D, 0xA48F},
    {0xA4C7, 0xA4CF}, {0xA62C, 0xA63F}, {0xA6F8, 0xA6FF}, {0xA7CB, 0xA7CF},
    {0xA7D2, 0xA7D2}, {0xA7D4, 0xA7D4}, {0xA7DA, 0xA7F1}, {0xA82D, 0xA82F},
    {0xA83A, 0xA83F}, {0xA878, 0xA87F}, {0xA8C6, 0xA8CD}, {0xA8DA, 0xA8DF},
    {0xA954, 0xA95E}, {0xA97D, 0xA97F}, {0xA9CE, 0xA9CE}, {0xA9DA, 0xA9DD},
    {0xA9FF, 0xA9FF}, {0xAA37, 0xAA3F}, {0xAA4E, 0xAA4F}, {0xAA5A, 0xAA5B},
    {0xAAC3, 0xAADA}, {0xAAF7, 0xAB00}, {0xAB07, 0xAB08}, {0xAB0F, 0xAB10},
    {0xAB17, 0xAB1F}, {0xAB27, 0xAB27}, {0xAB2F, 0xAB2F}, {0xAB6C, 0xAB6F},
    {0xABEE, 0xABEF}, {0xABFA, 0xABFF}, {0xD7A4, 0xD7AF}, {0xD7C7, 0xD7CA},
    {0xD7FC, 0xF8FF}, {0xFA6E, 0xFA6F}, {0xFADA, 0xFAFF}, {0xFB07, 0xFB12},
    {0xFB18, 0xFB1C}, {0xFB37, 0xFB37}, {0xFB3D, 0xFB3D}, {0xFB3F, 0xFB3F},
    {0xFB42, 0xFB42}, {0xFB45, 0xFB45}, {0xFBC3, 0xFBD2}, {0xFD90, 0xFD91},
    {0xFDC8, 0xFDCE}, {0xFDD0, 0xFDEF}, {0xFE1A, 0xFE1F}, {0xFE53, 0xFE53},
    {0xFE67, 0xFE67}, {0xFE6C, 0xFE6F}, {0xFE75, 0xFE75}, {0xFEFD, 0xFF00},
    {0xFFBF, 0xFFC1}, {0xFFC8, 0xFFC9}, {0xFFD0, 0xFFD1}, {0xFFD8, 0xFFD9},
    {0xFFDD, 0xFFDF}, {0xFFE7, 0xFFE7}, {0xFFEF, 0xFFFB}, {0xFFFE, 0xFFFF},
    {0x1000C, 0x1000C}, {0x10027, 0x10027}, {0x1003B, 0x1003B},
    {0x1003E, 0x1003E}, {0x1004E, 0x1004F}, {0x1005E, 0x1007F},
    {0x100FB, 0x100FF}, {0x10103, 0x10106}, {0x10134, 0x10136},
    {0x1018F, 0x1018F}, {0x1019D, 0x1019F}, {0x101A1, 0x101CF},
    {0x101FE, 0x1027F}, {0x1029D, 0x1029F}, {0x102D1, 0x102DF},
    {0x102FC, 0x102FF}, {0x10324, 0x1032C}, {0x1034B, 0x1034F},
    {0x1037B, 0x1037F}, {0x1039E, 0x1039E}, {0x103C4, 0x103C7},
    {0x103D6, 0x103FF}, {0x1049E, 0x1049F}, {0x104AA, 0x104AF},
    {0x104D4, 0x104D7}, {0x104FC, 0x104FF}, {0x10528, 0x1052F},
    {0x10564, 0x1056E}, {0x1057B, 0x1057B}, {0x1058B, 0x1058B},
    {0x10593, 0x10593}, {0x10596, 0x10596}, {0x105A2, 0x105A2},
    {0x105B2, 0x105B2}, {0x105BA, 0x105BA}, {0x105BD, 0x105FF},
    {0x10737, 0x1073F}, {0x10756, 0x1075F}, {0x10768, 0x1077F},
    {0x10786, 0x10786}, {0x107B1, 0x107B1}, {0x107BB, 0x107FF},
    {0x10806, 0x10807}, {0x10809, 0x10809}, {0x10836, 0x10836},
    {0x10839, 0x1083B}, {0x1083D, 0x1083E}, {0x10856, 0x10856},
    {0x1089F, 0x108A6}, {0x108B0, 0x108DF}, {0x108F3, 0x108F3},
    {0x108F6, 0x108FA}, {0x1091C, 0x1091E}, {0x1093A, 0x1093E},
    {0x10940, 0x1097F}, {0x109B8, 0x109BB}, {0x109D0, 0x109D1},
    {0x10A04, 0x10A04}, {0x10A07, 0x10A0B}, {0x10A14, 0x10A14},
    {0x10A18, 0x10A18}, {0x10A36, 0x10A37}, {0x10A3B, 0x10A3E},
    {0x10A49, 0x10A4F}, {0x10A59, 0x10A5F}, {0x10AA0, 0x10ABF},
    {0x10AE7, 0x10AEA}, {0x10AF7, 0x10AFF}, {0x10B36, 0x10B38},
    {0x10B56, 0x10B57}, {0x10B73, 0x10B77}, {0x10B92, 0x10B98},
    {0x10B9D, 0x10BA8}, {0x10BB0, 0x10BFF}, {0x10C49, 0x10C7F},
    {0x10CB3, 0x10CBF}, {0x10CF3, 0x10CF9}, {0x10D28, 0x10D2F},
    {0x10D3A, 0x10E5F}, {0x10E7F, 0x10E7F}, {0x10EAA, 0x10EAA},
    {0x10EAE, 0x10EAF}, {0x10EB2, 0x10EFF}, {0x10F28, 0x10F2F},
    {0x10F5A, 0x10F6F}, {0x10F8A, 0x10FAF}, {0x10FCC, 0x10FDF},
    {0x10FF7, 0x10FFF}, {0x1104E, 0x11051}, {0x11076, 0x1107E},
    {0x110BD, 0x110BD}, {0x110C3, 0x110CF}, {0x110E9, 0x110EF},
    {0x110FA, 0x110FF}, {0x11135, 0x11135}, {0x11148, 0x1114F},
    {0x11177, 0x1117F}, {0x111E0, 0x111E0}, {0x111F5, 0x111FF},
    {0x11212, 0x11212}, {0x1123F, 0x1127F}, {0x11287, 0x11287},
    {0x11289, 0x11289}, {0x1128E, 0x1128E}, {0x1129E, 0x1129E},
    {0x112AA, 0x112AF}, {0x112EB, 0x112EF}, {0x112FA, 0x112FF},
    {0x11304, 0x11304}, {0x1130D, 0x1130E}, {0x11311, 0x11312},
    {0x11329, 0x11329}, {0x11331, 0x11331}, {0x11334, 0x11334},
    {0x1133A, 0x1133A}, {0x11345, 0x11346}, {0x11349, 0x1134A},
    {0x1134E, 0x1134F}, {0x11351, 0x11356}, {0x11358, 0x1135C},
    {0x11364, 0x11365}, {0x1136D, 0x1136F}, {0x11375, 0x113FF},
    {0x1145C, 0x1145C}, {0x11462, 0x1147F}, {0x114C8, 0x114CF},
    {0x114DA, 0x1157F}, {0x115B6, 0x115B7}, {0x115DE, 0x115FF},
    {0x11645, 0x1164F}, {0x1165A, 0x1165F}, {0x1166D, 0x1167F},
    {0x116BA, 0x116BF}, {0x116CA, 0x116FF}, {0x1171B, 0x1171C},
    {0x1172C, 0x1172F}, {0x11747, 0x117FF}, {0x1183C, 0x1189F},
    {0x118F3, 0x118FE}, {0x11907, 0x11908}, {0x1190A, 0x1190B},
    {0x11914, 0x11914}, {0x11917, 0x11917}, {0x11936, 0x11936},
    {0x11939, 0x1193A}, {0x11947, 0x1194F}, {0x1195A, 0x1199F},
    {0x119A8, 0x119A9}, {0x119D8, 0x119D9}, {0x119E5, 0x119FF},
    {0x11A48, 0x11A4F}, {0x11AA3, 0x11AAF}, {0x11AF9, 0x11BFF},
    {0x11C09, 0x11C09}, {0x11C37, 0x11C37}, {0x11C46, 0x11C4F},
    {0x11C6D, 0x11C6F}, {0x11C90, 0x11C91}, {0x11CA8, 0x11CA8},
    {0x11CB7, 0x11CFF}, {0x11D07, 0x11D07}, {0x11D0A, 0x11D0A},
    {0x11D37, 0x11D39}, {0x11D3B, 0x11D3B}, {0x11D3E, 0x11D3E},
    {0x11D48, 0x11D4F}, {0x11D5A, 0x11D5F}, {0x11D66, 0x11D66},
    {0x11D69, 0x11D69}, {0x11D8F, 0x11D8F}, {0x11D92, 0x11D92},
    {0x11D99, 0x11D9F}, {0x11DAA, 0x11EDF}, {0x11EF9, 0x11FAF},
    {0x11FB1, 0x11FBF}, {0x11FF2, 0x11FFE}, {0x1239A, 0x123FF},
    {0x1246F, 0x1246F}, {0x12475, 0x1247F}, {0x12544, 0x12F8F},
    {0x12FF3, 0x12FFF}, {0x1342F, 0x143FF}, {0x14647, 0x167FF},
    {0x16A39, 0x16A3F}, {0x16A5F, 0x16A5F}, {0x16A6A, 0x16A6D},
    {0x16ABF, 0x16ABF}, {0x16ACA, 0x16ACF}, {0x16AEE, 0x16AEF},
    {0x16AF6, 0x16AFF}, {0x16B46, 0x16B4F}, {0x16B5A, 0x16B5A},
    {0x16B62, 0x16B62}, {0x16B78, 0x16B7C}, {0x16B90, 0x16E3F},
    {0x16E9B, 0x16EFF}, {0x16F4B, 0x16F4E}, {0x16F88, 0x16F8E},
    {0x16FA0, 0x16FDF}, {0x16FE5, 0x16FEF}, {0x16FF2, 0x16FFF},
    {0x187F8, 0x187FF}, {0x18CD6, 0x18CFF}, {0x18D09, 0x1AFEF},
    {0x1AFF4, 0x1AFF4}, {0x1AFFC, 0x1AFFC}, {0x1AFFF, 0x1AFFF},
    {0x1B123, 0x1B14F}, {0x1B153, 0x1B163}, {0x1B168, 0x1B16F},
    {0x1B2FC, 0x1BBFF}, {0x1BC6B, 0x1BC6F}, {0x1BC7D, 0x1BC7F},
    {0x1BC89, 0x1BC8F}, {0x1BC9A, 0x1BC9B}, {0x1BCA0, 0x1CEFF},
    {0x1CF2E, 0x1CF2F}, {0x1CF47, 0x1CF4F}, {0x1CFC4, 0x1CFFF},
    {0x1D0F6, 0x1D0FF}, {0x1D127, 0x1D128}, {0x1D173, 0x1D17A},
    {0x1D1EB, 0x1D1FF}, {0x1D246, 0x1D2DF}, {0x1D2F4, 0x1D2FF},
    {0x1D357, 0x1D35F}, {0x1D379, 0x1D3FF}, {0x1D455, 0x1D455},
    {0x1D49D, 0x1D49D}, {0x1D4A0, 0x1D4A1}, {0x1D4A3, 0x1D4A4},
    {0x1D4A7, 0x1D4A8}, {0x1D4AD, 0x1D4AD}, {0x1D4BA, 0x1D4BA},
    {0x1D4BC, 0x1D4BC}, {0x1D4C4, 0x1D4C4}, {0x1D506, 0x1D506},
    {0x1D50B, 0x1D50C}, {0x1D515, 0x1D515}, {0x1D51D, 0x1D51D},
    {0x1D53A, 0x1D53A}, {0x1D53F, 0x1D53F}, {0x1D545, 0x1D545},
    {0x1D547, 0x1D549}, {0x1D551, 0x1D551}, {0x1D6A6, 0x1D6A7},
    {0x1D7CC, 0x1D7CD}, {0x1DA8C, 0x1DA9A}, {0x1DAA0, 0x1DAA0},
    {0x1DAB0, 0x1DEFF}, {0x1DF1F, 0x1DFFF}, {0x1E007, 0x1E007},
    {0x1E019, 0x1E01A}, {0x1E022, 0x1E022}, {0x1E025, 0x1E025},
    {0x1E02B, 0x1E0FF}, {0x1E12D, 0x1E12F}, {0x1E13E, 0x1E13F},
    {0x1E14A, 0x1E14D}, {0x1E150, 0x1E28F}, {0x1E2AF, 0x1E2BF},
    {0x1E2FA, 0x1E2FE}, {0x1E300, 0x1E7DF}, {0x1E7E7, 0x1E7E7},
    {0x1E7EC, 0x1E7EC}, {0x1E7EF, 0x1E7EF}, {0x1E7FF, 0x1E7FF},
    {0x1E8C5, 0x1E8C6}, {0x1E8D7, 0x1E8FF}, {0x1E94C, 0x1E94F},
    {0x1E95A, 0x1E95D}, {0x1E960, 0x1EC70}, {0x1ECB5, 0x1ED00},
    {0x1ED3E, 0x1EDFF}, {0x1EE04, 0x1EE04}, {0x1EE20, 0x1EE20},
    {0x1EE23, 0x1EE23}, {0x1EE25, 0x1EE26}, {0x1EE28, 0x1EE28},
    {0x1EE33, 0x1EE33}, {0x1EE38, 0x1EE38}, {0x1EE3A, 0x1EE3A},
    {0x1EE3C, 0x1EE41}, {0x1EE43, 0x1EE46}, {0x1EE48, 0x1EE48},
    {0x1EE4A, 0x1EE4A}, {0x1EE4C, 0x1EE4C}, {0x1EE50, 0x1EE50},
    {0x1EE53, 0x1EE53}, {0x1EE55, 0x1EE56}, {0x1EE58, 0x1EE58},
    {0x1EE5A, 0x1EE5A}, {0x1EE5C, 0x1EE5C}, {0x1EE5E, 0x1EE5E},
    {0x1EE60, 0x1EE60}, {0x1EE63, 0x1EE63}, {0x1EE65, 0x1EE66},
    {0x1EE6B, 0x1EE6B}, {0x1EE73, 0x1EE73}, {0x1EE78, 0x1EE78},
    {0x1EE7D, 0x1EE7D}, {0x1EE7F, 0x1EE7F}, {0x1EE8A, 0x1EE8A},
    {0x1EE9C, 0x1EEA0}, {0x1EEA4, 0x1EEA4}, {0x1EEAA, 0x1EEAA},
    {0x1EEBC, 0x1EEEF}, {0x1EEF2, 0x1EFFF}, {0x1F02C, 0x1F02F},
    {0x1F094, 0x1F09F}, {0x1F0AF, 0x1F0B0}, {0x1F0C0, 0x1F0C0},
    {0x1F0D0, 0x1F0D0}, {0x1F0F6, 0x1F0FF}, {0x1F1AE, 0x1F1E5},
    {0x1F203, 0x1F20F}, {0x1F23C, 0x1F23F}, {0x1F249, 0x1F24F},
    {0x1F252, 0x1F25F}, {0x1F266, 0x1F2FF}, {0x1F6D8, 0x1F6DC},
    {0x1F6ED, 0x1F6EF}, {0x1F6FD, 0x1F6FF}, {0x1F774, 0x1F77F},
    {0x1F7D9, 0x1F7DF}, {0x1F7EC, 0x1F7EF}, {0x1F7F1, 0x1F7FF},
    {0x1F80C, 0x1F80F}, {0x1F848, 0x1F84F}, {0x1F85A, 0x1F85F},
    {0x1F888, 0x1F88F}, {0x1F8AE, 0x1F8AF}, {0x1F8B2, 0x1F8FF},
    {0x1FA54, 0x1FA5F}, {0x1FA6E, 0x1FA6F}, {0x1FA75, 0x1FA77},
    {0x1FA7D, 0x1FA7F}, {0x1FA87, 0x1FA8F}, {0x1FAAD, 0x1FAAF},
    {0x1FABB, 0x1FABF}, {0x1FAC6, 0x1FACF}, {0x1FADA, 0x1FADF},
    {0x1FAE8, 0x1FAEF}, {0x1FAF7, 0x1FAFF}, {0x1FB93, 0x1FB93},
    {0x1FBCB, 0x1FBEF}, {0x1FBFA, 0x1FFFF}, {0x2A6E0, 0x2A6FF},
    {0x2B739, 0x2B73F}, {0x2B81E, 0x2B81F}, {0x2CEA2, 0x2CEAF},
    {0x2EBE1, 0x2F7FF}, {0x2FA1E, 0x2FFFF}, {0x3134B, 0xE00FF},
    {0xE01F0, 0x10FFFF},
};

/* The zero of every run of ten Unicode decimal digits (category Nd) above
 * ASCII. Generated, Unicode 14.0. */
static const uint32_t DIGIT_ZEROS[] = {
    0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6,
    0xD66, 0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946,
    0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0,
    0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30, 0x11066,
    0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0,
    0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0,
    0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0,
    0x1E950, 0x1FBF0,
};

static bool is_printable(uint32_t cp)
{
    if (cp < 0x80) return cp >= 0x20 && cp < 0x7F;
    size_t lo = 0, hi = sizeof NONPRINTABLE / sizeof NONPRINTABLE[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < NONPRINTABLE[mid][0]) hi = mid;
        else if (cp > NONPRINTABLE[mid][1]) lo = mid + 1;
        else return false;
    }
    return true;
}

/* The value 0..9 of a Unicode decimal digit, or -1. */
static int decimal_value(uint32_t cp)
{
    if (cp >= '0' && cp <= '9') return (int)(cp - '0');
    if (cp < DIGIT_ZEROS[0]) return -1;
    size_t lo = 0, hi = sizeof DIGIT_ZEROS / sizeof DIGIT_ZEROS[0];
    while (hi - lo > 1) { /* the last zero <= cp */
        size_t mid = lo + (hi - lo) / 2;
        if (DIGIT_ZEROS[mid] <= cp) lo = mid;
        else hi = mid;
    }
    return cp - DIGIT_ZEROS[lo] < 10 ? (int)(cp - DIGIT_ZEROS[lo]) : -1;
}

/* Python's whitespace above ASCII (str.isspace). */
static bool is_unicode_space(uint32_t cp)
{
    return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A)
        || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

static bool is_ascii_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

/* What int() and float() parse: ASCII is kept, other whitespace becomes ' ',
 * other decimal digits their ASCII digit, anything else '?'. */
static void to_ascii_numeral(const char *s, size_t n, LsBuf *out)
{
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) {
            ls_buf_putc(out, s[i++]);
            continue;
        }
        uint32_t cp = utf8_next(s, n, &i);
        int d = decimal_value(cp);
        ls_buf_putc(out, is_unicode_space(cp) ? ' ' : d >= 0 ? (char)('0' + d) : '?');
    }
}

/* ---- repr(str) ------------------------------------------------------------------ */

void ls_num_str_repr(const char *s, size_t n, LsBuf *out)
{
    bool squote = memchr(s, '\'', n) != NULL, dquote = memchr(s, '"', n) != NULL;
    char q = squote && !dquote ? '"' : '\'';
    ls_buf_putc(out, q);
    for (size_t i = 0; i < n;) {
        size_t start = i;
        uint32_t cp = utf8_next(s, n, &i);
        if (cp == (uint32_t)q || cp == '\\') {
            ls_buf_putc(out, '\\');
            ls_buf_putc(out, (char)cp);
        } else if (cp == '\t') {
            ls_buf_puts(out, "\\t");
        } else if (cp == '\n') {
            ls_buf_puts(out, "\\n");
        } else if (cp == '\r') {
            ls_buf_puts(out, "\\r");
        } else if (is_printable(cp)) {
            ls_buf_append(out, s + start, i - start);
        } else if (cp <= 0xFF) {
            ls_buf_printf(out, "\\x%02x", (unsigned)cp);
        } else if (cp <= 0xFFFF) {
            ls_buf_printf(out, "\\u%04x", (unsigned)cp);
        } else {
            ls_buf_printf(out, "\\U%08x", (unsigned)cp);
        }
    }
    ls_buf_putc(out, q);
}

/* fail() with `prefix` followed by repr(s[0..n)) cut to `max_cps` code points
 * (CPython's "%.200R"), and in any case to what fits the message. */
static bool fail_repr(LsNumErr *err, LsNumExc exc, const char *prefix,
                      const char *s, size_t n, size_t max_cps)
{
    if (!err) return false;
    LsBuf r;
    ls_buf_init(&r);
    ls_num_str_repr(s, n, &r);
    size_t room = sizeof err->msg - 1 - strlen(prefix), keep = 0;
    for (size_t i = 0, cps = 0; i < r.len && cps < max_cps; cps++) {
        utf8_next(r.data, r.len, &i);
        if (i > room) break;
        keep = i;
    }
    fail(err, exc, "%s%.*s", prefix, (int)keep, r.data);
    ls_buf_fini(&r);
    return false;
}

/* ---- repr(float), str(int) ----------------------------------------------------- */

/* Decimal digits of a positive finite double: value = 0.D1D2..Dn * 10**decpt. */
typedef struct Digits {
    char d[24];
    int n;
    int decpt;
} Digits;

/* Reads the "%.*e" text `t` ("d.ddde+XX") into *dg. */
static void read_e_text(const char *t, Digits *dg)
{
    dg->n = 0;
    const char *p = t;
    for (; *p != 'e'; p++)
        if (*p != '.') dg->d[dg->n++] = *p;
    dg->decpt = atoi(p + 1) + 1;
}

static double digits_value(const Digits *dg)
{
    char t[48];
    snprintf(t, sizeof t, "0.%.*se%d", dg->n, dg->d, dg->decpt);
    return strtod(t, NULL);
}

/* Moves the n-digit mantissa one step (+1 or -1 in its last place) along the
 * grid of n-digit decimals: 99..9 + 1 becomes 10..0 one decade up, and
 * 10..0 - 1 becomes 99..9 one decade down. */
static void step_digits(Digits *dg, int delta)
{
    int k = dg->n - 1;
    if (delta > 0) {
        while (k >= 0 && dg->d[k] == '9') dg->d[k--] = '0';
        if (k < 0) {
            dg->d[0] = '1';
            dg->decpt++;
        } else {
            dg->d[k]++;
        }
        return;
    }
    while (k >= 0 && dg->d[k] == '0') dg->d[k--] = '9';
    dg->d[k]--; /* the mantissa of a positive value is not all zeros */
    if (dg->d[0] == '0') {
        memmove(dg->d, dg->d + 1, (size_t)dg->n - 1);
        dg->d[dg->n - 1] = '9';
        dg->decpt--;
    }
}

/* The shortest digits that read back as x (x > 0, finite); among equally
 * short candidates, the one nearest x. The correctly rounded candidate of
 * each length is nearest; when it misses, only its neighbour on the other
 * side of x can still hit (the rounding interval is lopsided at powers of
 * two), so that one is tried too. 17 digits always hit. */
static void shortest_digits(double x, Digits *dg)
{
    char t[40];
    for (int p = 0; p < 17; p++) {
        snprintf(t, sizeof t, "%.*e", p, x);
        read_e_text(t, dg);
        double v = digits_value(dg);
        if (v == x) break;
        Digits other = *dg;
        step_digits(&other, v < x ? 1 : -1);
        if (digits_value(&other) == x) {
            *dg = other;
            break;
        }
    }
    while (dg->n > 1 && dg->d[dg->n - 1] == '0') dg->n--;
}

/* Lays out shortest digits as repr does: exponent form when decpt is below
 * -3 or above 16, otherwise fixed with at least one fractional digit. `alt`
 * ('#') keeps a '.' in the exponent form too; `e` is 'e' or 'E'. */
static void put_short(const Digits *dg, bool alt, char e, LsBuf *out)
{
    if (dg->decpt <= -4 || dg->decpt > 16) {
        ls_buf_putc(out, dg->d[0]);
        if (dg->n > 1 || alt) ls_buf_putc(out, '.');
        ls_buf_append(out, dg->d + 1, (size_t)dg->n - 1);
        int x = dg->decpt - 1;
        ls_buf_printf(out, "%c%c%02d", e, x < 0 ? '-' : '+', x < 0 ? -x : x);
    } else if (dg->decpt <= 0) {
        ls_buf_puts(out, "0.");
        for (int k = dg->decpt; k < 0; k++) ls_buf_putc(out, '0');
        ls_buf_append(out, dg->d, (size_t)dg->n);
    } else if (dg->decpt >= dg->n) {
        ls_buf_append(out, dg->d, (size_t)dg->n);
        for (int k = dg->n; k < dg->decpt; k++) ls_buf_putc(out, '0');
        ls_buf_puts(out, ".0");
    } else {
        ls_buf_append(out, dg->d, (size_t)dg->decpt);
        ls_buf_putc(out, '.');
        ls_buf_append(out, dg->d + dg->decpt, (size_t)(dg->n - dg->decpt));
    }
}

void ls_num_float_repr(double x, LsBuf *out)
{
    if (isnan(x)) {
        ls_buf_puts(out, "nan");
        return;
    }
    if (signbit(x)) ls_buf_putc(out, '-');
    x = fabs(x);
    if (isinf(x)) {
        ls_buf_puts(out, "inf");
    } else if (x == 0.0) {
        ls_buf_puts(out, "0.0");
    } else {
        Digits dg;
        shortest_digits(x, &dg);
        put_short(&dg, false, 'e', out);
    }
}

/* Writes the base-`base` digits of u into the end of buf[64]; returns the
 * start. */
static char *u64_digits(uint64_t u, unsigned base, bool upper, char *end)
{
    const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char *p = end;
    do {
        *--p = set[u % base];
        u /= base;
    } while (u);
    return p;
}

static uint64_t u64_abs(int64_t v)
{
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

void ls_num_int_str(int64_t v, LsBuf *out)
{
    char t[64];
    char *p = u64_digits(u64_abs(v), 10, false, t + sizeof t);
    if (v < 0) ls_buf_putc(out, '-');
    ls_buf_append(out, p, (size_t)(t + sizeof t - p));
}

/* ---- format(): the spec ------------------------------------------------------------ */

/* A parsed format spec: [[fill]align][sign][z][#][0][width][grouping][.precision][type] */
typedef struct Spec {
    uint32_t fill;  /* code point; ' ' unless given or implied by '0' */
    char align;     /* '<' '>' '^' '=' or 0 for the type's default */
    char sign;      /* '+' '-' ' ' or 0 */
    bool z, alt;
    char sep;       /* ',' '_' or 0 */
    int64_t width;  /* -1: none */
    int64_t prec;   /* -1: none */
    uint32_t type;  /* presentation type, the object's default if absent */
} Spec;

static bool is_align(char c) { return c == '<' || c == '>' || c == '^' || c == '='; }

/* Reads a run of (Unicode) decimal digits at s[*i] into *out (-1 if none). */
static bool read_count(const char *s, size_t n, size_t *i, int64_t *out, LsNumErr *err)
{
    int64_t v = -1;
    while (*i < n) {
        size_t j = *i;
        int d = decimal_value(utf8_next(s, n, &j));
        if (d < 0) break;
        if (v < 0) v = 0;
        if (v > (INT64_MAX - d) / 10)
            return fail(err, LS_NUM_EXC_VALUE, "Too many decimal digits in format string");
        v = v * 10 + d;
        *i = j;
    }
    *out = v;
    return true;
}

/* "'x'" for a printable ASCII type code, "'\x1'" otherwise (CPython's way). */
static void type_text(uint32_t type, char buf[16])
{
    if (type > 32 && type < 128) snprintf(buf, 16, "'%c'", (char)type);
    else snprintf(buf, 16, "'\\x%x'", (unsigned)type);
}

static bool fail_unknown_type(uint32_t type, const char *tname, LsNumErr *err)
{
    char t[16];
    type_text(type, t);
    return fail(err, LS_NUM_EXC_VALUE, "Unknown format code %s for object of type '%s'",
                t, tname);
}

/* Grouping is allowed with d e f g E G % F and none; '_' also with b o x X. */
static bool check_separator(const Spec *sp, LsNumErr *err)
{
    uint32_t t = sp->type;
    if (!sp->sep || t == 0 || (t < 128 && strchr("defgEG%F", (int)t))) return true;
    if (sp->sep == '_' && t < 128 && strchr("boxX", (int)t)) return true;
    char text[16];
    type_text(t, text);
    return fail(err, LS_NUM_EXC_VALUE, "Cannot specify '%c' with %s.", sp->sep, text);
}

/* [[fill]align][sign][z][#][0]: the flags before the width; returns where
 * the width starts. */
static size_t parse_flags(const char *s, size_t n, char default_align, Spec *sp)
{
    size_t i = 0, j = 0;
    bool fill_given = false;
    uint32_t c = n > 0 ? utf8_next(s, n, &j) : 0;
    if (j > 0 && j < n && is_align(s[j])) {
        sp->fill = c;
        sp->align = s[j];
        fill_given = true;
        i = j + 1;
    } else if (n > 0 && is_align(s[0])) {
        sp->align = s[i++];
    }
    if (i < n && (s[i] == '+' || s[i] == '-' || s[i] == ' ')) sp->sign = s[i++];
    if (i < n && s[i] == 'z') {
        sp->z = true;
        i++;
    }
    if (i < n && s[i] == '#') {
        sp->alt = true;
        i++;
    }
    if (!fill_given && i < n && s[i] == '0') { /* the '0' also starts the width */
        sp->fill = '0';
        if (!sp->align && default_align == '>') sp->align = '=';
    }
    return i;
}

/* Parses spec s[0..n) for an object of type `tname` whose presentation type
 * defaults to `default_type` and alignment to `default_align`. */
static bool parse_spec(const char *s, size_t n, uint32_t default_type, char default_align,
                       const char *tname, Spec *sp, LsNumErr *err)
{
    *sp = (Spec){.fill = ' ', .width = -1, .prec = -1, .type = default_type};
    size_t i = parse_flags(s, n, default_align, sp);
    if (!read_count(s, n, &i, &sp->width, err)) return false;
    if (i < n && s[i] == ',') sp->sep = s[i++];
    if (i < n && s[i] == '_') {
        if (sp->sep) return fail(err, LS_NUM_EXC_VALUE, "Cannot specify both ',' and '_'.");
        sp->sep = s[i++];
    }
    if (i < n && s[i] == ',' && sp->sep == '_')
        return fail(err, LS_NUM_EXC_VALUE, "Cannot specify both ',' and '_'.");
    if (i < n && s[i] == '.') {
        i++;
        if (!read_count(s, n, &i, &sp->prec, err)) return false;
        if (sp->prec < 0) return fail(err, LS_NUM_EXC_VALUE, "Format specifier missing precision");
    }
    if (i < n) { /* what is left must be one code point: the type */
        size_t j = i;
        uint32_t t = utf8_next(s, n, &j);
        if (j < n)
            return fail(err, LS_NUM_EXC_VALUE,
                        "Invalid format specifier '%.*s' for object of type '%s'",
                        (int)(n < 800 ? n : 800), s, tname);
        sp->type = t;
    }
    return check_separator(sp, err);
}

static bool check_width(const Spec *sp, LsNumErr *err)
{
    if (sp->width > LS_NUM_TEXT_MAX)
        return fail(err, LS_NUM_EXC_MEMORY, "format width %lld is over loopscope's limit",
                    (long long)sp->width);
    return true;
}

/* ---- format(): layout ---------------------------------------------------------------- */

static void put_fill(LsBuf *out, uint32_t fill, int64_t count)
{
    for (int64_t k = 0; k < count; k++) utf8_put(out, fill);
}

/* Appends d[0..nd) with `sep` every `size` digits from the right. When
 * min_width > 0 (zero fill with '=' alignment), grouped leading zeros are
 * added until the text is at least min_width long; it never starts with a
 * separator, so it may come out one longer. Returns the length added. */
static size_t put_grouped(LsBuf *out, const char *d, size_t nd, char sep, size_t size,
                          int64_t min_width)
{
    LsBuf rev;
    ls_buf_init(&rev);
    for (size_t k = 0;; k++) {
        if (k >= nd && (int64_t)rev.len >= min_width) break;
        if (k > 0 && k % size == 0) ls_buf_putc(&rev, sep);
        ls_buf_putc(&rev, k < nd ? d[nd - 1 - k] : '0');
    }
    size_t len = rev.len;
    for (size_t k = len; k-- > 0;) ls_buf_putc(out, rev.data[k]);
    ls_buf_fini(&rev);
    return len;
}

/* A number ready for layout: sign, prefix, the integer digits (grouped) and
 * the rest (fraction, exponent, '%', or all of "inf"/"nan"). */
typedef struct Num {
    char sign;
    const char *prefix;
    const char *digits;
    size_t ndigits;
    size_t group;   /* digits per group: 3, or 4 for b o x X */
    const char *rest;
    size_t nrest;   /* in bytes; code points for 'c' (a single one) */
    size_t rest_cps;
} Num;

static void put_number(const Spec *sp, const Num *num, LsBuf *out)
{
    size_t npre = strlen(num->prefix), nsign = num->sign ? 1 : 0;
    char align = sp->align ? sp->align : '>';
    LsBuf body; /* digits (grouped) and rest */
    ls_buf_init(&body);
    size_t ndig = num->ndigits;
    if (sp->sep && num->group) {
        int64_t min = 0;
        if (sp->fill == '0' && align == '=')
            min = sp->width - (int64_t)(nsign + npre + num->rest_cps);
        ndig = put_grouped(&body, num->digits, num->ndigits, sp->sep, num->group, min);
    } else {
        ls_buf_append(&body, num->digits, num->ndigits);
    }
    ls_buf_append(&body, num->rest, num->nrest);
    int64_t total = (int64_t)(nsign + npre + ndig + num->rest_cps);
    int64_t pad = sp->width > total ? sp->width - total : 0;
    int64_t left = align == '>' ? pad : align == '^' ? pad / 2 : 0;
    put_fill(out, sp->fill, left);
    if (num->sign) ls_buf_putc(out, num->sign);
    ls_buf_puts(out, num->prefix);
    if (align == '=') put_fill(out, sp->fill, pad);
    ls_buf_append(out, body.data ? body.data : "", body.len);
    if (align == '<' || align == '^') put_fill(out, sp->fill, pad - left);
    ls_buf_fini(&body);
}

static char sign_char(const Spec *sp, bool neg)
{
    return neg ? '-' : sp->sign == '+' ? '+' : sp->sign == ' ' ? ' ' : 0;
}

/* ---- format(): int, float, str ------------------------------------------------------- */

static bool format_float_spec(double x, Spec *sp, LsBuf *out, LsNumErr *err);

static bool format_int_spec(int64_t v, Spec *sp, const char *tname, LsBuf *out,
                            LsNumErr *err)
{
    uint32_t t = sp->type;
    if (t < 128 && t && strchr("eEfFgG%", (int)t)) return format_float_spec((double)v, sp, out, err);
    if (!(t < 128 && t && strchr("bcdoxXn", (int)t))) return fail_unknown_type(t, tname, err);
    if (sp->prec >= 0)
        return fail(err, LS_NUM_EXC_VALUE, "Precision not allowed in integer format specifier");
    if (sp->z)
        return fail(err, LS_NUM_EXC_VALUE,
                    "Negative zero coercion (z) not allowed in integer format specifier");
    if (!check_width(sp, err)) return false;
    char buf[64];
    Num num = {.prefix = "", .group = 3, .rest = ""};
    if (t == 'c') {
        if (sp->sign)
            return fail(err, LS_NUM_EXC_VALUE,
                        "Sign not allowed with integer format specifier 'c'");
        if (sp->alt)
            return fail(err, LS_NUM_EXC_VALUE,
                        "Alternate form (#) not allowed with integer format specifier 'c'");
        if (v < 0 || v > 0x10FFFF)
            return fail(err, LS_NUM_EXC_OVERFLOW, "%%c arg not in range(0x110000)");
        LsBuf ch;
        ls_buf_init(&ch);
        utf8_put(&ch, (uint32_t)v);
        num.rest = ch.data;
        num.nrest = ch.len;
        num.rest_cps = 1;
        put_number(sp, &num, out);
        ls_buf_fini(&ch);
        return true;
    }
    unsigned base = t == 'b' ? 2 : t == 'o' ? 8 : t == 'x' || t == 'X' ? 16 : 10;
    num.digits = u64_digits(u64_abs(v), base, t == 'X', buf + sizeof buf);
    num.ndigits = (size_t)(buf + sizeof buf - num.digits);
    num.group = base == 10 ? 3 : 4;
    num.sign = sign_char(sp, v < 0);
    if (sp->alt && base != 10)
        num.prefix = t == 'b' ? "0b" : t == 'o' ? "0o" : t == 'x' ? "0x" : "0X";
    put_number(sp, &num, out);
    return true;
}

/* Drops trailing zeros of the mantissa in t[from..] (before any exponent),
 * and the '.' if nothing is left after it. */
static void strip_zeros(LsBuf *t, size_t from)
{
    char *s = t->data + from, *e = strpbrk(s, "eE"), *dot = strchr(s, '.');
    if (!dot || (e && dot > e)) return;
    char *end = e ? e : t->data + t->len, *p = end;
    while (p > dot + 1 && p[-1] == '0') p--;
    if (p == dot + 1) p = dot;
    size_t tail = strlen(end);
    memmove(p, end, tail + 1);
    t->len = (size_t)(p - t->data) + tail;
}

/* 'g' with precision p: p significant digits, exponent form for decimal
 * exponents below -4 or from p on, trailing zeros dropped unless `alt`.
 * With `dot0` (the none type given a precision) exponent form starts at p-1
 * and the fixed form keeps a ".0". Built from %e and %f because glibc's "%#g"
 * loses a digit when rounding carries into a new decade (99.99 -> "1.e+02"). */
static void put_general(double ax, int p, bool alt, bool dot0, bool upper, LsBuf *t)
{
    if (p == 0) p = 1;
    size_t from = t->len;
    ls_buf_printf(t, alt ? "%#.*e" : "%.*e", p - 1, ax);
    int x = atoi(strchr(t->data + from, 'e') + 1);
    bool fixed = x >= -4 && x < (dot0 ? p - 1 : p);
    if (fixed) {
        t->len = from;
        ls_buf_printf(t, alt ? "%#.*f" : "%.*f", p - 1 - x, ax);
    }
    if (!alt) strip_zeros(t, from);
    if (fixed && dot0 && !strchr(t->data + from, '.')) ls_buf_puts(t, ".0");
    if (upper && !fixed) *strchr(t->data + from, 'e') = 'E';
}

/* The text of |x| for float presentation types (x finite). */
static void float_body(double ax, const Spec *sp, LsBuf *t)
{
    int p = sp->prec < 0 ? 6 : (int)sp->prec;
    switch (sp->type) {
    case 0:
        if (sp->prec >= 0) {
            put_general(ax, p, sp->alt, true, false, t);
        } else {
            Digits dg = {.d = "0", .n = 1, .decpt = 1};
            if (ax != 0.0) shortest_digits(ax, &dg);
            put_short(&dg, sp->alt, 'e', t);
        }
        break;
    case 'g': case 'n': case 'G':
        put_general(ax, p, sp->alt, false, sp->type == 'G', t);
        break;
    case 'e': case 'E':
        ls_buf_printf(t, sp->alt ? "%#.*e" : "%.*e", p, ax);
        if (sp->type == 'E') *strchr(t->data, 'e') = 'E';
        break;
    default: /* f F % */
        ls_buf_printf(t, sp->alt ? "%#.*f" : "%.*f", p, sp->type == '%' ? ax * 100.0 : ax);
        if (sp->type == '%') ls_buf_putc(t, '%');
        break;
    }
}

static bool all_zero_mantissa(const char *s)
{
    for (; *s && *s != 'e' && *s != 'E'; s++)
        if (*s >= '1' && *s <= '9') return false;
    return true;
}

static bool format_float_spec(double x, Spec *sp, LsBuf *out, LsNumErr *err)
{
    if (sp->prec > 2147483647) return fail(err, LS_NUM_EXC_VALUE, "precision too big");
    if (sp->prec > LS_NUM_TEXT_MAX)
        return fail(err, LS_NUM_EXC_MEMORY, "format precision %lld is over loopscope's limit",
                    (long long)sp->prec);
    if (!check_width(sp, err)) return false;
    bool upper = sp->type == 'E' || sp->type == 'F' || sp->type == 'G';
    bool neg = !isnan(x) && signbit(x);
    LsBuf t;
    ls_buf_init(&t);
    if (isfinite(x)) {
        float_body(fabs(x), sp, &t);
        if (sp->z && neg && all_zero_mantissa(t.data)) neg = false;
    } else {
        ls_buf_puts(&t, isnan(x) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf"));
        if (sp->type == '%') ls_buf_putc(&t, '%');
    }
    Num num = {.sign = sign_char(sp, neg), .prefix = "", .digits = t.data, .group = 3};
    if (isfinite(x))
        while (num.ndigits < t.len && t.data[num.ndigits] >= '0' && t.data[num.ndigits] <= '9')
            num.ndigits++;
    else
        num.group = 0;
    num.rest = t.data + num.ndigits;
    num.nrest = num.rest_cps = t.len - num.ndigits;
    put_number(sp, &num, out);
    ls_buf_fini(&t);
    return true;
}

bool ls_num_format_int(int64_t v, const char *spec, size_t len, LsBuf *out, LsNumErr *err)
{
    if (len == 0) {
        ls_num_int_str(v, out);
        return true;
    }
    Spec sp;
    return parse_spec(spec, len, 'd', '>', "int", &sp, err)
        && format_int_spec(v, &sp, "int", out, err);
}

bool ls_num_format_bool(bool v, const char *spec, size_t len, LsBuf *out, LsNumErr *err)
{
    if (len == 0) {
        ls_buf_puts(out, v ? "True" : "False");
        return true;
    }
    Spec sp;
    return parse_spec(spec, len, 'd', '>', "bool", &sp, err)
        && format_int_spec(v, &sp, "bool", out, err);
}

bool ls_num_format_float(double x, const char *spec, size_t len, LsBuf *out, LsNumErr *err)
{
    Spec sp;
    if (!parse_spec(spec, len, 0, '>', "float", &sp, err)) return false;
    uint32_t t = sp.type;
    if (t && !(t < 128 && strchr("eEfFgGn%", (int)t))) return fail_unknown_type(t, "float", err);
    return format_float_spec(x, &sp, out, err);
}

bool ls_num_format_str(const char *s, size_t n, const char *spec, size_t len, LsBuf *out,
                       LsNumErr *err)
{
    Spec sp;
    if (!parse_spec(spec, len, 's', '<', "str", &sp, err)) return false;
    if (sp.type != 's') return fail_unknown_type(sp.type, "str", err);
    if (sp.sign == ' ')
        return fail(err, LS_NUM_EXC_VALUE, "Space not allowed in string format specifier");
    if (sp.sign)
        return fail(err, LS_NUM_EXC_VALUE, "Sign not allowed in string format specifier");
    if (sp.z)
        return fail(err, LS_NUM_EXC_VALUE,
                    "Negative zero coercion (z) not allowed in string format specifier");
    if (sp.alt)
        return fail(err, LS_NUM_EXC_VALUE,
                    "Alternate form (#) not allowed in string format specifier");
    if (sp.align == '=')
        return fail(err, LS_NUM_EXC_VALUE, "'=' alignment not allowed in string format specifier");
    if (!check_width(&sp, err)) return false;
    size_t cps = utf8_count(s, n);
    if (sp.prec >= 0 && (uint64_t)sp.prec < cps) {
        n = utf8_prefix(s, n, (size_t)sp.prec);
        cps = (size_t)sp.prec;
    }
    int64_t pad = sp.width > (int64_t)cps ? sp.width - (int64_t)cps : 0;
    char align = sp.align ? sp.align : '<';
    int64_t left = align == '>' ? pad : align == '^' ? pad / 2 : 0;
    put_fill(out, sp.fill, left);
    ls_buf_append(out, s, n);
    put_fill(out, sp.fill, pad - left);
    return true;
}

/* ---- int(), float() --------------------------------------------------------------------- */

static int digit_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

/* Trims ASCII whitespace off t[0..*n) in place; returns the new start. */
static const char *trim_ascii(const char *t, size_t *n)
{
    while (*n > 0 && is_ascii_space(t[*n - 1])) (*n)--;
    while (*n > 0 && is_ascii_space(*t)) {
        t++;
        (*n)--;
    }
    return t;
}

/* Reads digits of `base` with single '_' between them (and one right after a
 * base prefix, `after_prefix`) from the whole of t[0..n). Sets *overflow when
 * the magnitude passes 2**63. Returns false on bad syntax. */
static bool read_digits(const char *t, size_t n, unsigned base, bool after_prefix,
                        uint64_t *mag, bool *overflow)
{
    *mag = 0;
    *overflow = false;
    bool prev_digit = after_prefix; /* where a '_' may come next */
    size_t ndig = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i] == '_') {
            if (!prev_digit) return false;
            prev_digit = false;
            continue;
        }
        unsigned d = (unsigned)digit_value(t[i]);
        if (d >= base) return false;
        if (*mag > ((uint64_t)1 << 63) / base) *overflow = true;
        else *mag = *mag * base + d;
        if (*mag > (uint64_t)1 << 63) *overflow = true;
        prev_digit = true;
        ndig++;
    }
    return ndig > 0 && prev_digit;
}

/* Which base and where the digits start, for int()'s optional prefix. */
static unsigned take_prefix(const char **t, size_t *n, int base, bool *had_prefix)
{
    *had_prefix = false;
    if (*n >= 2 && (*t)[0] == '0') {
        char c = (char)((*t)[1] | 0x20);
        unsigned pb = c == 'x' ? 16 : c == 'o' ? 8 : c == 'b' ? 2 : 0;
        if (pb && (base == 0 || (unsigned)base == pb)) {
            *t += 2;
            *n -= 2;
            *had_prefix = true;
            return pb;
        }
    }
    return base == 0 ? 10 : (unsigned)base;
}

bool ls_num_parse_int(const char *s, size_t n, int base, int64_t *out, LsNumErr *err)
{
    if (base != 0 && (base < 2 || base > 36))
        return fail(err, LS_NUM_EXC_VALUE, "int() base must be >= 2 and <= 36, or 0");
    LsBuf a;
    ls_buf_init(&a);
    to_ascii_numeral(s, n, &a);
    size_t len = a.len;
    const char *t = trim_ascii(a.data ? a.data : "", &len);
    bool neg = false, had_prefix, overflow = false;
    if (len > 0 && (*t == '+' || *t == '-')) {
        neg = *t == '-';
        t++;
        len--;
    }
    unsigned b = take_prefix(&t, &len, base, &had_prefix);
    uint64_t mag = 0;
    bool ok = read_digits(t, len, b, had_prefix, &mag, &overflow);
    /* base 0 without a prefix: no leading zeros on a nonzero value */
    if (ok && base == 0 && !had_prefix && t[0] == '0' && (mag != 0 || overflow)) ok = false;
    ls_buf_fini(&a);
    if (!ok) {
        char prefix[64];
        snprintf(prefix, sizeof prefix, "invalid literal for int() with base %d: ", base);
        return fail_repr(err, LS_NUM_EXC_VALUE, prefix, s, n, 200);
    }
    if (overflow || mag > (uint64_t)INT64_MAX + (neg ? 1u : 0u)) return fail_int_limit(err);
    *out = neg ? (int64_t)(0 - mag) : (int64_t)mag;
    return true;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool match_word(const char *t, size_t n, const char *word)
{
    size_t k = 0;
    for (; k < n && word[k]; k++)
        if ((t[k] | 0x20) != word[k]) return false;
    return k == n && !word[k];
}

/* float() syntax on ASCII t[0..n): digits with '_' only between two digits,
 * [sign] (digits [. digits] | . digits) [e [sign] digits]. Copies it without
 * the underscores into *clean. */
static bool clean_decimal(const char *t, size_t n, LsBuf *clean)
{
    size_t i = 0, mant = 0;
    if (i < n && (t[i] == '+' || t[i] == '-')) ls_buf_putc(clean, t[i++]);
    for (int part = 0; part < 3; part++) {
        if (part == 1) {
            if (i >= n || t[i] != '.') continue;
            ls_buf_putc(clean, t[i++]);
        } else if (part == 2) {
            if (i >= n || (t[i] | 0x20) != 'e') break;
            if (mant == 0) return false;
            ls_buf_putc(clean, t[i++]);
            if (i < n && (t[i] == '+' || t[i] == '-')) ls_buf_putc(clean, t[i++]);
            if (i >= n || !is_digit(t[i])) return false;
        }
        for (; i < n; i++) {
            if (t[i] == '_' && i > 0 && is_digit(t[i - 1]) && i + 1 < n && is_digit(t[i + 1]))
                continue;
            if (!is_digit(t[i])) break;
            ls_buf_putc(clean, t[i]);
            if (part < 2) mant++;
        }
    }
    return i == n && mant > 0;
}

bool ls_num_parse_float(const char *s, size_t n, double *out, LsNumErr *err)
{
    LsBuf a, clean;
    ls_buf_init(&a);
    ls_buf_init(&clean);
    to_ascii_numeral(s, n, &a);
    size_t len = a.len;
    const char *t = trim_ascii(a.data ? a.data : "", &len);
    bool ok = true;
    double v = 0.0;
    size_t k = len > 0 && (*t == '+' || *t == '-') ? 1 : 0;
    double sign = k && *t == '-' ? -1.0 : 1.0;
    if (match_word(t + k, len - k, "inf") || match_word(t + k, len - k, "infinity"))
        v = sign * HUGE_VAL;
    else if (match_word(t + k, len - k, "nan"))
        v = copysign(NAN, sign);
    else if ((ok = clean_decimal(t, len, &clean)))
        v = strtod(clean.data, NULL);
    ls_buf_fini(&a);
    ls_buf_fini(&clean);
    if (!ok)
        return fail_repr(err, LS_NUM_EXC_VALUE, "could not convert string to float: ", s, n,
                         SIZE_MAX);
    *out = v;
    return true;
}

/* ---- int arithmetic ----------------------------------------------------------------------- */

bool ls_num_int_add(int64_t a, int64_t b, int64_t *out, LsNumErr *err)
{
    int64_t r;
    if (__builtin_add_overflow(a, b, &r)) return fail_int_limit(err);
    *out = r;
    return true;
}

bool ls_num_int_sub(int64_t a, int64_t b, int64_t *out, LsNumErr *err)
{
    int64_t r;
    if (__builtin_sub_overflow(a, b, &r)) return fail_int_limit(err);
    *out = r;
    return true;
}

bool ls_num_int_mul(int64_t a, int64_t b, int64_t *out, LsNumErr *err)
{
    int64_t r;
    if (__builtin_mul_overflow(a, b, &r)) return fail_int_limit(err);
    *out = r;
    return true;
}

bool ls_num_int_neg(int64_t a, int64_t *out, LsNumErr *err)
{
    return ls_num_int_sub(0, a, out, err);
}

bool ls_num_int_abs(int64_t a, int64_t *out, LsNumErr *err)
{
    return a < 0 ? ls_num_int_sub(0, a, out, err) : (*out = a, true);
}

bool ls_num_int_floordiv(int64_t a, int64_t b, int64_t *out, LsNumErr *err)
{
    if (b == 0)
        return fail(err, LS_NUM_EXC_ZERO_DIV, "integer division or modulo by zero");
    if (a == INT64_MIN && b == -1) return fail_int_limit(err);
    int64_t q = a / b;
    if (a % b != 0 && (a < 0) != (b < 0)) q--;
    *out = q;
    return true;
}

bool ls_num_int_mod(int64_t a, int64_t b, int64_t *out, LsNumErr *err)
{
    if (b == 0) return fail(err, LS_NUM_EXC_ZERO_DIV, "integer modulo by zero");
    int64_t r = b == -1 ? 0 : a % b; /* INT64_MIN % -1 is undefined in C */
    if (r != 0 && (r < 0) != (b < 0)) r += b;
    *out = r;
    return true;
}

__extension__ typedef unsigned __int128 U128;

/* a / b correctly rounded for 0 < a, b <= 2**63: scale a so the integer
 * quotient has 63..64 bits, fold the remainder into a sticky low bit and let
 * the (correctly rounding) uint64 -> double conversion round once. */
static double exact_ratio(uint64_t a, uint64_t b)
{
    if (a <= ((uint64_t)1 << 53) && b <= ((uint64_t)1 << 53)) return (double)a / (double)b;
    int la = 64 - __builtin_clzll(a), lb = 64 - __builtin_clzll(b);
    int k = 63 - la + lb; /* 0..126; a << k has at most 127 bits */
    U128 num = (U128)a << k;
    uint64_t q = (uint64_t)(num / b);
    q |= (num % b) != 0;
    return ldexp((double)q, -k);
}

bool ls_num_int_truediv(int64_t a, int64_t b, double *out, LsNumErr *err)
{
    if (b == 0) return fail(err, LS_NUM_EXC_ZERO_DIV, "division by zero");
    double q = a == 0 ? 0.0 : exact_ratio(u64_abs(a), u64_abs(b));
    *out = (a < 0) != (b < 0) ? -q : q;
    return true;
}

bool ls_num_int_pow(int64_t a, int64_t b, LsNumVal *out, LsNumErr *err)
{
    if (b < 0) {
        double f;
        if (!ls_num_float_pow((double)a, (double)b, &f, err)) return false;
        *out = (LsNumVal){.is_float = true, .f = f};
        return true;
    }
    /* Squaring only happens while bits remain, and then the result needs
     * base**2 anyway, so an overflow there is a real one (|base| >= 2). */
    int64_t r = 1, base = a;
    for (uint64_t e = (uint64_t)b; e; e >>= 1) {
        if ((e & 1) && __builtin_mul_overflow(r, base, &r)) return fail_int_limit(err);
        if (e > 1 && __builtin_mul_overflow(base, base, &base)) return fail_int_limit(err);
    }
    *out = (LsNumVal){.i = r};
    return true;
}

bool ls_num_int_lshift(int64_t a, int64_t b, int64_t *out, LsNumErr *err)
{
    if (b < 0) return fail(err, LS_NUM_EXC_VALUE, "negative shift count");
    if (a == 0) {
        *out = 0;
        return true;
    }
    if (b >= 64 || a > (INT64_MAX >> b) || a < ~(INT64_MAX >> b)) return fail_int_limit(err);
    *out = (int64_t)((uint64_t)a << b);
    return true;
}

bool ls_num_int_rshift(int64_t a, int64_t b, int64_t *out, LsNumErr *err)
{
    if (b < 0) return fail(err, LS_NUM_EXC_VALUE, "negative shift count");
    if (b > 63) b = 63;
    *out = a >= 0 ? a >> b : ~(~a >> b); /* floor, without relying on >> of negatives */
    return true;
}

/* ---- float arithmetic ------------------------------------------------------------------- */

bool ls_num_float_div(double a, double b, double *out, LsNumErr *err)
{
    if (b == 0.0) return fail(err, LS_NUM_EXC_ZERO_DIV, "float division by zero");
    *out = a / b;
    return true;
}

/* Python's float divmod for b != 0. The remainder comes from fmod (exact)
 * and takes b's sign; the quotient is (a - mod) / b, which is within an ulp
 * of an integer, snapped to it; zero results carry the sign they would have
 * as a real quotient. */
static void float_divmod(double a, double b, double *q, double *r)
{
    double mod = fmod(a, b);
    double div = (a - mod) / b;
    if (mod != 0.0) {
        if ((b < 0) != (mod < 0)) {
            mod += b;
            div -= 1.0;
        }
    } else {
        mod = copysign(0.0, b);
    }
    double fl;
    if (div != 0.0) {
        fl = floor(div);
        if (div - fl > 0.5) fl += 1.0;
    } else {
        fl = copysign(0.0, a / b);
    }
    *q = fl;
    *r = mod;
}

bool ls_num_float_floordiv(double a, double b, double *out, LsNumErr *err)
{
    if (b == 0.0) return fail(err, LS_NUM_EXC_ZERO_DIV, "float floor division by zero");
    double r;
    float_divmod(a, b, out, &r);
    return true;
}

bool ls_num_float_mod(double a, double b, double *out, LsNumErr *err)
{
    if (b == 0.0) return fail(err, LS_NUM_EXC_ZERO_DIV, "float modulo");
    double q;
    float_divmod(a, b, &q, out);
    return true;
}

bool ls_num_float_divmod(double a, double b, double *q, double *r, LsNumErr *err)
{
    if (b == 0.0) return fail(err, LS_NUM_EXC_ZERO_DIV, "float divmod()");
    float_divmod(a, b, q, r);
    return true;
}

bool ls_num_float_pow(double a, double b, double *out, LsNumErr *err)
{
    /* C99's pow already gives Python's answers for zero exponents and
     * infinities; only the cases where Python raises are checked here. A nan
     * operand comes back as it is (payload included), as in Python. */
    if (isnan(a) || isnan(b)) {
        *out = b == 0.0 || a == 1.0 ? 1.0 : isnan(a) ? a : b;
        return true;
    }
    if (b != 0.0 && isfinite(a) && isfinite(b)) {
        if (a == 0.0 && b < 0.0)
            return fail(err, LS_NUM_EXC_ZERO_DIV, "0.0 cannot be raised to a negative power");
        if (a < 0.0 && b != floor(b)) {
            if (isinf(pow(-a, b))) /* Python's complex power overflows first */
                return fail(err, LS_NUM_EXC_OVERFLOW, "complex exponentiation");
            return fail(err, LS_NUM_EXC_UNSUPPORTED,
                        "complex numbers are not supported: negative number raised to a "
                        "fractional power");
        }
        double r = pow(a, b);
        if (isinf(r))
            return fail(err, LS_NUM_EXC_OVERFLOW, "(34, 'Numerical result out of range')");
        *out = r;
        return true;
    }
    *out = pow(a, b);
    return true;
}

/* ---- conversion, rounding, comparison ------------------------------------------------------ */

bool ls_num_float_to_int(double x, int64_t *out, LsNumErr *err)
{
    if (isnan(x)) return fail(err, LS_NUM_EXC_VALUE, "cannot convert float NaN to integer");
    if (isinf(x))
        return fail(err, LS_NUM_EXC_OVERFLOW, "cannot convert float infinity to integer");
    double t = trunc(x);
    if (t >= 9223372036854775808.0 || t < -9223372036854775808.0) return fail_int_limit(err);
    *out = (int64_t)t;
    return true;
}

/* x rounded to an integer, half to even (x finite). */
static double round_half_even(double x)
{
    double f = floor(x), d = x - f; /* both exact */
    if (d > 0.5 || (d == 0.5 && fmod(f, 2.0) != 0.0)) f += 1.0;
    return f;
}

bool ls_num_round_float_to_int(double x, int64_t *out, LsNumErr *err)
{
    return ls_num_float_to_int(isfinite(x) ? round_half_even(x) : x, out, err);
}

/* Rounds the decimal integer d[0..n) (no sign) to a multiple of 10**k, half
 * to even, `sticky` saying whether a nonzero fraction follows; writes the
 * kept leading digits (possibly "0") to *kept. */
static void round_decimal(const char *d, size_t n, size_t k, bool sticky, LsBuf *kept)
{
    size_t keep = n > k ? n - k : 0;
    ls_buf_putc(kept, '0'); /* room for a carry */
    ls_buf_append(kept, d, keep);
    const char *tail = d + keep;
    size_t ntail = n - keep;
    int first = ntail == k ? tail[0] - '0' : 0; /* the 10**(k-1) digit */
    bool rest = sticky;
    for (size_t i = ntail == k ? 1 : 0; i < ntail; i++) rest |= tail[i] != '0';
    bool odd = (kept->data[kept->len - 1] - '0') & 1;
    if (first > 5 || (first == 5 && (rest || odd))) {
        size_t i = kept->len;
        while (kept->data[--i] == '9') kept->data[i] = '0';
        kept->data[i]++;
    }
}

/* round(x, -k) for k >= 1 and finite x: exact, from the digits of the
 * integer part. */
static double round_to_tens(double x, int k)
{
    double ip = trunc(x);
    LsBuf d, kept;
    ls_buf_init(&d);
    ls_buf_init(&kept);
    ls_buf_printf(&d, "%.0f", fabs(ip)); /* exact for an integral double */
    round_decimal(d.data, d.len, (size_t)k, x != ip, &kept);
    ls_buf_printf(&kept, "e%d", k);
    double r = strtod(kept.data, NULL);
    ls_buf_fini(&d);
    ls_buf_fini(&kept);
    return copysign(r, x);
}

bool ls_num_round_float(double x, int64_t ndigits, double *out, LsNumErr *err)
{
    double r;
    if (!isfinite(x) || ndigits > 323) {
        r = x;
    } else if (ndigits < -308) {
        r = copysign(0.0, x);
    } else if (ndigits >= 0) {
        char t[720]; /* 309 integer digits, '.', 323 decimals */
        snprintf(t, sizeof t, "%.*f", (int)ndigits, x);
        r = strtod(t, NULL);
    } else {
        r = round_to_tens(x, (int)-ndigits);
    }
    if (isinf(r) && !isinf(x))
        return fail(err, LS_NUM_EXC_OVERFLOW, "rounded value too large to represent");
    *out = r;
    return true;
}

bool ls_num_round_int(int64_t v, int64_t ndigits, int64_t *out, LsNumErr *err)
{
    if (ndigits >= 0) {
        *out = v;
        return true;
    }
    if (ndigits < -19) { /* 10**20 / 2 is past any int64 */
        *out = 0;
        return true;
    }
    uint64_t m = 1, u = u64_abs(v);
    for (int64_t k = 0; k < -ndigits; k++) m *= 10; /* 10**19 fits a uint64 */
    uint64_t q = u / m, r = u % m;
    if (r > m - r || (r == m - r && (q & 1))) q++;
    U128 mag = (U128)q * m;
    if (mag > (U128)INT64_MAX + (v < 0 ? 1u : 0u)) return fail_int_limit(err);
    *out = v < 0 ? (int64_t)(0 - (uint64_t)mag) : (int64_t)mag;
    return true;
}

int ls_num_cmp_int_float(int64_t i, double d)
{
    if (isnan(d)) return LS_NUM_UNORDERED;
    if (i >= -((int64_t)1 << 53) && i <= ((int64_t)1 << 53)) {
        double x = (double)i; /* exact */
        return x < d ? -1 : x > d ? 1 : 0;
    }
    if (d >= 9223372036854775808.0) return -1;
    if (d < -9223372036854775808.0) return 1;
    double t = trunc(d);
    int64_t ti = (int64_t)t;
    if (i != ti) return i < ti ? -1 : 1;
    return d > t ? -1 : d < t ? 1 : 0;
}

bool ls_num_float_eq_int(double d, int64_t i) { return ls_num_cmp_int_float(i, d) == 0; }

/* ---- hashing ------------------------------------------------------------------------------- */

#define HASH_MODULUS (((uint64_t)1 << 61) - 1)

static int64_t signed_hash(uint64_t h, bool neg)
{
    int64_t r = neg ? -(int64_t)h : (int64_t)h;
    return r == -1 ? -2 : r;
}

int64_t ls_num_hash_int(int64_t v)
{
    return signed_hash(u64_abs(v) % HASH_MODULUS, v < 0);
}

int64_t ls_num_hash_float(double x)
{
    if (isnan(x)) return 0;
    if (isinf(x)) return x > 0 ? 314159 : -314159;
    int e;
    double m = frexp(fabs(x), &e);
    uint64_t mant = (uint64_t)ldexp(m, 53); /* |x| = mant * 2**(e - 53) */
    /* 2**61 == 1 (mod 2**61 - 1), so multiplying by 2**s is a rotation of
     * the 61-bit residue by s mod 61 (negative s included). */
    int s = ((e - 53) % 61 + 61) % 61;
    uint64_t h = mant;
    if (s) h = ((h << s) & HASH_MODULUS) | (h >> (61 - s));
    return signed_hash(h, x < 0);
}

/* SipHash-1-3 with an all-zero key over bytes m[0..n). */
static uint64_t rotl64(uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }
#define SIP_HALF(a, b, c, d, s, t) \
    do { a += b; c += d; b = rotl64(b, s) ^ a; d = rotl64(d, t) ^ c; a = rotl64(a, 32); } while (0)
#define SIP_ROUND(v0, v1, v2, v3) \
    do { SIP_HALF(v0, v1, v2, v3, 13, 16); SIP_HALF(v2, v1, v0, v3, 17, 21); } while (0)
static uint64_t siphash13_zero_key(const unsigned char *m, size_t n) {
    uint64_t b = (uint64_t)n << 56;
    uint64_t v0 = 0x736f6d6570736575ull, v1 = 0x646f72616e646f6dull;
    uint64_t v2 = 0x6c7967656e657261ull, v3 = 0x7465646279746573ull;
    for (; n >= 8; n -= 8, m += 8) {
        uint64_t mi = 0;
        for (int i = 7; i >= 0; i--) mi = (mi << 8) | m[i];
        v3 ^= mi;
        SIP_ROUND(v0, v1, v2, v3);
        v0 ^= mi;
    }
    uint64_t t = 0;
    for (size_t i = n; i > 0; i--) t = (t << 8) | m[i - 1];
    b |= t;
    v3 ^= b;
    SIP_ROUND(v0, v1, v2, v3);
    v0 ^= b;
    v2 ^= 0xff;
    SIP_ROUND(v0, v1, v2, v3);
    SIP_ROUND(v0, v1, v2, v3);
    SIP_ROUND(v0, v1, v2, v3);
    return (v0 ^ v1) ^ (v2 ^ v3);
}

int64_t ls_num_hash_bytes(const unsigned char *d, size_t n)
{
    if (n == 0) return 0;
    int64_t r = (int64_t)siphash13_zero_key(d, n);
    return r == -1 ? -2 : r;
}

int64_t ls_num_hash_str(const char *s, size_t n)
{
    /* CPython hashes a str's internal code units: 1, 2 or 4 bytes per code
     * point (little-endian) depending on the largest code point. */
    if (n == 0) return 0;
    uint32_t maxcp = 0;
    size_t count = 0;
    for (size_t i = 0; i < n; count++) {
        uint32_t cp = utf8_next(s, n, &i);
        if (cp > maxcp) maxcp = cp;
    }
    size_t width = maxcp < 0x100 ? 1 : maxcp < 0x10000 ? 2 : 4;
    unsigned char small[256];
    unsigned char *units = count * width <= sizeof small ? small : malloc(count * width);
    if (!units) return 0;
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp = utf8_next(s, n, &i);
        for (size_t w = 0; w < width; w++) units[k++] = (unsigned char)(cp >> (8 * w));
    }
    int64_t r = (int64_t)siphash13_zero_key(units, k);
    if (units != small) free(units);
    return r == -1 ? -2 : r;
}
