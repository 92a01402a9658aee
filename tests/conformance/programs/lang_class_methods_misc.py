class Account:
    count = 0

    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        Account.count += 1

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("amount must be positive")
        self.balance += amount
        return self.balance

    def transfer(self, other, amount):
        self.balance -= amount
        other.deposit(amount)

    def __eq__(self, other):
        return isinstance(other, Account) and self.owner == other.owner

    def __len__(self):
        return self.balance

    def __lt__(self, other):
        return self.balance < other.balance


a = Account("ann", 100)
b = Account("bob")
a.transfer(b, 30)
print(a.balance, b.balance, Account.count, len(a))
print(a == Account("ann"), a == b, a != b, a == "ann")
print([x.owner for x in sorted([a, b, Account("cy", 50)])])
m = a.deposit
print(m(5), a.balance)
try:
    b.deposit(-1)
except ValueError as e:
    print("refused:", e)
