return {
  id = "2.4a",
  title = "A bank with a lock per account",
  kind = "python",
  file = "bank.py",
  statement = "README.md",
  -- the schedule seeds: 0 is CPython's own order, 1 and 2 let the tasks
  -- that are ready together run in another order, so a race shows
  seeds = { 0, 1, 2 },
  hints = {
    "transfer reads the balance, then awaits the database, then writes "
      .. "back what it read minus the amount. During that await another "
      .. "transfer on the same account reads the same old balance: one of "
      .. "the two writes is lost, or both pass the check and overdraw.",
    "An asyncio.Lock lets one task at a time through `async with lock:`. "
      .. "Give each account its own Lock (a dict made in __init__), and "
      .. "hold the locks of both accounts of a transfer from the balance "
      .. "check, across the await, to the last write.",
    "In __init__: self.locks = {name: asyncio.Lock() for name in "
      .. "self.balances}. In transfer: first, second = sorted([src, dst]), "
      .. "then `async with self.locks[first], self.locks[second]:` around "
      .. "the whole body. The fixed (sorted) order stops two transfers "
      .. "going opposite ways from waiting for each other forever.",
  },
}
