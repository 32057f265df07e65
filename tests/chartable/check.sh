#!/bin/sh
# check.sh -- the committed character table must equal what python3 generates.
# Regenerates runtime/text/rt_chartable.c with tools/gen_chartable.py into a
# temporary file and diffs; ends with "N passed, N failed", non-zero on failure.
cd "$(dirname "$0")/../.." || exit 2
tmp=$(mktemp) || exit 2
trap 'rm -f "$tmp"' EXIT
if ! command -v python3 >/dev/null 2>&1; then
  echo "chartable: python3 not found" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
if python3 tools/gen_chartable.py >"$tmp" && diff -u runtime/text/rt_chartable.c "$tmp" >&2; then
  echo "1 passed, 0 failed"
  exit 0
fi
echo "FAIL: runtime/text/rt_chartable.c differs from tools/gen_chartable.py output" >&2
echo "0 passed, 1 failed"
exit 1
