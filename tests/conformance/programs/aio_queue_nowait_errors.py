import asyncio


async def main():
    q = asyncio.Queue(1)
    try:
        q.get_nowait()
    except asyncio.QueueEmpty as e:
        print("QueueEmpty", repr(e), issubclass(asyncio.QueueEmpty, Exception))
    q.put_nowait("only")
    try:
        q.put_nowait("one too many")
    except asyncio.QueueFull as e:
        print("QueueFull", repr(e))
    print("still", q.qsize(), q.get_nowait())
    try:
        q.task_done()
        q.task_done()
    except ValueError as e:
        print("ValueError:", e)


asyncio.run(main())
