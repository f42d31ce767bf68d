# fails: noerror noblock noleak cancel_ok order out result lint
import asyncio
from looplab import lab


async def get(i):
    await lab.fetch("http://lab/slow")
    return i


async def main():
    print("start")
    try:
        res = await asyncio.gather(get(1), get(2), get(3))
    finally:
        print("cleanup")
    raise ValueError("boom")


asyncio.run(main())
