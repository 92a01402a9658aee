import asyncio


class Suppress:
    def __init__(self, *kinds):
        self.kinds = kinds
        self.caught = None

    async def __aenter__(self):
        return self

    async def __aexit__(self, et, ev, tb):
        await asyncio.sleep(0)
        if et is not None and issubclass(et, self.kinds):
            self.caught = ev
            print("suppressing", repr(ev))
            return True
        return None


async def main():
    async with Suppress(KeyError, IndexError) as s:
        [][0]
    print("caught:", repr(s.caught))
    try:
        async with Suppress(KeyError):
            raise TypeError("not suppressed")
    except TypeError as e:
        print("escaped:", e)
    for i in range(3):
        async with Suppress(ZeroDivisionError):
            if i == 1:
                continue
            print("body", i, 1 / (i - 2) if i != 2 else 1 / 0)
    print("loop done")


asyncio.run(main())
