/* rtrepr.c — str() and repr() of containers (lists, tuples, dicts of
 * printable values) as ll helper graphs that append to a string builder,
 * the way Python 3 prints them: [1, 'a'], (1,), {1: 2.5}. Items are
 * converted by per-repr helper graphs (rty_str_func) whose bodies are
 * emitted with the rtyper's own emitters, redirected into the helper. */
#include <string.h>

#include "rtyint.h"

static unsigned repr_id(Repr *r) { return r->s ? r->s->id : 1000000u + r->kind; }

/* A helper graph x -> str(x) (or repr(x)). */
LLFunc *rty_str_func(RTyper *R, Repr *r, bool repr);
LLFunc *rty_str_func(RTyper *R, Repr *r, bool repr) {
  const char *name = arena_printf(R->A, "%s_%u", repr ? "repr" : "str", repr_id(r));
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *ps[1] = {r->ll};
  LB b = lb_begin(R, name, R->F.str_ptr, 1, ps, LLFX_CANMALLOC | LLFX_CANRAISE);
  Graph *sg = R->g;
  Loc sl = R->loc;
  unsigned sst = R->op_start;
  __typeof__(R->ops) sops = R->ops;
  R->g = b.g;
  R->ops.data = NULL;
  R->ops.len = R->ops.cap = 0;
  R->op_start = 0;
  Value *s = rty_to_str(R, lb_arg(&b, 0), r, repr);
  b.cur->ops.data = R->ops.data;
  b.cur->ops.len = R->ops.len;
  b.cur->ops.cap = R->ops.cap;
  R->g = sg;
  R->ops = sops;
  R->op_start = sst;
  R->loc = sl;
  lb_return(&b, s);
  return lb_end(&b);
}

static void sb_lit(LB *b, Value *sb, const char *s) {
  RTyper *R = b->R;
  if (strlen(s) == 1) {
    Value *a[2] = {sb, rty_cchar(R, s[0])};
    lb_call(b, rty_rth(R, RTH_sb_append_char), 2, a);
  } else {
    Value *a[2] = {sb, rty_cstr(R, s, (uint32_t)strlen(s))};
    lb_call(b, rty_rth(R, RTH_sb_append), 2, a);
  }
}

static void sb_item(LB *b, Value *sb, Value *x, Repr *r) {
  RTyper *R = b->R;
  Value *s = lb_call(b, rty_str_func(R, r, true), 1, &x);
  Value *a[2] = {sb, s};
  lb_call(b, rty_rth(R, RTH_sb_append), 2, a);
}

/* None for a NULL container */
static void none_check(LB *b) {
  Block *nonnull = lb_if(b, lb_op1(b, LLOP_ptr_iszero, b->R->L.bool_, lb_arg(b, 0)));
  lb_return(b, rty_cstr(b->R, "None", 4));
  lb_at(b, nonnull);
}

static Value *sb_begin(LB *b) {
  Value *c = rty_cint(b->R, 16);
  return lb_call(b, rty_rth(b->R, RTH_sb_new), 1, &c);
}

/* A loop over i in [0, n): body(i) appends item i; ", " between items. */
typedef void (*ItemFn)(LB *b, Value *sb, Value *i, void *ctx);

static void sb_loop(LB *b, Value *sb, Value *n, ItemFn fn, void *ctx) {
  RTyper *R = b->R;
  LLType *it[1] = {R->L.signed_};
  Block *loop = lb_block(b, 1, it);
  lb_jump(b, loop, 1, (Value *[]){rty_cint(R, 0)});
  lb_at(b, loop);
  Value *i = loop->inputs[0];
  Block *done = lb_if(b, lb_op2(b, LLOP_int_lt, R->L.bool_, i, n));
  Block *first = lb_if(b, lb_op2(b, LLOP_int_gt, R->L.bool_, i, rty_cint(R, 0)));
  sb_lit(b, sb, ", ");
  lb_goto(b, first);
  lb_at(b, first);
  fn(b, sb, i, ctx);
  lb_jump(b, loop, 1, (Value *[]){lb_op2(b, LLOP_int_add, R->L.signed_, i, rty_cint(R, 1))});
  lb_at(b, done);
}

typedef struct ListCtx { Repr *r; Value *items; Value *vitems; Repr *vr; } ListCtx;

static void list_item(LB *b, Value *sb, Value *i, void *p) {
  ListCtx *c = p;
  Value *x = lb_op2(b, LLOP_getarrayitem, c->r->item->ll, c->items, i);
  sb_item(b, sb, x, c->r->item);
}

