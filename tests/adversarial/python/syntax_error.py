# verdict: RE
# error: sub.py:5:16: SyntaxError
# One message (file:line:col and a caret), every check "not run".
import asyncio
async def main(:
    pass
