print("ESCAPED shadowed asyncio")
