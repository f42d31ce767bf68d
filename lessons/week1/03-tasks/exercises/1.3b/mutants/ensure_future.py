# mutant: fails "no fire-and-forget task, no ensure_future"
# bug: fire-and-forget
"""Exercise 1.3b: three bugs in one main(), fixed."""
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
    stats = asyncio.ensure_future(save_stats())     # runs in the background
    results = await asyncio.gather(*(fetch(i) for i in range(ITEMS)))
    for r in results:
        print(r)
    await stats                                   # keep it, wait for it
    print("done")


if __name__ == "__main__":
    asyncio.run(main())
