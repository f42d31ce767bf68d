"""LL022 negatives in the shape of the ASYNC109 OK cases."""


async def a():
    ...


async def b(**kwargs):
    ...


def c(timeout):
    ...


async def d(delay=10):
    ...
