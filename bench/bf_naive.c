/* bf_naive.c — the reference for `make bench`: a naive BF interpreter in C,
 * switch per character, the same algorithm as examples/bf.rl (program
 * filtered to the 8 commands, a precomputed bracket map, a growable tape of
 * 8-bit wrapping cells), no BF-level optimisation. Built with gcc -O2. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_program(const char *path, long *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0;
  char *p = malloc(cap);
  int c;
  while (p && (c = getc(f)) != EOF) {
    if (!strchr("[]<>+-,.", c) || c == 0) continue;
    if (n + 1 == cap) p = realloc(p, cap *= 2);
    if (p) p[n++] = (char)c;
  }
  fclose(f);
  *len = (long)n;
  return p;
}

static long *bracket_map(const char *prog, long len) {
  long *map = calloc((size_t)len + 1, sizeof(long));
  long *stack = malloc(((size_t)len + 1) * sizeof(long));
  long sp = 0;
  for (long pc = 0; map && stack && pc < len; pc++) {
    if (prog[pc] == '[') {
      stack[sp++] = pc;
    } else if (prog[pc] == ']' && sp > 0) {
      long left = stack[--sp];
      map[left] = pc;
      map[pc] = left;
    }
  }
  free(stack);
  return map;
}

static void run(const char *prog, long len, const long *map) {
  size_t cap = 1, pos = 0;
  unsigned char *tape = calloc(cap, 1);
  for (long pc = 0; pc < len; pc++) {
    switch (prog[pc]) {
    case '>':
      if (++pos == cap) {
        tape = realloc(tape, cap * 2);
        memset(tape + cap, 0, cap);
        cap *= 2;
      }
      break;
    case '<': pos--; break;
    case '+': tape[pos]++; break;
    case '-': tape[pos]--; break;
    case '.': putchar(tape[pos]); break;
    case ',': {
      int c = getchar();
      tape[pos] = c == EOF ? 0 : (unsigned char)c;
      break;
    }
    case '[': if (tape[pos] == 0) pc = map[pc]; break;
    case ']': if (tape[pos] != 0) pc = map[pc]; break;
    }
  }
  free(tape);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s PROGRAM.b\n", argv[0]);
    return 2;
  }
  long len;
  char *prog = read_program(argv[1], &len);
  long *map = prog ? bracket_map(prog, len) : NULL;
  if (!map) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }
  run(prog, len, map);
  free(map);
  free(prog);
  return 0;
}
