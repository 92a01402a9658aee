import asyncio


async def worker():
    try:
        await asyncio.sleep(1)
        raise KeyError("missing")
    except KeyError as e:
        raise RuntimeError("worker failed") from e


async def main():
    t = asyncio.create_task(worker())
    await asyncio.sleep(0)
    print("waiting for the worker")
    await t


asyncio.run(main())
