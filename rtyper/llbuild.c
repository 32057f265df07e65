/* llbuild.c — a small builder for ll helper graphs, so that helpers read
 * like code: lb_begin, ops, lb_if / lb_check / lb_jump, lb_return, lb_end.
 * Helpers are cached by name (one per helper and types). A value defined
 * in a block may be used in the blocks it dominates (the backend emits
 * blocks in preorder); loops pass their values through block inputs. */
#include <string.h>

#include "rtyint.h"

/* The rtyper's state while its emitters write into a helper graph. */
struct LBRty {
  Graph *g;
  Op **ops;
  unsigned len, cap, start;
  Loc loc;
};

/* Ops the rtyper's emitters left in R->ops go to the current block first. */
static void lb_sync(LB *b) {
  RTyper *R = b->R;
  if (!b->rty || !b->cur) return;
  for (unsigned i = 0; i < R->ops.len; i++) vec_push(R->A, b->cur->ops, R->ops.data[i]);
  R->ops.len = 0;
}

LLFunc *lb_cached(RTyper *R, const char *name) {
  return hmap_get(&R->helpers, HKEY(rty_name(R, name)));
}

LB lb_begin(RTyper *R, const char *name, LLType *res, uint32_t n,
            LLType **params, unsigned effects) {
  LB b = {R, NULL, NULL, NULL, NULL};
  const char *key = rty_name(R, name);
  Graph *g = graph_new(R->A, key, R->loc);
  g->start = block_new(g, n, R->loc);
  for (uint32_t i = 0; i < n; i++) {
    g->start->inputs[i] = var_new(g, NULL, R->loc);
    g->start->inputs[i]->ll = params[i];
  }
  g->ret->inputs[0]->ll = res;
  g->except->inputs[0]->ll = R->F.vtable_ptr;
  g->except->inputs[1]->ll = R->F.object_ptr;
  LLFunc *f = arena_alloc(R->A, sizeof *f);
  char *sym = arena_printf(R->A, "ll_%s", key);
  for (char *p = sym; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
          (*p >= '0' && *p <= '9') || *p == '_'))
      *p = '_';
  f->name = sym;
  f->type = lltype_func(&R->L, res, n, params);
  f->graph = g;
  f->effects = effects;
  hmap_put(&R->helpers, HKEY(key), f);
  b.f = f;
  b.g = g;
  b.cur = g->start;
  return b;
}

LLFunc *lb_end(LB *b) {
  vec_push(b->R->A, b->R->graphs, b->f);
  return b->f;
}

Value *lb_arg(LB *b, uint32_t i) { return b->g->start->inputs[i]; }

Value *lb_op(LB *b, LLOp opc, LLType *rt, uint32_t n, Value **args) {
  lb_sync(b);
  Value *r = block_add_op(b->g, b->cur, (HlOp)opc, n, args, NULL, b->R->loc);
  r->ll = rt ? rt : b->R->L.void_;
  return r;
}
Value *lb_op1(LB *b, LLOp opc, LLType *rt, Value *a) { return lb_op(b, opc, rt, 1, &a); }
Value *lb_op2(LB *b, LLOp opc, LLType *rt, Value *x, Value *y) {
  Value *v[2] = {x, y};
  return lb_op(b, opc, rt, 2, v);
}
Value *lb_op3(LB *b, LLOp opc, LLType *rt, Value *x, Value *y, Value *z) {
  Value *v[3] = {x, y, z};
  return lb_op(b, opc, rt, 3, v);
}

Value *lb_call(LB *b, LLFunc *f, uint32_t n, Value **args) {
  Value *v[16];
  v[0] = rty_ccallee(b->R, f);
  for (uint32_t i = 0; i < n && i < 15; i++) v[i + 1] = args[i];
  return lb_op(b, LLOP_direct_call, f->type->result, n + 1, v);
}

