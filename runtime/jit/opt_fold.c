/* opt_fold.c — constant folding and algebraic simplification (the
 * "simplify" pass), LuaJIT lj_opt_fold style.
 *
 * Rules are small functions behind one declarative table: (op, left
 * pattern, right pattern, rule). A pattern is ANY, K (a constant), or an op
 * that must define the operand. jopt_fold first puts the operands of
 * commutative ops and comparisons in canonical order (a constant on the
 * right), then tries the op's rules in table order: a rule returns NEXT
 * (does not apply), EMIT (emit f as it is now), REF (f->res is the value),
 * DROP (a guard that always passes, or a void op with no effect) or AGAIN
 * (f was rewritten to another op: start over with that op's rules; bounded).
 * The table is hand-written and grouped by op; jopt_fold_init builds the
 * per-op index (LuaJIT generates a hash at build time — with ~120 rules a
 * counting sort per optimize call is simpler and costs well under 1 µs).
 * Folding uses the trace-level semantics of jit_ir.def: wrapping integer
 * arithmetic, floor division; anything undefined (division by zero, shift
 * counts outside 0..63, float-to-int out of range) is never folded, so the
 * op stays and keeps whatever guard protects it. Floats are folded only
 * where IEEE makes it exact (no x+0.0 -> x: -0.0 + 0.0 is 0.0). Every pass
 * calls jopt_fold through jopt_emit; the simplify pass itself is just a
 * re-emission of every op. */
#include <math.h>
#include <string.h>

#include "opt_pass.h"

enum { NEXT = -1, AGAIN = -2 };
enum { ANY = 0xffff, K = 0xfffe };

typedef int (*FoldFn)(JOpt *O, JFold *f);
typedef struct FoldRule {
  uint16_t op, left, right;
  FoldFn fn;
} FoldRule;

/* ---- helpers -------------------------------------------------------------- */
static int64_t kv(JOpt *O, JRef r) { return jir_kint_of(O->dst, r); }
static double kf(JOpt *O, JRef r) { return jir_kfloat_of(O->dst, r); }
static int ref_res(JFold *f, JRef r) { f->res = r; return FOLD_REF; }
static int kint_res(JOpt *O, JFold *f, int64_t v) {
  return ref_res(f, jir_kint(O->dst, v));
}
static int again(JFold *f, unsigned op, JRef a, JRef b) {
  f->op = op;
  f->nargs = jir_info[op].nargs;
  f->a[0] = a;
  f->a[1] = b;
  return AGAIN;
}
static bool is_bool_op(unsigned op) {
  return jir_is_cmp(op) || op == JIR_int_is_true || op == JIR_int_is_zero ||
         (op >= JIR_ptr_eq && op <= JIR_instance_ptr_ne);
}
static int log2_exact(int64_t v) {  /* k if v == 2**k (k >= 1), else -1 */
  if (v < 2 || (v & (v - 1))) return -1;
  return __builtin_ctzll((unsigned long long)v);
}

