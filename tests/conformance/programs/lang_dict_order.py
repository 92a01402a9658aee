scores = {"carol": 71, "alice": 90, "bob": 85}
scores["dave"] = 60
scores["alice"] = 95
for name in scores:
    print(name, scores[name])
print(scores)
print(len(scores), "bob" in scores, "zoe" in scores, 85 in scores)
counts = {}
for word in ["b", "a", "b", "c", "a", "b"]:
    if word in counts:
        counts[word] = counts[word] + 1
    else:
        counts[word] = 1
print(counts)
nested = {"x": [1, 2], "y": {"z": (3, 4)}, 5: None, 2.5: True}
print(nested, nested["y"]["z"][1], nested[5], nested[2.5])
print(sorted(scores), max(scores), min(counts))
for i, key in enumerate(counts):
    print(i, key, counts[key])
pairs = {"one": 1, "two": 2}
pairs["zero"] = 0
print(pairs)
