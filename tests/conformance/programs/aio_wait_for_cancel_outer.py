import asyncio


async def inner():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError as e:
        print("inner cancelled, args", e.args)
        raise
    return "inner result"


async def outer():
    try:
        return await asyncio.wait_for(inner(), timeout=3)
    except asyncio.CancelledError:
        print("outer sees CancelledError")
        raise


async def main():
    t = asyncio.create_task(outer())
    await asyncio.sleep(1)
    t.cancel("from main")
    try:
        await t
    except asyncio.CancelledError as e:
        print("main: outer task cancelled", e.args)
    print("cancelled()", t.cancelled())
    print("time", asyncio.get_running_loop().time())


asyncio.run(main())
