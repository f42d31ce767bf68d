# mutant: fails "no fire-and-forget task, no ensure_future"
"""Exercise 1.3b: three bugs in one main(), fixed."""
import asyncio


async def announce(text):
    print(text)


async def fetch(i):
    await asyncio.sleep(1)          # one network round trip
    return f"item {i}"


async def save_stats():
    await asyncio.sleep(1.5)        # a slower background write
    print("stats saved")


async def main():
    await announce("start")
    stats = asyncio.ensure_future(save_stats())
    results = await asyncio.gather(*(fetch(i) for i in range(3)))
    for r in results:
        print(r)
    await stats
    print("done")


if __name__ == "__main__":
    asyncio.run(main())
