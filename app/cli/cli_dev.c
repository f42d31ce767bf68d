/* SPDX-License-Identifier: MIT
 * app/cli/cli_dev.c -- `looplab dev new|lint|check`: the instructor kit's CLI.
 *
 * Argument parsing and the two report writers (human lines that start with
 * the file, compiler style, and --json); the work is in course/dev/.
 * Exit codes: 0 everything sound / valid, 1 something is not (the report
 * names the file), 3 internal error, 4 usage error.
 */
#include "cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "course/dev/dev.h"

static const char dev_usage[] =
    "usage: looplab dev new lesson|exercise|quiz|project PATH [--id ID] "
    "[--title TEXT] [--kind python|lua]\n"
    "       looplab dev lint [PATH...] [--json]\n"
    "       looplab dev check [PATH...] [--jobs N] [--timeout S] [--json] "
    "[--verbose] [--strict]\n"
    "PATH: a course folder, a weekN folder, a lesson folder, an exercise "
    "folder or a quiz.lua\n"
    "(default: the course, $LOOPLAB_COURSE or lessons/). "
    "docs/authoring.md is the guide.\n";

static int
dev_usage_error(const char *msg)
{
    fprintf(stderr, "looplab dev: %s\n%s", msg, dev_usage);
    return LL_EXIT_USAGE;
}

static const char *
dev_level_name(ll_dev_level l)
{
    return l == LL_DEV_ERROR ? "error" : l == LL_DEV_WARN ? "warning" : "ok";
}

static void
dev_print_json(const char *cmd, const ll_dev_report *rep)
{
    json_t *items = json_array(), *o;
    size_t i;
    for (i = 0; i < rep->n; i++) {
        const ll_dev_item *it = &rep->items[i];
        json_array_append_new(items, json_pack(
            "{s:s, s:s, s:s, s:s, s:i, s:s, s:f}",
            "level", dev_level_name(it->level), "what", it->what,
            "id", it->id, "file", it->file, "line", it->line,
            "message", it->message, "wall", it->wall));
    }
    o = json_pack("{s:s, s:b, s:i, s:i, s:i, s:o}", "command", cmd,
                  "ok", ll_dev_count(rep, LL_DEV_ERROR) == 0,
                  "ok_items", (int)ll_dev_count(rep, LL_DEV_OK),
                  "errors", (int)ll_dev_count(rep, LL_DEV_ERROR),
                  "warnings", (int)ll_dev_count(rep, LL_DEV_WARN),
                  "items", items);
    json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(o);
}

/* First line after "file[:line]: ", the rest indented under it. */
static void
dev_print_item(const ll_dev_item *it, bool check)
{
    const char *msg = it->message, *nl = strchr(msg, '\n');
    char where[64] = "";
    if (it->line > 0)
        snprintf(where, sizeof where, ":%d", it->line);
    if (check)
        printf("%-7s %-9s %-6s %s%s: %.*s\n",
               it->level == LL_DEV_ERROR ? "UNSOUND" :
               it->level == LL_DEV_WARN ? "warning" : "ok",
               it->what, it->id, it->file, where,
               (int)(nl ? (size_t)(nl - msg) : strlen(msg)), msg);
    else
        printf("%s%s: %s: %.*s\n", it->file, where,
               dev_level_name(it->level),
               (int)(nl ? (size_t)(nl - msg) : strlen(msg)), msg);
    while (nl != NULL) {
        const char *p = nl + 1;
        nl = strchr(p, '\n');
        printf("        %.*s\n", (int)(nl ? (size_t)(nl - p) : strlen(p)), p);
    }
}

static int
dev_report_exit(const char *cmd, const ll_dev_report *rep, bool json,
                double wall)
{
    size_t i, nerr = ll_dev_count(rep, LL_DEV_ERROR),
           nwarn = ll_dev_count(rep, LL_DEV_WARN),
           nok = ll_dev_count(rep, LL_DEV_OK);
    bool check = strcmp(cmd, "check") == 0;

    if (json) {
        dev_print_json(cmd, rep);
    } else {
        for (i = 0; i < rep->n; i++)
            dev_print_item(&rep->items[i], check);
        if (check)
            printf("\n%zu sound, %zu unsound, %zu warnings (%.1f s)\n", nok,
                   nerr, nwarn, wall);
        else
            printf("%s%zu error%s, %zu warning%s\n", rep->n ? "\n" : "", nerr,
                   nerr == 1 ? "" : "s", nwarn, nwarn == 1 ? "" : "s");
    }
    return nerr ? LL_EXIT_FAIL : LL_EXIT_OK;
}

