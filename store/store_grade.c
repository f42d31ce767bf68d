/* SPDX-License-Identifier: MIT
 * store/store_grade.c -- the instructor's gradebook (store.h, bottom).
 *
 * Latest grade = highest id for (item, student): ids only grow, while
 * graded_at is wall time and may repeat within a second.
 */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

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
        "  AND g.id = (SELECT max(id) FROM grades h"
        "              WHERE h.item = g.item AND h.student = g.student)"
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
