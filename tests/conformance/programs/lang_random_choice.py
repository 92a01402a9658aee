import random

random.seed(7)
colors = ["red", "green", "blue", "cyan", "magenta"]
print(random.choice(colors), random.choice(colors), random.choice("abcdef"))
deck = list(range(10))
random.shuffle(deck)
print(deck)
print(random.sample(colors, 3), random.sample(range(100), 5))
print(random.choices(colors, k=4))
random.seed(2024)
print(random.randbytes(6).hex(), len(random.randbytes(3)))
try:
    random.choice([])
except IndexError as e:
    print("IndexError:", e)
try:
    random.sample(colors, 9)
except ValueError as e:
    print("ValueError:", e)
