"""LL020 cases in the shape of the ASYNC119 tests."""


async def unsafe_yield():
    with open(""):  # expect: LL001
        yield  # expect: LL020


async def async_with(cm):
    async with cm():
        yield  # expect: LL020


async def each_yield(cm):
    async with cm():
        yield  # expect: LL020
        yield  # expect: LL020
    async with cm():
        yield  # expect: LL020


async def after_nested(cm):
    async with cm():
        async def foo():
            yield
        yield  # expect: LL020
