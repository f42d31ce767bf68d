/* SPDX-License-Identifier: MIT
 * grader/check_lua.c -- Lua exercises: a forked, sandboxed worker with
 * a fresh state (instruction and memory caps, capped print, hardened
 * environment) loads the student's module and evaluates checks.lua
 * itself; the parent only reads its JSON answer (check_int.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check_int.h"
#include "checklib.h"
#include "engine/lua/host.h"
#include "report.h"

/* {=================== lua ===================} */

/* run.exec(fn, ...): fn as the main task of a fresh aio.run, measured. */
static int
l_check_exec(lua_State *L)
{
    ll_lua_ctx *ctx = ll_lua_ctx_of(L);
    size_t mark = ctx->out ? ctx->out->len : 0;
    size_t ev0 = ctx->trace ? ll_trace_count(ctx->trace) : 0;
    int64_t t0 = ll_clock_now(&ctx->clock);
    int n = lua_gettop(L), ok;

    luaL_checktype(L, 1, LUA_TFUNCTION);
    ll_lua_push_module(L, "aio");
    lua_getfield(L, -1, "run");
    lua_remove(L, -2);
    lua_insert(L, 1);
    ok = lua_pcall(L, n, 1, 0) == LUA_OK;
    lua_createtable(L, 0, 5);
    lua_insert(L, -2);
    lua_setfield(L, -2, ok ? "value" : "error");
    lua_pushboolean(L, ok);
    lua_setfield(L, -2, "ok");
    lua_pushnumber(L, (double)(ll_clock_now(&ctx->clock) - t0) / 1e9);
    lua_setfield(L, -2, "vtime");
    lua_pushlstring(L, ctx->out && ctx->out->data ? ctx->out->data + mark : "",
                    ctx->out ? ctx->out->len - mark : 0);
    lua_setfield(L, -2, "out");
    check_push_events_from(L, ctx->trace, ev0);
    lua_setfield(L, -2, "events");
    check_push_blocking(L, ctx->trace, ev0);
    lua_setfield(L, -2, "blocking");
    if (!ok) {
        lua_getfield(L, -1, "error");
        lua_setfield(L, -2, "error");
    }
    return 1;
}

/* Fold the worker's answer (the lossless result JSON of report.h) into r:
 * worst verdict, its error if it has one, its virtual time and checks. */
static int
check_result_from_json(ll_result *r, const char *text)
{
    ll_result w;
    size_t i;
    int err = ll_report_result_from_json(text, &w, NULL);

    if (err == LL_OK) {
        r->verdict = ll_verdict_worst(r->verdict, w.verdict);
        if (w.error[0] != '\0') {
            ll_free(r->error);
            r->error = ll_strdup(w.error);
        }
        r->vtime = w.vtime;
        for (i = 0; err == LL_OK && i < w.nchecks; i++) {
            err = ll_result_add(r, w.checks[i].name, w.checks[i].points,
                                w.checks[i].passed, w.checks[i].hidden,
                                w.checks[i].message, w.checks[i].measured);
            if (err == LL_OK)
                ll_result_set_hint(r, w.checks[i].hint);
        }
    }
    ll_result_close(&w);
    return err;
}

/* {----- worker hardening: a fresh VM in a capped, limited process -----} */

static bool check_out_tripped;     /* the worker's print passed the cap */

/* print with a cap: past it every print raises (sticky, so a pcall loop
 * cannot print on), and the verdict becomes OLE. */
static int
l_check_print(lua_State *L)
{
    ll_lua_ctx *ctx = ll_lua_ctx_of(L);
    int n;
    if (!check_out_tripped && ctx->out && ctx->out->len <= CHECK_OUT_CAP) {
        n = ll_lua_print(L);
        if (ctx->out->len <= CHECK_OUT_CAP)
            return n;
    }
    check_out_tripped = true;
    return luaL_error(L, "output limit: more than 1 MiB printed");
}

