/* rtbuiltin.c — calls of built-in functions and methods (annotator's
 * builtins.def): conversions, len/min/max/abs, os/sys/math/time, rlib
 * hints (JIT hints become jit_* ops that change no behaviour), and the
 * dispatch of str/list/StringBuilder methods. */
#include <string.h>

#include "rtyint.h"

Value *rty_isinstance(RTyper *R, Value *obj, Repr *r, Ann *cls);
bool rty_dict_builtin(RTyper *R, Op *op, BiId id, Value *self, uint32_t n, Value **args);
Value *rty_make_seq_iter(RTyper *R, Repr *it, Value *a, Value *b);
Value *rty_list_copy(RTyper *R, Repr *r, Value *l);
Value *rty_list_sort(RTyper *R, Repr *r, Value *l);
Value *rty_list_sort_rev(RTyper *R, Repr *r, Value *l, Value *rev);
Value *rty_list_of(RTyper *R, Repr *r, Value *x, Repr *src);
Value *rty_list_sum(RTyper *R, Repr *r, Value *l, Value *start, Repr *res);
Value *rty_int_div(RTyper *R, Value *a, Value *b, bool mod);
Value *rty_list_minmax(RTyper *R, Repr *r, Value *l, bool ismax);
LLFunc *rty_minmax_any(RTyper *R, Repr *r, bool ismax);
Value *rty_range(RTyper *R, Repr *rr, Value *start, Value *stop, Value *step);

static Value *argv_(RTyper *R, Value *v, Repr **r) {
  *r = rty_vrepr(R, v);
  return v->kind == VAL_CONST ? rty_const(R, v, *r) : v;
}

LLFunc *rty_minmax(RTyper *R, bool isfloat, bool ismax);
LLFunc *rty_minmax(RTyper *R, bool isfloat, bool ismax) {
  const char *name = arena_printf(R->A, "%s_%s", isfloat ? "float" : "int", ismax ? "max" : "min");
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *t = isfloat ? R->L.float_ : R->L.signed_;
  LLType *ps[2] = {t, t};
  LB b = lb_begin(R, name, t, 2, ps, LLFX_ELIDABLE);
  LLOp cmp = isfloat ? (ismax ? LLOP_float_lt : LLOP_float_gt) : (ismax ? LLOP_int_lt : LLOP_int_gt);
  Block *els = lb_if(&b, lb_op2(&b, cmp, R->L.bool_, lb_arg(&b, 0), lb_arg(&b, 1)));
  lb_return(&b, lb_arg(&b, 1));
  lb_at(&b, els);
  lb_return(&b, lb_arg(&b, 0));
  return lb_end(&b);
}

static LLFunc *chr_helper(RTyper *R) {
  LLFunc *f = lb_cached(R, "chr");
  if (f) return f;
  LLType *ps[1] = {R->L.signed_};
  LB b = lb_begin(R, "chr", R->L.char_, 1, ps, LLFX_CANRAISE | LLFX_CANMALLOC);
  Value *a[3] = {rty_cint(R, 0), lb_arg(&b, 0), rty_cint(R, 256)};
  lb_check(&b, lb_op(&b, LLOP_int_between, R->L.bool_, 3, a), "ValueError", "chr() arg not in range(256)");
  lb_return(&b, lb_op1(&b, LLOP_cast_int_to_char, R->L.char_, lb_arg(&b, 0)));
  return lb_end(&b);
}

static Value *to_int(RTyper *R, Value *v, Repr *r, Value *base) {
  switch (r->kind) {
  case RK_INT: return v;
  case RK_BOOL: return rty_op1(R, LLOP_cast_bool_to_int, R->L.signed_, v);
  case RK_UINT: return rty_op1(R, LLOP_cast_uint_to_int, R->L.signed_, v);
  case RK_FLOAT: return rty_rcall(R, RTH_float_to_int, 1, &v);
  case RK_CHAR: case RK_STR: {
    Value *a[2] = {rty_convert(R, v, r, R->r_str), base ? base : rty_cint(R, 10)};
    return rty_rcall(R, RTH_str_to_int, 2, a);
  }
  default: return NULL;
  }
}

