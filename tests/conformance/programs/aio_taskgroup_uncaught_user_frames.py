import asyncio

# The group escapes asyncio.run and is re-raised without the asyncio frames,
# so the rendered tree holds user frames only.


async def fetch(n):
    await asyncio.sleep(1 if n % 2 else 2)
    if n % 2:
        raise ConnectionError(f"fetch {n} failed")
    return n


async def main():
    async with asyncio.TaskGroup() as tg:
        for n in range(1, 5):
            tg.create_task(fetch(n))


try:
    asyncio.run(main())
except* ConnectionError as eg:
    print("caught", len(eg.exceptions), "errors")
    failure = eg
raise failure.with_traceback(None)
