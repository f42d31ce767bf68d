# mutant: fails "prints every page in list order, then the total", "takes as long as the longest page"
# bug: hard-coded
import asyncio

PAGES = [("a", 2), ("b", 1), ("c", 3)]   # (name, seconds of waiting)


async def fetch(name, seconds):
    """Pretend to download a page: wait for the network, return text."""
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"


async def main():
    print("page a (2 s)")
    print("page b (1 s)")
    print("page c (3 s)")
    await asyncio.sleep(3)              # the longest wait
    print("total: 3 pages")


if __name__ == "__main__":
    asyncio.run(main())
