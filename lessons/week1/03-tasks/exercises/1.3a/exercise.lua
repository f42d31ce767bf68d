return {
  id = "1.3a",
  title = "Five requests as tasks",
  kind = "lua",
  file = "replies.lua",
  statement = "README.md",
  hints = {
    "Calling net(i) directly waits for reply i before the loop goes on. "
      .. "What starts a call without waiting for it?",
    "aio.create_task(name, net, i) starts net(i) as a task and returns "
      .. "at once. Start all five first, keep them in a list, and only "
      .. "then wait.",
    "After the creating loop: for i, t in ipairs(tasks) do replies[i] = "
      .. "t:await() end. Awaiting in list order gives request order.",
  },
}
