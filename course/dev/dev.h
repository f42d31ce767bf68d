/* SPDX-License-Identifier: MIT
 * course/dev/dev.h -- the instructor kit: `looplab dev new|lint|check`.
 *
 * lint reads content without running it: manifests (schema, unknown fields,
 * unique ids, referenced files), Markdown, hints, mutant headers against the
 * check names, and luacheck when it is installed. check proves soundness by
 * running things: every starter fails at least one check, every reference
 * passes all of them (under each declared seed), every mutant fails the check
 * its first line names, and every predict-output / predict-time quiz answer
 * is recomputed by running its snippet. new writes skeletons that pass both.
 *
 * Both lint and check take paths: a course root (holding weekN/ folders), a
 * week folder, a lesson folder (lesson.lua), an exercise folder
 * (exercise.lua) or a quiz.lua; they report per item into an ll_dev_report.
 * Messages always name a file (relative to the working directory when it is
 * below it). Single-threaded in the caller; check forks one worker process
 * per job, at most `jobs` at a time. No curses, no sqlite, no lua.h.
 */
#ifndef LL_DEV_H
#define LL_DEV_H

#include "engine/base.h"
#include "course/course.h"

typedef enum ll_dev_level {
    LL_DEV_OK = 0,      /* a soundness item that holds */
    LL_DEV_WARN,        /* worth fixing; does not fail the run */
    LL_DEV_ERROR        /* unsound or invalid: the run exits 1 */
} ll_dev_level;

typedef struct ll_dev_item {
    ll_dev_level level;
    char  *what;      /* "starter", "reference", "mutant", "quiz", "lint" ... */
    char  *id;        /* exercise / lesson id, or "" */
    char  *file;      /* display path of the file the item is about */
    int    line;      /* 1-based, 0 when unknown */
    char  *message;
    double wall;      /* real seconds the item took (check), 0 for lint */
} ll_dev_item;

typedef struct ll_dev_report {
    ll_dev_item *items;
    size_t       n, cap;
} ll_dev_report;

void ll_dev_report_init(ll_dev_report *r);
void ll_dev_report_close(ll_dev_report *r);
/* Append an item; strings copied (file is shown as given). LL_OK/LL_ENOMEM. */
int  ll_dev_add(ll_dev_report *r, ll_dev_level level, const char *what,
                const char *id, const char *file, int line, const char *fmt,
                ...) __attribute__((format(printf, 7, 8)));
size_t ll_dev_count(const ll_dev_report *r, ll_dev_level level);

/* A file path as shown in reports: relative to the working directory when
 * it lies below it, else as given. Heap string. */
char *ll_dev_display(const char *path);

/* {=================== scope: which lessons a path names ===================} */

typedef struct ll_dev_scope {
    ll_lesson *lessons;    /* loaded ones (failed loads are reported) */
    size_t     nlessons;
    char     **only;       /* per lesson: NULL = whole lesson, else the only
                              exercise folder (or quiz path) to look at */
} ll_dev_scope;

/* Resolve paths (NULL/0 = the default course root) into lessons, loading
 * each; a lesson that fails to load becomes an ERROR item naming its file
 * and is left out. LL_OK, LL_ENOENT (a path that names no content: also an
 * ERROR item), LL_ENOMEM. */
int  ll_dev_scope_load(const char *const *paths, size_t npaths,
                       ll_dev_scope *sc, ll_dev_report *rep);
void ll_dev_scope_close(ll_dev_scope *sc);
/* Is exercise e / lesson l's quiz inside the scope? */
bool ll_dev_scope_has_exercise(const ll_dev_scope *sc, size_t li,
                               const ll_exercise *e);
bool ll_dev_scope_has_quiz(const ll_dev_scope *sc, size_t li);

/* {=================== lint ===================} */

/* Lint everything the paths name into rep. LL_OK when linting ran (look at
 * the ERROR count for the verdict). */
int ll_dev_lint(const char *const *paths, size_t npaths, ll_dev_report *rep);

