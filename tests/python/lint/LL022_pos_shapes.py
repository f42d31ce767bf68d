"""LL022 cases in the shape of the ASYNC109 tests."""


async def a(timeout):  # expect: LL022
    ...


async def b(timeout=10):  # expect: LL022
    ...


async def c(*, timeout):  # expect: LL022
    ...


async def d(*args, timeout=10):  # expect: LL022
    ...
