/* SPDX-License-Identifier: MIT
 * grader/result.c -- helpers for the grading result model.
 */
#include "result.h"

#include <string.h>

void
ll_result_init(ll_result *r)
{
    memset(r, 0, sizeof *r);
    r->verdict = LL_VERDICT_PASS;
    r->vtime = -1;
    r->sandbox = "";
}

void
ll_result_close(ll_result *r)
{
    size_t i;
    for (i = 0; i < r->nchecks; i++) {
        ll_free(r->checks[i].name);
        ll_free(r->checks[i].message);
        ll_free(r->checks[i].measured);
    }
    ll_free(r->checks);
    ll_free(r->exercise);
    ll_free(r->error);
    ll_free(r->notice);
    ll_free(r->python);
    ll_free(r->output);
    ll_free(r->trace_path);
    ll_result_init(r);
}

int
ll_result_add(ll_result *r, const char *name, double points, bool passed,
              bool hidden, const char *message, const char *measured)
{
    ll_check_result *c, *grown;

    grown = ll_realloc(r->checks, (r->nchecks + 1) * sizeof *grown);
    if (grown == NULL)
        return LL_ENOMEM;
    r->checks = grown;
    c = &r->checks[r->nchecks];
    c->name = ll_strdup(name ? name : "");
    c->message = ll_strdup(message ? message : "");
    c->measured = ll_strdup(measured ? measured : "");
    if (c->name == NULL || c->message == NULL || c->measured == NULL) {
        ll_free(c->name);
        ll_free(c->message);
        ll_free(c->measured);
        return LL_ENOMEM;
    }
    c->points = points;
    c->passed = passed;
    c->hidden = hidden;
    c->hint = 0;
    r->nchecks++;
    return LL_OK;
}

void
ll_result_set_hint(ll_result *r, int hint)
{
    if (r->nchecks > 0)
        r->checks[r->nchecks - 1].hint = hint > 0 ? hint : 0;
}

size_t
ll_result_passed(const ll_result *r)
{
    size_t i, n = 0;
    for (i = 0; i < r->nchecks; i++)
        n += r->checks[i].passed;
    return n;
}

double
ll_result_score(const ll_result *r)
{
    size_t i;
    double s = 0;
    for (i = 0; i < r->nchecks; i++)
        if (r->checks[i].passed)
            s += r->checks[i].points;
    return s;
}

double
ll_result_max(const ll_result *r)
{
    size_t i;
    double s = 0;
    for (i = 0; i < r->nchecks; i++)
        s += r->checks[i].points;
    return s;
}

const char *
ll_verdict_name(ll_verdict v)
{
    static const char *const names[] = {
        "PASS", "FAIL", "RE", "OLE", "MLE", "TLE", "INTERNAL"
    };
    return (unsigned)v < LL_COUNTOF(names) ? names[v] : "INTERNAL";
}

ll_verdict
ll_verdict_worst(ll_verdict a, ll_verdict b)
{
    /* The enum is declared in ascending precedence. */
    return a > b ? a : b;
}

const char *
ll_verdict_why(ll_verdict v)
{
    static const char *const why[] = {
        "", "", "the program raised an error", "the program printed too much",
        "the program used too much memory", "the program ran too long",
        "grader problem (not your fault): this run is not a grade"
    };
    return (unsigned)v < LL_COUNTOF(why) ? why[v] : "";
}
