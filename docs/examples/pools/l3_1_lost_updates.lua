-- L3.1 ThreadBots: threads share state, and read-modify-write races.
-- Four bots each move `moves` pieces of cutlery from the kitchen to the
-- tables. Each move is read kitchen, (a helper call: the "window"), write
-- kitchen - 1, then the same for the tables. Without a lock the simulated
-- GIL switches threads inside the window and updates are lost; with
-- `threads.Lock()` around the move, never.
-- Knobs: bots, moves, lock (0/1), window (0 = helper call, 1 = explicit
-- threads.yield()), gil (0/1), switch (GIL switch interval, instructions).
local threads = require("threads")
local K = knobs or {}
local bots = math.tointeger(K.bots) or 4
local moves = math.tointeger(K.moves) or 20000
local use_gil = (K.gil or 1) ~= 0
if K.switch then threads.setswitchinterval(math.tointeger(K.switch)) end

local function count_cutlery(n) local c = n for i = 1, 3 do c = c + 0 end return c end

local function bot(kitchen, tables, lock, n, locked, explicit, ready, nbots)
  -- everybody checks in first, so all bots are running when moves start
  ready:add(1)
  while ready:get() < nbots do threads.yield() end
  for _ = 1, n do
    if locked then lock:acquire() end
    local k = kitchen:get()
    if explicit then threads.yield() else k = count_cutlery(k) end
    kitchen:set(k - 1)
    local t = tables:get()
    if explicit then threads.yield() else t = count_cutlery(t) end
    tables:set(t + 1)
    if locked then lock:release() end
  end
end

local function run(locked)
  local total = bots * moves
  local kitchen, tables = threads.Value(total), threads.Value(0)
  local lock, ready = threads.Lock(), threads.Value(0)
  local ts = {}
  for i = 1, bots do
    ts[i] = threads.Thread{target = bot, name = "bot" .. i, gil = use_gil,
      args = {kitchen, tables, lock, moves, locked, (K.window or 0) ~= 0, ready, bots}}
    ts[i]:start()
  end
  for i = 1, bots do ts[i]:join() end
  local inventory = kitchen.value + tables.value
  print(("%-8s kitchen=%d tables=%d inventory=%d of %d  lost updates=%d"):format(
    locked and "locked" or "unlocked", kitchen.value, tables.value, inventory,
    total, total - tables.value))
  return total - tables.value
end

local lost_unlocked = run(false)
local lost_locked = run(true)
print(("GIL %s, switch interval %d instructions, %d switches"):format(
  use_gil and "on" or "off", threads.getswitchinterval(), threads.gil_stats().switches))
print(lost_unlocked > 0 and "unlocked: updates were lost" or "unlocked: no update lost this time")
print(lost_locked == 0 and "locked: no update lost" or "locked: LOST UPDATES (bug)")
