/* SPDX-License-Identifier: MIT
 * course/assess.c -- competencies from the store, by the rules' data.
 *
 * Each requirement resolves its items against the loaded course first
 * (so "2.*" grows as week 2 lands) and then reads the store: best attempt
 * per exercise, first or latest answer per quiz question, any passing
 * attempt per named check. A missing store means nothing done yet. An
 * optional exercise (an "engine room" extra) is left out of a "2.*"
 * prefix: it counts only where a rule names it by its id.
 */
#include "assess.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void
assess_strv_free(char **v, size_t n)
{
    size_t i;
    for (i = 0; v && i < n; i++)
        ll_free(v[i]);
    ll_free(v);
}

void
ll_assess_rules_free(ll_assess_rules *r)
{
    size_t i, k;
    if (r == NULL)
        return;
    for (i = 0; i < r->ncomps; i++) {
        ll_comp_rule *c = &r->comps[i];
        for (k = 0; k < c->nreqs; k++) {
            ll_req_rule *q = &c->reqs[k];
            ll_free(q->label);
            assess_strv_free(q->items, q->nitems);
            assess_strv_free(q->kinds, q->nkinds);
            assess_strv_free(q->names, q->nnames);
        }
        ll_free(c->reqs);
        ll_free(c->id);
        ll_free(c->title);
        ll_free(c->evidence);
    }
    ll_free(r->comps);
    ll_free(r->path);
    ll_free(r);
}

char *
ll_assess_rules_path(const ll_course *c)
{
    const char *env = getenv("LOOPLAB_COMPETENCIES");
    if (env != NULL && *env)
        return ll_strdup(env);
    return ll_asprintf("%s/competencies.lua", c->root);
}

/* "1.*" matches "1.1a"; anything else matches itself. */
static bool
assess_match(const char *pattern, const char *id)
{
    size_t n = strlen(pattern);
    if (n > 0 && pattern[n - 1] == '*')
        return strncmp(pattern, id, n - 1) == 0;
    return strcmp(pattern, id) == 0;
}

/* A prefix pattern names whatever exists: it never makes a requirement
 * unavailable on its own (an exact id that is missing does). */
static bool
assess_is_prefix(const char *pattern)
{
    size_t n = strlen(pattern);
    return n > 0 && pattern[n - 1] == '*';
}

static bool
assess_kind_ok(const ll_req_rule *q, ll_quiz_kind k)
{
    size_t i;
    if (q->nkinds == 0)
        return true;
    for (i = 0; i < q->nkinds; i++)
        if (strcmp(q->kinds[i], ll_quiz_kind_name(k)) == 0)
            return true;
    return false;
}

static void
assess_exercises(const ll_course *c, ll_store *st, const ll_req_rule *q,
                 ll_req_result *r)
{
    double sum = 0;
    size_t i, li, k;

    r->available = true;
    for (i = 0; i < q->nitems; i++) {
        bool any = assess_is_prefix(q->items[i]);
        for (li = 0; li < c->nlessons; li++)
            for (k = 0; k < c->lessons[li].nexercises; k++) {
                const ll_exercise *e = &c->lessons[li].exercises[k];
                ll_ex_status es;
                if (!assess_match(q->items[i], e->id))
                    continue;
                /* an optional extra counts only where a rule names it */
                if (e->optional && assess_is_prefix(q->items[i]))
                    continue;
                any = true;
                memset(&es, 0, sizeof es);
                if (st != NULL)
                    ll_store_exercise_status(st, e->id, &es);
                r->of++;
                r->have += es.passed;
                if (es.best_total > 0)
                    sum += (double)es.best_passed / es.best_total;
            }
        r->available = r->available && any;
    }
    r->available = r->available && r->of > 0;
    if (q->kind == LL_REQ_CHECKS) {
        r->value = r->of ? sum / r->of : 0;
        r->target = q->min;
    } else {
        r->value = r->have;
        r->target = q->count > 0 ? q->count : r->of;
    }
    r->met = r->available && r->of > 0 && r->value >= r->target - 1e-9;
}

static void
assess_question(ll_store *st, const ll_lesson *l, size_t qi,
                const ll_req_rule *q, ll_req_result *r)
{
    ll_quiz_q_status s = { 0, 0, 0 };
    if (st != NULL)
        ll_store_quiz_question(st, l->id, (int)qi, &s);
    r->of++;
    r->have += q->first_try ? s.first_correct : s.latest_correct;
}

