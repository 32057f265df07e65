#!/bin/bash
# run.sh — the jit-html log (RTRANS_LOG=jit-html:FILE): examples/bf.rl runs
# a BF program whose source text (the debug_merge_point locations) is full
# of '<' and '>', with the JIT at a low threshold. The page must be
# complete (doctype, title, one section per loop and bridge the summary
# counts, every guard annotated, no raw '<' from the program), and, when
# Debian's chromium is installed, headless Chromium must load it, with no
# console error, into a DOM with the same sections.
# Prints "N passed, N failed" last; exit 1 on a failure.
cd "$(dirname "$0")/../.." || exit 2
RTRANS=${RTRANS:-build/rtrans}
TMP=$(mktemp -d /tmp/rtrans-html.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
PASSED=0
FAILED=0
fail() { FAILED=$((FAILED + 1)); echo "FAIL: $*" >&2; }
ok() { PASSED=$((PASSED + 1)); }
if ! "$RTRANS" --jit examples/bf.rl -o "$TMP/bf" 2>"$TMP/tr.err"; then
  fail "translating examples/bf.rl: $(head -1 "$TMP/tr.err")"
  echo "$PASSED passed, $FAILED failed"
  exit 1
fi
html=$TMP/jit.html
RTRANS_JIT=threshold=20 RTRANS_LOG=jit-html:"$html",jit-summary "$TMP/bf" tests/jit_shapes/move_far.b \
  > "$TMP/out" 2> "$TMP/summary"
loops=$(sed -n 's/^  loops *\([0-9]*\)$/\1/p' "$TMP/summary")
bridges=$(sed -n 's/^  bridges *\([0-9]*\)$/\1/p' "$TMP/summary")
want=$(( ${loops:-0} + ${bridges:-0} ))
sections=$(grep -c '^<h3 id=' "$html" 2>/dev/null)
if [ ! -s "$html" ]; then fail "no page written"
elif ! head -1 "$html" | grep -q '^<!DOCTYPE html>' || ! grep -q '<title>rtrans JIT log</title>' "$html" \
     || ! tail -1 "$html" | grep -q '</html>'; then fail "the page is not complete"
elif [ "$want" -eq 0 ] || [ "$sections" != "$want" ]; then
  fail "$sections trace sections, the summary counts $want traces"
else ok; fi
# every guard line says how often it failed; BF's '<' never reaches the page raw
guards=$(grep -c '^guard_\|^ *guard_' "$html")
notes=$(grep -c 'class="fail">guard [0-9]*: failed' "$html")
if [ "$guards" -eq 0 ] || [ "$guards" != "$notes" ]; then fail "$guards guard lines, $notes annotated"; else ok; fi
if grep -q '<<\|<>\|<\]\|<+\|<-' "$html"; then fail "unescaped program text"; else ok; fi
if command -v chromium >/dev/null; then
  if ! timeout 120 chromium --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 \
       --dump-dom "file://$html" > "$TMP/dom" 2> "$TMP/chrome.err"; then
    fail "chromium could not load the page: $(grep -v dbus "$TMP/chrome.err" | tail -1)"
  elif grep -q 'CONSOLE' "$TMP/chrome.err"; then
    fail "console messages: $(grep CONSOLE "$TMP/chrome.err" | head -1)"
  elif [ "$(grep -o '<h3 id=' "$TMP/dom" | wc -l)" != "$want" ]; then
    fail "chromium's DOM has $(grep -o '<h3 id=' "$TMP/dom" | wc -l) trace sections, not $want"
  else ok; fi
fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
