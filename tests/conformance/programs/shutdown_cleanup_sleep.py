import asyncio
import time


async def stubborn():
    try:
        await asyncio.sleep(100)
    except asyncio.CancelledError:
        print(f"stubborn: cleaning up, t={time.time()}")
        await asyncio.sleep(0.75)
        print(f"stubborn: cleanup finished, t={time.time()}")
        return "swallowed"


async def main():
    asyncio.create_task(stubborn())
    await asyncio.sleep(0.5)
    print("main done at", time.time())


asyncio.run(main())
print("after run, clock is", time.monotonic())
