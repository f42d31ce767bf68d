/* SPDX-License-Identifier: MIT
 * store/store.c -- the SQLite progress store behind store.h.
 *
 * One connection per ll_store. Open configures it (busy timeout, foreign
 * keys, synchronous=FULL, WAL once), refuses files that are not ours or are
 * newer than this code, and runs the missing store_migrations[] steps in one
 * BEGIN IMMEDIATE. Every public call runs in store_txn(): a short
 * transaction, rolled back on failure and retried (bounded) on BUSY/LOCKED.
 * SQL is constant text; user data travels only in bound parameters (store_q).
 */
#include "store.h"

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store_int.h"

#ifndef LL_VERSION
#define LL_VERSION "unknown"
#endif



/* {==================================================================
 * Errors
 * =================================================================== */

void
store_clearerr(ll_store *st, const char *op)
{
    st->op = op;
    st->last_rc = SQLITE_OK;
    st->errmsg[0] = '\0';
}

/* Set "<op>: <message>" and return code, so callers can
 * `return store_seterr(...)`. */
int
store_seterr(ll_store *st, int code, const char *fmt, ...)
{
    va_list ap;
    int n = snprintf(st->errmsg, sizeof st->errmsg, "%s: ", st->op);

    if (n < 0 || (size_t)n >= sizeof st->errmsg)
        n = 0;
    va_start(ap, fmt);
    vsnprintf(st->errmsg + n, sizeof st->errmsg - (size_t)n, fmt, ap);
    va_end(ap);
    return code;
}

static void
store_adderr(ll_store *st, const char *fmt, const char *s)
{
    size_t n = strlen(st->errmsg);

    snprintf(st->errmsg + n, sizeof st->errmsg - n, fmt, s);
}

/* Record a failed SQLite call. The connection's message is used only when
 * it belongs to this code (it is more specific, e.g. which constraint). */
int
store_dberr(ll_store *st, int rc)
{
    const char *msg = sqlite3_errstr(rc);

    if (st->db != NULL && sqlite3_extended_errcode(st->db) == rc)
        msg = sqlite3_errmsg(st->db);
    st->last_rc = rc;
    store_seterr(st, 0, "%s", msg);
    return (rc & 0xff) == SQLITE_NOMEM ? LL_ENOMEM : LL_EDB;
}

static bool
store_is_busy(int rc)
{
    return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
}

/* {==================================================================
 * store_q: one statement, typed in and out
 * =================================================================== */

static int
store_bind1(sqlite3_stmt *stmt, int i, char type, va_list *ap)
{
    const char *s;

    switch (type) {
    case 's':
        s = va_arg(*ap, const char *);
        return s != NULL ? sqlite3_bind_text(stmt, i, s, -1, SQLITE_STATIC)
                         : sqlite3_bind_null(stmt, i);
    case 'i': return sqlite3_bind_int(stmt, i, va_arg(*ap, int));
    case 'I': return sqlite3_bind_int64(stmt, i, va_arg(*ap, int64_t));
    case 'd': return sqlite3_bind_double(stmt, i, va_arg(*ap, double));
    }
    ll_panic("store: bad bind type '%c'", type);
}

static int
store_column1(ll_store *st, sqlite3_stmt *stmt, int i, char type,
              va_list *ap)
{
    bool null = sqlite3_column_type(stmt, i) == SQLITE_NULL;
    int *ip;
    int64_t *lp;
    double *dp;
    char **sp;

    switch (type) {
    case 'i':
        ip = va_arg(*ap, int *);
        if (!null)
            *ip = sqlite3_column_int(stmt, i);
        return LL_OK;
    case 'I':
        lp = va_arg(*ap, int64_t *);
        if (!null)
            *lp = sqlite3_column_int64(stmt, i);
        return LL_OK;
    case 'd':
        dp = va_arg(*ap, double *);
        if (!null)
            *dp = sqlite3_column_double(stmt, i);
        return LL_OK;
    case 'S':
        /* Replaces (and frees) what a previous, retried try stored. */
        sp = va_arg(*ap, char **);
        if (null)
            return LL_OK;
        ll_free(*sp);
        *sp = ll_strdup((const char *)sqlite3_column_text(stmt, i));
        return *sp != NULL ? LL_OK
                           : store_seterr(st, LL_ENOMEM, "out of memory");
    }
    ll_panic("store: bad column type '%c'", type);
}

