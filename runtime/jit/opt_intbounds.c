/* opt_intbounds.c — integer intervals (the "intbounds" pass), after PyPy's
 * intbounds.py / intutils.py.
 *
 * Every int value gets an interval [lo, hi] (signed 64-bit, inclusive):
 * constants are points; an op's interval comes from its operands' (adds,
 * subs and muls checked for overflow at the corners, masks `x & K` with
 * K >= 0 give [0, K], shifts, floor division and modulo by constants,
 * comparisons and bools [0, 1], lengths >= 0, loads from narrow fields and
 * arrays by the descr's size and signedness, string chars [0, 255]). Guards
 * narrow intervals for the rest of the trace: guard_true / guard_false on a
 * comparison narrow both operands (uint_lt(i, n) with n >= 0 proves
 * 0 <= i < n — the bounds-check idiom), guard_value makes a point, a value
 * narrowed to a point becomes that constant.
 * Guarded comparisons between two values are also remembered as relations
 * (a < b, and its swapped form), so a later a >= b is decided even when
 * the intervals overlap; and b + k < n (k < 0) follows from b <= n (the
 * table idiom `1 <= i <= n`, then the index check `i - 1 <u n`).
 * Then: a comparison decided by the intervals becomes 0 or 1 (and a guard
 * on it folds away in jopt_emit); a guard_true/guard_false whose operand's
 * interval already excludes failure disappears; an *_ovf op whose interval
 * arithmetic cannot overflow becomes the plain op and its guard_no_overflow
 * disappears (jopt_emit's OVF_GONE); `x & mask`, `x % K`, force_ge_zero and
 * same-range casts that cannot change x become x.
 * Intervals never widen and are never wrong on a path that passed every
 * guard; an empty intersection (a guard that must fail) is ignored: the
 * guard stays and the old interval is kept. */
#include <stdlib.h>
#include <string.h>

#include "opt_pass.h"

typedef struct Bound { int64_t lo, hi; } Bound;

static const Bound FULL = {INT64_MIN, INT64_MAX};

typedef struct Rel {  /* a OP b holds; a is never a constant */
  uint16_t op;
  JRef a, b;
  uint32_t next;       /* the previous relation about a (index + 1), 0 */
} Rel;

typedef struct BoundState {
  JOpt *O;
  Bound *b;            /* dst index -> interval (FULL until known) */
  Rel *rel;            /* relations between two values proven by guards */
  uint32_t nrel, relcap;
  uint32_t *rhead;     /* dst index -> newest relation about it (index + 1) */
} BoundState;

static Bound bound(BoundState *S, JRef r) {
  if (jir_isk(r)) {
    const JConst *c = jir_k(S->O->dst, r);
    if (c->kind == JK_INT) return (Bound){c->bits, c->bits};
    return FULL;
  }
  return S->b[jir_idx(r)];
}

static bool is_point(Bound b) { return b.lo == b.hi; }
static bool nonneg(Bound b) { return b.lo >= 0; }
static Bound mk(int64_t lo, int64_t hi) { return (Bound){lo, hi}; }

/* ---- interval arithmetic ------------------------------------------------------ */
static bool b_add(Bound x, Bound y, Bound *r) {
  return !__builtin_add_overflow(x.lo, y.lo, &r->lo) &&
         !__builtin_add_overflow(x.hi, y.hi, &r->hi);
}
static bool b_sub(Bound x, Bound y, Bound *r) {
  return !__builtin_sub_overflow(x.lo, y.hi, &r->lo) &&
         !__builtin_sub_overflow(x.hi, y.lo, &r->hi);
}
static bool b_mul(Bound x, Bound y, Bound *r) {
  int64_t c[4];
  if (__builtin_mul_overflow(x.lo, y.lo, &c[0]) || __builtin_mul_overflow(x.lo, y.hi, &c[1]) ||
      __builtin_mul_overflow(x.hi, y.lo, &c[2]) || __builtin_mul_overflow(x.hi, y.hi, &c[3]))
    return false;
  r->lo = r->hi = c[0];
  for (int k = 1; k < 4; k++) {
    if (c[k] < r->lo) r->lo = c[k];
    if (c[k] > r->hi) r->hi = c[k];
  }
  return true;
}
static int64_t fdiv(int64_t a, int64_t k) {  /* floor(a / k), k > 0 */
  return a / k - (a % k != 0 && a < 0);
}
static int64_t ones_above(int64_t v) {  /* smallest 2**n - 1 >= v, v >= 0 */
  uint64_t m = (uint64_t)v;
  m |= m >> 1; m |= m >> 2; m |= m >> 4; m |= m >> 8; m |= m >> 16; m |= m >> 32;
  return (int64_t)m;
}

