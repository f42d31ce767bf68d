"""LL019 negatives: control flow that stays inside the group, or after it."""
import asyncio


async def job(i):
    await asyncio.sleep(i)
    return i


async def results(items):
    async with asyncio.TaskGroup() as tg:
        tasks = []
        for i in items:
            if i < 0:
                continue
            if i > 100:
                break
            tasks.append(tg.create_task(job(i)))

        def describe():
            return "group"
        print(describe())
    return [t.result() for t in tasks]


async def plain_with(lock: asyncio.Lock):
    async with lock:
        return 1
