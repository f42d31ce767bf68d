/* SPDX-License-Identifier: MIT
 * app/cli/cli_review.c -- `looplab review FILE.py [--json]`: the async
 * anti-pattern review (grader/python/looplab_lint.py; the rules are
 * listed in docs/authoring.md section 6.4).
 *
 * The linter only parses the file (ast), never runs it, so it needs no
 * sandbox. It prints the review itself: summary, findings grouped by
 * category with file:line:col, problem and fix, then recommendations by
 * priority; --json prints one object instead. Exit: 0 no findings,
 * 1 findings, 3 Python or the linter missing, 4 usage error or a file that
 * cannot be read or parsed.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "grader/check.h"

static int
review_usage(const char *msg)
{
    fprintf(stderr, "looplab review: %s\nusage: looplab review FILE.py "
            "[--json]\n", msg);
    return LL_EXIT_USAGE;
}

int
ll_cli_review(int argc, char **argv)
{
    const char *file = NULL;
    bool json = false;
    char *harness, *lint, *slash;
    int i, status;
    pid_t pid;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return review_usage("unknown option");
        else if (file != NULL)
            return review_usage("give exactly one file");
        else
            file = argv[i];
    }
    if (file == NULL)
        return review_usage("give the Python file to review");
    if (access(file, R_OK) != 0) {
        fprintf(stderr, "looplab review: cannot read %s: %s\n", file,
                strerror(errno));
        return LL_EXIT_USAGE;
    }
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
    fflush(NULL);
    pid = fork();
    if (pid == 0) {
        execl(ll_check_python(), ll_check_python(), "-I", lint, file,
              json ? "--json" : (char *)NULL, (char *)NULL);
        _exit(127);
    }
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
    case 2: case 4: return LL_EXIT_USAGE;
    default: return LL_EXIT_INTERNAL;
    }
}
