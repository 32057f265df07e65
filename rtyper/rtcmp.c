/* rtcmp.c — ordering of values of any comparable representation, as
 * Python 3 orders them: numbers, chars, strs, bools, and tuples and lists
 * lexicographically (the first items that differ by `==` decide, else the
 * lengths). Used by `<` `<=` `>` `>=` on tuples and lists, and by
 * min()/max() of strs, tuples and lists and of lists of them. Each
 * ordering of a tuple or list type (or of two tuple types whose items
 * differ as char/str or bool/int/float) is one helper graph per operator. */
#include "rtyint.h"

Value *rty_lb_item_eq(LB *b, Repr *r, Value *x, Value *y);   /* rtlist.c */

static LLFunc *seq_order(RTyper *R, HlOp h, Repr *r);

/* A name unique to the representation, for helper names; NULL when values
 * of r have no order. */
static const char *order_key(RTyper *R, Repr *r) {
  switch (r->kind) {
  case RK_INT: return "i";
  case RK_UINT: return "u";
  case RK_FLOAT: return "f";
  case RK_CHAR: return "c";
  case RK_BOOL: return "b";
  case RK_STR: return "s";
  case RK_TUPLE:
    for (uint32_t i = 0; i < r->n; i++)
      if (r->items[i]->kind != RK_VOID && !order_key(R, r->items[i])) return NULL;
    return arena_printf(R->A, "t%u", r->s->id);
  case RK_LIST:
    if (r->item->kind != RK_VOID && !order_key(R, r->item)) return NULL;
    return arena_printf(R->A, "l%u", r->s->id);
  default: return NULL;
  }
}

static int cmp_offset(HlOp h) { return h - HL_lt; }  /* lt le eq ne gt ge */

/* x OP y for two values of repr r inside a helper graph (h: HL_lt..HL_ge) */
static Value *lb_order(LB *b, HlOp h, Repr *r, Value *x, Value *y) {
  RTyper *R = b->R;
  LLType *B = R->L.bool_;
  int k = cmp_offset(h);
  switch (r->kind) {
  case RK_INT: return lb_op2(b, (LLOp)(LLOP_int_lt + k), B, x, y);
  case RK_UINT: return lb_op2(b, (LLOp)(LLOP_uint_lt + k), B, x, y);
  case RK_FLOAT: return lb_op2(b, (LLOp)(LLOP_float_lt + k), B, x, y);
  case RK_CHAR: return lb_op2(b, (LLOp)(LLOP_char_lt + k), B, x, y);
  case RK_BOOL:
    return lb_op2(b, (LLOp)(LLOP_int_lt + k), B, lb_op1(b, LLOP_cast_bool_to_int, R->L.signed_, x),
                  lb_op1(b, LLOP_cast_bool_to_int, R->L.signed_, y));
  case RK_STR: {
    Value *a[2] = {x, y};
    Value *c = lb_call(b, rty_rth(R, RTH_str_cmp), 2, a);
    return lb_op2(b, (LLOp)(LLOP_int_lt + k), B, c, rty_cint(R, 0));
  }
  case RK_VOID: return rty_cbool(R, h == HL_le || h == HL_ge || h == HL_eq);
  default: {
    Value *a[2] = {x, y};
    return lb_call(b, seq_order(R, h, r), 2, a);
  }
  }
}

/* In the current block: unless x == y, return x OP y from the helper. */
static void decide_unless_equal(LB *b, HlOp h, Repr *r, Value *x, Value *y) {
  Block *differ = lb_if(b, rty_lb_item_eq(b, r, x, y));
  Block *same = b->cur;
  lb_at(b, differ);
  lb_return(b, lb_order(b, h, r, x, y));
  lb_at(b, same);
}

/* x and y (reprs *rx, *ry) in one repr, for items of two tuple types that
 * differ: char/str, bool/int/float. False when there is none. */
static bool unify(LB *b, Repr **rx, Value **x, Repr **ry, Value **y) {
  RTyper *R = b->R;
  for (int pass = 0; pass < 2 && *rx != *ry; pass++) {
    Repr **ra = pass ? ry : rx, **rb = pass ? rx : ry;
    Value **a = pass ? y : x;
    if ((*ra)->kind == RK_CHAR && (*rb)->kind == RK_STR) {
      *a = lb_call(b, rty_rth(R, RTH_str_from_char), 1, a);
      *ra = *rb;
    } else if ((*ra)->kind == RK_BOOL && ((*rb)->kind == RK_INT || (*rb)->kind == RK_FLOAT)) {
      *a = lb_op1(b, LLOP_cast_bool_to_int, R->L.signed_, *a);
      *ra = R->r_int;
      pass = -1;   /* int may still need to become float */
    } else if ((*ra)->kind == RK_INT && (*rb)->kind == RK_FLOAT) {
      *a = lb_op1(b, LLOP_cast_int_to_float, R->L.float_, *a);
      *ra = *rb;
    }
  }
  return *rx == *ry || (*rx)->ll == (*ry)->ll;
}

