#!/bin/bash
# run.sh — `make bench`: measured side by side in one run, reported, never
# asserted. BENCH=frontend,bf,micro,translate,lua selects parts (default: all).
#
# frontend  parse + flow graphs of a generated 100,000-line RL program
#           (build/rtrans --time), next to CPython's own parser on the file.
# bf        examples/bf.rl translated with --no-jit and with --jit (run
#           with the JIT, and with it on but never hot: threshold 2e9, the
#           cost of the portal's counters), on the BF programs of
#           ../shared/bench/bf, next to bench/bf_naive.c (gcc -O2), and the
#           same .rl under pypy3; CPython (~580 ns per BF instruction) runs
#           only 99bottles.b. Outputs are checked against the .expected files.
#           One hyperfine run per program: --runs 3, or --runs 1 when a
#           command takes more than a minute. pypy3 runs bf.rl at ~110x the
#           C time (5 minutes on bench.b, about an hour on each of mandel,
#           hanoi and long), so BF_PYPY_SKIP defaults to those three (set it
#           to "" to run them all). Ratios are of the C time. Then the
#           JIT's own costs: translation time of bf.rl with the JIT, and
#           mandel.b's jit-summary (compile time per trace and per op).
#           Then bf.rl without hints but its jit_merge_point (sed drops
#           can_enter_jit and @elidable) with the JIT vs --no-jit.
# micro     bench/micro/*.rl translated with --no-jit, next to python3 and
#           pypy3 running the same file through lib/ (outputs compared with
#           python3's); --runs 3, python3 --runs 1 (it takes up to a minute).
# lua       examples/lua (the Lua interpreter in RL) translated with --no-jit
#           and with the JIT (each with the default --gc=gen, and with
#           --gc=boehm), on
#           bench/lua/*.lua, next to lua5.4 and luajit
#           (outputs first checked against lua5.4's, in a run that may
#           take at most LUA_TIMEOUT seconds, 60 by default, else that
#           command is left out); hyperfine --runs 3
#           (LUA_RUNS), one row per benchmark with the time ratios JIT/no-JIT,
#           JIT/lua5.4 and JIT/luajit (below 1: the JIT binary is faster),
#           and their geometric means. LUA_BENCH=name,... picks benchmarks.
# translate build/rtrans --time -O2 on a generated ~1,000-line program
#           (bench/gen_program.sh), every function reachable: wall and user
#           time, peak RSS (goal < 1 s, < 200 MB).
cd "$(dirname "$0")/.." || exit 2
OUT=build/bench
BF=${BF_DIR:-../shared/bench/bf}
mkdir -p "$OUT"
PARTS=${BENCH:-frontend,bf,micro,translate,lua}

want() { case ",$PARTS," in *",$1,"*) return 0 ;; esac; return 1; }

mean_of() {  # hyperfine json, index -> mean seconds
  python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["mean"])' "$1" "$2"
}

bench_frontend() {
  local src=$OUT/frontend.rl n
  sh bench/gen_frontend.sh "${BENCH_LINES:-100000}" >"$src"
  n=$(wc -l <"$src")
  echo "== frontend: $n lines"
  hyperfine --runs 3 --warmup 1 --export-json "$OUT/frontend.json" \
    "build/rtrans --dump=flow $src" \
    "python3 -c 'import ast,sys; ast.parse(open(sys.argv[1]).read())' $src" \
    >/dev/null 2>&1
  local best=9 line
  for i in 1 2 3 4 5; do
    line=$(build/rtrans --time "$src" 2>&1 >/dev/null)
    local t
    t=$(printf '%s\n' "$line" | awk '/load\+parse|scopes|flow graphs/ { s += $2 } END { print s }')
    best=$(python3 -c "print(min($best, $t))")
  done
  local rss
  rss=$(/usr/bin/time -f %M build/rtrans --dump=flow "$src" 2>&1 >/dev/null | tail -1)
  python3 - "$n" "$best" "$rss" "$(mean_of "$OUT/frontend.json" 1)" <<'PY'
import sys
n, best, rss, cpy = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
print("frontend: parse+scopes+flow %.3f s (best of 5) = %d lines/s (goal >= 500000)" % (best, n / best))
print("          peak RSS with --dump=flow %.1f MB (goal < 200); CPython ast.parse %.3f s" % (rss / 1024.0, cpy))
PY
}

