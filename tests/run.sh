#!/bin/bash
# run.sh — runs every test of `make check` and ends with "N passed, N failed".
#
# Expects the build products of `make all asan unit-tests` (and the fuzz
# target when clang's libFuzzer is available). Test kinds:
#   unit      build/unit/test_* and build/unit-asan/test_* (cmocka)
#   parse     tests/parse/X.rl  -> `rtrans --dump=ast X.rl`  == X.ast
#   flow      tests/flow/X.rl   -> `rtrans --dump=flow X.rl` == X.flow
#   annotate  tests/annotate/X.rl -> `rtrans --dump=annotated X.rl` == X.ann
#   errors    tests/errors/X.rl -> exit 1, the "error:" lines == X.err
#   warnings  tests/warnings/X.rl -> exit 0, the "warning:" lines == X.warn
#   examples  examples/*.rl translate without errors
#   robust    hostile inputs: exit 0 or 1, no crash, no sanitizer report
#   shim      tests/shim/run.sh: the CPython rlib shim
#   jit       tests/jit_shapes (trace shapes), tests/jit_html (the jit-html
#             page; headless Chromium), tests/jit_fuzz (random programs)
#   programs  tests/programs/run.sh: python3 + shim, then translated and run
#             (--no-jit with Boehm and with --gc=gen, --jit in five JIT modes,
#             --jit --gc=gen in eight)
#             (build/rtrans; a few with build/asan/rtrans too)
#   lua       tests/lua/run.sh: the Lua interpreter examples/lua against
#             lua5.4's outputs (--no-jit, --gc=gen, JIT modes, JIT modes
#             with --gc=gen, python3)
#   fuzz      the libFuzzer targets (frontend; prebuild + annotator), FUZZ_SECONDS each (default 30)
# Each golden test runs under both build/rtrans and build/asan/rtrans.
# Set UPDATE=1 to rewrite the expected .ast/.flow files (review the diff!).
cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
PASSED=0
FAILED=0
FAILS=()
export ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=0:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

ok() { PASSED=$((PASSED + 1)); }
bad() { FAILED=$((FAILED + 1)); FAILS+=("$1"); echo "FAIL: $1" >&2; }

# A process result is "clean" when it exited normally with status 0 or 1 and
# no sanitizer spoke.
clean_exit() {  # status stderr-file
  [ "$1" -le 1 ] && ! grep -q -e 'Sanitizer' -e 'runtime error:' "$2"
}

run_unit() {
  local bin out
  for bin in build/unit/test_* build/unit-asan/test_*; do
    [ -x "$bin" ] || continue
    out=$("$bin" 2>&1)
    local rc=$?
    local np nf
    np=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    nf=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    PASSED=$((PASSED + ${np:-0}))
    if [ "$rc" -ne 0 ] || [ -n "$nf" ] || [ -z "$np" ]; then
      printf '%s\n' "$out" | grep -e FAILED -e ERROR -e Sanitizer -e 'runtime error' >&2
      bad "unit $bin (${nf:-?} failed, exit $rc)"
    fi
  done
}

