-- Checks for 2.3a (python, group.py). Display order = list order.
--
-- Each scenario runs main() with its own SITES and BATCHES (set); the
-- expected output is worked out here. In a batch, the first failure at
-- time F stops everything: every fetch that fails at F is reported
-- (they finish in the same loop step), every fetch that ends by F has
-- finished, and every later one is cancelled at F.

local MSG = { ValueError = "%s failed", ConnectionError = "%s unreachable" }

local function pylist(xs)
  local q = {}
  for i, x in ipairs(xs) do q[i] = "'" .. x .. "'" end
  return "[" .. table.concat(q, ", ") .. "]"
end

local function simulate(sites, batches)
  local out, total = {}, 0
  for _, names in ipairs(batches) do
    local first
    for _, n in ipairs(names) do
      local s = sites[n]
      if s[2] and (first == nil or s[1] < first) then first = s[1] end
    end
    local cancelled = {}
    if first == nil then
      local parts, longest = {}, 0
      for i, n in ipairs(names) do
        parts[i] = "'" .. n .. "': '<" .. n .. ">'"
        longest = math.max(longest, sites[n][1])
      end
      out[#out + 1] = "{" .. table.concat(parts, ", ") .. "}"
      total = total + longest
    else
      local by = { ValueError = {}, ConnectionError = {} }
      for _, n in ipairs(names) do
        local s = sites[n]
        if s[1] > first then cancelled[#cancelled + 1] = n
        elseif s[1] == first and s[2] then
          local l = by[s[2]]
          l[#l + 1] = string.format(MSG[s[2]], n)
        end
      end
      for _, kind in ipairs({ "ValueError", "ConnectionError" }) do
        if #by[kind] > 0 then
          table.sort(by[kind])
          out[#out + 1] = kind .. ": " .. pylist(by[kind])
        end
      end
      total = total + first
    end
    table.sort(cancelled)
    out[#out + 1] = "cancelled: " .. pylist(cancelled)
  end
  return { out = table.concat(out, "\n") .. "\n", ends = total }
end

local function scenario(name, sites, batches, script)
  return { name = name, call = (not script) and "main" or nil,
           set = (not script) and { SITES = sites, BATCHES = batches } or nil,
           data = simulate(sites, batches) }
end

local VE, CE, OK = "ValueError", "ConnectionError", false

return {
  scenarios = {
    scenario("the statement's example",
      { a = { 1, OK }, b = { 2, VE }, c = { 3, OK }, d = { 2, CE },
        e = { 5, OK }, f = { 0.5, CE } },
      { { "a", "c" }, { "a", "b", "c", "d", "e" }, { "e", "f" } }, true),
    scenario("several failures of one type at once",
      { p = { 1.3, VE }, q = { 1.3, VE }, r = { 0.4, OK }, s = { 2.2, CE },
        t = { 1.3, CE }, u = { 1.3, CE } },
      { { "u", "s", "q", "r", "p", "t" } }),
    scenario("a success at the very instant of the failure",
      { u = { 0.75, OK }, v = { 0.75, VE }, w = { 1.9, OK }, x = { 0.6, OK } },
      { { "w", "v", "u" }, { "x", "w" } }),
    scenario("the first name fails, a later failure is cancelled",
      { g = { 0.25, CE }, h = { 0.9, VE }, i = { 0.1, OK } },
      { { "g", "h", "i" }, { "i" } }),
    { name = "random batches", count = 3, make = function(rng)
        local sites, pool = {}, {}
        for i = 1, 8 do
          local n = string.char(96 + i)
          pool[i] = n
          local t = rng:pick({ 0.5, 1.25, rng:float(0.05, 3, 2),
                               rng:float(0.05, 3, 2) })
          sites[n] = { t, rng:pick({ OK, OK, VE, CE }) }
        end
        local batches = {}
        for b = 1, rng:int(1, 3) do
          rng:shuffle(pool)
          local names = {}
          for i = 1, rng:int(2, 5) do names[i] = pool[i] end
          batches[b] = names
        end
        return { call = "main", set = { SITES = sites, BATCHES = batches },
                 data = simulate(sites, batches) }
      end },
  },

  check.out {
    name = "prints results, grouped failures and the cancelled",
    points = 3, hint = 3,
    expect = function(sc) return sc.data.out end,
    message = "For each batch: the results dict if nothing failed; "
           .. "otherwise one line per error type (ValueError first, then "
           .. "ConnectionError) listing every failure of that type, "
           .. "sorted, and then the fetches that were still running, "
           .. "cancelled. Several fetches can fail at the same instant: "
           .. "print all of them, not the first of each type. An empty "
           .. "cancelled list means the others were left running: gather "
           .. "does not cancel them, a TaskGroup does (and waits until "
           .. "they have finished cancelling).",
  },

  check.vtime {
    name = "stops at the first failure",
    points = 2, hint = 1,
    eq = function(sc) return sc.data.ends end,
    message = "The run took {measured} virtual seconds; expected {expected}: "
           .. "each batch ends at its first failure (or with its slowest "
           .. "fetch if none fails). Longer means fetch_all waited for the "
           .. "slow fetches after a failure, or ran them one after another.",
  },

  check.noleak {
    name = "no task left behind",
    points = 1, hint = 2,
    message = "A fetch was still running when main() ended. A failed batch "
           .. "must cancel its other fetches and wait for them: a TaskGroup "
           .. "does both when it exits.",
  },

  check.noerror {
    name = "runs without an exception",
    points = 1, hint = 3,
    message = "An error escaped report(). A TaskGroup raises an "
           .. "ExceptionGroup, even for a single failure, and plain "
           .. "`except ValueError:` does not catch it: use `except* "
           .. "ValueError as eg:` (eg.exceptions holds the ValueErrors).",
  },
}
