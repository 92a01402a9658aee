#!/bin/sh
# Run every pending program through ../check.cmake (the very compare ctest does) and
# `git mv` each passing program with its four expected files into ../programs and
# ../expected.  Programs named in pending/trace_programs.txt are also checked against
# their .trace and, when promoted, move to ../trace_programs.txt.
#
#   promote.sh [--dry-run] /path/to/loopscope [NAME ...]
#
# --dry-run only prints PASS/FAIL per program (and the mismatch report with -v).
# Exit status: 0, or 1 if any program failed (informational; failures stay pending).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
conf=$(cd "$here/.." && pwd)
dry=0
verbose=0
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry=1; shift ;;
    -v) verbose=1; shift ;;
    *) break ;;
  esac
done
if [ $# -lt 1 ]; then
  echo "usage: promote.sh [--dry-run] [-v] LOOPSCOPE [NAME ...]" >&2
  exit 2
fi
loopscope=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
[ -x "$loopscope" ] || { echo "promote.sh: $loopscope is not executable" >&2; exit 2; }
if [ $# -eq 0 ]; then
  set -- $(cd "$here" && ls *.py | sed 's/\.py$//')
fi

traced() {
  [ -f "$here/trace_programs.txt" ] &&
    sed 's/#.*//' "$here/trace_programs.txt" | tr -d ' \t' | grep -qx "$1"
}

# git mv for tracked files; a program not committed yet is moved and staged.
move() {
  if git -C "$conf" ls-files --error-unmatch "$1" >/dev/null 2>&1; then
    git -C "$conf" mv "$1" "$2"
  else
    mv "$conf/$1" "$conf/$2"
    git -C "$conf" add "$2"
  fi
}

pass=0
fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for name in "$@"; do
  name=${name%.py}
  trace=OFF
  if traced "$name"; then trace=ON; fi
  if cmake -DLOOPSCOPE="$loopscope" -DPROG="$here/$name.py" \
       -DEXPECTED_DIR="$here/expected" -DCHECK_TRACE=$trace -DTIMEOUT=30 \
       -P "$conf/check.cmake" >"$log" 2>&1; then
    pass=$((pass + 1))
    echo "PASS $name"
    if [ $dry -eq 0 ]; then
      if [ -e "$conf/programs/$name.py" ]; then
        echo "  not promoted: programs/$name.py already exists" >&2
        continue
      fi
      move "pending/$name.py" "programs/$name.py"
      for ext in out exit err trace; do
        move "pending/expected/$name.$ext" "expected/$name.$ext"
      done
      if [ $trace = ON ]; then
        echo "$name" >>"$conf/trace_programs.txt"
        grep -vx "$name" "$here/trace_programs.txt" >"$log.t" || true
        mv "$log.t" "$here/trace_programs.txt"
      fi
      echo "  promoted to programs/$name.py"
    fi
  else
    fail=$((fail + 1))
    echo "FAIL $name"
    if [ $verbose -eq 1 ]; then sed 's/^/    /' "$log"; fi
  fi
done
echo "pending: $pass passed, $fail failed"
[ $fail -eq 0 ]
