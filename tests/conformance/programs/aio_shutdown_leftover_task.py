import asyncio


async def background():
    try:
        while True:
            await asyncio.sleep(1)
            print("background tick", asyncio.get_running_loop().time())
    except asyncio.CancelledError:
        print("background cancelled at shutdown")
        await asyncio.sleep(0.5)
        print("background cleanup done at", asyncio.get_running_loop().time())
        raise


async def main():
    asyncio.create_task(background())
    await asyncio.sleep(2.5)
    print("main returns")
    return "main result"


print(asyncio.run(main()))
print("after run")
