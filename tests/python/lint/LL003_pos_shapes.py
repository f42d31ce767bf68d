"""LL003 cases in the shape of flake8-async ASYNC103/ASYNC104."""
import asyncio


async def cancel_pass():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:  # expect: LL003
        ...


async def base_pass():
    try:
        await asyncio.sleep(1)
    except BaseException:  # expect: LL003
        pass


async def bare_return():
    try:
        await asyncio.sleep(1)
    except:  # expect: LL003
        return


async def raise_other():
    try:
        await asyncio.sleep(1)
    except BaseException:  # expect: LL003
        raise ValueError()


async def for_break():
    for _ in range(3):
        try:
            await asyncio.sleep(1)
        except BaseException:  # expect: LL003
            break


async def while_continue():
    while True:
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:  # expect: LL003
            continue


async def if_raise(x):
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:  # expect: LL003
        if x:
            raise


async def try_in_handler():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:  # expect: LL003
        try:
            await asyncio.sleep(0)
        except ValueError:
            raise


async def isinstance_guard_that_swallows():
    try:
        await asyncio.sleep(1)
    except BaseException as e:  # expect: LL003
        if isinstance(e, asyncio.CancelledError):
            print("cancelled")
        print("swallowed", e)
