/* ls_gc — a stop-the-world mark-sweep collector.
 *
 * Collections run only at safe points of the dispatch loop (calls and
 * backward jumps), when every live value is on a coroutine stack, in a
 * global, in the host's roots (tasks, loop handles) or in vm->tmp_roots.
 * Natives may therefore allocate freely without rooting their temporaries.
 * Marking uses an explicit gray stack, so deep structures cannot overflow
 * the C stack. */
#include "ls_vm.h"

#include <stdlib.h>

void ls_gc_mark_obj(LsVm *vm, LsObj *o) {
    if (!o || o->marked) return;
    o->marked = 1;
    /* Push onto the gray list kept in tmp gray buffer. */
    if (vm->n_gray == vm->cap_gray) {
        size_t cap = vm->cap_gray ? vm->cap_gray * 2 : 256;
        LsObj **q = realloc(vm->gray, cap * sizeof(LsObj *));
        if (!q) abort();
        vm->gray = q;
        vm->cap_gray = cap;
    }
    vm->gray[vm->n_gray++] = o;
}

void ls_gc_mark_value(LsVm *vm, LsValue v) {
    if (v.tag == LS_T_OBJ) ls_gc_mark_obj(vm, v.u.o);
}

static void mark_values(LsVm *vm, const LsValue *v, size_t n) {
    for (size_t i = 0; i < n; i++) ls_gc_mark_value(vm, v[i]);
}

static void blacken(LsVm *vm, LsObj *o) {
    switch ((LsObjKind)o->kind) {
    case LS_OBJ_STR:
    case LS_OBJ_RANGE:
        break;
    case LS_OBJ_TUPLE: mark_values(vm, ((LsTuple *)o)->items, ((LsTuple *)o)->n); break;
    case LS_OBJ_LIST: mark_values(vm, ((LsList *)o)->items, ((LsList *)o)->n); break;
    case LS_OBJ_DICT:
    case LS_OBJ_SET: {
        LsDict *d = (LsDict *)o;
        for (uint32_t i = 0; i < d->n_entries; i++) {
            ls_gc_mark_value(vm, d->entries[i].key);
            ls_gc_mark_value(vm, d->entries[i].value);
        }
        break;
    }
    case LS_OBJ_CODE: {
        LsCodeObj *c = (LsCodeObj *)o;
        mark_values(vm, c->consts, c->code->n_consts);
        for (uint32_t i = 0; i < c->code->n_names; i++) ls_gc_mark_obj(vm, (LsObj *)c->names[i]);
        ls_gc_mark_obj(vm, (LsObj *)c->name);
        ls_gc_mark_obj(vm, (LsObj *)c->qualname);
        break;
    }
    case LS_OBJ_FUNCTION: {
        LsFunction *f = (LsFunction *)o;
        ls_gc_mark_obj(vm, (LsObj *)f->code);
        ls_gc_mark_obj(vm, (LsObj *)f->globals);
        ls_gc_mark_obj(vm, (LsObj *)f->defaults);
        ls_gc_mark_obj(vm, (LsObj *)f->kwdefaults);
        ls_gc_mark_obj(vm, (LsObj *)f->closure);
        ls_gc_mark_obj(vm, (LsObj *)f->name);
        ls_gc_mark_obj(vm, (LsObj *)f->qualname);
        break;
    }
    case LS_OBJ_NATIVE:
        ls_gc_mark_value(vm, ((LsNative *)o)->self);
        ls_gc_mark_value(vm, ((LsNative *)o)->data);
        break;
    case LS_OBJ_BOUND:
        ls_gc_mark_value(vm, ((LsBound *)o)->self);
        ls_gc_mark_value(vm, ((LsBound *)o)->fn);
        break;
    case LS_OBJ_CELL: ls_gc_mark_value(vm, ((LsCell *)o)->value); break;
    case LS_OBJ_CORO:
    case LS_OBJ_NCORO: {
        LsCoro *c = (LsCoro *)o;
        ls_gc_mark_obj(vm, (LsObj *)c->fn);
        ls_gc_mark_obj(vm, (LsObj *)c->name);
        ls_gc_mark_obj(vm, (LsObj *)c->qualname);
        mark_values(vm, c->stack, c->sp);
        for (uint32_t i = 0; i < c->nframes; i++) {
            ls_gc_mark_obj(vm, (LsObj *)c->frames[i].fn);
            ls_gc_mark_obj(vm, (LsObj *)c->frames[i].code);
            ls_gc_mark_obj(vm, (LsObj *)c->frames[i].ns);
            ls_gc_mark_value(vm, c->frames[i].init_self);
        }
        ls_gc_mark_obj(vm, (LsObj *)c->caller);
        ls_gc_mark_value(vm, c->awaiting);
        ls_gc_mark_value(vm, c->exc_info);
        mark_values(vm, c->nv, 3);
        break;
    }
    case LS_OBJ_TYPE: {
        LsType *t = (LsType *)o;
        ls_gc_mark_obj(vm, (LsObj *)t->name);
        ls_gc_mark_obj(vm, (LsObj *)t->qualname);
        ls_gc_mark_obj(vm, (LsObj *)t->base);
        ls_gc_mark_obj(vm, (LsObj *)t->base2);
        ls_gc_mark_obj(vm, (LsObj *)t->methods);
        break;
    }
    case LS_OBJ_EXC: {
        LsExc *e = (LsExc *)o;
        ls_gc_mark_obj(vm, (LsObj *)e->type);
        ls_gc_mark_obj(vm, (LsObj *)e->args);
        ls_gc_mark_value(vm, e->cause);
        ls_gc_mark_value(vm, e->context);
        ls_gc_mark_value(vm, e->doomed);
        ls_gc_mark_obj(vm, (LsObj *)e->attrs);
        for (uint32_t i = 0; i < e->n_tb; i++) ls_gc_mark_obj(vm, (LsObj *)e->tb[i].code);
        break;
    }
    case LS_OBJ_INSTANCE: {
        LsInstance *in = (LsInstance *)o;
        ls_gc_mark_obj(vm, (LsObj *)in->type);
        ls_gc_mark_obj(vm, (LsObj *)in->attrs);
        if (in->type->mark) in->type->mark(vm, o);
        break;
    }
    case LS_OBJ_MODULE:
        ls_gc_mark_obj(vm, (LsObj *)((LsModule *)o)->name);
        ls_gc_mark_obj(vm, (LsObj *)((LsModule *)o)->dict);
        break;
    case LS_OBJ_SLICE: {
        LsSlice *s = (LsSlice *)o;
        ls_gc_mark_value(vm, s->start);
        ls_gc_mark_value(vm, s->stop);
        ls_gc_mark_value(vm, s->step);
        break;
    }
    case LS_OBJ_ITER: ls_gc_mark_value(vm, ((LsIter *)o)->src); break;
    case LS_OBJ__COUNT: break;
    }
}

