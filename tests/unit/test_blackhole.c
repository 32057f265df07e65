/* test_blackhole.c — unit tests for the blackhole interpreter
 * (runtime/jit/blackhole.c, blackhole_ops.c) and the JIT runtime's start-up
 * and portal hook (runtime/jit/jit_runtime.c, jit_runtime_params.c).
 * Images are assembled by hand (a small assembler below) and validated by
 * jc_image_open; the generated-side symbols (rl_jit_image, rl_jit_addrs,
 * rl_jit_stubs, the built-in exception vtables, the type ids) are defined
 * here, with call stubs calling test functions. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "runtime/jit/blackhole.h"
#include "runtime/jit/blackhole_ops.h"
#include "runtime/jit/jit_runtime.h"
#include "runtime/jit/jit_runtime_params.h"
#include "runtime/jit/jit_runtime_state.h"
#include "runtime/jit/jitcode.h"
#include "runtime/rt_exc.h"
#include "runtime/rt_gc.h"

/* ---- what a translated program would define ---------------------------------------- */

#include "rt_program_fixture.h"

/* an invalid image: rl_jit_startup must refuse it */
const uint8_t rl_jit_image[8] __attribute__((aligned(8))) = {'n', 'o', 'p', 'e'};
const uint64_t rl_jit_image_size = 8;

/* classes: Base [10, 20) > Sub [12, 14); Other [30, 31) */
static const RlVtable vt_base = {10, 20, NULL};
static const RlVtable vt_sub = {12, 14, NULL};
static const RlVtable vt_other = {30, 31, NULL};
static RlObject exc_sub = {2, &vt_sub};  /* a prebuilt instance */

/* ---- native functions and their stubs --------------------------------------------------- */

static int64_t fn_add3(int64_t a, int64_t b, int64_t c) { return a * 100 + b * 10 + c; }

/* raises Sub (1), Other (2), OverflowError (3), or returns x * 2 */
static int64_t fn_maybe_raise(int64_t x) {
  if (x == 1) rt_raise_value(&exc_sub);
  else if (x == 2) rt_raise(&vt_other, "other");
  else if (x == 3) rt_raise_overflow();
  return x * 2;
}

static double fn_scale(double f, int64_t k) { return f * (double)k; }

static void *fn_pick(void *a, void *b, int64_t which) { return which ? b : a; }

/* collects and allocates lots of same-sized garbage: the blackhole's live
 * objects must survive */
static void fn_churn(int64_t n) {
  rt_gc_collect();
  for (int64_t i = 0; i < n; i++) {
    int64_t *p = rt_gc_malloc(32);
    p[1] = -1;
    p[2] = -1;
  }
  rt_gc_collect();
}

/* what a native portal does at its merge point: driver 0 with n, acc = 0,
 * r = NULL, x = 0.5 (the test's portal image) */
static int64_t fn_nested(int64_t n) {
  rl_jit_ibuf[0] = n;
  rl_jit_ibuf[1] = 0;
  rl_jit_rbuf[0] = NULL;
  rl_jit_fbuf[0] = 0.5;
  return rl_jit_merge_point(0) == RL_JIT_DONE ? rl_jit_ibuf[0] : -1;
}

static void stub_i_iii(void *fn, const int64_t *ia, void *const *ra, const double *fa,
                       void *result) {
  (void)ra, (void)fa;
  *(int64_t *)result = ((int64_t (*)(int64_t, int64_t, int64_t))fn)(ia[0], ia[1], ia[2]);
}
static void stub_i_i(void *fn, const int64_t *ia, void *const *ra, const double *fa,
                     void *result) {
  (void)ra, (void)fa;
  *(int64_t *)result = ((int64_t (*)(int64_t))fn)(ia[0]);
}
static void stub_f_fi(void *fn, const int64_t *ia, void *const *ra, const double *fa,
                      void *result) {
  (void)ra;
  *(double *)result = ((double (*)(double, int64_t))fn)(fa[0], ia[0]);
}
static void stub_r_rri(void *fn, const int64_t *ia, void *const *ra, const double *fa,
                       void *result) {
  (void)fa;
  *(void **)result = ((void *(*)(void *, void *, int64_t))fn)(ra[0], ra[1], ia[0]);
}
static void stub_v_i(void *fn, const int64_t *ia, void *const *ra, const double *fa,
                     void *result) {
  (void)ra, (void)fa, (void)result;
  ((void (*)(int64_t))fn)(ia[0]);
}

enum { ST_I_III, ST_I_I, ST_F_FI, ST_R_RRI, ST_V_I, NSTUBS };
RlJitStub *const rl_jit_stubs[NSTUBS] = {stub_i_iii, stub_i_i, stub_f_fi, stub_r_rri, stub_v_i};

enum {
  A_BASE, A_SUB, A_OTHER, A_EXC_SUB, A_ADD3, A_MAYBE_RAISE, A_SCALE, A_PICK, A_CHURN, A_NESTED,
  NADDRS
};
void *const rl_jit_addrs[NADDRS] = {
    (void *)&vt_base, (void *)&vt_sub,         (void *)&vt_other, &exc_sub,
    (void *)fn_add3,  (void *)fn_maybe_raise, (void *)fn_scale,  (void *)fn_pick,
    (void *)fn_churn, (void *)fn_nested};

/* ---- a small assembler -------------------------------------------------------------------- */

enum { MAXCODES = 64, MAXDESCRS = 64, CODE_BYTES = 16384, POOL_BYTES = 8192 };

typedef struct Asm {
  JcCode codes[MAXCODES];
  uint32_t ncodes;
  JcDescr descrs[MAXDESCRS];
  uint32_t ndescrs;
  JcDriver drivers[4];
  uint32_t ndrivers;
  uint8_t code[CODE_BYTES];
  uint32_t ncode;
  uint8_t pool[POOL_BYTES];
  uint32_t npool;
  char strings[1024];
  uint32_t nstrings;
  /* the jitcode being written */
  JcCode *cur;
  uint16_t nvars[JC_NBANKS];
  int64_t ki[64];
  uint32_t kr[64];
  double kf[64];
  uint16_t nk[JC_NBANKS];
  /* the image */
  uint64_t image[(sizeof(JcHeader) + sizeof(JcCode) * MAXCODES + sizeof(JcDescr) * MAXDESCRS +
                  sizeof(JcDriver) * 4 + CODE_BYTES + POOL_BYTES + 1024) / 8 + 64];
  size_t size;
  JcImage img;
} Asm;

static Asm *asm_new(void) {
  Asm *A = calloc(1, sizeof *A);
  A->nstrings = 1;  /* "" at 0 */
  return A;
}

static uint32_t str(Asm *A, const char *s) {
  uint32_t at = A->nstrings;
  memcpy(A->strings + at, s, strlen(s) + 1);
  A->nstrings += (uint32_t)strlen(s) + 1;
  return at;
}

static uint32_t pool(Asm *A, const void *p, uint32_t n, uint32_t align) {
  while (A->npool % align) A->pool[A->npool++] = 0;
  uint32_t at = A->npool;
  memcpy(A->pool + at, p, n);
  A->npool += n;
  return at;
}

static uint32_t descr(Asm *A, JcDescr d) {
  d.name = str(A, "d");
  A->descrs[A->ndescrs] = d;
  return A->ndescrs++;
}

static uint32_t field(Asm *A, uint32_t offset, uint8_t size, uint16_t flags) {
  return descr(A, (JcDescr){.kind = JCD_FIELD, .size = size, .flags = flags, .a = offset});
}

static uint32_t call_descr(Asm *A, uint32_t stub, const char *kinds, char result) {
  uint8_t k[16] = {(uint8_t)strlen(kinds)};
  memcpy(k + 1, kinds, strlen(kinds));
  uint32_t at = pool(A, k, 1 + (uint32_t)strlen(kinds), 1);
  return descr(A, (JcDescr){.kind = JCD_CALL, .a = stub, .c = at, .d = (uint8_t)result | 8u << 8});
}

static uint32_t exc_descr(Asm *A, uint32_t lo, uint32_t hi) {
  return descr(A, (JcDescr){.kind = JCD_EXC_MATCH, .a = lo, .b = hi, .c = 0});
}

/* Starts jitcode number A->ncodes: nv variable registers per bank (the
 * first np of them parameters). */
