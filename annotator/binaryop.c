/* binaryop.c — rules for binary operators: arithmetic (and its in-place
 * forms), comparisons, `is`, `in`.
 *
 * Python's result types: int op int is an int (`/` a float), a float on
 * either side gives a float, bools count as ints; str + str, str * int,
 * str % args, list + list, list * int, tuple + tuple. r_uint wins over int;
 * bool & | ^ bool is a bool.
 * Comparisons of constants fold (the frontend's tuple-unpacking length
 * check relies on it); `x is None` narrows x on the switch it feeds. */
#include <string.h>

#include "annint.h"

typedef enum Arith { AR_ADD, AR_SUB, AR_MUL, AR_TRUEDIV, AR_FLOORDIV, AR_MOD, AR_POW,
                     AR_LSHIFT, AR_RSHIFT, AR_AND, AR_OR, AR_XOR } Arith;

static Arith arith_of(HlOp op, bool *inplace) {
  *inplace = op >= HL_inplace_add && op <= HL_inplace_xor;
  if (*inplace) return (Arith)(op - HL_inplace_add);
  return (Arith)(op - HL_add);
}
_Static_assert(HL_xor - HL_add == AR_XOR && HL_inplace_xor - HL_inplace_add == AR_XOR,
               "hlops.def: arithmetic ops in Arith order");

static const char *const verbs[] = {"add", "subtract", "multiply", "divide",
                                    "floor-divide", "take the modulo of", "raise",
                                    "shift", "shift", "and", "or", "xor"};

static bool is_num(const Ann *a) {
  return a->kind == ANN_INT || a->kind == ANN_BOOL || a->kind == ANN_FLOAT;
}
static bool is_intlike(const Ann *a) { return a->kind == ANN_INT || a->kind == ANN_BOOL; }
static bool is_str(const Ann *a) { return a->kind == ANN_STR || a->kind == ANN_CHAR; }
static bool nonneg(const Ann *a) {
  return a->kind == ANN_BOOL || (a->kind == ANN_INT && (a->flags & AF_NONNEG));
}

static Ann *int_arith(Annotator *AN, Op *op, Arith k, Ann *a, Ann *b) {
  if (k == AR_TRUEDIV) return ann_float(AN, op->loc);
  if (a->kind == ANN_BOOL && b->kind == ANN_BOOL && (k == AR_AND || k == AR_OR || k == AR_XOR))
    return ann_bool(AN, op->loc);   /* True & False is False, a bool */
  unsigned f = 0;
  if ((a->flags | b->flags) & AF_UNSIGNED) f = AF_UNSIGNED;
  if ((k == AR_LSHIFT || k == AR_RSHIFT) && a->kind == ANN_INT) f = a->flags & AF_UNSIGNED;
  bool nn = nonneg(a) && nonneg(b);
  switch (k) {
  case AR_ADD: case AR_MUL: case AR_FLOORDIV: case AR_MOD: case AR_OR: case AR_XOR:
  case AR_POW:
    if (nn) f |= AF_NONNEG;
    break;
  case AR_RSHIFT: if (nonneg(a)) f |= AF_NONNEG; break;
  case AR_AND: if (nonneg(a) || nonneg(b)) f |= AF_NONNEG; break;
  default: break;
  }
  return ann_int(AN, f, op->loc);
}

static bool format_args_ok(Annotator *AN, Ann *args, Loc loc) {
  if (args->kind == ANN_TUPLE) {
    for (uint32_t i = 0; i < args->n; i++)
      if (!ann_str_of_ok(AN, args->u.items[i], loc, "formatting")) return false;
    return true;
  }
  return ann_str_of_ok(AN, args, loc, "formatting");
}

static Ann *list_concat(Annotator *AN, Op *op, Ann *a, Ann *b) {
  ListDef *ld = ann_site_listdef(AN, op, 0, ann_listdef_read(AN, a->u.list));
  ann_listdef_generalize(AN, ld, ann_listdef_read(AN, b->u.list), op->loc);
  ann_listdef_resize(AN, ld);
  /* the operands' items generalize to the result's (RPython's offspring):
   * the rtyper copies items between the three lists as they are */
  Ann *item = ann_listdef_read(AN, ld);
  ann_listdef_generalize(AN, a->u.list, item, op->loc);
  ann_listdef_generalize(AN, b->u.list, item, op->loc);
  return ann_list(AN, ld, op->loc);
}

