import asyncio
import sys


async def quitter():
    await asyncio.sleep(1)
    print("child calls sys.exit(7)")
    sys.exit(7)


async def bystander():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print("bystander cancelled")
        raise


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(bystander())
            tg.create_task(quitter())
    except* Exception:
        print("SystemExit is not wrapped in an ExceptionGroup")
    print("not reached")


asyncio.run(main())
