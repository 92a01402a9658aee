# User descriptors: __set_name__ at class creation, __get__ (instance and class access),
# __set__ taking precedence over the instance dict, validation errors.
class Positive:
    def __set_name__(self, owner, name):
        self.name = "_" + name
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.name)
    def __set__(self, obj, value):
        if value <= 0:
            raise ValueError(f"{self.name[1:]} must be positive")
        setattr(obj, self.name, value)
class Const:
    def __init__(self, v):
        self.v = v
    def __get__(self, obj, objtype=None):
        return self.v * (2 if obj is None else 1)
class Item:
    price = Positive()
    qty = Positive()
    k = Const(21)
    def __init__(self, price, qty):
        self.price = price
        self.qty = qty
it = Item(3, 4)
print(it.price, it.qty, it.k, Item.k, type(Item.price).__name__)
try:
    it.qty = -1
except ValueError as e:
    print(e)
