/* SPDX-License-Identifier: MIT
 * app/cli/cli_bench.c -- `looplab bench FILE --n N`: one benchmark run.
 *
 * Runs a workload script (bench/workloads/NAME.lua) on the real clock, with no
 * trace and no limits, and prints exactly one line in the format of the
 * peer benchmarks (../shared/bench/peers/py/aio_bench.py), so looplab can sit
 * in the same side-by-side run as asyncio and uvloop:
 *   workload=W peer=looplab n=N seconds=S peak_rss_kb=P base_rss_kb=B
 *   bytes_per_n=X us_per_n=U version=V [extra k=v ...]
 * The script gets `knobs.n` and reports by printing `k=v` fields; it must
 * print `seconds=` (measured around the workload only, like the peers).
 * Memory: peak RSS (getrusage) minus the RSS before the script, over N.
 */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "engine/lua/run.h"

#ifndef LL_VERSION
#define LL_VERSION "0.1"
#endif

static long
bench_rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = 0;
    if (f == NULL)
        return 0;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0) {
            kb = strtol(line + 6, NULL, 10);
            break;
        }
    fclose(f);
    return kb;
}

/* The workload name: the file's basename without ".lua". */
static void
bench_name(const char *path, char *out, size_t cap)
{
    const char *b = strrchr(path, '/');
    size_t n;
    b = b ? b + 1 : path;
    n = strcspn(b, ".");
    if (n >= cap)
        n = cap - 1;
    memcpy(out, b, n);
    out[n] = '\0';
}

static int
bench_usage(const char *why)
{
    fprintf(stderr, "looplab bench: %s\nusage: looplab bench FILE.lua "
                    "[--n N] [--name WORKLOAD]\n", why);
    return LL_EXIT_USAGE;
}

int
ll_cli_bench(int argc, char **argv)
{
    static const struct option opts[] = {
        { "n", required_argument, 0, 'n' },
        { "name", required_argument, 0, 'w' },
        { 0, 0, 0, 0 }
    };
    ll_knob_value knob = { "n", 1000 };
    ll_run_opts o = { .clock = LL_CLOCK_REAL, .knobs = &knob, .nknobs = 1 };
    ll_run_result res;
    ll_buf out;
    struct rusage ru;
    char name[64] = "";
    const char *seconds, *p;
    char *end, *last;
    double secs;
    long base, peak, n;
    int ch, rc;

    optind = 0;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case 'n':
            n = strtol(optarg, &end, 10);
            if (*end != '\0' || n <= 0)
                return bench_usage("--n takes a positive whole number");
            knob.value = (double)n;
            break;
        case 'w':
            snprintf(name, sizeof name, "%s", optarg);
            break;
        default:
            return ll_cli_bad_option("bench", argv, opts, "usage: looplab "
                                     "bench FILE.lua [--n N]");
        }
    }
    if (optind != argc - 1)
        return bench_usage("one workload file expected");
    if (name[0] == '\0')
        bench_name(argv[optind], name, sizeof name);
    ll_buf_init(&out);
    base = bench_rss_kb();
    rc = ll_run_file(argv[optind], &o, NULL, &out, &res);
    getrusage(RUSAGE_SELF, &ru);
    peak = ru.ru_maxrss;
    if (rc != LL_OK || res.status != LL_OK) {
        fprintf(stderr, "looplab bench: %s: %s\n", argv[optind],
                res.error ? res.error : ll_strerror(rc != LL_OK ? rc
                                                                : res.status));
        if (out.data)
            fputs(out.data, stderr);
        ll_run_result_close(&res);
        ll_buf_close(&out);
        return rc == LL_ENOENT ? LL_EXIT_USAGE : LL_EXIT_FAIL;
    }
    ll_run_result_close(&res);
    /* The script's report is its last non-empty output line. */
    if (out.data == NULL)
        ll_buf_adds(&out, "");
    last = out.data;
    while ((end = strchr(last, '\n')) != NULL && end[1] != '\0')
        last = end + 1;
    if ((end = strchr(last, '\n')) != NULL)
        *end = '\0';
    seconds = strstr(last, "seconds=");
    if (seconds == NULL) {
        fprintf(stderr, "looplab bench: %s printed no seconds= field\n",
                argv[optind]);
        ll_buf_close(&out);
        return LL_EXIT_FAIL;
    }
    secs = strtod(seconds + 8, NULL);
    n = (long)knob.value;
    printf("workload=%s peer=looplab n=%ld seconds=%.6f peak_rss_kb=%ld "
           "base_rss_kb=%ld bytes_per_n=%.0f us_per_n=%.3f version=%s",
           name, n, secs, peak, base,
           (double)(peak - base) * 1024.0 / (double)n,
           secs / (double)n * 1e6, LL_VERSION);
    /* Every other k=v field the script printed, in its order. */
    for (p = strtok(last, " "); p != NULL; p = strtok(NULL, " "))
        if (strncmp(p, "seconds=", 8) != 0 && strchr(p, '=') != NULL)
            printf(" %s", p);
    printf("\n");
    fflush(stdout);
    ll_buf_close(&out);
    return LL_EXIT_OK;
}