void lb_return(LB *b, Value *v) {
  lb_sync(b);
  Value *a[1] = {v ? v : rty_cvoid(b->R)};
  block_add_exit(b->g, b->cur, b->g->ret, 1, a, NULL);
  b->cur = NULL;
}

Block *lb_if(LB *b, Value *cond) {
  lb_sync(b);
  Block *t = block_new(b->g, 0, b->R->loc), *f = block_new(b->g, 0, b->R->loc);
  b->cur->exitkind = EXIT_VALUE;
  b->cur->exitswitch = cond;
  block_add_exit(b->g, b->cur, t, 0, NULL, rty_cbool(b->R, true));
  block_add_exit(b->g, b->cur, f, 0, NULL, rty_cbool(b->R, false));
  b->cur = t;
  return f;
}

void lb_goto(LB *b, Block *to) { lb_jump(b, to, 0, NULL); }

Block *lb_block(LB *b, uint32_t n, LLType **types) {
  Block *blk = block_new(b->g, n, b->R->loc);
  for (uint32_t i = 0; i < n; i++) {
    blk->inputs[i] = var_new(b->g, NULL, b->R->loc);
    blk->inputs[i]->ll = types[i];
  }
  return blk;
}

void lb_jump(LB *b, Block *to, uint32_t n, Value **args) {
  lb_sync(b);
  block_add_exit(b->g, b->cur, to, n, args, NULL);
  b->cur = NULL;
}

void lb_at(LB *b, Block *blk) {
  lb_sync(b);
  b->cur = blk;
}

Value *lb_zero(RTyper *R, LLType *t) {
  switch (t->kind) {
  case LL_VOID: return rty_cvoid(R);
  case LL_BOOL: return rty_cbool(R, false);
  case LL_FLOAT: return rty_cfloat(R, 0.0);
  case LL_CHAR: return rty_cchar(R, 0);
  case LL_SIGNED: return rty_cint(R, 0);
  case LL_UNSIGNED: { Value *v = const_int(R->A, 0); v->ll = t; return v; }
  default: return rty_cnull(R, t);
  }
}

/* The failing branch calls the runtime (no graph call: helpers stay
 * leaves, without a stack check, so LLVM inlines them freely); the
 * exception check after the call sends it to the caller. */
void lb_check(LB *b, Value *ok, const char *exc, const char *msg) {
  Block *fail = lb_if(b, ok);
  Block *cont = b->cur;
  b->cur = fail;
  lb_raise_builtin(b, exc, msg);
  Value *z[1] = {lb_zero(b->R, b->g->ret->inputs[0]->ll)};
  block_add_exit(b->g, fail, b->g->ret, 1, z, NULL);
  b->cur = cont;
}

void lb_rty_begin(LB *b) {
  RTyper *R = b->R;
  struct LBRty *s = arena_alloc(R->A, sizeof *s);
  *s = (struct LBRty){R->g, R->ops.data, R->ops.len, R->ops.cap, R->op_start, R->loc};
  b->rty = s;
  R->g = b->g;
  R->ops.data = NULL;
  R->ops.len = R->ops.cap = 0;
  R->op_start = 0;
}

void lb_rty_end(LB *b) {
  RTyper *R = b->R;
  struct LBRty *s = b->rty;
  lb_sync(b);
  R->g = s->g;
  R->ops.data = s->ops;
  R->ops.len = s->len;
  R->ops.cap = s->cap;
  R->op_start = s->start;
  R->loc = s->loc;
  b->rty = NULL;
}

void lb_abandon(LB *b) {
  if (b->rty) {
    b->R->ops.len = 0;
    lb_rty_end(b);
  }
  hmap_put(&b->R->helpers, HKEY(b->g->name), NULL);
}

static Value *as_uint(LB *b, Value *v) {
  return lb_op1(b, LLOP_cast_int_to_uint, b->R->L.unsigned_, v);
}