static Value *to_float(RTyper *R, Value *v, Repr *r) {
  switch (r->kind) {
  case RK_FLOAT: return v;
  case RK_INT: return rty_op1(R, LLOP_cast_int_to_float, R->L.float_, v);
  case RK_BOOL: return rty_op1(R, LLOP_cast_int_to_float, R->L.float_,
                               rty_op1(R, LLOP_cast_bool_to_int, R->L.signed_, v));
  case RK_UINT: return rty_op1(R, LLOP_cast_uint_to_float, R->L.float_, v);
  case RK_CHAR: case RK_STR: {
    Value *s = rty_convert(R, v, r, R->r_str);
    return rty_rcall(R, RTH_str_to_float, 1, &s);
  }
  default: return NULL;
  }
}

/* ll_int_divmod(a, b): one call, so that its ZeroDivisionError reaches
 * the handlers of the divmod() call */
static LLFunc *divmod_helper(RTyper *R, Repr *tr) {
  const char *name = arena_printf(R->A, "int_divmod_%u", tr->s->id);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *ps[2] = {R->L.signed_, R->L.signed_};
  LB b = lb_begin(R, name, tr->ll, 2, ps, LLFX_CANRAISE | LLFX_CANMALLOC);
  Value *ok = lb_op2(&b, LLOP_int_ne, R->L.bool_, lb_arg(&b, 1), rty_cint(R, 0));
  lb_check(&b, ok, "ZeroDivisionError", "integer division or modulo by zero");
  Value *q = lb_op2(&b, LLOP_int_floordiv, R->L.signed_, lb_arg(&b, 0), lb_arg(&b, 1));
  Value *m = lb_op2(&b, LLOP_int_mod, R->L.signed_, lb_arg(&b, 0), lb_arg(&b, 1));
  Value *t = lb_op1(&b, LLOP_malloc, tr->ll, rty_ctype(R, tr->s));
  lb_op3(&b, LLOP_setfield, NULL, t, rty_cname(R, "item0"), q);
  lb_op3(&b, LLOP_setfield, NULL, t, rty_cname(R, "item1"), m);
  lb_return(&b, t);
  return lb_end(&b);
}

static Value *jit_marker(RTyper *R, Op *op, Ann *f, uint32_t first, const char *kind) {
  Ann *jd = f->u.bi.self;
  FrozenDesc *fr = jd && jd->kind == ANN_PBC ? jd->u.descs[0]->u.frozen : NULL;
  VEC(Value *) a = {0};
  vec_push(R->A, a, rty_cname(R, kind));
  /* the driver: a Void constant that names its FrozenDesc (the codewriter
   * reads greens, reds and get_printable_location from it) */
  Value *drv = rty_cvoid(R);
  Ann *gpl = fr ? fr->get_printable_location : NULL;
  if (gpl && gpl->kind == ANN_PBC && gpl->u.descs[0]->kind == DESC_FUNC &&
      gpl->u.descs[0]->u.func->graphs.len == 1 && !fr->printable_llfunc)
    fr->printable_llfunc = rty_graph_func(R, gpl->u.descs[0]->u.func->graphs.data[0]);
  if (fr) {
    drv->ckind = CONST_OBJ;
    drv->u.ref.p = fr;
    drv->u.ref.name = jd->u.descs[0]->name;
  }
  vec_push(R->A, a, drv);
  if (op->opc == HL_call_args && fr) {
    CallShape *sh = op->args[first]->u.shape;
    for (int pass = 0; pass < 2; pass++) {
      unsigned n = pass ? fr->reds.len : fr->greens.len;
      for (unsigned i = 0; i < n; i++) {
        const char *nm = pass ? fr->reds.data[i] : fr->greens.data[i];
        for (uint32_t k = 0; k < sh->nkw; k++)
          if (!strcmp(sh->kwnames[k], nm)) vec_push(R->A, a, rty_arg(R, op, first + 1 + sh->npos + k));
      }
    }
  }
  rty_emit(R, LLOP_jit_marker, NULL, a.len, a.data);
  return NULL;
}

static RthId math_index(BiId id, int *k) {
  static const BiId ids[] = {BI_math_sqrt, BI_math_floor, BI_math_ceil, BI_math_fabs,
                             BI_math_sin, BI_math_cos, BI_math_exp, BI_math_log};
  for (int i = 0; i < 8; i++)
    if (ids[i] == id) { *k = i; return RTH_math_call; }
  return RTH_COUNT;
}

