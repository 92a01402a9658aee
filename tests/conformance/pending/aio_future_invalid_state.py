import asyncio


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    for op in ("result", "exception"):
        try:
            getattr(fut, op)()
        except asyncio.InvalidStateError as e:
            print(op, "on pending:", type(e).__name__, e)
    fut.set_result(1)
    try:
        fut.set_result(2)
    except asyncio.InvalidStateError as e:
        print("second set_result:", e)
    try:
        fut.set_exception(ValueError())
    except asyncio.InvalidStateError as e:
        print("set_exception after result:", e)
    print("cancel a done future:", fut.cancel(), fut.result())
    print("InvalidStateError is an Exception:", issubclass(asyncio.InvalidStateError, Exception))


asyncio.run(main())
