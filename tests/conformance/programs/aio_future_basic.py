import asyncio


async def waiter(fut, name):
    print(name, "waiting")
    v = await fut
    print(name, "got", v)


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    print("done?", fut.done(), "cancelled?", fut.cancelled())
    tasks = [asyncio.create_task(waiter(fut, n)) for n in ("w1", "w2")]
    loop.call_later(1.5, fut.set_result, "payload")
    await asyncio.sleep(0)
    print("main awaits too")
    print("main got", await fut, "at", loop.time())
    await asyncio.gather(*tasks)
    print("done?", fut.done(), "result", fut.result())
    f2 = asyncio.Future()
    f2.set_result(None)
    print("plain Future:", f2.result(), await f2)


asyncio.run(main())
