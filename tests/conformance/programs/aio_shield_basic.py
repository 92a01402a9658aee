import asyncio


async def important():
    print("important: start")
    await asyncio.sleep(2)
    print("important: done at", asyncio.get_running_loop().time())
    return "saved"


async def caller(inner):
    try:
        return await asyncio.shield(inner)
    except asyncio.CancelledError:
        print("caller: cancelled, inner done?", inner.done())
        raise


async def main():
    inner = asyncio.create_task(important())
    c = asyncio.create_task(caller(inner))
    await asyncio.sleep(1)
    c.cancel()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print("caller cancelled:", c.cancelled(), "inner cancelled:", inner.cancelled())
    print("inner result:", await inner)
    print("shield of a done task:", await asyncio.shield(inner))


asyncio.run(main())
