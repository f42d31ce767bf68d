return {
  id = "2.2b",
  title = "Finish the save, then stop",
  kind = "python",
  file = "save.py",
  statement = "README.md",
  hints = {
    "A cancel reaches whatever your task is awaiting. To keep it away from "
      .. "the save, the save must run in its own task, and you must await "
      .. "it through something that stops the cancel.",
    "saving = asyncio.create_task(save(text)); then await "
      .. "asyncio.shield(saving). If your task is cancelled, that await "
      .. "raises CancelledError, but saving is still running.",
    "try: return await asyncio.shield(saving) / except "
      .. "asyncio.CancelledError: print(\"cancel received, finishing the "
      .. "save\"); await saving; raise. render() stays outside: a cancel "
      .. "there should stop everything.",
  },
}
