"""Exercise 1.1a: three downloads at once.

Right now the downloads run one after another: 2 + 1 + 3 = 6 s. Make the
waits overlap so the whole program takes as long as the longest one
(3 s), and keep the output exactly the same: the pages in the order of
PAGES, then the total. Change main() only. The checks also run main()
with other PAGES lists, so work from PAGES, not from these three pages.
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
