import asyncio


async def victim():
    await asyncio.sleep(5)


async def main():
    inner = asyncio.create_task(victim())
    outer = asyncio.shield(inner)
    print("outer is a future:", isinstance(outer, asyncio.Future))
    await asyncio.sleep(1)
    inner.cancel("direct")
    try:
        await outer
    except asyncio.CancelledError as e:
        print("outer cancelled too:", outer.cancelled(), e.args)
    inner2 = asyncio.create_task(victim())
    try:
        await asyncio.wait_for(asyncio.shield(inner2), 0.5)
    except TimeoutError:
        print("wait_for timed out; inner2 still running:", not inner2.done())
    inner2.cancel()
    await asyncio.sleep(0)
    print("inner2 cancelled:", inner2.cancelled())


asyncio.run(main())
