/* SPDX-License-Identifier: MIT
 * app/cli/cli_util.c -- set-up shared by the `looplab` command files.
 *
 * Every command loads the course and opens the store itself, so a broken
 * course file or an unreadable DB is reported with its path by the command
 * that needs it (moved here from cli.c, unchanged).
 */
#include "cli.h"

#include <errno.h>
#include <string.h>

#include "course/course.h"
#include "store/store.h"

#include <time.h>

/* Why the last ll_cli_course failed; the CLI is single-threaded. */
static int cli_course_rc = LL_OK;

ll_course *
ll_cli_course(void)
{
    char *root = ll_course_default_root(), *err = NULL;
    ll_course *c = NULL;
    int rc = root ? ll_course_load(root, &c, &err) : LL_ENOMEM;
    cli_course_rc = rc;
    if (rc != LL_OK)
        fprintf(stderr, "looplab: cannot load the course: %s\n",
                err ? err : ll_strerror(rc));
    ll_free(err);
    ll_free(root);
    return c;
}

int
ll_cli_course_exit(void)
{
    /* A missing folder, a Lua syntax error or a duplicate id is the
     * author's input, like a bad argument; only the machine failing is
     * internal. */
    switch (cli_course_rc) {
    case LL_ENOMEM: case LL_EIO: case LL_EDB: return LL_EXIT_INTERNAL;
    default:                                  return LL_EXIT_USAGE;
    }
}

ll_store *
ll_cli_store(bool quiet)
{
    char *path = ll_store_default_path(), *err = NULL;
    ll_store *st = NULL;
    if (path == NULL || ll_store_open(path, &st, &err) != LL_OK) {
        if (!quiet)
            fprintf(stderr, "looplab: warning: progress cannot be saved: %s\n",
                    err ? err : "out of memory");
        st = NULL;
    }
    ll_free(err);
    ll_free(path);
    return st;
}

int
ll_cli_usage_error(const char *cmd, const char *msg)
{
    fprintf(stderr, "looplab %s: %s\nRun 'looplab --help' for usage.\n",
            cmd, msg);
    return LL_EXIT_USAGE;
}

void
ll_cli_study(ll_store *st, const char *lesson_id)
{
    /* Five minutes without a command on the lesson is a break, as in the
     * TUI: the gap is not study time. */
    if (st != NULL && lesson_id != NULL)
        ll_store_study(st, lesson_id, (double)time(NULL), 300.0);
}

int
ll_cli_write_out(const char *cmd, const char *what, const char *data,
                 size_t len)
{
    errno = 0;
    if (fwrite(data, 1, len, stdout) == len && fflush(stdout) == 0
        && !ferror(stdout))
        return LL_EXIT_OK;
    fprintf(stderr, "looplab %s: cannot write %s to standard output: %s\n",
            cmd, what, errno ? strerror(errno) : "a write failed");
    clearerr(stdout);   /* said once here, not again at exit */
    return LL_EXIT_INTERNAL;
}
