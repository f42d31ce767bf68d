import asyncio
import time


def read_file(path):
    with open(path) as f:
        return f.read()


async def worker():
    await asyncio.sleep(1)
    text = await asyncio.to_thread(read_file, "data.txt")
    return text


def sync_helper():
    time.sleep(1)
