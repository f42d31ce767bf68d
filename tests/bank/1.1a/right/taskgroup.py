# bank: a TaskGroup, then the results in list order
import asyncio

PAGES = [("a", 2), ("b", 1), ("c", 3)]   # (name, seconds of waiting)


async def fetch(name, seconds):
    """Pretend to download a page: wait for the network, return text."""
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"



async def main():
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(fetch(n, s)) for n, s in PAGES]
    for t in tasks:
        print(t.result())
    print("total:", len(tasks), "pages")

if __name__ == "__main__":
    asyncio.run(main())
