/* SPDX-License-Identifier: MIT
 * app/cli/cli_progress.c -- the competencies section of `looplab progress`.
 *
 * Recomputed from the store and competencies.lua on every call (the
 * rules are data; see course/assess.h). A missing or broken rules file
 * prints a note naming the file instead of the section: progress itself
 * must always work.
 */
#include "cli.h"

#include <jansson.h>
#include <string.h>

#include "course/assess.h"

static void
progress_bar(FILE *f, double frac, int width)
{
    int i, fill = (int)(frac * width + 0.5);
    for (i = 0; i < width; i++)
        fputs(i < fill ? "#" : ".", f);
}

void
ll_cli_progress_competencies(const ll_course *c, ll_store *st, FILE *f)
{
    ll_assessment *a = NULL;
    char *err = NULL;
    size_t i, k;
    int rc = ll_assess_compute(c, st, NULL, &a, &err);

    if (rc == LL_ENOENT) {
        ll_free(err);
        return;                      /* a course without competencies */
    }
    if (rc != LL_OK) {
        fprintf(f, "\nCompetencies: cannot compute them: %s\n",
                err ? err : ll_strerror(rc));
        ll_free(err);
        return;
    }
    fprintf(f, "\nCompetencies\n");
    for (i = 0; i < a->ncomps; i++) {
        const ll_comp_result *cr = &a->comps[i];
        fprintf(f, "  %-40s [", cr->rule->title);
        progress_bar(f, cr->progress, 20);
        fprintf(f, "] %3.0f%%  %s\n", cr->progress * 100,
                cr->mastered ? "mastered" : "in progress");
        for (k = 0; k < cr->nreqs; k++) {
            const ll_req_result *r = &cr->reqs[k];
            const char *mark = r->met ? "[x]" : "[ ]";
            if (!r->available)
                fprintf(f, "      %s %s (not in the course yet)\n", mark,
                        r->rule->label);
            else if (r->target <= 1.0 && (r->rule->kind == LL_REQ_CHECKS ||
                     (r->rule->kind == LL_REQ_QUIZ && r->rule->count == 0)))
                fprintf(f, "      %s %s: %.0f%% (%d/%d %s)\n", mark,
                        r->rule->label, r->value * 100, r->have, r->of,
                        r->rule->kind == LL_REQ_QUIZ ? "right" : "passed");
            else
                fprintf(f, "      %s %s: %d of %d\n", mark, r->rule->label,
                        r->have, r->rule->kind == LL_REQ_PASS &&
                        r->rule->count ? r->rule->count : r->of);
        }
    }
    ll_assess_free(a);
}

void
ll_cli_progress_competencies_json(const ll_course *c, ll_store *st, void *o)
{
    ll_assessment *a = NULL;
    char *err = NULL, *text;
    int rc = ll_assess_compute(c, st, NULL, &a, &err);
    json_t *v;

    if (rc != LL_OK) {
        if (rc != LL_ENOENT)
            json_object_set_new(o, "competencies_error",
                                json_string(err ? err : ll_strerror(rc)));
        ll_free(err);
        return;
    }
    text = ll_assess_json(a);
    v = text ? json_loads(text, 0, NULL) : NULL;
    if (v != NULL)
        json_object_set_new(o, "competencies", v);
    ll_free(text);
    ll_assess_free(a);
}
