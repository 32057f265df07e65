#!/bin/bash
# regen_expected.sh — rewrites the expected results of tests/programs/ by
# running each program untranslated with the rlib shim (lib/), the reference
# semantics of RL:  PYTHONPATH=lib python3 NAME.rl ARGS
#
#   tests/programs/NAME.rl      the program (a .rl without a
#                               `__name__ == "__main__"` line is a helper
#                               module, imported by others, and is skipped)
#   tests/programs/NAME.in      stdin, if present (else /dev/null)
#   tests/programs/NAME.args    arguments, one per line, if present
#   tests/programs/NAME.out     written: stdout, byte for byte
#   tests/programs/NAME.status  written when the exit status is not 0
#                               (removed when it is 0)
#
# Usage: tests/regen_expected.sh [NAME...]   (default: every program)
# Each program runs in a fresh folder under /tmp. PYTHON selects the
# interpreter (default python3). Review the diff before committing!
cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
DIR=$ROOT/tests/programs
PY=${PYTHON:-python3}
if [ ! -d "$DIR" ]; then
  echo "regen_expected: no $DIR, nothing to do" >&2
  exit 0
fi
unset PYTHONUNBUFFERED
TMP=$(mktemp -d /tmp/rtrans-regen.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

if [ $# -gt 0 ]; then
  progs=()
  for n in "$@"; do progs+=("$DIR/$(basename "$n" .rl).rl"); done
else
  progs=("$DIR"/*.rl)
fi

count=0
for prog in "${progs[@]}"; do
  [ -f "$prog" ] || { [ $# -gt 0 ] && echo "regen_expected: no $prog" >&2; continue; }
  grep -q '__name__ *== *["'"'"']__main__["'"'"']' "$prog" || continue
  base=${prog%.rl}
  name=$(basename "$base")
  args=()
  [ -f "$base.args" ] && mapfile -t args < "$base.args"
  input=/dev/null
  [ -f "$base.in" ] && input=$base.in
  rm -rf "$TMP/cwd" && mkdir "$TMP/cwd"
  (cd "$TMP/cwd" && PYTHONPATH="$ROOT/lib" timeout 300 "$PY" "$prog" "${args[@]}" \
     < "$input" > "$base.out" 2> "$TMP/stderr")
  status=$?
  if [ "$status" -ne 0 ]; then
    echo "$status" > "$base.status"
  else
    rm -f "$base.status"
  fi
  [ "$status" -eq 124 ] && echo "regen_expected: $name timed out" >&2
  echo "$name: status $status, $(wc -c < "$base.out") bytes of output"
  count=$((count + 1))
done
echo "regenerated $count program(s)"
