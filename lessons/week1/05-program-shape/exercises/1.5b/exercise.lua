return {
  id = "1.5b",
  title = "A connection that always closes",
  kind = "python",
  file = "resource.py",
  statement = "README.md",
  hints = {
    "`async with x as conn:` calls `await x.__aenter__()` (its value is "
      .. "conn) and, however the block ends, `await x.__aexit__(exc_type, "
      .. "exc, tb)`: with None three times after a normal end, with the "
      .. "exception otherwise. The close belongs there.",
    "Let the exception go on: __aexit__ returns False (or None); "
      .. "True would swallow it. With @asynccontextmanager, the code after "
      .. "`yield conn` runs only after a normal end unless it sits in a "
      .. "finally:.",
    "A class: __aenter__: self.conn = await open_conn(self.name); return "
      .. "self.conn. __aexit__: await self.conn.close(); return False. Or "
      .. "@asynccontextmanager: conn = await open_conn(name), then try: "
      .. "yield conn / finally: await conn.close(). Catch nothing: a cancel "
      .. "is a CancelledError, which must go on too.",
  },
}
