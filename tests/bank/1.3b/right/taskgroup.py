# bank: a TaskGroup holding the stats task and the fetches
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

    async def fetch_and_print():
        items = await asyncio.gather(*[fetch(i) for i in range(ITEMS)])
        for item in items:
            print(item)

    async with asyncio.TaskGroup() as tg:
        stats = tg.create_task(save_stats())
        tg.create_task(fetch_and_print())
    assert stats.done()
    print("done")


if __name__ == "__main__":
    asyncio.run(main())
