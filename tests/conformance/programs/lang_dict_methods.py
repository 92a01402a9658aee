d = {"b": 2, "a": 1}
d["c"] = 3
print(d, list(d.keys()), list(d.values()), list(d.items()))
print(d.get("a"), d.get("z"), d.get("z", 0), "a" in d, "z" not in d)
print(d.pop("b"), d.pop("z", "none"), d)
print(d.setdefault("a", 9), d.setdefault("n", []), d)
d["n"].append(1)
d.update({"a": 10}, x=5)
print(d)
print(d.popitem(), d)
counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
print(counts, sorted(counts.items(), key=lambda kv: -kv[1]))
print(dict(zip("ab", [1, 2])), dict(a=1), dict([("k", "v")]), {}.fromkeys("xy", 0))
e = dict(d)
e.clear()
print(e, len(d))
try:
    {}.popitem()
except KeyError as err:
    print("KeyError:", err)
