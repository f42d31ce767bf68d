# verdict: PASS
# main() returns a list of ten million ints and a string of 32 MB: the
# summary's result must stay bounded (the harness keeps what the C side
# reads), graded in time, never INTERNAL.
import asyncio


async def main():
    return [list(range(10_000_000)), "y" * (32 << 20)]

asyncio.run(main())
