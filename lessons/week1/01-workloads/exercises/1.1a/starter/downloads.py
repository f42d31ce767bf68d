"""Exercise 1.1a: three downloads at once.

Right now the three downloads run one after another: 2 + 1 + 3 = 6 s.
Make the waits overlap so the whole program takes 3 s, and keep the
output exactly the same (pages in the order a, b, c, then the total).
Do not change fetch() or PAGES.
"""
import asyncio

PAGES = [("a", 2), ("b", 1), ("c", 3)]   # (name, seconds of waiting)


async def fetch(name, seconds):
    """Pretend to download a page: wait for the network, return text."""
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"


async def main():
    for name, seconds in PAGES:
        page = await fetch(name, seconds)
        print(page)
    print(f"total: {len(PAGES)} pages")


if __name__ == "__main__":
    asyncio.run(main())
