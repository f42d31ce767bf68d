# ports: test_runners.py RunTests.test_asyncio_run_reports_hanging_tasks_errors (AIO_SEMANTICS 14 R1)
# A leftover task that fails while being cancelled at shutdown is reported
# ("unhandled exception during asyncio.run() shutdown"); run() still returns main's result.
from diffkit import *

async def bad_cleanup():
    try:
        await asyncio.sleep(100)
    except asyncio.CancelledError:
        T("leftover", "fails during cancel")
        raise ValueError("cleanup failed")

async def main():
    asyncio.create_task(bad_cleanup())
    await asyncio.sleep(1)
    return "main-result"

print("run returned", asyncio.run(main()))
