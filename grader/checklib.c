/* SPDX-License-Identifier: MIT
 * grader/checklib.c -- the check vocabulary, written in Lua, run here.
 *
 * The built-ins are Lua source compiled into the binary: they are data
 * about what a student sees, easiest to read and change as Lua. Each check
 * function returns ok, message, measured; a check that raises fails with
 * the error as its message (a student's function that crashes under test
 * is a failed check, not a broken grader).
 */
#include "checklib.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK_BUDGET 200000000L
/* Wall seconds per check: the budget does not count C calls (patterns,
 * string building) that a check makes on a student's output. */
#define CHECK_WALL_S 20

static const char checklib_src[] =
"local check = {}\n"
"local function mk(kind, spec, fn)\n"
"  if type(spec) ~= 'table' then error(kind .. ' expects a table {name=..., ...}', 3) end\n"
"  if type(spec.name) ~= 'string' then error(kind .. \": field 'name' is required\", 3) end\n"
"  if spec.points ~= nil and type(spec.points) ~= 'number' then error(kind .. \": 'points' must be a number\", 3) end\n"
"  if spec.hint ~= nil and (math.type(spec.hint) ~= 'integer' or spec.hint < 1) then\n"
"    error(kind .. \": 'hint' must be the number of one of the exercise's hints (1, 2, ...)\", 3)\n"
"  end\n"
"  return { name = spec.name, points = spec.points or 1, hidden = spec.hidden and true or false,\n"
"           fn = fn, message = spec.message, kind = kind, hint = spec.hint }\n"
"end\n"
"local cnorm = ...\n"
"local function norm(s) return cnorm(tostring(s or '')) end\n"
"-- Checks that describe how the program behaved while it ran (it never\n"
"-- blocked, leaked, raised): earned only when it ran what they describe.\n"
"-- A Python run must have run its main task to the end (main_end), or an\n"
"-- empty file or one that never starts its loop would pass them.\n"
"local function behaviour(kind, spec, fn)\n"
"  local c = mk(kind, spec, function(run)\n"
"    local ok, msg, measured = fn(run)\n"
"    if ok and spec.main ~= false and run.main_end ~= nil and run.main_end ~= 'done' then\n"
"      return false, 'Not earned yet: the program never ran its main task to the end '\n"
"        .. '(asyncio.run(main()) returning normally), so there was nothing to check.', ''\n"
"    end\n"
"    -- A coroutine never awaited never ran: what it should have done was\n"
"    -- skipped, so how the program behaved says nothing yet.\n"
"    for _, w in ipairs(ok and run.python and not spec.unawaited_ok and run.warnings or {}) do\n"
"      local co = tostring(w):match(\"coroutine '([^']*)' was never awaited\")\n"
"      if co then\n"
"        return false, \"Not earned yet: coroutine '\" .. co .. \"' was never awaited, so the \"\n"
"          .. 'code in it never ran (see the first message). Await it, then check again.', ''\n"
"      end\n"
"    end\n"
"    return ok, msg, measured\n"
"  end)\n"
"  c.behaviour = true\n"
"  return c\n"
"end\n"
"local function lines(s) local t = {} for l in (s .. '\\n'):gmatch('(.-)\\n') do t[#t+1] = l end return t end\n"
"local function num(v)\n"
"  if type(v) ~= 'number' then return tostring(v) end\n"
"  local s = ('%.3f'):format(v):gsub('0+$', ''):gsub('%.$', '.0')\n"
"  return s\n"
"end\n"
"-- {measured}, {expected}, {tag}... in an author's message\n"
"local function fill(msg, vals)\n"
"  return (tostring(msg or ''):gsub('{(%w+)}', function(k)\n"
"    if vals[k] ~= nil then return tostring(vals[k]) end\n"
"  end))\n"
"end\n"
"local function fail(spec, default, vals, detail)\n"
"  local m = fill(spec.message or default, vals)\n"
"  if detail and detail ~= '' then m = m .. '\\n' .. detail end\n"
"  return false, m, vals.measured and tostring(vals.measured) or ''\n"
"end\n"
"local function short(v) if v == math.floor(v) then return ('%d'):format(v) end return num(v) end\n"
"local function bounds(spec, what)\n"
"  local lo, hi = spec.min, spec.max\n"
"  if spec.eq ~= nil then lo, hi = spec.eq, spec.eq end\n"
"  if lo == nil and hi == nil then error(what .. ': give eq, min or max', 4) end\n"
"  local want = lo and hi and lo == hi and ('exactly ' .. short(lo))\n"
"    or ((lo and ('at least ' .. short(lo)) or '') .. (lo and hi and ' and ' or '') .. (hi and ('at most ' .. short(hi)) or ''))\n"
"  return lo, hi, want\n"
"end\n"
"local function within(v, lo, hi)\n"
"  return (lo == nil or v >= lo - 1e-6) and (hi == nil or v <= hi + 1e-6)\n"
"end\n"
"local function deep_eq(a, b, depth)\n"
"  if rawequal(a, b) then return true end\n"
"  if type(a) ~= type(b) then\n"
"    return type(a) == 'number' and type(b) == 'number' and a == b\n"
"  end\n"
"  if type(a) ~= 'table' or (depth or 0) > 20 then return false end\n"
"  for k, v in next, a do if not deep_eq(v, rawget(b, k), (depth or 0) + 1) then return false end end\n"
"  for k in next, b do if rawget(a, k) == nil then return false end end\n"
"  return true\n"
"end\n"
"-- A value as the student's language writes it: set for each check from\n"
"-- its run (a Python run's table has `python`), so a Python student reads\n"
"-- None, True, [1, 2] and {'k': 1}, never nil or a Lua table.\n"
"local PY = false\n"
"local function pyshow(v, depth)\n"
"  if v == nil then return 'None' end\n"
"  if v == true then return 'True' elseif v == false then return 'False' end\n"
"  if type(v) == 'string' then\n"
"    local q = (v:find(\"'\", 1, true) and not v:find('\"', 1, true)) and '\"' or \"'\"\n"
"    return q .. v:gsub('[%c\\\\' .. q .. ']', function(c)\n"
"      local named = { ['\\n'] = '\\\\n', ['\\t'] = '\\\\t', ['\\r'] = '\\\\r', ['\\\\'] = '\\\\\\\\' }\n"
"      if named[c] then return named[c] end\n"
"      if c == q then return '\\\\' .. c end\n"
"      return ('\\\\x%02x'):format(c:byte())\n"
"    end) .. q\n"
"  end\n"
"  if type(v) == 'number' then\n"
"    if math.type(v) == 'integer' then return ('%d'):format(v) end\n"
"    if v ~= v then return 'nan' elseif v == math.huge then return 'inf' elseif v == -math.huge then return '-inf' end\n"
"    if v == 0 then return 1 / v < 0 and '-0.0' or '0.0' end\n"
"    -- repr(): the fewest digits that read back, exponent outside 1e-4..1e16\n"
"    local p = 17\n"
"    for i = 1, 17 do if tonumber(('%.' .. i .. 'g'):format(v)) == v then p = i; break end end\n"
"    local m, e = ('%.' .. (p - 1) .. 'e'):format(v):match('^(.-)e([-+]%d+)$')\n"
"    e = tonumber(e)\n"
"    if e >= -4 and e < 16 then return ('%.' .. math.max(1, p - 1 - e) .. 'f'):format(v) end\n"
"    return m .. 'e' .. (e < 0 and '-' or '+') .. ('%02d'):format(math.abs(e))\n"
"  end\n"
"  if type(v) ~= 'table' then return tostring(v) end\n"
"  if depth > 3 then return '[...]' end\n"
"  local parts, n = {}, rawlen(v)\n"
"  for i = 1, n do parts[#parts+1] = pyshow(rawget(v, i), depth + 1) end\n"
"  local keys = {}\n"
"  for k in next, v do if not (math.type(k) == 'integer' and k >= 1 and k <= n) then keys[#keys+1] = k end end\n"
"  if #keys == 0 then return '[' .. table.concat(parts, ', ') .. ']' end\n"
"  table.sort(keys, function(x, y) return tostring(x) < tostring(y) end)\n"
"  for _, k in ipairs(keys) do parts[#parts+1] = pyshow(k, depth + 1) .. ': ' .. pyshow(rawget(v, k), depth + 1) end\n"
"  return '{' .. table.concat(parts, ', ') .. '}'\n"
"end\n"
"local function show(v, depth)\n"
"  depth = depth or 0\n"
"  if PY then return pyshow(v, depth) end\n"
"  if type(v) == 'string' then return ('%q'):format(v) end\n"
"  if type(v) ~= 'table' then return tostring(v) end\n"
"  if depth > 3 then return '{...}' end\n"
"  local parts, n = {}, rawlen(v)\n"
"  for i = 1, n do parts[#parts+1] = show(rawget(v, i), depth + 1) end\n"
"  local keys = {}\n"
"  for k in next, v do if not (math.type(k) == 'integer' and k >= 1 and k <= n) then keys[#keys+1] = k end end\n"
"  table.sort(keys, function(x, y) return tostring(x) < tostring(y) end)\n"
"  for _, k in ipairs(keys) do parts[#parts+1] = tostring(k) .. '=' .. show(rawget(v, k), depth + 1) end\n"
"  return '{' .. table.concat(parts, ', ') .. '}'\n"
"end\n"
"check._deep_eq, check._show = deep_eq, show\n"
"-- for checks.lua: the value in the student's language, and the switch\n"
"-- the C side flips before each check (checklib_run_one)\n"
"check.show = show\n"
"function check._lang(run) PY = type(run) == 'table' and run.python ~= nil end\n"
"-- Lua exercises: spec.call = 'fname' (with spec.args) grades the run of\n"
"-- run.module.fname(...) through run.exec instead of loading the module.\n"
"local function target(run, spec)\n"
"  if spec.call == nil then return run end\n"
"  local m = run.module\n"
"  if not run.exec or type(m) ~= 'table' or type(m[spec.call]) ~= 'function' then\n"
"    return nil, 'The module has no function `' .. tostring(spec.call) .. '`.'\n"
"  end\n"
"  return run.exec(m[spec.call], table.unpack(spec.args or {}))\n"
"end\n"
"\n"
"function check.out(spec)\n"
"  return mk('check.out', spec, function(run)\n"
"    local why\n"
"    run, why = target(run, spec)\n"
"    if not run then return false, why end\n"
"    local got, want = norm(run.out), norm(spec.expect)\n"
"    if got == want then return true end\n"
"    local g, w = lines(got), lines(want)\n"
"    for i = 1, math.max(#g, #w) do\n"
"      if g[i] ~= w[i] then\n"
"        local detail = ('line %d: expected %q, got %s'):format(i, w[i] or '(no more lines)',\n"
"          g[i] and ('%q'):format(g[i]) or '(no more lines)')\n"
"        return fail(spec, 'The output is not what was expected.', { measured = g[i] or '' }, detail)\n"
"      end\n"
"    end\n"
"    return false, spec.message or 'output differs'\n"
"  end)\n"
"end\n"
"\n"
"function check.vtime(spec)\n"
"  local lo, hi, want = bounds(spec, 'check.vtime')\n"
"  return mk('check.vtime', spec, function(run)\n"
"    local r, why = target(run, spec)\n"
"    if not r then return false, why end\n"
"    local v = r.vtime\n"
"    if type(v) ~= 'number' then return false, 'the run did not report a virtual time', '' end\n"
"    local m = num(v)\n"
"    if within(v, lo, hi) then return true, '', m end\n"
"    return fail(spec, 'The run took {measured} virtual seconds; expected {expected}.',\n"
"                { measured = m, expected = want })\n"
"  end)\n"
"end\n"
"\n"
"-- Peak number of lab operations in flight at once (io_begin/io_end events).\n"
"local function peak(events, tag)\n"
"  local cur, best = 0, 0\n"
"  for _, e in ipairs(events or {}) do\n"
"    if (e.ev == 'io_begin' or e.ev == 'io_end') and (tag == nil or e.what == tag) then\n"
"      cur = cur + (e.ev == 'io_begin' and 1 or -1)\n"
"      if cur > best then best = cur end\n"
"    end\n"
"  end\n"
"  return best\n"
"end\n"
"check._peak = peak\n"
"\n"
"function check.maxconc(spec)\n"
"  local lo, hi, want = bounds(spec, 'check.maxconc')\n"
"  return mk('check.maxconc', spec, function(run)\n"
"    local r, why = target(run, spec)\n"
"    if not r then return false, why end\n"
"    local p = peak(r.events, spec.tag)\n"
"    if within(p, lo, hi) then return true, '', tostring(p) end\n"
"    local tagtxt = spec.tag and (\"'\" .. spec.tag .. \"' \") or ''\n"
"    local why = (hi and p > hi) and ' Too many at once: limit them (an asyncio.Semaphore, or a fixed number of workers).'\n"
"      or ' Too few at once: start them all before waiting (gather, create_task or a TaskGroup).'\n"
"    return fail(spec, 'At most {measured} ' .. tagtxt .. 'operations were in flight at once; expected {expected}.' .. why,\n"
"                { measured = p, expected = want, tag = spec.tag or '' })\n"
"  end)\n"
"end\n"
"\n"
"-- One trace event or output line against one expected item.\n"
"local function ev_match(item, e)\n"
"  if type(item) == 'table' then\n"
"    return (item.ev == nil or item.ev == e.ev) and (item.name == nil or item.name == e.name)\n"
"       and (item.what == nil or item.what == e.what)\n"
"  end\n"
"  local ev, name = tostring(item):match('^(%S+)%s+(.*)$')\n"
"  if ev == nil then return e.ev == item end\n"
"  return e.ev == ev and e.name == name\n"
"end\n"
"local function item_text(item)\n"
"  if type(item) == 'table' then return show(item) end\n"
"  return ('%q'):format(tostring(item))\n"
"end\n"
"\n"
"function check.order(spec)\n"
"  if type(spec) == 'table' and type(spec.expect) ~= 'table' then error(\"check.order: 'expect' must be a list\", 2) end\n"
"  return mk('check.order', spec, function(run)\n"
"    local why\n"
"    run, why = target(run, spec)\n"
"    if not run then return false, why end\n"
"    local seq, match = {}, nil\n"
"    if spec.source == 'events' then\n"
"      for _, e in ipairs(run.events or {}) do\n"
"        if e.ev ~= 'ready' and e.ev ~= 'run' and e.ev ~= 'suspend' then seq[#seq+1] = e end\n"
"      end\n"
"      match = ev_match\n"
"    else\n"
"      for _, l in ipairs(lines(norm(run.out))) do seq[#seq+1] = l end\n"
"      match = function(item, l)\n"
"        if spec.pattern then return tostring(l):find(item) ~= nil end\n"
"        return norm(l) == norm(item)\n"
"      end\n"
"    end\n"
"    local k = 1\n"
"    for _, x in ipairs(seq) do\n"
"      if k <= #spec.expect and match(spec.expect[k], x) then k = k + 1 end\n"
"    end\n"
"    local got = {}\n"
"    if spec.source ~= 'events' then\n"
"      for i = 1, math.min(#seq, 8) do got[#got+1] = ('%q'):format(seq[i]) end\n"
"    end\n"
"    if k > #spec.expect then\n"
"      if spec.exact and spec.source ~= 'events' and #seq ~= #spec.expect then\n"
"        return fail(spec, 'Expected exactly these {expected} lines in this order; got {measured}.',\n"
"                    { measured = #seq, expected = #spec.expect })\n"
"      end\n"
"      return true, '', tostring(#spec.expect)\n"
"    end\n"
"    local prev = k > 1 and (' after ' .. item_text(spec.expect[k - 1])) or ''\n"
"    return fail(spec, 'Expected {item}{after}, in this order: it never came.',\n"
"                { item = item_text(spec.expect[k]), after = prev, measured = (k - 1) .. '/' .. #spec.expect },\n"
"                #got > 0 and ('got: ' .. table.concat(got, ', ') .. (#seq > 8 and ', ...' or '')) or nil)\n"
"  end)\n"
"end\n"
"\n"
"function check.noblock(spec)\n"
"  return behaviour('check.noblock', spec, function(run)\n"
"    local why\n"
"    run, why = target(run, spec)\n"
"    if not run then return false, why end\n"
"    local b = run.blocking or {}\n"
"    local lint = {}\n"
"    for _, f in ipairs(run.lint or {}) do if f.rule == 'LL001' then lint[#lint+1] = f end end\n"
"    if #b == 0 and #lint == 0 then return true, '', '0' end\n"
"    local parts = {}\n"
"    for i = 1, math.min(#b, 3) do\n"
"      parts[#parts+1] = ('  %s in task %q at %s s (virtual)'):format(b[i].what or '?', b[i].task or '?', num(b[i].t or 0))\n"
"    end\n"
"    for i = 1, math.min(#lint, 3) do\n"
"      parts[#parts+1] = ('  line %d: %s'):format(lint[i].line or 0, lint[i].problem or '')\n"
"    end\n"
"    return fail(spec, 'A blocking call stalled the event loop.', { measured = #b + #lint },\n"
"                table.concat(parts, '\\n'))\n"
"  end)\n"
"end\n"
"\n"
"function check.noerror(spec)\n"
"  return behaviour('check.noerror', spec, function(run)\n"
"    if run.error == nil then return true end\n"
"    return false, (spec.message or 'The program ended with an error:') .. '\\n' .. tostring(run.error)\n"
"  end)\n"
"end\n"
"\n"
"local LEAK = { 'never awaited', 'never retrieved', 'destroyed but it is pending', 'nclosed', 'ResourceWarning' }\n"
"local function leaks(run)\n"
"  local found = {}\n"
"  for _, n in ipairs(run.tasks_pending or {}) do found[#found+1] = 'task still pending at the end: ' .. n end\n"
"  for _, w in ipairs(run.warnings or {}) do\n"
"    for _, pat in ipairs(LEAK) do\n"
"      if tostring(w):find(pat, 1, true) then found[#found+1] = tostring(w); break end\n"
"    end\n"
"  end\n"
"  return found\n"
"end\n"
"\n"
"function check.noleak(spec)\n"
"  return behaviour('check.noleak', spec, function(run)\n"
"    local found = leaks(run)\n"
"    if #found == 0 then return true, '', '0' end\n"
"    local parts = {}\n"
"    for i = 1, math.min(#found, 5) do parts[#parts+1] = '  ' .. found[i] end\n"
"    return fail(spec, 'The program left things behind: await every task you create, and close what you open.',\n"
"                { measured = #found }, table.concat(parts, '\\n'))\n"
"  end)\n"
"end\n"
"\n"
"function check.cancel_ok(spec)\n"
"  if type(spec) == 'table' and type(spec.at) ~= 'number' then error(\"check.cancel_ok: 'at' (virtual seconds) is required\", 2) end\n"
"  return behaviour('check.cancel_ok', spec, function(run)\n"
"    local r\n"
"    if run.again then\n"
"      r = run.again { cancel_at = spec.at }\n"
"    elseif run.exec and run.module then\n"
"      local f = type(spec.call) == 'string' and run.module[spec.call]\n"
"      if type(f) ~= 'function' then return false, 'The module has no function `' .. tostring(spec.call) .. '`.' end\n"
"      r = run.exec(function()\n"
"        local t = aio.create_task(f, table.unpack(spec.args or {}))\n"
"        aio.sleep(spec.at)\n"
"        t:cancel()\n"
"        aio.gather({ t }, { return_exceptions = true })\n"
"        return t:cancelled() and 'cancel' or 'done'\n"
"      end)\n"
"      r.main_end = r.value\n"
"    else\n"
"      return false, 'check.cancel_ok cannot re-run this exercise'\n"
"    end\n"
"    local want = spec.absorb and 'done' or 'cancel'\n"
"    local ends = { cancel = 'ended cancelled', done = 'finished normally', error = 'ended with an error' }\n"
"    if r.main_end ~= want then\n"
"      return fail(spec, 'Cancelled at t={at} s, the program {measured}; it should have ' .. (spec.absorb\n"
"          and 'absorbed the cancellation and finished normally.' or 'ended cancelled: re-raise CancelledError after cleaning up.'),\n"
"        { at = num(spec.at), measured = ends[r.main_end] or ('ended early (' .. tostring(r.main_end or r.status) .. ')') })\n"
"    end\n"
"    if spec.cleanup and not tostring(r.out or ''):find(spec.cleanup, 1, true) then\n"
"      return fail(spec, 'Cancelled at t={at} s, the clean-up did not run: {cleanup} was never printed. Clean up in a `finally` (or `except CancelledError:` then `raise`).',\n"
"        { at = num(spec.at), cleanup = ('%q'):format(spec.cleanup), measured = 'no cleanup' })\n"
"    end\n"
"    local found = leaks(r)\n"
"    if #found > 0 then\n"
"      return fail(spec, 'Cancelled at t={at} s, the program left things pending: cancel and await the tasks it started.',\n"
"        { at = num(spec.at), measured = #found }, '  ' .. found[1])\n"
"    end\n"
"    return true, '', ends[want]\n"
"  end)\n"
"end\n"
"\n"
"function check.lint(spec)\n"
"  if type(spec) == 'string' then spec = { rule = spec } end\n"
"  local rules = type(spec.rule) == 'table' and spec.rule or { spec.rule }\n"
"  if spec.name == nil and spec.rule ~= nil then spec.name = 'no ' .. table.concat(rules, ', ') end\n"
"  return behaviour('check.lint', spec, function(run)\n"
"    if run.lint == nil then return true, '', 'n/a' end\n"
"    local want = {}\n"
"    for _, r in ipairs(rules) do want[r] = true end\n"
"    local hits = {}\n"
"    for _, f in ipairs(run.lint) do\n"
"      if want[f.rule] or want[f.slug] then hits[#hits+1] = f end\n"
"    end\n"
"    if #hits == 0 then return true, '', '0' end\n"
"    local parts = {}\n"
"    for i = 1, math.min(#hits, 5) do\n"
"      local f = hits[i]\n"
"      parts[#parts+1] = ('  line %d:%d %s: %s\\n    fix: %s'):format(f.line or 0, f.col or 0, f.rule or '?', f.problem or '', f.fix or '')\n"
"    end\n"
"    return fail(spec, 'The review found an async anti-pattern ({measured}):', { measured = #hits }, table.concat(parts, '\\n'))\n"
"  end)\n"
"end\n"
"\n"
"function check.result(spec)\n"
"  if type(spec) == 'table' and spec.expect == nil then error(\"check.result: 'expect' is required\", 2) end\n"
"  return mk('check.result', spec, function(run)\n"
"    local got, label\n"
"    if spec.call ~= nil then\n"
"      local m = run.module\n"
"      if type(m) ~= 'table' or type(m[spec.call]) ~= 'function' then\n"
"        return false, 'The module has no function `' .. tostring(spec.call) .. '`.'\n"
"      end\n"
"      local r = run.exec(m[spec.call], table.unpack(spec.args or {}))\n"
"      if not r.ok then return false, spec.call .. ' raised an error: ' .. tostring(r.error), 'error' end\n"
"      got, label = r.value, spec.call .. '(...)'\n"
"    else\n"
"      if run.main_end ~= 'done' then\n"
"        local how = { cancel = 'it was cancelled', error = 'it raised an exception' }\n"
"        return false, ((type(run.scenario) == 'table' and run.scenario.call or 'main') .. '()') .. ' did not return a value (' .. (how[run.main_end] or 'it never finished') .. ').', ''\n"
"      end\n"
"      got, label = run.result, (type(run.scenario) == 'table' and run.scenario.call or 'main') .. '()'\n"
"    end\n"
"    if deep_eq(got, spec.expect) then return true, '', show(got) end\n"
"    return fail(spec, '{label} returned {measured}; expected {expected}.',\n"
"                { label = label, measured = show(got), expected = show(spec.expect) })\n"
"  end)\n"
"end\n"
"\n"
"local function counts_check(kind, field, spec, fields, noun)\n"
"  return mk(kind, spec, function(run)\n"
"    local t = run[field]\n"
"    if type(t) ~= 'table' then return false, 'the run did not report ' .. noun .. ' counts', '' end\n"
"    for _, f in ipairs(fields) do\n"
"      local key, lbl = f[1], f[2]\n"
"      local v = t[key] or 0\n"
"      local lo, hi = spec[f[3]], spec[f[4]]\n"
"      if not within(v, lo, hi) then\n"
"        local want = lo and hi and lo == hi and ('exactly ' .. lo) or lo and ('at least ' .. lo) or ('at most ' .. hi)\n"
"        return fail(spec, lbl .. ': {measured}; expected {expected}.', { measured = v, expected = want })\n"
"      end\n"
"    end\n"
"    if spec.leftover ~= false then\n"
"      local left = t.leftover or t.alive_end or 0\n"
"      if left > 0 then\n"
"        return fail(spec, '{measured} ' .. noun .. ' still running when the program ended: join (or shut down) what you start.',\n"
"                    { measured = left })\n"
"      end\n"
"    end\n"
"    return true, '', tostring(t.started or 0)\n"
"  end)\n"
"end\n"
"\n"
"function check.threads_ok(spec)\n"
"  return counts_check('check.threads_ok', 'threads', spec, {\n"
"    { 'started', 'threads started', 'min', 'max' },\n"
"    { 'peak', 'threads alive at once', 'peak_min', 'peak_max' },\n"
"    { 'workers', 'distinct pool worker threads', 'workers_min', 'workers_max' },\n"
"  }, 'threads')\n"
"end\n"
"\n"
"function check.procs_ok(spec)\n"
"  return counts_check('check.procs_ok', 'procs', spec, {\n"
"    { 'started', 'processes started', 'min', 'max' },\n"
"    { 'pids', 'distinct process ids', 'pids_min', 'pids_max' },\n"
"  }, 'processes')\n"
"end\n"
"\n"
"-- {=========== scenarios (docs/authoring.md 6.5) ===========}\n"
"function check.same(spec)\n"
"  local what = type(spec) == 'table' and spec.what or nil\n"
"  what = type(what) == 'table' and what or { what or 'result' }\n"
"  for _, w in ipairs(what) do\n"
"    if w ~= 'result' and w ~= 'out' and w ~= 'vtime' then\n"
"      error(\"check.same: 'what' must be 'result', 'out' or 'vtime' (or a list of them)\", 2)\n"
"    end\n"
"  end\n"
"  return mk('check.same', spec, function(run)\n"
"    if type(run.reference) ~= 'function' then error('check.same: no reference solution to compare with') end\n"
"    local ref = run.reference()\n"
"    if ref.error ~= nil then\n"
"      error('check.same: the reference solution itself failed in this scenario: ' .. tostring(ref.error))\n"
"    end\n"
"    for _, w in ipairs(what) do\n"
"      if w == 'result' then\n"
"        if run.main_end ~= 'done' then\n"
"          return false, 'main() did not return a value (it ' .. tostring(run.main_end ~= '' and run.main_end or 'never finished') .. ').', ''\n"
"        end\n"
"        if not deep_eq(run.result, ref.result) then\n"
"          return fail(spec, 'Returned {measured}; the right answer here is {expected}.',\n"
"                      { measured = show(run.result), expected = show(ref.result) })\n"
"        end\n"
"      elseif w == 'out' then\n"
"        local g, w2 = lines(norm(run.out)), lines(norm(ref.out))\n"
"        for i = 1, math.max(#g, #w2) do\n"
"          if g[i] ~= w2[i] then\n"
"            return fail(spec, 'The output is not the right one here.', { measured = g[i] or '' },\n"
"              ('line %d: expected %q, got %s'):format(i, w2[i] or '(no more lines)',\n"
"                g[i] and ('%q'):format(g[i]) or '(no more lines)'))\n"
"          end\n"
"        end\n"
"      else\n"
"        if type(run.vtime) ~= 'number' or math.abs(run.vtime - (ref.vtime or -1)) > 1e-6 then\n"
"          return fail(spec, 'Took {measured} virtual seconds; the right program takes {expected}.',\n"
"                      { measured = num(run.vtime), expected = num(ref.vtime) })\n"
"        end\n"
"      end\n"
"    end\n"
"    return true, '', ''\n"
"  end)\n"
"end\n"
"\n"
"local BEHAVIOUR = { ['check.noblock'] = true, ['check.noerror'] = true, ['check.lint'] = true,\n"
"                    ['check.noleak'] = true, ['check.cancel_ok'] = true }\n"
"-- Any field but fn given as a function is a function of the scenario:\n"
"-- the check is built again for each scenario with the values it gives.\n"
"local function lazy(kind, ctor)\n"
"  return function(spec)\n"
"    if type(spec) ~= 'table' then return ctor(spec) end\n"
"    local dyn = false\n"
"    for k, v in next, spec do\n"
"      if type(v) == 'function' and k ~= 'fn' then dyn = true break end\n"
"    end\n"
"    local c\n"
"    if not dyn then\n"
"      c = ctor(spec)\n"
"    else\n"
"      c = mk(kind, spec, function(run)\n"
"        local s = {}\n"
"        for k, v in next, spec do\n"
"          if type(v) == 'function' and k ~= 'fn' then s[k] = v(run.scenario or {}) else s[k] = v end\n"
"        end\n"
"        return ctor(s).fn(run)\n"
"      end)\n"
"      if type(c.message) == 'function' then c.message = nil end\n"
"      c.behaviour = BEHAVIOUR[kind]\n"
"    end\n"
"    c.scenarios = spec.scenarios\n"
"    return c\n"
"  end\n"
"end\n"
"for _, k in ipairs { 'out', 'vtime', 'maxconc', 'order', 'noblock', 'noerror', 'noleak',\n"
"                     'cancel_ok', 'lint', 'result', 'threads_ok', 'procs_ok', 'same' } do\n"
"  check[k] = lazy('check.' .. k, check[k])\n"
"end\n"
"\n"
"-- Run check c over the run's scenarios (or the one run). Returns ok,\n"
"-- message, measured, and the index of the scenario that failed.\n"
"function check._over(c, run)\n"
"  local runs = run.runs\n"
"  if runs == nil then return c.fn(run) end\n"
"  local set, want = nil, c.scenarios\n"
"  if want ~= nil then\n"
"    set = {}\n"
"    for _, n in ipairs(type(want) == 'table' and want or { want }) do set[n] = true end\n"
"  end\n"
"  local measured, any = '', false\n"
"  for i, r in ipairs(runs) do\n"
"    local sc = r.scenario\n"
"    -- the lint findings are the file's, read once with the first run\n"
"    local lint_once = c.kind == 'check.lint' and set == nil and i > 1\n"
"    if not lint_once and (set == nil or set[sc.name] or set[sc.group]) then\n"
"      any = true\n"
"      local ok, msg, m = c.fn(r)\n"
"      if not ok then\n"
"        if msg == nil or msg == '' then msg = c.message or 'failed' end\n"
"        local head = ('In %q'):format(sc.name)\n"
"        if sc.generated then head = head .. (' (scenario seed %d)'):format(sc.seed) end\n"
"        if #runs == 1 then head = '' else head = head .. ': ' end\n"
"        local tail = ''\n"
"        if sc.generated then\n"
"          tail = ('\\n(replay it: looplab check %s --seed %d)'):format(tostring(run.exercise or 'ID'), sc.seed)\n"
"        end\n"
"        return false, head .. tostring(msg) .. tail, m, i\n"
"      end\n"
"      measured = m\n"
"    end\n"
"  end\n"
"  if not any then\n"
"    error(('check %q: scenarios names none of the scenarios'):format(tostring(c.name)))\n"
"  end\n"
"  return true, '', measured\n"
"end\n"
"\n"
"-- A small deterministic generator for make(rng): xorshift64.\n"
"function check._rng(seed)\n"
"  local s = (math.tointeger(seed) or 1) ~ 0x2545F4914F6CDD1D\n"
"  if s == 0 then s = 1 end\n"
"  local function nxt()\n"
"    s = s ~ (s << 13); s = s ~ (s >> 7); s = s ~ (s << 17)\n"
"    return s\n"
"  end\n"
"  for _ = 1, 8 do nxt() end\n"
"  local r = {}\n"
"  function r:int(a, b)\n"
"    if type(a) ~= 'number' or type(b) ~= 'number' or b < a then error('rng:int(a, b) needs numbers a <= b', 2) end\n"
"    a, b = math.floor(a), math.floor(b)\n"
"    return a + (nxt() >> 1) % (b - a + 1)\n"
"  end\n"
"  function r:float(a, b, d)\n"
"    if type(a) ~= 'number' or type(b) ~= 'number' then error('rng:float(a, b) needs numbers', 2) end\n"
"    local v = a + (b - a) * ((nxt() >> 11) / 9007199254740992.0)\n"
"    if d then local m = 10.0 ^ d; v = math.floor(v * m + 0.5) / m end\n"
"    return v\n"
"  end\n"
"  function r:pick(t) return t[self:int(1, #t)] end\n"
"  function r:shuffle(t)\n"
"    for i = #t, 2, -1 do local j = self:int(1, i); t[i], t[j] = t[j], t[i] end\n"
"    return t\n"
"  end\n"
"  return r\n"
"end\n"
"\n"
"-- checks.lua's scenarios, validated and expanded into plain tables\n"
"-- (generated groups drawn from seeds 1..count, or only from `replay`).\n"
"local SC_FIELDS = { name = true, call = true, args = true, kwargs = true, set = true, lab = true,\n"
"                    cancel_at = true, seed = true, data = true, count = true, make = true,\n"
"                    threads = true }\n"
"function check._expand(list, replay)\n"
"  if type(list) ~= 'table' then error('scenarios must be a list of tables', 0) end\n"
"  local out, seen = {}, {}\n"
"  local function add(sc, where)\n"
"    if type(sc.call) ~= 'nil' and (type(sc.call) ~= 'string' or not sc.call:match('^[%a_][%w_]*$')) then\n"
"      error(where .. ': call must be a function name', 0)\n"
"    end\n"
"    for _, k in ipairs { 'args', 'kwargs', 'set', 'lab' } do\n"
"      if sc[k] ~= nil and type(sc[k]) ~= 'table' then error(where .. ': ' .. k .. ' must be a table', 0) end\n"
"    end\n"
"    if sc.cancel_at ~= nil and (type(sc.cancel_at) ~= 'number' or sc.cancel_at < 0) then\n"
"      error(where .. ': cancel_at must be a number >= 0', 0)\n"
"    end\n"
"    if sc.threads ~= nil and not ({ off = 1, on = 1, lines = 1, ops = 1, auto = 1 })[sc.threads] then\n"
"      error(where .. ': threads must be \"on\", \"lines\", \"ops\", \"off\" or \"auto\"', 0)\n"
"    end\n"
"    if sc.seed ~= nil and (math.type(sc.seed) ~= 'integer' or sc.seed < 0) then\n"
"      error(where .. ': seed must be a whole number >= 0', 0)\n"
"    end\n"
"    out[#out + 1] = sc\n"
"    sc.index = #out\n"
"  end\n"
"  for i, sc in ipairs(list) do\n"
"    local where = ('scenario %d'):format(i)\n"
"    if type(sc) ~= 'table' then error(where .. ' is not a table', 0) end\n"
"    if type(sc.name) ~= 'string' or sc.name == '' then error(where .. ': name is required', 0) end\n"
"    where = where .. (' (%q)'):format(sc.name)\n"
"    if seen[sc.name] then error(where .. ': two scenarios have this name', 0) end\n"
"    seen[sc.name] = true\n"
"    for k in next, sc do\n"
"      if not SC_FIELDS[k] then error(where .. (': unknown field %q'):format(tostring(k)), 0) end\n"
"    end\n"
"    if sc.count ~= nil or sc.make ~= nil then\n"
"      if math.type(sc.count) ~= 'integer' or sc.count < 1 or sc.count > 50 then\n"
"        error(where .. ': count must be a whole number from 1 to 50', 0)\n"
"      end\n"
"      if type(sc.make) ~= 'function' then error(where .. ': make must be a function(rng)', 0) end\n"
"      local first, last = 1, sc.count\n"
"      if replay and replay > 0 then first, last = replay, replay end\n"
"      for seed = first, last do\n"
"        local g = sc.make(check._rng(seed))\n"
"        if type(g) ~= 'table' then error(where .. ': make must return a table', 0) end\n"
"        if g.name ~= nil or g.count ~= nil or g.make ~= nil then\n"
"          error(where .. ': make returns the fields of one scenario, without name, count or make', 0)\n"
"        end\n"
"        for k in next, g do\n"
"          if not SC_FIELDS[k] then error(where .. (': make returned an unknown field %q'):format(tostring(k)), 0) end\n"
"        end\n"
"        g.name = ('%s #%d'):format(sc.name, seed)\n"
"        g.group, g.generated, g.seed = sc.name, true, seed\n"
"        add(g, where)\n"
"      end\n"
"    else\n"
"      add({ name = sc.name, call = sc.call, args = sc.args, kwargs = sc.kwargs, set = sc.set,\n"
"            lab = sc.lab, cancel_at = sc.cancel_at, seed = sc.seed, data = sc.data,\n"
"            threads = sc.threads }, where)\n"
"    end\n"
"  end\n"
"  if #out == 0 then error('scenarios is empty', 0) end\n"
"  return out\n"
"end\n"
"return check\n";

