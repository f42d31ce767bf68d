"""Seed pitfall: blocking the event loop (wrong)."""
import asyncio
import time

import requests


async def fetch_data():
    time.sleep(1)  # expect: LL001
    return "data"


async def download(url):
    return requests.get(url).text  # expect: LL001


async def main():
    print(await fetch_data())
    print(await download("http://example.com"))


asyncio.run(main())
