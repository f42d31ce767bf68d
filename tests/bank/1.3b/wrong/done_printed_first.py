# bank: prints done before awaiting the stats task
"""Exercise 1.3b: three bugs in one main(). Fix main() only.

The checks also run main() with other ITEMS, FETCH_SECONDS and
STATS_SECONDS, so work from those names, not from their values here.
"""
import asyncio

ITEMS = 3              # how many items main() fetches
FETCH_SECONDS = 1      # one network round trip
STATS_SECONDS = 1.5    # the background write


async def announce(text):
    print(text)


async def fetch(i):
    await asyncio.sleep(FETCH_SECONDS)
    return f"item {i}"


async def save_stats():
    await asyncio.sleep(STATS_SECONDS)
    print("stats saved")


async def main():
    await announce("start")
    stats = asyncio.create_task(save_stats())
    results = await asyncio.gather(*(fetch(i) for i in range(ITEMS)))
    for r in results:
        print(r)
    print("done")
    await stats


if __name__ == "__main__":
    asyncio.run(main())