/* Release what `o` owns besides its own block. */
static void free_contents(LsVm *vm, LsObj *o) {
    LsMem *m = vm->mem;
    switch ((LsObjKind)o->kind) {
    case LS_OBJ_LIST: ls_mem_free(m, ((LsList *)o)->items, ((LsList *)o)->cap * sizeof(LsValue)); break;
    case LS_OBJ_DICT:
    case LS_OBJ_SET: {
        LsDict *d = (LsDict *)o;
        ls_mem_free(m, d->index, d->n_index * sizeof(int32_t));
        ls_mem_free(m, d->entries, d->cap_entries * sizeof(LsDictEntry));
        break;
    }
    case LS_OBJ_CODE: {
        LsCodeObj *c = (LsCodeObj *)o;
        ls_mem_free(m, c->consts, (c->code->n_consts + 1) * sizeof(LsValue));
        ls_mem_free(m, c->names, (c->code->n_names + 1) * sizeof(LsStr *));
        break;
    }
    case LS_OBJ_CORO:
    case LS_OBJ_NCORO: {
        LsCoro *c = (LsCoro *)o;
        ls_mem_free(m, c->stack, c->stack_cap * sizeof(LsValue));
        ls_mem_free(m, c->frames, c->frames_cap * sizeof(LsFrame));
        ls_mem_free(m, c->blocks, c->blocks_cap * sizeof(LsBlock));
        break;
    }
    case LS_OBJ_EXC: ls_mem_free(m, ((LsExc *)o)->tb, ((LsExc *)o)->cap_tb * sizeof(LsTbEntry)); break;
    case LS_OBJ_INSTANCE: {
        LsInstance *in = (LsInstance *)o;
        if (in->type->finalize) in->type->finalize(vm, o);
        break;
    }
    default: break;
    }
}

