return {
  id = "2.3b",
  title = "A whole tree under TaskGroups",
  kind = "python",
  file = "tree.py",
  statement = "README.md",
  hints = {
    "Each node must be a task, started when its parent's visit returns, "
      .. "and every task must belong to a TaskGroup, so that one failure "
      .. "anywhere cancels all the others. gather does not cancel.",
    "Two shapes work. One group: async with asyncio.TaskGroup() as tg: "
      .. "inside, a coroutine node(n) that awaits visit(n) and then calls "
      .. "tg.create_task(node(child)) for each child. Or nested: walk(n) "
      .. "awaits visit(n), then opens its own TaskGroup for its children.",
    "Nested: async def walk(tree): await visit(tree); async with "
      .. "asyncio.TaskGroup() as tg: for child in tree.get(\"children\", "
      .. "[]): tg.create_task(walk(child)). Do not await the children one "
      .. "by one inside the group, and do not catch their errors.",
  },
}
