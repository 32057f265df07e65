/* jitopt.c — command-line driver for the trace optimizer (tests/opt).
 *
 *   build/jitopt FILE.trace          prints the optimized trace
 *   build/jitopt --check FILE...     compares with each file's `# expected`
 *                                    part; prints "N passed, N failed"
 *   build/jitopt --update FILE...    rewrites each file's expected part
 *   build/jitopt --print FILE        parses and prints (no optimization)
 *   build/jitopt --time N FILE       optimizes FILE N times (parsed anew each
 *                                    time, no verifier): microseconds per
 *                                    input op, for profiling the passes
 *   build/jitopt --ops               the op table (jit_ir.def) as markdown,
 *                                    for docs/jit-trace-ir.md
 * The `passes` directive of a file selects passes; `known` facts answer the
 * optimizer's immutable-field reads. Exit status 0 when all is well. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "runtime/jit/jit_text.h"
#include "runtime/jit/jopt.h"

static bool known(void *user, uint32_t descr, uintptr_t obj, int64_t *bits) {
  const JparseFile *F = user;
  for (uint32_t i = 0; i < F->nfacts; i++)
    if (F->facts[i].descr == descr && F->facts[i].obj == obj) {
      *bits = F->facts[i].bits;
      return true;
    }
  return false;
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *buf = NULL;
  size_t len = 0, cap = 0, n;
  do {
    if (len + 4096 + 1 > cap) {
      cap = (cap + 4096) * 2;
      char *nb = realloc(buf, cap);
      if (!nb) { free(buf); fclose(f); return NULL; }
      buf = nb;
    }
    n = fread(buf + len, 1, 4096, f);
    len += n;
  } while (n);
  fclose(f);
  buf[len] = 0;
  return buf;
}

enum { PRINT, OPT, CHECK, UPDATE };

/* 0 pass, 1 fail */
static int one(const char *path, int mode) {
  char *src = slurp(path);
  if (!src) { fprintf(stderr, "%s: cannot read\n", path); return 1; }
  JirEnv E;
  jir_env_init(&E);
  JparseFile F;
  char err[256];
  int rc = 1;
  if (!jparse_file(&F, &E, src, err, sizeof err)) {
    fprintf(stderr, "%s:%s\n", path, err);
    goto out;
  }
  if (mode == PRINT) {
    jprint_trace(stdout, F.input, JPRINT_DESCRS);
    rc = 0;
    goto done;
  }
  JoptOptions o = {.verify = true, .read_immutable = known, .user = &F,
                   .err = err, .errlen = sizeof err};
  if (F.passes && !(o.passes = jopt_parse_passes(F.passes))) {
    fprintf(stderr, "%s: bad passes '%s'\n", path, F.passes);
    goto done;
  }
  if (!jopt_optimize(F.input, &o)) {
    fprintf(stderr, "%s: verifier: %s\n", path, err);
    goto done;
  }
  char *got = jprint_string(F.input, 0);
  if (mode == OPT) {
    fputs(got, stdout);
    rc = 0;
  } else if (mode == UPDATE) {
    char *sep = strstr(src, "\n# expected\n");
    FILE *f = fopen(path, "w");
    if (f) {
      if (sep) sep[1] = 0;
      fprintf(f, "%s%s# expected\n%s", src, sep ? "" : "\n", got);
      fclose(f);
      rc = 0;
    }
  } else if (!F.expected) {
    fprintf(stderr, "%s: no '# expected' part\n", path);
  } else {
    char *want = jprint_string(F.expected, 0);
    rc = strcmp(got, want) != 0;
    if (rc) fprintf(stderr, "FAIL %s\n--- expected\n%s--- got\n%s", path, want, got);
    free(want);
  }
  free(got);
done:
  jparse_file_free(&F);
out:
  jir_env_free(&E);
  free(src);
  return rc;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --time N FILE: the optimizer's time per input op, N runs. */
static int time_file(const char *path, int runs) {
  char *src = slurp(path);
  if (!src) { fprintf(stderr, "%s: cannot read\n", path); return 1; }
  double total = 0;
  uint32_t nins = 0;
  int rc = 0;
  for (int i = 0; i < runs && !rc; i++) {
    JirEnv E;
    jir_env_init(&E);
    JparseFile F;
    char err[256];
    rc = !jparse_file(&F, &E, src, err, sizeof err);
    if (!rc) {
      JoptOptions o = {.read_immutable = known, .user = &F, .err = err, .errlen = sizeof err};
      if (F.passes) o.passes = jopt_parse_passes(F.passes);
      nins = F.input->nins;
      double t0 = now_s();
      rc = !jopt_optimize(F.input, &o);
      total += now_s() - t0;
      jparse_file_free(&F);
    }
    if (rc) fprintf(stderr, "%s: %s\n", path, err);
    jir_env_free(&E);
  }
  if (!rc) printf("%u ops, %.3f us per op (%d runs)\n", nins, total / runs / nins * 1e6, runs);
  free(src);
  return rc;
}

static void print_ops(void) {
  static const struct { unsigned bit; const char *name; } fl[] = {
    {JF_PURE, "pure"}, {JF_GUARD, "guard"}, {JF_SIDE, "side"},
    {JF_RAISE, "raise"}, {JF_CALL, "call"}, {JF_DESCR, "descr"},
    {JF_OVF, "ovf"}, {JF_COMM, "comm"}, {JF_ALLOC, "alloc"}, {JF_CTRL, "ctrl"}};
  printf("| op | operands | result | flags | meaning |\n|---|---|---|---|---|\n");
  for (unsigned op = 0; op < JIR__COUNT; op++) {
    const JirOpInfo *I = &jir_info[op];
    char n[8];
    snprintf(n, sizeof n, "%d", I->nargs);
    printf("| `%s` | %s | %c | ", I->name, I->nargs < 0 ? "any" : n, I->res);
    const char *sep = "";
    for (unsigned k = 0; k < sizeof fl / sizeof fl[0]; k++)
      if (I->flags & fl[k].bit) { printf("%s%s", sep, fl[k].name); sep = " "; }
    printf(" | %s |\n", I->meaning);
  }
}

int main(int argc, char **argv) {
  int mode = OPT, first = 1;
  if (argc == 2 && !strcmp(argv[1], "--ops")) { print_ops(); return 0; }
  if (argc == 4 && !strcmp(argv[1], "--time")) return time_file(argv[3], atoi(argv[2]));
  if (argc > 1 && !strcmp(argv[1], "--check")) mode = CHECK, first = 2;
  else if (argc > 1 && !strcmp(argv[1], "--update")) mode = UPDATE, first = 2;
  else if (argc > 1 && !strcmp(argv[1], "--print")) mode = PRINT, first = 2;
  if (first >= argc) {
    fprintf(stderr, "usage: jitopt [--check|--update|--print] FILE.trace...\n");
    return 2;
  }
  int passed = 0, failed = 0;
  for (int i = first; i < argc; i++) {
    if (one(argv[i], mode)) failed++;
    else passed++;
  }
  if (mode == CHECK) printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
