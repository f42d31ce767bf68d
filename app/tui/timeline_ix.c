/* SPDX-License-Identifier: MIT
 * app/tui/timeline_ix.c -- the open-addressing indexes of timeline_ix.h.
 */
#include "timeline_ix.h"

#include <string.h>

#include "engine/base.h"

uint64_t
ll__tl_hash_id(uint32_t id)
{
    uint64_t x = id * 0x9E3779B97F4A7C15ull;   /* Fibonacci hashing */
    return x ^ (x >> 29);
}

uint64_t
ll__tl_hash_name(const char *s, size_t n, bool queue)
{
    uint64_t h = queue ? 0x100000001b3ull : 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)               /* FNV-1a */
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
    return h ^ (h >> 32);
}

long
ll__tl_ix_find(const ll_tl_ix *ix, uint64_t h,
               bool (*eq)(const void *ud, size_t index), const void *ud)
{
    size_t mask = ix->cap - 1, i;

    if (ix->cap == 0)
        return -1;
    for (i = (size_t)h & mask; ix->slot[i] != 0; i = (i + 1) & mask)
        if (eq(ud, ix->slot[i] - 1))
            return (long)(ix->slot[i] - 1);
    return -1;
}

static void
tl_ix_put(uint32_t *slot, size_t cap, uint64_t h, size_t index)
{
    size_t i;
    for (i = (size_t)h & (cap - 1); slot[i] != 0; i = (i + 1) & (cap - 1))
        ;
    slot[i] = (uint32_t)index + 1;
}

int
ll__tl_ix_add(ll_tl_ix *ix, uint64_t h, size_t index,
              uint64_t (*rehash)(const void *ud, size_t index),
              const void *ud)
{
    if (index >= UINT32_MAX - 1)
        return LL_ENOMEM;
    if (2 * (ix->n + 1) > ix->cap) {
        size_t cap = ix->cap ? 2 * ix->cap : 64, i;
        uint32_t *slot = ll_calloc(cap, sizeof *slot);
        if (slot == NULL)
            return LL_ENOMEM;
        for (i = 0; i < ix->cap; i++)
            if (ix->slot[i] != 0)
                tl_ix_put(slot, cap, rehash(ud, ix->slot[i] - 1),
                          ix->slot[i] - 1);
        ll_free(ix->slot);
        ix->slot = slot;
        ix->cap = cap;
    }
    tl_ix_put(ix->slot, ix->cap, h, index);
    ix->n++;
    return LL_OK;
}

void
ll__tl_ix_free(ll_tl_ix *ix)
{
    ll_free(ix->slot);
    memset(ix, 0, sizeof *ix);
}
