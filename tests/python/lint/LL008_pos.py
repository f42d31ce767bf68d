import asyncio


async def heartbeat():
    while True:  # expect: LL008
        print("tick")
        await asyncio.sleep(1)


async def pump(reader, writer):
    while True:  # expect: LL008
        data = await reader.read(100)
        writer.write(data)
