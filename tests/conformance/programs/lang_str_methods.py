s = "  Hello, World  "
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()), repr("xxhixx".strip("x")))
t = s.strip()
print(t.lower(), t.upper(), t.title(), t.swapcase(), "hello world".capitalize())
print(t.split(", "), "a b  c".split(), "a,b,,c".split(","), "k=v=w".split("=", 1), "a b c".rsplit(" ", 1))
print("-".join(["x", "y", "z"]), "".join(reversed("abc")))
print(t.replace("l", "L"), t.replace("l", "L", 1), t.find("o"), t.rfind("o"), t.find("z"), t.index("W"))
print(t.startswith("Hell"), t.endswith(("x", "ld")), t.count("l"), "abc" in t)
print("42".isdigit(), "abc".isalpha(), "ab1".isalnum(), "  ".isspace(), "Ab".isupper(), "ab".islower())
print("7".zfill(3), "ab".center(6, "*"), "ab".ljust(4, "."), "ab".rjust(4), "a\tb".expandtabs(4))
print("line1\nline2\n".splitlines(), "x".join("123"), "abc".partition("b"), "a.b.c".rpartition("."))
try:
    t.index("zzz")
except ValueError as e:
    print("ValueError:", e)
print(len("ä€"), ord("€"), chr(97), "ä€".upper())
