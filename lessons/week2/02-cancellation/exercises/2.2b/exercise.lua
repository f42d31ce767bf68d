return {
  id = "2.2b",
  title = "Finish the save, then stop",
  kind = "lua",
  file = "save.lua",
  statement = "README.md",
  hints = {
    "A cancel reaches whatever the task is awaiting. To keep it away from "
      .. "the save, the save must run in its own task, behind a shield.",
    "local inner = aio.create_task(\"save\", save); then pcall(aio.await, "
      .. "aio.shield(inner)). If that fails with a CancelledError, inner is "
      .. "still running.",
    "On CancelledError: emit(\"cancel received, finishing the save\"), "
      .. "aio.await(inner), then error(e, 0) to stay cancelled.",
  },
}
