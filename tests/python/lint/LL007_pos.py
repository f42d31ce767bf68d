"""LL007 positives: tasks whose reference is dropped."""
import asyncio
from asyncio import create_task as spawn
from asyncio import ensure_future

start = asyncio.create_task


async def job():
    await asyncio.sleep(1)


async def main(flag):
    asyncio.create_task(job())  # expect: LL007
    await asyncio.sleep(2)
    [asyncio.create_task(job()) for _ in range(3)]  # expect: LL007
    asyncio.create_task(job()) if flag else None  # expect: LL007
    spawn(job())  # expect: LL007
    start(job())  # expect: LL007
    ensure_future(job())  # expect: LL007 LL014
    loop = asyncio.get_running_loop()
    loop.create_task(job())  # expect: LL007
    asyncio.get_running_loop().create_task(job())  # expect: LL007
    asyncio.create_task(job()).add_done_callback(print)  # expect: LL007
    (asyncio.create_task(job()), asyncio.create_task(job()))  # expect: LL007
    t = asyncio.create_task(job())  # expect: LL007
    await asyncio.sleep(1)


def on_event(loop):
    loop.create_task(job())  # expect: LL007
