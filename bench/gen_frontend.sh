#!/bin/sh
# gen_frontend.sh N — writes an RL program of about N lines to stdout:
# classes, functions with loops, branches, try/except, comprehensions,
# calls and formatting, each unit with its own names.
N=${1:-100000}
awk -v N="$N" '
function unit(k) {
  printf "class Node%d(object):\n", k
  printf "    _immutable_fields_ = [\"kind\", \"kids[*]\"]\n\n"
  printf "    def __init__(self, kind, value):\n"
  printf "        self.kind = kind\n"
  printf "        self.value = value\n"
  printf "        self.kids = []\n\n"
  printf "    def total(self, scale=1):\n"
  printf "        acc = self.value * scale\n"
  printf "        for kid in self.kids:\n"
  printf "            acc += kid.total(scale) %% 1000003\n"
  printf "        return acc\n\n\n"
  printf "def work%d(items, table, limit):\n", k
  printf "    count = 0\n"
  printf "    i = 0\n"
  printf "    while i < len(items) and count < limit:\n"
  printf "        x = items[i]\n"
  printf "        if x > 10 and x %% 3 == 0:\n"
  printf "            count += x // 3\n"
  printf "        elif x < 0 or not table:\n"
  printf "            count -= 1\n"
  printf "        else:\n"
  printf "            try:\n"
  printf "                count += table[x]\n"
  printf "            except KeyError:\n"
  printf "                table[x] = count\n"
  printf "        i += 1\n"
  printf "    squares = [v * v for v in items if v != 0]\n"
  printf "    name = \"work%d: %%d items, %%s\" %% (len(squares), str(count))\n", k
  printf "    node = Node%d(1, count)\n", k
  printf "    return node.total(2) + len(name)\n\n\n"
}
BEGIN {
  printf "\"\"\"Generated frontend benchmark input.\"\"\"\n\n\n"
  lines = 3; k = 0
  while (lines < N) { unit(k); k++; lines += 36 }
  printf "def main(argv):\n    return 0\n"
}'
