def inner(tag):
    yield tag + "1"
    yield tag + "2"
    return tag.upper()


def outer():
    r1 = yield from inner("a")
    print("inner returned", r1)
    r2 = yield from inner("b")
    print("inner returned", r2)
    yield from [10, 20]
    yield from range(2)


print(list(outer()))


def flatten(xs):
    for x in xs:
        if isinstance(x, list):
            yield from flatten(x)
        else:
            yield x


print(list(flatten([1, [2, [3, [4]], 5], [], [[6]]])))


def echo():
    received = []
    while True:
        x = yield len(received)
        if x is None:
            return received
        received.append(x)


e = echo()
print(next(e), e.send("a"), e.send("b"))
try:
    e.send(None)
except StopIteration as s:
    print("collected", s.value)
