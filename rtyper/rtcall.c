/* rtcall.c — calls (functions, methods, classes), attributes, built-in
 * functions, isinstance and exceptions.
 *
 * A function PBC of one function is Void: the call is a direct_call of the
 * graph chosen for the call site (specializations: the graph whose
 * parameters contain the arguments). Several functions: a function
 * pointer, indirect_call. A bound method's value is its receiver; when all
 * reachable implementations are one function the call is direct, else the
 * function pointer is loaded from the receiver's vtable slot. Calling a
 * class allocates the instance, sets its typeptr and class-level defaults,
 * then calls __init__ (exceptions without one take the message). */
#include <string.h>

#include "rtyint.h"

/* ---- choosing the graph -------------------------------------------------------- */

static AnnGraph *graph_for_call(RTyper *R, FuncDesc *fd, Ann **args, uint32_t n) {
  if (fd->graphs.len <= 1) return fd->graphs.len ? fd->graphs.data[0] : NULL;
  for (unsigned i = 0; i < fd->graphs.len; i++) {
    AnnGraph *ag = fd->graphs.data[i];
    bool ok = true;
    for (uint32_t k = 0; k < n && k < ag->g->start->ninputs && ok; k++) {
      Ann *p = ann_of(ag->g->start->inputs[k]);
      ok = args[k] && p && ann_contains(R->AN, p, args[k]);
    }
    if (ok) return ag;
  }
  return fd->graphs.data[0];
}

/* The call's arguments in parameter order: self (may be NULL), then the
 * op's positional arguments from `first`, keywords by name, defaults. */
typedef struct CallArgs {
  Value *self;
  Repr *selfr;
  uint32_t npos, nkw;
  Value **pos, **kw;
  const char **kwnames;
} CallArgs;

static CallArgs call_args_of(Op *op, uint32_t first) {
  CallArgs c = {0};
  if (op->opc == HL_call_args) {
    CallShape *sh = op->args[first]->u.shape;
    c.npos = sh->npos;
    c.pos = op->args + first + 1;
    c.nkw = sh->nkw;
    c.kw = op->args + first + 1 + sh->npos;
    c.kwnames = sh->kwnames;
  } else {
    c.npos = op->nargs - first;
    c.pos = op->args + first;
  }
  return c;
}

static Value *call_graph(RTyper *R, FuncDesc *fd, CallArgs *c, Value *fnptr) {
  uint32_t np = fd->nparams, k = c->self ? 1 : 0;
  Value **vals = arena_alloc_array(R->A, np + 1, sizeof *vals);
  Ann **anns = arena_alloc_array(R->A, np + 1, sizeof *anns);
  if (c->self) {
    vals[0] = c->self;
    anns[0] = NULL;
  }
  for (uint32_t i = 0; i < c->npos && k + i < np; i++) vals[k + i] = c->pos[i];
  for (uint32_t i = 0; i < c->nkw; i++)
    for (uint32_t p = 0; p < np; p++)
      if (fd->pnames[p] == c->kwnames[i]) vals[p] = c->kw[i];
  for (uint32_t p = 0; p < np; p++) {
    if (!vals[p]) vals[p] = fd->defaults[p];
    if (p >= (c->self ? 1u : 0u) && vals[p]) anns[p] = ann_value(R->AN, vals[p]);
  }
  AnnGraph *ag = graph_for_call(R, fd, anns + (c->self ? 1 : 0), np - (c->self ? 1 : 0));
  if (!ag) {
    rty_error(R, R->loc, "internal: no graph for %s", fd->fi->name);
    return rty_cvoid(R);
  }
  LLFunc *f = rty_graph_func(R, ag);
  Value **ll = arena_alloc_array(R->A, np + 2, sizeof *ll);
  for (uint32_t p = 0; p < np; p++) {
    Repr *to = rty_vrepr(R, ag->g->start->inputs[p]);
    Value *v = vals[p];
    if (!v) { ll[p] = rty_cvoid(R); continue; }
    if (p == 0 && c->self) ll[p] = v;
    else if (v->kind == VAL_CONST) ll[p] = rty_const(R, v, to);
    else ll[p] = rty_convert(R, v, rty_vrepr(R, v), to);
  }
  if (fnptr) {
    Value **a = arena_alloc_array(R->A, np + 2, sizeof *a);
    a[0] = fnptr;
    memcpy(a + 1, ll, np * sizeof *ll);
    LLType *rt = R->cur_result ? R->cur_result : f->type->result;
    return rty_emit(R, LLOP_indirect_call, rt, np + 1, a);
  }
  return rty_call(R, f, np, ll);
}

