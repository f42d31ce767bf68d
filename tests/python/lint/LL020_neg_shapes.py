"""LL020 negatives in the shape of the ASYNC119 OK cases."""
from contextlib import asynccontextmanager


async def not_in_cm(cm):
    yield
    async with cm():
        ...
    yield


async def nested_function(cm):
    async with cm():
        def foo():
            yield
        return foo


async def nested_async_function(cm):
    async with cm():
        async def foo():
            yield
        return foo


@asynccontextmanager
async def safe(cm):
    async with cm():
        yield
