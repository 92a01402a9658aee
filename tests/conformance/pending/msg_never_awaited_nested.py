import asyncio


async def main():
    async def inner():
        return 1

    c = inner()
    print("made a coroutine, dropping it")
    c = None
    print("dropped")
    asyncio.sleep(5)
    print("done")


asyncio.run(main())
