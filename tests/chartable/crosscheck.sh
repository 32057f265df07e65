#!/bin/sh
# crosscheck.sh [SEED [N]] -- differential test of runtime/text against python3
# (run by hand; not part of the build). Compiles crosscheck_drv.c with the
# runtime/text sources, then crosscheck.py feeds it random cases and compares
# each answer with CPython. Ends with "N passed, N failed".
cd "$(dirname "$0")/../.." || exit 2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -I. -o "$tmp/drv" \
  tests/chartable/crosscheck_drv.c runtime/text/*.c -lm || exit 2
PYTHONHASHSEED=0 python3 tests/chartable/crosscheck.py "${1:-1}" "${2:-20000}" "$tmp/drv"
