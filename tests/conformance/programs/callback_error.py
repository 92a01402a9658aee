import asyncio


def fragile(n):
    print("fragile called with", n)
    return 10 // n


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(fragile, 2)
    loop.call_soon(fragile, 0)
    loop.call_later(0.1, fragile, 5)
    await asyncio.sleep(0.2)
    print("the loop survived the failing callback")


asyncio.run(main())
