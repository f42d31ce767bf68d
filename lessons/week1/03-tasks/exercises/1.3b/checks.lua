-- Checks for 1.3b (python, broken_main.py). Display order = list order.
--
-- The file runs as a script (3 items, fetches of 1 s, stats 1.5 s), then
-- main() runs again with other ITEMS / FETCH_SECONDS / STATS_SECONDS:
-- stats that finish before the fetches, a single item with slow stats,
-- and random ones. sc.data holds the three values of each run.

local function pynum(x)
  if math.type(x) == "integer" then return string.format("%d", x) end
  for digits = 1, 17 do
    local s = string.format("%." .. digits .. "g", x)
    if tonumber(s) == x then
      if not s:find("[.eEn]") then s = s .. ".0" end
      return s
    end
  end
  return string.format("%.17g", x)
end

-- What main() prints: start, then the items (all at FETCH_SECONDS) and
-- "stats saved" (at STATS_SECONDS) in time order, then done.
local function expected_out(sc)
  local d = sc.data
  local lines = { "start" }
  local items = {}
  for i = 0, d.items - 1 do items[#items + 1] = "item " .. i end
  if d.stats < d.fetch then lines[#lines + 1] = "stats saved" end
  for _, l in ipairs(items) do lines[#lines + 1] = l end
  if d.stats >= d.fetch then lines[#lines + 1] = "stats saved" end
  lines[#lines + 1] = "done"
  return table.concat(lines, "\n") .. "\n"
end

local function longest(sc)
  return math.max(sc.data.fetch, sc.data.stats)
end

local function settings(sc)
  local d = sc.data
  return "ITEMS = " .. d.items .. ", FETCH_SECONDS = " .. pynum(d.fetch)
    .. ", STATS_SECONDS = " .. pynum(d.stats)
end

-- A review of the code is earned only by a program whose main() ran to
-- its end (an empty file has no fire-and-forget task either).
local function ran_to_end(c)
  local inner = c.fn
  c.fn = function(run)
    if run.main_end ~= "done" then
      return false, "Not earned yet: main() did not run to its end, so "
        .. "there was nothing to review.", ""
    end
    return inner(run)
  end
  return c
end

local function with(name, items, fetch, stats)
  return { name = name, call = "main",
           set = { ITEMS = items, FETCH_SECONDS = fetch, STATS_SECONDS = stats },
           data = { items = items, fetch = fetch, stats = stats } }
end

return {
  scenarios = {
    { name = "the statement's three items",
      data = { items = 3, fetch = 1, stats = 1.5 } },
    with("five items, quick stats", 5, 0.85, 0.4),
    with("one item, slow stats", 1, 0.37, 2.6),
    { name = "random settings", count = 2, make = function(rng)
        local fetch = rng:float(0.1, 2.0, 2)
        local stats
        repeat stats = rng:float(0.1, 3.0, 2) until math.abs(stats - fetch) > 0.05
        local sc = with(nil, rng:int(1, 7), fetch, stats)
        sc.name = nil
        return sc
      end },
  },

  check.out {
    name = "prints start, the items and stats saved as they happen, then done",
    points = 1, hint = 1,
    expect = expected_out,
    message = function(sc)
      return "With " .. settings(sc) .. ", the lines are not the expected "
        .. "ones. main() prints start first, then each item once the "
        .. "fetches are done and \"stats saved\" when the background task "
        .. "finishes (whichever comes first), then done. A missing start "
        .. "means announce() was called but never awaited; a missing "
        .. "\"stats saved\" means main() returned before the background "
        .. "task finished; a wrong number of items means the loop does not "
        .. "follow ITEMS."
    end,
  },
  check.vtime {
    name = "takes as long as the slower of the fetches and the stats",
    points = 2, hint = 2,
    min = function(sc) return longest(sc) - 1e-6 end,
    max = function(sc) return longest(sc) + 1e-6 end,
    message = function(sc)
      return "With " .. settings(sc) .. ", the run took {measured} virtual "
        .. "seconds; expected " .. pynum(longest(sc)) .. ". The fetches can "
        .. "wait together (" .. pynum(sc.data.fetch) .. " s for all of "
        .. "them), and save_stats (" .. pynum(sc.data.stats) .. " s) runs "
        .. "alongside them. Awaiting the fetches one by one, or starting "
        .. "the stats after them, adds the waits up; less means main() "
        .. "did not wait for the background task."
    end,
  },
  check.noleak {
    name = "no task or coroutine is left behind",
    points = 2, hint = 3,
    message = "Python reported a coroutine that was never awaited, or a "
           .. "task was still pending when main() returned (and asyncio.run "
           .. "cancelled it). Every coroutine you call must be awaited; keep "
           .. "the task create_task returns in a variable and await it "
           .. "before main() ends.",
  },
  ran_to_end(check.lint {
    name = "no fire-and-forget task, no ensure_future",
    points = 1, rule = { "LL007", "LL014" }, hint = 3,
    scenarios = { "the statement's three items" },
  }),
  check.noerror { name = "runs without an exception", points = 1 },
}