/* The output normaliser, in C because the gsub chain it replaces
 * ('\r\n' -> '\n', '[ \t]+\n' -> '\n', '%s+$' -> '') was quadratic on a
 * long run of blanks not followed by a newline: every start position of
 * the run rescanned it (1 MB of spaces kept `check` busy for hours). Same
 * result, one pass each: \r\n pairs left to right, blank runs dropped when
 * a newline ends them, then trailing isspace() trimmed. */
size_t
ll_checklib_norm(char *s, size_t n)
{
    size_t i, o = 0, run;

    for (i = 0; i < n; i++) {              /* \r\n -> \n, in place */
        if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
            continue;
        s[o++] = s[i];
    }
    n = o;
    o = 0;
    for (i = 0; i < n; ) {
        if (s[i] != ' ' && s[i] != '\t') {
            s[o++] = s[i++];
            continue;
        }
        for (run = i; run < n && (s[run] == ' ' || s[run] == '\t'); run++)
            ;
        if (run < n && s[run] == '\n') {
            i = run;                       /* the newline is copied next */
            continue;
        }
        memmove(s + o, s + i, run - i);
        o += run - i;
        i = run;
    }
    while (o > 0 && (s[o - 1] == ' ' || (s[o - 1] >= '\t' && s[o - 1] <= '\r')))
        o--;
    return o;
}

