# Class odds and ends: explicit Exception.__init__, __dict__, bound-method attributes,
# object.__init__ argument check, hash/callable, class-body scoping, errors raised
# inside special methods reached from C (in, print), recursive __iter__ with yield from.
class E(Exception):
    def __init__(self, a, b):
        Exception.__init__(self, a + b)
        self.b = b
e = E(1, 2)
print(e, e.args, repr(e), e.__dict__)
class P:
    def __init__(self):
        super().__init__()
        self.x = 1
    def m(self):
        return 5
p = P()
print(p.__dict__, p.m.__name__, p.m.__qualname__, p.m.__self__ is p, p.m.__func__ is P.m)
class Q:
    def __init__(self, v):
        super().__init__(v)
try:
    Q(1)
except TypeError as err:
    print(err)
print(hash(5), hash(True), callable(p), callable(P), callable(p.m), callable(3))
class A:
    x = 1
    y = x + 1
    z = [x for x in range(2)]
print(A.y, A.z)
print(object.__repr__(p).startswith("<__main__.P object at"), str(p) == repr(p))
class Bad:
    def __str__(self):
        return 1 / 0
class Cmp:
    def __eq__(self, o):
        raise ValueError("no eq")
try:
    Cmp() in [1, 2]
except ValueError as e:
    print("ValueError", e)
class Tree:
    def __init__(self, v, kids=()):
        self.v = v
        self.kids = list(kids)
    def __iter__(self):
        yield self.v
        for k in self.kids:
            yield from k
    def __repr__(self):
        return f"T({self.v}, {self.kids})"
t = Tree(1, [Tree(2, [Tree(3)]), Tree(4)])
print(list(t), t, sum(t), max(t), sorted(t, reverse=True))
def f():
    print(Bad())
f()