/* ---- instances ------------------------------------------------------------------- */

FuncDesc *rty_method_of(RTyper *R, ClassR *c, const char *name);

/* The class attribute `name` that an instance of c starts with in the
 * field of that name: c's own or the nearest base's (NULL: none; a
 * method is none either). */
Dyn *rty_field_default(RTyper *R, ClassR *c, const char *name) {
  Dyn *d = rty_class_value(R, c, name);
  return d && !dyn_is(*d, PB_FUNC) ? d : NULL;
}

Value *rty_new_instance(RTyper *R, ClassR *c) {
  Value *p = rty_op1(R, LLOP_malloc, c->inst_ptr, rty_ctype(R, c->inst));
  rty_setfield(R, p, "typeptr", rty_vtable_const(R, c));
  for (ClassR *y = c; y; y = y->base) {
    if (!y->cd->info || !R->PB) continue;
    for (unsigned k = 0; k < y->fields.len; k++) {
      const ClassSlot *s = &y->fields.data[k];
      Dyn *d = rty_field_default(R, c, s->name);
      if (d)
        rty_setfield(R, p, s->fname, rty_dyn_const(R, *d, s->r, R->loc));
    }
  }
  return p;
}

static void set_message(RTyper *R, ClassR *cls, Value *inst, CallArgs *c) {
  if (!c->npos) return;
  Value *m = c->pos[0];
  Repr *r = rty_vrepr(R, m);
  Value *v = m->kind == VAL_CONST ? rty_const(R, m, r) : m;
  /* str(KeyError(k)) is repr(k) */
  bool key = ann_is_subclass(cls->cd, ann_builtin_class(R->AN, "KeyError"));
  Value *s = rty_to_str(R, v, r, key);
  rty_setfield(R, inst, "message", s);
}

static Value *instantiate(RTyper *R, ClassR *c, CallArgs *ca) {
  Value *p = rty_new_instance(R, c);
  FuncDesc *init = rty_method_of(R, c, rty_name(R, "__init__"));
  if (init) {
    ca->self = p;
    ca->selfr = c->rinst;
    Value *r = call_graph(R, init, ca, NULL);
    (void)r;
    /* the call must stay last when the op can raise: re-read p */
    return p;
  }
  if (c->cd->is_exception) set_message(R, c, p, ca);
  return p;
}

/* ---- the call op ------------------------------------------------------------------- */

static bool same_func(Ann *f) {
  for (uint32_t i = 1; i < f->n; i++)
    if (f->u.descs[i]->u.meth.func != f->u.descs[0]->u.meth.func) return false;
  return true;
}

static Value *call_method(RTyper *R, Op *op, Ann *f, CallArgs *ca) {
  Value *self = op->args[0];
  Repr *sr = rty_vrepr(R, self);
  ca->self = self;
  ca->selfr = sr;
  Desc *d0 = f->u.descs[0];
  FuncDesc *fd = d0->u.meth.func->u.func;
  if (same_func(f) || d0->u.meth.direct) return call_graph(R, fd, ca, NULL);
  const char *name = fd->fi->name;
  ClassR *c = sr->cls;
  const ClassSlot *s = c ? rty_class_vslot(R, c, name) : NULL;
  if (!s) {
    rty_error(R, op->loc, "internal: no vtable slot for method '%s'", name);
    return rty_cvoid(R);
  }
  Value *vt = rty_getfield(R, self, "typeptr", R->F.vtable_ptr);
  Value *vtc = rty_op1(R, LLOP_cast_pointer, s->owner->vt_ptr, vt);
  Value *fp = rty_getfield(R, vtc, s->fname, s->r->ll);
  return call_graph(R, fd, ca, fp);
}

