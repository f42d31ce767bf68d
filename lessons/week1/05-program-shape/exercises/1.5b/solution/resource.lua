-- Exercise 1.5b: `async with` in Lua: always run the asynchronous close.
local M = {}

-- open_fn() -> resource (may wait, may raise)
-- close_fn(resource) (may wait)
-- body(resource) -> any results (may wait, may raise, may be cancelled)
function M.with_resource(open_fn, close_fn, body)
  local res = open_fn()               -- if open fails, there is nothing
                                      -- to close: let the error go
  local out = table.pack(pcall(body, res))
  close_fn(res)                       -- runs on success, error, cancel
  if not out[1] then
    error(out[2], 0)                  -- re-raise the same value
  end
  return table.unpack(out, 2, out.n)
end

return M
