import asyncio


async def child(name, d):
    try:
        await asyncio.sleep(d)
        return name
    except asyncio.CancelledError:
        print(name, "cancelled at", asyncio.get_running_loop().time())
        raise


async def parent():
    try:
        return await asyncio.gather(child("a", 1), child("b", 3))
    except asyncio.CancelledError:
        print("parent cancelled")
        raise


async def main():
    p = asyncio.create_task(parent())
    await asyncio.sleep(2)
    p.cancel()
    try:
        await p
    except asyncio.CancelledError:
        print("main: parent cancelled =", p.cancelled())


asyncio.run(main())
