"""LL019 negatives in the shape of the ASYNC121 OK cases."""
import anyio
import trio


async def nested_def():
    async with anyio.create_task_group():
        def bar():
            return 1
        print(bar())


async def loop_inside():
    async with trio.open_nursery():
        while True:
            break
        for _ in range(3):
            continue