static uint32_t begin(Asm *A, const char *name, char result, int nvi, int nvr, int nvf, int npi,
                      int npr, int npf) {
  JcCode *c = &A->codes[A->ncodes];
  memset(c, 0, sizeof *c);
  c->name = str(A, name);
  c->code_off = A->ncode;
  c->result_kind = result;
  c->nparams[JC_INT] = (uint16_t)npi;
  c->nparams[JC_REF] = (uint16_t)npr;
  c->nparams[JC_FLOAT] = (uint16_t)npf;
  A->nvars[JC_INT] = (uint16_t)nvi;
  A->nvars[JC_REF] = (uint16_t)nvr;
  A->nvars[JC_FLOAT] = (uint16_t)nvf;
  memset(A->nk, 0, sizeof A->nk);
  A->cur = c;
  return A->ncodes++;
}

/* Registers holding constants (the top registers). */
static int ki(Asm *A, int64_t v) {
  A->ki[A->nk[JC_INT]] = v;
  return A->nvars[JC_INT] + A->nk[JC_INT]++;
}
static int kr(Asm *A, uint32_t addr) {
  A->kr[A->nk[JC_REF]] = addr;
  return A->nvars[JC_REF] + A->nk[JC_REF]++;
}
static int kf(Asm *A, double v) {
  A->kf[A->nk[JC_FLOAT]] = v;
  return A->nvars[JC_FLOAT] + A->nk[JC_FLOAT]++;
}

static void end(Asm *A) {
  JcCode *c = A->cur;
  c->code_size = A->ncode - c->code_off;
  for (int b = 0; b < JC_NBANKS; b++) {
    c->nconsts[b] = A->nk[b];
    c->nregs[b] = (uint16_t)(A->nvars[b] + A->nk[b]);
  }
  c->consts_off[JC_INT] = pool(A, A->ki, 8u * A->nk[JC_INT], 8);
  c->consts_off[JC_REF] = pool(A, A->kr, 4u * A->nk[JC_REF], 4);
  c->consts_off[JC_FLOAT] = pool(A, A->kf, 8u * A->nk[JC_FLOAT], 8);
}

static uint32_t here(Asm *A) { return A->ncode - A->cur->code_off; }

static void put8(Asm *A, uint32_t v) { A->code[A->ncode++] = (uint8_t)v; }
static void put16(Asm *A, uint32_t v) { put8(A, v & 0xff); put8(A, v >> 8); }
static void put32(Asm *A, uint32_t v) { put16(A, v & 0xffff); put16(A, v >> 16); }

/* Emits op with its operands from the arguments (ints), one per letter of
 * its operand string; a list letter takes a count, then the registers.
 * Returns the op's offset in the jitcode. */
static uint32_t E(Asm *A, JcOp op, ...) {
  uint32_t at = here(A);
  va_list ap;
  va_start(ap, op);
  put8(A, op);
  for (const char *a = jc_op_info[op].args; *a; a++) {
    switch (*a) {
    case '>': break;
    case 'i': case 'r': case 'f': put16(A, (uint32_t)va_arg(ap, int)); break;
    case 'd': case 'L': case 'j': case 'n': put32(A, (uint32_t)va_arg(ap, int)); break;
    default: {
      int n = va_arg(ap, int);
      put8(A, (uint32_t)n);
      for (int k = 0; k < n; k++) put16(A, (uint32_t)va_arg(ap, int));
    }
    }
  }
  va_end(ap);
  return at;
}

/* Points the last label operand of the op at `at` to `target`. */
static void fix(Asm *A, uint32_t at, uint32_t target) {
  uint8_t *start = A->code + A->cur->code_off;
  uint8_t *p = start + at;
  size_t len = jc_op_length(p, A->code + A->ncode);
  assert_true(len >= 5);
  uint8_t *l = p + len - 4;
  for (int i = 0; i < 4; i++) l[i] = (uint8_t)(target >> (8 * i));
}

static uint32_t switch_descr(Asm *A, uint32_t n, const int64_t *values, const uint32_t *labels,
                             uint32_t deflt) {
  uint8_t t[4 + 12 * 16];
  memcpy(t, &n, 4);
  for (uint32_t k = 0; k < n; k++) {
    memcpy(t + 4 + 12 * k, &values[k], 8);
    memcpy(t + 4 + 12 * k + 8, &labels[k], 4);
  }
  uint32_t at = pool(A, t, 4 + 12 * n, 8);
  return descr(A, (JcDescr){.kind = JCD_SWITCH, .a = at, .b = deflt});
}

static uint32_t driver(Asm *A, uint32_t portal, uint32_t merge_pc, const char *kinds,
                       uint16_t ngreens) {
  uint32_t n = (uint32_t)strlen(kinds);
  uint32_t names[16] = {0};
  JcDriver d = {.name = str(A, "driver"), .portal = portal, .merge_pc = merge_pc,
                .ngreens = ngreens, .nreds = (uint16_t)(n - ngreens),
                .kinds_off = pool(A, kinds, n, 1), .names_off = pool(A, names, 4 * n, 4),
                .printable = JC_NULL_ADDR};
  A->drivers[A->ndrivers] = d;
  return descr(A, (JcDescr){.kind = JCD_DRIVER, .a = A->ndrivers++});
}

static uint32_t section(Asm *A, const void *p, size_t n) {
  uint8_t *img = (uint8_t *)A->image;
  A->size = (A->size + 7) & ~(size_t)7;
  uint32_t at = (uint32_t)A->size;
  if (n) memcpy(img + at, p, n);
  A->size += n;
  return at;
}

/* Lays out and opens the image (it must validate). */
static const JcImage *finish(Asm *A) {
  JcHeader h;
  memset(&h, 0, sizeof h);
  memcpy(h.magic, JC_MAGIC, 8);
  h.version = jc_format_version();
  A->size = sizeof h;
  h.ncodes = A->ncodes;
  h.codes_off = section(A, A->codes, sizeof(JcCode) * A->ncodes);
  h.ndescrs = A->ndescrs;
  h.descrs_off = section(A, A->descrs, sizeof(JcDescr) * A->ndescrs);
  h.ndrivers = A->ndrivers;
  h.drivers_off = section(A, A->drivers, sizeof(JcDriver) * A->ndrivers);
  h.naddrs = NADDRS;
  h.nstubs = NSTUBS;
  h.bytecode_size = A->ncode;
  h.bytecode_off = section(A, A->code, A->ncode);
  h.pool_size = A->npool;
  h.pool_off = section(A, A->pool, A->npool);
  h.strings_size = A->nstrings;
  h.strings_off = section(A, A->strings, A->nstrings);
  A->size = (A->size + 7) & ~(size_t)7;
  h.size = (uint32_t)A->size;
  memcpy(A->image, &h, sizeof h);
  char err[200] = "";
  bool ok = jc_image_open(&A->img, A->image, A->size, err, sizeof err);
  if (!ok) fprintf(stderr, "image: %s\n", err);
  assert_true(ok);
  return &A->img;
}

/* ---- running ---------------------------------------------------------------------------------- */

/* Runs jitcode `code` of A's image with the given parameters. */
static int32_t run(Asm *A, uint32_t code, const int64_t *ia, void *const *ra, const double *fa,
                   BhValue *out) {
  Bh bh;
  rl_exc_type = NULL;  /* a failed test may have left one */
  rl_exc_value = NULL;
  bh_init(&bh, &A->img, rl_jit_addrs, rl_jit_stubs);
  assert_true(bh_call(&bh, code, ia, ra, fa));
  memset(out, 0, sizeof *out);
  return bh_run(&bh, out);
}

static int64_t run_i(Asm *A, uint32_t code, int64_t a, int64_t b) {
  int64_t ia[2] = {a, b};
  BhValue v;
  int32_t r = run(A, code, ia, NULL, NULL, &v);
  if (r != RL_JIT_DONE)
    fail_msg("%s(%lld, %lld) raised %p", jc_str(&A->img, A->img.codes[code].name), (long long)a,
             (long long)b, (const void *)rl_exc_type);
  assert_null(rl_exc_type);
  return v.i;
}

/* Expects the run to raise `type`; clears the exception. */
static void expect_raise(int32_t r, const RlVtable *type) {
  assert_int_equal(r, RL_JIT_RAISE);
  assert_ptr_equal(rl_exc_type, type);
  assert_non_null(rl_exc_value);
  rl_exc_type = NULL;
  rl_exc_value = NULL;
}

static int setup(void **state) {
  (void)state;
  rt_gc_init();
  rt_exc_init();
  return 0;
}

/* ---- integer ops -------------------------------------------------------------------------------- */

/* f(a, b) = op(a, b) for an op "ii>i" or "i>i" (int bank only) */
static uint32_t int_op_code(Asm *A, JcOp op) {
  bool unary = strcmp(jc_op_info[op].args, "i>i") == 0;
  uint32_t c = begin(A, jc_op_info[op].name, 'i', 3, 0, 0, 2, 0, 0);
  if (unary) E(A, op, 0, 2);
  else E(A, op, 0, 1, 2);
  E(A, JC_int_return, 2);
  end(A);
  return c;
}