static int
l_checklib_norm(lua_State *L)
{
    size_t n;
    const char *s = luaL_checklstring(L, 1, &n);
    luaL_Buffer b;
    char *p = luaL_buffinitsize(L, &b, n);
    memcpy(p, s, n);
    luaL_pushresultsize(&b, ll_checklib_norm(p, n));
    return 1;
}

/* Push the `check` table (compiled once per state, cached in the registry). */
static void
checklib_push(lua_State *L)
{
    if (lua_getfield(L, LUA_REGISTRYINDEX, "looplab.checklib") == LUA_TTABLE)
        return;
    lua_pop(L, 1);
    ll_lua_push_env(L);
    if (ll_lua_load_string(L, checklib_src, "=checklib", -1, NULL) != LL_OK)
        ll_panic("the built-in check library does not load");
    lua_pushcfunction(L, l_checklib_norm);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK)
        ll_panic("the built-in check library does not load");
    lua_remove(L, -2);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, "looplab.checklib");
}

void
ll_checklib_preload(lua_State *L)
{
    checklib_push(L);
    lua_pop(L, 1);
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

/* Message handler of a check's call: notes in the registry whether the
 * error arose in the instructor's code (checks.lua or the built-ins: its
 * innermost Lua function's source) or elsewhere (the student's module),
 * then adds the traceback as ll_lua_pcall's handler does. */
static int
checklib_msgh(lua_State *L)
{
    lua_Debug ar;
    const char *msg;
    int level;

    lua_pushnil(L);
    for (level = 1; lua_getstack(L, level, &ar); level++) {
        lua_getinfo(L, "Sl", &ar);
        if (strcmp(ar.what, "Lua") != 0 && strcmp(ar.what, "main") != 0)
            continue;
        lua_getfield(L, LUA_REGISTRYINDEX, "looplab.checks_chunk");
        if (strcmp(ar.source, "=checklib") == 0 ||
            (lua_isstring(L, -1) && strcmp(ar.source, lua_tostring(L, -1)) == 0)) {
            lua_pop(L, 2);
            lua_pushfstring(L, "%s:%d", ar.source[0] == '@' ? ar.source + 1
                                        : ar.source, ar.currentline);
        } else {
            lua_pop(L, 1);
        }
        break;
    }
    lua_setfield(L, LUA_REGISTRYINDEX, "looplab.blame");
    msg = lua_tostring(L, 1);
    if (msg == NULL)
        msg = lua_pushfstring(L, "(error object is a %s value)",
                              luaL_typename(L, 1));
    luaL_traceback(L, L, msg, 1);
    return 1;
}

/* Values in the student's language for this run (check._lang): a
 * Python run's messages say None and [1, 2], never nil or {1, 2}. */
static void
checklib_lang(lua_State *L, int run_idx)
{
    checklib_push(L);
    lua_getfield(L, -1, "_lang");
    lua_pushvalue(L, run_idx);
    if (lua_pcall(L, 1, 0, 0) != LUA_OK)
        lua_pop(L, 1);
    lua_pop(L, 1);
}

/* The record's `hint = N` (the exercise hint that helps when it fails),
 * or 0. dev lint checks N against the exercise's hints. */
static int
checklib_hint(lua_State *L, int idx)
{
    lua_Integer h = 0;
    if (lua_getfield(L, idx, "hint") == LUA_TNUMBER && lua_isinteger(L, -1))
        h = lua_tointeger(L, -1);
    lua_pop(L, 1);
    return h > 0 && h < 1000 ? (int)h : 0;
}

/* Run one check record (at idx) and append its result. A check that
 * raises in the student's code fails; one that raises in checks.lua is the
 * instructor's bug: LL_ESYNTAX with *err naming the check and its line. */
static int
checklib_run_one(lua_State *L, int idx, int run_idx, ll_result *r, char **perr)
{
    char *name, *msg = NULL, *measured = NULL, *err = NULL;
    double points;
    bool hidden, ok = false;
    int rc, st;

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
    /* check._over(c, run): once per scenario the check applies to */
    lua_pop(L, 1);
    checklib_lang(L, run_idx);
    checklib_push(L);
    lua_getfield(L, -1, "_over");
    lua_remove(L, -2);
    lua_pushvalue(L, idx);
    lua_pushvalue(L, run_idx);
    lua_pushcfunction(L, checklib_msgh);
    lua_insert(L, -4);
    lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, "looplab.blame");
    ll_lua_set_budget(L, CHECK_BUDGET);
    ll_lua_set_deadline(L, CHECK_WALL_S);
    st = lua_pcall(L, 2, 4, -4);
    ll_lua_set_budget(L, 0);
    lua_remove(L, st == LUA_OK ? -5 : -2);
    if (st == LUA_OK) {
        /* the first scenario a check failed in: its trace is the one kept */
        if (lua_isinteger(L, -1)) {
            if (lua_getfield(L, LUA_REGISTRYINDEX, "looplab.failrun") == LUA_TNIL) {
                lua_pop(L, 1);
                lua_pushvalue(L, -1);
                lua_setfield(L, LUA_REGISTRYINDEX, "looplab.failrun");
            } else {
                lua_pop(L, 1);
            }
        }
        lua_pop(L, 1);
    }
    rc = st == LUA_OK ? LL_OK : ll_lua_ctx_of(L)->killed ? LL_ELIMIT
       : st == LUA_ERRMEM ? LL_ENOMEM : LL_ERUNTIME;
    if (rc != LL_OK) {
        err = ll_lua_tostring(L, -1);
        lua_pop(L, 1);
    }
    if (rc == LL_ERUNTIME &&
        lua_getfield(L, LUA_REGISTRYINDEX, "looplab.blame") == LUA_TSTRING) {
        *perr = ll_asprintf("%s: check '%s' raised an error: %s",
                            lua_tostring(L, -1), name ? name : "?",
                            err ? err : "?");
        lua_pop(L, 1);
        ll_free(name);
        ll_free(err);
        return LL_ESYNTAX;
    }
    if (rc == LL_ERUNTIME)
        lua_pop(L, 1);
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
    if (rc == LL_OK)
        ll_result_set_hint(r, checklib_hint(L, idx));
    ll_free(name);
    ll_free(msg);
    ll_free(measured);
    ll_free(err);
    return rc;
}

