import asyncio


class Worker:
    created = 0

    def __init__(self, name, delay):
        self.name = name
        self.delay = delay
        self.done = []
        Worker.created += 1

    async def handle(self, job):
        await asyncio.sleep(self.delay)
        self.done.append(job)
        print(self.name, "handled", job, "at", asyncio.get_running_loop().time())
        return job * 2

    async def run(self, jobs):
        return [await self.handle(j) for j in jobs]


class LoudWorker(Worker):
    async def handle(self, job):
        print(self.name, "starting", job)
        return await super().handle(job) + 1


async def main():
    a = Worker("a", 1)
    b = LoudWorker("b", 0.5)
    ra, rb = await asyncio.gather(a.run([1, 2]), b.run([3, 4, 5]))
    print(ra, rb, a.done, b.done, Worker.created)
    t = asyncio.create_task(a.handle(9))
    print(await t)


asyncio.run(main())
