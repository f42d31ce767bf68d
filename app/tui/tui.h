/* SPDX-License-Identifier: MIT
 * app/tui/tui.h -- the interactive terminal UI entry point.
 *
 * Implemented by app/tui/term_curses.c, the only file that includes
 * curses.h (it is linked into the looplab binary, not into looplab_core,
 * so tests never need a terminal).
 */
#ifndef LL_TUI_H
#define LL_TUI_H

#include "course/course.h"
#include "store/store.h"

/* Run the TUI until the student quits. course is required; store may be
 * NULL (nothing is saved). start: a lesson, demo or exercise id, or
 * "quiz:LESSON", to open first; NULL resumes where the student left off
 * (course map the first time). Sets the locale, opens the terminal with
 * newterm() on stdin/stdout, honours NO_COLOR (non-empty: no colour; the
 * screens keep their glyphs and words), restores the terminal on return
 * and on SIGINT/SIGTERM/SIGSEGV/SIGABRT (then re-raises).
 * Returns 0 on a normal quit, 3 when the terminal cannot be opened (an
 * error is printed to stderr), 2 when interrupted by a signal. */
int ll_tui_main(ll_course *course, ll_store *store, const char *start);

#endif /* LL_TUI_H */
