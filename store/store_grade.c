/* SPDX-License-Identifier: MIT
 * store/store_grade.c -- the instructor's gradebook (store.h, bottom).
 *
 * Latest grade = the newest graded_at for (item, student), ties broken by
 * the highest id (ids only grow; graded_at is wall time and may repeat
 * within a second). graded_at first, so a merged shard's older grades
 * never hide newer ones.
 */
#include "store_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef LL_VERSION
#define LL_VERSION "unknown"
#endif

int
ll_store_grade_find(ll_store *st, const char *student, const char *item,
                    const char *file_hash, const char *checks_hash,
                    char **result_json)
{
    int err;

    store_clearerr(st, "look up grade");
    *result_json = NULL;
    err = store_q1(st, STORE_READ, "SELECT result_json FROM grades"
                   " WHERE student = ?1 AND item = ?2 AND file_hash = ?3"
                   "   AND checks_hash = ?4 ORDER BY id DESC LIMIT 1",
                   "ssss>S", student, item, file_hash, checks_hash,
                   result_json);
    if (err != LL_OK) {
        ll_free(*result_json);
        *result_json = NULL;
    }
    return err;
}

int
ll_store_grade_put(ll_store *st, const char *student, const char *item,
                   const char *file_hash, const char *checks_hash,
                   const ll_result *r, const char *sandbox_level,
                   const char *result_json)
{
    store_clearerr(st, "record grade");
    if (r->verdict == LL_VERDICT_INTERNAL)
        return store_seterr(st, LL_EINVAL, "a grader problem (INTERNAL) "
                            "is not a grade");
    /* Same key again (a forced regrade): replace, keeping one row. */
    return store_q1(st, STORE_WRITE,
        "INSERT INTO grades (student, item, file_hash, checks_hash,"
        "  graded_at, verdict, score, max_score, sandbox_level,"
        "  engine_version, result_json)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
        " ON CONFLICT (student, item, file_hash, checks_hash) DO UPDATE SET"
        "  graded_at = excluded.graded_at, verdict = excluded.verdict,"
        "  score = excluded.score, max_score = excluded.max_score,"
        "  sandbox_level = excluded.sandbox_level,"
        "  engine_version = excluded.engine_version,"
        "  result_json = excluded.result_json",
        "ssssIsddsss", student, item, file_hash, checks_hash, store_now(),
        ll_verdict_name(r->verdict), ll_result_score(r), ll_result_max(r),
        sandbox_level, LL_VERSION, result_json);
}

struct grade_walk {
    const char *item;
    ll_grade_fn fn;
    void       *ud;
    int         stop;    /* the callback's non-zero return */
};

static const char *
grade_text(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? (const char *)t : "";
}

static int
grade_each_fn(ll_store *st, void *ctx)
{
    struct grade_walk *w = ctx;
    sqlite3_stmt *s = NULL;
    ll_grade g;
    int rc;

    w->stop = 0;
    rc = sqlite3_prepare_v2(st->db,
        "SELECT g.id, g.student, g.item, g.verdict, g.sandbox_level,"
        "  g.engine_version, g.file_hash, g.result_json, g.graded_at,"
        "  g.score, g.max_score"
        " FROM grades g WHERE (?1 IS NULL OR g.item = ?1)"
        "  AND g.id = (SELECT h.id FROM grades h"
        "              WHERE h.item = g.item AND h.student = g.student"
        "              ORDER BY h.graded_at DESC, h.id DESC LIMIT 1)"
        " ORDER BY g.item, g.student", -1, &s, NULL);
    if (rc != SQLITE_OK)
        return store_dberr(st, rc);
    if (w->item)
        sqlite3_bind_text(s, 1, w->item, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        g.id = sqlite3_column_int64(s, 0);
        g.student = grade_text(s, 1);
        g.item = grade_text(s, 2);
        g.verdict = grade_text(s, 3);
        g.sandbox_level = grade_text(s, 4);
        g.engine_version = grade_text(s, 5);
        g.file_hash = grade_text(s, 6);
        g.result_json = grade_text(s, 7);
        g.graded_at = sqlite3_column_int64(s, 8);
        g.score = sqlite3_column_double(s, 9);
        g.max_score = sqlite3_column_double(s, 10);
        w->stop = w->fn(&g, w->ud);
        if (w->stop)
            break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        int err = store_dberr(st, rc);
        sqlite3_finalize(s);
        return err;
    }
    sqlite3_finalize(s);
    return LL_OK;
}

int
ll_store_grade_each(ll_store *st, const char *item, ll_grade_fn fn, void *ud)
{
    struct grade_walk w = { item, fn, ud, 0 };
    int err;

    store_clearerr(st, "read grades");
    err = store_txn(st, STORE_READ, grade_each_fn, &w);
    return err != LL_OK ? err : w.stop;
}

/* {=================== merge ===================} */

struct grade_merge {
    ll_grade_merge_stats *stats;
    char                **why;
};

/* The checks hash an item was last graded against, in schema s. */
#define MERGE_CONFLICT_SQL \
    "SELECT a.item, a.checks_hash, b.checks_hash FROM" \
    " (SELECT item, checks_hash FROM main.grades g WHERE g.id =" \
    "   (SELECT h.id FROM main.grades h WHERE h.item = g.item" \
    "    ORDER BY h.graded_at DESC, h.id DESC LIMIT 1)) a" \
    " JOIN (SELECT item, checks_hash FROM src.grades g WHERE g.id =" \
    "   (SELECT h.id FROM src.grades h WHERE h.item = g.item" \
    "    ORDER BY h.graded_at DESC, h.id DESC LIMIT 1)) b" \
    " ON a.item = b.item WHERE a.checks_hash <> b.checks_hash" \
    " ORDER BY a.item LIMIT 1"