static char *
checklib_read(const char *path, char **err)
{
    FILE *f = fopen(path, "rb");
    ll_buf b;
    char chunk[8192];
    size_t n;
    if (f == NULL) {
        *err = ll_asprintf("%s: cannot open", path);
        return NULL;
    }
    ll_buf_init(&b);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        ll_buf_add(&b, chunk, n);
    fclose(f);
    if (b.data == NULL)
        ll_buf_add(&b, "", 0);
    return ll_buf_take(&b);
}

int
ll_checklib_eval(lua_State *L, const char *path, int run_idx, ll_result *r,
                 char **err)
{
    char *src = checklib_read(path, err);
    int rc;
    if (src == NULL)
        return LL_ESYNTAX;
    rc = ll_checklib_eval_src(L, src, path, run_idx, r, err);
    ll_free(src);
    return rc;
}

/* Load and run the checks chunk; leaves its returned table on the stack. */
static int
checklib_load(lua_State *L, const char *src, const char *path, char **err)
{
    int env, rc;
    char *chunk = ll_asprintf("@%s", path);
    ll_lua_push_env(L);
    env = lua_gettop(L);
    checklib_push(L);
    lua_setfield(L, env, "check");
    rc = chunk ? ll_lua_load_string(L, src, chunk, env, err) : LL_ENOMEM;
    ll_free(chunk);
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
    lua_remove(L, -2);
    return LL_OK;
}

