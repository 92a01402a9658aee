import asyncio


async def doomed():
    print("doomed: raising")
    raise ValueError("nobody looks at me")


async def main():
    asyncio.create_task(doomed())
    await asyncio.sleep(0.5)
    print("main finished normally")


asyncio.run(main())
print("exit status is still 0")
