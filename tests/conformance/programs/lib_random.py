# random: CPython's Mersenne Twister for int seeds, the default seed, and
# the derived functions with their errors.
import random

print(random.random())        # loopscope's fixed default seed (refrun matches it)
print(random.randint(1, 100))
for seed in [0, 1, 42, -5, 2 ** 40 + 7]:
    random.seed(seed)
    print(seed, random.random(), random.randint(1, 6), random.randrange(10), random.randrange(5, 50, 5),
          random.uniform(-1, 1), random.getrandbits(12))
random.seed(7)
deck = list(range(12))
random.shuffle(deck)
print(deck)
print(random.choice("abcdef"), random.choice([10, 20, 30]), random.choice(range(100)))
print(random.sample(range(10), 4), random.sample(["a", "b", "c", "d"], 2))
print(random.sample(range(1000), 12))
print(random.sample(range(100000), 8))
random.seed()
print(random.random())
random.seed(None)
print(random.random())
for args in [(0,), (5, 5), (1, 10, 0), (10, 1)]:
    try:
        random.randrange(*args)
    except ValueError as e:
        print("ValueError:", e)
try:
    random.choice([])
except IndexError as e:
    print("IndexError:", e)
try:
    random.sample([1, 2], 3)
except ValueError as e:
    print("ValueError:", e)
random.seed(3)
data = random.randbytes(10)
print(data, len(data), data[0], data[-1], data.hex(), list(data)[:3], data == bytes(list(data)))
print(repr(bytes([0, 9, 10, 13, 39, 34, 92, 65, 127, 128, 255])), bytes([39]), bytes(3), hash(bytes([1, 2])))