static int
dev_lint_or_check(int argc, char **argv, bool check)
{
    ll_dev_report rep;
    ll_dev_check_opts o = { 0 };
    const char **paths = ll_calloc((size_t)argc + 1, sizeof *paths);
    size_t np = 0;
    bool json = false;
    int64_t t0 = ll_mono_ns();
    int i, rc;

    if (paths == NULL)
        return LL_EXIT_INTERNAL;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) {
            json = true;
        } else if (check && strcmp(a, "--strict") == 0) {
            o.strict = true;
        } else if (check && (strcmp(a, "--verbose") == 0 ||
                             strcmp(a, "-v") == 0)) {
            o.verbose = true;
        } else if (check && (strcmp(a, "--jobs") == 0 || strcmp(a, "-j") == 0
                             || strcmp(a, "--timeout") == 0)) {
            char *end;
            double v;
            if (i + 1 >= argc) {
                ll_free(paths);
                return dev_usage_error("--jobs and --timeout need a number");
            }
            v = strtod(argv[++i], &end);
            if (*end != '\0' || v <= 0 || (a[2] != 't' && v != (int)v)) {
                ll_free(paths);
                return dev_usage_error("--jobs takes a positive whole number, "
                                       "--timeout a positive number of "
                                       "seconds");
            }
            if (a[2] == 't')
                o.timeout_s = v;
            else
                o.jobs = (int)v;
        } else if (a[0] == '-' && a[1] != '\0') {
            char *m = ll_asprintf("unknown option '%s'", a);
            rc = dev_usage_error(m ? m : "unknown option");
            ll_free(m);
            ll_free(paths);
            return rc;
        } else {
            paths[np++] = a;
        }
    }
    ll_dev_report_init(&rep);
    rc = check ? ll_dev_check(paths, np, &o, &rep)
               : ll_dev_lint(paths, np, &rep);
    ll_free(paths);
    if (rc != LL_OK) {
        fprintf(stderr, "looplab dev: %s\n", ll_strerror(rc));
        ll_dev_report_close(&rep);
        return LL_EXIT_INTERNAL;
    }
    rc = dev_report_exit(check ? "check" : "lint", &rep, json,
                         (double)(ll_mono_ns() - t0) / 1e9);
    ll_dev_report_close(&rep);
    return rc;
}

static int
dev_new(int argc, char **argv)
{
    ll_dev_new_opts o = { 0 };
    const char *what = NULL, *path = NULL;
    char *log = NULL;
    int i, rc;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--id") == 0 || strcmp(a, "--title") == 0 ||
            strcmp(a, "--kind") == 0) {
            if (i + 1 >= argc)
                return dev_usage_error("--id, --title and --kind need a value");
            if (a[2] == 'i') o.id = argv[++i];
            else if (a[2] == 't') o.title = argv[++i];
            else o.kind = argv[++i];
        } else if (a[0] == '-' && a[1] != '\0') {
            return dev_usage_error("unknown option for dev new");
        } else if (what == NULL) {
            what = a;
        } else if (path == NULL) {
            path = a;
        } else {
            return dev_usage_error("dev new takes one kind and one PATH");
        }
    }
    if (what == NULL || path == NULL)
        return dev_usage_error("dev new needs a kind and a PATH");
    if (o.kind && strcmp(o.kind, "python") && strcmp(o.kind, "lua"))
        return dev_usage_error("--kind is python or lua");
    rc = ll_dev_new(what, path, &o, &log);
    if (rc == LL_OK) {
        fputs(log ? log : "", stdout);
    } else {
        fprintf(stderr, "looplab dev new: %s\n", log ? log : ll_strerror(rc));
    }
    ll_free(log);
    return rc == LL_OK ? LL_EXIT_OK
         : rc == LL_ENOMEM || rc == LL_EIO ? LL_EXIT_INTERNAL : LL_EXIT_USAGE;
}

int
ll_cli_dev(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        fputs(dev_usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? LL_EXIT_USAGE : LL_EXIT_OK;
    }
    if (strcmp(argv[1], "new") == 0)
        return dev_new(argc - 1, argv + 1);
    if (strcmp(argv[1], "lint") == 0)
        return dev_lint_or_check(argc - 1, argv + 1, false);
    if (strcmp(argv[1], "check") == 0)
        return dev_lint_or_check(argc - 1, argv + 1, true);
    return dev_usage_error("the subcommands are new, lint and check");
}
