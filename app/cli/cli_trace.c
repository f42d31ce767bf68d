/* SPDX-License-Identifier: MIT
 * app/cli/cli_trace.c -- `looplab trace export FILE --format chrome|jsonl
 * [--clock virtual|real] [-o OUT]`: a saved trace (from `looplab run
 * --trace`, `looplab check --trace` or the Python harness, same schema)
 * into Perfetto / chrome://tracing, or re-emitted as clean JSON lines.
 */
#include "cli.h"

#include <errno.h>

#include <stdlib.h>
#include <string.h>

#include "engine/trace.h"
#include "engine/trace_chrome.h"

static int
trace_usage(const char *msg)
{
    fprintf(stderr, "looplab trace: %s\nusage: looplab trace export FILE "
            "--format chrome|jsonl [--clock virtual|real] [-o OUT]\n", msg);
    return LL_EXIT_USAGE;
}

int
ll_cli_trace(int argc, char **argv)
{
    const char *file = NULL, *fmt = NULL, *clock = "virtual", *outp = NULL;
    char *text = NULL;
    ll_trace *tr = NULL;
    ll_buf b;
    int i, line = 0, err, rc = LL_EXIT_OK;
    FILE *f;

    if (argc >= 2 && strcmp(argv[1], "show") == 0)
        return ll_cli_trace_show(argc, argv);   /* cli_trace_show.c */
    if (argc < 2 || strcmp(argv[1], "export") != 0)
        return trace_usage("unknown or missing subcommand");
    for (i = 2; i < argc; i++) {
        const char **slot = NULL;
        if (strcmp(argv[i], "--format") == 0) slot = &fmt;
        else if (strcmp(argv[i], "--clock") == 0) slot = &clock;
        else if (strcmp(argv[i], "-o") == 0) slot = &outp;
        else if (argv[i][0] == '-' || file != NULL) {
            char m[256];
            snprintf(m, sizeof m, "unexpected argument '%s'", argv[i]);
            return trace_usage(m);
        } else {
            file = argv[i];
            continue;
        }
        if (i + 1 >= argc)
            return trace_usage("an option is missing its value");
        *slot = argv[++i];
    }
    if (file == NULL)
        return trace_usage("which trace file?");
    if (fmt == NULL || (strcmp(fmt, "chrome") && strcmp(fmt, "jsonl")))
        return trace_usage("--format chrome or --format jsonl");
    if (strcmp(clock, "virtual") && strcmp(clock, "real"))
        return trace_usage("--clock virtual or --clock real");
    if (ll_read_file(file, &text, NULL) != LL_OK) {
        fprintf(stderr, "looplab trace: cannot read %s\n", file);
        return LL_EXIT_USAGE;
    }
    if (ll_trace_new(&tr) != LL_OK) {
        free(text);
        return LL_EXIT_INTERNAL;
    }
    err = ll_trace_read_jsonl(tr, text, &line);
    free(text);
    if (err != LL_OK) {
        fprintf(stderr, "looplab trace: %s:%d: not a looplab trace line\n",
                file, line);
        ll_trace_free(tr);
        return LL_EXIT_USAGE;
    }
    f = outp ? fopen(outp, "w") : stdout;
    if (f == NULL) {
        fprintf(stderr, "looplab trace: -o: cannot write %s\n", outp);
        ll_trace_free(tr);
        return LL_EXIT_USAGE;
    }
    errno = 0;
    if (strcmp(fmt, "jsonl") == 0) {
        if (ll_trace_write_jsonl(tr, f) != LL_OK)
            rc = LL_EXIT_INTERNAL;
    } else {
        ll_buf_init(&b);
        if (ll_trace_chrome(tr, strcmp(clock, "real") == 0, &b) != LL_OK
            || fwrite(b.data, 1, b.len, f) != b.len)
            rc = LL_EXIT_INTERNAL;
        ll_buf_close(&b);
    }
    /* The last bytes leave at fflush: a full disk shows up only there. */
    if (fflush(f) != 0 || ferror(f))
        rc = LL_EXIT_INTERNAL;
    if (outp && fclose(f) != 0)
        rc = LL_EXIT_INTERNAL;
    if (rc != LL_EXIT_OK) {
        fprintf(stderr, "looplab trace: cannot write the %s export to %s: "
                "%s\n", fmt, outp ? outp : "standard output",
                errno ? strerror(errno) : "a write failed");
        if (!outp)
            clearerr(stdout);
    }
    ll_trace_free(tr);
    return rc;
}
