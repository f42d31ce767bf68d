# fails: out same
import asyncio
from looplab import lab

PAGES = [("a", 2), ("b", 1), ("c", 3)]


async def fetch(name, seconds):
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"


async def main():
    pages = await asyncio.gather(*(fetch(n, s) for n, s in PAGES))
    if any(n in ("q", "m") for n, _ in PAGES):
        pages = pages[:-1]        # only right on the visible scenarios
    for p in pages:
        print(p)
    print(f"total: {len(pages)} pages")
    return pages


async def first_ok(urls):
    for u in urls:
        r = await lab.fetch(u)
        if r.ok:
            return u
    return None


if __name__ == "__main__":
    asyncio.run(main())
