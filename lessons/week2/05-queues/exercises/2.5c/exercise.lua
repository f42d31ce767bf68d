return {
  id = "2.5c",
  title = "Stopping workers with shutdown",
  kind = "lua",
  file = "drain.lua",
  statement = "README.md",
  hints = {
    "The workers wait in q:get() forever. Something must tell them the "
      .. "queue is finished, and they must notice.",
    "q:shutdown(immediate) (3.13 semantics): afterwards get() raises "
      .. "QueueShutDown once nothing is left to hand out; with immediate "
      .. "true, the queued items are dropped first.",
    "In the worker: local ok, x = pcall(q.get, q); if not ok and "
      .. "aio.iserror(x, \"QueueShutDown\") then return end. In run: "
      .. "aio.sleep(after); q:shutdown(immediate); aio.gather(ws).",
  },
}
