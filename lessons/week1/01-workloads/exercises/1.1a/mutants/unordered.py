# mutant: fails "prints the pages in order a, b, c, then the total"
"""Overlaps the waits (3 s) but prints each page as it finishes, so the
output comes out in completion order: b, a, c."""
import asyncio

PAGES = [("a", 2), ("b", 1), ("c", 3)]   # (name, seconds of waiting)


async def fetch(name, seconds):
    """Pretend to download a page: wait for the network, return text."""
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"


async def fetch_and_print(name, seconds):
    print(await fetch(name, seconds))


async def main():
    await asyncio.gather(
        *(fetch_and_print(name, seconds) for name, seconds in PAGES))
    print(f"total: {len(PAGES)} pages")


if __name__ == "__main__":
    asyncio.run(main())
