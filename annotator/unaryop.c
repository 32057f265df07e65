/* unaryop.c — rules for unary operators, truth tests, iteration and the
 * raise helpers (`type`, `exc_instance`).
 *
 * Truth tests keep what a condition knows: is_true of a BOOL is that BOOL
 * (with its KnownTypes), `not` swaps the two narrowed annotations, and a
 * truth test of a nullable instance or string narrows it to non-None. */
#include "annint.h"

static const char *article(const char *w) {
  return (w[0] == 'a' || w[0] == 'e' || w[0] == 'i' || w[0] == 'o' || w[0] == 'u')
             ? "an" : "a";
}

Ann *ann_rule_unary(Annotator *AN, Op *op, Ann **args) {
  Ann *a = args[0];
  if (a->kind == ANN_INT || a->kind == ANN_BOOL) {
    unsigned f = a->kind == ANN_INT ? (a->flags & AF_UNSIGNED) : 0;
    if (op->opc == HL_pos && (a->flags & AF_NONNEG)) f |= AF_NONNEG;
    return ann_int(AN, f, op->loc);
  }
  if (a->kind == ANN_FLOAT && op->opc != HL_invert) return ann_float(AN, op->loc);
  static const char *const sym[] = {"-", "+", "~"};
  ann_error(AN, op->loc, "unary '%s' of %s %s is not supported", sym[op->opc - HL_neg],
            article(ann_describe(AN, a)), ann_describe(AN, a));
  return ann_impossible();
}

static KnownTypes *swap(Annotator *AN, const KnownTypes *k) {
  if (!k) return NULL;
  KnownTypes *s = arena_alloc(AN->A, sizeof *s);
  s->var = k->var;
  s->if_true = k->if_false;
  s->if_false = k->if_true;
  return s;
}

/* bool(a) as an annotation; `var` is the tested Value. */
static Ann *truth(Annotator *AN, Op *op, Value *var, Ann *a) {
  switch ((AnnKind)a->kind) {
  case ANN_BOOL: return a;
  case ANN_NONE: return ann_bool_const(AN, false, op->loc);
  case ANN_INT:
    if (a->flags & AF_CONST) return ann_bool_const(AN, a->c.i != 0, op->loc);
    return ann_bool(AN, op->loc);
  case ANN_INSTANCE: case ANN_PBC: case ANN_TYPE: case ANN_BUILTIN: case ANN_STR:
  case ANN_CHAR: case ANN_LIST: case ANN_DICT: {
    bool always = a->kind == ANN_INSTANCE || a->kind == ANN_PBC || a->kind == ANN_TYPE ||
                  a->kind == ANN_BUILTIN || a->kind == ANN_CHAR;
    if (always && !(a->flags & AF_NULL)) return ann_bool_const(AN, true, op->loc);
    Ann *r = ann_bool(AN, op->loc);
    if ((a->flags & AF_NULL) && var->kind == VAL_VAR) {
      KnownTypes *k = arena_alloc(AN->A, sizeof *k);
      k->var = var;
      k->if_true = ann_nonnull(AN, a);
      k->if_false = a;
      r->u.ktd = k;
    }
    return r;
  }
  case ANN_FLOAT: case ANN_TUPLE: case ANN_RANGE: return ann_bool(AN, op->loc);
  default:
    ann_error(AN, op->loc, "the truth value of %s is not supported", ann_describe(AN, a));
    return ann_impossible();
  }
}

Ann *ann_rule_truth(Annotator *AN, Op *op, Ann **args) {
  Ann *t = truth(AN, op, op->args[0], args[0]);
  if (op->opc == HL_is_true || t->kind != ANN_BOOL) return t;
  if (t->flags & AF_CONST) return ann_bool_const(AN, !t->c.i, op->loc);
  Ann *r = ann_bool(AN, op->loc);
  r->u.ktd = swap(AN, t->u.ktd);
  return r;
}

/* ---- iteration ------------------------------------------------------------------ */
static Ann *make_iter(Annotator *AN, IterKind k, Ann *a, Ann *b, Loc o) {
  Ann *it = ann_new_kind(AN, ANN_ITER, o);
  it->sub = (uint8_t)k;
  it->u.it.a = a;
  it->u.it.b = b;
  return it;
}

/* The union of a tuple's items, NULL when they do not unify. */
static Ann *tuple_item(Annotator *AN, Ann *t) {
  Ann *r = ann_impossible();
  for (uint32_t i = 0; i < t->n && r; i++) r = ann_union(AN, r, t->u.items[i]);
  return r;
}

