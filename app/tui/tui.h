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
 * and on SIGSEGV/SIGABRT (then re-raises). SIGINT, SIGTERM and SIGHUP end
 * the session cleanly. Returns 0 on a normal quit, 2 when interrupted by
 * one of those signals, 4 when this terminal cannot show the screens
 * (TERM unset, dumb or unknown; an error naming TERM is printed: callers
 * that can print plain text ask ll_tui_usable first), 3 out of memory. */
int ll_tui_main(ll_course *course, ll_store *store, const char *start);

/* Whether the TUI can run here: stdin and stdout are terminals and TERM
 * names a terminal that terminfo knows and that can address the cursor.
 * Commands print plain text when it cannot. */
bool ll_tui_usable(void);

#endif /* LL_TUI_H */
