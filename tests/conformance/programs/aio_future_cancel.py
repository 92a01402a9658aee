import asyncio


async def waiter(fut):
    try:
        await fut
    except asyncio.CancelledError as e:
        print("waiter sees cancellation", e.args)
        return "handled"


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    fut.add_done_callback(lambda f: print("callback: cancelled =", f.cancelled()))
    t = asyncio.create_task(waiter(fut))
    await asyncio.sleep(1)
    print("cancel ->", fut.cancel("no data"))
    print("cancel again ->", fut.cancel())
    print("waiter returned", await t)
    try:
        fut.result()
    except asyncio.CancelledError as e:
        print("result() raises CancelledError", e.args)
    try:
        fut.exception()
    except asyncio.CancelledError:
        print("exception() raises CancelledError too")
    try:
        fut.result()
    except Exception:
        print("wrong: caught as Exception")
    except BaseException as e:
        print("CancelledError is a BaseException, not an Exception:", type(e).__name__)


asyncio.run(main())
