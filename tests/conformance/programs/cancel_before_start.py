import asyncio


async def never_runs(name):
    print("this line must never print", name)
    return name


async def main():
    t = asyncio.create_task(never_runs("t"))
    print("cancel() ->", t.cancel())
    print("done right after cancel?", t.done(), "cancelled?", t.cancelled())
    try:
        await t
    except asyncio.CancelledError:
        print("awaiting it raised CancelledError")
    print("done:", t.done(), "cancelled:", t.cancelled())
    print("cancel() again ->", t.cancel())


asyncio.run(main())
