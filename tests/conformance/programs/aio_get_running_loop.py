import asyncio


async def main():
    loop = asyncio.get_running_loop()
    print("same as get_event_loop:", loop is asyncio.get_event_loop())
    print("running:", loop.is_running(), "closed:", loop.is_closed())
    fut = loop.create_future()
    loop.call_soon(fut.set_result, "via call_soon")
    print(await fut)
    return loop


try:
    asyncio.get_running_loop()
except RuntimeError as e:
    print("before run:", e)
loop = asyncio.run(main())
print("after run: closed", loop.is_closed(), "running", loop.is_running())
