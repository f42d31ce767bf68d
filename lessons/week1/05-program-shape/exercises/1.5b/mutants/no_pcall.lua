-- mutant: fails "closes and re-raises when the body fails"
-- Exercise 1.5b: `async with` in Lua: always run the asynchronous close.
local M = {}

-- open_fn() -> resource (may wait, may raise)
-- close_fn(resource) (may wait)
-- body(resource) -> any results (may wait, may raise, may be cancelled)
function M.with_resource(open_fn, close_fn, body)
  local res = open_fn()
  -- TODO: if body raises or the task is cancelled, close never runs.
  local result = body(res)
  close_fn(res)
  return result
end

return M
