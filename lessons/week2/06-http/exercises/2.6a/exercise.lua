return {
  id = "2.6a",
  title = "One session, five at a time",
  kind = "python",
  file = "fetch_all.py",
  statement = "README.md",
  hints = {
    "Two problems: every request makes (and leaks) its own session, and "
      .. "all 20 go out at once while the server accepts 5.",
    "Open one session in fetch_all with `async with lab.Session(timeout="
      .. "10) as session:` and pass it to fetch. An asyncio.Semaphore(limit) "
      .. "caps how many requests are in flight.",
    "fetch(session, sem, url): async with sem: async with session.get(url) "
      .. "as resp: await resp.text(); return resp.status. Then gather "
      .. "fetch(session, sem, u) for every URL inside the session block.",
  },
}
