"""LL007 negatives: tasks that are kept, awaited or owned by a group."""
import asyncio

background = set()


async def job():
    await asyncio.sleep(1)


async def main():
    task = asyncio.create_task(job())
    async with asyncio.TaskGroup() as tg:
        tg.create_task(job())
    await task
    tasks = [asyncio.create_task(job()) for _ in range(3)]
    await asyncio.gather(*tasks, return_exceptions=True)
    t = asyncio.create_task(job())
    background.add(t)
    t.add_done_callback(background.discard)
    other = asyncio.create_task(job())
    return await asyncio.wait_for(other, 5)


class Worker:
    def __init__(self):
        self.task = None

    async def start(self):
        self.task = asyncio.create_task(job())
        await asyncio.sleep(0)


def not_a_loop(coro):
    loop = "asyncio.get_running_loop()"
    loop.create_task(coro)


def returned(coro, do_work, tasks):
    do_work(asyncio.create_task(coro))
    tasks.append(asyncio.create_task(coro))
    return asyncio.create_task(coro)
