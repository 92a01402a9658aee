import asyncio
import time


async def main():
    loop = asyncio.get_running_loop()
    print(loop.time(), time.time(), time.monotonic(), time.perf_counter())
    await asyncio.sleep(1.25)
    print(loop.time(), time.time(), time.monotonic(), time.perf_counter())
    time.sleep(0.5)
    print(loop.time(), time.time() == loop.time())
    start = time.perf_counter()
    await asyncio.sleep(0.1)
    print(f"elapsed {time.perf_counter() - start:.3f}", time.perf_counter() - start)


print("before run", time.time())
asyncio.run(main())
print("after run", time.monotonic())