static bool sb_method(RTyper *R, Op *op, BiId id, Value *self, uint32_t n, Value **args) {
  switch (id) {
  case BI_sb_append: {
    Repr *r;
    Value *v = argv_(R, args[0], &r);
    Value *a[2] = {self, v};
    rty_rcall(R, r->kind == RK_CHAR ? RTH_sb_append_char : RTH_sb_append, 2, a);
    rty_done(R, op, NULL);
    return true;
  }
  case BI_sb_build: rty_done(R, op, rty_rcall(R, RTH_sb_build, 1, &self)); return true;
  case BI_sb_getlength: rty_done(R, op, rty_rcall(R, RTH_sb_getlength, 1, &self)); return true;
  default: (void)n; return false;
  }
}

static bool file_method(RTyper *R, Op *op, BiId id, Value *self, uint32_t n, Value **args) {
  Value *r = NULL;
  switch (id) {
  case BI_file_read: {
    Repr *rn = NULL;
    Value *a[2] = {self, n ? rty_convert(R, argv_(R, args[0], &rn), rn, R->r_int) : rty_cint(R, -1)};
    r = rty_rcall(R, RTH_file_read, 2, a);
    break;
  }
  case BI_file_readline: r = rty_rcall(R, RTH_file_readline, 1, &self); break;
  case BI_file_write: {
    Repr *rs;
    Value *s = argv_(R, args[0], &rs);
    Value *a[2] = {self, rty_convert(R, s, rs, R->r_str)};
    rty_rcall(R, RTH_file_write, 2, a);
    break;
  }
  case BI_file_close: rty_rcall(R, RTH_file_close, 1, &self); break;
  default: return false;
  }
  rty_done(R, op, r);
  return true;
}

static bool methods(RTyper *R, Op *op, Ann *f, uint32_t first, uint32_t n, Value **args) {
  BiId id = (BiId)f->u.bi.id;
  Value *self = op->args[0];
  if (self->kind == VAL_CONST) self = rty_const(R, self, rty_vrepr(R, self));
  if (id >= BI_str_split && id <= BI_str_index) return rty_str_builtin(R, op, id, self, n, args);
  if (id >= BI_list_append && id <= BI_list_remove) return rty_list_builtin(R, op, id, self, n, args);
  if (id >= BI_dict_get && id <= BI_dict_copy) return rty_dict_builtin(R, op, id, self, n, args);
  if (id >= BI_sb_append && id <= BI_sb_getlength) return sb_method(R, op, id, self, n, args);
  if (id >= BI_file_read && id <= BI_file_close) return file_method(R, op, id, self, n, args);
  if (id == BI_jd_jit_merge_point || id == BI_jd_can_enter_jit) {
    jit_marker(R, op, f, first, id == BI_jd_jit_merge_point ? "jit_merge_point" : "can_enter_jit");
    rty_done(R, op, NULL);
    return true;
  }
  if (id == BI_object) {  /* Exception.__init__(self, msg) */
    Value *inst = f->u.bi.self ? self : args[0];
    uint32_t k = f->u.bi.self ? 0 : 1;
    if (n > k) {
      Repr *r;
      Value *m = argv_(R, args[k], &r);
      Repr *ir = rty_vrepr(R, f->u.bi.self ? op->args[0] : args[0]);
      bool key = ir->cls && ann_is_subclass(ir->cls->cd, ann_builtin_class(R->AN, "KeyError"));
      rty_setfield(R, inst, "message", rty_to_str(R, m, r, key));
    }
    rty_done(R, op, NULL);
    return true;
  }
  return false;
}

/* sorted(x, reverse=E), l.sort(reverse=E): E as a Bool, NULL when not given */
Value *rty_sort_reverse_kw(RTyper *R, Op *op);
Value *rty_sort_reverse_kw(RTyper *R, Op *op) {
  if (op->opc != HL_call_args) return NULL;
  uint32_t first = 1;   /* args[0] is the function, then the call shape */
  CallShape *sh = op->args[first]->u.shape;
  for (uint32_t k = 0; k < sh->nkw; k++) {
    if (strcmp(sh->kwnames[k], "reverse") != 0) continue;
    Value *v = op->args[first + 1 + sh->npos + k];
    Repr *r;
    Value *x = argv_(R, v, &r);
    return rty_truth(R, x, r);
  }
  return NULL;
}

