/* ls_bytes — a minimal immutable `bytes` (what random.randbytes returns):
 * repr exactly as CPython (b'...' or b"..." when the data holds ' but no "),
 * len, indexing to ints, iteration, ==, hash (CPython's, PYTHONHASHSEED=0),
 * .hex(), and bytes(n) / bytes(iterable of ints). The data is the payload of
 * an instance of the `bytes` type; the operators reach it through native
 * dunder methods that ls_ops/ls_arith consult for instances. */
#include "ls_builtins_int.h"

typedef struct BytesData {
    size_t n;
    unsigned char d[];
} BytesData;

static BytesData *DATA(LsValue v) { return (BytesData *)AS_INSTANCE(v)->payload; }

static void free_bytes(LsVm *vm, LsObj *o) {
    LsInstance *in = (LsInstance *)o;
    BytesData *b = in->payload;
    if (b) ls_mem_free(vm->mem, b, sizeof(BytesData) + b->n);
    in->payload = NULL;
}

LsValue ls_bytes_new(LsVm *vm, const unsigned char *d, size_t n) {
    LsValue t = ls_dict_get_str(vm->builtins, "bytes");
    BytesData *b = ls_mem_alloc(vm->mem, sizeof(BytesData) + n);
    if (!b || !LS_IS_KIND(t, TYPE)) { ls_mem_free(vm->mem, b, b ? sizeof(BytesData) + n : 0); ls_vm_oom(vm); return LS_UNDEF; }
    b->n = n;
    LS_MEMCPY(b->d, d, n);
    LsInstance *in = ls_instance_new(vm, AS_TYPE(t), b);
    if (!in) { ls_mem_free(vm->mem, b, sizeof(BytesData) + n); ls_vm_oom(vm); return LS_UNDEF; }
    vm->gc_bytes += n;
    return LS_OBJ(in);
}

static bool is_bytes(LsVm *vm, LsValue v) {
    return LS_IS_KIND(v, INSTANCE) && LS_IS_KIND(ls_dict_get_str(vm->builtins, "bytes"), TYPE) &&
           AS_INSTANCE(v)->type == AS_TYPE(ls_dict_get_str(vm->builtins, "bytes"));
}

NAT(bytes_repr) {
    BytesData *b = DATA(self);
    bool sq = memchr(b->d, '\'', b->n) != NULL, dq = memchr(b->d, '"', b->n) != NULL;
    char quote = sq && !dq ? '"' : '\'';
    LsBuf o;
    ls_buf_init(&o);
    ls_buf_putc(&o, 'b');
    ls_buf_putc(&o, quote);
    for (size_t i = 0; i < b->n; i++) {
        unsigned char c = b->d[i];
        if (c == (unsigned char)quote || c == '\\') { ls_buf_putc(&o, '\\'); ls_buf_putc(&o, (char)c); }
        else if (c == '\t') ls_buf_puts(&o, "\\t");
        else if (c == '\n') ls_buf_puts(&o, "\\n");
        else if (c == '\r') ls_buf_puts(&o, "\\r");
        else if (c < 0x20 || c >= 0x7f) ls_buf_printf(&o, "\\x%02x", c);
        else ls_buf_putc(&o, (char)c);
    }
    ls_buf_putc(&o, quote);
    return ls_bi_ret_buf(vm, &o, out);
}

NAT(bytes_len) { *out = LS_INT((int64_t)DATA(self)->n); return LS_NAT_OK; }

NAT(bytes_getitem) {
    BytesData *b = DATA(self);
    if (!ls_bi_is_intlike(argv[0]))
        return ls_vm_raisef(vm, vm->types.e_TypeError, "byte indices must be integers or slices, not %s", ls_type_name(vm, argv[0]));
    int64_t i = ls_bi_as_int(argv[0]);
    if (i < 0) i += (int64_t)b->n;
    if (i < 0 || i >= (int64_t)b->n) return ls_vm_raisef(vm, vm->types.e_IndexError, "index out of range");
    *out = LS_INT(b->d[i]);
    return LS_NAT_OK;
}

NAT(bytes_eq) {
    bool eq = is_bytes(vm, argv[0]) && DATA(argv[0])->n == DATA(self)->n &&
              memcmp(DATA(argv[0])->d, DATA(self)->d, DATA(self)->n) == 0;
    *out = LS_BOOL(eq);
    return LS_NAT_OK;
}

