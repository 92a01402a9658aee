import asyncio


async def job(d):
    await asyncio.sleep(d)
    return d


def names(s):
    return sorted(t.get_name() for t in s)


async def main():
    tasks = [asyncio.create_task(job(d), name=f"job{d}") for d in (3, 1, 2, 1)]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print("t", asyncio.get_running_loop().time())
    print("done", names(done))
    print("pending", names(pending))
    done2, pending2 = await asyncio.wait(pending, return_when="FIRST_COMPLETED")
    print("t", asyncio.get_running_loop().time(), names(done2), names(pending2))
    done3, pending3 = await asyncio.wait(pending2)
    print("t", asyncio.get_running_loop().time(), names(done3), len(pending3))
    print(sorted(t.result() for t in tasks))
    print(asyncio.FIRST_COMPLETED, asyncio.FIRST_EXCEPTION, asyncio.ALL_COMPLETED)


asyncio.run(main())
