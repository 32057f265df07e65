/* rtstr.c — strings (Ptr(rpy_string), NULL is None) and chars: indexing,
 * concatenation, slicing, comparisons through runtime helpers; str() and
 * repr() of values; print; %-formatting with a constant format parsed at
 * translation time into appends to a string builder. */
#include <string.h>

#include "../runtime/text/rt_fmt.h"
#include "rtyint.h"

Value *rty_container_str(RTyper *R, Value *v, Repr *r);

static bool is_strish(Repr *r) { return r->kind == RK_STR || r->kind == RK_CHAR; }

static Value *as_str(RTyper *R, Value *v, Repr *r) {
  if (v->kind == VAL_CONST && !v->ll && v->ckind < CONST_LLTYPE) return rty_const(R, v, R->r_str);
  return rty_convert(R, v, r, R->r_str);
}

static LLFunc *str_getitem(RTyper *R) {
  LLFunc *f = lb_cached(R, "str_getitem");
  if (f) return f;
  LLType *ps[2] = {R->F.str_ptr, R->L.signed_};
  LB b = lb_begin(R, "str_getitem", R->L.char_, 2, ps, LLFX_CANRAISE | LLFX_CANMALLOC);
  Value *s = lb_arg(&b, 0), *i = lb_arg(&b, 1);
  Value *n = lb_op2(&b, LLOP_getinteriorarraysize, R->L.signed_, s, rty_cname(R, "chars"));
  Value *j = lb_checked_index(&b, i, n, "string index out of range");
  lb_return(&b, lb_op3(&b, LLOP_getinteriorfield, R->L.char_, s, rty_cname(R, "chars"), j));
  return lb_end(&b);
}

static LLFunc *bool_str(RTyper *R) {
  LLFunc *f = lb_cached(R, "str_of_bool");
  if (f) return f;
  LLType *ps[1] = {R->L.bool_};
  LB b = lb_begin(R, "str_of_bool", R->F.str_ptr, 1, ps, 0);
  Block *els = lb_if(&b, lb_arg(&b, 0));
  lb_return(&b, rty_cstr(R, "True", 4));
  lb_at(&b, els);
  lb_return(&b, rty_cstr(R, "False", 5));
  return lb_end(&b);
}

Value *rty_to_str(RTyper *R, Value *v, Repr *r, bool repr) {
  switch (r->kind) {
  case RK_STR: return repr ? rty_rcall(R, RTH_str_repr, 1, &v) : v;
  case RK_CHAR: {
    Value *s = rty_rcall(R, RTH_str_from_char, 1, &v);
    return repr ? rty_rcall(R, RTH_str_repr, 1, &s) : s;
  }
  case RK_INT: return rty_rcall(R, RTH_str_of_int, 1, &v);
  case RK_UINT: return rty_rcall(R, RTH_str_of_uint, 1, &v);
  case RK_FLOAT: return rty_rcall(R, RTH_str_of_float, 1, &v);
  case RK_BOOL: return rty_call(R, bool_str(R), 1, &v);
  case RK_VOID: return rty_cstr(R, "None", 4);
  case RK_LIST: case RK_TUPLE: case RK_DICT:
    return rty_container_str(R, v, r);
  case RK_INST:
    if (r->cls->cd->is_exception) {
      /* str(e): the message, '' for none */
      Value *m = rty_getfield(R, v, "message", R->F.str_ptr);
      Value *a[2] = {m, rty_cstr(R, "", 0)};
      return rty_rcall(R, RTH_str_or, 2, a);
    }
    break;
  default: break;
  }
  rty_error(R, R->loc, "str() of this value is not supported by the rtyper yet");
  return rty_cstr(R, "", 0);
}

Value *rty_list_of(RTyper *R, Repr *r, Value *x, Repr *src);   /* rtlist.c */

/* ll_str_index(s, sub, start, end): str.find or ValueError */
static LLFunc *str_index_helper(RTyper *R) {
  LLFunc *f = lb_cached(R, "str_index");
  if (f) return f;
  LLType *S = R->L.signed_, *P = R->F.str_ptr;
  LLType *ps[4] = {P, P, S, S};
  LB b = lb_begin(R, "str_index", S, 4, ps, LLFX_CANRAISE | LLFX_CANMALLOC);
  Value *a[4] = {lb_arg(&b, 0), lb_arg(&b, 1), lb_arg(&b, 2), lb_arg(&b, 3)};
  Value *i = lb_call(&b, rty_rth(R, RTH_str_find), 4, a);
  lb_check(&b, lb_op2(&b, LLOP_int_ge, R->L.bool_, i, rty_cint(R, 0)), "ValueError", "substring not found");
  lb_return(&b, i);
  return lb_end(&b);
}

