import sys

print("exit with None is status 0")
try:
    raise SystemExit
except SystemExit as e:
    print("code:", e.code)
sys.exit()
