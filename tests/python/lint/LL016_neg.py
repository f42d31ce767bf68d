"""LL016 negatives: loops that await, end by themselves, or run in a thread."""
import asyncio
import itertools


async def countdown(n):
    while n > 0:
        n -= 1
    await asyncio.sleep(0)
    return n


async def drain(q: asyncio.Queue):
    while not q.empty():
        item = q.get_nowait()
        print(item)
    await asyncio.sleep(0)


async def parse(lines):
    i = 0
    while True:
        if i >= len(lines):
            break
        i += 1
    await asyncio.sleep(0)
    return i


async def walk(node):
    while node is not None:
        node = node.next
    await asyncio.sleep(0)


def sync_spin(flag):
    while not flag.ready:
        pass


async def ticks():
    n = 0
    while True:
        yield n
        n += 1


async def consumer(q: asyncio.Queue):
    while True:
        item = await q.get()
        if item is None:
            return
        print(item)


async def compute(data, check):
    while check(data):
        data = data[1:]
    await asyncio.sleep(0)


async def numbered(items):
    for i in itertools.count():
        if i >= len(items):
            break
    for i in itertools.count():
        await asyncio.sleep(i)
