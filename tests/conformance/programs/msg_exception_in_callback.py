import asyncio


def plain(x):
    print("plain callback", x)
    return 1 / x


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(plain, 0)
    loop.call_soon(lambda: [][1])
    loop.call_soon(plain, 4)
    await asyncio.sleep(1)
    print("loop survived both errors")


asyncio.run(main())
