/* SPDX-License-Identifier: MIT
 * engine/heap.h -- array binary min-heap of pointers with stored indices.
 *
 * Elements embed an ll_heap_node holding their index, so removal of an
 * arbitrary element is O(log n) (timer cancel). The comparison is a callback
 * fixed at init. Growth is the only allocation; ll_heap_reserve lets hot
 * paths avoid it.
 */
#ifndef LL_HEAP_H
#define LL_HEAP_H

#include "base.h"

typedef struct ll_heap_node {
    size_t index;    /* position in the heap array; SIZE_MAX when not in it */
} ll_heap_node;

typedef bool (*ll_heap_less_fn)(const ll_heap_node *a, const ll_heap_node *b);

typedef struct ll_heap {
    ll_heap_node  **items;
    size_t          len, cap;
    ll_heap_less_fn less;
} ll_heap;

static inline void
ll_heap_init(ll_heap *h, ll_heap_less_fn less)
{
    h->items = NULL;
    h->len = h->cap = 0;
    h->less = less;
}

static inline void ll_heap_close(ll_heap *h) { ll_free(h->items); h->items = NULL; h->len = h->cap = 0; }
static inline ll_heap_node *ll_heap_min(const ll_heap *h) { return h->len ? h->items[0] : NULL; }

static inline void
ll_heap__set(ll_heap *h, size_t i, ll_heap_node *n)
{
    h->items[i] = n;
    n->index = i;
}

static inline void
ll_heap__up(ll_heap *h, size_t i)
{
    ll_heap_node *n = h->items[i];
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!h->less(n, h->items[p]))
            break;
        ll_heap__set(h, i, h->items[p]);
        i = p;
    }
    ll_heap__set(h, i, n);
}

static inline void
ll_heap__down(ll_heap *h, size_t i)
{
    ll_heap_node *n = h->items[i];
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        ll_heap_node *best = n;
        if (l < h->len && h->less(h->items[l], best)) { m = l; best = h->items[l]; }
        if (r < h->len && h->less(h->items[r], best)) { m = r; best = h->items[r]; }
        if (m == i)
            break;
        ll_heap__set(h, i, best);
        i = m;
    }
    ll_heap__set(h, i, n);
}

static inline int
ll_heap_reserve(ll_heap *h, size_t cap)
{
    if (cap > h->cap) {
        ll_heap_node **items = ll_realloc(h->items, cap * sizeof *items);
        if (items == NULL)
            return LL_ENOMEM;
        h->items = items;
        h->cap = cap;
    }
    return LL_OK;
}

static inline int
ll_heap_insert(ll_heap *h, ll_heap_node *n)
{
    if (h->len == h->cap && ll_heap_reserve(h, h->cap ? h->cap * 2 : 64) != LL_OK)
        return LL_ENOMEM;
    h->items[h->len] = n;
    n->index = h->len++;
    ll_heap__up(h, n->index);
    return LL_OK;
}

static inline void
ll_heap_remove(ll_heap *h, ll_heap_node *n)
{
    size_t i = n->index;
    ll_heap_node *last;
    if (i >= h->len)
        return;
    last = h->items[--h->len];
    n->index = (size_t)-1;
    if (last == n)
        return;
    ll_heap__set(h, i, last);
    if (i > 0 && h->less(last, h->items[(i - 1) / 2]))
        ll_heap__up(h, i);
    else
        ll_heap__down(h, i);
}

#endif /* LL_HEAP_H */
