"""LL017 negatives: loops that do work between sleeps, or poll the outside."""
import asyncio
import os


async def heartbeat(stop: asyncio.Event, send):
    while not stop.is_set():
        await send("ping")
        await asyncio.sleep(1)


async def wait_properly(ev: asyncio.Event):
    await ev.wait()


async def poll_file(path):
    while not os.path.exists(path):  # expect: LL001
        await asyncio.sleep(1)


async def poll_remote(client):
    while not await client.ready():
        await asyncio.sleep(1)


async def retry(fetch):
    while True:
        try:
            return await fetch()
        except OSError:
            await asyncio.sleep(1)


async def ticker(n):
    i = 0
    while i < n:
        print(i)
        i += 1
        await asyncio.sleep(1)
