# A user exception class raised from a method, uncaught: CPython prints
# the class's qualified name without "__main__." and uses its __str__.
class Account:
    class Overdrawn(Exception):
        def __init__(self, need):
            super().__init__(need)
            self.need = need

        def __str__(self):
            return f"need {self.need} more"

    def __init__(self, balance):
        self.balance = balance

    def withdraw(self, amount):
        if amount > self.balance:
            raise Account.Overdrawn(amount - self.balance)
        self.balance -= amount
        return self.balance


acct = Account(10)
print(acct.withdraw(3))
try:
    acct.withdraw(100)
except Account.Overdrawn as e:
    print("caught:", e, e.args, e.need)
try:
    try:
        acct.withdraw(50)
    except Exception as e:
        raise RuntimeError("wrapped") from e
except RuntimeError as r:
    print(repr(r), "cause:", repr(r.__cause__))
acct.withdraw(1000)
