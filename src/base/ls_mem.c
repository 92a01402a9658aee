/* ls_mem — counted, cappable, failure-injectable allocation (see ls_mem.h). */
#include "ls_mem.h"

#include <stdlib.h>
#include <string.h>

void ls_mem_init(LsMem *m) {
    memset(m, 0, sizeof *m);
    m->fail_after = -1;
}

void *ls_mem_realloc(LsMem *m, void *p, size_t old_size, size_t new_size) {
    if (new_size == 0) {
        free(p);
        m->in_use -= old_size;
        return NULL;
    }
    if (new_size > old_size) {
        /* Only growth can fail: shrinking must always succeed so cleanup
         * paths never need an error branch. */
        if (m->fail_after == 0) return NULL;
        if (m->fail_after > 0) m->fail_after--;
        if (m->limit && m->in_use - old_size + new_size > m->limit) return NULL;
    }
    void *q = realloc(p, new_size);
    if (!q) return NULL;
    m->in_use = m->in_use - old_size + new_size;
    if (m->in_use > m->peak) m->peak = m->in_use;
    if (new_size > old_size) m->n_allocs++;
    return q;
}

void *ls_mem_alloc(LsMem *m, size_t size) { return ls_mem_realloc(m, NULL, 0, size); }

void *ls_mem_calloc(LsMem *m, size_t size) {
    void *p = ls_mem_realloc(m, NULL, 0, size);
    if (p) memset(p, 0, size);
    return p;
}

void ls_mem_free(LsMem *m, void *p, size_t size) {
    if (p) ls_mem_realloc(m, p, size, 0);
}

bool ls_mem_grow(LsMem *m, void **ptr, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap) return true;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) ncap *= 2;
    void *q = ls_mem_realloc(m, *ptr, *cap * elem, ncap * elem);
    if (!q) return false;
    *ptr = q;
    *cap = ncap;
    return true;
}
