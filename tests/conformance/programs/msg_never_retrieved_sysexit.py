import asyncio
import sys


async def quitter():
    await asyncio.sleep(1)
    print("quitter calls sys.exit(5)")
    sys.exit(5)


async def main():
    t = asyncio.create_task(quitter())
    await asyncio.sleep(2)
    print("not reached")


asyncio.run(main())
print("not reached either")
