# fails: vtime maxconc
import asyncio
from looplab import lab


async def get(i):
    await lab.fetch("http://lab/slow")
    return i


async def main():
    print("start")
    res = []
    try:
        for i in (1, 2, 3):
            res.append(await get(i))
    finally:
        print("cleanup")
    print("end")
    return res


asyncio.run(main())
