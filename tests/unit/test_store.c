/* SPDX-License-Identifier: MIT
 * tests/unit/test_store.c -- the SQLite progress store (store/store.c).
 *
 * Each test gets a fresh temp dir. Facts SQLite keeps in the file header
 * (application_id, user_version, WAL mode) are read straight from the
 * closed file, so this test needs no sqlite3.h. The concurrency and kill -9
 * tests fork children that open their own connection (never one inherited
 * across fork) and report to the parent over pipes; children never call
 * cmocka asserts, they _exit non-zero instead.
 */
#include "testutil.h"
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define LATEST_SCHEMA 3   /* bump with store_migrations[] in store.c */

typedef struct fixture {
    char *dir;
    char *db;    /* <dir>/data/looplab/progress.db: parents do not exist */
} fixture;

static int
setup(void **state)
{
    fixture *f = ll_calloc(1, sizeof *f);

    assert_non_null(f);
    f->dir = tu_tmpdir();
    f->db = ll_asprintf("%s/data/looplab/progress.db", f->dir);
    assert_non_null(f->db);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    fixture *f = *state;

    tu_rmtree(f->dir);
    ll_free(f->dir);
    ll_free(f->db);
    ll_free(f);
    return 0;
}

static ll_store *
open_ok(const char *path)
{
    ll_store *st = NULL;
    char *msg = NULL;
    int err = ll_store_open(path, &st, &msg);

    if (err != LL_OK)
        fail_msg("open %s: %s: %s", path, ll_errname(err), msg ? msg : "-");
    assert_null(msg);
    return st;
}

/* Big-endian u32 at a file header offset (the DB must be closed). */
static uint32_t
hdr_get32(const char *path, off_t off)
{
    unsigned char b[4];
    int fd = open(path, O_RDONLY);

    assert_true(fd >= 0);
    assert_int_equal(pread(fd, b, 4, off), 4);
    close(fd);
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16
         | (uint32_t)b[2] << 8 | b[3];
}

static void
hdr_put32(const char *path, off_t off, uint32_t v)
{
    unsigned char b[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
                           (unsigned char)(v >> 8), (unsigned char)v };
    int fd = open(path, O_WRONLY);

    assert_true(fd >= 0);
    assert_int_equal(pwrite(fd, b, 4, off), 4);
    assert_int_equal(close(fd), 0);
}

static void
add_attempt(ll_store *st, const char *ex, ll_verdict v, int npass, int nfail,
            int64_t *id_out)
{
    ll_result r;
    int64_t id;
    int i;

    assert_int_equal(ll_store_attempt_begin(st, ex, "hash", &id), LL_OK);
    ll_result_init(&r);
    r.verdict = v;
    for (i = 0; i < npass + nfail; i++)
        assert_int_equal(ll_result_add(&r, "check", 1, i < npass, false,
                                       i < npass ? "" : "wrong", "1.0"),
                         LL_OK);
    assert_int_equal(ll_store_attempt_finish(st, id, &r, "L1"), LL_OK);
    ll_result_close(&r);
    if (id_out != NULL)
        *id_out = id;
}

/* {==== Open, migrate, refuse ==== */

