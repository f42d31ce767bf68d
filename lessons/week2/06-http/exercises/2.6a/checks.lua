-- Checks for 2.6a (python, fetch_all.py). The lab server answers every
-- /page/* after 1 s, and with 429 to a request that would make more than
-- 5 in flight (a server's rate limit).
return {
  lab = {
    endpoints = { ["/page/*"] = { latency = 1 } },
    max_concurrent = 5,
  },
  check.out {
    name = "every request answered 200 (at most 5 at once)",
    points = 2,
    expect = "statuses: [200]\nfetched: 20\n",
    message = "The server answers 429 (Too Many Requests) to a request "
           .. "that would make more than 5 in flight. Limit yourself with "
           .. "an asyncio.Semaphore(limit) around each request.",
  },
  check.maxconc {
    name = "5 requests in flight at the peak",
    points = 1, tag = "http", eq = 5,
  },
  check.vtime {
    name = "5 at a time: 20 pages of 1 s in 4 s",
    points = 1, min = 4, max = 4,
    message = "The run took {measured} virtual seconds; 20 requests of "
           .. "1 s, 5 at a time, take 4 s.",
  },
  check.noleak {
    name = "the session is closed, nothing left behind",
    points = 2,
    message = "Something was left open: use one session for all requests, "
           .. "in `async with lab.Session(...) as session:`.",
  },
}
