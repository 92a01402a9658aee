#!/usr/bin/env python3
"""loopscope's CPython reference runner (standard library only, CPython 3.11).

    python3 refrun.py [--timestamps] [--loop-trace] PROG.py [ARGS...]
    python3 refrun.py --normalize-stderr DIR  < raw.stderr > normalized.stderr
    python3 refrun.py --regen [--out DIR]     (re)write expected/* for every programs/*.py
    python3 refrun.py --check-expectations    regenerate into a temp dir, diff against expected/

Runs PROG.py like `python3 PROG.py` (same __main__, same tracebacks and
warnings, code compiled with the absolute path of PROG) except that:

* every event loop is a VirtualLoop: its clock is one process-wide virtual
  clock starting at 0.0, and its selector, instead of waiting, advances that
  clock by the timeout it is given (`now = now + timeout` when timeout > 0);
* time.time/monotonic/perf_counter return the virtual clock; time.sleep(d)
  advances it by d and lets nothing else run;
* time.gmtime/localtime/ctime/asctime/strftime use that clock too (the epoch
  is virtual time 0, localtime is UTC);
* random starts seeded with RANDOM_DEFAULT_SEED, and random.seed() / seed(None)
  reseeds with it instead of OS entropy (loopscope does the same);
* timer handles compare by (when, creation sequence): equal deadlines are FIFO;
* a loop that would wait forever (select(None)) prints the deadlock line to
  stderr, flushes stdout and exits with status 3;
* --timestamps prefixes every stdout line with "[%.3f] " (virtual time when
  its newline is written);
* --loop-trace writes the per-iteration trace described in TRACE_FORMAT.md.

The label rules implemented here are specified in TRACE_FORMAT.md; the stderr
normalization (normalize_stderr) is mirrored in check.cmake.
"""

import sys
import os

DEADLOCK_MSG = ("loopscope: deadlock: no task can make progress "
                "(nothing is ready and no timer is pending)")
DEADLOCK_STATUS = 3
# loopscope's fixed seed for programs that never call random.seed(x)
# (LS_RANDOM_DEFAULT_SEED in src/rt/ls_rt_stdmods.c).
RANDOM_DEFAULT_SEED = 0
HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------------------
# stderr normalization (mirrored in check.cmake -- keep the two identical)

def _is_user_file(name):
    """A traceback frame is kept iff its file (after the program directory
    was stripped) is a bare file name: no '/' and not '<frozen ...>'."""
    return "/" not in name and not name.startswith("<")


def normalize_stderr(text, prog_dir):
    """1. remove every occurrence of PROG_DIR + '/';
    2. split on '\\n'; drop each line `  File "F", line N...` whose F is not a
       user file, together with all immediately following lines that start
       with four spaces (source line, caret lines); join with '\\n'."""
    prog_dir = prog_dir.rstrip("/")
    if prog_dir:
        text = text.replace(prog_dir + "/", "")
    out = []
    skipping = False
    for line in text.split("\n"):
        if skipping and line.startswith("    "):
            continue
        skipping = False
        if line.startswith('  File "'):
            end = line.find('"', 8)
            if end >= 0 and line[end:].startswith('", line ') \
                    and not _is_user_file(line[8:end]):
                skipping = True
                continue
        out.append(line)
    return "\n".join(out)


# ---------------------------------------------------------------------------
# the virtual clock

class _Clock:
    now = 0.0


def _vtime():
    return _Clock.now


def _vtime_ns():
    return int(_Clock.now * 1e9)


def _vsleep(secs):
    if secs < 0:
        raise ValueError("sleep length must be non-negative")
    if secs > 0:
        _Clock.now = _Clock.now + secs


