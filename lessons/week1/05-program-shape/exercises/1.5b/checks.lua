-- Checks for 1.5b (python, resource.py). The file runs as a script (the
-- statement's main), then trial(name, steps, period, fail_at, error) is
-- called on its own: blocks that end normally, fail at the first or the
-- last message with other exception types, are cancelled in the block or
-- while opening, and a service that refuses to open. Each check compares
-- the printed lines (and, for a cancel, how the call ended).

local OPEN, CLOSE = 0.5, 0.5

-- What trial(...) prints and how long it takes. kind: "normal", "error",
-- "cancel" (cancel_at = halfway through message `cancel_in`), "opening"
-- (cancel_at while opening), "refused" (the name is in BROKEN).
local function session(kind, name, steps, period, opt)
  opt = opt or {}
  local lines, t = {}, 0
  local function say(s) lines[#lines + 1] = name .. ": " .. s .. "\n" end
  local sc = { call = "trial", args = { name, steps, period } }
  if kind == "refused" then
    sc.set = { BROKEN = { name } }
    say("result ConnectionError: " .. name .. " refused the connection")
    t = OPEN
  elseif kind == "opening" then
    sc.cancel_at = opt.at
    t = opt.at
  else
    t = OPEN
    say("open")
    local last = steps - 1
    if kind == "error" then
      last = opt.fail_at
      sc.args = { name, steps, period, opt.fail_at, opt.error }
    elseif kind == "cancel" then
      last = opt.cancel_in - 1
    end
    for i = 0, last do
      t = t + period
      say("sent msg " .. i)
    end
    if kind == "cancel" then
      -- halfway through the next message, on a 0.01 s grid
      sc.cancel_at = math.floor((t + period / 2) * 100 + 0.5) / 100
      t = sc.cancel_at
    end
    say("closing")
    say("closed")
    t = t + CLOSE
    if kind == "normal" then
      say("result " .. steps)
    elseif kind == "error" then
      say("result " .. opt.error .. ": bad reply to msg " .. opt.fail_at)
    end
  end
  sc.data = { kind = kind, out = table.concat(lines), time = t,
              at = sc.cancel_at }
  return sc
end

local function named(name, sc) sc.name = name return sc end

local STATEMENT_OUT = table.concat({
  "db: open", "db: sent msg 0", "db: sent msg 1", "db: closing",
  "db: closed", "db: result 2", "cache: open", "cache: sent msg 0",
  "cache: sent msg 1", "cache: closing", "cache: closed",
  "cache: result ValueError: bad reply to msg 1",
  "queue: result ConnectionError: queue refused the connection",
  "log: open", "log: sent msg 0", "log: closing", "log: closed",
  "log: cancelled", "" }, "\n")

local function call_text(sc)
  local a = sc.args
  local t = { string.format("%q", a[1]), tostring(a[2]), tostring(a[3]) }
  if a[4] then t[4] = "fail_at=" .. a[4] t[5] = "error=\"" .. a[5] .. "\"" end
  return "trial(" .. table.concat(t, ", ") .. ")"
end

local function show(text)
  text = text or ""
  if text == "" then return "nothing" end
  return "\n" .. text:gsub("\n$", ""):gsub("\n", " | ")
end

-- The common shape of the four behaviour checks: only scenarios of
-- `kinds`; `first` (how the call ended) is asked before the printed lines
-- are compared with the expected ones.
local function behaviour(kinds, advice, first)
  return function(run)
    local sc = run.scenario
    if not kinds[sc.data.kind] then return true end
    local where = call_text(sc)
    if sc.data.at then
      where = where .. string.format(", cancelled at %.2f s,", sc.data.at)
    end
    if first then
      local ok, msg, m = first(run, where)
      if not ok then return ok, msg, m end
    end
    if (run.out or "") ~= sc.data.out then
      return false, where .. " printed" .. show(run.out) .. "\nExpected"
        .. show(sc.data.out) .. "\n" .. advice, show(run.out)
    end
    return true
  end
end

local NOT_CANCELLED = { "the statement's sessions", "four messages of 0.37 s",
  "the first reply is bad", "the last reply is bad", "refused to open",
  "random sessions" }

return {
  scenarios = {
    { name = "the statement's sessions",
      data = { kind = "statement", time = 6.2 } },
    named("four messages of 0.37 s", session("normal", "mail", 4, 0.37)),
    named("the first reply is bad", session("error", "auth", 3, 0.41,
      { fail_at = 0, error = "RuntimeError" })),
    named("the last reply is bad", session("error", "feed", 5, 0.23,
      { fail_at = 4, error = "TimeoutError" })),
    named("cancelled in the block", session("cancel", "stream", 6, 0.45,
      { cancel_in = 2 })),
    named("cancelled while opening", session("opening", "slow", 3, 0.3,
      { at = 0.2 })),
    named("refused to open", session("refused", "r9", 2, 0.3)),
    { name = "random sessions", count = 2, make = function(rng)
        local name = rng:pick({ "ftp", "smtp", "redis", "ldap", "mqtt" })
        local steps, period = rng:int(1, 5), rng:float(0.05, 1.0, 2)
        local kind = rng:pick({ "normal", "error", "error", "refused" })
        return session(kind, name, steps, period, {
          fail_at = rng:int(0, steps - 1),
          error = rng:pick({ "ValueError", "RuntimeError", "TimeoutError" }) })
      end },
    { name = "random cancels", count = 1, make = function(rng)
        local steps = rng:int(2, 5)
        return session("cancel", rng:pick({ "ws", "grpc", "amqp" }), steps,
          rng:float(0.1, 1.0, 2), { cancel_in = rng:int(0, steps - 1) })
      end },
  },

  check.out {
    name = "prints the statement's sessions", points = 1, hint = 2,
    scenarios = { "the statement's sessions" }, expect = STATEMENT_OUT,
    message = "main() should print the lines of the statement: every "
           .. "connection that opened prints \"closing\" and \"closed\" "
           .. "before its result (or before \"log: cancelled\"), and the "
           .. "refused one prints neither.",
  },
  {
    name = "closes after a block that ends normally", points = 1, hint = 1,
    fn = behaviour({ normal = true }, "When the block ends, __aexit__ "
      .. "must `await conn.close()` (with @asynccontextmanager: the code "
      .. "after the yield, in a finally:)."),
  },
  {
    name = "closes, then lets the block's error through", points = 2,
    hint = 2,
    fn = behaviour({ error = true }, "When the block raises, close the "
      .. "connection and let that same exception go on: __aexit__ awaits "
      .. "the close and returns False (or None); returning True swallows "
      .. "the error. Whatever the exception's type: close on every path "
      .. "(a finally:), not for a list of types."),
  },
  {
    name = "closes on cancel, and the cancel goes through", points = 2,
    hint = 3,
    fn = behaviour({ cancel = true }, "A cancel arrives as CancelledError "
      .. "inside the block. It is not an Exception (it derives from "
      .. "BaseException), so `except Exception:` misses it: close in a "
      .. "finally: (or in __aexit__) and let it go on.",
      function(run, where)
        if run.main_end ~= "cancel" then
          return false, where .. " carried on and ended normally: the "
            .. "CancelledError was swallowed (returning True from __aexit__, "
            .. "or catching it around the yield without raising it again). "
            .. "After the close, the cancel must go on. It printed"
            .. show(run.out),
            tostring(run.main_end)
        end
        return true
      end),
  },
  {
    name = "a connection that never opened is not closed", points = 1,
    hint = 3,
    fn = behaviour({ opening = true, refused = true }, "When open_conn "
      .. "raises or is cancelled there is no connection: close nothing, "
      .. "and let that exception (or the cancel) go on. With a class, "
      .. "__aexit__ is not even called when __aenter__ raises; with "
      .. "@asynccontextmanager, open before the try:.",
      function(run, where)
        if run.scenario.data.kind == "opening" and run.main_end ~= "cancel" then
          return false, where .. " did not end cancelled.",
            tostring(run.main_end)
        end
        return true
      end),
  },
  check.vtime {
    name = "takes as long as the open, the messages and the close",
    points = 1, hint = 1, eq = function(sc) return sc.data.time end,
    message = "It took {measured} virtual seconds; expected {expected}: "
           .. "0.5 s to open, each message's time, and 0.5 s to close, "
           .. "awaited before the call goes on (no close at all is too "
           .. "fast, a close left to run in the background too).",
  },
  check.noleak {
    name = "leaves nothing running", points = 1, hint = 1,
    scenarios = NOT_CANCELLED,
    message = "A task was still running when the call returned: await "
           .. "conn.close() in __aexit__ itself, do not start it as a "
           .. "separate task.",
  },
  check.noerror { name = "runs without an exception", points = 1,
    scenarios = NOT_CANCELLED },
}