static Bound load_bound(BoundState *S, uint32_t descr) {
  const JDescr *d = jir_descr(S->O->dst->env, descr);
  uint32_t size = d->size;
  if (size >= 8 || size == 0) return FULL;
  int bits = (int)size * 8;
  if (d->flags & JDF_SIGNED) return mk(-((int64_t)1 << (bits - 1)), ((int64_t)1 << (bits - 1)) - 1);
  return mk(0, ((int64_t)1 << bits) - 1);
}

/* The interval of a new instruction's result. */
static Bound result_bound(BoundState *S, const JIns *I) {
  if (I->nargs > JIR_INLINE_ARGS || (jir_info[I->op].flags & JF_CALL)) return FULL;
  Bound x = I->nargs >= 1 ? bound(S, I->a[0]) : FULL;
  Bound y = I->nargs >= 2 ? bound(S, I->a[1]) : FULL, r;
  switch (I->op) {
  case JIR_int_add: return b_add(x, y, &r) ? r : FULL;
  case JIR_int_sub: return b_sub(x, y, &r) ? r : FULL;
  case JIR_int_mul: return b_mul(x, y, &r) ? r : FULL;
  case JIR_int_add_ovf:  /* valid after its guard_no_overflow: saturate */
    if (b_add(x, y, &r)) return r;
    return mk(__builtin_add_overflow(x.lo, y.lo, &r.lo) ? INT64_MIN : r.lo,
              __builtin_add_overflow(x.hi, y.hi, &r.hi) ? INT64_MAX : r.hi);
  case JIR_int_sub_ovf:
    if (b_sub(x, y, &r)) return r;
    return mk(__builtin_sub_overflow(x.lo, y.hi, &r.lo) ? INT64_MIN : r.lo,
              __builtin_sub_overflow(x.hi, y.lo, &r.hi) ? INT64_MAX : r.hi);
  case JIR_int_mul_ovf: return b_mul(x, y, &r) ? r : FULL;
  case JIR_int_and:
    if (nonneg(x) && nonneg(y)) return mk(0, x.hi < y.hi ? x.hi : y.hi);
    if (nonneg(x)) return mk(0, x.hi);
    if (nonneg(y)) return mk(0, y.hi);
    return FULL;
  case JIR_int_or: case JIR_int_xor:
    if (nonneg(x) && nonneg(y)) return mk(0, ones_above(x.hi > y.hi ? x.hi : y.hi));
    return FULL;
  case JIR_int_lshift:
    if (is_point(y) && y.lo >= 0 && y.lo < 63 && x.lo >= (INT64_MIN >> y.lo) &&
        x.hi <= (INT64_MAX >> y.lo))
      return mk((int64_t)((uint64_t)x.lo << y.lo), (int64_t)((uint64_t)x.hi << y.lo));
    return FULL;
  case JIR_int_rshift:
    if (is_point(y) && y.lo >= 0 && y.lo <= 63) return mk(x.lo >> y.lo, x.hi >> y.lo);
    if (y.lo >= 0 && y.hi <= 63) return mk(x.lo < 0 ? x.lo : 0, x.hi > 0 ? x.hi : 0);
    return FULL;
  case JIR_uint_rshift:
    if (is_point(y) && y.lo >= 1 && y.lo <= 63)
      return nonneg(x) ? mk(x.lo >> y.lo, x.hi >> y.lo) : mk(0, (int64_t)(UINT64_MAX >> y.lo));
    return nonneg(x) && y.lo >= 0 && y.hi <= 63 ? mk(0, x.hi) : FULL;
  case JIR_int_floordiv:
    if (is_point(y) && y.lo > 0) return mk(fdiv(x.lo, y.lo), fdiv(x.hi, y.lo));
    return FULL;
  case JIR_int_mod:
    if (y.lo > 0) return mk(0, nonneg(x) && x.hi < y.hi - 1 ? x.hi : y.hi - 1);
    if (y.hi < 0) return mk(y.lo + 1, 0);
    return FULL;
  case JIR_uint_floordiv:
    return nonneg(x) && y.lo > 0 ? mk(x.lo / y.hi, x.hi / y.lo) : FULL;
  case JIR_uint_mod:
    return y.lo > 0 ? mk(0, nonneg(x) && x.hi < y.hi - 1 ? x.hi : y.hi - 1) : FULL;
  case JIR_int_neg:
    return x.lo == INT64_MIN ? FULL : mk(-x.hi, -x.lo);
  case JIR_int_invert: return mk(~x.hi, ~x.lo);
  case JIR_int_abs:
    if (x.lo == INT64_MIN) return FULL;
    if (nonneg(x)) return x;
    if (x.hi <= 0) return mk(-x.hi, -x.lo);
    return mk(0, -x.lo > x.hi ? -x.lo : x.hi);
  case JIR_int_force_ge_zero: return mk(x.lo < 0 ? 0 : x.lo, x.hi < 0 ? 0 : x.hi);
  case JIR_int_is_true: case JIR_int_is_zero: return mk(0, 1);
  case JIR_arraylen_gc: case JIR_strlen: return mk(0, INT64_MAX);
  case JIR_strgetitem: return mk(0, 255);
  case JIR_getfield_gc_i: case JIR_getarrayitem_gc_i: case JIR_getinteriorfield_gc_i:
    return load_bound(S, I->descr);
  case JIR_same_as_i: return x;
  default:
    if (jir_is_cmp(I->op) || (I->op >= JIR_ptr_eq && I->op <= JIR_instance_ptr_ne))
      return mk(0, 1);
    return FULL;
  }
}

