def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


def take(n, it):
    out = []
    for x in it:
        if len(out) == n:
            break
        out.append(x)
    return out


print(take(10, fib()))
g = fib()
print(next(g), next(g), next(g))


def finite():
    yield 1
    yield 2
    return "done"


f = finite()
print(next(f), next(f))
try:
    next(f)
except StopIteration as e:
    print("StopIteration value:", e.value)
print(next(iter([]), "default"), list(finite()), sum(x for x in finite()))


def evens(limit):
    for i in range(limit):
        if i % 2:
            continue
        yield i


print(list(evens(9)), max(evens(5)))
