name = "loop"
pi = 3.14159
n = 42
items = ["a", "bb", "ccc"]
print(f"{name}")
print(f"[{name:>8}]")
print(f"[{name:<8}]")
print(f"[{n:>5}]")
print(f"[{n:5}]")
print(f"[{name:5}]")
print(f"{pi:.2f} {pi:.0f} {pi:.4f} {-pi:.1f}")
print(f"{2.5:.0f} {3.5:.0f} {0.125:.2f} {1e-7:.3f}")
print(f"{name!r} {n!r} {pi!r} {items!r}")
print(f"{len(items) * 2} {items[1]} {items[-1][0]}")
print(f"{n // 5} {n % 5} {n / 5}")
print(f"{'nested ' + name * 2 if n > 40 else 'small'}")
print(f"{[x * 2 for x in range(3)]}")
print(f"{n:>{len(items) + 3}}")
print(f"{True} {None} {1 == 1.0}")
print(f"{{literal braces}} {n}")
print(f"{pi:>10.3f}|{n:<6}|")
w = 7
print(f"[{'mid':^{w}}]")