/* The first-line header of a mutant file: `# mutant: fails "name"` (Python)
 * or `-- mutant: fails "name"` (Lua); several quoted names may follow,
 * comma-separated. LL_OK with a heap vector, LL_ESYNTAX with *err (heap)
 * saying what is wrong, LL_ENOENT when the file cannot be read. */
int ll_dev_mutant_names(const char *path, char ***names, size_t *n,
                        char **err);
void ll_dev_strv_free(char **v, size_t n);
/* The mutant's second line, `# bug: <slug>` (docs/authoring.md 7.1):
 * LL_OK with *slug (heap; NULL when the line is missing), LL_ESYNTAX with
 * *err when the slug is not in the catalogue. */
int ll_dev_mutant_bug(const char *path, char **slug, char **err);
/* The catalogue of learner bugs, NULL-terminated. */
extern const char *const ll_dev_bug_slugs[];

/* What soundness asks of every required Python exercise (7.1): scenarios,
 * mutants (each naming its bug) and alternatives. */
#define LL_DEV_MIN_SCENARIOS    3
#define LL_DEV_MIN_MUTANTS      6
#define LL_DEV_MIN_ALTERNATIVES 2

/* {=================== check ===================} */

typedef struct ll_dev_check_opts {
    int    jobs;        /* worker processes; <= 0 = number of CPUs */
    double timeout_s;   /* per run, default 10 */
    bool   verbose;     /* progress lines on stderr as items finish */
    bool   strict;      /* missing scenarios, mutants or alternatives
                           (LL_DEV_MIN_*) are UNSOUND, not warnings */
} ll_dev_check_opts;

/* Prove soundness of everything the paths name (see the file comment).
 * One item per starter, reference, mutant and verifiable quiz question.
 * LL_OK when checking ran. */
int ll_dev_check(const char *const *paths, size_t npaths,
                 const ll_dev_check_opts *opts, ll_dev_report *rep);

/* Recompute one quiz question by running its snippet: *measured gets what
 * the run gave ("10 s / 1 s / 2 s" for pt, the normalised output for po),
 * *choice the 0-based matching choice (-1 none, -2 several). LL_OK when the
 * snippet ran; LL_ERUNTIME with *err when it raised or could not run;
 * LL_EINVAL when the question has no snippet. */
int ll_dev_quiz_eval(const ll_question *q, double timeout_s, char **measured,
                     int *choice, char **err);

/* {=================== new ===================} */

typedef struct ll_dev_new_opts {
    const char *id;      /* default: from the path */
    const char *title;   /* default: from the path */
    const char *kind;    /* exercise: "python" (default) or "lua" */
} ll_dev_new_opts;

/* Scaffold `what` ("lesson", "exercise", "quiz", "project") at path. On
 * success *log (heap) lists the files written and what to do next; on
 * failure *log says why. LL_OK, LL_ESTATE (refuses to overwrite),
 * LL_EINVAL (a path that cannot hold that kind), LL_EIO, LL_ENOMEM. */
int ll_dev_new(const char *what, const char *path, const ll_dev_new_opts *o,
               char **log);

/* {=================== between dev*.c and course/dev/dev_lua.c ===================} */

/* Names of the checks checks.lua defines, in order (evaluated in a sandbox
 * against an empty run), and with hints non-NULL each one's `hint = N`
 * (0 = none; heap array of *n). LL_OK, or LL_ESYNTAX with *err
 * "path:line: ...". */
int ll__dev_check_names(const char *checks_path, char ***names, size_t *n,
                        int **hints, char **err);
/* Top-level (and per-entry, for lists of tables) fields of a manifest that
 * the format does not know: kind is "lesson", "exercise" or "quiz". Each
 * unknown field is reported as a WARN item with the line where it appears. */
int ll__dev_unknown_fields(const char *path, const char *kind,
                           ll_dev_report *rep);

#endif /* LL_DEV_H */