Value *lb_checked_index(LB *b, Value *i, Value *n, const char *msg) {
  RTyper *R = b->R;
  LLType *S = R->L.signed_;
  Block *join = lb_block(b, 1, &S);
  Block *other = lb_if(b, lb_op2(b, LLOP_uint_lt, R->L.bool_, as_uint(b, i), as_uint(b, n)));
  lb_jump(b, join, 1, &i);
  lb_at(b, other);
  Value *j = lb_op2(b, LLOP_int_add, S, i, n);  /* i < 0: from the end */
  lb_check(b, lb_op2(b, LLOP_uint_lt, R->L.bool_, as_uint(b, j), as_uint(b, n)), "IndexError", msg);
  lb_jump(b, join, 1, &j);
  lb_at(b, join);
  return join->inputs[0];
}

static LLPrebuilt *stop_iteration(RTyper *R) {
  if (!R->stopiter) {
    ClassR *c = rty_class_named(R, "StopIteration");
    LLPrebuilt *o = arena_alloc(R->A, sizeof *o);
    o->type = c->inst;
    o->name = "stopiteration";
    o->nfields = c->inst->nfields;
    o->fields = arena_alloc_array(R->A, o->nfields, sizeof *o->fields);
    o->fields[0] = rty_vtable_const(R, c);
    for (uint32_t i = 1; i < o->nfields; i++) o->fields[i] = lb_zero(R, c->inst->fields[i].type);
    R->stopiter = o;
  }
  return R->stopiter;
}

void lb_raise_builtin(LB *b, const char *exc, const char *msg) {
  RTyper *R = b->R;
  if (!msg && !strcmp(exc, "StopIteration")) {
    Value *p = rty_cobj(R, stop_iteration(R), R->F.object_ptr);
    lb_call(b, rty_rth(R, RTH_raise_value), 1, &p);
    return;
  }
  Value *a[2] = {rty_vtable_const(R, rty_class_named(R, exc)),
                 msg ? rty_cstr(R, msg, (uint32_t)strlen(msg)) : rty_cnull(R, R->F.str_ptr)};
  lb_call(b, rty_rth(R, RTH_raise_str), 2, a);
}

void lb_raise(LB *b, Value *vtable, Value *inst) {
  lb_sync(b);
  Value *a[2] = {vtable, inst};
  block_add_exit(b->g, b->cur, b->g->except, 2, a, NULL);
  b->cur = NULL;
}

/* raise exc(msg): allocates the instance (StopIteration: a prebuilt one). */
LLFunc *rty_raise_helper(RTyper *R, const char *exc, const char *msg) {
  const char *name = arena_printf(R->A, "raise_%s_%s", exc, msg ? msg : "");
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LB b = lb_begin(R, name, R->L.void_, 0, NULL, LLFX_CANRAISE | LLFX_CANMALLOC);
  ClassR *c = rty_class_named(R, exc);
  Value *vt = rty_vtable_const(R, c);
  Value *inst;
  if (!msg && !strcmp(exc, "StopIteration")) {
    if (!R->stopiter) {
      LLPrebuilt *o = arena_alloc(R->A, sizeof *o);
      o->type = c->inst;
      o->name = "stopiteration";
      o->nfields = c->inst->nfields;
      o->fields = arena_alloc_array(R->A, o->nfields, sizeof *o->fields);
      o->fields[0] = vt;
      for (uint32_t i = 1; i < o->nfields; i++) o->fields[i] = lb_zero(R, c->inst->fields[i].type);
      R->stopiter = o;
    }
    inst = rty_cobj(R, R->stopiter, c->inst_ptr);
  } else {
    inst = lb_op1(&b, LLOP_malloc, c->inst_ptr, rty_ctype(R, c->inst));
    lb_op3(&b, LLOP_setfield, NULL, inst, rty_cname(R, "typeptr"), vt);
    if (msg)
      lb_op3(&b, LLOP_setfield, NULL, inst, rty_cname(R, "message"),
             rty_cstr(R, msg, (uint32_t)strlen(msg)));
  }
  lb_raise(&b, vt, inst);
  return lb_end(&b);
}
