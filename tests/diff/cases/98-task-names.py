# ports: test_tasks.py BaseTaskTests.test_task_repr / test_get_set_name style checks, test_taskgroups.py test_taskgroup_task_name; all_tasks()
# order-independent
# Default names count Task-1 (the main task of run()), Task-2, ...; all_tasks() lists pending tasks incl. the current one.
from diffkit import *

async def main():
    me = asyncio.current_task()
    t = asyncio.create_task(asyncio.sleep(1))
    u = asyncio.create_task(asyncio.sleep(2), name="named")
    T("main", "names", me.get_name(), t.get_name(), u.get_name())
    T("main", "all_tasks", len(asyncio.all_tasks()), me in asyncio.all_tasks())
    u.set_name("renamed")
    await asyncio.sleep(1.5)
    T("main", "all_tasks", len(asyncio.all_tasks()), u.get_name(), t in asyncio.all_tasks())

asyncio.run(main())
