/* SPDX-License-Identifier: MIT
 * engine/loop_epoll.c -- the loop's I/O wait on epoll.
 *
 * The walking skeleton registers no fds yet (streams arrive with the full
 * engine), so a wait is a precise sleep until the next timer: epoll_wait
 * has millisecond resolution, so the remainder is slept with nanosleep and
 * a real-clock timer never fires early.
 */
#include "loop.h"

#include <errno.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

int
ll__loop_backend_create(void)
{
    return epoll_create1(EPOLL_CLOEXEC);
}

void
ll__loop_backend_free(int fd)
{
    if (fd >= 0)
        close(fd);
}

int
ll__loop_backend_wait(int fd, int64_t timeout_ns)
{
    struct epoll_event ev[16];
    int n;
    int64_t end;

    if (timeout_ns <= 0)
        return 0;
    end = ll_mono_ns() + timeout_ns;
    n = epoll_wait(fd, ev, (int)LL_COUNTOF(ev), (int)(timeout_ns / 1000000));
    if (n < 0 && errno != EINTR)
        ll_panic("epoll_wait: %d", errno);
    if (n <= 0) {
        int64_t left = end - ll_mono_ns();
        if (left > 0) {
            struct timespec ts = { left / LL_NS_PER_S, left % LL_NS_PER_S };
            while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
                ;
        }
        return 0;
    }
    return n;
}
