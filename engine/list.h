/* SPDX-License-Identifier: MIT
 * engine/list.h -- intrusive doubly linked list (header-only).
 *
 * A list head is a sentinel node; an unlinked node points to itself, so
 * ll_list_remove is safe to call twice. Never allocates.
 */
#ifndef LL_LIST_H
#define LL_LIST_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ll_list_node {
    struct ll_list_node *prev, *next;
} ll_list_node;

static inline void ll_list_init(ll_list_node *n) { n->prev = n->next = n; }
static inline bool ll_list_empty(const ll_list_node *h) { return h->next == h; }
static inline bool ll_list_linked(const ll_list_node *n) { return n->next != n; }

static inline void
ll_list_push_back(ll_list_node *h, ll_list_node *n)
{
    n->prev = h->prev;
    n->next = h;
    h->prev->next = n;
    h->prev = n;
}

static inline void
ll_list_remove(ll_list_node *n)
{
    n->prev->next = n->next;
    n->next->prev = n->prev;
    ll_list_init(n);
}

static inline ll_list_node *
ll_list_pop_front(ll_list_node *h)
{
    ll_list_node *n = h->next;
    if (n == h)
        return NULL;
    ll_list_remove(n);
    return n;
}

#endif /* LL_LIST_H */
