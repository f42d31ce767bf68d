/* SPDX-License-Identifier: MIT
 * app/tui/keys.c -- the binding table.
 *
 * One row per (contexts, key). Rows with a label are listed by the help
 * screen in table order; rows with label NULL are aliases of the row above
 * (arrow keys beside j/k). The first matching row wins, so put specific
 * contexts before LL_CTX_ALL rows for the same key.
 */
#include "keys.h"

#define C_MAP  LL_CTX_MAP
#define C_LES  LL_CTX_LESSON
#define C_MENU LL_CTX_MENU
#define C_DEMO LL_CTX_DEMO
#define C_EX   LL_CTX_EXERCISE
#define C_QUIZ LL_CTX_QUIZ
#define C_ALL  LL_CTX_ALL
#define C_TOC  LL_CTX_TOC
#define C_PROG LL_CTX_PROGRESS
#define C_CONF LL_CTX_CONFIRM
#define C_FIND LL_CTX_FIND
#define C_LIST (C_MAP | C_MENU | C_TOC | C_FIND)

static const ll_binding ll_keys_bindings[] = {
    /* moving in lists */
    { C_LIST, 'j', LL_ACT_DOWN, "j/↓", "move down" },
    { C_LIST, LL_KEY_DOWN, LL_ACT_DOWN, NULL, NULL },
    { C_LIST, 'k', LL_ACT_UP, "k/↑", "move up" },
    { C_LIST, LL_KEY_UP, LL_ACT_UP, NULL, NULL },
    { C_LIST, 'g', LL_ACT_TOP, "g/G", "first / last item" },
    { C_LIST, LL_KEY_HOME, LL_ACT_TOP, NULL, NULL },
    { C_LIST, 'G', LL_ACT_BOTTOM, NULL, NULL },
    { C_LIST, LL_KEY_END, LL_ACT_BOTTOM, NULL, NULL },
    { C_LIST, LL_KEY_ENTER, LL_ACT_OPEN, "Enter/l/→", "open" },
    { C_LIST, 'l', LL_ACT_OPEN, NULL, NULL },
    { C_LIST, LL_KEY_RIGHT, LL_ACT_OPEN, NULL, NULL },
    { C_MENU, LL_KEY_LEFT, LL_ACT_BACK, NULL, NULL },
    { C_MENU, LL_KEY_TAB, LL_ACT_BACK, "Tab", "back to the page" },
    { C_MENU, '1', LL_ACT_DIGIT1, "1-9", "open item N" },
    { C_MAP, 'p', LL_ACT_PROGRESS, "p", "progress dashboard" },
    { C_MAP, 'n', LL_ACT_NEXT, "n", "go to the Next: step" },
    { C_TOC, 't', LL_ACT_BACK, "t", "close the contents" },
    /* a y/n question (reset) */
    { C_CONF, 'y', LL_ACT_YES, "y", "yes, do it" },
    { C_CONF, 'Y', LL_ACT_YES, NULL, NULL },
    { C_CONF, 'n', LL_ACT_NO, "n/Esc", "no, keep things as they are" },
    { C_CONF, 'N', LL_ACT_NO, NULL, NULL },
    /* scrolling text (lesson pages, exercise statements, tall questions) */
    { C_LES | C_EX | C_PROG | C_QUIZ, 'j', LL_ACT_DOWN, "j/↓", "scroll down" },
    { C_LES | C_EX | C_PROG | C_QUIZ, LL_KEY_DOWN, LL_ACT_DOWN, NULL, NULL },
    { C_LES | C_EX | C_PROG | C_QUIZ, 'k', LL_ACT_UP, "k/↑", "scroll up" },
    { C_LES | C_EX | C_PROG | C_QUIZ, LL_KEY_UP, LL_ACT_UP, NULL, NULL },
    { C_LES, ' ', LL_ACT_PGDN, "Space/PgDn", "page down" },
    { C_LES | C_EX | C_PROG | C_QUIZ, LL_KEY_PGDN, LL_ACT_PGDN, NULL, NULL },
    { C_LES | C_EX | C_PROG | C_QUIZ, LL_KEY_PGUP, LL_ACT_PGUP, "b/PgUp", "page up" },
    { C_LES | C_EX | C_PROG | C_QUIZ, 'b', LL_ACT_PGUP, NULL, NULL },
    { C_LES | C_EX | C_PROG | C_QUIZ, LL_KEY_CTRL('d'), LL_ACT_PGDN, NULL, NULL },
    { C_LES | C_EX | C_PROG | C_QUIZ, LL_KEY_CTRL('u'), LL_ACT_PGUP, NULL, NULL },
    { C_LES | C_EX | C_PROG | C_QUIZ, 'g', LL_ACT_TOP, "g/G", "top / bottom" },
    { C_LES | C_EX | C_PROG | C_QUIZ, LL_KEY_HOME, LL_ACT_TOP, NULL, NULL },
    { C_LES | C_EX | C_PROG | C_QUIZ, 'G', LL_ACT_BOTTOM, NULL, NULL },
    { C_LES | C_EX | C_PROG | C_QUIZ, LL_KEY_END, LL_ACT_BOTTOM, NULL, NULL },
    { C_LES, LL_KEY_RIGHT, LL_ACT_NEXT, "→/Enter", "next page (menu after the last)" },
    { C_LES, LL_KEY_ENTER, LL_ACT_NEXT, NULL, NULL },
    { C_LES, LL_KEY_LEFT, LL_ACT_PREV, "←/p", "previous page" },
    { C_LES, 'p', LL_ACT_PREV, NULL, NULL },
    { C_LES, '/', LL_ACT_SEARCH, "/", "search this page" },
    { C_LES, 'n', LL_ACT_SEARCH_NEXT, "n/N", "next / previous match (or page)" },
    { C_LES, 'N', LL_ACT_SEARCH_PREV, NULL, NULL },
    { C_LES, 't', LL_ACT_TOC, "t", "table of contents" },
    { C_LES, LL_KEY_TAB, LL_ACT_MENU, "Tab", "lesson menu: demo, exercises, quiz" },
    /* demo playback */
    { C_DEMO, ' ', LL_ACT_PAUSE, "Space/p", "pause / resume" },
    { C_DEMO, 'p', LL_ACT_PAUSE, NULL, NULL },
    { C_DEMO, 'r', LL_ACT_RESTART, "r", "restart from 0" },
    { C_DEMO, '+', LL_ACT_FASTER, "+/-", "faster / slower" },
    { C_DEMO, '=', LL_ACT_FASTER, NULL, NULL },
    { C_DEMO, '>', LL_ACT_FASTER, NULL, NULL },
    { C_DEMO, '-', LL_ACT_SLOWER, NULL, NULL },
    { C_DEMO, '<', LL_ACT_SLOWER, NULL, NULL },
    { C_DEMO, LL_KEY_RIGHT, LL_ACT_SEEK_FWD, "→/←", "step forward / back" },
    { C_DEMO, 'l', LL_ACT_SEEK_FWD, NULL, NULL },
    { C_DEMO, LL_KEY_LEFT, LL_ACT_SEEK_BACK, NULL, NULL },
    { C_DEMO, 'h', LL_ACT_SEEK_BACK, NULL, NULL },
    { C_DEMO, LL_KEY_TAB, LL_ACT_KNOB_NEXT, "Tab", "next knob" },
    { C_DEMO, ']', LL_ACT_KNOB_UP, "]/[", "knob up / down (re-runs)" },
    { C_DEMO, '[', LL_ACT_KNOB_DOWN, NULL, NULL },
    { C_DEMO, 's', LL_ACT_STEP, "s", "pause, then step one event" },
    { C_DEMO, 'v', LL_ACT_CLOCK, "v", "time axis: virtual / real seconds" },
    { C_DEMO, 'a', LL_ACT_ABOUT, "a", "the whole explanation / two lines" },
    { C_DEMO, 'j', LL_ACT_DOWN, "j/k", "scroll the task rows" },
    { C_DEMO, LL_KEY_DOWN, LL_ACT_DOWN, NULL, NULL },
    { C_DEMO, 'k', LL_ACT_UP, NULL, NULL },
    { C_DEMO, LL_KEY_UP, LL_ACT_UP, NULL, NULL },
    { C_DEMO, '.', LL_ACT_STEP, NULL, NULL },
    { C_DEMO, 'G', LL_ACT_BOTTOM, "G", "jump to the end" },
    { C_DEMO, LL_KEY_END, LL_ACT_BOTTOM, NULL, NULL },
    /* exercise */
    { C_EX, 'e', LL_ACT_EDIT, "e", "edit the file in your editor" },
    { C_EX, 'c', LL_ACT_CHECK, "c", "check it" },
    { C_EX, 'h', LL_ACT_HINT, "h", "next hint" },
    { C_EX, 'w', LL_ACT_WATCH, "w", "watch mode on/off: check on every save" },
    { C_EX, 'x', LL_ACT_RESET, "x", "reset to the starter (asks first)" },
    { C_EX, 's', LL_ACT_SOLUTION, "s", "reference solution (after passing)" },
    { C_EX, 't', LL_ACT_MYRUN, "t", "show my run: the last check's timeline" },
    /* quiz */
    { C_QUIZ, '1', LL_ACT_DIGIT1, "1-9", "answer" },
    { C_QUIZ, LL_KEY_ENTER, LL_ACT_NEXT, "Enter/n", "next question" },
    { C_QUIZ, 'n', LL_ACT_NEXT, NULL, NULL },
    { C_QUIZ, LL_KEY_RIGHT, LL_ACT_NEXT, NULL, NULL },
    /* the whole course: search and the glossary */
    { C_MAP | C_FIND, '/', LL_ACT_FIND, "/", "search the whole course" },
    { C_MAP | C_LES | C_MENU | C_PROG | C_FIND, 'S', LL_ACT_FIND, "S",
      "search the whole course" },
    { C_MAP | C_MENU | C_PROG | C_FIND | LL_CTX_HELP, 'd', LL_ACT_GLOSSARY,
      "d", "glossary: the course's terms explained" },
    { C_LES, 'd', LL_ACT_GLOSSARY, "d", "glossary: the terms on this screen" },
    /* everywhere */
    { C_ALL, '?', LL_ACT_HELP, "?", "this help" },
    { LL_CTX_HELP, 'i', LL_ACT_INTRO, NULL, NULL },
    { C_ALL, LL_KEY_F1, LL_ACT_HELP, NULL, NULL },
    { C_ALL, 'q', LL_ACT_BACK, "q/Esc", "back (quit on the course map)" },
    { C_ALL, LL_KEY_ESC, LL_ACT_BACK, NULL, NULL },
    { C_ALL, 'Q', LL_ACT_QUIT, "Q", "quit looplab" },
};

