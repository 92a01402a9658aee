import asyncio

# The awaited work finishes at exactly the instant the timeout expires.


async def work(d, tag):
    await asyncio.sleep(d)
    print("work", tag, "returns")
    return tag


async def main():
    for d, timeout in [(1, 1), (0.5, 0.5), (2, 1.999), (0, 0.001)]:
        try:
            r = await asyncio.wait_for(work(d, f"{d}/{timeout}"), timeout)
            print("got", r)
        except TimeoutError:
            print("timed out", d, timeout)
        print("now", asyncio.get_running_loop().time())


asyncio.run(main())