/* Replaced in the student's environment: setmetatable refuses __gc
 * (finalizers run with hooks off: an endless one could not be stopped),
 * xpcall runs its handler after unwinding (handlers also run with hooks
 * off), collectgarbage only collects or counts.
 * The checks share this Lua state with the student's module (they call its
 * functions), so what they rely on is out of the student's reach:
 * getmetatable shows only metatables the student set itself (not the
 * string metatable, whose __index is the checks' string library, nor the
 * host's classes: tasks, futures, locks), and `aio` (the global and
 * require('aio')) is the student's own deep copy: patching it cannot change
 * the aio the checks and run.exec use. */
static const char check_harden_src[] =
    "local env, setmt, pcall, error, type, rawget, pack, unpack, gc,\n"
    "      getmt, next, aio, require = ...\n"
    "local mine = setmt({}, { __mode = 'k' })\n"
    "env.setmetatable = function(t, mt)\n"
    "  if type(mt) == 'table' and rawget(mt, '__gc') ~= nil then\n"
    "    error('__gc metamethods are not allowed in exercises', 2)\n"
    "  end\n"
    "  if type(mt) == 'table' then mine[mt] = true end\n"
    "  return setmt(t, mt)\n"
    "end\n"
    "env.getmetatable = function(v)\n"
    "  local mt = getmt(v)\n"
    "  if type(mt) == 'table' and not mine[mt] then return nil end\n"
    "  return mt\n"
    "end\n"
    "local seen = {}\n"
    "local function copy(t, depth)\n"
    "  if type(t) ~= 'table' or depth > 4 then return t end\n"
    "  if seen[t] then return seen[t] end\n"
    "  local c = {}\n"
    "  seen[t] = c\n"
    "  for k, v in next, t do c[k] = copy(v, depth + 1) end\n"
    "  return c\n"
    "end\n"
    "local own = copy(aio, 0)\n"
    "env.aio = own\n"
    "env.require = function(name, ...)\n"
    "  if name == 'aio' then return own end\n"
    "  return require(name, ...)\n"
    "end\n"
    "env.xpcall = function(f, h, ...)\n"
    "  local r = pack(pcall(f, ...))\n"
    "  if r[1] then return unpack(r, 1, r.n) end\n"
    "  return false, h(r[2])\n"
    "end\n"
    "if gc then env.collectgarbage = function(opt, ...)\n"
    "  if opt == nil or opt == 'collect' or opt == 'count' or opt == 'step' then\n"
    "    return gc(opt, ...)\n"
    "  end\n"
    "  error(\"collectgarbage('\" .. tostring(opt) .. \"') is not allowed\", 2)\n"
    "end end\n";

static void
check_harden_env(lua_State *L, int env)
{
    static const char *const fns[] = { "setmetatable", "pcall", "error",
                                       "type", "rawget" };
    size_t i;
    lua_pushcfunction(L, l_check_print);
    lua_setfield(L, env, "print");
    if (luaL_loadbufferx(L, check_harden_src, sizeof check_harden_src - 1,
                         "=harden", "t") != LUA_OK)
        ll_panic("the worker hardening chunk does not load");
    lua_pushvalue(L, env);
    for (i = 0; i < LL_COUNTOF(fns); i++)
        lua_getglobal(L, fns[i]);
    lua_getglobal(L, "table");
    lua_getfield(L, -1, "pack");
    lua_getfield(L, -2, "unpack");
    lua_remove(L, -3);
    lua_getfield(L, env, "collectgarbage");
    lua_getglobal(L, "getmetatable");
    lua_getglobal(L, "next");
    ll_lua_push_module(L, "aio");
    lua_getfield(L, env, "require");
    if (lua_pcall(L, 13, 0, 0) != LUA_OK)
        lua_pop(L, 1);
}

/* In the forked worker (already confined): load the module, run the
 * checks, print JSON. Both sources were read before the worker dropped
 * its privileges. */
/* After the result JSON, the run's trace for "show my run": a record
 * separator (0x1e never occurs raw in JSON text), then JSON lines. Only a
 * trace that fits well inside the result pipe's cap goes: a long run must
 * never turn into the student's "printed too much". */
