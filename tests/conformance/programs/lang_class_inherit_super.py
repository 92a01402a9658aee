class Shape:
    sides = 0

    def __init__(self, name):
        self.name = name

    def describe(self):
        return f"{self.name} with {self.sides} sides, area {self.area()}"

    def area(self):
        return 0


class Rect(Shape):
    sides = 4

    def __init__(self, w, h):
        super().__init__("rect")
        self.w, self.h = w, h

    def area(self):
        return self.w * self.h


class Square(Rect):
    def __init__(self, s):
        super().__init__(s, s)
        self.name = "square"

    def describe(self):
        return "[" + super().describe() + "]"


for s in (Shape("blob"), Rect(2, 3), Square(4)):
    print(s.describe())
sq = Square(2)
print(isinstance(sq, Rect), isinstance(sq, Shape), issubclass(Square, Shape), issubclass(Shape, Rect))
print(Square.__name__, Square.__bases__[0].__name__, Square.sides)
