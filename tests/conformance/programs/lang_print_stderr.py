import sys

print("to stdout")
print("to stderr", file=sys.stderr)
print("a", "b", sep="+", end="!\n", file=sys.stderr)
sys.stderr.write("raw write\n")
print("stdout again", file=sys.stdout)
sys.stdout.write("written without print\n")
print("partial", end="")
print(" line", flush=True)
print(file=sys.stderr)
print("done")