/* Lua value -> JSON (plain data only: the lab table). */
static json_t *
checklib_to_json(lua_State *L, int idx, int depth)
{
    json_t *o;
    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TBOOLEAN: return json_boolean(lua_toboolean(L, idx));
    case LUA_TNUMBER:
        return lua_isinteger(L, idx) ? json_integer(lua_tointeger(L, idx))
                                     : json_real(lua_tonumber(L, idx));
    case LUA_TSTRING: return json_string(lua_tostring(L, idx));
    case LUA_TTABLE:
        if (depth > 16)
            return NULL;
        if (lua_rawlen(L, idx) > 0) {
            lua_Integer i, n = (lua_Integer)lua_rawlen(L, idx);
            o = json_array();
            for (i = 1; i <= n; i++) {
                lua_rawgeti(L, idx, i);
                json_array_append_new(o, checklib_to_json(L, -1, depth + 1));
                lua_pop(L, 1);
            }
            return o;
        }
        o = json_object();
        lua_pushnil(L);
        while (lua_next(L, idx) != 0) {
            if (lua_type(L, -2) == LUA_TSTRING) {
                json_t *v = checklib_to_json(L, -1, depth + 1);
                if (v != NULL)
                    json_object_set_new(o, lua_tostring(L, -2), v);
            }
            lua_pop(L, 1);
        }
        return o;
    default:
        return NULL;
    }
}

