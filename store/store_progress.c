/* SPDX-License-Identifier: MIT
 * store/store_progress.c -- the student's progress (store.h): lessons,
 * demos, attempts with per-check results, hints, quizzes, UI state.
 */
#include "store_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* {==================================================================
 * Lessons and demos
 * =================================================================== */

int
ll_store_page_seen(ll_store *st, const char *lesson_id, int page, int npages)
{
    store_clearerr(st, "record page");
    LL_ASSERT(lesson_id != NULL);
    if (page < 0 || page >= npages)
        return store_seterr(st, LL_EINVAL, "bad page %d of %d", page, npages);
    /* Keep the max: paging back must not lose progress. */
    return store_q1(st, STORE_WRITE,
        "INSERT INTO lesson_progress"
        "  (lesson_id, pages_seen, npages, first_seen, last_seen)"
        "  VALUES (?1, ?2, ?3, ?4, ?4)"
        " ON CONFLICT (lesson_id) DO UPDATE SET"
        "  pages_seen = max(pages_seen, excluded.pages_seen),"
        "  npages = excluded.npages, last_seen = excluded.last_seen",
        "siiI", lesson_id, page + 1, npages, store_now());
}

int
ll_store_lesson_pages_seen(ll_store *st, const char *lesson_id, int *out)
{
    int err;

    store_clearerr(st, "read lesson progress");
    *out = 0;
    err = store_q1(st, STORE_READ, "SELECT pages_seen FROM lesson_progress"
                   " WHERE lesson_id = ?1", "s>i", lesson_id, out);
    return err == LL_ENOENT ? LL_OK : err;   /* never opened: 0 */
}

int
ll_store_demo_run(ll_store *st, const char *demo_id)
{
    store_clearerr(st, "record demo run");
    return store_q1(st, STORE_WRITE, "INSERT INTO demo_runs (demo_id, at)"
                    " VALUES (?1, ?2)", "sI", demo_id, store_now());
}

int
ll_store_last_activity(ll_store *st, int64_t *out)
{
    int err;

    store_clearerr(st, "read last activity");
    *out = 0;
    /* max() over aggregates of empty tables is NULL: coalesce each. */
    err = store_q1(st, STORE_READ, "SELECT max("
                   "coalesce((SELECT max(last_seen) FROM lesson_progress), 0),"
                   "coalesce((SELECT max(at) FROM demo_runs), 0),"
                   "coalesce((SELECT max(coalesce(finished_at, started_at))"
                   "          FROM attempts), 0),"
                   "coalesce((SELECT max(at) FROM hints_shown), 0),"
                   "coalesce((SELECT max(at) FROM quiz_answers), 0))",
                   ">I", out);
    return err == LL_ENOENT ? LL_OK : err;
}

/* {==================================================================
 * Attempts
 * =================================================================== */

int
ll_store_attempt_begin(ll_store *st, const char *exercise_id,
                       const char *file_hash, int64_t *attempt_id)
{
    int64_t id = 0;
    int err;

    store_clearerr(st, "record attempt start");
    *attempt_id = 0;
    err = store_q1(st, STORE_WRITE, "INSERT INTO attempts"
                   " (exercise_id, started_at, status, file_hash)"
                   " VALUES (?1, ?2, 'running', ?3) RETURNING id",
                   "sIs>I", exercise_id, store_now(), file_hash, &id);
    if (err == LL_OK)
        *attempt_id = id;
    return err;
}

struct store_finish {
    int64_t id;
    const ll_result *r;
    const char *sandbox_level;
};

