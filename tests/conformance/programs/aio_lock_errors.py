import asyncio


async def main():
    lock = asyncio.Lock()
    try:
        lock.release()
    except RuntimeError as e:
        print("RuntimeError:", e)
    print("acquire ->", await lock.acquire(), lock.locked())
    lock.release()
    try:
        async with lock:
            print("inside, locked =", lock.locked())
            raise ValueError("inside the block")
    except ValueError as e:
        print("released on error:", not lock.locked(), e)


asyncio.run(main())
