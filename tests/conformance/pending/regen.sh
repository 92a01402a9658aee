#!/bin/sh
# Regenerate pending/expected/NAME.{out,exit,err,trace} from CPython 3.11, exactly as
# `refrun.py --regen` does for programs/ (same modes, same environment), since
# refrun.py can only regenerate programs/.  Usage: ./regen.sh [NAME ...]
# (no names: every pending/*.py).  Never edit pending/expected/ by hand.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
refrun="$here/../refrun.py"
PYTHON=${PYTHON:-python3}
mkdir -p "$here/expected"

# refrun.py's _run_sub environment: UTF-8 stdio, fixed hash seed, no debug knobs.
export PYTHONIOENCODING=utf-8 PYTHONHASHSEED=0
unset PYTHONWARNINGS PYTHONASYNCIODEBUG PYTHONDEVMODE

if [ $# -eq 0 ]; then
  set -- $(cd "$here" && ls *.py | sed 's/\.py$//')
fi
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for name in "$@"; do
  name=${name%.py}
  prog="$here/$name.py"
  [ -f "$prog" ] || { echo "regen.sh: no $prog" >&2; exit 2; }
  rc=0
  "$PYTHON" "$refrun" --timestamps "$prog" >"$here/expected/$name.out" 2>"$tmp" || rc=$?
  printf '%d\n' "$rc" >"$here/expected/$name.exit"
  "$PYTHON" "$refrun" --normalize-stderr "$here" <"$tmp" >"$here/expected/$name.err"
  trc=0
  "$PYTHON" "$refrun" --loop-trace "$prog" >"$here/expected/$name.trace" 2>/dev/null || trc=$?
  if [ "$trc" -ne "$rc" ]; then
    echo "warning: $name: exit $rc with --timestamps, $trc with --loop-trace" >&2
  fi
done
echo "regenerated $# pending program(s) into $here/expected"
