/* ls_fstring — string literals: prefix handling, escape decoding, implicit
 * concatenation ("a" f"{b}" 'c') and the inside of f-strings.
 *
 * An f-string body is split into literal text and replacement fields
 * `{expr[=][!conv][:spec]}`. Each expression is lexed and parsed again from
 * its own slice of the source (ls_parse_fstring_expr), so its nodes carry
 * true file positions; a spec is itself an f-string body ending at the
 * field's closing brace. As in CPython 3.11, the literal pieces and the
 * FORMATTED nodes get the span of the whole string group, and specs may
 * contain fields but those fields may not have specs with fields. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ls_parser_int.h"

/* A growable byte buffer for decoded text (freed by the caller). */
typedef struct Text {
    char *data;
    size_t len, cap;
    bool oom;
} Text;

static void text_putc(Text *t, char c) {
    if (t->len + 1 >= t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        char *d = realloc(t->data, cap);
        if (!d) {
            t->oom = true;
            return;
        }
        t->data = d;
        t->cap = cap;
    }
    t->data[t->len++] = c;
}

static void text_put_utf8(Text *t, uint32_t cp) {
    if (cp < 0x80) {
        text_putc(t, (char)cp);
    } else if (cp < 0x800) {
        text_putc(t, (char)(0xC0 | (cp >> 6)));
        text_putc(t, (char)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        text_putc(t, (char)(0xE0 | (cp >> 12)));
        text_putc(t, (char)(0x80 | ((cp >> 6) & 0x3F)));
        text_putc(t, (char)(0x80 | (cp & 0x3F)));
    } else {
        text_putc(t, (char)(0xF0 | (cp >> 18)));
        text_putc(t, (char)(0x80 | ((cp >> 12) & 0x3F)));
        text_putc(t, (char)(0x80 | ((cp >> 6) & 0x3F)));
        text_putc(t, (char)(0x80 | (cp & 0x3F)));
    }
}

/* One string token, taken apart. */
typedef struct StrTok {
    const LsToken *tok;
    bool raw, bytes, fmt;
    size_t body, body_end;     /* source offsets of the text between quotes */
} StrTok;

static StrTok split_token(const Parser *p, const LsToken *t) {
    StrTok s = {.tok = t};
    size_t i = t->start;
    while (p->src[i] != '\'' && p->src[i] != '"') {
        int c = p->src[i] | 0x20;
        s.raw |= c == 'r';
        s.bytes |= c == 'b';
        s.fmt |= c == 'f';
        i++;
    }
    size_t end = t->start + t->len;
    bool triple = end - i >= 6 && p->src[i + 1] == p->src[i] && p->src[i + 2] == p->src[i];
    size_t q = triple ? 3 : 1;
    s.body = i + q;
    s.body_end = end - q;
    return s;
}

/* File position of source offset `off` inside token `t`. */
static void position_of(const Parser *p, const LsToken *t, size_t off, uint32_t *line, uint32_t *col) {
    *line = t->span.line;
    *col = t->span.col;
    for (size_t i = t->start; i < off; i++) {
        if (p->src[i] == '\n') {
            (*line)++;
            *col = 0;
        } else {
            (*col)++;
        }
    }
}

static int hex_value(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Read exactly `n` hex digits at s[*i]; -1 when fewer are there. */
static long hex_digits(const char *s, size_t len, size_t *i, int n) {
    long v = 0;
    for (int k = 0; k < n; k++) {
        if (*i >= len || hex_value((unsigned char)s[*i]) < 0) return -1;
        v = v * 16 + hex_value((unsigned char)s[(*i)++]);
    }
    return v;
}

/* Decode backslash escapes of s[0, len) into `out`. `err` gets a message
 * on failure (CPython's wording). */
static bool decode_escapes(const char *s, size_t len, bool bytes, Text *out, char *err, size_t errlen,
                           bool *unsupported) {
    for (size_t i = 0; i < len;) {
        char c = s[i++];
        if (c != '\\' || i == len) {
            text_putc(out, c);
            continue;
        }
        size_t at = i - 1;
        char e = s[i++];
        switch (e) {
        case '\n': break;
        case '\r': if (i < len && s[i] == '\n') i++; break;
        case '\\': text_putc(out, '\\'); break;
        case '\'': text_putc(out, '\''); break;
        case '"': text_putc(out, '"'); break;
        case 'a': text_putc(out, '\a'); break;
        case 'b': text_putc(out, '\b'); break;
        case 'f': text_putc(out, '\f'); break;
        case 'n': text_putc(out, '\n'); break;
        case 'r': text_putc(out, '\r'); break;
        case 't': text_putc(out, '\t'); break;
        case 'v': text_putc(out, '\v'); break;
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
            unsigned v = (unsigned)(e - '0');
            for (int k = 0; k < 2 && i < len && s[i] >= '0' && s[i] <= '7'; k++) v = v * 8 + (unsigned)(s[i++] - '0');
            if (bytes) text_putc(out, (char)(v & 0xFF));
            else text_put_utf8(out, v);
            break;
        }
        case 'x': {
            long v = hex_digits(s, len, &i, 2);
            if (v < 0) {
                snprintf(err, errlen, "(%s error) '%sescape' codec can't decode bytes in position %zu-%zu: truncated \\xXX escape",
                         bytes ? "value" : "unicode", bytes ? "" : "unicode", at, i - 1);
                return false;
            }
            if (bytes) text_putc(out, (char)v);
            else text_put_utf8(out, (uint32_t)v);
            break;
        }
        case 'u': case 'U': case 'N':
            if (bytes) {
                text_putc(out, '\\');
                text_putc(out, e);
                break;
            }
            if (e == 'N') {
                *unsupported = true;
                snprintf(err, errlen, "\\N{...} escapes are not supported by loopscope yet");
                return false;
            } else {
                int n = e == 'u' ? 4 : 8;
                long v = hex_digits(s, len, &i, n);
                if (v < 0 || v > 0x10FFFF) {
                    snprintf(err, errlen, "(unicode error) 'unicodeescape' codec can't decode bytes in position %zu-%zu: %s",
                             at, i - 1, v < 0 ? (n == 4 ? "truncated \\uXXXX escape" : "truncated \\UXXXXXXXX escape")
                                              : "illegal Unicode character");
                    return false;
                }
                text_put_utf8(out, (uint32_t)v);
            }
            break;
        default:
            /* Unknown escapes keep their backslash (a DeprecationWarning in CPython). */
            text_putc(out, '\\');
            text_putc(out, e);
            break;
        }
    }
    return true;
}

/* Decode src[b, e) of `st` (escapes unless raw) and append it to `out`. */
static bool decode_piece(Parser *p, const StrTok *st, size_t b, size_t e, Text *out) {
    if (st->raw) {
        for (size_t i = b; i < e; i++) text_putc(out, p->src[i]);
        return true;
    }
    char err[200];
    bool unsupported = false;
    if (decode_escapes(p->src + b, e - b, st->bytes, out, err, sizeof err, &unsupported)) return true;
    LsSpan s = st->tok->span;
    if (!unsupported) {
        s.line = s.end_line;
        s.col = s.end_col;
    }
    ls_parse_error(p, unsupported ? LS_DIAG_UNSUPPORTED : LS_DIAG_SYNTAX, s, "%s", err);
    return false;
}

/* ---- building the result ----------------------------------------------- */

typedef struct Pieces {
    LsNodeList values;   /* CONST str and FORMATTED nodes */
    uint32_t cap;
    Text lit;            /* literal text not yet turned into a node */
    LsSpan span;         /* the whole string group */
} Pieces;

static bool flush_literal(Parser *p, Pieces *pc) {
    if (pc->lit.oom) {
        ls_parse_error(p, LS_DIAG_SYNTAX, pc->span, "out of memory");
        return false;
    }
    if (pc->lit.len == 0) return true;
    LsNode *n = ls_ast_new(p->arena, LS_NODE_CONST, pc->span);
    char *s = ls_arena_strndup(p->arena, pc->lit.data, pc->lit.len);
    if (!n || !s || !ls_ast_push(p->arena, &pc->values, &pc->cap, n)) {
        ls_parse_error(p, LS_DIAG_SYNTAX, pc->span, "out of memory");
        return false;
    }
    n->u.constant.kind = LS_AST_STR;
    n->u.constant.s = s;
    n->u.constant.len = pc->lit.len;
    pc->lit.len = 0;
    return true;
}

static bool push_value(Parser *p, Pieces *pc, LsNode *n) {
    if (!n) return false;
    if (!flush_literal(p, pc)) return false;
    if (ls_ast_push(p->arena, &pc->values, &pc->cap, n)) return true;
    ls_parse_error(p, LS_DIAG_SYNTAX, pc->span, "out of memory");
    return false;
}

/* ---- f-string bodies ----------------------------------------------------- */

static size_t fstring_body(Parser *p, const StrTok *st, size_t i, size_t end, bool in_spec,
                           int depth, Pieces *pc);

/* CPython 3.11 reports errors found while scanning an f-string at the end
 * of its string token. */
static void *fstring_error(Parser *p, const StrTok *st, const char *msg) {
    LsSpan s = st->tok->span;
    s.line = s.end_line;
    s.col = s.end_col;
    return ls_parse_error(p, LS_DIAG_SYNTAX, s, "%s", msg);
}

/* Where does the expression of a field starting at `i` end? Tracks
 * brackets and nested string quotes. Returns `end` when unterminated. */
static size_t field_expr_end(Parser *p, const StrTok *st, size_t i, size_t end, bool *bad) {
    const char *s = p->src;
    int nest = 0;
    char quote = 0;
    bool triple = false;
    for (; i < end; i++) {
        char c = s[i];
        if (quote) {
            if (c == quote && (!triple || (i + 2 < end && s[i + 1] == quote && s[i + 2] == quote))) {
                if (triple) i += 2;
                quote = 0;
            }
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            triple = i + 2 < end && s[i + 1] == c && s[i + 2] == c;
            if (triple) i += 2;
        } else if (c == '(' || c == '[' || c == '{') {
            nest++;
        } else if (c == ')' || c == ']' || c == '}') {
            if (nest == 0) {
                if (c == '}') return i;
                char msg[64];
                snprintf(msg, sizeof msg, "f-string: unmatched '%c'", c);
                fstring_error(p, st, msg);
                *bad = true;
                return end;
            }
            nest--;
        } else if (c == '\\') {
            fstring_error(p, st, "f-string expression part cannot include a backslash");
            *bad = true;
            return end;
        } else if (c == '#') {
            fstring_error(p, st, "f-string expression part cannot include '#'");
            *bad = true;
            return end;
        } else if (nest == 0 && (c == '!' || c == ':') && !(c == '!' && i + 1 < end && s[i + 1] == '=')) {
            return i;
        } else if (nest == 0 && c == '=' && !(i + 1 < end && s[i + 1] == '=') &&
                   !(i > 0 && strchr("=!<>", s[i - 1]))) {
            return i;
        }
    }
    return end;
}

static bool all_space(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '\f') return false;
    }
    return true;
}

