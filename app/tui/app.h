/* SPDX-License-Identifier: MIT
 * app/tui/app.h -- the TUI state machine, testable without a terminal.
 *
 * ll_app holds everything the views draw: the course, the store (may be
 * NULL: progress then lives in memory for the session), the current screen
 * and each screen's state. Input arrives as ll_action (ll_app_apply), time
 * as ll_app_tick, size as ll_app_resize. Work that needs the terminal is
 * not done here but requested through app->effect: EDIT (the sink suspends
 * curses, runs the editor on app->effect_path, then calls
 * ll_app_effect_done), CHECK and RUN (the sink draws once so "Checking…"
 * shows, then calls ll_app_effect_done, which runs it), QUIT.
 * Engine calls go through app->ops (defaults: ll_run_file, ll_check_run,
 * ll_ws_ensure, ll_ws_hash) so tests can fake the demo run and the grader.
 * One thread.
 */
#ifndef LL_APP_H
#define LL_APP_H

#include "course/course.h"
#include "grader/result.h"
#include "engine/lua/run.h"
#include "grader/check.h"
#include "store/store.h"
#include "engine/trace.h"
#include "keys.h"
#include "md.h"
#include "timeline.h"
#include "engine/watch.h"
#include "course/search.h"

typedef enum ll_scr {
    LL_SCR_MAP, LL_SCR_LESSON, LL_SCR_MENU, LL_SCR_DEMO, LL_SCR_EXERCISE,
    LL_SCR_QUIZ, LL_SCR_PROGRESS, LL_SCR_FIND
} ll_scr;

typedef enum ll_effect {
    LL_EFFECT_NONE, LL_EFFECT_EDIT, LL_EFFECT_CHECK, LL_EFFECT_RUN,
    LL_EFFECT_QUIT
} ll_effect;

/* Engine seams (see the header comment). */
typedef struct ll_app_ops {
    int  (*run)(const ll_demo *d, const ll_run_opts *o, ll_trace *tr,
                ll_buf *out, ll_run_result *res);
    int  (*check)(const ll_exercise *ex, const char *file,
                  const ll_check_opts *o, ll_result *out);
    int  (*ws_ensure)(const ll_exercise *ex, char **path);
    char *(*ws_hash)(const char *path);
    /* Added later; NULL members of a caller's ops get the defaults. */
    int  (*ws_reset)(const ll_exercise *ex, char **backup);
    double (*now)(void);        /* wall clock, seconds since the epoch */
    char *(*run_path)(const ll_exercise *ex);  /* ll_app_run_path */
} ll_app_ops;

/* Progress of one lesson, cached for the map (from the store, or counted
 * in memory when there is none). */
typedef struct ll_app_prog {
    int pages_seen;
    int ex_passed;
    int quiz_answered, quiz_correct;
    double seconds;             /* time spent in the lesson (all sessions) */
    double unsaved;             /* the part of it not written to the store */
    int    page, scroll;        /* reading position to come back to */
    double last;                /* last activity, epoch seconds (0 never) */
} ll_app_prog;

/* One exercise row of the progress dashboard (loaded on entering it). */
typedef struct ll_app_exrow {
    const ll_exercise *ex;
    int  attempts, hints;
    bool passed;
} ll_app_exrow;

/* A heading of the current page (table of contents). */
typedef struct ll_app_toc {
    int  line;                  /* doc line of the heading */
    int  level;
    char text[72];
} ll_app_toc;

/* A menu row of the lesson menu. */
typedef enum ll_item_kind { LL_ITEM_PAGES, LL_ITEM_DEMO, LL_ITEM_EXERCISE,
                            LL_ITEM_QUIZ } ll_item_kind;
typedef struct ll_menu_item {
    ll_item_kind kind;
    size_t       index;     /* demo / exercise index */
} ll_menu_item;

