-- Checks for 2.4a (python, bank.py). Every scenario runs one day of
-- transfers (run_day, or two_tellers for the second caller) and the
-- checks read what it returned: {"balances": {...}, "accepted": [...]}.
-- They never depend on the order in which the transfers got their turn:
-- any correct locking passes under every schedule seed.

-- every check reads its scenario's data: without one (a dry run of the
-- checks) there is nothing to measure
local function guarded(f)
  return function(run)
    if type(run) ~= "table" or type(run.scenario) ~= "table"
        or type(run.scenario.data) ~= "table" then
      return false, "this check needs a scenario run"
    end
    return f(run)
  end
end

local NAMES = { "ann", "bob", "cy", "dee", "eve", "fay", "gus", "hal" }

local function quote(s) return '"' .. s .. '"' end

local function show_move(m)
  return string.format("%s -> %s %d", m[1], m[2], m[3])
end

-- the moves in the order of the result's "accepted" list
local function all_moves(sc)
  local d = sc.data
  if d.moves_b then
    local ms = {}
    for _, m in ipairs(d.moves) do ms[#ms + 1] = m end
    for _, m in ipairs(d.moves_b) do ms[#ms + 1] = m end
    return ms
  end
  return d.moves
end

local function fn_name(sc)
  return sc.data.moves_b and "two_tellers" or "run_day"
end

-- the day's result, or nil and why there is none
local function day(run)
  local sc = run.scenario
  local r = run.result
  local err = run.error or ""
  if err:find("deadlock") then
    return nil, fn_name(sc) .. "() never returned: the program deadlocked. "
      .. "Two transfers going opposite ways (ann -> bob and bob -> ann) "
      .. "each took one account's lock and now wait for the other's. "
      .. "Take the two locks in one fixed order, whichever way the money "
      .. "goes: for example sorted by account name."
  end
  if type(r) ~= "table" or type(r.balances) ~= "table"
      or type(r.accepted) ~= "table" then
    return nil, fn_name(sc) .. "() did not return the day's "
      .. "{\"balances\": ..., \"accepted\": [...]} dictionary"
      .. (err ~= "" and (": it raised " .. err:match("[^\n]*\n?$")
                          :gsub("%s+$", ""))
                   or "; keep run_day, two_tellers and main as the "
                      .. "starter has them.")
  end
  if #r.accepted ~= #all_moves(sc) then
    return nil, "accepted has " .. #r.accepted .. " entries for "
      .. #all_moves(sc) .. " moves: keep run_day and two_tellers as the "
      .. "starter has them."
  end
  return r
end

local function books(run)
  local r, why = day(run)
  if not r then return false, why end
  local d = run.scenario.data
  local want, total0, total = {}, 0, 0
  for _, n in ipairs(d.names) do
    want[n] = d.balances[n]
    total0 = total0 + d.balances[n]
  end
  local moves = all_moves(run.scenario)
  for i, m in ipairs(moves) do
    if r.accepted[i] == true then
      want[m[1]] = want[m[1]] - m[3]
      want[m[2]] = want[m[2]] + m[3]
    end
  end
  local wrong, neg = {}, {}
  for _, n in ipairs(d.names) do
    local got = r.balances[n]
    if type(got) ~= "number" then
      return false, "The balances returned have no account " .. quote(n)
        .. ": Bank must keep every account it was given."
    end
    total = total + got
    if got < 0 then neg[#neg + 1] = n .. " " .. got end
    if got ~= want[n] then
      wrong[#wrong + 1] = string.format("%s %d (the accepted transfers "
        .. "make it %d)", n, got, want[n])
    end
  end
  if #neg > 0 or #wrong > 0 then
    return false, string.format("After the day: %s%s; the total is %d, "
      .. "it started at %d. Two transfers on the same account both read "
      .. "its balance before the await and both wrote back what they "
      .. "had read minus their amount, so one update was lost (or an "
      .. "overdraft went through). Hold that account's asyncio.Lock from "
      .. "the balance check, across the await, to the last update: the "
      .. "check and the write must be under the same lock.",
      #neg > 0 and ("below zero: " .. table.concat(neg, ", ") .. "; ")
        or "",
      #wrong > 0 and ("wrong balances: " .. table.concat(wrong, ", "))
        or "every balance matches the accepted transfers",
      total, total0), tostring(total)
  end
  return true, nil, tostring(total)
end

-- A transfer must go through when its account covers it even if every
-- other payment from that account went first, and must be refused when
-- the account cannot cover it even if every payment into it came first.
local function fair(run)
  local r, why = day(run)
  if not r then return false, why end
  local d = run.scenario.data
  local moves = all_moves(run.scenario)
  for i, m in ipairs(moves) do
    local lo, hi = d.balances[m[1]], d.balances[m[1]]
    for j, o in ipairs(moves) do
      if j ~= i and o[1] == m[1] then lo = lo - o[3] end
      if o[2] == m[1] then hi = hi + o[3] end
    end
    local got = r.accepted[i]
    if type(got) ~= "boolean" then
      return false, string.format("transfer(%s) returned %s: return True "
        .. "when the money moved, False when it did not.",
        show_move(m), tostring(got))
    end
    if lo >= m[3] and not got then
      return false, string.format("transfer(%s) returned False, but %s "
        .. "held %d: enough for it whatever order the day's transfers "
        .. "ran in. Refuse only when the balance, read under the lock, "
        .. "is below the amount.", show_move(m), m[1], d.balances[m[1]]),
        show_move(m)
    end
    if hi < m[3] and got then
      return false, string.format("transfer(%s) returned True, but %s "
        .. "never held %d, whatever order the day's transfers ran in. "
        .. "Return False (and move nothing) when the balance is below the "
        .. "amount.", show_move(m), m[1], m[3]), show_move(m)
    end
  end
  return true
end

local function names_of(balances)
  local ns = {}
  for _, n in ipairs(NAMES) do
    if balances[n] ~= nil then ns[#ns + 1] = n end
  end
  return ns
end

-- a run_day scenario (call fields + data)
local function run_day(balances, moves, round_trip, extra)
  local sc = {
    call = "run_day", args = { balances, moves },
    set = { ROUND_TRIP = round_trip },
    data = { balances = balances, moves = moves, names = names_of(balances) },
  }
  for k, v in pairs(extra or {}) do sc.data[k] = v end
  return sc
end

local function named(name, sc) sc.name = name; return sc end

local STATEMENT = { ann = 100, bob = 20, cy = 0, dee = 50 }
local STATEMENT_MOVES = { { "ann", "bob", 60 }, { "ann", "bob", 60 },
                          { "bob", "cy", 20 }, { "dee", "cy", 30 } }

local TELLERS = { ann = 80, bob = 35, cy = 10, dee = 0 }

return {
  scenarios = {
    { name = "the statement's day",
      data = { balances = STATEMENT, moves = STATEMENT_MOVES,
               names = names_of(STATEMENT) } },
    named("payments going both ways between the same accounts", run_day(
      { ann = 100, bob = 100, cy = 100 },
      { { "bob", "cy", 10 }, { "bob", "ann", 20 }, { "ann", "bob", 30 },
        { "cy", "ann", 40 } }, 0.37)),
    named("three pairs that share no account", run_day(
      { ann = 50, bob = 50, cy = 50, dee = 50, eve = 50, fay = 50 },
      { { "ann", "bob", 15 }, { "cy", "dee", 25 }, { "fay", "eve", 35 },
        { "bob", "ann", 45 } }, 0.43, { vtime = 0.86 })),
    { name = "two tellers at once", call = "two_tellers",
      args = { TELLERS,
               { { "ann", "bob", 45 }, { "bob", "cy", 30 },
                 { "cy", "dee", 25 } },
               { { "bob", "ann", 20 }, { "ann", "cy", 40 },
                 { "dee", "ann", 5 } } },
      set = { ROUND_TRIP = 0.29 },
      data = { balances = TELLERS, names = names_of(TELLERS),
               moves = { { "ann", "bob", 45 }, { "bob", "cy", 30 },
                         { "cy", "dee", 25 } },
               moves_b = { { "bob", "ann", 20 }, { "ann", "cy", 40 },
                           { "dee", "ann", 5 } } } },
    { name = "a random day", count = 4, make = function(rng)
        local pool = rng:shuffle({ table.unpack(NAMES) })
        local n = rng:int(3, 6)
        local balances = {}
        for i = 1, n do balances[pool[i]] = rng:int(1, 12) * 10 end
        local moves = {}
        for i = 1, rng:int(5, 10) do
          local a = rng:int(1, n)
          local b = rng:int(1, n - 1)
          if b >= a then b = b + 1 end
          moves[i] = { pool[a], pool[b], rng:int(5, 70) }
        end
        return run_day(balances, moves, rng:float(0.05, 0.95, 2))
      end },
  },

  {
    name = "keeps the books: no money made or lost, no balance below zero",
    points = 3, hint = 2,
    fn = guarded(books),
  },
  {
    name = "refuses a transfer only when the account cannot cover it",
    points = 2, hint = 1,
    fn = guarded(fair),
  },
  {
    name = "transfers that share no account run at the same time",
    points = 2, hint = 2,
    scenarios = { "three pairs that share no account" },
    fn = guarded(function(run)
      local r, why = day(run)
      if not r then return false, why end
      local want = run.scenario.data.vtime
      local got = run.vtime or -1
      local measured = string.format("%.2f s", got)
      if math.abs(got - want) > 1e-6 then
        return false, string.format("ann -> bob, cy -> dee, fay -> eve and "
          .. "then bob -> ann, with a %.2f s round trip, took %.2f virtual "
          .. "seconds; expected %.2f: the first three share no account and "
          .. "run together, only bob -> ann waits for ann -> bob. %s",
          want / 2, got, want,
          got > want
            and "One lock for the whole bank makes every transfer wait "
                .. "for every other: give each account its own lock and "
                .. "take only the two a transfer touches."
            or "bob -> ann did not wait for ann -> bob, yet both "
               .. "change ann and bob: hold the locks of both accounts "
               .. "from the balance check, across the round trip (await "
               .. "asyncio.sleep(ROUND_TRIP)), to the last write."),
          measured
      end
      return true, nil, measured
    end),
  },
  check.noerror { name = "runs without an exception", points = 1 },
}