/* Parse the field whose '{' is at i-1; returns the offset after its '}',
 * or 0 on error. */
static size_t fstring_field(Parser *p, const StrTok *st, size_t i, size_t end, int depth, Pieces *pc) {
    bool bad = false;
    size_t j = field_expr_end(p, st, i, end, &bad);
    if (bad) return 0;
    if (j >= end) {
        fstring_error(p, st, "f-string: expecting '}'");
        return 0;
    }
    if (all_space(p->src + i, j - i)) {
        char c = p->src[j], msg[64];
        if (c == '!' || c == ':' || c == '=') snprintf(msg, sizeof msg, "f-string: expression required before '%c'", c);
        else snprintf(msg, sizeof msg, "f-string: empty expression not allowed");
        fstring_error(p, st, msg);
        return 0;
    }
    uint32_t line, col;
    position_of(p, st->tok, i, &line, &col);
    LsNode *value = ls_parse_fstring_expr(p, i, j, line, col);
    if (!value) return 0;
    LsNode *f = ls_ast_new(p->arena, LS_NODE_FORMATTED, pc->span);
    if (!f) return ls_parse_error(p, LS_DIAG_SYNTAX, pc->span, "out of memory"), 0;
    f->u.formatted.value = value;
    bool self_doc = false, explicit_conv = false;
    if (p->src[j] == '=') {
        self_doc = true;
        /* Self-documenting `{x=}`: the text "x=" (with its spaces) first. */
        j++;
        while (j < end && (p->src[j] == ' ' || p->src[j] == '\t')) j++;
        for (size_t k = i; k < j; k++) text_putc(&pc->lit, p->src[k]);
    }
    if (j < end && p->src[j] == '!') {
        char c = j + 1 < end ? p->src[j + 1] : 0;
        if (c != 's' && c != 'r' && c != 'a') {
            fstring_error(p, st, "f-string: invalid conversion character: expected 's', 'r', or 'a'");
            return 0;
        }
        f->u.formatted.conversion = c == 's' ? 1 : c == 'r' ? 2 : 3;
        explicit_conv = true;
        j += 2;
    }
    if (j < end && p->src[j] == ':') {
        if (depth >= 1) {
            fstring_error(p, st, "f-string: expressions nested too deeply");
            return 0;
        }
        Pieces spec = {.span = pc->span};
        j = fstring_body(p, st, j + 1, end, true, depth + 1, &spec);
        if (j && !flush_literal(p, &spec)) j = 0;
        free(spec.lit.data);
        if (!j) return 0;
        LsNode *sn = ls_ast_new(p->arena, LS_NODE_FSTRING, pc->span);
        if (!sn) return ls_parse_error(p, LS_DIAG_SYNTAX, pc->span, "out of memory"), 0;
        sn->u.fstring.values = spec.values;
        f->u.formatted.spec = sn;
    }
    if (j >= end || p->src[j] != '}') {
        fstring_error(p, st, "f-string: expecting '}'");
        return 0;
    }
    /* `{x=}` shows repr(x) unless a conversion or a spec says otherwise. */
    if (self_doc && !explicit_conv && !f->u.formatted.spec) f->u.formatted.conversion = 2;
    return push_value(p, pc, f) ? j + 1 : 0;
}

