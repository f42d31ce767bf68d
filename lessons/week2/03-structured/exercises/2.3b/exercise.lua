return {
  id = "2.3b",
  title = "One group for a whole tree",
  kind = "lua",
  file = "tree.lua",
  statement = "README.md",
  hints = {
    "Every node should be a task of the same group, so that one failure "
      .. "anywhere cancels all of them. A task of the group can add more "
      .. "tasks to it.",
    "aio.TaskGroup(function(tg) ... end) runs the body and waits for "
      .. "every task made with tg:create_task(name, fn, ...), including "
      .. "ones created later by those tasks.",
    "Inside the group: local function node(n) visit(n.name); record "
      .. "n.name; for each child: tg:create_task(child.name, node, child) "
      .. "end; then tg:create_task(tree.name, node, tree).",
  },
}
