/* test_timerheap — the timer heap against a reference model: a plain array
 * kept sorted by (when, seq). Random pushes (with many equal deadlines),
 * removals ("cancel") and pops must agree with the model at every step, and
 * the heap property and every heap_index must hold throughout. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ls_timerheap.h"

static uint64_t rnd(uint64_t *s) { /* xorshift64*: deterministic */
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

typedef struct Model {
    LsHandle **v;
    size_t n;
} Model;

static void model_insert(Model *m, LsHandle *h) {
    size_t i = m->n++;
    while (i > 0 && ls_timerheap_less(h, m->v[i - 1])) {
        m->v[i] = m->v[i - 1];
        i--;
    }
    m->v[i] = h;
}

static void model_erase(Model *m, LsHandle *h) {
    size_t i = 0;
    while (m->v[i] != h) i++;
    memmove(&m->v[i], &m->v[i + 1], (m->n - i - 1) * sizeof *m->v);
    m->n--;
}

static void noop_fn(LsLoop *loop, LsHandle *h) {
    (void)loop;
    (void)h;
}

static bool keep_live(void *ud, const LsHandle *h) {
    (void)ud;
    return !h->cancelled;
}

/* The loop's use of the heap: cancel marks a handle and leaves it inside;
 * popping first discards cancelled tops; now and then a rebuild filters all
 * cancelled ones out. The model holds only the live handles, sorted. */
static void test_timerheap_random_ops_against_model(void **state) {
    (void)state;
    enum { OPS = 10000, POOL = 4096 };
    LsMem mem;
    ls_mem_init(&mem);
    LsTimerHeap heap;
    ls_timerheap_init(&heap, &mem);
    LsHandle *pool = calloc(POOL, sizeof *pool);
    bool *in_heap = calloc(POOL, sizeof *in_heap);
    Model m = {calloc(POOL, sizeof(LsHandle *)), 0};
    uint64_t seed = 12345, seq = 0;
    size_t pushes = 0, pops = 0, cancels = 0, rebuilds = 0;
    for (int op = 0; op < OPS; op++) {
        uint64_t r = rnd(&seed) % 100;
        size_t k = rnd(&seed) % POOL;
        if (r < 50 && !in_heap[k]) { /* push, deadlines from a small set */
            ls_handle_init(&pool[k], noop_fn, NULL);
            pool[k].when = (double)(rnd(&seed) % 16) * 0.125;
            pool[k].seq = ++seq;
            assert_true(ls_timerheap_push(&heap, &pool[k]));
            model_insert(&m, &pool[k]);
            in_heap[k] = true;
            pushes++;
        } else if (r < 70 && in_heap[k] && !pool[k].cancelled) { /* cancel */
            pool[k].cancelled = 1;
            model_erase(&m, &pool[k]);
            cancels++;
        } else if (r < 72) { /* rebuild */
            ls_timerheap_filter(&heap, keep_live, NULL, NULL);
            for (size_t i = 0; i < POOL; i++)
                if (pool[i].cancelled) in_heap[i] = false;
            rebuilds++;
        } else { /* pop the earliest live one, purging cancelled tops */
            LsHandle *h;
            while ((h = ls_timerheap_top(&heap)) && h->cancelled) {
                ls_timerheap_pop(&heap);
                in_heap[h - pool] = false;
            }
            if (m.n == 0) {
                assert_null(h);
                continue;
            }
            assert_ptr_equal(ls_timerheap_pop(&heap), m.v[0]);
            in_heap[m.v[0] - pool] = false;
            model_erase(&m, m.v[0]);
            pops++;
        }
        size_t live = 0;
        for (size_t i = 0; i < heap.len; i++) live += !heap.items[i]->cancelled;
        assert_int_equal(live, m.n);
        if (op % 16 == 0) assert_true(ls_timerheap_valid(&heap));
    }
    assert_true(ls_timerheap_valid(&heap));
    assert_true(pushes > 1000 && pops > 1000 && cancels > 500 && rebuilds > 50);
    /* Drain: the live rest must come out in model order. */
    ls_timerheap_filter(&heap, keep_live, NULL, NULL);
    for (size_t i = 0; i < m.n; i++) assert_ptr_equal(ls_timerheap_pop(&heap), m.v[i]);
    assert_null(ls_timerheap_pop(&heap));
    ls_timerheap_fini(&heap);
    assert_int_equal(mem.in_use, 0);
    free(m.v);
    free(in_heap);
    free(pool);
}

