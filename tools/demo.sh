#!/bin/sh
# demo.sh — `make demo`: shows what rtrans does today on an example program.
set -e
cd "$(dirname "$0")/.."
EX=examples/sieve.rl
echo "== rtrans --dump=flow --dump-func=run $EX"
build/rtrans --dump=flow --dump-func=run "$EX"
mkdir -p build/demo
build/rtrans --dump=flow --dump-format=dot "$EX" > build/demo/sieve.dot
if command -v dot >/dev/null 2>&1; then
  dot -Tpng build/demo/sieve.dot -o build/demo/sieve.png
  echo "== flow graphs of every function rendered to build/demo/sieve.png"
fi
echo "== rtrans $EX (all existing stages)"
build/rtrans "$EX" && echo "ok: $EX translates through every existing stage"
