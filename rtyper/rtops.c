/* rtops.c — numbers, bools and comparisons; truth values; identity.
 * Int ops wrap (LANGUAGE.md "Numbers"); // and % check for zero in small
 * helper graphs (ll_int_floordiv ...) the JIT can see through; shifts
 * check for negative counts; ovfcheck(a op b) marks the op, which becomes
 * int_*_ovf (rty_mark_ovf traces the ovfcheck argument back through block
 * inputs to the op that computed it). */
#include <string.h>

#include "rtyint.h"

Value *rty_list_eq(RTyper *R, Repr *r, Value *a, Repr *rb, Value *b);
Value *rty_dict_eq(RTyper *R, Repr *da, Value *a, Repr *db, Value *b);

/* ---- ovfcheck ------------------------------------------------------------- */

static bool is_builtin(RTyper *R, Value *v, BiId id) {
  Ann *a = ann_value(R->AN, v);
  return a && a->kind == ANN_BUILTIN && a->u.bi.id == id;
}

static Op *def_of(RTyper *R, Graph *g, BlockList *bl, Value *v, int depth) {
  if (depth > 8) return NULL;
  for (unsigned i = 0; i < bl->len; i++) {
    Block *b = bl->data[i];
    for (unsigned k = 0; k < b->ops.len; k++)
      if (b->ops.data[k]->result == v) return b->ops.data[k];
    for (uint32_t k = 0; k < b->ninputs; k++) {
      if (b->inputs[k] != v) continue;
      /* a block input: every predecessor must pass the same op's result */
      Op *found = NULL;
      for (unsigned j = 0; j < bl->len; j++) {
        Block *p = bl->data[j];
        for (unsigned e = 0; e < p->exits.len; e++) {
          Link *l = p->exits.data[e];
          if (l->target != b || k >= l->nargs) continue;
          Op *o = l->args[k]->kind == VAL_VAR ? def_of(R, g, bl, l->args[k], depth + 1) : NULL;
          if (!o || (found && found != o)) return NULL;
          found = o;
        }
      }
      return found;
    }
  }
  return NULL;
}

void rty_mark_ovf(RTyper *R, Graph *g) {
  BlockList bl = {0};
  graph_blocks_in(g, R->A, &bl);
  for (unsigned i = 0; i < bl.len; i++) {
    Block *b = bl.data[i];
    for (unsigned k = 0; k < b->ops.len; k++) {
      Op *op = b->ops.data[k];
      if (op->opc != HL_simple_call || op->nargs != 2 ||
          !is_builtin(R, op->args[0], BI_ovfcheck) || op->args[1]->kind != VAL_VAR)
        continue;
      Op *d = def_of(R, g, &bl, op->args[1], 0);
      if (d) hmap_put(&R->ovfops, HKEY(d), (void *)1);
    }
  }
}

/* ---- helpers ---------------------------------------------------------------- */

static LLFunc *int_div_helper(RTyper *R, LLOp opc) {
  const char *name = llop_info[opc].name;
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *ps[2] = {R->L.signed_, R->L.signed_};
  LB b = lb_begin(R, name, R->L.signed_, 2, ps, LLFX_CANRAISE | LLFX_CANMALLOC);
  Value *ok = lb_op2(&b, LLOP_int_ne, R->L.bool_, lb_arg(&b, 1), rty_cint(R, 0));
  lb_check(&b, ok, "ZeroDivisionError", opc == LLOP_int_mod ? "integer modulo by zero"
                                                            : "integer division or modulo by zero");
  lb_return(&b, lb_op2(&b, opc, R->L.signed_, lb_arg(&b, 0), lb_arg(&b, 1)));
  return lb_end(&b);
}

