/* ls_timerheap — the loop's timer heap: a binary min-heap of LsHandle*
 * ordered by (when, seq), each handle's heap_index kept equal to its array
 * position so a handle always knows where it sits.
 *
 * (when, seq) is a strict total order for distinct handles (seq is unique),
 * so equal deadlines pop in creation order (FIFO, the spec's Decision 1)
 * whatever the push/pop history was. The array grows geometrically through
 * LsMem and is never shrunk, so steady-state pushes do not allocate.
 * The heap knows nothing of cancellation or of the loop's flags: the loop
 * decides what to pop; ls_timerheap_filter implements the rebuild. */
#ifndef LS_TIMERHEAP_H
#define LS_TIMERHEAP_H

#include "ls_handle.h"
#include "ls_mem.h"

#include <stddef.h>

typedef struct LsTimerHeap {
    LsMem *mem;
    LsHandle **items;   /* items[0] is the earliest */
    size_t len, cap;
} LsTimerHeap;

/* a before b in timer order. A NaN deadline compares like a Python float
 * (never less, never equal): the heap stays memory-safe but where such a
 * timer sits is unspecified — as it is in CPython's heapq. */
static inline bool ls_timerheap_less(const LsHandle *a, const LsHandle *b) {
    return a->when < b->when || (a->when == b->when && a->seq < b->seq);
}

/* Empty heap; does not allocate. fini frees the array (accepts NULL) and
 * leaves the handles untouched. */
void ls_timerheap_init(LsTimerHeap *heap, LsMem *mem);
void ls_timerheap_fini(LsTimerHeap *heap);

/* Ensure room for `extra` more pushes. False (heap unchanged) on allocation
 * failure; after success that many pushes cannot fail. */
bool ls_timerheap_reserve(LsTimerHeap *heap, size_t extra);
/* Insert h (its when/seq must be set). False only if the array could not
 * grow; the heap and h are then unchanged. O(log n). */
bool ls_timerheap_push(LsTimerHeap *heap, LsHandle *h);
/* The earliest handle, or NULL when empty. */
static inline LsHandle *ls_timerheap_top(const LsTimerHeap *heap) {
    return heap->len ? heap->items[0] : NULL;
}
/* Remove and return the earliest handle (NULL when empty). O(log n). */
LsHandle *ls_timerheap_pop(LsTimerHeap *heap);
/* Keep only the handles for which keep(ud, h) is true, in their current
 * array order, then heapify — CPython's rebuild of _scheduled. `dropped`
 * (may be NULL) is called for each removed handle in array order. O(n). */
void ls_timerheap_filter(LsTimerHeap *heap, bool (*keep)(void *ud, const LsHandle *h),
                         void (*dropped)(void *ud, LsHandle *h), void *ud);
/* Forget every handle (they are left as they are). */
static inline void ls_timerheap_clear(LsTimerHeap *heap) { heap->len = 0; }
/* Check the heap property and every heap_index (tests and debug asserts). */
bool ls_timerheap_valid(const LsTimerHeap *heap);

#endif
