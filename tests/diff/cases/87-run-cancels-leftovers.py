# ports: test_runners.py RunTests.test_asyncio_run_cancels_hanging_tasks (AIO_SEMANTICS 14 R1)
# When main returns, run() cancels every task still pending and lets it clean up; their cancellation is silent.
from diffkit import *

cancelled = []  # run() cancels leftovers in set order, so sorted below

async def hanging(name):
    try:
        await asyncio.sleep(100)
    except asyncio.CancelledError:
        cancelled.append(name)
        raise

async def main():
    asyncio.create_task(hanging("a"))
    asyncio.create_task(hanging("b"))
    await asyncio.sleep(1)
    T("main", "returns")
    return "main-result"

T_result = asyncio.run(main())
print("run returned", T_result, "cancelled at shutdown", S(sorted(cancelled)))