static LLFunc *shift_helper(RTyper *R, LLOp opc, LLType *t) {
  const char *name = llop_info[opc].name;
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *ps[2] = {t, R->L.signed_};
  LB b = lb_begin(R, name, t, 2, ps, LLFX_CANRAISE | LLFX_CANMALLOC);
  Value *ok = lb_op2(&b, LLOP_int_ge, R->L.bool_, lb_arg(&b, 1), rty_cint(R, 0));
  lb_check(&b, ok, "ValueError", "negative shift count");
  lb_return(&b, lb_op2(&b, opc, t, lb_arg(&b, 0), lb_arg(&b, 1)));
  return lb_end(&b);
}

/* Float / // %: ZeroDivisionError for a zero divisor, with CPython's
 * message (int / int is "division by zero": `ints`). */
static LLFunc *float_div_helper(RTyper *R, HlOp hop, bool ints) {
  if (hop != HL_truediv) ints = false;
  const char *name = ints ? "int_truediv" : hop == HL_truediv ? "float_truediv"
                   : hop == HL_floordiv ? "float_floordiv" : "float_mod";
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *ps[2] = {R->L.float_, R->L.float_};
  LB b = lb_begin(R, name, R->L.float_, 2, ps, LLFX_CANRAISE | LLFX_CANMALLOC);
  Value *ok = lb_op2(&b, LLOP_float_ne, R->L.bool_, lb_arg(&b, 1), rty_cfloat(R, 0.0));
  lb_check(&b, ok, "ZeroDivisionError",
           ints ? "division by zero" : hop == HL_truediv ? "float division by zero"
           : hop == HL_floordiv ? "float floor division by zero" : "float modulo");
  Value *r;
  if (hop == HL_truediv) r = lb_op2(&b, LLOP_float_truediv, R->L.float_, lb_arg(&b, 0), lb_arg(&b, 1));
  else {
    Value *a[2] = {lb_arg(&b, 0), lb_arg(&b, 1)};
    r = lb_call(&b, rty_rth(R, hop == HL_floordiv ? RTH_float_floordiv : RTH_float_mod), 2, a);
  }
  lb_return(&b, r);
  return lb_end(&b);
}

/* ---- arithmetic ---------------------------------------------------------------- */

static HlOp base_op(HlOp o) {
  if (o >= HL_inplace_add && o <= HL_inplace_xor)
    return (HlOp)(HL_add + (o - HL_inplace_add));
  return o;
}

_Static_assert(HL_inplace_xor - HL_inplace_add == HL_xor - HL_add, "inplace ops in order");

static Value *as_kind(RTyper *R, Value *v, Repr *r, ReprKind want) {
  if (r->kind == (int)want) return v;
  if (want == RK_FLOAT) {
    if (r->kind == RK_BOOL) v = rty_op1(R, LLOP_cast_bool_to_int, R->L.signed_, v);
    if (r->kind == RK_UINT) return rty_op1(R, LLOP_cast_uint_to_float, R->L.float_, v);
    return rty_op1(R, LLOP_cast_int_to_float, R->L.float_, v);
  }
  if (want == RK_INT && r->kind == RK_BOOL) return rty_op1(R, LLOP_cast_bool_to_int, R->L.signed_, v);
  if (want == RK_UINT && (r->kind == RK_INT || r->kind == RK_BOOL)) {
    if (r->kind == RK_BOOL) v = rty_op1(R, LLOP_cast_bool_to_int, R->L.signed_, v);
    return rty_op1(R, LLOP_cast_int_to_uint, R->L.unsigned_, v);
  }
  if (want == RK_INT && r->kind == RK_CHAR) return rty_op1(R, LLOP_cast_char_to_int, R->L.signed_, v);
  return v;
}

static bool is_num(Repr *r) {
  return r->kind == RK_INT || r->kind == RK_UINT || r->kind == RK_FLOAT || r->kind == RK_BOOL;
}

static ReprKind num_kind(Repr *a, Repr *b) {
  if (a->kind == RK_FLOAT || b->kind == RK_FLOAT) return RK_FLOAT;
  if (a->kind == RK_UINT || b->kind == RK_UINT) return RK_UINT;
  return RK_INT;
}

