#!/bin/sh
# demo.sh — `make demo`: what rtrans does today, on the example programs.
set -e
cd "$(dirname "$0")/.."
EX=examples/sieve.rl
echo "== the flow graph of one function: rtrans --dump=flow --dump-func=run $EX"
build/rtrans --dump=flow --dump-func=run "$EX"
mkdir -p build/demo
build/rtrans --dump=flow --dump-format=dot "$EX" > build/demo/sieve.dot
if command -v dot >/dev/null 2>&1; then
  dot -Tpng build/demo/sieve.dot -o build/demo/sieve.png
  echo "== every function's flow graph rendered to build/demo/sieve.png"
fi
echo "== translating examples/bf.rl (a BF interpreter in RL) to build/demo/bf"
build/rtrans --time examples/bf.rl -o build/demo/bf
BF=../shared/bench/bf/99bottles.b
if [ ! -e "$BF" ]; then
  BF=build/demo/hello.b
  printf '%s\n' '++++++++[>++++[>++>+++>+++>+<<<<-]>+>+>->>+[<]<-]>>.>---.+++++++..+++.>>.<-.<.+++.------.--------.>>+.' > "$BF"
fi
echo "== build/demo/bf $BF"
start=$(date +%s.%N)
build/demo/bf "$BF" | tail -4
end=$(date +%s.%N)
echo "== ran in $(python3 -c "print(round($end - $start, 3))") s (no JIT yet)"
