"""LL019 cases in the shape of the ASYNC121 tests."""
import asyncio

import anyio
import trio


async def foo_return():
    async with trio.open_nursery():
        return  # expect: LL019


async def foo_while_unsafe():
    while True:
        async with trio.open_nursery():
            break  # expect: LL019


async def foo_for_unsafe():
    for _ in range(5):
        async with anyio.create_task_group():
            continue  # expect: LL019


async def foo_nested():
    async with asyncio.TaskGroup():
        async with trio.open_nursery():
            ...
        return  # expect: LL019


async def foo_nested_sync_with(cm):
    async with asyncio.TaskGroup():
        with cm():
            return  # expect: LL019