typedef struct IntCase {
  JcOp op;
  int64_t a, b, want;
} IntCase;

static const IntCase int_cases[] = {
    {JC_int_add, INT64_MAX, 1, INT64_MIN},
    {JC_int_sub, INT64_MIN, 1, INT64_MAX},
    {JC_int_mul, INT64_MAX, 2, -2},
    {JC_int_mul, -7, 6, -42},
    {JC_int_floordiv, 7, 2, 3},
    {JC_int_floordiv, -7, 2, -4},
    {JC_int_floordiv, 7, -2, -4},
    {JC_int_floordiv, -7, -2, 3},
    {JC_int_floordiv, -8, 2, -4},
    {JC_int_floordiv, INT64_MIN, -1, INT64_MIN},
    {JC_int_mod, 7, 2, 1},
    {JC_int_mod, -7, 2, 1},
    {JC_int_mod, 7, -2, -1},
    {JC_int_mod, -7, -2, -1},
    {JC_int_mod, -8, 2, 0},
    {JC_int_mod, INT64_MIN, -1, 0},
    {JC_int_and, 12, 10, 8},
    {JC_int_or, 12, 10, 14},
    {JC_int_xor, 12, 10, 6},
    {JC_int_lshift, 1, 63, INT64_MIN},
    {JC_int_lshift, 3, 2, 12},
    {JC_int_lshift, 1, 64, 0},
    {JC_int_lshift, -1, 1000, 0},
    {JC_int_rshift, -8, 1, -4},
    {JC_int_rshift, -1, 64, -1},
    {JC_int_rshift, INT64_MIN, 63, -1},
    {JC_int_rshift, 5, 64, 0},
    {JC_int_rshift, 5, 100, 0},
    {JC_uint_rshift, -1, 63, 1},
    {JC_uint_rshift, -1, 64, 0},
    {JC_uint_rshift, -8, 1, INT64_MAX - 3},
    {JC_int_neg, 5, 0, -5},
    {JC_int_neg, INT64_MIN, 0, INT64_MIN},
    {JC_int_abs, -5, 0, 5},
    {JC_int_abs, INT64_MIN, 0, INT64_MIN},
    {JC_int_invert, 0, 0, -1},
    {JC_int_is_true, 7, 0, 1},
    {JC_int_is_true, 0, 0, 0},
    {JC_int_is_zero, 0, 0, 1},
    {JC_int_is_zero, -3, 0, 0},
    {JC_int_lt, -1, 1, 1},
    {JC_int_le, 1, 1, 1},
    {JC_int_eq, 2, 3, 0},
    {JC_int_ne, 2, 3, 1},
    {JC_int_gt, 1, -1, 1},
    {JC_int_ge, -1, 1, 0},
    {JC_uint_lt, -1, 1, 0},
    {JC_uint_le, 1, -1, 1},
    {JC_uint_gt, -1, 1, 1},
    {JC_uint_ge, 0, -1, 0},
    {JC_uint_floordiv, -1, 2, INT64_MAX},
    {JC_uint_mod, -1, 10, 5},  /* 18446744073709551615 % 10 */
    {JC_int_add_ovf, 40, 2, 42},
    {JC_int_sub_ovf, 40, 2, 38},
    {JC_int_mul_ovf, -4, 5, -20},
    {JC_int_neg_ovf, 4, 0, -4},
    {JC_int_copy, 9, 0, 9},
    {JC_int_isconstant, 9, 0, 0},
};

static void test_int_ops(void **state) {
  (void)state;
  Asm *A = asm_new();
  uint32_t code[JC__COUNT];
  for (int op = 0; op < JC__COUNT; op++) {
    const char *args = jc_op_info[op].args;
    if (strcmp(args, "ii>i") == 0 || strcmp(args, "i>i") == 0) code[op] = int_op_code(A, op);
  }
  finish(A);
  for (size_t k = 0; k < sizeof int_cases / sizeof int_cases[0]; k++) {
    const IntCase *c = &int_cases[k];
    int64_t got = run_i(A, code[c->op], c->a, c->b);
    if (got != c->want)
      fail_msg("%s(%lld, %lld) = %lld, want %lld", jc_op_info[c->op].name, (long long)c->a,
               (long long)c->b, (long long)got, (long long)c->want);
  }
  /* the ones that raise */
  BhValue v;
  int64_t args[][2] = {{INT64_MAX, 1}, {INT64_MIN, 1}, {INT64_MAX, 2}, {INT64_MIN, 0}};
  JcOp ovf[] = {JC_int_add_ovf, JC_int_sub_ovf, JC_int_mul_ovf, JC_int_neg_ovf};
  for (int k = 0; k < 4; k++)
    expect_raise(run(A, code[ovf[k]], args[k], NULL, NULL, &v), &rl_vtable_OverflowError);
  JcOp div[] = {JC_int_floordiv, JC_int_mod, JC_uint_floordiv, JC_uint_mod};
  int64_t by_zero[2] = {1, 0};
  for (int k = 0; k < 4; k++)
    expect_raise(run(A, code[div[k]], by_zero, NULL, NULL, &v), &rl_vtable_ZeroDivisionError);
  free(A);
}

static void test_int_between_and_ptrs(void **state) {
  (void)state;
  Asm *A = asm_new();
  /* between(a, b) = a <= 5 < b */
  uint32_t bt = begin(A, "between", 'i', 3, 0, 0, 2, 0, 0);
  int five = ki(A, 5);
  E(A, JC_int_between, 0, five, 1, 2);
  E(A, JC_int_return, 2);
  end(A);
  /* ptrs(p, q) = eq + ne*2 + iszero(p)*4 + nonzero(q)*8 */
  uint32_t pt = begin(A, "ptrs", 'i', 4, 2, 0, 0, 2, 0);
  int two = ki(A, 2), four = ki(A, 4), eight = ki(A, 8);
  E(A, JC_ptr_eq, 0, 1, 0);
  E(A, JC_ptr_ne, 0, 1, 1);
  E(A, JC_ptr_iszero, 0, 2);
  E(A, JC_ptr_nonzero, 1, 3);
  E(A, JC_int_mul, 1, two, 1);
  E(A, JC_int_mul, 2, four, 2);
  E(A, JC_int_mul, 3, eight, 3);
  E(A, JC_int_add, 0, 1, 0);
  E(A, JC_int_add, 0, 2, 0);
  E(A, JC_int_add, 0, 3, 0);
  E(A, JC_int_return, 0);
  end(A);
  /* hash(p) = identityhash(p) */
  uint32_t hs = begin(A, "hash", 'i', 1, 1, 0, 0, 1, 0);
  E(A, JC_identityhash, 0, 0);
  E(A, JC_int_return, 0);
  end(A);
  finish(A);
  assert_int_equal(run_i(A, bt, 5, 6), 1);
  assert_int_equal(run_i(A, bt, 6, 7), 0);
  assert_int_equal(run_i(A, bt, 4, 5), 0);
  int obj;
  BhValue v;
  void *ra[2] = {&obj, NULL};
  assert_int_equal(run(A, pt, NULL, ra, NULL, &v), RL_JIT_DONE);
  assert_int_equal(v.i, 2);
  void *rb[2] = {NULL, &obj};
  assert_int_equal(run(A, pt, NULL, rb, NULL, &v), RL_JIT_DONE);
  assert_int_equal(v.i, 2 + 4 + 8);
  void *rc[2] = {&obj, &obj};
  assert_int_equal(run(A, pt, NULL, rc, NULL, &v), RL_JIT_DONE);
  assert_int_equal(v.i, 1 + 8);
  assert_int_equal(run(A, hs, NULL, ra, NULL, &v), RL_JIT_DONE);
  assert_int_equal(v.i, (int64_t)(uintptr_t)&obj);
  free(A);
}

/* JIT hints do nothing in the blackhole: guard_value, live, and
 * isconstant / isvirtual give 0 */