/* ---- print ------------------------------------------------------------------------------- */

/* A str that may be None as str() shows it ('None' for None). */
Value *rty_str_none_aware(RTyper *R, Value *v, Repr *r, Ann *a) {
  if (r->kind != RK_STR || !a || !(a->flags & AF_NULL)) return v;
  Value *x[2] = {v, rty_cstr(R, "None", 4)};
  return rty_rcall(R, RTH_str_or, 2, x);
}

static void print_value(RTyper *R, Value *v, Repr *r) {
  switch (r->kind) {
  case RK_INT: rty_rcall(R, RTH_print_int, 1, &v); return;
  case RK_FLOAT: rty_rcall(R, RTH_print_float, 1, &v); return;
  case RK_CHAR: rty_rcall(R, RTH_print_char, 1, &v); return;
  case RK_STR: rty_rcall(R, RTH_print_str, 1, &v); return;
  default: {
    Value *s = rty_to_str(R, v, r, false);
    rty_rcall(R, RTH_print_str, 1, &s);
  }
  }
}

static Value *kwarg(Op *op, uint32_t first, const char *name) {
  if (op->opc != HL_call_args) return NULL;
  CallShape *sh = op->args[first]->u.shape;
  for (uint32_t i = 0; i < sh->nkw; i++)
    if (!strcmp(sh->kwnames[i], name)) return op->args[first + 1 + sh->npos + i];
  return NULL;
}

void rty_print(RTyper *R, Op *op, uint32_t first) {
  uint32_t n = op->nargs - first;
  Value **args = op->args + first;
  if (op->opc == HL_call_args) {
    n = op->args[first]->u.shape->npos;
    args = op->args + first + 1;
  }
  Value *sep = kwarg(op, first, "sep"), *end = kwarg(op, first, "end");
  for (uint32_t i = 0; i < n; i++) {
    if (i) {
      if (sep) print_value(R, as_str(R, sep, rty_vrepr(R, sep)), R->r_str);
      else rty_rcall(R, RTH_print_char, 1, (Value *[]){rty_cchar(R, ' ')});
    }
    Value *v = args[i];
    Repr *r = rty_vrepr(R, v);
    if (v->kind == VAL_CONST) v = rty_const(R, v, r);
    else v = rty_str_none_aware(R, v, r, ann_of(args[i]));
    print_value(R, v, r);
  }
  if (end) print_value(R, as_str(R, end, rty_vrepr(R, end)), R->r_str);
  else rty_rcall(R, RTH_print_char, 1, (Value *[]){rty_cchar(R, '\n')});
  rty_done(R, op, NULL);
}

/* ---- % formatting ------------------------------------------------------------------------- */

static void fmt_one(RTyper *R, Value *sb, Value *v, Repr *r, const RtFmtSpec *sp) {
  Value *tail[4] = {rty_cint(R, sp->flags), rty_cint(R, sp->width), rty_cint(R, sp->prec),
                    rty_cint(R, sp->conv)};
  RthId id;
  if (r->kind == RK_INT || r->kind == RK_BOOL) {
    if (r->kind == RK_BOOL && (sp->conv == 's' || sp->conv == 'r')) {
      v = rty_to_str(R, v, r, false);
      id = RTH_fmt_str;
    } else {
      if (r->kind == RK_BOOL) v = rty_op1(R, LLOP_cast_bool_to_int, R->L.signed_, v);
      id = RTH_fmt_int;
    }
  } else if (r->kind == RK_FLOAT) {
    id = RTH_fmt_float;
  } else if (r->kind == RK_UINT) {
    id = RTH_fmt_uint;
  } else if (r->kind == RK_STR || r->kind == RK_CHAR) {
    v = rty_convert(R, v, r, R->r_str);
    id = RTH_fmt_str;
  } else {
    v = rty_to_str(R, v, r, sp->conv == 'r');
    id = RTH_fmt_str;
    tail[3] = rty_cint(R, 's');  /* already converted */
  }
  Value *a[6] = {sb, v, tail[0], tail[1], tail[2], tail[3]};
  rty_rcall(R, id, 6, a);
}

