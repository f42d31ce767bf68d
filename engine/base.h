/* SPDX-License-Identifier: MIT
 * engine/base.h -- status codes, assertions, allocation, small string helpers.
 *
 * Every fallible engine function returns LL_OK (0) or a negative LL_E* code.
 * The codes come from one X-macro list so ll_errname/ll_strerror never drift.
 * LL_ASSERT is for programmer errors; LL_ALWAYS/LL_NEVER assert in debug
 * builds and pass the condition through in release (SQLite's ALWAYS/NEVER).
 * Thread-safe: nothing here keeps state except the allocation fault counter,
 * which only tests touch.
 */
#ifndef LL_BASE_H
#define LL_BASE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define LL_ERRNO_MAP(XX)                                              \
    XX(ENOMEM,   "out of memory")                                     \
    XX(EINVAL,   "invalid argument")                                  \
    XX(ENOENT,   "no such file or item")                              \
    XX(EIO,      "input/output error")                                \
    XX(EBUSY,    "resource busy")                                     \
    XX(ESYNTAX,  "malformed input")                                   \
    XX(ERUNTIME, "runtime error")                                     \
    XX(ETIMEDOUT,"timed out")                                         \
    XX(ECANCELED,"cancelled")                                         \
    XX(ESTATE,   "invalid state")                                     \
    XX(EDB,      "database error")                                    \
    XX(EDEADLK,  "deadlock: every task is blocked")                   \
    XX(ELIMIT,   "limit exceeded")                                    \
    XX(ENOSYS,   "not supported")

enum {
    LL_OK = 0,
#define XX(name, msg) LL_##name,
    LL__ERRNO_FIRST = -100,
    LL_ERRNO_MAP(XX)
#undef XX
};

/* Name ("ENOMEM") and message for a status code; "OK" for LL_OK,
 * "EUNKNOWN" for anything else. The strings are static. */
const char *ll_errname(int code);
const char *ll_strerror(int code);

_Noreturn void ll_panic(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#define LL_ASSERT(x) \
    ((x) ? (void)0 : ll_panic("%s:%d: assertion failed: %s", \
                              __FILE__, __LINE__, #x))
/* A function call, not a bare expression, so `LL_ALWAYS(rc == 0);` used as
 * a statement stays warning-free in release builds. */
static inline bool ll__pass(bool b) { return b; }
#ifdef NDEBUG
#define LL_ALWAYS(x) ll__pass(!!(x))
#define LL_NEVER(x)  ll__pass(!!(x))
#else
#define LL_ALWAYS(x) ((x) ? 1 : (LL_ASSERT(0 && #x), 0))
#define LL_NEVER(x)  ((x) ? (LL_ASSERT(0 && #x), 1) : 0)
#endif

#define LL_COUNTOF(a) (sizeof(a) / sizeof((a)[0]))
#define ll_container_of(ptr, type, member) \
    ((type *)((char *)(ptr) - offsetof(type, member)))

/* Allocation goes through these so tests can fail the k-th call
 * (ll_alloc_fail_after). They return NULL on failure, never abort. */
void *ll_malloc(size_t n);
void *ll_calloc(size_t n, size_t size);
void *ll_realloc(void *p, size_t n);
void  ll_free(void *p);
char *ll_strdup(const char *s);           /* NULL in, NULL out */
char *ll_strndup(const char *s, size_t n);
/* printf into a new heap string; NULL on OOM. */
char *ll_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Test hook: make the k-th allocation from now fail (0 disables). */
void ll_alloc_fail_after(long k);

/* Read a whole file into a NUL-terminated heap buffer. *len may be NULL.
 * Returns LL_OK, LL_ENOENT, LL_EIO or LL_ENOMEM; *out is NULL on failure. */
int ll_read_file(const char *path, char **out, size_t *len);
/* Read a file that someone else controls (a student's): name is opened
 * relative to dirfd (AT_FDCWD for a path) with O_NOFOLLOW | O_NONBLOCK, so
 * a symlink is refused and a FIFO cannot block us; only a regular file is
 * read (LL_EINVAL for a symlink, FIFO, device, socket or folder), and at
 * most max bytes (LL_ELIMIT past that). *st (may be NULL) gets its fstat.
 * LL_ENOENT when absent, LL_EIO, LL_ENOMEM; *out NUL-terminated. */
struct stat;
int ll_read_untrusted(int dirfd, const char *name, size_t max, char **out,
                      size_t *len, struct stat *st);
/* Write atomically (temp file + rename in the same directory). */
int ll_write_file(const char *path, const char *data, size_t len);
/* mkdir -p with the given mode for created components. */
int ll_mkdirs(const char *path, int mode);
/* Monotonic nanoseconds (CLOCK_MONOTONIC). */
int64_t ll_mono_ns(void);

/* A growable byte buffer (used for output capture and text building). */
typedef struct ll_buf {
    char  *data;   /* always NUL-terminated when non-NULL */
    size_t len;
    size_t cap;
} ll_buf;

void ll_buf_init(ll_buf *b);
void ll_buf_close(ll_buf *b);
int  ll_buf_add(ll_buf *b, const char *s, size_t n);
int  ll_buf_adds(ll_buf *b, const char *s);
int  ll_buf_printf(ll_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Hand the buffer's string to the caller (never NULL: "" when empty). */
char *ll_buf_take(ll_buf *b);

#endif /* LL_BASE_H */