static void test_hints(void **state) {
  (void)state;
  Asm *A = asm_new();
  uint16_t live[6] = {1, 1, 1, 0, 0, 0};  /* i0, r0, f0 */
  uint32_t live_at = pool(A, live, sizeof live, 2);
  uint32_t h = begin(A, "hints", 'i', 5, 1, 1, 1, 1, 1);
  int seven = ki(A, 7);
  E(A, JC_live, (int)live_at);
  E(A, JC_int_guard_value, 0);
  E(A, JC_ref_guard_value, 0);
  E(A, JC_float_guard_value, 0);
  E(A, JC_int_isconstant, 0, 1);
  E(A, JC_ref_isconstant, 0, 2);
  E(A, JC_float_isconstant, 0, 3);
  E(A, JC_ref_isvirtual, 0, 4);
  E(A, JC_int_add, 1, 2, 1);
  E(A, JC_int_add, 1, 3, 1);
  E(A, JC_int_add, 1, 4, 1);
  E(A, JC_int_add, 1, seven, 1);
  E(A, JC_int_add, 1, 0, 1);
  E(A, JC_int_return, 1);
  end(A);
  finish(A);
  int obj;
  int64_t ia[1] = {3};
  void *ra[1] = {&obj};
  double fa[1] = {1.0};
  BhValue v;
  assert_int_equal(run(A, h, ia, ra, fa, &v), RL_JIT_DONE);
  assert_int_equal(v.i, 10);
  free(A);
}

/* ---- float ops ------------------------------------------------------------------------------------ */

static uint32_t float_op_code(Asm *A, JcOp op) {
  const char *args = jc_op_info[op].args;
  uint32_t c;
  if (strcmp(args, "ff>f") == 0) {
    c = begin(A, "f", 'f', 0, 0, 3, 0, 0, 2);
    E(A, op, 0, 1, 2);
    E(A, JC_float_return, 2);
  } else if (strcmp(args, "f>f") == 0) {
    c = begin(A, "f", 'f', 0, 0, 3, 0, 0, 2);
    E(A, op, 0, 2);
    E(A, JC_float_return, 2);
  } else if (strcmp(args, "ff>i") == 0) {
    c = begin(A, "f", 'i', 1, 0, 2, 0, 0, 2);
    E(A, op, 0, 1, 0);
    E(A, JC_int_return, 0);
  } else if (strcmp(args, "f>i") == 0) {
    c = begin(A, "f", 'i', 1, 0, 2, 0, 0, 2);
    E(A, op, 0, 0);
    E(A, JC_int_return, 0);
  } else {  /* "i>f" */
    c = begin(A, "f", 'f', 2, 0, 1, 2, 0, 0);
    E(A, op, 0, 0);
    E(A, JC_float_return, 0);
  }
  end(A);
  return c;
}

typedef struct FloatCase {
  JcOp op;
  double a, b;
  double want;  /* the int result as a double for int-valued ops */
} FloatCase;

static void test_float_ops(void **state) {
  (void)state;
  Asm *A = asm_new();
  uint32_t code[JC__COUNT];
  for (int op = JC_float_add; op <= JC_cast_uint_to_float; op++) code[op] = float_op_code(A, op);
  finish(A);
  const FloatCase cases[] = {
      {JC_float_add, 1.5, 2.25, 3.75},     {JC_float_sub, 1.5, 2.25, -0.75},
      {JC_float_mul, 1.5, -2.0, -3.0},     {JC_float_truediv, 1.0, 4.0, 0.25},
      {JC_float_floordiv, -7.0, 2.0, -4.0}, {JC_float_floordiv, 7.0, -2.0, -4.0},
      {JC_float_mod, -7.0, 2.0, 1.0},      {JC_float_mod, 7.0, -2.0, -1.0},
      {JC_float_neg, 2.5, 0, -2.5},        {JC_float_abs, -2.5, 0, 2.5},
      {JC_float_is_true, 0.0, 0, 0},       {JC_float_is_true, -0.5, 0, 1},
      {JC_float_lt, 1.0, 2.0, 1},          {JC_float_le, 2.0, 2.0, 1},
      {JC_float_eq, 2.0, 2.0, 1},          {JC_float_ne, 2.0, 2.0, 0},
      {JC_float_gt, 1.0, 2.0, 0},          {JC_float_ge, 1.0, 2.0, 0},
      {JC_float_lt, NAN, 2.0, 0},          {JC_float_eq, NAN, NAN, 0},
      {JC_float_ne, NAN, NAN, 1},          {JC_float_ge, NAN, NAN, 0},
      {JC_cast_float_to_int, -2.75, 0, -2}, {JC_cast_float_to_int, 1e300, 0, (double)INT64_MIN},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    const FloatCase *c = &cases[k];
    double fa[2] = {c->a, c->b};
    BhValue v;
    assert_int_equal(run(A, code[c->op], NULL, NULL, fa, &v), RL_JIT_DONE);
    const JcCode *jc = &A->img.codes[code[c->op]];
    double got = jc->result_kind == 'i' ? (double)v.i : v.f;
    if (got != c->want)
      fail_msg("%s(%g, %g) = %g, want %g", jc_op_info[c->op].name, c->a, c->b, got, c->want);
  }
  int64_t ia[2] = {-1, 0};
  BhValue v;
  assert_int_equal(run(A, code[JC_cast_uint_to_float], ia, NULL, NULL, &v), RL_JIT_DONE);
  assert_true(v.f == 18446744073709551616.0);
  assert_int_equal(run(A, code[JC_cast_int_to_float], ia, NULL, NULL, &v), RL_JIT_DONE);
  assert_true(v.f == -1.0);
  free(A);
}

/* ---- control flow ---------------------------------------------------------------------------------- */

static void test_loop_and_switch(void **state) {
  (void)state;
  Asm *A = asm_new();
  /* sum(n) = n + (n-1) + ... + 1 */
  uint32_t sum = begin(A, "sum", 'i', 3, 0, 0, 1, 0, 0);
  int zero = ki(A, 0), one = ki(A, 1);
  E(A, JC_int_copy, zero, 1);
  uint32_t loop = here(A);
  E(A, JC_int_gt, 0, zero, 2);
  uint32_t exit = E(A, JC_goto_if_not, 2, 0);
  E(A, JC_int_add, 1, 0, 1);
  E(A, JC_int_sub, 0, one, 0);
  E(A, JC_goto, (int)loop);
  fix(A, exit, here(A));
  E(A, JC_int_return, 1);
  end(A);
  /* sw(x) = {1: 10, 5: 50, -3: -30}.get(x, 0) */
  uint32_t sw = begin(A, "sw", 'i', 1, 0, 0, 1, 0, 0);
  int k10 = ki(A, 10), k50 = ki(A, 50), km30 = ki(A, -30), k0 = ki(A, 0);
  uint32_t d = A->ndescrs;  /* made below, once the labels are known */
  E(A, JC_switch, 0, (int)d);
  uint32_t labels[3];
  labels[0] = E(A, JC_int_return, k10);
  labels[1] = E(A, JC_int_return, k50);
  labels[2] = E(A, JC_int_return, km30);
  uint32_t deflt = E(A, JC_int_return, k0);
  end(A);
  int64_t values[3] = {1, 5, -3};
  assert_int_equal(switch_descr(A, 3, values, labels, deflt), d);
  finish(A);
  assert_int_equal(run_i(A, sum, 100, 0), 5050);
  assert_int_equal(run_i(A, sum, 0, 0), 0);
  assert_int_equal(run_i(A, sw, 1, 0), 10);
  assert_int_equal(run_i(A, sw, 5, 0), 50);
  assert_int_equal(run_i(A, sw, -3, 0), -30);
  assert_int_equal(run_i(A, sw, 2, 0), 0);
  free(A);
}

/* ---- calls ----------------------------------------------------------------------------------------- */