/* ---- deciding comparisons --------------------------------------------------------- */
/* 1 or 0 when x OP y is decided by the intervals, -1 otherwise. */
static int decide(unsigned op, Bound x, Bound y) {
  if (op >= JIR_uint_lt && op <= JIR_uint_ge) {
    if (!nonneg(x) || !nonneg(y)) return -1;  /* then unsigned == signed */
    op = op - JIR_uint_lt + JIR_int_lt;
  }
  switch (op) {
  case JIR_int_lt: return x.hi < y.lo ? 1 : x.lo >= y.hi ? 0 : -1;
  case JIR_int_le: return x.hi <= y.lo ? 1 : x.lo > y.hi ? 0 : -1;
  case JIR_int_gt: return x.lo > y.hi ? 1 : x.hi <= y.lo ? 0 : -1;
  case JIR_int_ge: return x.lo >= y.hi ? 1 : x.hi < y.lo ? 0 : -1;
  case JIR_int_eq:
    if (x.hi < y.lo || y.hi < x.lo) return 0;
    return is_point(x) && is_point(y) && x.lo == y.lo ? 1 : -1;
  case JIR_int_ne:
    if (x.hi < y.lo || y.hi < x.lo) return 1;
    return is_point(x) && is_point(y) && x.lo == y.lo ? 0 : -1;
  default: return -1;
  }
}

/* ---- narrowing -------------------------------------------------------------------- */
static void narrow(BoundState *S, JRef r, int64_t lo, int64_t hi) {
  if (jir_isk(r)) return;
  Bound *b = &S->b[jir_idx(r)];
  Bound n = {lo > b->lo ? lo : b->lo, hi < b->hi ? hi : b->hi};
  if (n.lo > n.hi) return;  /* the guard must fail: learn nothing */
  *b = n;
  if (is_point(n)) jopt_replace(S->O, r, jir_kint(S->O->dst, n.lo));
}

static void add_rel1(BoundState *S, unsigned op, JRef a, JRef b) {
  if (jir_isk(a)) return;
  JIR_GROW(S->rel, S->relcap, S->nrel + 1);
  S->rel[S->nrel] = (Rel){(uint16_t)op, a, b, S->rhead[jir_idx(a)]};
  S->rhead[jir_idx(a)] = ++S->nrel;
}

static void add_rel(BoundState *S, unsigned op, JRef a, JRef b) {
  add_rel1(S, op, a, b);
  add_rel1(S, jir_cmp_swap(op), b, a);
}

/* 1 or 0 when a relation proven earlier decides x OP y, else -1 */
static int decide_rel(BoundState *S, unsigned op, JRef x, JRef y) {
  unsigned neg = jir_cmp_negate(op);
  if (jir_isk(x)) return -1;
  for (uint32_t i = S->rhead[jir_idx(x)]; i; i = S->rel[i - 1].next) {
    const Rel *r = &S->rel[i - 1];
    if (r->b != y) continue;
    if (r->op == op) return 1;
    if (r->op == neg) return 0;
  }
  return -1;
}

/* Whether x < y follows from a relation about x's base: x = b + k with
 * k < 0 and b <= y (or k <= 0 and b < y) proven, and b + k not
 * overflowing. The table lookup idiom `1 <= i and i <= n`, then the
 * index check `i - 1 <u n`. */
static bool lt_by_offset(BoundState *S, JRef x, JRef y) {
  int64_t k;
  JRef b = jopt_base_offset(S->O->dst, x, &k);
  if (b == x || k > 0 || jir_isk(b) || bound(S, b).lo < INT64_MIN - k) return false;
  return (k < 0 && decide_rel(S, JIR_int_le, b, y) == 1) || decide_rel(S, JIR_int_lt, b, y) == 1;
}

