"""Exercise 1.3b: three bugs in one main(). Fix main() only."""
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
    announce("start")
    asyncio.create_task(save_stats())
    results = []
    for i in range(3):
        results.append(await fetch(i))
    for r in results:
        print(r)
    print("done")


if __name__ == "__main__":
    asyncio.run(main())
