import asyncio


def work():
    return 42


async def main():
    loop = asyncio.get_running_loop()
    print(await loop.run_in_executor(None, work))


asyncio.run(main())
