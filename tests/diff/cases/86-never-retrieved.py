# ports: test_tasks.py BaseTaskTests.test_log_traceback; test_futures.py BaseFutureTests.test_tb_logger_exception_unretrieved, test_tb_logger_exception_retrieved, test_future_exception_never_retrieved (AIO_SEMANTICS 14)
# A failed task whose error nobody looks at is reported once ("Task exception was never retrieved");
# one whose exception() was read, or that was awaited, is not.
from diffkit import *

async def fails(name):
    await asyncio.sleep(1)
    raise ValueError(name)

async def main():
    asyncio.create_task(fails("ignored"))
    seen = asyncio.create_task(fails("seen"))
    awaited = asyncio.create_task(fails("awaited"))
    await asyncio.sleep(2)
    T("main", "seen", E(seen.exception()))
    try:
        await awaited
    except ValueError as e:
        T("main", "awaited", E(e))

asyncio.run(main())