static Value *call_pbc(RTyper *R, Op *op, Ann *f, CallArgs *ca) {
  Desc *d0 = f->u.descs[0];
  switch ((DescKind)d0->kind) {
  case DESC_FUNC:
    if (f->n == 1) return call_graph(R, d0->u.func, ca, NULL);
    return call_graph(R, d0->u.func, ca, rty_arg(R, op, 0));
  case DESC_METHOD: return call_method(R, op, f, ca);
  case DESC_CLASS:
    if (f->n == 1) return instantiate(R, rty_class(R, d0->u.cls), ca);
    break;
  default: break;
  }
  rty_error(R, op->loc, "this call is not supported by the rtyper yet");
  return rty_cvoid(R);
}

bool rty_call_op(RTyper *R, Op *op) {
  if (op->opc != HL_simple_call && op->opc != HL_call_args) return false;
  R->cur_result = rty_vrepr(R, op->result)->ll;
  Ann *f = ann_value(R->AN, op->args[0]);
  if (!f) return false;
  if (f->kind == ANN_BUILTIN) return rty_builtin_call(R, op, f, 1);
  if (f->kind != ANN_PBC) return false;
  CallArgs ca = call_args_of(op, 1);
  rty_done(R, op, call_pbc(R, op, f, &ca));
  return true;
}

/* ---- attributes ---------------------------------------------------------------------- */

/* The constant an AF_CONST annotation holds, in repr r. */
Value *rty_ann_const(RTyper *R, Ann *a, Repr *r) {
  switch (a->kind) {
  case ANN_STR: return rty_cstr(R, a->c.s.p, a->c.s.len);
  case ANN_CHAR: return rty_cchar(R, (unsigned char)a->c.s.p[0]);
  case ANN_FLOAT: return rty_cfloat(R, a->c.f);
  case ANN_BOOL: return rty_cbool(R, a->c.i != 0);
  case ANN_INT:
    if (r->kind == RK_UINT) { Value *v = const_int(R->A, a->c.i); v->ll = R->L.unsigned_; return v; }
    return rty_cint(R, a->c.i);
  default: return rty_const(R, const_none(R->A), r);
  }
}

static bool inst_getattr(RTyper *R, Op *op, Repr *or) {
  const char *name = op->args[1]->u.s.p;
  Ann *ra = ann_of(op->result);
  Value *obj = rty_arg(R, op, 0);
  if (ra && (ra->kind == ANN_BUILTIN || (ra->kind == ANN_PBC && ra->n &&
                                          ra->u.descs[0]->kind == DESC_METHOD))) {
    rty_done(R, op, obj);
    return true;
  }
  if (!strcmp(name, "__class__")) {
    rty_done(R, op, rty_getfield(R, obj, "typeptr", R->F.vtable_ptr));
    return true;
  }
  const ClassSlot *s = rty_class_field(R, or->cls, name);
  Repr *rr = rty_repr(R, ra);
  if (s) {
    rty_done(R, op, rty_getfield(R, obj, s->fname, s->r->ll));
    return true;
  }
  s = rty_class_vslot(R, or->cls, name);
  if (s) {
    Value *vt = rty_getfield(R, obj, "typeptr", R->F.vtable_ptr);
    Value *vtc = rty_op1(R, LLOP_cast_pointer, s->owner->vt_ptr, vt);
    rty_done(R, op, rty_getfield(R, vtc, s->fname, s->r->ll));
    return true;
  }
  if (rr->kind == RK_VOID) {
    rty_done(R, op, rty_cvoid(R));
    return true;
  }
  if (ra && (ra->flags & AF_CONST)) {
    rty_done(R, op, rty_ann_const(R, ra, rr));
    return true;
  }
  rty_error(R, op->loc, "attribute '%s' of %s has no representation", name, or->cls->cd->shortname);
  return true;
}