static Value *int_binop(RTyper *R, Op *op, HlOp h, Value *a, Value *b) {
  LLType *S = R->L.signed_;
  bool ovf = hmap_get(&R->ovfops, HKEY(op)) != NULL;
  switch (h) {
  case HL_add: return rty_op2(R, ovf ? LLOP_int_add_ovf : LLOP_int_add, S, a, b);
  case HL_sub: return rty_op2(R, ovf ? LLOP_int_sub_ovf : LLOP_int_sub, S, a, b);
  case HL_mul: return rty_op2(R, ovf ? LLOP_int_mul_ovf : LLOP_int_mul, S, a, b);
  case HL_and_: return rty_op2(R, LLOP_int_and, S, a, b);
  case HL_or_: return rty_op2(R, LLOP_int_or, S, a, b);
  case HL_xor: return rty_op2(R, LLOP_int_xor, S, a, b);
  case HL_floordiv: case HL_mod: {
    Value *v[2] = {a, b};
    return rty_call(R, int_div_helper(R, h == HL_mod ? LLOP_int_mod : LLOP_int_floordiv), 2, v);
  }
  case HL_lshift: case HL_rshift: {
    Value *v[2] = {a, b};
    return rty_call(R, shift_helper(R, h == HL_lshift ? LLOP_int_lshift : LLOP_int_rshift, S), 2, v);
  }
  case HL_pow: {
    Value *v[2] = {a, b};
    return rty_rcall(R, RTH_int_pow, 2, v);
  }
  default: return NULL;
  }
}

static Value *uint_binop(RTyper *R, HlOp h, Value *a, Value *b) {
  LLType *U = R->L.unsigned_;
  switch (h) {
  case HL_add: return rty_op2(R, LLOP_uint_add, U, a, b);
  case HL_sub: return rty_op2(R, LLOP_uint_sub, U, a, b);
  case HL_mul: return rty_op2(R, LLOP_uint_mul, U, a, b);
  case HL_and_: return rty_op2(R, LLOP_uint_and, U, a, b);
  case HL_or_: return rty_op2(R, LLOP_uint_or, U, a, b);
  case HL_xor: return rty_op2(R, LLOP_uint_xor, U, a, b);
  case HL_floordiv: return rty_op2(R, LLOP_uint_floordiv, U, a, b);
  case HL_mod: return rty_op2(R, LLOP_uint_mod, U, a, b);
  case HL_lshift: case HL_rshift: {
    Value *v[2] = {a, b};
    return rty_call(R, shift_helper(R, h == HL_lshift ? LLOP_uint_lshift : LLOP_uint_rshift, U), 2, v);
  }
  default: return NULL;
  }
}

static Value *float_binop(RTyper *R, HlOp h, Value *a, Value *b, bool ints) {
  LLType *F = R->L.float_;
  Value *v[2] = {a, b};
  switch (h) {
  case HL_add: return rty_op2(R, LLOP_float_add, F, a, b);
  case HL_sub: return rty_op2(R, LLOP_float_sub, F, a, b);
  case HL_mul: return rty_op2(R, LLOP_float_mul, F, a, b);
  case HL_truediv: case HL_floordiv: case HL_mod:
    return rty_call(R, float_div_helper(R, h, ints), 2, v);
  case HL_pow: return rty_rcall(R, RTH_float_pow, 2, v);
  default: return NULL;
  }
}