static void tuple_order_body(LB *b, HlOp h, Repr *ra, Repr *rb) {
  RTyper *R = b->R;
  uint32_t n = ra->n < rb->n ? ra->n : rb->n;
  for (uint32_t i = 0; i < n; i++) {
    Repr *rx = ra->items[i], *ry = rb->items[i];
    if (rx->kind == RK_VOID && ry->kind == RK_VOID) continue;
    Value *f = rty_cname(R, arena_printf(R->A, "item%u", i));
    Value *x = rx->kind == RK_VOID ? NULL : lb_op2(b, LLOP_getfield, rx->ll, lb_arg(b, 0), f);
    Value *y = ry->kind == RK_VOID ? NULL : lb_op2(b, LLOP_getfield, ry->ll, lb_arg(b, 1), f);
    if (!x || !y || !unify(b, &rx, &x, &ry, &y)) {
      rty_error(R, R->loc, "item %u of these tuples cannot be ordered", i);
      break;
    }
    decide_unless_equal(b, h, rx, x, y);
  }
  lb_return(b, lb_op2(b, (LLOp)(LLOP_int_lt + cmp_offset(h)), R->L.bool_,
                      rty_cint(R, ra->n), rty_cint(R, rb->n)));
}

static void list_order_body(LB *b, HlOp h, Repr *r, Repr *rb) {
  RTyper *R = b->R;
  LLType *S = R->L.signed_, *B = R->L.bool_;
  Value *x = lb_arg(b, 0), *y = lb_arg(b, 1);
  Value *nx = rty_lb_list_length(b, r, x), *ny = rty_lb_list_length(b, rb, y);
  Value *xi = rty_lb_list_items(b, r, x), *yi = rty_lb_list_items(b, rb, y);
  LLType *it[1] = {S};
  Block *loop = lb_block(b, 1, it);
  lb_jump(b, loop, 1, (Value *[]){rty_cint(R, 0)});
  lb_at(b, loop);
  Value *i = loop->inputs[0];
  Value *in = lb_op2(b, LLOP_int_and, B, lb_op2(b, LLOP_int_lt, B, i, nx), lb_op2(b, LLOP_int_lt, B, i, ny));
  Block *done = lb_if(b, in);
  if (r->item->kind != RK_VOID) {
    Value *xv = lb_op2(b, LLOP_getarrayitem, r->item->ll, xi, i);
    Value *yv = lb_op2(b, LLOP_getarrayitem, r->item->ll, yi, i);
    decide_unless_equal(b, h, r->item, xv, yv);
  }
  lb_jump(b, loop, 1, (Value *[]){lb_op2(b, LLOP_int_add, S, i, rty_cint(R, 1))});
  lb_at(b, done);
  lb_return(b, lb_op2(b, (LLOp)(LLOP_int_lt + cmp_offset(h)), B, nx, ny));
}

/* ll_order_<op>_<key>_<key>(x, y) for tuples (of two types) and lists */
static LLFunc *seq_order2(RTyper *R, HlOp h, Repr *ra, Repr *rb) {
  static const char *const names[] = {"lt", "le", "eq", "ne", "gt", "ge"};
  const char *name = arena_printf(R->A, "order_%s_%s_%s", names[cmp_offset(h)],
                                  order_key(R, ra), order_key(R, rb));
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *ps[2] = {ra->ll, rb->ll};
  LB b = lb_begin(R, name, R->L.bool_, 2, ps, 0);
  if (ra->kind == RK_TUPLE) tuple_order_body(&b, h, ra, rb);
  else list_order_body(&b, h, ra, rb);
  return lb_end(&b);
}

static LLFunc *seq_order(RTyper *R, HlOp h, Repr *r) { return seq_order2(R, h, r, r); }

/* a OP b for two tuples, or two lists whose items have one
 * representation (a fixed-size and a resizable list compare; NULL: not
 * orderable) */
Value *rty_seq_order(RTyper *R, HlOp h, Repr *ra, Value *a, Repr *rb, Value *b);
Value *rty_seq_order(RTyper *R, HlOp h, Repr *ra, Value *a, Repr *rb, Value *b) {
  if (ra->kind != rb->kind || (ra->kind != RK_TUPLE && ra->kind != RK_LIST)) return NULL;
  if (!order_key(R, ra) || !order_key(R, rb)) return NULL;
  if (ra->kind == RK_LIST && ra->item->ll != rb->item->ll) return NULL;
  Value *v[2] = {a, b};
  return rty_call(R, seq_order2(R, h, ra, rb), 2, v);
}

/* ll_min_<key>(a, b) / ll_max_<key>(a, b): the first of two values unless
 * the second is smaller (larger), as Python's min/max */
LLFunc *rty_minmax_any(RTyper *R, Repr *r, bool ismax);
LLFunc *rty_minmax_any(RTyper *R, Repr *r, bool ismax) {
  const char *key = order_key(R, r);
  if (!key) return NULL;
  const char *name = arena_printf(R->A, "%s_%s", ismax ? "max" : "min", key);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *ps[2] = {r->ll, r->ll};
  LB b = lb_begin(R, name, r->ll, 2, ps, 0);
  Value *better = lb_order(&b, ismax ? HL_gt : HL_lt, r, lb_arg(&b, 1), lb_arg(&b, 0));
  Block *els = lb_if(&b, better);
  lb_return(&b, lb_arg(&b, 1));
  lb_at(&b, els);
  lb_return(&b, lb_arg(&b, 0));
  return lb_end(&b);
}