/* ---- constant folding ------------------------------------------------------------ */
/* LL semantics; false when the result is undefined (not folded). */
static bool eval_int2(unsigned op, int64_t a, int64_t b, int64_t *r) {
  uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
  switch (op) {
  case JIR_int_add: *r = (int64_t)(ua + ub); return true;
  case JIR_int_sub: *r = (int64_t)(ua - ub); return true;
  case JIR_int_mul: *r = (int64_t)(ua * ub); return true;
  case JIR_int_floordiv:
    if (b == 0) return false;
    if (a == INT64_MIN && b == -1) { *r = INT64_MIN; return true; }
    *r = a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
    return true;
  case JIR_int_mod:
    if (b == 0) return false;
    if (b == -1) { *r = 0; return true; }
    *r = a % b;
    if (*r != 0 && ((*r < 0) != (b < 0))) *r += b;
    return true;
  case JIR_int_and: *r = a & b; return true;
  case JIR_int_or: *r = a | b; return true;
  case JIR_int_xor: *r = a ^ b; return true;
  case JIR_int_lshift:
    if (b < 0 || b > 63) return false;
    *r = (int64_t)(ua << b); return true;
  case JIR_int_rshift:
    if (b < 0 || b > 63) return false;
    *r = a < 0 ? ~(int64_t)(~ua >> b) : (int64_t)(ua >> b); return true;
  case JIR_uint_rshift:
    if (b < 0 || b > 63) return false;
    *r = (int64_t)(ua >> b); return true;
  case JIR_uint_floordiv: if (!b) return false; *r = (int64_t)(ua / ub); return true;
  case JIR_uint_mod: if (!b) return false; *r = (int64_t)(ua % ub); return true;
  case JIR_int_lt: *r = a < b; return true;
  case JIR_int_le: *r = a <= b; return true;
  case JIR_int_eq: case JIR_uint_eq: *r = a == b; return true;
  case JIR_int_ne: case JIR_uint_ne: *r = a != b; return true;
  case JIR_int_gt: *r = a > b; return true;
  case JIR_int_ge: *r = a >= b; return true;
  case JIR_uint_lt: *r = ua < ub; return true;
  case JIR_uint_le: *r = ua <= ub; return true;
  case JIR_uint_gt: *r = ua > ub; return true;
  case JIR_uint_ge: *r = ua >= ub; return true;
  default: return false;
  }
}

static int k_int2(JOpt *O, JFold *f) {
  int64_t r;
  if (!eval_int2(f->op, kv(O, f->a[0]), kv(O, f->a[1]), &r)) return NEXT;
  return kint_res(O, f, r);
}

static int k_int1(JOpt *O, JFold *f) {
  int64_t a = kv(O, f->a[0]);
  uint64_t ua = (uint64_t)a;
  switch (f->op) {
  case JIR_int_neg: return kint_res(O, f, (int64_t)(0 - ua));
  case JIR_int_invert: return kint_res(O, f, ~a);
  case JIR_int_abs: return kint_res(O, f, a < 0 ? (int64_t)(0 - ua) : a);
  case JIR_int_is_true: return kint_res(O, f, a != 0);
  case JIR_int_is_zero: return kint_res(O, f, a == 0);
  case JIR_int_force_ge_zero: return kint_res(O, f, a < 0 ? 0 : a);
  case JIR_cast_int_to_float: return ref_res(f, jir_kfloat(O->dst, (double)a));
  default: return NEXT;
  }
}

static int k_ovf(JOpt *O, JFold *f) {
  int64_t a = kv(O, f->a[0]), b = kv(O, f->a[1]), r;
  bool ovf = f->op == JIR_int_add_ovf ? __builtin_add_overflow(a, b, &r)
           : f->op == JIR_int_sub_ovf ? __builtin_sub_overflow(a, b, &r)
           : __builtin_mul_overflow(a, b, &r);
  return ovf ? FOLD_EMIT : kint_res(O, f, r);
}

static int k_flt2(JOpt *O, JFold *f) {
  double a = kf(O, f->a[0]), b = kf(O, f->a[1]), r;
  switch (f->op) {
  case JIR_float_add: r = a + b; break;
  case JIR_float_sub: r = a - b; break;
  case JIR_float_mul: r = a * b; break;
  case JIR_float_truediv: if (b == 0) return NEXT; r = a / b; break;
  case JIR_float_lt: return kint_res(O, f, a < b);
  case JIR_float_le: return kint_res(O, f, a <= b);
  case JIR_float_eq: return kint_res(O, f, a == b);
  case JIR_float_ne: return kint_res(O, f, a != b);
  case JIR_float_gt: return kint_res(O, f, a > b);
  case JIR_float_ge: return kint_res(O, f, a >= b);
  default: return NEXT;
  }
  return ref_res(f, jir_kfloat(O->dst, r));
}