static bool binop(RTyper *R, Op *op) {
  HlOp h = base_op((HlOp)op->opc);
  Repr *ra = rty_argr(R, op, 0), *rb = rty_argr(R, op, 1);
  if (!is_num(ra) || !is_num(rb)) return false;
  ReprKind k = num_kind(ra, rb);
  if (h == HL_truediv) k = RK_FLOAT;
  if (k == RK_INT && ra->kind == RK_BOOL && rb->kind == RK_BOOL &&
      (h == HL_and_ || h == HL_or_ || h == HL_xor)) {
    LLOp o = h == HL_and_ ? LLOP_int_and : h == HL_or_ ? LLOP_int_or : LLOP_int_xor;
    Value *a = as_kind(R, rty_arg(R, op, 0), ra, RK_INT);
    Value *b = as_kind(R, rty_arg(R, op, 1), rb, RK_INT);
    Value *r = rty_op2(R, o, R->L.signed_, a, b);
    rty_done(R, op, rty_op1(R, LLOP_int_is_true, R->L.bool_, r));
    return true;
  }
  Value *a = as_kind(R, rty_arg(R, op, 0), ra, k);
  Value *b = as_kind(R, rty_arg(R, op, 1), rb, (h == HL_lshift || h == HL_rshift) ? RK_INT : k);
  Value *r = k == RK_FLOAT ? float_binop(R, h, a, b, ra->kind != RK_FLOAT && rb->kind != RK_FLOAT)
           : k == RK_UINT ? uint_binop(R, h, a, b) : int_binop(R, op, h, a, b);
  if (!r) return false;
  rty_done(R, op, r);
  return true;
}

static bool unop(RTyper *R, Op *op) {
  Repr *ra = rty_argr(R, op, 0);
  if (!is_num(ra)) return false;
  Value *a = rty_arg(R, op, 0);
  ReprKind k = ra->kind == RK_BOOL ? RK_INT : (ReprKind)ra->kind;
  a = as_kind(R, a, ra, k);
  Value *r = NULL;
  bool ovf = hmap_get(&R->ovfops, HKEY(op)) != NULL;
  switch ((HlOp)op->opc) {
  case HL_pos: r = a; break;
  case HL_neg:
    r = k == RK_FLOAT ? rty_op1(R, LLOP_float_neg, R->L.float_, a)
      : k == RK_UINT ? rty_op2(R, LLOP_uint_sub, R->L.unsigned_, as_kind(R, rty_cint(R, 0), R->r_int, RK_UINT), a)
      : rty_op1(R, ovf ? LLOP_int_neg_ovf : LLOP_int_neg, R->L.signed_, a);
    break;
  case HL_invert:
    r = k == RK_UINT ? rty_op1(R, LLOP_uint_invert, R->L.unsigned_, a)
                     : rty_op1(R, LLOP_int_invert, R->L.signed_, a);
    break;
  default: return false;
  }
  rty_done(R, op, r);
  return true;
}

/* ---- comparisons ------------------------------------------------------------------ */

Value *rty_seq_order(RTyper *R, HlOp h, Repr *ra, Value *a, Repr *rb, Value *b);  /* rtcmp.c */

static int cmp_index(HlOp h) { return h - HL_lt; }  /* lt le eq ne gt ge */
_Static_assert(HL_ge - HL_lt == 5, "comparisons in order");

static Value *cmp_values(RTyper *R, HlOp h, Value *a, Repr *ra, Value *b, Repr *rb) {
  int ci = cmp_index(h);
  LLType *B = R->L.bool_;
  if (is_num(ra) && is_num(rb)) {
    ReprKind k = num_kind(ra, rb);
    a = as_kind(R, a, ra, k);
    b = as_kind(R, b, rb, k);
    LLOp base = k == RK_FLOAT ? LLOP_float_lt : k == RK_UINT ? LLOP_uint_lt : LLOP_int_lt;
    return rty_op2(R, (LLOp)(base + ci), B, a, b);
  }
  if (ra->kind == RK_CHAR && rb->kind == RK_CHAR)
    return rty_op2(R, (LLOp)(LLOP_char_lt + ci), B, a, b);
  if ((ra->kind == RK_STR || ra->kind == RK_CHAR) && (rb->kind == RK_STR || rb->kind == RK_CHAR)) {
    a = rty_convert(R, a, ra, R->r_str);
    b = rty_convert(R, b, rb, R->r_str);
    Value *v[2] = {a, b};
    if (h == HL_eq || h == HL_ne) {
      Value *e = rty_rcall(R, RTH_str_eq, 2, v);
      return h == HL_eq ? e : rty_op1(R, LLOP_bool_not, B, e);
    }
    Value *c = rty_rcall(R, RTH_str_cmp, 2, v);
    return rty_op2(R, (LLOp)(LLOP_int_lt + ci), B, c, rty_cint(R, 0));
  }
  if (h == HL_eq || h == HL_ne) return rty_eq(R, a, ra, b, rb, h == HL_ne);
  Value *o = rty_seq_order(R, h, ra, a, rb, b);
  if (o) return o;
  if (ra->kind == RK_LIST && rb->kind == RK_LIST &&
      (ra->item->kind == RK_VOID || rb->item->kind == RK_VOID))   /* [] < x: by length */
    return rty_op2(R, (LLOp)(LLOP_int_lt + ci), B, rty_len(R, a, ra), rty_len(R, b, rb));
  return NULL;
}

