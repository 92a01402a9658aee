import asyncio


def say(msg):
    print("callback:", msg)


async def main():
    loop = asyncio.get_running_loop()
    h1 = loop.call_soon(say, "soon, kept")
    h2 = loop.call_soon(say, "soon, cancelled")
    h3 = loop.call_later(1, say, "later, cancelled")
    h4 = loop.call_later(1, say, "later, kept")
    h5 = loop.call_at(loop.time() + 2, say, "at, kept")
    h2.cancel()
    h3.cancel()
    print("cancelled flags:", h1.cancelled(), h2.cancelled(), h3.cancelled())
    print("when:", h4.when(), h5.when())
    await asyncio.sleep(3)
    h4.cancel()
    print("cancel after running is harmless:", h4.cancelled())
    print("end at", loop.time())


asyncio.run(main())
