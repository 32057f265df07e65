/* flowexpr.c — flow graph builder: expressions (value context) and
 * conditions (compiled straight to branches). */
#include <stdlib.h>
#include <string.h>

#include "flowint.h"

static const HlOp binops[BIN_COUNT] = {
    [BIN_ADD] = HL_add,         [BIN_SUB] = HL_sub,
    [BIN_MUL] = HL_mul,         [BIN_DIV] = HL_truediv,
    [BIN_FLOORDIV] = HL_floordiv, [BIN_MOD] = HL_mod,
    [BIN_POW] = HL_pow,         [BIN_LSHIFT] = HL_lshift,
    [BIN_RSHIFT] = HL_rshift,   [BIN_BITAND] = HL_and_,
    [BIN_BITOR] = HL_or_,       [BIN_BITXOR] = HL_xor,
};

static const HlOp inplace_binops[BIN_COUNT] = {
    [BIN_ADD] = HL_inplace_add,           [BIN_SUB] = HL_inplace_sub,
    [BIN_MUL] = HL_inplace_mul,           [BIN_DIV] = HL_inplace_truediv,
    [BIN_FLOORDIV] = HL_inplace_floordiv, [BIN_MOD] = HL_inplace_mod,
    [BIN_POW] = HL_inplace_pow,           [BIN_LSHIFT] = HL_inplace_lshift,
    [BIN_RSHIFT] = HL_inplace_rshift,     [BIN_BITAND] = HL_inplace_and,
    [BIN_BITOR] = HL_inplace_or,          [BIN_BITXOR] = HL_inplace_xor,
};

HlOp fx_binop(BinOp op, bool inplace) {
  return inplace ? inplace_binops[op] : binops[op];
}

/* a + b + c ... : the left spine iteratively (long chains are common). */
static Value *binop_chain(FB *b, Node *e) {
  uint32_t n = 0;
  for (Node *p = e; p->kind == AST_BINOP; p = p->u.bin.left) n++;
  Node **spine = arena_alloc_array(&b->scratch, n, sizeof(Node *));
  Node *p = e;
  for (uint32_t i = 0; i < n; i++, p = p->u.bin.left) spine[i] = p;
  Value *acc = fx_expr(b, p);
  for (uint32_t i = n; i-- > 0;) {
    Value *r = fx_expr(b, spine[i]->u.bin.right);
    acc = fb_op2(b, binops[spine[i]->op], acc, r, spine[i]->loc);
  }
  return acc;
}

/* a.b.c ... : the attribute spine iteratively. */
static Value *attr_chain(FB *b, Node *e) {
  uint32_t n = 0;
  for (Node *p = e; p->kind == AST_ATTR; p = p->u.attr.value) n++;
  Node **spine = arena_alloc_array(&b->scratch, n, sizeof(Node *));
  Node *p = e;
  for (uint32_t i = 0; i < n; i++, p = p->u.attr.value) spine[i] = p;
  Value *acc = fx_expr(b, p);
  for (uint32_t i = n; i-- > 0;)
    acc = fb_op2(b, HL_getattr, acc, fb_str(b, spine[i]->u.attr.attr),
                 spine[i]->loc);
  return acc;
}

static Value *unary(FB *b, Node *e) {
  Node *x = e->u.unary.operand;
  if (e->op == UN_NEG && x->kind == AST_INT)
    return fb_int(b, x->u.num.big ? INT64_MIN : (int64_t)(0 - (uint64_t)x->u.num.v));
  if (e->op == UN_NEG && x->kind == AST_FLOAT) return const_float(b->A, -x->u.fnum.v);
  static const HlOp ops[] = {[UN_NEG] = HL_neg, [UN_POS] = HL_pos,
                             [UN_INVERT] = HL_invert, [UN_NOT] = HL_not_};
  return fb_op1(b, ops[e->op], fx_expr(b, x), e->loc);
}

static Value *cmp_op(FB *b, CmpOp op, Value *l, Value *r, Loc loc) {
  static const HlOp ops[] = {[CMP_LT] = HL_lt, [CMP_LE] = HL_le, [CMP_EQ] = HL_eq,
                             [CMP_NE] = HL_ne, [CMP_GT] = HL_gt, [CMP_GE] = HL_ge};
  switch (op) {
  case CMP_IS: return fb_op2(b, HL_is_, l, r, loc);
  case CMP_ISNOT: return fb_op1(b, HL_not_, fb_op2(b, HL_is_, l, r, loc), loc);
  case CMP_IN: return fb_op2(b, HL_contains, r, l, loc);
  case CMP_NOTIN:
    return fb_op1(b, HL_not_, fb_op2(b, HL_contains, r, l, loc), loc);
  default: return fb_op2(b, ops[op], l, r, loc);
  }
}