/* Run one statement. fmt is "<in>" or "<in>><out>". Input types bind the
 * parameters in order: s text (NULL binds NULL), i int, I int64_t, d double.
 * Output types receive the first row's columns: i int *, I int64_t *,
 * d double *, S char ** (heap copy). A NULL column leaves its output alone,
 * so callers preset defaults. With outputs, LL_ENOENT means no row (and
 * errmsg is left to the caller); without, all rows are stepped through. */
static int
store_vq(ll_store *st, const char *sql, const char *fmt, va_list ap)
{
    const char *outs = strchr(fmt, '>');
    int nin = (int)(outs != NULL ? (size_t)(outs - fmt) : strlen(fmt));
    sqlite3_stmt *stmt = NULL;
    va_list aq;
    int i, rc, err = LL_OK;

    rc = sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL);
    if (rc != SQLITE_OK)
        return store_dberr(st, rc);
    /* A mismatch is a typo in this file, not a runtime condition. */
    LL_ASSERT(sqlite3_bind_parameter_count(stmt) == nin);
    va_copy(aq, ap);
    for (i = 0; i < nin && rc == SQLITE_OK; i++)
        rc = store_bind1(stmt, i + 1, fmt[i], &aq);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(stmt);
    while (outs == NULL && rc == SQLITE_ROW)
        rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
        for (i = 0; outs[i + 1] != '\0' && err == LL_OK; i++)
            err = store_column1(st, stmt, i, outs[i + 1], &aq);
    } else if (rc == SQLITE_DONE) {
        err = outs != NULL ? LL_ENOENT : LL_OK;
    } else {
        err = store_dberr(st, rc);
    }
    va_end(aq);
    /* finalize only repeats a step error, which is already reported. A
     * statement finalized after its first row has done all its writes
     * (INSERT ... RETURNING included). */
    sqlite3_finalize(stmt);
    return err;
}

int
store_q(ll_store *st, const char *sql, const char *fmt, ...)
{
    va_list ap;
    int err;

    va_start(ap, fmt);
    err = store_vq(st, sql, fmt, ap);
    va_end(ap);
    return err;
}

/* {==================================================================
 * Transactions with bounded retry
 * =================================================================== */