static bool inst_setattr(RTyper *R, Op *op, Repr *or) {
  const char *name = op->args[1]->u.s.p;
  const ClassSlot *s = rty_class_field(R, or->cls, name);
  Value *obj = rty_arg(R, op, 0);
  if (!s) {  /* a Void field */
    rty_done(R, op, NULL);
    return true;
  }
  Value *v = op->args[2];
  v = v->kind == VAL_CONST ? rty_const(R, v, s->r) : rty_convert(R, v, rty_vrepr(R, v), s->r);
  rty_setfield(R, obj, s->fname, v);
  const LLField *f = lltype_field(s->owner->inst, s->fname);
  if (f && (f->flags & LLF_QUASI)) {  /* the traces that read it as a constant */
    Value *a[2] = {rty_op1(R, LLOP_cast_pointer, R->F.object_ptr, obj),
                   rty_cint(R, (int64_t)f->offset)};
    rty_rcall(R, RTH_jit_quasi_write, 2, a);
  }
  rty_done(R, op, NULL);
  return true;
}

static Value *isinstance_range(RTyper *R, Value *vt, ClassR *c) {
  Value *m = rty_getfield(R, vt, "subclassrange_min", R->L.signed_);
  return rty_op3(R, LLOP_int_between, R->L.bool_, rty_cint(R, c->id_min), m,
                 rty_cint(R, c->id_max));
}

bool rty_attr_op(RTyper *R, Op *op) {
  switch ((HlOp)op->opc) {
  case HL_getattr: {
    Repr *r = rty_argr(R, op, 0);
    if (r->kind == RK_INST) return inst_getattr(R, op, r);
    Ann *ra = ann_of(op->result);
    Repr *rr = rty_repr(R, ra);
    if (rr->kind == RK_VOID) { rty_done(R, op, rty_cvoid(R)); return true; }
    if (ra && ra->kind == ANN_BUILTIN && ra->u.bi.self) { rty_done(R, op, rty_arg(R, op, 0)); return true; }
    if (ra && (ra->flags & AF_CONST)) {
      rty_done(R, op, rty_ann_const(R, ra, rr));
      return true;
    }
    Ann *oa = ann_value(R->AN, op->args[0]);
    if (oa && oa->kind == ANN_PBC && oa->n == 1 && oa->u.descs[0]->kind == DESC_CLASS) {
      Dyn *d = rty_class_value(R, rty_class(R, oa->u.descs[0]->u.cls), rty_name(R, op->args[1]->u.s.p));
      if (d) {
        rty_done(R, op, rty_dyn_const(R, *d, rr, op->loc));
        return true;
      }
    }
    if (oa && oa->kind == ANN_PBC && oa->n > 1 && oa->u.descs[0]->kind == DESC_CLASS) {
      ClassDef *cd = oa->u.descs[0]->u.cls;
      for (uint32_t i = 1; i < oa->n; i++) cd = ann_common_base(cd, oa->u.descs[i]->u.cls);
      const ClassSlot *s = cd ? rty_class_vslot(R, rty_class(R, cd), op->args[1]->u.s.p) : NULL;
      if (s) {
        Value *vtc = rty_op1(R, LLOP_cast_pointer, s->owner->vt_ptr, rty_arg(R, op, 0));
        rty_done(R, op, rty_getfield(R, vtc, s->fname, s->r->ll));
        return true;
      }
    }
    if (op->args[0]->kind == VAL_CONST && op->args[0]->ckind == CONST_MODULE && R->PB) {
      Dyn d;
      if (pb_global(R->PB, op->args[0]->u.ref.p, op->args[1]->u.s.p, &d)) {
        rty_done(R, op, rty_dyn_const(R, d, rr, op->loc));
        return true;
      }
    }
    return false;
  }
  case HL_setattr: {
    Repr *r = rty_argr(R, op, 0);
    if (r->kind == RK_INST) return inst_setattr(R, op, r);
    return false;
  }
  case HL_type: {
    rty_done(R, op, rty_getfield(R, rty_arg(R, op, 0), "typeptr", R->F.vtable_ptr));
    return true;
  }
  case HL_exc_instance: {
    Ann *a = ann_value(R->AN, op->args[0]);
    if (a->kind == ANN_INSTANCE) { rty_done(R, op, rty_arg(R, op, 0)); return true; }
    CallArgs ca = {0};
    rty_done(R, op, instantiate(R, rty_class(R, a->u.descs[0]->u.cls), &ca));
    return true;
  }
  case HL_exception_match: {
    Ann *b = ann_value(R->AN, op->args[1]);
    Value *et = rty_arg(R, op, 0);
    Value *res = NULL;
    Ann **items = b->kind == ANN_TUPLE ? b->u.items : &b;
    uint32_t n = b->kind == ANN_TUPLE ? b->n : 1;
    for (uint32_t i = 0; i < n; i++) {
      Ann *ci = items[i];
      ClassDef *cd = ci->kind == ANN_PBC ? ci->u.descs[0]->u.cls : ci->u.cls;
      Value *m = isinstance_range(R, et, rty_class(R, cd));
      res = res ? rty_op2(R, LLOP_int_or, R->L.bool_, res, m) : m;
    }
    rty_done(R, op, res ? res : rty_cbool(R, false));
    return true;
  }
  default: return false;
  }
}

