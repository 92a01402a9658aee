import asyncio


def on_done(t):
    print("done callback for", t.get_name())
    raise RuntimeError("callback bug")


async def job():
    await asyncio.sleep(0.5)
    return 3


async def main():
    t = asyncio.create_task(job(), name="worker")
    t.add_done_callback(on_done)
    print("result", await t)
    await asyncio.sleep(0)
    print("still running")


asyncio.run(main())
