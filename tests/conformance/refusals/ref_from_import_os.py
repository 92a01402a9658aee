from os import path

print(path.join("a", "b"))
