# __init_subclass__ (implicit classmethod, chained through super()) and __class_getitem__.
class Plugin:
    registry = []
    def __init_subclass__(cls):
        print("registering", cls.__name__)
        Plugin.registry.append(cls.__name__)
    def __class_getitem__(cls, item):
        return f"{cls.__name__}[{item}]"
class A(Plugin):
    pass
class B(A):
    pass
print(Plugin.registry, Plugin["int"], B[3])
class Base:
    def __init_subclass__(cls):
        super().__init_subclass__()
        cls.tag = cls.__name__.lower()
class Leaf(Base):
    pass
print(Leaf.tag)
