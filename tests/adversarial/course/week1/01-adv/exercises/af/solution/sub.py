import asyncio
from looplab import lab


async def main():
    await asyncio.gather(*(lab.fetch("http://lab/delay/1") for _ in range(3)))
    return 42

if __name__ == "__main__":
    asyncio.run(main())
