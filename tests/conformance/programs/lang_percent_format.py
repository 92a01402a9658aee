print("%d items at %.2f each = %8.3f" % (3, 1.5, 4.5))
print("%s|%r|%5s|%-5s|" % ("x", "x", "ab", "ab"))
print("%05d %+d %x %X %o %e %g %%" % (42, 7, 255, 255, 8, 12345.678, 0.0001))
print("%(name)s is %(age)d" % {"name": "Ada", "age": 36})
print("%c%c" % (72, "i"), "%.3s" % "abcdef", "%*d" % (6, 42))
print("%s" % (1, ), "%s" % [1, 2], "single %s" % "value")
try:
    print("%d" % "str")
except TypeError as e:
    print("TypeError:", e)
try:
    print("%s %s" % ("one",))
except TypeError as e:
    print("TypeError:", e)
