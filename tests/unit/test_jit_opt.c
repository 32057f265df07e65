/* test_jit_opt.c — unit tests for the trace optimizer (runtime/jit/opt*.c):
 * every golden file tests/opt/NAME.trace (input, `# expected`, expected
 * output; see docs/jit-optimizer.md), corner cases of each pass written as
 * small traces, the invariants every pass must keep (verifier, fail-args),
 * and the optimizer's speed on a generated 1,000-op trace (reported, not
 * asserted). */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "runtime/jit/jit_ir.h"
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

/* Optimizes the file's input trace; returns the printed result (malloc). */
static char *optimize_text(const char *src, unsigned passes, char **expected,
                           unsigned pflags) {
  JirEnv E;
  jir_env_init(&E);
  JparseFile F;
  char err[256];
  if (!jparse_file(&F, &E, src, err, sizeof err)) fail_msg("parse: %s", err);
  JoptOptions o = {.passes = passes, .verify = true, .read_immutable = known,
                   .user = &F, .err = err, .errlen = sizeof err};
  if (!passes && F.passes) o.passes = jopt_parse_passes(F.passes);
  if (!jopt_optimize(F.input, &o)) fail_msg("verifier: %s", err);
  char *got = jprint_string(F.input, pflags);
  if (expected) *expected = F.expected ? jprint_string(F.expected, 0) : NULL;
  jparse_file_free(&F);
  jir_env_free(&E);
  return got;
}

static void check(const char *src, const char *want) {
  char *got = optimize_text(src, 0, NULL, 0);
  if (strcmp(got, want)) fail_msg("--- want\n%s--- got\n%s", want, got);
  free(got);
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
  buf[n] = 0;
  fclose(f);
  return buf;
}

static void test_golden_files(void **state) {
  (void)state;
  DIR *d = opendir("tests/opt");
  if (!d) { skip(); return; }
  struct dirent *e;
  int n = 0, bad = 0;
  while ((e = readdir(d))) {
    size_t len = strlen(e->d_name);
    if (len < 6 || strcmp(e->d_name + len - 6, ".trace")) continue;
    char path[512];
    snprintf(path, sizeof path, "tests/opt/%s", e->d_name);
    char *src = slurp(path), *want = NULL;
    char *got = optimize_text(src, 0, &want, 0);
    if (!want || strcmp(got, want)) {
      bad++;
      print_error("%s:\n--- expected\n%s--- got\n%s", path, want ? want : "(none)\n", got);
    }
    free(src);
    free(got);
    free(want);
    n++;
  }
  closedir(d);
  print_message("%d golden traces\n", n);
  assert_true(n >= 40);
  assert_int_equal(bad, 0);
}

static void test_parse_passes(void **state) {
  (void)state;
  assert_int_equal(jopt_parse_passes("fold cse"), JOPT_FOLD | JOPT_CSE);
  assert_int_equal(jopt_parse_passes("all"), JOPT_ALL);
  assert_int_equal(jopt_parse_passes("heap,dce"), JOPT_HEAP | JOPT_DCE);
  assert_int_equal(jopt_parse_passes("heap nonsense"), 0);
}

/* fold: wrapping and floor semantics at the edges */
static void test_fold_edges(void **state) {
  (void)state;
  check("[i0]\n"
        "i1 = int_mod(-9223372036854775808, -1)\n"
        "i2 = int_floordiv(-1, 3)\n"
        "i3 = int_mod(-1, 3)\n"
        "i4 = int_rshift(-1, 63)\n"
        "i5 = int_lshift(3, 63)\n"
        "i6 = int_mul(-9223372036854775808, -1)\n"
        "i7 = int_sub(-9223372036854775808, 1)\n"
        "i8 = int_abs(-9223372036854775808)\n"
        "jump(i1, i2, i3, i4, i5, i6, i7, i8)\n",
        "[i0]\n"
        "jump(0, -1, 2, -1, -9223372036854775808, -9223372036854775808, "
        "9223372036854775807, -9223372036854775808)\n");
  /* x - MIN is not rewritten to x + (-MIN) */
  check("[i0]\ni1 = int_sub(i0, -9223372036854775808)\njump(i1)\n",
        "[i0]\ni1 = int_sub(i0, -9223372036854775808)\njump(i1)\n");
}

