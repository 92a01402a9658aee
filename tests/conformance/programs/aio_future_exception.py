import asyncio


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(1, fut.set_exception, LookupError("nothing here"))
    try:
        await fut
    except LookupError as e:
        print("awaited:", repr(e), "at", loop.time())
    print("exception():", repr(fut.exception()))
    try:
        fut.result()
    except LookupError as e:
        print("result() raises", repr(e))
    f2 = loop.create_future()
    f2.set_exception(ValueError)
    print("class becomes instance:", repr(f2.exception()))
    f3 = loop.create_future()
    try:
        f3.set_exception(StopIteration("x"))
    except TypeError as e:
        print("TypeError:", e)
    f3.cancel()


asyncio.run(main())