static void test_inline_calls(void **state) {
  (void)state;
  Asm *A = asm_new();
  /* g(i a, i b, r p, r q, f x) = a*10 + b + (p == q)*1000 + int(x)*100 */
  uint32_t g = begin(A, "g", 'i', 5, 2, 1, 2, 2, 1);
  int ten = ki(A, 10), thousand = ki(A, 1000), hundred = ki(A, 100);
  E(A, JC_int_mul, 0, ten, 2);
  E(A, JC_int_add, 2, 1, 2);
  E(A, JC_ptr_eq, 0, 1, 3);
  E(A, JC_int_mul, 3, thousand, 3);
  E(A, JC_int_add, 2, 3, 2);
  E(A, JC_cast_float_to_int, 0, 4);
  E(A, JC_int_mul, 4, hundred, 4);
  E(A, JC_int_add, 2, 4, 2);
  E(A, JC_int_return, 2);
  end(A);
  /* h(f x) = x * 2.0; rr(r p) = p; v() = nothing */
  uint32_t h = begin(A, "h", 'f', 0, 0, 2, 0, 0, 1);
  int ftwo = kf(A, 2.0);
  E(A, JC_float_mul, 0, ftwo, 1);
  E(A, JC_float_return, 1);
  end(A);
  uint32_t rr = begin(A, "rr", 'r', 0, 1, 0, 0, 1, 0);
  E(A, JC_ref_return, 0);
  end(A);
  uint32_t vv = begin(A, "v", 'v', 0, 0, 0, 0, 0, 0);
  E(A, JC_void_return);
  end(A);
  /* f(i a, r p, f x) = g(a, 7, p, rr(p), h(x)) after v() */
  uint32_t f = begin(A, "f", 'i', 2, 2, 2, 1, 1, 1);
  int seven = ki(A, 7);
  E(A, JC_inline_call_v, (int)vv, 0, 0, 0);
  E(A, JC_inline_call_r, (int)rr, 0, 1, 0, 0, 1);
  E(A, JC_inline_call_f, (int)h, 0, 0, 1, 0, 1);
  E(A, JC_inline_call_i, (int)g, 2, 0, seven, 2, 0, 1, 1, 1, 1);
  E(A, JC_int_return, 1);
  end(A);
  /* fact(n) = n <= 1 ? 1 : n * fact(n - 1) */
  uint32_t fact = begin(A, "fact", 'i', 3, 0, 0, 1, 0, 0);
  int one = ki(A, 1);
  E(A, JC_int_le, 0, one, 1);
  uint32_t rec = E(A, JC_goto_if_not, 1, 0);
  E(A, JC_int_return, one);
  fix(A, rec, here(A));
  E(A, JC_int_sub, 0, one, 1);
  E(A, JC_inline_call_i, (int)fact, 1, 1, 0, 0, 2);
  E(A, JC_int_mul, 0, 2, 2);
  E(A, JC_int_return, 2);
  end(A);
  finish(A);
  int obj;
  int64_t ia[1] = {3};
  void *ra[1] = {&obj};
  double fa[1] = {2.5};
  BhValue v;
  assert_int_equal(run(A, f, ia, ra, fa, &v), RL_JIT_DONE);
  assert_int_equal(v.i, 30 + 7 + 1000 + 500);
  assert_int_equal(run_i(A, fact, 20, 0), 2432902008176640000LL);
  free(A);
}

static void test_residual_calls(void **state) {
  (void)state;
  Asm *A = asm_new();
  uint32_t d_add3 = call_descr(A, ST_I_III, "iii", 'i');
  uint32_t d_scale = call_descr(A, ST_F_FI, "fi", 'f');
  uint32_t d_pick = call_descr(A, ST_R_RRI, "rri", 'r');
  uint32_t d_churn = call_descr(A, ST_V_I, "i", 'v');
  /* f(a, b, p, q, x) = add3(a, b, 4) + int(scale(x, a)) + (pick(p, q, b) == q) * 1000 */
  uint32_t f = begin(A, "f", 'i', 5, 3, 2, 2, 2, 1);
  int four = ki(A, 4), thousand = ki(A, 1000), zero = ki(A, 0);
  int fadd3 = kr(A, A_ADD3), fscale = kr(A, A_SCALE), fpick = kr(A, A_PICK),
      fchurn = kr(A, A_CHURN);
  E(A, JC_residual_call_v, fchurn, (int)d_churn, 1, zero, 0, 0);
  E(A, JC_residual_call_i, fadd3, (int)d_add3, 3, 0, 1, four, 0, 0, 2);
  E(A, JC_residual_call_f, fscale, (int)d_scale, 1, 0, 0, 1, 0, 1);
  E(A, JC_cast_float_to_int, 1, 3);
  E(A, JC_int_add, 2, 3, 2);
  E(A, JC_residual_call_r, fpick, (int)d_pick, 1, 1, 2, 0, 1, 0, 2);
  E(A, JC_ptr_eq, 2, 1, 4);
  E(A, JC_int_mul, 4, thousand, 4);
  E(A, JC_int_add, 2, 4, 2);
  E(A, JC_int_return, 2);
  end(A);
  finish(A);
  int o1, o2;
  int64_t ia[2] = {1, 2};
  void *ra[2] = {&o1, &o2};
  double fa[1] = {1.5};
  BhValue v;
  assert_int_equal(run(A, f, ia, ra, fa, &v), RL_JIT_DONE);
  assert_int_equal(v.i, 124 + 1 + 1000);
  ia[1] = 0;
  assert_int_equal(run(A, f, ia, ra, fa, &v), RL_JIT_DONE);
  assert_int_equal(v.i, 104 + 1);
  free(A);
}

/* ---- exceptions ------------------------------------------------------------------------------------ */

typedef struct ExcImage {
  Asm *A;
  uint32_t guarded, outer, raiser, deep, noexc;
} ExcImage;

/* guarded(x):
 *   try: r = maybe_raise(x)            (residual)
 *   except Base as e: return 100 + (e is exc_sub) + 10 * (type(e) is Sub)
 *   except Other: return 200
 *   (anything else propagates)
 *   return r */
static void exc_guarded(ExcImage *X, uint32_t d_maybe, uint32_t d_base, uint32_t d_other) {
  Asm *A = X->A;
  X->guarded = begin(A, "guarded", 'i', 4, 2, 0, 1, 0, 0);
  int f = kr(A, A_MAYBE_RAISE), excsub = kr(A, A_EXC_SUB), sub = kr(A, A_SUB);
  int k100 = ki(A, 100), k200 = ki(A, 200), k10 = ki(A, 10);
  E(A, JC_residual_call_i, f, (int)d_maybe, 1, 0, 0, 0, 1);
  uint32_t c = E(A, JC_catch_exception, 0);
  E(A, JC_int_return, 1);
  fix(A, c, here(A));
  uint32_t m1 = E(A, JC_goto_if_exception_mismatch, (int)d_base, 0);
  E(A, JC_last_exc_type, 0);
  E(A, JC_last_exc_value, 1);
  E(A, JC_ptr_eq, 1, excsub, 2);
  E(A, JC_ptr_eq, 0, sub, 3);
  E(A, JC_int_mul, 3, k10, 3);
  E(A, JC_int_add, 2, 3, 2);
  E(A, JC_int_add, 2, k100, 2);
  E(A, JC_int_return, 2);
  fix(A, m1, here(A));
  uint32_t m2 = E(A, JC_goto_if_exception_mismatch, (int)d_other, 0);
  E(A, JC_int_return, k200);
  fix(A, m2, here(A));
  E(A, JC_reraise);
  end(A);
}

/* raiser(k): k == 0: raise Sub(exc_sub) with the raise op; else
 * deep(k - 1) */
static void exc_raiser(ExcImage *X) {
  Asm *A = X->A;
  X->raiser = begin(A, "raiser", 'i', 2, 0, 0, 1, 0, 0);
  int sub = kr(A, A_SUB), excsub = kr(A, A_EXC_SUB), one = ki(A, 1);
  uint32_t j = E(A, JC_goto_if_not, 0, 0);
  E(A, JC_int_sub, 0, one, 0);
  E(A, JC_inline_call_i, (int)X->raiser, 1, 0, 0, 0, 1);  /* no catch: propagates */
  E(A, JC_int_return, 1);
  fix(A, j, here(A));
  E(A, JC_raise, sub, excsub);
  end(A);
}

/* outer(k): try: raiser(k) except Base: return 7 */
static void exc_outer(ExcImage *X, uint32_t d_base) {
  Asm *A = X->A;
  X->outer = begin(A, "outer", 'i', 2, 0, 0, 1, 0, 0);
  int seven = ki(A, 7);
  E(A, JC_inline_call_i, (int)X->raiser, 1, 0, 0, 0, 1);
  uint32_t c = E(A, JC_catch_exception, 0);
  E(A, JC_int_return, 1);
  fix(A, c, here(A));
  uint32_t m = E(A, JC_goto_if_exception_mismatch, (int)d_base, 0);
  E(A, JC_int_return, seven);
  fix(A, m, here(A));
  E(A, JC_reraise);
  end(A);
}

/* deep(x): guarded(x) from two frames down, no handlers on the way */
static void exc_deep(ExcImage *X) {
  Asm *A = X->A;
  uint32_t mid = begin(A, "mid", 'i', 2, 0, 0, 1, 0, 0);
  int one = ki(A, 1);
  E(A, JC_inline_call_i, (int)X->guarded, 1, 0, 0, 0, 1);
  E(A, JC_int_add, 1, one, 1);
  E(A, JC_int_return, 1);
  end(A);
  X->deep = begin(A, "deep", 'i', 2, 0, 0, 1, 0, 0);
  E(A, JC_inline_call_i, (int)mid, 1, 0, 0, 0, 1);
  uint32_t c = E(A, JC_catch_exception, 0);  /* nothing raised: a no-op */
  E(A, JC_int_return, 1);
  fix(A, c, here(A));
  E(A, JC_reraise);
  end(A);
}