/* the fail-args of a guard follow replacements and keep values alive */
static void test_failargs_renamed(void **state) {
  (void)state;
  check("descr d = field(N.v, i, 8, 8)\n"
        "[p0, i1]\n"
        "i2 = getfield_gc_i(p0, descr=d)\n"
        "i3 = getfield_gc_i(p0, descr=d)\n"
        "i4 = int_mul(i3, 2)\n"
        "i5 = int_add(i1, 0)\n"
        "guard_true(i1) [i3, i4, i5]\n"
        "jump(p0, i1)\n",
        "[p0, i1]\n"
        "i2 = getfield_gc_i(p0, descr=d)\n"
        "i3 = int_lshift(i2, 1)\n"
        "guard_true(i1) [i2, i3, i1]\n"
        "jump(p0, i1)\n");
}

/* heap: a label forgets the cache; a trace without a final jump still
 * writes its pending stores; call_may_force forgets everything */
static void test_heap_boundaries(void **state) {
  (void)state;
  check("descr d = field(N.v, i, 8, 8)\n"
        "descr c = call(-, v, readonly)\n"
        "[p0]\n"
        "i1 = getfield_gc_i(p0, descr=d)\n"
        "label(p0, descr=l2)\n"
        "i2 = getfield_gc_i(p0, descr=d)\n"
        "call_may_force_n(ConstClass(f), descr=c)\n"
        "guard_not_forced() [p0]\n"
        "i3 = getfield_gc_i(p0, descr=d)\n"
        "setfield_gc(p0, i1, descr=d)\n"
        "escape_n(i2, i3)\n"
        "setfield_gc(p0, 7, descr=d)\n",
        "[p0]\n"
        "i1 = getfield_gc_i(p0, descr=d)\n"
        "label(p0, descr=l2)\n"
        "i2 = getfield_gc_i(p0, descr=d)\n"
        "call_may_force_n(ConstClass(f), descr=c)\n"
        "guard_not_forced() [p0]\n"
        "i3 = getfield_gc_i(p0, descr=d)\n"
        "setfield_gc(p0, i1, descr=d)\n"
        "escape_n(i2, i3)\n"
        "setfield_gc(p0, 7, descr=d)\n");
}

/* without a read_immutable callback immutable fields stay loads */
static void test_heap_no_callback(void **state) {
  (void)state;
  JirEnv E;
  jir_env_init(&E);
  JparseFile F;
  char err[256];
  assert_true(jparse_file(&F, &E,
                          "descr d = field(C.n, i, 8, 8, immutable)\n"
                          "known ConstPtr(c).d = 5\n"
                          "[i0]\ni1 = getfield_gc_i(ConstPtr(c), descr=d)\njump(i1)\n",
                          err, sizeof err));
  JoptOptions o = {.verify = true};
  assert_true(jopt_optimize(F.input, &o));
  char *got = jprint_string(F.input, 0);
  assert_string_equal(got, "[i0]\ni1 = getfield_gc_i(ConstPtr(c), descr=d)\njump(i1)\n");
  free(got);
  jparse_file_free(&F);
  jir_env_free(&E);
}

