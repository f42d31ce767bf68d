"""LL003 positives: cancellation caught and not re-raised on every path."""
import asyncio
from asyncio import CancelledError


async def worker():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:  # expect: LL003
        print("cancelled, carrying on")
    try:
        await asyncio.sleep(10)
    except:  # expect: LL003
        pass


async def conditional(flag):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:  # expect: LL003
        if flag:
            raise


async def returns():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:  # expect: LL003
        return None


async def in_loop(items):
    for item in items:
        try:
            await asyncio.sleep(item)
        except asyncio.CancelledError:  # expect: LL003
            continue
    while True:
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:  # expect: LL003
            break


async def raise_in_inner_loop(items):
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:  # expect: LL003
        for item in items:
            if item:
                raise


async def different_exception():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError as e:  # expect: LL003
        raise RuntimeError("stopped") from e


async def match_arm(mode):
    try:
        await asyncio.sleep(1)
    except CancelledError:  # expect: LL003
        match mode:
            case "strict":
                raise
            case "lenient":
                print("ignored")


async def base_exception():
    try:
        await asyncio.sleep(1)
    except BaseException as e:  # expect: LL003
        print("failed", e)


async def tuple_catch():
    try:
        await asyncio.sleep(1)
    except (ValueError, asyncio.CancelledError):  # expect: LL003
        print("oops")


async def star():
    try:
        await asyncio.sleep(1)
    except* asyncio.CancelledError:  # expect: LL003
        print("group cancelled")


async def loop_body_swallows():
    while True:
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:  # expect: LL003
            print("cancel requested, ignoring")


async def finally_returns():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:  # expect: LL003
        try:
            raise
        finally:
            return "done"


async def placeholder():
    try:
        ...
    except asyncio.CancelledError:  # expect: LL003
        pass
