-- mutant: fails "a failure deep in the tree stops everything"
-- Concurrent, but each parent gathers its own children: a failure does
-- not cancel the other branches.
local M = {}

function M.walk(tree, visit)
  local finished = {}
  local function node(n)
    visit(n.name)
    finished[#finished + 1] = n.name
    local jobs = {}
    for i, child in ipairs(n.children or {}) do
      jobs[i] = aio.create_task(child.name, node, child)
    end
    aio.gather(jobs)
  end
  node(tree)
  return finished
end

return M
