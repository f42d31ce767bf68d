return {
  id = "2.6b",
  title = "Timeouts and error capture",
  kind = "python",
  file = "robust.py",
  statement = "README.md",
  hints = {
    "Grade it: the batch waits 30 s for /hang, and the 503 is returned "
      .. "as if it were a page. The checks change LIMIT and TIMEOUT, so use "
      .. "the constants, never a number of your own.",
    "lab.Session(timeout=TIMEOUT) (like aiohttp's ClientTimeout(total=...)) "
      .. "makes each request raise TimeoutError after TIMEOUT seconds. The "
      .. "timeout belongs to each request, inside the semaphore: a timeout "
      .. "around the whole gather, or one that also counts the wait for "
      .. "the semaphore, cuts the late requests short.",
    "In fetch, inside `async with sem:`: try: async with session.get(url) "
      .. "as resp: resp.raise_for_status(); return await resp.text() / "
      .. "except TimeoutError: return \"timeout\" / except "
      .. "lab.ClientResponseError as e: return f\"HTTP {e.status}\".",
  },
}
