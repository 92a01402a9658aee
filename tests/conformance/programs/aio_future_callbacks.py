import asyncio


def cb(tag):
    def inner(fut):
        print("callback", tag, "sees", fut.result())
    return inner


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    a, b, c = cb("a"), cb("b"), cb("c")
    fut.add_done_callback(a)
    fut.add_done_callback(b)
    fut.add_done_callback(c)
    fut.add_done_callback(b)
    print("removed", fut.remove_done_callback(b))
    print("removed again", fut.remove_done_callback(b))
    loop.call_soon(print, "call_soon before set")
    fut.set_result(42)
    loop.call_soon(print, "call_soon after set")
    print("set_result returned; nothing ran yet")
    await asyncio.sleep(0)
    print("after one iteration")
    fut.add_done_callback(cb("late"))
    print("late callback queued")
    await asyncio.sleep(0)
    print("end")


asyncio.run(main())
