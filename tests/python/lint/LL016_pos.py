"""LL016 positives: loops in coroutines that never give the loop a turn."""
import asyncio
import itertools
import time

done = False


class Flag:
    def __init__(self):
        self.ready = False


async def spin_forever(counter):
    while True:  # expect: LL016
        counter.append(1)


async def wait_for_flag():
    while not done:  # expect: LL016
        pass


async def wait_for_attr(flag: Flag):
    while not flag.ready:  # expect: LL016
        time.sleep(0.1)  # expect: LL001
    await asyncio.sleep(0)


async def wait_for_event(ev: asyncio.Event):
    while not ev.is_set():  # expect: LL016
        print("waiting")
    await asyncio.sleep(0)


async def wait_for_task(task):
    while not task.done():  # expect: LL016
        continue
    return await task


async def ellipsis_loop():
    await asyncio.sleep(0)
    while 1:  # expect: LL016
        print("busy")


async def numbers(out):
    await asyncio.sleep(0)
    for i in itertools.count():  # expect: LL016
        out.append(i)
