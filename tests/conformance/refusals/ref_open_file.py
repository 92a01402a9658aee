f = open("data.txt")
print(f.read())