def _install_time():
    import time
    time.time = _vtime
    time.monotonic = _vtime
    time.perf_counter = _vtime
    time.time_ns = _vtime_ns
    time.monotonic_ns = _vtime_ns
    time.perf_counter_ns = _vtime_ns
    time.sleep = _vsleep
    # Calendar functions on the virtual clock, in UTC.
    gmtime, strftime, asctime = time.gmtime, time.strftime, time.asctime

    def _vgmtime(secs=None):
        return gmtime(_Clock.now if secs is None else secs)

    def _vstrftime(fmt, t=None):
        return strftime(fmt, _vgmtime() if t is None else t)

    def _vasctime(t=None):
        return asctime(_vgmtime() if t is None else t)

    def _vctime(secs=None):
        return asctime(_vgmtime(secs))

    time.gmtime = _vgmtime
    time.localtime = _vgmtime
    time.strftime = _vstrftime
    time.asctime = _vasctime
    time.ctime = _vctime


def _install_random():
    import random
    seed = random.seed

    def _vseed(a=None, version=2):
        seed(RANDOM_DEFAULT_SEED if a is None else a, version)

    random.seed = _vseed
    random.seed(RANDOM_DEFAULT_SEED)


# ---------------------------------------------------------------------------
# --timestamps: stdout wrapper

class _StampedStdout:
    """Prefixes each line with "[%.3f] " of the virtual time at the moment
    its newline is written. Partial writes accumulate (flush() does not emit
    them); finish() emits a final unterminated line without adding '\\n'."""

    def __init__(self, raw):
        self._raw = raw
        self._pending = ""

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError("write() argument must be str, not %s"
                            % type(s).__name__)
        parts = s.split("\n")
        for line in parts[:-1]:
            self._raw.write("[%.3f] %s%s\n" % (_Clock.now, self._pending, line))
            self._pending = ""
        self._pending += parts[-1]
        return len(s)

    def flush(self):
        self._raw.flush()

    def finish(self):
        if self._pending:
            self._raw.write("[%.3f] %s" % (_Clock.now, self._pending))
            self._pending = ""
        self._raw.flush()

    def __getattr__(self, name):
        return getattr(self._raw, name)


_stamped = None


def _finish_stdout():
    try:
        if _stamped is not None:
            _stamped.finish()
        sys.stdout.flush()
    except Exception:
        pass


def _deadlock():
    sys.stderr.write(DEADLOCK_MSG + "\n")
    sys.stderr.flush()
    _finish_stdout()
    os._exit(DEADLOCK_STATUS)


# ---------------------------------------------------------------------------
# trace labels (rules: TRACE_FORMAT.md)

_TRACE = False
_ARG_MAX = 20       # an argument repr longer than this ...
_ARG_KEEP = 17      # ... is cut to this many characters + "..."


class _Labels:
    counter = 0
    table = None     # weakref.WeakKeyDictionary: future -> "Class#n"


def _strip_locals(qualname):
    return qualname.rsplit("<locals>.", 1)[-1]


def _is_wakeup(cb):
    import asyncio
    return (getattr(cb, "__name__", None) in ("task_wakeup", "__wakeup",
                                              "_Task__wakeup")
            and isinstance(getattr(cb, "__self__", None), asyncio.Task))


def _is_step(cb):
    import asyncio
    if type(cb).__name__ == "TaskStepMethWrapper":
        return True
    return (getattr(cb, "__name__", None) in ("__step", "_Task__step")
            and isinstance(getattr(cb, "__self__", None), asyncio.Task))


def _future_label(fut):
    import asyncio
    if isinstance(fut, asyncio.Task):
        base = fut.get_name()
    else:
        base = _Labels.table.get(fut)
        if base is None:
            _Labels.counter += 1
            base = "%s#%d" % (type(fut).__name__, _Labels.counter)
            _Labels.table[fut] = base
    waiters = []
    for entry in (fut._callbacks or ()):
        cb = entry[0] if isinstance(entry, tuple) else entry
        if _is_wakeup(cb):
            waiters.append(cb.__self__.get_name())
    if waiters:
        base += "<-" + ",".join(waiters)
    return base


def _arg_label(arg):
    from asyncio import futures
    if futures.isfuture(arg):
        return _future_label(arg)
    r = repr(arg)
    if len(r) > _ARG_MAX:
        r = r[:_ARG_KEEP] + "..."
    return r


