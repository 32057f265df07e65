#!/bin/bash
# run.sh — runs the rlib shim's tests: every tests/shim/NAME.rl that has a
# NAME.out runs untranslated, `PYTHONPATH=lib python3 NAME.rl ARGS`, under
# python3 and (when installed) pypy3, in a fresh folder under /tmp, with
#   NAME.in      as stdin (else /dev/null)
#   NAME.args    its arguments, one per line (else none)
# and must print exactly NAME.out (byte for byte) and exit with the status
# in NAME.status (else 0). One line per failure goes to stderr; the last
# line is "N passed, N failed". Set SHIM_PYTHONS to choose the interpreters
# (default: "python3 pypy3", those not installed are skipped).
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
DIR=$ROOT/tests/shim
# Buffered stdout, as usual, so that the order test means something.
unset PYTHONUNBUFFERED
PASSED=0
FAILED=0
TMP=$(mktemp -d /tmp/rtrans-shim.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

for py in ${SHIM_PYTHONS:-python3 pypy3}; do
  command -v "$py" >/dev/null 2>&1 || continue
  for prog in "$DIR"/*.rl; do
    name=$(basename "$prog" .rl)
    [ -f "$DIR/$name.out" ] || continue       # a helper module, not a test
    args=()
    [ -f "$DIR/$name.args" ] && mapfile -t args < "$DIR/$name.args"
    input=/dev/null
    [ -f "$DIR/$name.in" ] && input=$DIR/$name.in
    want_status=0
    [ -f "$DIR/$name.status" ] && want_status=$(tr -d ' \n' < "$DIR/$name.status")
    rm -rf "$TMP/cwd" && mkdir "$TMP/cwd"
    (cd "$TMP/cwd" && PYTHONPATH="$ROOT/lib" timeout 60 "$py" "$prog" "${args[@]}" \
       < "$input" > "$TMP/stdout" 2> "$TMP/stderr")
    status=$?
    if ! cmp -s "$TMP/stdout" "$DIR/$name.out"; then
      FAILED=$((FAILED + 1))
      echo "FAIL: shim/$name ($py): stdout differs from $name.out" \
           "($(head -c 300 "$TMP/stderr" | tr '\n' ' '))" >&2
    elif [ "$status" != "$want_status" ]; then
      FAILED=$((FAILED + 1))
      echo "FAIL: shim/$name ($py): exit status $status, expected $want_status" \
           "($(head -c 300 "$TMP/stderr" | tr '\n' ' '))" >&2
    else
      PASSED=$((PASSED + 1))
    fi
  done
done

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
