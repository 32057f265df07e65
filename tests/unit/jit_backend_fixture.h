/* jit_backend_fixture.h — the trace compilers' shared unit-test harness
 * (included by tests/unit/test_jit_llvm.c and test_jit_x64.c, one backend
 * each, through its JitBackendOps table OPS): traces parsed from text,
 * compiled, run on a frame and compared with a small independent evaluator
 * of the trace IR (below) — exit code (0 finish, g = guard g), the values
 * stored into the frame, and the memory the trace touches. Covers
 * integer/float/pointer ops, floor division, shifts, overflow guards, loops
 * (label/jump), calls into C functions, heap ops on malloc'ed structs,
 * allocations through fake allocators passed in the config (the unit tests
 * do not link the runtime, build/librlrt.a), exception guards on a fake
 * exception state, every golden optimizer trace (tests/opt: they must
 * compile), random straight-line integer, float and memory traces with
 * guards (differential), and the compile time of a 150-op trace with a
 * guard every third op (reported, not asserted). */
#ifndef RT_TEST_JIT_BACKEND_FIXTURE_H
#define RT_TEST_JIT_BACKEND_FIXTURE_H

#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "runtime/jit/jit_backend.h"
#include "runtime/jit/jit_ir.h"
#include "runtime/jit/jit_text.h"

/* ---- fake runtime: exception state, allocators ----------------------------------- */
static void *fake_exc_type, *fake_exc_value;
enum { FAKE_MAX_ALLOCS = 256, FAKE_OBJ_SIZE = 64 };
typedef struct FakeHeap {
  void *p[FAKE_MAX_ALLOCS];
  int n;
} FakeHeap;
static FakeHeap fake_heap;  /* freed at teardown */

static void *fake_keep(void *p) {
  if (fake_heap.n < FAKE_MAX_ALLOCS) fake_heap.p[fake_heap.n++] = p;
  return p;
}
static void *fake_new_struct(uint32_t descr) {
  int64_t *p = fake_keep(calloc(1, FAKE_OBJ_SIZE));
  p[0] = 1000 + descr;  /* a fake GC header */
  return p;
}
static void *fake_new_array(uint32_t descr, int64_t n) {
  int64_t *p = fake_keep(calloc(1, 16 + (size_t)n * 8));
  p[0] = 2000 + descr;
  p[1] = n;
  return p;
}
static void *fake_new_str(int64_t n) {
  int64_t *p = fake_keep(calloc(1, 24 + (size_t)n + 1));
  p[2] = n;
  return p;
}

/* the backend under test: its table and handle */
static const JitBackendOps *OPS;
static void *be;

static void *new_backend_tier(bool verify, unsigned level, const char *passes) {
  JitCodegenConfig cfg;
  jitl_config_init(&cfg);
  cfg.exc_type = &fake_exc_type;
  cfg.exc_value = &fake_exc_value;
  cfg.new_struct = fake_new_struct;
  cfg.new_array = fake_new_array;
  cfg.new_str = fake_new_str;
  cfg.verify = verify;
  cfg.dump_ir = getenv("JITL_DUMP_IR") && (!verify || OPS != &jitl_ops); /* LLVM: the bench trace */
  cfg.codegen_level = level;
  cfg.ir_passes = passes;
  return OPS->create(&cfg);
}

static void *new_backend(bool verify) { return new_backend_tier(verify, 0, NULL); }

static int teardown(void **state) {
  (void)state;
  if (be) OPS->destroy(be);
  be = NULL;
  for (int k = 0; k < fake_heap.n; k++) free(fake_heap.p[k]);
  fake_heap.n = 0;
  return 0;
}

/* ---- C functions the traces call ------------------------------------------------------------------------------- */
static int64_t c_add3(int64_t a, int64_t b, int64_t c) {  /* wraps */
  return (int64_t)((uint64_t)a * 100 + (uint64_t)b * 10 + (uint64_t)c);
}
static double c_hyp(double a, double b) { return sqrt(a * a + b * b); }
static int64_t c_calls;
static void c_count(int64_t n) { c_calls += n; }
static _Bool c_is_odd(int64_t n) { return n & 1; }
static int64_t c_raise(int64_t n) {
  if (n < 0) { fake_exc_type = (void *)0x5000; fake_exc_value = (void *)0x6000; }
  return n * 2;
}

static double bits2f(int64_t b) {
  double d;
  memcpy(&d, &b, 8);
  return d;
}
static int64_t f2bits(double d) {
  int64_t b;
  memcpy(&b, &d, 8);
  return b;
}
/* 16 arguments, mixed: ints and doubles alternate, then the rest; beyond
 * six ints (c_many_i) or eight doubles (c_many_f) they go on the stack */
static int64_t c_many_i(int64_t a0, double b0, int64_t a1, double b1, int64_t a2, double b2,
                        int64_t a3, double b3, int64_t a4, double b4, int64_t a5, double b5,
                        int64_t a6, double b6, int64_t a7, int64_t a8) {
  int64_t a[9] = {a0, a1, a2, a3, a4, a5, a6, a7, a8}, r = 0;
  double b[7] = {b0, b1, b2, b3, b4, b5, b6}, f = 0;
  for (int k = 0; k < 9; k++) r += a[k] * (k + 1) * (k + 1);
  for (int k = 0; k < 7; k++) f += b[k] * (k + 1);
  return r + (int64_t)(f * 16);
}
static double c_many_f(double b0, int64_t a0, double b1, int64_t a1, double b2, int64_t a2,
                       double b3, int64_t a3, double b4, int64_t a4, double b5, int64_t a5,
                       double b6, double b7, double b8, double b9) {
  double b[10] = {b0, b1, b2, b3, b4, b5, b6, b7, b8, b9}, f = 0;
  int64_t a[6] = {a0, a1, a2, a3, a4, a5};
  for (int k = 0; k < 10; k++) f += b[k] * (k + 1) * (k + 1);
  for (int k = 0; k < 6; k++) f += (double)a[k] * 0.5 * (k + 1);
  return f;
}

static int64_t w_add3(const int64_t *a) { return c_add3(a[0], a[1], a[2]); }
static int64_t w_hyp(const int64_t *a) { return f2bits(c_hyp(bits2f(a[0]), bits2f(a[1]))); }
static int64_t w_count(const int64_t *a) { c_count(a[0]); return 0; }
static int64_t w_is_odd(const int64_t *a) { return c_is_odd(a[0]); }
static int64_t w_raise(const int64_t *a) { return c_raise(a[0]); }
static int64_t w_many_i(const int64_t *a) {
  return c_many_i(a[0], bits2f(a[1]), a[2], bits2f(a[3]), a[4], bits2f(a[5]), a[6], bits2f(a[7]),
                  a[8], bits2f(a[9]), a[10], bits2f(a[11]), a[12], bits2f(a[13]), a[14], a[15]);
}
static int64_t w_many_f(const int64_t *a) {
  return f2bits(c_many_f(bits2f(a[0]), a[1], bits2f(a[2]), a[3], bits2f(a[4]), a[5], bits2f(a[6]),
                         a[7], bits2f(a[8]), a[9], bits2f(a[10]), a[11], bits2f(a[12]),
                         bits2f(a[13]), bits2f(a[14]), bits2f(a[15])));
}

/* the evaluator calls them by address */
static const struct { void (*fn)(void); int64_t (*wrap)(const int64_t *); } c_funcs[] = {
  {(void (*)(void))c_add3, w_add3}, {(void (*)(void))c_hyp, w_hyp},
  {(void (*)(void))c_count, w_count}, {(void (*)(void))c_is_odd, w_is_odd},
  {(void (*)(void))c_raise, w_raise},   {(void (*)(void))c_many_i, w_many_i},
  {(void (*)(void))c_many_f, w_many_f},
};

/* ---- the evaluator ----------------------------------------------------------------- */
typedef struct Ev {
  const Trace *T;
  int64_t *val;
  bool ovf;
} Ev;

static int64_t ev(const Ev *V, JRef r) {
  if (!jir_isk(r)) return V->val[jir_idx(r)];
  const JConst *k = jir_k(V->T, r);
  return k->kind == JK_REF ? (int64_t)jir_kgc_of(V->T, r) : k->bits;
}
static double evf(const Ev *V, JRef r) { return bits2f(ev(V, r)); }

static int64_t floordiv(int64_t a, int64_t b) {
  if (b == -1) return (int64_t)(0 - (uint64_t)a);
  int64_t q = a / b;
  if (a % b != 0 && ((a % b < 0) != (b < 0))) q--;
  return q;
}
static int64_t floormod(int64_t a, int64_t b) {
  if (b == -1) return 0;
  int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}

static bool ev_int(const Ev *V, const JIns *I, int64_t *out) {
  int64_t a = I->nargs > 0 ? ev(V, jir_arg(V->T, I, 0)) : 0;
  int64_t b = I->nargs > 1 ? ev(V, jir_arg(V->T, I, 1)) : 0;
  uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
  switch (I->op) {
  case JIR_int_add: *out = (int64_t)(ua + ub); break;
  case JIR_int_sub: *out = (int64_t)(ua - ub); break;
  case JIR_int_mul: *out = (int64_t)(ua * ub); break;
  case JIR_int_floordiv: *out = floordiv(a, b); break;
  case JIR_int_mod: *out = floormod(a, b); break;
  case JIR_int_and: *out = a & b; break;
  case JIR_int_or: *out = a | b; break;
  case JIR_int_xor: *out = a ^ b; break;
  case JIR_int_lshift: *out = (int64_t)(ua << (b & 63)); break;
  case JIR_int_rshift: *out = a >> (b & 63); break;
  case JIR_uint_rshift: *out = (int64_t)(ua >> (b & 63)); break;
  case JIR_uint_floordiv: *out = (int64_t)(ua / ub); break;
  case JIR_uint_mod: *out = (int64_t)(ua % ub); break;
  case JIR_int_neg: *out = (int64_t)(0 - ua); break;
  case JIR_int_invert: *out = ~a; break;
  case JIR_int_abs: *out = a < 0 ? (int64_t)(0 - ua) : a; break;
  case JIR_int_is_true: *out = a != 0; break;
  case JIR_int_is_zero: *out = a == 0; break;
  case JIR_int_force_ge_zero: *out = a < 0 ? 0 : a; break;
  case JIR_int_lt: *out = a < b; break;
  case JIR_int_le: *out = a <= b; break;
  case JIR_int_eq: case JIR_uint_eq: case JIR_ptr_eq: case JIR_instance_ptr_eq: *out = a == b; break;
  case JIR_int_ne: case JIR_uint_ne: case JIR_ptr_ne: case JIR_instance_ptr_ne: *out = a != b; break;
  case JIR_int_gt: *out = a > b; break;
  case JIR_int_ge: *out = a >= b; break;
  case JIR_uint_lt: *out = ua < ub; break;
  case JIR_uint_le: *out = ua <= ub; break;
  case JIR_uint_gt: *out = ua > ub; break;
  case JIR_uint_ge: *out = ua >= ub; break;
  case JIR_same_as_i: case JIR_same_as_r: case JIR_same_as_f: *out = a; break;
  default: return false;
  }
  return true;
}

static bool ev_float(const Ev *V, const JIns *I, int64_t *out) {
  double a = I->nargs > 0 ? evf(V, jir_arg(V->T, I, 0)) : 0;
  double b = I->nargs > 1 ? evf(V, jir_arg(V->T, I, 1)) : 0;
  switch (I->op) {
  case JIR_float_add: *out = f2bits(a + b); break;
  case JIR_float_sub: *out = f2bits(a - b); break;
  case JIR_float_mul: *out = f2bits(a * b); break;
  case JIR_float_truediv: *out = f2bits(a / b); break;
  case JIR_float_neg: *out = f2bits(-a); break;
  case JIR_float_abs: *out = f2bits(fabs(a)); break;
  case JIR_float_lt: *out = a < b; break;
  case JIR_float_le: *out = a <= b; break;
  case JIR_float_eq: *out = a == b; break;
  case JIR_float_ne: *out = a != b; break;
  case JIR_float_gt: *out = a > b; break;
  case JIR_float_ge: *out = a >= b; break;
  case JIR_cast_float_to_int: *out = (int64_t)a; break;
  case JIR_cast_int_to_float: *out = f2bits((double)ev(V, jir_arg(V->T, I, 0))); break;
  default: return false;
  }
  return true;
}

static bool ev_ovf(Ev *V, const JIns *I, int64_t *out) {
  int64_t a = ev(V, jir_arg(V->T, I, 0)), b = I->nargs > 1 ? ev(V, jir_arg(V->T, I, 1)) : 0;
  switch (I->op) {
  case JIR_int_add_ovf: V->ovf = __builtin_add_overflow(a, b, out); break;
  case JIR_int_sub_ovf: V->ovf = __builtin_sub_overflow(a, b, out); break;
  case JIR_int_mul_ovf: V->ovf = __builtin_mul_overflow(a, b, out); break;
  default: return false;
  }
  return true;
}

