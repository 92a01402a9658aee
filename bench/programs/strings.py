# Computation: building strings with f-strings, concatenation and join.
def build(n):
    parts = []
    s = ""
    for i in range(n):
        piece = f"{i}:{i * i % 97:>3}"
        parts.append(piece)
        if i % 100 == 0:
            s = ""
        s += piece
    return len(",".join(parts)) + len(s)


total = 0
for _ in range(10):
    total += build(30000)
print(total)
