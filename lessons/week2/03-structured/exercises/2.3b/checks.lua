-- Checks for 2.3b (lua, tree.lua). Each case runs through run.exec on a
-- fresh virtual-clock loop; visit() logs start/end/cancel with the time
-- relative to the start of the run.
local TREE = {
  name = "root", children = {
    { name = "A", children = { { name = "A1" }, { name = "A2" } } },
    { name = "B", children = { { name = "B1" } } },
  },
}
local TWO = {
  name = "root", children = {
    { name = "P", children = { { name = "X" }, { name = "Y" } } },
    { name = "Q" },
  },
}
local CASES = {
  ok = { tree = TREE, dur = { root = 1, A = 1, B = 2, A1 = 1, A2 = 3,
                               B1 = 1 }, fail = {} },
  deep = { tree = TREE, dur = { root = 1, A = 1, B = 2, A1 = 0.5, A2 = 3,
                                 B1 = 1 }, fail = { A1 = true } },
  two = { tree = TWO, dur = { root = 1, P = 1, Q = 5, X = 1, Y = 1 },
          fail = { X = true, Y = true } },
}

local function copy(n)
  local c = { name = n.name }
  if n.children then
    c.children = {}
    for i, x in ipairs(n.children) do c.children[i] = copy(x) end
  end
  return c
end

local cache = {}
local function go(run, key)
  if cache[key] then return cache[key] end
  local m = run.module
  if type(m) ~= "table" or type(m.walk) ~= "function" then
    cache[key] = { err = "tree.lua must return the module table with "
                      .. "`function M.walk(tree, visit)`." }
    return cache[key]
  end
  local case, log, base = CASES[key], {}, 0
  local function note(s)
    log[#log + 1] = string.format("%s@%g", s, aio.now() - base)
  end
  local function visit(name)
    local ok, e = pcall(aio.sleep, case.dur[name])
    if not ok then note("cancel " .. name) error(e, 0) end
    if case.fail[name] then
      note("fail " .. name)
      error({ node = name }, 0)
    end
    note("done " .. name)
  end
  local r = run.exec(function()
    base = aio.now()
    local ok, v = pcall(m.walk, copy(case.tree), visit)
    local t = aio.now() - base
    -- Give anything walk left running the time to show itself: the
    -- run's own shutdown would cancel it and hide the difference.
    aio.sleep(10)
    return { ok = ok, v = v, t = t }
  end)
  local c = { r = r, log = log }
  if not r.ok then c.err = "the run raised: " .. tostring(r.error) end
  cache[key] = c
  return c
end

local function show(t) return "{" .. table.concat(t, ", ") .. "}" end

return {
  {
    name = "visits each node as soon as its parent is done",
    points = 2,
    fn = function(run)
      local c = go(run, "ok")
      if c.err then return false, c.err end
      local want = { "done root@1", "done A@2", "done B@3", "done A1@3",
                     "done B1@4", "done A2@5" }
      if show(c.log) ~= show(want) or not c.r.value.ok then
        return false, "Without failures the visits were " .. show(c.log)
          .. "; expected " .. show(want) .. " (A and B start together "
          .. "when root is done, and so on). Start each child as a task of "
          .. "the group as soon as its parent's visit returns.",
          show(c.log)
      end
      local v = c.r.value.v
      if type(v) ~= "table" or show(v) ~= "{root, A, B, A1, B1, A2}" then
        return false, "walk must return the names in finishing order, "
          .. "{root, A, B, A1, B1, A2}; it returned "
          .. (type(v) == "table" and show(v) or tostring(v)) .. ".",
          tostring(v)
      end
      return true
    end,
  },
  {
    name = "a failure deep in the tree stops everything",
    points = 2,
    fn = function(run)
      local c = go(run, "deep")
      if c.err then return false, c.err end
      local want = { "done root@1", "done A@2", "fail A1@2.5",
                     "cancel B@2.5", "cancel A2@2.5" }
      local got = show(c.log)
      if got ~= show(want) and got ~= show({ "done root@1", "done A@2",
          "fail A1@2.5", "cancel A2@2.5", "cancel B@2.5" }) then
        return false, "A1 fails at 2.5 s. The visits were " .. got
          .. "; expected A2 and B (still running) to be cancelled at "
          .. "2.5 s and nothing else to start. All tasks must belong to "
          .. "the same group for one failure to stop them all.", got
      end
      if c.r.value.ok then
        return false, "walk returned normally although A1 failed."
      end
      return true
    end,
  },
  {
    name = "raises one ExceptionGroup holding exactly the failures",
    points = 1,
    fn = function(run)
      local c = go(run, "two")
      if c.err then return false, c.err end
      local v = c.r.value
      if v.ok then return false, "walk returned although X and Y failed." end
      local e = v.v
      if not aio.iserror(e, "ExceptionGroup") then
        return false, "walk raised " .. tostring(e) .. "; expected the "
          .. "ExceptionGroup from aio.TaskGroup, unchanged.", tostring(e)
      end
      local names = {}
      for i, x in ipairs(e.exceptions or {}) do
        names[i] = type(x) == "table" and tostring(x.node) or tostring(x)
      end
      table.sort(names)
      if show(names) ~= "{X, Y}" then
        return false, "X and Y (under P) both fail at 3 s; the group held "
          .. show(names) .. ". Expected exactly {X, Y}, not nested "
          .. "groups: use one TaskGroup for the whole tree.", show(names)
      end
      return true
    end,
  },
}
