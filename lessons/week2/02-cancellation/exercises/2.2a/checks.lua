-- Checks for 2.2a (python, conn_worker.py). Display order = list order.
--
-- Each scenario runs main() with its own QUERIES, FLAKY and CANCEL_AT
-- (set); the expected output is worked out here. Connecting takes 0.1 s,
-- each query attempt 1 s, the release 0.2 s. No cancel lands on a
-- boundary between two steps, nor during the release.

local function simulate(queries, flaky, cancel_at)
  local out, t = {}, 0.1
  local left = {}
  for k, v in pairs(flaky) do left[k] = v end
  local function cancelled(at, acquired)
    if acquired then out[#out + 1] = "connection released" end
    out[#out + 1] = "main: worker was cancelled"
    out[#out + 1] = "free connections: 3"
    return { out = table.concat(out, "\n") .. "\n",
             ends = acquired and at + 0.2 or at, acquired = acquired,
             cancelled = true }
  end
  if cancel_at < t then return cancelled(cancel_at, false) end
  for _, q in ipairs(queries) do
    while true do
      if cancel_at < t + 1 then return cancelled(cancel_at, true) end
      t = t + 1
      if (left[q] or 0) > 0 then
        left[q] = left[q] - 1
        out[#out + 1] = q .. " failed, retrying"
      else
        out[#out + 1] = "rows for " .. q
        break
      end
    end
  end
  out[#out + 1] = "connection released"
  out[#out + 1] = "main: worker returned " .. #queries
  out[#out + 1] = "free connections: 3"
  return { out = table.concat(out, "\n") .. "\n", ends = t + 0.2,
           acquired = true, cancelled = false }
end

local function scenario(name, queries, flaky, cancel_at, script)
  local d = simulate(queries, flaky, cancel_at)
  d.cancel_at = cancel_at
  return { name = name, call = (not script) and "main" or nil,
           set = (not script) and { QUERIES = queries, FLAKY = flaky,
                                    CANCEL_AT = cancel_at } or nil,
           data = d }
end

local Q5 = { "q1", "q2", "q3", "q4", "q5" }

return {
  scenarios = {
    scenario("the statement's example", Q5, { q2 = 1 }, 2.5, true),
    scenario("cancelled while connecting", Q5, { q2 = 1 }, 0.05),
    scenario("cancelled in the first query", { "r1", "r2" }, {}, 0.73),
    scenario("the worker finishes first", { "s1", "s2", "s3" },
             { s2 = 1 }, 30),
    scenario("a query fails twice", { "q1", "q2", "q3", "q4" },
             { q1 = 1, q3 = 2 }, 4.61),
    { name = "random workers", count = 3, make = function(rng)
        local queries, flaky, attempts = {}, {}, 0
        for i = 1, rng:int(1, 5) do
          local q = "x" .. i
          queries[i] = q
          local f = rng:pick({ 0, 0, 1, 2 })
          if f > 0 then flaky[q] = f end
          attempts = attempts + 1 + f
        end
        local where = rng:int(1, 4)
        local cancel_at
        if where == 1 then cancel_at = rng:float(0.01, 0.09, 2)   -- connecting
        elseif where == 2 then cancel_at = attempts + 7.5         -- never
        else                                                      -- mid-query
          cancel_at = 0.1 + rng:int(0, attempts - 1) + rng:float(0.05, 0.95, 2)
        end
        local d = simulate(queries, flaky, cancel_at)
        d.cancel_at = cancel_at
        return { call = "main", data = d,
                 set = { QUERIES = queries, FLAKY = flaky,
                         CANCEL_AT = cancel_at } }
      end },
  },

  check.out {
    name = "the worker ends cancelled, the connection back in the pool",
    points = 3, hint = 2,
    expect = function(sc) return sc.data.out end,
    message = "main() cancels the worker at CANCEL_AT. Expected: a query "
           .. "that fails with ConnectionError is retried, a cancel is "
           .. "not (a second \"failed, retrying\" for the same query, or "
           .. "more queries after the cancel, mean an except: caught the "
           .. "CancelledError: catch ConnectionError or Exception instead); "
           .. "the worker ends cancelled (\"main: worker was cancelled\"), "
           .. "and left alone it returns how many queries ran.",
  },

  {
    name = "releases the connection once, on every way out",
    points = 2, hint = 3,
    fn = function(run)
      local d = run.scenario.data
      local out = run.out or ""
      local n = 0
      for _ in out:gmatch("connection released") do n = n + 1 end
      local free = out:match("free connections: (%-?%d+)")
      local want = d.acquired and 1 or 0
      if n == want and free == "3" then return true end
      local when
      if not d.acquired then
        when = "while it was still connecting (no connection yet: "
          .. "nothing to release)"
      elseif d.cancelled then
        when = "in the middle of a query (the connection must be "
          .. "released before the worker ends cancelled)"
      else
        when = "never: the worker finished its queries (the connection "
          .. "must be released on this way out too)"
      end
      return false, string.format("The worker was cancelled %s. "
        .. "\"connection released\" was printed %d time(s) (expected %d) "
        .. "and main() printed %s (expected \"free connections: 3\"). Put "
        .. "`await pool.release(conn)` in a `finally:` that starts right "
        .. "after `conn = await pool.acquire()`, so it runs once on every "
        .. "way out, and only once a connection was acquired.",
        when, n, want, free and ("\"free connections: " .. free .. "\"")
          or "no \"free connections\" line"), string.format("%d, free %s", n,
        free or "none")
    end,
  },

  check.vtime {
    name = "stops right after the cancel and the release",
    points = 1, hint = 3,
    eq = function(sc) return sc.data.ends end,
    message = "The run took {measured} virtual seconds; expected {expected} "
           .. "(the cancel, then 0.2 s to release the connection, or the "
           .. "worker's own end if it finished first). Longer means the "
           .. "worker went on after the cancel.",
  },

  check.noleak { name = "no task left behind", points = 1 },

  check.noerror { name = "runs without an exception", points = 1 },
}