def _func_name(cb):
    import types
    owner = getattr(cb, "__self__", None)
    name = getattr(cb, "__name__", None)
    if owner is not None and name is not None \
            and not isinstance(owner, types.ModuleType):
        return "%s.%s" % (type(owner).__name__, name)
    q = getattr(cb, "__qualname__", None) or name or type(cb).__name__
    return _strip_locals(q)


def _callback_label(cb, args):
    import functools
    if _is_step(cb):
        return "step(%s)" % cb.__self__.get_name()
    if _is_wakeup(cb):
        src = _future_label(args[0]) if args else "?"
        return "wakeup(%s <- %s)" % (cb.__self__.get_name(), src)
    if isinstance(cb, functools.partial):
        s = "partial:" + _callback_label(cb.func, cb.args)
        if args:
            s += "+(" + ", ".join(_arg_label(a) for a in args) + ")"
        return s
    return "%s(%s)" % (_func_name(cb), ", ".join(_arg_label(a) for a in args))


def _handle_label(h, timer):
    if h._cancelled:
        return "<cancelled>"
    s = _callback_label(h._callback, h._args or ())
    if timer:
        s = "timer@%r:%s" % (h._when, s)
    return s


def _trace_write(line):
    sys.stdout.write(line + "\n")


# ---------------------------------------------------------------------------
# loop, selector, timer handles, policy

def _install_asyncio():
    import asyncio
    import selectors
    import weakref
    from asyncio import events, base_events

    _Labels.table = weakref.WeakKeyDictionary()
    seq = [0]

    class VirtualTimerHandle(events.TimerHandle):
        """TimerHandle ordered by (when, creation sequence)."""
        __slots__ = ("_ls_seq",)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            seq[0] += 1
            self._ls_seq = seq[0]

        def _key(self):
            return (self._when, self._ls_seq)

        def __lt__(self, other):
            if isinstance(other, VirtualTimerHandle):
                return self._key() < other._key()
            return NotImplemented

        def __le__(self, other):
            if isinstance(other, VirtualTimerHandle):
                return self._key() <= other._key()
            return NotImplemented

        def __gt__(self, other):
            if isinstance(other, VirtualTimerHandle):
                return self._key() > other._key()
            return NotImplemented

        def __ge__(self, other):
            if isinstance(other, VirtualTimerHandle):
                return self._key() >= other._key()
            return NotImplemented

        __hash__ = events.TimerHandle.__hash__

    # Reprs and logs name the class: keep CPython's "TimerHandle".
    VirtualTimerHandle.__name__ = VirtualTimerHandle.__qualname__ = "TimerHandle"
    events.TimerHandle = VirtualTimerHandle
    asyncio.TimerHandle = VirtualTimerHandle

    class VirtualSelector(selectors.SelectSelector):
        """Never waits: advances the virtual clock by the timeout."""

        def select(self, timeout=None):
            if timeout is None:
                _deadlock()
            if timeout > 0:
                _Clock.now = _Clock.now + timeout
            return []

    class VirtualLoop(asyncio.SelectorEventLoop):
        def __init__(self):
            super().__init__(selector=VirtualSelector())
            self._ls_iter = 0
            self._ls_in_run = False

        def time(self):
            return _Clock.now

        # Called by _run_once after select() and before the due timers are
        # moved to the ready queue: the snapshot is the ready queue followed
        # by the timers that are about to become due, in pop order.
        def _process_events(self, event_list):
            super()._process_events(event_list)
            if not _TRACE:
                return
            self._ls_iter += 1
            end = self.time() + self._clock_resolution
            due = sorted(h for h in self._scheduled if h._when < end)
            labels = [_handle_label(h, False) for h in self._ready]
            labels += [_handle_label(h, True) for h in due]
            _trace_write("## iter %d t=%r: %s" % (
                self._ls_iter, self.time(),
                " | ".join(labels) if labels else "(nothing)"))

        # run_forever calls this once on entry (with self._debug) and once
        # in its finally clause (with False): toggling tells them apart.
        def _set_coroutine_origin_tracking(self, enabled):
            self._ls_in_run = not self._ls_in_run
            if self._ls_in_run and _TRACE:
                caller = sys._getframe(2)
                if caller.f_code is base_events.BaseEventLoop.run_until_complete.__code__:
                    fut = caller.f_locals.get("future")
                    what = _future_label(fut)
                    if isinstance(fut, asyncio.Task):
                        what += " coro=" + _strip_locals(
                            getattr(fut.get_coro(), "__qualname__", "?"))
                    _trace_write("## phase run_until_complete(%s) t=%r"
                                 % (what, self.time()))
                else:
                    _trace_write("## phase run_forever() t=%r" % (self.time(),))
            super()._set_coroutine_origin_tracking(enabled)

        # Called by close() after the running/closed checks, before the
        # ready queue and the timer heap are cleared.
        def _close_self_pipe(self):
            if _TRACE:
                ready = [_handle_label(h, False) for h in self._ready
                         if not h._cancelled]
                timers = [_handle_label(h, True) for h in
                          sorted(self._scheduled) if not h._cancelled]
                _trace_write("## loop.close() t=%r discards ready=%r timers=%r"
                             % (self.time(), ready, timers))
            super()._close_self_pipe()

    class VirtualPolicy(asyncio.DefaultEventLoopPolicy):
        _loop_factory = VirtualLoop

    asyncio.set_event_loop_policy(VirtualPolicy())


