/* SPDX-License-Identifier: MIT
 * engine/watch.c -- inotify on the file's directory, signature filter.
 *
 * Events name entries of the watched directory; only those whose name is
 * the file's count. Whatever the events say, the decision is the stat
 * signature, so a burst of events for one save yields one change and an
 * event without a content change (open + close for writing, nothing
 * written, same mtime) yields none. The polling fallback uses the same
 * signature, so both modes report the same changes.
 */
#include "watch.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct watch_sig {
    bool    exists;
    ino_t   ino;
    off_t   size;
    int64_t mtime_ns;
} watch_sig;

struct ll_watch {
    int       fd;        /* inotify fd, -1 when polling */
    char     *path;
    char     *name;      /* basename of path */
    watch_sig last;
};

static watch_sig
watch_stat(const char *path)
{
    watch_sig s;
    struct stat st;

    memset(&s, 0, sizeof s);
    if (stat(path, &st) == 0) {
        s.exists = true;
        s.ino = st.st_ino;
        s.size = st.st_size;
        s.mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 +
                     st.st_mtim.tv_nsec;
    }
    return s;
}

static bool
watch_sig_eq(const watch_sig *a, const watch_sig *b)
{
    return a->exists == b->exists && a->ino == b->ino && a->size == b->size &&
           a->mtime_ns == b->mtime_ns;
}

int
ll_watch_new(const char *path, ll_watch **out)
{
    ll_watch *w;
    const char *slash = strrchr(path, '/');
    char *dir;
    struct stat st;

    *out = NULL;
    dir = slash ? ll_strndup(path, slash == path ? 1 : (size_t)(slash - path))
                : ll_strdup(".");
    if (dir == NULL)
        return LL_ENOMEM;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        ll_free(dir);
        return LL_ENOENT;
    }
    w = ll_calloc(1, sizeof *w);
    if (w == NULL || (w->path = ll_strdup(path)) == NULL ||
        (w->name = ll_strdup(slash ? slash + 1 : path)) == NULL) {
        ll_watch_free(w);
        ll_free(dir);
        return LL_ENOMEM;
    }
    w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (w->fd >= 0 &&
        inotify_add_watch(w->fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO |
                          IN_CREATE | IN_ONLYDIR) < 0) {
        close(w->fd);
        w->fd = -1;   /* e.g. out of watches: poll instead */
    }
    ll_free(dir);
    w->last = watch_stat(path);
    *out = w;
    return LL_OK;
}

void
ll_watch_free(ll_watch *w)
{
    if (w == NULL)
        return;
    if (w->fd >= 0)
        close(w->fd);
    ll_free(w->path);
    ll_free(w->name);
    ll_free(w);
}

int
ll_watch_fd(const ll_watch *w)
{
    return w->fd;
}

bool
ll_watch_native(const ll_watch *w)
{
    return w->fd >= 0;
}

/* Drain the inotify queue; true when an event named our file. */
static int
watch_drain(ll_watch *w, bool *hit)
{
    char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));

    for (;;) {
        ssize_t n = read(w->fd, buf, sizeof buf), off = 0;
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return LL_OK;
            if (errno == EINTR)
                continue;
            return LL_EIO;
        }
        if (n == 0)
            return LL_OK;
        while (off < n) {
            const struct inotify_event *ev = (const void *)(buf + off);
            if (ev->len > 0 && strcmp(ev->name, w->name) == 0)
                *hit = true;
            if (ev->mask & IN_Q_OVERFLOW)
                *hit = true;    /* lost events: let the stat decide */
            off += (ssize_t)sizeof *ev + ev->len;
        }
    }
}

static int
watch_changed(ll_watch *w)
{
    watch_sig now = watch_stat(w->path);

    if (watch_sig_eq(&now, &w->last))
        return 0;
    w->last = now;
    /* A deleted file is not a save; the rename that follows will be. */
    return now.exists ? 1 : 0;
}

int
ll_watch_poll(ll_watch *w, int settle_ms)
{
    bool hit = false;
    int rc;

    if (w->fd < 0)
        return watch_changed(w);
    if ((rc = watch_drain(w, &hit)) != LL_OK)
        return rc;
    if (!hit)
        return 0;
    /* Let the rest of the burst (write, chmod, rename...) arrive. */
    while (settle_ms > 0) {
        struct pollfd p = { w->fd, POLLIN, 0 };
        if (poll(&p, 1, settle_ms) <= 0)
            break;
        if ((rc = watch_drain(w, &hit)) != LL_OK)
            return rc;
    }
    return watch_changed(w);
}

void
ll_watch_sync(ll_watch *w)
{
    bool hit = false;

    if (w->fd >= 0)
        (void)watch_drain(w, &hit);
    w->last = watch_stat(w->path);
}

int
ll_watch_wait(ll_watch *w, int timeout_ms)
{
    int64_t deadline = timeout_ms < 0 ? 0
                     : ll_mono_ns() + (int64_t)timeout_ms * 1000000;

    for (;;) {
        int left = -1, rc;
        if (timeout_ms >= 0) {
            int64_t ns = deadline - ll_mono_ns();
            left = ns > 0 ? (int)(ns / 1000000) : 0;
        }
        if (w->fd < 0) {
            /* Polling fallback: look every 250 ms. */
            int step = left < 0 || left > 250 ? 250 : left;
            if ((rc = watch_changed(w)) != 0)
                return rc;
            if (left == 0)
                return 0;
            if (poll(NULL, 0, step) < 0 && errno == EINTR)
                return LL_ECANCELED;
            continue;
        }
        struct pollfd p = { w->fd, POLLIN, 0 };
        rc = poll(&p, 1, left);
        if (rc < 0) {
            if (errno == EINTR)
                return LL_ECANCELED;
            return LL_EIO;
        }
        if (rc == 0)
            return 0;
        if ((rc = ll_watch_poll(w, 60)) != 0)
            return rc;
    }
}