/* a < b < c: each middle operand once; stops at the first false result. */
static Value *compare_value(FB *b, Node *e) {
  NodeList cs = e->u.cmp.comparators;
  Value *l = fx_expr(b, e->u.cmp.left);
  Node *ln = e->u.cmp.left;
  Join done = {0};
  for (uint32_t i = 0; i < cs.len; i++) {
    Value *r = fx_expr(b, cs.items[i]);
    Loc loc = loc_span(ln->loc, cs.items[i]->loc);
    Value *res = cmp_op(b, (CmpOp)e->u.cmp.ops[i], l, r, loc);
    if (cs.len == 1) return res;
    if (i + 1 == cs.len) {
      fb_goto_x(b, &done, res);
      break;
    }
    Join more = {0};
    fb_branch_x(b, fb_op1(b, HL_is_true, res, loc), &done, res, &more, NULL);
    fb_start(b, &more, 0, NULL);
    l = r;
    ln = cs.items[i];
  }
  Value *out;
  return fb_start(b, &done, 1, &out) ? out : fb_none(b);
}

static Value *boolop_value(FB *b, Node *e) {
  Value *v = fx_expr(b, e->u.bin.left);
  Value *t = fb_op1(b, HL_is_true, v, e->loc);
  Join done = {0}, right = {0};
  if (e->op == BOOL_AND) fb_branch_x(b, t, &done, v, &right, NULL);
  else fb_branch_x(b, t, &right, NULL, &done, v);
  if (fb_start(b, &right, 0, NULL)) fb_goto_x(b, &done, fx_expr(b, e->u.bin.right));
  Value *out;
  return fb_start(b, &done, 1, &out) ? out : fb_none(b);
}

static Value *ifexp_value(FB *b, Node *e) {
  Join jt = {0}, jf = {0}, done = {0};
  fx_cond(b, e->u.ifexp.test, &jt, &jf);
  if (fb_start(b, &jt, 0, NULL)) fb_goto_x(b, &done, fx_expr(b, e->u.ifexp.body));
  if (fb_start(b, &jf, 0, NULL)) fb_goto_x(b, &done, fx_expr(b, e->u.ifexp.orelse));
  Value *out;
  return fb_start(b, &done, 1, &out) ? out : fb_none(b);
}

static Value **eval_list(FB *b, NodeList l, uint32_t extra) {
  Value **vs = arena_alloc_array(&b->scratch, l.len + extra + 1, sizeof(Value *));
  for (uint32_t i = 0; i < l.len; i++) vs[extra + i] = fx_expr(b, l.items[i]);
  return vs;
}

static Value *call_value(FB *b, Node *e) {
  NodeList kws = e->u.call.keywords;
  uint32_t npos = e->u.call.args.len, nkw = kws.len;
  Value *f = fx_expr(b, e->u.call.func);
  uint32_t skip = nkw ? 2 : 1;
  Value **args = eval_list(b, e->u.call.args, skip);
  args[0] = f;
  if (!nkw) return fb_op(b, HL_simple_call, npos + 1, args, e->loc);
  Value **all = arena_alloc_array(&b->scratch, npos + nkw + 2, sizeof(Value *));
  memcpy(all, args, (npos + 2) * sizeof(Value *));
  CallShape *shape = arena_alloc(b->A, sizeof *shape);
  shape->npos = npos;
  shape->nkw = nkw;
  shape->kwnames = arena_alloc_array(b->A, nkw, sizeof(const char *));
  for (uint32_t i = 0; i < nkw; i++) {
    Node *k = kws.items[i];
    shape->kwnames[i] = k->u.kw.arg ? k->u.kw.arg : "**";
    all[2 + npos + i] = fx_expr(b, k->u.kw.value);
  }
  all[1] = const_shape(b->A, shape);
  return fb_op(b, HL_call_args, npos + nkw + 2, all, e->loc);
}