static void
check_lua_send_trace(FILE *f, const ll_trace *tr, size_t used)
{
    char *text = NULL;
    size_t len = 0;
    FILE *m;

    if (tr == NULL || ll_trace_count(tr) == 0 ||
        (m = open_memstream(&text, &len)) == NULL)
        return;
    if (ll_trace_write_jsonl(tr, m) == LL_OK && fclose(m) == 0 &&
        used + len + 1 < CHECK_OUT_CAP / 2) {
        fputc(CHECK_LUA_TRACE_SEP, f);
        fwrite(text, 1, len, f);
    }
    free(text);
}

static int
check_lua_worker(const ll_exercise *ex, const char *file, const char *src,
                 const char *checks_path, const char *checks_src,
                 uint64_t seed, int out_fd)
{
    ll_lua_ctx ctx;
    lua_State *L;
    ll_buf out;
    ll_result r;
    char *err = NULL, *json, *chunk;
    int env, run, rc;
    FILE *f;

    ll_buf_init(&out);
    ll_result_init(&r);
    ll_lua_ctx_init(&ctx, LL_CLOCK_VIRTUAL, 1, seed);
    ctx.mem_limit = CHECK_LUA_MEM;
    ctx.out = &out;
    if (ll_trace_new(&ctx.trace) != LL_OK)
        return 1;
    L = ll_lua_new(&ctx);
    if (L == NULL)
        return 1;
    lua_newtable(L);
    run = lua_gettop(L);
    ll_lua_push_env(L);
    env = lua_gettop(L);
    check_harden_env(L, env);
    ll_checklib_preload(L);
    chunk = ll_asprintf("@%s", file);
    rc = chunk ? ll_lua_load_string(L, src, chunk, env, &err) : LL_ENOMEM;
    ll_free(chunk);
    if (rc == LL_OK) {
        ll_lua_set_budget(L, CHECK_LUA_INSTR);
        rc = ll_lua_pcall(L, 0, 1, &err);
        ll_lua_set_budget(L, 0);
    } else {
        lua_pushnil(L);
    }
    if (rc == LL_OK && !lua_istable(L, -1)) {
        err = ll_asprintf("%s must end with `return M`, a table of your "
                          "functions (it returned %s)", ex->file,
                          luaL_typename(L, -1));
        rc = LL_ERUNTIME;
    }
    if (rc != LL_OK) {
        lua_pop(L, 1);
        lua_newtable(L);
        r.verdict = rc == LL_ELIMIT ? LL_VERDICT_TLE
                  : rc == LL_ENOMEM ? LL_VERDICT_MLE : LL_VERDICT_RE;
        r.error = ll_strdup(err);
        lua_pushstring(L, err);
        lua_setfield(L, run, "error");
    }
    lua_setfield(L, run, "module");
    lua_pushlstring(L, out.data ? out.data : "", out.len);
    lua_setfield(L, run, "out");
    lua_pushnumber(L, (double)ll_clock_now(&ctx.clock) / 1e9);
    lua_setfield(L, run, "vtime");
    check_push_blocking(L, ctx.trace, 0);
    lua_setfield(L, run, "blocking");
    check_push_events(L, ctx.trace);
    lua_setfield(L, run, "events");
    lua_newtable(L);
    lua_setfield(L, run, "warnings");
    lua_pushcfunction(L, l_check_exec);
    lua_setfield(L, run, "exec");
    ll_free(err);
    err = NULL;
    /* The checks' own tables and strings get room of their own: a module
     * that filled the cap is the student's MLE/FAIL, never a worker that
     * cannot evaluate checks.lua. */
    ctx.mem_limit = CHECK_LUA_MEM + CHECK_LUA_HEADROOM;
    r.vtime = (double)ll_clock_now(&ctx.clock) / 1e9;
    if (ll_checklib_eval_src(L, checks_src, checks_path, run, &r, &err)
        != LL_OK) {
        r.verdict = LL_VERDICT_INTERNAL;
        ll_free(r.error);
        r.error = ll_asprintf("broken checks file: %s", err ? err : "?");
    }
    ll_free(err);
    if (check_out_tripped) {
        r.verdict = ll_verdict_worst(r.verdict, LL_VERDICT_OLE);
        ll_free(r.error);
        r.error = ll_strdup("printed more than 1 MiB of output (a loop that "
                            "never stops printing?)");
    }
    check_result_utf8(&r);       /* Lua strings are bytes: any bytes */
    json = ll_report_result_to_json(&r);
    f = fdopen(out_fd, "w");
    if (f != NULL && json != NULL) {
        fputs(json, f);
        check_lua_send_trace(f, ctx.trace, strlen(json));
        fclose(f);
    }
    free(json);
    ll_lua_close(L);
    ll_trace_free(ctx.trace);
    ll_result_close(&r);
    ll_buf_close(&out);
    return 0;
}