static int64_t vtable_of(int64_t obj) { return ((const int64_t *)(intptr_t)obj)[1]; }

/* 1: the guard passes, 0: it fails, -1: not a guard */
static int ev_guard(Ev *V, const JIns *I, int64_t *out) {
  int64_t a = I->nargs > 0 ? ev(V, jir_arg(V->T, I, 0)) : 0;
  int64_t b = I->nargs > 1 ? ev(V, jir_arg(V->T, I, 1)) : 0;
  switch (I->op) {
  case JIR_guard_true: return a != 0;
  case JIR_guard_false: return a == 0;
  case JIR_guard_value: return a == b;
  case JIR_guard_nonnull: return a != 0;
  case JIR_guard_isnull: return a == 0;
  case JIR_guard_class: return vtable_of(a) == b;
  case JIR_guard_nonnull_class: return a != 0 && vtable_of(a) == b;
  case JIR_guard_no_overflow: return !V->ovf;
  case JIR_guard_overflow: return V->ovf;
  case JIR_guard_not_invalidated: case JIR_guard_not_forced: return 1;
  case JIR_guard_no_exception: return fake_exc_type == NULL;
  case JIR_guard_exception:
    if ((int64_t)(intptr_t)fake_exc_type != a) return 0;
    *out = (int64_t)(intptr_t)fake_exc_value;
    fake_exc_type = fake_exc_value = NULL;
    return 1;
  default: return -1;
  }
}

static int64_t mload(intptr_t p, char kind, uint32_t size, bool sg) {
  if (kind == JK_FLOAT && size == 4) {
    float f;
    memcpy(&f, (void *)p, 4);
    return f2bits(f);
  }
  if (size == 8 || kind != JK_INT) { int64_t v; memcpy(&v, (void *)p, 8); return v; }
  uint64_t u = 0;
  memcpy(&u, (void *)p, size);  /* little-endian */
  if (sg && size < 8 && (u >> (size * 8 - 1)) & 1) u |= ~0ull << (size * 8);
  return (int64_t)u;
}
static void mstore(intptr_t p, int64_t v, char kind, uint32_t size) {
  if (kind == JK_FLOAT && size == 4) {
    double d;
    memcpy(&d, &v, 8);
    float f = (float)d;
    memcpy((void *)p, &f, 4);
    return;
  }
  memcpy((void *)p, &v, kind == JK_INT ? size : 8);
}

static bool ev_heap(const Ev *V, const JIns *I, int64_t *out) {
  const JDescr *d = I->descr ? jir_descr(V->T->env, I->descr) : NULL;
  int64_t x[3] = {0, 0, 0};
  for (unsigned k = 0; k < I->nargs && k < 3; k++) x[k] = ev(V, jir_arg(V->T, I, k));
  bool sg = d && (d->flags & JDF_SIGNED);
  intptr_t p = (intptr_t)x[0];
  switch (I->op) {
  case JIR_getfield_gc_i: case JIR_getfield_gc_r: case JIR_getfield_gc_f:
    *out = mload(p + d->offset, d->kind, d->size, sg); break;
  case JIR_setfield_gc: mstore(p + d->offset, x[1], d->kind, d->size); break;
  case JIR_getarrayitem_gc_i: case JIR_getarrayitem_gc_r: case JIR_getarrayitem_gc_f:
    *out = mload(p + d->offset + x[1] * d->size, d->kind, d->size, sg); break;
  case JIR_setarrayitem_gc: mstore(p + d->offset + x[1] * d->size, x[2], d->kind, d->size); break;
  case JIR_arraylen_gc: *out = mload(p + d->lenofs, JK_INT, 8, true); break;
  case JIR_getinteriorfield_gc_i: case JIR_getinteriorfield_gc_r: case JIR_getinteriorfield_gc_f:
    *out = mload(p + d->offset + x[1] * d->lenofs, d->kind, d->size, sg); break;
  case JIR_setinteriorfield_gc: mstore(p + d->offset + x[1] * d->lenofs, x[2], d->kind, d->size); break;
  case JIR_strlen: *out = mload(p + 16, JK_INT, 8, true); break;
  case JIR_strgetitem: *out = mload(p + 24 + x[1], JK_INT, 1, false); break;
  case JIR_strsetitem: mstore(p + 24 + x[1], x[2], JK_INT, 1); break;
  case JIR_new: case JIR_new_with_vtable:
    *out = (int64_t)(intptr_t)fake_new_struct(I->descr);
    if (I->op == JIR_new_with_vtable) ((int64_t *)(intptr_t)*out)[1] = d->vtable;
    break;
  case JIR_new_array: case JIR_new_array_clear:
    *out = (int64_t)(intptr_t)fake_new_array(I->descr, x[0]); break;
  case JIR_newstr: *out = (int64_t)(intptr_t)fake_new_str(x[0]); break;
  default: return false;
  }
  return true;
}

/* calls: the test's C functions, found by address */
static bool ev_call(const Ev *V, const JIns *I, int64_t *out) {
  if (!(jir_info[I->op].flags & JF_CALL)) return false;
  intptr_t fn = (intptr_t)ev(V, jir_arg(V->T, I, 0));
  int64_t a[JIR_MAXCALLARGS];
  for (unsigned k = 1; k < I->nargs; k++) a[k - 1] = ev(V, jir_arg(V->T, I, k));
  for (size_t k = 0; k < sizeof c_funcs / sizeof *c_funcs; k++)
    if ((intptr_t)c_funcs[k].fn == fn) {
      *out = c_funcs[k].wrap(a);
      return true;
    }
  return false;
}

typedef struct EvResult {
  uint32_t code;
  uint32_t n;
  int64_t out[64];
} EvResult;

static void ev_exit(Ev *V, const JIns *I, EvResult *R) {
  uint32_t n;
  const JRef *refs = jir_snap_refs(V->T, I, &n);
  R->n = n;
  for (uint32_t k = 0; k < n; k++) R->out[k] = ev(V, refs[k]);
}

/* Runs T on the inputs like the compiled code would (at most `iters`
 * jumps); false when an op is not supported here. */
static bool ev_run(const Trace *T, const int64_t *in, EvResult *R, long iters) {
  Ev V = {.T = T, .val = calloc(T->nins + 1, sizeof(int64_t))};
  uint32_t nin = 0, guard = 0, head = 1, ninputs = 0, pc;
  bool ok = true, has_label = false;
  for (uint32_t i = 1; i < T->nins; i++) {
    if (T->ins[i].op <= JIR_input_f) ninputs++;
    if (T->ins[i].op == JIR_label) { head = i; has_label = true; }
  }
  if (!has_label) head = ninputs + 1;
  memset(R, 0, sizeof *R);
  for (pc = 1; pc < T->nins && ok; pc++) {
    const JIns *I = &T->ins[pc];
    int64_t r = 0;
    int g;
    if (jir_info[I->op].flags & JF_GUARD) guard++;
    if (I->op <= JIR_input_f) r = in[nin++];
    else if ((g = ev_guard(&V, I, &r)) >= 0) {
      if (!g) { R->code = guard; ev_exit(&V, I, R); goto done; }
    } else if (I->op == JIR_finish) {
      R->n = I->nargs;
      for (uint32_t k = 0; k < I->nargs; k++) R->out[k] = ev(&V, jir_arg(T, I, k));
      goto done;
    } else if (I->op == JIR_jump) {
      if (--iters < 0) { ok = false; break; }
      int64_t tmp[64];
      for (uint32_t k = 0; k < I->nargs; k++) tmp[k] = ev(&V, jir_arg(T, I, k));
      for (uint32_t k = 0; k < I->nargs; k++) {
        JRef lr = has_label ? jir_arg(T, &T->ins[head], k) : jir_ref(k + 1);
        if (!jir_isk(lr)) V.val[jir_idx(lr)] = tmp[k];
      }
      guard = 0;
      for (uint32_t i = 1; i <= head; i++) guard += !!(jir_info[T->ins[i].op].flags & JF_GUARD);
      pc = has_label ? head : head - 1;
      continue;
    } else if (I->op == JIR_label || I->op == JIR_debug_merge_point) {
    } else if (!ev_int(&V, I, &r) && !ev_float(&V, I, &r) && !ev_ovf(&V, I, &r) &&
               !ev_heap(&V, I, &r) && !ev_call(&V, I, &r)) {
      ok = false;
    }
    V.val[pc] = r;
  }
done:
  free(V.val);
  return ok;
}

/* ---- compile and run ------------------------------------------------------------------ */
typedef struct Loaded {
  JirEnv E;
  JparseFile F;
  JitCompiled c;
  bool compiled;
  char err[512];
} Loaded;

static void load(Loaded *X, const char *src) {
  jir_env_init(&X->E);
  if (!jparse_file(&X->F, &X->E, src, X->err, sizeof X->err)) fail_msg("parse: %s\n%s", X->err, src);
  if (!jir_verify(X->F.input, X->err, sizeof X->err)) fail_msg("verify: %s\n%s", X->err, src);
  X->compiled = OPS->compile(be, X->F.input, &X->c, X->err, sizeof X->err);
}

static void unload(Loaded *X) {
  if (X->compiled) OPS->release(be, &X->c);
  jparse_file_free(&X->F);
  jir_env_free(&X->E);
}

/* Runs the compiled trace and the evaluator on `in`; they must agree. */
/* A float nan's sign and payload may differ (LLVM folds constants itself). */
static bool both_nan(const Loaded *X, uint32_t code, uint32_t k, int64_t a, int64_t b) {
  const Trace *T = X->F.input;
  const JIns *I = &T->ins[X->c.exits[code].ins];
  uint32_t n;
  const JRef *refs = jir_snap_refs(T, I, &n);
  JRef r = code ? refs[k] : jir_arg(T, I, k);
  return jir_kind(T, r) == JK_FLOAT && isnan(bits2f(a)) && isnan(bits2f(b));
}

/* Runs compiled trace c (of T) on frame; a guard's exit then has its
 * snapshot's constants added, as the JIT runtime does (x64's exits store
 * only the other values). */
static uint32_t enter(const JitCompiled *c, const Trace *T, int64_t *frame) {
  uint32_t code = jitl_enter(c, frame);
  if (code) jir_snap_fill_consts(T, &T->snaps[c->exits[code].snap], frame);
  return code;
}

static uint32_t run_both(Loaded *X, const int64_t *in, int64_t *frame_out) {
  int64_t frame[64];
  memset(frame, 0, sizeof frame);
  assert_true(X->c.frame_slots <= 64);
  memcpy(frame, in, X->c.ninputs * sizeof *in);
  uint32_t code = enter(&X->c, X->F.input, frame);
  EvResult R;
  if (!ev_run(X->F.input, in, &R, 1000000)) fail_msg("evaluator: unsupported op");
  if (code != R.code) fail_msg("exit code: compiled %u, evaluator %u", code, R.code);
  uint32_t n = code ? X->c.exits[code].nvalues : X->c.exits[0].nvalues;
  assert_int_equal(n, R.n);
  for (uint32_t k = 0; k < n; k++)
    if (frame[k] != R.out[k] && !both_nan(X, code, k, frame[k], R.out[k]))
      fail_msg("exit %u value %u: compiled %lld, evaluator %lld", code, k,
               (long long)frame[k], (long long)R.out[k]);
  if (frame_out) memcpy(frame_out, frame, sizeof frame);
  return code;
}

static Loaded *compile_ok(const char *src) {
  Loaded *X = calloc(1, sizeof *X);
  load(X, src);
  if (!X->compiled) fail_msg("compile: %s\n%s", X->err, src);
  return X;
}

static void drop(Loaded *X) {
  unload(X);
  free(X);
}

#define SKIP_WITHOUT_BACKEND()                                               \
  do { if (!be) { print_message("%s not available: skipped\n", OPS->name); skip(); } } while (0)

/* ---- tests ----------------------------------------------------------------------------- */
static void test_finish_and_args(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  Loaded *X = compile_ok("[i0, i1]\ni2 = int_add(i0, i1)\ni3 = int_mul(i2, 3)\nfinish(i3, i2, 7)\n");
  int64_t f[64];
  assert_int_equal(run_both(X, (int64_t[]){4, 5}, f), 0);
  assert_int_equal(f[0], 27);
  assert_int_equal(f[1], 9);
  assert_int_equal(f[2], 7);
  assert_int_equal(X->c.nguards, 0);
  assert_int_equal(X->c.exits[0].nvalues, 3);
  drop(X);
}

