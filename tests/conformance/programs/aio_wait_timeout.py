import asyncio


async def job(d):
    await asyncio.sleep(d)
    print("job", d, "finished")
    return d


def names(s):
    return sorted(t.get_name() for t in s)


async def main():
    tasks = [asyncio.create_task(job(d), name=f"j{d}") for d in (1, 2, 4)]
    done, pending = await asyncio.wait(tasks, timeout=2.5)
    print("after 2.5:", names(done), names(pending))
    # the timeout lands on the same instant as j4 finishing
    done, pending = await asyncio.wait(pending, timeout=1.5)
    print("after tie:", names(done), names(pending), asyncio.get_running_loop().time())
    done, pending = await asyncio.wait(tasks, timeout=0)
    print("timeout=0:", len(done), len(pending))
    try:
        await asyncio.wait([])
    except ValueError as e:
        print("empty:", e)


asyncio.run(main())
