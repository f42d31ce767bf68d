-- Exercise 2.3b: walk a tree of jobs in ONE task group.
local M = {}

-- tree = { name = "root", children = { {name = ...}, ... } }
-- visit(name) does the node's work (it waits, it may raise).
-- Visit every node as soon as its parent is done, all in one
-- aio.TaskGroup; return the names in the order their visits finished.
function M.walk(tree, visit)
  local finished = {}
  aio.TaskGroup(function(tg)
    local function node(n)
      visit(n.name)
      finished[#finished + 1] = n.name
      for _, child in ipairs(n.children or {}) do
        tg:create_task(child.name, node, child)
      end
    end
    tg:create_task(tree.name, node, tree)
  end)
  return finished
end

return M
