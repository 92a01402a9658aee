/* ls_pool — the small-object heap of the VM.
 *
 * Python programs allocate and drop small objects (strings, tuples, bound
 * methods, coroutines) at a furious rate. With malloc/free for each one and a
 * GC sweep that chased a linked list of every object through memory, the
 * allocator and the sweep were the hottest code in the VM. So objects up to
 * LS_POOL_MAX_SIZE live here instead: 64 KiB slabs from the engine's LsMem
 * (memory stays counted and capped), carved into 16-byte-granular blocks, one
 * free list per size class. The sweep walks the slabs in address order — a
 * linear, prefetch-friendly scan — instead of a list.
 *
 * Every block starts with an LsObj header, used or free: a free block has
 * kind LS_POOL_FREE_KIND, its block size in `size` and its free-list link in
 * `next`, so the walk can step over it. Live blocks keep their object size.
 *
 * Under LS_POOL_DISABLE (the sanitizer build) LS_POOL_MAX_SIZE is 0: every
 * object then goes through LsMem, so AddressSanitizer still sees each
 * object's lifetime.
 *
 * A zeroed LsPool is an empty, valid pool. */
#ifndef LS_POOL_H
#define LS_POOL_H

#include "ls_mem.h"
#include "ls_value.h"

#include <stdbool.h>
#include <stddef.h>

#define LS_POOL_GRAIN 16
#ifdef LS_POOL_DISABLE
#define LS_POOL_MAX_SIZE 0
#else
#define LS_POOL_MAX_SIZE 1024
#endif
#define LS_POOL_CLASSES (1024 / LS_POOL_GRAIN)
#define LS_POOL_FREE_KIND 0xFF

typedef struct LsPool {
    LsObj *free[LS_POOL_CLASSES]; /* free blocks per class, linked through `next` */
    char *bump, *bump_end;        /* the uncarved rest of the newest slab */
    void *slabs;                  /* newest slab; each links to the previous one */
    size_t free_bytes;            /* bytes in free blocks or uncarved */
} LsPool;

/* A block of at least `size` bytes (0 < size <= LS_POOL_MAX_SIZE), not zeroed;
 * the caller fills in its LsObj header. NULL when LsMem refuses a slab. */
void *ls_pool_alloc(LsPool *p, LsMem *m, size_t size);

/* Called by ls_pool_sweep for each object in use: return true if it is dead
 * (the callback has already released what the object owns besides its block),
 * false to keep it. */
typedef bool (*LsPoolSweepFn)(void *ud, LsObj *o);
/* Visit every object in use; put the dead ones on the free lists. Returns
 * the bytes (object sizes) of the survivors. */
size_t ls_pool_sweep(LsPool *p, LsPoolSweepFn dead, void *ud);

/* Return every slab to LsMem; all blocks become invalid. */
void ls_pool_fini(LsPool *p, LsMem *m);

#endif
