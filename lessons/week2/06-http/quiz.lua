-- Quiz 2.6. Run with /usr/bin/python3 (CPython
-- 3.11.2) and Debian's python3-aiohttp 3.8.4:
--   Q1, Q4: `async with aiohttp.ClientSession() as s:` printed
--       "limit 100 limit_per_host 0" and "ClientTimeout(total=300, ...)"
--   Q3: the snippet (a 1 s sleep standing in for the request) took 4.0
--       virtual seconds under looplab dev check; peak 5.
return {
  {
    kind = "mc",
    prompt = "What are aiohttp's default connection limits "
          .. "(TCPConnector)?",
    choices = {
      "limit=10 in total, limit_per_host=2",
      "limit=100 in total, limit_per_host=0 (no per-host limit)",
      "no limit at all",
      "limit=100 in total and 100 per host",
    },
    answer = 2,
    explain = "aiohttp 3.8.4 printed limit 100, limit_per_host 0, and 0 "
           .. "means unlimited per host. So by default one program can "
           .. "open 100 connections to a single server: set your own "
           .. "limit (connector or Semaphore) to be a polite client.",
  },
  {
    kind = "mc",
    prompt = "Why share one ClientSession across requests instead of one "
          .. "per request?",
    choices = {
      "Sessions are expensive Python objects",
      "The pool: kept-alive connections are reused (no new TCP/TLS "
        .. "handshake), cookies and DNS cache are shared, and there is one "
        .. "thing to close",
      "aiohttp allows only one session per process",
      "A per-request session cannot set a timeout",
    },
    answer = 2,
    explain = "The session owns the connection pool. One per request "
           .. "throws the pool away each time (a new handshake per "
           .. "request) and gives you many sessions to close; a forgotten "
           .. "one prints \"Unclosed client session\". aiohttp allows many "
           .. "sessions; it is just wasteful.",
  },
  {
    kind = "pt",
    prompt = "A Semaphore(5) around each request; 20 URLs; each request "
          .. "takes 1 s. How long does the batch take?",
    lang = "python",
    code = [[
sem = asyncio.Semaphore(5)


async def get(url):
    async with sem:
        await asyncio.sleep(1)       # the request


async def main():
    await asyncio.gather(*(get(f"/page/{i}") for i in range(20)))
]],
    prelude = "import asyncio\n",
    run = "asyncio.run(main())",
    choices = { "1 s", "4 s", "5 s", "20 s" },
    answer = 2,
    explain = "Five at a time, four rounds: 4 s, and the server never "
           .. "sees more than 5 at once. 1 s would be no limit at all "
           .. "(and, against a server that accepts 5, fifteen 429s).",
  },
  {
    kind = "mc",
    prompt = "What is the default total timeout of an aiohttp "
          .. "ClientSession request?",
    choices = { "None: it waits forever", "30 seconds",
                "5 minutes (300 s)", "60 seconds" },
    answer = 3,
    explain = "ClientTimeout(total=300): five minutes. A server that "
           .. "accepts the connection and never answers holds your task "
           .. "that long, which is why every session should get an "
           .. "explicit ClientTimeout.",
  },
}
