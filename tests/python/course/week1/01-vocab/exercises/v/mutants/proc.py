# fails: procs_ok
import asyncio
import subprocess
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
    print("end")
    return res


subprocess.run(["true"])
asyncio.run(main())