/* A step RL accepts: the literal 1 or None (both mean no step). */
static bool slice_step_is_one(const Node *step) {
  return step->kind == AST_NONE || (step->kind == AST_INT && step->u.num.v == 1);
}

/* Slice bounds; reports a step other than 1. */
void fx_slice(FB *b, Node *s, Value **lo, Value **hi) {
  if (s->u.slice.step && !slice_step_is_one(s->u.slice.step))
    fb_error(b, s->u.slice.step->loc,
               "slice steps other than 1 are not supported in RL");
  *lo = s->u.slice.lower ? fx_expr(b, s->u.slice.lower) : fb_none(b);
  *hi = s->u.slice.upper ? fx_expr(b, s->u.slice.upper) : fb_none(b);
}

static Value *subscript_value(FB *b, Node *e) {
  Value *v = fx_expr(b, e->u.sub.value);
  Node *ix = e->u.sub.index;
  if (ix->kind != AST_SLICE)
    return fb_op2(b, HL_getitem, v, fx_expr(b, ix), e->loc);
  Value *lo, *hi;
  fx_slice(b, ix, &lo, &hi);
  return fb_op3(b, HL_getslice, v, lo, hi, e->loc);
}

static Value *seq_value(FB *b, Node *e, HlOp op) {
  NodeList l = e->u.seq.elts;
  return fb_op(b, op, l.len, eval_list(b, l, 0), e->loc);
}

static Value *dict_value(FB *b, Node *e) {
  uint32_t n = e->u.dict.keys.len;
  Value **args = arena_alloc_array(&b->scratch, 2 * n + 1, sizeof(Value *));
  for (uint32_t i = 0; i < n; i++) {
    args[2 * i] = fx_expr(b, e->u.dict.keys.items[i]);
    args[2 * i + 1] = fx_expr(b, e->u.dict.values.items[i]);
  }
  return fb_op(b, HL_newdict, 2 * n, args, e->loc);
}

/* ---- list comprehensions ---------------------------------------------------- */
static void comp_declare(void *ctx, const char *name, Node *stmt, Node *where) {
  FB *b = ctx;
  (void)stmt;
  (void)where;
  CompVar cv = {name, fb_slot_push(b, name)};
  vecm_push(b->comp, cv);
}

/* Generator i of a comprehension; `it` is given for the first one (its
 * iterable is evaluated in the enclosing scope, before the list exists). */
static void comp_gen(FB *b, Node *e, uint32_t i, Value *it, Value *l) {
  Node *gen = e->u.comp.gens.items[i];
  if (!it) it = fb_op1(b, HL_iter, fx_expr(b, gen->u.gen.iter), gen->u.gen.iter->loc);
  Loop L;
  Join done = {0}, skip = {0};
  fb_loop_enter(b, &L, NULL, 0);
  fs_assign(b, gen->u.gen.target, fb_next(b, it, gen->u.gen.target->loc, &done));
  for (uint32_t k = 0; k < gen->u.gen.ifs.len; k++) {
    Join jt = {0};
    fx_cond(b, gen->u.gen.ifs.items[k], &jt, &skip);
    fb_start(b, &jt, 0, NULL);
  }
  if (i + 1 < e->u.comp.gens.len) {
    if (b->cur) comp_gen(b, e, i + 1, NULL, l);
  } else if (b->cur) {
    Value *v = fx_expr(b, e->u.comp.elt);
    Value *app = fb_op2(b, HL_getattr, l, fb_str(b, "append"), e->loc);
    fb_op2(b, HL_simple_call, app, v, e->loc);
  }
  fb_loop_back(b, &L);
  if (fb_start(b, &skip, 0, NULL)) fb_loop_back(b, &L);
  fb_start(b, &done, 0, NULL);
}

static Value *listcomp_value(FB *b, Node *e) {
  NodeList gens = e->u.comp.gens;
  if (!gens.len) return fb_op(b, HL_newlist, 0, NULL, e->loc);
  Node *iter0 = gens.items[0]->u.gen.iter;
  Value *first = fb_op1(b, HL_iter, fx_expr(b, iter0), iter0->loc);
  Value *l = fb_op(b, HL_newlist, 0, NULL, e->loc);
  uint32_t base = b->nslots;
  unsigned cbase = b->comp.len;
  for (uint32_t i = 0; i < gens.len; i++)
    scope_target_names(gens.items[i]->u.gen.target, comp_declare, b, e);
  comp_gen(b, e, 0, first, l);
  b->comp.len = cbase;
  fb_slot_pop(b, base);
  return l;
}

