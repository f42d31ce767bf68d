return {
  id = "2.4a",
  title = "A bank with a lock",
  kind = "lua",
  file = "bank.lua",
  statement = "README.md",
  hints = {
    "transfer checks the balance, then waits in io(), then debits. While "
      .. "it waits, other transfers check the same, not yet debited "
      .. "balance.",
    "An aio.Lock() shared by the bank lets one task at a time through "
      .. "lock:with(fn): the check, the round trip and the update must "
      .. "all be inside fn.",
    "bank.lock = aio.Lock(); in transfer: return self.lock:with(function() "
      .. "if self.balances[from] < amount then return false end; io(); "
      .. "update both balances; return true end).",
  },
}
