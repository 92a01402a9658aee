def report(title, *items, sep=", ", **options):
    line = title + ": " + sep.join(str(i) for i in items)
    for k in sorted(options):
        line += f" [{k}={options[k]}]"
    return line


print(report("empty"))
print(report("nums", 1, 2, 3))
print(report("nums", 1, 2, sep=" | ", color="red", bold=True))
opts = {"size": 3, "sep": "/"}
print(report("spread", *[4, 5], **opts))


def connect(host, *, port=80, secure=False):
    return f"{'https' if secure else 'http'}://{host}:{port}"


print(connect("a"), connect("b", port=8080), connect("c", secure=True, port=443))
try:
    connect("d", 81)
except TypeError as e:
    print("TypeError:", e)


def need(a, b, c=0, *, d):
    return a + b + c + d


print(need(1, 2, 3, d=4), need(1, 2, c=3, d=4), need(b=2, a=1, d=0))
for bad in ({"c": 3}, {"c": 3, "d": 4, "e": 5}):
    try:
        need(1, 2, **bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    report()
except TypeError as e:
    print("TypeError:", e)
