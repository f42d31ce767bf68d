/* SPDX-License-Identifier: MIT
 * app/cli/main.c -- entry point: `looplab [COMMAND] [ARGS]`.
 *
 * With no command on a terminal, the TUI opens where the student left off;
 * without a terminal, the progress summary is printed instead, so scripts
 * and pipes never get curses output.
 */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "engine/base.h"
#include "cli.h"
#include "app/tui/tui.h"

int main(int argc, char **argv);

int
main(int argc, char **argv)
{
    ll_cli_fn fn;

    setlocale(LC_ALL, "");
    /* The commands report bad options themselves, with "did you mean"
     * (ll_cli_bad_option), instead of getopt's bare line. */
    opterr = 0;
    if (argc < 2) {
        fn = ll_cli_find(ll_tui_usable() ? "tui" : "progress");
        return fn(1, argv);
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        ll_cli_usage(stdout);
        return LL_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("looplab %s\n", LL_VERSION);
        return LL_EXIT_OK;
    }
    fn = ll_cli_find(argv[1]);
    if (fn == NULL) {
        const char *pick = ll_cli_suggest_command(argv[1]);
        if (pick)
            fprintf(stderr, "looplab: unknown command '%s' (did you mean "
                            "'%s'?)\n", argv[1], pick);
        else
            fprintf(stderr, "looplab: unknown command '%s'\n", argv[1]);
        fprintf(stderr, "Run 'looplab --help' for the list of commands.\n");
        return LL_EXIT_USAGE;
    }
    return fn(argc - 1, argv + 1);
}
