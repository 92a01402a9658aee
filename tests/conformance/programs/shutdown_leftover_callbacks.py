import asyncio


def late(msg):
    print("callback:", msg)


async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(0.5, late, "0.5s timer fires while main sleeps")
    await asyncio.sleep(1)
    loop.call_soon(late, "call_soon from main's last step still runs")
    loop.call_later(0, late, "call_later(0) from main's last step")
    loop.call_later(5, late, "5s timer is discarded by close()")
    print("main returns at", loop.time())


asyncio.run(main())
print("after asyncio.run")
