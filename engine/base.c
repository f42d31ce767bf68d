/* SPDX-License-Identifier: MIT
 * engine/base.c -- status codes, panic, allocation hook, file and buffer helpers.
 *
 * The allocation fault counter is a plain global: fault tests are
 * single-threaded by design (STYLE 10.6).
 */
#include "base.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *
ll_errname(int code)
{
    switch (code) {
    case LL_OK: return "OK";
#define XX(name, msg) case LL_##name: return #name;
    LL_ERRNO_MAP(XX)
#undef XX
    default: return "EUNKNOWN";
    }
}

const char *
ll_strerror(int code)
{
    switch (code) {
    case LL_OK: return "success";
#define XX(name, msg) case LL_##name: return msg;
    LL_ERRNO_MAP(XX)
#undef XX
    default: return "unknown error";
    }
}

void
ll_panic(const char *fmt, ...)
{
    va_list ap;
    fputs("looplab: internal error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

static long ll_alloc_countdown;   /* 0 = never fail */

void
ll_alloc_fail_after(long k)
{
    ll_alloc_countdown = k;
}

static int
ll_alloc_should_fail(void)
{
    if (ll_alloc_countdown > 0 && --ll_alloc_countdown == 0)
        return 1;
    return 0;
}

void *
ll_malloc(size_t n)
{
    return ll_alloc_should_fail() ? NULL : malloc(n ? n : 1);
}

void *
ll_calloc(size_t n, size_t size)
{
    return ll_alloc_should_fail() ? NULL : calloc(n ? n : 1, size ? size : 1);
}

void *
ll_realloc(void *p, size_t n)
{
    return ll_alloc_should_fail() ? NULL : realloc(p, n ? n : 1);
}

void
ll_free(void *p)
{
    free(p);
}

char *
ll_strndup(const char *s, size_t n)
{
    char *d;
    if (s == NULL)
        return NULL;
    d = ll_malloc(n + 1);
    if (d != NULL) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

char *
ll_strdup(const char *s)
{
    return s ? ll_strndup(s, strlen(s)) : NULL;
}

static char *
ll_vasprintf(const char *fmt, va_list ap)
{
    va_list ap2;
    int n;
    char *s;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return NULL;
    s = ll_malloc((size_t)n + 1);
    if (s != NULL)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char *
ll_asprintf(const char *fmt, ...)
{
    va_list ap;
    char *s;
    va_start(ap, fmt);
    s = ll_vasprintf(fmt, ap);
    va_end(ap);
    return s;
}

int
ll_read_file(const char *path, char **out, size_t *len)
{
    FILE *f;
    ll_buf b;
    char chunk[8192];
    size_t n;

    *out = NULL;
    f = fopen(path, "rb");
    if (f == NULL)
        return errno == ENOENT || errno == ENOTDIR ? LL_ENOENT : LL_EIO;
    ll_buf_init(&b);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (ll_buf_add(&b, chunk, n) != LL_OK) {
            fclose(f);
            ll_buf_close(&b);
            return LL_ENOMEM;
        }
    }
    if (ferror(f)) {
        fclose(f);
        ll_buf_close(&b);
        return LL_EIO;
    }
    fclose(f);
    if (len != NULL)
        *len = b.len;
    *out = ll_buf_take(&b);
    return *out ? LL_OK : LL_ENOMEM;
}

int
ll_read_untrusted(int dirfd, const char *name, size_t max, char **out,
                  size_t *len, struct stat *st_out)
{
    struct stat st;
    ll_buf b;
    char chunk[8192];
    int fd;

    *out = NULL;
    fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC
                | O_NOCTTY);
    if (fd < 0)
        return errno == ENOENT || errno == ENOTDIR ? LL_ENOENT
             : errno == ELOOP || errno == ENXIO ? LL_EINVAL : LL_EIO;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return LL_EIO;
    }
    if (st_out != NULL)
        *st_out = st;
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return LL_EINVAL;
    }
    if ((uint64_t)st.st_size > max) {
        close(fd);
        return LL_ELIMIT;
    }
    ll_buf_init(&b);
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 || b.len + (size_t)n > max ||
            ll_buf_add(&b, chunk, (size_t)n) != LL_OK) {
            int rc = n == 0 ? LL_OK : n < 0 ? LL_EIO
                   : b.len + (size_t)n > max ? LL_ELIMIT : LL_ENOMEM;
            close(fd);
            if (rc != LL_OK) {
                ll_buf_close(&b);
                return rc;
            }
            break;
        }
    }
    if (len != NULL)
        *len = b.len;
    *out = b.data ? ll_buf_take(&b) : ll_strdup("");
    return *out ? LL_OK : LL_ENOMEM;
}

int
ll_write_file(const char *path, const char *data, size_t len)
{
    char *tmp = ll_asprintf("%s.tmp.%ld", path, (long)getpid());
    int fd, rc = LL_OK;
    size_t off = 0;

    if (tmp == NULL)
        return LL_ENOMEM;
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        ll_free(tmp);
        return errno == ENOENT ? LL_ENOENT : LL_EIO;
    }
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            rc = LL_EIO;
            break;
        }
        off += (size_t)w;
    }
    if (rc == LL_OK && fsync(fd) != 0)
        rc = LL_EIO;
    if (close(fd) != 0 && rc == LL_OK)
        rc = LL_EIO;
    if (rc == LL_OK && rename(tmp, path) != 0)
        rc = LL_EIO;
    if (rc != LL_OK)
        unlink(tmp);
    ll_free(tmp);
    return rc;
}

int
ll_mkdirs(const char *path, int mode)
{
    char *p = ll_strdup(path);
    char *s;

    if (p == NULL)
        return LL_ENOMEM;
    for (s = p + 1; ; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, (mode_t)mode) != 0 && errno != EEXIST) {
                ll_free(p);
                return LL_EIO;
            }
            *s = c;
            if (c == '\0')
                break;
        }
    }
    ll_free(p);
    return LL_OK;
}

int64_t
ll_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void
ll_buf_init(ll_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void
ll_buf_close(ll_buf *b)
{
    ll_free(b->data);
    ll_buf_init(b);
}

int
ll_buf_add(ll_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        char *d;
        while (cap < b->len + n + 1)
            cap *= 2;
        d = ll_realloc(b->data, cap);
        if (d == NULL)
            return LL_ENOMEM;
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return LL_OK;
}

int
ll_buf_adds(ll_buf *b, const char *s)
{
    return ll_buf_add(b, s, strlen(s));
}

int
ll_buf_printf(ll_buf *b, const char *fmt, ...)
{
    va_list ap;
    char *s;
    int rc;
    va_start(ap, fmt);
    s = ll_vasprintf(fmt, ap);
    va_end(ap);
    if (s == NULL)
        return LL_ENOMEM;
    rc = ll_buf_adds(b, s);
    ll_free(s);
    return rc;
}

char *
ll_buf_take(ll_buf *b)
{
    char *s = b->data;
    ll_buf_init(b);
    return s ? s : ll_strdup("");
}
