"""LL017 positives: busy-waiting on state another task changes."""
import asyncio

import anyio
import trio


class Job:
    def __init__(self):
        self.finished = False


async def wait_done(job: Job):
    while not job.finished:  # expect: LL017
        await asyncio.sleep(0.1)


async def wait_flag(state):
    while not state["ready"]:  # expect: LL017
        await asyncio.sleep(0.5)


async def wait_event(ev: asyncio.Event):
    while not ev.is_set():  # expect: LL017
        await asyncio.sleep(0.01)


async def wait_task(task):
    while not task.done():  # expect: LL017
        await asyncio.sleep(0.1)
    return task.result()


async def break_out(job: Job):
    while True:  # expect: LL017
        if job.finished:
            break
        await asyncio.sleep(0.1)


async def sleep_forever():
    while True:  # expect: LL017
        await asyncio.sleep(10)


async def trio_poll(flag):
    while not flag.ready:  # expect: LL017
        await trio.sleep(1)


async def anyio_poll(flag):
    while flag.count < 3:  # expect: LL017
        await anyio.sleep(1)


async def queue_poll(q: asyncio.Queue):
    while q.empty():  # expect: LL017
        await asyncio.sleep(0.1)
    return q.get_nowait()
