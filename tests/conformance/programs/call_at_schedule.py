import asyncio


def at(label):
    print(f"{label} fired at {asyncio.get_event_loop().time():.2f}")


async def main():
    loop = asyncio.get_running_loop()
    base = loop.time()
    for offset in [0.3, 0.1, 0.2, 0.1, 0.0]:
        loop.call_at(base + offset, at, f"+{offset}")
    loop.call_later(0.15, at, "later 0.15")
    loop.call_soon(at, "soon")
    await asyncio.sleep(0.25)
    print("main woke at", loop.time())
    await asyncio.sleep(0.25)


asyncio.run(main())