static int
store_finish_fn(ll_store *st, void *ctx)
{
    const struct store_finish *f = ctx;
    const ll_result *r = f->r;
    const char *ex = r->exercise != NULL && *r->exercise ? r->exercise : NULL;
    int running = 0, same = 0;
    size_t i;
    int err;

    /* Only a running attempt of this exercise (when the result names one)
     * may be finished, and only once. */
    err = store_q(st, "SELECT status = 'running',"
                  "  exercise_id = coalesce(?2, exercise_id)"
                  " FROM attempts WHERE id = ?1", "Is>ii", f->id, ex,
                  &running, &same);
    if (err == LL_ENOENT)
        return store_seterr(st, err, "no attempt %lld", (long long)f->id);
    if (err == LL_OK && !running)
        return store_seterr(st, LL_ESTATE, "attempt %lld already finished",
                            (long long)f->id);
    if (err == LL_OK && !same)
        return store_seterr(st, LL_EINVAL, "attempt %lld is not for %s",
                            (long long)f->id, ex);
    if (err == LL_OK)
        err = store_q(st,
            "UPDATE attempts SET status = 'done', finished_at = ?2,"
            "  verdict = ?3, score = ?4, max_score = ?5, engine_version = ?6,"
            "  sandbox_level = ?7, error = ?8,"
            "  vtime = CASE WHEN ?9 < 0 THEN NULL ELSE ?9 END,"
            "  notice = nullif(?10, ''), python = nullif(?11, '')"
            " WHERE id = ?1",
            "IIsddsssdss", f->id, store_now(), ll_verdict_name(r->verdict),
            ll_result_score(r), ll_result_max(r), LL_VERSION,
            f->sandbox_level, r->error, r->vtime, r->notice, r->python);
    for (i = 0; i < r->nchecks && err == LL_OK; i++) {
        const ll_check_result *c = &r->checks[i];
        err = store_q(st, "INSERT INTO check_results (attempt_id, idx, name,"
                      "  points, passed, hidden, message, measured, hint)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                      "Iisdiissi", f->id, (int)i, c->name ? c->name : "",
                      c->points, (int)c->passed, (int)c->hidden,
                      c->message ? c->message : "",
                      c->measured ? c->measured : "",
                      c->hint > 0 ? c->hint : 0);
    }
    return err;
}

int
ll_store_attempt_finish(ll_store *st, int64_t attempt_id, const ll_result *r,
                        const char *sandbox_level)
{
    struct store_finish f = { attempt_id, r, sandbox_level };

    store_clearerr(st, "record attempt result");
    if (r->nchecks > (size_t)INT32_MAX)
        return store_seterr(st, LL_ELIMIT, "too many checks");
    return store_txn(st, STORE_WRITE, store_finish_fn, &f);
}

int
ll_store_exercise_status(ll_store *st, const char *exercise_id,
                         ll_ex_status *out)
{
    int passed = 0, err;

    store_clearerr(st, "read exercise status");
    memset(out, 0, sizeof *out);
    /* One statement, so one snapshot. Only finished attempts count: a
     * "running" one was killed mid-check (or is still going) and must
     * never look like a pass. The best attempt has the most checks passed;
     * ties go to the latest, whose check count matches the exercise now. */
    err = store_q1(st, STORE_READ,
        "WITH done AS (SELECT id, verdict, finished_at FROM attempts"
        "              WHERE exercise_id = ?1 AND status = 'done'),"
        " best AS (SELECT sum(c.passed) AS np, count(*) AS nt FROM done d"
        "          JOIN check_results c ON c.attempt_id = d.id"
        "          GROUP BY d.id ORDER BY np DESC, d.id DESC LIMIT 1)"
        " SELECT (SELECT count(*) FROM done),"
        "  (SELECT max(verdict = 'PASS') FROM done),"
        "  (SELECT max(finished_at) FROM done),"
        "  (SELECT max(idx) + 1 FROM hints_shown WHERE exercise_id = ?1),"
        "  (SELECT np FROM best), (SELECT nt FROM best)",
        "s>iiIiii", exercise_id, &out->attempts, &passed, &out->last_at,
        &out->hints_shown, &out->best_passed, &out->best_total);
    out->passed = passed != 0;
    if (err != LL_OK)
        memset(out, 0, sizeof *out);
    return err;
}

static ll_verdict
store_parse_verdict(const char *name)
{
    int v;

    for (v = LL_VERDICT_PASS; v <= LL_VERDICT_INTERNAL; v++)
        if (name != NULL && strcmp(name, ll_verdict_name((ll_verdict)v)) == 0)
            return (ll_verdict)v;
    return LL_VERDICT_INTERNAL;     /* unknown: never shown as a grade */
}

