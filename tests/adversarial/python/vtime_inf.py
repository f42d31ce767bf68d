# verdict: TLE
# error: more than 3600 virtual seconds
# Sleeps of infinite, NaN-free huge and negative-zero length: the virtual
# clock stops at --max-vtime: TLE, in bounded real
# time, never INTERNAL.
import asyncio


async def main():
    await asyncio.sleep(-0.0)
    await asyncio.sleep(1e308)
    await asyncio.sleep(float("inf"))

asyncio.run(main())