static int k_flt1(JOpt *O, JFold *f) {
  double a = kf(O, f->a[0]);
  switch (f->op) {
  case JIR_float_neg: return ref_res(f, jir_kfloat(O->dst, -a));
  case JIR_float_abs: return ref_res(f, jir_kfloat(O->dst, fabs(a)));
  case JIR_cast_float_to_int:
    if (!(a > -9223372036854775808.0 - 1 && a < 9223372036854775808.0))
      return NEXT;  /* nan or out of range: undefined, not folded */
    return kint_res(O, f, (int64_t)a);
  default: return NEXT;
  }
}

static int k_ptrcmp(JOpt *O, JFold *f) {  /* GC constants are interned */
  bool eq = f->a[0] == f->a[1];
  bool want_eq = f->op == JIR_ptr_eq || f->op == JIR_instance_ptr_eq;
  return kint_res(O, f, eq == want_eq);
}

int jopt_const_guard(const Trace *T, unsigned op, const JRef *a) {
  bool k0 = jir_isk(a[0]);
  switch (op) {
  case JIR_guard_true: return k0 ? jir_kint_of(T, a[0]) != 0 : -1;
  case JIR_guard_false: return k0 ? jir_kint_of(T, a[0]) == 0 : -1;
  case JIR_guard_value: return k0 && jir_isk(a[1]) ? a[0] == a[1] : -1;
  case JIR_guard_nonnull: return k0 ? jir_kgc_of(T, a[0]) != 0 : -1;
  case JIR_guard_isnull: return k0 ? jir_kgc_of(T, a[0]) == 0 : -1;
  default: return -1;
  }
}

static int k_guard(JOpt *O, JFold *f) {
  int pass = jopt_const_guard(O->dst, f->op, f->a);
  if (pass < 0) return NEXT;
  return pass ? FOLD_DROP : FOLD_EMIT;  /* a failing guard stays */
}

static int same_as(JOpt *O, JFold *f) { (void)O; return ref_res(f, f->a[0]); }

/* ---- algebra ------------------------------------------------------------------- */
/* x op K where K is op's right identity: x */
static int s_right_identity(JOpt *O, JFold *f) {
  int64_t k = kv(O, f->a[1]);
  switch (f->op) {
  case JIR_int_add: case JIR_int_sub: case JIR_int_or: case JIR_int_xor:
  case JIR_int_lshift: case JIR_int_rshift: case JIR_uint_rshift:
  case JIR_int_add_ovf: case JIR_int_sub_ovf:
    return k == 0 ? ref_res(f, f->a[0]) : NEXT;
  case JIR_int_mul: case JIR_int_floordiv: case JIR_uint_floordiv:
  case JIR_int_mul_ovf:
    return k == 1 ? ref_res(f, f->a[0]) : NEXT;
  case JIR_int_and: return k == -1 ? ref_res(f, f->a[0]) : NEXT;
  default: return NEXT;
  }
}

/* x op K where K absorbs: a constant */
static int s_right_absorb(JOpt *O, JFold *f) {
  int64_t k = kv(O, f->a[1]);
  switch (f->op) {
  case JIR_int_mul: case JIR_int_and: case JIR_int_mul_ovf:
    return k == 0 ? kint_res(O, f, 0) : NEXT;
  case JIR_int_or: return k == -1 ? kint_res(O, f, -1) : NEXT;
  case JIR_int_mod: return k == 1 || k == -1 ? kint_res(O, f, 0) : NEXT;
  case JIR_uint_mod: return k == 1 ? kint_res(O, f, 0) : NEXT;
  default: return NEXT;
  }
}

/* 0 op x for shifts: 0 */
static int s_zero_shifted(JOpt *O, JFold *f) {
  return kv(O, f->a[0]) == 0 ? kint_res(O, f, 0) : NEXT;
}

/* x op x */
static int s_same_operands(JOpt *O, JFold *f) {
  if (f->a[0] != f->a[1]) return NEXT;
  static const char cmp_same[6] = {0, 1, 1, 0, 0, 1};  /* lt le eq ne gt ge */
  switch (f->op) {
  case JIR_int_sub: case JIR_int_xor: case JIR_int_sub_ovf:
    return kint_res(O, f, 0);
  case JIR_int_and: case JIR_int_or: return ref_res(f, f->a[0]);
  case JIR_ptr_eq: case JIR_instance_ptr_eq: return kint_res(O, f, 1);
  case JIR_ptr_ne: case JIR_instance_ptr_ne: return kint_res(O, f, 0);
  default:
    if (jir_is_intcmp(f->op))
      return kint_res(O, f, cmp_same[f->op - jir_cmp_base(f->op)]);
    return NEXT;
  }
}

