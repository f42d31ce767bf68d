# fails: noleak lint cancel_ok
import asyncio
from looplab import lab


async def get(i):
    await lab.fetch("http://lab/slow")
    return i


async def main():
    print("start")
    asyncio.ensure_future(asyncio.sleep(5))
    try:
        res = await asyncio.gather(get(1), get(2), get(3))
    finally:
        print("cleanup")
    print("end")
    return res


asyncio.run(main())
