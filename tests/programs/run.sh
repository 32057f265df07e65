#!/bin/bash
# run.sh — the end-to-end corpus (tests/programs/, README.md there).
#
# For each tests/programs/NAME.rl that has a NAME.out:
#   1. re-check against python3: `PYTHONPATH=lib python3 NAME.rl ARGS < IN`
#      must print NAME.out byte for byte and exit with NAME.status (0 when
#      there is no .status file) — the reference semantics still hold;
#   2. when RL_TRANSLATE=1: translate with
#      `build/rtrans --no-jit --gc=boehm NAME.rl -o build/programs/NAME`
#      (Boehm's collector alone) and compare the binary's stdout and exit
#      status the same way;
#   3. when RL_GEN=1: the same with `--no-jit --gc=gen` (the default
#      collector; build/programs/
#      NAME-gen), run with the default nursery and with one 32 KB chunk
#      (RTRANS_NURSERY_KB=32: a minor collection every 32 KB allocated);
#   4. when RL_JIT=1: translate with `--jit --gc=boehm` (build/programs/NAME-jit) and
#      compare the same way once per JIT mode of RL_JIT_MODES (default
#      "off default forced short blackhole": RTRANS_JIT=off, unset, the JIT
#      forced to trace at once (threshold=1,function_threshold=1,
#      trace_eagerness=1: every loop traced and compiled, every guard
#      bridged), the same with trace_limit=50 (aborts, short traces, many
#      guard failures), and every portal in the blackhole interpreter);
#      both forced modes also check every trace after each optimizer pass
#      (verify=1);
#   5. when RL_GEN=1 and RL_JIT=1: translate with `--jit --gc=gen`
#      (build/programs/NAME-jitgen) and run it once per mode of
#      RL_GEN_JIT_MODES (default "off default forced short blackhole small
#      forced-small blackhole-small": the modes above, then the default and
#      the forced JIT and the blackhole with one 32 KB nursery chunk,
#      RTRANS_NURSERY_KB=32; also "llvm" and "llvm-small": the forced JIT
#      with the LLVM trace compiler).
# ARGS come from NAME.args (one per line), stdin from NAME.in (else
# /dev/null); each run happens in a fresh empty folder under /tmp. stderr is
# not compared. One line per failure goes to stderr; the last line is
# "N passed, N failed"; the exit status is 1 when anything failed.
#
# Usage: tests/programs/run.sh [NAME...]     (default: every program)
# Environment: PYTHON (default python3), RTRANS (default build/rtrans),
# RL_TRANSLATE=1, RL_GEN=1, RL_JIT=1, RL_JIT_MODES, RL_GEN_JIT_MODES,
# RL_PYTHON=0 (skip step 1), TIMEOUT seconds per run
# (default 60), OUTDIR for the binaries (default build/programs).
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
DIR=$ROOT/tests/programs
PY=${PYTHON:-python3}
RTRANS=${RTRANS:-$ROOT/build/rtrans}
TIMEOUT=${TIMEOUT:-60}
PASSED=0
FAILED=0
unset PYTHONUNBUFFERED
TMP=$(mktemp -d /tmp/rtrans-programs.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

fail() { FAILED=$((FAILED + 1)); echo "FAIL: $*" >&2; }

# check NAME LABEL CMD...: runs CMD in a fresh folder with NAME's stdin and
# arguments; compares stdout and the exit status with NAME.out/.status.
check() {
  local name=$1 label=$2
  shift 2
  local base=$DIR/$name args=() input=/dev/null want=0 got
  [ -f "$base.args" ] && mapfile -t args < "$base.args"
  [ -f "$base.in" ] && input=$base.in
  [ -f "$base.status" ] && want=$(cat "$base.status")
  rm -rf "$TMP/cwd" && mkdir "$TMP/cwd"
  (cd "$TMP/cwd" && timeout "$TIMEOUT" "$@" "${args[@]}" < "$input" > "$TMP/out" 2> "$TMP/err")
  got=$?
  if [ "$got" -eq 124 ]; then
    fail "$name ($label): timed out after ${TIMEOUT}s"
  elif ! cmp -s "$TMP/out" "$base.out"; then
    local first
    first=$(cmp "$TMP/out" "$base.out" 2>&1 | head -1)
    fail "$name ($label): stdout differs from $name.out ($first); exit $got"
  elif [ "$got" -ne "$want" ]; then
    fail "$name ($label): exit status $got, expected $want"
  else
    PASSED=$((PASSED + 1))
  fi
}

FORCED=threshold=1,function_threshold=1,trace_eagerness=1,verify=1
SHORT=threshold=1,trace_eagerness=1,trace_limit=50,verify=1

# jit_modes NAME EXE LABEL MODE...: runs the JIT binary in each mode.
jit_modes() {
  local name=$1 exe=$2 label=$3 mode
  shift 3
  for mode in "$@"; do
    case $mode in
      off) check "$name" "$label off" env RTRANS_JIT=off "$exe" ;;
      default) check "$name" "$label" env -u RTRANS_JIT "$exe" ;;
      forced) check "$name" "$label forced" env RTRANS_JIT=$FORCED "$exe" ;;
      short) check "$name" "$label short traces" env RTRANS_JIT=$SHORT "$exe" ;;
      blackhole) check "$name" "blackhole${label#jit}" env RTRANS_JIT=blackhole "$exe" ;;
      blackhole-small) check "$name" "blackhole${label#jit}, 32 KB nursery" \
                         env RTRANS_JIT=blackhole RTRANS_NURSERY_KB=32 "$exe" ;;
      small) check "$name" "$label, 32 KB nursery" env -u RTRANS_JIT RTRANS_NURSERY_KB=32 "$exe" ;;
      forced-small) check "$name" "$label forced, 32 KB nursery" \
                      env RTRANS_JIT=$FORCED RTRANS_NURSERY_KB=32 "$exe" ;;
      llvm) check "$name" "$label forced, LLVM" env RTRANS_JIT=$FORCED,backend=llvm "$exe" ;;
      llvm-small) check "$name" "$label forced, LLVM, 32 KB nursery" \
                    env RTRANS_JIT=$FORCED,backend=llvm RTRANS_NURSERY_KB=32 "$exe" ;;
      *) fail "unknown JIT mode $mode" ;;
    esac
  done
}

