/* SPDX-License-Identifier: MIT
 * tests/unit/aio_fixture.h -- shared fixture of the test_aio*.c suites.
 *
 * Each test writes a Lua script into a fresh temp dir, runs it on the
 * virtual clock with print() captured into an ll_buf, and asserts the exact
 * output, the run status and, where it matters, events in the trace.
 * Header-only (static functions): each suite is its own executable.
 */
#ifndef LL_TEST_AIO_FIXTURE_H
#define LL_TEST_AIO_FIXTURE_H

#include "testutil.h"
#include "engine/clock.h"
#include "engine/lua/run.h"
#include "engine/trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fixture {
    char    *dir;
    char    *script;    /* <dir>/script.lua */
    ll_trace *trace;
    ll_buf   out;
    ll_run_result res;
    ll_run_opts opts;
} fixture;

static inline int
setup(void **state)
{
    fixture *f = ll_calloc(1, sizeof *f);

    assert_non_null(f);
    f->dir = tu_tmpdir();
    f->script = ll_asprintf("%s/script.lua", f->dir);
    assert_non_null(f->script);
    assert_int_equal(ll_trace_new(&f->trace), LL_OK);
    ll_buf_init(&f->out);
    f->opts.clock = LL_CLOCK_VIRTUAL;
    *state = f;
    return 0;
}

static inline int
teardown(void **state)
{
    fixture *f = *state;

    ll_run_result_close(&f->res);
    ll_buf_close(&f->out);
    ll_trace_free(f->trace);
    tu_rmtree(f->dir);
    ll_free(f->dir);
    ll_free(f->script);
    ll_free(f);
    return 0;
}

/* Write src as script.lua and run it; returns ll_run_file's code. */
static inline int
run(fixture *f, const char *src)
{
    tu_write(f->script, src);
    return ll_run_file(f->script, &f->opts, f->trace, &f->out, &f->res);
}

static inline void
reset_out(fixture *f)
{
    ll_buf_close(&f->out);
    ll_buf_init(&f->out);
}

static inline const char *
out_text(const fixture *f)
{
    return f->out.data ? f->out.data : "";
}

/* A script that must run to completion. */
static inline void
run_ok(fixture *f, const char *src)
{
    assert_int_equal(run(f, src), LL_OK);
    if (f->res.status != LL_OK)
        fail_msg("script failed (%s): %s\noutput so far:\n%s",
                 ll_errname(f->res.status),
                 f->res.error ? f->res.error : "(no message)", out_text(f));
    assert_null(f->res.error);
}

static inline void
assert_contains(const char *hay, const char *needle)
{
    if (hay == NULL || strstr(hay, needle) == NULL)
        fail_msg("expected to find \"%s\" in:\n%s", needle,
                 hay ? hay : "(null)");
}

/* Index of the first event of that kind whose name (when given) equals and
 * whose what (when given) contains the strings, from index `from`; -1. */
static inline long
find_ev(const ll_trace *tr, size_t from, ll_ev_kind kind, const char *name,
        const char *what)
{
    size_t i;
    for (i = from; i < ll_trace_count(tr); i++) {
        const ll_event *e = ll_trace_get(tr, i);
        if (e->kind != kind)
            continue;
        if (name != NULL && strcmp(e->name, name) != 0)
            continue;
        if (what != NULL && strstr(e->what, what) == NULL)
            continue;
        return (long)i;
    }
    return -1;
}

static inline size_t
count_ev(const ll_trace *tr, ll_ev_kind kind)
{
    size_t i, n = 0;
    for (i = 0; i < ll_trace_count(tr); i++)
        if (ll_trace_get(tr, i)->kind == kind)
            n++;
    return n;
}

#endif /* LL_TEST_AIO_FIXTURE_H */