/* checks.lua's scenarios, expanded by check._expand (generated groups
 * drawn now, from seeds 1..count or only `replay`), as a JSON array. */
static int
checklib_scenarios(lua_State *L, const char *path, uint64_t replay,
                   ll_checks_meta *m, char **err)
{
    int st;
    checklib_push(L);
    lua_getfield(L, -1, "_expand");
    lua_remove(L, -2);
    lua_pushvalue(L, -2);
    lua_pushinteger(L, (lua_Integer)(replay > (uint64_t)LUA_MAXINTEGER ? 0 : replay));
    lua_pushcfunction(L, checklib_msgh);
    lua_insert(L, -4);
    ll_lua_set_budget(L, CHECK_BUDGET);
    ll_lua_set_deadline(L, CHECK_WALL_S);
    st = lua_pcall(L, 2, 1, -4);
    ll_lua_set_budget(L, 0);
    lua_remove(L, -2);
    if (st != LUA_OK) {
        char *e = ll_lua_tostring(L, -1);
        char *nl = e ? strchr(e, '\n') : NULL;
        if (nl != NULL)
            *nl = '\0';                /* the message, not the traceback */
        *err = ll_asprintf("%s: scenarios: %s", path, e ? e : "?");
        ll_free(e);
        lua_pop(L, 1);
        return LL_ESYNTAX;
    }
    m->scenarios = checklib_to_json(L, -1, 0);
    lua_pop(L, 1);
    if (!json_is_array(m->scenarios)) {
        json_decref(m->scenarios);
        m->scenarios = NULL;
        *err = ll_asprintf("%s: scenarios: not plain data", path);
        return LL_ESYNTAX;
    }
    return LL_OK;
}

