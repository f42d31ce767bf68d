"""LL019 positives: leaving a TaskGroup block early."""
import asyncio

import anyio
import trio


async def job(i):
    await asyncio.sleep(i)
    return i


async def first_result():
    async with asyncio.TaskGroup() as tg:
        t = tg.create_task(job(1))
        return t.result()  # expect: LL019


async def in_loop(batches):
    for batch in batches:
        async with asyncio.TaskGroup() as tg:
            for i in batch:
                tg.create_task(job(i))
            if not batch:
                continue  # expect: LL019
            if len(batch) > 10:
                break  # expect: LL019


async def nursery():
    async with trio.open_nursery() as n:
        n.start_soon(trio.sleep, 1)
        return None  # expect: LL019


async def anyio_group():
    async with anyio.create_task_group() as tg:
        tg.start_soon(anyio.sleep, 1)
        return  # expect: LL019
