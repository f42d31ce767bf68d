# verdict: PASS
# main() returns what JSON or the grader's 64-bit numbers cannot hold: NaN,
# a huge int, a lone surrogate. Once INTERNAL (the summary did not parse).
import asyncio
async def main():
    return [float("nan"), float("inf"), 10 ** 5000, 2 ** 64, "\udcff"]
asyncio.run(main())
