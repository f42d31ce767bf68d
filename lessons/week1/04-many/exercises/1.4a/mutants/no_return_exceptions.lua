-- mutant: fails "one entry per URL, failures in their own slot"
-- Plain gather: the first failure is raised and the other results lost.
local M = {}

function M.fetch_all(fetch, urls)
  local jobs = {}
  for i, url in ipairs(urls) do
    jobs[i] = function() return fetch(url) end
  end
  return aio.gather(jobs)
end

return M