static int
store_checks_load(ll_store *st, int64_t attempt_id, ll_result *r)
{
    sqlite3_stmt *stmt = NULL;
    int rc, err = LL_OK;

    rc = sqlite3_prepare_v2(st->db, "SELECT name, points, passed, hidden,"
                            "  message, measured, hint FROM check_results"
                            " WHERE attempt_id = ?1 ORDER BY idx", -1,
                            &stmt, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int64(stmt, 1, attempt_id);
    while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        err = ll_result_add(r, (const char *)sqlite3_column_text(stmt, 0),
                            sqlite3_column_double(stmt, 1),
                            sqlite3_column_int(stmt, 2) != 0,
                            sqlite3_column_int(stmt, 3) != 0,
                            (const char *)sqlite3_column_text(stmt, 4),
                            (const char *)sqlite3_column_text(stmt, 5));
        if (err == LL_OK)
            ll_result_set_hint(r, sqlite3_column_int(stmt, 6));
        rc = err == LL_OK ? SQLITE_OK : SQLITE_NOMEM;
    }
    if (rc != SQLITE_DONE)
        err = store_dberr(st, rc);
    sqlite3_finalize(stmt);     /* repeats the step error, if any */
    return err;
}

struct store_lastq {
    const char *id;
    ll_result *out;
};

static int
store_last_fn(ll_store *st, void *ctx)
{
    struct store_lastq *q = ctx;
    ll_result *r = q->out;
    char *verdict = NULL;
    int64_t id = 0;
    int err;

    ll_result_close(r);     /* a retry starts from an empty result */
    err = store_q(st, "SELECT id, verdict, coalesce(error, ''), vtime,"
                  "  notice, python"
                  " FROM attempts WHERE exercise_id = ?1 AND status = 'done'"
                  " ORDER BY finished_at DESC, id DESC LIMIT 1",
                  "s>ISSdSS", q->id, &id, &verdict, &r->error, &r->vtime,
                  &r->notice, &r->python);
    if (err == LL_ENOENT)
        store_seterr(st, err, "no finished attempt for %s", q->id);
    r->verdict = store_parse_verdict(verdict);
    ll_free(verdict);
    if (err == LL_OK && (r->exercise = ll_strdup(q->id)) == NULL)
        err = store_seterr(st, LL_ENOMEM, "out of memory");
    if (err == LL_OK)
        err = store_checks_load(st, id, r);
    return err;
}

int
ll_store_last_result(ll_store *st, const char *exercise_id, ll_result *out)
{
    struct store_lastq q = { exercise_id, out };
    int err;

    store_clearerr(st, "read last result");
    LL_ASSERT(exercise_id != NULL);
    ll_result_init(out);
    err = store_txn(st, STORE_READ, store_last_fn, &q);
    if (err != LL_OK)
        ll_result_close(out);
    return err;
}

/* {==================================================================
 * Hints, quizzes, key/value
 * =================================================================== */

int
ll_store_hint_shown(ll_store *st, const char *exercise_id, int index)
{
    store_clearerr(st, "record hint");
    if (index < 0)
        return store_seterr(st, LL_EINVAL, "bad hint %d", index);
    /* Keep the first time it was shown; only this conflict is ignored. */
    return store_q1(st, STORE_WRITE, "INSERT INTO hints_shown"
                    " (exercise_id, idx, at) VALUES (?1, ?2, ?3)"
                    " ON CONFLICT (exercise_id, idx) DO NOTHING",
                    "siI", exercise_id, index, store_now());
}

int
ll_store_quiz_answer(ll_store *st, const char *lesson_id, int q,
                     const char *answer, bool correct)
{
    store_clearerr(st, "record quiz answer");
    if (q < 0)
        return store_seterr(st, LL_EINVAL, "bad question %d", q);
    return store_q1(st, STORE_WRITE, "INSERT INTO quiz_answers"
                    " (lesson_id, q, answer, correct, at)"
                    " VALUES (?1, ?2, ?3, ?4, ?5)", "sisiI", lesson_id, q,
                    answer ? answer : "", (int)correct, store_now());
}

