import asyncio


class Sensor:
    def __init__(self, name):
        self.name = name

    def read(self, n):
        print("reading", self.name, n)
        return [10, 20][n]


async def main():
    loop = asyncio.get_running_loop()
    s = Sensor("probe")
    loop.call_later(0.5, s.read, 1)
    loop.call_later(1, s.read, 2)
    await asyncio.sleep(2)
    print("still alive at", loop.time())


asyncio.run(main())