ll_action
ll_keys_lookup(ll_keyctx ctx, int key)
{
    size_t i;

    /* Digits are one row each in spirit; keep the table short. */
    if (key >= '1' && key <= '9' && (ctx & (LL_CTX_QUIZ | LL_CTX_MENU)))
        return (ll_action)(LL_ACT_DIGIT1 + (key - '1'));
    for (i = 0; i < LL_COUNTOF(ll_keys_bindings); i++)
        if ((ll_keys_bindings[i].ctx & ctx) && ll_keys_bindings[i].key == key)
            return ll_keys_bindings[i].action;
    return LL_ACT_NONE;
}

const ll_binding *
ll_keys_table(size_t *n)
{
    *n = LL_COUNTOF(ll_keys_bindings);
    return ll_keys_bindings;
}

const char *
ll_keys_name(int key)
{
    static const struct { int key; const char *name; } names[] = {
        { LL_KEY_UP, "↑" }, { LL_KEY_DOWN, "↓" }, { LL_KEY_LEFT, "←" },
        { LL_KEY_RIGHT, "→" }, { LL_KEY_HOME, "Home" }, { LL_KEY_END, "End" },
        { LL_KEY_PGUP, "PgUp" }, { LL_KEY_PGDN, "PgDn" },
        { LL_KEY_ENTER, "Enter" }, { LL_KEY_ESC, "Esc" }, { LL_KEY_TAB, "Tab" },
        { LL_KEY_BTAB, "S-Tab" }, { LL_KEY_BACKSPACE, "Backspace" },
        { LL_KEY_F1, "F1" }, { ' ', "Space" },
    };
    static const char ascii[128][2] = {
#define R(c) [c] = { (char)(c), 0 }
        R('!'), R('"'), R('#'), R('$'), R('%'), R('&'), R('\''), R('('),
        R(')'), R('*'), R('+'), R(','), R('-'), R('.'), R('/'), R('0'),
        R('1'), R('2'), R('3'), R('4'), R('5'), R('6'), R('7'), R('8'),
        R('9'), R(':'), R(';'), R('<'), R('='), R('>'), R('?'), R('@'),
        R('A'), R('B'), R('C'), R('D'), R('E'), R('F'), R('G'), R('H'),
        R('I'), R('J'), R('K'), R('L'), R('M'), R('N'), R('O'), R('P'),
        R('Q'), R('R'), R('S'), R('T'), R('U'), R('V'), R('W'), R('X'),
        R('Y'), R('Z'), R('['), R('\\'), R(']'), R('^'), R('_'), R('`'),
        R('a'), R('b'), R('c'), R('d'), R('e'), R('f'), R('g'), R('h'),
        R('i'), R('j'), R('k'), R('l'), R('m'), R('n'), R('o'), R('p'),
        R('q'), R('r'), R('s'), R('t'), R('u'), R('v'), R('w'), R('x'),
        R('y'), R('z'), R('{'), R('|'), R('}'), R('~'),
#undef R
    };
    size_t i;

    for (i = 0; i < LL_COUNTOF(names); i++)
        if (names[i].key == key)
            return names[i].name;
    if (key > ' ' && key < 127)
        return ascii[key];
    return "?";
}
