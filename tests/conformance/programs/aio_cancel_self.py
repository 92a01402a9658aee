import asyncio


async def selfish():
    me = asyncio.current_task()
    print("cancelling myself ->", me.cancel("my own idea"))
    print("still running this step; cancelling() =", me.cancelling())
    try:
        await asyncio.sleep(0)
    except asyncio.CancelledError as e:
        print("delivered at the next await:", e.args)
        raise


async def main():
    t = asyncio.create_task(selfish())
    try:
        await t
    except asyncio.CancelledError as e:
        print("main sees", repr(e), t.cancelled())


asyncio.run(main())
