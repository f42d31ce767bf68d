/* SPDX-License-Identifier: MIT
 * engine/watch.h -- tell when one file was saved (inotify), for watch mode.
 *
 * Shared by `looplab check ID --watch` and the TUI exercise view. The
 * watcher watches the file's *directory* for IN_CLOSE_WRITE, IN_MOVED_TO and
 * IN_CREATE (editors often save by writing a temporary file and renaming it
 * over the original, which a watch on the file itself would lose) and
 * filters events by the file's name. A change is only reported when the
 * file's signature (inode, size, mtime) differs from the last one seen, so
 * an editor that merely opens and closes the file does not re-check it.
 * Bursts (a save is often 3-4 events) are coalesced. Without inotify
 * (ENOSYS, container limits) it falls back to polling the signature every
 * ll_watch_wait call, which the callers make with a timeout.
 * One thread; an ll_watch is not shared.
 */
#ifndef LL_WATCH_H
#define LL_WATCH_H

#include "base.h"

typedef struct ll_watch ll_watch;

/* Watch `path` (the file need not exist yet; its directory must).
 * LL_OK, LL_ENOENT (no such directory), LL_ENOMEM; *out NULL on failure. */
int  ll_watch_new(const char *path, ll_watch **out);
void ll_watch_free(ll_watch *w);

/* A descriptor that becomes readable when events are pending, for the
 * caller's own poll() (the TUI polls it beside stdin); -1 in polling
 * fallback mode. */
int  ll_watch_fd(const ll_watch *w);

/* Read pending events without blocking (then wait up to `settle_ms` for the
 * rest of a burst). Returns 1 when the file changed since the last call
 * that returned 1 (or since ll_watch_new), 0 when not, LL_EIO on a read
 * error. */
int  ll_watch_poll(ll_watch *w, int settle_ms);

/* Block up to timeout_ms (-1: forever) for a change. Returns 1 changed,
 * 0 timed out, LL_ECANCELED when interrupted by a signal, LL_EIO. */
int  ll_watch_wait(ll_watch *w, int timeout_ms);

/* Forget pending events and take the file as it is now as "seen": used
 * right before checking it, so the save that triggered the check (or an
 * editor's own save before a chained check) is not reported again. */
void ll_watch_sync(ll_watch *w);

/* Whether inotify is in use (false: polling fallback). */
bool ll_watch_native(const ll_watch *w);

#endif /* LL_WATCH_H */
