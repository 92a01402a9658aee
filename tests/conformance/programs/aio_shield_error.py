import asyncio


async def fails():
    await asyncio.sleep(1)
    raise RuntimeError("inner failed")


async def main():
    try:
        await asyncio.shield(fails())
    except RuntimeError as e:
        print("propagated:", e)
    # the shielded coroutine keeps running after the outer wait is cancelled
    t = asyncio.create_task(asyncio.sleep(1, result="late"))
    waiter = asyncio.create_task(asyncio.wait_for(asyncio.shield(t), 10))
    await asyncio.sleep(0.5)
    waiter.cancel()
    try:
        await waiter
    except asyncio.CancelledError:
        print("waiter cancelled at", asyncio.get_running_loop().time())
    print(await t, asyncio.get_running_loop().time())


asyncio.run(main())
