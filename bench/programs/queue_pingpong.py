# Scheduling: 1,000 tasks in 500 ping-pong pairs, each pair bouncing a counter
# 100 times through two asyncio.Queues.
import asyncio


async def ping(inbox, outbox, rounds):
    for i in range(rounds):
        await outbox.put(i)
        await inbox.get()


async def pong(inbox, outbox, rounds):
    total = 0
    for _ in range(rounds):
        total += await inbox.get()
        await outbox.put(total)
    return total


async def main():
    tasks = []
    for _ in range(500):
        a, b = asyncio.Queue(), asyncio.Queue()
        tasks.append(asyncio.create_task(ping(a, b, 100)))
        tasks.append(asyncio.create_task(pong(b, a, 100)))
    results = await asyncio.gather(*tasks)
    print(len(results), sum(r for r in results if r))


asyncio.run(main())
