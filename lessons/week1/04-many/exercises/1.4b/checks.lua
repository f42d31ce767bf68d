-- Checks for 1.4b (python, mirrors.py). Display order = list order.
-- The cancel check reads the trace: each task's last event is "done",
-- "error" or "cancel", and tasks carry the mirror's name.
local LOSERS = { "eu", "d" }     -- still downloading when a winner came

local function ending(run, name)
  local last
  for _, e in ipairs(run.events or {}) do
    if e.name == name and (e.ev == "done" or e.ev == "error"
                           or e.ev == "cancel") then
      last = e.ev
    end
  end
  return last
end

return {
  check.out {
    name = "prints the three winners",
    points = 2,
    expect = "file from asia\nfile from c\nNone\n",
    message = "Expected 'file from asia', 'file from c', then None (every "
           .. "mirror of the third list fails). A failed mirror is not a "
           .. "winner: look at t.exception() before taking t.result().",
  },
  check.vtime {
    name = "answers as soon as the first good mirror does",
    points = 2, min = 5.5, max = 5.5,
    message = "The run took {measured} virtual seconds; expected 5.5 "
           .. "(2 + 1.5 + 2: each call returns when its first good mirror "
           .. "answers, or when the last one fails). Trying mirrors one "
           .. "after another adds their times up.",
  },
  {
    name = "the slower mirrors end cancelled",
    points = 2,
    fn = function(run)
      for _, name in ipairs(LOSERS) do
        local how = ending(run, name)
        if how ~= "cancel" then
          return false, "The task for mirror '" .. name .. "' ended as '"
            .. tostring(how or "still running") .. "', not cancelled. "
            .. "Name each task after its mirror (create_task(..., "
            .. "name=name)), and once you have a winner, cancel every "
            .. "task still pending.", tostring(how)
        end
      end
      return true
    end,
  },
  {
    name = "nothing left running, no unread errors",
    points = 1,
    fn = function(run)
      local w = run.warnings or {}
      if #w > 0 then
        return false, "Python reported: " .. tostring(w[1])
          .. "\nCall exception() (or result()) on every finished task.",
          tostring(#w)
      end
      local p = run.tasks_pending or {}
      if #p > 0 then
        return false, "Task " .. tostring(p[1]) .. " was still pending "
          .. "when main() returned. Cancel the losers and await them "
          .. "(gather(..., return_exceptions=True)).", tostring(#p)
      end
      return true
    end,
  },
  check.noerror { name = "runs without an exception", points = 1 },
}
