/* ls_set — set and frozenset: CPython 3.11's hash table, so that iteration,
 * printing, pop() and the results of set algebra come out in CPython's
 * order (tests/unit/test_set.c and the lib_sets conformance program check
 * this against CPython-generated output).
 *
 * Design note. The table is open addressing over a power-of-two array
 * (minimum 8 slots): probe the home slot and up to 9 following slots
 * (linear run, when it fits before the end), then jump with
 * i = 5*i + 1 + perturb (perturb >>= 5 each time). Deleted slots become
 * dummies that a later insertion may reuse. The table grows when fill*5 >=
 * mask*3, to the smallest power of two > 4*used (2*used past 50000), and is
 * rebuilt by reinserting in slot order. Bulk operations (copy, update from a
 * set or dict, intersection, difference) reproduce CPython's special cases,
 * because each changes the resulting order. Hashes are CPython's for int,
 * float, bool, str (PYTHONHASHSEED=0, see ls_ops.c) and tuple; None and
 * other objects hash by identity in CPython, so their order is not
 * reproducible there and is merely deterministic here. */
#include "ls_builtins_int.h"
#include "ls_opcodes.h"

#define MIN_SIZE 8u
#define LINEAR_PROBES 9u
#define PERTURB_SHIFT 5
#define DUMMY_HASH UINT64_MAX

static bool slot_empty(const LsDictEntry *e) { return LS_IS_UNDEF(e->key) && e->hash == 0; }
static bool slot_dummy(const LsDictEntry *e) { return LS_IS_UNDEF(e->key) && e->hash == DUMMY_HASH; }

LsDict *ls_set_new(LsVm *vm, bool frozen) {
    LsDict *s = ls_dict_new(vm);
    if (!s) return NULL;
    s->hdr.kind = LS_OBJ_SET;
    if (frozen) s->hdr.flags |= LS_SET_FROZEN;
    return s;
}

static bool is_frozen(const LsDict *s) { return (s->hdr.flags & LS_SET_FROZEN) != 0; }

static LsDictEntry *alloc_table(LsVm *vm, uint32_t n) {
    LsDictEntry *t = ls_mem_alloc(vm->mem, n * sizeof(LsDictEntry));
    if (!t) return NULL;
    for (uint32_t i = 0; i < n; i++) t[i] = (LsDictEntry){.hash = 0, .key = LS_UNDEF, .value = LS_NONE};
    vm->gc_bytes += n * sizeof(LsDictEntry);
    return t;
}

/* Give an empty, tableless set its first (minimum) table. */
static bool ensure_table(LsVm *vm, LsDict *s) {
    if (s->n_entries) return true;
    s->entries = alloc_table(vm, MIN_SIZE);
    if (!s->entries) return false;
    s->n_entries = s->cap_entries = MIN_SIZE;
    return true;
}

