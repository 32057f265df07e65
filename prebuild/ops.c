/* ops.c — arithmetic and comparisons with RL's semantics (LANGUAGE.md
 * "Numbers"): ints wrap modulo 2**64, // and % floor, shifts by >= 64 give
 * 0 or -1, r_uint wraps unsigned (and wins over int), floats follow Python
 * (division by zero raises), str/list/tuple + and *, str % args. */
#include <math.h>
#include <string.h>

#include "pbint.h"
#include "runtime/text/rt_str.h"

static HlOp base_op(HlOp op) {
  if (op >= HL_inplace_add && op <= HL_inplace_xor)
    return (HlOp)(HL_add + (op - HL_inplace_add));
  return op;
}

_Static_assert(HL_inplace_xor - HL_inplace_add == HL_xor - HL_add,
               "inplace ops mirror the binary ops in hlops.def");

static const char *op_symbol(HlOp op) {
  static const char *const sym[] = {"+", "-", "*", "/", "//", "%", "** or pow()",
                                    "<<", ">>", "&", "|", "^"};
  return sym[op - HL_add];
}

static bool unsupported(Prebuild *PB, HlOp op, Dyn a, Dyn b) {
  return pb_raise(PB, PBX_TypeError, "unsupported operand type(s) for %s: '%s' and '%s'",
                  op_symbol(op), pb_type_name(a), pb_type_name(b));
}

static bool is_int(Dyn d) { return d.kind == DK_INT || d.kind == DK_BOOL; }
static bool is_real(Dyn d) { return d.kind >= DK_BOOL && d.kind <= DK_UINT; }

static double to_double(Dyn d) {
  return d.kind == DK_FLOAT ? d.f : d.kind == DK_UINT ? (double)d.u : (double)d.i;
}

/* ---- int ------------------------------------------------------------------ */
static bool int_div(Prebuild *PB, HlOp op, int64_t a, int64_t b, Dyn *out) {
  if (b == 0)
    return pb_raise(PB, PBX_ZeroDivisionError, op == HL_mod ? "integer modulo by zero"
                                                            : "integer division or modulo by zero");
  if (b == -1) { *out = dyn_int(op == HL_floordiv ? (int64_t)(0 - (uint64_t)a) : 0); return true; }
  int64_t q = a / b, r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) { q--; r += b; }
  *out = dyn_int(op == HL_floordiv ? q : r);
  return true;
}

static uint64_t upow(uint64_t a, uint64_t e) {
  uint64_t r = 1;
  while (e) {
    if (e & 1) r *= a;
    a *= a;
    e >>= 1;
  }
  return r;
}

static bool int_shift(Prebuild *PB, HlOp op, int64_t a, int64_t n, Dyn *out) {
  if (n < 0) return pb_raise(PB, PBX_ValueError, "negative shift count");
  if (op == HL_lshift) *out = dyn_int(n >= 64 ? 0 : (int64_t)((uint64_t)a << n));
  else if (n >= 64) *out = dyn_int(a < 0 ? -1 : 0);
  else *out = dyn_int(a < 0 ? ~(~a >> n) : a >> n);
  return true;
}

static Dyn wrapped(int64_t r, bool ovf) {
  Dyn d = dyn_int(r);
  d.ovf = ovf;
  return d;
}

static bool int_op(Prebuild *PB, HlOp op, int64_t a, int64_t b, Dyn *out) {
  uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
  int64_t r;
  switch (op) {
  case HL_add: *out = wrapped((int64_t)(ua + ub), __builtin_add_overflow(a, b, &r)); return true;
  case HL_sub: *out = wrapped((int64_t)(ua - ub), __builtin_sub_overflow(a, b, &r)); return true;
  case HL_mul: *out = wrapped((int64_t)(ua * ub), __builtin_mul_overflow(a, b, &r)); return true;
  case HL_floordiv: case HL_mod: return int_div(PB, op, a, b, out);
  case HL_truediv:
    if (b == 0) return pb_raise(PB, PBX_ZeroDivisionError, "division by zero");
    *out = dyn_float((double)a / (double)b);
    return true;
  case HL_pow:
    if (b < 0) return pb_raise(PB, PBX_ValueError, "negative exponent");
    *out = dyn_int((int64_t)upow(ua, ub));
    return true;
  case HL_lshift: case HL_rshift: return int_shift(PB, op, a, b, out);
  case HL_and_: *out = dyn_int(a & b); return true;
  case HL_or_: *out = dyn_int(a | b); return true;
  case HL_xor: *out = dyn_int(a ^ b); return true;
  default: return false;
  }
}