static void test_int_ops(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  Loaded *X = compile_ok(
      "[i0, i1, i2]\n"
      "i3 = int_floordiv(i0, i1)\ni4 = int_mod(i0, i1)\n"
      "i5 = uint_floordiv(i0, i1)\ni6 = uint_mod(i0, i1)\n"
      "i7 = int_lshift(i0, i2)\ni8 = int_rshift(i0, i2)\ni9 = uint_rshift(i0, i2)\n"
      "i10 = int_neg(i0)\ni11 = int_invert(i0)\ni12 = int_abs(i0)\n"
      "i13 = int_force_ge_zero(i0)\ni14 = int_is_true(i0)\ni15 = int_is_zero(i0)\n"
      "i16 = int_floordiv(i0, -1)\ni17 = int_mod(i0, -1)\ni18 = int_floordiv(i0, 7)\n"
      "i19 = int_mod(i0, -7)\ni20 = uint_lt(i0, i1)\ni21 = int_le(i0, i1)\n"
      "i22 = int_xor(i0, i1)\ni23 = int_or(i0, i2)\ni24 = int_and(i0, i1)\n"
      "i25 = int_sub(i0, i1)\ni26 = uint_ge(i0, i1)\ni27 = int_ne(i0, i1)\n"
      "finish(i3, i4, i5, i6, i7, i8, i9, i10, i11, i12, i13, i14, i15, i16, i17, i18, "
      "i19, i20, i21, i22, i23, i24, i25, i26, i27)\n");
  static const int64_t a[] = {0, 1, -1, 7, -7, 13, -13, 100, INT64_MAX, INT64_MIN, 1 << 30};
  static const int64_t b[] = {1, -1, 2, -2, 3, -3, 7, 64, INT64_MAX, INT64_MIN};
  static const int64_t s[] = {0, 1, 5, 31, 32, 63};
  int runs = 0;
  for (size_t i = 0; i < sizeof a / sizeof *a; i++)
    for (size_t j = 0; j < sizeof b / sizeof *b; j++) {
      int64_t in[3] = {a[i], b[j], s[(i + j) % 6]};
      assert_int_equal(run_both(X, in, NULL), 0);
      runs++;
    }
  int64_t f[64];
  run_both(X, (int64_t[]){INT64_MIN, -1, 63}, f);
  assert_true(f[0] == INT64_MIN && f[1] == 0);  /* MIN // -1 == MIN, MIN % -1 == 0 */
  run_both(X, (int64_t[]){-7, 2, 1}, f);
  assert_true(f[0] == -4 && f[1] == 1);         /* floor */
  print_message("%d runs\n", runs);
  drop(X);
}

static void test_guards_and_snapshots(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  Loaded *X = compile_ok(
      "[i0, i1]\n"
      "i2 = int_lt(i0, 10)\nguard_true(i2) [i0, i1]\n"
      "i3 = int_add(i0, i1)\n"
      "guard_value(i1, 5) [i3, i1, 42]\n"
      "guard_not_invalidated() []\n"
      "i4 = int_eq(i3, 8)\nguard_false(i4) [i3]\n"
      "finish(i3)\n");
  assert_int_equal(X->c.nguards, 4);
  int64_t f[64];
  assert_int_equal(run_both(X, (int64_t[]){11, 5}, f), 1);
  assert_true(f[0] == 11 && f[1] == 5);
  assert_int_equal(run_both(X, (int64_t[]){1, 6}, f), 2);
  assert_true(f[0] == 7 && f[1] == 6 && f[2] == 42);
  assert_int_equal(run_both(X, (int64_t[]){3, 5}, f), 4);
  assert_int_equal(f[0], 8);
  assert_int_equal(run_both(X, (int64_t[]){4, 5}, f), 0);
  assert_int_equal(f[0], 9);
  assert_int_equal(X->c.exits[2].nvalues, 3);
  assert_int_equal(X->F.input->ins[X->c.exits[2].ins].op, JIR_guard_value);
  assert_true(X->c.exits[2].snap != 0);
  drop(X);
}

static void test_invalidation(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  Loaded *X = compile_ok("[i0]\nlabel(i0, descr=loop)\nguard_not_invalidated() [i0]\n"
                         "i1 = int_add(i0, 1)\ni2 = int_lt(i1, 100)\nguard_true(i2) [i1]\n"
                         "jump(i1, descr=loop)\n");
  int64_t f[4] = {0};
  assert_int_equal(jitl_enter(&X->c, f), 2);
  assert_int_equal(f[0], 100);
  OPS->invalidate(&X->c);
  f[0] = 5;
  assert_int_equal(jitl_enter(&X->c, f), 1);
  assert_int_equal(f[0], 5);
  drop(X);
}

static void test_loop(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  Loaded *X = compile_ok(
      "[i0, i1, i9]\n"
      "label(i0, i1, descr=loop)\n"
      "i2 = int_add(i0, i1)\n"
      "i3 = int_sub(i1, 1)\n"
      "i4 = int_gt(i3, 0)\n"
      "guard_true(i4) [i2, i3, i9]\n"
      "jump(i2, i3, descr=loop)\n");
  int64_t f[64];
  assert_int_equal(run_both(X, (int64_t[]){0, 10, 77}, f), 1);
  assert_true(f[0] == 55 && f[1] == 0 && f[2] == 77);
  assert_int_equal(run_both(X, (int64_t[]){0, 1000000, 1}, f), 1);
  assert_int_equal(f[0], 500000500000);
  drop(X);
  /* no label: the jump loops over all the inputs */
  X = compile_ok("[i0, i1]\ni2 = int_mul(i0, 2)\ni3 = int_add(i1, 1)\n"
                 "i4 = int_lt(i3, 20)\nguard_true(i4) [i2, i3]\njump(i2, i3)\n");
  assert_int_equal(run_both(X, (int64_t[]){1, 0}, f), 1);
  assert_true(f[0] == 1 << 20 && f[1] == 20);
  drop(X);
  /* float and reference loop variables: a product, a linked list walk */
  X = compile_ok("[f0, i1]\nlabel(f0, i1, descr=l)\nf2 = float_mul(f0, 1.5)\ni3 = int_sub(i1, 1)\n"
                 "i4 = int_gt(i3, 0)\nguard_true(i4) [f2, i3]\njump(f2, i3, descr=l)\n");
  assert_int_equal(run_both(X, (int64_t[]){f2bits(2.0), 3}, f), 1);
  assert_true(bits2f(f[0]) == 2.0 * 1.5 * 1.5 * 1.5);
  drop(X);
  X = compile_ok("descr next = field(N.next, r, 8, 8)\n[p0, i1]\nlabel(p0, i1, descr=l)\n"
                 "p2 = getfield_gc_r(p0, descr=next)\ni3 = int_add(i1, 1)\n"
                 "guard_nonnull(p2) [p0, i3]\njump(p2, i3, descr=l)\n");
  int64_t nodes[5][2] = {{0, 0}};
  for (int k = 0; k < 4; k++) nodes[k][1] = (int64_t)(intptr_t)nodes[k + 1];
  assert_int_equal(run_both(X, (int64_t[]){(int64_t)(intptr_t)nodes[0], 0}, f), 1);
  assert_true(f[0] == (int64_t)(intptr_t)nodes[4] && f[1] == 5);
  drop(X);
}

static void test_overflow(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  Loaded *X = compile_ok(
      "[i0, i1]\n"
      "i2 = int_add_ovf(i0, i1)\nguard_no_overflow() [i0, i1]\n"
      "i3 = int_mul_ovf(i2, i1)\nguard_no_overflow() [i2]\n"
      "i4 = int_sub_ovf(i3, i0)\nguard_overflow() [i4]\n"
      "finish(i4)\n");
  static const int64_t v[] = {0, 1, -1, 2, INT64_MAX, INT64_MIN, INT64_MAX / 2, 1ll << 32, -(1ll << 32)};
  int codes[4] = {0};
  for (size_t i = 0; i < 9; i++)
    for (size_t j = 0; j < 9; j++) codes[run_both(X, (int64_t[]){v[i], v[j]}, NULL)]++;
  print_message("exits: finish %d, guard1 %d, guard2 %d, guard3 %d\n", codes[0], codes[1],
                codes[2], codes[3]);
  assert_true(codes[0] > 0 && codes[1] > 0 && codes[2] > 0 && codes[3] > 0);
  drop(X);
}

static void test_floats(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  Loaded *X = compile_ok(
      "[f0, f1, i2]\n"
      "f3 = float_add(f0, f1)\nf4 = float_sub(f0, f1)\nf5 = float_mul(f0, f1)\n"
      "f6 = float_truediv(f0, f1)\nf7 = float_neg(f0)\nf8 = float_abs(f0)\n"
      "i9 = float_lt(f0, f1)\ni10 = float_le(f0, f1)\ni11 = float_eq(f0, f1)\n"
      "i12 = float_ne(f0, f1)\ni13 = float_gt(f0, f1)\ni14 = float_ge(f0, f1)\n"
      "f15 = cast_int_to_float(i2)\ni16 = cast_float_to_int(f1)\nf17 = same_as_f(f3)\n"
      "f18 = float_add(f0, 1.5)\nf19 = float_mul(f0, -0.0)\n"
      "finish(f3, f4, f5, f6, f7, f8, i9, i10, i11, i12, i13, i14, f15, i16, f17, f18, f19)\n");
  static const double v[] = {0.0, -0.0, 1.5, -2.25, 3.0, -7.75, 1e300, NAN, INFINITY};
  for (size_t i = 0; i < 9; i++)
    for (size_t j = 0; j < 6; j++)  /* f1 finite for cast_float_to_int */
      run_both(X, (int64_t[]){f2bits(v[i]), f2bits(v[j]), (int64_t)(i * 1000 - j)}, NULL);
  drop(X);
  X = compile_ok("[f0]\ni1 = float_lt(f0, 2.0)\nguard_true(i1) [f0]\nguard_value(f0, 1.0) [f0]\nfinish(f0)\n");
  int64_t f[64];
  assert_int_equal(run_both(X, (int64_t[]){f2bits(3.0)}, f), 1);
  assert_int_equal(f[0], f2bits(3.0));
  assert_int_equal(run_both(X, (int64_t[]){f2bits(NAN)}, f), 1);
  assert_int_equal(run_both(X, (int64_t[]){f2bits(1.5)}, f), 2);
  assert_int_equal(run_both(X, (int64_t[]){f2bits(1.0)}, f), 0);
  drop(X);
}

/* ---- calls ------------------------------------------------------------------------------- */

static char *fmt(const char *f, ...) {
  va_list ap;
  va_start(ap, f);
  char *s = malloc(16384);
  int n = vsnprintf(s, 16384, f, ap);
  va_end(ap);
  assert_true(n > 0 && n < 16384);
  return s;
}

static void test_calls(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  char *src = fmt(
      "descr c3 = call(iii, i)\ndescr hyp = call(ff, f, elidable)\n"
      "descr cnt = call(i, v)\ndescr odd = call(i, i)\n"
      "[i0, i1, f2]\n"
      "i3 = call_i(%lld, i0, i1, 4, descr=c3)\n"
      "f4 = call_pure_f(%lld, f2, 4.0, descr=hyp)\n"
      "call_n(%lld, i3, descr=cnt)\n"
      "call_may_force_n(%lld, 1, descr=cnt)\n"
      "guard_not_forced() []\n"
      "i5 = call_i(%lld, i0, descr=odd)\n"
      "guard_true(i5) [i3, f4]\n"
      "finish(i3, f4, i5)\n",
      (long long)(intptr_t)c_add3, (long long)(intptr_t)c_hyp, (long long)(intptr_t)c_count,
      (long long)(intptr_t)c_count, (long long)(intptr_t)c_is_odd);
  Loaded *X = calloc(1, sizeof *X);
  jir_env_init(&X->E);
  assert_true(jparse_file(&X->F, &X->E, src, X->err, sizeof X->err));
  X->E.descrs[jir_descr_find(&X->E, "odd", 3)].size = 1;  /* a _Bool result */
  X->compiled = OPS->compile(be, X->F.input, &X->c, X->err, sizeof X->err);
  if (!X->compiled) fail_msg("%s", X->err);
  int64_t f[64];
  c_calls = 0;
  assert_int_equal(run_both(X, (int64_t[]){1, 2, f2bits(3.0)}, f), 0);
  assert_int_equal(f[0], 124);
  assert_int_equal(f[1], f2bits(5.0));
  assert_int_equal(f[2], 1);
  assert_int_equal(c_calls, 2 * (124 + 1));  /* both runs */
  assert_int_equal(run_both(X, (int64_t[]){2, 2, f2bits(3.0)}, f), 2);
  drop(X);
  free(src);
  /* a raising call and the exception guards */
  src = fmt("descr r = call(i, i, canraise)\n[i0]\n"
            "i1 = call_i(%lld, i0, descr=r)\nguard_no_exception() [i1]\nfinish(i1)\n"
            "# expected\n[i0]\n"
            "i1 = call_i(%lld, i0, descr=r)\np2 = guard_exception(20480) [i1]\nfinish(p2, i1)\n",
            (long long)(intptr_t)c_raise, (long long)(intptr_t)c_raise);
  X = compile_ok(src);
  assert_int_equal(run_both(X, (int64_t[]){5}, f), 0);
  assert_int_equal(f[0], 10);
  assert_int_equal(jitl_enter(&X->c, (int64_t[]){-5}), 1);
  assert_true(fake_exc_type == (void *)0x5000);
  fake_exc_type = fake_exc_value = NULL;
  JitCompiled c2;
  char err[256];
  assert_true(OPS->compile(be, X->F.expected, &c2, err, sizeof err));
  int64_t fr[4] = {-3};
  assert_int_equal(jitl_enter(&c2, fr), 0);
  assert_true(fr[0] == 0x6000 && fr[1] == -6 && !fake_exc_type && !fake_exc_value);
  fr[0] = 3;
  assert_int_equal(jitl_enter(&c2, fr), 1);  /* no exception: the guard fails */
  OPS->release(be, &c2);
  drop(X);
  free(src);
}

