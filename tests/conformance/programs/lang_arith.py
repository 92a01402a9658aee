a = 17
b = 5
print(a + b, a - b, a * b, a / b, a // b, a % b, a ** 2)
print(-a // b, -a % b, a // -b, a % -b)
print(2 ** 10, 2 ** 62, 3 ** 3 ** 2, (-2) ** 3, 2 ** -1)
print(1 < 2 < 3, 1 < 3 < 2, 3 > 2 == 2, 1 == 1.0, 0.5 <= 0.5 < 1)
print(True + True, True * 3, False == 0, 5 != 5.0)
print(not 0, not "", not [], not "x", 0 or "default", "first" or "second", 3 and 4, 0 and 4)
print(abs(-7), abs(7), min(4, 2, 8), max([3, 9, 1]), min("b", "a"), max(2, 2.5))
print(int(7.9), int(-7.9), int("12") + 1, float(3), str(4) * 2)
x = 10
x += 5
x -= 3
x *= 2
x //= 5
x %= 3
print(x)
y = 1.5
y /= 2
y **= 2
print(y)
print(a // b * b + a % b == a)
print(10 - 2 - 3, 2 * 3 + 4 * 5, (2 + 3) * 4, 100 / 10 / 2, -3 ** 2)
print(7 in [1, 7], 8 not in (1, 2), "a" in {"a": 1})
print(1000000 * 1000000, -(2 ** 40) // 3)
