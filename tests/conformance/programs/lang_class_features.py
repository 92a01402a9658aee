# Properties with setters/deleters, class vs instance attributes,
# classmethods through instances, __getattr__, closures in methods,
# classes defined inside functions, dunder arithmetic and comparisons.
class Temperature:
    scale = "C"

    def __init__(self, celsius):
        self._c = celsius

    @property
    def celsius(self):
        return self._c

    @celsius.setter
    def celsius(self, value):
        if value < -273.15:
            raise ValueError("below absolute zero")
        self._c = value

    @celsius.deleter
    def celsius(self):
        print("deleting")
        del self._c

    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32

    @classmethod
    def from_f(cls, f):
        return cls((f - 32) * 5 / 9)


t = Temperature(25)
print(t.celsius, t.fahrenheit, Temperature.from_f(212).celsius, t.from_f(32).celsius)
t.celsius = 30
print(t.celsius)
try:
    t.celsius = -300
except ValueError as e:
    print("ValueError:", e)
try:
    t.fahrenheit = 1
except AttributeError as e:
    print("AttributeError:", e)
del t.celsius
print(hasattr(t, "_c"), getattr(t, "_c", "gone"))
t.scale = "K"
print(t.scale, Temperature.scale)


class Lazy:
    def __init__(self):
        self.real = 1

    def __getattr__(self, name):
        return f"<{name}>"


lz = Lazy()
print(lz.real, lz.missing, getattr(lz, "other"))


def make_counter_class(start):
    step = 2

    class Counter:
        def __init__(self):
            self.n = start

        def tick(self):
            self.n += step
            return self.n

    return Counter


C = make_counter_class(10)
c = C()
print(c.tick(), c.tick(), C.__qualname__)


class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __repr__(self):
        return f"Vec({self.x}, {self.y})"

    def __add__(self, other):
        if not isinstance(other, Vec):
            return NotImplemented
        return Vec(self.x + other.x, self.y + other.y)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)

    def __rmul__(self, k):
        return self * k

    def __neg__(self):
        return Vec(-self.x, -self.y)

    def __eq__(self, other):
        return isinstance(other, Vec) and self.x == other.x and self.y == other.y

    def __le__(self, other):
        return self.x <= other.x


v = Vec(1, 2)
v += Vec(1, 1)
print(v, v * 3, 2 * v, -v, v == Vec(2, 3), v != Vec(2, 3), v == 5)
print(Vec(1, 5) <= Vec(2, 0), Vec(3, 0) >= Vec(1, 1))
try:
    v + 1
except TypeError as e:
    print("TypeError:", e)
try:
    Vec(1, 1) < Vec(2, 2)
except TypeError as e:
    print("TypeError:", e)
try:
    {Vec(0, 0): 1}
except TypeError as e:
    print("TypeError:", e)


class Base:
    def hello(self):
        return "base hello"

    @staticmethod
    def util(x):
        return x * 10


class Mid(Base):
    def hello(self):
        return "mid+" + super().hello()


class Leaf(Mid):
    def hello(self):
        return "leaf+" + super(Leaf, self).hello()


print(Leaf().hello(), Leaf.util(4), Leaf().util(5))
print([k.__name__ for k in Leaf.__mro__])
print(type(Leaf()) is Leaf, isinstance(Leaf(), (int, Base)), issubclass(Leaf, (int, str)))
try:
    Base(1)
except TypeError as e:
    print("TypeError:", e)


class Stack:
    def __init__(self):
        self.items = []

    def push(self, *xs, sep=None):
        for x in xs:
            self.items.append(x)
        return self

    def __len__(self):
        return len(self.items)

    def __iter__(self):
        return iter(self.items)


s = Stack().push(1, 2).push(3, sep="x")
print(len(s), list(s), sum(s), bool(Stack()), 2 in s, [x * 2 for x in s])
