# bank: nested gathers: siblings overlap, but a failure cancels nothing
"""Exercise 2.3b: a whole tree of tasks under TaskGroups."""
import asyncio

TREE = {"name": "root", "time": 1, "children": [
    {"name": "A", "time": 1, "children": [
        {"name": "A1", "time": 0.5, "fail": True},
        {"name": "A2", "time": 3},
    ]},
    {"name": "B", "time": 2, "children": [
        {"name": "B1", "time": 1},
    ]},
]}
START = 0.0              # loop time when main() started
log = []                 # (seconds, "done" / "failed" / "cancelled", name)


def now():
    return asyncio.get_running_loop().time() - START


async def visit(node):
    """Do one node's work. Leave it as it is: the checks rely on it."""
    try:
        await asyncio.sleep(node["time"])
    except asyncio.CancelledError:
        log.append((now(), "cancelled", node["name"]))
        raise
    if node.get("fail"):
        log.append((now(), "failed", node["name"]))
        raise RuntimeError(f"{node['name']} failed")
    log.append((now(), "done", node["name"]))


async def walk(tree):
    await visit(tree)
    await asyncio.gather(*(walk(c) for c in tree.get("children", [])))


# ---- leave the rest as it is: the checks rely on it ----------------------

def leaves(group):
    """Every exception in a (possibly nested) exception group."""
    for e in group.exceptions:
        if isinstance(e, BaseExceptionGroup):
            yield from leaves(e)
        else:
            yield e


async def main():
    global START
    START = asyncio.get_running_loop().time()
    try:
        await walk(TREE)
    except* RuntimeError as eg:
        print("walk failed:", sorted(str(e) for e in leaves(eg)))
    else:
        print("walk done")
    print(f"walk ended at {now():.2f}")
    await asyncio.sleep(10)      # anything left running shows up in the log
    for seconds, what, name in sorted(log):
        print(f"{seconds:5.2f} {what} {name}")


if __name__ == "__main__":
    asyncio.run(main())
