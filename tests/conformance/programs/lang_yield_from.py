# yield from (generators, lists, ranges), send/throw/close, StopIteration.value,
# GeneratorExit handling, and await on an object whose __await__ is a generator.
import asyncio

def inner(n):
    got = []
    for i in range(n):
        x = yield i
        got.append(x)
    return got

def outer():
    r = yield from inner(3)
    print("inner returned", r)
    r2 = yield from [10, 20]
    print("list returned", r2)
    yield from range(2)
    return "done"

print(list(outer()))
g = outer()
print(next(g), g.send("a"), g.send("b"))
try:
    print("got", g.send("c"))
    while True:
        print("got", next(g))
except StopIteration as e:
    print("stop", e.value, e.args)
g = outer()
next(g); next(g); next(g); next(g)
try:
    g.send("x")
except AttributeError as e:
    print("AttributeError:", e)

def echo():
    try:
        while True:
            try:
                v = yield
                print("echo", v)
            except KeyError as e:
                print("handled", repr(e))
    finally:
        print("closing echo")

e = echo()
next(e)
e.send(1)
e.throw(KeyError("k"))
e.send(2)
e.close()
e.close()
try:
    e.send(3)
except StopIteration:
    print("closed gen raises StopIteration")

def delegating():
    yield from echo()

d = delegating()
next(d)
d.send("via")
d.throw(KeyError("deep"))
d.close()

def bad():
    try:
        yield 1
    except GeneratorExit:
        yield 2
b = bad()
next(b)
try:
    b.close()
except RuntimeError as err:
    print("RuntimeError:", err)
s = inner(2)
try:
    s.send(5)
except TypeError as err:
    print("TypeError:", err)

def thrower():
    yield 1
t = thrower()
try:
    t.throw(ValueError("at start"))
except ValueError as err:
    print("propagated", err)
print(list(t))

class Waiter:
    def __init__(self, n):
        self.n = n
    def __await__(self):
        for i in range(self.n):
            print("waiter step", i)
            yield
        return self.n * 100

async def other():
    for i in range(3):
        print("other", i)
        await asyncio.sleep(0)

async def main():
    t = asyncio.create_task(other())
    r = await Waiter(3)
    print("waiter result", r)
    await t

asyncio.run(main())

def gen_with_return():
    yield 1
    return 5
def wrap():
    x = yield from gen_with_return()
    yield x
print(list(wrap()))
x, y = (i * i for i in range(2))
print(x, y, sum(x for x in inner(0)) if False else "ok")