/* intbounds: intervals at the integer edges never wrap */
static void test_bounds_edges(void **state) {
  (void)state;
  /* i0 <= MAX - 1: i0 + 1 cannot overflow, i0 + 2 can; -i0 can (MIN) */
  check("[i0]\n"
        "i1 = int_lt(i0, 9223372036854775807)\n"
        "guard_true(i1) [i0]\n"
        "i2 = int_add_ovf(i0, 1)\n"
        "guard_no_overflow() [i0]\n"
        "i3 = int_add_ovf(i0, 2)\n"
        "guard_no_overflow() [i0]\n"
        "i4 = int_neg(i0)\n"
        "i5 = int_lt(i4, 0)\n"
        "guard_true(i5) [i0]\n"
        "jump(i2, i3)\n",
        "[i0]\n"
        "i1 = int_lt(i0, 9223372036854775807)\n"
        "guard_true(i1) [i0]\n"
        "i2 = int_add(i0, 1)\n"
        "i3 = int_add_ovf(i0, 2)\n"
        "guard_no_overflow() [i0]\n"
        "i4 = int_neg(i0)\n"
        "i5 = int_lt(i4, 0)\n"
        "guard_true(i5) [i0]\n"
        "jump(i2, i3)\n");
  /* i0 >= MAX - 1: i0 + 1 can overflow (i0 == MAX) */
  check("[i0]\n"
        "i1 = int_ge(i0, 9223372036854775806)\n"
        "guard_true(i1) [i0]\n"
        "i2 = int_add_ovf(i0, 1)\n"
        "guard_no_overflow() [i0]\n"
        "jump(i2)\n",
        "[i0]\n"
        "i1 = int_ge(i0, 9223372036854775806)\n"
        "guard_true(i1) [i0]\n"
        "i2 = int_add_ovf(i0, 1)\n"
        "guard_no_overflow() [i0]\n"
        "jump(i2)\n");
}

/* each pass alone keeps the trace valid and is idempotent on its output */
static void test_passes_alone(void **state) {
  (void)state;
  char *src = slurp("tests/opt/bf_loop.trace");
  unsigned passes[] = {JOPT_FOLD, JOPT_CSE, JOPT_GUARD, JOPT_HEAP,
                       JOPT_INTBOUNDS, JOPT_DCE, JOPT_ALL};
  for (unsigned k = 0; k < sizeof passes / sizeof passes[0]; k++) {
    char *once = optimize_text(src, passes[k], NULL, JPRINT_DESCRS);
    char *twice = optimize_text(once, passes[k], NULL, JPRINT_DESCRS);
    if (passes[k] == JOPT_ALL || passes[k] == JOPT_DCE) assert_string_equal(once, twice);
    free(once);
    free(twice);
  }
  free(src);
}

