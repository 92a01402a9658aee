class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self):
        return f"Point({self.x!r}, {self.y!r})"


class Named(Point):
    def __init__(self, name, x, y):
        super().__init__(x, y)
        self.name = name

    def __str__(self):
        return f"{self.name}@({self.x}, {self.y})"


p = Point(1, 2.5)
n = Named("home", 0, -1)
print(p, str(p), repr(p))
print(n, repr(n))
print([p, n], (n,), {"k": n})
print(f"{n} {n!r} {p!s}")
print("%s / %r" % (n, n))
print("{} {!r}".format(n, n))


class Plain:
    pass


print(type(Plain()).__name__, str(Plain) == repr(Plain))
