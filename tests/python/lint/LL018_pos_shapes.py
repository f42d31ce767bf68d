"""LL018 cases in the shape of flake8-async/ruff ASYNC100 tests."""
import asyncio

import anyio
import trio


async def a():
    with trio.move_on_after(10):  # expect: LL018
        ...


async def b():
    with trio.fail_after(10):  # expect: LL018
        ...


async def c():
    with trio.CancelScope(deadline=10):  # expect: LL018
        ...


async def d():
    with anyio.move_on_after(10):  # expect: LL018
        ...


async def e():
    async with asyncio.timeout(10):  # expect: LL018
        ...


async def f():
    async with asyncio.timeout_at(10):  # expect: LL018
        print("no await")


async def g():
    with open("x") as _, trio.fail_after(10):  # expect: LL018 LL001
        ...