/* ---- speed: a generated BF-like trace of ~1,000 ops ----------------------- */
static char *gen_trace(int blocks) {
  size_t cap = (size_t)blocks * 1024 + 4096, len = 0;
  char *s = malloc(cap);
  len += (size_t)sprintf(s + len,
      "descr data = field(Tape.data, r, 8, 8)\n"
      "descr pos = field(Tape.pos, i, 16, 8)\n"
      "descr items = field(List.items, r, 16, 8)\n"
      "descr length = field(List.length, i, 8, 8)\n"
      "descr bytes = array(i, 1, 16, 8, unsigned)\n"
      "descr helper = call(ri, i, readonly)\n"
      "[p0, i1]\nlabel(p0, i1, descr=loop)\n");
  int v = 2;
  for (int b = 0; b < blocks; b++) {
    int d = v, p = v + 1, it = v + 2, x = v + 3, y = v + 4, m = v + 5, p2 = v + 6,
        n = v + 7, c = v + 8, np = v + 9, q = v + 10, c2 = v + 11, h = v + 12,
        z = v + 13, o = v + 14;
    len += (size_t)sprintf(s + len,
        "debug_merge_point('block %d')\n"
        "p%d = getfield_gc_r(p0, descr=data)\n"
        "i%d = getfield_gc_i(p0, descr=pos)\n"
        "p%d = getfield_gc_r(p%d, descr=items)\n"
        "i%d = getarrayitem_gc_i(p%d, i%d, descr=bytes)\n"
        "i%d = int_add(i%d, 1)\n"
        "i%d = int_and(i%d, 255)\n"
        "setarrayitem_gc(p%d, i%d, i%d, descr=bytes)\n"
        "i%d = getfield_gc_i(p0, descr=pos)\n"
        "i%d = getfield_gc_i(p%d, descr=length)\n"
        "i%d = int_lt(i%d, i%d)\n"
        "guard_true(i%d) [p0, i1, i%d]\n"
        "i%d = int_add_ovf(i%d, 1)\n"
        "guard_no_overflow() [p0, i1]\n"
        "setfield_gc(p0, i%d, descr=pos)\n"
        "i%d = getarrayitem_gc_i(p%d, i%d, descr=bytes)\n"
        "i%d = int_lt(i%d, 256)\n"
        "guard_true(i%d) [p0, i1]\n"
        "i%d = call_i(ConstClass(h), p0, i%d, descr=helper)\n"
        "i%d = int_mul(i%d, 1)\n"
        "i%d = int_is_true(i%d)\n"
        "guard_true(i%d) [p0, i1, i%d]\n",
        b, d, p, it, d, x, it, p, y, x, m, y, it, p, m, p2, n, d, c, p2, n, c,
        x, np, p2, np, q, it, np, c2, q, c2, h, q, z, h, o, z, o, z);
    v += 15;
  }
  len += (size_t)sprintf(s + len, "jump(p0, i1, descr=loop)\n");
  return s;
}

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void test_speed_1000_ops(void **state) {
  (void)state;
  char *src = gen_trace(46);  /* 46 blocks of 22 ops: ~1,000 ops */
  JirEnv E;
  jir_env_init(&E);
  JparseFile F;
  char err[256];
  if (!jparse_file(&F, &E, src, err, sizeof err)) fail_msg("parse: %s", err);
  uint32_t nin = F.input->nins - 1;
  double best = 1e30, total = 0;
  uint32_t nout = 0;
  int runs = getenv("JOPT_BENCH_RUNS") ? atoi(getenv("JOPT_BENCH_RUNS")) : 50;
  if (runs < 1) runs = 1;
  for (int r = 0; r < runs; r++) {
    Trace *T = jir_new(&E);  /* a fresh copy of the input each run */
    jir_copy_consts(T, F.input);
    for (uint32_t i = 1; i < F.input->nins; i++) {
      const JIns *I = &F.input->ins[i];
      JRef a[JIR_MAXARGS];
      for (unsigned k = 0; k < I->nargs; k++) a[k] = jir_arg(F.input, I, k);
      JRef x = jir_emit(T, I->op, I->nargs, a, I->descr);
      uint32_t n;
      const JRef *s = jir_snap_refs(F.input, I, &n);
      if (I->snap) jir_set_snap(T, x, n, s);
    }
    JoptOptions o = {0};
    double t0 = now_us();
    jopt_optimize(T, &o);
    double dt = now_us() - t0;
    total += dt;
    if (dt < best) best = dt;
    nout = T->nins - 1;
    assert_true(jir_verify(T, err, sizeof err));
    jir_free(T);
  }
  print_message("optimizer: %u ops -> %u ops, best %.1f us, mean %.1f us per trace\n",
                nin, nout, best, total / runs);
  assert_true(nout < nin);
  jparse_file_free(&F);
  jir_env_free(&E);
  free(src);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_golden_files),
    cmocka_unit_test(test_parse_passes),
    cmocka_unit_test(test_fold_edges),
    cmocka_unit_test(test_failargs_renamed),
    cmocka_unit_test(test_heap_boundaries),
    cmocka_unit_test(test_heap_no_callback),
    cmocka_unit_test(test_bounds_edges),
    cmocka_unit_test(test_passes_alone),
    cmocka_unit_test(test_speed_1000_ops),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
