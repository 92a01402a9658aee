import asyncio


async def parse(text):
    if not text:
        raise ValueError("empty input")
    return text


async def load(items):
    out = []
    for item in items:
        out.append(await parse(item))
        await asyncio.sleep(0.1)
    return out


async def main():
    print("loaded", await load(["a", "b"]))
    print("loading a list with a hole...")
    await load(["c", "", "d"])
    print("not reached")


asyncio.run(main())