/* ---- memory ----------------------------------------------------------------------------- */
typedef struct Obj {
  int64_t hdr;
  int64_t vtable;
  int64_t n;
  int8_t sb;
  uint8_t ub;
  int16_t h;
  int32_t w;
  double d;
  struct Obj *next;
  float fl;
} Obj;

static const char MEM_DESCRS[] =
    "descr n = field(O.n, i, 16, 8)\n"
    "descr sb = field(O.sb, i, 24, 1)\n"
    "descr ub = field(O.ub, i, 25, 1, unsigned)\n"
    "descr h = field(O.h, i, 26, 2)\n"
    "descr w = field(O.w, i, 28, 4)\n"
    "descr d = field(O.d, f, 32, 8)\n"
    "descr next = field(O.next, r, 40, 8)\n"
    "descr fl = field(O.fl, f, 48, 4)\n"
    "descr arr = array(i, 8, 16, 8)\n"
    "descr barr = array(i, 1, 16, 8)\n"
    "descr parr = array(r, 8, 16, 8)\n"
    "descr inter = interior(f, 16, 24, 8)\n"
    "descr interi = interior(i, 16, 16, 4)\n";

static void test_memory(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  _Static_assert(offsetof(Obj, sb) == 24 && offsetof(Obj, h) == 26 && offsetof(Obj, w) == 28 &&
                 offsetof(Obj, d) == 32 && offsetof(Obj, next) == 40 && offsetof(Obj, fl) == 48,
                 "Obj layout");
  char *src = fmt("%s[p0, p1, i2]\n"
      "i3 = getfield_gc_i(p0, descr=n)\ni4 = getfield_gc_i(p0, descr=sb)\n"
      "i5 = getfield_gc_i(p0, descr=ub)\ni6 = getfield_gc_i(p0, descr=h)\n"
      "i7 = getfield_gc_i(p0, descr=w)\nf8 = getfield_gc_f(p0, descr=d)\n"
      "p9 = getfield_gc_r(p0, descr=next)\nf10 = getfield_gc_f(p0, descr=fl)\n"
      "i11 = getarrayitem_gc_i(p1, i2, descr=arr)\ni12 = arraylen_gc(p1, descr=arr)\n"
      "i13 = getarrayitem_gc_i(p1, 3, descr=barr)\n"
      "f14 = getinteriorfield_gc_f(p1, i2, descr=inter)\n"
      "i15 = getinteriorfield_gc_i(p1, 1, descr=interi)\n"
      "setfield_gc(p0, -3, descr=sb)\nsetfield_gc(p0, 300, descr=ub)\n"
      "setfield_gc(p0, f8, descr=fl)\nsetfield_gc(p9, p0, descr=next)\n"
      "i16 = int_add(i3, i11)\nsetfield_gc(p0, i16, descr=n)\n"
      "setarrayitem_gc(p1, 0, i12, descr=arr)\nsetarrayitem_gc(p1, 5, -1, descr=barr)\n"
      "setinteriorfield_gc(p1, 2, f10, descr=inter)\n"
      "i17 = ptr_eq(p9, NULL)\nguard_false(i17) [p0]\n"
      "guard_class(p0, 77) [p9]\nguard_nonnull_class(p9, 77) [i3]\n"
      "finish(i3, i4, i5, i6, i7, f8, p9, f10, i11, i12, i13, f14, i15)\n", MEM_DESCRS);
  Loaded *X = compile_ok(src);
  Obj o1 = {.vtable = 77, .n = 5, .sb = -2, .ub = 200, .h = -300, .w = -70000, .d = 2.5, .fl = 0.25f};
  Obj o2 = {.vtable = 77, .n = 9};
  o1.next = &o2;
  int64_t arr[12] = {0, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
  Obj c1 = o1, c2 = o2;
  int64_t carr[12];
  memcpy(carr, arr, sizeof arr);
  c1.next = &c2;
  int64_t f[64];
  /* the compiled code on (o1, o2, arr), the evaluator on copies */
  int64_t in[3] = {(int64_t)(intptr_t)&o1, (int64_t)(intptr_t)arr, 2};
  memset(f, 0, sizeof f);
  memcpy(f, in, sizeof in);
  assert_int_equal(jitl_enter(&X->c, f), 0);
  EvResult R;
  assert_true(ev_run(X->F.input, (int64_t[]){(int64_t)(intptr_t)&c1, (int64_t)(intptr_t)carr, 2}, &R, 1));
  assert_int_equal(R.code, 0);
  for (uint32_t k = 0; k < R.n; k++)
    if (k != 6) assert_int_equal(f[k], R.out[k]);
  assert_int_equal(f[6], (int64_t)(intptr_t)&o2);
  assert_true(f[1] == -2 && f[2] == 200 && f[3] == -300 && f[4] == -70000);
  assert_true(o1.sb == -3 && o1.ub == 44 && o1.fl == 2.5f && o2.next == &o1 && o1.n == 17);
  assert_true(c1.sb == o1.sb && c1.ub == o1.ub && c1.fl == o1.fl && c1.n == o1.n);
  assert_int_equal(memcmp(arr, carr, sizeof arr), 0);
  /* guard_class fails on another vtable, nonnull_class on NULL */
  o1.vtable = 78;
  memcpy(f, in, sizeof in);
  assert_int_equal(jitl_enter(&X->c, f), 2);
  assert_int_equal(f[0], (int64_t)(intptr_t)&o2);
  o1.vtable = 77;
  o2.next = NULL;
  drop(X);
  free(src);
}

static void test_alloc_and_strings(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  char *src = fmt("%sdescr os = size(O, 56)\ndescr vs = size(O, 56, vtable=1234)\n"
      "[i0]\n"
      "p1 = new(descr=os)\np2 = new_with_vtable(descr=vs)\n"
      "p3 = new_array(i0, descr=arr)\np4 = new_array_clear(3, descr=arr)\n"
      "setfield_gc(p1, i0, descr=n)\nsetfield_gc(p1, p2, descr=next)\n"
      "setarrayitem_gc(p3, 1, 99, descr=arr)\n"
      "i5 = arraylen_gc(p3, descr=arr)\n"
      "p6 = newstr(i0)\nstrsetitem(p6, 0, 104)\nstrsetitem(p6, 1, 233)\n"
      "i7 = strlen(p6)\ni8 = strgetitem(p6, 1)\n"
      "guard_class(p2, 1234) [p2]\n"
      "guard_isnull(NULL) []\nguard_nonnull(p4) []\n"
      "finish(p1, p2, p3, p4, i5, p6, i7, i8)\n", MEM_DESCRS);
  Loaded *X = compile_ok(src);
  int64_t f[64] = {4};
  assert_int_equal(jitl_enter(&X->c, f), 0);
  Obj *p1 = (Obj *)(intptr_t)f[0], *p2 = (Obj *)(intptr_t)f[1];
  int64_t *p3 = (int64_t *)(intptr_t)f[2], *p4 = (int64_t *)(intptr_t)f[3];
  unsigned char *s = (unsigned char *)(intptr_t)f[5];
  assert_true(p1->n == 4 && p1->next == p2 && p1->vtable == 0 && p2->vtable == 1234);
  assert_true(p3[1] == 4 && p3[3] == 99 && p4[1] == 3 && f[4] == 4);
  assert_true(f[6] == 4 && f[7] == 233 && s[24] == 'h' && s[25] == 233);
  assert_int_equal(p1->hdr, 1000 + (int64_t)jir_descr_find(&X->E, "os", 2));
  drop(X);
  free(src);
}

/* ---- what does not compile ---------------------------------------------------------------- */
static void test_unsupported(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  static const char *const bad[] = {
    "descr c = call(i, i)\n[i0]\ni1 = call_assembler_i(0, i0, descr=c)\nfinish(i1)\n",
    "descr other = target\n[i0]\nlabel(i0, descr=loop)\njump(i0, descr=other)\n",
    "descr other = target\n[i0]\ni1 = int_add(i0, 1)\njump(i1, descr=other)\n",  /* a bridge */
  };
  for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
    Loaded X;
    memset(&X, 0, sizeof X);
    load(&X, bad[k]);
    assert_false(X.compiled);
    print_message("refused: %s\n", X.err);
    assert_true(X.err[0] != 0);
    unload(&X);
  }
}

/* Every golden trace of the optimizer (input and expected output) compiles
 * (LLVM: and passes its verifier; their addresses are fake: not run). */
static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  size_t got = fread(buf, 1, (size_t)n, f);
  buf[got] = 0;
  fclose(f);
  return buf;
}

/* The optimizer's tests end with `jump(values...)` as a sink for the values
 * they want to see, without a loop head of that arity: compile it as a
 * finish with the same values. */
static void sink_jump_to_finish(Trace *T) {
  uint32_t nin = 0, last = T->nins - 1;
  bool label = false;
  for (uint32_t i = 1; i < T->nins; i++) {
    nin += T->ins[i].op <= JIR_input_f;
    label |= T->ins[i].op == JIR_label;
  }
  if (last && T->ins[last].op == JIR_jump && !label &&
      (T->ins[last].nargs != nin || T->ins[last].descr))
    T->ins[last].op = JIR_finish;
}

static int compile_trace_file(const char *path, int *refused) {
  char *src = slurp(path), err[512];
  if (!src) return 0;
  JirEnv E;
  jir_env_init(&E);
  JparseFile F;
  int n = 0;
  if (jparse_file(&F, &E, src, err, sizeof err)) {
    Trace *ts[2] = {F.input, F.expected};
    for (int k = 0; k < 2; k++) {
      if (!ts[k]) continue;
      sink_jump_to_finish(ts[k]);
      JitCompiled c;
      if (OPS->compile(be, ts[k], &c, err, sizeof err)) OPS->release(be, &c);
      else if (strstr(err, "not supported")) {
        (*refused)++;
        if (getenv("JITL_VERBOSE")) print_message("%s: %s\n", path, err);
      }
      else fail_msg("%s: %s", path, err);
      n++;
    }
    jparse_file_free(&F);
  }
  jir_env_free(&E);
  free(src);
  return n;
}

static void test_golden_traces_compile(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  DIR *d = opendir("tests/opt");
  if (!d) { skip(); return; }
  struct dirent *e;
  int n = 0, refused = 0;
  while ((e = readdir(d))) {
    size_t len = strlen(e->d_name);
    if (len < 6 || strcmp(e->d_name + len - 6, ".trace")) continue;
    char path[512];
    snprintf(path, sizeof path, "tests/opt/%s", e->d_name);
    n += compile_trace_file(path, &refused);
  }
  closedir(d);
  print_message("%d golden traces compiled and verified, %d refused (unsupported)\n", n - refused,
                refused);
  assert_true(n >= 40);
}

/* ---- random differential testing ------------------------------------------------------------- */
static uint64_t rng(uint64_t *s) {
  *s ^= *s << 13; *s ^= *s >> 7; *s ^= *s << 17;
  return *s;
}

static void operand(uint64_t r, int nv, char *buf, size_t n) {
  static const char *const ks[] = {"0", "1", "-1", "2", "3", "7", "64", "255", "-100",
                                    "9223372036854775807", "-9223372036854775808"};
  if (r % 4 == 0) snprintf(buf, n, "%s", ks[(r >> 8) % 11]);
  else snprintf(buf, n, "i%d", (int)((r >> 8) % (unsigned)nv));
}

/* Straight-line (finish) or, with `loop`, a loop over [i0, i1, i2] counting
 * i2 down. Fewer guards than other ops (1 in 2 of the guarding choices
 * keep their guard, 1 in 4 in loops), so that runs get far. */
