/* SPDX-License-Identifier: MIT
 * engine/loop_epoll.c -- the loop's poller: epoll plus a wakeup eventfd.
 *
 * The only file that knows epoll. It maps LL_IO_* bits to epoll flags and
 * back, and waits with nanosecond timeouts (epoll_pwait2, Linux 5.11+) so a
 * real-clock timer fires neither early nor up to a millisecond late; on an
 * older kernel it falls back to epoll_wait with the timeout rounded up to
 * whole milliseconds (late, never early). The eventfd is registered with a
 * NULL data pointer: that is how the loop tells a wakeup from an fd event.
 */
#include "loop.h"

#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

static bool loop_epoll_no_pwait2;

static uint32_t
loop_epoll_mask(unsigned events)
{
    uint32_t m = 0;
    if (events & LL_IO_READ)
        m |= EPOLLIN | EPOLLRDHUP;
    if (events & LL_IO_WRITE)
        m |= EPOLLOUT;
    return m;
}

static unsigned
loop_epoll_bits(uint32_t m)
{
    unsigned b = 0;
    if (m & (EPOLLIN | EPOLLRDHUP | EPOLLPRI))
        b |= LL_IO_READ;
    if (m & EPOLLOUT)
        b |= LL_IO_WRITE;
    if (m & EPOLLERR)
        b |= LL_IO_ERROR;
    if (m & EPOLLHUP)
        b |= LL_IO_HUP;
    return b;
}

int
ll__loop_backend_open(int *epfd, int *evfd)
{
    struct epoll_event ev;

    *epfd = epoll_create1(EPOLL_CLOEXEC);
    *evfd = -1;
    if (*epfd < 0)
        return LL_EIO;
    *evfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (*evfd < 0) {
        close(*epfd);
        *epfd = -1;
        return LL_EIO;
    }
    memset(&ev, 0, sizeof ev);
    ev.events = EPOLLIN;
    ev.data.ptr = NULL;
    if (epoll_ctl(*epfd, EPOLL_CTL_ADD, *evfd, &ev) != 0) {
        ll__loop_backend_close(*epfd, *evfd);
        *epfd = *evfd = -1;
        return LL_EIO;
    }
    return LL_OK;
}

void
ll__loop_backend_close(int epfd, int evfd)
{
    if (evfd >= 0)
        close(evfd);
    if (epfd >= 0)
        close(epfd);
}

int
ll__loop_backend_ctl(int epfd, int fd, bool registered, bool del,
                     unsigned events, void *data)
{
    struct epoll_event ev;
    int op = del ? EPOLL_CTL_DEL : registered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;

    memset(&ev, 0, sizeof ev);
    ev.events = loop_epoll_mask(events);
    ev.data.ptr = data;
    if (epoll_ctl(epfd, op, fd, &ev) == 0)
        return LL_OK;
    /* The fd was closed behind our back: the kernel already forgot it. */
    if (del && (errno == EBADF || errno == ENOENT))
        return LL_OK;
    return errno == EBADF || errno == EPERM ? LL_EINVAL : LL_EIO;
}

int
ll__loop_backend_poll(int epfd, int64_t timeout_ns, ll__loop_event *out,
                      int max)
{
    struct epoll_event ev[64];
    int n, i;

    if (max > (int)LL_COUNTOF(ev))
        max = (int)LL_COUNTOF(ev);
    if (timeout_ns == 0 || timeout_ns < 0) {
        n = epoll_wait(epfd, ev, max, timeout_ns < 0 ? -1 : 0);
    } else if (!loop_epoll_no_pwait2) {
        struct timespec ts = { timeout_ns / LL_NS_PER_S,
                               timeout_ns % LL_NS_PER_S };
        n = epoll_pwait2(epfd, ev, max, &ts, NULL);
        if (n < 0 && errno == ENOSYS) {
            loop_epoll_no_pwait2 = true;
            return ll__loop_backend_poll(epfd, timeout_ns, out, max);
        }
    } else {
        int64_t ms = (timeout_ns + 999999) / 1000000;
        n = epoll_wait(epfd, ev, max, ms > 86400000 ? 86400000 : (int)ms);
    }
    if (n < 0) {
        if (errno == EINTR)
            return 0;
        ll_panic("epoll_wait: %s", strerror(errno));
    }
    for (i = 0; i < n; i++) {
        out[i].data = ev[i].data.ptr;
        out[i].events = loop_epoll_bits(ev[i].events);
    }
    return n;
}

void
ll__loop_backend_signal(int evfd)
{
    uint64_t one = 1;
    ssize_t r;
    /* EAGAIN means the counter is saturated: already signalled. */
    do
        r = write(evfd, &one, sizeof one);
    while (r < 0 && errno == EINTR);
}

void
ll__loop_backend_drain(int evfd)
{
    uint64_t v;
    ssize_t r;
    do
        r = read(evfd, &v, sizeof v);
    while (r < 0 && errno == EINTR);
}
