# __new__: singletons through super().__new__(cls), object.__new__(cls), a __new__ that
# returns something else (no __init__), inheritance of __new__.
class Singleton:
    _inst = None
    def __new__(cls):
        if cls._inst is None:
            print("creating")
            cls._inst = super().__new__(cls)
        return cls._inst
    def __init__(self):
        print("init")
a = Singleton()
b = Singleton()
print(a is b)
class Point:
    def __new__(cls, x, y):
        obj = object.__new__(cls)
        obj.created = True
        return obj
    def __init__(self, x, y):
        self.x, self.y = x, y
p = Point(1, 2)
print(p.created, p.x, p.y)
class Weird:
    def __new__(cls, v):
        return v * 2
print(Weird(21))
class Sub(Point):
    pass
s = Sub(3, 4)
print(type(s).__name__, s.x, s.created)
