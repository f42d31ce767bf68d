import asyncio


async def inner():
    await asyncio.sleep(1)


async def main():
    asyncio.run(inner())  # expect: LL013


def run_inner():
    return asyncio.run(inner())


async def bridge(loop):
    run_inner()  # expect: LL013
    loop.run_until_complete(inner())  # expect: LL013
    await asyncio.sleep(0)


class Runner:
    def sync_entry(self):
        return asyncio.run(inner())

    async def handle(self):
        self.sync_entry()  # expect: LL013
        await asyncio.sleep(0)


async def nested_helper():
    def helper():
        asyncio.run(inner())
    helper()  # expect: LL013
    await asyncio.sleep(0)