static Ann *iter_of(Annotator *AN, Ann *a, Loc loc) {
  switch ((AnnKind)a->kind) {
  case ANN_LIST: return make_iter(AN, IT_LIST, ann_nonnull(AN, a), NULL, loc);
  case ANN_STR: case ANN_CHAR: return make_iter(AN, IT_STR, ann_str(AN, false, loc), NULL, loc);
  case ANN_DICT: return make_iter(AN, IT_DICT, ann_nonnull(AN, a), NULL, loc);
  case ANN_RANGE: return make_iter(AN, IT_RANGE, a, NULL, loc);
  case ANN_TUPLE:
    if (!tuple_item(AN, a)) {
      Ann *r = ann_impossible();
      uint32_t i = 0;
      for (Ann *u; i < a->n && (u = ann_union(AN, r, a->u.items[i])); i++) r = u;
      ann_error(AN, loc, "cannot iterate over a tuple whose items are both %s and %s (RL "
                "iterates over tuples of one type)", ann_describe(AN, r),
                ann_describe(AN, a->u.items[i < a->n ? i : 0]));
      return ann_impossible();
    }
    return make_iter(AN, IT_TUPLE, a, NULL, loc);
  case ANN_ITER: return a;
  default:
    ann_error(AN, loc, "cannot iterate over %s", ann_describe(AN, a));
    return ann_impossible();
  }
}

Ann *ann_iter_item(Annotator *AN, Ann *it, Loc loc) {
  if (it->kind != ANN_ITER) it = iter_of(AN, it, loc);
  if (it->kind != ANN_ITER) return it;
  Ann *a = it->u.it.a;
  switch ((IterKind)it->sub) {
  case IT_LIST: case IT_REVERSED: return ann_listdef_read(AN, a->u.list);
  case IT_STR: return ann_char(AN, loc);
  case IT_DICT: return ann_dictdef_key(AN, a->u.dict);
  case IT_RANGE: return ann_int(AN, a->flags & AF_NONNEG, loc);
  case IT_TUPLE: {   /* iter_of checked that the items unify */
    Ann *r = tuple_item(AN, a);
    return r ? r : ann_impossible();
  }
  case IT_ENUMERATE: {
    Ann *items[2] = {ann_int(AN, AF_NONNEG, loc), ann_iter_item(AN, a, loc)};
    if (items[1]->kind == ANN_IMPOSSIBLE) return items[1];
    return ann_tuple(AN, 2, items, loc);
  }
  case IT_ZIP: {
    Ann *items[2] = {ann_iter_item(AN, a, loc), ann_iter_item(AN, it->u.it.b, loc)};
    if (items[0]->kind == ANN_IMPOSSIBLE || items[1]->kind == ANN_IMPOSSIBLE)
      return ann_impossible();
    return ann_tuple(AN, 2, items, loc);
  }
  }
  return ann_impossible();
}

Ann *ann_rule_iter(Annotator *AN, Op *op, Ann **args) {
  return iter_of(AN, args[0], op->loc);
}

Ann *ann_rule_next(Annotator *AN, Op *op, Ann **args) {
  if (args[0]->kind != ANN_ITER) {
    ann_error(AN, op->loc, "next() needs an iterator, not %s", ann_describe(AN, args[0]));
    return ann_impossible();
  }
  return ann_iter_item(AN, args[0], op->loc);
}

/* ---- raise -------------------------------------------------------------------------- */
Ann *ann_rule_type(Annotator *AN, Op *op, Ann **args) {
  Ann *a = args[0];
  if (a->kind == ANN_INSTANCE && a->u.cls->is_exception) {
    Ann *t = ann_new_kind(AN, ANN_TYPE, op->loc);
    t->u.cls = a->u.cls;
    return t;
  }
  ann_error(AN, op->loc, "exceptions must be instances of BaseException subclasses, not %s",
            ann_describe(AN, a));
  return ann_impossible();
}

Ann *ann_rule_exc_instance(Annotator *AN, Op *op, Ann **args) {
  Ann *a = args[0];
  if (a->kind == ANN_INSTANCE) return a;
  if (a->kind == ANN_PBC && a->n == 1 && a->u.descs[0]->kind == DESC_CLASS) {
    Call c = {.op = op, .loc = op->loc};
    return ann_instantiate(AN, &c, a->u.descs[0]->u.cls);
  }
  ann_error(AN, op->loc, "exceptions must be instances of BaseException subclasses, not %s",
            ann_describe(AN, a));
  return ann_impossible();
}

Ann *ann_len_of(Annotator *AN, Ann *a, Loc loc) {
  switch ((AnnKind)a->kind) {
  case ANN_CHAR: return ann_int_const(AN, 1, loc);
  case ANN_STR:
    if (a->flags & AF_CONST) return ann_int_const(AN, a->c.s.len, loc);
    return ann_int(AN, AF_NONNEG, loc);
  case ANN_TUPLE: return ann_int_const(AN, a->n, loc);
  case ANN_LIST: case ANN_DICT: case ANN_RANGE: return ann_int(AN, AF_NONNEG, loc);
  default: {
    const char *d = ann_describe(AN, a);
    ann_error(AN, loc, "len() of %s %s is not supported", article(d), d);
    return ann_impossible();
  }
  }
}