/* Literal text and fields of an f-string body from `i`. In a spec, stops
 * at the unmatched '}' and returns its offset; otherwise returns `end`.
 * Returns 0 on error. */
static size_t fstring_body(Parser *p, const StrTok *st, size_t i, size_t end, bool in_spec,
                           int depth, Pieces *pc) {
    const char *s = p->src;
    size_t lit_start = i;
    while (i < end) {
        char c = s[i];
        if (c == '{' || c == '}') {
            bool doubled = i + 1 < end && s[i + 1] == c && !(in_spec && c == '}');
            if (!decode_piece(p, st, lit_start, i, &pc->lit)) return 0;
            if (doubled) {
                text_putc(&pc->lit, c);
                i += 2;
            } else if (c == '}') {
                if (in_spec) return i;
                fstring_error(p, st, "f-string: single '}' is not allowed");
                return 0;
            } else {
                i = fstring_field(p, st, i + 1, end, depth, pc);
                if (!i) return 0;
            }
            lit_start = i;
        } else if (c == '\\' && !st->raw && i + 1 < end) {
            /* Skip the escaped character, but `\N{...}` owns its braces. */
            if (s[i + 1] == 'N' && i + 2 < end && s[i + 2] == '{' && !st->bytes) {
                const char *close = memchr(s + i, '}', end - i);
                i = close ? (size_t)(close - s) + 1 : end;
            } else {
                i += s[i + 1] == '{' || s[i + 1] == '}' ? 1 : 2;
            }
        } else {
            i++;
        }
    }
    if (in_spec && i >= end) {
        fstring_error(p, st, "f-string: expecting '}'");
        return 0;
    }
    if (!decode_piece(p, st, lit_start, i, &pc->lit)) return 0;
    return i;
}

