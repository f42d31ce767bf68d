return {
  id = "2.1b",
  title = "A heartbeat watchdog",
  kind = "python",
  file = "watchdog.py",
  statement = "README.md",
  hints = {
    "You need one deadline that every heartbeat moves later, and when it "
      .. "passes, the job must be cancelled. A timeout around the whole "
      .. "job does the cancelling; the question is how to move it.",
    "async with asyncio.timeout(silence) as deadline: runs a block under a "
      .. "deadline; deadline.reschedule(when) moves it to the loop time "
      .. "`when` (absolute: loop.time() + silence, not silence). When it "
      .. "expires, the block's await is cancelled and TimeoutError comes "
      .. "out of the async with.",
    "loop = asyncio.get_running_loop(); try: async with "
      .. "asyncio.timeout(silence) as deadline: define beat() to call "
      .. "deadline.reschedule(loop.time() + silence), then return await "
      .. "job(beat). except TimeoutError: return \"stalled\". Catch nothing "
      .. "else: a cancel from outside must go through.",
  },
}
