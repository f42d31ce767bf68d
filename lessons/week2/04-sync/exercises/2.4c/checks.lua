-- Checks for 2.4c (lua, gate.lua). One scripted race through run.exec:
-- three workers (work takes 2, 1 and 3 s), setup 1.5 s. emit() notes
-- each line with its time relative to the start of the run.
local DUR = { red = 2, green = 1, blue = 3 }

local cache
local function go(run)
  if cache then return cache end
  local m = run.module
  if type(m) ~= "table" or type(m.race) ~= "function" then
    cache = { err = "gate.lua must return the module table with "
                 .. "`function M.race(names, work, emit, setup)`." }
    return cache
  end
  local log, base = {}, 0
  local function emit(s)
    log[#log + 1] = string.format("%s@%g", tostring(s), aio.now() - base)
  end
  local function work(name) aio.sleep(DUR[name]) end
  local r = run.exec(function()
    base = aio.now()
    m.race({ "red", "green", "blue" }, work, emit, 1.5)
    return aio.now() - base
  end)
  cache = { r = r, log = log }
  if not r.ok then cache.err = "race(...) raised: " .. tostring(r.error) end
  return cache
end

local function show(t) return "{" .. table.concat(t, ", ") .. "}" end

local WANT = {
  "ready red@0", "ready green@0", "ready blue@0", "gate open@1.5",
  "go red@1.5", "go green@1.5", "go blue@1.5", "finish green@2.5",
  "finish red@3.5", "finish blue@4.5", "all done@4.5",
}

return {
  {
    name = "nobody starts before the gate opens",
    points = 2,
    fn = function(run)
      local c = go(run)
      if c.err then return false, c.err end
      for i = 1, 7 do
        if c.log[i] ~= WANT[i] then
          return false, "The race began " .. show(c.log) .. "; the first "
            .. "seven lines should be " .. show({ table.unpack(WANT, 1, 7) })
            .. ". Workers must wait on an aio.Event that main sets after "
            .. "the setup time.", tostring(c.log[i])
        end
      end
      return true
    end,
  },
  {
    name = "all done comes right after the last finish",
    points = 2,
    fn = function(run)
      local c = go(run)
      if c.err then return false, c.err end
      if show(c.log) ~= show(WANT) then
        return false, "The log was " .. show(c.log) .. "; expected "
          .. show(WANT) .. ". Count the workers still running; the last "
          .. "one to finish sets a second Event that main waits on.",
          show(c.log)
      end
      if math.abs(c.r.value - 4.5) > 1e-6 then
        return false, string.format("race returned at %.1f s; expected "
          .. "4.5 s.", c.r.value), tostring(c.r.value)
      end
      return true
    end,
  },
}
