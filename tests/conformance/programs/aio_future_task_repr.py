import asyncio


def clean(r):
    # Task reprs name the program's absolute path; keep only its file name.
    parts = r.split(" at ")
    for i in range(1, len(parts)):
        if ".py:" in parts[i]:
            parts[i] = parts[i].split("/")[-1]
    return " at ".join(parts)

async def forever():
    await asyncio.sleep(100)

async def main():
    t = asyncio.create_task(forever())
    print(clean(repr(t)))
    await asyncio.sleep(0)
    print(clean(repr(t)))
    g = asyncio.gather(t)
    t2 = asyncio.create_task(asyncio.sleep(5))
    await asyncio.sleep(0)
    t.cancel()
    await asyncio.sleep(0)
    print(clean(repr(t)))
    f = asyncio.get_running_loop().create_future()
    print(clean(repr(f)))
    f.set_result(3)
    print(clean(repr(f)))

asyncio.run(main())
