print("{} + {} = {}".format(1, 2, 3))
print("{1} {0} {1}".format("a", "b"))
print("{name} is {age:>4}".format(name="Bob", age=7))
print("{:<6}|{:^6}|{:>6}|".format("l", "c", "r"))
print("{:08.3f} {:,} {:_} {:.1%} {:+.2e}".format(3.14159, 1234567, 1000000, 0.256, 12345.6789))
print("{:b} {:o} {:x} {:#x} {:c}".format(10, 10, 255, 255, 65))
print("{0[0]} {0[1]} {1[key]}".format(["x", "y"], {"key": "v"}))
print("{!r} {!s} {{literal}}".format("q", "q"))
print("{:*^11}".format("mid"), "{:=+8d}".format(42))
try:
    "{} {}".format(1)
except IndexError as e:
    print("IndexError:", e)
try:
    "{missing}".format(present=1)
except KeyError as e:
    print("KeyError:", e)
