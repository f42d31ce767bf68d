import asyncio
import threading


def poll():
    print("polling")


async def main():
    t = threading.Thread(target=poll)  # expect: LL009
    t.start()
    await asyncio.sleep(1)
    t.join()  # expect: LL001


def blocking_poll():
    print("poll")


async def pooled():
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(4) as pool:  # expect: LL009
        pool.submit(blocking_poll)
    await asyncio.sleep(0)