/* r_uint: the other operand taken as unsigned; shifts keep the left type. */
static bool uint_op(Prebuild *PB, HlOp op, Dyn x, Dyn y, Dyn *out) {
  uint64_t a = x.u, b = y.u;
  if ((op == HL_lshift || op == HL_rshift) && x.kind != DK_UINT)
    return int_shift(PB, op, x.i, (int64_t)b > 63 ? 64 : (int64_t)b, out);
  switch (op) {
  case HL_add: *out = dyn_uint(a + b); return true;
  case HL_sub: *out = dyn_uint(a - b); return true;
  case HL_mul: *out = dyn_uint(a * b); return true;
  case HL_floordiv: case HL_mod:
    if (b == 0) return pb_raise(PB, PBX_ZeroDivisionError, "integer division or modulo by zero");
    *out = dyn_uint(op == HL_floordiv ? a / b : a % b);
    return true;
  case HL_truediv:
    if (b == 0) return pb_raise(PB, PBX_ZeroDivisionError, "division by zero");
    *out = dyn_float((double)a / (double)b);
    return true;
  case HL_pow:
    if (y.kind != DK_UINT && y.i < 0) return pb_raise(PB, PBX_ValueError, "negative exponent");
    *out = dyn_uint(upow(a, b));
    return true;
  case HL_lshift:
    if (y.kind != DK_UINT && y.i < 0) return pb_raise(PB, PBX_ValueError, "negative shift count");
    *out = dyn_uint(b >= 64 ? 0 : a << b);
    return true;
  case HL_rshift:
    if (y.kind != DK_UINT && y.i < 0) return pb_raise(PB, PBX_ValueError, "negative shift count");
    *out = dyn_uint(b >= 64 ? 0 : a >> b);
    return true;
  case HL_and_: *out = dyn_uint(a & b); return true;
  case HL_or_: *out = dyn_uint(a | b); return true;
  case HL_xor: *out = dyn_uint(a ^ b); return true;
  default: return false;
  }
}

/* ---- float (CPython's float_floor_div / float_rem) ---------------------------- */
static bool float_divmod(Prebuild *PB, HlOp op, double a, double b, Dyn *out) {
  if (b == 0.0)
    return pb_raise(PB, PBX_ZeroDivisionError, op == HL_mod ? "float modulo" : "float floor division by zero");
  double mod = fmod(a, b), div = (a - mod) / b;
  if (mod != 0.0) {
    if ((b < 0) != (mod < 0)) { mod += b; div -= 1.0; }
  } else {
    mod = copysign(0.0, b);
  }
  if (op == HL_mod) { *out = dyn_float(mod); return true; }
  double fd;
  if (div != 0.0) {
    fd = floor(div);
    if (div - fd > 0.5) fd += 1.0;
  } else {
    fd = copysign(0.0, a / b);
  }
  *out = dyn_float(fd);
  return true;
}

static bool float_op(Prebuild *PB, HlOp op, Dyn x, Dyn y, Dyn *out) {
  double a = to_double(x), b = to_double(y);
  switch (op) {
  case HL_add: *out = dyn_float(a + b); return true;
  case HL_sub: *out = dyn_float(a - b); return true;
  case HL_mul: *out = dyn_float(a * b); return true;
  case HL_truediv:
    if (b == 0.0) return pb_raise(PB, PBX_ZeroDivisionError, "float division by zero");
    *out = dyn_float(a / b);
    return true;
  case HL_floordiv: case HL_mod: return float_divmod(PB, op, a, b, out);
  case HL_pow:
    if (a == 0.0 && b < 0.0)
      return pb_raise(PB, PBX_ZeroDivisionError, "0.0 cannot be raised to a negative power");
    if (a < 0.0 && b != floor(b) && isfinite(b))
      return pb_raise(PB, PBX_ValueError, "math domain error");
    *out = dyn_float(pow(a, b));
    if (isinf(out->f) && isfinite(a) && isfinite(b))
      return pb_raise(PB, PBX_OverflowError, "(34, 'Numerical result out of range')");
    return true;
  default: return unsupported(PB, op, x, y);
  }
}