typedef struct ll_app {
    const ll_course *course;
    ll_store   *store;          /* NULL: nothing persisted */
    ll_app_ops  ops;
    int         w, h;
    bool        ascii;          /* ASCII glyphs (non-UTF-8 locale) */
    ll_scr      scr;
    bool        help;           /* the help overlay is up */
    ll_effect   effect;
    char       *effect_path;    /* EDIT: the file to open */
    char        status[200];    /* one-line message under the body */
    ll_app_prog *prog;          /* one per lesson */

    /* course map */
    size_t      map_sel;        /* index of the focused lesson */
    int         map_more;       /* rows scrolled past the last lesson, to
                                   see the weeks still to come */
    int         map_top;        /* first list row shown */

    /* lesson pages and menu */
    const ll_lesson *lesson;
    size_t      page;
    int         scroll;
    ll_md_doc   doc;            /* the page laid out for the body width */
    char       *page_err;       /* why the page could not be read */
    ll_app_toc  toc[48];        /* headings of the page */
    size_t      ntoc, toc_sel;
    bool        toc_open;       /* the contents overlay is up */
    bool        typing;         /* the search prompt has the keyboard */
    char        input[64];      /* what is typed at the prompt */
    char        search[64];     /* the active search ("" none) */
    int         match_line;     /* line of the current match, -1 none */
    int         nmatches;
    int         match_idx;      /* the current match is the k-th (1-based) */
    ll_menu_item menu[32];
    size_t      nmenu, menu_sel;
    bool        intro;          /* the "how looplab works" box is up */
    bool        ex_passed[32];  /* per exercise of app->lesson */

    /* demo */
    const ll_demo *demo;
    ll_trace   *trace;
    ll_timeline tl;
    ll_buf      out;            /* everything the demo printed */
    char       *run_err;        /* error text of the run, or NULL */
    double      now;            /* playback position, virtual seconds */
    double      speed;          /* playback multiplier (1 = base rate) */
    bool        paused;
    int64_t     last_tick;      /* ns of the previous tick, 0 = none */
    double     *knobs;          /* current knob values */
    size_t      knob_sel;
    bool        demo_about;     /* the demo's whole explanation is shown */
    size_t      tl_top;         /* first timeline row shown */
    char       *replay;         /* replaying this trace file (no demo) */
    ll_scr      replay_back;    /* where q returns from a replay */

    /* exercise */
    const ll_exercise *ex;
    char       *ws_path;        /* the student's file */
    ll_md_doc   stmt;
    int         ex_scroll;
    ll_result   result;
    bool        have_result;
    int         hints;          /* hints shown so far */
    int         attempts;
    bool        passed;
    ll_watch   *watch;          /* watch mode: re-check on save */
    char       *run_trace;      /* where checks save their trace */
    bool        have_run;       /* a check saved a trace there */
    bool        confirm_reset;  /* "reset? y/n" is up */
    ll_md_doc   solution;       /* shown once passed (nlines 0: hidden) */
    bool        solution_diff;  /* it shows yours against the reference */

    /* progress dashboard */
    ll_app_exrow *exrows;
    size_t      nexrows;
    int         prog_scroll;
    double      store_last;     /* the store's last activity (0 none) */
    int64_t     data_version;   /* the store's, when counts were loaded */
    double      entered;        /* ops.now() when the lesson was entered */

    /* quiz */
    size_t      q;              /* current question */
    int         chosen;         /* -1: not answered yet */
    int         q_scroll;       /* first row shown of a tall question */
    int         q_correct, q_answered;
    signed char q_choice[64];   /* this take's choice per question, -1 none:
                                   the review after the score */
    unsigned    q_shuffle;      /* 0: course order; else a retake's seed for
                                   the order of questions and choices */
    bool        quiz_done;

    /* course search and the glossary (LL_SCR_FIND) */
    bool        typing_find;    /* the prompt searches the whole course */
    ll_hit     *hits;           /* search results (glossary mode: none) */
    size_t      nhits;
    bool        hits_more;      /* there were more than were kept */
    bool        gloss;          /* the list is glossary entries */
    bool        gloss_here;     /* ... only those on the page's screen */
    size_t      gl[128];        /* glossary mode: the entries listed */
    size_t      ngl;
    size_t      find_sel;
    int         find_top;       /* first list row shown */
    char        find_query[64];
    ll_scr      find_back;      /* where q returns */
    ll_md_doc   find_doc;       /* the focused entry's definition */
} ll_app;

/* Start on the course map, or where `start` says (a lesson, demo or
 * exercise id, or "quiz:ID"), else where the store says the student left
 * off. course must outlive the app; store may be NULL. ops NULL: the real
 * engine. LL_OK / LL_ENOMEM. */
int  ll_app_init(ll_app *app, const ll_course *course, ll_store *store,
                 const ll_app_ops *ops, const char *start, int w, int h);
void ll_app_close(ll_app *app);

/* Apply one user action. */
void ll_app_apply(ll_app *app, ll_action a);
/* One key (LL_KEY_* or a code point): text for the search prompt while it
 * is up, else looked up in the focused context and applied. */
void ll_app_key(ll_app *app, int key);
/* Watch mode: the descriptor to poll beside the keyboard (-1: none), and
 * what to call when it is readable (or, in polling fallback mode, every
 * ~250 ms): a saved file queues a CHECK effect. */
int  ll_app_watch_fd(const ll_app *app);
bool ll_app_watching(const ll_app *app);
void ll_app_watch_event(ll_app *app);
/* The terminal size changed: re-lay out text for the new width. */
void ll_app_resize(ll_app *app, int w, int h);
/* Advance demo playback to real time now_ns (monotonic). */
void ll_app_tick(ll_app *app, int64_t now_ns);
/* Catch up with what another looplab wrote to the store (a check in a
 * second terminal): the map's and the dashboard's counts are reloaded
 * when the store's data_version moved. One cheap query otherwise; the
 * terminal loop calls it at least once a second. */
void ll_app_sync(ll_app *app);
/* The quiz question on screen (an index into lesson->quiz: a retake
 * shuffles the order), and the choice shown at position d of question qi. */
size_t ll_app_quiz_question(const ll_app *app);
size_t ll_app_quiz_choice(const ll_app *app, size_t qi, size_t d);
/* Whether the sink should call ll_app_tick (a demo is playing). */
bool ll_app_animating(const ll_app *app);
/* Perform / acknowledge the pending effect. For EDIT pass the editor's
 * exit status (a clean exit chains into a CHECK, like rustlings' watch);
 * for CHECK and RUN the work happens here. */
void ll_app_effect_done(ll_app *app, int status);
/* The key context of the focused screen. */
ll_keyctx ll_app_keyctx(const ll_app *app);
/* Set the status line (printf). */
void ll_app_status(ll_app *app, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Where checks save the run's trace for "show my run":
 * $XDG_STATE_HOME/looplab/runs/<id>.jsonl (else ~/.local/state/...), the
 * directory created. Heap string; NULL on OOM or when it cannot be made.
 * `looplab check` saves there too. */
char *ll_app_run_path(const ll_exercise *ex);
/* Layout constants shared with the views. */
#define LL_APP_MIN_W 80
#define LL_APP_MIN_H 24
/* Body width for Markdown at screen width w (margins taken off). */
int  ll_app_text_width(int w);
/* Where needle occurs in hay, ASCII case folded (the reader's search
 * rule, shared with the view's highlighting): byte offset, or -1. */
int  ll_app_match(const char *hay, const char *needle);

#endif /* LL_APP_H */
