"""LL021 negatives: async functions that await, or must be async."""
import abc
import asyncio


async def fetch():
    await asyncio.sleep(1)


async def stub():
    ...


async def not_yet():
    raise NotImplementedError


async def gen():
    yield 1


async def start_background():
    return asyncio.create_task(fetch())


async def loop_time():
    return asyncio.get_running_loop().time()


async def iterate(source):
    async for x in source:
        print(x)


async def comp(source):
    return [x async for x in source]


class Resource:
    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False


class Base(abc.ABC):
    @abc.abstractmethod
    async def handle(self, msg):
        """Handle one message."""


class Impl(Base):
    async def handle(self, msg):
        return msg


def route(path):
    def deco(fn):
        return fn
    return deco


@route("/health")
async def health():
    return {"ok": True}
