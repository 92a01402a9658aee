import asyncio

class CM:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print("enter", self.name)
        return self
    def __exit__(self, et, ev, tb):
        print("exit", self.name, et.__name__ if et else None, ev, tb is None)
        return self.suppress

with CM("a") as a:
    print("body", a.name)
with CM("b", True):
    raise ValueError("boom")
print("after b")
try:
    with CM("c"), CM("d") as d:
        print("inner", d.name)
        raise KeyError("k")
except KeyError as e:
    print("caught", repr(e))

def f():
    for i in range(3):
        with CM(f"loop{i}"):
            if i == 1:
                continue
            if i == 2:
                return "ret"
            print("i", i)
print(f())

def g():
    while True:
        with CM("brk"):
            break
    return 1
print(g())

class ACM:
    def __init__(self, n, suppress=False):
        self.n = n
        self.suppress = suppress
    async def __aenter__(self):
        print("aenter", self.n)
        await asyncio.sleep(0.1)
        return self.n * 2
    async def __aexit__(self, et, ev, tb):
        print("aexit", self.n, et, repr(ev))
        await asyncio.sleep(0.1)
        return self.suppress

async def main():
    async with ACM(1) as v:
        print("v", v)
    async with ACM(2, True) as v:
        raise RuntimeError("x")
    try:
        async with ACM(3):
            1 / 0
    except ZeroDivisionError as e:
        print("zde", e)
    for i in range(2):
        async with ACM(4 + i):
            if i == 0:
                continue
            return "done"
print(asyncio.run(main()))
try:
    with 5:
        pass
except TypeError as e:
    print(e)
async def m2():
    async with CM("x"):
        pass
try:
    asyncio.run(m2())
except TypeError as e:
    print(e)
with CM("final"):
    raise IndexError("last")
