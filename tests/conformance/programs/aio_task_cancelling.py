import asyncio


async def stubborn():
    me = asyncio.current_task()
    for round_ in range(3):
        try:
            await asyncio.sleep(1)
            print("slept, round", round_)
        except asyncio.CancelledError:
            print("cancelling() =", me.cancelling())
            left = me.uncancel()
            print("uncancel() ->", left)
    return "survived"


async def main():
    t = asyncio.create_task(stubborn())
    print("before:", t.cancelling())
    await asyncio.sleep(0.5)
    t.cancel()
    t.cancel()
    print("after two cancels:", t.cancelling())
    await asyncio.sleep(1)
    t.cancel()
    print("result:", await t, "cancelled:", t.cancelled(), "cancelling:", t.cancelling())


asyncio.run(main())