/* Insert a key known to be absent into a table without dummies. */
static void insert_clean(LsDictEntry *table, uint64_t mask, LsValue key, uint64_t hash) {
    uint64_t perturb = hash, i = hash & mask;
    for (;;) {
        LsDictEntry *e = &table[i];
        if (LS_IS_UNDEF(e->key)) goto found;
        if (i + LINEAR_PROBES <= mask) {
            for (uint32_t j = 0; j < LINEAR_PROBES; j++) {
                e++;
                if (LS_IS_UNDEF(e->key)) goto found;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
        continue;
    found:
        e->key = key;
        e->hash = hash;
        e->value = LS_NONE;
        return;
    }
}

static int table_resize(LsVm *vm, LsDict *s, uint64_t minused) {
    uint64_t newsize = MIN_SIZE;
    while (newsize <= minused) newsize <<= 1;
    if (newsize > (1u << 30)) return ls_vm_raisef(vm, vm->types.e_MemoryError, "set too large"), -1;
    LsDictEntry *old = s->entries;
    uint32_t oldn = s->n_entries;
    if (newsize == MIN_SIZE && oldn == MIN_SIZE && s->fill == s->n_used) return 0; /* no dummies */
    LsDictEntry *t = alloc_table(vm, (uint32_t)newsize);
    if (!t) return ls_vm_oom(vm), -1;
    for (uint32_t i = 0; i < oldn; i++)
        if (!LS_IS_UNDEF(old[i].key)) insert_clean(t, newsize - 1, old[i].key, old[i].hash);
    ls_mem_free(vm->mem, old, s->cap_entries * sizeof(LsDictEntry));
    s->entries = t;
    s->n_entries = s->cap_entries = (uint32_t)newsize;
    s->fill = s->n_used;
    return 0;
}

/* Add key with a known hash. */
static int add_entry(LsVm *vm, LsDict *s, LsValue key, uint64_t hash) {
    if (!ensure_table(vm, s)) return ls_vm_oom(vm), -1;
restart:;
    uint64_t mask = s->n_entries - 1, i = hash & mask, perturb = hash;
    LsDictEntry *freeslot = NULL, *e;
    for (;;) {
        e = &s->entries[i];
        uint32_t probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        for (;;) {
            if (slot_empty(e)) goto found_unused_or_dummy;
            if (!LS_IS_UNDEF(e->key) && e->hash == hash) {
                bool eq;
                LsDictEntry *table = s->entries;
                if (ls_equal(vm, e->key, key, &eq) < 0) return -1;
                if (eq) return 0;
                if (table != s->entries) goto restart;
            } else if (slot_dummy(e)) {
                freeslot = e;
            }
            if (probes-- == 0) break;
            e++;
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
found_unused_or_dummy:
    if (freeslot) {
        s->n_used++;
        freeslot->key = key;
        freeslot->hash = hash;
        return 0;
    }
    s->fill++;
    s->n_used++;
    e->key = key;
    e->hash = hash;
    if ((uint64_t)s->fill * 5 < mask * 3) return 0;
    return table_resize(vm, s, s->n_used > 50000 ? (uint64_t)s->n_used * 2 : (uint64_t)s->n_used * 4);
}

/* The slot holding key, or NULL; *err on comparison failure. */
static LsDictEntry *lookup(LsVm *vm, LsDict *s, LsValue key, uint64_t hash, bool *err) {
    *err = false;
    if (!s->n_entries) return NULL;
    uint64_t mask = s->n_entries - 1, i = hash & mask, perturb = hash;
    for (;;) {
        LsDictEntry *e = &s->entries[i];
        uint32_t probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        for (;;) {
            if (slot_empty(e)) return NULL;
            if (!LS_IS_UNDEF(e->key) && e->hash == hash) {
                bool eq;
                if (ls_equal(vm, e->key, key, &eq) < 0) { *err = true; return NULL; }
                if (eq) return e;
            }
            if (probes-- == 0) break;
            e++;
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

static int contains_entry(LsVm *vm, LsDict *s, LsValue key, uint64_t hash) {
    bool err;
    LsDictEntry *e = lookup(vm, s, key, hash, &err);
    return err ? -1 : e != NULL;
}

static int discard_entry(LsVm *vm, LsDict *s, LsValue key, uint64_t hash) {
    bool err;
    LsDictEntry *e = lookup(vm, s, key, hash, &err);
    if (err) return -1;
    if (!e) return 0;
    e->key = LS_UNDEF;
    e->hash = DUMMY_HASH;
    s->n_used--;
    return 1;
}

static int hash_of(LsVm *vm, LsValue key, uint64_t *h) { return ls_hash(vm, key, h); }

int ls_set_add(LsVm *vm, LsDict *s, LsValue key) {
    uint64_t h;
    if (hash_of(vm, key, &h) < 0) return -1;
    return add_entry(vm, s, key, h);
}

int ls_set_contains(LsVm *vm, LsDict *s, LsValue key) {
    uint64_t h;
    if (hash_of(vm, key, &h) < 0) return -1;
    return contains_entry(vm, s, key, h);
}

int ls_set_discard(LsVm *vm, LsDict *s, LsValue key) {
    uint64_t h;
    if (hash_of(vm, key, &h) < 0) return -1;
    return discard_entry(vm, s, key, h);
}

static void set_clear(LsVm *vm, LsDict *s) {
    ls_mem_free(vm->mem, s->entries, s->cap_entries * sizeof(LsDictEntry));
    s->entries = NULL;
    s->n_entries = s->cap_entries = s->fill = s->n_used = 0;
}

/* Iterate: the next active slot at or after *pos. */
static LsDictEntry *next_entry(LsDict *s, uint32_t *pos) {
    while (*pos < s->n_entries) {
        LsDictEntry *e = &s->entries[(*pos)++];
        if (!LS_IS_UNDEF(e->key)) return e;
    }
    return NULL;
}

/* CPython's set_merge: so |= other (both sets). */
static int merge(LsVm *vm, LsDict *so, LsDict *other) {
    if (so == other || other->n_used == 0) return 0;
    if (!ensure_table(vm, so)) return ls_vm_oom(vm), -1;
    if (((uint64_t)so->fill + other->n_used) * 5 >= (uint64_t)(so->n_entries - 1) * 3)
        if (table_resize(vm, so, ((uint64_t)so->n_used + other->n_used) * 2) < 0) return -1;
    if (so->fill == 0 && so->n_entries == other->n_entries && other->fill == other->n_used) {
        for (uint32_t i = 0; i < other->n_entries; i++)
            if (!LS_IS_UNDEF(other->entries[i].key)) so->entries[i] = other->entries[i];
        so->fill = other->fill;
        so->n_used = other->n_used;
        return 0;
    }
    if (so->fill == 0) {
        so->fill = so->n_used = other->n_used;
        for (uint32_t i = 0; i < other->n_entries; i++)
            if (!LS_IS_UNDEF(other->entries[i].key))
                insert_clean(so->entries, so->n_entries - 1, other->entries[i].key, other->entries[i].hash);
        return 0;
    }
    for (uint32_t i = 0; i < other->n_entries; i++)
        if (!LS_IS_UNDEF(other->entries[i].key) && add_entry(vm, so, other->entries[i].key, other->entries[i].hash) < 0)
            return -1;
    return 0;
}

/* Generators cannot be consumed from C; callers drain them first. */
static int update_internal(LsVm *vm, LsDict *so, LsValue other) {
    if (LS_IS_KIND(other, SET)) return merge(vm, so, AS_DICT(other));
    if (LS_IS_KIND(other, DICT)) {
        LsDict *d = AS_DICT(other);
        if (!ensure_table(vm, so)) return ls_vm_oom(vm), -1;
        if (((uint64_t)so->fill + d->n_used) * 5 >= (uint64_t)(so->n_entries - 1) * 3)
            if (table_resize(vm, so, ((uint64_t)so->n_used + d->n_used) * 2) < 0) return -1;
        for (uint32_t i = 0; i < d->n_entries; i++)
            if (!LS_IS_UNDEF(d->entries[i].key) && add_entry(vm, so, d->entries[i].key, d->entries[i].hash) < 0) return -1;
        return 0;
    }
    LsList *l = ls_bi_to_list(vm, other);
    if (!l) return -1;
    ls_vm_push_root(vm, LS_OBJ(l));
    for (uint32_t i = 0; i < l->n; i++)
        if (ls_set_add(vm, so, l->items[i]) < 0) { ls_vm_pop_roots(vm, 1); return -1; }
    ls_vm_pop_roots(vm, 1);
    return 0;
}

static LsDict *set_copy(LsVm *vm, LsDict *so, bool frozen) {
    LsDict *r = ls_set_new(vm, frozen);
    if (!r) { ls_vm_oom(vm); return NULL; }
    if (merge(vm, r, so) < 0) return NULL;
    return r;
}

static LsDict *intersection(LsVm *vm, LsDict *so, LsValue other) {
    if (LS_IS_KIND(other, SET) && AS_DICT(other) == so) return set_copy(vm, so, is_frozen(so));
    LsDict *result = ls_set_new(vm, is_frozen(so));
    if (!result) { ls_vm_oom(vm); return NULL; }
    if (LS_IS_KIND(other, SET)) {
        LsDict *o = AS_DICT(other);
        if (o->n_used > so->n_used) { LsDict *t = so; so = o; o = t; }
        uint32_t pos = 0;
        LsDictEntry *e;
        while ((e = next_entry(o, &pos))) {
            int rv = contains_entry(vm, so, e->key, e->hash);
            if (rv < 0) return NULL;
            if (rv && add_entry(vm, result, e->key, e->hash) < 0) return NULL;
        }
        return result;
    }
    LsList *l = ls_bi_to_list(vm, other);
    if (!l) return NULL;
    for (uint32_t i = 0; i < l->n; i++) {
        uint64_t h;
        if (hash_of(vm, l->items[i], &h) < 0) return NULL;
        int rv = contains_entry(vm, so, l->items[i], h);
        if (rv < 0) return NULL;
        if (rv) {
            if (add_entry(vm, result, l->items[i], h) < 0) return NULL;
            if (result->n_used >= so->n_used) break;
        }
    }
    return result;
}

static int difference_update(LsVm *vm, LsDict *so, LsValue other) {
    if (LS_IS_KIND(other, SET) && AS_DICT(other) == so) { set_clear(vm, so); return 0; }
    if (LS_IS_KIND(other, SET)) {
        LsDict *o = AS_DICT(other);
        if ((o->n_used >> 3) > so->n_used) {
            o = intersection(vm, so, other);
            if (!o) return -1;
        }
        uint32_t pos = 0;
        LsDictEntry *e;
        while ((e = next_entry(o, &pos)))
            if (discard_entry(vm, so, e->key, e->hash) < 0) return -1;
    } else {
        LsList *l = ls_bi_to_list(vm, other);
        if (!l) return -1;
        for (uint32_t i = 0; i < l->n; i++)
            if (ls_set_discard(vm, so, l->items[i]) < 0) return -1;
    }
    if (so->fill - so->n_used <= (so->n_entries ? so->n_entries - 1 : 0) / 4) return 0;
    return table_resize(vm, so, so->n_used > 50000 ? (uint64_t)so->n_used * 2 : (uint64_t)so->n_used * 4);
}

static LsDict *difference(LsVm *vm, LsDict *so, LsValue other) {
    uint32_t other_size;
    if (LS_IS_KIND(other, SET) || LS_IS_KIND(other, DICT)) other_size = AS_DICT(other)->n_used;
    else other_size = UINT32_MAX;
    if (other_size == UINT32_MAX || (so->n_used >> 2) > other_size) {
        LsDict *r = set_copy(vm, so, is_frozen(so));
        if (!r || difference_update(vm, r, other) < 0) return NULL;
        return r;
    }
    LsDict *result = ls_set_new(vm, is_frozen(so));
    if (!result) { ls_vm_oom(vm); return NULL; }
    uint32_t pos = 0;
    LsDictEntry *e;
    while ((e = next_entry(so, &pos))) {
        int rv;
        if (LS_IS_KIND(other, DICT)) {
            LsValue tmp;
            rv = ls_dict_get(vm, AS_DICT(other), e->key, &tmp);
        } else {
            rv = contains_entry(vm, AS_DICT(other), e->key, e->hash);
        }
        if (rv < 0) return NULL;
        if (!rv && add_entry(vm, result, e->key, e->hash) < 0) return NULL;
    }
    return result;
}

static int symmetric_difference_update(LsVm *vm, LsDict *so, LsValue other) {
    if (LS_IS_KIND(other, SET) && AS_DICT(other) == so) { set_clear(vm, so); return 0; }
    LsDict *o;
    if (LS_IS_KIND(other, DICT)) {
        LsDict *d = AS_DICT(other);
        for (uint32_t i = 0; i < d->n_entries; i++) {
            if (LS_IS_UNDEF(d->entries[i].key)) continue;
            int rv = discard_entry(vm, so, d->entries[i].key, d->entries[i].hash);
            if (rv < 0) return -1;
            if (rv == 0 && add_entry(vm, so, d->entries[i].key, d->entries[i].hash) < 0) return -1;
        }
        return 0;
    }
    if (LS_IS_KIND(other, SET)) o = AS_DICT(other);
    else {
        o = ls_set_new(vm, is_frozen(so));
        if (!o) return ls_vm_oom(vm), -1;
        if (update_internal(vm, o, other) < 0) return -1;
    }
    uint32_t pos = 0;
    LsDictEntry *e;
    while ((e = next_entry(o, &pos))) {
        int rv = discard_entry(vm, so, e->key, e->hash);
        if (rv < 0) return -1;
        if (rv == 0 && add_entry(vm, so, e->key, e->hash) < 0) return -1;
    }
    return 0;
}

static LsDict *symmetric_difference(LsVm *vm, LsDict *so, LsValue other) {
    LsDict *o = ls_set_new(vm, is_frozen(so));
    if (!o) { ls_vm_oom(vm); return NULL; }
    if (update_internal(vm, o, other) < 0) return NULL;
    if (symmetric_difference_update(vm, o, LS_OBJ(so)) < 0) return NULL;
    return o;
}

static int issubset(LsVm *vm, LsDict *so, LsValue other, bool *out) {
    if (!LS_IS_KIND(other, SET)) {
        LsDict *t = intersection(vm, so, other);
        if (!t) return -1;
        *out = t->n_used == so->n_used;
        return 0;
    }
    LsDict *o = AS_DICT(other);
    *out = false;
    if (so->n_used > o->n_used) return 0;
    uint32_t pos = 0;
    LsDictEntry *e;
    while ((e = next_entry(so, &pos))) {
        int rv = contains_entry(vm, o, e->key, e->hash);
        if (rv < 0) return -1;
        if (!rv) return 0;
    }
    *out = true;
    return 0;
}

/* Swap table contents (intersection_update and friends). */
static void swap_bodies(LsDict *a, LsDict *b) {
    LsDict t = *a;
    a->n_used = b->n_used; a->n_entries = b->n_entries; a->cap_entries = b->cap_entries;
    a->entries = b->entries; a->fill = b->fill;
    b->n_used = t.n_used; b->n_entries = t.n_entries; b->cap_entries = t.cap_entries;
    b->entries = t.entries; b->fill = t.fill;
}

int ls_set_display_kind(const uint32_t *ins, uint32_t at, uint32_t n) {
    if (n < 3) return 0;
    int64_t need = n;
    while (need > 0 && at > 0) {
        uint32_t i = ins[--at];
        switch (LS_INS_OP(i)) {
        case LS_OP_LOAD_CONST: case LS_OP_LOAD_NONE: case LS_OP_LOAD_TRUE: case LS_OP_LOAD_FALSE: need--; break;
        case LS_OP_BUILD_TUPLE: need += (int64_t)LS_INS_ARG(i) - 1; break;
        case LS_OP_UNARY_NEG: break;
        default: return 0;
        }
    }
    return need == 0;
}

LsDict *ls_set_from_constants(LsVm *vm, const LsValue *items, uint32_t n, int kind) {
    /* CPython compiles a display of three or more constants to a frozenset
     * constant that SET_UPDATE merges into a new empty set; the compiler's
     * constant merging rebuilds that frozenset in its own iteration order.
     * Each round of insertion can reorder colliding keys, so all are
     * replayed. Known deviation: CPython 3.11 sometimes rebuilds the
     * constant a second time (seen with negative float items), which this
     * does not reproduce. */
    LsDict *a = ls_set_new(vm, true), *b = ls_set_new(vm, true), *r = ls_set_new(vm, false);
    if (!a || !b || !r) { ls_vm_oom(vm); return NULL; }
    for (uint32_t i = 0; i < n; i++)
        if (ls_set_add(vm, a, items[i]) < 0) return NULL;
    (void)kind;
    {
        uint32_t pos = 0;
        LsDictEntry *e;
        while ((e = next_entry(a, &pos)))
            if (add_entry(vm, b, e->key, e->hash) < 0) return NULL;
        a = b;
    }
    if (merge(vm, r, a) < 0) return NULL;
    return r;
}

/* ---- operators ------------------------------------------------------------ */

int ls_set_binop(LsVm *vm, uint32_t op, bool inplace, LsValue a, LsValue b, LsValue *out) {
    if (!(op == LS_BINOP_OR || op == LS_BINOP_AND || op == LS_BINOP_SUB || op == LS_BINOP_XOR)) return -2;
    if (!LS_IS_KIND(a, SET) || !LS_IS_KIND(b, SET)) return -2;
    LsDict *so = AS_DICT(a);
    if (inplace && !is_frozen(so)) {
        int r = 0;
        if (op == LS_BINOP_OR) r = update_internal(vm, so, b);
        else if (op == LS_BINOP_SUB) r = difference_update(vm, so, b);
        else if (op == LS_BINOP_XOR) r = symmetric_difference_update(vm, so, b);
        else {
            LsDict *t = intersection(vm, so, b);
            if (!t) return -1;
            swap_bodies(so, t);
        }
        if (r < 0) return -1;
        *out = a;
        return 0;
    }
    LsDict *r = NULL;
    if (op == LS_BINOP_OR) {
        r = set_copy(vm, so, is_frozen(so));
        if (r && AS_DICT(b) != so && update_internal(vm, r, b) < 0) return -1;
    } else if (op == LS_BINOP_AND) r = intersection(vm, so, b);
    else if (op == LS_BINOP_SUB) r = difference(vm, so, b);
    else r = symmetric_difference(vm, so, b);
    if (!r) return -1;
    *out = LS_OBJ(r);
    return 0;
}

int ls_view_binop(LsVm *vm, uint32_t op, LsValue view, LsValue other, LsValue *out) {
    LsDict *r = ls_set_new(vm, false);
    if (!r) return ls_vm_oom(vm), -1;
    if (op == LS_BINOP_AND) {
        int64_t nview = AS_DICT(AS_ITER(view)->src)->n_used;
        if (LS_IS_KIND(other, SET) && !is_frozen(AS_DICT(other)) && nview <= AS_DICT(other)->n_used) {
            r = intersection(vm, AS_DICT(other), view);
            if (!r) return -1;
        } else {
            LsList *l = ls_bi_to_list(vm, other);
            if (!l) return -1;
            for (uint32_t i = 0; i < l->n; i++) {
                bool in;
                if (ls_contains(vm, view, l->items[i], &in) < 0) return -1;
                if (in && ls_set_add(vm, r, l->items[i]) < 0) return -1;
            }
        }
        *out = LS_OBJ(r);
        return 0;
    }
    if (update_internal(vm, r, view) < 0) return -1;
    int rv = op == LS_BINOP_OR ? update_internal(vm, r, other)
           : op == LS_BINOP_SUB ? difference_update(vm, r, other)
           : symmetric_difference_update(vm, r, other);
    if (rv < 0) return -1;
    *out = LS_OBJ(r);
    return 0;
}

int ls_set_compare(LsVm *vm, uint32_t op, LsValue a, LsValue b, LsValue *out) {
    if (!LS_IS_KIND(a, SET) || !LS_IS_KIND(b, SET)) return -2;
    LsDict *x = AS_DICT(a), *y = AS_DICT(b);
    bool r;
    switch (op) {
    case LS_CMP_LE: if (issubset(vm, x, b, &r) < 0) return -1; break;
    case LS_CMP_GE: if (issubset(vm, y, a, &r) < 0) return -1; break;
    case LS_CMP_LT:
        if (x->n_used >= y->n_used) r = false;
        else if (issubset(vm, x, b, &r) < 0) return -1;
        break;
    case LS_CMP_GT:
        if (x->n_used <= y->n_used) r = false;
        else if (issubset(vm, y, a, &r) < 0) return -1;
        break;
    default: return -2;
    }
    *out = LS_BOOL(r);
    return 0;
}

/* ---- methods ---------------------------------------------------------------- */

#define SELF AS_DICT(self)

static int ret_set(LsDict *s, LsValue *out) {
    if (!s) return LS_NAT_ERR;
    *out = LS_OBJ(s);
    return LS_NAT_OK;
}

NAT(set_m_add) {
    ARGS(1, 1);
    if (ls_set_add(vm, SELF, argv[0]) < 0) return LS_NAT_ERR;
    *out = LS_NONE;
    return LS_NAT_OK;
}

NAT(set_m_discard) {
    ARGS(1, 1);
    if (ls_set_discard(vm, SELF, argv[0]) < 0) return LS_NAT_ERR;
    *out = LS_NONE;
    return LS_NAT_OK;
}

NAT(set_m_remove) {
    ARGS(1, 1);
    int r = ls_set_discard(vm, SELF, argv[0]);
    if (r < 0) return LS_NAT_ERR;
    if (r == 0) {
        LsTuple *t = ls_tuple_new(vm, 1);
        if (!t) return ls_vm_oom(vm);
        t->items[0] = argv[0];
        return ls_vm_raise(vm, ls_vm_new_exc_args(vm, vm->types.e_KeyError, t));
    }
    *out = LS_NONE;
    return LS_NAT_OK;
}

NAT(set_m_pop) {
    ARGS(0, 0);
    LsDict *s = SELF;
    if (s->n_used == 0) return ls_vm_raisef(vm, vm->types.e_KeyError, "pop from an empty set");
    uint32_t mask = s->n_entries - 1, i = s->finger & mask;
    while (LS_IS_UNDEF(s->entries[i].key)) i = i + 1 > mask ? 0 : i + 1;
    *out = s->entries[i].key;
    s->entries[i].key = LS_UNDEF;
    s->entries[i].hash = DUMMY_HASH;
    s->n_used--;
    s->finger = i + 1;
    return LS_NAT_OK;
}

NAT(set_m_clear) {
    ARGS(0, 0);
    set_clear(vm, SELF);
    *out = LS_NONE;
    return LS_NAT_OK;
}

NAT(set_m_copy) {
    ARGS(0, 0);
    if (is_frozen(SELF)) { *out = self; return LS_NAT_OK; }
    return ret_set(set_copy(vm, SELF, false), out);
}

NAT(set_m_update) {
    if (kw && kw->n) return ls_vm_raisef(vm, vm->types.e_TypeError, "set.update() takes no keyword arguments");
    for (uint32_t i = 0; i < argc; i++) DRAIN_IF_GEN(i);
    for (uint32_t i = 0; i < argc; i++)
        if (update_internal(vm, SELF, argv[i]) < 0) return LS_NAT_ERR;
    *out = LS_NONE;
    return LS_NAT_OK;
}

NAT(set_m_union) {
    for (uint32_t i = 0; i < argc; i++) DRAIN_IF_GEN(i);
    LsDict *r = set_copy(vm, SELF, is_frozen(SELF));
    if (!r) return LS_NAT_ERR;
    for (uint32_t i = 0; i < argc; i++)
        if (!(LS_IS_KIND(argv[i], SET) && AS_DICT(argv[i]) == SELF) && update_internal(vm, r, argv[i]) < 0) return LS_NAT_ERR;
    return ret_set(r, out);
}

NAT(set_m_intersection) {
    for (uint32_t i = 0; i < argc; i++) DRAIN_IF_GEN(i);
    if (argc == 0) return ret_set(set_copy(vm, SELF, is_frozen(SELF)), out);
    LsDict *r = SELF;
    for (uint32_t i = 0; i < argc; i++)
        if (!(r = intersection(vm, r, argv[i]))) return LS_NAT_ERR;
    return ret_set(r, out);
}

NAT(set_m_intersection_update) {
    for (uint32_t i = 0; i < argc; i++) DRAIN_IF_GEN(i);
    LsDict *r = SELF;
    for (uint32_t i = 0; i < argc; i++)
        if (!(r = intersection(vm, r, argv[i]))) return LS_NAT_ERR;
    if (argc) swap_bodies(SELF, r);
    *out = LS_NONE;
    return LS_NAT_OK;
}

NAT(set_m_difference) {
    for (uint32_t i = 0; i < argc; i++) DRAIN_IF_GEN(i);
    if (argc == 0) return ret_set(set_copy(vm, SELF, is_frozen(SELF)), out);
    LsDict *r = difference(vm, SELF, argv[0]);
    if (!r) return LS_NAT_ERR;
    for (uint32_t i = 1; i < argc; i++)
        if (difference_update(vm, r, argv[i]) < 0) return LS_NAT_ERR;
    return ret_set(r, out);
}

NAT(set_m_difference_update) {
    for (uint32_t i = 0; i < argc; i++) DRAIN_IF_GEN(i);
    for (uint32_t i = 0; i < argc; i++)
        if (difference_update(vm, SELF, argv[i]) < 0) return LS_NAT_ERR;
    *out = LS_NONE;
    return LS_NAT_OK;
}

NAT(set_m_symmetric_difference) {
    ARGS(1, 1);
    DRAIN_IF_GEN(0);
    return ret_set(symmetric_difference(vm, SELF, argv[0]), out);
}

NAT(set_m_symmetric_difference_update) {
    ARGS(1, 1);
    DRAIN_IF_GEN(0);
    if (symmetric_difference_update(vm, SELF, argv[0]) < 0) return LS_NAT_ERR;
    *out = LS_NONE;
    return LS_NAT_OK;
}

NAT(set_m_issubset) {
    ARGS(1, 1);
    DRAIN_IF_GEN(0);
    bool r;
    if (issubset(vm, SELF, argv[0], &r) < 0) return LS_NAT_ERR;
    *out = LS_BOOL(r);
    return LS_NAT_OK;
}

NAT(set_m_issuperset) {
    ARGS(1, 1);
    DRAIN_IF_GEN(0);
    bool r = true;
    if (LS_IS_KIND(argv[0], SET)) {
        if (issubset(vm, AS_DICT(argv[0]), self, &r) < 0) return LS_NAT_ERR;
    } else {
        LsList *l = ls_bi_to_list(vm, argv[0]);
        if (!l) return LS_NAT_ERR;
        for (uint32_t i = 0; i < l->n && r; i++) {
            int rv = ls_set_contains(vm, SELF, l->items[i]);
            if (rv < 0) return LS_NAT_ERR;
            r = rv;
        }
    }
    *out = LS_BOOL(r);
    return LS_NAT_OK;
}

NAT(set_m_isdisjoint) {
    ARGS(1, 1);
    DRAIN_IF_GEN(0);
    LsList *l = ls_bi_to_list(vm, argv[0]);
    if (!l) return LS_NAT_ERR;
    bool r = true;
    for (uint32_t i = 0; i < l->n && r; i++) {
        int rv = ls_set_contains(vm, SELF, l->items[i]);
        if (rv < 0) return LS_NAT_ERR;
        r = !rv;
    }
    *out = LS_BOOL(r);
    return LS_NAT_OK;
}

/* set(iterable) / frozenset(iterable). */
static int construct(LsVm *vm, MAYBE LsValue self, uint32_t argc, const LsValue *argv, const LsKwargs *kw, LsValue *out,
                     bool frozen) {
    const char *nm = frozen ? "frozenset" : "set";
    if (kw && kw->n) return ls_vm_raisef(vm, vm->types.e_TypeError, "%s() takes no keyword arguments", nm);
    if (argc > 1) return ls_vm_raisef(vm, vm->types.e_TypeError, "%s expected at most 1 argument, got %u", nm, argc);
    DRAIN_IF_GEN(0);
    if (frozen && argc && LS_IS_KIND(argv[0], SET) && is_frozen(AS_DICT(argv[0]))) { *out = argv[0]; return LS_NAT_OK; }
    LsDict *s = ls_set_new(vm, frozen);
    if (!s) return ls_vm_oom(vm);
    if (argc && update_internal(vm, s, argv[0]) < 0) return LS_NAT_ERR;
    *out = LS_OBJ(s);
    return LS_NAT_OK;
}
NAT(set_new) { return construct(vm, self, argc, argv, kw, out, false); }
NAT(frozenset_new) { return construct(vm, self, argc, argv, kw, out, true); }

bool ls_set_init(LsVm *vm) {
    LsVmTypes *T = &vm->types;
    static const LsBiEntry both[] = {{"copy", set_m_copy}, {"union", set_m_union},
        {"intersection", set_m_intersection}, {"difference", set_m_difference},
        {"symmetric_difference", set_m_symmetric_difference}, {"issubset", set_m_issubset},
        {"issuperset", set_m_issuperset}, {"isdisjoint", set_m_isdisjoint}, {NULL, NULL}};
    static const LsBiEntry mut[] = {{"add", set_m_add}, {"discard", set_m_discard}, {"remove", set_m_remove},
        {"pop", set_m_pop}, {"clear", set_m_clear}, {"update", set_m_update},
        {"intersection_update", set_m_intersection_update}, {"difference_update", set_m_difference_update},
        {"symmetric_difference_update", set_m_symmetric_difference_update}, {NULL, NULL}};
    if (!ls_bi_add_methods(vm, T->t_set, both) || !ls_bi_add_methods(vm, T->t_set, mut) ||
        !ls_bi_add_methods(vm, T->t_frozenset, both))
        return false;
    if (!ls_type_add_method(vm, T->t_set, "__new__", set_new) ||
        !ls_type_add_method(vm, T->t_frozenset, "__new__", frozenset_new))
        return false;
    return ls_dict_set_str(vm, vm->builtins, "set", LS_OBJ(T->t_set)) &&
           ls_dict_set_str(vm, vm->builtins, "frozenset", LS_OBJ(T->t_frozenset));
}