static char *gen_random_trace(uint64_t *rs, int nops, bool loop) {
  static const char *const bin[] = {
    "int_add", "int_sub", "int_mul", "int_and", "int_or", "int_xor", "int_lt", "int_le",
    "int_eq", "int_ne", "int_gt", "int_ge", "uint_lt", "uint_le", "uint_gt", "uint_ge"};
  static const char *const un[] = {"int_neg", "int_invert", "int_abs", "int_is_true",
                                   "int_is_zero", "int_force_ge_zero", "same_as_i"};
  size_t cap = 65536, len = 0;
  char *s = malloc(cap);
  len += (size_t)snprintf(s, cap, "[i0, i1, i2]\n%s", loop ? "label(i0, i1, i2, descr=loop)\n" : "");
  int nv = 3;
  for (int k = 0; k < nops && len < cap - 512; k++) {
    uint64_t r0 = rng(rs), r1 = rng(rs), r2 = rng(rs), r3 = rng(rs);
    if (r2 % 10 >= 6 && (r3 >> 20) % (loop ? 4 : 2)) r2 = r2 / 10 * 10 + r2 % 3;  /* no guard */
    char a[32], b[32];
    operand(r0, nv, a, sizeof a);
    operand(r1, nv, b, sizeof b);
    int r = nv;
    switch (r2 % 10) {
    case 0: case 1: case 2:
      len += (size_t)sprintf(s + len, "i%d = %s(%s, %s)\n", r, bin[r3 % 16], a, b); break;
    case 3:
      len += (size_t)sprintf(s + len, "i%d = %s(%s)\n", r, un[r3 % 7], a); break;
    case 4: {
      static const char *const sh[] = {"int_lshift", "int_rshift", "uint_rshift"};
      if (r3 & 256) {
        len += (size_t)sprintf(s + len, "i%d = %s(%s, %d)\n", r, sh[r3 % 3], a, (int)((r3 >> 3) % 64));
      } else {
        len += (size_t)sprintf(s + len, "i%d = int_and(%s, 63)\ni%d = %s(%s, i%d)\n", r, b,
                               r + 1, sh[r3 % 3], a, r);
        nv++;
      }
      break;
    }
    case 5: {  /* division by a nonzero value: (b | 1) */
      static const char *const dv[] = {"int_floordiv", "int_mod", "uint_floordiv", "uint_mod"};
      len += (size_t)sprintf(s + len, "i%d = int_or(%s, 1)\ni%d = %s(%s, i%d)\n", r, b, r + 1,
                             dv[r3 % 4], a, r);
      nv++;
      break;
    }
    case 6: {
      static const char *const ov[] = {"int_add_ovf", "int_sub_ovf", "int_mul_ovf"};
      len += (size_t)sprintf(s + len, "i%d = %s(%s, %s)\n%s() [i0, %s]\n", r, ov[r3 % 3], a, b,
                             r3 & 8 ? "guard_no_overflow" : "guard_overflow", a);
      break;
    }
    case 7:
      len += (size_t)sprintf(s + len, "guard_value(%s, %s) [%s, %s]\n", a[0] == 'i' ? a : "i1",
                             (r3 & 1) ? "0" : "1", b, a);
      nv--;
      break;
    default: {
      static const char *const cmp[] = {"int_lt", "int_ge", "uint_lt", "int_ne", "int_le", "int_eq"};
      len += (size_t)sprintf(s + len, "i%d = %s(%s, %s)\n%s(i%d) [%s, i%d, %s]\n", r,
                             cmp[r3 % 6], a, b, r3 & 64 ? "guard_true" : "guard_false", r, b, r, a);
      break;
    }
    }
    nv++;
  }
  if (loop) {
    sprintf(s + len, "i%d = int_sub(i2, 1)\ni%d = int_gt(i%d, 0)\nguard_true(i%d) [i0, i1, i%d, i%d]\n"
            "jump(i%d, i%d, i%d, descr=loop)\n", nv, nv + 1, nv, nv + 1, nv - 1, nv, nv - 1,
            nv > 3 ? nv - 2 : 1, nv);
    return s;
  }
  len += (size_t)sprintf(s + len, "finish(");
  for (int v = 0; v < nv; v += 1 + (v > 8)) len += (size_t)sprintf(s + len, "%si%d", v ? ", " : "", v);
  sprintf(s + len, ")\n");
  return s;
}

static void test_random_traces(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  static const int64_t inputs[] = {0, 1, -1, 2, 3, 5, 7, 10, 63, 64, 100, 255, 256, -3, -100,
                                   INT64_MAX, INT64_MIN, 1ll << 32, -(1ll << 40)};
  uint64_t rs = 0x9e3779b97f4a7c15ull;
  int traces = getenv("JITL_FUZZ_TRACES") ? atoi(getenv("JITL_FUZZ_TRACES")) : 300;
  int exits[4] = {0}, runs = 0, loops_done = 0;
  double ir = 0, cg = 0;
  for (int t = 0; t < traces; t++) {
    bool loop = t % 3 == 2;
    char *src = gen_random_trace(&rs, 8 + (int)(rng(&rs) % 40), loop);
    Loaded *X = compile_ok(src);
    ir += X->c.ir_us;
    cg += X->c.codegen_us;
    for (int r = 0; r < 30; r++) {
      int64_t in[3];
      for (int k = 0; k < 3; k++) in[k] = inputs[rng(&rs) % 19];
      if (loop) in[2] = 1 + (int64_t)(rng(&rs) % 30);
      uint32_t code = run_both(X, in, NULL);
      if (loop && code == X->c.nguards) loops_done++;
      exits[code == 0 ? 0 : code == 1 ? 1 : code <= 3 ? 2 : 3]++;
      runs++;
    }
    drop(X);
    free(src);
  }
  print_message("%d random traces, %d runs agree (finish %d, guard 1: %d, guards 2-3: %d, "
                "later guards: %d; loops run to their end: %d); mean compile %.0f us IR + %.0f us codegen\n",
                traces, runs, exits[0], exits[1], exits[2], exits[3], loops_done, ir / traces,
                cg / traces);
  assert_true(exits[0] > 0 && exits[1] > 0 && exits[3] > 0 && loops_done > 0);
}

/* Random float traces: arithmetic, comparisons (their guards), casts both
 * ways (float to int only on values known to be small), guard_value. */
static char *gen_float_trace(uint64_t *rs, int nops) {
  static const char *const bin[] = {"float_add", "float_sub", "float_mul", "float_truediv"};
  static const char *const cmp[] = {"float_lt", "float_le", "float_eq", "float_ne", "float_gt",
                                    "float_ge"};
  static const char *const ks[] = {"0.0", "-0.0", "1.5", "-2.0", "1e+300", "inf", "nan", "0.1"};
  size_t cap = 65536, len = 0;
  char *s = malloc(cap);
  len += (size_t)snprintf(s, cap, "[f0, f1, i2]\n");
  int nf = 2, ni = 1, v = 3, fv[128] = {0, 1}, iv[128] = {2};
  for (int k = 0; k < nops && len < cap - 512 && nf < 120 && ni < 120; k++) {
    uint64_t r0 = rng(rs), r1 = rng(rs), r2 = rng(rs);
    char a[32], b[32];
    if (r0 % 5 == 0) snprintf(a, sizeof a, "%s", ks[(r0 >> 8) % 8]);
    else snprintf(a, sizeof a, "f%d", fv[(r0 >> 8) % (unsigned)nf]);
    if (r1 % 5 == 0) snprintf(b, sizeof b, "%s", ks[(r1 >> 8) % 8]);
    else snprintf(b, sizeof b, "f%d", fv[(r1 >> 8) % (unsigned)nf]);
    switch (r2 % 8) {
    case 0: case 1: case 2:
      len += (size_t)sprintf(s + len, "f%d = %s(%s, %s)\n", v, bin[(r2 >> 8) % 4], a, b);
      fv[nf++] = v++;
      break;
    case 3:
      len += (size_t)sprintf(s + len, "f%d = %s(%s)\n", v, (r2 >> 8) % 2 ? "float_neg" : "float_abs", a);
      fv[nf++] = v++;
      break;
    case 4:
      len += (size_t)sprintf(s + len, "f%d = cast_int_to_float(i%d)\n", v, iv[(r2 >> 8) % (unsigned)ni]);
      fv[nf++] = v++;
      break;
    case 5:  /* |x| < 1e6 checked first, then truncated */
      len += (size_t)sprintf(s + len,
          "f%d = float_abs(%s)\ni%d = float_lt(f%d, 1000000.0)\nguard_true(i%d) [%s]\n"
          "i%d = cast_float_to_int(%s)\n", v, a, v + 1, v, v + 1, a, v + 2, a);
      iv[ni++] = v + 2;
      v += 3;
      break;
    default:
      len += (size_t)sprintf(s + len, "i%d = %s(%s, %s)\n", v, cmp[(r2 >> 8) % 6], a, b);
      if ((r2 >> 16) % 3 == 0)
        len += (size_t)sprintf(s + len, "%s(i%d) [%s, i%d]\n",
                               (r2 >> 20) % 2 ? "guard_true" : "guard_false", v, a, v);
      iv[ni++] = v++;
      break;
    }
  }
  len += (size_t)sprintf(s + len, "finish(");
  for (int k = 0; k < nf; k++) len += (size_t)sprintf(s + len, "%sf%d", k ? ", " : "", fv[k]);
  for (int k = 0; k < ni && k < 40; k++) len += (size_t)sprintf(s + len, ", i%d", iv[k]);
  sprintf(s + len, ")\n");
  return s;
}

static void test_random_float_traces(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  static const double fin[] = {0.0, -0.0, 1.0, -1.5, 3.25, 1e-310, 1e300, -1e300, INFINITY,
                               -INFINITY, NAN, 123456.75, -0.1};
  uint64_t rs = 0x853c49e6748fea9bull;
  int traces = getenv("JITL_FUZZ_TRACES") ? atoi(getenv("JITL_FUZZ_TRACES")) / 3 : 100;
  int finished = 0, runs = 0;
  for (int t = 0; t < traces; t++) {
    char *src = gen_float_trace(&rs, 6 + (int)(rng(&rs) % 30));
    Loaded *X = compile_ok(src);
    for (int r = 0; r < 30; r++) {
      int64_t in[3] = {f2bits(fin[rng(&rs) % 13]), f2bits(fin[rng(&rs) % 13]),
                       (int64_t)(rng(&rs) % 2000) - 1000};
      finished += run_both(X, in, NULL) == 0;
      runs++;
    }
    drop(X);
    free(src);
  }
  print_message("%d random float traces, %d runs agree, %d finished\n", traces, runs, finished);
  assert_true(finished > 0);
}

/* Random memory traces on a 256-byte buffer p0 (an array view p1 of it
 * too): fields of 1, 2, 4, 8 bytes, signed or not, int and float, arrays
 * of each item size indexed by small inputs, interior fields; the
 * compiled code and the evaluator run on two copies of the same bytes,
 * which must end equal, as must the exits. */
static char *gen_mem_trace(uint64_t *rs, int nops) {
  static const unsigned sizes[] = {1, 2, 4, 8};
  size_t cap = 65536, len = 0;
  char *s = malloc(cap);
  for (int d = 0; d < 8; d++) {  /* fields f0..f7, arrays a0..a3, interiors n0..n3 */
    unsigned sz = sizes[d % 4];
    len += (size_t)sprintf(s + len, "descr f%d = field(B.f%d, i, %u, %u%s)\n", d, d,
                           (unsigned)(rng(rs) % (128 / sz)) * sz, sz, d >= 4 ? ", unsigned" : "");
  }
  for (int d = 0; d < 4; d++)
    len += (size_t)sprintf(s + len, "descr a%d = array(i, %u, 16, 8%s)\ndescr n%d = interior(i, 16, %u, %u%s)\n",
                           d, sizes[d], d % 2 ? ", unsigned" : "", d, 16 + sizes[d], sizes[d],
                           d % 2 ? "" : ", unsigned");
  len += (size_t)sprintf(s + len, "descr fd = field(B.d, f, 136, 8)\ndescr ff = field(B.s, f, 148, 4)\n"
                         "[p0, i1, i2]\n");
  int v = 3, ni = 2, ints[64] = {1, 2};
  for (int k = 0; k < nops && len < cap - 512 && ni < 60; k++) {
    uint64_t r = rng(rs), x = rng(rs);
    int a = ints[x % (unsigned)ni], d = (int)((x >> 8) % 8), ad = (int)((x >> 12) % 4);
    const char *idx = (x >> 16) % 2 ? "i1" : "i2";  /* 0..7 */
    switch (r % 8) {
    case 0: case 1:
      len += (size_t)sprintf(s + len, "i%d = getfield_gc_i(p0, descr=f%d)\n", v, d);
      ints[ni++] = v++;
      break;
    case 2:
      len += (size_t)sprintf(s + len, "setfield_gc(p0, i%d, descr=f%d)\n", a, d);
      break;
    case 3:
      len += (size_t)sprintf(s + len, "i%d = getarrayitem_gc_i(p0, %s, descr=a%d)\n", v, idx, ad);
      ints[ni++] = v++;
      break;
    case 4:
      len += (size_t)sprintf(s + len, "setarrayitem_gc(p0, %s, i%d, descr=a%d)\n", idx, a, ad);
      break;
    case 5:
      if (x & 1) {
        len += (size_t)sprintf(s + len, "i%d = getinteriorfield_gc_i(p0, %s, descr=n%d)\n", v, idx, ad);
        ints[ni++] = v++;
      } else {
        len += (size_t)sprintf(s + len, "setinteriorfield_gc(p0, %s, i%d, descr=n%d)\n", idx, a, ad);
      }
      break;
    case 6:
      len += (size_t)sprintf(s + len, "f%d = getfield_gc_f(p0, descr=%s)\nf%d = float_add(f%d, 1.5)\n"
                             "setfield_gc(p0, f%d, descr=%s)\n", v, x & 1 ? "fd" : "ff", v + 1, v,
                             v + 1, x & 2 ? "fd" : "ff");
      v += 2;
      break;
    default:
      len += (size_t)sprintf(s + len, "i%d = int_add(i%d, %d)\ni%d = int_lt(i%d, %d)\nguard_true(i%d) [i%d, i%d]\n",
                             v, a, (int)(x % 1000), v + 1, v, (int)((x >> 20) % 4096) - 100, v + 1, a, v);
      ints[ni++] = v;
      v += 2;
      break;
    }
  }
  len += (size_t)sprintf(s + len, "finish(");
  for (int k = 0; k < ni; k++) len += (size_t)sprintf(s + len, "%si%d", k ? ", " : "", ints[k]);
  sprintf(s + len, ")\n");
  return s;
}

