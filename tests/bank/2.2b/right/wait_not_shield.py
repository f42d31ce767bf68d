# bank: asyncio.wait never cancels what it waits for: wait again after the cancel
"""Exercise 2.2b: finish the save, then stop."""
import asyncio

RENDER_TIME = 0.5        # preparing the document: may be cut
SAVE_TIME = 3            # writing it: must never be cut once started
CANCEL_AT = 1            # main() cancels the task at this time
START = 0.0              # loop time when main() started


def now():
    """Seconds since main() started, as text: "3.50"."""
    return f"{asyncio.get_running_loop().time() - START:.2f}"


async def render(doc):
    """Prepare the document. Leave it as it is."""
    await asyncio.sleep(RENDER_TIME)
    return doc.upper()


async def save(text):
    """Write the document. Leave it as it is: cutting it corrupts the file."""
    print(f"save started at {now()}")
    try:
        await asyncio.sleep(SAVE_TIME)
    except asyncio.CancelledError:
        print(f"SAVE CUT at {now()}: the file is corrupt")
        raise
    print(f"saved at {now()}")
    return f"{len(text)} bytes"


async def save_then_exit(doc):
    text = await render(doc)
    saving = asyncio.create_task(save(text))
    try:
        await asyncio.wait({saving})
    except asyncio.CancelledError:
        print("cancel received, finishing the save")
        await asyncio.wait({saving})
        raise
    return saving.result()


# ---- leave main() as it is: the checks rely on it -----------------------

async def main():
    global START
    START = asyncio.get_running_loop().time()
    t = asyncio.create_task(save_then_exit("report"))
    done, _ = await asyncio.wait({t}, timeout=CANCEL_AT)
    if not done:
        print(f"cancel sent at {now()}")
        t.cancel()
        await asyncio.wait({t})
    if t.cancelled():
        print(f"task ended cancelled at {now()}")
    else:
        print(f"task returned {t.result()!r} at {now()}")


if __name__ == "__main__":
    asyncio.run(main())
