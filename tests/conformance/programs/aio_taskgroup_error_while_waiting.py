import asyncio

# The body is already waiting in __aexit__ when a child fails: the remaining
# child is cancelled and the error collected.


async def fail_later():
    await asyncio.sleep(2)
    raise LookupError("late failure")


async def long_runner():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print("long_runner cancelled at", asyncio.get_running_loop().time())
        raise


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(long_runner())
            tg.create_task(fail_later())
            print("body ends at", asyncio.get_running_loop().time())
    except* LookupError as eg:
        print("collected", [str(e) for e in eg.exceptions])


asyncio.run(main())