bf_check() {  # binary program [stdin]
  local prog=$2 exp=$BF/${2%.*}.expected in=/dev/null
  [ -e "$BF/${2%.*}.stdin" ] && in=$BF/${2%.*}.stdin
  if "$1" "$BF/$prog" <"$in" | cmp -s - "$exp"; then return 0; fi
  echo "bf: WRONG OUTPUT: $1 $prog" >&2
  return 1
}

bench_bf() {
  echo "== bf: bench/bf_naive.c (gcc -O2), examples/bf.rl --no-jit, --jit, --jit never hot, pypy3"
  gcc -O2 -o "$OUT/bf_naive" bench/bf_naive.c || return
  if ! build/rtrans --no-jit examples/bf.rl -o "$OUT/bf-nojit" 2>"$OUT/bf-translate.log"; then
    echo "bf: translation failed (see $OUT/bf-translate.log); only the references run"
  fi
  # the same interpreter with the JIT; and with the JIT on but never hot
  # (counting only: the cost of the portal's inline counters)
  build/rtrans --jit examples/bf.rl -o "$OUT/bf-jit" 2>>"$OUT/bf-translate.log" || rm -f "$OUT/bf-jit"
  local shim="env PYTHONPATH=lib"
  for prog in 99bottles.b bench.b mandel.b hanoi.b long.b; do
    [ -e "$BF/$prog" ] || continue
    local cmds=("$OUT/bf_naive $BF/$prog")
    bf_check "$OUT/bf_naive" "$prog"
    if [ -x "$OUT/bf-nojit" ]; then
      bf_check "$OUT/bf-nojit" "$prog" && cmds+=("$OUT/bf-nojit $BF/$prog")
    fi
    if [ -x "$OUT/bf-jit" ]; then
      bf_check "$OUT/bf-jit" "$prog" && cmds+=("$OUT/bf-jit $BF/$prog")
      cmds+=("env RTRANS_JIT=threshold=2000000000 $OUT/bf-jit $BF/$prog")
    fi
    local runs=3 pypy=1
    # pypy3 runs bf.rl at ~110x the C interpreter's time: minutes on bench.b,
    # about an hour each on the three long programs, so those skip it
    case " ${BF_PYPY_SKIP-mandel.b hanoi.b long.b} " in *" $prog "*) pypy=0 ;; esac
    if [ $pypy = 1 ] && command -v pypy3 >/dev/null; then
      cmds+=("$shim pypy3 examples/bf.rl $BF/$prog")
      [ "$prog" != 99bottles.b ] && runs=1  # pypy3: past a minute
    fi
    [ "$prog" = 99bottles.b ] && cmds+=("$shim python3 examples/bf.rl $BF/$prog")
    case $prog in mandel.b|hanoi.b|long.b) runs=1 ;; esac
    hyperfine --runs $runs --export-json "$OUT/bf-$prog.json" --output=null "${cmds[@]}" >/dev/null 2>&1
    python3 - "$OUT/bf-$prog.json" "$prog" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))["results"]
base = res[0]["mean"]
def label(cmd):
    w = cmd.split()
    if w[0] == "env" and w[1].startswith("RTRANS_JIT="):
        return w[2].split("/")[-1] + "-cold"
    return w[2] if w[0] == "env" else w[0].split("/")[-1]
cells = ["%s %.2f s" % (label(r["command"]), r["mean"]) for r in res]
ratios = ["%.2fx" % (r["mean"] / base) for r in res]
print("bf %-12s " % sys.argv[2] + " | ".join("%s (%s of C)" % (c, q) for c, q in zip(cells, ratios))
      + "  [runs %d]" % len(res[0].get("times", [0])))
PY
  done
}

