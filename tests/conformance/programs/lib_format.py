# str.format, format_map and printf-style % formatting, with their errors.
name, n, pi = "Ada", 42, 3.14159265
print("{} has {} points".format(name, n))
print("{1} before {0}, {0} again".format("a", "b"))
print("{who} is {age:>4} years".format(who="Bob", age=7))
print("{0[1]} {0[0]} {1[key]}".format(["x", "y"], {"key": "v"}))
print("{!r} {!s} {!a}".format("quote's", 12, "café"))
print("{:{w}.{p}f}|{:^{w}}|{:>{}}".format(pi, "mid", "r", 6, w=9, p=3))
print("{{literal}} {:,} {:_} {:08.3f} {:+d} {:x} {:#o} {:%}".format(1234567, 7654321, pi, 5, 255, 8, 0.25))
print("{name}-{n}".format_map({"name": "map", "n": 1}))
print("%s is %d years, %.2f%%" % ("Eve", 30, 99.5))
print("%5d|%-5d|%05d|%+d|% d|%x|%X|%#x|%#o|%o" % (42, 42, -42, 7, 7, 255, 255, 255, 8, -8))
print("%e|%E|%g|%G|%.3g|%10.4f|%-10.2f|" % (12345.678, 0.000123, 1e-5, 1e20, 2.0 / 3, pi, pi))
print("%s|%r|%a|%c%c|%.2s|%5s|%-5s|" % ([1, 2], "r", "é", 65, "b", "xyz", "ab", "cd"))
print("%*d|%-*.*f|" % (6, 42, 9, 2, pi))
print("%(a)s and %(b)05.1f" % {"a": "x", "b": 2.25})
print("%d %i %u" % (3.99, -2.5, True))
print("single: %s" % "value", "tuple: %s" % ((1, 2),))
for fmt, args in [("%d %s", (1,)), ("%d", (1, 2)), ("%y", 1), ("%", 1), ("%d", "a"), ("%x", 1.5),
                  ("%(a)s", 5), ("%c", "ab"), ("%c", 1114112), ("%f", "x")]:
    try:
        print(fmt % args)
    except (TypeError, ValueError, OverflowError) as e:
        print(type(e).__name__ + ":", e)
for tmpl in ["{", "}", "{0}{}", "{}{0}", "{5}", "{x}", "{!x}", "{0!rr}", "{:d}"]:
    try:
        print(tmpl.format("s"))
    except (ValueError, IndexError, KeyError) as e:
        print(type(e).__name__ + ":", e)
