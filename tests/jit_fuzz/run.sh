#!/bin/bash
# run.sh — the random differential JIT test: random BF programs
# (gen.py SEED) run by tests/jit_fuzz/bfsteps.rl (a BF interpreter with a
# step budget and a JitDriver) translated --no-jit and with the JIT; the
# JIT binary runs each program at a low threshold, forced (every loop
# traced and every guard bridged at once) and with short traces
# (trace_limit=50: aborts and guard failures), and must print exactly what
# the --no-jit binary prints.
#
# Usage: tests/jit_fuzz/run.sh [COUNT [FIRST_SEED]]   (default 30 1)
# Both binaries use --gc=boehm (Boehm's collector alone); RTRANS_GC=gen
# translates them with --gc=gen (the generational
# collector; RTRANS_NURSERY_KB=32 in the environment then collects every
# 32 KB).
# `make check` runs the default; `make fuzz-jit` runs 2000 (JIT_FUZZ_COUNT).
# Prints "N passed, N failed" last; the failing seeds are on stderr with
# the command to rerun one.
cd "$(dirname "$0")/../.." || exit 2
RTRANS=${RTRANS:-build/rtrans}
COUNT=${1:-30}
FIRST=${2:-1}
STEPS=${JIT_FUZZ_STEPS:-30000}
TMP=$(mktemp -d /tmp/rtrans-jitfuzz.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
PASSED=0
FAILED=0
fail() { FAILED=$((FAILED + 1)); echo "FAIL: $*" >&2; }
GC=(--gc=boehm)
[ -n "${RTRANS_GC:-}" ] && GC=(--gc="$RTRANS_GC")
if ! "$RTRANS" --no-jit "${GC[@]}" tests/jit_fuzz/bfsteps.rl -o "$TMP/nojit" 2>"$TMP/err" ||
   ! "$RTRANS" --jit "${GC[@]}" tests/jit_fuzz/bfsteps.rl -o "$TMP/jit" 2>"$TMP/err"; then
  fail "translating tests/jit_fuzz/bfsteps.rl: $(head -1 "$TMP/err")"
  echo "$PASSED passed, $FAILED failed"
  exit 1
fi
for ((seed = FIRST; seed < FIRST + COUNT; seed++)); do
  python3 tests/jit_fuzz/gen.py "$seed" > "$TMP/p.b"
  timeout 60 "$TMP/nojit" "$TMP/p.b" "$STEPS" > "$TMP/want" 2>&1
  ok=1
  for mode in threshold=3,function_threshold=3,trace_eagerness=2 threshold=1,function_threshold=1,trace_eagerness=1 \
              threshold=1,function_threshold=1,trace_eagerness=1,trace_limit=50; do
    if ! RTRANS_JIT=$mode timeout 60 "$TMP/jit" "$TMP/p.b" "$STEPS" > "$TMP/got" 2>&1 ||
       ! cmp -s "$TMP/got" "$TMP/want"; then
      fail "seed $seed, RTRANS_JIT=$mode: $(head -c 200 "$TMP/got") (want $(cat "$TMP/want")); rerun: python3 tests/jit_fuzz/gen.py $seed > p.b"
      ok=0
      break
    fi
  done
  [ $ok = 1 ] && PASSED=$((PASSED + 1))
done
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
