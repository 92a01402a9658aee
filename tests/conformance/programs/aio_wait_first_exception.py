import asyncio


async def ok(d):
    await asyncio.sleep(d)
    return d


async def bad(d):
    await asyncio.sleep(d)
    raise ValueError(f"bad after {d}")


def names(s):
    return sorted(t.get_name() for t in s)


async def main():
    tasks = [asyncio.create_task(ok(1), name="ok1"),
             asyncio.create_task(bad(2), name="bad2"),
             asyncio.create_task(ok(3), name="ok3")]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    print("t", asyncio.get_running_loop().time())
    print("done", names(done), "pending", names(pending))
    for t in sorted(done, key=lambda t: t.get_name()):
        print(t.get_name(), repr(t.exception()))
    # no exception at all: behaves like ALL_COMPLETED
    more = [asyncio.create_task(ok(0.5), name="a"), asyncio.create_task(ok(0.25), name="b")]
    done, pending = await asyncio.wait(more, return_when=asyncio.FIRST_EXCEPTION)
    print("t", asyncio.get_running_loop().time(), names(done), names(pending))
    print("nothing pending:", pending == set())
    await asyncio.wait([tasks[2]])
    print("ok3 result", tasks[2].result())


asyncio.run(main())