/* ---- sequences ------------------------------------------------------------------- */
static bool repeat_count(Dyn n, int64_t *times) {
  if (!is_int(n)) return false;
  *times = n.i < 0 ? 0 : n.i;
  return true;
}

static bool str_repeat(Prebuild *PB, PbStr *s, int64_t times, Dyn *out) {
  size_t n = rt_str_repeat(NULL, 0, s->s, s->len, times);
  if (n == SIZE_MAX || n > UINT32_MAX - 1) return pb_raise(PB, PBX_MemoryError, "%s", "");
  if (!pb_heap_room(PB, n)) return false;
  PbStr *r = pb_str_alloc(PB, n);
  rt_str_repeat(r->s, n, s->s, s->len, times);
  *out = pb_str_seal(r);
  return true;
}

static bool str_concat(Prebuild *PB, PbStr *a, PbStr *b, Dyn *out) {
  size_t n = (size_t)a->len + b->len;
  if (n > UINT32_MAX - 1) return pb_raise(PB, PBX_MemoryError, "%s", "");
  if (!pb_heap_room(PB, n)) return false;
  PbStr *r = pb_str_alloc(PB, n);
  memcpy(r->s, a->s, a->len);
  memcpy(r->s + a->len, b->s, b->len);
  *out = pb_str_seal(r);
  return true;
}

static bool items_of(Dyn d, Dyn **items, uint32_t *n) {
  *items = NULL;
  *n = 0;
  if (dyn_is(d, PB_LIST)) { *items = DYN_LIST(d)->items; *n = DYN_LIST(d)->len; return true; }
  if (dyn_is(d, PB_TUPLE)) { *items = DYN_TUPLE(d)->items; *n = DYN_TUPLE(d)->len; return true; }
  return false;
}

static Dyn seq_new(Prebuild *PB, PbType t, uint64_t n) {
  if (n > UINT32_MAX / 2) rt_oom();
  return t == PB_LIST ? pb_list(PB, (uint32_t)n) : pb_tuple(PB, (uint32_t)n);
}

static Dyn *seq_items(Dyn d) {
  return dyn_is(d, PB_LIST) ? DYN_LIST(d)->items : DYN_TUPLE(d)->items;
}

static bool seq_concat(Prebuild *PB, Dyn a, Dyn b, Dyn *out) {
  Dyn *x, *y;
  uint32_t nx, ny;
  items_of(a, &x, &nx);
  items_of(b, &y, &ny);
  if (!pb_heap_room(PB, ((uint64_t)nx + ny) * sizeof(Dyn))) return false;
  *out = seq_new(PB, (PbType)a.o->type, (uint64_t)nx + ny);
  Dyn *dst = seq_items(*out);
  if (nx) memcpy(dst, x, nx * sizeof(Dyn));
  if (ny) memcpy(dst + nx, y, ny * sizeof(Dyn));
  return true;
}

static bool seq_repeat(Prebuild *PB, Dyn a, int64_t times, Dyn *out) {
  Dyn *x;
  uint32_t nx;
  items_of(a, &x, &nx);
  if (nx && (uint64_t)times > (UINT32_MAX / 2) / nx)
    return pb_raise(PB, PBX_MemoryError, "%s", "");
  if (!pb_heap_room(PB, (uint64_t)nx * (uint64_t)times * sizeof(Dyn))) return false;
  *out = seq_new(PB, (PbType)a.o->type, (uint64_t)nx * (uint64_t)times);
  Dyn *dst = seq_items(*out);
  for (int64_t t = 0; t < times && nx; t++) memcpy(dst + (uint64_t)t * nx, x, nx * sizeof(Dyn));
  return true;
}

static bool same_seq(Dyn a, Dyn b) {
  return a.kind == DK_OBJ && b.kind == DK_OBJ && a.o->type == b.o->type &&
         (a.o->type == PB_LIST || a.o->type == PB_TUPLE);
}

