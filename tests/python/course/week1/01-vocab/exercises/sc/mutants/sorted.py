# fails: out same
import asyncio
from looplab import lab

PAGES = [("a", 2), ("b", 1), ("c", 3)]


async def fetch(name, seconds):
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"


async def main():
    done = []
    for coro in asyncio.as_completed([fetch(n, s) for n, s in PAGES]):
        done.append(await coro)
    for p in sorted(done):
        print(p)
    print(f"total: {len(done)} pages")


async def first_ok(urls):
    for u in urls:
        r = await lab.fetch(u)
        if r.ok:
            return u


if __name__ == "__main__":
    asyncio.run(main())
