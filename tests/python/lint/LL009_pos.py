import asyncio
import threading


def poll():
    print("polling")


async def main():
    t = threading.Thread(target=poll)  # expect: LL009
    t.start()
    await asyncio.sleep(1)
    t.join()  # expect: LL001
