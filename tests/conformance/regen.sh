#!/bin/sh
# Regenerate every expected/NAME.{out,exit,err,trace} from CPython 3.11 via refrun.py.
# Never edit files under expected/ by hand.
set -e
here=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-python3}
exec "$PYTHON" "$here/refrun.py" --regen "$@"
