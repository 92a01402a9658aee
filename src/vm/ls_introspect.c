/* ls_introspect — await chains and locals as text (see ls_introspect.h). */
#include "ls_introspect.h"

#include <string.h>

/* repr(v) cut to LS_INTROSPECT_REPR_MAX bytes on a UTF-8 boundary. */
static void put_repr(LsVm *vm, LsValue v, LsBuf *scratch, LsBuf *out) {
    LsValue saved = vm->exc;
    ls_buf_clear(scratch);
    if (ls_repr(vm, v, scratch) < 0) {
        vm->exc = saved;
        ls_buf_puts(out, "<?>");
        return;
    }
    size_t n = scratch->len;
    if (n <= LS_INTROSPECT_REPR_MAX) {
        ls_buf_append(out, ls_buf_cstr(scratch), n);
        return;
    }
    n = LS_INTROSPECT_REPR_MAX - 3;
    while (n > 0 && ((unsigned char)scratch->data[n] & 0xC0) == 0x80) n--;
    ls_buf_append(out, scratch->data, n);
    ls_buf_puts(out, "...");
}

static void put_frame(LsVm *vm, const LsFrame *f, const LsValue *stack, LsBuf *scratch,
                      LsBuf *shape, LsBuf *values) {
    const LsCode *c = f->code->code;
    uint32_t i = f->pc ? f->pc - 1 : 0;
    ls_buf_puts(shape, c->qualname ? c->qualname : c->name);
    ls_buf_printf(values, "%u", c->n_ins ? c->pos[i].line : 0);
    if (!(c->flags & LS_CODE_MODULE)) {
        for (uint32_t k = 0; k < c->n_locals + c->n_cells; k++) {
            LsValue v = stack[f->base + k];
            if (LS_IS_KIND(v, CELL)) v = AS_CELL(v)->value;
            if (LS_IS_UNDEF(v)) continue;
            const char *name = k < c->n_locals ? c->varnames[k] : c->cellvars[k - c->n_locals];
            ls_buf_printf(shape, "\t%s", name);
            ls_buf_putc(values, '\t');
            put_repr(vm, v, scratch, values);
        }
    }
    ls_buf_putc(shape, '\n');
    ls_buf_putc(values, '\n');
}

void ls_introspect_frames(LsVm *vm, const LsCoro *co, LsBuf *shape, LsBuf *values) {
    LsBuf scratch;
    ls_buf_init(&scratch);
    for (int guard = 0; co && guard < 10000; guard++) {
        if (co->ckind == LS_CO_NATIVE) {
            ls_buf_printf(shape, "%s\n", co->qualname ? co->qualname->data : "?");
            ls_buf_puts(values, "0\n");
        } else {
            for (uint32_t k = 0; k < co->nframes; k++)
                put_frame(vm, &co->frames[k], co->stack, &scratch, shape, values);
        }
        co = LS_IS_KIND(co->awaiting, CORO) ? (const LsCoro *)co->awaiting.u.o : NULL;
    }
    ls_buf_fini(&scratch);
}