# golden DIR EXT DUMP: X.rl's dump must equal X.EXT, for each rtrans build.
golden() {
  local dir=$1 ext=$2 dump=$3 rl base exp rt
  for rl in "$dir"/*.rl; do
    [ -e "$rl" ] || continue
    base=$(basename "$rl" .rl)
    exp="$dir/$base.$ext"
    [ -e "$exp" ] || continue
    for rt in build/rtrans build/asan/rtrans; do
      [ -x "$rt" ] || continue
      (cd "$dir" && "$ROOT/$rt" --verify --dump="$dump" "$base.rl") \
        >"$TMP/out" 2>"$TMP/err"
      local rc=$?
      if [ -n "$UPDATE" ] && [ "$rt" = build/rtrans ]; then cp "$TMP/out" "$exp"; fi
      if [ $rc -ne 0 ] || ! cmp -s "$TMP/out" "$exp" || ! clean_exit $rc "$TMP/err"; then
        diff "$exp" "$TMP/out" | head -20 >&2
        head -5 "$TMP/err" >&2
        bad "$dump $rl ($rt, exit $rc)"
      else
        ok
      fi
    done
  done
}

# run_diagnostics DIR EXT KIND STATUS: each DIR/X.rl exits with STATUS and
# prints exactly the ": KIND: " lines of DIR/X.EXT (stdout stays empty)
run_diagnostics() {
  local dir=$1 ext=$2 kind=$3 status=$4 rl base rt
  for rl in "$dir"/*.rl; do
    [ -e "$rl" ] || continue
    base=$(basename "$rl" .rl)
    for rt in build/rtrans build/asan/rtrans; do
      [ -x "$rt" ] || continue
      (cd "$dir" && "$ROOT/$rt" --verify "$base.rl" -o "$TMP/diag_out") >"$TMP/out" 2>"$TMP/err"
      local rc=$?
      grep ": $kind: " "$TMP/err" >"$TMP/got"
      if [ $rc -ne "$status" ] || ! cmp -s "$TMP/got" "$dir/$base.$ext" \
         || ! clean_exit $rc "$TMP/err" || [ -s "$TMP/out" ]; then
        diff "$dir/$base.$ext" "$TMP/got" | head -10 >&2
        bad "${dir#tests/} $rl ($rt, exit $rc)"
      else
        ok
      fi
    done
  done
}

run_examples() {
  local rl rt
  for rl in examples/*.rl; do
    [ -e "$rl" ] || continue
    for rt in build/rtrans build/asan/rtrans; do
      [ -x "$rt" ] || continue
      "$rt" --verify "$rl" -o "$TMP/example" >"$TMP/out" 2>"$TMP/err"
      local rc=$?
      if [ $rc -ne 0 ] || ! clean_exit $rc "$TMP/err"; then
        head -5 "$TMP/err" >&2
        bad "example $rl ($rt, exit $rc)"
      else
        ok
      fi
    done
  done
}

# target(driver, args) gets the words after `--` (tests/target/choose.rl
# picks its entry point by them): stdout and exit status with and without.
run_target_args() {
  local want args rc
  for args in "" "-- fast -x"; do
    if [ -z "$args" ]; then want="plain 0 rc=0"; else want="configured fast -x rc=3"; fi
    # shellcheck disable=SC2086
    build/rtrans tests/target/choose.rl -o "$TMP/choose" $args >"$TMP/out" 2>"$TMP/err"
    rc=$?
    local got
    got="$("$TMP/choose" 2>/dev/null) rc=$?"
    if [ $rc -ne 0 ] || [ "$got" != "$want" ]; then
      echo "target args '$args': got '$got', want '$want'" >&2
      bad "target args '$args'"
    else
      ok
    fi
  done
}

# Hostile inputs, generated deterministically.
make_robust_inputs() {
  local d=$TMP/robust
  mkdir -p "$d"
  : >"$d/empty.rl"
  printf 'x = 1\0\0y = 2\n\0' >"$d/nul.rl"
  printf '\xef\xbb\xbfdef main(argv):\r\n    return 0\r\n' >"$d/bom_crlf.rl"
  printf 'x = "\xff\xfe\xc3\x28 \xe2\x82"\n\xc0\xaf = 1\n' >"$d/bad_utf8.rl"
  awk 'BEGIN { srand(7); for (i = 0; i < 65536; i++) printf "%c", int(rand() * 256) }' \
    >"$d/garbage.rl" 2>/dev/null
  awk 'BEGIN { srand(11); for (i = 0; i < 20000; i++) { c = substr("()[]{}:=+-*/ \n\t#\"'"'"'\\abc123.,", int(rand()*28)+1, 1); printf "%s", c } }' \
    >"$d/tokens.rl"
  awk 'BEGIN { printf "x = "; for (i = 0; i < 10000000; i++) printf "a"; printf "\n" }' >"$d/long_line.rl"
  awk 'BEGIN { printf "x = "; for (i = 0; i < 10000; i++) printf "("; printf "1"; for (i = 0; i < 10000; i++) printf ")"; printf "\n" }' >"$d/deep_parens.rl"
  awk 'BEGIN { printf "x = "; for (i = 0; i < 10000; i++) printf "["; printf "\n" }' >"$d/unclosed.rl"
  awk 'BEGIN { printf "x = "; for (i = 0; i < 10000; i++) printf "-"; printf "1\n" }' >"$d/deep_unary.rl"
  awk 'BEGIN { printf "x = "; for (i = 0; i < 10000; i++) printf "not "; printf "1\n" }' >"$d/deep_not.rl"
  awk 'BEGIN { printf "x = a"; for (i = 0; i < 100000; i++) printf " + a"; printf "\n" }' >"$d/long_chain.rl"
  awk 'BEGIN { printf "x = a"; for (i = 0; i < 10000; i++) printf ".b"; printf "\n" }' >"$d/long_attr.rl"
  awk 'BEGIN { printf "x = 1"; for (i = 0; i < 10000; i++) printf " if a else 2"; printf "\n" }' >"$d/deep_ifexp.rl"
  awk 'BEGIN { printf "x = 2"; for (i = 0; i < 10000; i++) printf " ** 2"; printf "\n" }' >"$d/deep_pow.rl"
  awk 'BEGIN { for (i = 0; i < 10000; i++) { for (j = 0; j < i; j++) printf " "; printf "if x:\n" } }' >"$d/deep_indent.rl"
  printf 'x = "abc\ny = """never closed\n' >"$d/unterminated.rl"
  printf 'def f(:\n  return (\n' >"$d/eof_in_bracket.rl"
  printf 'x = 1 \\' >"$d/eof_backslash.rl"
  printf 'x = 1\ry = 2\r' >"$d/lone_cr.rl"
  printf 'if x:\n\tif y:\n        pass\n' >"$d/tabs.rl"
}