static bool format(RTyper *R, Op *op) {
  Ann *fa = ann_value(R->AN, op->args[0]);
  if (!fa || fa->kind != ANN_STR || !(fa->flags & AF_CONST)) {
    rty_error(R, op->loc, "format strings must be constants in RL");
    return true;
  }
  const char *fmt = fa->c.s.p;
  size_t len = fa->c.s.len;
  Ann *aa = ann_value(R->AN, op->args[1]);
  Repr *ar = rty_vrepr(R, op->args[1]);
  Value *args = rty_arg(R, op, 1);
  bool tuple = aa->kind == ANN_TUPLE;
  Value *cap = rty_cint(R, (int64_t)len + 16);
  Value *sb = rty_rcall(R, RTH_sb_new, 1, &cap);
  size_t pos = 0, lit = 0;
  uint32_t k = 0;
  while (pos < len) {
    if (fmt[pos] != '%') { pos++; continue; }
    if (pos > lit) {
      Value *a[2] = {sb, rty_cstr(R, fmt + lit, (uint32_t)(pos - lit))};
      rty_rcall(R, RTH_sb_append, 2, a);
    }
    RtFmtSpec sp;
    size_t at = pos;
    if (rt_fmt_parse_spec(fmt, len, &pos, &sp) != RT_SPEC_OK ||
        (sp.flags & (RT_FMT_WIDTH_STAR | RT_FMT_PREC_STAR))) {
      rty_error(R, op->loc, "unsupported format at index %zu of the format string", at);
      return true;
    }
    lit = pos;
    if (sp.conv == '%') {
      Value *a[2] = {sb, rty_cchar(R, '%')};
      rty_rcall(R, RTH_sb_append_char, 2, a);
      continue;
    }
    Value *v;
    Repr *vr;
    if (tuple) {
      if (k >= ar->n) { rty_error(R, op->loc, "not enough arguments for format string"); return true; }
      vr = ar->items[k];
      v = vr->kind == RK_VOID ? rty_cvoid(R)
                              : rty_getfield(R, args, arena_printf(R->A, "item%u", k), vr->ll);
    } else {
      v = args;
      vr = ar;
    }
    k++;
    fmt_one(R, sb, v, vr, &sp);
  }
  if (len > lit) {
    Value *a[2] = {sb, rty_cstr(R, fmt + lit, (uint32_t)(len - lit))};
    rty_rcall(R, RTH_sb_append, 2, a);
  }
  rty_done(R, op, rty_rcall(R, RTH_sb_build, 1, &sb));
  return true;
}

/* ---- ops ----------------------------------------------------------------------------------- */


bool rty_str_op(RTyper *R, Op *op) {
  HlOp h = (HlOp)op->opc;
  if (!op->nargs) return false;
  Repr *r0 = rty_argr(R, op, 0);
  if ((h == HL_mul || h == HL_inplace_mul) && op->nargs == 2 && r0->kind == RK_INT &&
      is_strish(rty_argr(R, op, 1))) {  /* n * s */
    Value *a[2] = {as_str(R, rty_arg(R, op, 1), rty_argr(R, op, 1)), rty_arg(R, op, 0)};
    rty_done(R, op, rty_rcall(R, RTH_str_mul, 2, a));
    return true;
  }
  if (!is_strish(r0)) {
    if (h == HL_contains && op->nargs == 2 && is_strish(rty_argr(R, op, 0))) {}
    return false;
  }
  switch (h) {
  case HL_add: case HL_inplace_add: {
    Repr *r1 = rty_argr(R, op, 1);
    if (!is_strish(r1)) return false;
    Value *a[2] = {as_str(R, rty_arg(R, op, 0), r0), as_str(R, rty_arg(R, op, 1), r1)};
    rty_done(R, op, rty_rcall(R, RTH_str_concat, 2, a));
    return true;
  }
  case HL_mul: case HL_inplace_mul: {
    Value *a[2] = {as_str(R, rty_arg(R, op, 0), r0), rty_arg(R, op, 1)};
    rty_done(R, op, rty_rcall(R, RTH_str_mul, 2, a));
    return true;
  }
  case HL_getitem: {
    Value *a[2] = {as_str(R, rty_arg(R, op, 0), r0), rty_arg(R, op, 1)};
    rty_done(R, op, rty_call(R, str_getitem(R), 2, a));
    return true;
  }
  case HL_getslice: {
    Value *s = as_str(R, rty_arg(R, op, 0), r0);
    Value *lo = op->args[1]->ckind == CONST_NONE && op->args[1]->kind == VAL_CONST
                    ? rty_cint(R, 0) : rty_arg(R, op, 1);
    Value *hi = op->args[2]->ckind == CONST_NONE && op->args[2]->kind == VAL_CONST
                    ? rty_cint(R, INT64_MAX) : rty_arg(R, op, 2);
    Value *a[3] = {s, lo, hi};
    rty_done(R, op, rty_rcall(R, RTH_str_slice, 3, a));
    return true;
  }
  case HL_contains: {
    Repr *r1 = rty_argr(R, op, 1);
    Value *a[2] = {as_str(R, rty_arg(R, op, 0), r0), as_str(R, rty_arg(R, op, 1), r1)};
    rty_done(R, op, rty_rcall(R, RTH_str_contains, 2, a));
    return true;
  }
  case HL_mod: case HL_inplace_mod: return format(R, op);
  default: return false;
  }
}

