"""Exercise 1.1a: three downloads at once (reference solution).

gather() starts every fetch at once, so their waits overlap and the
program takes as long as the longest one. It returns the results in
argument order, so the pages still print in the order of PAGES.
"""
import asyncio

PAGES = [("a", 2), ("b", 1), ("c", 3)]   # (name, seconds of waiting)


async def fetch(name, seconds):
    """Pretend to download a page: wait for the network, return text."""
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"


async def main():
    pages = await asyncio.gather(
        *(fetch(name, seconds) for name, seconds in PAGES))
    for page in pages:
        print(page)
    print(f"total: {len(PAGES)} pages")


if __name__ == "__main__":
    asyncio.run(main())
