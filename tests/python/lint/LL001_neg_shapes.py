"""LL001 negatives in the shapes public linters test."""
import asyncio
import os
import subprocess
import time

import httpx


def sync_all(p):
    time.sleep(1)
    subprocess.run(["ls"])
    open(p)
    os.path.exists(p)
    httpx.get("https://example.com")


async def fine(p, d):
    d.get("key")
    os.path.join(p, "x")
    os.getcwd()
    system = None
    print(system)
    await asyncio.sleep(0)
    async with httpx.AsyncClient() as client:
        await client.get("https://example.com")
        await client.aclose()


async def nested():
    def inner():
        time.sleep(1)
        subprocess.Popen(["ls"])
    await asyncio.to_thread(inner)
    await asyncio.to_thread(lambda: open("x").read())
