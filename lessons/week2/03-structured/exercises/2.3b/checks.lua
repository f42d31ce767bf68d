-- Checks for 2.3b (python, tree.py). Display order = list order.
--
-- Each scenario runs main() with its own TREE (set); the expected output
-- is worked out here. A node starts when its parent's visit is done, so
-- it ends at the sum of the times on its path. The first failure, at F,
-- cancels every node still running; nodes that have not started never
-- start. No node other than a failing one ends exactly at F (a parent
-- ending then would start children at the very instant they are
-- cancelled, a tie the loop may settle either way).

-- Flatten: every node with its start, end and depth.
local function flatten(tree)
  local nodes = {}
  local function go(n, start, depth)
    local e = start + n.time
    nodes[#nodes + 1] = { name = n.name, start = start, ["end"] = e,
                          fail = n.fail and true or false, depth = depth,
                          leaf = not (n.children and #n.children > 0) }
    for _, c in ipairs(n.children or {}) do go(c, e, depth + 1) end
  end
  go(tree, 0, 0)
  return nodes
end

local function first_failure(nodes)
  local f
  for _, n in ipairs(nodes) do
    if n.fail and (f == nil or n["end"] < f) then f = n["end"] end
  end
  return f
end

local function simulate(tree)
  local nodes = flatten(tree)
  local f = first_failure(nodes)
  local log, failed, ends = {}, {}, 0
  for _, n in ipairs(nodes) do
    local e = n["end"]
    if f == nil then
      log[#log + 1] = { e, "done", n.name }
      ends = math.max(ends, e)
    elseif n.start < f then
      if e < f or (e == f and not n.fail) then
        log[#log + 1] = { e, "done", n.name }
      elseif e == f then
        log[#log + 1] = { e, "failed", n.name }
        failed[#failed + 1] = "'" .. n.name .. " failed'"
      else
        log[#log + 1] = { f, "cancelled", n.name }
      end
    end
  end
  if f then ends = f end
  table.sort(log, function(a, b)
    if a[1] ~= b[1] then return a[1] < b[1] end
    if a[2] ~= b[2] then return a[2] < b[2] end
    return a[3] < b[3]
  end)
  table.sort(failed)
  local out = {}
  out[1] = f and ("walk failed: [" .. table.concat(failed, ", ") .. "]")
    or "walk done"
  out[2] = string.format("walk ended at %.2f", ends)
  for _, l in ipairs(log) do
    out[#out + 1] = string.format("%5.2f %s %s", l[1], l[2], l[3])
  end
  local cancelled = {}
  for _, l in ipairs(log) do
    if l[2] == "cancelled" then cancelled[#cancelled + 1] = l[3] end
  end
  return { out = table.concat(out, "\n") .. "\n", ends = ends, f = f,
           cancelled = cancelled, log = log }
end

local function scenario(name, tree, script)
  return { name = name, call = (not script) and "main" or nil,
           set = (not script) and { TREE = tree } or nil,
           data = simulate(tree) }
end

local function N(name, time, children, fail)
  return { name = name, time = time, children = children or {},
           fail = fail or nil }
end

-- A random tree: up to 3 levels under the root, 0-3 children each.
local function random_tree(rng)
  local count = 0
  local function node(name, depth)
    count = count + 1
    local n = N(name, rng:float(0.05, 2, 2))
    if depth < 3 and count < 12 then
      for i = 1, rng:int(depth == 0 and 1 or 0, 3) do
        n.children[i] = node(name == "root" and string.char(64 + i)
                             or name .. i, depth + 1)
      end
    end
    return n
  end
  local tree = node("root", 0)
  local all = {}
  local function list(n) all[#all + 1] = n
    for _, c in ipairs(n.children) do list(c) end end
  list(tree)
  for _ = 1, rng:pick({ 0, 1, 1, 2 }) do       -- failures, at any depth
    rng:pick(all).fail = true
  end
  -- keep every non-failing node off the failure instant
  for _ = 1, 50 do
    local nodes = flatten(tree)
    local f, moved = first_failure(nodes), false
    if f then
      for i, n in ipairs(nodes) do
        if n["end"] == f and not n.fail then
          all[i].time = all[i].time + 0.01
          moved = true
        end
      end
    end
    if not moved then break end
  end
  return tree
end

local FAILING = { "the statement's example", "the root fails",
  "two failures at once, deep down", "a failure three levels down",
  "random trees" }

return {
  scenarios = {
    scenario("the statement's example",
      N("root", 1, { N("A", 1, { N("A1", 0.5, nil, true), N("A2", 3) }),
                     N("B", 2, { N("B1", 1) }) }), true),
    scenario("no failure",
      N("root", 0.4, { N("A", 1.13, { N("A1", 0.31), N("A2", 2.02) }),
                       N("B", 0.9, { N("B1", 1.7, { N("B11", 0.25) }) }),
                       N("C", 3.33) })),
    scenario("the root fails",
      N("root", 0.8, { N("A", 1), N("B", 2) }, true)),
    scenario("two failures at once, deep down",
      N("root", 1, { N("P", 1, { N("X", 1, nil, true), N("Y", 1, nil, true),
                                 N("Z", 0.6) }),
                     N("Q", 4.5) })),
    scenario("a failure three levels down",
      N("root", 0.3, { N("A", 0.7, { N("A1", 0.45, { N("A1a", 0.35, nil,
                                                        true) }) }),
                       N("B", 0.2, { N("B1", 2.6), N("B2", 0.15) }),
                       N("C", 1.55, { N("C1", 0.4) }) })),
    { name = "random trees", count = 3, make = function(rng)
        local tree = random_tree(rng)
        return { call = "main", set = { TREE = tree }, data = simulate(tree) }
      end },
  },

  check.out {
    name = "prints the walk and every visit",
    points = 3, hint = 3,
    expect = function(sc) return sc.data.out end,
    message = "The lines after \"walk ended at\" are the log of every "
           .. "visit, sorted by time: when each node was done, failed or "
           .. "cancelled. Compare them with the expected ones: a node "
           .. "done too late ran after its siblings instead of with them; "
           .. "a node done after the first failure was left running; a "
           .. "missing failure line means a failure was swallowed.",
  },

  {
    name = "starts each node as soon as its parent is done",
    points = 2, hint = 1,
    scenarios = { "no failure", "random trees" },
    fn = function(run)
      local d = run.scenario.data
      if d.f then return true end
      local out = run.out or ""
      for _, l in ipairs(d.log) do
        local want = string.format("%5.2f done %s", l[1], l[3])
        if not out:find(want, 1, true) then
          local got = out:match("([%d%. ]+) done " .. l[3]:gsub("%p", "%%%0")
            .. "\n")
          return false, string.format("With no failure, %s should be done "
            .. "at %.2f s (its parent's end plus its own time); it was "
            .. "%s. Start a node's children the moment its own visit "
            .. "returns, all of them at once, each in its own task: not "
            .. "one after another, and not level by level.", l[3], l[1],
            got and ("done at " .. got:gsub("^%s+", "") .. " s")
            or "never done"), got or "never"
        end
      end
      return true
    end,
  },

  {
    name = "a failure anywhere cancels everything still running",
    points = 2, hint = 2,
    scenarios = FAILING,
    fn = function(run)
      local d = run.scenario.data
      if not d.f then return true end
      local out = run.out or ""
      local ended = out:match("walk ended at ([%d%.]+)")
      for line in out:gmatch("[^\n]+") do
        local t, what, name = line:match("^%s*([%d%.]+) (%a+) (%S+)$")
        if t and tonumber(t) > d.f + 1e-6 and what ~= "cancelled" then
          return false, string.format("The first failure was at %.2f s, "
            .. "but %s was still %s at %s s: it kept running. Every "
            .. "node's task must belong to a TaskGroup whose failure "
            .. "reaches it (one group that every task adds to, or a "
            .. "group per node nested inside its parent's); gather does "
            .. "not cancel the others.", d.f, name, what, t),
            name .. " " .. what .. " at " .. t
        end
      end
      for _, name in ipairs(d.cancelled) do
        if not out:find(string.format("%5.2f cancelled %s\n", d.f, name),
                        1, true) then
          return false, string.format("The first failure was at %.2f s; %s "
            .. "was running then and should have been cancelled at that "
            .. "instant.", d.f, name), name
        end
      end
      if ended == nil or math.abs(tonumber(ended) - d.f) > 0.005 then
        return false, string.format("The first failure was at %.2f s; walk "
          .. "should end then, with the failure, but it ended at %s.",
          d.f, tostring(ended)), tostring(ended)
      end
      return true
    end,
  },

  check.noleak {
    name = "no task left behind", points = 1, hint = 2,
    message = "A task was left running, or Python warned about one (\"Task "
           .. "exception was never retrieved\": a task created and never "
           .. "awaited failed). Every node's task needs an owner that "
           .. "waits for it: a TaskGroup.",
  },

  check.noerror { name = "runs without an exception", points = 1 },
}
