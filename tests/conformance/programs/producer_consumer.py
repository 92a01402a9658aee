import asyncio

queue = []
log = []


async def producer(n):
    for i in range(n):
        await asyncio.sleep(0.3)
        queue.append(i)
        print(f"produced {i} (queue size {len(queue)})")
    queue.append(None)


async def consumer():
    loop = asyncio.get_running_loop()
    pos = 0
    while True:
        if pos >= len(queue):
            await asyncio.sleep(0.2)
            continue
        item = queue[pos]
        pos += 1
        if item == None:
            break
        log.append(item)
        print(f"consumed {item} at {loop.time():.1f}")
    return len(log)


async def main():
    results = await asyncio.gather(producer(4), consumer())
    print("results", results, "log", log)


asyncio.run(main())
