return {
  id = "2.2a",
  title = "Release on cancel, and stay cancelled",
  kind = "python",
  file = "conn_worker.py",
  statement = "README.md",
  hints = {
    "Run it: main cancels the worker at 2.5 s, but the worker prints "
      .. "\"q2 failed, retrying\" again and goes on. What did the bare "
      .. "except: just catch?",
    "CancelledError is a BaseException, not an Exception (since 3.8), so "
      .. "`except ConnectionError:` (or `except Exception:`) retries real "
      .. "errors and lets cancellation through. Never catch it to carry "
      .. "on: catching it to clean up is fine if you re-raise.",
    "conn = await pool.acquire(), then right after it try: ... the query "
      .. "loop ... finally: await pool.release(conn). The finally runs on "
      .. "every way out (return, error, cancel), and only once the "
      .. "connection exists.",
  },
}