static void
test_open_creates_dirs_and_migrates(void **state)
{
    fixture *f = *state;
    ll_store *st = open_ok(f->db);
    char *parent = ll_asprintf("%s/data/looplab", f->dir);
    struct stat sb;

    assert_int_equal(ll_store_schema_version(st), LATEST_SCHEMA);
    assert_int_equal(ll_store_integrity_check(st), LL_OK);
    ll_store_close(st);

    assert_int_equal(stat(parent, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0700);
    ll_free(parent);
    /* The file header itself: application_id "LOOP" at 68, user_version
     * at 60, and read/write format 2 (WAL, persistent) at 18/19. */
    assert_int_equal(hdr_get32(f->db, 68), 0x4C4F4F50);
    assert_int_equal(hdr_get32(f->db, 60), LATEST_SCHEMA);
    assert_int_equal(hdr_get32(f->db, 16) & 0xffff, 0x0202);
}

static void
test_reopen_is_idempotent(void **state)
{
    fixture *f = *state;
    ll_store *a = open_ok(f->db), *b;
    char *v = NULL;

    assert_int_equal(ll_store_kv_set(a, "screen", "lesson"), LL_OK);
    b = open_ok(f->db);               /* second connection while open */
    assert_int_equal(ll_store_schema_version(b), LATEST_SCHEMA);
    assert_int_equal(ll_store_kv_get(b, "screen", &v), LL_OK);
    assert_string_equal(v, "lesson");
    ll_free(v);
    ll_store_close(b);
    ll_store_close(a);

    a = open_ok(f->db);
    assert_int_equal(ll_store_schema_version(a), LATEST_SCHEMA);
    assert_int_equal(ll_store_kv_get(a, "screen", &v), LL_OK);
    assert_string_equal(v, "lesson");
    ll_free(v);
    assert_int_equal(ll_store_integrity_check(a), LL_OK);
    ll_store_close(a);
}

static void
expect_refused(const char *path, const char *needle)
{
    ll_store *st = (ll_store *)1;
    char *msg = NULL;
    bool ok;

    assert_int_equal(ll_store_open(path, &st, &msg), LL_EDB);
    assert_null(st);
    assert_non_null(msg);
    ok = strstr(msg, path) != NULL && strstr(msg, needle) != NULL;
    if (!ok)
        print_error("message '%s' lacks '%s' or '%s'\n", msg, path, needle);
    ll_free(msg);
    assert_true(ok);
}

static void
test_newer_schema_is_refused(void **state)
{
    fixture *f = *state;

    ll_store_close(open_ok(f->db));
    hdr_put32(f->db, 60, LATEST_SCHEMA + 7);
    expect_refused(f->db, "newer than this looplab");
    /* Refusing must not have touched the file. */
    assert_int_equal(hdr_get32(f->db, 60), LATEST_SCHEMA + 7);
}

static void
test_non_database_is_refused(void **state)
{
    fixture *f = *state;
    char junk[4096];
    char *back = NULL;
    size_t len = 0;

    memset(junk, 'x', sizeof junk - 1);
    junk[sizeof junk - 1] = '\0';
    tu_write(f->db, junk);
    expect_refused(f->db, "not a looplab database");
    assert_int_equal(ll_read_file(f->db, &back, &len), LL_OK);
    assert_int_equal(len, sizeof junk - 1);
    assert_string_equal(back, junk);
    ll_free(back);

    /* A directory where the file should be. */
    expect_refused(f->dir, "unable to open");
}

static void
test_foreign_sqlite_db_is_refused(void **state)
{
    fixture *f = *state;

    /* A real SQLite file with tables, stamped by another application. */
    ll_store_close(open_ok(f->db));
    hdr_put32(f->db, 68, 0x12345678);
    expect_refused(f->db, "not a looplab database");
    /* Unstamped but with content: also not ours. */
    hdr_put32(f->db, 68, 0);
    expect_refused(f->db, "not a looplab database");
}

static void
test_default_path(void **state)
{
    const char *keys[] = { "LOOPLAB_DB", "XDG_DATA_HOME", "HOME" };
    char *saved[3], *p;
    size_t i;

    (void)state;
    for (i = 0; i < 3; i++) {
        const char *v = getenv(keys[i]);
        saved[i] = v ? ll_strdup(v) : NULL;
    }
    setenv("HOME", "/home/u", 1);
    setenv("XDG_DATA_HOME", "/xdg", 1);
    setenv("LOOPLAB_DB", "/tmp/x/p.db", 1);
    p = ll_store_default_path();
    assert_string_equal(p, "/tmp/x/p.db");
    ll_free(p);

    setenv("LOOPLAB_DB", "", 1);          /* empty means unset */
    p = ll_store_default_path();
    assert_string_equal(p, "/xdg/looplab/progress.db");
    ll_free(p);

    unsetenv("LOOPLAB_DB");
    setenv("XDG_DATA_HOME", "rel/data", 1);   /* relative: ignored */
    p = ll_store_default_path();
    assert_string_equal(p, "/home/u/.local/share/looplab/progress.db");
    ll_free(p);

    setenv("XDG_DATA_HOME", "", 1);
    p = ll_store_default_path();
    assert_string_equal(p, "/home/u/.local/share/looplab/progress.db");
    ll_free(p);

    for (i = 0; i < 3; i++) {
        if (saved[i] != NULL)
            setenv(keys[i], saved[i], 1);
        else
            unsetenv(keys[i]);
        ll_free(saved[i]);
    }
}

/* {==== Progress data ==== */

static void
test_page_seen_keeps_max(void **state)
{
    fixture *f = *state;
    ll_store *st = open_ok(f->db);
    int n = -1;

    assert_int_equal(ll_store_lesson_pages_seen(st, "l1", &n), LL_OK);
    assert_int_equal(n, 0);
    assert_int_equal(ll_store_page_seen(st, "l1", 0, 5), LL_OK);
    assert_int_equal(ll_store_page_seen(st, "l1", 3, 5), LL_OK);
    assert_int_equal(ll_store_page_seen(st, "l1", 1, 5), LL_OK);
    assert_int_equal(ll_store_lesson_pages_seen(st, "l1", &n), LL_OK);
    assert_int_equal(n, 4);
    assert_int_equal(ll_store_page_seen(st, "l1", 5, 5), LL_EINVAL);
    assert_int_equal(ll_store_page_seen(st, "l1", -1, 5), LL_EINVAL);
    assert_non_null(strstr(ll_store_errmsg(st), "bad page"));
    assert_int_equal(ll_store_lesson_pages_seen(st, "l2", &n), LL_OK);
    assert_int_equal(n, 0);
    assert_int_equal(ll_store_demo_run(st, "d1"), LL_OK);
    assert_int_equal(ll_store_demo_run(st, "d1"), LL_OK);
    ll_store_close(st);
}

/* data_version moves when another connection commits, not for our own
 * writes: how the TUI knows a CLI check in another terminal happened. */
static void
test_data_version_sees_other_writers(void **state)
{
    fixture *f = *state;
    ll_store *tui = open_ok(f->db), *cli = open_ok(f->db);
    int64_t v0 = -1, v1 = -1, v2 = -1, v3 = -1;

    assert_int_equal(ll_store_data_version(tui, &v0), LL_OK);
    assert_int_equal(ll_store_page_seen(tui, "l1", 0, 2), LL_OK);
    assert_int_equal(ll_store_data_version(tui, &v1), LL_OK);
    assert_true(v1 == v0);                      /* our own write */
    assert_int_equal(ll_store_data_version(tui, &v2), LL_OK);
    assert_true(v2 == v1);                      /* nothing happened */
    add_attempt(cli, "1.1a", LL_VERDICT_PASS, 2, 0, NULL);
    assert_int_equal(ll_store_data_version(tui, &v3), LL_OK);
    assert_true(v3 != v2);                      /* the other one wrote */
    ll_store_close(cli);
    ll_store_close(tui);
}

/* Study time as every command counts it: a short gap since the lesson's
 * last activity is added, a long one (a break) is not; adds from two
 * connections both land. */
static void
test_study_time(void **state)
{
    fixture *f = *state;
    ll_store *a = open_ok(f->db), *b = open_ok(f->db);
    char *v = NULL;

    assert_int_equal(ll_store_study(a, "1.1", 1000, 300), LL_OK);   /* first */
    assert_int_equal(ll_store_kv_get(a, "time.1.1", &v), LL_ENOENT);
    assert_int_equal(ll_store_study(b, "1.1", 1100, 300), LL_OK);   /* +100 */
    assert_int_equal(ll_store_study(a, "1.1", 2000, 300), LL_OK);   /* break */
    assert_int_equal(ll_store_study(b, "1.1", 2030, 300), LL_OK);   /* +30 */
    assert_int_equal(ll_store_study(b, "1.1", 2020, 300), LL_OK);   /* past */
    assert_int_equal(ll_store_kv_get(a, "time.1.1", &v), LL_OK);
    assert_string_equal(v, "130");
    ll_free(v);
    assert_int_equal(ll_store_kv_get(a, "seen.1.1", &v), LL_OK);
    assert_string_equal(v, "2030");
    ll_free(v);
    /* the TUI's saved part is added, never overwritten */
    assert_int_equal(ll_store_kv_add(a, "time.1.1", 70), LL_OK);
    assert_int_equal(ll_store_kv_add(b, "time.1.1", 5), LL_OK);
    assert_int_equal(ll_store_kv_get(b, "time.1.1", &v), LL_OK);
    assert_string_equal(v, "205");
    ll_free(v);
    assert_int_equal(ll_store_kv_max(a, "seen.1.1", 1500), LL_OK);
    assert_int_equal(ll_store_kv_get(a, "seen.1.1", &v), LL_OK);
    assert_string_equal(v, "2030");
    ll_free(v);
    assert_int_equal(ll_store_kv_max(a, "seen.1.1", 2500), LL_OK);
    assert_int_equal(ll_store_kv_get(a, "seen.1.1", &v), LL_OK);
    assert_string_equal(v, "2500");
    ll_free(v);
    ll_store_close(b);
    ll_store_close(a);
}

static void
test_attempt_round_trip(void **state)
{
    fixture *f = *state;
    ll_store *st = open_ok(f->db);
    ll_ex_status s;
    ll_result r, back;
    int64_t id, id2;

    assert_int_equal(ll_store_attempt_begin(st, "ex1", "abc123", &id), LL_OK);
    assert_true(id > 0);
    ll_result_init(&r);
    r.verdict = LL_VERDICT_FAIL;
    r.vtime = 3.5;
    r.error = ll_strdup("AssertionError: 41 != 42");
    assert_int_equal(ll_result_add(&r, "compiles", 1, true, false, "", ""),
                     LL_OK);
    assert_int_equal(ll_result_add(&r, "fast enough", 2.5, false, false,
                                   "took 6.0 s", "6.0"), LL_OK);
    ll_result_set_hint(&r, 2);
    r.notice = ll_strdup("coroutine 'fetch' was never awaited (line 12)");
    r.python = ll_strdup("3.12.1 (/opt/py/bin/python3)");
    assert_int_equal(ll_result_add(&r, "secret", 3, true, true, "", "x'y"),
                     LL_OK);
    assert_int_equal(ll_store_attempt_finish(st, id, &r, "L1"), LL_OK);
    /* Only once, and only for attempts that exist. */
    assert_int_equal(ll_store_attempt_finish(st, id, &r, "L1"), LL_ESTATE);
    assert_int_equal(ll_store_attempt_finish(st, id + 100, &r, "L1"),
                     LL_ENOENT);
    ll_result_close(&r);

    assert_int_equal(ll_store_last_result(st, "ex1", &back), LL_OK);
    assert_string_equal(back.exercise, "ex1");
    assert_int_equal(back.verdict, LL_VERDICT_FAIL);
    assert_string_equal(back.error, "AssertionError: 41 != 42");
    assert_true(back.vtime == 3.5);
    assert_int_equal(back.nchecks, 3);
    assert_string_equal(back.checks[0].name, "compiles");
    assert_true(back.checks[0].passed);
    assert_string_equal(back.checks[1].message, "took 6.0 s");
    assert_string_equal(back.checks[1].measured, "6.0");
    assert_true(back.checks[1].points == 2.5);
    assert_false(back.checks[1].passed);
    assert_true(back.checks[2].hidden);
    assert_string_equal(back.checks[2].measured, "x'y");
    assert_int_equal(back.checks[0].hint, 0);
    assert_int_equal(back.checks[1].hint, 2);
    assert_string_equal(back.notice,
                        "coroutine 'fetch' was never awaited (line 12)");
    assert_string_equal(back.python, "3.12.1 (/opt/py/bin/python3)");
    ll_result_close(&back);

    assert_int_equal(ll_store_exercise_status(st, "ex1", &s), LL_OK);
    assert_int_equal(s.attempts, 1);
    assert_false(s.passed);
    assert_int_equal(s.best_passed, 2);
    assert_int_equal(s.best_total, 3);
    assert_true(s.last_at > 0);

    /* A later pass with unknown vtime and no error text. */
    add_attempt(st, "ex1", LL_VERDICT_PASS, 3, 0, &id2);
    assert_int_equal(ll_store_last_result(st, "ex1", &back), LL_OK);
    assert_int_equal(back.verdict, LL_VERDICT_PASS);
    assert_true(back.vtime == -1);
    assert_string_equal(back.error, "");
    assert_int_equal(back.nchecks, 3);
    ll_result_close(&back);
    assert_int_equal(ll_store_exercise_status(st, "ex1", &s), LL_OK);
    assert_int_equal(s.attempts, 2);
    assert_true(s.passed);
    assert_int_equal(s.best_passed, 3);

    /* A result that names another exercise is refused. */
    assert_int_equal(ll_store_attempt_begin(st, "ex1", NULL, &id), LL_OK);
    ll_result_init(&r);
    r.exercise = ll_strdup("ex2");
    assert_int_equal(ll_store_attempt_finish(st, id, &r, NULL), LL_EINVAL);
    ll_result_close(&r);

    assert_int_equal(ll_store_last_result(st, "nope", &back), LL_ENOENT);
    assert_int_equal(back.nchecks, 0);
    assert_int_equal(ll_store_integrity_check(st), LL_OK);
    ll_store_close(st);
}

static void
test_running_attempt_never_counts(void **state)
{
    fixture *f = *state;
    ll_store *st = open_ok(f->db);
    ll_ex_status s;
    ll_result back;
    int64_t id;

    /* Begun, then the process "dies" before finishing. */
    assert_int_equal(ll_store_attempt_begin(st, "ex", "h", &id), LL_OK);
    ll_store_close(st);
    st = open_ok(f->db);
    assert_int_equal(ll_store_exercise_status(st, "ex", &s), LL_OK);
    assert_int_equal(s.attempts, 0);
    assert_false(s.passed);
    assert_int_equal(s.last_at, 0);
    assert_int_equal(ll_store_last_result(st, "ex", &back), LL_ENOENT);
    ll_result_close(&back);

    add_attempt(st, "ex", LL_VERDICT_FAIL, 1, 1, NULL);
    assert_int_equal(ll_store_attempt_begin(st, "ex", "h", &id), LL_OK);
    assert_int_equal(ll_store_exercise_status(st, "ex", &s), LL_OK);
    assert_int_equal(s.attempts, 1);
    assert_false(s.passed);
    assert_int_equal(ll_store_last_result(st, "ex", &back), LL_OK);
    assert_int_equal(back.verdict, LL_VERDICT_FAIL);
    ll_result_close(&back);
    ll_store_close(st);
}

static void
test_hints_idempotent(void **state)
{
    fixture *f = *state;
    ll_store *st = open_ok(f->db);
    ll_ex_status s;

    assert_int_equal(ll_store_hint_shown(st, "ex", 0), LL_OK);
    assert_int_equal(ll_store_hint_shown(st, "ex", 0), LL_OK);
    assert_int_equal(ll_store_exercise_status(st, "ex", &s), LL_OK);
    assert_int_equal(s.hints_shown, 1);
    assert_int_equal(ll_store_hint_shown(st, "ex", 2), LL_OK);
    assert_int_equal(ll_store_hint_shown(st, "ex", 1), LL_OK);
    assert_int_equal(ll_store_exercise_status(st, "ex", &s), LL_OK);
    assert_int_equal(s.hints_shown, 3);
    assert_int_equal(ll_store_hint_shown(st, "ex", -1), LL_EINVAL);
    assert_int_equal(ll_store_exercise_status(st, "other", &s), LL_OK);
    assert_int_equal(s.hints_shown, 0);
    ll_store_close(st);
}

static void
test_quiz_status(void **state)
{
    fixture *f = *state;
    ll_store *st = open_ok(f->db);
    ll_quiz_status q;

    assert_int_equal(ll_store_quiz_status(st, "l", &q), LL_OK);
    assert_int_equal(q.answered + q.correct + q.first_try, 0);
    /* q0: wrong then right.  q1: right then wrong.  q2: right once. */
    assert_int_equal(ll_store_quiz_answer(st, "l", 0, "b", false), LL_OK);
    assert_int_equal(ll_store_quiz_answer(st, "l", 0, "a", true), LL_OK);
    assert_int_equal(ll_store_quiz_answer(st, "l", 1, "c", true), LL_OK);
    assert_int_equal(ll_store_quiz_answer(st, "l", 1, "d", false), LL_OK);
    assert_int_equal(ll_store_quiz_answer(st, "l", 2, "a", true), LL_OK);
    assert_int_equal(ll_store_quiz_answer(st, "other", 0, "a", true), LL_OK);
    assert_int_equal(ll_store_quiz_status(st, "l", &q), LL_OK);
    assert_int_equal(q.answered, 3);
    assert_int_equal(q.correct, 2);      /* q0, q2 */
    assert_int_equal(q.first_try, 2);    /* q1, q2 */
    assert_int_equal(ll_store_quiz_answer(st, "l", -1, "a", true), LL_EINVAL);
    ll_store_close(st);
}

static void
test_kv(void **state)
{
    fixture *f = *state;
    ll_store *st = open_ok(f->db);
    char *v = (char *)"sentinel";

    assert_int_equal(ll_store_kv_get(st, "k", &v), LL_ENOENT);
    assert_null(v);
    assert_non_null(strstr(ll_store_errmsg(st), "not set"));
    assert_int_equal(ll_store_kv_set(st, "k", "one"), LL_OK);
    assert_int_equal(ll_store_kv_set(st, "k", "two'; DROP TABLE kv; --"),
                     LL_OK);
    assert_int_equal(ll_store_kv_get(st, "k", &v), LL_OK);
    assert_string_equal(v, "two'; DROP TABLE kv; --");
    ll_free(v);
    assert_int_equal(ll_store_kv_set(st, "empty", ""), LL_OK);
    assert_int_equal(ll_store_kv_get(st, "empty", &v), LL_OK);
    assert_string_equal(v, "");
    ll_free(v);
    assert_int_equal(ll_store_integrity_check(st), LL_OK);
    ll_store_close(st);
}

/* Out-of-memory at each allocation: a clean error, no leak (ASan). */
static void
test_oom_paths(void **state)
{
    fixture *f = *state;
    ll_store *st;
    ll_result back;
    char *v, *msg;
    long k;
    int err;

    for (k = 1; ; k++) {
        ll_alloc_fail_after(k);
        err = ll_store_open(f->db, &st, &msg);
        ll_alloc_fail_after(0);
        if (err == LL_OK)
            break;
        assert_int_equal(err, LL_ENOMEM);
        assert_null(st);
        ll_free(msg);
    }
    add_attempt(st, "ex", LL_VERDICT_PASS, 2, 1, NULL);
    assert_int_equal(ll_store_kv_set(st, "k", "v"), LL_OK);
    for (k = 1; ; k++) {
        ll_alloc_fail_after(k);
        err = ll_store_last_result(st, "ex", &back);
        ll_alloc_fail_after(0);
        if (err == LL_OK)
            break;
        assert_int_equal(err, LL_ENOMEM);
        assert_int_equal(back.nchecks, 0);
    }
    assert_int_equal(back.nchecks, 3);
    ll_result_close(&back);
    ll_alloc_fail_after(1);
    assert_int_equal(ll_store_kv_get(st, "k", &v), LL_ENOMEM);
    ll_alloc_fail_after(0);
    assert_null(v);
    ll_store_close(st);
}

/* {==== Processes: concurrent writers, kill -9 ==== */

#define NWRITES 200

static void
child_fail(ll_store *st, const char *what)
{
    fprintf(stderr, "child %d: %s: %s\n", (int)getpid(), what,
            st ? ll_store_errmsg(st) : "-");
    _exit(1);
}

static void
child_writer(const char *db, const char *ex, int go_fd)
{
    ll_store *st = NULL;
    char *msg = NULL, c;
    ll_result r;
    int64_t id;
    int i;

    if (read(go_fd, &c, 1) != 0)      /* EOF is the start signal */
        _exit(2);
    if (ll_store_open(db, &st, &msg) != LL_OK) {
        fprintf(stderr, "child open: %s\n", msg ? msg : "?");
        _exit(1);
    }
    ll_result_init(&r);
    if (ll_result_add(&r, "a", 1, true, false, "", "") != LL_OK
        || ll_result_add(&r, "b", 1, false, false, "no", "") != LL_OK)
        _exit(1);
    for (i = 0; i < NWRITES; i++) {
        if (ll_store_attempt_begin(st, ex, "h", &id) != LL_OK)
            child_fail(st, "begin");
        if (ll_store_attempt_finish(st, id, &r, "L0") != LL_OK)
            child_fail(st, "finish");
        if (i % 50 == 0 && ll_store_kv_set(st, ex, "x") != LL_OK)
            child_fail(st, "kv");
    }
    ll_result_close(&r);
    ll_store_close(st);
    _exit(0);
}

static void
test_two_writers_interleaved(void **state)
{
    fixture *f = *state;
    const char *ex[2] = { "w0", "w1" };
    pid_t pid[2];
    int go[2], i, status;
    ll_ex_status s;
    ll_store *st;

    ll_store_close(open_ok(f->db));
    assert_int_equal(pipe(go), 0);
    for (i = 0; i < 2; i++) {
        pid[i] = fork();
        assert_true(pid[i] >= 0);
        if (pid[i] == 0) {
            close(go[1]);
            child_writer(f->db, ex[i], go[0]);
        }
    }
    close(go[0]);
    close(go[1]);                     /* both start at once */
    for (i = 0; i < 2; i++) {
        assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    st = open_ok(f->db);
    assert_int_equal(ll_store_integrity_check(st), LL_OK);
    for (i = 0; i < 2; i++) {
        assert_int_equal(ll_store_exercise_status(st, ex[i], &s), LL_OK);
        assert_int_equal(s.attempts, NWRITES);
        assert_int_equal(s.best_passed, 1);
        assert_int_equal(s.best_total, 2);
    }
    ll_store_close(st);
}

/* Several processes creating the same fresh file at once: exactly one
 * migrates, the others see it done (or retry past the WAL switch). */
static void
test_concurrent_first_open(void **state)
{
    fixture *f = *state;
    enum { NPROC = 4 };
    pid_t pid[NPROC];
    int go[2], i, status;
    ll_ex_status s;
    ll_store *st;
    char c;

    assert_int_equal(pipe(go), 0);
    for (i = 0; i < NPROC; i++) {
        pid[i] = fork();
        assert_true(pid[i] >= 0);
        if (pid[i] == 0) {
            char *msg = NULL;
            close(go[1]);
            if (read(go[0], &c, 1) != 0)
                _exit(2);
            if (ll_store_open(f->db, &st, &msg) != LL_OK) {
                fprintf(stderr, "child open: %s\n", msg ? msg : "?");
                _exit(1);
            }
            if (ll_store_hint_shown(st, "ex", i) != LL_OK)
                child_fail(st, "hint");
            ll_store_close(st);
            _exit(0);
        }
    }
    close(go[0]);
    close(go[1]);
    for (i = 0; i < NPROC; i++) {
        assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    st = open_ok(f->db);
    assert_int_equal(ll_store_schema_version(st), LATEST_SCHEMA);
    assert_int_equal(ll_store_exercise_status(st, "ex", &s), LL_OK);
    assert_int_equal(s.hints_shown, NPROC);
    assert_int_equal(ll_store_integrity_check(st), LL_OK);
    ll_store_close(st);
}

typedef struct report {
    char    kind;     /* 'B' begun, 'F' finished: sent after COMMIT */
    int64_t id;
} report;

static void
child_until_killed(const char *db, int out_fd)
{
    ll_store *st = NULL;
    char *msg = NULL;
    ll_result r;
    report rep;

    memset(&rep, 0, sizeof rep);
    if (ll_store_open(db, &st, &msg) != LL_OK)
        _exit(1);
    ll_result_init(&r);
    r.verdict = LL_VERDICT_PASS;
    if (ll_result_add(&r, "a", 1, true, false, "", "1") != LL_OK)
        _exit(1);
    for (;;) {
        if (ll_store_attempt_begin(st, "k", "h", &rep.id) != LL_OK)
            child_fail(st, "begin");
        rep.kind = 'B';
        if (write(out_fd, &rep, sizeof rep) != (ssize_t)sizeof rep)
            _exit(1);
        if (ll_store_attempt_finish(st, rep.id, &r, "L0") != LL_OK)
            child_fail(st, "finish");
        rep.kind = 'F';
        if (write(out_fd, &rep, sizeof rep) != (ssize_t)sizeof rep)
            _exit(1);
    }
}

static void
test_kill9_loses_nothing_committed(void **state)
{
    fixture *f = *state;
    enum { MAXREP = 100000, KILL_AFTER = 40 };
    report *reps = ll_calloc(MAXREP, sizeof *reps);
    size_t n = 0, nfin = 0, nbegun_only = 0, i;
    int fds[2], status, err;
    ll_ex_status s;
    ll_result r;
    ll_store *st;
    ssize_t got;
    pid_t pid;

    assert_non_null(reps);
    ll_store_close(open_ok(f->db));
    assert_int_equal(pipe(fds), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        child_until_killed(f->db, fds[1]);
    }
    close(fds[1]);
    /* Kill right after a finish was reported: the child is then inside
     * its next write. Keep reading after the kill: the pipe holds every
     * report written before death. */
    while (n < MAXREP
           && (got = read(fds[0], &reps[n], sizeof *reps)) > 0) {
        assert_int_equal(got, sizeof *reps);
        if (reps[n++].kind == 'F' && ++nfin == KILL_AFTER)
            assert_int_equal(kill(pid, SIGKILL), 0);
    }
    close(fds[0]);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGKILL);
    assert_true(nfin >= KILL_AFTER);

    st = open_ok(f->db);
    assert_int_equal(ll_store_integrity_check(st), LL_OK);
    assert_int_equal(ll_store_exercise_status(st, "k", &s), LL_OK);
    /* Every reported finish is there; at most one more (committed but not
     * yet reported when the signal landed). */
    assert_true((size_t)s.attempts >= nfin && (size_t)s.attempts <= nfin + 1);
    assert_true(s.passed);
    ll_result_init(&r);
    for (i = 0; i < n; i++) {
        bool finished = reps[i].kind == 'F';
        size_t j;
        if (finished)
            continue;
        for (j = i + 1; j < n && !finished; j++)
            finished = reps[j].kind == 'F' && reps[j].id == reps[i].id;
        /* Reported finished: the row exists and is done. Only begun: it
         * exists and is running, unless its finish committed unreported. */
        err = ll_store_attempt_finish(st, reps[i].id, &r, "L0");
        if (finished) {
            assert_int_equal(err, LL_ESTATE);
        } else {
            assert_true(err == LL_OK || err == LL_ESTATE);
            nbegun_only++;
        }
    }
    assert_true(nbegun_only <= 1);
    ll_result_close(&r);
    assert_int_equal(ll_store_integrity_check(st), LL_OK);
    ll_store_close(st);
    ll_free(reps);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_open_creates_dirs_and_migrates),
        T(test_reopen_is_idempotent),
        T(test_newer_schema_is_refused),
        T(test_non_database_is_refused),
        T(test_foreign_sqlite_db_is_refused),
        T(test_default_path),
        T(test_page_seen_keeps_max),
        T(test_data_version_sees_other_writers),
        T(test_study_time),
        T(test_attempt_round_trip),
        T(test_running_attempt_never_counts),
        T(test_hints_idempotent),
        T(test_quiz_status),
        T(test_kv),
        T(test_oom_paths),
        T(test_two_writers_interleaved),
        T(test_concurrent_first_open),
        T(test_kill9_loses_nothing_committed),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
