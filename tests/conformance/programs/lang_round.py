print(round(0.5), round(1.5), round(2.5), round(-0.5), round(-1.5))
print(round(2.675, 2), round(1.005, 2), round(0.125, 2), round(0.375, 2))
print(round(3.14159, 3), round(3.14159), round(3.7), round(-3.7))
print(round(1234.5678, -2), round(1250, -2), round(1350, -2))
print(round(10 / 3, 4), round(2 / 3, 1))
print("int" if isinstance(round(2.5), int) else "float")
print(isinstance(round(2.5, 0), float), round(2.5, 0))
values = [1.25, 2.35, 3.45, 4.55]
print([round(v, 1) for v in values])