static void test_timerheap_equal_deadlines_pop_in_seq_order(void **state) {
    (void)state;
    LsMem mem;
    ls_mem_init(&mem);
    LsTimerHeap heap;
    ls_timerheap_init(&heap, &mem);
    LsHandle h[16];
    for (int i = 0; i < 16; i++) {
        ls_handle_init(&h[i], noop_fn, NULL);
        h[i].when = 1.0;
        h[i].seq = (uint64_t)i + 1;
        assert_true(ls_timerheap_push(&heap, &h[i]));
    }
    for (int i = 0; i < 16; i++) assert_ptr_equal(ls_timerheap_pop(&heap), &h[i]);
    ls_timerheap_fini(&heap);
}

static bool keep_odd(void *ud, const LsHandle *h) {
    (void)ud;
    return h->seq % 2 == 1;
}

static void collect(void *ud, LsHandle *h) {
    uint64_t **out = ud;
    *(*out)++ = h->seq;
}

static void test_timerheap_filter_keeps_order_and_indices(void **state) {
    (void)state;
    LsMem mem;
    ls_mem_init(&mem);
    LsTimerHeap heap;
    ls_timerheap_init(&heap, &mem);
    enum { N = 300 };
    LsHandle h[N];
    uint64_t seed = 7;
    for (int i = 0; i < N; i++) {
        ls_handle_init(&h[i], noop_fn, NULL);
        h[i].when = (double)(rnd(&seed) % 20);
        h[i].seq = (uint64_t)i + 1;
        assert_true(ls_timerheap_push(&heap, &h[i]));
    }
    /* The dropped ones are reported in the array order they had. */
    uint64_t expect_dropped[N], got_dropped[N];
    size_t nd = 0;
    for (size_t i = 0; i < heap.len; i++)
        if (heap.items[i]->seq % 2 == 0) expect_dropped[nd++] = heap.items[i]->seq;
    uint64_t *cursor = got_dropped;
    ls_timerheap_filter(&heap, keep_odd, collect, &cursor);
    assert_int_equal((size_t)(cursor - got_dropped), nd);
    assert_memory_equal(got_dropped, expect_dropped, nd * sizeof(uint64_t));
    assert_int_equal(heap.len, N - nd);
    assert_true(ls_timerheap_valid(&heap));
    LsHandle *prev = NULL;
    for (LsHandle *x; (x = ls_timerheap_pop(&heap)); prev = x) {
        assert_int_equal(x->seq % 2, 1);
        if (prev) assert_true(ls_timerheap_less(prev, x));
    }
    ls_timerheap_fini(&heap);
}

static void test_timerheap_push_failure_leaves_heap_unchanged(void **state) {
    (void)state;
    LsMem mem;
    ls_mem_init(&mem);
    LsTimerHeap heap;
    ls_timerheap_init(&heap, &mem);
    LsHandle h[9];
    for (int i = 0; i < 9; i++) {
        ls_handle_init(&h[i], noop_fn, NULL);
        h[i].when = 9.0 - i;
        h[i].seq = (uint64_t)i + 1;
        h[i].heap_index = 777;
    }
    mem.fail_after = 0;
    assert_false(ls_timerheap_push(&heap, &h[0]));
    assert_int_equal(heap.len, 0);
    assert_int_equal(h[0].heap_index, 777);
    mem.fail_after = -1;
    for (int i = 0; i < 8; i++) assert_true(ls_timerheap_push(&heap, &h[i]));
    mem.fail_after = 0; /* capacity 8 is full: the next push must grow */
    assert_false(ls_timerheap_push(&heap, &h[8]));
    mem.fail_after = -1;
    assert_int_equal(heap.len, 8);
    assert_int_equal(h[8].heap_index, 777);
    assert_true(ls_timerheap_valid(&heap));
    assert_ptr_equal(ls_timerheap_top(&heap), &h[7]);
    ls_timerheap_fini(&heap);
    assert_int_equal(mem.in_use, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timerheap_random_ops_against_model),
        cmocka_unit_test(test_timerheap_equal_deadlines_pop_in_seq_order),
        cmocka_unit_test(test_timerheap_filter_keeps_order_and_indices),
        cmocka_unit_test(test_timerheap_push_failure_leaves_heap_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