Value *rty_eq(RTyper *R, Value *a, Repr *ra, Value *b, Repr *rb, bool ne) {
  LLType *B = R->L.bool_;
  if (ra->kind == RK_VOID && rb->kind == RK_VOID) return rty_cbool(R, !ne);
  if (ra->kind == RK_VOID) { Value *t = a; a = b; b = t; Repr *tr = ra; ra = rb; rb = tr; }
  if (rb->kind == RK_VOID) {
    if (!ra->ll || ra->ll->kind != LL_PTR) return rty_cbool(R, ne);
    return rty_op1(R, ne ? LLOP_ptr_nonzero : LLOP_ptr_iszero, B, a);
  }
  if ((ra->kind == RK_LIST && rb->kind == RK_LIST) || (ra->kind == RK_DICT && rb->kind == RK_DICT)) {
    Value *e = ra->kind == RK_LIST ? rty_list_eq(R, ra, a, rb, b) : rty_dict_eq(R, ra, a, rb, b);
    if (!e) return NULL;   /* items or values that cannot be compared */
    return ne ? rty_op1(R, LLOP_bool_not, B, e) : e;
  }
  if (ra->kind == RK_TUPLE && rb->kind == RK_TUPLE && ra->n == rb->n) {
    Value *res = rty_cbool(R, true);
    for (uint32_t i = 0; i < ra->n; i++) {
      if (ra->items[i]->kind == RK_VOID) continue;
      const char *f = arena_printf(R->A, "item%u", i);
      Value *x = rty_getfield(R, a, f, ra->items[i]->ll);
      Value *y = rty_getfield(R, b, f, rb->items[i]->ll);
      Value *e = rty_eq(R, x, ra->items[i], y, rb->items[i], false);
      if (!e) return NULL;
      res = rty_op2(R, LLOP_int_and, B, res, e);
    }
    return ne ? rty_op1(R, LLOP_bool_not, B, res) : res;
  }
  bool ta = ra->kind == RK_CHAR || ra->kind == RK_STR, tb = rb->kind == RK_CHAR || rb->kind == RK_STR;
  if ((is_num(ra) && is_num(rb)) || (ta && tb))   /* strs by contents */
    return cmp_values(R, ne ? HL_ne : HL_eq, a, ra, b, rb);
  if (ra->ll && ra->ll->kind == LL_PTR && rb->ll && rb->ll->kind == LL_PTR)
    return rty_op2(R, ne ? LLOP_ptr_ne : LLOP_ptr_eq, B, a, b);
  if (is_num(ra) || is_num(rb) || ta || tb)   /* a number or text against another kind */
    return rty_cbool(R, ne);
  return NULL;
}

static bool compare(RTyper *R, Op *op) {
  Repr *ra = rty_argr(R, op, 0), *rb = rty_argr(R, op, 1);
  Value *r = cmp_values(R, (HlOp)op->opc, rty_arg(R, op, 0), ra, rty_arg(R, op, 1), rb);
  if (!r) return false;
  rty_done(R, op, r);
  return true;
}

