/* SPDX-License-Identifier: MIT
 * app/tui/term_curses.c -- the curses sink: present screens, read keys.
 *
 * The only file that includes curses.h. It owns the terminal: newterm()
 * (so a missing terminfo entry is an error message, not an exit inside
 * initscr), colour pairs per ll_role unless NO_COLOR is set non-empty,
 * translating curses keys to LL_KEY_*, copying the ll_screen cell by cell
 * with add_wch, placing the cursor on the focused item, and the single
 * KEY_RESIZE path (resize the model, redraw from state). Effects the app
 * requests are carried out here: the editor runs via sh -c after endwin()
 * with SIGINT/SIGWINCH ignored in the parent (tig, nnn), then curses
 * resumes. The terminal is restored on return, at exit, and on fatal
 * signals (htop's CRT_done before re-raising).
 */
#include "tui.h"
#include "app.h"
#include "keys.h"
#include "view.h"

#include <curses.h>
#include <term.h>
#include <errno.h>
#include <langinfo.h>
#include <poll.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static SCREEN *term_screen;
static volatile sig_atomic_t term_active;
static bool term_color;

static void
term_restore(void)
{
    if (term_active) {
        term_active = 0;
        endwin();
    }
}

/* Fatal signal: give the terminal back, then die of the same signal. */
static void
term_on_signal(int sig)
{
    term_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Ctrl-C, kill or a closed terminal: leave the loop, close the app (the
 * store has every answer already) and exit 2, "interrupted", as every
 * other command does. No SA_RESTART, so the wait for a key returns. */
static volatile sig_atomic_t term_stop;

static void
term_on_stop(int sig)
{
    term_stop = sig;
}

static void
term_signals(void)
{
    static const int fatal[] = { SIGSEGV, SIGABRT };
    static const int stop[] = { SIGINT, SIGTERM, SIGHUP };
    struct sigaction sa;
    size_t i;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = term_on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    for (i = 0; i < LL_COUNTOF(fatal); i++)
        sigaction(fatal[i], &sa, NULL);
    sa.sa_handler = term_on_stop;
    sa.sa_flags = 0;
    for (i = 0; i < LL_COUNTOF(stop); i++)
        sigaction(stop[i], &sa, NULL);
}

static void
term_colors(void)
{
    static const short fg[LL_ROLE__COUNT] = {
        [LL_ROLE_HEADING] = COLOR_CYAN,  [LL_ROLE_CODE] = COLOR_YELLOW,
        [LL_ROLE_OK] = COLOR_GREEN,      [LL_ROLE_FAIL] = COLOR_RED,
        [LL_ROLE_ACCENT] = COLOR_BLUE,   [LL_ROLE_WARN] = COLOR_MAGENTA,
    };
    const char *nc = getenv("NO_COLOR");

    term_color = false;
    if ((nc != NULL && *nc) || !has_colors())
        return;     /* glyphs and words carry every state anyway */
    start_color();
    use_default_colors();
    for (short r = 1; r < LL_ROLE__COUNT; r++)
        init_pair(r, fg[r], -1);
    term_color = true;
}

static void
term_present(const ll_screen *s)
{
    int x, y;

    for (y = 0; y < s->h; y++) {
        for (x = 0; x < s->w; x++) {
            const ll_cell *c = ll_screen_cell(s, x, y);
            wchar_t wc[2] = { (wchar_t)c->ch, 0 };
            attr_t a = A_NORMAL;
            cchar_t cc;
            if (c->ch == 0)
                continue;   /* right half of a wide character */
            if (c->attr & LL_ATTR_BOLD)
                a |= A_BOLD;
            if (c->attr & LL_ATTR_DIM)
                a |= A_DIM;
            if (c->attr & LL_ATTR_REVERSE)
                a |= A_REVERSE;
            if (c->attr & LL_ATTR_UNDERLINE)
                a |= A_UNDERLINE;
            setcchar(&cc, wc, a, term_color ? (short)c->role : 0, NULL);
            /* add_wch on the bottom-right cell would scroll: insert it. */
            if (y == s->h - 1 && x == s->w - 1)
                mvins_wch(y, x, &cc);
            else
                mvadd_wch(y, x, &cc);
        }
    }
    move(s->cur_y, s->cur_x);
    refresh();
}

static int
term_key(int r, wint_t ch)
{
    if (r == KEY_CODE_YES) {
        switch (ch) {
        case KEY_UP:        return LL_KEY_UP;
        case KEY_DOWN:      return LL_KEY_DOWN;
        case KEY_LEFT:      return LL_KEY_LEFT;
        case KEY_RIGHT:     return LL_KEY_RIGHT;
        case KEY_HOME:      return LL_KEY_HOME;
        case KEY_END:       return LL_KEY_END;
        case KEY_PPAGE:     return LL_KEY_PGUP;
        case KEY_NPAGE:     return LL_KEY_PGDN;
        case KEY_ENTER:     return LL_KEY_ENTER;
        case KEY_BTAB:      return LL_KEY_BTAB;
        case KEY_BACKSPACE: return LL_KEY_BACKSPACE;
        case KEY_F(1):      return LL_KEY_F1;
        default:            return 0;
        }
    }
    switch (ch) {
    case '\n': case '\r': return LL_KEY_ENTER;
    case 27:              return LL_KEY_ESC;
    case '\t':            return LL_KEY_TAB;
    case 127: case 8:     return LL_KEY_BACKSPACE;
    default:              return (int)ch;
    }
}

/* $LOOPLAB_EDITOR > $VISUAL > $EDITOR > sensible-editor > editor > vi. */
static const char *
term_editor(void)
{
    static const char *const vars[] = { "LOOPLAB_EDITOR", "VISUAL", "EDITOR" };
    size_t i;

    for (i = 0; i < LL_COUNTOF(vars); i++) {
        const char *e = getenv(vars[i]);
        if (e != NULL && *e)
            return e;
    }
    if (access("/usr/bin/sensible-editor", X_OK) == 0)
        return "sensible-editor";
    if (access("/usr/bin/editor", X_OK) == 0)
        return "editor";
    return "vi";
}

/* Run the editor on path with the terminal handed over; returns its exit
 * status (127 when it could not start, -1 if it died of a signal). */
static int
term_edit(const char *path)
{
    ll_buf cmd;
    struct sigaction ign, old_int, old_winch;
    pid_t pid;
    int status = -1;
    const char *p;

    ll_buf_init(&cmd);
    ll_buf_adds(&cmd, term_editor());
    ll_buf_adds(&cmd, " '");
    for (p = path; *p; p++) {   /* shell-quote: ' becomes '\'' */
        if (*p == '\'')
            ll_buf_adds(&cmd, "'\\''");
        else
            ll_buf_add(&cmd, p, 1);
    }
    ll_buf_adds(&cmd, "'");
    if (cmd.data == NULL)
        return 127;
    def_prog_mode();
    endwin();
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGINT, &ign, &old_int);
    sigaction(SIGWINCH, &ign, &old_winch);
    pid = fork();
    if (pid == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGWINCH, SIG_DFL);
        execl("/bin/sh", "sh", "-c", cmd.data, (char *)NULL);
        _exit(127);
    }
    if (pid > 0) {
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
        status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    } else {
        status = 127;
    }
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGWINCH, &old_winch, NULL);
    ll_buf_close(&cmd);
    reset_prog_mode();
    clearok(curscr, TRUE);
    refresh();
    return status;
}

