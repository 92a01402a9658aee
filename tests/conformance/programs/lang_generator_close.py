def resource(name):
    print("open", name)
    try:
        for i in range(5):
            yield f"{name}:{i}"
    finally:
        print("close", name)


for item in resource("a"):
    print(item)
    if item.endswith("1"):
        break
print("after the loop")
g = resource("b")
print(next(g))
g.close()
print("closed explicitly; next gives", next(g, "nothing"))
lazy = (print("evaluating", x) or x for x in range(3))
print("generator expression made")
print(next(lazy))
print(list(lazy))