static bool is_op(RTyper *R, Op *op) {
  Repr *ra = rty_argr(R, op, 0), *rb = rty_argr(R, op, 1);
  Value *a = rty_arg(R, op, 0), *b = rty_arg(R, op, 1);
  Value *r;
  if (ra->kind == RK_VOID || rb->kind == RK_VOID)
    r = rty_eq(R, a, ra, b, rb, false);
  else if (ra->ll->kind == LL_PTR && rb->ll->kind == LL_PTR)  /* identity, not == */
    r = rty_op2(R, LLOP_ptr_eq, R->L.bool_, a, b);
  else
    r = cmp_values(R, HL_eq, a, ra, b, rb);
  if (!r) return false;
  rty_done(R, op, r);
  return true;
}

/* ---- truth ---------------------------------------------------------------------------- */

static LLFunc *str_truth_helper(RTyper *R) {
  LLFunc *f = lb_cached(R, "str_is_true");
  if (f) return f;
  LLType *ps[1] = {R->F.str_ptr};
  LB b = lb_begin(R, "str_is_true", R->L.bool_, 1, ps, 0);
  Block *els = lb_if(&b, lb_op1(&b, LLOP_ptr_nonzero, R->L.bool_, lb_arg(&b, 0)));
  Value *n = lb_op2(&b, LLOP_getinteriorarraysize, R->L.signed_, lb_arg(&b, 0), rty_cname(R, "chars"));
  lb_return(&b, lb_op1(&b, LLOP_int_is_true, R->L.bool_, n));
  lb_at(&b, els);
  lb_return(&b, rty_cbool(R, false));
  return lb_end(&b);
}

Value *rty_truth(RTyper *R, Value *v, Repr *r) {
  LLType *B = R->L.bool_;
  switch (r->kind) {
  case RK_BOOL: return v;
  case RK_INT: return rty_op1(R, LLOP_int_is_true, B, v);
  case RK_UINT: return rty_op1(R, LLOP_uint_is_true, B, v);
  case RK_FLOAT: return rty_op1(R, LLOP_float_is_true, B, v);
  case RK_CHAR: return rty_cbool(R, true);
  case RK_VOID: return rty_cbool(R, false);
  case RK_STR: return rty_call(R, str_truth_helper(R), 1, &v);
  case RK_LIST: case RK_DICT: {
    Value *n = rty_len(R, v, r);
    return rty_op1(R, LLOP_int_is_true, B, n);
  }
  default:
    if (r->ll->kind == LL_PTR) return rty_op1(R, LLOP_ptr_nonzero, B, v);
    return NULL;
  }
}

static bool truth_op(RTyper *R, Op *op) {
  Repr *r = rty_argr(R, op, 0);
  Value *v = rty_arg(R, op, 0);
  Ann *a = ann_of(op->result);
  if (a && (a->flags & AF_CONST) && a->kind == ANN_BOOL) {
    rty_done(R, op, rty_cbool(R, a->c.i != 0));
    return true;
  }
  Value *t = rty_truth(R, v, r);
  if (!t) return false;
  if (op->opc == HL_not_) t = rty_op1(R, LLOP_bool_not, R->L.bool_, t);
  rty_done(R, op, t);
  return true;
}

bool rty_num_op(RTyper *R, Op *op) {
  HlOp h = (HlOp)op->opc;
  switch (h) {
  case HL_is_true: case HL_not_: return truth_op(R, op);
  case HL_neg: case HL_pos: case HL_invert: return unop(R, op);
  case HL_lt: case HL_le: case HL_eq: case HL_ne: case HL_gt: case HL_ge:
    return compare(R, op);
  case HL_is_: return is_op(R, op);
  default: break;
  }
  HlOp b = base_op(h);
  if (b >= HL_add && b <= HL_xor) return binop(R, op);
  return false;
}

Value *rty_int_div(RTyper *R, Value *a, Value *b, bool mod);
Value *rty_int_div(RTyper *R, Value *a, Value *b, bool mod) {
  Value *v[2] = {a, b};
  return rty_call(R, int_div_helper(R, mod ? LLOP_int_mod : LLOP_int_floordiv), 2, v);
}
