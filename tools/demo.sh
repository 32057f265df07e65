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
echo "== translating examples/bf.rl (a BF interpreter in RL, with a JitDriver: the JIT is on) to build/demo/bf"
build/rtrans --time examples/bf.rl -o build/demo/bf
BF=../shared/bench/bf/99bottles.b
if [ ! -e "$BF" ]; then
  BF=build/demo/hello.b
  printf '%s\n' '++++++++[>++++[>++>+++>+++>+<<<<-]>+>+>->>+[<]<-]>>.>---.+++++++..+++.>>.<-.<.+++.------.--------.>>+.' > "$BF"
fi
echo "== RTRANS_LOG=jit-summary build/demo/bf $BF"
start=$(date +%s.%N)
RTRANS_LOG=jit-summary build/demo/bf "$BF" | tail -4
end=$(date +%s.%N)
echo "== ran in $(python3 -c "print(round($end - $start, 3))") s"
BENCH_B=../shared/bench/bf/bench.b
if [ -e "$BENCH_B" ]; then
  echo "== build/demo/bf $BENCH_B, with the JIT and with RTRANS_JIT=off"
  for mode in on off; do
    start=$(date +%s.%N)
    if [ $mode = on ]; then build/demo/bf "$BENCH_B" > /dev/null; else RTRANS_JIT=off build/demo/bf "$BENCH_B" > /dev/null; fi
    end=$(date +%s.%N)
    echo "   JIT $mode: $(python3 -c "print(round($end - $start, 2))") s"
  done
fi
