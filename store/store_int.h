/* SPDX-License-Identifier: MIT
 * store/store_int.h -- internals shared by the store's files (store.c:
 * connection, transactions, migrations; store_progress.c: the student's
 * progress; store_grade.c: the instructor's gradebook). Included by those
 * files only: together they are the one SQLite adapter (STYLE 10.1).
 *
 * Every public call: store_clearerr(st, "what it does"), then store_q1 (one
 * statement in its own short transaction) or store_txn(st, mode, fn, ctx)
 * (fn runs store_q calls inside one BEGIN IMMEDIATE, rolled back on failure,
 * retried on BUSY). store_q formats: input types "s i I d", then '>' and
 * output types for the first row; LL_ENOENT when there is no row.
 */
#ifndef LL_STORE_INT_H
#define LL_STORE_INT_H

#include <stdarg.h>
#include <time.h>

#include <sqlite3.h>

#include "store.h"

#define STORE_APP_ID     0x4C4F4F50  /* "LOOP", file header bytes 68..71 */
#define STORE_BUSY_MS    5000
#define STORE_MAX_TRIES  50

struct ll_store {
    sqlite3    *db;
    char       *path;
    const char *op;          /* what the current public call is doing */
    int         last_rc;     /* SQLite code of the last failure (retry) */
    char        errmsg[1024];
};

enum store_mode { STORE_NOTXN, STORE_READ, STORE_WRITE };
typedef int (*store_fn)(ll_store *st, void *ctx);

void store_clearerr(ll_store *st, const char *op);
/* Set "<op>: <message>" and return code. */
int  store_seterr(ll_store *st, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int  store_dberr(ll_store *st, int rc);
int  store_q(ll_store *st, const char *sql, const char *fmt, ...);
int  store_q1(ll_store *st, enum store_mode mode, const char *sql,
              const char *fmt, ...);
int  store_txn(ll_store *st, enum store_mode mode, store_fn fn, void *ctx);

static inline int64_t
store_now(void)
{
    return (int64_t)time(NULL);
}

#endif