# The JIT's own costs on examples/bf.rl: translation time with the JIT, and
# from RTRANS_LOG=jit-summary on mandel.b (many traces) the compile time per
# trace and per op, tracing and optimizing time.
bench_jit_costs() {
  [ -x "$OUT/bf-jit" ] && [ -e "$BF/mandel.b" ] || return
  local t
  /usr/bin/time -o "$OUT/bf-jit-time.txt" -f "%e %M" build/rtrans --jit examples/bf.rl -o "$OUT/bf-jit2" >/dev/null 2>&1
  t=$(tail -1 "$OUT/bf-jit-time.txt")
  echo "bf jit: translating examples/bf.rl with the JIT: ${t%% *} s wall, ${t##* } KB peak (goal < 1 s)"
  RTRANS_LOG=jit-summary "$OUT/bf-jit" "$BF/mandel.b" 2>"$OUT/jit-summary.txt" >/dev/null
  python3 - "$OUT/jit-summary.txt" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
def num(name):
    m = re.search(r"^\s*%s\s+([0-9.]+)" % name, s, re.M)
    return float(m.group(1)) if m else 0.0
traces = num("loops") + num("bridges")
ops = num("ops after opt")
comp = num("compiling")
if traces:
    print("bf jit: mandel.b %d loops + %d bridges, %d ops after optimization (%d before); "
          "compiling %.3f s = %.1f us/trace, %.2f us/op (goal: <= 1 ms for 150 ops); "
          "tracing %.3f s, optimizing %.3f s"
          % (num("loops"), num("bridges"), ops, num("ops before opt"), comp,
             1e6 * comp / traces, 1e6 * comp / max(ops, 1), num("tracing"), num("optimizing")))
PY
}

# Issue 5's "no hints" goal: bf.rl without its hints but the JitDriver's
# jit_merge_point (no can_enter_jit, no @elidable: made here with sed, so
# it stays bf.rl otherwise) must never run more than 10% slower with the
# JIT than without. One run each (the long programs take 6-16 s).
bench_bf_nohints() {
  local src=$OUT/bf_nohints.rl prog
  sed -e '/^@elidable/d' -e '/jitdriver.can_enter_jit/,/bracket_map=bracket_map)/d' \
    examples/bf.rl >"$src"
  if grep -q 'can_enter_jit(\|^@elidable' "$src" ||
     ! build/rtrans --no-jit "$src" -o "$OUT/bfnh-nojit" 2>"$OUT/bfnh.log" ||
     ! build/rtrans --jit "$src" -o "$OUT/bfnh-jit" 2>>"$OUT/bfnh.log"; then
    echo "bf no hints: could not make or translate $src (see $OUT/bfnh.log)"
    return
  fi
  for prog in bench.b mandel.b hanoi.b long.b; do
    [ -e "$BF/$prog" ] || continue
    bf_check "$OUT/bfnh-jit" "$prog" || continue
    hyperfine --runs 1 --export-json "$OUT/bfnh-$prog.json" --output=null \
      "$OUT/bfnh-nojit $BF/$prog" "$OUT/bfnh-jit $BF/$prog" >/dev/null 2>&1
    python3 - "$OUT/bfnh-$prog.json" "$prog" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print("bf no hints %-9s --no-jit %.2f s | JIT %.2f s (%.2fx of --no-jit; goal <= 1.10x)"
      % (sys.argv[2], r[0]["mean"], r[1]["mean"], r[1]["mean"] / r[0]["mean"]))
PY
  done
}

