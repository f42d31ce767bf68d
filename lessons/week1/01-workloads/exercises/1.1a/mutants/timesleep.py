# mutant: fails "never blocks the event loop"
# bug: blocking-call
import asyncio
import time

PAGES = [("a", 2), ("b", 1), ("c", 3)]   # (name, seconds of waiting)


async def fetch(name, seconds):
    time.sleep(seconds)                 # blocks the loop: nothing overlaps
    return f"page {name} ({seconds} s)"


async def main():
    pages = await asyncio.gather(
        *(fetch(name, seconds) for name, seconds in PAGES))
    for page in pages:
        print(page)
    print(f"total: {len(PAGES)} pages")


if __name__ == "__main__":
    asyncio.run(main())