static ExcImage exc_image(void) {
  ExcImage X = {asm_new(), 0, 0, 0, 0, 0};
  uint32_t d_maybe = call_descr(X.A, ST_I_I, "i", 'i');
  uint32_t d_base = exc_descr(X.A, 10, 20), d_other = exc_descr(X.A, 30, 31);
  exc_guarded(&X, d_maybe, d_base, d_other);
  exc_raiser(&X);
  exc_outer(&X, d_base);
  exc_deep(&X);
  finish(X.A);
  return X;
}

static void test_exceptions(void **state) {
  (void)state;
  ExcImage X = exc_image();
  Asm *A = X.A;
  BhValue v;
  assert_int_equal(run_i(A, X.guarded, 0, 0), 0);
  assert_int_equal(run_i(A, X.guarded, 21, 0), 42);
  assert_int_equal(run_i(A, X.guarded, 1, 0), 111);  /* Sub, the prebuilt value */
  assert_int_equal(run_i(A, X.guarded, 2, 0), 200);  /* Other */
  int64_t three[1] = {3};
  expect_raise(run(A, X.guarded, three, NULL, NULL, &v), &rl_vtable_OverflowError);
  /* propagation through frames without handlers, and a no-op catch */
  assert_int_equal(run_i(A, X.deep, 5, 0), 11);
  expect_raise(run(A, X.deep, three, NULL, NULL, &v), &rl_vtable_OverflowError);
  /* the raise op, caught three frames up */
  assert_int_equal(run_i(A, X.outer, 0, 0), 7);
  assert_int_equal(run_i(A, X.outer, 3, 0), 7);
  int64_t zero[1] = {0};
  expect_raise(run(A, X.raiser, zero, NULL, NULL, &v), &vt_sub);
  free(A);
}

/* ---- objects and arrays --------------------------------------------------------------------------- */

/* struct Obj { hdr; typeptr @8; int64 n @16; bool b @24; char c @25; int8 s @26;
 *              double x @32; Obj *next @40 } */
static void test_new_and_fields(void **state) {
  (void)state;
  Asm *A = asm_new();
  uint32_t size = descr(A, (JcDescr){.kind = JCD_SIZE, .type_id = 42, .a = 48, .b = A_BASE,
                                     .c = 8, .flags = JC_MEM_HAS_GCPTRS});
  uint32_t f_n = field(A, 16, 8, JC_MEM_SIGNED), f_b = field(A, 24, 1, 0),
           f_c = field(A, 25, 1, 0), f_s = field(A, 26, 1, JC_MEM_SIGNED),
           f_x = field(A, 32, 8, JC_MEM_FLOAT), f_next = field(A, 40, 8, JC_MEM_REF | JC_MEM_GCREF),
           f_type = field(A, 8, 8, JC_MEM_REF);
  /* mk(n, c) -> a new Obj whose next is another new Obj; returns it */
  uint32_t mk = begin(A, "mk", 'r', 3, 3, 1, 2, 0, 0);
  int one = ki(A, 1), m3 = ki(A, -3), half = kf(A, 0.5);
  E(A, JC_new, (int)size, 0);
  E(A, JC_new, (int)size, 1);
  E(A, JC_setfield_i, 0, 0, (int)f_n);
  E(A, JC_setfield_i, 0, one, (int)f_b);
  E(A, JC_setfield_i, 0, 1, (int)f_c);
  E(A, JC_setfield_i, 0, m3, (int)f_s);
  E(A, JC_setfield_f, 0, half, (int)f_x);
  E(A, JC_write_barrier, 0);
  E(A, JC_setfield_r, 0, 1, (int)f_next);
  E(A, JC_ref_return, 0);
  end(A);
  /* rd(p) = p.n + p.b * 10 + p.c * 100 + p.s * 1000 + int(p.x * 4) * 10000
   *         + (p.next.typeptr == p.typeptr) * 100000 */
  uint32_t rd = begin(A, "rd", 'i', 4, 4, 1, 0, 1, 0);
  int k10 = ki(A, 10), k100 = ki(A, 100), k1000 = ki(A, 1000), k10000 = ki(A, 10000),
      k100000 = ki(A, 100000);
  int four = kf(A, 4.0);
  E(A, JC_getfield_i, 0, (int)f_n, 0);
  E(A, JC_getfield_i, 0, (int)f_b, 1);
  E(A, JC_int_mul, 1, k10, 1);
  E(A, JC_int_add, 0, 1, 0);
  E(A, JC_getfield_i, 0, (int)f_c, 1);
  E(A, JC_int_mul, 1, k100, 1);
  E(A, JC_int_add, 0, 1, 0);
  E(A, JC_getfield_i, 0, (int)f_s, 1);
  E(A, JC_int_mul, 1, k1000, 1);
  E(A, JC_int_add, 0, 1, 0);
  E(A, JC_getfield_f, 0, (int)f_x, 0);
  E(A, JC_float_mul, 0, four, 0);
  E(A, JC_cast_float_to_int, 0, 1);
  E(A, JC_int_mul, 1, k10000, 1);
  E(A, JC_int_add, 0, 1, 0);
  E(A, JC_getfield_r, 0, (int)f_next, 1);
  E(A, JC_getfield_r, 1, (int)f_type, 2);
  E(A, JC_getfield_r, 0, (int)f_type, 3);
  E(A, JC_ptr_eq, 2, 3, 1);
  E(A, JC_int_mul, 1, k100000, 1);
  E(A, JC_int_add, 0, 1, 0);
  E(A, JC_int_return, 0);
  end(A);
  finish(A);
  int64_t ia[2] = {-5, 200};
  BhValue v;
  assert_int_equal(run(A, mk, ia, NULL, NULL, &v), RL_JIT_DONE);
  uint8_t *p = v.r;
  assert_non_null(p);
  uint64_t hdr;
  memcpy(&hdr, p, 8);
  assert_int_equal(hdr, 42);
  assert_ptr_equal(((RlObject *)p)->typeptr, &vt_base);
  assert_int_equal(p[24], 1);
  assert_int_equal(p[25], 200);
  assert_int_equal((int8_t)p[26], -3);
  assert_int_equal(p[27], 0);  /* zeroed */
  void *ra[1] = {p};
  assert_int_equal(run(A, rd, NULL, ra, NULL, &v), RL_JIT_DONE);
  assert_int_equal(v.i, -5 + 10 + 20000 - 3000 + 20000 + 100000);
  free(A);
}

