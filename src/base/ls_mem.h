/* ls_mem — the one allocation choke point of the engine.
 *
 * Every engine allocation goes through ls_mem_realloc() on an LsMem context so
 * memory can be counted, capped (a Python program that exceeds its budget gets
 * MemoryError, not a crash) and failure-injected in tests. There is no global
 * allocator state: each engine instance owns one LsMem. */
#ifndef LS_MEM_H
#define LS_MEM_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

typedef struct LsMem {
    size_t in_use;      /* bytes currently allocated through this context */
    size_t peak;        /* high-water mark of in_use */
    size_t limit;       /* 0 = unlimited; otherwise allocations past it fail */
    uint64_t n_allocs;  /* number of successful growing calls (for tests) */
    int64_t fail_after; /* failure injection: fail the Nth next growing call; -1 = off */
} LsMem;

void ls_mem_init(LsMem *m);

/* Resize `p` from `old_size` to `new_size` bytes (new_size 0 frees, p NULL
 * allocates). Returns NULL on failure (over the limit, injected failure or
 * the system allocator failing) and leaves `p` untouched; callers turn that
 * into MemoryError or a host error. Never returns NULL for new_size 0 frees
 * (returns NULL, which is then the expected result). */
void *ls_mem_realloc(LsMem *m, void *p, size_t old_size, size_t new_size);

/* Conveniences over ls_mem_realloc. ls_mem_free accepts NULL. */
void *ls_mem_alloc(LsMem *m, size_t size);
void *ls_mem_calloc(LsMem *m, size_t size);
void ls_mem_free(LsMem *m, void *p, size_t size);

/* Grow a dynamic array's capacity to hold at least `need` elements of `elem`
 * bytes. Returns false (and leaves *ptr and *cap as they were) on failure. */
bool ls_mem_grow(LsMem *m, void **ptr, size_t *cap, size_t need, size_t elem);

#endif
