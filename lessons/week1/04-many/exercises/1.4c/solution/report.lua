-- Exercise 1.4c: report each result as soon as it arrives.
local M = {}

-- fetch(name) waits, then returns a result string. emit(line) records
-- one report line (the checks note when it was emitted).
function M.report(fetch, names, emit)
  local pending = {}
  for i, name in ipairs(names) do
    pending[i] = aio.create_task(name, fetch, name)
  end
  while #pending > 0 do
    local done
    done, pending = aio.wait(pending, { return_when = "FIRST_COMPLETED" })
    for _, t in ipairs(done) do
      emit(t:get_name() .. ": " .. t:result())
    end
  end
end

return M
