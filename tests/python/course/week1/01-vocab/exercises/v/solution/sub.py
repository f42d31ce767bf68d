import asyncio
from looplab import lab


async def get(i):
    r = await lab.fetch("http://lab/slow")
    assert r.status == 200
    return i


async def main():
    print("start")
    try:
        res = await asyncio.gather(get(1), get(2), get(3))
    finally:
        print("cleanup")
    print("end")
    return res


asyncio.run(main())
