/* Unit tests of src/vm/ls_pool: the small-object heap. The pool source is
 * compiled into this test with pooling on, even in the sanitizer build
 * (where the VM itself bypasses the pool), so ASan checks the pool's own
 * bookkeeping here. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ls_pool.h"

#include <string.h>

static LsObj *new_obj(LsPool *p, LsMem *m, size_t size, uint8_t kind) {
    LsObj *o = ls_pool_alloc(p, m, size);
    assert_non_null(o);
    memset(o, 0xAB, size); /* scribble: the pool must not rely on contents */
    o->kind = kind;
    o->marked = 0;
    o->size = (uint32_t)size;
    return o;
}

typedef struct { int visited, freed; size_t kill_size; } SweepCtx;

/* Frees the objects whose size is kill_size and whose kind is odd. */
static bool kill_some(void *ud, LsObj *o) {
    SweepCtx *c = ud;
    c->visited++;
    assert_int_not_equal(o->kind, LS_POOL_FREE_KIND);
    if (o->size == c->kill_size && (o->kind & 1)) { c->freed++; return true; }
    return false;
}

static bool keep_all(void *ud, LsObj *o) { (void)o; ((SweepCtx *)ud)->visited++; return false; }

static void test_pool_sweep_visits_every_live_object_once(void **state) {
    (void)state;
    LsMem m;
    ls_mem_init(&m);
    LsPool p = {0};
    enum { N = 5000 };
    static const size_t sizes[] = {16, 24, 40, 100, 256, 1000};
    size_t total = 0;
    for (int i = 0; i < N; i++) {
        size_t sz = sizes[i % 6];
        new_obj(&p, &m, sz, (uint8_t)(i % 7));
        total += sz;
    }
    assert_true(m.in_use > total);          /* slabs cover every block */
    assert_int_equal(m.in_use - p.free_bytes >= total, 1);
    SweepCtx c = {0, 0, 24};
    size_t live = ls_pool_sweep(&p, kill_some, &c);
    assert_int_equal(c.visited, N);
    /* i % 6 == 1 are the 24-byte ones; kind i % 7 odd among them */
    int expect_freed = 0;
    for (int i = 0; i < N; i++) expect_freed += (i % 6 == 1) && ((i % 7) & 1);
    assert_int_equal(c.freed, expect_freed);
    assert_int_equal(live, total - (size_t)expect_freed * 24);
    /* A second sweep sees only the survivors. */
    SweepCtx c2 = {0, 0, 0};
    assert_int_equal(ls_pool_sweep(&p, keep_all, &c2), live);
    assert_int_equal(c2.visited, N - expect_freed);
    ls_pool_fini(&p, &m);
    assert_int_equal(m.in_use, 0);
}

static void test_pool_reuses_freed_blocks_of_the_same_class(void **state) {
    (void)state;
    LsMem m;
    ls_mem_init(&m);
    LsPool p = {0};
    LsObj *a = new_obj(&p, &m, 40, 1);
    new_obj(&p, &m, 40, 2);
    size_t used = m.in_use;
    SweepCtx c = {0, 0, 40};
    ls_pool_sweep(&p, kill_some, &c); /* frees `a` (odd kind) */
    assert_int_equal(c.freed, 1);
    size_t idle = p.free_bytes;
    LsObj *b = ls_pool_alloc(&p, &m, 33); /* same 48-byte class as 40 */
    assert_ptr_equal(a, b);
    assert_int_equal(p.free_bytes, idle - 48);
    assert_int_equal(m.in_use, used); /* no new slab */
    ls_pool_fini(&p, &m);
    assert_int_equal(m.in_use, 0);
}

static void test_pool_reports_slab_failure(void **state) {
    (void)state;
    LsMem m;
    ls_mem_init(&m);
    LsPool p = {0};
    m.fail_after = 0;
    assert_null(ls_pool_alloc(&p, &m, 16));
    m.fail_after = -1;
    assert_non_null(ls_pool_alloc(&p, &m, 16));
    ls_pool_fini(&p, &m);
    assert_int_equal(m.in_use, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pool_sweep_visits_every_live_object_once),
        cmocka_unit_test(test_pool_reuses_freed_blocks_of_the_same_class),
        cmocka_unit_test(test_pool_reports_slab_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
