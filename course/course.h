/* SPDX-License-Identifier: MIT
 * course/course.h -- the course model: lessons, pages, demos, exercises, quizzes.
 *
 * A course is a folder of lessons: <root>/weekN/NN-slug/lesson.lua, each
 * naming its Markdown pages, demo scripts, exercise folders (each with an
 * exercise.lua) and a quiz.lua. Manifests are evaluated in a sandboxed Lua
 * state (course/manifest.c); this module owns the C model, the folder
 * scan and the look-ups. No curses, no sqlite. Read-only after loading, so
 * any thread may read a loaded course.
 */
#ifndef LL_COURSE_H
#define LL_COURSE_H

#include "engine/base.h"

typedef enum ll_ex_kind { LL_EX_PYTHON, LL_EX_LUA } ll_ex_kind;
typedef enum ll_quiz_kind {
    LL_QUIZ_MC,   /* multiple choice */
    LL_QUIZ_PO,   /* predict the output */
    LL_QUIZ_PT    /* predict the total (virtual) time */
} ll_quiz_kind;

typedef struct ll_lesson ll_lesson;

typedef struct ll_page {
    char *title;     /* first "# " heading of the file */
    char *path;      /* absolute path of the .md file */
} ll_page;

typedef struct ll_knob {
    char  *name;     /* variable the demo reads: knobs.<name> */
    char  *label;
    double value, min, max, step;
} ll_knob;

typedef struct ll_demo {
    char    *id;       /* "1.1-sleepers" */
    char    *title;
    char    *about;    /* one paragraph shown beside the timeline */
    char    *script;   /* absolute path of the demo .lua */
    ll_knob *knobs;
    size_t   nknobs;
    ll_lesson *lesson;
} ll_demo;

typedef struct ll_exercise {
    char      *id;        /* "1.1a" */
    char      *title;
    ll_ex_kind kind;
    char      *dir;       /* absolute path of the exercise folder */
    char      *file;      /* workspace file name: "fetch.py" */
    char      *statement; /* absolute path of the statement .md */
    char     **hints;     /* progressive, 2-3 */
    size_t     nhints;
    uint64_t  *seeds;     /* schedule seeds the reference must pass under
                             (`seeds = N` -> 1..N, or a list); NULL = {0} */
    size_t     nseeds;
    bool       optional;  /* an "engine room" extra (`optional = true`):
                             marked in the lists, left out of the
                             "N of M passed" counts and the competencies */
    ll_lesson *lesson;
} ll_exercise;

typedef struct ll_question {
    ll_quiz_kind kind;
    char   *prompt;
    char   *code;        /* snippet shown with the prompt, or NULL */
    char   *lang;        /* "python" / "lua" for the snippet, or NULL */
    char  **choices;
    size_t  nchoices;
    int     answer;      /* 0-based index into choices */
    char   *explain;
    char  **runs;        /* po/pt: driver lines appended to code, one run
                            each (`run = "..."` or a list); NULL = code alone */
    size_t  nruns;
    double  tolerance;   /* pt: seconds of slack when comparing, 0 = default */
    char   *prelude;     /* po/pt: code run before `code`, not shown; or NULL */
    char   *output;      /* po: the recorded output, when the choices are
                            prose rather than the literal output; or NULL */
    double *times;       /* pt: the recorded times, when the choices are
                            prose; NULL when absent */
    size_t  ntimes;
    char  **warns;       /* po/pt (Python): text each recorded warning holds */
    size_t  nwarns;
    bool    body;        /* po/pt: code is the body of the main coroutine
                            (Python) / main task (Lua), wrapped to run */
} ll_question;

struct ll_lesson {
    char        *id;         /* "1.1" */
    char        *title;
    char        *summary;    /* one line for the course map */
    int          week;
    char        *dir;        /* absolute path */
    ll_page     *pages;
    size_t       npages;
    ll_demo     *demos;
    size_t       ndemos;
    ll_exercise *exercises;
    size_t       nexercises;
    ll_question *quiz;
    size_t       nquiz;
    char        *quiz_path;  /* absolute path of the quiz file, or NULL */
};

typedef struct ll_course {
    char      *root;
    ll_lesson *lessons;      /* sorted by week, then folder name */
    size_t     nlessons;
    struct ll_glossary *glossary;  /* <root>/glossary.md (course/search.h);
                                      NULL: none */
} ll_course;

/* Where the course lives: $LOOPLAB_COURSE, else the source tree's lessons/
 * when it exists (a build run from the clone), else the installed
 * <datadir>/looplab/lessons. Heap string. */
char *ll_course_default_root(void);

/* Load every lesson under root. On a malformed file returns LL_ESYNTAX
 * (LL_ENOENT for a missing root) and *errmsg gets "path:line: message".
 * *out is NULL on failure. */
int  ll_course_load(const char *root, ll_course **out, char **errmsg);
void ll_course_free(ll_course *c);

const ll_lesson   *ll_course_lesson(const ll_course *c, const char *id);
const ll_exercise *ll_course_exercise(const ll_course *c, const char *id);
const ll_demo     *ll_course_demo(const ll_course *c, const char *id);

/* The exercises of l that count (not optional): what "N of M exercises
 * passed" and "lesson done" are measured against. */
size_t ll_lesson_required(const ll_lesson *l);

/* Why id (a lesson, exercise or demo id, or a file name from a manifest)
 * cannot be used, or NULL when it can. Ids become path components
 * (~/looplab/<id>/, attempt and report folders): an empty id, ".", one
 * with "..", a slash, a backslash or a control character would let a
 * manifest or an argument write outside its folder. Every place an id
 * comes in checks it. */
const char *ll_course_id_bad(const char *id);

const char *ll_ex_kind_name(ll_ex_kind k);       /* "python" / "lua" */
const char *ll_quiz_kind_name(ll_quiz_kind k);   /* "mc" / "po" / "pt" */
/* The kind in a student's words: "multiple choice", "predict the output",
 * "predict the time" (the short names are the authors'). */
const char *ll_quiz_kind_words(ll_quiz_kind k);

/* ---- between course.c and the manifest loader (course/manifest.c) ---- */
/* Fill *out from <dir>/lesson.lua (and its exercises and quiz). LL_OK, or
 * LL_ESYNTAX/LL_ENOENT with *errmsg = "path[:line]: message". */
int  ll__course_load_lesson(const char *dir, int week, ll_lesson *out,
                            char **errmsg);
void ll__lesson_close(ll_lesson *l);

#endif /* LL_COURSE_H */
