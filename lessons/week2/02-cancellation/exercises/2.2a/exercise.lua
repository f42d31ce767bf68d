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
      .. "`except Exception:` retries real errors and lets cancellation "
      .. "through. Then make sure the connection is released on every "
      .. "way out of the function.",
    "Wrap the whole query loop in try: ... finally: await "
      .. "pool.release(conn), and change except: to except Exception:. "
      .. "Do not catch CancelledError at all.",
  },
}