/* x - K -> x + (-K): one canonical form for CSE and reassociation */
static int s_sub_k(JOpt *O, JFold *f) {
  int64_t k = kv(O, f->a[1]);
  if (k == INT64_MIN) return NEXT;
  return again(f, JIR_int_add, f->a[0], jir_kint(O->dst, -k));
}

/* (x + K1) + K2 -> x + (K1 + K2) */
static int s_add_reassoc(JOpt *O, JFold *f) {
  JIns *L = jopt_def(O, f->a[0]);
  if (!jir_isk(L->a[1])) return NEXT;
  int64_t k = (int64_t)((uint64_t)kv(O, L->a[1]) + (uint64_t)kv(O, f->a[1]));
  return again(f, JIR_int_add, L->a[0], jir_kint(O->dst, k));
}

/* ((x & M) + K) & M -> (x + K) & M for a mask M = 2**n - 1: the sum's
 * low n bits depend on x's low n bits only. BF's `+++++` on a byte cell
 * then is one add (the adds reassociate). */
static int s_and_add_and(JOpt *O, JFold *f) {
  uint64_t m = (uint64_t)kv(O, f->a[1]);
  if (m == 0 || (m & (m + 1)) != 0) return NEXT;
  JIns *A = jopt_def(O, f->a[0]);
  if (!jir_isk(A->a[1]) || jir_isk(A->a[0])) return NEXT;
  JIns *M = jopt_def(O, A->a[0]);
  if (M->op != JIR_int_and || M->a[1] != f->a[1]) return NEXT;
  JRef sum = jopt_emit(O, JIR_int_add, 2, (JRef[]){M->a[0], A->a[1]}, 0, NULL);
  return again(f, JIR_int_and, sum, f->a[1]);
}

/* (x - y) + y -> x */
static int s_add_sub(JOpt *O, JFold *f) {
  (void)O;
  JIns *L = jopt_def(O, f->a[0]);
  return L->a[1] == f->a[1] ? ref_res(f, L->a[0]) : NEXT;
}

/* (x + y) - y -> x; (x + y) - x -> y */
static int s_sub_add(JOpt *O, JFold *f) {
  JIns *L = jopt_def(O, f->a[0]);
  if (L->a[1] == f->a[1]) return ref_res(f, L->a[0]);
  if (L->a[0] == f->a[1]) return ref_res(f, L->a[1]);
  return NEXT;
}

/* x * 2**k -> x << k; x * -1 -> -x */
static int s_mul_k(JOpt *O, JFold *f) {
  int64_t k = kv(O, f->a[1]);
  if (k == -1) return again(f, JIR_int_neg, f->a[0], 0);
  int s = log2_exact(k);
  return s < 0 ? NEXT : again(f, JIR_int_lshift, f->a[0], jir_kint(O->dst, s));
}

/* floor division and modulo by 2**k are a shift and a mask (any sign) */
static int s_div_pow2(JOpt *O, JFold *f) {
  int64_t k = kv(O, f->a[1]);
  int s = log2_exact(k);
  if (s < 0) return NEXT;
  switch (f->op) {
  case JIR_int_floordiv: return again(f, JIR_int_rshift, f->a[0], jir_kint(O->dst, s));
  case JIR_uint_floordiv: return again(f, JIR_uint_rshift, f->a[0], jir_kint(O->dst, s));
  case JIR_int_mod: case JIR_uint_mod:
    return again(f, JIR_int_and, f->a[0], jir_kint(O->dst, k - 1));
  default: return NEXT;
  }
}

