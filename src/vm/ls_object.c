/* ls_object — allocation and the basic containers: str, tuple, list, dict,
 * types, natives, instances, modules (layouts in ls_object.h). */
#include "ls_vm.h"

#include <string.h>

LsObj *ls_obj_alloc(LsVm *vm, LsObjKind kind, size_t size) {
    /* Small objects live in the pool (found by its slab walk); large ones on
     * the vm->objects list. */
    bool pooled = size <= LS_POOL_MAX_SIZE;
    LsObj *o = pooled ? ls_pool_alloc(&vm->pool, vm->mem, size) : ls_mem_alloc(vm->mem, size);
    if (!o) return NULL;
    memset(o, 0, size);
    o->kind = (uint8_t)kind;
    o->size = (uint32_t)size;
    if (!pooled) {
        o->next = vm->objects;
        vm->objects = o;
    }
    vm->gc_bytes += size;
    return o;
}

/* ---- str ---------------------------------------------------------------- */

static uint32_t count_chars(const char *s, size_t n) {
    uint32_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) c++;
    return c;
}

LsStr *ls_str_new(LsVm *vm, const char *s, size_t n) {
    LsStr *str = (LsStr *)ls_obj_alloc(vm, LS_OBJ_STR, sizeof(LsStr) + n + 1);
    if (!str) return NULL;
    str->len = (uint32_t)n;
    if (n) LS_MEMCPY(str->data, s, n);
    str->data[n] = '\0';
    str->nchars = count_chars(s, n);
    return str;
}

LsStr *ls_str_cstr(LsVm *vm, const char *s) { return ls_str_new(vm, s, strlen(s)); }

LsValue ls_str_value(LsVm *vm, const char *s) {
    LsStr *str = ls_str_cstr(vm, s);
    return str ? LS_OBJ(str) : LS_NONE;
}

LsStr *ls_str_intern(LsVm *vm, const char *s, size_t n) {
    LsStr *tmp = ls_str_new(vm, s, n);
    if (!tmp) return NULL;
    LsValue found;
    int r = ls_dict_get(vm, vm->interned, LS_OBJ(tmp), &found);
    if (r == 1) return AS_STR(found);
    if (ls_dict_set(vm, vm->interned, LS_OBJ(tmp), LS_OBJ(tmp)) < 0) return NULL;
    return tmp;
}

/* ---- tuple / list ------------------------------------------------------- */

LsTuple *ls_tuple_new(LsVm *vm, uint32_t n) {
    LsTuple *t = (LsTuple *)ls_obj_alloc(vm, LS_OBJ_TUPLE, sizeof(LsTuple) + n * sizeof(LsValue));
    if (!t) return NULL;
    t->n = n;
    for (uint32_t i = 0; i < n; i++) t->items[i] = LS_NONE;
    return t;
}

LsList *ls_list_new(LsVm *vm, uint32_t cap) {
    LsList *l = (LsList *)ls_obj_alloc(vm, LS_OBJ_LIST, sizeof(LsList));
    if (!l) return NULL;
    if (cap) {
        l->items = ls_mem_alloc(vm->mem, cap * sizeof(LsValue));
        if (!l->items) return NULL;
        l->cap = cap;
        vm->gc_bytes += cap * sizeof(LsValue);
    }
    return l;
}

bool ls_list_append(LsVm *vm, LsList *l, LsValue v) {
    if (l->n == l->cap) {
        size_t cap = l->cap;
        if (!ls_mem_grow(vm->mem, (void **)&l->items, &cap, (size_t)l->n + 1, sizeof(LsValue)))
            return false;
        vm->gc_bytes += (cap - l->cap) * sizeof(LsValue);
        l->cap = (uint32_t)cap;
    }
    l->items[l->n++] = v;
    return true;
}

/* ---- dict ----------------------------------------------------------------
 * Compact dict: `entries` keeps insertion order; `index` maps hash slots to
 * entry numbers with linear probing. Deleted entries leave a hole (key
 * UNDEF) that is squeezed out when the table is rebuilt. */

#define IX_EMPTY (-1)
#define IX_DUMMY (-2)

