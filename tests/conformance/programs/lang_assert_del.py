values = [1, 2, 3, 4]
del values[1]
print(values)
del values[-1:]
print(values)
d = {"a": 1, "b": 2, "c": 3}
del d["b"]
print(d)
x = 5
del x
try:
    print(x)
except NameError as e:
    print("NameError:", e)
assert len(d) == 2, "two keys left"
try:
    assert d["a"] > 1, f"a is only {d['a']}"
except AssertionError as e:
    print("AssertionError:", e)
try:
    assert False
except AssertionError as e:
    print("bare assert:", repr(e))
try:
    del d["zzz"]
except KeyError as e:
    print("KeyError:", e)


def check(n):
    assert n >= 0, ("negative", n)
    return n


check(3)
check(-1)