/* op(op(x)) -> x for negations and inversions */
static int s_involution(JOpt *O, JFold *f) {
  return ref_res(f, jopt_def(O, f->a[0])->a[0]);
}

/* int_is_true(b) -> b when b is already 0 or 1 */
static int s_is_true_bool(JOpt *O, JFold *f) {
  JIns *L = jopt_def(O, f->a[0]);
  return L && is_bool_op(L->op) ? ref_res(f, f->a[0]) : NEXT;
}

/* int_is_zero(a CMP b) -> a NEG(CMP) b (ints); int_is_zero(is_zero x) -> is_true x */
static int s_is_zero_neg(JOpt *O, JFold *f) {
  JIns *L = jopt_def(O, f->a[0]);
  if (!L) return NEXT;
  if (jir_is_intcmp(L->op)) return again(f, jir_cmp_negate(L->op), L->a[0], L->a[1]);
  if (L->op == JIR_int_is_zero) return again(f, JIR_int_is_true, L->a[0], 0);
  if (L->op == JIR_int_is_true) return again(f, JIR_int_is_zero, L->a[0], 0);
  if (L->op >= JIR_ptr_eq && L->op <= JIR_instance_ptr_ne) {
    unsigned neg = (L->op - JIR_ptr_eq) % 2 ? L->op - 1 : L->op + 1;
    return again(f, neg, L->a[0], L->a[1]);
  }
  return NEXT;
}

/* b != 0 -> b, b == 0 -> not b, b == 1 -> b, for b in {0, 1} */
static int s_bool_eq(JOpt *O, JFold *f) {
  JIns *L = jopt_def(O, f->a[0]);
  int64_t k = kv(O, f->a[1]);
  if (!L || !is_bool_op(L->op)) return NEXT;
  bool eq = f->op == JIR_int_eq;
  if ((eq && k == 1) || (!eq && k == 0)) return ref_res(f, f->a[0]);
  if ((eq && k == 0) || (!eq && k == 1)) return again(f, JIR_int_is_zero, f->a[0], 0);
  return kint_res(O, f, !eq);  /* a bool is never 2 */
}

/* x * 1.0, x / 1.0 -> x (exact in IEEE, nan included); x * 2.0 -> x + x
 * (exact too, infinities and -0.0 included: an add has half a multiply's
 * latency, on mandelbrot.lua's chain of dependent ops) */
static int s_float_one(JOpt *O, JFold *f) {
  double k = kf(O, f->a[1]);
  if (k == 1.0) return ref_res(f, f->a[0]);
  if (k == 2.0 && f->op == JIR_float_mul) return again(f, JIR_float_add, f->a[0], f->a[0]);
  return NEXT;
}

