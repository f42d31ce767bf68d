-- Lesson 2.6: HTTP with the aiohttp client.
return {
  id = "2.6",
  title = "HTTP with aiohttp: sessions and pools",
  summary = "One session under async with, a connection pool, explicit "
         .. "timeouts, and a limit on requests in flight",
  pages = {
    "pages/01-client-session.md",
  },
  demos = {
    {
      id = "2.6-pool",
      title = "Connection pool: reuse vs a session per request",
      script = "demos/pool.lua",
      about = "Twelve requests through a simulated connector. A new "
           .. "connection costs a 0.3 s handshake; a kept-alive one is "
           .. "reused for free. With one shared session only `limit` "
           .. "connections are ever opened; with a session per request "
           .. "every request opens its own, and the limit no longer "
           .. "limits anything.",
      knobs = {
        { name = "limit", label = "connector limit", value = 5, min = 1,
          max = 12, step = 1 },
        { name = "shared", label = "one shared session (1/0)", value = 1,
          min = 0, max = 1, step = 1 },
        { name = "latency", label = "server latency (s)", value = 1,
          min = 0.2, max = 3, step = 0.2 },
      },
    },
  },
  exercises = { "exercises/2.6a", "exercises/2.6b" },
  quiz = "quiz.lua",
}
