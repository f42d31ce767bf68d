# alternative: ticker as a class with __aiter__/__anext__/aclose; Timer keeps the loop it started on
"""Exercise 1.5a: an async generator and an async context manager."""
import asyncio
from contextlib import aclosing


class Timer:
    """async with Timer() as t: ... then t.elapsed is the loop time spent."""

    async def __aenter__(self):
        self.loop = asyncio.get_running_loop()
        self.start = self.loop.time()
        return self

    async def __aexit__(self, *exc_info):
        self.elapsed = self.loop.time() - self.start


class ticker:
    """Wait `period` seconds, then yield i, for i = 0 .. n-1.

    Print "ticker closed" when the iteration finishes or is closed.
    """

    def __init__(self, n, period):
        self.n, self.period = n, period
        self.i = 0
        self.closed = False

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.i >= self.n:
            await self.aclose()
            raise StopAsyncIteration
        try:
            await asyncio.sleep(self.period)
        except BaseException:
            await self.aclose()
            raise
        self.i += 1
        return self.i - 1

    async def aclose(self):
        if not self.closed:
            self.closed = True
            print("ticker closed")


# ---- leave the rest as it is: the checks call these functions -----------

async def collect(n, period):
    """Read every tick into a list, timing it."""
    async with Timer() as t:
        values = [x async for x in ticker(n, period)]
    print(values)
    print(f"elapsed: {t.elapsed:.2f} s")


async def stop_early(n, period, stop):
    """Print the ticks up to `stop`, then break out and close the ticker."""
    async with Timer() as t:
        async with aclosing(ticker(n, period)) as ticks:
            async for x in ticks:
                print("tick", x)
                if x == stop:
                    break
    print(f"stopped early after {t.elapsed:.2f} s")


async def main():
    await collect(3, 1)
    await stop_early(10, 0.5, 2)


if __name__ == "__main__":
    asyncio.run(main())