NAT(bytes_hash) { *out = LS_INT(ls_num_hash_bytes(DATA(self)->d, DATA(self)->n)); return LS_NAT_OK; }

NAT(bytes_iter) {
    BytesData *b = DATA(self);
    LsList *l = ls_list_new(vm, (uint32_t)b->n);
    if (!l) return ls_vm_oom(vm);
    for (size_t i = 0; i < b->n; i++) l->items[l->n++] = LS_INT(b->d[i]);
    return ls_get_iter(vm, LS_OBJ(l), out) < 0 ? LS_NAT_ERR : LS_NAT_OK;
}

NAT(bytes_hex) {
    ARGS(0, 0);
    BytesData *b = DATA(self);
    LsBuf o;
    ls_buf_init(&o);
    for (size_t i = 0; i < b->n; i++) ls_buf_printf(&o, "%02x", b->d[i]);
    if (!o.data) ls_buf_append(&o, "", 0);
    return ls_bi_ret_buf(vm, &o, out);
}

NAT(bytes_new) {
    if (kw && kw->n) return ls_vm_raisef(vm, vm->types.e_NotImplementedError, "bytes() with keyword arguments is not supported by loopscope");
    if (argc > 1) return ls_vm_raisef(vm, vm->types.e_NotImplementedError, "bytes(str, encoding) is not supported by loopscope yet");
    DRAIN_IF_GEN(0);
    if (argc == 0) { *out = ls_bytes_new(vm, NULL, 0); return LS_IS_UNDEF(*out) ? LS_NAT_ERR : LS_NAT_OK; }
    LsValue a = argv[0];
    if (LS_IS_KIND(a, STR)) return ls_vm_raisef(vm, vm->types.e_TypeError, "string argument without an encoding");
    if (ls_bi_is_intlike(a)) {
        int64_t n = ls_bi_as_int(a);
        if (n < 0) return ls_vm_raisef(vm, vm->types.e_ValueError, "negative count");
        if (n > (1 << 24)) return ls_vm_raisef(vm, vm->types.e_MemoryError, "bytes object too large for loopscope");
        unsigned char *z = ls_mem_calloc(vm->mem, (size_t)n + 1);
        if (!z) return ls_vm_oom(vm);
        *out = ls_bytes_new(vm, z, (size_t)n);
        ls_mem_free(vm->mem, z, (size_t)n + 1);
        return LS_IS_UNDEF(*out) ? LS_NAT_ERR : LS_NAT_OK;
    }
    if (is_bytes(vm, a)) { *out = a; return LS_NAT_OK; }
    LsList *l = ls_bi_to_list(vm, a);
    if (!l) return LS_NAT_ERR;
    unsigned char *d = ls_mem_alloc(vm->mem, l->n + 1u);
    if (!d) return ls_vm_oom(vm);
    for (uint32_t i = 0; i < l->n; i++) {
        LsValue v = l->items[i];
        if (!ls_bi_is_intlike(v)) {
            ls_mem_free(vm->mem, d, l->n + 1u);
            return ls_vm_raisef(vm, vm->types.e_TypeError, "'%s' object cannot be interpreted as an integer", ls_type_name(vm, v));
        }
        int64_t x = ls_bi_as_int(v);
        if (x < 0 || x > 255) { ls_mem_free(vm->mem, d, l->n + 1u); return ls_vm_raisef(vm, vm->types.e_ValueError, "bytes must be in range(0, 256)"); }
        d[i] = (unsigned char)x;
    }
    *out = ls_bytes_new(vm, d, l->n);
    ls_mem_free(vm->mem, d, l->n + 1u);
    return LS_IS_UNDEF(*out) ? LS_NAT_ERR : LS_NAT_OK;
}

bool ls_bytes_init(LsVm *vm) {
    LsType *t = ls_type_new(vm, "bytes", vm->types.t_object, 0);
    if (!t) return false;
    t->finalize = free_bytes;
    static const LsBiEntry m[] = {{"__repr__", bytes_repr}, {"__len__", bytes_len}, {"__getitem__", bytes_getitem},
        {"__eq__", bytes_eq}, {"__hash__", bytes_hash}, {"__iter__", bytes_iter}, {"hex", bytes_hex},
        {"__new__", bytes_new}, {NULL, NULL}};
    return ls_bi_add_methods(vm, t, m) && ls_dict_set_str(vm, vm->builtins, "bytes", LS_OBJ(t));
}
