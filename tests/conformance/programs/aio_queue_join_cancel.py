import asyncio


async def main():
    q = asyncio.Queue()
    q.put_nowait("job")
    joiner = asyncio.create_task(q.join())
    await asyncio.sleep(1)
    print("join still waiting:", not joiner.done(), "unfinished", q.qsize())
    joiner.cancel()
    await asyncio.gather(joiner, return_exceptions=True)
    print("joiner cancelled:", joiner.cancelled())
    print("item", q.get_nowait())
    q.task_done()
    await asyncio.wait_for(q.join(), 0.1)
    print("join returns once every item is done")


asyncio.run(main())
