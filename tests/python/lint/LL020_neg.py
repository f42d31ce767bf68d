"""LL020 negatives: context-manager generators, aclosing, yields outside."""
import asyncio
import contextlib
from contextlib import aclosing, asynccontextmanager


@asynccontextmanager
async def session_scope(factory):
    async with factory() as s:
        yield s


@contextlib.asynccontextmanager
async def locked(lock: asyncio.Lock):
    try:
        await lock.acquire()
        yield
    finally:
        lock.release()


async def ticker(n, delay):
    for i in range(n):
        await asyncio.sleep(delay)
        yield i


async def safe(lock: asyncio.Lock):
    async with lock:
        await asyncio.sleep(0)
        value = 1
    yield value


async def closed_by_caller(conn):
    try:
        yield await conn.fetch()
    finally:
        await conn.close()


async def main(conn):
    async with aclosing(ticker(10, 0.1)) as ticks:
        async for t in ticks:
            if t > 2:
                break
    async with aclosing(closed_by_caller(conn)) as rows:
        async for row in rows:
            print(row)


async def rows_of(conn):
    try:
        yield await conn.fetch()
    finally:
        await conn.close()


async def consume_all(conn):
    everything = [r async for r in rows_of(conn)]
    async for r in rows_of(conn):
        print(r)
    return everything
