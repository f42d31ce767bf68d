"""LL007 cases in the shape of ruff's RUF006 (asyncio-dangling-task) tests."""
import asyncio
from asyncio import create_task, ensure_future


async def coro():
    await asyncio.sleep(0)


def f():
    asyncio.create_task(coro())  # expect: LL007


def g():
    asyncio.ensure_future(coro())  # expect: LL007 LL014


def h():
    create_task(coro())  # expect: LL007


def i():
    ensure_future(coro())  # expect: LL007 LL014


def j():
    loop = asyncio.get_running_loop()
    loop.create_task(coro())  # expect: LL007


def k():
    loop = asyncio.get_event_loop()  # expect: LL005
    loop.create_task(coro())  # expect: LL007


def m(flag):
    asyncio.create_task(coro()) if flag else asyncio.create_task(coro())  # expect: LL007