static void
assess_quiz(const ll_course *c, ll_store *st, const ll_req_rule *q,
            ll_req_result *r)
{
    size_t i, li, k;

    r->available = true;
    for (i = 0; i < q->nitems; i++) {
        const char *hash = strchr(q->items[i], '#');
        bool any = hash == NULL && assess_is_prefix(q->items[i]);
        if (hash != NULL) {
            char *lid = ll_strndup(q->items[i], (size_t)(hash - q->items[i]));
            const ll_lesson *l = lid ? ll_course_lesson(c, lid) : NULL;
            long n = strtol(hash + 1, NULL, 10);
            if (l != NULL && n >= 1 && (size_t)n <= l->nquiz) {
                any = true;
                assess_question(st, l, (size_t)n - 1, q, r);
            }
            ll_free(lid);
        } else {
            for (li = 0; li < c->nlessons; li++) {
                const ll_lesson *l = &c->lessons[li];
                if (!assess_match(q->items[i], l->id))
                    continue;
                for (k = 0; k < l->nquiz; k++)
                    if (assess_kind_ok(q, l->quiz[k].kind)) {
                        any = true;
                        assess_question(st, l, k, q, r);
                    }
            }
        }
        r->available = r->available && any;
    }
    r->available = r->available && r->of > 0;
    if (q->count > 0) {
        r->value = r->have;
        r->target = q->count;
    } else {
        r->value = r->of ? (double)r->have / r->of : 0;
        r->target = q->min;
    }
    r->met = r->available && r->of > 0 && r->value >= r->target - 1e-9;
}

static void
assess_check(const ll_course *c, ll_store *st, const ll_req_rule *q,
             ll_req_result *r)
{
    const ll_exercise *e = ll_course_exercise(c, q->items[0]);
    size_t i;
    r->available = e != NULL;
    r->of = (int)q->nnames;
    for (i = 0; e && st && i < q->nnames; i++) {
        bool ok = false;
        ll_store_check_passed(st, e->id, q->names[i], &ok);
        r->have += ok;
    }
    r->value = r->have;
    r->target = r->of;
    r->met = r->available && r->have == r->of;
}

int
ll_assess_compute(const ll_course *c, ll_store *st, const char *rules_path,
                  ll_assessment **out, char **err)
{
    ll_assessment *a;
    char *path = rules_path ? ll_strdup(rules_path) : ll_assess_rules_path(c);
    size_t i, k;
    int rc;

    *out = NULL;
    *err = NULL;
    if (path == NULL)
        return LL_ENOMEM;
    a = ll_calloc(1, sizeof *a);
    if (a == NULL) {
        ll_free(path);
        return LL_ENOMEM;
    }
    rc = ll_assess_rules_load(path, &a->rules, err);
    ll_free(path);
    if (rc != LL_OK) {
        ll_free(a);
        return rc;
    }
    a->comps = ll_calloc(a->rules->ncomps + 1, sizeof *a->comps);
    if (a->comps == NULL) {
        ll_assess_free(a);
        return LL_ENOMEM;
    }
    for (i = 0; i < a->rules->ncomps; i++) {
        const ll_comp_rule *cr = &a->rules->comps[i];
        ll_comp_result *res = &a->comps[a->ncomps++];
        double prog = 0;
        res->rule = cr;
        res->reqs = ll_calloc(cr->nreqs + 1, sizeof *res->reqs);
        if (res->reqs == NULL) {
            ll_assess_free(a);
            return LL_ENOMEM;
        }
        res->mastered = cr->nreqs > 0;
        for (k = 0; k < cr->nreqs; k++) {
            ll_req_result *r = &res->reqs[res->nreqs++];
            r->rule = &cr->reqs[k];
            switch (r->rule->kind) {
            case LL_REQ_CHECKS:
            case LL_REQ_PASS:  assess_exercises(c, st, r->rule, r); break;
            case LL_REQ_QUIZ:  assess_quiz(c, st, r->rule, r); break;
            case LL_REQ_CHECK: assess_check(c, st, r->rule, r); break;
            }
            res->mastered = res->mastered && r->met;
            if (r->available)
                prog += r->target > 0 ? (r->value >= r->target ? 1.0
                                         : r->value / r->target)
                                      : 1.0;
        }
        res->progress = cr->nreqs ? prog / (double)cr->nreqs : 0;
    }
    *out = a;
    return LL_OK;
}

void
ll_assess_free(ll_assessment *a)
{
    size_t i;
    if (a == NULL)
        return;
    for (i = 0; i < a->ncomps; i++)
        ll_free(a->comps[i].reqs);
    ll_free(a->comps);
    ll_assess_rules_free(a->rules);
    ll_free(a);
}

char *
ll_assess_json(const ll_assessment *a)
{
    json_t *arr = json_array();
    char *s, *copy;
    size_t i, k;
    for (i = 0; i < a->ncomps; i++) {
        const ll_comp_result *c = &a->comps[i];
        json_t *reqs = json_array();
        for (k = 0; k < c->nreqs; k++) {
            const ll_req_result *r = &c->reqs[k];
            json_array_append_new(reqs, json_pack(
                "{s:s, s:b, s:b, s:f, s:f, s:i, s:i}", "label", r->rule->label,
                "available", r->available, "met", r->met, "value", r->value,
                "target", r->target, "have", r->have, "of", r->of));
        }
        json_array_append_new(arr, json_pack("{s:s, s:s, s:b, s:f, s:o}",
            "id", c->rule->id, "title", c->rule->title,
            "mastered", c->mastered, "progress", c->progress,
            "requirements", reqs));
    }
    s = json_dumps(arr, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(arr);
    copy = s ? ll_strdup(s) : NULL;
    free(s);
    return copy;
}