/* item i of tuple t (NULL for a None item) and its repr */
static Value *tuple_item(RTyper *R, Value *t, Repr *tr, uint32_t i, Repr **ri) {
  *ri = tr->items[i];
  if ((*ri)->kind == RK_VOID) return rty_cvoid(R);
  return rty_getfield(R, t, arena_printf(R->A, "item%u", i), (*ri)->ll);
}

/* sum(tuple, start): inline adds in the result's repr */
static Value *tuple_sum(RTyper *R, Value *t, Repr *tr, Value *start, Repr *res) {
  Value *acc = start;
  for (uint32_t i = 0; i < tr->n; i++) {
    Repr *ri;
    Value *x = tuple_item(R, t, tr, i, &ri);
    if (ri->kind == RK_BOOL) x = rty_op1(R, LLOP_cast_bool_to_int, R->L.signed_, x), ri = R->r_int;
    x = rty_convert(R, x, ri, res);
    acc = rty_op2(R, res->kind == RK_FLOAT ? LLOP_float_add : LLOP_int_add, res->ll, acc, x);
  }
  return acc;
}

/* min()/max() of two or more numbers or other ordered values, or of a
 * list, str, range or tuple */
static Value *min_max(RTyper *R, Op *op, bool ismax, uint32_t n, Value **args) {
  Repr *r0;
  Value *a0 = argv_(R, args[0], &r0);
  if (n == 1 && r0->kind != RK_TUPLE) return rty_list_minmax(R, r0, a0, ismax);
  Repr *res = rty_vrepr(R, op->result);
  LLFunc *mm;
  if (res->kind == RK_INT || res->kind == RK_FLOAT) mm = rty_minmax(R, res->kind == RK_FLOAT, ismax);
  else mm = rty_minmax_any(R, res, ismax);
  if (!mm || (n == 1 && !r0->n)) return NULL;
  Value *acc = NULL;
  uint32_t k = n == 1 ? r0->n : n;   /* min(a, b, ...) or min(tuple) */
  for (uint32_t i = 0; i < k; i++) {
    Repr *ri;
    Value *x = n == 1 ? tuple_item(R, a0, r0, i, &ri) : argv_(R, args[i], &ri);
    x = rty_convert(R, x, ri, res);
    if (!acc) { acc = x; continue; }
    Value *a[2] = {acc, x};
    acc = rty_call(R, mm, 2, a);
  }
  return acc;
}

/* sys.exit([n]) raises SystemExit([n]): its message is str(n), from which
 * the runtime takes the exit status when nothing catches it (rt_main.c). */
static Value *sys_exit(RTyper *R, uint32_t n, Value *a0, Repr *r0) {
  Value *a[2] = {rty_vtable_const(R, rty_class_named(R, "SystemExit")),
                 n ? rty_to_str(R, a0, r0, false) : rty_cnull(R, R->F.str_ptr)};
  rty_rcall(R, RTH_raise_str, 2, a);
  return rty_cvoid(R);
}

