/* ls_introspect — await chains and locals as text (see ls_introspect.h). */
#include "ls_introspect.h"

#include <string.h>

/* Append repr(v) cut to LS_INTROSPECT_REPR_MAX bytes on a UTF-8 boundary. */
static void put_repr(LsVm *vm, LsValue v, LsBuf *out) {
    if (LS_IS_INT(v)) {
        /* The common local (a loop counter): no printf on the recording path. */
        char tmp[24];
        int n = 0;
        uint64_t x = v.u.i < 0 ? 0 - (uint64_t)v.u.i : (uint64_t)v.u.i;
        do tmp[n++] = (char)('0' + x % 10); while ((x /= 10) != 0);
        if (v.u.i < 0) tmp[n++] = '-';
        while (n) ls_buf_putc(out, tmp[--n]);
        return;
    }
    LsValue saved = vm->exc;
    size_t start = out->len;
    if (ls_repr(vm, v, out) < 0) {
        vm->exc = saved;
        out->len = start;
        ls_buf_puts(out, "<?>");
        return;
    }
    if (out->len - start <= LS_INTROSPECT_REPR_MAX) return;
    size_t n = start + LS_INTROSPECT_REPR_MAX - 3;
    while (n > start && ((unsigned char)out->data[n] & 0xC0) == 0x80) n--;
    out->len = n;
    out->data[n] = '\0';
    ls_buf_puts(out, "...");
}

static void put_u32(LsBuf *out, uint32_t x) {
    char tmp[12];
    int n = 0;
    do tmp[n++] = (char)('0' + x % 10); while ((x /= 10) != 0);
    while (n) ls_buf_putc(out, tmp[--n]);
}

static void put_frame(LsVm *vm, const LsFrame *f, const LsValue *stack, LsBuf *shape,
                      LsBuf *values) {
    const LsCode *c = f->code->code;
    uint32_t i = f->pc ? f->pc - 1 : 0;
    ls_buf_puts(shape, c->qualname ? c->qualname : c->name);
    put_u32(values, c->n_ins ? c->pos[i].line : 0);
    if (!(c->flags & LS_CODE_MODULE)) {
        for (uint32_t k = 0; k < c->n_locals + c->n_cells; k++) {
            LsValue v = stack[f->base + k];
            if (LS_IS_KIND(v, CELL)) v = AS_CELL(v)->value;
            if (LS_IS_UNDEF(v)) continue;
            ls_buf_putc(shape, '\t');
            ls_buf_puts(shape, k < c->n_locals ? c->varnames[k] : c->cellvars[k - c->n_locals]);
            ls_buf_putc(values, '\t');
            put_repr(vm, v, values);
        }
    }
    ls_buf_putc(shape, '\n');
    ls_buf_putc(values, '\n');
}

void ls_introspect_frames(LsVm *vm, const LsCoro *co, LsBuf *shape, LsBuf *values) {
    for (int guard = 0; co && guard < 10000; guard++) {
        if (co->ckind == LS_CO_NATIVE) {
            ls_buf_puts(shape, co->qualname ? co->qualname->data : "?");
            ls_buf_puts(shape, "\n");
            ls_buf_puts(values, "0\n");
        } else {
            for (uint32_t k = 0; k < co->nframes; k++) {
                /* The runtime's own Python (asyncio.wait_for & co) is not the
                 * user's code: leave it out, as tracebacks do. */
                if (co->frames[k].code->code->flags & LS_CODE_INTERNAL) continue;
                put_frame(vm, &co->frames[k], co->stack, shape, values);
            }
        }
        co = LS_IS_KIND(co->awaiting, CORO) ? (const LsCoro *)co->awaiting.u.o : NULL;
    }
}
