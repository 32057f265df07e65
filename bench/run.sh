#!/bin/bash
# run.sh — `make bench`: measured, reported, never asserted.
#
# frontend: parse + flow graphs (+ verifier) of a generated 100,000-line RL
# program with build/rtrans; reports lines/s and peak memory, side by side
# with CPython's own parser (compile() to an AST) on the same file.
cd "$(dirname "$0")/.." || exit 2
OUT=build/bench
mkdir -p "$OUT"
LINES=${BENCH_LINES:-100000}
SRC=$OUT/frontend.rl
sh bench/gen_frontend.sh "$LINES" >"$SRC"
n=$(wc -l <"$SRC")
echo "== frontend: $n lines ($SRC)"
hyperfine --runs 3 --warmup 1 --export-json "$OUT/frontend.json" \
  "build/rtrans $SRC" \
  "python3 -c 'import ast,sys; ast.parse(open(sys.argv[1]).read())' $SRC" >&2
mean=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["mean"])' "$OUT/frontend.json")
rss=$(/usr/bin/time -f %M build/rtrans "$SRC" 2>&1 >/dev/null | tail -1)
python3 - "$n" "$mean" "$rss" <<'PY'
import sys
n, mean, rss = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
print("frontend: %.3f s for %d lines = %d lines/s (goal >= 500000), peak RSS %.1f MB (goal < 200)"
      % (mean, n, n / mean, rss / 1024.0))
PY