/* 1 or 0 when lt_by_offset decides x OP y, else -1. Unsigned forms need
 * both sides >= 0. */
static int decide_offset(BoundState *S, unsigned op, JRef x, JRef y) {
  if (op >= JIR_uint_lt && op <= JIR_uint_ge) {
    if (!nonneg(bound(S, x)) || !nonneg(bound(S, y))) return -1;
    op = op - JIR_uint_lt + JIR_int_lt;
  }
  switch (op) {
  case JIR_int_lt: return lt_by_offset(S, x, y) ? 1 : -1;
  case JIR_int_ge: return lt_by_offset(S, x, y) ? 0 : -1;
  case JIR_int_gt: return lt_by_offset(S, y, x) ? 1 : -1;
  case JIR_int_le: return lt_by_offset(S, y, x) ? 0 : -1;
  default: return -1;
  }
}

/* x OP y holds (int family) */
static void learn_rel(BoundState *S, unsigned op, JRef xr, JRef yr) {
  Bound x = bound(S, xr), y = bound(S, yr);
  add_rel(S, op, xr, yr);
  if (op == JIR_uint_lt && nonneg(y)) add_rel(S, JIR_int_lt, xr, yr);
  if (op == JIR_uint_le && nonneg(y)) add_rel(S, JIR_int_le, xr, yr);
  if (op >= JIR_uint_lt && op <= JIR_uint_ge) {
    if (nonneg(x) && nonneg(y)) {  /* unsigned is signed: both sides narrow */
      learn_rel(S, op - JIR_uint_lt + JIR_int_lt, xr, yr);
      return;
    }
    /* x <u y with y >= 0 (signed) means 0 <= x < y */
    if (op == JIR_uint_lt && nonneg(y) && y.hi > 0) narrow(S, xr, 0, y.hi - 1);
    else if (op == JIR_uint_le && nonneg(y)) narrow(S, xr, 0, y.hi);
    else if (op == JIR_uint_gt && nonneg(x) && x.hi > 0) narrow(S, yr, 0, x.hi - 1);
    else if (op == JIR_uint_ge && nonneg(x)) narrow(S, yr, 0, x.hi);
    else if (op == JIR_uint_eq) learn_rel(S, JIR_int_eq, xr, yr);
    return;
  }
  switch (op) {
  case JIR_int_lt:
    if (y.hi > INT64_MIN) narrow(S, xr, INT64_MIN, y.hi - 1);
    if (x.lo < INT64_MAX) narrow(S, yr, x.lo + 1, INT64_MAX);
    break;
  case JIR_int_le:
    narrow(S, xr, INT64_MIN, y.hi);
    narrow(S, yr, x.lo, INT64_MAX);
    break;
  case JIR_int_gt: learn_rel(S, JIR_int_lt, yr, xr); break;
  case JIR_int_ge: learn_rel(S, JIR_int_le, yr, xr); break;
  case JIR_int_eq:
    narrow(S, xr, y.lo, y.hi);
    narrow(S, yr, x.lo, x.hi);
    break;
  case JIR_int_ne:
    if (is_point(y) && y.lo == x.lo && x.lo < INT64_MAX) narrow(S, xr, x.lo + 1, INT64_MAX);
    else if (is_point(y) && y.lo == x.hi && x.hi > INT64_MIN) narrow(S, xr, INT64_MIN, x.hi - 1);
    break;
  default: break;
  }
}

/* guard_true(c) (truth = 1) or guard_false(c) (truth = 0) passed */
static void learn_guard(BoundState *S, JRef c, int truth) {
  if (jir_isk(c)) return;
  Bound b = bound(S, c);
  if (truth) {
    if (b.lo == 0) narrow(S, c, 1, INT64_MAX);
    else if (b.hi == 0) narrow(S, c, INT64_MIN, -1);
  } else {
    narrow(S, c, 0, 0);
  }
  JIns *C = jopt_def(S->O, c);
  if (jir_is_intcmp(C->op)) {
    learn_rel(S, truth ? C->op : jir_cmp_negate(C->op), C->a[0], C->a[1]);
  } else if (C->op == JIR_int_is_true || C->op == JIR_int_is_zero) {
    bool zero = (C->op == JIR_int_is_zero) == (truth == 1);
    if (zero) narrow(S, C->a[0], 0, 0);
    else learn_guard(S, C->a[0], 1);
  }
}

