-- mutant: fails "closes on cancel, and the task still ends cancelled"
-- Closes every time, but swallows the error (and the cancellation).
local M = {}

function M.with_resource(open_fn, close_fn, body)
  local res = open_fn()
  local ok, result = pcall(body, res)
  close_fn(res)
  if ok then return result end
  return nil
end

return M
