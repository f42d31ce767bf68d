-- mutant: fails "raises one ExceptionGroup holding exactly the failures"
-- A task group per node: the failure is wrapped once per level.
local M = {}

function M.walk(tree, visit)
  local finished = {}
  local function node(n)
    visit(n.name)
    finished[#finished + 1] = n.name
    aio.TaskGroup(function(tg)
      for _, child in ipairs(n.children or {}) do
        tg:create_task(child.name, node, child)
      end
    end)
  end
  node(tree)
  return finished
end

return M