static void test_random_memory_traces(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  uint64_t rs = 0x510e527fade682d1ull;
  int traces = getenv("JITL_FUZZ_TRACES") ? atoi(getenv("JITL_FUZZ_TRACES")) / 3 : 100;
  int finished = 0, runs = 0;
  for (int t = 0; t < traces; t++) {
    char *src = gen_mem_trace(&rs, 10 + (int)(rng(&rs) % 30));
    Loaded *X = compile_ok(src);
    for (int r = 0; r < 10; r++, runs++) {
      _Alignas(16) uint8_t m1[256], m2[256];
      for (int b = 0; b < 256; b++) m1[b] = (uint8_t)rng(&rs);
      memcpy(m2, m1, sizeof m1);
      int64_t i1 = (int64_t)(rng(&rs) % 8), i2 = (int64_t)(rng(&rs) % 8);
      int64_t f[64] = {(int64_t)(intptr_t)m1, i1, i2};
      uint32_t code = enter(&X->c, X->F.input, f);
      EvResult R;
      assert_true(ev_run(X->F.input, (int64_t[]){(int64_t)(intptr_t)m2, i1, i2}, &R, 1));
      if (code != R.code || memcmp(f, R.out, R.n * sizeof *f) || memcmp(m1, m2, sizeof m1))
        fail_msg("memory trace: exit %u vs %u, %s\n%s", code, R.code,
                 memcmp(m1, m2, sizeof m1) ? "memory differs" : "values differ", src);
      finished += code == 0;
    }
    drop(X);
    free(src);
  }
  print_message("%d random memory traces, %d runs agree, %d finished\n", traces, runs, finished);
  assert_true(finished > 0);
}

/* ---- compile time: ~150 ops, a guard every third op ------------------------------------------ */
/* A loop of nops ops, a guard every third op. Snapshots: 3 values, or
 * with `wide` 10 (7 of them the same loop-invariant inputs everywhere, as
 * an interpreter frame's registers would be). */
static char *gen_bench_trace(int nops, bool wide) {
  static const char *const extra_in = ", p9990, p9991, p9992, i9993, i9994, i9995";
  const char *more = wide ? extra_in : "", *snap_more = wide ? ", p9990, p9991, p9992, i9993, i9994, i9995, i1" : "";
  size_t cap = (size_t)nops * 160 + 1024, len = 0;
  char *s = malloc(cap);
  len += (size_t)sprintf(s, "descr f = field(O.f, i, 16, 8)\n[p0, i1, i2%s]\nlabel(p0, i1, i2%s, descr=loop)\n",
                         more, more);
  int v = 3, ops = 0, last = 1;
  while (ops + 3 <= nops) {
    len += (size_t)sprintf(s + len,
        "i%d = getfield_gc_i(p0, descr=f)\n"
        "i%d = int_add_ovf(i%d, i%d)\n"
        "guard_no_overflow() [p0, i%d, i2%s]\n", v, v + 1, last, v, last, snap_more);
    last = v + 1;
    v += 2;
    ops += 3;
    if (ops + 3 > nops) break;
    len += (size_t)sprintf(s + len,
        "i%d = int_mul(i%d, 3)\ni%d = int_lt(i%d, i2)\nguard_true(i%d) [p0, i%d, i%d%s]\n",
        v, last, v + 1, v, v + 1, last, v, snap_more);
    last = v;
    v += 2;
    ops += 3;
  }
  len += (size_t)sprintf(s + len, "jump(p0, i%d, i2%s, descr=loop)\n", last, more);
  return s;
}

static void bench_compile(void *fast, bool wide, const char *tier) {
  char *src = gen_bench_trace(150, wide);
  JirEnv E;
  jir_env_init(&E);
  JparseFile F;
  char err[256];
  if (!jparse_file(&F, &E, src, err, sizeof err)) fail_msg("parse: %s", err);
  int runs = getenv("JITL_BENCH_RUNS") ? atoi(getenv("JITL_BENCH_RUNS")) : 40;
  if (runs < 1) runs = 1;
  double best = 1e30, total = 0, ir = 0;
  JitCompiled c;
  uint32_t nguards = 0;
  for (int r = 0; r < runs; r++) {
    assert_true(OPS->compile(fast, F.input, &c, err, sizeof err));
    double t = c.ir_us + c.codegen_us;
    total += t;
    ir += c.ir_us;
    if (t < best) best = t;
    nguards = c.nguards;
    if (r == 0) {  /* and it runs: field 1, start 1 -> overflow or the bound */
      int64_t obj[3] = {0, 0, 1}, fr[16] = {(int64_t)(intptr_t)obj, 1, 1000000};
      assert_true(jitl_enter(&c, fr) > 0);
    }
    OPS->release(fast, &c);
  }
  print_message("trace compiler %s%s: %u ops, %u guards, snapshots of %d: best %.0f us, mean %.0f us "
                "per trace (IR %.0f us, the rest %s)\n", OPS->name, tier, F.input->nins - 1, nguards,
                wide ? 10 : 3, best, total / runs, ir / runs, OPS == &jitl_ops ? "LLVM" : "installing");
  jparse_file_free(&F);
  jir_env_free(&E);
  free(src);
}


/* ---- stress: registers, moves, calls, guards, chaining, wide exits --------------------------- */
/* A growable trace text. */
typedef struct Src { char *s; size_t len, cap; } Src;
static void put(Src *S, const char *f, ...) __attribute__((format(printf, 2, 3)));
static void put(Src *S, const char *f, ...) {
  va_list ap;
  va_start(ap, f);
  if (S->len + 4096 > S->cap) {
    S->cap = S->cap ? 2 * S->cap : 65536;
    S->s = realloc(S->s, S->cap);
  }
  S->len += (size_t)vsnprintf(S->s + S->len, S->cap - S->len, f, ap);
  va_end(ap);
}

/* More live values than registers (40 ints, 14 floats, a call among
 * them), then a loop whose 20 variables rotate at every jump (a 20-cycle
 * for the parallel move) with 10 loop invariants and a counter. */
static void test_register_pressure(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  Src S = {0};
  put(&S, "descr c3 = call(iii, i)\n[i0, i1, f2]\n");
  for (int k = 0; k < 40; k++) put(&S, "i%d = int_mul(i0, %d)\ni%d = int_add(i%d, i1)\n", 100 + k, k + 1, 200 + k, 100 + k);
  for (int k = 0; k < 14; k++) put(&S, "f%d = float_mul(f2, %d.5)\n", 300 + k, k);
  put(&S, "i400 = call_i(%lld, i200, i239, 3, descr=c3)\ni401 = int_add(i400, i220)\n",
      (long long)(intptr_t)c_add3);
  for (int k = 0; k < 40; k++) put(&S, "i%d = int_add(i%d, i%d)\n", 501 + k, 500 + k + (k == 0 ? -99 : 0), 239 - k);
  put(&S, "finish(i540");
  for (int k = 0; k < 40; k++) put(&S, ", i%d", 200 + k);
  for (int k = 0; k < 14; k++) put(&S, ", f%d", 300 + k);
  put(&S, ")\n");
  Loaded *X = compile_ok(S.s);
  static const int64_t ins[][2] = {{1, 2}, {-7, 1000}, {INT64_MAX, 3}, {0, 0}};
  for (size_t k = 0; k < 4; k++) run_both(X, (int64_t[]){ins[k][0], ins[k][1], f2bits(1.25 * (double)k)}, NULL);
  drop(X);
  S.len = 0;
  put(&S, "[");
  for (int k = 0; k < 31; k++) put(&S, "%si%d", k ? ", " : "", k);
  put(&S, "]\nlabel(");
  for (int k = 0; k < 21; k++) put(&S, "%si%d", k ? ", " : "", k);
  put(&S, ", descr=l)\n");
  for (int k = 0; k < 20; k++) put(&S, "i%d = int_add(i%d, i%d)\n", 100 + k, k, 21 + k % 10);
  put(&S, "i200 = int_sub(i20, 1)\ni201 = int_gt(i200, 0)\nguard_true(i201) [i200");
  for (int k = 0; k < 20; k++) put(&S, ", i%d", 100 + k);
  put(&S, "]\njump(");
  for (int k = 0; k < 20; k++) put(&S, "i%d, ", 100 + (k + 1) % 20);
  put(&S, "i200, descr=l)\n");
  X = compile_ok(S.s);
  int64_t in[31];
  for (int k = 0; k < 31; k++) in[k] = k * 1000 + 1;
  in[20] = 17;
  assert_int_equal(run_both(X, in, NULL), 1);
  drop(X);
  free(S.s);
}

/* Parallel moves at the jump: a swap, a 3-cycle of floats, a constant,
 * a value moving into a loop variable's place. */
static void test_parallel_moves(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  Loaded *X = compile_ok(
      "[i0, i1, f2, f3, f4, i5, i6, i7]\nlabel(i0, i1, f2, f3, f4, i5, i6, i7, descr=l)\n"
      "i8 = int_sub(i6, 1)\ni9 = int_gt(i8, 0)\nguard_true(i9) [i0, i1, f2, f3, f4, i5, i8, i7]\n"
      "f10 = float_add(f2, 0.5)\ni11 = int_add(i7, i0)\n"
      "jump(i1, i0, f3, f4, f10, 7, i8, i11, descr=l)\n");
  for (int n = 1; n < 8; n++)
    assert_int_equal(run_both(X, (int64_t[]){3, 4, f2bits(1.0), f2bits(2.0), f2bits(3.0), 9, n, 0}, NULL), 1);
  drop(X);
}

/* Calls with 16 arguments (stack arguments of both kinds) from
 * constants, registers and spilled values, inside a loop. */
static void test_many_args(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  char *src = fmt("descr mi = call(ifififififififii, i)\ndescr mf = call(fififififififfff, f)\n"
            "[i0, f1, i2]\nlabel(i0, f1, i2, descr=l)\n"
            "i3 = call_i(%lld, i0, f1, 2, 1.5, i0, f1, i2, 0.25, 5, f1, i0, -2.0, 7, f1, i2, i0, descr=mi)\n"
            "f4 = call_f(%lld, f1, i0, 2.0, i3, f1, 3, 0.5, i2, f1, -1, 4.0, i0, f1, 1.0, f1, 8.0, descr=mf)\n"
            "f5 = float_add(f1, 0.5)\ni6 = int_add(i0, i3)\ni7 = int_sub(i2, 1)\ni8 = int_gt(i7, 0)\n"
            "guard_true(i8) [i3, f4, i6, f5]\njump(i6, f5, i7, descr=l)\n",
            (long long)(intptr_t)c_many_i, (long long)(intptr_t)c_many_f);
  Loaded *X = compile_ok(src);
  int64_t f[64];
  assert_int_equal(run_both(X, (int64_t[]){1, f2bits(0.5), 1}, f), 1);
  assert_int_equal(f[0], c_many_i(1, 0.5, 2, 1.5, 1, 0.5, 1, 0.25, 5, 0.5, 1, -2.0, 7, 0.5, 1, 1));
  assert_int_equal(run_both(X, (int64_t[]){-3, f2bits(2.0), 5}, NULL), 1);
  drop(X);
  free(src);
}

/* Every guard kind, failing and passing, on inputs, constants and
 * computed values. */
