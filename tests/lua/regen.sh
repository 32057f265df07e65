#!/bin/bash
# regen.sh — rewrites the expected results of tests/lua/: each X.lua runs
# under the reference implementation (lua5.4) from this folder (so that
# error messages say "X.lua:LINE:"): X.lua.out gets its stdout, and
# X.lua.status its exit status when that is not 0.
# With no argument it also rewrites bench/NAME.out for bench/args.
# Usage: tests/lua/regen.sh [X.lua...]   Review the diff before committing!
cd "$(dirname "$0")" || exit 2
LUA=${LUA:-lua5.4}
files=("$@")
[ ${#files[@]} -eq 0 ] && files=(*.lua)
for f in "${files[@]}"; do
  f=$(basename "$f")
  "$LUA" "$f" >"$f.out" 2>/dev/null
  st=$?
  if [ $st -ne 0 ]; then echo $st >"$f.status"; else rm -f "$f.status"; fi
  echo "$f: status $st, $(wc -c <"$f.out") bytes"
done
# the benchmarks of bench/lua at the sizes in bench/args
if [ $# -eq 0 ]; then
  while read -r b size; do
    case $b in ''|'#'*) continue ;; esac
    (cd ../../bench/lua && "$LUA" "$b" "$size") >"bench/${b%.lua}.out"
    echo "bench/$b $size: $(wc -c <"bench/${b%.lua}.out") bytes"
  done <bench/args
fi