/* Free a large object (one on the vm->objects list). */
static void free_obj(LsVm *vm, LsObj *o) {
    free_contents(vm, o);
    ls_mem_free(vm->mem, o, o->size);
}

static bool sweep_all(void *ud, LsObj *o) {
    free_contents(ud, o);
    return true;
}

static bool sweep_pooled(void *ud, LsObj *o) {
    if (o->marked) {
        o->marked = 0;
        return false;
    }
    free_contents(ud, o);
    return true;
}

void ls_gc_collect(LsVm *vm) {
    if (!vm->gc_enabled) return;
    /* Roots. */
    ls_gc_mark_obj(vm, (LsObj *)vm->builtins);
    ls_gc_mark_obj(vm, (LsObj *)vm->interned);
    ls_gc_mark_obj(vm, (LsObj *)vm->modules);
    ls_gc_mark_obj(vm, (LsObj *)vm->agens);
    ls_gc_mark_value(vm, vm->exc);
    ls_gc_mark_value(vm, vm->not_implemented);
    ls_gc_mark_value(vm, vm->object_new);
    ls_gc_mark_value(vm, vm->deferred_exc);
    for (uint32_t i = 0; i < LS_MAX_NEST; i++) ls_gc_mark_obj(vm, (LsObj *)vm->nest_cache[i]);
    ls_gc_mark_obj(vm, (LsObj *)vm->current);
    mark_values(vm, vm->tmp_roots, vm->n_tmp);
    LsType **types = (LsType **)&vm->types;
    for (size_t i = 0; i < sizeof vm->types / sizeof(LsType *); i++) ls_gc_mark_obj(vm, (LsObj *)types[i]);
    if (vm->host.mark_roots) vm->host.mark_roots(vm, vm->host.ud);
    while (vm->n_gray) blacken(vm, vm->gray[--vm->n_gray]);
    /* Sweep: the pool, then the large objects. An instance's finalizer reads
     * its type, which may be dying in the same cycle: a pooled type's block
     * is only marked free here (its fields beyond the header stay intact
     * until the block is reused, after the sweep), and large types are freed
     * last, after every pooled instance is done. */
    size_t live = ls_pool_sweep(&vm->pool, sweep_pooled, vm);
    LsObj **link = &vm->objects;
    while (*link) {
        LsObj *o = *link;
        if (o->marked) {
            o->marked = 0;
            live += o->size;
            link = &o->next;
        } else {
            *link = o->next;
            free_obj(vm, o);
        }
    }
    vm->gc_bytes = live;
    /* Next collection after allocating as much again as survived, plus
     * 1 MiB. Cost stays proportional to allocation (each collection marks
     * the survivors once per "live" bytes allocated), and for the small live
     * sets typical of lesson programs the freed blocks are reused while
     * still in the cache: measured on bench/, a fixed 8 MiB floor made the
     * queue ping-pong 2x slower than this. */
    size_t in_use = ls_vm_heap_in_use(vm);
    vm->gc_next = in_use * 2 + (1u << 20);
}

void ls_vm_push_root(LsVm *vm, LsValue v) {
    if (vm->n_tmp == vm->cap_tmp) {
        size_t cap = vm->cap_tmp;
        if (!ls_mem_grow(vm->mem, (void **)&vm->tmp_roots, &cap, (size_t)vm->n_tmp + 1, sizeof(LsValue))) return;
        vm->cap_tmp = (uint32_t)cap;
    }
    vm->tmp_roots[vm->n_tmp++] = v;
}

void ls_vm_pop_roots(LsVm *vm, uint32_t n) { vm->n_tmp -= n; }

void ls_gc_free_all(LsVm *vm) {
    /* Pooled objects first, as in a collection (see ls_gc_collect). */
    ls_pool_sweep(&vm->pool, sweep_all, vm);
    while (vm->objects) {
        LsObj *o = vm->objects;
        vm->objects = o->next;
        free_obj(vm, o);
    }
    free(vm->gray);
    vm->gray = NULL;
    vm->n_gray = vm->cap_gray = 0;
    ls_pool_fini(&vm->pool, vm->mem);
}
