import asyncio


async def worker():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print("worker converts the cancel into an error")
        raise ValueError("could not stop cleanly")


async def main():
    t = asyncio.create_task(worker())
    await asyncio.sleep(1)
    t.cancel()
    await t


asyncio.run(main())
