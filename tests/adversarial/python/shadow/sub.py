# verdict: PASS
import asyncio, json
async def main():
    await asyncio.sleep(1)
    return json.dumps({"ok": True})
print(asyncio.run(main()))
