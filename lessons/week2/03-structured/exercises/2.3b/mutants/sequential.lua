-- mutant: fails "visits each node as soon as its parent is done"
-- Exercise 2.3b: walk a tree of jobs in ONE task group.
local M = {}

-- tree = { name = "root", children = { {name = ...}, ... } }
-- visit(name) does the node's work (it waits, it may raise).
-- Visit every node as soon as its parent is done, all in one
-- aio.TaskGroup; return the names in the order their visits finished.
function M.walk(tree, visit)
  local finished = {}
  -- TODO: one node at a time, depth first.
  local function node(n)
    visit(n.name)
    finished[#finished + 1] = n.name
    for _, child in ipairs(n.children or {}) do
      node(child)
    end
  end
  node(tree)
  return finished
end

return M