# ---------------------------------------------------------------------------
# running a program like `python3 PROG.py`

def run_program(path, argv, timestamps, trace):
    global _stamped, _TRACE
    import atexit
    import types
    import builtins
    import importlib.machinery

    _TRACE = trace
    abspath = os.path.abspath(path)
    _install_time()
    _install_random()
    _install_asyncio()
    if timestamps:
        _stamped = _StampedStdout(sys.stdout)
        sys.stdout = _stamped
    atexit.register(_finish_stdout)

    mod = types.ModuleType("__main__")
    mod.__file__ = abspath
    mod.__cached__ = None
    mod.__builtins__ = builtins
    mod.__loader__ = importlib.machinery.SourceFileLoader("__main__", abspath)
    sys.modules["__main__"] = mod
    sys.argv = [path] + list(argv)
    sys.path[0] = os.path.dirname(abspath)

    with open(abspath, "rb") as f:
        source = f.read()
    sys.excepthook = _excepthook
    # No try/except around compile/exec: an exception passing through a
    # handler gets its __traceback__ rewritten, which changes what
    # "exception was never retrieved" logs print (e.g. a SystemExit in a
    # task). Uncaught exceptions reach _excepthook, SystemExit exits as usual.
    _Main.code = compile(source, abspath, "exec", dont_inherit=True)
    exec(_Main.code, mod.__dict__)


class _Main:
    code = None


def _excepthook(etype, value, tb):
    """Print an uncaught exception exactly like python3 PROG.py: drop the
    runner's own frames from the head of the traceback."""
    while tb is not None and (_Main.code is None
                              or tb.tb_frame.f_code is not _Main.code):
        tb = tb.tb_next
    if isinstance(value, BaseException):
        value.__traceback__ = tb
    sys.last_traceback = tb
    sys.__excepthook__(etype, value, tb)


# ---------------------------------------------------------------------------
# expectations

def _programs():
    pdir = os.path.join(HERE, "programs")
    return sorted(os.path.join(pdir, n) for n in os.listdir(pdir)
                  if n.endswith(".py"))


def _run_sub(args):
    import subprocess
    env = dict(os.environ)
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONHASHSEED"] = "0"
    env.pop("PYTHONWARNINGS", None)
    env.pop("PYTHONASYNCIODEBUG", None)
    env.pop("PYTHONDEVMODE", None)
    p = subprocess.run([sys.executable, os.path.abspath(__file__)] + args,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       env=env, timeout=120)
    return p.stdout, p.stderr, p.returncode