static bool dict_rebuild(LsVm *vm, LsDict *d, uint32_t min_entries) {
    uint32_t n_index = 8;
    while (n_index < min_entries * 3 / 2 + 1) n_index *= 2;
    int32_t *index = ls_mem_alloc(vm->mem, n_index * sizeof(int32_t));
    if (!index) return false;
    uint32_t cap = n_index * 2 / 3;
    LsDictEntry *entries = ls_mem_alloc(vm->mem, cap * sizeof(LsDictEntry));
    if (!entries) {
        ls_mem_free(vm->mem, index, n_index * sizeof(int32_t));
        return false;
    }
    for (uint32_t i = 0; i < n_index; i++) index[i] = IX_EMPTY;
    uint32_t n = 0;
    for (uint32_t i = 0; i < d->n_entries; i++) {
        if (LS_IS_UNDEF(d->entries[i].key)) continue;
        entries[n] = d->entries[i];
        uint32_t slot = (uint32_t)entries[n].hash & (n_index - 1);
        while (index[slot] != IX_EMPTY) slot = (slot + 1) & (n_index - 1);
        index[slot] = (int32_t)n;
        n++;
    }
    ls_mem_free(vm->mem, d->index, d->n_index * sizeof(int32_t));
    ls_mem_free(vm->mem, d->entries, d->cap_entries * sizeof(LsDictEntry));
    vm->gc_bytes += n_index * sizeof(int32_t) + cap * sizeof(LsDictEntry);
    d->index = index;
    d->n_index = n_index;
    d->entries = entries;
    d->cap_entries = cap;
    d->n_entries = n;
    d->n_used = n;
    return true;
}

LsDict *ls_dict_new(LsVm *vm) {
    return (LsDict *)ls_obj_alloc(vm, LS_OBJ_DICT, sizeof(LsDict));
}

/* Find the index slot for key; returns slot and sets *entry (-1 if absent).
 * Returns -1 (exc set) on error. */
static int64_t dict_lookup(LsVm *vm, LsDict *d, LsValue key, uint64_t h, int32_t *entry) {
    *entry = -1;
    if (!d->n_index) return 0;
    uint32_t mask = d->n_index - 1;
    uint32_t slot = (uint32_t)h & mask;
    int64_t free_slot = -1;
    for (;;) {
        int32_t ix = d->index[slot];
        if (ix == IX_EMPTY) return free_slot >= 0 ? free_slot : slot;
        if (ix == IX_DUMMY) {
            if (free_slot < 0) free_slot = slot;
        } else {
            LsDictEntry *e = &d->entries[ix];
            if (e->hash == h) {
                bool eq;
                if (e->key.tag == key.tag && key.tag == LS_T_OBJ && e->key.u.o == key.u.o) eq = true;
                else if (ls_equal(vm, e->key, key, &eq) < 0) return -1;
                if (eq) {
                    *entry = ix;
                    return slot;
                }
            }
        }
        slot = (slot + 1) & mask;
    }
}

int ls_dict_get(LsVm *vm, LsDict *d, LsValue key, LsValue *out) {
    uint64_t h;
    if (ls_hash(vm, key, &h) < 0) return -1;
    int32_t e;
    if (dict_lookup(vm, d, key, h, &e) < 0) return -1;
    if (e < 0) return 0;
    *out = d->entries[e].value;
    return 1;
}

int ls_dict_set(LsVm *vm, LsDict *d, LsValue key, LsValue value) {
    uint64_t h;
    if (ls_hash(vm, key, &h) < 0) return -1;
    int32_t e;
    if (dict_lookup(vm, d, key, h, &e) < 0) return -1;
    if (e >= 0) {
        d->entries[e].value = value;
        return 0;
    }
    if (d->n_entries >= d->cap_entries) {
        if (!dict_rebuild(vm, d, d->n_used < 4 ? 8 : d->n_used * 2)) {
            ls_vm_oom(vm);
            return -1;
        }
    }
    int64_t slot = dict_lookup(vm, d, key, h, &e);
    if (slot < 0) return -1;
    uint32_t n = d->n_entries++;
    d->entries[n] = (LsDictEntry){.hash = h, .key = key, .value = value};
    d->index[slot] = (int32_t)n;
    d->n_used++;
    return 0;
}

