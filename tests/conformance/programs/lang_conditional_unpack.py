def classify(n):
    return "neg" if n < 0 else "zero" if n == 0 else "pos"


print([classify(n) for n in (-2, 0, 7)])
a, b, *rest = [1, 2, 3, 4, 5]
print(a, b, rest)
first, *middle, last = "abcde"
print(first, middle, last)
*init, tail = (1,)
print(init, tail)
(x, y), z = (1, 2), 3
print(x, y, z)
for i, (k, v) in enumerate({"p": 1, "q": 2}.items()):
    print(i, k, v)
x, y = y, x
print(x, y)
head, *_ = range(3)
print(head, _)
print([*range(3), *"ab"], (*[1, 2],), {**{"a": 1}, "b": 2, **{"a": 3}})
try:
    p, q = [1, 2, 3]
except ValueError as e:
    print("ValueError:", e)
try:
    p, q, r = [1, 2]
except ValueError as e:
    print("ValueError:", e)