static bool concat_error(Prebuild *PB, Dyn a, Dyn b) {
  return pb_raise(PB, PBX_TypeError, "can only concatenate %s (not \"%s\") to %s",
                  pb_type_name(a), pb_type_name(b), pb_type_name(a));
}

static bool obj_op(Prebuild *PB, HlOp op, Dyn a, Dyn b, Dyn *out) {
  int64_t times;
  bool sa = dyn_is(a, PB_STR), sb = dyn_is(b, PB_STR);
  if (op == HL_add && sa && sb) return str_concat(PB, DYN_STR(a), DYN_STR(b), out);
  if (op == HL_add && same_seq(a, b)) return seq_concat(PB, a, b, out);
  if (op == HL_add && (sa || dyn_is(a, PB_LIST) || dyn_is(a, PB_TUPLE))) return concat_error(PB, a, b);
  if (op == HL_mod && sa) return pb_format(PB, DYN_STR(a), b, out);
  if (op == HL_mul) {
    if (is_int(a) && b.kind == DK_OBJ) { Dyn t = a; a = b; b = t; sa = sb; }
    if (sa && repeat_count(b, &times)) return str_repeat(PB, DYN_STR(a), times, out);
    if ((dyn_is(a, PB_LIST) || dyn_is(a, PB_TUPLE)) && repeat_count(b, &times))
      return seq_repeat(PB, a, times, out);
    if ((sa || dyn_is(a, PB_LIST) || dyn_is(a, PB_TUPLE)) && is_real(b))
      return pb_raise(PB, PBX_TypeError, "can't multiply sequence by non-int of type '%s'", pb_type_name(b));
  }
  return unsupported(PB, op, a, b);
}

bool pb_binop(Prebuild *PB, HlOp op, Dyn a, Dyn b, Dyn *out) {
  bool inplace = op != base_op(op);
  op = base_op(op);
  if (inplace && dyn_is(a, PB_LIST) && op == HL_add && dyn_is(b, PB_LIST)) {
    PbList *l = DYN_LIST(a), *r = DYN_LIST(b);
    uint32_t n = r->len;
    if (n == 0) { *out = a; return true; }
    pb_list_reserve(PB, l, l->len + n);
    memmove(l->items + l->len, r->items, n * sizeof(Dyn));
    l->len += n;
    *out = a;
    return true;
  }
  if (is_real(a) && is_real(b)) {
    if (a.kind == DK_FLOAT || b.kind == DK_FLOAT) {
      if (op >= HL_lshift) return unsupported(PB, op, a, b);
      return float_op(PB, op, a, b, out);
    }
    if (a.kind == DK_UINT || b.kind == DK_UINT) return uint_op(PB, op, a, b, out);
    if (a.kind == DK_BOOL && b.kind == DK_BOOL && op >= HL_and_) {
      if (!int_op(PB, op, a.i, b.i, out)) return false;
      *out = dyn_bool(out->i != 0);
      return true;
    }
    return int_op(PB, op, a.i, b.i, out);
  }
  return obj_op(PB, op, a, b, out);
}

bool pb_unop(Prebuild *PB, HlOp op, Dyn a, Dyn *out) {
  static const char *const names[] = {"-", "+", "~"};
  if (a.kind == DK_INT || a.kind == DK_BOOL) {
    uint64_t u = (uint64_t)a.i;
    *out = dyn_int(op == HL_neg ? (int64_t)(0 - u) : op == HL_pos ? a.i : ~a.i);
    out->ovf = op == HL_neg && a.i == INT64_MIN;
    return true;
  }
  if (a.kind == DK_UINT) {
    *out = dyn_uint(op == HL_neg ? 0 - a.u : op == HL_pos ? a.u : ~a.u);
    return true;
  }
  if (a.kind == DK_FLOAT && op != HL_invert) {
    *out = dyn_float(op == HL_neg ? -a.f : a.f);
    return true;
  }
  return pb_raise(PB, PBX_TypeError, "bad operand type for unary %s: '%s'",
                  names[op - HL_neg], pb_type_name(a));
}