/* ---- the table -------------------------------------------------------------------- */
#define R(op, l, r, fn) {JIR_##op, l, r, fn},
#define OP(op) JIR_##op
static const FoldRule rules[] = {
  /* constants: every pure op on constants */
  R(int_add, K, K, k_int2) R(int_sub, K, K, k_int2) R(int_mul, K, K, k_int2)
  R(int_floordiv, K, K, k_int2) R(int_mod, K, K, k_int2)
  R(int_and, K, K, k_int2) R(int_or, K, K, k_int2) R(int_xor, K, K, k_int2)
  R(int_lshift, K, K, k_int2) R(int_rshift, K, K, k_int2)
  R(uint_rshift, K, K, k_int2) R(uint_floordiv, K, K, k_int2) R(uint_mod, K, K, k_int2)
  R(int_lt, K, K, k_int2) R(int_le, K, K, k_int2) R(int_eq, K, K, k_int2)
  R(int_ne, K, K, k_int2) R(int_gt, K, K, k_int2) R(int_ge, K, K, k_int2)
  R(uint_lt, K, K, k_int2) R(uint_le, K, K, k_int2) R(uint_eq, K, K, k_int2)
  R(uint_ne, K, K, k_int2) R(uint_gt, K, K, k_int2) R(uint_ge, K, K, k_int2)
  R(int_neg, K, ANY, k_int1) R(int_invert, K, ANY, k_int1) R(int_abs, K, ANY, k_int1)
  R(int_is_true, K, ANY, k_int1) R(int_is_zero, K, ANY, k_int1)
  R(int_force_ge_zero, K, ANY, k_int1) R(cast_int_to_float, K, ANY, k_int1)
  R(int_add_ovf, K, K, k_ovf) R(int_sub_ovf, K, K, k_ovf) R(int_mul_ovf, K, K, k_ovf)
  R(float_add, K, K, k_flt2) R(float_sub, K, K, k_flt2) R(float_mul, K, K, k_flt2)
  R(float_truediv, K, K, k_flt2)
  R(float_lt, K, K, k_flt2) R(float_le, K, K, k_flt2) R(float_eq, K, K, k_flt2)
  R(float_ne, K, K, k_flt2) R(float_gt, K, K, k_flt2) R(float_ge, K, K, k_flt2)
  R(float_neg, K, ANY, k_flt1) R(float_abs, K, ANY, k_flt1)
  R(cast_float_to_int, K, ANY, k_flt1)
  R(ptr_eq, K, K, k_ptrcmp) R(ptr_ne, K, K, k_ptrcmp)
  R(instance_ptr_eq, K, K, k_ptrcmp) R(instance_ptr_ne, K, K, k_ptrcmp)
  R(same_as_i, ANY, ANY, same_as) R(same_as_r, ANY, ANY, same_as)
  R(same_as_f, ANY, ANY, same_as)
  /* guards on constants: always pass -> gone */
  R(guard_true, K, ANY, k_guard) R(guard_false, K, ANY, k_guard)
  R(guard_value, K, K, k_guard) R(guard_nonnull, K, ANY, k_guard)
  R(guard_isnull, K, ANY, k_guard)
  /* identities and absorbing constants */
  R(int_add, ANY, K, s_right_identity) R(int_sub, ANY, K, s_right_identity)
  R(int_mul, ANY, K, s_right_identity) R(int_floordiv, ANY, K, s_right_identity)
  R(int_and, ANY, K, s_right_identity) R(int_or, ANY, K, s_right_identity)
  R(int_xor, ANY, K, s_right_identity) R(int_lshift, ANY, K, s_right_identity)
  R(int_rshift, ANY, K, s_right_identity) R(uint_rshift, ANY, K, s_right_identity)
  R(uint_floordiv, ANY, K, s_right_identity)
  R(int_add_ovf, ANY, K, s_right_identity) R(int_sub_ovf, ANY, K, s_right_identity)
  R(int_mul_ovf, ANY, K, s_right_identity)
  R(int_mul, ANY, K, s_right_absorb) R(int_and, ANY, K, s_right_absorb)
  R(int_or, ANY, K, s_right_absorb) R(int_mod, ANY, K, s_right_absorb)
  R(uint_mod, ANY, K, s_right_absorb) R(int_mul_ovf, ANY, K, s_right_absorb)
  R(int_lshift, K, ANY, s_zero_shifted) R(int_rshift, K, ANY, s_zero_shifted)
  R(uint_rshift, K, ANY, s_zero_shifted)
  /* same operand twice */
  R(int_sub, ANY, ANY, s_same_operands) R(int_xor, ANY, ANY, s_same_operands)
  R(int_and, ANY, ANY, s_same_operands) R(int_or, ANY, ANY, s_same_operands)
  R(int_sub_ovf, ANY, ANY, s_same_operands)
  R(int_lt, ANY, ANY, s_same_operands) R(int_le, ANY, ANY, s_same_operands)
  R(int_eq, ANY, ANY, s_same_operands) R(int_ne, ANY, ANY, s_same_operands)
  R(int_gt, ANY, ANY, s_same_operands) R(int_ge, ANY, ANY, s_same_operands)
  R(uint_lt, ANY, ANY, s_same_operands) R(uint_le, ANY, ANY, s_same_operands)
  R(uint_eq, ANY, ANY, s_same_operands) R(uint_ne, ANY, ANY, s_same_operands)
  R(uint_gt, ANY, ANY, s_same_operands) R(uint_ge, ANY, ANY, s_same_operands)
  R(ptr_eq, ANY, ANY, s_same_operands) R(ptr_ne, ANY, ANY, s_same_operands)
  R(instance_ptr_eq, ANY, ANY, s_same_operands)
  R(instance_ptr_ne, ANY, ANY, s_same_operands)
  /* strength reduction and reassociation */
  R(int_sub, ANY, K, s_sub_k)
  R(int_add, OP(int_add), K, s_add_reassoc)
  R(int_and, OP(int_add), K, s_and_add_and)
  R(int_add, OP(int_sub), ANY, s_add_sub)
  R(int_sub, OP(int_add), ANY, s_sub_add)
  R(int_mul, ANY, K, s_mul_k)
  R(int_floordiv, ANY, K, s_div_pow2) R(uint_floordiv, ANY, K, s_div_pow2)
  R(int_mod, ANY, K, s_div_pow2) R(uint_mod, ANY, K, s_div_pow2)
  R(int_neg, OP(int_neg), ANY, s_involution)
  R(int_invert, OP(int_invert), ANY, s_involution)
  R(float_neg, OP(float_neg), ANY, s_involution)
  /* booleans */
  R(int_is_true, ANY, ANY, s_is_true_bool)
  R(int_is_zero, ANY, ANY, s_is_zero_neg)
  R(int_eq, ANY, K, s_bool_eq) R(int_ne, ANY, K, s_bool_eq)
  R(float_mul, ANY, K, s_float_one) R(float_truediv, ANY, K, s_float_one)
};
#undef R
#undef OP
enum { NRULES = sizeof rules / sizeof rules[0] };
_Static_assert(NRULES < 256, "fold rule index is 8-bit");

