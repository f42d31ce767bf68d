# bank: Timer reads time.perf_counter() (the statement asks for the loop's clock)
"""Exercise 1.5a: an async generator and an async context manager."""
import asyncio
import time
from contextlib import aclosing


class Timer:
    async def __aenter__(self):
        self.start = time.perf_counter()
        return self

    async def __aexit__(self, exc_type, exc, tb):
        self.elapsed = time.perf_counter() - self.start
        return False


async def ticker(n, period):
    try:
        i = 0
        while i < n:
            await asyncio.sleep(period)
            yield i
            i += 1
    finally:
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