static Ann *list_inplace(Annotator *AN, Op *op, Arith k, Ann *a, Ann *b) {
  ListDef *ld = ann_listdef(a->u.list);
  if (k == AR_ADD) {
    Ann *item = ann_iter_item(AN, b, op->loc);
    if (item->kind == ANN_IMPOSSIBLE && b->kind != ANN_LIST) return item;
    ann_listdef_generalize(AN, ld, item, op->loc);
  }
  ann_listdef_resize(AN, ld);
  return a;
}

static Ann *tuple_concat(Annotator *AN, Op *op, Ann *a, Ann *b) {
  Ann **items = arena_alloc_array(AN->A, a->n + b->n + 1, sizeof(Ann *));
  memcpy(items, a->u.items, a->n * sizeof(Ann *));
  memcpy(items + a->n, b->u.items, b->n * sizeof(Ann *));
  return ann_tuple(AN, a->n + b->n, items, op->loc);
}

static Ann *seq_arith(Annotator *AN, Op *op, Arith k, bool inplace, Ann *a, Ann *b) {
  if (k == AR_ADD && is_str(a) && is_str(b)) return ann_str(AN, false, op->loc);
  if (k == AR_MUL && is_str(a) && is_intlike(b)) return ann_str(AN, false, op->loc);
  if (k == AR_MUL && is_intlike(a) && is_str(b)) return ann_str(AN, false, op->loc);
  if (k == AR_MOD && is_str(a))
    return format_args_ok(AN, b, op->loc) ? ann_str(AN, false, op->loc) : ann_impossible();
  if (a->kind == ANN_LIST && inplace && (k == AR_ADD || k == AR_MUL))
    return list_inplace(AN, op, k, a, b);
  if (k == AR_ADD && a->kind == ANN_LIST && b->kind == ANN_LIST)
    return list_concat(AN, op, a, b);
  if (k == AR_MUL && a->kind == ANN_LIST && is_intlike(b)) {
    ListDef *ld = ann_site_listdef(AN, op, 0, ann_listdef_read(AN, a->u.list));
    /* [None] * n or [Sub()] * n becoming a list of Base: the operand's item
     * generalizes too, since ll_list_mul copies items as they are */
    ann_listdef_generalize(AN, a->u.list, ann_listdef_read(AN, ld), op->loc);
    return ann_list(AN, ld, op->loc);
  }
  if (k == AR_ADD && a->kind == ANN_TUPLE && b->kind == ANN_TUPLE)
    return tuple_concat(AN, op, a, b);
  return NULL;
}

/* A dict view has no + or * (`l += d.keys()` extends l, as Python does). */
static bool views_ok(Annotator *AN, Op *op, Arith k, bool inplace, Ann *a, Ann *b) {
  if (k != AR_ADD && k != AR_MUL) return true;
  const char *what = k == AR_ADD ? "'+' on" : "'*' on";
  bool extend = inplace && k == AR_ADD && a->kind == ANN_LIST;
  return ann_view_use(AN, a, op->loc, what, VU_TOP) &&
         (extend || ann_view_use(AN, b, op->loc, what, VU_TOP));
}

Ann *ann_rule_arith(Annotator *AN, Op *op, Ann **args) {
  bool inplace;
  Arith k = arith_of((HlOp)op->opc, &inplace);
  Ann *a = args[0], *b = args[1];
  if (is_intlike(a) && is_intlike(b)) return int_arith(AN, op, k, a, b);
  if (is_num(a) && is_num(b)) {
    if (k >= AR_LSHIFT) {
      ann_error(AN, op->loc, "cannot %s float values", verbs[k]);
      return ann_impossible();
    }
    return ann_float(AN, op->loc);
  }
  if (!views_ok(AN, op, k, inplace, a, b)) return ann_impossible();
  Ann *r = seq_arith(AN, op, k, inplace, a, b);
  if (r) return r;
  ann_error(AN, op->loc, "cannot %s %s and %s", verbs[k], ann_describe(AN, a),
            ann_describe(AN, b));
  return ann_impossible();
}