static void
store_backoff(int tries)
{
    /* The busy timeout already waited; this only spaces out the rare
     * retries (5..50 ms) so two writers stop colliding in lockstep. */
    struct timespec ts = { 0, (long)(tries < 10 ? tries : 10) * 5000000L };

    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static void
store_rollback(ll_store *st)
{
    int rc;

    /* SQLite rolls back by itself after some errors (BUSY, FULL, IOERR,
     * NOMEM); only roll back what is still open. */
    if (sqlite3_get_autocommit(st->db))
        return;
    rc = sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        store_adderr(st, "; rollback failed: %s", sqlite3_errstr(rc));
}

/* Run fn inside a fresh transaction (or none: STORE_NOTXN), retrying the
 * whole thing on BUSY/LOCKED. fn must be safe to run again from scratch,
 * which it is because the failed try was rolled back. */
int
store_txn(ll_store *st, enum store_mode mode, store_fn fn, void *ctx)
{
    int tries, err;

    for (tries = 1; ; tries++) {
        st->last_rc = SQLITE_OK;
        err = LL_OK;
        if (mode != STORE_NOTXN)
            err = store_q(st, mode == STORE_WRITE ? "BEGIN IMMEDIATE"
                                                  : "BEGIN", "");
        if (err == LL_OK) {
            err = fn(st, ctx);
            if (err == LL_OK && mode != STORE_NOTXN)
                err = store_q(st, "COMMIT", "");
            /* A failed COMMIT can leave the transaction open. */
            if (err != LL_OK && mode != STORE_NOTXN)
                store_rollback(st);
        }
        if (err == LL_OK || !store_is_busy(st->last_rc)
            || tries >= STORE_MAX_TRIES)
            break;
        store_backoff(tries);
    }
    if (err != LL_OK && store_is_busy(st->last_rc))
        store_adderr(st, "%s", " (gave up retrying)");
    return err;
}

/* One store_q as its own transaction; the arguments are re-read per try. */
struct store_one {
    const char *sql, *fmt;
    va_list ap;
};

static int
store_one_fn(ll_store *st, void *ctx)
{
    struct store_one *one = ctx;

    return store_vq(st, one->sql, one->fmt, one->ap);
}

int
store_q1(ll_store *st, enum store_mode mode, const char *sql,
         const char *fmt, ...)
{
    struct store_one one;
    int err;

    one.sql = sql;
    one.fmt = fmt;
    va_start(one.ap, fmt);
    err = store_txn(st, mode, store_one_fn, &one);
    va_end(one.ap);
    return err;
}

/* {==================================================================
 * Schema
 * =================================================================== */

/* store_migrations[v] takes the schema from user_version v to v + 1.
 * Append only: a released step is never edited. */
static const char *const store_migrations[] = {
    /* 0 -> 1: initial schema. Times are unix seconds. */
    "CREATE TABLE lesson_progress(lesson_id TEXT PRIMARY KEY NOT NULL,"
    "  pages_seen INTEGER NOT NULL CHECK (pages_seen >= 0),"
    "  npages INTEGER NOT NULL CHECK (npages >= 0),"
    "  first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL);"
    "CREATE TABLE demo_runs(id INTEGER PRIMARY KEY, demo_id TEXT NOT NULL,"
    "  at INTEGER NOT NULL);"
    "CREATE INDEX demo_runs_by_demo ON demo_runs(demo_id);"
    "CREATE TABLE attempts(id INTEGER PRIMARY KEY,"
    "  exercise_id TEXT NOT NULL, started_at INTEGER NOT NULL,"
    "  finished_at INTEGER,"
    "  status TEXT NOT NULL CHECK (status IN ('running', 'done')),"
    "  verdict TEXT CHECK (verdict IN ('PASS', 'FAIL', 'RE', 'OLE', 'MLE',"
    "                                  'TLE', 'INTERNAL')),"
    "  score REAL, max_score REAL, file_hash TEXT, engine_version TEXT,"
    "  sandbox_level TEXT, error TEXT,"
    "  vtime REAL,"                         /* NULL when unknown */
    "  CHECK ((status = 'done')"
    "         = (finished_at IS NOT NULL AND verdict IS NOT NULL)));"
    "CREATE INDEX attempts_by_exercise ON attempts(exercise_id, status);"
    "CREATE TABLE check_results("
    "  attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,"
    "  idx INTEGER NOT NULL CHECK (idx >= 0), name TEXT NOT NULL,"
    "  points REAL NOT NULL, passed INTEGER NOT NULL CHECK (passed IN (0, 1)),"
    "  hidden INTEGER NOT NULL CHECK (hidden IN (0, 1)),"
    "  message TEXT NOT NULL, measured TEXT NOT NULL,"
    "  PRIMARY KEY (attempt_id, idx)) WITHOUT ROWID;"
    "CREATE TABLE hints_shown(exercise_id TEXT NOT NULL,"
    "  idx INTEGER NOT NULL CHECK (idx >= 0), at INTEGER NOT NULL,"
    "  PRIMARY KEY (exercise_id, idx)) WITHOUT ROWID;"
    "CREATE TABLE quiz_answers(id INTEGER PRIMARY KEY,"
    "  lesson_id TEXT NOT NULL, q INTEGER NOT NULL CHECK (q >= 0),"
    "  answer TEXT NOT NULL,"
    "  correct INTEGER NOT NULL CHECK (correct IN (0, 1)),"
    "  at INTEGER NOT NULL);"
    "CREATE INDEX quiz_answers_by_q ON quiz_answers(lesson_id, q, id);"
    "CREATE TABLE kv(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)"
    "  WITHOUT ROWID;",
    /* 1 -> 2: the instructor's gradebook (store_grade.c). A progress DB
     * carries the empty tables; a gradebook DB carries no progress. Only
     * real grades: INTERNAL (our fault) is never stored. */
    "CREATE TABLE grades(id INTEGER PRIMARY KEY,"
    "  student TEXT NOT NULL, item TEXT NOT NULL,"
    "  file_hash TEXT NOT NULL, checks_hash TEXT NOT NULL,"
    "  graded_at INTEGER NOT NULL,"
    "  verdict TEXT NOT NULL CHECK (verdict IN ('PASS', 'FAIL', 'RE', 'OLE',"
    "                                           'MLE', 'TLE')),"
    "  score REAL NOT NULL, max_score REAL NOT NULL,"
    "  sandbox_level TEXT NOT NULL, engine_version TEXT NOT NULL,"
    "  result_json TEXT NOT NULL,"
    "  UNIQUE (student, item, file_hash, checks_hash));"
    "CREATE INDEX grades_latest ON grades(item, student, id);",
    /* 2 -> 3: what a report shows besides its checks (issue 15): the
     * notice shown first (a never-awaited coroutine), the interpreter
     * when it was not the default, and each check's hint. Older rows
     * read as none of them. */
    "ALTER TABLE attempts ADD COLUMN notice TEXT;"
    "ALTER TABLE attempts ADD COLUMN python TEXT;"
    "ALTER TABLE check_results ADD COLUMN"
    "  hint INTEGER NOT NULL DEFAULT 0 CHECK (hint >= 0);",
};

#define STORE_VERSION ((int)LL_COUNTOF(store_migrations))

typedef struct store_hdr {
    int64_t app_id, version, nobjects;
} store_hdr;

static int
store_read_hdr(ll_store *st, void *ctx)
{
    store_hdr *h = ctx;

    h->app_id = h->version = h->nobjects = 0;
    return store_q(st, "SELECT"
                   " (SELECT application_id FROM pragma_application_id),"
                   " (SELECT user_version FROM pragma_user_version),"
                   " (SELECT count(*) FROM sqlite_master)",
                   ">III", &h->app_id, &h->version, &h->nobjects);
}

/* Refuse what we must not touch: another application's database, an
 * unmarked one that already has content, or a schema from a newer looplab. */
static int
store_check_hdr(ll_store *st, const store_hdr *h)
{
    if (h->app_id != STORE_APP_ID
        && (h->app_id != 0 || h->version != 0 || h->nobjects != 0))
        return store_seterr(st, LL_EDB, "not a looplab database "
                            "(application_id 0x%08llx, %lld schema objects)",
                            (unsigned long long)(uint32_t)h->app_id,
                            (long long)h->nobjects);
    if (h->version > STORE_VERSION)
        return store_seterr(st, LL_EDB, "database schema version %lld is "
                            "newer than this looplab understands (%d); "
                            "upgrade looplab or set LOOPLAB_DB to another file",
                            (long long)h->version, STORE_VERSION);
    return LL_OK;
}

static int
store_migrate_fn(ll_store *st, void *ctx)
{
    store_hdr h;
    char sql[64];
    int64_t v;
    int rc, err;

    (void)ctx;
    /* Re-read under the write lock: another process may have migrated
     * between our first look and BEGIN IMMEDIATE. */
    err = store_read_hdr(st, &h);
    if (err == LL_OK)
        err = store_check_hdr(st, &h);
    if (err == LL_OK && h.version == STORE_VERSION && h.app_id == STORE_APP_ID)
        return LL_OK;
    for (v = h.version; err == LL_OK && v < STORE_VERSION; v++) {
        /* Constant multi-statement text, so sqlite3_exec is fine here. */
        rc = sqlite3_exec(st->db, store_migrations[v], NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            err = store_dberr(st, rc);
            store_seterr(st, err, "schema step %lld -> %lld: %s",
                         (long long)v, (long long)v + 1,
                         sqlite3_errmsg(st->db));
        }
    }
    /* PRAGMAs take no parameters; both values are our own constants. */
    snprintf(sql, sizeof sql, "PRAGMA application_id = %d", STORE_APP_ID);
    if (err == LL_OK)
        err = store_q(st, sql, "");
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", STORE_VERSION);
    if (err == LL_OK)
        err = store_q(st, sql, "");
    return err;
}

static int
store_wal_fn(ll_store *st, void *ctx)
{
    char *mode = NULL;
    int err;

    (void)ctx;
    /* journal_mode=WAL is persistent, so set it only when missing: the
     * switch needs an exclusive lock we do not want on every open. */
    err = store_q(st, "PRAGMA journal_mode", ">S", &mode);
    if (err == LL_OK && (mode == NULL || sqlite3_stricmp(mode, "wal") != 0))
        err = store_q(st, "PRAGMA journal_mode = WAL", "");
    ll_free(mode);
    return err;
}

static int
store_migrate(ll_store *st)
{
    store_hdr h = { 0, 0, 0 };
    int err;

    err = store_txn(st, STORE_READ, store_read_hdr, &h);
    if (err == LL_OK)
        err = store_check_hdr(st, &h);
    /* A filesystem without shared memory support stays in its old mode;
     * that still works, only without concurrent readers. */
    if (err == LL_OK)
        err = store_txn(st, STORE_NOTXN, store_wal_fn, NULL);
    /* Up to date and ours: no write lock needed. */
    if (err == LL_OK
        && (h.version != STORE_VERSION || h.app_id != STORE_APP_ID))
        err = store_txn(st, STORE_WRITE, store_migrate_fn, NULL);
    return err;
}

/* {==================================================================
 * Open / close
 * =================================================================== */

char *
ll_store_default_path(void)
{
    const char *v = getenv("LOOPLAB_DB");

    if (v != NULL && *v != '\0')
        return ll_strdup(v);
    /* The XDG spec: relative (or empty) paths are invalid, ignore them. */
    v = getenv("XDG_DATA_HOME");
    if (v != NULL && v[0] == '/')
        return ll_asprintf("%s/looplab/progress.db", v);
    v = getenv("HOME");
    if (v == NULL || *v == '\0') {     /* e.g. a bare cron or systemd env */
        const struct passwd *pw = getpwuid(getuid());
        v = pw != NULL && pw->pw_dir[0] == '/' ? pw->pw_dir : NULL;
    }
    if (v == NULL)
        return NULL;
    return ll_asprintf("%s/.local/share/looplab/progress.db", v);
}

static int
store_make_parent(ll_store *st)
{
    char *dir = ll_strdup(st->path);
    char *slash;
    int err = LL_OK;

    if (dir == NULL)
        return store_seterr(st, LL_ENOMEM, "out of memory");
    slash = strrchr(dir, '/');
    if (slash != NULL && slash != dir) {
        *slash = '\0';
        err = ll_mkdirs(dir, 0700);
        if (err != LL_OK && err != LL_ENOMEM)
            err = store_seterr(st, LL_EDB, "cannot create directory %s: %s",
                               dir, strerror(errno));
        else if (err == LL_ENOMEM)
            store_seterr(st, err, "out of memory");
    }
    ll_free(dir);
    return err;
}

static int
store_connect(ll_store *st)
{
    int rc, e, err;

    rc = sqlite3_open_v2(st->path, &st->db,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                         | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, NULL);
    if (rc != SQLITE_OK) {
        e = st->db != NULL ? sqlite3_system_errno(st->db) : 0;
        err = store_dberr(st, rc);
        if (e != 0)
            store_adderr(st, " (%s)", strerror(e));
        return err;
    }
    /* Per connection; none of these persist in the file. */
    rc = sqlite3_extended_result_codes(st->db, 1);
    if (rc == SQLITE_OK)
        rc = sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
    if (rc != SQLITE_OK)
        return store_dberr(st, rc);
    err = store_q(st, "PRAGMA foreign_keys = ON", "");
    if (err == LL_OK)
        err = store_q(st, "PRAGMA synchronous = FULL", "");
    return err;
}

static void
store_free(ll_store *st)
{
    if (st->db != NULL) {
        /* Every statement is finalized where it is prepared, so a busy
         * close would be a bug in this file. */
        int rc = sqlite3_close(st->db);
        (void)LL_ALWAYS(rc == SQLITE_OK);
    }
    ll_free(st->path);
    ll_free(st);
}

int
ll_store_open(const char *path, ll_store **out, char **errmsg)
{
    ll_store *st;
    int err;

    LL_ASSERT(out != NULL);
    *out = NULL;
    if (errmsg != NULL)
        *errmsg = NULL;
    if (path == NULL || *path == '\0') {
        if (errmsg != NULL)
            *errmsg = ll_strdup("progress store: empty database path");
        return LL_EINVAL;
    }
    st = ll_calloc(1, sizeof *st);
    if (st == NULL || (st->path = ll_strdup(path)) == NULL) {
        ll_free(st);
        return LL_ENOMEM;
    }
    store_clearerr(st, st->path);   /* open messages start with the path */
    err = store_make_parent(st);
    if (err == LL_OK)
        err = store_connect(st);
    if (err == LL_OK)
        err = store_migrate(st);
    /* Whichever statement first read the file met the foreign bytes. */
    if (err != LL_OK && (st->last_rc & 0xff) == SQLITE_NOTADB)
        store_seterr(st, err, "not a looplab database (%s)",
                     sqlite3_errstr(st->last_rc));
    if (err != LL_OK) {
        if (errmsg != NULL)
            *errmsg = ll_strdup(st->errmsg);
        store_free(st);
        return err;
    }
    store_clearerr(st, "store");
    *out = st;
    return LL_OK;
}

void
ll_store_close(ll_store *st)
{
    if (st != NULL)
        store_free(st);
}

const char *
ll_store_errmsg(const ll_store *st)
{
    return st != NULL ? st->errmsg : "no progress store";
}

int
ll_store_schema_version(ll_store *st)
{
    int v = 0;
    int err;

    store_clearerr(st, "schema version");
    err = store_q1(st, STORE_READ, "PRAGMA user_version", ">i", &v);
    return err != LL_OK ? err : v;
}

int
ll_store_data_version(ll_store *st, int64_t *out)
{
    store_clearerr(st, "data version");
    return store_q1(st, STORE_READ, "PRAGMA data_version", ">I", out);
}

int
ll_store_integrity_check(ll_store *st)
{
    char *first = NULL;
    int err;

    /* One row "ok" when healthy, else one row per problem: keep the first. */
    store_clearerr(st, "integrity check");
    err = store_q1(st, STORE_READ, "PRAGMA integrity_check", ">S", &first);
    if (err == LL_OK && (first == NULL || strcmp(first, "ok") != 0))
        err = store_seterr(st, LL_EDB, "%s", first ? first : "no answer");
    ll_free(first);
    return err;
}

/* {=================== competencies (course/assess.c) ===================} */

int
ll_store_quiz_question(ll_store *st, const char *lesson_id, int q,
                       ll_quiz_q_status *out)
{
    int err;

    store_clearerr(st, "read quiz question");
    memset(out, 0, sizeof *out);
    /* Answers are only appended, so rowid order is answer order. */
    err = store_q1(st, STORE_READ,
        "SELECT count(*),"
        "  coalesce((SELECT correct FROM quiz_answers WHERE lesson_id = ?1"
        "            AND q = ?2 ORDER BY id ASC LIMIT 1), 0),"
        "  coalesce((SELECT correct FROM quiz_answers WHERE lesson_id = ?1"
        "            AND q = ?2 ORDER BY id DESC LIMIT 1), 0)"
        " FROM quiz_answers WHERE lesson_id = ?1 AND q = ?2",
        "si>iii", lesson_id, q, &out->answers, &out->first_correct,
        &out->latest_correct);
    if (err != LL_OK)
        memset(out, 0, sizeof *out);
    return err;
}

int
ll_store_check_passed(ll_store *st, const char *exercise_id,
                      const char *check_name, bool *out)
{
    int n = 0, err;

    store_clearerr(st, "read check results");
    err = store_q1(st, STORE_READ,
        "SELECT count(*) FROM check_results c"
        " JOIN attempts a ON a.id = c.attempt_id"
        " WHERE a.exercise_id = ?1 AND a.status = 'done' AND c.name = ?2"
        "   AND c.passed = 1",
        "ss>i", exercise_id, check_name, &n);
    *out = err == LL_OK && n > 0;
    return err;
}
