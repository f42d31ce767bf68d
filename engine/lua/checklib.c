/* SPDX-License-Identifier: MIT
 * engine/lua/checklib.c -- the check vocabulary, written in Lua, run here.
 *
 * The built-ins are Lua source compiled into the binary: they are data
 * about what a student sees, easiest to read and change as Lua. Each check
 * function returns ok, message, measured; a check that raises fails with
 * the error as its message (a student's function that crashes under test
 * is a failed check, not a broken grader).
 */
#include "checklib.h"

#include <string.h>

#define CHECK_BUDGET 200000000L

static const char checklib_src[] =
"local check = {}\n"
"local function mk(kind, spec, fn)\n"
"  if type(spec) ~= 'table' then error(kind .. ' expects a table {name=..., ...}', 3) end\n"
"  if type(spec.name) ~= 'string' then error(kind .. \": field 'name' is required\", 3) end\n"
"  return { name = spec.name, points = spec.points or 1, hidden = spec.hidden and true or false,\n"
"           fn = fn, message = spec.message }\n"
"end\n"
"local function norm(s)\n"
"  s = tostring(s or ''):gsub('\\r\\n', '\\n'):gsub('[ \\t]+\\n', '\\n'):gsub('%s+$', '')\n"
"  return s\n"
"end\n"
"local function lines(s) local t = {} for l in (s .. '\\n'):gmatch('(.-)\\n') do t[#t+1] = l end return t end\n"
"local function fill(msg, measured) return (tostring(msg or '')):gsub('{measured}', function() return tostring(measured) end) end\n"
"function check.out(spec)\n"
"  return mk('check.out', spec, function(run)\n"
"    local got, want = norm(run.out), norm(spec.expect)\n"
"    if got == want then return true end\n"
"    local g, w = lines(got), lines(want)\n"
"    for i = 1, math.max(#g, #w) do\n"
"      if g[i] ~= w[i] then\n"
"        local detail = ('line %d: expected %q, got %s'):format(i, w[i] or '(no more lines)',\n"
"          g[i] and ('%q'):format(g[i]) or '(no more lines)')\n"
"        return false, fill(spec.message or 'The output is not what was expected.', got) .. '\\n' .. detail, g[i] or ''\n"
"      end\n"
"    end\n"
"    return false, spec.message or 'output differs'\n"
"  end)\n"
"end\n"
"function check.vtime(spec)\n"
"  return mk('check.vtime', spec, function(run)\n"
"    local v = run.vtime\n"
"    if type(v) ~= 'number' then return false, 'the run did not report a virtual time', '' end\n"
"    local m = ('%.3f'):format(v):gsub('0+$', ''):gsub('%.$', '.0')\n"
"    local ok = (spec.max == nil or v <= spec.max + 1e-6) and (spec.min == nil or v >= spec.min - 1e-6)\n"
"    if ok then return true, '', m end\n"
"    local want = spec.min and spec.max and spec.min == spec.max and ('exactly ' .. spec.max)\n"
"      or ((spec.min and ('at least ' .. spec.min) or '') .. (spec.min and spec.max and ' and ' or '') .. (spec.max and ('at most ' .. spec.max) or ''))\n"
"    return false, fill(spec.message or ('The run took {measured} virtual seconds; expected ' .. want .. '.'), m), m\n"
"  end)\n"
"end\n"
"function check.noblock(spec)\n"
"  return mk('check.noblock', spec, function(run)\n"
"    local b = run.blocking or {}\n"
"    if #b == 0 then return true, '', '0' end\n"
"    local parts = {}\n"
"    for i = 1, math.min(#b, 3) do\n"
"      parts[#parts+1] = ('  %s in task %q at %.1f s (virtual)'):format(b[i].what or '?', b[i].task or '?', b[i].t or 0)\n"
"    end\n"
"    return false, (spec.message or 'A blocking call stalled the event loop.') .. '\\n' .. table.concat(parts, '\\n'), tostring(#b)\n"
"  end)\n"
"end\n"
"function check.noerror(spec)\n"
"  return mk('check.noerror', spec, function(run)\n"
"    if run.error == nil then return true end\n"
"    local first = tostring(run.error):match('[^\\n]*\\n?[^\\n]*$') or tostring(run.error)\n"
"    return false, (spec.message or 'The program ended with an error:') .. '\\n' .. tostring(run.error)\n"
"  end)\n"
"end\n"
"return check\n";

