# bank: prints on the normal end and in an except that re-raises
"""Exercise 1.5a: an async generator and an async context manager."""
import asyncio
from contextlib import aclosing


class Timer:
    def __init__(self):
        self.elapsed = None

    async def __aenter__(self):
        self._loop = asyncio.get_running_loop()
        self._t0 = self._loop.time()
        return self

    async def __aexit__(self, *exc_info):
        self.elapsed = self._loop.time() - self._t0


async def ticker(n, period):
    try:
        for i in range(n):
            await asyncio.sleep(period)
            yield i
    except BaseException:
        print("ticker closed")
        raise
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
