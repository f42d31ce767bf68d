/* SPDX-License-Identifier: MIT
 * store/store.h -- the student's progress store (SQLite).
 *
 * The only module that includes sqlite3.h. The database lives at
 * $LOOPLAB_DB, else $XDG_DATA_HOME/looplab/progress.db (ll_store_default_path).
 * Opening applies the schema migrations numbered by PRAGMA user_version in
 * one BEGIN IMMEDIATE transaction, turns on WAL, foreign keys,
 * synchronous=FULL and a 5 s busy timeout, and sets PRAGMA application_id.
 * Every write is its own short BEGIN IMMEDIATE transaction with bounded
 * retry on SQLITE_BUSY; no transaction is ever held while a submission runs
 * (attempt_begin and attempt_finish are two transactions). So a kill -9 at
 * any point loses at most the write in flight and never corrupts the file.
 *
 * Errors: LL_EDB with the detail in ll_store_errmsg(st). One connection per
 * thread; an ll_store is not shared between threads.
 */
#ifndef LL_STORE_H
#define LL_STORE_H

#include "engine/base.h"
#include "grader/result.h"

typedef struct ll_store ll_store;

/* Default DB path from the environment: $LOOPLAB_DB, else
 * $XDG_DATA_HOME/looplab/progress.db, else ~/.local/share/looplab/progress.db
 * (a relative XDG_DATA_HOME is ignored, per the XDG spec). Heap string. */
char *ll_store_default_path(void);

/* Open (creating the file and its parent directories, mode 0700, as needed)
 * and migrate. On failure *out is NULL and, when errmsg is non-NULL, *errmsg
 * gets a heap message naming the path. LL_OK, LL_EDB, LL_ENOMEM. */
int  ll_store_open(const char *path, ll_store **out, char **errmsg);
void ll_store_close(ll_store *st);
const char *ll_store_errmsg(const ll_store *st);
int  ll_store_schema_version(ll_store *st);       /* PRAGMA user_version */
/* PRAGMA data_version: a number that changes when another connection
 * (another looplab process) commits to the database, so a long-lived
 * reader knows when to reload. Our own writes do not change it. */
int  ll_store_data_version(ll_store *st, int64_t *out);
/* PRAGMA integrity_check == "ok": LL_OK, else LL_EDB. */
int  ll_store_integrity_check(ll_store *st);

/* Lessons: record that page `page` (0-based) of a lesson was seen.
 * Keeps the highest page seen and the last-seen time. */
int ll_store_page_seen(ll_store *st, const char *lesson_id, int page,
                       int npages);
/* Pages seen so far (max page + 1), 0 if never opened. */
int ll_store_lesson_pages_seen(ll_store *st, const char *lesson_id, int *out);

/* Demos: record a demo run. */
int ll_store_demo_run(ll_store *st, const char *demo_id);

/* The latest time (unix seconds) the student did anything the store
 * records: a page seen, a demo run, an attempt begun or finished, a hint,
 * a quiz answer. *out = 0 when nothing yet. (The dashboard's "last
 * activity": the CLI commands leave no TUI session time behind.) */
int ll_store_last_activity(ll_store *st, int64_t *out);

/* Exercise attempts: begin writes a row with status "running" and returns
 * its id; finish stores the verdict, score, per-check results (name, points,
 * passed, hidden, message, measured), the engine version and the sandbox
 * level in one transaction. An attempt left "running" (killed mid-check)
 * stays visible as such and never counts as a pass. */
int ll_store_attempt_begin(ll_store *st, const char *exercise_id,
                           const char *file_hash, int64_t *attempt_id);
int ll_store_attempt_finish(ll_store *st, int64_t attempt_id,
                            const ll_result *r, const char *sandbox_level);

typedef struct ll_ex_status {
    int  attempts;      /* finished attempts */
    bool passed;        /* any attempt with verdict PASS */
    int  hints_shown;   /* highest hint index shown + 1 */
    int  best_passed;   /* most checks passed in one attempt */
    int  best_total;    /* number of checks in that attempt */
    int64_t last_at;    /* unix seconds of the last attempt, 0 if none */
} ll_ex_status;

int ll_store_exercise_status(ll_store *st, const char *exercise_id,
                             ll_ex_status *out);

/* Per-check results of the latest finished attempt: fills *out (caller
 * ll_result_close()s it). LL_ENOENT if there is none. */
int ll_store_last_result(ll_store *st, const char *exercise_id,
                         ll_result *out);

/* Hints: record that hint `index` (0-based) was shown. Idempotent. */
int ll_store_hint_shown(ll_store *st, const char *exercise_id, int index);