/* ---- dispatch ------------------------------------------------------------------- */
static Value *const_value(FB *b, Node *e) {
  switch ((AstKind)e->kind) {
  case AST_INT: return fb_int(b, e->u.num.big ? INT64_MIN : e->u.num.v);
  case AST_FLOAT: return const_float(b->A, e->u.fnum.v);
  case AST_STR: return const_str(b->A, e->u.str.s, e->u.str.len);
  case AST_TRUE: return fb_bool(b, true);
  case AST_FALSE: return fb_bool(b, false);
  default: return fb_none(b);
  }
}

static Value *expr_dispatch(FB *b, Node *e) {
  switch ((AstKind)e->kind) {
  case AST_NAME: return fb_load(b, e->u.name.id, e->loc);
  case AST_INT: case AST_FLOAT: case AST_STR: case AST_NONE: case AST_TRUE:
  case AST_FALSE:
    return const_value(b, e);
  case AST_BINOP: return binop_chain(b, e);
  case AST_UNARYOP: return unary(b, e);
  case AST_BOOLOP: return boolop_value(b, e);
  case AST_COMPARE: return compare_value(b, e);
  case AST_IFEXP: return ifexp_value(b, e);
  case AST_CALL: return call_value(b, e);
  case AST_ATTR: return attr_chain(b, e);
  case AST_SUBSCRIPT: return subscript_value(b, e);
  case AST_LIST: return seq_value(b, e, HL_newlist);
  case AST_TUPLE: return seq_value(b, e, HL_newtuple);
  case AST_DICT: return dict_value(b, e);
  case AST_LISTCOMP: return listcomp_value(b, e);
  default: break;
  }
  fb_error(b, e->loc, "%s is not supported in RL here",
             ast_kind_name((AstKind)e->kind));
  return fb_none(b);
}

Value *fx_expr(FB *b, Node *e) {
  if (!fb_enter(b, e->loc)) return fb_none(b);
  b->depth++;
  Value *v = expr_dispatch(b, e);
  b->depth--;
  return v;
}

/* ---- conditions ---------------------------------------------------------------- */
static void cond_compare(FB *b, Node *e, Join *jt, Join *jf) {
  NodeList cs = e->u.cmp.comparators;
  Value *l = fx_expr(b, e->u.cmp.left);
  Node *ln = e->u.cmp.left;
  for (uint32_t i = 0; i < cs.len && b->cur; i++) {
    Value *r = fx_expr(b, cs.items[i]);
    Loc loc = loc_span(ln->loc, cs.items[i]->loc);
    Value *t = fb_op1(b, HL_is_true, cmp_op(b, (CmpOp)e->u.cmp.ops[i], l, r, loc), loc);
    if (i + 1 == cs.len) {
      fb_branch(b, t, jf, jt);
      return;
    }
    Join more = {0};
    fb_branch(b, t, jf, &more);
    fb_start(b, &more, 0, NULL);
    l = r;
    ln = cs.items[i];
  }
}

static void cond_dispatch(FB *b, Node *e, Join *jt, Join *jf) {
  Join mid = {0};
  if (e->kind == AST_BOOLOP) {
    if (e->op == BOOL_AND) fx_cond(b, e->u.bin.left, &mid, jf);
    else fx_cond(b, e->u.bin.left, jt, &mid);
    if (fb_start(b, &mid, 0, NULL)) fx_cond(b, e->u.bin.right, jt, jf);
  } else if (e->kind == AST_UNARYOP && e->op == UN_NOT) {
    fx_cond(b, e->u.unary.operand, jf, jt);
  } else if (e->kind == AST_COMPARE && e->u.cmp.comparators.len > 1) {
    cond_compare(b, e, jt, jf);
  } else {
    Value *v = fx_expr(b, e);
    fb_branch(b, fb_op1(b, HL_is_true, v, e->loc), jf, jt);
  }
}

void fx_cond(FB *b, Node *e, Join *jt, Join *jf) {
  if (!b->cur) return;
  if (!fb_enter(b, e->loc)) {
    fb_goto(b, jf);
    return;
  }
  b->depth++;
  cond_dispatch(b, e, jt, jf);
  b->depth--;
}
