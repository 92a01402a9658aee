def make_adders():
    return [lambda x, n=n: x + n for n in range(3)]


print([f(10) for f in make_adders()])
late = [lambda: i for i in range(3)]
print([f() for f in late])
compose = lambda f, g: lambda x: f(g(x))
inc = lambda x: x + 1
dbl = lambda x: x * 2
print(compose(inc, dbl)(5), compose(dbl, inc)(5))
pairs = [(3, "c"), (1, "a"), (2, "b")]
print(sorted(pairs, key=lambda p: p[1], reverse=True))
print(list(map(lambda s: s.upper(), ["x", "y"])), list(filter(lambda v: v > 1, [0, 1, 2, 3])))


def counter():
    count = 0

    def step():
        nonlocal count
        count += 1
        return count
    return step


c1, c2 = counter(), counter()
print(c1(), c1(), c1(), c2())
print((lambda *a, **k: (a, sorted(k)))(1, 2, z=3, y=4))
