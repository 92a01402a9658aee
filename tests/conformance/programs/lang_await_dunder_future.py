import asyncio


class Signal:
    def __init__(self):
        self.fut = asyncio.get_running_loop().create_future()

    def fire(self, value):
        if not self.fut.done():
            self.fut.set_result(value)

    def __await__(self):
        print("someone awaits the signal")
        value = yield from self.fut
        return f"signal:{value}"


async def listener(name, sig):
    print(name, "got", await sig)


async def main():
    sig = Signal()
    tasks = [asyncio.create_task(listener(n, sig)) for n in ("x", "y")]
    await asyncio.sleep(0)
    asyncio.get_running_loop().call_later(1, sig.fire, "go")
    await asyncio.gather(*tasks)
    print("awaiting again:", await sig, asyncio.get_running_loop().time())


asyncio.run(main())