static void test_arrays(void **state) {
  (void)state;
  Asm *A = asm_new();
  /* GC arrays: hdr, length @8, items @16 */
  uint32_t ai = descr(A, (JcDescr){.kind = JCD_ARRAY, .size = 8, .flags = JC_MEM_SIGNED,
                                   .type_id = 50, .a = 16, .b = 8, .c = 16});
  uint32_t ac = descr(A, (JcDescr){.kind = JCD_ARRAY, .size = 1, .type_id = 51, .a = 16, .b = 8,
                                   .c = 16});
  uint32_t ar = descr(A, (JcDescr){.kind = JCD_ARRAY, .size = 8,
                                   .flags = JC_MEM_REF | JC_MEM_GCREF | JC_MEM_HAS_GCPTRS,
                                   .type_id = 52, .a = 16, .b = 8, .c = 16});
  uint32_t af = descr(A, (JcDescr){.kind = JCD_ARRAY, .size = 8, .flags = JC_MEM_FLOAT,
                                   .type_id = 53, .a = 16, .b = 8, .c = 16});
  /* a struct {hdr; x @8; length @16; items @24} ending in an array, no length word */
  uint32_t an = descr(A, (JcDescr){.kind = JCD_ARRAY, .size = 8, .flags = JC_MEM_NOLENGTH,
                                   .type_id = 54, .a = 24, .b = 16, .c = 24});
  /* f(n): ints = [0]*n; ints[i] = i*i; chars = bytes n; chars[1] = 255;
   *       refs = [None]*2; refs[1] = chars; floats[0] = 1.5;
   *       return sum(ints) + len(ints)*1000 + chars[1]*100000
   *              + (refs[1] == chars) * 10**8 + floats[0]*2 * 10**9 */
  uint32_t f = begin(A, "f", 'i', 5, 6, 1, 1, 0, 0);
  int zero = ki(A, 0), one = ki(A, 1), two = ki(A, 2), k255 = ki(A, 255), k1000 = ki(A, 1000),
      k1e5 = ki(A, 100000), k1e8 = ki(A, 100000000), k1e9 = ki(A, 1000000000);
  int fk = kf(A, 1.5), ftwo = kf(A, 2.0);
  E(A, JC_new_array, 0, (int)ai, 0);
  E(A, JC_int_copy, zero, 1);  /* i1 = index */
  uint32_t loop = here(A);
  E(A, JC_int_lt, 1, 0, 2);
  uint32_t out = E(A, JC_goto_if_not, 2, 0);
  E(A, JC_int_mul, 1, 1, 3);
  E(A, JC_setarrayitem_i, 0, 1, 3, (int)ai);
  E(A, JC_int_add, 1, one, 1);
  E(A, JC_goto, (int)loop);
  fix(A, out, here(A));
  E(A, JC_int_copy, zero, 1);
  E(A, JC_int_copy, zero, 4);  /* i4 = sum */
  uint32_t loop2 = here(A);
  E(A, JC_arraylen, 0, (int)ai, 2);
  E(A, JC_int_lt, 1, 2, 2);
  uint32_t out2 = E(A, JC_goto_if_not, 2, 0);
  E(A, JC_getarrayitem_i, 0, 1, (int)ai, 3);
  E(A, JC_int_add, 4, 3, 4);
  E(A, JC_int_add, 1, one, 1);
  E(A, JC_goto, (int)loop2);
  fix(A, out2, here(A));
  E(A, JC_arraylen, 0, (int)ai, 2);
  E(A, JC_int_mul, 2, k1000, 2);
  E(A, JC_int_add, 4, 2, 4);
  E(A, JC_new_array, 0, (int)ac, 1);
  E(A, JC_setarrayitem_i, 1, one, k255, (int)ac);
  E(A, JC_getarrayitem_i, 1, one, (int)ac, 2);
  E(A, JC_int_mul, 2, k1e5, 2);
  E(A, JC_int_add, 4, 2, 4);
  E(A, JC_new_array, two, (int)ar, 2);
  E(A, JC_setarrayitem_r, 2, one, 1, (int)ar);
  E(A, JC_getarrayitem_r, 2, one, (int)ar, 3);
  E(A, JC_ptr_eq, 3, 1, 2);
  E(A, JC_int_mul, 2, k1e8, 2);
  E(A, JC_int_add, 4, 2, 4);
  E(A, JC_new_array, one, (int)af, 4);
  E(A, JC_setarrayitem_f, 4, zero, fk, (int)af);
  E(A, JC_getarrayitem_f, 4, zero, (int)af, 0);
  E(A, JC_float_mul, 0, ftwo, 0);
  E(A, JC_cast_float_to_int, 0, 2);
  E(A, JC_int_mul, 2, k1e9, 2);
  E(A, JC_int_add, 4, 2, 4);
  E(A, JC_int_return, 4);
  end(A);
  /* g(n) -> the no-length struct of n items, item 1 = 9 */
  uint32_t g = begin(A, "g", 'r', 1, 1, 0, 1, 0, 0);
  int one2 = ki(A, 1), nine = ki(A, 9);
  E(A, JC_new_array, 0, (int)an, 0);
  E(A, JC_setarrayitem_i, 0, one2, nine, (int)an);
  E(A, JC_ref_return, 0);
  end(A);
  finish(A);
  /* 0+1+4+9 = 14; len 4 */
  assert_int_equal(run_i(A, f, 4, 0), 14 + 4000 + 25500000 + 100000000 + 3000000000LL);
  int64_t n3[1] = {3};
  BhValue v;
  assert_int_equal(run(A, g, n3, NULL, NULL, &v), RL_JIT_DONE);
  int64_t *s = v.r;
  assert_int_equal(s[0], 54);  /* header */
  assert_int_equal(s[2], 0);   /* no length written */
  assert_int_equal(s[4], 9);
  /* a negative length: MemoryError, as generated code */
  int64_t neg[1] = {-1};
  expect_raise(run(A, f, neg, NULL, NULL, &v), &rl_vtable_MemoryError);
  free(A);
}

/* The registers are GC roots: an object only the blackhole holds survives
 * collections and reuse of freed memory. */
static void test_gc_roots(void **state) {
  (void)state;
  Asm *A = asm_new();
  uint32_t size = descr(A, (JcDescr){.kind = JCD_SIZE, .type_id = 60, .a = 32, .b = JC_NULL_ADDR,
                                     .flags = JC_MEM_HAS_GCPTRS});
  uint32_t f_n = field(A, 8, 8, JC_MEM_SIGNED), f_p = field(A, 16, 8, JC_MEM_REF | JC_MEM_GCREF);
  uint32_t d_churn = call_descr(A, ST_V_I, "i", 'v');
  /* f(n): a chain of n objects, values 1..n; churn; sum the chain */
  uint32_t f = begin(A, "f", 'i', 4, 3, 0, 1, 0, 0);
  int zero = ki(A, 0), one = ki(A, 1), big = ki(A, 20000);
  int churn = kr(A, A_CHURN), null = kr(A, JC_NULL_ADDR);
  E(A, JC_ref_copy, null, 0);
  E(A, JC_int_copy, zero, 1);
  uint32_t loop = here(A);
  E(A, JC_int_lt, 1, 0, 2);
  uint32_t out = E(A, JC_goto_if_not, 2, 0);
  E(A, JC_int_add, 1, one, 1);
  E(A, JC_new, (int)size, 1);
  E(A, JC_setfield_i, 1, 1, (int)f_n);
  E(A, JC_setfield_r, 1, 0, (int)f_p);
  E(A, JC_ref_copy, 1, 0);
  E(A, JC_goto, (int)loop);
  fix(A, out, here(A));
  E(A, JC_residual_call_v, churn, (int)d_churn, 1, big, 0, 0);
  E(A, JC_int_copy, zero, 3);
  uint32_t loop2 = here(A);
  E(A, JC_ptr_nonzero, 0, 2);
  uint32_t out2 = E(A, JC_goto_if_not, 2, 0);
  E(A, JC_getfield_i, 0, (int)f_n, 2);
  E(A, JC_int_add, 3, 2, 3);
  E(A, JC_getfield_r, 0, (int)f_p, 0);
  E(A, JC_goto, (int)loop2);
  fix(A, out2, here(A));
  E(A, JC_int_return, 3);
  end(A);
  finish(A);
  assert_int_equal(run_i(A, f, 1000, 0), 1000 * 1001 / 2);
  free(A);
}

/* ---- limits --------------------------------------------------------------------------------------- */

static void test_recursion_limit(void **state) {
  (void)state;
  Asm *A = asm_new();
  /* inf(n) = inf(n + 1) */
  uint32_t inf = begin(A, "inf", 'i', 2, 0, 0, 1, 0, 0);
  int one = ki(A, 1);
  E(A, JC_int_add, 0, one, 0);
  E(A, JC_inline_call_i, (int)inf, 1, 0, 0, 0, 1);
  E(A, JC_int_return, 1);
  end(A);
  /* safe() = try: inf(0) except RecursionError: return -1 */
  uint32_t d = exc_descr(A, 900, 901);  /* the test's built-in classes */
  uint32_t safe = begin(A, "safe", 'i', 1, 0, 0, 0, 0, 0);
  int zero = ki(A, 0), m1 = ki(A, -1);
  E(A, JC_inline_call_i, (int)inf, 1, zero, 0, 0, 0);
  uint32_t c = E(A, JC_catch_exception, 0);
  E(A, JC_int_return, 0);
  fix(A, c, here(A));
  uint32_t m = E(A, JC_goto_if_exception_mismatch, (int)d, 0);
  E(A, JC_int_return, m1);
  fix(A, m, here(A));
  E(A, JC_reraise);
  end(A);
  finish(A);
  BhValue v;
  int64_t ia[1] = {0};
  expect_raise(run(A, inf, ia, NULL, NULL, &v), &rl_vtable_RecursionError);
  assert_int_equal(run_i(A, safe, 0, 0), -1);
  /* a lower limit */
  Bh bh;
  bh_init(&bh, &A->img, rl_jit_addrs, rl_jit_stubs);
  bh.max_depth = 10;
  assert_true(bh_call(&bh, inf, ia, NULL, NULL));
  expect_raise(bh_run(&bh, &v), &rl_vtable_RecursionError);
  assert_int_equal(bh.depth, 0);
  free(A);
}

/* ---- the portal hook -------------------------------------------------------------------------------- */

typedef struct PortalImage {
  Asm *A;
  uint32_t merge_pc;
} PortalImage;

/* portal(n, acc, r, x) with driver greens [] reds [n, acc, p, x]:
 *   while n > 0: merge point; acc += n; n -= 1
 *   if acc < 0: raise Other (via maybe_raise(2)); return acc + int(x) */
