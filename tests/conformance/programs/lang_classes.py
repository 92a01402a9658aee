class Animal:
    """An animal."""
    kind = "animal"
    count = 0

    def __init__(self, name, sound="..."):
        self.name = name
        self.sound = sound
        Animal.count += 1

    def speak(self):
        return f"{self.name} says {self.sound}"

    def __repr__(self):
        return f"Animal({self.name!r})"

    @staticmethod
    def create(n):
        return Animal(n, "hi")

    @classmethod
    def named(cls, n):
        return cls(n)

    @property
    def upper(self):
        return self.name.upper()

class Dog(Animal):
    kind = "dog"
    def __init__(self, name):
        super().__init__(name, "woof")
        self.tricks = []

    def speak(self):
        return "Dog: " + super().speak()

    def __str__(self):
        return f"Dog {self.name}"

a = Animal("cat", "meow")
d = Dog("rex")
print(a.speak(), d.speak())
print(a, d, repr(d), str(a))
print([a, d])
print(Animal.count, Dog.kind, a.kind, d.kind)
print(Animal.create("x").speak(), Dog.named("y"))
print(d.upper, type(d).__name__, d.__class__.__name__, Dog.__qualname__)
print(isinstance(d, Animal), isinstance(a, Dog), issubclass(Dog, Animal), issubclass(Animal, Dog))
print(type(d) is Dog, Dog.__mro__ if False else Dog.__base__)
print(f"{d} and {a!r} {d!s:>12}|")
print(Animal.__doc__, Dog.__doc__)
class P:
    def __init__(self, x, y):
        self.x = x; self.y = y
    def __eq__(self, o):
        return isinstance(o, P) and (self.x, self.y) == (o.x, o.y)
    def __lt__(self, o):
        return (self.x, self.y) < (o.x, o.y)
    def __hash__(self):
        return hash((self.x, self.y)) if False else self.x * 31 + self.y
    def __repr__(self):
        return f"P({self.x}, {self.y})"
    def __add__(self, o):
        return P(self.x + o.x, self.y + o.y)
    def __len__(self):
        return 2
    def __getitem__(self, i):
        return (self.x, self.y)[i]
    def __iter__(self):
        yield self.x
        yield self.y
    def __contains__(self, v):
        return v in (self.x, self.y)
    def __call__(self, k):
        return self.x * k
    def __bool__(self):
        return self.x != 0
ps = [P(3, 1), P(1, 2), P(2, 0), P(1, 1)]
print(sorted(ps), min(ps), max(ps))
print(P(1, 2) == P(1, 2), P(1, 2) != P(1, 3), P(1,2) + P(3,4))
print(len(P(0,0)), P(5,6)[1], list(P(7, 8)), 8 in P(7, 8), P(3, 0)(4))
print({P(1, 2): "a"}[P(1, 2)], bool(P(0, 1)), not P(1, 0))
x, y = P(9, 10)
print(x, y)
for v in P(4, 5):
    print("v", v)
class MyError(Exception):
    pass
class CodeError(MyError):
    def __init__(self, code, msg):
        super().__init__(msg)
        self.code = code
    def __str__(self):
        return f"[{self.code}] {self.args[0]}"
try:
    raise CodeError(42, "bad")
except MyError as e:
    print("caught", type(e).__name__, e, repr(e), e.args, e.code)
try:
    raise MyError("plain")
except Exception as e:
    print(repr(e), str(e), e.args)
def deco(f):
    def wrapper(*args):
        print("calling", f.__name__)
        return f(*args)
    return wrapper
@deco
def add(a, b):
    return a + b
print(add(2, 3))
class Outer:
    class Inner:
        pass
print(Outer.Inner.__qualname__, Outer.Inner)
