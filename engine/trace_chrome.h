/* SPDX-License-Identifier: MIT
 * engine/trace_chrome.h -- a trace as Chrome's Trace Event Format, the
 * JSON that Perfetto (ui.perfetto.dev) and chrome://tracing open.
 *
 * Rows: process 1 "loop" holds one thread per task (tid = task id); process
 * 2 "workers" holds one thread per pool worker (tid = worker id). A task's
 * steps are duration slices: "run" opens one, the event that ends the step
 * (suspend, done, error, cancel) closes it, named after the task, with the
 * suspend reason in args. io_begin/io_end become async slices; every other
 * event (output, warn, block, and kinds added later) is an instant with
 * its `what` in args, so new trace events show up without a change here.
 * Timestamps are microseconds of virtual time (the graded clock) or of real
 * time.
 */
#ifndef LL_TRACE_CHROME_H
#define LL_TRACE_CHROME_H

#include "base.h"
#include "trace.h"

/* Append the whole JSON document. LL_OK / LL_ENOMEM. */
int ll_trace_chrome(const ll_trace *tr, bool real_time, ll_buf *out);

#endif
