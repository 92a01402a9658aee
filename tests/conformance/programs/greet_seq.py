import asyncio
import time


async def greet(name, delay=1):
    print(f"{time.time():.1f}: hello, {name}")
    await asyncio.sleep(delay)
    print(f"{time.time():.1f}: goodbye, {name}")
    return len(name)


async def main():
    start = time.time()
    a = await greet("Alice")
    b = await greet("Bob")
    print(f"lengths {a} and {b}, took {time.time() - start:.2f}s in total")


asyncio.run(main())
