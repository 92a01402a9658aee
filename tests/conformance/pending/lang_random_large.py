import random

random.seed(2**70 + 12345)
print(random.random())
print(random.randint(0, 2**64), random.randrange(10**20), random.getrandbits(100))
random.seed(-5)
print("negative seed:", random.random())
random.seed(5)
print("same as positive:", random.random())
random.seed(11)
a = [random.randint(1, 1000), random.choice("xyz"), random.uniform(0, 1)]
random.seed(11)
print(a, a == [random.randint(1, 1000), random.choice("xyz"), random.uniform(0, 1)])
print(random.sample(range(10**12), 3), random.randrange(-50, 50, 7))
