-- Exercise 1.4a: fetch every URL at once; keep each failure in its slot.
local M = {}

-- fetch(url) waits on the network and returns the page body (a string),
-- or raises an error table { status = 404, url = url } for a failure.
-- Return one entry per URL, in the order of urls: the body, or the
-- string "failed: <status>".
function M.fetch_all(fetch, urls)
  local jobs = {}
  for i, url in ipairs(urls) do
    jobs[i] = function() return fetch(url) end
  end
  local results = aio.gather(jobs, { return_exceptions = true })
  for i, r in ipairs(results) do
    if type(r) ~= "string" then
      results[i] = "failed: " .. tostring(r.status)
    end
  end
  return results
end

return M
