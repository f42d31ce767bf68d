# ports: AIO_SEMANTICS 7 probe TG5 (a child that swallows its cancellation is still waited for; its value is kept)
# order-independent
from diffkit import *

async def stubborn():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        T("stubborn", "swallows")
        await asyncio.sleep(0.5)
        T("stubborn", "returns")
        return "kept"

async def fails():
    await asyncio.sleep(1)
    raise ValueError("boom")

async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            s = tg.create_task(stubborn())
            tg.create_task(fails())
    except ExceptionGroup as eg:
        T("main", E(eg), s.result(), s.cancelled())

asyncio.run(main())