run_robust() {
  make_robust_inputs
  local f rt
  for f in "$TMP"/robust/*.rl; do
    for rt in build/rtrans build/asan/rtrans; do
      [ -x "$rt" ] || continue
      for dump in ast flow; do
        timeout 60 "$rt" --verify --dump=$dump "$f" >/dev/null 2>"$TMP/err"
        local rc=$?
        if ! clean_exit $rc "$TMP/err"; then
          grep -m3 -e Sanitizer -e 'runtime error' "$TMP/err" >&2
          bad "robust $(basename "$f") --dump=$dump ($rt, exit $rc)"
        else
          ok
        fi
      done
    done
  done
}

run_fuzz() {
  local target bin
  for target in fuzz_frontend fuzz_translate; do
    bin=build/fuzz/$target
    if [ ! -x "$bin" ]; then
      bad "fuzz: $bin was not built"
      continue
    fi
    mkdir -p "$TMP/corpus-$target"
    # the RSS limit sits above prebuild's 2 GB translation-time heap limit:
    # an input that reaches that limit gets its error, not an OOM report
    if "$bin" -max_total_time="${FUZZ_SECONDS:-30}" -timeout=10 -rss_limit_mb=3072 \
         -max_len=4096 -artifact_prefix="$TMP/" "$TMP/corpus-$target" fuzz/corpus \
         >"$TMP/fuzz.log" 2>&1; then
      ok
    else
      tail -30 "$TMP/fuzz.log" >&2
      mkdir -p build/fuzz/crashes && cp "$TMP"/crash-* "$TMP"/leak-* "$TMP"/timeout-* build/fuzz/crashes/ 2>/dev/null
      bad "$target (artifacts in build/fuzz/crashes)"
    fi
  done
}

# The CPython shim's own tests (tests/shim/run.sh prints "N passed, N failed").
run_shim() {
  local line np nf
  line=$(bash tests/shim/run.sh 2>"$TMP/shim.err" | tail -1)
  np=$(printf '%s' "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1/p')
  nf=$(printf '%s' "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\2/p')
  PASSED=$((PASSED + ${np:-0}))
  if [ -z "$np" ] || [ "${nf:-1}" -ne 0 ]; then
    cat "$TMP/shim.err" >&2
    bad "shim tests ($line)"
  fi
}

run_chartable() {
  if bash tests/chartable/check.sh >"$TMP/ct.log" 2>&1; then ok
  else cat "$TMP/ct.log" >&2; bad "chartable: runtime/text/rt_chartable.c differs from python3"; fi
}

# tests/programs (tests/programs/run.sh): each program re-checked against
# python3 + shim, then translated with build/rtrans and its binary compared
# (one test each); a few are also translated by the ASan/UBSan rtrans
# (ASAN_PROGRAMS) to catch memory errors in the translator.
ASAN_PROGRAMS="json_parser lisp_interp chained_cmp list_ops file_io fmt_percent
  game_of_life exc_user_classes dict_order str_methods tuple_keys recursion_limit
  builtin_forms"

# count_line LABEL LINE ERRFILE: adds the "N passed, N failed" of LINE
count_line() {
  local np nf
  np=$(printf '%s' "$2" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1/p')
  nf=$(printf '%s' "$2" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\2/p')
  PASSED=$((PASSED + ${np:-0}))
  if [ -z "$np" ] || [ "${nf:-1}" -ne 0 ]; then
    cat "$3" >&2
    [ "${nf:-1}" -gt 1 ] && FAILED=$((FAILED + nf - 1))
    bad "$1 ($2)"
  fi
}

# The programs in two halves side by side (the machine has 2 cores; each
# program is translated four times and run in ~17 modes: two thirds of
# this script's time), their counts summed.
run_programs_split() {
  local all=(tests/programs/*.rl) half p1 p2 f1 f2
  half=$(((${#all[@]} + 1) / 2))
  RL_TRANSLATE=1 RL_GEN=1 RL_JIT=1 bash tests/programs/run.sh "${all[@]:0:half}" \
    >"$TMP/prog1.out" 2>"$TMP/prog1.err" &
  RL_TRANSLATE=1 RL_GEN=1 RL_JIT=1 bash tests/programs/run.sh "${all[@]:half}" \
    >"$TMP/prog2.out" 2>"$TMP/prog2.err"
  wait
  cat "$TMP/prog1.err" "$TMP/prog2.err" >"$TMP/prog.err"
  read -r p1 _ f1 _ < <(tail -1 "$TMP/prog1.out")
  read -r p2 _ f2 _ < <(tail -1 "$TMP/prog2.out")
  if [[ "$p1$f1$p2$f2" =~ ^[0-9]+$ ]]; then
    echo "$((p1 + p2)) passed, $((f1 + f2)) failed"
  else
    echo "$(tail -1 "$TMP/prog1.out") / $(tail -1 "$TMP/prog2.out")"
  fi
}

run_programs() {
  local line names=() n
  line=$(run_programs_split | tail -1)
  count_line "programs under python3, translated (Boehm; --gc=gen, also with a 32 KB nursery), with the JIT (off, on, forced, short traces, blackhole), and with the JIT and --gc=gen (the same, and on, forced and blackhole with a 32 KB nursery)" \
    "$line" "$TMP/prog.err"
  [ -x build/asan/rtrans ] || return
  for n in $ASAN_PROGRAMS; do [ -f "tests/programs/$n.rl" ] && names+=("$n"); done
  line=$(RL_TRANSLATE=1 RL_PYTHON=0 RTRANS="$ROOT/build/asan/rtrans" OUTDIR="$TMP/asan-programs" \
         bash tests/programs/run.sh "${names[@]}" 2>"$TMP/prog.err" | tail -1)
  count_line "programs translated by build/asan/rtrans" "$line" "$TMP/prog.err"
}

# A suite script that ends with "N passed, N failed": its counts, under label.
run_suite() {  # script label
  local line err="$TMP/suite.err"
  line=$(bash "$1" 2>"$err" | tail -1)
  count_line "$2" "$line" "$err"
}

# Each section's wall time goes to stderr (where the time of make check
# goes: keep it well under CI's 15 minutes).
timed() {  # command...
  local t0=$SECONDS
  "$@"
  echo "tests/run.sh: $1 ${2:-} took $((SECONDS - t0)) s" >&2
}

timed run_unit
timed run_shim
timed run_programs
timed run_suite tests/jit_shapes/run.sh "trace shapes (tests/jit_shapes)"
timed run_suite tests/jit_html/run.sh "the jit-html page, and headless Chromium loading it (tests/jit_html)"
timed run_suite tests/jit_fuzz/run.sh "random BF programs, --no-jit vs JIT (tests/jit_fuzz)"
timed run_suite tests/jit_fuzz/run_box.sh \
  "random boxed-value VM programs, --no-jit vs JIT (tests/jit_fuzz/run_box.sh)"
RTRANS_GC=gen RTRANS_NURSERY_KB=32 timed run_suite tests/jit_fuzz/run_box.sh \
  "random boxed-value VM programs with --gc=gen and a 32 KB nursery (tests/jit_fuzz/run_box.sh)"
timed run_suite tests/lua/run.sh \
  "the Lua interpreter (examples/lua) vs lua5.4: --no-jit, JIT modes, both with --gc=gen, python3 (tests/lua)"
timed run_chartable
timed golden tests/parse ast ast
timed golden tests/flow flow flow
timed golden tests/annotate ann annotated
timed golden tests/rtyped rtyped rtyped
timed run_diagnostics tests/errors err error 1
timed run_diagnostics tests/warnings warn warning 0
timed run_examples
timed run_target_args
timed run_robust
timed run_fuzz

if [ $FAILED -ne 0 ]; then
  echo "failures:" >&2
  for f in "${FAILS[@]}"; do echo "  $f" >&2; done
fi
echo "$PASSED passed, $FAILED failed"
[ $FAILED -eq 0 ]
