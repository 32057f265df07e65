#!/bin/bash
# run.sh — the Lua interpreter (examples/lua/lua.rl) against PUC Lua 5.4:
# every tests/lua/X.lua must print exactly X.lua.out (made by lua5.4, see
# regen.sh) and exit with X.lua.status (default 0), in each mode:
#   nojit        the interpreter translated with --no-jit --gc=boehm (Boehm alone)
#   gen          translated with --no-jit --gc=gen (the generational GC, the default)
#   gen-small    the same with a 32 KB nursery (a minor collection every 32 KB)
#   jit          translated with the JIT and --gc=boehm, RTRANS_JIT unset
#   jit-off      the same binary, RTRANS_JIT=off
#   jit-forced   RTRANS_JIT=threshold=1,function_threshold=1 (every loop traced at once)
#   jit-short    RTRANS_JIT=threshold=1,function_threshold=1,trace_limit=50 (aborts, guard failures)
#   blackhole    RTRANS_JIT=blackhole
#   jitgen       translated with the JIT and --gc=gen, RTRANS_JIT unset
#   jitgen-forced, jitgen-short, blackhole-gen   as jit-forced, jit-short
#                and blackhole, on that binary
#   jitgen-small, jitgen-forced-small   jitgen and jitgen-forced with a 32 KB
#                nursery
#   python3      untranslated, with the rlib shim (tests named in PY_SKIP
#                skip it; none by default)
# Then, when no test is named, every benchmark listed in bench/args runs
# from bench/lua with its small size argument against bench/NAME.out, in
# the modes nojit, gen-small, jit, jit-forced, jit-short, jit-eager
# (threshold=1,function_threshold=1,trace_eagerness=1: bridges at a guard's
# first failure), jitgen, jitgen-small and jitgen-eager-small.
# Tests run from this folder with bare file names, so error messages say
# "X.lua:LINE:" as in the expected outputs.
# Usage: tests/lua/run.sh [X.lua...]
# Prints one "FAIL: ..." line per failure (stderr) and "N passed, N failed"
# last; each (test, mode) pair counts once.
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
RTRANS=${RTRANS:-$ROOT/build/rtrans}
# tests to leave out of the python3 mode (too slow under CPython)
PY_SKIP=${PY_SKIP-}
TMP=$(mktemp -d /tmp/rtrans-luatests.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
PASSED=0
FAILED=0
fail() { FAILED=$((FAILED + 1)); echo "FAIL: $*" >&2; }

if ! "$RTRANS" --no-jit --gc=boehm examples/lua/lua.rl -o "$TMP/lua-nojit" 2>"$TMP/err" ||
   ! "$RTRANS" --no-jit --gc=gen examples/lua/lua.rl -o "$TMP/lua-gen" 2>"$TMP/err" ||
   ! "$RTRANS" --jit --gc=boehm examples/lua/lua.rl -o "$TMP/lua-jit" 2>"$TMP/err" ||
   ! "$RTRANS" --jit --gc=gen examples/lua/lua.rl -o "$TMP/lua-jitgen" 2>"$TMP/err"; then
  fail "translating examples/lua/lua.rl: $(head -3 "$TMP/err")"
  echo "$PASSED passed, $FAILED failed"
  exit 1
fi

cd tests/lua || exit 2
files=("$@")
run_bench=0
[ ${#files[@]} -eq 0 ] && files=(*.lua) && run_bench=1

# check_run name mode expected-out expected-status command...
check_run() {
  local t=$1 mode=$2 out=$3 want=$4
  shift 4
  timeout 120 "$@" >"$TMP/out" 2>"$TMP/stderr" </dev/null
  local st=$?
  if [ "$st" -ne "$want" ]; then
    fail "$t ($mode): exit status $st, want $want: $(head -c 300 "$TMP/stderr")"
  elif ! cmp -s "$TMP/out" "$out"; then
    fail "$t ($mode): output differs: $(diff "$out" "$TMP/out" | head -4 | tr '\n' ' ')"
  else
    PASSED=$((PASSED + 1))
  fi
}

check() {  # test mode command...
  local t=$1 mode=$2
  shift 2
  local want=0
  [ -f "$t.status" ] && want=$(cat "$t.status")
  check_run "$t" "$mode" "$t.out" "$want" "$@" "$t"
}

for t in "${files[@]}"; do
  t=$(basename "$t")
  check "$t" nojit "$TMP/lua-nojit"
  check "$t" gen "$TMP/lua-gen"
  check "$t" gen-small env RTRANS_NURSERY_KB=32 "$TMP/lua-gen"
  check "$t" jit "$TMP/lua-jit"
  check "$t" jit-off env RTRANS_JIT=off "$TMP/lua-jit"
  check "$t" jit-forced env RTRANS_JIT=threshold=1,function_threshold=1 "$TMP/lua-jit"
  check "$t" jit-short env RTRANS_JIT=threshold=1,function_threshold=1,trace_limit=50 "$TMP/lua-jit"
  check "$t" blackhole env RTRANS_JIT=blackhole "$TMP/lua-jit"
  check "$t" jitgen "$TMP/lua-jitgen"
  check "$t" jitgen-forced env RTRANS_JIT=threshold=1,function_threshold=1 "$TMP/lua-jitgen"
  check "$t" jitgen-short env RTRANS_JIT=threshold=1,function_threshold=1,trace_limit=50 "$TMP/lua-jitgen"
  check "$t" blackhole-gen env RTRANS_JIT=blackhole "$TMP/lua-jitgen"
  check "$t" jitgen-small env RTRANS_NURSERY_KB=32 "$TMP/lua-jitgen"
  check "$t" jitgen-forced-small env RTRANS_JIT=threshold=1,function_threshold=1 RTRANS_NURSERY_KB=32 "$TMP/lua-jitgen"
  case " $PY_SKIP " in *" $t "*) continue ;; esac
  check "$t" python3 env PYTHONPATH="$ROOT/lib" python3 "$ROOT/examples/lua/lua.rl"
done

# the benchmarks, small: long traces, calls, tables and strings that the
# small tests above do not reach
if [ $run_bench -eq 1 ]; then
  while read -r b size; do
    case $b in ''|'#'*) continue ;; esac
    out=$ROOT/tests/lua/bench/${b%.lua}.out
    prog=(../../bench/lua/"$b" "$size")
    check_run "bench/$b" nojit "$out" 0 "$TMP/lua-nojit" "${prog[@]}"
    check_run "bench/$b" gen-small "$out" 0 env RTRANS_NURSERY_KB=32 "$TMP/lua-gen" "${prog[@]}"
    check_run "bench/$b" jit "$out" 0 "$TMP/lua-jit" "${prog[@]}"
    check_run "bench/$b" jit-forced "$out" 0 \
      env RTRANS_JIT=threshold=1,function_threshold=1 "$TMP/lua-jit" "${prog[@]}"
    check_run "bench/$b" jit-short "$out" 0 \
      env RTRANS_JIT=threshold=1,function_threshold=1,trace_limit=50 "$TMP/lua-jit" "${prog[@]}"
    check_run "bench/$b" jit-eager "$out" 0 \
      env RTRANS_JIT=threshold=1,function_threshold=1,trace_eagerness=1 "$TMP/lua-jit" "${prog[@]}"
    check_run "bench/$b" jitgen "$out" 0 "$TMP/lua-jitgen" "${prog[@]}"
    check_run "bench/$b" jitgen-small "$out" 0 env RTRANS_NURSERY_KB=32 "$TMP/lua-jitgen" "${prog[@]}"
    check_run "bench/$b" jitgen-eager-small "$out" 0 \
      env RTRANS_JIT=threshold=1,function_threshold=1,trace_eagerness=1 RTRANS_NURSERY_KB=32 \
      "$TMP/lua-jitgen" "${prog[@]}"
  done <"$ROOT/tests/lua/bench/args"
fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