static void test_guard_kinds(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  static const struct { const char *src; int64_t pass, fail; } cases[] = {
    {"[i0]\nguard_true(i0) [i0]\nfinish(i0)\n", 3, 0},
    {"[i0]\nguard_false(i0) [i0, 9]\nfinish(i0)\n", 0, -1},
    {"[i0]\ni1 = int_and(i0, 6)\nguard_true(i1) [i1, i0]\nfinish(i1, i0)\n", 2, 1},
    {"[i0]\ni1 = uint_lt(i0, 5)\nguard_false(i1) [i1, i0]\ni2 = int_add(i1, i0)\nfinish(i2)\n", 9, 4},
    {"[i0]\ni1 = int_is_zero(i0)\nguard_true(i1) [i1]\nfinish(i1)\n", 0, 5},
    {"[i0]\nguard_value(i0, 1234567890123) [i0]\nfinish(i0)\n", 1234567890123, 5},
    {"[f0]\nguard_value(f0, 2.5) [f0]\nfinish(f0)\n", 0x4004000000000000, 0x7ff8000000000000},
    {"[p0]\nguard_nonnull(p0) [p0]\nfinish(p0)\n", 64, 0},
    {"[p0]\nguard_isnull(p0) [p0]\nfinish(p0)\n", 0, 64},
    {"[p0]\ni1 = ptr_ne(p0, NULL)\nguard_true(i1) [p0, i1]\nfinish(i1)\n", 8, 0},
    {"[i0]\ni1 = int_mul_ovf(i0, i0)\nguard_no_overflow() [i0, i1]\nfinish(i1)\n", 3037000499, 3037000500},
    {"[i0]\ni1 = int_sub_ovf(0, i0)\nguard_overflow() [i0, i1]\nfinish(i1)\n", INT64_MIN, 5},
    {"[i0]\nguard_true(1) []\nguard_false(0) []\nguard_value(3, 3) []\ni1 = int_lt(i0, 2)\n"
     "guard_true(i1) [i0]\nfinish(i0)\n", 1, 2},
  };
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    Loaded *X = compile_ok(cases[k].src);
    uint32_t last = X->c.nguards;
    assert_int_equal(run_both(X, &cases[k].pass, NULL), 0);
    assert_int_equal(run_both(X, &cases[k].fail, NULL), last);
    drop(X);
  }
  /* class guards on objects: pass, wrong class, NULL */
  Loaded *X = compile_ok("[p0]\nguard_nonnull_class(p0, 77) [p0]\nguard_class(p0, 77) []\nfinish(p0)\n");
  int64_t o1[4] = {0, 77}, o2[4] = {0, 78};
  assert_int_equal(run_both(X, (int64_t[]){(int64_t)(intptr_t)o1}, NULL), 0);
  assert_int_equal(run_both(X, (int64_t[]){(int64_t)(intptr_t)o2}, NULL), 1);
  assert_int_equal(run_both(X, (int64_t[]){0}, NULL), 1);
  drop(X);
}

/* A guard exit with 54 values: constants, ints (more than the registers),
 * floats, a comparison fused into the guard. */
static void test_wide_exit(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  Src S = {0};
  put(&S, "[i0, f1]\n");
  for (int k = 0; k < 20; k++) put(&S, "i%d = int_add(i0, %d)\n", 10 + k, k * 7);
  for (int k = 0; k < 12; k++) put(&S, "f%d = float_add(f1, %d.0)\n", 50 + k, k);
  put(&S, "i80 = int_lt(i0, 100)\nguard_true(i80) [i80");
  for (int k = 0; k < 20; k++) put(&S, ", i%d, %lld", 10 + k, k % 3 ? k : -k * 1000000000ll);
  for (int k = 0; k < 12; k++) put(&S, ", f%d", 50 + k);
  put(&S, ", 2.5]\nfinish(i10, i29, f61)\n");
  Loaded *X = compile_ok(S.s);
  int64_t f[64];
  assert_int_equal(run_both(X, (int64_t[]){5, f2bits(0.5)}, f), 0);
  assert_int_equal(run_both(X, (int64_t[]){500, f2bits(0.5)}, f), 1);
  assert_int_equal(X->c.exits[1].nvalues, 54);
  drop(X);
  free(S.s);
}

/* Values only guards' snapshots need (x64: computed at the exit, not in
 * the loop): pos + 1, len <= pos + 1 nested on it, x - 3, a comparison
 * with a constant on the left; and a value from before the label that a
 * guard after it needs, which must keep the preamble's value. */
static void test_resume_only_values(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  Loaded *X = compile_ok("[i0, i1]\n"
                         "i9 = int_add(i0, 5)\n"
                         "label(i0, i1, descr=l)\n"
                         "i2 = int_add(i0, 1)\n"
                         "i3 = int_le(i1, i2)\n"
                         "i4 = int_sub(i0, 3)\n"
                         "i7 = int_gt(40, i0)\n"
                         "i5 = int_lt(i0, 100)\n"
                         "guard_true(i5) [i2, i3, i4, i7, i9, i0]\n"
                         "i6 = int_add(i0, 2)\n"
                         "jump(i6, i1, descr=l)\n");
  int64_t f[64];
  assert_int_equal(run_both(X, (int64_t[]){0, 50}, f), 1);
  assert_true(f[0] == 101 && f[1] == 1 && f[2] == 97 && f[3] == 0 && f[4] == 5);
  assert_int_equal(run_both(X, (int64_t[]){7, 200}, f), 1);
  assert_true(f[0] == 102 && f[1] == 0 && f[4] == 12);
  drop(X);
}

/* Chaining: with cfg.exit_owner, an exit whose chain entry is set
 * tail-calls it with the frame it filled; an exit that returns names its
 * trace in *exit_owner. */
static void *chain_owner;

/* Two traces A and B compiled by one backend made with cfg. */
typedef struct TwoTraces {
  void *cb;
  JirEnv E;
  JparseFile FA, FB;
  JitCompiled A, B;
} TwoTraces;

static void two_traces(TwoTraces *t, const JitCodegenConfig *cfg, const char *a, const char *b) {
  char err[256];
  t->cb = OPS->create(cfg);
  assert_non_null(t->cb);
  jir_env_init(&t->E);
  assert_true(jparse_file(&t->FA, &t->E, a, err, sizeof err));
  assert_true(jparse_file(&t->FB, &t->E, b, err, sizeof err));
  assert_true(OPS->compile(t->cb, t->FA.input, &t->A, err, sizeof err));
  assert_true(OPS->compile(t->cb, t->FB.input, &t->B, err, sizeof err));
}

static void two_traces_free(TwoTraces *t) {
  OPS->release(t->cb, &t->A);
  OPS->release(t->cb, &t->B);
  OPS->destroy(t->cb);
  jparse_file_free(&t->FA);
  jparse_file_free(&t->FB);
  jir_env_free(&t->E);
}

static void test_chaining(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  JitCodegenConfig cfg;
  jitl_config_init(&cfg);
  cfg.exit_owner = &chain_owner;
  TwoTraces t;
  two_traces(&t, &cfg,
             "[i0]\nlabel(i0, descr=l)\ni1 = int_add(i0, 1)\ni2 = int_lt(i1, 10)\n"
             "guard_true(i2) [i1, i0]\njump(i1, descr=l)\n",
             "[i0, i1]\ni2 = int_mul(i0, i1)\ni3 = int_ne(i2, 55)\n"
             "guard_true(i3) [i2]\nfinish(i2, 3)\n");
  JitCompiled *A = &t.A, *B = &t.B;
  int64_t f[8] = {0};
  assert_int_equal(jitl_enter(A, f), 1);  /* no chain: A returns */
  assert_ptr_equal(chain_owner, A);
  assert_true(f[0] == 10 && f[1] == 9);
  A->chain[1] = B->chain_entry;  /* (a trace chained to an exit takes no
                                  * input where its snapshot has a constant:
                                  * x64's exits do not store those) */
  f[0] = 2;
  assert_int_equal(jitl_enter(A, f), 0);  /* A's exit runs B, which finishes */
  assert_ptr_equal(chain_owner, B);
  assert_true(f[0] == 90 && f[1] == 3);
  B->chain[0] = A->chain_entry;  /* B's finish enters A */
  A->chain[1] = NULL;
  f[0] = 5;
  f[1] = 11;
  assert_int_equal(jitl_enter(B, f), 1);  /* 55: B's own guard fails (no chain) */
  assert_ptr_equal(chain_owner, B);
  assert_int_equal(f[0], 55);
  f[0] = 2;
  f[1] = 4;
  assert_int_equal(jitl_enter(B, f), 1);  /* 8: B finishes into A, which leaves at 10 */
  assert_ptr_equal(chain_owner, A);
  assert_true(f[0] == 10 && f[1] == 9);
  two_traces_free(&t);
}

/* Direct call_assembler (cfg.direct_call; the x64 backend makes them,
 * LLVM keeps the call): a call of cfg.portal_fn with a constant cell calls
 * the cell's loop itself while its entry word is set — the greens, then
 * the reds, in the loop's frame; the result from frame[0] when the loop
 * leaves by exit 0 from a trace whose `returns` is the call's kind — and
 * the exit function after any other exit; the portal function when the
 * word is NULL. Values the caller keeps across the call survive. */
static int64_t dc_frame[16];
static void *dc_entry;          /* the cell's entry word; its address is the cell */
static uint64_t dc_count;
static int dc_portal_calls;
static const int64_t dc_greens[1] = {7};

static int64_t dc_portal(void *cell, int64_t r0, int64_t r1, int64_t r2, int64_t r3, int64_t r4) {
  (void)cell, (void)r2, (void)r3, (void)r4;
  dc_portal_calls++;
  return r0 * 1000 + r1;
}

static int64_t dc_exit(void *cell, uint32_t g) {
  assert_ptr_equal(cell, &dc_entry);
  return -(int64_t)g - 100 * dc_frame[0];
}

static bool dc_direct(void *cell, JitDirectCall *out) {
  if (cell != (void *)&dc_entry) return false;
  *out = (JitDirectCall){.entry = (void *const *)&dc_entry, .frame = dc_frame,
                         .greens = dc_greens, .ngreens = 1, .nreds = 2, .kind = 'i',
                         .exit_fn = dc_exit, .count = &dc_count};
  return true;
}

static void test_direct_call(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  JitCodegenConfig cfg;
  jitl_config_init(&cfg);
  cfg.exit_owner = &chain_owner;
  cfg.portal_fn = (void *)dc_portal;
  cfg.direct_call = dc_direct;
  char *src = fmt("descr ca = call(iii, i, canraise)\n[i0, i1, f2]\n"
                  "i3 = call_i(%lld, %lld, i0, i1, descr=ca)\n"
                  "i4 = int_add(i3, i0)\nf5 = float_add(f2, 1.5)\nfinish(i4, i1, f5)\n",
                  (long long)(intptr_t)dc_portal, (long long)(intptr_t)&dc_entry);
  TwoTraces t;
  two_traces(&t, &cfg, src,
             "[i0, i1, i2]\ni3 = int_mul(i1, i0)\ni4 = int_add(i3, i2)\n"
             "i5 = int_lt(i4, 1000)\nguard_true(i5) [i4]\nfinish(i4)\n");
  JitCompiled *A = &t.A, *B = &t.B;
  B->returns = 'i';
  bool direct = OPS == &jitx_ops;
  int64_t f[8] = {3, 4, f2bits(1.0)};
  dc_entry = NULL;  /* no loop: the portal function */
  assert_int_equal(jitl_enter(A, f), 0);
  assert_true(f[0] == 3004 + 3 && f[1] == 4 && f[2] == f2bits(2.5));
  assert_int_equal(dc_portal_calls, 1);
  dc_entry = (void *)B->entry;  /* 3 * 7 + 4, then + 3 */
  f[0] = 3, f[1] = 4, f[2] = f2bits(1.0);
  assert_int_equal(jitl_enter(A, f), 0);
  assert_int_equal(f[0], direct ? 28 : 3007);
  assert_true(f[1] == 4 && f[2] == f2bits(2.5));
  assert_int_equal(dc_count, direct ? 1 : 0);
  assert_true(!direct || (dc_frame[0] == 25 && dc_frame[1] == 3 && dc_frame[2] == 4));
  f[0] = 200, f[1] = 5;  /* B's guard fails: exit 1 with 1405 */
  assert_int_equal(jitl_enter(A, f), 0);
  assert_int_equal(f[0], direct ? -1 - 140500 + 200 : 200005 + 200);
  B->returns = 0;  /* exit 0, but not a return of the portal's */
  f[0] = 3, f[1] = 4;
  assert_int_equal(jitl_enter(A, f), 0);
  assert_int_equal(f[0], direct ? -2500 + 3 : 3007);
  assert_int_equal(dc_portal_calls, direct ? 1 : 4);
  dc_entry = NULL;
  two_traces_free(&t);
  free(src);
}

/* The write barrier (cfg.write_barrier, JDF_WB descrs): a store of a
 * non-constant reference into an object whose header has the flag calls
 * it first — not for an object the trace allocated since its last call
 * or allocation, not for a constant value, not when the flag is clear —
 * and the values the trace keeps in registers across it survive (the
 * barrier clobbers what C code may). */
enum { WB_FLAG_BIT = 33 };
static void *wb_seen[16];
static int wb_nseen;
static bool wb_new_flagged;  /* fake allocations come with the flag set */

static void fake_wb(void *obj) {
  int64_t *o = obj;
  o[0] &= ~((int64_t)1 << WB_FLAG_BIT);  /* recorded once, as rt_gc_wb does */
  if (wb_nseen < 16) wb_seen[wb_nseen++] = obj;
  char junk[512];  /* wide stores and float math: vector and x87/SSE registers */
  memset(junk, (int)(o[0] & 0x7f), sizeof junk);
  volatile double x = sqrt((double)junk[3] + 2.0);
  (void)x;
}

