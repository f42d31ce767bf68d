# mutant: fails "asyncio.run is the only entry point"
"""Exercise 1.5a: an async generator and an async context manager."""
import asyncio
from contextlib import aclosing


class Timer:
    """async with Timer() as t: ... then t.elapsed is the loop time spent."""

    async def __aenter__(self):
        self.start = asyncio.get_running_loop().time()
        return self

    async def __aexit__(self, exc_type, exc, tb):
        self.elapsed = asyncio.get_running_loop().time() - self.start
        return False


async def ticker(n, period):
    """Wait `period` seconds, then yield i, for i = 0 .. n-1.

    Print "ticker closed" when the generator finishes or is closed.
    """
    try:
        for i in range(n):
            await asyncio.sleep(period)
            yield i
    finally:
        print("ticker closed")


# ---- leave main() as it is: the checks rely on it -----------------------

async def main():
    async with Timer() as t:
        values = [x async for x in ticker(3, 1)]
    print(values)
    print(f"elapsed: {t.elapsed:.1f} s")

    async with Timer() as t:
        async with aclosing(ticker(10, 0.5)) as ticks:
            async for x in ticks:
                print("tick", x)
                if x == 2:
                    break
    print(f"stopped early after {t.elapsed:.1f} s")


if __name__ == "__main__":
    loop = asyncio.new_event_loop()      # the pre-3.7 way
    loop.run_until_complete(main())
    loop.close()
