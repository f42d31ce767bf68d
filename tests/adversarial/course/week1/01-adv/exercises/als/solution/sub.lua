local M = {}
function M.fetch_all(net, n)
  local ts = {}
  for i = 1, n do ts[i] = aio.create_task(net, i) end
  return aio.gather(ts)
end
function M.label(n) return n .. " items" end
function M.nap() aio.sleep(1) end
return M
