import asyncio


async def main():
    s = asyncio.Semaphore(0)
    print("zero semaphore locked:", s.locked())
    s.release()
    s.release()
    print("released twice; locked:", s.locked())
    await s.acquire()
    await s.acquire()
    print("acquired twice; locked:", s.locked())
    b = asyncio.BoundedSemaphore(2)
    async with b:
        async with b:
            print("both permits taken:", b.locked())
    try:
        b.release()
    except ValueError as e:
        print("ValueError:", e)
    try:
        asyncio.Semaphore(-1)
    except ValueError as e:
        print("ValueError:", e)


asyncio.run(main())
