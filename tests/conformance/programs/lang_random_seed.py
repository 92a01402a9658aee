import random

random.seed(42)
print([random.random() for _ in range(3)])
print(random.randint(1, 6), random.randint(1, 6), random.randint(-10, 10))
print(random.randrange(10), random.randrange(5, 50, 5), random.randrange(100))
print(random.uniform(1, 2), random.uniform(5, -5))
random.seed(42)
print("reseeded:", random.random())
random.seed(0)
print([random.randint(0, 100) for _ in range(8)])
random.seed(123456789)
print(random.random(), random.getrandbits(16))
