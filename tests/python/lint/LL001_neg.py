"""LL001 negatives: the same calls where they do not block the loop."""
import asyncio
import os
import queue
import subprocess
import threading
import time
from pathlib import Path

import aiofiles
import httpx
import requests


def read_file(path):
    with open(path) as f:
        return f.read()


def sync_helper():
    time.sleep(1)
    requests.get("http://example.com")
    subprocess.run(["ls"])
    return os.path.exists("x")


async def worker():
    await asyncio.sleep(1)
    text = await asyncio.to_thread(read_file, "data.txt")
    return text


async def offloaded(url, path):
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, requests.get, url)
    await asyncio.to_thread(time.sleep, 1)
    await asyncio.to_thread(lambda: open(path).read())
    await asyncio.to_thread(os.path.exists, path)

    def inner():
        return Path(path).read_text()
    return await asyncio.to_thread(inner)


async def async_clients(url, path):
    async with httpx.AsyncClient() as client:
        r = await client.get(url)
    async with aiofiles.open(path) as f:
        data = await f.read()
    return r, data


async def asyncio_primitives(items):
    q = asyncio.Queue()
    lock = asyncio.Lock()
    ev = asyncio.Event()
    async with lock:
        await q.put(1)
    ev.set()
    await ev.wait()
    d = {}
    d.get("key")
    items.get("x")
    return await q.get()


async def non_blocking_forms(tq: queue.Queue, lock: threading.Lock):
    tq.get_nowait()
    tq.get(block=False)
    tq.put(1)
    lock.acquire(blocking=False)
    Path("x").name
    Path("a") / "b"
    os.path.join("a", "b")
    os.path.basename("a/b")
    await asyncio.sleep(0)


async def processes():
    proc = await asyncio.create_subprocess_exec("ls", stdout=asyncio.subprocess.PIPE)
    out, _ = await proc.communicate()
    await proc.wait()
    return out


async def streams(host):
    reader, writer = await asyncio.open_connection(host, 80)
    writer.write(b"ping")
    await writer.drain()
    data = await reader.read(100)
    writer.close()
    await writer.wait_closed()
    return data


def thread_body(q):
    item = q.get()
    threading.Event().wait(1)
    return item


async def async_request_shapes(session, url):
    async with session.request("GET", url) as r:
        await r.text()
    resp = await session.request("POST", url)
    return resp
