import asyncio
import time


async def ticker():
    for i in range(4):
        print(f"tick {i} at {time.monotonic():.2f}")
        await asyncio.sleep(0.5)


async def blocker():
    await asyncio.sleep(0.6)
    print(f"blocker: calling time.sleep(2) at {time.monotonic():.2f}")
    time.sleep(2)
    print(f"blocker: woke at {time.monotonic():.2f}")


async def main():
    t0 = time.perf_counter()
    await asyncio.gather(ticker(), blocker())
    print(f"total {time.perf_counter() - t0:.2f}")


time.sleep(0.25)
print("before asyncio.run:", time.time())
asyncio.run(main())
