# fails: vtime noblock
import asyncio
import time
from looplab import lab


async def get(i):
    await lab.fetch("http://lab/slow")
    return i


async def main():
    print("start")
    time.sleep(0.5)
    try:
        res = await asyncio.gather(get(1), get(2), get(3))
    finally:
        print("cleanup")
    print("end")
    return res


asyncio.run(main())
