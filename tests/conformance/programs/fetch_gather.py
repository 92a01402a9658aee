import asyncio
import time


async def fetch_data(n):
    print(f"fetching item {n}")
    await asyncio.sleep(2)
    print(f"item {n} done at {time.monotonic()}")
    return {"id": n, "value": n * 10}


async def main():
    start = time.perf_counter()
    results = await asyncio.gather(*[fetch_data(i) for i in range(3)])
    print(results)
    print(f"elapsed: {time.perf_counter() - start:.2f} s")
    print(sum(r["value"] for r in results))


asyncio.run(main())
