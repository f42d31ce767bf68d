"""Exercise 1.3b: three bugs in one main(), fixed (reference)."""
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


background = set()

async def main():
    await announce("start")
    t = asyncio.create_task(save_stats())
    background.add(t)
    t.add_done_callback(background.discard)
    tasks = [asyncio.create_task(fetch(i)) for i in range(ITEMS)]
    for r in [await x for x in tasks]:
        print(r)
    await t
    print("done")

if __name__ == "__main__":
    asyncio.run(main())
