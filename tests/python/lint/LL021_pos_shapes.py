"""LL021 cases in the shape of ruff's RUF029 (unused-async) tests."""
import asyncio


async def fail_1b():  # expect: LL021
    print("hello")


async def fail_2(cm):  # expect: LL021
    with cm() as i:
        print(i)


async def fail_3():  # expect: LL021
    for i in []:
        print(i)


async def fail_4a():  # expect: LL021
    async def foo():
        await asyncio.sleep(0)
    return foo


async def fail_4b():  # expect: LL021
    class Foo:
        async def foo(self):
            await asyncio.sleep(0)
    return Foo


async def fail_4c():  # expect: LL021
    def foo():
        async def bar():
            await asyncio.sleep(0)
        return bar
    return foo
