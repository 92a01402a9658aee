import asyncio


async def grab_and_forget(lock):
    await lock.acquire()
    print("acquired and never released")


async def main():
    lock = asyncio.Lock()
    await asyncio.create_task(grab_and_forget(lock))
    await asyncio.sleep(1)
    print("main waits for the lock at", asyncio.get_running_loop().time())
    async with lock:
        print("never")


asyncio.run(main())