int ls_dict_del(LsVm *vm, LsDict *d, LsValue key) {
    uint64_t h;
    if (ls_hash(vm, key, &h) < 0) return -1;
    int32_t e;
    int64_t slot = dict_lookup(vm, d, key, h, &e);
    if (slot < 0) return -1;
    if (e < 0) return 0;
    d->index[slot] = IX_DUMMY;
    d->entries[e].key = LS_UNDEF;
    d->entries[e].value = LS_UNDEF;
    d->n_used--;
    return 1;
}

LsValue ls_dict_get_str(LsDict *d, const char *key) {
    size_t n = strlen(key);
    for (uint32_t i = 0; i < d->n_entries; i++) {
        LsValue k = d->entries[i].key;
        if (LS_IS_KIND(k, STR) && AS_STR(k)->len == n && memcmp(AS_STR(k)->data, key, n) == 0)
            return d->entries[i].value;
    }
    return LS_UNDEF;
}

bool ls_dict_set_str(LsVm *vm, LsDict *d, const char *key, LsValue value) {
    LsStr *k = ls_str_intern(vm, key, strlen(key));
    return k && ls_dict_set(vm, d, LS_OBJ(k), value) == 0;
}

/* ---- types, natives, instances, modules ---------------------------------- */

LsType *ls_type_new(LsVm *vm, const char *name, LsType *base, uint32_t tflags) {
    LsType *t = (LsType *)ls_obj_alloc(vm, LS_OBJ_TYPE, sizeof(LsType));
    if (!t) return NULL;
    t->name = ls_str_intern(vm, name, strlen(name));
    t->methods = ls_dict_new(vm);
    if (!t->name || !t->methods) return NULL;
    t->base = base;
    t->tflags = tflags | (base ? base->tflags : 0);
    t->module = "builtins";
    if (base) {
        t->mark = base->mark;
        t->finalize = base->finalize;
        t->await_step = base->await_step;
    }
    return t;
}

LsNative *ls_native_new(LsVm *vm, const char *name, LsNativeFn fn) {
    LsNative *n = (LsNative *)ls_obj_alloc(vm, LS_OBJ_NATIVE, sizeof(LsNative));
    if (!n) return NULL;
    n->fn = fn;
    n->name = name;
    n->qualname = name;
    n->self = LS_UNDEF;
    n->data = LS_NONE;
    return n;
}

bool ls_type_add_method(LsVm *vm, LsType *t, const char *name, LsNativeFn fn) {
    LsNative *n = ls_native_new(vm, name, fn);
    return n && ls_dict_set_str(vm, t->methods, name, LS_OBJ(n));
}

LsInstance *ls_instance_new(LsVm *vm, LsType *t, void *payload) {
    LsInstance *i = (LsInstance *)ls_obj_alloc(vm, LS_OBJ_INSTANCE, sizeof(LsInstance));
    if (!i) return NULL;
    i->type = t;
    i->payload = payload;
    return i;
}

LsInstance *ls_instance_new_inline(LsVm *vm, LsType *t, size_t payload_size) {
    LsInstance *i = (LsInstance *)ls_obj_alloc(vm, LS_OBJ_INSTANCE, sizeof(LsInstance) + payload_size);
    if (!i) return NULL;
    i->type = t;
    i->payload = i + 1;
    return i;
}

LsModule *ls_module_new(LsVm *vm, const char *name) {
    LsModule *m = (LsModule *)ls_obj_alloc(vm, LS_OBJ_MODULE, sizeof(LsModule));
    if (!m) return NULL;
    m->name = ls_str_intern(vm, name, strlen(name));
    m->dict = ls_dict_new(vm);
    if (!m->name || !m->dict) return NULL;
    return m;
}

bool ls_module_add_native(LsVm *vm, LsModule *m, const char *name, LsNativeFn fn) {
    LsNative *n = ls_native_new(vm, name, fn);
    return n && ls_dict_set_str(vm, m->dict, name, LS_OBJ(n));
}