static bool
term_utf8(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs != NULL && strcmp(cs, "UTF-8") == 0;
}

bool
ll_tui_usable(void)
{
    const char *term = getenv("TERM");
    TERMINAL *saved = cur_term, *probe;
    int err = 0;
    bool ok;

    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) || term == NULL ||
        *term == '\0' || strcmp(term, "dumb") == 0)
        return false;
    /* Look TERM up without touching the screen; a terminal that cannot
     * move the cursor (cup) cannot draw the screens either. */
    if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
        return false;
    probe = cur_term;
    ok = tigetstr("cup") != NULL && tigetstr("cup") != (char *)-1;
    del_curterm(probe);
    cur_term = saved;
    return ok;
}

int
ll_tui_main(ll_course *course, ll_store *store, const char *start)
{
    const char *term = getenv("TERM");
    ll_screen *scr = NULL;
    ll_app app;
    int w, h, rc = 0;

    setlocale(LC_ALL, "");
    if (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0) {
        fprintf(stderr, "looplab: this terminal (TERM=%s) cannot show the "
                "course screens; try `looplab list` or `looplab lesson ID "
                "--plain`\n", term ? term : "");
        return 4;   /* the environment, like a bad argument: not our bug */
    }
    term_screen = newterm(NULL, stdout, stdin);
    if (term_screen == NULL) {
        fprintf(stderr, "looplab: cannot open the terminal (TERM=%s); try "
                "TERM=xterm-256color, or `looplab lesson ID --plain`\n",
                term);
        return 4;
    }
    set_term(term_screen);
    term_active = 1;
    term_stop = 0;
    atexit(term_restore);
    term_signals();
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    mousemask(0, NULL);
    leaveok(stdscr, FALSE);
    term_colors();
    getmaxyx(stdscr, h, w);
    if (ll_screen_new(w, h, &scr) != LL_OK ||
        ll_app_init(&app, course, store, NULL, start, w, h) != LL_OK) {
        term_restore();
        fprintf(stderr, "looplab: out of memory\n");
        ll_screen_free(scr);
        return 3;
    }
    app.ascii = !term_utf8();

    for (;;) {
        wint_t ch = 0;
        int r, key;

        if (term_stop) {
            rc = 2;     /* LL_EXIT_INTERRUPTED */
            break;
        }
        if (app.effect == LL_EFFECT_QUIT)
            break;
        ll_view_draw(&app, scr);
        term_present(scr);
        if (app.effect == LL_EFFECT_RUN || app.effect == LL_EFFECT_CHECK) {
            /* "Running…" / "Checking…" is on screen now; do the work. */
            ll_app_effect_done(&app, 0);
            continue;
        }
        if (app.effect == LL_EFFECT_EDIT) {
            int st = term_edit(app.effect_path);
            ll_app_effect_done(&app, st);
            getmaxyx(stdscr, h, w);
            if (w != scr->w || h != scr->h) {
                ll_screen_resize(scr, w, h);
                ll_app_resize(&app, w, h);
            }
            continue;
        }
        if (ll_app_watching(&app) && !ll_app_animating(&app)) {
            /* Watch mode: keys already buffered by curses first, then
             * wait for a key or a save, whichever comes first. */
            timeout(0);
            r = get_wch(&ch);
            if (r == ERR) {
                struct pollfd p[2] = { { STDIN_FILENO, POLLIN, 0 },
                                       { ll_app_watch_fd(&app), POLLIN, 0 } };
                bool native = p[1].fd >= 0;
                int pr = poll(p, native ? 2 : 1, native ? 1000 : 250);
                if (pr >= 0 && (!native || (p[1].revents & POLLIN))) {
                    ll_app_watch_event(&app);
                    if (app.effect != LL_EFFECT_NONE)
                        continue;
                }
                r = get_wch(&ch);
            }
        } else {
            /* Idle screens still wake once a second to catch up with
             * another looplab writing the store (ll_app_sync). */
            timeout(ll_app_animating(&app) ? 33 : 1000);
            r = get_wch(&ch);
        }
        if (r == ERR) {
            ll_app_sync(&app);
            ll_app_tick(&app, ll_mono_ns());
            continue;
        }
        if (r == KEY_CODE_YES && ch == KEY_RESIZE) {
            getmaxyx(stdscr, h, w);
            if (ll_screen_resize(scr, w, h) == LL_OK)
                ll_app_resize(&app, w, h);
            clearok(curscr, TRUE);
            continue;
        }
        key = term_key(r, ch);
        ll_app_key(&app, key);
        ll_app_tick(&app, ll_mono_ns());
    }
    ll_app_close(&app);
    ll_screen_free(scr);
    term_restore();
    delscreen(term_screen);
    term_screen = NULL;
    return rc;
}