int
ll_checklib_meta(const char *path, uint64_t replay, ll_checks_meta *m,
                 char **err)
{
    ll_lua_ctx ctx;
    lua_State *L;
    char *src;
    int rc;

    memset(m, 0, sizeof *m);
    ll_result_init(&m->declared);
    src = checklib_read(path, err);
    if (src == NULL)
        return LL_ESYNTAX;
    ll_lua_ctx_init(&ctx, LL_CLOCK_VIRTUAL, 1, 0);
    ctx.mem_limit = 64u << 20;
    L = ll_lua_new(&ctx);
    if (L == NULL) {
        ll_free(src);
        return LL_ENOMEM;
    }
    rc = checklib_load(L, src, path, err);
    ll_free(src);
    if (rc != LL_OK)
        goto out;
    if (lua_getfield(L, -1, "seeds") == LUA_TTABLE) {
        lua_Integer i, n = (lua_Integer)lua_rawlen(L, -1);
        for (i = 1; i <= n && m->nseeds < LL_CHECKS_MAX_SEEDS; i++) {
            lua_rawgeti(L, -1, i);
            if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 0) {
                *err = ll_asprintf("%s: seeds must be a list of whole numbers "
                                   ">= 0 (item %lld is not)", path, (long long)i);
                rc = LL_ESYNTAX;
                goto out;
            }
            m->seeds[m->nseeds++] = (uint64_t)lua_tointeger(L, -1);
            lua_pop(L, 1);
        }
    } else if (!lua_isnil(L, -1)) {
        *err = ll_asprintf("%s: seeds must be a list like {0, 1, 2, 3}", path);
        rc = LL_ESYNTAX;
        goto out;
    }
    lua_pop(L, 1);
    if (lua_getfield(L, -1, "time_limit") != LUA_TNIL) {
        if (!lua_isnumber(L, -1) || lua_tonumber(L, -1) <= 0 ||
            lua_tonumber(L, -1) > 3600) {
            *err = ll_asprintf("%s: time_limit must be a number of seconds "
                               "(0 < time_limit <= 3600)", path);
            rc = LL_ESYNTAX;
            goto out;
        }
        m->time_limit = lua_tonumber(L, -1);
    }
    lua_pop(L, 1);
    {
        lua_Integer i, n = (lua_Integer)lua_rawlen(L, -1);
        for (i = 1; i <= n; i++) {
            if (lua_rawgeti(L, -1, i) == LUA_TTABLE) {
                char *name = checklib_field_str(L, -1, "name");
                double points;
                bool hidden;
                lua_getfield(L, -1, "points");
                points = lua_isnumber(L, -1) ? lua_tonumber(L, -1) : 1;
                lua_getfield(L, -2, "hidden");
                hidden = lua_toboolean(L, -1);
                lua_pop(L, 2);
                if (ll_result_add(&m->declared, name ? name : "?", points,
                                  false, hidden, "", "") == LL_OK)
                    ll_result_set_hint(&m->declared, checklib_hint(L, -1));
                ll_free(name);
            }
            lua_pop(L, 1);
        }
    }
    if (lua_getfield(L, -1, "threads") != LUA_TNIL) {
        const char *t = lua_tostring(L, -1);
        if (lua_type(L, -1) != LUA_TSTRING ||
            (strcmp(t, "off") != 0 && strcmp(t, "on") != 0 &&
             strcmp(t, "lines") != 0 && strcmp(t, "ops") != 0 &&
             strcmp(t, "auto") != 0)) {
            *err = ll_asprintf("%s: threads must be \"on\", \"lines\", "
                               "\"ops\", \"off\" or \"auto\"", path);
            rc = LL_ESYNTAX;
            goto out;
        }
        m->threads = ll_strdup(t);
    }
    lua_pop(L, 1);
    if (lua_getfield(L, -1, "lab") == LUA_TTABLE) {
        json_t *j = checklib_to_json(L, -1, 0);
        m->lab_json = j ? json_dumps(j, JSON_COMPACT) : NULL;
        json_decref(j);
    }
    lua_pop(L, 1);
    if (lua_getfield(L, -1, "scenarios") != LUA_TNIL)
        rc = checklib_scenarios(L, path, replay, m, err);
    lua_pop(L, 1);
