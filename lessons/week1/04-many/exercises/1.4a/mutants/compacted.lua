-- mutant: fails "one entry per URL, failures in their own slot"
-- Drops the failures, so later bodies move up a slot.
local M = {}

function M.fetch_all(fetch, urls)
  local jobs = {}
  for i, url in ipairs(urls) do
    jobs[i] = function() return fetch(url) end
  end
  local out = {}
  for _, r in ipairs(aio.gather(jobs, { return_exceptions = true })) do
    if type(r) == "string" then out[#out + 1] = r end
  end
  return out
end

return M
