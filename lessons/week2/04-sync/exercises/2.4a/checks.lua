-- Checks for 2.4a (lua, bank.lua). 1000 transfers between 5 accounts run
-- as concurrent tasks through run.exec; io() counts how many transfers
-- are inside their check-then-update section at once.
local NAMES = { "ann", "bob", "cy", "dee", "eve" }

-- A small deterministic generator (no math.random: same script always).
local function lcg(seed)
  local s = seed
  return function(n)
    s = (s * 1103515245 + 12345) % 2147483648
    return s % n + 1
  end
end

local cache
local function go(run)
  if cache then return cache end
  local m = run.module
  if type(m) ~= "table" or type(m.Bank) ~= "function" then
    cache = { err = "bank.lua must return the module table with "
                 .. "`function M.Bank(balances, io)`." }
    return cache
  end
  local inside, peak = 0, 0
  local function io()
    inside = inside + 1
    if inside > peak then peak = inside end
    aio.sleep(0.01)
    inside = inside - 1
  end
  local balances = {}
  for _, n in ipairs(NAMES) do balances[n] = 100 end
  local rnd = lcg(2024)
  local moves = {}
  for i = 1, 1000 do
    local a, b = NAMES[rnd(5)], NAMES[rnd(5)]
    moves[i] = { a, b, rnd(60) }
  end
  local r = run.exec(function()
    local bank = m.Bank(balances, io)
    local tasks, refused = {}, 0
    for i, mv in ipairs(moves) do
      tasks[i] = aio.create_task("transfer " .. i, function()
        aio.sleep((i % 7) * 0.001)
        return bank:transfer(mv[1], mv[2], mv[3])
      end)
    end
    local res = aio.gather(tasks)
    for _, ok in ipairs(res) do if ok == false then refused = refused + 1 end end
    return { refused = refused }
  end)
  cache = { r = r, balances = balances, peak = peak }
  if not r.ok then cache.err = "the transfers raised: " .. tostring(r.error) end
  return cache
end

return {
  {
    name = "no account goes negative, and no money is made or lost",
    points = 2,
    fn = function(run)
      local c = go(run)
      if c.err then return false, c.err end
      local total, neg = 0, {}
      for _, n in ipairs(NAMES) do
        total = total + c.balances[n]
        if c.balances[n] < 0 then
          neg[#neg + 1] = n .. "=" .. c.balances[n]
        end
      end
      if #neg > 0 or total ~= 500 then
        return false, "After 1000 concurrent transfers: total " .. total
          .. " (should stay 500)" .. (#neg > 0 and (", negative: "
          .. table.concat(neg, " ")) or "") .. ". Two transfers both "
          .. "passed the balance check before either debited. Hold an "
          .. "aio.Lock from the check to the update.", tostring(total)
      end
      return true
    end,
  },
  {
    name = "only one transfer at a time between check and update",
    points = 2,
    fn = function(run)
      local c = go(run)
      if c.err then return false, c.err end
      if c.peak ~= 1 then
        return false, c.peak .. " transfers were inside the database "
          .. "round trip at once; with the check and the update under one "
          .. "lock there is exactly 1.", tostring(c.peak)
      end
      return true, nil, "1"
    end,
  },
  {
    name = "refused transfers return false",
    points = 1,
    fn = function(run)
      local c = go(run)
      if c.err then return false, c.err end
      if c.r.value.refused == 0 then
        return false, "No transfer was refused, but many ask for more "
          .. "than the account holds: return false without moving money.",
          "0"
      end
      return true, nil, tostring(c.r.value.refused)
    end,
  },
}