out:
    ll_lua_close(L);
    if (rc != LL_OK)
        ll_checklib_meta_close(m);
    return rc;
}

void
ll_checklib_meta_close(ll_checks_meta *m)
{
    free(m->lab_json);           /* jansson's malloc */
    m->lab_json = NULL;
    ll_free(m->threads);
    m->threads = NULL;
    json_decref(m->scenarios);
    m->scenarios = NULL;
    m->nseeds = 0;
    ll_result_close(&m->declared);
    ll_result_init(&m->declared);
}

/* The behaviour checks (noblock, noerror, noleak, cancel_ok) describe a
 * program that did something: when none of the other checks passed (an
 * empty file, one that prints nothing the exercise asks), they are not
 * earned either. A file that does nothing scores 0. */
static void
checklib_unearned(ll_result *r, size_t first, const bool *behaviour)
{
    size_t i, others = 0, passed = 0;
    for (i = first; i < r->nchecks; i++)
        if (!behaviour[i - first]) {
            others++;
            passed += r->checks[i].passed;
        }
    if (others == 0 || passed > 0)
        return;
    for (i = first; i < r->nchecks; i++) {
        char *m;
        if (!behaviour[i - first] || !r->checks[i].passed)
            continue;
        m = ll_strdup("Not earned yet: none of the exercise's other checks "
                      "pass, so the program has not done what this check "
                      "describes.");
        if (m == NULL)
            continue;
        ll_free(r->checks[i].message);
        r->checks[i].message = m;
        r->checks[i].passed = false;
    }
}

int
ll_checklib_eval_src(lua_State *L, const char *src, const char *path,
                     int run_idx, ll_result *r, char **err)
{
    int list, rc;
    lua_Integer i, n;
    size_t first;
    bool *behaviour;

    run_idx = lua_absindex(L, run_idx);
    rc = checklib_load(L, src, path, err);
    if (rc != LL_OK)
        return rc;
    lua_pushfstring(L, "@%s", path);
    lua_setfield(L, LUA_REGISTRYINDEX, "looplab.checks_chunk");
    list = lua_gettop(L);
    n = (lua_Integer)lua_rawlen(L, list);
    first = r->nchecks;
    behaviour = ll_calloc((size_t)n + 1, sizeof *behaviour);
    if (behaviour == NULL) {
        lua_pop(L, 1);
        return LL_ENOMEM;
    }
    for (i = 1; i <= n; i++) {
        if (lua_rawgeti(L, list, i) != LUA_TTABLE) {
            *err = ll_asprintf("%s: check %lld is not a table", path,
                               (long long)i);
            lua_pop(L, 2);
            ll_free(behaviour);
            return LL_ESYNTAX;
        }
        lua_getfield(L, -1, "behaviour");
        behaviour[i - 1] = lua_toboolean(L, -1);
        lua_pop(L, 1);
        rc = checklib_run_one(L, lua_gettop(L), run_idx, r, err);
        lua_pop(L, 1);
        if (rc != LL_OK) {
            lua_pop(L, 1);
            ll_free(behaviour);
            return rc;
        }
    }
    lua_pop(L, 1);
    checklib_unearned(r, first, behaviour);
    ll_free(behaviour);
    return LL_OK;
}
