#!/bin/sh
# gen_program.sh N — writes a complete RL program of about N lines to
# stdout, every unit reachable from main (so the annotator, the rtyper and
# LLVM see all of it): per unit a class with methods, a function with
# loops, branches, a dict, a list, try/except, string formatting. For
# `make bench`'s translation-time measurement (build/rtrans --time).
N=${1:-1000}
awk -v N="$N" '
function unit(k) {
  printf "class Shape%d(object):\n", k
  printf "    def __init__(self, n):\n"
  printf "        self.n = n\n"
  printf "        self.items = []\n\n"
  printf "    def fill(self):\n"
  printf "        for j in range(self.n):\n"
  printf "            self.items.append(j * %d %% 7)\n", k + 1
  printf "        return len(self.items)\n\n"
  printf "    def total(self):\n"
  printf "        t = 0\n"
  printf "        for x in self.items:\n"
  printf "            t += x\n"
  printf "        return t\n\n\n"
  printf "def work%d(n, table):\n", k
  printf "    d = {}\n"
  printf "    s = \"\"\n"
  printf "    for j in range(n):\n"
  printf "        d[j] = j + %d\n", k
  printf "        if j %% 3 == 0:\n"
  printf "            s += str(j)\n"
  printf "        elif j > 7 and j in table:\n"
  printf "            table[j] += 1\n"
  printf "    try:\n"
  printf "        v = d[n + 1]\n"
  printf "    except KeyError:\n"
  printf "        v = -1\n"
  printf "    shape = Shape%d(n)\n", k
  printf "    shape.fill()\n"
  printf "    msg = \"work%d: %%d %%s\" %% (len(d), s)\n", k
  printf "    return shape.total() + len(msg) + v\n\n\n"
}
BEGIN {
  printf "\"\"\"Generated translation benchmark input.\"\"\"\n\n\n"
  lines = 3; k = 0
  while (lines < N - 12) { unit(k); k++; lines += 34 }
  printf "def main(argv):\n"
  printf "    table = {}\n"
  printf "    for j in range(20):\n"
  printf "        table[j] = 0\n"
  printf "    total = 0\n"
  for (i = 0; i < k; i++) printf "    total += work%d(%d, table)\n", i, 10 + i % 5
  printf "    print(\"total %%d\" %% total)\n"
  printf "    return 0\n\n\n"
  printf "if __name__ == \"__main__\":\n"
  printf "    import sys\n"
  printf "    sys.exit(main(sys.argv))\n"
}'