static int
grade_merge_fn(ll_store *st, void *ctx)
{
    struct grade_merge *m = ctx;
    sqlite3_stmt *s = NULL;
    int rc, before, after;

    rc = sqlite3_prepare_v2(st->db, MERGE_CONFLICT_SQL, -1, &s, NULL);
    if (rc != SQLITE_OK)
        return store_dberr(st, rc);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *m->why = ll_asprintf("%s was graded against other checks there "
            "(checks %.12s, here %.12s): the two gradebooks come from "
            "different versions of the course; grade both with the same "
            "course, then merge", sqlite3_column_text(s, 0),
            sqlite3_column_text(s, 2), sqlite3_column_text(s, 1));
        sqlite3_finalize(s);
        return store_seterr(st, LL_EINVAL, "%s", *m->why);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return store_dberr(st, rc);
    before = sqlite3_total_changes(st->db);
    /* New keys are added; a key both have keeps its newest grading. */
    rc = store_q(st,
        "INSERT INTO main.grades (student, item, file_hash, checks_hash,"
        "  graded_at, verdict, score, max_score, sandbox_level,"
        "  engine_version, result_json)"
        " SELECT student, item, file_hash, checks_hash, graded_at, verdict,"
        "  score, max_score, sandbox_level, engine_version, result_json"
        " FROM src.grades WHERE true ORDER BY graded_at, id"
        " ON CONFLICT (student, item, file_hash, checks_hash) DO UPDATE SET"
        "  graded_at = excluded.graded_at, verdict = excluded.verdict,"
        "  score = excluded.score, max_score = excluded.max_score,"
        "  sandbox_level = excluded.sandbox_level,"
        "  engine_version = excluded.engine_version,"
        "  result_json = excluded.result_json"
        " WHERE excluded.graded_at > main.grades.graded_at", "");
    if (rc != LL_OK)
        return rc;
    after = sqlite3_total_changes(st->db);
    m->stats->changed += after - before;
    return store_q(st, "SELECT count(*) FROM src.grades", ">I",
                   &m->stats->rows);
}

/* file:PATH?mode=ro with the characters a URI path cannot hold escaped. */
static char *
merge_uri(const char *path)
{
    ll_buf b;
    const char *p;
    ll_buf_init(&b);
    ll_buf_adds(&b, "file:");
    for (p = path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#')
            ll_buf_printf(&b, "%%%02X", (unsigned char)*p);
        else
            ll_buf_add(&b, p, 1);
    }
    ll_buf_adds(&b, "?mode=ro");
    return ll_buf_take(&b);
}

int
ll_store_grade_merge(ll_store *st, const char *src_path,
                     ll_grade_merge_stats *stats, char **why)
{
    struct grade_merge m = { stats, why };
    sqlite3_stmt *s = NULL;
    int64_t app = 0, ver = 0;
    int rc, err;
    char *uri;

    store_clearerr(st, "merge gradebook");
    *why = NULL;
    memset(stats, 0, sizeof *stats);
    if (access(src_path, R_OK) != 0) {
        *why = ll_asprintf("cannot read %s: %s", src_path, strerror(errno));
        return store_seterr(st, LL_ENOENT, "%s", *why);
    }
    /* read-only, whatever it is: never migrated or written */
    uri = merge_uri(src_path);
    if (uri == NULL)
        return store_seterr(st, LL_ENOMEM, "out of memory");
    rc = sqlite3_prepare_v2(st->db, "ATTACH DATABASE ?1 AS src", -1, &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(s, 1, uri, -1, SQLITE_STATIC);
        rc = sqlite3_step(s);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(s);
    s = NULL;
    ll_free(uri);
    if (rc != SQLITE_OK) {
        *why = ll_asprintf("%s: %s", src_path, sqlite3_errmsg(st->db));
        return store_seterr(st, LL_EINVAL, "%s", *why);
    }
    err = store_q(st, "PRAGMA src.application_id", ">I", &app);
    if (err == LL_OK)
        err = store_q(st, "PRAGMA src.user_version", ">I", &ver);
    if (err == LL_OK && app != STORE_APP_ID)
        err = LL_EINVAL;
    if (err == LL_OK &&
        sqlite3_prepare_v2(st->db, "SELECT student, item, file_hash,"
            " checks_hash, graded_at, verdict, score, max_score,"
            " sandbox_level, engine_version, result_json FROM src.grades",
            -1, &s, NULL) != SQLITE_OK)
        err = LL_EINVAL;
    sqlite3_finalize(s);
    if (err != LL_OK) {
        *why = ll_asprintf("%s is not a looplab gradebook (made by "
                           "`looplab grade --gradebook`)", src_path);
        store_seterr(st, LL_EINVAL, "%s", *why);
    } else {
        err = store_txn(st, STORE_WRITE, grade_merge_fn, &m);
        if (err != LL_OK && *why == NULL)
            *why = ll_strdup(ll_store_errmsg(st));
    }
    (void)sqlite3_exec(st->db, "DETACH DATABASE src", NULL, NULL, NULL);
    return err;
}
