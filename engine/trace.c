/* SPDX-License-Identifier: MIT
 * engine/trace.c -- the event array, string interning, JSON-lines I/O.
 *
 * Strings are interned in a small open-addressing table so a 10^5-event
 * trace of a few task names costs one copy per distinct string. JSON goes
 * through jansson both ways: the reader parses lines written by the Python
 * harness, which a student's program can influence, so nothing here trusts
 * the input's shape.
 */
#include "trace.h"

#include <jansson.h>
#include <string.h>

struct ll_trace {
    ll_event *ev;
    size_t    len, cap;
    char    **strs;        /* interning table (open addressing) */
    size_t    nstrs, scap;
    int64_t   start_ns;
};

static const char *const trace_ev_names[] = {
#define XX(name, str) str,
    LL_EV_MAP(XX)
#undef XX
};

const char *
ll_ev_name(ll_ev_kind k)
{
    return (unsigned)k < LL_EV__COUNT ? trace_ev_names[k] : "?";
}

int
ll_ev_parse(const char *s, ll_ev_kind *out)
{
    size_t i;
    for (i = 0; i < LL_EV__COUNT; i++) {
        if (strcmp(s, trace_ev_names[i]) == 0) {
            *out = (ll_ev_kind)i;
            return LL_OK;
        }
    }
    return LL_EINVAL;
}

int
ll_trace_new(ll_trace **out)
{
    ll_trace *tr = ll_calloc(1, sizeof *tr);
    *out = NULL;
    if (tr == NULL)
        return LL_ENOMEM;
    tr->start_ns = ll_mono_ns();
    *out = tr;
    return LL_OK;
}

void
ll_trace_free(ll_trace *tr)
{
    size_t i;
    if (tr == NULL)
        return;
    for (i = 0; i < tr->scap; i++)
        ll_free(tr->strs[i]);
    ll_free(tr->strs);
    ll_free(tr->ev);
    ll_free(tr);
}

static uint64_t
trace_hash(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
    return h;
}

static int
trace_grow_strs(ll_trace *tr)
{
    size_t ncap = tr->scap ? tr->scap * 2 : 64, i;
    char **n = ll_calloc(ncap, sizeof *n);
    if (n == NULL)
        return LL_ENOMEM;
    for (i = 0; i < tr->scap; i++) {
        if (tr->strs[i] != NULL) {
            size_t j = trace_hash(tr->strs[i]) & (ncap - 1);
            while (n[j] != NULL)
                j = (j + 1) & (ncap - 1);
            n[j] = tr->strs[i];
        }
    }
    ll_free(tr->strs);
    tr->strs = n;
    tr->scap = ncap;
    return LL_OK;
}

static const char *
trace_intern(ll_trace *tr, const char *s)
{
    size_t j;
    if (s == NULL || *s == '\0')
        return "";
    if ((tr->nstrs + 1) * 2 > tr->scap && trace_grow_strs(tr) != LL_OK)
        return NULL;
    j = trace_hash(s) & (tr->scap - 1);
    while (tr->strs[j] != NULL) {
        if (strcmp(tr->strs[j], s) == 0)
            return tr->strs[j];
        j = (j + 1) & (tr->scap - 1);
    }
    tr->strs[j] = ll_strdup(s);
    if (tr->strs[j] == NULL)
        return NULL;
    tr->nstrs++;
    return tr->strs[j];
}

static int
trace_push(ll_trace *tr, double t, double rt, ll_ev_kind kind, uint32_t task,
           int32_t worker, const char *name, const char *what)
{
    ll_event *e;
    if (tr->len == tr->cap) {
        size_t ncap = tr->cap ? tr->cap * 2 : 256;
        ll_event *n = ll_realloc(tr->ev, ncap * sizeof *n);
        if (n == NULL)
            return LL_ENOMEM;
        tr->ev = n;
        tr->cap = ncap;
    }
    e = &tr->ev[tr->len];
    e->name = trace_intern(tr, name);
    e->what = trace_intern(tr, what);
    e->label = NULL;
    if (e->name == NULL || e->what == NULL)
        return LL_ENOMEM;
    e->t = t;
    e->rt = rt;
    e->kind = kind;
    e->task = task;
    e->worker = worker;
    tr->len++;
    return LL_OK;
}

