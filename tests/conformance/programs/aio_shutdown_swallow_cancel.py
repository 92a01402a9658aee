import asyncio


async def stubborn():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("stubborn ignores the shutdown cancel")
    await asyncio.sleep(1)
    print("stubborn finishes normally at", asyncio.get_running_loop().time())
    return 1


async def main():
    asyncio.create_task(stubborn())
    await asyncio.sleep(0.5)
    print("main done")


asyncio.run(main())
print("exit")
