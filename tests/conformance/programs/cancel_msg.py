import asyncio


async def patient(name):
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError as e:
        print(name, "got args", e.args)
        raise


async def main():
    t1 = asyncio.create_task(patient("one"))
    t2 = asyncio.create_task(patient("two"))
    await asyncio.sleep(0.5)
    t1.cancel("stop now")
    t2.cancel()
    for t in [t1, t2]:
        try:
            await t
        except asyncio.CancelledError as e:
            print("main saw", t.get_name(), "cancelled with args", e.args)


asyncio.run(main())