/* ---- the pass ---------------------------------------------------------------------- */
static void set_result(BoundState *S, JRef r) {
  JOpt *O = S->O;
  O->map[O->cur] = r;
  if (jir_isk(r) || jir_idx(r) + 1 < O->dst->nins) return;  /* not new */
  JIns *N = jir_ins(O->dst, r);
  if (jir_info[N->op].res != 'i') return;
  Bound b = result_bound(S, N);
  S->b[jir_idx(r)] = b;
  if (is_point(b) && (jir_info[N->op].flags & JF_PURE))
    jopt_replace(O, r, jir_kint(O->dst, b.lo));
}

/* An op whose result is x itself given the intervals, or 0. */
static JRef same_value(BoundState *S, unsigned op, const JRef *a) {
  if (op != JIR_int_and && op != JIR_int_mod && op != JIR_int_force_ge_zero &&
      op != JIR_int_abs)
    return 0;
  Bound x = bound(S, a[0]), y = jir_info[op].nargs == 2 ? bound(S, a[1]) : FULL;
  switch (op) {
  case JIR_int_and:  /* x & (2**n - 1) with 0 <= x < 2**n */
    return is_point(y) && nonneg(x) && nonneg(y) && ones_above(y.lo) == y.lo &&
           x.hi <= y.lo ? a[0] : 0;
  case JIR_int_mod: return is_point(y) && nonneg(x) && x.hi < y.lo ? a[0] : 0;
  case JIR_int_force_ge_zero: case JIR_int_abs: return nonneg(x) ? a[0] : 0;
  default: return 0;
  }
}

static void one_op(BoundState *S, const JIns *I) {
  JOpt *O = S->O;
  JRef a[JIR_MAXARGS];
  unsigned n = jopt_args(O, I, a), op = I->op;
  int d;
  JRef same;
  Bound x = n >= 1 ? bound(S, a[0]) : FULL, y = n >= 2 ? bound(S, a[1]) : FULL, r;
  switch (op) {
  case JIR_guard_true: case JIR_guard_false: {
    int truth = op == JIR_guard_true;
    bool pass = truth ? (x.lo > 0 || x.hi < 0) : (x.lo == 0 && x.hi == 0);
    if (pass) { O->map[O->cur] = JREF_NONE; return; }
    if (jopt_default(O, I) != JREF_NONE) learn_guard(S, a[0], truth);
    return;
  }
  case JIR_guard_value:
    if (jopt_default(O, I) != JREF_NONE && jir_isk(a[1]) &&
        jir_k(O->dst, a[1])->kind == JK_INT)
      narrow(S, a[0], jir_kint_of(O->dst, a[1]), jir_kint_of(O->dst, a[1]));
    return;
  case JIR_int_add_ovf:
    if (b_add(x, y, &r)) op = JIR_int_add;
    break;
  case JIR_int_sub_ovf:
    if (b_sub(x, y, &r)) op = JIR_int_sub;
    break;
  case JIR_int_mul_ovf:
    if (b_mul(x, y, &r)) op = JIR_int_mul;
    break;
  case JIR_int_is_true:
    if (x.lo > 0 || x.hi < 0) { O->map[O->cur] = jir_kint(O->dst, 1); return; }
    break;
  case JIR_int_is_zero:
    if (x.lo > 0 || x.hi < 0) { O->map[O->cur] = jir_kint(O->dst, 0); return; }
    break;
  default:
    if (jir_is_intcmp(op) && ((d = decide(op, x, y)) >= 0 ||
                              (d = decide_rel(S, op, a[0], a[1])) >= 0 ||
                              (d = decide_offset(S, op, a[0], a[1])) >= 0)) {
      O->map[O->cur] = jir_kint(O->dst, d);
      return;
    }
    if ((same = same_value(S, op, a)) != 0) { O->map[O->cur] = same; return; }
  }
  if (op != I->op) {  /* an *_ovf op that cannot overflow */
    JRef res = jopt_emit(O, op, n, a, I->descr, I);
    O->ovf = OVF_GONE;
    set_result(S, res);
    return;
  }
  set_result(S, jopt_default(O, I));
}

void jopt_pass_intbounds(JOpt *O) {
  uint32_t n = O->src->nins + 1;
  BoundState S = {.O = O};
  S.b = malloc(n * sizeof *S.b);
  S.rhead = calloc(n, sizeof *S.rhead);
  if (!S.b || !S.rhead) jir_oom();
  for (uint32_t i = 0; i < n; i++) S.b[i] = FULL;
  for (O->cur = 1; O->cur < O->src->nins; O->cur++)
    one_op(&S, &O->src->ins[O->cur]);
  free(S.b);
  free(S.rhead);
  free(S.rel);
}
