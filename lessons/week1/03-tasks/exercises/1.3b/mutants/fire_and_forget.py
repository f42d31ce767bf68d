# mutant: fails "no task or coroutine is left behind"
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
    asyncio.create_task(save_stats())
    results = await asyncio.gather(*(fetch(i) for i in range(3)))
    for r in results:
        print(r)
    print("done")


if __name__ == "__main__":
    asyncio.run(main())
