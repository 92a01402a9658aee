import asyncio


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    print("cancel:", fut.cancel("gone"))
    try:
        fut.set_result(1)
    except asyncio.InvalidStateError as e:
        print("set_result on cancelled future:", e)
    try:
        fut.set_exception(ValueError("x"))
    except asyncio.InvalidStateError as e:
        print("set_exception on cancelled future:", e)
    print("done", fut.done(), "cancelled", fut.cancelled())
    fut2 = loop.create_future()
    h = loop.call_soon(fut2.set_result, "late")
    fut2.cancel()
    await asyncio.sleep(1)
    print("callback ran into a cancelled future; handle cancelled:", h.cancelled())


asyncio.run(main())
