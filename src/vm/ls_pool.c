/* ls_pool — see ls_pool.h. */
#include "ls_pool.h"

#include <stdint.h>

#define SLAB_SIZE (64u * 1024u)

/* The first grain of a slab: the previous slab and where carving stopped
 * (the walk ends there; the newest slab's end is the pool's bump pointer). */
typedef struct SlabHeader {
    void *prev;
    char *carved_end;
} SlabHeader;
_Static_assert(sizeof(SlabHeader) <= LS_POOL_GRAIN, "slab header fits one grain");

static size_t block_size(size_t size) { return (size + LS_POOL_GRAIN - 1) / LS_POOL_GRAIN * LS_POOL_GRAIN; }
static size_t class_of(size_t size) { return block_size(size) / LS_POOL_GRAIN - 1; }

void *ls_pool_alloc(LsPool *p, LsMem *m, size_t size) {
    size_t c = class_of(size), block = block_size(size);
    LsObj *b = p->free[c];
    if (b) {
        p->free[c] = b->next;
        p->free_bytes -= block;
        /* Free blocks are cold (the sweep saw them long ago): reading the
         * next one's link at the next allocation was the VM's hottest cache
         * miss. Fetch it now, while this object is being filled in. */
        if (b->next) __builtin_prefetch(b->next, 1, 3);
        return b;
    }
    if ((size_t)(p->bump_end - p->bump) < block) {
        char *slab = ls_mem_alloc(m, SLAB_SIZE);
        if (!slab) return NULL;
        if (p->slabs) ((SlabHeader *)p->slabs)->carved_end = p->bump;
        /* The old slab's uncarved tail (less than one block) stays unused. */
        p->free_bytes -= (size_t)(p->bump_end - p->bump);
        *(SlabHeader *)slab = (SlabHeader){p->slabs, NULL};
        p->slabs = slab;
        p->bump = slab + LS_POOL_GRAIN;
        p->bump_end = slab + SLAB_SIZE;
        p->free_bytes += SLAB_SIZE - LS_POOL_GRAIN;
    }
    b = (LsObj *)p->bump;
    p->bump += block;
    p->free_bytes -= block;
    return b;
}

size_t ls_pool_sweep(LsPool *p, LsPoolSweepFn dead, void *ud) {
    size_t live = 0;
    for (char *slab = p->slabs; slab; slab = ((SlabHeader *)slab)->prev) {
        char *end = slab == p->slabs ? p->bump : ((SlabHeader *)slab)->carved_end;
        for (char *at = slab + LS_POOL_GRAIN; at < end;) {
            LsObj *o = (LsObj *)at;
            size_t block = block_size(o->size);
            if (o->kind != LS_POOL_FREE_KIND) {
                if (dead(ud, o)) {
                    size_t c = class_of(o->size);
                    o->kind = LS_POOL_FREE_KIND;
                    o->size = (uint32_t)block;
                    o->next = p->free[c];
                    p->free[c] = o;
                    p->free_bytes += block;
                } else {
                    live += o->size;
                }
            }
            at += block;
        }
    }
    return live;
}

void ls_pool_fini(LsPool *p, LsMem *m) {
    while (p->slabs) {
        void *prev = ((SlabHeader *)p->slabs)->prev;
        ls_mem_free(m, p->slabs, SLAB_SIZE);
        p->slabs = prev;
    }
    *p = (LsPool){0};
}
