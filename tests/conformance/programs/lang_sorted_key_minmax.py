people = [("ann", 31), ("bob", 25), ("cy", 31), ("dee", 19)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: (-p[1], p[0])))
print(min(people, key=lambda p: p[1]), max(people, key=lambda p: p[1]))
print(max([], default="none"), min(3, 1, 2), max("apple", "pear", key=len))
print(sorted("banana"), sorted({3: "x", 1: "y"}), sorted([2, 1, 3], reverse=True))
print(list(reversed([1, 2, 3])), any(x > 2 for x in [1, 3]), all([]), all([1, 0]))
print(list(map(str, range(3))), list(zip("ab", (1, 2), strict=True)))
print(divmod(7, 2), pow(2, 10), pow(2, 10, 1000), abs(-3.5), chr(65) + str(ord("B")))
