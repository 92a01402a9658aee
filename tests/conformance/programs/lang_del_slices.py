# del of list slices: empty, negative, stepped (both directions), out-of-range bounds.
def show(tag, l):
    print(tag, l)
l = list(range(8)); del l[:]; show("all", l)
l = list(range(8)); del l[1:3]; show("1:3", l)
l = list(range(8)); del l[-1:]; show("-1:", l)
l = list(range(8)); del l[::2]; show("::2", l)
l = list(range(8)); del l[::-2]; show("::-2", l)
l = list(range(8)); del l[5:1:-1]; show("5:1:-1", l)
l = list(range(8)); del l[1:100:3]; show("1:100:3", l)
l = list(range(8)); del l[3:1]; show("3:1", l)
l = list(range(8)); del l[-100:2]; show("-100:2", l)
