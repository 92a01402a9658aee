import asyncio


async def leaf(name, d, fail=False):
    await asyncio.sleep(d)
    if fail:
        raise ZeroDivisionError(name)
    print("leaf", name, "ok")
    return name


async def branch(name, fail):
    async with asyncio.TaskGroup() as tg:
        tg.create_task(leaf(name + ".1", 1))
        tg.create_task(leaf(name + ".2", 2, fail))
    print("branch", name, "complete")


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(branch("A", False))
            tg.create_task(branch("B", True))
    except ExceptionGroup as eg:
        print("outer:", repr(eg))
        inner = eg.exceptions[0]
        print("inner:", type(inner).__name__, inner.message, inner.exceptions)


asyncio.run(main())
