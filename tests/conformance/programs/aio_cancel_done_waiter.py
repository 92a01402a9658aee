import asyncio

# The future a task waits on completes, and the task is cancelled in the same
# iteration before its wake-up runs: the result is dropped, CancelledError wins.


async def waiter(fut):
    try:
        v = await fut
        print("waiter got", v)
    except asyncio.CancelledError:
        print("waiter cancelled although the future had a result:", fut.result())
        raise


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    t = asyncio.create_task(waiter(fut))
    await asyncio.sleep(0)
    fut.set_result("value")
    t.cancel()
    await asyncio.gather(t, return_exceptions=True)
    print("cancelled:", t.cancelled())


asyncio.run(main())
