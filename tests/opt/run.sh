#!/bin/bash
# run.sh — checks every tests/opt/*.trace with build/jitopt (and the ASan
# flavour when built); prints "N passed, N failed".
cd "$(dirname "$0")/../.." || exit 2
P=0; F=0
for bin in build/jitopt build/asan/jitopt; do
  [ -x "$bin" ] || continue
  out=$("$bin" --check tests/opt/*.trace)
  np=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
  nf=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
  P=$((P + ${np:-0})); F=$((F + ${nf:-1}))
done
echo "$P passed, $F failed"
[ "$F" -eq 0 ]