static PortalImage portal_image(void) {
  PortalImage P = {asm_new(), 0};
  Asm *A = P.A;
  uint32_t d_maybe = call_descr(A, ST_I_I, "i", 'i');
  uint32_t code = begin(A, "portal", 'i', 4, 1, 1, 2, 1, 1);
  uint32_t drv = driver(A, 0, 0, "iirf", 0);
  int zero = ki(A, 0), one = ki(A, 1), two = ki(A, 2), maybe = kr(A, A_MAYBE_RAISE);
  uint32_t loop = here(A);
  E(A, JC_int_gt, 0, zero, 2);
  uint32_t out = E(A, JC_goto_if_not, 2, 0);
  P.merge_pc = E(A, JC_jit_merge_point, (int)drv, 2, 0, 1, 1, 0, 1, 0);
  E(A, JC_int_guard_value, 0);
  E(A, JC_int_add, 1, 0, 1);
  E(A, JC_int_sub, 0, one, 0);
  E(A, JC_can_enter_jit, (int)drv, 2, 0, 1, 1, 0, 1, 0);
  E(A, JC_goto, (int)loop);
  fix(A, out, here(A));
  E(A, JC_int_lt, 1, zero, 2);
  uint32_t ok = E(A, JC_goto_if_not, 2, 0);
  E(A, JC_residual_call_i, maybe, (int)d_maybe, 1, two, 0, 0, 3);
  E(A, JC_int_return, 3);
  fix(A, ok, here(A));
  E(A, JC_cast_float_to_int, 0, 3);
  E(A, JC_int_add, 1, 3, 1);
  E(A, JC_int_return, 1);
  end(A);
  A->drivers[0].merge_pc = P.merge_pc;
  A->codes[code].flags = JC_CODE_PORTAL;
  /* outer(n) with driver 1, reds [n]: merge point; return nested(n) + 1000,
   * nested() entering driver 0 again from native code */
  uint32_t outer = begin(A, "outer", 'i', 2, 0, 0, 1, 0, 0);
  uint32_t drv1 = driver(A, outer, 0, "i", 0);
  int nested = kr(A, A_NESTED), k1000 = ki(A, 1000);
  uint32_t merge1 = E(A, JC_jit_merge_point, (int)drv1, 1, 0, 0, 0);
  E(A, JC_residual_call_i, nested, (int)d_maybe, 1, 0, 0, 0, 1);
  E(A, JC_int_add, 1, k1000, 1);
  E(A, JC_int_return, 1);
  end(A);
  A->drivers[1].merge_pc = merge1;
  A->codes[outer].flags = JC_CODE_PORTAL;
  finish(A);
  return P;
}

static void test_portal(void **state) {
  (void)state;
  PortalImage P = portal_image();
  Asm *A = P.A;
  assert_true(jit_runtime_setup(A->image, A->size, "blackhole"));
  assert_int_equal(rl_jit_counters[0], 0);  /* every portal calls in */
  assert_int_equal(jit_runtime_mode(), JIT_MODE_BLACKHOLE);
  /* as the native portal does at the merge point with n = 10, acc = 5 */
  int obj;
  rl_jit_ibuf[0] = 10;
  rl_jit_ibuf[1] = 5;
  rl_jit_rbuf[0] = &obj;
  rl_jit_fbuf[0] = 3.5;
  assert_int_equal(rl_jit_merge_point(0), RL_JIT_DONE);
  assert_int_equal(rl_jit_ibuf[0], 5 + 55 + 3);
  rl_jit_ibuf[0] = 2;
  rl_jit_ibuf[1] = -100;
  assert_int_equal(rl_jit_merge_point(0), RL_JIT_RAISE);
  expect_raise(RL_JIT_RAISE, &vt_other);
  assert_int_equal(rl_jit_merge_point(7), RL_JIT_NOTHING);  /* no such driver */
  /* a portal whose residual call enters the other portal through the hook */
  rl_jit_ibuf[0] = 10;
  assert_int_equal(rl_jit_merge_point(1), RL_JIT_DONE);
  assert_int_equal(rl_jit_ibuf[0], 1000 + 55);
  /* the JIT mode has the portals call in (the warm state counts); off
   * does nothing */
  assert_true(jit_runtime_setup(A->image, A->size, NULL));
  assert_int_equal(rl_jit_counters[RL_JIT_NCOUNTERS - 1], 1039);
  assert_false(jit_runtime_setup(A->image, A->size, "off"));
  assert_int_equal(rl_jit_counters[0], INT32_MAX);
  rl_jit_counters[5] = 0;  /* ran out after 2^31 back edges: set back */
  assert_int_equal(rl_jit_merge_point(0), RL_JIT_NOTHING);
  assert_int_equal(rl_jit_counters[5], INT32_MAX);
  assert_null(jit_runtime_image());
  /* a corrupt image: refused */
  A->image[1] ^= 1;  /* the version */
  assert_false(jit_runtime_setup(A->image, A->size, "blackhole"));
  assert_int_equal(rl_jit_counters[0], INT32_MAX);
  /* the generated-side image of this test is invalid */
  rl_jit_startup();
  assert_int_equal(rl_jit_counters[0], INT32_MAX);
  assert_null(jit_runtime_image());
  free(A);
}

/* ---- RTRANS_JIT -------------------------------------------------------------------------------------- */

static char *parse_warnings(const char *value, JitParams *p, JitMode *mode) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  *mode = jit_params_parse(value, p, f);
  fclose(f);
  return buf;
}

static void test_params(void **state) {
  (void)state;
  JitParams p;
  JitMode m;
  char *w = parse_warnings(NULL, &p, &m);
  assert_int_equal(m, JIT_MODE_JIT);
  assert_string_equal(w, "");
  free(w);
  assert_int_equal(p.threshold, 1039);
  assert_int_equal(p.function_threshold, 1619);
  assert_int_equal(p.trace_eagerness, 50);
  assert_int_equal(p.trace_limit, 6000);
  assert_int_equal(p.loop_longevity, 1000);
  w = parse_warnings("off", &p, &m);
  assert_int_equal(m, JIT_MODE_OFF);
  free(w);
  w = parse_warnings("blackhole", &p, &m);
  assert_int_equal(m, JIT_MODE_BLACKHOLE);
  free(w);
  w = parse_warnings("threshold=1,function_threshold=1,trace_eagerness=1,trace_limit=77,"
                     "loop_longevity=0",
                     &p, &m);
  assert_int_equal(m, JIT_MODE_JIT);
  assert_string_equal(w, "");
  free(w);
  assert_int_equal(p.threshold, 1);
  assert_int_equal(p.function_threshold, 1);
  assert_int_equal(p.trace_eagerness, 1);
  assert_int_equal(p.trace_limit, 77);
  assert_int_equal(p.loop_longevity, 0);
  w = parse_warnings("threshold=5,bogus=3,trace_limit=-1,loop_longevity=x,,trace_eagerness=,"
                     "nonsense,threshold=99999999999",
                     &p, &m);
  assert_int_equal(m, JIT_MODE_JIT);
  assert_int_equal(p.threshold, 5);
  assert_int_equal(p.trace_limit, 6000);
  assert_int_equal(p.loop_longevity, 1000);
  assert_int_equal(p.trace_eagerness, 50);
  int lines = 0;
  for (char *s = w; *s; s++) lines += *s == '\n';
  assert_int_equal(lines, 6);
  assert_non_null(strstr(w, "'bogus'"));
  assert_non_null(strstr(w, "nonsense"));
  free(w);
  assert_true(jit_params_set(&p, "trace_limit", 10));
  assert_int_equal(p.trace_limit, 10);
  assert_false(jit_params_set(&p, "nope", 10));
  assert_false(jit_params_set(&p, "threshold", -1));
  /* the trace compiler: a word */
  w = parse_warnings("backend=llvm,threshold=3", &p, &m);
  assert_string_equal(w, "");
  free(w);
  assert_int_equal(p.backend, 1);
  assert_string_equal(jit_backend_name(p.backend), "llvm");
  w = parse_warnings("backend=arm", &p, &m);
  assert_non_null(strstr(w, "bad value in 'backend=arm'"));
  free(w);
  assert_string_equal(jit_backend_name(p.backend), "x64");  /* the default */
  assert_true(jit_params_set(&p, "backend", 1));
  assert_false(jit_params_set(&p, "backend", 2));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_int_ops),        cmocka_unit_test(test_int_between_and_ptrs),
      cmocka_unit_test(test_float_ops),      cmocka_unit_test(test_loop_and_switch),
      cmocka_unit_test(test_inline_calls),   cmocka_unit_test(test_residual_calls),
      cmocka_unit_test(test_exceptions),     cmocka_unit_test(test_new_and_fields),
      cmocka_unit_test(test_arrays),         cmocka_unit_test(test_gc_roots),
      cmocka_unit_test(test_recursion_limit), cmocka_unit_test(test_portal),
      cmocka_unit_test(test_params),         cmocka_unit_test(test_hints),
  };
  return cmocka_run_group_tests(tests, setup, NULL);
}
