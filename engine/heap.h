/* SPDX-License-Identifier: MIT
 * engine/heap.h -- 8-ary min-heap keyed by (int64 k1, uint64 k2), keys inline.
 *
 * Elements embed an ll_heap_node holding their index, so removal of an
 * arbitrary element is O(log n) (timer cancel). The keys live in the heap
 * array next to the node pointer, so sifting never dereferences an element:
 * with 10^6 timers scattered over task records, a comparison through the
 * pointer was a cache miss per level (timers grew x1.7 per op from 10^4 to
 * 10^6). Eight children per node: at 10^6 timers a pop sifts through 7
 * levels instead of 10, and every level moves one entry up, which writes
 * that entry's node->index (a cache miss into a random timer); the 8 x 24
 * children bytes are read sequentially (measured: timers_cb 2.01 -> 1.84
 * us and timers 4.38 -> 4.03 us per op at 10^6, best of 3, vs 4-ary). Ties on k1 are broken by k2 (the loop's start sequence),
 * so the order is total and deterministic. Growth is the only allocation;
 * ll_heap_reserve lets hot paths avoid it.
 */
#ifndef LL_HEAP_H
#define LL_HEAP_H

#include "base.h"

typedef struct ll_heap_node {
    size_t index;    /* position in the heap array; SIZE_MAX when not in it */
} ll_heap_node;

typedef struct ll_heap_entry {
    int64_t       k1;
    uint64_t      k2;
    ll_heap_node *node;
} ll_heap_entry;

typedef struct ll_heap {
    ll_heap_entry *items;
    size_t         len, cap;
} ll_heap;

#define LL_HEAP_D 8

static inline void
ll_heap_init(ll_heap *h)
{
    h->items = NULL;
    h->len = h->cap = 0;
}

static inline void ll_heap_close(ll_heap *h) { ll_free(h->items); h->items = NULL; h->len = h->cap = 0; }
static inline ll_heap_node *ll_heap_min(const ll_heap *h) { return h->len ? h->items[0].node : NULL; }
/* The smallest k1 (only when not empty). */
static inline int64_t ll_heap_min_key(const ll_heap *h) { return h->items[0].k1; }

static inline bool
ll_heap__less(const ll_heap_entry *a, const ll_heap_entry *b)
{
    return a->k1 != b->k1 ? a->k1 < b->k1 : a->k2 < b->k2;
}

static inline void
ll_heap__set(ll_heap *h, size_t i, ll_heap_entry e)
{
    h->items[i] = e;
    e.node->index = i;
}

static inline void
ll_heap__up(ll_heap *h, size_t i)
{
    ll_heap_entry e = h->items[i];
    while (i > 0) {
        size_t p = (i - 1) / LL_HEAP_D;
        if (!ll_heap__less(&e, &h->items[p]))
            break;
        ll_heap__set(h, i, h->items[p]);
        i = p;
    }
    ll_heap__set(h, i, e);
}

static inline void
ll_heap__down(ll_heap *h, size_t i)
{
    ll_heap_entry e = h->items[i];
    for (;;) {
        size_t c = LL_HEAP_D * i + 1, end = c + LL_HEAP_D, m = i, j;
        const ll_heap_entry *best = &e;
        if (end > h->len)
            end = h->len;
        for (j = c; j < end; j++)
            if (ll_heap__less(&h->items[j], best)) {
                m = j;
                best = &h->items[j];
            }
        if (m == i)
            break;
        ll_heap__set(h, i, h->items[m]);
        i = m;
    }
    ll_heap__set(h, i, e);
}

static inline int
ll_heap_reserve(ll_heap *h, size_t cap)
{
    if (cap > h->cap) {
        ll_heap_entry *items = ll_realloc(h->items, cap * sizeof *items);
        if (items == NULL)
            return LL_ENOMEM;
        h->items = items;
        h->cap = cap;
    }
    return LL_OK;
}

/* Insert n (not in the heap) with keys (k1, k2). LL_OK or LL_ENOMEM. */
static inline int
ll_heap_insert(ll_heap *h, ll_heap_node *n, int64_t k1, uint64_t k2)
{
    if (h->len == h->cap && ll_heap_reserve(h, h->cap ? h->cap * 2 : 64) != LL_OK)
        return LL_ENOMEM;
    h->items[h->len].k1 = k1;
    h->items[h->len].k2 = k2;
    h->items[h->len].node = n;
    n->index = h->len++;
    ll_heap__up(h, n->index);
    return LL_OK;
}

/* Remove n if it is in the heap (no-op otherwise). */
static inline void
ll_heap_remove(ll_heap *h, ll_heap_node *n)
{
    size_t i = n->index;
    ll_heap_entry last;
    if (i >= h->len || h->items[i].node != n)
        return;
    last = h->items[--h->len];
    n->index = (size_t)-1;
    if (last.node == n)
        return;
    ll_heap__set(h, i, last);
    if (i > 0 && ll_heap__less(&last, &h->items[(i - 1) / LL_HEAP_D]))
        ll_heap__up(h, i);
    else
        ll_heap__down(h, i);
}

#endif /* LL_HEAP_H */