/* ---- isinstance ------------------------------------------------------------------------- */

static LLFunc *isinstance_helper(RTyper *R, ClassR *c) {
  const char *name = arena_printf(R->A, "isinstance_%s", c->cd->name);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *ps[1] = {R->F.object_ptr};
  LB b = lb_begin(R, name, R->L.bool_, 1, ps, LLFX_ELIDABLE);
  Block *els = lb_if(&b, lb_op1(&b, LLOP_ptr_nonzero, R->L.bool_, lb_arg(&b, 0)));
  Value *vt = lb_op2(&b, LLOP_getfield, R->F.vtable_ptr, lb_arg(&b, 0), rty_cname(R, "typeptr"));
  Value *m = lb_op2(&b, LLOP_getfield, R->L.signed_, vt, rty_cname(R, "subclassrange_min"));
  Value *a[3] = {rty_cint(R, c->id_min), m, rty_cint(R, c->id_max)};
  lb_return(&b, lb_op(&b, LLOP_int_between, R->L.bool_, 3, a));
  lb_at(&b, els);
  lb_return(&b, rty_cbool(R, false));
  f = lb_end(&b);
  f->jit |= LLJIT_LOOK_INSIDE;  /* traced: the class read folds (JC_MEM_CLASS) */
  return f;
}

Value *rty_isinstance(RTyper *R, Value *obj, Repr *r, Ann *cls);
Value *rty_isinstance(RTyper *R, Value *obj, Repr *r, Ann *cls) {
  Ann **items = cls->kind == ANN_TUPLE ? cls->u.items : &cls;
  uint32_t n = cls->kind == ANN_TUPLE ? cls->n : 1;
  Value *res = NULL;
  for (uint32_t i = 0; i < n; i++) {
    Ann *ci = items[i];
    Value *m;
    if (ci->kind != ANN_PBC || ci->u.descs[0]->kind != DESC_CLASS) return NULL;
    ClassR *c = rty_class(R, ci->u.descs[0]->u.cls);
    if (r->kind != RK_INST) return NULL;
    m = rty_call(R, isinstance_helper(R, c), 1, &obj);
    res = res ? rty_op2(R, LLOP_int_or, R->L.bool_, res, m) : m;
  }
  return res;
}

FuncDesc *rty_method_of(RTyper *R, ClassR *c, const char *name) {
  for (; c; c = c->base) {
    if (!c->cd->info || !R->PB) continue;
    PbClass *pc = pb_class_of(R->PB, c->cd->info);
    Dyn *d = pc ? pb_attrs_get(&pc->attrs, name) : NULL;
    if (!d) continue;
    if (!dyn_is(*d, PB_FUNC)) return NULL;
    return hmap_get(&R->funcs, HKEY(DYN_FUNC(*d)->fi));
  }
  return NULL;
}
