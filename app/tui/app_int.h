/* SPDX-License-Identifier: MIT
 * app/tui/app_int.h -- between the files of the app state machine.
 *
 * app.c keeps the screen stack, dispatch and demo playback; app_exercise.c
 * the exercise screen (checks, watch mode, hints, reset, solution, "show
 * my run"); app_lesson.c the reader's contents and search; app_progress.c
 * the dashboard and time spent. Not for views or other modules.
 */
#ifndef LL_APP_INT_H
#define LL_APP_INT_H

#include "app.h"

size_t ll__app_lesson_index(const ll_app *app, const ll_lesson *l);
void   ll__app_store_err(ll_app *app, int rc, const char *what);
void   ll__app_remember(ll_app *app, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void   ll__app_refresh_prog(ll_app *app, size_t li);
void   ll__app_scroll(int *scroll, ll_action a, int page, int max);

/* app_exercise.c */
void ll__app_enter_exercise(ll_app *app, const ll_exercise *ex);
void ll__app_leave_exercise(ll_app *app);
void ll__app_exercise_apply(ll_app *app, ll_action a);
void ll__app_check(ll_app *app);
void ll__app_exercise_relayout(ll_app *app);
/* app_demo.c */
void ll__app_enter_demo(ll_app *app, const ll_demo *d);
void ll__app_demo_reset(ll_app *app);
void ll__app_demo_run(ll_app *app);
void ll__app_demo_apply(ll_app *app, ll_action a);
/* Replay a trace file in the demo screen; back returns to `back`. */
int  ll__app_enter_replay(ll_app *app, const char *path, ll_scr back);

/* app_lesson.c */
void ll__app_page_loaded(ll_app *app);      /* collect the headings */
bool ll__app_lesson_apply(ll_app *app, ll_action a);   /* true: handled */
void ll__app_search_key(ll_app *app, int key);

/* app.c: entering screens, for app_find.c */
void ll__app_enter_page(ll_app *app, const ll_lesson *l, size_t page);
void ll__app_enter_menu(ll_app *app, const ll_lesson *l);
/* app_lesson.c: search this page for word and show the first match */
void ll__app_lesson_find_word(ll_app *app, const char *word);

/* app_find.c */
void ll__app_find_prompt(ll_app *app);
void ll__app_find_run(ll_app *app, const char *query);
void ll__app_glossary(ll_app *app);
void ll__app_find_apply(ll_app *app, ll_action a);
void ll__app_find_close(ll_app *app);
void ll__app_find_relayout(ll_app *app);

/* app_progress.c */
void ll__app_enter_progress(ll_app *app);
void ll__app_progress_apply(ll_app *app, ll_action a);
void ll__app_progress_close(ll_app *app);
/* Count the time since the last action towards the current lesson (gaps
 * capped, so a terminal left open overnight is not "study"), and mark
 * the activity. */
void ll__app_time_tick(ll_app *app);
/* Persist the lesson's time spent and last activity (kv). */
void ll__app_time_save(ll_app *app, size_t li);
/* Load time spent / last activity of lesson li from the store. */
void ll__app_time_load(ll_app *app, size_t li);
/* Time spent as the store has it now (other commands add to it), plus
 * this session's unsaved part. */
void ll__app_time_reload(ll_app *app, size_t li);

#endif /* LL_APP_INT_H */
