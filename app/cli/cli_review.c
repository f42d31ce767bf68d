/* SPDX-License-Identifier: MIT
 * app/cli/cli_review.c -- `looplab review PATH... [options]`: the asyncio
 * anti-pattern linter (grader/python/looplab_lint.py; its rules are listed
 * by `looplab review --rules` and in docs/authoring.md section 6.4; the
 * command line is documented in docs/review.md).
 *
 * The linter only parses the files (ast), never runs them, so it needs no
 * sandbox. Every argument goes to it unchanged: it owns the options
 * (--format review|text|json|sarif, --select, --ignore, --rules,
 * --exit-zero, the old --json) and the output, so the two cannot drift
 * apart. This wrapper finds the linter and Python, runs it, and maps its
 * status. Exit: 0 no findings, 1 findings or a file that cannot be parsed,
 * 2 usage error (the linter convention editors and CI expect, as flake8 and
 * ruff use; the other looplab commands use 4), 3 Python or the linter
 * missing.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "grader/check.h"

/* The usage-error status of `looplab review` (see the header comment). */
enum { LL_REVIEW_EXIT_USAGE = 2 };

int
ll_cli_review(int argc, char **argv)
{
    char *harness, *lint, *slash;
    static char isolated[] = "-I";  /* execv takes char *const[] */
    char **args;
    int i, status;
    pid_t pid;

    harness = ll_check_harness_path();
    slash = harness ? strrchr(harness, '/') : NULL;
    if (slash != NULL)
        *slash = '\0';
    lint = ll_asprintf("%s/looplab_lint.py", slash ? harness : ".");
    ll_free(harness);
    if (lint == NULL || access(lint, R_OK) != 0 ||
        access(ll_check_python(), X_OK) != 0) {
        fprintf(stderr, "looplab review: cannot run the linter %s with %s "
                "(run `looplab doctor`)\n", lint ? lint : "?",
                ll_check_python());
        ll_free(lint);
        return LL_EXIT_INTERNAL;
    }
    /* python -I LINT ARG... NULL: argv[0] is "review", so argc - 1 args. */
    args = ll_calloc((size_t)argc + 3, sizeof *args);
    if (args == NULL) {
        ll_free(lint);
        return LL_EXIT_INTERNAL;
    }
    args[0] = (char *)ll_check_python();
    args[1] = isolated;
    args[2] = lint;
    for (i = 1; i < argc; i++)
        args[i + 2] = argv[i];
    fflush(NULL);
    pid = fork();
    if (pid == 0) {
        execv(ll_check_python(), args);
        _exit(127);
    }
    ll_free(args);
    ll_free(lint);
    if (pid < 0) {
        fprintf(stderr, "looplab review: cannot start python: %s\n",
                strerror(errno));
        return LL_EXIT_INTERNAL;
    }
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return LL_EXIT_INTERNAL;
    if (!WIFEXITED(status))
        return LL_EXIT_INTERNAL;
    switch (WEXITSTATUS(status)) {
    case 0: return LL_EXIT_OK;
    case 1: return LL_EXIT_FAIL;
    case 2: return LL_REVIEW_EXIT_USAGE;
    default: return LL_EXIT_INTERNAL;
    }
}
