-- Checks for 1.1a (python, downloads.py). Display order = list order.
--
-- Scenarios: the statement's file as is, then main() called again with
-- other PAGES lists (waits off the half-second grid, equal waits, names
-- out of alphabetical order, random lists) and once cancelled part way.
-- Each scenario's pages are in sc.data.pages, so every check can work
-- out what that run should have printed and how long it should have taken.

local STATEMENT = { { "a", 2 }, { "b", 1 }, { "c", 3 } }

-- How Python prints a number from PAGES: 2 -> "2", 0.37 -> "0.37",
-- 1.5 -> "1.5" (the shortest text that reads back as the same float).
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

local function line_of(page)
  return "page " .. page[1] .. " (" .. pynum(page[2]) .. " s)"
end

local function longest(pages)
  local m = 0
  for _, p in ipairs(pages) do m = math.max(m, p[2]) end
  return m
end

local function expected_out(sc)
  local lines = {}
  for i, p in ipairs(sc.data.pages) do lines[i] = line_of(p) end
  lines[#lines + 1] = "total: " .. #sc.data.pages .. " pages"
  return table.concat(lines, "\n") .. "\n"
end

local function show_pages(pages)
  local parts = {}
  for i, p in ipairs(pages) do
    parts[i] = "(\"" .. p[1] .. "\", " .. pynum(p[2]) .. ")"
  end
  return "[" .. table.concat(parts, ", ") .. "]"
end

-- Every scenario but the cancelled one: these runs must go to the end.
local FULL = { "the statement's three pages", "four pages off the half-second grid",
               "equal waits", "random pages" }

local NAMES = { "home", "news", "blog", "shop", "about", "docs", "faq", "jobs" }

return {
  scenarios = {
    -- The file as it is, run as a script: the output the student sees.
    { name = "the statement's three pages", data = { pages = STATEMENT } },
    -- main() again with other PAGES: out of alphabetical order, off grid.
    { name = "four pages off the half-second grid", call = "main",
      set = { PAGES = { { "news", 0.37 }, { "about", 1.91 }, { "blog", 0.05 },
                        { "shop", 1.2 } } },
      data = { pages = { { "news", 0.37 }, { "about", 1.91 }, { "blog", 0.05 },
                         { "shop", 1.2 } } } },
    { name = "equal waits", call = "main",
      set = { PAGES = { { "x", 1.25 }, { "y", 0.6 }, { "z", 1.25 }, { "w", 0.6 },
                        { "v", 0.15 } } },
      data = { pages = { { "x", 1.25 }, { "y", 0.6 }, { "z", 1.25 }, { "w", 0.6 },
                         { "v", 0.15 } } } },
    { name = "random pages", count = 3, make = function(rng)
        local names = rng:shuffle({ table.unpack(NAMES) })
        local pages = {}
        for i = 1, rng:int(2, 6) do
          local s = rng:float(0.05, 3.0, 2)
          if s == math.floor(s) then s = s + 0.01 end   -- never a whole number
          pages[i] = { names[i], s }
        end
        return { call = "main", set = { PAGES = pages }, data = { pages = pages } }
      end },
    -- Cancelled at 2.2 s: a and b have arrived, c has not.
    { name = "cancelled at 2.2 s", call = "main", cancel_at = 2.2,
      data = { pages = STATEMENT, cancel_at = 2.2 } },
  },

  check.out {
    name = "prints every page in list order, then the total",
    points = 1, scenarios = FULL, hint = 2,
    expect = expected_out,
    message = "The output must be one line per page, in the order of "
           .. "PAGES, then the total line. If a fast page comes first, "
           .. "you print each page when it finishes: print from the list "
           .. "that asyncio.gather returns instead (it keeps the order of "
           .. "its arguments, not the order of finishing). Sorting does "
           .. "not help: PAGES is not in alphabetical order in every run. "
           .. "The checks run main() with other PAGES lists too, so build "
           .. "the lines from PAGES, never type them in.",
  },

  check.vtime {
    name = "takes as long as the longest page",
    points = 2, scenarios = FULL, hint = 1,
    min = function(sc) return longest(sc.data.pages) - 1e-6 end,
    max = function(sc) return longest(sc.data.pages) + 1e-6 end,
    message = function(sc) return "Your program took {measured} virtual "
           .. "seconds; with all the downloads waiting at once it takes as "
           .. "long as the longest page, " .. pynum(longest(sc.data.pages))
           .. " s. More: the waits still run one after another (each "
           .. "`await fetch(...)` in the loop waits for its page); start "
           .. "them together with asyncio.gather. Less: some page was never "
           .. "fetched; call fetch() for every page and await it." end,
  },

  {
    name = "prints a page only after its download finished",
    points = 1, hint = 2,
    fn = function(run)
      local sc = run.scenario
      local pages, wait_of, pos_of = sc.data.pages, {}, {}
      for i, p in ipairs(pages) do wait_of[p[1]] = p[2]; pos_of[p[1]] = i end
      -- Earned only by a program that printed pages (or, cancelled, ran
      -- main() until the cancel): printing nothing is never early.
      local printed = false
      for _, e in ipairs(run.events or {}) do
        if e.ev == "output" and tostring(e.what):match("^page ") then printed = true end
      end
      if sc.data.cancel_at then
        if run.main_end ~= "cancel" then
          return false, "main() did not run until it was cancelled at "
            .. pynum(sc.data.cancel_at) .. " s, so there was nothing to "
            .. "check. Keep main() and the starter's structure.", ""
        end
      elseif not printed then
        return false, "Not earned yet: no page was printed, so there was "
          .. "nothing to check. Print one line per page of PAGES.", ""
      end
      local next_pos = 1
      for _, e in ipairs(run.events or {}) do
        if e.ev == "output" then
          local name = tostring(e.what):match("^page (%S+) %(")
          if name and wait_of[name] then
            if e.t < wait_of[name] - 1e-6 then
              return false, string.format(
                "\"%s\" was printed at %.2f s, but that page's download "
                .. "takes %s s. Print a page from the result of fetch(), "
                .. "after awaiting it, never before.", e.what, e.t,
                pynum(wait_of[name])), string.format("%.2f s", e.t)
            end
            if sc.data.cancel_at and pos_of[name] ~= next_pos then
              return false, "Cancelled at " .. pynum(sc.data.cancel_at)
                .. " s, your program had printed \"" .. e.what .. "\" out "
                .. "of list order. Pages must come out in the order of "
                .. "PAGES even when the run stops early.", e.what
            end
            next_pos = (pos_of[name] or next_pos) + 1
          elseif tostring(e.what):match("^total:") then
            if sc.data.cancel_at then
              return false, "Cancelled at " .. pynum(sc.data.cancel_at)
                .. " s, before the slowest page arrived, your program "
                .. "still printed the total. "
                .. "Print it after all the downloads finished.", e.what
            end
            if e.t < longest(pages) - 1e-6 then
              return false, string.format(
                "The total was printed at %.2f s, before the slowest "
                .. "page arrived (%s s). Print it after all the "
                .. "downloads finished.", e.t, pynum(longest(pages))),
                string.format("%.2f s", e.t)
            end
          end
        end
      end
      return true
    end,
  },

  {
    name = "downloads every page in its own task",
    points = 1, scenarios = FULL, hint = 3,
    fn = function(run)
      local pages = run.scenario.data.pages
      -- Times at which a task other than main() finished, sorted.
      local done = {}
      for _, e in ipairs(run.events or {}) do
        if e.ev == "done" and e.task and e.task ~= 1 then
          done[#done + 1] = e.t
        end
      end
      table.sort(done)
      local waits = {}
      for i, p in ipairs(pages) do waits[i] = p end
      table.sort(waits, function(x, y) return x[2] < y[2] end)
      local j = 1
      for _, p in ipairs(waits) do
        while done[j] and done[j] < p[2] - 1e-6 do j = j + 1 end
        if not done[j] or done[j] > p[2] + 1e-6 then
          return false, "PAGES was " .. show_pages(pages) .. ". No task "
            .. "finished at " .. pynum(p[2]) .. " s, when page " .. p[1]
            .. "'s download should have. Each page must be fetched in its "
            .. "own task, all at once: pass the fetch(name, seconds) calls "
            .. "to asyncio.gather. Sleeping for the longest time is not "
            .. "downloading.", "no task at "
            .. pynum(p[2]) .. " s"
        end
        j = j + 1
      end
      return true
    end,
  },

  check.noblock {
    name = "never blocks the event loop",
    points = 1, scenarios = FULL,
    message = "A blocking call such as time.sleep() stops the whole event "
           .. "loop, so no other task can run while it waits. Inside "
           .. "async code, wait with `await asyncio.sleep(...)` instead, "
           .. "and leave fetch() as it was.",
  },

  check.noerror {
    name = "runs without an exception",
    points = 1, scenarios = FULL,
  },
}