/* ---- the string group ----------------------------------------------------- */

static LsNode *make_const(Parser *p, LsSpan span, const Text *t, bool bytes) {
    LsNode *n = ls_ast_new(p->arena, LS_NODE_CONST, span);
    char *s = ls_arena_strndup(p->arena, t->data ? t->data : "", t->len);
    if (!n || !s || t->oom) return ls_parse_error(p, LS_DIAG_SYNTAX, span, "out of memory");
    n->u.constant.kind = bytes ? LS_AST_BYTES : LS_AST_STR;
    n->u.constant.s = s;
    n->u.constant.len = t->len;
    return n;
}

LsNode *ls_parse_strings(Parser *p, uint32_t first, uint32_t count) {
    const LsToken *toks = p->toks.items + first;
    LsSpan span = ls_span_join(toks[0].span, toks[count - 1].span);
    bool any_f = false, any_bytes = false, any_str = false;
    for (uint32_t k = 0; k < count; k++) {
        StrTok st = split_token(p, &toks[k]);
        any_f |= st.fmt;
        any_bytes |= st.bytes;
        any_str |= !st.bytes;
    }
    if (any_bytes && any_str) {
        LsSpan at = {span.end_line, span.end_line, span.end_col, span.end_col};
        return ls_parse_error(p, LS_DIAG_SYNTAX, at, "cannot mix bytes and nonbytes literals");
    }
    Pieces pc = {.span = span};
    LsNode *result = NULL;
    for (uint32_t k = 0; k < count; k++) {
        StrTok st = split_token(p, &toks[k]);
        bool ok = st.fmt ? fstring_body(p, &st, st.body, st.body_end, false, 0, &pc) != 0
                         : decode_piece(p, &st, st.body, st.body_end, &pc.lit);
        if (!ok) goto done;
    }
    if (!any_f) {
        result = make_const(p, span, &pc.lit, any_bytes);
        goto done;
    }
    if (!flush_literal(p, &pc)) goto done;
    result = ls_ast_new(p->arena, LS_NODE_FSTRING, span);
    if (!result) {
        ls_parse_error(p, LS_DIAG_SYNTAX, span, "out of memory");
        goto done;
    }
    result->u.fstring.values = pc.values;
done:
    free(pc.lit.data);
    return result;
}
