return {
  id = "2.6b",
  title = "Timeouts and error capture",
  kind = "python",
  file = "robust.py",
  statement = "README.md",
  hints = {
    "Grade it: the batch waits 30 s for /hang, and the 503 is returned "
      .. "as if it were a page.",
    "lab.Session(timeout=2) (like aiohttp's ClientTimeout(total=2)) makes "
      .. "a request raise TimeoutError after 2 s. resp.raise_for_status() "
      .. "raises lab.ClientResponseError for 4xx/5xx; it has .status.",
    "In fetch: try: async with session.get(url) as resp: "
      .. "resp.raise_for_status(); return await resp.text() / except "
      .. "TimeoutError: return \"timeout\" / except lab.ClientResponseError "
      .. "as e: return f\"HTTP {e.status}\".",
  },
}
