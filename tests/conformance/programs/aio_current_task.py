import asyncio


def in_callback():
    print("callback current_task:", asyncio.current_task())


async def child():
    print("child current:", asyncio.current_task().get_name())


async def main():
    loop = asyncio.get_running_loop()
    me = asyncio.current_task()
    print("main current:", me.get_name(), me is asyncio.current_task(loop))
    loop.call_soon(in_callback)
    await asyncio.create_task(child())
    await child()
    r = await asyncio.wait_for(child(), 1)
    print("outside a loop:", r)


asyncio.run(main())
try:
    asyncio.current_task()
except RuntimeError as e:
    print("RuntimeError:", e)
