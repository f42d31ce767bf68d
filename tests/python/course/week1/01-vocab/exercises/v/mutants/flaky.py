# fails: vtime plain
import asyncio
from looplab import lab


async def get(i):
    r = await lab.fetch("http://lab/slow")
    return i


async def main():
    print("start")
    try:
        res = await asyncio.gather(get(1), get(2), get(3))
    finally:
        print("cleanup")
    r = await lab.fetch("http://lab/flaky")
    assert r.status == 500
    print("end")
    return res


asyncio.run(main())