if [ $# -gt 0 ]; then
  progs=()
  for n in "$@"; do progs+=("$DIR/$(basename "$n" .rl).rl"); done
else
  progs=("$DIR"/*.rl)
fi

# translate NAME SUFFIX FLAGS...: NAME.rl translated with FLAGS into
# $exe (OUTDIR/NAME SUFFIX); true when that worked, else one failure.
translate() {
  local name=$1 suffix=$2
  shift 2
  local outdir=${OUTDIR:-$ROOT/build/programs}
  mkdir -p "$outdir"
  exe=$outdir/$name$suffix
  rm -f "$exe"
  (cd "$DIR" && timeout 600 "$RTRANS" "$@" "$name.rl" -o "$exe") > "$TMP/tr.out" 2> "$TMP/tr.err"
  local rc=$?
  if [ "$rc" -eq 0 ] && ! grep -q -e 'Sanitizer' -e 'runtime error:' "$TMP/tr.err"; then
    return 0
  fi
  fail "$name (translate $* with $RTRANS): exit $rc — $(grep -m1 -e 'error' -e 'Sanitizer' "$TMP/tr.err" || head -1 "$TMP/tr.err")"
  return 1
}

for prog in "${progs[@]}"; do
  [ -f "$prog" ] || { fail "$prog: no such program"; continue; }
  name=$(basename "$prog" .rl)
  [ -f "$DIR/$name.out" ] || continue   # helper modules (lib_*.rl) have none
  if [ "${RL_PYTHON:-1}" != 0 ]; then
    check "$name" python3 env PYTHONPATH="$ROOT/lib" "$PY" "$prog"
  fi
  if [ "${RL_TRANSLATE:-0}" = 1 ] && translate "$name" "" --no-jit --gc=boehm; then
    check "$name" binary "$exe"
  fi
  if [ "${RL_GEN:-0}" = 1 ] && translate "$name" -gen --no-jit --gc=gen; then
    check "$name" "gc=gen" "$exe"
    check "$name" "gc=gen, 32 KB nursery" env RTRANS_NURSERY_KB=32 "$exe"
  fi
  if [ "${RL_JIT:-0}" = 1 ] && translate "$name" -jit --jit --gc=boehm; then
    # shellcheck disable=SC2086
    jit_modes "$name" "$exe" jit ${RL_JIT_MODES:-off default forced short blackhole}
  fi
  if [ "${RL_GEN:-0}" = 1 ] && [ "${RL_JIT:-0}" = 1 ] && translate "$name" -jitgen --jit --gc=gen; then
    # shellcheck disable=SC2086
    jit_modes "$name" "$exe" "jit gc=gen" \
      ${RL_GEN_JIT_MODES:-off default forced short blackhole small forced-small blackhole-small}
  fi
done

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
