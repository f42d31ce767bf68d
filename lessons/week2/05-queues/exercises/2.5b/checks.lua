-- Checks for 2.5b (lua, belt.lua). One run through run.exec with n = 5;
-- emit() notes each line with the time since the start of the run. The
-- expected log was produced by the same program in CPython 3.11.2
-- (asyncio.Queue(maxsize=2)), quiz 2.5 question 1.
local WANT = { "put 0@0", "put 1@0", "got 0@1", "put 2@1", "got 1@2",
               "put 3@2", "got 2@3", "put 4@3", "got 3@4", "got 4@5" }

local cache
local function go(run)
  if cache then return cache end
  local m = run.module
  if type(m) ~= "table" or type(m.belt) ~= "function" then
    cache = { err = "belt.lua must return the module table with "
                 .. "`function M.belt(n, emit)`." }
    return cache
  end
  local log, base = {}, 0
  local function emit(s)
    log[#log + 1] = string.format("%s@%g", tostring(s), aio.now() - base)
  end
  local r = run.exec(function()
    base = aio.now()
    m.belt(5, emit)
  end)
  cache = { r = r, log = log }
  if not r.ok then cache.err = "belt(5, emit) raised: " .. tostring(r.error) end
  return cache
end

local function show(t) return "{" .. table.concat(t, ", ") .. "}" end

return {
  {
    name = "the producer waits for free slots (done at t = 3)",
    points = 2,
    fn = function(run)
      local c = go(run)
      if c.err then return false, c.err end
      if show(c.log) ~= show(WANT) then
        return false, "The log was " .. show(c.log) .. "; expected "
          .. show(WANT) .. ". With aio.Queue(2) the producer can only be "
          .. "two items ahead: put 2 has to wait until the consumer takes "
          .. "item 0 at t = 1.", show(c.log)
      end
      return true
    end,
  },
}
