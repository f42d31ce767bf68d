# verdict: PASS
# main() returns a list of a million ints and a string of 8 MB: the
# summary keeps "<too big to keep ...>" instead (more than 100000 items or
# 1 MiB of text; the harness stops counting at the first excess), so the
# run is graded in time, never INTERNAL.
import asyncio


async def main():
    return [list(range(1_000_000)), "y" * (8 << 20)]

asyncio.run(main())