static LLFunc *list_repr(RTyper *R, Repr *r) {
  const char *name = arena_printf(R->A, "list_repr_%u", r->s->id);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *ps[1] = {r->ll};
  LB b = lb_begin(R, name, R->F.str_ptr, 1, ps, LLFX_CANMALLOC | LLFX_CANRAISE);
  none_check(&b);
  Value *sb = sb_begin(&b);
  sb_lit(&b, sb, "[");
  Value *n = rty_lb_list_length(&b, r, lb_arg(&b, 0));
  ListCtx c = {r, rty_lb_list_items(&b, r, lb_arg(&b, 0)), NULL, NULL};
  sb_loop(&b, sb, n, list_item, &c);
  sb_lit(&b, sb, "]");
  lb_return(&b, lb_call(&b, rty_rth(R, RTH_sb_build), 1, &sb));
  return lb_end(&b);
}

static void dict_item(LB *b, Value *sb, Value *i, void *p) {
  ListCtx *c = p;
  Value *k = lb_op2(b, LLOP_getarrayitem, c->r->item->ll, c->items, i);
  sb_item(b, sb, k, c->r->item);
  sb_lit(b, sb, ": ");
  Value *v = lb_op2(b, LLOP_getarrayitem, c->vr->item->ll, c->vitems, i);
  sb_item(b, sb, v, c->vr->item);
}

static LLFunc *dict_repr(RTyper *R, Repr *d) {
  const char *name = arena_printf(R->A, "dict_repr_%u", d->s->id);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  Repr *kl = rty_list_repr(R, d->item, false), *vl = rty_list_repr(R, d->value, false);
  LLType *ps[1] = {d->ll};
  LB b = lb_begin(R, name, R->F.str_ptr, 1, ps, LLFX_CANMALLOC | LLFX_CANRAISE);
  none_check(&b);
  Value *dv = lb_arg(&b, 0);
  Value *ka[5] = {dv, rty_cint(R, 0), rty_cint(R, kl->s->id), rty_cint(R, kl->arr->id), rty_cint(R, kl->arr->item->size)};
  Value *keys = lb_op1(&b, LLOP_cast_pointer, kl->ll, lb_call(&b, rty_rth(R, RTH_dict_list), 5, ka));
  Value *va[5] = {dv, rty_cint(R, 1), rty_cint(R, vl->s->id), rty_cint(R, vl->arr->id), rty_cint(R, vl->arr->item->size)};
  Value *vals = lb_op1(&b, LLOP_cast_pointer, vl->ll, lb_call(&b, rty_rth(R, RTH_dict_list), 5, va));
  Value *sb = sb_begin(&b);
  sb_lit(&b, sb, "{");
  Value *n = lb_op2(&b, LLOP_getfield, R->L.signed_, keys, rty_cname(R, "length"));
  ListCtx c = {kl, lb_op2(&b, LLOP_getfield, lltype_ptr(&R->L, kl->arr), keys, rty_cname(R, "items")),
               lb_op2(&b, LLOP_getfield, lltype_ptr(&R->L, vl->arr), vals, rty_cname(R, "items")), vl};
  sb_loop(&b, sb, n, dict_item, &c);
  sb_lit(&b, sb, "}");
  lb_return(&b, lb_call(&b, rty_rth(R, RTH_sb_build), 1, &sb));
  return lb_end(&b);
}

static LLFunc *tuple_repr(RTyper *R, Repr *r) {
  const char *name = arena_printf(R->A, "tuple_repr_%u", r->s->id);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *ps[1] = {r->ll};
  LB b = lb_begin(R, name, R->F.str_ptr, 1, ps, LLFX_CANMALLOC | LLFX_CANRAISE);
  none_check(&b);
  Value *sb = sb_begin(&b);
  sb_lit(&b, sb, "(");
  for (uint32_t i = 0; i < r->n; i++) {
    if (i) sb_lit(&b, sb, ", ");
    Value *x = r->items[i]->kind == RK_VOID ? rty_cvoid(R)
             : lb_op2(&b, LLOP_getfield, r->items[i]->ll, lb_arg(&b, 0),
                      rty_cname(R, arena_printf(R->A, "item%u", i)));
    sb_item(&b, sb, x, r->items[i]);
  }
  sb_lit(&b, sb, r->n == 1 ? ",)" : ")");
  lb_return(&b, lb_call(&b, rty_rth(R, RTH_sb_build), 1, &sb));
  return lb_end(&b);
}

/* str(x) of a container, or NULL. Nullable containers print None. */
Value *rty_container_str(RTyper *R, Value *v, Repr *r);
Value *rty_container_str(RTyper *R, Value *v, Repr *r) {
  LLFunc *f = r->kind == RK_LIST ? list_repr(R, r) : r->kind == RK_TUPLE ? tuple_repr(R, r)
            : r->kind == RK_DICT ? dict_repr(R, r) : NULL;
  return f ? rty_call(R, f, 1, &v) : NULL;
}
