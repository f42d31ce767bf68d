-- mutant: fails "only one transfer at a time between check and update"
-- Exercise 2.4a: transfers that keep the books straight.
local M = {}

-- balances: { alice = 100, ... }. io() is the database round trip: it
-- waits, and other tasks run meanwhile. transfer returns true when the
-- money moved, false when `from` has too little.
function M.Bank(balances, io)
  local bank = { balances = balances, lock = aio.Semaphore(2) }

  function bank:transfer(from, to, amount)
    -- A semaphore of 2 is not a lock: two transfers overlap.
    -- between the balance check and the debit.
    return self.lock:with(function()
      if self.balances[from] < amount then return false end
      io()
      self.balances[from] = self.balances[from] - amount
      self.balances[to] = self.balances[to] + amount
      return true
    end)
  end

  return bank
end

return M
