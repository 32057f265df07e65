#!/bin/bash
# crosscheck.sh — checks tests/prebuild/*.expect against python3 with the
# rlib shim: X.expect must be repr(r) after running X.rl's module-level code
# (files whose first line says "rl-only" are skipped). By hand: needs python3.
cd "$(dirname "$0")" || exit 2
fail=0
for rl in *.rl; do
  b=${rl%.rl}
  [ -e "$b.expect" ] || continue
  head -1 "$rl" | grep -q rl-only && continue
  got=$(PYTHONPATH=../../lib python3 -W ignore -c "
import runpy, sys
sys.path.insert(0, '.')
print(repr(runpy.run_path('$rl', run_name='pbtest')['r']))")
  if [ "$got" != "$(cat "$b.expect")" ]; then echo "differs: $b"; fail=1; fi
done
exit $fail