/* Quizzes: record an answer to question `q` (0-based) of a lesson's quiz. */
int ll_store_quiz_answer(ll_store *st, const char *lesson_id, int q,
                         const char *answer, bool correct);
typedef struct ll_quiz_status {
    int answered;       /* distinct questions answered */
    int correct;        /* distinct questions whose latest answer is right */
    int first_try;      /* questions right on the first answer */
} ll_quiz_status;
int ll_store_quiz_status(ll_store *st, const char *lesson_id,
                         ll_quiz_status *out);

/* UI state kept across runs (last screen, scroll position): a small
 * key/value table. get returns LL_ENOENT when unset; *out is a heap copy. */
int ll_store_kv_set(ll_store *st, const char *key, const char *value);
/* Add delta to the number stored under key (0 when unset), in one write:
 * two processes adding never lose each other's part. */
int ll_store_kv_add(ll_store *st, const char *key, double delta);
/* Store v under key unless the number there is already larger. */
int ll_store_kv_max(ll_store *st, const char *key, double v);
/* Study time, counted the same way by every command: the gap since the
 * lesson's last activity (kv seen.<lesson>, unix seconds) is added to
 * time.<lesson> when it is at most cap seconds (a longer gap was a break,
 * not study), and now becomes the last activity. One transaction. */
int ll_store_study(ll_store *st, const char *lesson_id, double now,
                   double cap);
int ll_store_kv_get(ll_store *st, const char *key, char **out);

/* {=================== gradebook (store_grade.c) ===================}
 * The instructor's gradebook is a store file of its own (default
 * ./gradebook.db, `looplab grade --gradebook`), opened with ll_store_open.
 * A grade is keyed by (student, item, submission hash, checks hash): a
 * resumed batch finds an unchanged submission graded against unchanged
 * checks and does not grade it again. INTERNAL results are refused
 * (LL_EINVAL): a grader problem is never a grade. */
typedef struct ll_grade {
    const char *student, *item, *verdict, *sandbox_level, *engine_version;
    const char *file_hash, *result_json;
    int64_t     id, graded_at;
    double      score, max_score;
} ll_grade;

/* Find the grade for exactly this submission and checks: LL_OK and
 * *result_json (heap) set, or LL_ENOENT. */
int ll_store_grade_find(ll_store *st, const char *student, const char *item,
                        const char *file_hash, const char *checks_hash,
                        char **result_json);
/* Record a grade (idempotent on the key). */
int ll_store_grade_put(ll_store *st, const char *student, const char *item,
                       const char *file_hash, const char *checks_hash,
                       const ll_result *r, const char *sandbox_level,
                       const char *result_json);
/* Each student's latest grade per item (item NULL: every item), ordered by
 * item then student; the callback's strings live until it returns, and a
 * non-zero return stops the walk and is returned. */
typedef int (*ll_grade_fn)(const ll_grade *g, void *ud);
int ll_store_grade_each(ll_store *st, const char *item, ll_grade_fn fn,
                        void *ud);

/* Merge the grades of another gradebook file (a shard: `looplab grade
 * --shard K/N`) into st, in one transaction: every (student, item,
 * submission hash, checks hash) it has that st lacks is added, one both
 * have keeps its newest grading. Idempotent (a second merge changes
 * nothing). The source is opened read-only and never changed. LL_EINVAL
 * with *why (heap) when it is not a gradebook, or when an item's latest
 * grades in the two were made against different checks (another version
 * of the course): nothing is merged then. */
typedef struct ll_grade_merge_stats {
    int64_t rows;      /* grades in the source */
    int64_t changed;   /* rows added or replaced by a newer grading */
} ll_grade_merge_stats;
int ll_store_grade_merge(ll_store *st, const char *src_path,
                         ll_grade_merge_stats *stats, char **why);

/* Competencies (course/assess.c) read single questions and single checks. */
typedef struct ll_quiz_q_status {
    int answers;          /* how many times the question was answered */
    int first_correct;    /* 1 if the first answer was right */
    int latest_correct;   /* 1 if the latest answer is right */
} ll_quiz_q_status;
/* Question q (0-based) of a lesson's quiz; all zero when never answered. */
int ll_store_quiz_question(ll_store *st, const char *lesson_id, int q,
                           ll_quiz_q_status *out);
/* *out = whether any finished attempt at the exercise passed the check
 * with that name. */
int ll_store_check_passed(ll_store *st, const char *exercise_id,
                          const char *check_name, bool *out);

#endif /* LL_STORE_H */
