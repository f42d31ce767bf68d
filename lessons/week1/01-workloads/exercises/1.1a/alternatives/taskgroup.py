# alternative: a TaskGroup instead of gather
import asyncio

PAGES = [("a", 2), ("b", 1), ("c", 3)]   # (name, seconds of waiting)


async def fetch(name, seconds):
    """Pretend to download a page: wait for the network, return text."""
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"


async def main():
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(fetch(name, seconds))
                 for name, seconds in PAGES]
    for task in tasks:
        print(task.result())
    print(f"total: {len(PAGES)} pages")


if __name__ == "__main__":
    asyncio.run(main())
