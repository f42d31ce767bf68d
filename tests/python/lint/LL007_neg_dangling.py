"""LL007 negatives in the shape of ruff's RUF006 OK cases."""
import asyncio

background_tasks = set()


async def coro():
    await asyncio.sleep(0)


def f():
    for i in range(10):
        task = asyncio.create_task(coro())
        background_tasks.add(task)
        task.add_done_callback(background_tasks.discard)


def g():
    tasks = [asyncio.create_task(coro()) for _ in range(10)]
    return tasks


def h():
    task = asyncio.create_task(coro())
    return task


def i(run):
    run(asyncio.create_task(coro()))


def j():
    loop = asyncio.get_running_loop()
    loop.do_thing(coro())


def k(loop):
    task = loop.create_task(coro())
    return task