/* ---- ordering -------------------------------------------------------------------- */
/* -1, 0, 1; 2 when unordered (nan). */
static int cmp_int_float(int64_t i, double f) {
  if (f != f) return 2;
  if (f >= 9223372036854775808.0) return -1;
  if (f < -9223372036854775808.0) return 1;
  double fl = floor(f);
  int64_t fi = (int64_t)fl;
  if (i != fi) return i < fi ? -1 : 1;
  return fl < f ? -1 : 0;
}

static int cmp_num(Dyn a, Dyn b) {
  if (a.kind == DK_FLOAT && b.kind == DK_FLOAT)
    return a.f != a.f || b.f != b.f ? 2 : a.f < b.f ? -1 : a.f > b.f;
  if (a.kind == DK_FLOAT) {
    int c = b.kind == DK_UINT ? (a.f < (double)b.u ? -1 : a.f > (double)b.u) : cmp_int_float(b.i, a.f);
    return c == 2 ? 2 : -c;
  }
  if (b.kind == DK_FLOAT)
    return a.kind == DK_UINT ? ((double)a.u < b.f ? -1 : (double)a.u > b.f) : cmp_int_float(a.i, b.f);
  if (a.kind == DK_UINT || b.kind == DK_UINT) {
    if (a.kind != DK_UINT && a.i < 0) return -1;
    if (b.kind != DK_UINT && b.i < 0) return 1;
    return a.u < b.u ? -1 : a.u > b.u;
  }
  return a.i < b.i ? -1 : a.i > b.i;
}

static bool cmp_result(HlOp op, int c) {
  if (c == 2) return op == HL_ne;
  switch (op) {
  case HL_lt: return c < 0;
  case HL_le: return c <= 0;
  case HL_gt: return c > 0;
  case HL_ge: return c >= 0;
  case HL_eq: return c == 0;
  default: return c != 0;
  }
}

static bool order(Prebuild *PB, HlOp op, Dyn a, Dyn b, bool *res);

static bool order_seq(Prebuild *PB, HlOp op, Dyn a, Dyn b, bool *res) {
  Dyn *x, *y;
  uint32_t nx, ny;
  items_of(a, &x, &nx);
  items_of(b, &y, &ny);
  for (uint32_t i = 0; i < nx && i < ny; i++) {
    bool eq;
    if (!pb_eq(PB, x[i], y[i], &eq)) return false;
    if (!eq) return order(PB, op, x[i], y[i], res);
  }
  *res = cmp_result(op, nx < ny ? -1 : nx > ny);
  return true;
}

static const char *cmp_symbol(HlOp op) {
  switch (op) {
  case HL_lt: return "<";
  case HL_le: return "<=";
  case HL_gt: return ">";
  default: return ">=";
  }
}

static bool order(Prebuild *PB, HlOp op, Dyn a, Dyn b, bool *res) {
  if (is_real(a) && is_real(b)) { *res = cmp_result(op, cmp_num(a, b)); return true; }
  if (dyn_is(a, PB_STR) && dyn_is(b, PB_STR)) {
    PbStr *x = DYN_STR(a), *y = DYN_STR(b);
    uint32_t n = x->len < y->len ? x->len : y->len;
    int c = n ? memcmp(x->s, y->s, n) : 0;
    if (c == 0) c = x->len < y->len ? -1 : x->len > y->len;
    *res = cmp_result(op, c < 0 ? -1 : c > 0);
    return true;
  }
  if (same_seq(a, b)) return order_seq(PB, op, a, b, res);
  return pb_raise(PB, PBX_TypeError, "'%s' not supported between instances of '%s' and '%s'",
                  cmp_symbol(op), pb_type_name(a), pb_type_name(b));
}

bool pb_compare(Prebuild *PB, HlOp op, Dyn a, Dyn b, Dyn *out) {
  bool r;
  if (op == HL_eq || op == HL_ne) {
    if (!pb_eq(PB, a, b, &r)) return false;
    *out = dyn_bool(op == HL_eq ? r : !r);
    return true;
  }
  if (!order(PB, op, a, b, &r)) return false;
  *out = dyn_bool(r);
  return true;
}

bool pb_less(Prebuild *PB, Dyn a, Dyn b, bool *res) { return order(PB, HL_lt, a, b, res); }
