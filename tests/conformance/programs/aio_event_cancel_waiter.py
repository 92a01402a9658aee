import asyncio


async def waiter(name, ev):
    try:
        await ev.wait()
        print(name, "saw the event")
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise


async def main():
    ev = asyncio.Event()
    a = asyncio.create_task(waiter("a", ev))
    b = asyncio.create_task(waiter("b", ev))
    c = asyncio.create_task(waiter("c", ev))
    await asyncio.sleep(0)
    b.cancel()
    await asyncio.sleep(0)
    ev.set()
    c.cancel()
    await asyncio.gather(a, b, c, return_exceptions=True)
    print(a.cancelled(), b.cancelled(), c.cancelled())
    try:
        await asyncio.wait_for(asyncio.Event().wait(), 0.75)
    except TimeoutError:
        print("unset event timed out at", asyncio.get_running_loop().time())


asyncio.run(main())