int
ll_trace_add(ll_trace *tr, double t, ll_ev_kind kind, uint32_t task,
             int32_t worker, const char *name, const char *what)
{
    double rt = (double)(ll_mono_ns() - tr->start_ns) / 1e9;
    return trace_push(tr, t, rt, kind, task, worker, name, what);
}

int
ll_trace_add_at(ll_trace *tr, double t, int64_t mono_ns, ll_ev_kind kind,
                uint32_t task, int32_t worker, const char *name,
                const char *what)
{
    double rt = (double)(mono_ns - tr->start_ns) / 1e9;
    return trace_push(tr, t, rt < 0 ? 0 : rt, kind, task, worker, name, what);
}

size_t
ll_trace_count(const ll_trace *tr)
{
    return tr->len;
}

const ll_event *
ll_trace_get(const ll_trace *tr, size_t i)
{
    return i < tr->len ? &tr->ev[i] : NULL;
}

int
ll_trace_label_last(ll_trace *tr, const char *label)
{
    ll_event *e;

    if (tr->len == 0)
        return LL_EINVAL;
    e = &tr->ev[tr->len - 1];
    if (label == NULL) {
        e->label = NULL;
        return LL_OK;
    }
    e->label = trace_intern(tr, label);
    return e->label != NULL ? LL_OK : LL_ENOMEM;
}

int
ll_trace_write_jsonl(const ll_trace *tr, FILE *f)
{
    size_t i;
    for (i = 0; i < tr->len; i++) {
        const ll_event *e = &tr->ev[i];
        json_t *o = json_pack("{s:f, s:f, s:s, s:i, s:s, s:s}",
                              "t", e->t, "rt", e->rt, "ev", ll_ev_name(e->kind),
                              "task", (json_int_t)e->task, "name", e->name,
                              "what", e->what);
        int rc;
        if (o == NULL)
            return LL_ENOMEM;
        if (e->worker >= 0)
            json_object_set_new(o, "worker", json_integer(e->worker));
        if (e->label != NULL)
            json_object_set_new(o, "label", json_string(e->label));
        rc = json_dumpf(o, f, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(o);
        if (rc != 0 || fputc('\n', f) == EOF)
            return LL_EIO;
    }
    return fflush(f) == 0 ? LL_OK : LL_EIO;
}

static const char *
trace_json_str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : "";
}

int
ll_trace_read_jsonl(ll_trace *tr, const char *text, int *errline)
{
    const char *p = text;
    int line = 0;

    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        json_error_t err;
        json_t *o;
        ll_ev_kind kind;
        int rc;

        line++;
        if (n == 0 || (n == 1 && p[0] == '\r')) {
            p += n + (nl != NULL);
            continue;
        }
        o = json_loadb(p, n, 0, &err);
        if (!json_is_object(o)) {
            json_decref(o);
            if (errline)
                *errline = line;
            return LL_ESYNTAX;
        }
        if (ll_ev_parse(trace_json_str(o, "ev"), &kind) == LL_OK) {
            json_t *t = json_object_get(o, "t"), *rt = json_object_get(o, "rt");
            json_t *task = json_object_get(o, "task");
            json_t *worker = json_object_get(o, "worker");
            json_int_t id = json_is_integer(task) ? json_integer_value(task) : 0;
            rc = trace_push(tr, json_is_number(t) ? json_number_value(t) : 0,
                            json_is_number(rt) ? json_number_value(rt) : 0,
                            kind, id > 0 && id < UINT32_MAX ? (uint32_t)id : 0,
                            json_is_integer(worker)
                                ? (int32_t)json_integer_value(worker) : -1,
                            trace_json_str(o, "name"), trace_json_str(o, "what"));
            if (rc == LL_OK && json_is_string(json_object_get(o, "label")))
                rc = ll_trace_label_last(tr, trace_json_str(o, "label"));
            if (rc != LL_OK) {
                json_decref(o);
                return rc;
            }
        }
        json_decref(o);
        p += n + (nl != NULL);
    }
    return LL_OK;
}
