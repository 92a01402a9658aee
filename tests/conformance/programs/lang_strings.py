s = "asyncio event loop"
print(s[0], s[-1], s[3], s[-4])
print(s[:7], "|", s[8:13], "|", s[-4:], "|", s[100:], "|")
print(s[::2])
print(s[::-1])
print(s[1:10:3], s[-1:-6:-1])
print(len(s), len(""), len(s[5:2]))
print("loop" in s, "Loop" in s, "" in s)
print("ab" * 3, "-" * 10)
print("abc" < "abd", "Z" < "a", "apple" < "apples", "b" > "abc")
word = ""
for ch in "hello":
    word = ch + word
print(word)
print(str(12) + str(3.5) + str(True) + str(None))
print(int("  42 "), int("-7"), float("1e3"))
print(repr("quote's"), repr('say "hi"'), repr("both ' and \""))
print(repr("tab\tnewline\n"), "back\\slash")
parts = [s[i:i + 4] for i in range(0, len(s), 4)]
print(parts)
print(sorted("banana"), sorted(["pear", "Apple", "fig"]))
