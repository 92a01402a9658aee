name, qty, price = "widget", 3, 4.5
print("Item: " + name + ", qty " + str(qty))
print(f"{name!r:>12} {qty:03d} {price:8.2f} {qty * price:,.1f}")
print(f"{'left':<8}|{'right':>8}|{'mid':^9}|")
width, prec = 10, 3
print(f"{3.14159265:{width}.{prec}f}|")
print(f"{qty=} {price * 2=}")
table = [("a", 1), ("bb", 22), ("ccc", 333)]
for k, v in table:
    print(f"{k:<5}{v:>5}")
print("-" * 10, "=" * 3)
text = "one two three two one"
print(text.count("two"), text.split().index("three"), sorted(set(text.split())))
print(str(12).rjust(5, "0"), format(255, "x"), format(0.5, ".0%"), format(1234.5, ",.2f"))
print(repr("tab\there"), repr('quote"s'), repr("it's"), "multi\nline".split("\n"))
