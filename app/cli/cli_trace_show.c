/* SPDX-License-Identifier: MIT
 * app/cli/cli_trace_show.c -- `looplab trace show FILE [--plain]`.
 *
 * Replays any saved trace (a `looplab run --trace` file, the .run.jsonl a
 * check leaves beside the student's file, or one written by the Python
 * harness: same schema) in the demo screen's timeline, or prints the
 * ASCII timeline without a terminal. The file is parsed before the
 * screen opens, so a malformed line is reported as FILE:LINE on stderr.
 * Reached through ll_cli_trace (cli_trace.c), which owns `trace`.
 */
#include "cli.h"

#include <string.h>
#include <unistd.h>

#include "course/course.h"
#include "store/store.h"
#include "engine/trace.h"
#include "app/tui/tui.h"
#include "app/tui/view.h"

#define TRACE_USAGE "usage: looplab trace show FILE [--plain]"

static int
trace_show(const char *path, bool plain)
{
    ll_trace *tr = NULL;
    char *text = NULL, *tl, *spec;
    size_t len = 0;
    int rc, line = 0;

    if ((rc = ll_read_file(path, &text, &len)) != LL_OK) {
        fprintf(stderr, "looplab trace: cannot read %s: %s\n", path,
                ll_strerror(rc));
        return rc == LL_ENOENT ? LL_EXIT_USAGE : LL_EXIT_INTERNAL;
    }
    if (ll_trace_new(&tr) != LL_OK) {
        ll_free(text);
        return LL_EXIT_INTERNAL;
    }
    rc = ll_trace_read_jsonl(tr, text, &line);
    ll_free(text);
    if (rc != LL_OK) {
        fprintf(stderr, "looplab trace: %s:%d: not a trace event (JSON "
                "lines with t, ev, task)\n", path, line);
        ll_trace_free(tr);
        return LL_EXIT_USAGE;
    }
    if (plain) {
        tl = ll_view_timeline_plain(tr, 80);
        ll_trace_free(tr);
        if (tl == NULL)
            return LL_EXIT_INTERNAL;
        fputs(tl, stdout);
        ll_free(tl);
        return LL_EXIT_OK;
    }
    ll_trace_free(tr);
    {
        /* The replay needs no course, but the TUI wants one: an empty
         * course is enough when the real one cannot load. */
        ll_course empty;
        ll_course *c = ll_cli_course();
        memset(&empty, 0, sizeof empty);
        spec = ll_asprintf("trace:%s", path);
        rc = spec ? ll_tui_main(c ? c : &empty, NULL, spec) : LL_EXIT_INTERNAL;
        ll_free(spec);
        ll_course_free(c);
    }
    return rc;
}

int
ll_cli_trace_show(int argc, char **argv)
{
    bool plain = !ll_tui_usable();
    const char *file = NULL;
    int i;

    if (argc < 2 || strcmp(argv[1], "show") != 0)
        return ll_cli_usage_error("trace", TRACE_USAGE);
    for (i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--plain") == 0)
            plain = true;
        else if (argv[i][0] == '-' || file != NULL)
            return ll_cli_usage_error("trace", TRACE_USAGE);
        else
            file = argv[i];
    }
    if (file == NULL)
        return ll_cli_usage_error("trace", TRACE_USAGE);
    return trace_show(file, plain);
}