void jopt_fold_init(JOpt *O) {
  uint16_t count[JIR__COUNT + 1] = {0};
  for (unsigned i = 0; i < NRULES; i++) count[rules[i].op + 1]++;
  for (unsigned op = 0; op < JIR__COUNT; op++) count[op + 1] += count[op];
  memcpy(O->foldidx, count, sizeof O->foldidx);
  for (unsigned i = 0; i < NRULES; i++)  /* stable: table order per op */
    O->foldrules[count[rules[i].op]++] = (uint16_t)i;
}

static bool match(JOpt *O, uint16_t pat, JRef r) {
  if (pat == ANY) return true;
  if (pat == K) return jir_isk(r);
  return !jir_isk(r) && jir_ins(O->dst, r)->op == pat;
}

/* Canonical operand order: constants on the right. */
static void canon(JFold *f) {
  if (f->nargs != 2 || !jir_isk(f->a[0]) || jir_isk(f->a[1])) return;
  unsigned flags = jir_info[f->op].flags;
  if (jir_is_cmp(f->op)) f->op = jir_cmp_swap(f->op);
  else if (!(flags & JF_COMM)) return;
  JRef t = f->a[0];
  f->a[0] = f->a[1];
  f->a[1] = t;
}

int jopt_fold(JOpt *O, JFold *f) {
  for (int round = 0; round < 8; round++) {
    canon(f);
    int res = NEXT;
    for (unsigned i = O->foldidx[f->op]; i < O->foldidx[f->op + 1]; i++) {
      const FoldRule *r = &rules[O->foldrules[i]];
      if (f->nargs >= 1 && !match(O, r->left, f->a[0])) continue;
      if (f->nargs >= 2 && !match(O, r->right, f->a[1])) continue;
      if ((res = r->fn(O, f)) != NEXT) break;
    }
    if (res == NEXT) return FOLD_EMIT;
    if (res != AGAIN) return res;
    if (f->nargs == 1) f->a[1] = 0;
  }
  return FOLD_EMIT;
}

/* ---- the simplify pass: every op re-emitted through fold + CSE ----------------- */
void jopt_pass_simplify(JOpt *O) {
  for (O->cur = 1; O->cur < O->src->nins; O->cur++)
    jopt_default(O, &O->src->ins[O->cur]);
}
