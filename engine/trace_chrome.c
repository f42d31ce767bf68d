/* SPDX-License-Identifier: MIT
 * engine/trace_chrome.c -- Chrome Trace Event Format writer.
 */
#include "trace_chrome.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static int
chrome_add(json_t *arr, json_t *ev)
{
    return ev != NULL && json_array_append_new(arr, ev) == 0 ? LL_OK
                                                            : LL_ENOMEM;
}

/* Name a row once: the first event seen for each (pid, tid). */
static int
chrome_name_row(json_t *arr, json_t *seen, int pid, int64_t tid,
                const char *name)
{
    char key[48];
    snprintf(key, sizeof key, "%d/%lld", pid, (long long)tid);
    if (json_object_get(seen, key) != NULL)
        return LL_OK;
    json_object_set_new(seen, key, json_true());
    return chrome_add(arr, json_pack("{s:s, s:s, s:i, s:I, s:{s:s}}",
                                     "name", "thread_name", "ph", "M",
                                     "pid", pid, "tid", (json_int_t)tid,
                                     "args", "name", name));
}

int
ll_trace_chrome(const ll_trace *tr, bool real_time, ll_buf *out)
{
    json_t *doc, *arr, *seen, *open;
    size_t i, n = ll_trace_count(tr);
    int err = LL_OK;
    char *s;

    doc = json_object();
    arr = json_array();
    seen = json_object();
    open = json_object();   /* task id -> 1 while a step is open */
    if (!doc || !arr || !seen || !open)
        err = LL_ENOMEM;
    if (!err)
        err = chrome_add(arr, json_pack("{s:s, s:s, s:i, s:{s:s}}", "name",
                                        "process_name", "ph", "M", "pid", 1,
                                        "args", "name", "loop"));
    if (!err)
        err = chrome_add(arr, json_pack("{s:s, s:s, s:i, s:{s:s}}", "name",
                                        "process_name", "ph", "M", "pid", 2,
                                        "args", "name", "workers"));
    for (i = 0; err == LL_OK && i < n; i++) {
        const ll_event *e = ll_trace_get(tr, i);
        double ts = (real_time ? e->rt : e->t) * 1e6;
        int pid = e->worker >= 0 ? 2 : 1;
        int64_t tid = e->worker >= 0 ? (int64_t)e->worker : (int64_t)e->task;
        const char *row = e->name[0] ? e->name : "loop";
        char key[24], label[64];
        bool is_open;

        if (e->worker >= 0) {
            snprintf(label, sizeof label, "worker %d", (int)e->worker);
            row = label;
        }
        err = chrome_name_row(arr, seen, pid, tid, row);
        if (err)
            break;
        snprintf(key, sizeof key, "%d/%lld", pid, (long long)tid);
        is_open = json_object_get(open, key) != NULL;
        switch (e->kind) {
        case LL_EV_RUN:
            if (is_open)   /* a lost end: close it before the next step */
                err = chrome_add(arr, json_pack("{s:s, s:f, s:i, s:I}", "ph",
                                                "E", "ts", ts, "pid", pid,
                                                "tid", (json_int_t)tid));
            if (!err)
                err = chrome_add(arr, json_pack("{s:s, s:s, s:s, s:f, s:i, "
                                                "s:I}", "name", e->name, "cat",
                                                "task", "ph", "B", "ts", ts,
                                                "pid", pid, "tid",
                                                (json_int_t)tid));
            json_object_set_new(open, key, json_true());
            break;
        case LL_EV_SUSPEND: case LL_EV_DONE: case LL_EV_ERROR:
        case LL_EV_CANCEL:
            if (is_open) {
                err = chrome_add(arr, json_pack("{s:s, s:f, s:i, s:I, "
                                                "s:{s:s, s:s}}", "ph", "E",
                                                "ts", ts, "pid", pid, "tid",
                                                (json_int_t)tid, "args", "end",
                                                ll_ev_name(e->kind), "what",
                                                e->what));
                json_object_del(open, key);
            }
            if (!err && e->kind != LL_EV_SUSPEND)
                err = chrome_add(arr, json_pack("{s:s, s:s, s:s, s:f, s:i, "
                                                "s:I, s:{s:s}}", "name",
                                                ll_ev_name(e->kind), "ph", "i",
                                                "s", "t", "ts", ts, "pid", pid,
                                                "tid", (json_int_t)tid, "args",
                                                "what", e->what));
            break;
        case LL_EV_IO_BEGIN: case LL_EV_IO_END:
            err = chrome_add(arr, json_pack("{s:s, s:s, s:s, s:I, s:f, s:i, "
                                            "s:I}", "name", e->what, "cat",
                                            "io", "ph", e->kind == LL_EV_IO_BEGIN
                                            ? "b" : "e", "id",
                                            (json_int_t)e->task, "ts", ts,
                                            "pid", pid, "tid",
                                            (json_int_t)tid));
            break;
        default:
            err = chrome_add(arr, json_pack("{s:s, s:s, s:s, s:f, s:i, s:I, "
                                            "s:{s:s}}", "name",
                                            ll_ev_name(e->kind), "ph", "i", "s",
                                            "t", "ts", ts, "pid", pid, "tid",
                                            (json_int_t)tid, "args", "what",
                                            e->what));
        }
    }
    if (!err) {
        json_object_set(doc, "traceEvents", arr);
        json_object_set_new(doc, "displayTimeUnit", json_string("ms"));
        json_object_set_new(doc, "otherData", json_pack("{s:s}", "clock",
                            real_time ? "real" : "virtual"));
        s = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
        err = s ? ll_buf_adds(out, s) : LL_ENOMEM;
        if (!err)
            err = ll_buf_adds(out, "\n");
        free(s);
    }
    json_decref(doc);
    json_decref(arr);
    json_decref(seen);
    json_decref(open);
    return err;
}
