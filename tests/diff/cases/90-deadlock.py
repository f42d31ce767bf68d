# ports: AIO_SEMANTICS 9 "re-entrancy" row (a task acquiring a Lock twice deadlocks; the virtual-clock runner must
# report it instead of hanging) and 14 (deadlock report). CPython itself would block forever; vclock.py reports it.
from diffkit import *

async def main():
    lock = asyncio.Lock()
    await lock.acquire()
    T("main", "acquired once")
    await lock.acquire()
    T("main", "not-reached")

asyncio.run(main())
