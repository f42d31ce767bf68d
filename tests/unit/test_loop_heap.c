/* SPDX-License-Identifier: MIT
 * tests/unit/test_loop_heap.c -- the 8-ary keyed heap (engine/heap.h) and
 * the timer order it gives the loop: (deadline, start sequence), FIFO ties,
 * with random inserts, cancels and reschedules checked against a sort.
 */
#include "testutil.h"
#include "engine/heap.h"
#include "engine/loop.h"

#include <stdlib.h>
#include <string.h>

typedef struct item {
    ll_heap_node n;
    int64_t      k1;
    uint64_t     k2;
    bool         in;
} item;

static int
item_cmp(const void *a, const void *b)
{
    const item *x = *(item *const *)a, *y = *(item *const *)b;
    if (x->k1 != y->k1)
        return x->k1 < y->k1 ? -1 : 1;
    return x->k2 < y->k2 ? -1 : x->k2 > y->k2;
}

static uint64_t rng = 88172645463325252ULL;
static uint64_t
rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Random inserts and removals; popping yields exactly the sorted order. */
static void
test_heap_matches_sort(void **state)
{
    enum { N = 5000 };
    item *it = calloc(N, sizeof *it);
    item **sorted = calloc(N, sizeof *sorted);
    ll_heap h;
    size_t i, m = 0;
    (void)state;
    ll_heap_init(&h);
    for (i = 0; i < N; i++) {
        it[i].k1 = (int64_t)(rnd() % 200);     /* many equal k1: ties */
        it[i].k2 = i;
        it[i].n.index = (size_t)-1;
        assert_int_equal(ll_heap_insert(&h, &it[i].n, it[i].k1, it[i].k2), LL_OK);
        it[i].in = true;
        if (rnd() % 4 == 0) {                    /* cancel a random one */
            size_t j = rnd() % (i + 1);
            ll_heap_remove(&h, &it[j].n);
            ll_heap_remove(&h, &it[j].n);        /* twice is a no-op */
            assert_int_equal(it[j].n.index, (size_t)-1);
            it[j].in = false;
        }
    }
    for (i = 0; i < N; i++)
        if (it[i].in)
            sorted[m++] = &it[i];
    qsort(sorted, m, sizeof *sorted, item_cmp);
    assert_int_equal(h.len, m);
    for (i = 0; i < m; i++) {
        ll_heap_node *min = ll_heap_min(&h);
        assert_ptr_equal(min, &sorted[i]->n);
        assert_int_equal(ll_heap_min_key(&h), sorted[i]->k1);
        ll_heap_remove(&h, min);
    }
    assert_null(ll_heap_min(&h));
    ll_heap_close(&h);
    free(it);
    free(sorted);
}

/* Through the loop: 3000 timers with random (often equal) deadlines, a
 * third stopped and a third restarted, fire in (deadline, start) order. */
typedef struct ttm {
    ll_timer t;
    int      id;
    int64_t  when;
    uint64_t order;   /* start order of the last start */
} ttm;

static int fired[4000];
static size_t nfired;

static void
ttm_cb(ll_timer *t)
{
    fired[nfired++] = ll_container_of(t, ttm, t)->id;
}

static int
ttm_cmp(const void *a, const void *b)
{
    const ttm *x = *(ttm *const *)a, *y = *(ttm *const *)b;
    if (x->when != y->when)
        return x->when < y->when ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static void
test_loop_timer_order_random(void **state)
{
    enum { N = 3000 };
    ll_clock clock;
    ll_loop *loop;
    ttm *tm = calloc(N, sizeof *tm);
    ttm **live = calloc(N, sizeof *live);
    bool *on = calloc(N, sizeof *on);
    uint64_t seq = 0;
    size_t i, m = 0;
    (void)state;
    ll_clock_init_virtual(&clock);
    assert_int_equal(ll_loop_new(&clock, 0, &loop), LL_OK);
    nfired = 0;
    for (i = 0; i < N; i++) {
        tm[i].id = (int)i;
        ll_timer_init(loop, &tm[i].t);
        tm[i].when = (int64_t)(rnd() % 50) * 1000;
        tm[i].order = seq++;
        assert_int_equal(ll_timer_start_at(&tm[i].t, tm[i].when, ttm_cb), LL_OK);
        on[i] = true;
    }
    for (i = 0; i < N; i++) {
        switch (rnd() % 3) {
        case 0:
            ll_timer_stop(&tm[i].t);
            on[i] = false;
            break;
        case 1:
            tm[i].when = (int64_t)(rnd() % 50) * 1000;
            tm[i].order = seq++;
            assert_int_equal(ll_timer_start_at(&tm[i].t, tm[i].when, ttm_cb),
                             LL_OK);
            break;
        }
    }
    for (i = 0; i < N; i++)
        if (on[i])
            live[m++] = &tm[i];
    qsort(live, m, sizeof *live, ttm_cmp);
    assert_int_equal(ll_loop_timer_count(loop), m);
    assert_int_equal(ll_loop_run(loop, LL_RUN_DEFAULT), 0);
    assert_int_equal(nfired, m);
    for (i = 0; i < m; i++)
        assert_int_equal(fired[i], live[i]->id);
    ll_loop_free(loop);
    free(tm);
    free(live);
    free(on);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heap_matches_sort),
        cmocka_unit_test(test_loop_timer_order_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
