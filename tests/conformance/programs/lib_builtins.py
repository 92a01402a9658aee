# Builtins that take callables (key=, map, filter), iteration helpers,
# number formatting builtins, attribute builtins and str/list/dict methods.
def neg(x):
    return -x

def last(s):
    return s[-1]

def loud(x):
    print("key of", x)
    return x % 3

words = ["pear", "fig", "banana", "kiwi", "apple"]
print(sorted(words, key=len), sorted(words, key=last, reverse=True), sorted([3, 1, 2], key=neg))
print(sorted([5, 3, 4, 1], key=loud))
print(min(words, key=len), max(words, key=len), min([], default="empty"), max(3, 9, 2, key=neg))
nums = [4, 1, 3]
nums.sort(key=neg)
print(nums)
nums.sort(reverse=True)
print(nums)
pairs = [(1, "b"), (0, "a"), (1, "a"), (0, "b")]
print(sorted(pairs, key=last), sorted(pairs, key=len))
print(list(map(str, [1, 2, 3])), list(map(pow, [2, 3], [3, 2])), list(filter(None, [0, 1, "", "x"])))
def small(x):
    return x < 3
it = filter(small, [5, 1, 4, 2])
for v in it:
    print("small", v)
print(sum(map(len, words)), "-".join(map(str.upper, ["a", "b"])))
it = iter([10, 20])
print(next(it), next(it), next(it, "done"))
try:
    next(it)
except StopIteration:
    print("StopIteration")
print(callable(len), callable(neg), callable(3), callable(str.upper))
print(hex(255), hex(-255), oct(8), bin(5), bin(0), hex(True))
print(pow(2, 10), pow(2, 10, 1000), pow(3, -1, 7), pow(-3, 3, 7), pow(2, -2), pow(2.0, 3))
print(ascii("café ☃ 😀"), repr("tab\there"), ascii([1, "é"]))
print(getattr("abc", "upper")(), getattr(5, "missing", "default"), hasattr("x", "join"), hasattr(1, "nope"))
for bad in [("x", 1), (1, "x", 2)]:
    try:
        print(pow(*bad))
    except TypeError as e:
        print("TypeError:", e)
for call in [min, max, sorted]:
    try:
        call()
    except TypeError as e:
        print("TypeError:", e)
try:
    min([])
except ValueError as e:
    print("ValueError:", e)
try:
    min(1, 2, default=0)
except TypeError as e:
    print("TypeError:", e)
try:
    pow(2, 3, 0)
except ValueError as e:
    print("ValueError:", e)
print("a,b,,c".split(","), "a b  c ".split(), "a,b,c".rsplit(",", 1), "a b c".rsplit(None, 1))
print("hello".find("l"), "hello".rfind("l"), "hello".find("l", 3), "hello".index("e"), "banana".count("an", 2))
print("hello".startswith(("x", "he")), "hello".endswith("lo", 0, 5), "hello".startswith("l", 2))
print("hello world".title(), "Hello".swapcase(), "42".zfill(5), "-42".zfill(6), "ab".center(6, "*"))
print("abc".isalpha(), "a1".isalnum(), "12".isdigit(), " ".isspace(), "ab".islower(), "AB".isupper(), "Ab Cd".istitle())
print("a=b=c".partition("="), "a=b=c".rpartition("="), "abc".partition("x"))
print("a\nb\r\nc\n".splitlines(), "a\nb".splitlines(True), "a\tbc\td".expandtabs(4))
print("prefix-x".removeprefix("prefix-"), "x.py".removesuffix(".py"), "MiXeD".casefold())
try:
    "hello".index("z")
except ValueError as e:
    print("ValueError:", e)
lst = [1, 2, 3, 2]
print(lst.index(2, 2), lst.count(2))
d = dict.fromkeys(["a", "b"], 0)
print(d, d.popitem(), d, dict.fromkeys("xy"))
d.clear()
print(d)