int
ll_store_quiz_status(ll_store *st, const char *lesson_id, ll_quiz_status *out)
{
    int err;

    store_clearerr(st, "read quiz status");
    memset(out, 0, sizeof *out);
    /* Answers are only appended, so rowid order is answer order. */
    err = store_q1(st, STORE_READ,
        "SELECT count(*),"
        "  total((SELECT b.correct FROM quiz_answers b WHERE b.lesson_id = ?1"
        "         AND b.q = a.q ORDER BY b.id DESC LIMIT 1)),"
        "  total((SELECT b.correct FROM quiz_answers b WHERE b.lesson_id = ?1"
        "         AND b.q = a.q ORDER BY b.id ASC LIMIT 1))"
        " FROM (SELECT DISTINCT q FROM quiz_answers WHERE lesson_id = ?1) a",
        "s>iii", lesson_id, &out->answered, &out->correct, &out->first_try);
    if (err != LL_OK)
        memset(out, 0, sizeof *out);
    return err;
}

int
ll_store_kv_set(ll_store *st, const char *key, const char *value)
{
    store_clearerr(st, "save setting");
    return store_q1(st, STORE_WRITE, "INSERT INTO kv (key, value)"
                    " VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET"
                    "  value = excluded.value", "ss", key, value);
}

/* key := f(number stored under key, v), v when unset: one statement, so
 * two processes never lose each other's update. */
static int
store_kv_num(ll_store *st, const char *key, double v, const char *combine)
{
    char sql[256];

    store_clearerr(st, "save setting");
    snprintf(sql, sizeof sql, "INSERT INTO kv (key, value)"
             " VALUES (?1, printf('%%.0f', ?2)) ON CONFLICT (key) DO"
             " UPDATE SET value = printf('%%.0f', %s)", combine);
    return store_q1(st, STORE_WRITE, sql, "sd", key, v);
}

int
ll_store_kv_add(ll_store *st, const char *key, double delta)
{
    return store_kv_num(st, key, delta, "CAST(value AS REAL) + ?2");
}

int
ll_store_kv_max(ll_store *st, const char *key, double v)
{
    return store_kv_num(st, key, v, "max(CAST(value AS REAL), ?2)");
}

struct store_study {
    const char *lesson;
    double now, cap;
};

static int
store_study_fn(ll_store *st, void *ctx)
{
    struct store_study *s = ctx;
    char tkey[96], skey[96];
    double seen = 0;
    int err;

    snprintf(tkey, sizeof tkey, "time.%s", s->lesson);
    snprintf(skey, sizeof skey, "seen.%s", s->lesson);
    err = store_q(st, "SELECT CAST(value AS REAL) FROM kv WHERE key = ?1",
                  "s>d", skey, &seen);
    if (err == LL_ENOENT)
        err = LL_OK;
    if (err == LL_OK && seen > 0 && s->now > seen && s->now - seen <= s->cap)
        err = store_q(st, "INSERT INTO kv (key, value) VALUES (?1,"
                      " printf('%.0f', ?2)) ON CONFLICT (key) DO UPDATE SET"
                      " value = printf('%.0f', CAST(value AS REAL) + ?2)",
                      "sd", tkey, s->now - seen);
    if (err == LL_OK && s->now > seen)
        err = store_q(st, "INSERT INTO kv (key, value) VALUES (?1,"
                      " printf('%.0f', ?2)) ON CONFLICT (key) DO UPDATE SET"
                      " value = excluded.value", "sd", skey, s->now);
    return err;
}

int
ll_store_study(ll_store *st, const char *lesson_id, double now, double cap)
{
    struct store_study s = { lesson_id, now, cap };

    store_clearerr(st, "study time");
    return store_txn(st, STORE_WRITE, store_study_fn, &s);
}

int
ll_store_kv_get(ll_store *st, const char *key, char **out)
{
    char *value = NULL;
    int err;

    store_clearerr(st, "read setting");
    LL_ASSERT(key != NULL);
    *out = NULL;
    err = store_q1(st, STORE_READ, "SELECT value FROM kv WHERE key = ?1",
                   "s>S", key, &value);
    if (err == LL_ENOENT)
        store_seterr(st, err, "%s is not set", key);
    if (err != LL_OK) {
        ll_free(value);
        return err;
    }
    *out = value;
    return LL_OK;
}
