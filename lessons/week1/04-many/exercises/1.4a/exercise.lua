return {
  id = "1.4a",
  title = "Fetch them all, keep the failures",
  kind = "python",
  file = "fetch_all.py",
  statement = "README.md",
  hints = {
    "The starter waits for one site, then the next: the times add up. "
      .. "Start every fetch first, then wait for all of them at once.",
    "asyncio.gather(*(fetch(u) for u in urls), return_exceptions=True) "
      .. "runs them together and returns a list in the order of urls, "
      .. "where a failed fetch leaves its HTTPError in its slot instead "
      .. "of raising it.",
    "results = await asyncio.gather(..., return_exceptions=True), then "
      .. "return [f\"failed: {r.status}\" if isinstance(r, HTTPError) else "
      .. "r for r in results]. (With a TaskGroup, catch HTTPError inside "
      .. "each task: one uncaught error cancels the whole group.)",
  },
}
