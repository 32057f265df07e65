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

/* E initialized and src parsed into F, or the test fails. */
static void parse_or_fail(JparseFile *F, JirEnv *E, const char *src) {
  char err[256];
  jir_env_init(E);
  if (!jparse_file(F, E, src, err, sizeof err)) fail_msg("parse: %s", err);
}

/* Optimizes the file's input trace; returns the printed result (malloc). */
static char *optimize_text(const char *src, unsigned passes, char **expected,
                           unsigned pflags) {
  JirEnv E;
  JparseFile F;
  char err[256];
  parse_or_fail(&F, &E, src);
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

/* virtual: guards describing the same virtual at the same positions share
 * one JVirt constant; within one snapshot two equal descriptions (empty
 * objects of one size) stay two objects */
static void test_virtual_constants_shared(void **state) {
  (void)state;
  JirEnv E;
  JparseFile F;
  char err[256];
  parse_or_fail(&F, &E,
                "descr s = size(N, 24)\n"
                "descr v = field(N.v, i, 16, 8)\n"
                "[i0, i1]\n"
                "p2 = new(descr=s)\n"
                "setfield_gc(p2, i0, descr=v)\n"
                "guard_true(i1) [p2]\n"
                "guard_true(i0) [p2]\n"
                "p3 = new(descr=s)\n"
                "p4 = new(descr=s)\n"
                "guard_false(i1) [p3, p4]\n"
                "jump(i0, i1)\n");
  JoptOptions o = {.passes = JOPT_VIRTUAL | JOPT_DCE, .verify = true, .err = err,
                   .errlen = sizeof err};
  if (!jopt_optimize(F.input, &o)) fail_msg("verifier: %s", err);
  char *got = jprint_string(F.input, 0);
  assert_non_null(strstr(got, "guard_true(i1) [virtual(s, v=@1), i0]"));
  assert_non_null(strstr(got, "guard_true(i0) [virtual(s, v=@1), i0]"));
  assert_non_null(strstr(got, "[virtual(s), virtual(s)]"));
  assert_int_equal(F.input->nvirts, 3);
  free(got);
  jparse_file_free(&F);
  jir_env_free(&E);
}

/* heap: an escape forgets the cache; a trace without a final jump still
 * writes its pending stores; call_may_force forgets everything */
static void test_heap_boundaries(void **state) {
  (void)state;
  check("descr d = field(N.v, i, 8, 8)\n"
        "descr c = call(-, v, readonly)\n"
        "[p0]\n"
        "i1 = getfield_gc_i(p0, descr=d)\n"
        "escape_n(p0)\n"
        "i2 = getfield_gc_i(p0, descr=d)\n"
        "call_may_force_n(ConstClass(f), descr=c)\n"
        "guard_not_forced() [p0]\n"
        "i3 = getfield_gc_i(p0, descr=d)\n"
        "setfield_gc(p0, i1, descr=d)\n"
        "escape_n(i2, i3)\n"
        "setfield_gc(p0, 7, descr=d)\n",
        "[p0]\n"
        "i1 = getfield_gc_i(p0, descr=d)\n"
        "escape_n(p0)\n"
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
  JparseFile F;
  parse_or_fail(&F, &E,
                "descr d = field(C.n, i, 8, 8, immutable)\n"
                "known ConstPtr(c).d = 5\n"
                "[i0]\ni1 = getfield_gc_i(ConstPtr(c), descr=d)\njump(i1)\n");
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

/* ---- random traces: the optimized trace computes the same --------------------
 * A small independent evaluator runs integer traces (arithmetic, shifts by
 * constants, floor division by nonzero constants, comparisons, *_ovf with
 * guard_no_overflow, guard_true/false/value). For random traces and
 * inputs: when the original passes all guards, the optimized one must pass
 * all too and jump with the same values; when the optimized one passes all
 * guards, so must the original (a removed guard was implied). */
static uint64_t rng_next(uint64_t *s) {
  *s ^= *s << 13; *s ^= *s >> 7; *s ^= *s << 17;
  return *s;
}

static int64_t ev_arg(const Trace *T, const int64_t *val, JRef r) {
  return jir_isk(r) ? jir_kint_of(T, r) : val[jir_idx(r)];
}

/* false when a guard fails; out[] gets the jump's operands */
static bool ev_trace(const Trace *T, const int64_t *in, int64_t *out, unsigned *nout) {
  int64_t *val = calloc(T->nins + 1, sizeof *val);
  unsigned nin = 0;
  bool ovf = false, ok = true;
  for (uint32_t i = 1; i < T->nins && ok; i++) {
    const JIns *I = &T->ins[i];
    int64_t a = I->nargs > 0 ? ev_arg(T, val, jir_arg(T, I, 0)) : 0;
    int64_t b = I->nargs > 1 ? ev_arg(T, val, jir_arg(T, I, 1)) : 0;
    uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
    int64_t r = 0;
    switch (I->op) {
    case JIR_input_i: r = in[nin++]; break;
    case JIR_int_add: r = (int64_t)(ua + ub); break;
    case JIR_int_sub: r = (int64_t)(ua - ub); break;
    case JIR_int_mul: r = (int64_t)(ua * ub); break;
    case JIR_int_and: r = a & b; break;
    case JIR_int_or: r = a | b; break;
    case JIR_int_xor: r = a ^ b; break;
    case JIR_int_lshift: r = (int64_t)(ua << b); break;
    case JIR_int_rshift: r = a >> b; break;
    case JIR_uint_rshift: r = (int64_t)(ua >> b); break;
    case JIR_int_floordiv:
      if (a == INT64_MIN && b == -1) { r = a; break; }
      r = a / b;
      if ((a % b != 0) && ((a < 0) != (b < 0))) r--;
      break;
    case JIR_int_mod:
      if (b == -1) { r = 0; break; }
      r = a % b;
      if (r != 0 && ((r < 0) != (b < 0))) r += b;
      break;
    case JIR_int_neg: r = (int64_t)(0 - ua); break;
    case JIR_int_invert: r = ~a; break;
    case JIR_int_is_true: r = a != 0; break;
    case JIR_int_is_zero: r = a == 0; break;
    case JIR_int_lt: r = a < b; break;
    case JIR_int_le: r = a <= b; break;
    case JIR_int_eq: r = a == b; break;
    case JIR_int_ne: r = a != b; break;
    case JIR_int_gt: r = a > b; break;
    case JIR_int_ge: r = a >= b; break;
    case JIR_uint_lt: r = ua < ub; break;
    case JIR_uint_le: r = ua <= ub; break;
    case JIR_uint_gt: r = ua > ub; break;
    case JIR_uint_ge: r = ua >= ub; break;
    case JIR_int_add_ovf: ovf = __builtin_add_overflow(a, b, &r); break;
    case JIR_int_sub_ovf: ovf = __builtin_sub_overflow(a, b, &r); break;
    case JIR_int_mul_ovf: ovf = __builtin_mul_overflow(a, b, &r); break;
    case JIR_guard_no_overflow: ok = !ovf; break;
    case JIR_guard_true: ok = a != 0; break;
    case JIR_guard_false: ok = a == 0; break;
    case JIR_guard_value: ok = a == b; break;
    case JIR_jump:
      *nout = I->nargs;
      for (unsigned k = 0; k < I->nargs; k++) out[k] = ev_arg(T, val, jir_arg(T, I, k));
      break;
    default: fail_msg("evaluator: op %s", jir_info[I->op].name);
    }
    val[i] = r;
  }
  free(val);
  return ok;
}

static char *gen_random_trace(uint64_t *rs) {
  static const char *const bin[] = {
    "int_add", "int_sub", "int_mul", "int_and", "int_or", "int_xor",
    "int_lt", "int_le", "int_eq", "int_ne", "int_gt", "int_ge",
    "uint_lt", "uint_le", "uint_gt", "uint_ge"};
  static const char *const ks[] = {
    "0", "1", "-1", "2", "3", "7", "8", "255", "256", "100", "-100", "64",
    "9223372036854775807", "-9223372036854775808", "4611686018427387904"};
  size_t cap = 16384, len = 0;
  char *s = malloc(cap);
  len += (size_t)snprintf(s, cap, "[i0, i1, i2]\n");
  int nv = 3;
  for (int k = 0; k < 30 && len < cap - 256; k++) {
    /* one random number per draw, in a fixed order (argument evaluation
     * order differs between compilers) */
    uint64_t r0 = rng_next(rs), r1 = rng_next(rs), r2 = rng_next(rs),
             r3 = rng_next(rs), r4 = rng_next(rs), r5 = rng_next(rs);
    char a[32], b[32];
    if (r0 % 4 == 0) snprintf(a, sizeof a, "%s", ks[(r0 >> 8) % 15]);
    else snprintf(a, sizeof a, "i%d", (int)((r0 >> 8) % (unsigned)nv));
    if (r1 % 4 == 0) snprintf(b, sizeof b, "%s", ks[(r1 >> 8) % 15]);
    else snprintf(b, sizeof b, "i%d", (int)((r1 >> 8) % (unsigned)nv));
    unsigned pick = r2 % 12;
    int r = nv++;
    if (pick < 6) {
      len += (size_t)sprintf(s + len, "i%d = %s(%s, %s)\n", r, bin[r3 % 16], a, b);
    } else if (pick == 6) {
      static const char *const sh[] = {"int_lshift", "int_rshift", "uint_rshift"};
      len += (size_t)sprintf(s + len, "i%d = %s(%s, %d)\n", r, sh[r3 % 3], b, (int)(r4 % 64));
    } else if (pick == 7) {
      static const char *const dv[] = {"3", "-3", "4", "-1", "10", "256"};
      len += (size_t)sprintf(s + len, "i%d = %s(%s, %s)\n", r,
                             r3 % 2 ? "int_floordiv" : "int_mod", b, dv[r4 % 6]);
    } else if (pick == 8) {
      static const char *const ov[] = {"int_add_ovf", "int_sub_ovf", "int_mul_ovf"};
      len += (size_t)sprintf(s + len, "i%d = %s(%s, %s)\nguard_no_overflow() [i0]\n", r,
                             ov[r3 % 3], a, b);
    } else if (pick == 9) {
      len += (size_t)sprintf(s + len, "i%d = %s(%s)\n", r, r3 % 2 ? "int_is_true" : "int_neg", b);
    } else if (pick == 10 && r3 % 3 == 0) {
      static const char *const gv[] = {"0", "1", "3", "10", "-1"};
      nv--;  /* no result */
      len += (size_t)sprintf(s + len, "guard_value(%s, %s) [i0]\n",
                             b[0] == 'i' ? b : "i1", gv[r4 % 5]);
    } else {
      static const char *const cmp[] = {"int_lt", "int_ge", "uint_lt", "int_ne", "int_le"};
      static const char *const lim[] = {"0", "5", "10", "100", "-3"};
      len += (size_t)sprintf(s + len, "i%d = %s(%s, %s)\n%s(i%d) [%s]\n", r,
                             cmp[r3 % 5], b, lim[r4 % 5],
                             r5 % 2 ? "guard_true" : "guard_false", r, b);
    }
  }
  len += (size_t)sprintf(s + len, "jump(");
  for (int v = 0; v < nv; v++) len += (size_t)sprintf(s + len, "%si%d", v ? ", " : "", v);
  sprintf(s + len, ")\n");
  return s;
}

/* Random traces optimized with `passes` run like the originals. With
 * `earlier` (the range pass), the optimized trace may fail where the
 * original passes (a guard may fail earlier than needed: the interpreter
 * resumes), but when it passes, the original passes with the same
 * results. */
static void random_traces_agree(unsigned passes, bool earlier) {
  static const int64_t inputs[] = {0, 1, -1, 2, 3, 5, 7, 9, 10, 11, 99, 100, 255, 256,
                                   -3, -100, INT64_MAX, INT64_MIN, 1 << 20};
  uint64_t rs = 0x9e3779b97f4a7c15ull;
  int traces = getenv("JOPT_FUZZ_TRACES") ? atoi(getenv("JOPT_FUZZ_TRACES")) : 1000;
  int passed_both = 0;
  for (int t = 0; t < traces; t++) {
    char *src = gen_random_trace(&rs);
    JirEnv E;
    jir_env_init(&E);
    JparseFile F;
    char err[256];
    if (!jparse_file(&F, &E, src, err, sizeof err)) fail_msg("parse: %s\n%s", err, src);
    char *before = jprint_string(F.input, JPRINT_DESCRS);
    JparseFile G;
    JirEnv E2;
    jir_env_init(&E2);
    assert_true(jparse_file(&G, &E2, before, err, sizeof err));
    JoptOptions o = {.passes = passes, .verify = true, .err = err, .errlen = sizeof err};
    if (!jopt_optimize(G.input, &o)) fail_msg("verifier: %s\n%s", err, before);
    for (int r = 0; r < 40; r++) {
      int64_t in[3], o1[128], o2[128];
      unsigned n1 = 0, n2 = 0;
      for (int k = 0; k < 3; k++) in[k] = inputs[rng_next(&rs) % 19];
      bool p1 = ev_trace(F.input, in, o1, &n1), p2 = ev_trace(G.input, in, o2, &n2);
      bool bad = earlier ? (p2 && !p1) || (p2 && (n1 != n2 || memcmp(o1, o2, n1 * sizeof *o1)))
                         : p1 != p2 || (p1 && (n1 != n2 || memcmp(o1, o2, n1 * sizeof *o1)));
      if (bad) {
        char *after = jprint_string(G.input, 0);
        fail_msg("inputs %lld %lld %lld: original %s, optimized %s\n%s--- optimized\n%s",
                 (long long)in[0], (long long)in[1], (long long)in[2],
                 p1 ? "passes" : "fails", p2 ? "passes" : "fails", before, after);
      }
      passed_both += p1;
    }
    free(before);
    free(src);
    jparse_file_free(&F);
    jparse_file_free(&G);
    jir_env_free(&E);
    jir_env_free(&E2);
  }
  print_message("%d random traces, %d runs passed every guard\n", traces, passed_both);
}

static void test_random_traces_agree(void **state) {
  (void)state;
  random_traces_agree(0, false);
}

static void test_random_traces_range(void **state) {
  (void)state;
  random_traces_agree(JOPT_ALL | JOPT_RANGE, true);
}

/* ---- random heap traces: same results, same memory ---------------------------
 * Three input references bound at random to two objects of classes A and B
 * (so they alias about half the time), two int fields, an int array, fresh
 * objects (with and without a vtable), pointer guards (nonnull, class,
 * ptr_eq/ptr_ne), a readonly
 * call that reads field b, a call that writes only field a (its write set),
 * escapes and guards. A simulated memory runs original and optimized
 * traces; where the original passes every guard, the optimized one must
 * too, jump with the same values and leave the same memory in the input
 * objects. */
enum { HOBJ = 12, HITEMS = 4 };
typedef struct HMem {
  int64_t f[HOBJ][2];
  int64_t it[HOBJ][HITEMS];
  int64_t cls[HOBJ];      /* vtable of each object (object 0 is NULL) */
  int nobj;
} HMem;

static int64_t hv(const Trace *T, const int64_t *val, JRef r) {
  if (!jir_isk(r)) return val[jir_idx(r)];
  return jir_k(T, r)->kind == JK_REF ? (int64_t)jir_kgc_of(T, r) : jir_kint_of(T, r);
}

static int hfield(const Trace *T, const JIns *I) {  /* descr a -> 0, b -> 1 */
  return jir_strp(T->env, jir_descr(T->env, I->descr)->name)[0] == 'a' ? 0 : 1;
}

static bool heap_eval(const Trace *T, const int64_t *in, HMem *M, int64_t *out,
                      unsigned *nout) {
  int64_t *val = calloc(T->nins + 1, sizeof *val);
  unsigned nin = 0;
  bool ok = true;
  for (uint32_t i = 1; i < T->nins && ok; i++) {
    const JIns *I = &T->ins[i];
    int64_t x[3] = {0, 0, 0};
    for (unsigned k = 0; k < I->nargs && k < 3; k++) x[k] = hv(T, val, jir_arg(T, I, k));
    int64_t r = 0;
    switch (I->op) {
    case JIR_input_i: case JIR_input_r: r = in[nin++]; break;
    case JIR_int_add: r = (int64_t)((uint64_t)x[0] + (uint64_t)x[1]); break;
    case JIR_int_lt: r = x[0] < x[1]; break;
    case JIR_int_and: r = x[0] & x[1]; break;
    case JIR_ptr_eq: r = x[0] == x[1]; break;
    case JIR_ptr_ne: r = x[0] != x[1]; break;
    case JIR_guard_nonnull: ok = x[0] != 0; break;
    case JIR_guard_class: ok = M->cls[x[0]] == x[1]; break;
    case JIR_guard_nonnull_class: ok = x[0] != 0 && M->cls[x[0]] == x[1]; break;
    case JIR_guard_true: ok = x[0] != 0; break;
    case JIR_guard_false: ok = x[0] == 0; break;
    case JIR_guard_value: ok = x[0] == x[1]; break;
    case JIR_getfield_gc_i: r = M->f[x[0]][hfield(T, I)]; break;
    case JIR_setfield_gc: M->f[x[0]][hfield(T, I)] = x[1]; break;
    case JIR_getarrayitem_gc_i: r = M->it[x[0]][x[1] & (HITEMS - 1)]; break;
    case JIR_setarrayitem_gc: M->it[x[0]][x[1] & (HITEMS - 1)] = x[2]; break;
    case JIR_new_with_vtable:
    case JIR_new:  /* a fresh, zeroed object */
      if (M->nobj == HOBJ - 1) fail_msg("heap evaluator: too many objects");
      r = ++M->nobj;
      memset(M->f[r], 0, sizeof M->f[r]);
      memset(M->it[r], 0, sizeof M->it[r]);
      M->cls[r] = I->op == JIR_new_with_vtable ? jir_descr(T->env, I->descr)->vtable : 0;
      break;
    case JIR_call_i: r = M->f[x[1]][1]; break;          /* readonly: reads b */
    case JIR_call_n: M->f[x[1]][0] = 77; break;         /* writes a only */
    case JIR_escape_n: break;
    case JIR_jump:
      *nout = I->nargs;
      for (unsigned k = 0; k < I->nargs; k++) out[k] = hv(T, val, jir_arg(T, I, k));
      break;
    default: fail_msg("heap evaluator: op %s", jir_info[I->op].name);
    }
    val[i] = r;
  }
  free(val);
  return ok;
}

static char *gen_heap_trace(uint64_t *rs) {
  size_t cap = 16384, len = 0;
  char *s = malloc(cap);
  len += (size_t)snprintf(s, cap,
      "descr a = field(O.a, i, 8, 8)\n"
      "descr b = field(O.b, i, 16, 8)\n"
      "descr arr = array(i, 8, 16, 8)\n"
      "descr osize = size(O, 24)\n"
      "descr asize = size(O, 24, vtable=A)\n"
      "descr ro = call(r, i, readonly)\n"
      "descr wa = call(r, v, writes=[a])\n"
      "[p0, p1, p2, i3, i4]\n");
  int ni = 2, nr = 3, v = 5;
  int ints[64] = {3, 4}, refs[16] = {0, 1, 2};
  for (int k = 0; k < 24 && len < cap - 256; k++) {
    uint64_t r0 = rng_next(rs), r1 = rng_next(rs), r2 = rng_next(rs), r3 = rng_next(rs);
    int p = refs[r1 % (unsigned)nr], x = ints[r2 % (unsigned)ni];
    const char *fd = r3 % 2 ? "a" : "b";
    char idx[16];
    if (r3 % 3 == 0) snprintf(idx, sizeof idx, "i%d", (r3 >> 8) % 2 ? 3 : 4);
    else snprintf(idx, sizeof idx, "%d", (int)((r3 >> 8) % HITEMS));
    int q = refs[(r2 >> 8) % (unsigned)nr];
    switch (r0 % 14) {
    case 11:
      len += (size_t)sprintf(s + len, "guard_nonnull(p%d) [p%d]\n", p, p);
      break;
    case 12:
      len += (size_t)sprintf(s + len, "guard_class(p%d, ConstClass(%s)) [p%d]\n", p,
                             r3 % 3 ? "A" : "B", p);
      break;
    case 13:
      if (r3 % 3 == 0 && nr < 16) {
        len += (size_t)sprintf(s + len, "p%d = new_with_vtable(descr=asize)\n", v);
        refs[nr++] = v++;
      } else {
        len += (size_t)sprintf(s + len, "i%d = %s(p%d, p%d)\n%s(i%d) [p%d]\n", v,
                               r3 % 2 ? "ptr_eq" : "ptr_ne", p, q,
                               (r3 >> 4) % 2 ? "guard_true" : "guard_false", v, p);
        v++;
      }
      break;
    case 0: case 1:
      len += (size_t)sprintf(s + len, "i%d = getfield_gc_i(p%d, descr=%s)\n", v, p, fd);
      if (ni < 64) ints[ni++] = v;
      v++;
      break;
    case 2: case 3:
      len += (size_t)sprintf(s + len, "setfield_gc(p%d, i%d, descr=%s)\n", p, x, fd);
      break;
    case 4:
      len += (size_t)sprintf(s + len, "i%d = getarrayitem_gc_i(p%d, %s, descr=arr)\n", v, p, idx);
      if (ni < 64) ints[ni++] = v;
      v++;
      break;
    case 5:
      len += (size_t)sprintf(s + len, "setarrayitem_gc(p%d, %s, i%d, descr=arr)\n", p, idx, x);
      break;
    case 6:
      len += (size_t)sprintf(s + len, "i%d = int_add(i%d, 1)\n", v, x);
      if (ni < 64) ints[ni++] = v;
      v++;
      break;
    case 7:
      len += (size_t)sprintf(s + len, "i%d = int_lt(i%d, %d)\nguard_true(i%d) [p%d, i%d]\n",
                             v, x, (int)(r3 % 7), v, p, x);
      v++;
      break;
    case 8:
      if (nr < 16) {
        len += (size_t)sprintf(s + len, "p%d = new(descr=osize)\n", v);
        refs[nr++] = v++;
      }
      break;
    case 9:
      if (r3 % 2) {
        len += (size_t)sprintf(s + len, "i%d = call_i(ConstClass(rd), p%d, descr=ro)\n", v, p);
        if (ni < 64) ints[ni++] = v;
        v++;
      } else {
        len += (size_t)sprintf(s + len, "call_n(ConstClass(wr), p%d, descr=wa)\n", p);
      }
      break;
    default:
      len += (size_t)sprintf(s + len, "escape_n(p%d)\n", p);
      break;
    }
  }
  len += (size_t)sprintf(s + len, "jump(");
  for (int k = 0; k < ni; k++) len += (size_t)sprintf(s + len, "%si%d", k ? ", " : "", ints[k]);
  sprintf(s + len, ")\n");
  return s;
}

static void test_random_heap_traces_agree(void **state) {
  (void)state;
  uint64_t rs = 0x2545f4914f6cdd1dull;
  int traces = getenv("JOPT_FUZZ_TRACES") ? atoi(getenv("JOPT_FUZZ_TRACES")) : 1000;
  int both = 0;
  for (int t = 0; t < traces; t++) {
    char *src = gen_heap_trace(&rs);
    JirEnv E;
    jir_env_init(&E);
    JparseFile F;
    char err[256];
    if (!jparse_file(&F, &E, src, err, sizeof err)) fail_msg("parse: %s\n%s", err, src);
    char *before = jprint_string(F.input, JPRINT_DESCRS);
    JirEnv E2;
    jir_env_init(&E2);
    JparseFile G;
    assert_true(jparse_file(&G, &E2, before, err, sizeof err));
    JoptOptions o = {.verify = true, .err = err, .errlen = sizeof err};
    if (!jopt_optimize(G.input, &o)) fail_msg("verifier: %s\n%s", err, before);
    for (int r = 0; r < 16; r++) {
      uint64_t b = rng_next(&rs);
      int64_t in[5] = {1 + (int64_t)(b & 1), 1 + (int64_t)((b >> 1) & 1),
                       1 + (int64_t)((b >> 2) & 1), (int64_t)((b >> 3) % 4),
                       (int64_t)((b >> 5) % 4)};
      HMem m1, m2;
      memset(&m1, 0, sizeof m1);
      m1.cls[1] = jparse_named_addr(&F, "A", 1);
      m1.cls[2] = jparse_named_addr(&F, "B", 1);
      for (int o2 = 0; o2 < HOBJ; o2++)
        for (int k = 0; k < 2; k++) m1.f[o2][k] = (int64_t)(rng_next(&rs) % 5);
      m1.nobj = 2;
      m2 = m1;
      m2.cls[1] = jparse_named_addr(&G, "A", 1);  /* G's fake addresses */
      m2.cls[2] = jparse_named_addr(&G, "B", 1);
      int64_t o1[64], oo[64];
      unsigned n1 = 0, n2 = 0;
      bool p1 = heap_eval(F.input, in, &m1, o1, &n1);
      bool p2 = heap_eval(G.input, in, &m2, oo, &n2);
      if (!p1) continue;
      if (!p2 || n1 != n2 || memcmp(o1, oo, n1 * sizeof *o1) ||
          /* the input objects 1 and 2; fresh objects may be numbered
           * differently (DCE removes unused allocations) */
          memcmp(m1.f, m2.f, 3 * sizeof m1.f[0]) || memcmp(m1.it, m2.it, 3 * sizeof m1.it[0])) {
        char *after = jprint_string(G.input, 0);
        FILE *dump = fopen("/tmp/jopt_heap_fail.trace", "w");
        if (dump) { fputs(before, dump); fclose(dump); }
        fail_msg("inputs p%lld p%lld p%lld %lld %lld: %s\n%s--- optimized\n%s",
                 (long long)in[0], (long long)in[1], (long long)in[2], (long long)in[3],
                 (long long)in[4], !p2 ? "optimized fails a guard" : "results differ",
                 before, after);
      }
      both++;
    }
    free(before);
    free(src);
    jparse_file_free(&F);
    jparse_file_free(&G);
    jir_env_free(&E);
    jir_env_free(&E2);
  }
  print_message("%d random heap traces, %d runs compared\n", traces, both);
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
    JoptOptions o = {.passes = getenv("JOPT_BENCH_PASSES") ? jopt_parse_passes(getenv("JOPT_BENCH_PASSES")) : 0};
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
  assert_true(nout <= nin);
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
    cmocka_unit_test(test_virtual_constants_shared),
    cmocka_unit_test(test_passes_alone),
    cmocka_unit_test(test_random_traces_agree),
    cmocka_unit_test(test_random_traces_range),
    cmocka_unit_test(test_random_heap_traces_agree),
    cmocka_unit_test(test_speed_1000_ops),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
