import asyncio


class Feed:
    def __init__(self, items, delay):
        self.items = items
        self.delay = delay

    async def __aiter__(self):
        for it in self.items:
            await asyncio.sleep(self.delay)
            yield it

    def __len__(self):
        return len(self.items)


async def main():
    feed = Feed(["a", "b", "c"], 0.5)
    async for item in feed:
        print("item", item, asyncio.get_running_loop().time())
    print(len(feed), [x async for x in Feed([1, 2], 0)])
    it = aiter(Feed([10], 0))
    print(await anext(it), await anext(it, "exhausted"))


asyncio.run(main())