/* Push the `check` table (compiled once per state, cached in the registry). */
static void
checklib_push(lua_State *L)
{
    if (lua_getfield(L, LUA_REGISTRYINDEX, "looplab.checklib") == LUA_TTABLE)
        return;
    lua_pop(L, 1);
    ll_lua_push_env(L);
    if (ll_lua_load_string(L, checklib_src, "=checklib", -1, NULL) != LL_OK ||
        lua_pcall(L, 0, 1, 0) != LUA_OK)
        ll_panic("the built-in check library does not load");
    lua_remove(L, -2);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, "looplab.checklib");
}

static char *
checklib_field_str(lua_State *L, int idx, const char *key)
{
    char *s = NULL;
    lua_getfield(L, idx, key);
    if (!lua_isnil(L, -1))
        s = ll_lua_tostring(L, -1);
    lua_pop(L, 1);
    return s;
}

/* Run one check record (at idx) and append its result. */
static int
checklib_run_one(lua_State *L, int idx, int run_idx, ll_result *r)
{
    char *name, *msg = NULL, *measured = NULL, *err = NULL;
    double points;
    bool hidden, ok = false;
    int rc;

    name = checklib_field_str(L, idx, "name");
    lua_getfield(L, idx, "points");
    points = lua_isnumber(L, -1) ? lua_tonumber(L, -1) : 1;
    lua_getfield(L, idx, "hidden");
    hidden = lua_toboolean(L, -1);
    lua_pop(L, 2);

    lua_getfield(L, idx, "fn");
    if (!lua_isfunction(L, -1)) {
        lua_pop(L, 1);
        msg = ll_asprintf("check '%s' has no fn", name ? name : "?");
        rc = ll_result_add(r, name ? name : "?", points, false, hidden, msg, "");
        ll_free(msg);
        ll_free(name);
        return rc;
    }
    lua_pushvalue(L, run_idx);
    ll_lua_set_budget(L, CHECK_BUDGET);
    rc = ll_lua_pcall(L, 1, 3, &err);
    ll_lua_set_budget(L, 0);
    if (rc == LL_OK) {
        ok = lua_toboolean(L, -3);
        if (!lua_isnil(L, -2))
            msg = ll_lua_tostring(L, -2);
        if (!lua_isnil(L, -1))
            measured = ll_lua_tostring(L, -1);
        lua_pop(L, 3);
        if (!ok && (msg == NULL || *msg == '\0')) {
            ll_free(msg);
            msg = checklib_field_str(L, idx, "message");
        }
    } else {
        msg = ll_asprintf("%s%s", rc == LL_ELIMIT
                          ? "gave up: the code under test ran too long\n"
                          : "the code under test raised an error:\n",
                          err ? err : "");
    }
    rc = ll_result_add(r, name ? name : "?", points, ok, hidden,
                       ok ? "" : (msg ? msg : "failed"), measured);
    ll_free(name);
    ll_free(msg);
    ll_free(measured);
    ll_free(err);
    return rc;
}

int
ll_checklib_eval(lua_State *L, const char *path, int run_idx, ll_result *r,
                 char **err)
{
    int env, list, rc;
    lua_Integer i, n;

    run_idx = lua_absindex(L, run_idx);
    ll_lua_push_env(L);
    env = lua_gettop(L);
    checklib_push(L);
    lua_setfield(L, env, "check");
    rc = ll_lua_load_file(L, path, env, err);
    if (rc != LL_OK) {
        lua_pop(L, 1);
        return LL_ESYNTAX;
    }
    ll_lua_set_budget(L, CHECK_BUDGET);
    rc = ll_lua_pcall(L, 0, 1, err);
    ll_lua_set_budget(L, 0);
    if (rc != LL_OK) {
        lua_pop(L, 1);
        return LL_ESYNTAX;
    }
    if (!lua_istable(L, -1)) {
        *err = ll_asprintf("%s: must return a list of checks", path);
        lua_pop(L, 2);
        return LL_ESYNTAX;
    }
    list = lua_gettop(L);
    n = luaL_len(L, list);
    for (i = 1; i <= n; i++) {
        if (lua_rawgeti(L, list, i) != LUA_TTABLE) {
            *err = ll_asprintf("%s: check %lld is not a table", path,
                               (long long)i);
            lua_pop(L, 3);
            return LL_ESYNTAX;
        }
        rc = checklib_run_one(L, lua_gettop(L), run_idx, r);
        lua_pop(L, 1);
        if (rc != LL_OK) {
            lua_pop(L, 2);
            return rc;
        }
    }
    lua_pop(L, 2);
    return LL_OK;
}
