# fails: cancel_ok
import asyncio
from looplab import lab


async def get(i):
    await lab.fetch("http://lab/slow")
    return i


async def main():
    print("start")
    try:
        res = await asyncio.gather(get(1), get(2), get(3))
    except asyncio.CancelledError:
        res = []
    finally:
        print("cleanup")
    print("end")
    return res


asyncio.run(main())
