# bank: the open inside try/finally: a refused open closes a connection that does not exist
"""Exercise 1.5b: an async context manager that always closes."""
import asyncio
from contextlib import asynccontextmanager   # if you want to use it

# Services that refuse to open. The checks use other names: never copy
# values from here.
BROKEN = ["queue"]
OPEN_TIME = 0.5
CLOSE_TIME = 0.5


class Conn:
    """A connection to one service (given: leave it as it is)."""

    def __init__(self, name):
        self.name = name

    async def send(self, message, seconds):
        """Send a message; its answer takes `seconds`."""
        await asyncio.sleep(seconds)
        print(f"{self.name}: sent {message}")

    async def close(self):
        """Close the connection: that takes CLOSE_TIME seconds too."""
        print(f"{self.name}: closing")
        await asyncio.sleep(CLOSE_TIME)
        print(f"{self.name}: closed")


async def open_conn(name):
    """Open a connection (OPEN_TIME seconds); a name in BROKEN raises
    ConnectionError, and then there is nothing to close."""
    await asyncio.sleep(OPEN_TIME)
    if name in BROKEN:
        raise ConnectionError(f"{name} refused the connection")
    print(f"{name}: open")
    return Conn(name)


# ---- write this -----------------------------------------------------------

@asynccontextmanager
async def connection(name):
    try:
        conn = await open_conn(name)
        yield conn
    finally:
        await conn.close()


# ---- leave the rest as it is: the checks call these functions -------------

ERRORS = {"ValueError": ValueError, "RuntimeError": RuntimeError,
          "TimeoutError": TimeoutError}


async def use(name, steps, period, fail_at=-1, error="ValueError"):
    """Send `steps` messages over connection(name), `period` s apart; the
    reply to message number `fail_at` is bad (raises `error`)."""
    async with connection(name) as conn:
        for i in range(steps):
            await conn.send(f"msg {i}", period)
            if i == fail_at:
                raise ERRORS[error](f"bad reply to msg {i}")
    return steps


async def trial(name, steps, period, fail_at=-1, error="ValueError"):
    """use(...), printing what came out of it (a cancel goes through)."""
    try:
        result = await use(name, steps, period, fail_at, error)
    except Exception as e:
        result = f"{type(e).__name__}: {e}"
    print(f"{name}: result {result}")
    return result


async def main():
    await trial("db", 2, 0.3)
    await trial("cache", 3, 0.3, fail_at=1)
    await trial("queue", 1, 0.3)
    task = asyncio.create_task(trial("log", 5, 1.0))
    await asyncio.sleep(2)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("log: cancelled")


if __name__ == "__main__":
    asyncio.run(main())