bench_micro() {
  echo "== micro: bench/micro/*.rl --no-jit vs python3 vs pypy3 (same file, through lib/)"
  local f name bin exp
  for f in bench/micro/*.rl; do
    name=$(basename "$f" .rl)
    bin=$OUT/micro-$name
    exp=$OUT/micro-$name.expected
    if ! build/rtrans --no-jit "$f" -o "$bin" 2>"$OUT/micro-$name.log"; then
      echo "micro $name: translation failed (see $OUT/micro-$name.log)"
      continue
    fi
    PYTHONPATH=lib python3 "$f" >"$exp"
    "$bin" | cmp -s - "$exp" || echo "micro $name: WRONG OUTPUT (translated)" >&2
    local cmds=("$bin")
    if command -v pypy3 >/dev/null; then
      PYTHONPATH=lib pypy3 "$f" | cmp -s - "$exp" || echo "micro $name: WRONG OUTPUT (pypy3)" >&2
      cmds+=("env PYTHONPATH=lib pypy3 $f")
    fi
    hyperfine --runs 3 --export-json "$OUT/micro-$name.json" --output=null "${cmds[@]}" >/dev/null 2>&1
    hyperfine --runs 1 --export-json "$OUT/micro-$name-cpy.json" --output=null \
      "env PYTHONPATH=lib python3 $f" >/dev/null 2>&1
    python3 - "$OUT/micro-$name.json" "$OUT/micro-$name-cpy.json" "$name" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))["results"] + json.load(open(sys.argv[2]))["results"]
base = res[0]["mean"]
names = ["rtrans", "pypy3", "python3"] if len(res) == 3 else ["rtrans", "python3"]
cells = ["%s %.2f s (%.2fx)" % (n, r["mean"], r["mean"] / base) for n, r in zip(names, res)]
print("micro %-10s " % sys.argv[3] + " | ".join(cells))
PY
  done
}

bench_translate() {
  local src=$OUT/program1000.rl n
  sh bench/gen_program.sh "${BENCH_PROGRAM_LINES:-1000}" >"$src"
  n=$(wc -l <"$src")
  echo "== translate: build/rtrans -O2 on $n generated lines (bench/gen_program.sh)"
  local best="" line
  for i in 1 2 3; do
    line=$(/usr/bin/time -f "%e %U %M" build/rtrans --time -O2 "$src" -o "$OUT/program1000" 2>&1 >/dev/null | tail -1)
    if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if float('${line%% *}') < float('${best%% *}') else 1)"; then
      best=$line
    fi
  done
  build/rtrans --time -O2 "$src" -o "$OUT/program1000" 2>"$OUT/translate-time.txt" >/dev/null
  python3 - "$best" "$OUT/translate-time.txt" <<'PY'
import sys
wall, user, rss = sys.argv[1].split()
stages = [l.split() for l in open(sys.argv[2]) if l.startswith("  ") and " s" in l]
print("translate: best of 3 wall %s s, user %s s, peak RSS %.1f MB (goal < 1 s, < 200 MB)"
      % (wall, user, int(rss) / 1024.0))
print("           stages of one more run: " + ", ".join("%s %s s" % (" ".join(s[:-2]), s[-2]) for s in stages if len(s) >= 3))
PY
}

bench_lua() {
  echo "== lua: examples/lua --no-jit, with the JIT, lua5.4, luajit on bench/lua/*.lua (hyperfine --runs ${LUA_RUNS:-3})"
  if ! build/rtrans --no-jit examples/lua/lua.rl -o "$OUT/lua-nojit" 2>"$OUT/lua-translate.log" ||
     ! build/rtrans --no-jit --gc=boehm examples/lua/lua.rl -o "$OUT/lua-boehm" 2>>"$OUT/lua-translate.log" ||
     ! build/rtrans --jit --gc=boehm examples/lua/lua.rl -o "$OUT/lua-jitboehm" 2>>"$OUT/lua-translate.log" ||
     ! build/rtrans --jit examples/lua/lua.rl -o "$OUT/lua-jit" 2>>"$OUT/lua-translate.log"; then
    echo "lua: translation failed (see $OUT/lua-translate.log)"
    return
  fi
  local f name cmds rows=()
  for f in bench/lua/*.lua; do
    name=$(basename "$f" .lua)
    if [ -n "${LUA_BENCH:-}" ]; then
      case ",$LUA_BENCH," in *",$name,"*) ;; *) continue ;; esac
    fi
    lua5.4 "$f" >"$OUT/lua-$name.expected" 2>&1
    cmds=()
    local label bin
    for label in nojit jit lua5.4 luajit boehm jitboehm; do
      case $label in
        nojit) bin="$OUT/lua-nojit $f" ;;
        boehm) bin="$OUT/lua-boehm $f" ;;
        jitboehm) bin="$OUT/lua-jitboehm $f" ;;
        jit) bin="$OUT/lua-jit $f" ;;
        *) bin="$label $f" ;;
      esac
      timeout "${LUA_TIMEOUT:-60}" $bin >"$OUT/lua-$name.$label.out" 2>&1
      local st=$?
      if [ $st -eq 124 ]; then
        echo "lua $name: $label took more than ${LUA_TIMEOUT:-60} s (left out)" >&2
        cmds+=("")
      elif cmp -s "$OUT/lua-$name.$label.out" "$OUT/lua-$name.expected"; then
        cmds+=("$bin")
      else
        echo "lua $name: WRONG OUTPUT from $label (left out)" >&2
        cmds+=("")
      fi
    done
    local run=()
    for c in "${cmds[@]}"; do [ -n "$c" ] && run+=("$c"); done
    hyperfine --runs "${LUA_RUNS:-3}" --export-json "$OUT/lua-$name.json" --output=null "${run[@]}" >/dev/null 2>&1
    rows+=("$name|$OUT/lua-$name.json|${cmds[0]}|${cmds[1]}|${cmds[2]}|${cmds[3]}|${cmds[4]}|${cmds[5]}")
  done
  python3 - "${rows[@]}" <<'PY'
import json, math, sys
cols = ["no-JIT", "JIT", "lua5.4", "luajit", "noJIT Boehm", "JIT Boehm"]
# ratios: (numerator column, denominator column, label)
ratios = [(1, 0, "JIT/noJIT"), (1, 2, "JIT/lua5.4"), (1, 3, "JIT/luajit"), (0, 4, "gen/Boehm"),
          (1, 5, "JIT gen/B"), (5, 2, "JITB/lua")]
print("%-11s" % "benchmark" + "".join("%12s" % c for c in cols) + "  " +
      "".join("%11s" % r[2] for r in ratios))
logs = [[] for _ in ratios]
best_logs = [[] for _ in ratios]  # the same ratios of each command's fastest run
for row in sys.argv[1:]:
    name, path, *cmds = row.split("|")
    try:
        results = json.load(open(path))["results"]
        res = {r["command"]: r["mean"] for r in results}
        best = {r["command"]: r["min"] for r in results}
    except (OSError, ValueError, KeyError):
        res, best = {}, {}
    t = [res.get(c) if c else None for c in cmds]
    tb = [best.get(c) if c else None for c in cmds]
    cells = "".join("%11.3fs" % x if x is not None else "%12s" % "-" for x in t)
    out = []
    for k, (a, b, _) in enumerate(ratios):
        if t[a] is not None and t[b]:
            q = t[a] / t[b]
            logs[k].append(math.log(q))
            out.append("%10.2fx" % q)
        else:
            out.append("%11s" % "-")
        if tb[a] is not None and tb[b]:
            best_logs[k].append(math.log(tb[a] / tb[b]))
    print("%-11s%s  %s" % (name, cells, "".join(out)))
geo = ["%10.2fx" % math.exp(sum(l) / len(l)) if l else "%11s" % "-" for l in logs]
print("%-11s%s  %s" % ("geomean", " " * (12 * len(cols)), "".join(geo)))
geo = ["%10.2fx" % math.exp(sum(l) / len(l)) if l else "%11s" % "-" for l in best_logs]
print("%-11s%s  %s" % ("geo (min)", " " * (12 * len(cols)), "".join(geo)))
print("(time ratios: below 1 the first is faster; no-JIT and JIT use the default collector,")
print(" --gc=gen, the generational one; the Boehm columns are translated with --gc=boehm;")
print(" the table and geomean are of mean times, geo (min) of each command's fastest run,")
print(" which a noisy machine's slow phases do not reach)")
PY
}

want frontend && bench_frontend
want bf && bench_bf && bench_jit_costs && bench_bf_nohints
want micro && bench_micro
want translate && bench_translate
want lua && bench_lua
exit 0
