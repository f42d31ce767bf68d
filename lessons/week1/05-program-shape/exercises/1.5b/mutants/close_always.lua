-- mutant: fails "a failed open is not closed"
-- Closes even when open failed (there was nothing to close).
local M = {}

function M.with_resource(open_fn, close_fn, body)
  local ok, res = pcall(open_fn)
  local out = ok and table.pack(pcall(body, res)) or { false, res }
  close_fn(res)
  if not out[1] then error(out[2], 0) end
  return table.unpack(out, 2, out.n)
end

return M
