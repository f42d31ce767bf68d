return {
  id = "2.6a",
  title = "One session, `limit` at a time",
  kind = "python",
  file = "fetch_all.py",
  statement = "README.md",
  hints = {
    "Two problems: every request makes (and leaks) its own session, and "
      .. "all the URLs go out at once while the server accepts `limit`. "
      .. "The checks call fetch_all with other URLs and other limits, so "
      .. "use the `limit` argument, never a number of your own.",
    "Open one session in fetch_all with `async with lab.Session(timeout="
      .. "10) as session:` and pass it to fetch. One asyncio.Semaphore(limit), "
      .. "made in fetch_all and taken with `async with sem:` around each "
      .. "request, caps how many are in flight; start them all at once "
      .. "(gather), not in batches.",
    "fetch(session, sem, url): async with sem: async with session.get(url) "
      .. "as resp: await resp.text(); return resp.status. In fetch_all: "
      .. "sem = asyncio.Semaphore(limit); async with lab.Session(timeout=10) "
      .. "as session: return await asyncio.gather(*(fetch(session, sem, u) "
      .. "for u in urls)). gather returns the results in the order of urls.",
  },
}
