-- Fixture for scenarios (docs/authoring.md 6.5).
local function out(pages)
  local t = {}
  for _, p in ipairs(pages) do t[#t + 1] = ("page %s (%s s)"):format(p[1], p[2]) end
  t[#t + 1] = ("total: %d pages"):format(#pages)
  return table.concat(t, "\n") .. "\n"
end
local function longest(pages)
  local m = 0
  for _, p in ipairs(pages) do m = math.max(m, p[2]) end
  return m
end
local GRID = { { "z", 0.37 }, { "x", 1.91 }, { "y", 0.05 }, { "w", 1.2 } }
return {
  scenarios = {
    { name = "statement", data = { pages = { { "a", 2 }, { "b", 1 }, { "c", 3 } } } },
    { name = "off the grid", call = "main", set = { PAGES = GRID }, data = { pages = GRID } },
    { name = "random", count = 3, make = function(rng)
        -- names out of alphabetical order: sorting must not look right
        local names, pages = rng:shuffle { "k", "d", "q", "b", "m" }, {}
        for i = 1, rng:int(2, 5) do pages[i] = { names[i], rng:float(0.05, 3.0, 2) } end
        return { call = "main", set = { PAGES = pages }, data = { pages = pages } }
      end },
    { name = "mirrors", call = "first_ok", args = { { "/m1", "/m2", "/m3" } },
      lab = { endpoints = { ["/m1"] = { status = 500 }, ["/m2"] = { latency = 0.25 } } },
      data = { first = "/m2" } },
  },
  check.out { name = "out", expect = function(sc) return out(sc.data.pages) end,
              scenarios = { "statement", "off the grid", "random" } },
  check.vtime { name = "vtime", eq = function(sc) return longest(sc.data.pages) end,
                scenarios = { "statement", "off the grid", "random" } },
  check.result { name = "first", expect = function(sc) return sc.data.first end,
                 scenarios = { "mirrors" } },
  check.same { name = "same", what = { "out", "vtime" } },
  check.noerror { name = "noerror" },
  { name = "sees", points = 0, fn = function(run)
      return type(run.scenario) == "table" and run.scenario.name ~= nil, "no scenario"
    end },
}
