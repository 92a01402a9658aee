import asyncio
import sys


async def child():
    try:
        await asyncio.sleep(5)
    finally:
        print("child finally at", asyncio.get_running_loop().time())


async def main():
    asyncio.create_task(child())
    await asyncio.sleep(1)
    print("main exits with status 6")
    sys.exit(6)


asyncio.run(main())
