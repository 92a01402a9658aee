import sys

print("about to fail with a message")
sys.exit("fatal: configuration missing")
