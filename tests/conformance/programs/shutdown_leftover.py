import asyncio


async def background():
    print("background: started")
    try:
        while True:
            await asyncio.sleep(1)
            print("background: tick")
    except asyncio.CancelledError:
        print("background: cancelled during shutdown")
        raise
    finally:
        print("background: finally")


async def main():
    asyncio.create_task(background())
    await asyncio.sleep(2.5)
    print("main: returning while background still runs")
    return "main result"


print(asyncio.run(main()))
print("after asyncio.run")
