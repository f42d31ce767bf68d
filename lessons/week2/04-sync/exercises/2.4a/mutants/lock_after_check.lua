-- mutant: fails "no account goes negative, and no money is made or lost"
-- Locks the update, but checks the balance before taking the lock.
local M = {}

function M.Bank(balances, io)
  local bank = { balances = balances, lock = aio.Lock() }

  function bank:transfer(from, to, amount)
    if self.balances[from] < amount then return false end
    return self.lock:with(function()
      io()
      self.balances[from] = self.balances[from] - amount
      self.balances[to] = self.balances[to] + amount
      return true
    end)
  end

  return bank
end

return M
