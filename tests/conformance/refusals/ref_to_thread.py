import asyncio
import time


def blocking(n):
    time.sleep(n)
    return n


async def main():
    print("offloading")
    r = await asyncio.to_thread(blocking, 1)
    print("got", r)


asyncio.run(main())
