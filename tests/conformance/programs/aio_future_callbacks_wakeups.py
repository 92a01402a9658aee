import asyncio

# Done callbacks and awaiting tasks are woken in registration order.


async def waiter(name, fut):
    await fut
    print("task", name, "resumed")


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.add_done_callback(lambda f: print("callback 1"))
    t1 = asyncio.create_task(waiter("t1", fut))
    await asyncio.sleep(0)
    fut.add_done_callback(lambda f: print("callback 2"))
    t2 = asyncio.create_task(waiter("t2", fut))
    await asyncio.sleep(0)
    fut.add_done_callback(lambda f: print("callback 3"))
    fut.set_result(None)
    await asyncio.gather(t1, t2)


asyncio.run(main())
