import asyncio


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    try:
        fut.result()
    except asyncio.InvalidStateError as e:
        print("result on pending:", type(e).__name__, e)
    try:
        fut.exception()
    except asyncio.InvalidStateError as e:
        print("exception on pending:", type(e).__name__, e)
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
    try:
        fut.set_result(3)
    except Exception as e:
        print("InvalidStateError is an Exception:", type(e).__name__)


asyncio.run(main())