def regen(outdir):
    os.makedirs(outdir, exist_ok=True)
    names = []
    for prog in _programs():
        name = os.path.splitext(os.path.basename(prog))[0]
        names.append(name)
        out, err, rc = _run_sub(["--timestamps", prog])
        err = normalize_stderr(err.decode("utf-8"), os.path.dirname(prog))
        with open(os.path.join(outdir, name + ".out"), "wb") as f:
            f.write(out)
        with open(os.path.join(outdir, name + ".exit"), "w") as f:
            f.write("%d\n" % rc)
        with open(os.path.join(outdir, name + ".err"), "wb") as f:
            f.write(err.encode("utf-8"))
        tout, _terr, trc = _run_sub(["--loop-trace", prog])
        if trc != rc:
            print("warning: %s: exit %d with --timestamps, %d with --loop-trace"
                  % (name, rc, trc), file=sys.stderr)
        with open(os.path.join(outdir, name + ".trace"), "wb") as f:
            f.write(tout)
    return names


def check_expectations():
    import tempfile
    import filecmp
    expdir = os.path.join(HERE, "expected")
    with tempfile.TemporaryDirectory() as tmp:
        names = regen(tmp)
        wanted = set()
        bad = 0
        for name in names:
            for ext in (".out", ".exit", ".err", ".trace"):
                fn = name + ext
                wanted.add(fn)
                a = os.path.join(expdir, fn)
                b = os.path.join(tmp, fn)
                if not os.path.exists(a):
                    print("MISSING expected/%s (run regen.sh)" % fn)
                    bad += 1
                elif not filecmp.cmp(a, b, shallow=False):
                    print("STALE   expected/%s differs from a fresh CPython run" % fn)
                    _print_diff(a, b)
                    bad += 1
        for fn in sorted(os.listdir(expdir)):
            if fn not in wanted:
                print("ORPHAN  expected/%s has no program" % fn)
                bad += 1
    if bad:
        print("%d expectation file(s) out of date; run tests/conformance/regen.sh"
              % bad)
        return 1
    print("all %d programs: expectations current" % len(names))
    return 0


def _print_diff(a, b):
    import difflib
    with open(a, encoding="utf-8", errors="replace") as f:
        la = f.read().splitlines(True)
    with open(b, encoding="utf-8", errors="replace") as f:
        lb = f.read().splitlines(True)
    for i, line in enumerate(difflib.unified_diff(la, lb, "committed", "fresh")):
        if i > 40:
            print("  ...")
            break
        sys.stdout.write("  " + line if line.endswith("\n") else "  " + line + "\n")


def main(argv):
    if sys.version_info[:2] != (3, 11):
        sys.stderr.write("refrun.py: needs CPython 3.11 (this is %d.%d)\n"
                         % sys.version_info[:2])
        return 2
    if argv and argv[0] == "--normalize-stderr":
        if len(argv) != 2:
            sys.stderr.write("usage: refrun.py --normalize-stderr DIR < in > out\n")
            return 2
        data = sys.stdin.buffer.read().decode("utf-8")
        sys.stdout.buffer.write(normalize_stderr(data, argv[1]).encode("utf-8"))
        return 0
    if argv and argv[0] == "--regen":
        outdir = os.path.join(HERE, "expected")
        if len(argv) == 3 and argv[1] == "--out":
            outdir = argv[2]
        elif len(argv) != 1:
            sys.stderr.write("usage: refrun.py --regen [--out DIR]\n")
            return 2
        names = regen(outdir)
        print("regenerated %d programs into %s" % (len(names), outdir))
        return 0
    if argv and argv[0] == "--check-expectations":
        return check_expectations()
    timestamps = trace = False
    while argv and argv[0].startswith("--"):
        opt = argv.pop(0)
        if opt == "--timestamps":
            timestamps = True
        elif opt == "--loop-trace":
            trace = True
        else:
            sys.stderr.write("refrun.py: unknown option %s\n" % opt)
            return 2
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    run_program(argv[0], argv[1:], timestamps, trace)
    return 0


if __name__ == "__main__":
    _status = main(sys.argv[1:])
    if _status:
        sys.exit(_status)
