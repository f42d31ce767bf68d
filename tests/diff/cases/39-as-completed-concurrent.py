# ports: test_tasks.py BaseTaskTests.test_as_completed_concurrent, test_as_completed_reverse_wait
# Several finishing in one iteration all come out; the awaitables can be taken first and awaited in any order
# (the first one awaited gets the first result).
from diffkit import *

async def main():
    a = asyncio.create_task(asyncio.sleep(1, "a"))
    b = asyncio.create_task(asyncio.sleep(1, "b"))
    got = []
    for aw in asyncio.as_completed([a, b]):
        got.append(await aw)
    T("main", "concurrent", sorted(got))
    c = asyncio.create_task(asyncio.sleep(1, "c"))
    d = asyncio.create_task(asyncio.sleep(2, "d"))
    aws = list(asyncio.as_completed([c, d]))
    T("main", "taken", len(aws))
    T("main", "second-awaited-first", await aws[1])
    T("main", "then-first", await aws[0])

asyncio.run(main())