bool rty_str_builtin(RTyper *R, Op *op, BiId id, Value *self, uint32_t n, Value **args) {
  Repr *sr = rty_vrepr(R, self);
  Value *s = as_str(R, self, sr);
  Value *a[4] = {s, NULL, NULL, NULL};
  for (uint32_t i = 0; i < n && i < 3; i++) {
    Repr *r = rty_vrepr(R, args[i]);
    a[i + 1] = is_strish(r) ? as_str(R, args[i], r)
             : args[i]->kind == VAL_CONST ? rty_const(R, args[i], r) : args[i];
  }
  RthId h;
  switch (id) {
  case BI_str_startswith: h = RTH_str_startswith; break;
  case BI_str_endswith: h = RTH_str_endswith; break;
  case BI_str_upper: h = RTH_str_upper; break;
  case BI_str_lower: h = RTH_str_lower; break;
  case BI_str_isdigit: h = RTH_str_isdigit; break;
  case BI_str_isalpha: h = RTH_str_isalpha; break;
  case BI_str_isalnum: h = RTH_str_isalnum; break;
  case BI_str_isspace: h = RTH_str_isspace; break;
  case BI_str_replace: h = RTH_str_replace; break;
  case BI_str_find: case BI_str_rfind: case BI_str_count:
    h = id == BI_str_find ? RTH_str_find : id == BI_str_rfind ? RTH_str_rfind : RTH_str_count;
    if (n < 2) a[2] = rty_cint(R, 0);
    if (n < 3) a[3] = rty_cint(R, INT64_MAX);
    rty_done(R, op, rty_rcall(R, h, 4, a));
    return true;
  case BI_str_index:   /* find, then ValueError (one call: the handlers see it) */
    if (n < 2) a[2] = rty_cint(R, 0);
    if (n < 3) a[3] = rty_cint(R, INT64_MAX);
    rty_done(R, op, rty_call(R, str_index_helper(R), 4, a));
    return true;
  case BI_str_strip: case BI_str_lstrip: case BI_str_rstrip:
    if (!n) a[1] = rty_cnull(R, R->F.str_ptr);
    a[2] = rty_cint(R, id == BI_str_strip ? 3 : id == BI_str_lstrip ? 1 : 2);
    rty_done(R, op, rty_rcall(R, RTH_str_strip, 3, a));
    return true;
  case BI_str_join: {
    Repr *lr = rty_vrepr(R, args[0]);
    if (lr->kind != RK_LIST) {   /* join(reversed(l)), join("abc"): a list first */
      Repr *item = lr->kind == RK_STR ? R->r_char : lr->item;
      Repr *l2 = item ? rty_list_repr(R, item, false) : NULL;
      Value *l = l2 ? rty_list_of(R, l2, a[1], lr) : NULL;
      if (!l) return false;
      a[1] = l;
      lr = l2;
    }
    Value *l = a[1];
    a[1] = rty_op1(R, LLOP_cast_pointer, R->F.object_ptr, rty_list_items(R, lr, l));
    a[2] = rty_len(R, l, lr);
    rty_done(R, op, rty_rcall(R, lr->item->kind == RK_CHAR ? RTH_str_join_chars : RTH_str_join, 3, a));
    return true;
  }
  case BI_str_split: {
    if (!n) a[1] = rty_cnull(R, R->F.str_ptr);
    a[2] = n > 1 ? a[2] : rty_cint(R, -1);
    Value *l = rty_rcall(R, RTH_str_split, 3, a);
    Repr *lr = rty_vrepr(R, op->result);
    rty_done(R, op, rty_op1(R, LLOP_cast_pointer, lr->ll, l));
    return true;
  }
  default: return false;
  }
  uint32_t na = (id == BI_str_replace) ? 3 : (id == BI_str_startswith || id == BI_str_endswith) ? 2 : 1;
  rty_done(R, op, rty_rcall(R, h, na, a));
  return true;
}
