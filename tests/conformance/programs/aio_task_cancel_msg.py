import asyncio


async def sleeper():
    try:
        await asyncio.sleep(3)
    except asyncio.CancelledError as e:
        print("inside:", repr(e), e.args)
        raise


async def main():
    for msg in ("first reason", None):
        t = asyncio.create_task(sleeper())
        await asyncio.sleep(0.5)
        print("cancel() returned", t.cancel(msg))
        print("cancel() again returned", t.cancel("second reason"))
        try:
            await t
        except asyncio.CancelledError as e:
            print("outside:", repr(e))
        print("cancel() after done:", t.cancel())


asyncio.run(main())
