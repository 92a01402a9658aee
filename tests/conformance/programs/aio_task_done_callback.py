import asyncio


async def job():
    await asyncio.sleep(1)
    print("job returning")
    return 5


def report(tag):
    def cb(t):
        print(tag, t.get_name(), t.result(), "at", asyncio.get_running_loop().time())
    return cb


async def awaiter(t):
    print("awaiter got", await t)


async def main():
    t = asyncio.create_task(job(), name="J")
    t.add_done_callback(report("first"))
    w = asyncio.create_task(awaiter(t))
    t.add_done_callback(report("second"))
    await w
    t.add_done_callback(report("after done"))
    print("main continues")
    await asyncio.sleep(0)
    print("end")


asyncio.run(main())
