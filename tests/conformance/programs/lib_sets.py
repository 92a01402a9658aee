# Set and frozenset order as CPython's hash table gives it (ints, floats,
# bools, strs with PYTHONHASHSEED=0, tuples), set algebra, pop, views.
print({3, 1, 10, 33}, set([5, 1, 9]), {100, 4, 36, 68})
print({"apple", "banana", "cherry", "date"}, set("hello world"))
print({(1, 2), (3, 4), (0, 0), (2, 1)}, {1.5, 2.25, -0.5, 3, 8.0})
s = set()
for i in range(40):
    s.add(i * 7919 % 1000)
print(s)
a = {1, 2, 3, 4, 5, 17, 33}
b = {4, 5, 6, 33, 49}
print(a | b, a & b, a - b, b - a)
print(a ^ b, b ^ a)
print(a.union([100, 7], (8,)), a.intersection([33, 4, 99]), a.difference([1], [2]), a.symmetric_difference([1, 200]))
print(a <= b, {1, 2} < {1, 2, 3}, a >= {1}, a > a, a.issubset(range(50)), b.issuperset([4, 5]), a.isdisjoint([99]))
c = set(a)
c |= {64, 96}
c -= {1}
c &= set(range(0, 100, 2)) | {33, 5}
c ^= {2, 1000}
print(c, len(c))
p = {10, 20, 30, 40, 50}
print(p.pop(), p.pop(), p)
p.discard(999)
p.remove(30)
try:
    p.remove(30)
except KeyError as e:
    print("KeyError", e)
f = frozenset([3, 2, 1])
print(f, frozenset(), set(), f | {9}, {9} | f, f.copy() is f, hash(f) == hash(frozenset([1, 2, 3])))
print({f: "frozen key"}[frozenset({1, 2, 3})])
print(hash("abc"), hash(""), hash((1, 2)), hash(()), hash(-1), hash(1.5), hash(True))
words = "the quick brown fox jumps over the lazy dog".split()
print(set(words), sorted(set(words)))
d = {"x": 1, "y": 2, "z": 3}
print(d.keys(), d.values(), d.items())
k = d.keys()
d["w"] = 0
print(k, len(k), "w" in k, ("w", 0) in d.items(), 0 in d.values())
print(k & {"x", "q"}, k | {"q"}, k - {"x"}, k ^ {"x", "q"}, d.items() & {("x", 1)})
print(set(d), set(d.items()))
for key in d.keys():
    print(key, end=" ")
print()
try:
    {[1]}
except TypeError as e:
    print(e)
