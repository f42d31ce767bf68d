-- mutant: fails "all URLs are fetched at once (slowest = total)"
-- Right results, but one request after another.
local M = {}

function M.fetch_all(fetch, urls)
  local results = {}
  for i, url in ipairs(urls) do
    local ok, r = pcall(fetch, url)
    results[i] = ok and r or ("failed: " .. tostring(r.status))
  end
  return results
end

return M
