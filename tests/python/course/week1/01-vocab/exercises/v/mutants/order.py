# fails: order out
import asyncio
from looplab import lab


async def get(i):
    await lab.fetch("http://lab/slow")
    return i


async def main():
    print("end")
    print("start")
    try:
        res = await asyncio.gather(get(1), get(2), get(3))
    finally:
        print("cleanup")
    return res


asyncio.run(main())
