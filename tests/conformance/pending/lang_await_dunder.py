import asyncio


class Delay:
    def __init__(self, seconds, value):
        self.seconds = seconds
        self.value = value

    def __await__(self):
        print("awaiting Delay", self.seconds)
        yield from asyncio.sleep(self.seconds).__await__()
        return self.value


class Twice:
    def __init__(self, aw):
        self.aw = aw

    def __await__(self):
        first = yield from Delay(0.5, "one").__await__()
        second = yield from self.aw.__await__()
        return first, second


async def main():
    v = await Delay(1, "payload")
    print("got", v, asyncio.get_running_loop().time())
    print(await Twice(Delay(0.25, "two")), asyncio.get_running_loop().time())
    t = asyncio.ensure_future(Delay(0, "as task"))
    print(await t)


asyncio.run(main())