static Value *simple_builtin(RTyper *R, Op *op, BiId id, uint32_t n, Value **args) {
  Repr *r0 = NULL, *r1 = NULL;
  Value *a0 = n > 0 ? argv_(R, args[0], &r0) : NULL;
  Value *a1 = n > 1 ? argv_(R, args[1], &r1) : NULL;
  Value *a2 = NULL;
  Repr *r2 = NULL;
  if (n > 2) a2 = argv_(R, args[2], &r2);
  int mk;
  switch (id) {
  case BI_len: return rty_len(R, a0, r0);
  case BI_str:
    if (r0->kind == RK_CHAR && rty_vrepr(R, op->result)->kind == RK_CHAR) return a0;
    if (args[0]->kind != VAL_CONST) a0 = rty_str_none_aware(R, a0, r0, ann_of(args[0]));
    return rty_to_str(R, a0, r0, false);
  case BI_repr: return rty_to_str(R, a0, r0, true);
  case BI_int: return to_int(R, a0, r0, a1);
  case BI_float: return to_float(R, a0, r0);
  case BI_bool: return rty_truth(R, a0, r0);
  case BI_chr: return rty_call(R, chr_helper(R), 1, &a0);
  case BI_ord:
    if (r0->kind == RK_STR) a0 = rty_op3(R, LLOP_getinteriorfield, R->L.char_, a0, rty_cname(R, "chars"), rty_cint(R, 0));
    return rty_op1(R, LLOP_cast_char_to_int, R->L.signed_, a0);
  case BI_abs:
    if (r0->kind == RK_FLOAT) return rty_op1(R, LLOP_float_abs, R->L.float_, a0);
    if (r0->kind == RK_BOOL) return rty_convert(R, a0, r0, R->r_int);   /* abs(True) == 1 */
    return rty_op1(R, LLOP_int_abs, R->L.signed_, a0);
  case BI_round: {
    Value *x = to_float(R, a0, r0);
    if (n == 1) return rty_rcall(R, RTH_round_int, 1, &x);
    Value *a[2] = {x, a1};
    return rty_rcall(R, RTH_round, 2, a);
  }
  case BI_min: case BI_max: return min_max(R, op, id == BI_max, n, args);
  case BI_isinstance: {
    Ann *ra = ann_of(op->result), *cls = ann_value(R->AN, args[1]);
    if (ra && (ra->flags & AF_CONST) && ra->kind == ANN_BOOL) return rty_cbool(R, ra->c.i != 0);
    if (cls->kind != ANN_PBC && cls->kind != ANN_TUPLE && r0->ll->kind == LL_PTR)
      return rty_op1(R, LLOP_ptr_nonzero, R->L.bool_, a0);   /* isinstance(s, str): not None */
    return rty_isinstance(R, a0, r0, cls);
  }
  case BI_range: {
    Repr *rr = rty_vrepr(R, op->result);
    if (n == 1) return rty_range(R, rr, rty_cint(R, 0), a0, rty_cint(R, 1));
    return rty_range(R, rr, a0, a1, n > 2 ? a2 : rty_cint(R, 1));
  }
  case BI_enumerate: case BI_zip: case BI_reversed:
    return rty_make_seq_iter(R, rty_vrepr(R, op->result), a0, a1);
  case BI_list: return rty_list_of(R, rty_vrepr(R, op->result), a0, r0);
  case BI_sorted: {
    Repr *lr = rty_vrepr(R, op->result);
    Value *c = r0->kind == RK_LIST && r0->ll == lr->ll ? rty_list_copy(R, lr, a0)
             : rty_list_of(R, lr, a0, r0);
    if (!c) return NULL;
    Value *rev = rty_sort_reverse_kw(R, op);
    if (rev) rty_list_sort_rev(R, lr, c, rev);
    else rty_list_sort(R, lr, c);
    return c;
  }
  case BI_sum: {
    Repr *res = rty_vrepr(R, op->result);
    Value *start = n > 1 ? rty_convert(R, a1, r1, res)
                 : res->kind == RK_FLOAT ? rty_cfloat(R, 0.0) : rty_cint(R, 0);
    if (r0->kind == RK_TUPLE) return tuple_sum(R, a0, r0, start, res);
    return rty_list_sum(R, r0, a0, start, res);
  }
  case BI_divmod: {
    Repr *tr = rty_vrepr(R, op->result);
    if (tr->kind != RK_TUPLE || r0->kind != RK_INT || r1->kind != RK_INT) return NULL;
    Value *a[2] = {a0, a1};
    return rty_call(R, divmod_helper(R, tr), 2, a);
  }
  case BI_hash:
    if (r0->kind == RK_STR) return rty_rcall(R, RTH_str_hash, 1, &a0);
    return to_int(R, a0, r0, NULL);
  case BI_os_write: { Value *a[2] = {a0, rty_convert(R, a1, r1, R->r_str)}; return rty_rcall(R, RTH_os_write, 2, a); }
  case BI_os_read: { Value *a[2] = {a0, a1}; return rty_rcall(R, RTH_os_read, 2, a); }
  case BI_os_open: { Value *a[3] = {a0, a1, a2}; return rty_rcall(R, RTH_os_open, 3, a); }
  case BI_os_close: return rty_rcall(R, RTH_os_close, 1, &a0);
  case BI_open: {
    Value *a[2] = {rty_convert(R, a0, r0, R->r_str),
                   n > 1 ? rty_convert(R, a1, r1, R->r_str) : rty_cnull(R, R->F.str_ptr)};
    return rty_rcall(R, RTH_file_open, 2, a);
  }
  case BI_sys_exit: return sys_exit(R, n, a0, r0);
  case BI_time_time: case BI_time_clock: return rty_rcall(R, RTH_time_time, 0, NULL);
  case BI_math_pow: {
    Value *a[2] = {to_float(R, a0, r0), to_float(R, a1, r1)};
    return rty_rcall(R, RTH_math_pow, 2, a);
  }
  case BI_ovfcheck: case BI_promote_string: case BI_hint: return a0;
  case BI_intmask: return r0->kind == RK_UINT ? rty_op1(R, LLOP_cast_uint_to_int, R->L.signed_, a0) : a0;
  case BI_r_uint: return r0->kind == RK_UINT ? a0 : rty_op1(R, LLOP_cast_int_to_uint, R->L.unsigned_,
                                                             to_int(R, a0, r0, NULL));
  case BI_promote: return rty_op1(R, LLOP_jit_promote, a0->ll, a0);
  case BI_we_are_jitted: return rty_op0(R, LLOP_jit_we_are_jitted, R->L.bool_);
  case BI_we_are_translated: return rty_cbool(R, true);
  case BI_isconstant: return rty_op1(R, LLOP_jit_is_constant, R->L.bool_, a0);
  case BI_isvirtual: return rty_op1(R, LLOP_jit_is_virtual, R->L.bool_, a0);
  case BI_compute_identity_hash: return rty_op1(R, LLOP_gc_identityhash, R->L.signed_, a0);
  case BI_compute_hash:
    if (r0->kind == RK_STR) return rty_rcall(R, RTH_str_hash, 1, &a0);
    if (r0->ll->kind == LL_PTR) return rty_op1(R, LLOP_gc_identityhash, R->L.signed_, a0);
    return to_int(R, a0, r0, NULL);
  case BI_StringBuilder: { Value *c = n ? a0 : rty_cint(R, 16); return rty_rcall(R, RTH_sb_new, 1, &c); }
  case BI_set_param:  /* an int value; a string one (enable_opts) is accepted and ignored */
    if (r2 && (r2->kind == RK_INT || r2->kind == RK_BOOL) && r1 && r1->kind == RK_STR) {
      Value *a[2] = {a1, to_int(R, a2, r2, NULL)};
      return rty_rcall(R, RTH_jit_set_param, 2, a);
    }
    return rty_cvoid(R);
  case BI_sys_setrecursionlimit: case BI_JitDriver: case BI_JitPolicy:
  case BI_elidable: case BI_purefunction: case BI_unroll_safe: case BI_dont_look_inside:
  case BI_look_inside: case BI_look_inside_iff: case BI_elidable_promote: case BI_specialize:
    return rty_cvoid(R);
  case BI_super:  /* the method's self (the start block dominates every use) */
    return R->g->start->ninputs ? R->g->start->inputs[0] : rty_cvoid(R);
  default: break;
  }
  if (math_index(id, &mk) != RTH_COUNT) {
    Value *a[2] = {to_float(R, a0, r0), rty_cint(R, mk)};
    Value *r = rty_rcall(R, RTH_math_call, 2, a);
    if (id == BI_math_floor || id == BI_math_ceil) {
      Ann *ra = ann_of(op->result);
      if (ra && ra->kind == ANN_INT) return rty_rcall(R, RTH_float_to_int, 1, &r);
    }
    return r;
  }
  return NULL;
}

bool rty_builtin_call(RTyper *R, Op *op, Ann *f, uint32_t first) {
  BiId id = (BiId)f->u.bi.id;
  uint32_t n = op->nargs - first;
  Value **args = op->args + first;
  if (op->opc == HL_call_args) {
    n = op->args[first]->u.shape->npos;
    args = op->args + first + 1;
  }
  if (id == BI_print) {
    rty_print(R, op, first);
    return true;
  }
  if (methods(R, op, f, first, n, args)) return true;
  Value *r = simple_builtin(R, op, id, n, args);
  if (!r && !(id == BI_ovfcheck)) {
    rty_error(R, op->loc, "%s() is not supported by the rtyper yet", ann_builtin_name(id));
    return true;
  }
  rty_done(R, op, r && r->ll && ((LLType *)r->ll)->kind != LL_VOID ? r : NULL);
  return true;
}
