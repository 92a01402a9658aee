nums = [3, 1, 4, 1, 5, 9, 2, 6]
squares = [n * n for n in nums]
print(squares)
print([n for n in nums if n % 2 == 0])
print([(i, n) for i, n in enumerate(nums) if i < 3])
print([a + b for a in "xy" for b in "12"])
print([[r * c for c in range(3)] for r in range(3)])
print(sum(n for n in nums if n > 2), max(n * -1 for n in nums), min(abs(n - 4) for n in nums))
print(sum([]), sum([1.5, 2.5]), sum(range(101)))
print(len([x for x in range(10) if x % 3]))
print([x if x > 2 else -x for x in nums])
print(sorted(nums), sorted([2.5, -1, 0]))
total = 0
for a, b in zip(nums, squares):
    total += a * b
print(total)
print([t for t in zip([1, 2, 3], "ab")])
print(list(range(5, 0, -2)), [c for c in "hey"])