static void *fake_new_flagged(uint32_t descr) {
  int64_t *p = fake_new_struct(descr);
  if (wb_new_flagged) p[0] |= (int64_t)1 << WB_FLAG_BIT;
  return p;
}

static void test_write_barrier(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  JitCodegenConfig cfg;
  jitl_config_init(&cfg);
  cfg.new_struct = fake_new_flagged;
  cfg.write_barrier = fake_wb;
  cfg.wb_flag = (uint64_t)1 << WB_FLAG_BIT;
  cfg.verify = true;  /* LLVM: the module verifier */
  void *wbe = OPS->create(&cfg);
  assert_non_null(wbe);
  char *src = fmt(
      "descr next = field(O.next, r, 40, 8, wb)\ndescr raw = field(O.d, r, 32, 8)\n"
      "descr pa = array(r, 8, 16, 8, wb)\ndescr os = size(O, 56)\ndescr cnt = call(i, v)\n"
      "[p0, p1, p2, i3, f4, p5]\n"
      "i6 = int_add(i3, 1)\ni7 = int_mul(i3, 3)\ni8 = int_sub(i3, 5)\ni9 = int_xor(i3, 9)\n"
      "f10 = float_add(f4, 1.5)\nf11 = float_mul(f4, f4)\n"
      "setfield_gc(p0, p1, descr=next)\n"            /* flagged: barrier */
      "setfield_gc(p0, NULL, descr=next)\n"          /* a constant: none */
      "setfield_gc(p0, p2, descr=raw)\n"             /* not wb: none */
      "p12 = new(descr=os)\n"
      "setfield_gc(p12, p1, descr=next)\n"           /* fresh, flagged: none */
      "setfield_gc(p2, p12, descr=next)\n"           /* not flagged: none */
      "setarrayitem_gc(p5, i3, p1, descr=pa)\n"      /* flagged: barrier */
      "call_n(%lld, 0, descr=cnt)\n"
      "setfield_gc(p12, p2, descr=next)\n"           /* not fresh now: barrier */
      "setfield_gc(p12, p1, descr=next)\n"           /* its flag is clear now: none */
      "finish(p12, i6, i7, i8, i9, f10, f11, i3, p0, p1)\n",
      (long long)(intptr_t)c_count);
  JirEnv E;
  jir_env_init(&E);
  JparseFile F;
  char err[256];
  if (!jparse_file(&F, &E, src, err, sizeof err)) fail_msg("parse: %s", err);
  JitCompiled c;
  if (!OPS->compile(wbe, F.input, &c, err, sizeof err)) fail_msg("compile: %s", err);
  int64_t flag = (int64_t)1 << WB_FLAG_BIT;
  Obj o0 = {.hdr = 5 | flag}, o1 = {.hdr = 6}, o2 = {.hdr = 7};
  int64_t arr[6] = {8 | flag, 3, 0, 0, 0, 0};
  wb_nseen = 0;
  wb_new_flagged = true;
  int64_t f[16] = {(int64_t)(intptr_t)&o0, (int64_t)(intptr_t)&o1, (int64_t)(intptr_t)&o2, 2,
                   0, (int64_t)(intptr_t)arr};
  double f4 = 3.0;
  memcpy(&f[4], &f4, 8);
  assert_int_equal(jitl_enter(&c, f), 0);
  wb_new_flagged = false;
  Obj *p12 = (Obj *)(intptr_t)f[0];
  assert_int_equal(wb_nseen, 3);
  assert_ptr_equal(wb_seen[0], &o0);
  assert_ptr_equal(wb_seen[1], arr);
  assert_ptr_equal(wb_seen[2], p12);
  assert_true(o0.next == NULL && o0.d != 0 && o2.next == p12 && p12->next == &o1);
  assert_true(arr[4] == (int64_t)(intptr_t)&o1 && !(o0.hdr & flag) && !(arr[0] & flag));
  assert_true(f[1] == 3 && f[2] == 6 && f[3] == -3 && f[4] == (2 ^ 9) && f[7] == 2);
  double f10, f11;
  memcpy(&f10, &f[5], 8);
  memcpy(&f11, &f[6], 8);
  assert_true(f10 == 4.5 && f11 == 9.0);
  assert_true(f[8] == (int64_t)(intptr_t)&o0 && f[9] == (int64_t)(intptr_t)&o1);
  OPS->release(wbe, &c);
  OPS->destroy(wbe);
  jparse_file_free(&F);
  jir_env_free(&E);
  free(src);
}

/* Inline allocation from a nursery (cfg.alloc_inline giving one, as with
 * --gc=gen): the bump while the objects fit, header, length and vtable
 * written inline; the allocator's call (which writes them) once full. */
static struct { char *free, *top; } nursery;
static char nursery_mem[160] __attribute__((aligned(16)));

static bool fake_alloc_inline(uint32_t descr, int64_t n, JitAllocInline *out) {
  memset(out, 0, sizeof *out);
  out->nursery = &nursery;
  out->len_ofs = out->ref_ofs = -1;
  out->hdr = 3000 + descr;
  if (n >= 0) {
    out->len_ofs = 8;
    out->size = (uint32_t)(16 + 8 * n + 7) & ~7u;
  } else {
    out->size = 56;
    out->ref_ofs = 8;
    out->ref = (void *)(intptr_t)4321;
  }
  return true;
}

static void test_nursery_bump(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  JitCodegenConfig cfg;
  jitl_config_init(&cfg);
  cfg.new_struct = fake_new_struct;
  cfg.new_array = fake_new_array;
  cfg.alloc_inline = fake_alloc_inline;
  cfg.verify = true;
  void *nb = OPS->create(&cfg);
  assert_non_null(nb);
  Loaded X;
  jir_env_init(&X.E);
  assert_true(jparse_file(&X.F, &X.E, "descr os = size(O, 56)\ndescr arr = array(i, 8, 16, 8)\n"
                          "[i0]\np1 = new(descr=os)\np2 = new_array_clear(3, descr=arr)\n"
                          "p3 = new(descr=os)\np4 = new(descr=os)\ni5 = int_add(i0, 1)\n"
                          "finish(p1, p2, p3, p4, i5)\n", X.err, sizeof X.err));
  assert_true(OPS->compile(nb, X.F.input, &X.c, X.err, sizeof X.err));
  memset(nursery_mem, 0, sizeof nursery_mem);
  nursery.free = nursery_mem;
  nursery.top = nursery_mem + sizeof nursery_mem;  /* 56 + 40 + 56 fit, not 56 more */
  int64_t f[8] = {41};
  assert_int_equal(jitl_enter(&X.c, f), 0);
  uint32_t os = jir_descr_find(&X.E, "os", 2), arr = jir_descr_find(&X.E, "arr", 3);
  int64_t *p1 = (int64_t *)(intptr_t)f[0], *p2 = (int64_t *)(intptr_t)f[1];
  int64_t *p3 = (int64_t *)(intptr_t)f[2], *p4 = (int64_t *)(intptr_t)f[3];
  assert_ptr_equal(p1, nursery_mem);
  assert_ptr_equal(p2, nursery_mem + 56);
  assert_ptr_equal(p3, nursery_mem + 96);
  assert_ptr_equal(nursery.free, nursery_mem + 152);
  assert_true(p1[0] == 3000 + os && p1[1] == 4321 && p3[0] == 3000 + os && p3[1] == 4321);
  assert_true(p2[0] == 3000 + arr && p2[1] == 3 && p2[2] == 0 && p2[4] == 0);
  assert_true((char *)p4 < nursery_mem || (char *)p4 >= nursery_mem + sizeof nursery_mem);
  assert_int_equal(p4[0], 1000 + os);  /* the allocator's */
  assert_int_equal(f[4], 42);
  OPS->release(nb, &X.c);
  OPS->destroy(nb);
  jparse_file_free(&X.F);
  jir_env_free(&X.E);
}

/* Random loops over many variables: n label operands (some inputs stay
 * loop invariant), ops and calls on them, guards with wide snapshots, and
 * a jump passing a random choice of values (a permutation, repeats,
 * constants): register pressure, spills across calls and parallel moves at
 * the back edge. */
static char *gen_loop_trace(uint64_t *rs, int nvars, int nops) {
  static const char *const bin[] = {"int_add", "int_sub", "int_mul", "int_xor", "int_and",
                                    "int_lt", "uint_ge", "int_or"};
  Src S = {0};
  put(&S, "descr c3 = call(iii, i)\n[");
  for (int k = 0; k <= nvars + 3; k++) put(&S, "%si%d", k ? ", " : "", k);
  put(&S, "]\nlabel(");
  for (int k = 0; k <= nvars; k++) put(&S, "%si%d", k ? ", " : "", k);
  put(&S, ", descr=l)\n");
  int v = nvars + 4, vals[512], nv = 0;
  for (int k = 0; k < nvars + 4; k++) if (k != nvars) vals[nv++] = k;
  for (int k = 0; k < nops && nv < 500; k++) {
    uint64_t r = rng(rs);
    int a = vals[(r >> 8) % (unsigned)nv], b = vals[(r >> 20) % (unsigned)nv], c = vals[(r >> 32) % (unsigned)nv];
    if (r % 9 == 0) {
      put(&S, "i%d = call_i(%lld, i%d, i%d, i%d, descr=c3)\n", v, (long long)(intptr_t)c_add3, a, b, c);
    } else if (r % 9 == 1) {
      put(&S, "i%d = int_lt(i%d, i%d)\nguard_false(i%d) [i%d, i%d, i%d, i%d, i%d]\n", v, a, b, v, c,
          a, b, v, vals[(r >> 40) % (unsigned)nv]);
    } else {
      put(&S, "i%d = %s(i%d, %s%d)\n", v, bin[(r >> 44) % 8], a, (r >> 50) % 3 ? "i" : "", (r >> 50) % 3 ? b : (int)(r >> 54) % 50);
    }
    vals[nv++] = v++;
  }
  put(&S, "i%d = int_sub(i%d, 1)\ni%d = int_gt(i%d, 0)\nguard_true(i%d) [i%d", v, nvars, v + 1, v, v + 1, v);
  for (int k = 0; k < nvars && k < 40; k++) put(&S, ", i%d", k);
  put(&S, "]\njump(");
  for (int k = 0; k < nvars; k++) {
    uint64_t r = rng(rs);
    if (r % 7 == 0) put(&S, "%lld, ", (long long)(r >> 40) % 100);
    else put(&S, "i%d, ", r % 3 == 0 ? (int)((r >> 8) % (unsigned)nvars) : vals[(r >> 8) % (unsigned)nv]);
  }
  put(&S, "i%d, descr=l)\n", v);
  return S.s;
}

static void test_random_loops(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  uint64_t rs = 0x243f6a8885a308d3ull;
  int traces = getenv("JITL_FUZZ_TRACES") ? atoi(getenv("JITL_FUZZ_TRACES")) / 3 : 100;
  int runs = 0, done = 0;
  for (int t = 0; t < traces; t++) {
    int nvars = 2 + (int)(rng(&rs) % 24);
    char *src = gen_loop_trace(&rs, nvars, 5 + (int)(rng(&rs) % 60));
    Loaded *X = compile_ok(src);
    for (int r = 0; r < 5; r++, runs++) {
      int64_t in[64];
      for (int k = 0; k < nvars + 4; k++) in[k] = (int64_t)(rng(&rs) % 2000) - 1000;
      in[nvars] = 1 + (int64_t)(rng(&rs) % 20);
      done += run_both(X, in, NULL) == X->c.nguards;
    }
    drop(X);
    free(src);
  }
  print_message("%d random loops, %d runs agree, %d ran to their end\n", traces, runs, done);
  assert_true(done > 0);
}

/* The tests every backend passes (the test file sets OPS and `be`). */
#define JIT_BACKEND_TESTS \
  cmocka_unit_test(test_finish_and_args), \
  cmocka_unit_test(test_int_ops), \
  cmocka_unit_test(test_guards_and_snapshots), \
  cmocka_unit_test(test_loop), \
  cmocka_unit_test(test_invalidation), \
  cmocka_unit_test(test_overflow), \
  cmocka_unit_test(test_floats), \
  cmocka_unit_test(test_calls), \
  cmocka_unit_test(test_memory), \
  cmocka_unit_test(test_alloc_and_strings), \
  cmocka_unit_test(test_unsupported), \
  cmocka_unit_test(test_golden_traces_compile), \
  cmocka_unit_test(test_random_traces), \
  cmocka_unit_test(test_random_float_traces), \
  cmocka_unit_test(test_random_memory_traces), \
  cmocka_unit_test(test_register_pressure), \
  cmocka_unit_test(test_parallel_moves), \
  cmocka_unit_test(test_many_args), \
  cmocka_unit_test(test_guard_kinds), \
  cmocka_unit_test(test_wide_exit), \
  cmocka_unit_test(test_chaining), \
  cmocka_unit_test(test_direct_call), \
  cmocka_unit_test(test_write_barrier), \
  cmocka_unit_test(test_nursery_bump), \
  cmocka_unit_test(test_resume_only_values), \
  cmocka_unit_test(test_random_loops),

#endif
