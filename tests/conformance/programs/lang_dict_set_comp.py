words = ["apple", "bob", "kayak", "level", "python", "noon", "apple"]
lengths = {w: len(w) for w in words}
print(lengths)
pal = {w for w in words if w == w[::-1]}
print(sorted(pal), len(pal))
inverse = {v: k for k, v in {"a": 1, "b": 2, "c": 1}.items()}
print(inverse)
grid = {(r, c): r * c for r in range(3) for c in range(3) if r <= c}
print(grid)
print({x % 4 for x in range(10)} == {0, 1, 2, 3}, sorted({-x for x in range(4)}))
nested = {k: [i for i in range(k)] for k in range(4)}
print(nested)
s = {3, 1, 2}
s.add(5)
s.discard(1)
print(sorted(s), 2 in s, 1 in s, sorted(s | {9}), sorted(s & {2, 5, 7}), sorted(s - {3}))
