/* SPDX-License-Identifier: MIT
 * app/tui/timeline_ix.h -- hash indexes timeline.c builds with: task rows
 * by id, locks and queues by name. Not for other modules.
 *
 * Folding a trace looked each event's task up by walking every row, and
 * each lock event's object by walking every object: quadratic in tasks
 * (`looplab trace show` on 10^5 tasks took minutes). Open addressing on
 * the row / object index, load at most 1/2, doubling.
 */
#ifndef LL_TIMELINE_IX_H
#define LL_TIMELINE_IX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ll_tl_ix {
    uint32_t *slot;     /* index + 1 into the caller's array; 0 = empty */
    size_t    cap;      /* power of two (0: nothing yet) */
    size_t    n;
} ll_tl_ix;

/* Hash of a task id, or of n bytes of a name (objects: with the kind). */
uint64_t ll__tl_hash_id(uint32_t id);
uint64_t ll__tl_hash_name(const char *s, size_t n, bool queue);

/* Look up: eq(ud, index) says whether the entry at index is the one
 * hashed to h. Returns the index, or -1. */
long ll__tl_ix_find(const ll_tl_ix *ix, uint64_t h,
                    bool (*eq)(const void *ud, size_t index), const void *ud);
/* Insert index under h (not already there). rehash(ud, index) gives the
 * hash of any stored index when the table grows. LL_OK / LL_ENOMEM. */
int  ll__tl_ix_add(ll_tl_ix *ix, uint64_t h, size_t index,
                   uint64_t (*rehash)(const void *ud, size_t index),
                   const void *ud);
void ll__tl_ix_free(ll_tl_ix *ix);

#endif /* LL_TIMELINE_IX_H */
