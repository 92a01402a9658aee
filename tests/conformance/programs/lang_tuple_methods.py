t = (3, 1, 4, 1, 5)
print(t.count(1), t.index(4), len(t), t[1:3], t[::-1], min(t), max(t))
print(t + (9,), (0,) * 3, () == tuple(), tuple("ab"), tuple([1, 2]))
print((1, 2) < (1, 3), (2,) > (1, 9), (1, "a") == (1, "a"))
a, b = divmod(17, 5)
print(a, b, divmod(-17, 5))
single = (42,)
print(single, type(single).__name__, len(single))
nested = ((1, 2), (3, 4))
print([x for pair in nested for x in pair])
try:
    t[0] = 9
except TypeError as e:
    print("TypeError:", e)
try:
    t.index(7)
except ValueError as e:
    print("ValueError:", e)
print({(1, 2): "tuple keys"}[(1, 2)])
