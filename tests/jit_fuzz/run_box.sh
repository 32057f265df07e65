#!/bin/bash
# run_box.sh — the random differential JIT test over boxed values: random
# programs (gen_box.py SEED) run by tests/jit_fuzz/boxvm.rl (a register VM
# whose values are W_Int/W_Float/W_Pair/W_Nil boxes with methods called
# through the base class, a JitDriver with greens pc and code, and calls
# through the portal) translated --no-jit and --jit; the JIT binary runs
# each program with RTRANS_JIT unset, at thresholds 3 and 1, with short
# traces (trace_limit=50) and with the LLVM backend, and must print exactly
# what the --no-jit binary prints (stdout and exit status).
#
# Usage: tests/jit_fuzz/run_box.sh [COUNT [FIRST_SEED]]   (default 20 1)
# JIT_FUZZ_MODES="default threshold=1,function_threshold=1,trace_eagerness=1 ..." replaces the
# list of RTRANS_JIT values ('default': unset); JIT_FUZZ_BUDGET the step
# budget (200000). Both binaries use --gc=boehm (Boehm's collector alone); RTRANS_GC=gen
# translates them with --gc=gen (the
# generational collector; RTRANS_NURSERY_KB=32 in the environment then
# collects every 32 KB).
# `make check` runs the default; `make fuzz-jit` runs JIT_FUZZ_COUNT.
# Prints "N passed, N failed" last; the failing seeds are on stderr with
# the commands to rerun one (tests/jit_fuzz/reduce_box.py shrinks it).
cd "$(dirname "$0")/../.." || exit 2
RTRANS=${RTRANS:-build/rtrans}
COUNT=${1:-20}
FIRST=${2:-1}
BUDGET=${JIT_FUZZ_BUDGET:-200000}
MODES=${JIT_FUZZ_MODES:-default threshold=3,function_threshold=3 threshold=1,function_threshold=1 threshold=1,function_threshold=1,trace_limit=50 threshold=3,function_threshold=3,backend=llvm}
TMP=$(mktemp -d /tmp/rtrans-jitfuzz-box.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
PASSED=0
FAILED=0
fail() { FAILED=$((FAILED + 1)); echo "FAIL: $*" >&2; }
GC=(--gc=boehm)
[ -n "${RTRANS_GC:-}" ] && GC=(--gc="$RTRANS_GC")
if ! "$RTRANS" --no-jit "${GC[@]}" tests/jit_fuzz/boxvm.rl -o "$TMP/nojit" 2>"$TMP/err" ||
   ! "$RTRANS" --jit "${GC[@]}" tests/jit_fuzz/boxvm.rl -o "$TMP/jit" 2>"$TMP/err"; then
  fail "translating tests/jit_fuzz/boxvm.rl: $(head -1 "$TMP/err")"
  echo "$PASSED passed, $FAILED failed"
  exit 1
fi
# the fixed cases (tests/jit_fuzz/box_cases/*.txt: programs that once
# failed, a "# budget N" line gives their budget) run first, then the seeds
CASES=(tests/jit_fuzz/box_cases/*.txt)
for ((seed = FIRST - ${#CASES[@]}; seed < FIRST + COUNT; seed++)); do
  if [ $seed -lt $FIRST ]; then
    case=${CASES[$((seed - FIRST + ${#CASES[@]}))]}
    cp "$case" "$TMP/p.txt"
    BUDGET=$(sed -n 's/^# budget \([0-9]*\)$/\1/p' "$case" | head -1)
    BUDGET=${BUDGET:-200000}
  else
    python3 tests/jit_fuzz/gen_box.py "$seed" > "$TMP/p.txt"
    BUDGET=${JIT_FUZZ_BUDGET:-200000}
  fi
  timeout 60 "$TMP/nojit" "$TMP/p.txt" "$BUDGET" > "$TMP/want" 2>/dev/null
  echo "exit $?" >> "$TMP/want"
  ok=1
  for mode in $MODES; do
    if [ $mode = default ]; then
      env -u RTRANS_JIT timeout 60 "$TMP/jit" "$TMP/p.txt" "$BUDGET" > "$TMP/got" 2>"$TMP/err"
    else
      RTRANS_JIT=$mode timeout 60 "$TMP/jit" "$TMP/p.txt" "$BUDGET" > "$TMP/got" 2>"$TMP/err"
    fi
    echo "exit $?" >> "$TMP/got"
    if ! cmp -s "$TMP/got" "$TMP/want"; then
      if [ $seed -lt $FIRST ]; then what="case $case"; gen="cp $case p.txt"; else what="seed $seed"; gen="python3 tests/jit_fuzz/gen_box.py $seed > p.txt"; fi
      fail "$what, RTRANS_JIT=$mode: $(diff "$TMP/want" "$TMP/got" | grep '^>' | head -2 | tr '\n' ' ')$(head -c 120 "$TMP/err"); rerun: $gen; build/rtrans --jit tests/jit_fuzz/boxvm.rl -o boxvm; $([ $mode = default ] && echo env -u RTRANS_JIT || echo RTRANS_JIT=$mode) ./boxvm p.txt $BUDGET"
      ok=0
      break
    fi
  done
  [ $ok = 1 ] && PASSED=$((PASSED + 1))
done
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
