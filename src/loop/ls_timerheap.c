/* ls_timerheap — binary min-heap of timer handles (see ls_timerheap.h).
 * Both sifts move a "hole" instead of swapping: the moving handle is written
 * once, at its final place, and every handle that moves gets its heap_index
 * updated on the way. */
#include "ls_timerheap.h"

#include <stdint.h>

void ls_timerheap_init(LsTimerHeap *heap, LsMem *mem) {
    heap->mem = mem;
    heap->items = NULL;
    heap->len = heap->cap = 0;
}

void ls_timerheap_fini(LsTimerHeap *heap) {
    if (!heap) return;
    ls_mem_free(heap->mem, heap->items, heap->cap * sizeof *heap->items);
    ls_timerheap_init(heap, heap->mem);
}

static void place(LsTimerHeap *heap, size_t i, LsHandle *h) {
    heap->items[i] = h;
    h->heap_index = (uint32_t)i;
}

/* Move h, destined for index i, toward the root while it beats its parent. */
static void sift_up(LsTimerHeap *heap, size_t i, LsHandle *h) {
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!ls_timerheap_less(h, heap->items[parent])) break;
        place(heap, i, heap->items[parent]);
        i = parent;
    }
    place(heap, i, h);
}

/* Move h, destined for index i, toward the leaves while a child beats it. */
static void sift_down(LsTimerHeap *heap, size_t i, LsHandle *h) {
    size_t n = heap->len;
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && ls_timerheap_less(heap->items[child + 1], heap->items[child]))
            child++;
        if (!ls_timerheap_less(heap->items[child], h)) break;
        place(heap, i, heap->items[child]);
        i = child;
    }
    place(heap, i, h);
}

bool ls_timerheap_reserve(LsTimerHeap *heap, size_t extra) {
    if (heap->len + extra > UINT32_MAX) return false; /* heap_index is 32-bit */
    return ls_mem_grow(heap->mem, (void **)&heap->items, &heap->cap, heap->len + extra,
                       sizeof *heap->items);
}

bool ls_timerheap_push(LsTimerHeap *heap, LsHandle *h) {
    if (!ls_timerheap_reserve(heap, 1)) return false;
    heap->len++;
    sift_up(heap, heap->len - 1, h);
    return true;
}

LsHandle *ls_timerheap_pop(LsTimerHeap *heap) {
    if (heap->len == 0) return NULL;
    LsHandle *top = heap->items[0];
    LsHandle *last = heap->items[--heap->len];
    if (heap->len > 0) sift_down(heap, 0, last);
    return top;
}

void ls_timerheap_filter(LsTimerHeap *heap, bool (*keep)(void *ud, const LsHandle *h),
                         void (*dropped)(void *ud, LsHandle *h), void *ud) {
    size_t kept = 0;
    for (size_t i = 0; i < heap->len; i++) {
        LsHandle *h = heap->items[i];
        if (keep(ud, h)) heap->items[kept++] = h;
        else if (dropped) dropped(ud, h);
    }
    heap->len = kept;
    for (size_t i = 0; i < kept; i++) heap->items[i]->heap_index = (uint32_t)i;
    /* Floyd's heapify: sift every internal node down, last one first. */
    for (size_t i = kept / 2; i-- > 0;) sift_down(heap, i, heap->items[i]);
}

bool ls_timerheap_valid(const LsTimerHeap *heap) {
    for (size_t i = 0; i < heap->len; i++) {
        if (heap->items[i]->heap_index != i) return false;
        if (i > 0 && ls_timerheap_less(heap->items[i], heap->items[(i - 1) / 2])) return false;
    }
    return true;
}
