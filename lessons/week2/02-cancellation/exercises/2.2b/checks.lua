-- Checks for 2.2b (python, save.py). Display order = list order.
--
-- Each scenario runs main() with its own RENDER_TIME, SAVE_TIME and
-- CANCEL_AT (set); the expected output is worked out here. No cancel
-- lands on the very instant the save starts or ends.

local function f2(x) return string.format("%.2f", x) end

local function simulate_(r, s, c)
  local out = {}
  if c < r then                                  -- cancelled in render
    out = { "cancel sent at " .. f2(c), "task ended cancelled at " .. f2(c) }
    return { out = table.concat(out, "\n") .. "\n", ends = c,
             started = false, cancelled = true, where = "render" }
  end
  local e = r + s
  if c < e then                                  -- cancelled in the save
    out = { "save started at " .. f2(r), "cancel sent at " .. f2(c),
            "cancel received, finishing the save", "saved at " .. f2(e),
            "task ended cancelled at " .. f2(e) }
    return { out = table.concat(out, "\n") .. "\n", ends = e,
             started = true, cancelled = true, where = "save" }
  end
  out = { "save started at " .. f2(r), "saved at " .. f2(e),
          "task returned '6 bytes' at " .. f2(e) }
  return { out = table.concat(out, "\n") .. "\n", ends = e,
           started = true, cancelled = false, where = "after" }
end

local function simulate(r, s, c)
  local d = simulate_(r, s, c)
  d.c = c
  return d
end

local function scenario(name, r, s, c, script)
  local d = simulate(r, s, c)
  return { name = name, call = (not script) and "main" or nil,
           set = (not script) and { RENDER_TIME = r, SAVE_TIME = s,
                                    CANCEL_AT = c } or nil,
           data = d }
end

return {
  scenarios = {
    scenario("the statement's example", 0.5, 3, 1, true),
    scenario("cancelled while rendering", 0.5, 3, 0.31),
    scenario("never cancelled", 0.5, 3, 9),
    scenario("cancelled near the end of the save", 0.37, 2.93, 3.17),
    { name = "random saves", count = 3, make = function(rng)
        local r = rng:float(0.05, 1.5, 2)
        local s = rng:float(0.3, 4, 2)
        local where = rng:int(1, 3)
        local c
        if where == 1 then c = rng:float(0.01, r - 0.02, 2)
        elseif where == 2 then c = rng:float(r + 0.02, r + s - 0.02, 2)
        else c = r + s + rng:float(0.5, 3, 2) end
        return { call = "main", data = simulate(r, s, c),
                 set = { RENDER_TIME = r, SAVE_TIME = s, CANCEL_AT = c } }
      end },
  },

  check.out {
    name = "prints the save and the end as expected",
    points = 2, hint = 3,
    expect = function(sc) return sc.data.out end,
    message = "Expected, in this order: the save starting (unless the cancel "
           .. "came during render), the cancel, your line \"cancel received, "
           .. "finishing the save\", the save's end, and the task's end at "
           .. "the same time as the save's end.",
  },

  {
    name = "a save that started always finishes",
    points = 2, hint = 1,
    fn = function(run)
      local d = run.scenario.data
      local out = run.out or ""
      if not d.started then return true end
      if out:find("SAVE CUT", 1, true) or not out:find("saved at", 1, true) then
        return false, "The save was started and a cancel arrived at "
          .. f2(d.c)
          .. " s, but the save did not finish: "
          .. (out:match("SAVE CUT[^\n]*") or "no \"saved at\" line")
          .. ". The cancel reaches whatever your task is awaiting: run the "
          .. "save in its own task (asyncio.create_task), await it through "
          .. "asyncio.shield(...) so the cancel stops at the shield, and "
          .. "when CancelledError arrives, await that same task again "
          .. "before you re-raise (catch CancelledError itself: it is not "
          .. "an Exception).", out:match("SAVE CUT[^\n]*") or "not saved"
      end
      local n = 0
      for _ in out:gmatch("save started") do n = n + 1 end
      if n ~= 1 then
        return false, "The save was started " .. n .. " times; finish the "
          .. "one that was running instead of starting another.",
          tostring(n)
      end
      return true
    end,
  },

  {
    name = "ends cancelled when cancelled, with the result otherwise",
    points = 2, hint = 3,
    fn = function(run)
      local d = run.scenario.data
      local out = run.out or ""
      if d.cancelled and not out:find("task ended cancelled", 1, true) then
        return false, "main() cancelled the task during the save, but the "
          .. "task did not end cancelled (\"" .. (out:match("task returned[^\n]*")
          or "no \"task ended cancelled\" line") .. "\"). Finishing the save must not "
          .. "swallow the cancel: re-raise the CancelledError (a bare "
          .. "`raise`) after awaiting the save.",
          out:match("task [^\n]*") or ""
      end
      if not d.cancelled and not out:find("task returned '6 bytes'", 1, true) then
        return false, "Nobody cancelled the task, so save_then_exit must "
          .. "return what save() returned ('6 bytes'); the output was:\n"
          .. out, out:match("task [^\n]*") or ""
      end
      return true
    end,
  },

  {
    name = "a cancel before the save stops everything",
    points = 1, hint = 2,
    scenarios = { "cancelled while rendering", "random saves" },
    fn = function(run)
      local d = run.scenario.data
      local out = run.out or ""
      if d.where ~= "render" then return true end
      if out:find("save started", 1, true) then
        return false, "The cancel arrived during render(), before the save "
          .. "started, yet a save started. Only the save may be "
          .. "shielded: await render() normally so a cancel there stops "
          .. "the task at once.", "save started"
      end
      return true
    end,
  },

  check.vtime {
    name = "ends as soon as the save is done",
    points = 1, hint = 3,
    eq = function(sc) return sc.data.ends end,
    message = "The run took {measured} virtual seconds; expected {expected}: "
           .. "the task ends the moment the save ends (or at the cancel, if "
           .. "it came during render). Later means it waited a fixed time "
           .. "or polled; await the save task itself.",
  },

  check.noleak {
    name = "no task left behind", points = 1, hint = 2,
    message = "A task (the save?) was still running when main() ended: "
           .. "asyncio.run then cancels it, which cuts the save. Await it "
           .. "before the task ends.",
  },

  check.noerror { name = "runs without an exception", points = 1 },
}
