/* SPDX-License-Identifier: MIT
 * app/tui/keys.h -- key -> action bindings, as data (nnn's bindings[]).
 *
 * Keys are Unicode code points for characters, or LL_KEY_* for special
 * keys (the curses sink translates KEY_UP and friends; this module never
 * sees curses). A binding belongs to a set of contexts (the screen that
 * has focus), so one key may mean "pause" in a demo and "next page" in a
 * lesson without an if-ladder in the app. The same table generates the
 * help screen and the footers, so they cannot drift from the bindings.
 */
#ifndef LL_KEYS_H
#define LL_KEYS_H

#include "engine/base.h"

enum {
    LL_KEY_UP = 0x110001, LL_KEY_DOWN, LL_KEY_LEFT, LL_KEY_RIGHT,
    LL_KEY_HOME, LL_KEY_END, LL_KEY_PGUP, LL_KEY_PGDN, LL_KEY_ENTER,
    LL_KEY_ESC, LL_KEY_TAB, LL_KEY_BTAB, LL_KEY_BACKSPACE, LL_KEY_F1
};
#define LL_KEY_CTRL(c) ((c) & 0x1f)

typedef enum ll_action {
    LL_ACT_NONE = 0,
    LL_ACT_UP, LL_ACT_DOWN, LL_ACT_TOP, LL_ACT_BOTTOM,
    LL_ACT_PGUP, LL_ACT_PGDN,
    LL_ACT_OPEN,        /* Enter: open the focused item / continue */
    LL_ACT_BACK,        /* q, Esc: back one screen; quit at the map */
    LL_ACT_QUIT,        /* Q: quit from anywhere */
    LL_ACT_HELP,        /* ?: key help for this screen */
    LL_ACT_NEXT,        /* next page / next question */
    LL_ACT_PREV,        /* previous page */
    LL_ACT_MENU,        /* Tab: the lesson menu (demos, exercises, quiz) */
    LL_ACT_PAUSE,       /* demo: pause / resume */
    LL_ACT_RESTART,     /* demo: play again from 0 */
    LL_ACT_FASTER, LL_ACT_SLOWER,      /* demo playback speed */
    LL_ACT_SEEK_FWD, LL_ACT_SEEK_BACK, /* demo: move "now" by a step */
    LL_ACT_KNOB_NEXT,   /* demo: focus the next knob */
    LL_ACT_KNOB_UP, LL_ACT_KNOB_DOWN,  /* demo: change the knob, re-run */
    LL_ACT_EDIT,        /* exercise: open the file in $EDITOR */
    LL_ACT_CHECK,       /* exercise: run the checks */
    LL_ACT_HINT,        /* exercise: show the next hint */
    LL_ACT_WATCH,       /* exercise: watch mode on / off */
    LL_ACT_RESET,       /* exercise: put the starter back (asks first) */
    LL_ACT_SOLUTION,    /* exercise: the reference (after passing) */
    LL_ACT_MYRUN,       /* exercise: replay the last checked run */
    LL_ACT_YES, LL_ACT_NO,             /* answer a y/n question */
    LL_ACT_TOC,         /* lesson: table of contents */
    LL_ACT_SEARCH,      /* lesson: / starts a search */
    LL_ACT_SEARCH_NEXT, LL_ACT_SEARCH_PREV,  /* n / N (pages when no search) */
    LL_ACT_STEP,        /* demo: pause and step to the next event */
    LL_ACT_CLOCK,       /* demo: time axis virtual <-> real */
    LL_ACT_PROGRESS,    /* map: the progress dashboard */
    LL_ACT_INTRO,       /* help: how the course works (the first-run box) */
    LL_ACT_ABOUT,       /* demo: the whole explanation, or two lines */
    LL_ACT_FIND,        /* search the whole course (map /, elsewhere S) */
    LL_ACT_GLOSSARY,    /* d: the glossary (in a page: its terms) */
    LL_ACT_DIGIT1,      /* 1..9: quiz answers, menu items */
    LL_ACT_DIGIT9 = LL_ACT_DIGIT1 + 8,
    LL_ACT__COUNT
} ll_action;

/* Contexts (bit set): which screen has the keyboard. */
typedef enum ll_keyctx {
    LL_CTX_MAP      = 1u << 0,
    LL_CTX_LESSON   = 1u << 1,
    LL_CTX_MENU     = 1u << 2,
    LL_CTX_DEMO     = 1u << 3,
    LL_CTX_EXERCISE = 1u << 4,
    LL_CTX_QUIZ     = 1u << 5,
    LL_CTX_HELP     = 1u << 6,
    LL_CTX_TOC      = 1u << 7,
    LL_CTX_PROGRESS = 1u << 8,
    LL_CTX_CONFIRM  = 1u << 9,   /* a y/n question is up */
    LL_CTX_FIND     = 1u << 10,  /* course search results, the glossary */
    LL_CTX_ALL      = 0x7ff
} ll_keyctx;

typedef struct ll_binding {
    unsigned    ctx;     /* ll_keyctx bits */
    int         key;
    ll_action   action;
    const char *label;   /* key as shown in help: "j/↓" (NULL: same row as
                            the binding above, not listed again) */
    const char *help;    /* what it does */
} ll_binding;

/* The action bound to key in ctx, LL_ACT_NONE if none. */
ll_action ll_keys_lookup(ll_keyctx ctx, int key);
/* The binding table (read-only) and its length. */
const ll_binding *ll_keys_table(size_t *n);
/* Name of a key for messages: "q", "Enter", "↑"; static string. */
const char *ll_keys_name(int key);

#endif /* LL_KEYS_H */