/* Split the worker's stream at the separator: the result JSON (returned,
 * NUL-terminated in place) and the trace after it, read into tr. */
static const char *
check_lua_take_trace(ll_buf *b, ll_trace *tr)
{
    char *sep = memchr(b->data, CHECK_LUA_TRACE_SEP, b->len);
    int line;

    if (sep == NULL)
        return b->data;
    *sep = '\0';
    if (tr != NULL)
        (void)ll_trace_read_jsonl(tr, sep + 1, &line);  /* what parses */
    return b->data;
}

int
check_run_lua(const ll_exercise *ex, const char *file,
              const ll_check_opts *opts, ll_result *r, ll_trace *tr)
{
    check_child c;
    ll_sandbox_limits lim = { .timeout_s = opts->timeout_s };
    char *src = NULL, *err = NULL;
    char *checks = ll_asprintf("%s/checks.lua", ex->dir);
    char *checks_src = checks ? check_slurp(checks) : NULL;
    const char *why = NULL;

    memset(&c, 0, sizeof c);
    c.keyfd = -1;
    /* read here, before any limit applies: never through a symlink (we may
     * be root), never blocking on a FIFO, bounded */
    (void)ll_sandbox_read_submission(file, LL_SANDBOX_MAX_SUBMIT, &src, NULL,
                                     &why);
    if (src == NULL || checks_src == NULL) {
        char *what = src == NULL ? ll_asprintf("%s%s%s%s", file,
                                               why ? " (it is " : "",
                                               why ? why : "", why ? ")" : "")
                                 : NULL;
        check_fail(r, LL_VERDICT_INTERNAL, "cannot read %s",
                   src == NULL ? (what ? what : file)
                               : checks ? checks : "checks.lua");
        ll_free(what);
        goto out;
    }
    if (ll_sandbox_interrupted()) {
        check_fail(r, LL_VERDICT_INTERNAL, "interrupted before the run%s", "");
        goto out;
    }
    if (ll_sandbox_prepare(&c.sb, file, NULL, &err) != LL_OK) {
        check_fail(r, LL_VERDICT_INTERNAL, "sandbox: %s", err ? err : "?");
        goto out;
    }
    switch (check_fork(&c, &lim)) {
    case -1:
        check_fail(r, LL_VERDICT_INTERNAL, "cannot fork: %s", strerror(errno));
        goto out;
    case 0:
        _exit(check_lua_worker(ex, file, src, checks, checks_src, opts->seed, 3));
    }
    check_supervise(&c, opts->timeout_s);
    r->wall = c.wall;
    if (check_limit_verdict(&c, opts->timeout_s, r))
        ;
    else if (c.buf[2].data == NULL ||
             check_result_from_json(r, check_lua_take_trace(&c.buf[2], tr))
             != LL_OK)
        check_fail(r, LL_VERDICT_INTERNAL, "the Lua worker gave no result "
                   "(%s)", WIFSIGNALED(c.status) ? strsignal(WTERMSIG(c.status))
                                                 : "no output");
out:
    check_child_close(&c);
    ll_free(err);
    ll_free(src);
    ll_free(checks);
    ll_free(checks_src);
    return LL_OK;
}
