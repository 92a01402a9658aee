import asyncio

# Timeout deadline equal to the body's sleep: the timeout's timer was created first.


async def main():
    loop = asyncio.get_running_loop()
    for body, limit in [(1, 1), (0.25, 0.25), (1, 1.000000001)]:
        try:
            async with asyncio.timeout(limit) as cm:
                await asyncio.sleep(body)
                print("body finished", body, limit)
            print("no timeout, expired =", cm.expired())
        except TimeoutError:
            print("timeout", body, limit, "expired =", cm.expired())
        print("t =", loop.time())


asyncio.run(main())
