import asyncio
from functools import partial


class Recorder:
    def __init__(self):
        self.events = []

    def record(self, tag, value=None, *, when=None):
        if isinstance(value, asyncio.Task):
            value = ("task", value.get_name(), value.result())
        self.events.append((tag, value, when))
        print("record", tag, value, when)


async def job():
    await asyncio.sleep(1)
    return 42


async def main():
    loop = asyncio.get_running_loop()
    rec = Recorder()
    t = asyncio.create_task(job())
    t.add_done_callback(partial(rec.record, "done-callback", when="task"))
    loop.call_soon(partial(rec.record, "soon", 1))
    loop.call_later(0.5, partial(rec.record, when="half"), "later")
    bound = partial(partial(rec.record, "nested"), 7)
    bound(when="now")
    await t
    await asyncio.sleep(0)
    print(len(rec.events), rec.events[-1][0])


asyncio.run(main())
