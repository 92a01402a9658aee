# Library builtins with user classes: key=, sets of objects with __hash__/__eq__,
# format fields reading attributes, map/partial over a class, attribute builtins.
import functools
class P:
    def __init__(self, name, age):
        self.name = name
        self.age = age
    def __repr__(self):
        return f"P({self.name!r}, {self.age})"
    def __str__(self):
        return self.name
    def __eq__(self, other):
        return isinstance(other, P) and self.name == other.name
    def __hash__(self):
        return hash(self.name)
    def __lt__(self, other):
        return self.age < other.age
def age(p):
    return p.age
ps = [P("ann", 30), P("bob", 25), P("cy", 35)]
print(sorted(ps, key=age), sorted(ps), max(ps, key=age), min(ps))
print({P("ann", 1), P("ann", 2), P("bob", 3)} == {P("bob", 0), P("ann", 0)}, len({P("x", 1), P("x", 2)}))
print("{0.name} is {0.age}; {1}".format(ps[0], ps[1]), "%s and %r" % (ps[0], ps[1]))
print(list(map(P, ["a", "b"], [1, 2])), functools.partial(P, "z")(9))
print(getattr(ps[0], "name"), hasattr(ps[0], "zzz"), callable(P), callable(ps[0]))
setattr(ps[0], "age", 31); delattr(ps[0], "age"); print(hasattr(ps[0], "age"))
print(sorted(ps[1:], key=str))
class K:
    def __init__(self, v):
        self.v = v
    def key(self):
        return self.v
ks = [K(3), K(1)]
print([k.v for k in sorted(ks, key=K.key)])
print((0).bit_length(), (-255).bit_length(), True.bit_length(), (3.0).is_integer(), (3.5).is_integer())
