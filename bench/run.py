#!/usr/bin/env python3
"""loopscope benchmarks: each workload runs under loopscope and under python3
with the project's CPython reference runner (tests/conformance/refrun.py), side
by side in one run; we report median wall times and the ratio python3/loopscope.

These are measurements, not tests: timings never gate ctest. `--check` makes the
exit status say whether every goal was met (for a human or a nightly job).

Usage: bench/run.py --loopscope PATH [--reps N] [--check] [ONLY...]
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
REFRUN = os.path.join(ROOT, "tests", "conformance", "refrun.py")

# name, program, goal (python3 time / loopscope time must be at least this)
WORKLOADS = [
    ("sched_sleep0", "bench/programs/sched_sleep0.py", 3.0),
    ("queue_pingpong", "bench/programs/queue_pingpong.py", 3.0),
    ("fib27", "bench/programs/fib27.py", 1.0),
    ("strings", "bench/programs/strings.py", 1.0),
    ("sorting", "bench/programs/sorting.py", 1.0),
    ("startup_hello", "lessons/01_hello.py", 10.0),
]


def wall(cmd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit("bench: %s failed (%d):\n%s" % (" ".join(cmd), p.returncode, p.stderr.decode()))
    return dt, p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--loopscope", required=True)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("only", nargs="*")
    a = ap.parse_args()
    ok = True
    print("%-16s %12s %12s %8s %6s" % ("workload", "loopscope s", "python3 s", "ratio", "goal"))
    for name, prog, goal in WORKLOADS:
        if a.only and name not in a.only:
            continue
        path = os.path.join(ROOT, prog)
        if not os.path.exists(path):
            print("%-16s (missing %s)" % (name, prog))
            continue
        # Recording on, as the visualizer runs programs: every event is kept.
        ls_cmd = [a.loopscope, "run", "--record", path]
        py_cmd = [sys.executable, REFRUN, path]
        ls_t, py_t = [], []
        ls_out = py_out = None
        for _ in range(a.reps):
            # Interleave the two so machine load hits both alike.
            t, ls_out = wall(ls_cmd)
            ls_t.append(t)
            t, py_out = wall(py_cmd)
            py_t.append(t)
        if ls_out != py_out:
            sys.exit("bench: %s: loopscope's output differs from CPython's" % name)
        lm, pm = statistics.median(ls_t), statistics.median(py_t)
        ratio = pm / lm
        met = ratio >= goal
        ok = ok and met
        print("%-16s %12.4f %12.4f %7.1fx %5.0fx %s" % (name, lm, pm, ratio, goal, "" if met else "  BELOW GOAL"))
    return 0 if ok or not a.check else 1


if __name__ == "__main__":
    sys.exit(main())
