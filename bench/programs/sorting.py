# Computation: sorting lists of ints, floats, strings and tuples.
def lcg(seed, n):
    out = []
    x = seed
    for _ in range(n):
        x = (x * 1103515245 + 12345) % 2147483648
        out.append(x)
    return out


nums = lcg(7, 200000)
total = 0
for rep in range(3):
    a = sorted(nums)
    b = sorted([x / 7 for x in nums], reverse=True)
    c = sorted([str(x) for x in nums[:50000]])
    d = sorted([(x % 100, x) for x in nums[:50000]])
    total += a[rep] + int(b[rep]) + len(c[rep]) + d[rep][1]
print(total)
