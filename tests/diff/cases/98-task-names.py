# ports: test_tasks.py BaseTaskTests.test_task_repr / test_get_set_name style checks, test_taskgroups.py test_taskgroup_task_name; all_tasks()
# order-independent
# Default names of created tasks count from Task-2 (Task-1 is run()'s main task); all_tasks() lists pending tasks
# incl. the current one. The main task's own name is not printed: aio names it "main" on purpose (docs/aio.md).
from diffkit import *

async def main():
    me = asyncio.current_task()
    t = asyncio.create_task(asyncio.sleep(1))
    u = asyncio.create_task(asyncio.sleep(2), name="named")
    T("main", "names", t.get_name(), u.get_name())
    T("main", "all_tasks", len(asyncio.all_tasks()), me in asyncio.all_tasks())
    u.set_name("renamed")
    await asyncio.sleep(1.5)
    T("main", "all_tasks", len(asyncio.all_tasks()), u.get_name(), t in asyncio.all_tasks())

asyncio.run(main())