/* ---- comparisons ---------------------------------------------------------------- */
static int cmp_consts(const Ann *a, const Ann *b, bool *ok) {
  *ok = false;
  if (!(a->flags & b->flags & AF_CONST)) return 0;
  if (is_intlike(a) && is_intlike(b)) {
    *ok = true;
    return (a->c.i > b->c.i) - (a->c.i < b->c.i);
  }
  if (is_str(a) && is_str(b)) {
    *ok = true;
    uint32_t n = a->c.s.len < b->c.s.len ? a->c.s.len : b->c.s.len;
    int c = memcmp(a->c.s.p, b->c.s.p, n);
    if (c) return c < 0 ? -1 : 1;
    return (a->c.s.len > b->c.s.len) - (a->c.s.len < b->c.s.len);
  }
  return 0;
}

static bool orderable(const Ann *a, const Ann *b) {
  if (is_num(a) && is_num(b)) return true;
  if (is_str(a) && is_str(b)) return true;
  if (a->kind == ANN_TUPLE && b->kind == ANN_TUPLE) return true;
  if (a->kind == ANN_LIST && b->kind == ANN_LIST) return true;
  return false;
}

Ann *ann_rule_compare(Annotator *AN, Op *op, Ann **args) {
  Ann *a = args[0], *b = args[1];
  bool eqop = op->opc == HL_eq || op->opc == HL_ne;
  if (!ann_view_use(AN, a, op->loc, "comparing", VU_DEEP) ||
      !ann_view_use(AN, b, op->loc, "comparing", VU_DEEP))
    return ann_impossible();
  if (!eqop && !orderable(a, b)) {
    static const char *const sym[] = {"<", "<=", "==", "!=", ">", ">="};
    ann_error(AN, op->loc, "cannot compare %s and %s with '%s'", ann_describe(AN, a),
              ann_describe(AN, b), sym[op->opc - HL_lt]);
    return ann_impossible();
  }
  bool ok;
  int c = cmp_consts(a, b, &ok);
  if (!ok) return ann_bool(AN, op->loc);
  bool r = false;
  switch (op->opc) {
  case HL_lt: r = c < 0; break;
  case HL_le: r = c <= 0; break;
  case HL_eq: r = c == 0; break;
  case HL_ne: r = c != 0; break;
  case HL_gt: r = c > 0; break;
  default: r = c >= 0; break;
  }
  return ann_bool_const(AN, r, op->loc);
}

/* ---- is ------------------------------------------------------------------------------ */
static Ann *is_none(Annotator *AN, Op *op, Value *var, Ann *s) {
  if (s->kind == ANN_NONE) return ann_bool_const(AN, true, op->loc);
  if (!(s->flags & AF_NULL)) return ann_bool_const(AN, false, op->loc);
  Ann *r = ann_bool(AN, op->loc);
  if (var->kind != VAL_VAR) return r;
  KnownTypes *k = arena_alloc(AN->A, sizeof *k);
  k->var = var;
  k->if_true = ann_none(AN, op->loc);
  k->if_false = ann_nonnull(AN, s);
  r->u.ktd = k;
  return r;
}

Ann *ann_rule_is(Annotator *AN, Op *op, Ann **args) {
  if (args[1]->kind == ANN_NONE) return is_none(AN, op, op->args[0], args[0]);
  if (args[0]->kind == ANN_NONE) return is_none(AN, op, op->args[1], args[1]);
  return ann_bool(AN, op->loc);
}

/* ---- in ------------------------------------------------------------------------------ */
Ann *ann_rule_contains(Annotator *AN, Op *op, Ann **args) {
  Ann *c = args[0], *x = args[1];
  /* `x in d.keys()` is fine; comparing x with views is not */
  if (!ann_view_use(AN, x, op->loc, "comparing", VU_DEEP) ||
      !ann_view_use(AN, c, op->loc, "comparing", VU_ITEMS))
    return ann_impossible();
  switch ((AnnKind)c->kind) {
  case ANN_STR: case ANN_CHAR:
    if (is_str(x)) return ann_bool(AN, op->loc);
    break;
  case ANN_LIST: ann_listdef_lookup(AN, c->u.list, x, op->loc); return ann_bool(AN, op->loc);
  case ANN_DICT: ann_dictdef_lookup(AN, c->u.dict, x, op->loc); return ann_bool(AN, op->loc);
  case ANN_TUPLE: case ANN_RANGE: return ann_bool(AN, op->loc);
  default: break;
  }
  ann_error(AN, op->loc, "'in' is not supported for %s in %s", ann_describe(AN, x),
            ann_describe(AN, c));
  return ann_impossible();
}
