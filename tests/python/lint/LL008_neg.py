import asyncio


async def heartbeat(host):
    reader, writer = await asyncio.open_connection(host, 7)
    try:
        while True:
            writer.write(b"ping\n")
            await writer.drain()
            print(await reader.readline())
            await asyncio.sleep(1)
    finally:
        writer.close()
        await writer.wait_closed()


async def worker(name, q: asyncio.Queue):
    while True:
        item = await q.get()
        print(name, item)
        q.task_done()


async def ticker():
    while True:
        print("tick")
        await asyncio.sleep(1)
