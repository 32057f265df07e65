/* rtlist.c — lists (resizable: GcStruct {length, items: GcArray}), tuples
 * (immutable GcStructs), ranges and iterators. Indexing, bounds checks,
 * append and resizing are ll helper graphs (one per list type) so that
 * the JIT sees through them; copying items is a runtime memcpy. */
#include <string.h>

#include "rtyint.h"

bool rty_list_method(RTyper *R, Op *op, BiId id, Value *self, uint32_t n, Value **args);
Value *rty_list_count(RTyper *R, Repr *r, Value *l, Value *x);
static LLFunc *list_find(RTyper *R, Repr *r);
static LLFunc *list_eq(RTyper *R, Repr *r, Repr *rb);
LLFunc *rty_minmax(RTyper *R, bool isfloat, bool ismax);
LLFunc *rty_minmax_any(RTyper *R, Repr *r, bool ismax);

static const char *lname(RTyper *R, const char *what, Repr *r) {
  return arena_printf(R->A, "%s_%u", what, r->s->id);
}

/* A list's items array: a resizable list's `items` field; a fixed-size
 * list is its array. */
static Value *items_of(LB *b, Repr *r, Value *l) {
  if (r->fixed) return l;
  return lb_op2(b, LLOP_getfield, lltype_ptr(&b->R->L, r->arr), l, rty_cname(b->R, "items"));
}

Value *rty_lb_list_items(LB *b, Repr *r, Value *l) { return items_of(b, r, l); }

Value *rty_list_items(RTyper *R, Repr *r, Value *l) {
  return r->fixed ? l : rty_getfield(R, l, "items", lltype_ptr(&R->L, r->arr));
}

/* items[j] = v, with the write barrier when the items are GC references. */
static void store_item(LB *b, Repr *r, Value *items, Value *j, Value *v) {
  if (lltype_is_gcref(r->item->ll)) lb_op1(b, LLOP_gc_write_barrier, NULL, items);
  lb_op3(b, LLOP_setarrayitem, NULL, items, j, v);
}

static Value *length_of(LB *b, Repr *r, Value *l) {
  if (r->fixed) return lb_op1(b, LLOP_getarraysize, b->R->L.signed_, l);
  return lb_op2(b, LLOP_getfield, b->R->L.signed_, l, rty_cname(b->R, "length"));
}

Value *rty_lb_list_length(LB *b, Repr *r, Value *l) { return length_of(b, r, l); }

/* ll_list_new(n): a list of n zeroed items */
static LLFunc *list_new(RTyper *R, Repr *r) {
  const char *name = lname(R, "list_new", r);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *ps[1] = {R->L.signed_};
  LB b = lb_begin(R, name, r->ll, 1, ps, LLFX_CANMALLOC);
  Value *a = lb_op2(&b, LLOP_malloc_varsize, lltype_ptr(&R->L, r->arr), rty_ctype(R, r->arr), lb_arg(&b, 0));
  if (r->fixed) {
    lb_return(&b, a);
    return lb_end(&b);
  }
  Value *p = lb_op1(&b, LLOP_malloc, r->ll, rty_ctype(R, r->s));
  lb_op3(&b, LLOP_setfield, NULL, p, rty_cname(R, "length"), lb_arg(&b, 0));
  lb_op3(&b, LLOP_setfield, NULL, p, rty_cname(R, "items"), a);
  lb_return(&b, p);
  return lb_end(&b);
}

/* The index i of a list of length n, negative counting from the end,
 * checked: IndexError(msg). */
static Value *checked_index(LB *b, Value *i, Value *n, const char *msg) {
  return lb_checked_index(b, i, n, msg);
}

static LLFunc *list_getitem(RTyper *R, Repr *r) {
  const char *name = lname(R, "list_getitem", r);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *ps[2] = {r->ll, R->L.signed_};
  LB b = lb_begin(R, name, r->item->ll, 2, ps, LLFX_CANRAISE | LLFX_CANMALLOC);
  Value *j = checked_index(&b, lb_arg(&b, 1), length_of(&b, r, lb_arg(&b, 0)), "list index out of range");
  lb_return(&b, lb_op2(&b, LLOP_getarrayitem, r->item->ll, items_of(&b, r, lb_arg(&b, 0)), j));
  f = lb_end(&b);
  f->jit |= LLJIT_LIST_INDEX;
  return f;
}

static LLFunc *list_setitem(RTyper *R, Repr *r) {
  const char *name = lname(R, "list_setitem", r);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *ps[3] = {r->ll, R->L.signed_, r->item->ll};
  LB b = lb_begin(R, name, R->L.void_, 3, ps, LLFX_CANRAISE | LLFX_CANMALLOC | LLFX_WRITES);
  Value *j = checked_index(&b, lb_arg(&b, 1), length_of(&b, r, lb_arg(&b, 0)),
                           "list assignment index out of range");
  Value *items = items_of(&b, r, lb_arg(&b, 0));
  store_item(&b, r, items, j, lb_arg(&b, 2));
  lb_return(&b, NULL);
  f = lb_end(&b);
  f->jit |= LLJIT_LIST_INDEX;
  return f;
}

/* ll_list_resize(l, n): length n; items reallocated when they are too
 * few, overallocating as RPython does (n/8 more) below 1024 items and by
 * n/2 from there on: items arrays that big are allocated old, cleared by
 * Boehm (sieve.lua's 5000-slot tables: 0.18 -> 0.13 s). The outgrown
 * array goes back to Boehm at once (rth_gc_discard). Constant shifts
 * only: a shift by a computed amount made storage.lua's traces abort. */
static LLFunc *list_resize(RTyper *R, Repr *r) {
  const char *name = lname(R, "list_resize", r);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *ps[2] = {r->ll, R->L.signed_};
  LB b = lb_begin(R, name, R->L.void_, 2, ps, LLFX_CANMALLOC | LLFX_WRITES | LLFX_CANRAISE);
  LLType *S = R->L.signed_, *ap = lltype_ptr(&R->L, r->arr);
  Value *l = lb_arg(&b, 0), *n = lb_arg(&b, 1);
  Value *items = items_of(&b, r, l);
  Value *cap = lb_op1(&b, LLOP_getarraysize, S, items);
  Block *fits = lb_if(&b, lb_op2(&b, LLOP_int_gt, R->L.bool_, n, cap));
  Value *eighth = lb_op2(&b, LLOP_int_rshift, S, n, rty_cint(R, 3));
  Value *half = lb_op2(&b, LLOP_int_rshift, S, n, rty_cint(R, 1));
  Value *big = lb_op1(&b, LLOP_cast_bool_to_int, S,
                      lb_op2(&b, LLOP_int_ge, R->L.bool_, n, rty_cint(R, 1024)));
  Value *extra = lb_op2(&b, LLOP_int_add, S, eighth,
                        lb_op2(&b, LLOP_int_mul, S, big, lb_op2(&b, LLOP_int_sub, S, half, eighth)));
  Value *small = lb_op2(&b, LLOP_int_lt, R->L.bool_, n, rty_cint(R, 9));
  Value *pad = lb_op2(&b, LLOP_int_sub, S, rty_cint(R, 6),
                      lb_op2(&b, LLOP_int_mul, S, rty_cint(R, 3), lb_op1(&b, LLOP_cast_bool_to_int, S, small)));
  Value *newcap = lb_op2(&b, LLOP_int_add, S, lb_op2(&b, LLOP_int_add, S, n, extra), pad);
  Value *na = lb_op2(&b, LLOP_malloc_varsize, ap, rty_ctype(R, r->arr), newcap);
  Value *old = length_of(&b, r, l);
  Value *ca[6] = {na, items, rty_cint(R, 0), rty_cint(R, 0), old,
                  rty_cint(R, r->arr->item->size)};
  lb_call(&b, rty_rth(R, RTH_array_copy), 6, ca);
  lb_op1(&b, LLOP_gc_write_barrier, NULL, l);
  lb_op3(&b, LLOP_setfield, NULL, l, rty_cname(R, "items"), na);
  /* the outgrown items are no one else's (a list's items array is never
   * shared, and the helpers here read it again after a resize): a big
   * one goes back to the allocator at once (small ones are young, or not
   * worth the call: storage.lua resizes 1.7 million small arrays) */
  Block *few = lb_if(&b, lb_op2(&b, LLOP_int_ge, R->L.bool_, cap, rty_cint(R, 128)));
  lb_call(&b, rty_rth(R, RTH_gc_discard), 1, &items);
  lb_goto(&b, few);
  lb_at(&b, few);
  lb_goto(&b, fits);
  lb_at(&b, fits);
  lb_op3(&b, LLOP_setfield, NULL, l, rty_cname(R, "length"), n);
  lb_return(&b, NULL);
  return lb_end(&b);
}

static LLFunc *list_append(RTyper *R, Repr *r) {
  const char *name = lname(R, "list_append", r);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *ps[2] = {r->ll, r->item->ll};
  LB b = lb_begin(R, name, R->L.void_, 2, ps, LLFX_CANMALLOC | LLFX_WRITES | LLFX_CANRAISE);
  Value *l = lb_arg(&b, 0);
  Value *n = length_of(&b, r, l);
  Value *a[2] = {l, lb_op2(&b, LLOP_int_add, R->L.signed_, n, rty_cint(R, 1))};
  lb_call(&b, list_resize(R, r), 2, a);
  Value *items = items_of(&b, r, l);
  store_item(&b, r, items, n, lb_arg(&b, 1));
  lb_return(&b, NULL);
  return lb_end(&b);
}

/* ll_list_pop(l, i); `del l[i]` is ll_list_delitem, with its messages */
static LLFunc *list_pop_or_del(RTyper *R, Repr *r, bool del) {
  const char *name = lname(R, del ? "list_delitem" : "list_pop", r);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *ps[2] = {r->ll, R->L.signed_};
  LB b = lb_begin(R, name, r->item->ll, 2, ps, LLFX_CANMALLOC | LLFX_WRITES | LLFX_CANRAISE);
  LLType *S = R->L.signed_;
  Value *l = lb_arg(&b, 0);
  Value *n = length_of(&b, r, l);
  const char *oor = del ? "list assignment index out of range" : "pop index out of range";
  lb_check(&b, lb_op2(&b, LLOP_int_gt, R->L.bool_, n, rty_cint(R, 0)), "IndexError",
           del ? oor : "pop from empty list");
  Value *j = checked_index(&b, lb_arg(&b, 1), n, oor);
  Value *items = items_of(&b, r, l);
  Value *x = lb_op2(&b, LLOP_getarrayitem, r->item->ll, items, j);
  Value *j1 = lb_op2(&b, LLOP_int_add, S, j, rty_cint(R, 1));
  Value *n1 = lb_op2(&b, LLOP_int_sub, S, n, rty_cint(R, 1));
  Value *ca[6] = {items, items, j1, j, lb_op2(&b, LLOP_int_sub, S, n1, j),
                  rty_cint(R, r->arr->item->size)};
  lb_call(&b, rty_rth(R, RTH_array_copy), 6, ca);
  lb_op3(&b, LLOP_setfield, NULL, l, rty_cname(R, "length"), n1);
  lb_return(&b, x);
  return lb_end(&b);
}

static LLFunc *list_pop(RTyper *R, Repr *r) { return list_pop_or_del(R, r, false); }

Value *rty_len(RTyper *R, Value *v, Repr *r) {
  switch (r->kind) {
  case RK_LIST:
    return r->fixed ? rty_op1(R, LLOP_getarraysize, R->L.signed_, v)
                    : rty_getfield(R, v, "length", R->L.signed_);
  case RK_STR: return rty_op2(R, LLOP_getinteriorarraysize, R->L.signed_, v, rty_cname(R, "chars"));
  case RK_CHAR: return rty_cint(R, 1);
  case RK_TUPLE: return rty_cint(R, r->n);
  case RK_DICT: return rty_getfield(R, v, "length", R->L.signed_);
  default: return NULL;
  }
}

static Value *new_list(RTyper *R, Repr *r, uint32_t n, Value **vals) {
  Value *nv = rty_cint(R, n);
  Value *p = rty_call(R, list_new(R, r), 1, &nv);
  if (!n) return p;
  Value *items = rty_list_items(R, r, p);
  for (uint32_t i = 0; i < n; i++) {
    Value *v = vals[i];
    v = v->kind == VAL_CONST ? rty_const(R, v, r->item) : rty_convert(R, v, rty_vrepr(R, v), r->item);
    rty_op3(R, LLOP_setarrayitem, NULL, items, rty_cint(R, i), v);
  }
  return p;
}

static Value *new_tuple(RTyper *R, Repr *r, Op *op) {
  Value *p = rty_op1(R, LLOP_malloc, r->ll, rty_ctype(R, r->s));
  for (uint32_t i = 0; i < op->nargs && i < r->n; i++) {
    if (r->items[i]->kind == RK_VOID) continue;
    Value *v = op->args[i];
    v = v->kind == VAL_CONST ? rty_const(R, v, r->items[i])
                             : rty_convert(R, v, rty_vrepr(R, v), r->items[i]);
    rty_op3(R, LLOP_setfield, NULL, p, rty_cname(R, arena_printf(R->A, "item%u", i)), v);
  }
  return p;
}

/* ---- iterators ------------------------------------------------------------------------- */

/* next(it) for lists and strs (also enumerate, zip, reversed): by index,
 * re-reading the length. */
static Value *cont_len(LB *b, Repr *c, Value *v) {
  RTyper *R = b->R;
  if (c->kind == RK_STR) return lb_op2(b, LLOP_getinteriorarraysize, R->L.signed_, v, rty_cname(R, "chars"));
  return length_of(b, c, v);
}

static Value *cont_item(LB *b, Repr *c, Value *v, Value *i) {
  RTyper *R = b->R;
  if (c->kind == RK_STR) return lb_op3(b, LLOP_getinteriorfield, R->L.char_, v, rty_cname(R, "chars"), i);
  return lb_op2(b, LLOP_getarrayitem, c->item->ll, items_of(b, c, v), i);
}

static LLFunc *iter_next(RTyper *R, Repr *it, Repr *res) {
  const char *name = arena_printf(R->A, "iter_next_%u_%u", it->s->id, res->s ? res->s->id : res->kind);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *ps[1] = {it->ll};
  LB b = lb_begin(R, name, res->ll, 1, ps, LLFX_CANRAISE | LLFX_CANMALLOC | LLFX_WRITES);
  LLType *S = R->L.signed_;
  Value *p = lb_arg(&b, 0);
  Value *i = lb_op2(&b, LLOP_getfield, S, p, rty_cname(R, "index"));
  Value *c = lb_op2(&b, LLOP_getfield, it->cont->ll, p, rty_cname(R, "cont"));
  Value *c2 = it->value ? lb_op2(&b, LLOP_getfield, it->value->ll, p, rty_cname(R, "cont2")) : NULL;
  Value *ok;
  if (it->itkind == IT_REVERSED) {
    Value *a[3] = {rty_cint(R, 0), i, cont_len(&b, it->cont, c)};
    ok = lb_op(&b, LLOP_int_between, R->L.bool_, 3, a);
  } else {
    ok = lb_op2(&b, LLOP_int_lt, R->L.bool_, i, cont_len(&b, it->cont, c));
    if (c2) ok = lb_op2(&b, LLOP_int_and, R->L.bool_, ok,
                        lb_op2(&b, LLOP_int_lt, R->L.bool_, i, cont_len(&b, it->value, c2)));
  }
  Block *stop = lb_if(&b, ok);
  lb_op3(&b, LLOP_setfield, NULL, p, rty_cname(R, "index"),
         lb_op2(&b, LLOP_int_add, S, i, rty_cint(R, it->itkind == IT_REVERSED ? -1 : 1)));
  Value *x = cont_item(&b, it->cont, c, i);
  if (it->itkind == IT_ENUMERATE || it->itkind == IT_ZIP) {
    Value *t = lb_op1(&b, LLOP_malloc, res->ll, rty_ctype(R, res->s));
    Value *first = it->itkind == IT_ENUMERATE ? i : x;
    Value *second = it->itkind == IT_ENUMERATE ? x : cont_item(&b, it->value, c2, i);
    if (res->items[0]->kind != RK_VOID) lb_op3(&b, LLOP_setfield, NULL, t, rty_cname(R, "item0"), first);
    if (res->items[1]->kind != RK_VOID) lb_op3(&b, LLOP_setfield, NULL, t, rty_cname(R, "item1"), second);
    x = t;
  }
  lb_return(&b, x);
  lb_at(&b, stop);
  lb_raise_builtin(&b, "StopIteration", NULL);
  lb_return(&b, lb_zero(R, res->ll));
  return lb_end(&b);
}

/* An item of a tuple in the repr of the iteration's items. */
static Value *tuple_item_as(LB *b, Repr *t, uint32_t k, Value *p, Repr *res) {
  RTyper *R = b->R;
  Repr *ri = t->items[k];
  if (ri->kind == RK_VOID) return lb_zero(R, res->ll);
  Value *x = lb_op2(b, LLOP_getfield, ri->ll, p, rty_cname(R, arena_printf(R->A, "item%u", k)));
  if (ri->kind == RK_CHAR && res->kind == RK_STR) return lb_call(b, rty_rth(R, RTH_str_from_char), 1, &x);
  if (ri->ll != res->ll && res->ll->kind == LL_PTR) return lb_op1(b, LLOP_cast_pointer, res->ll, x);
  return x;
}

/* next(it) over a tuple whose items share one annotation: a switch on
 * the index */
static LLFunc *tuple_next(RTyper *R, Repr *it, Repr *res) {
  const char *name = arena_printf(R->A, "tuple_next_%u", it->s->id);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *ps[1] = {it->ll};
  LB b = lb_begin(R, name, res->ll, 1, ps, LLFX_CANRAISE | LLFX_CANMALLOC | LLFX_WRITES);
  LLType *S = R->L.signed_;
  Value *p = lb_arg(&b, 0);
  Value *i = lb_op2(&b, LLOP_getfield, S, p, rty_cname(R, "index"));
  Value *t = lb_op2(&b, LLOP_getfield, it->cont->ll, p, rty_cname(R, "cont"));
  lb_op3(&b, LLOP_setfield, NULL, p, rty_cname(R, "index"), lb_op2(&b, LLOP_int_add, S, i, rty_cint(R, 1)));
  for (uint32_t k = 0; k < it->cont->n; k++) {
    Block *other = lb_if(&b, lb_op2(&b, LLOP_int_eq, R->L.bool_, i, rty_cint(R, k)));
    lb_return(&b, tuple_item_as(&b, it->cont, k, t, res));
    lb_at(&b, other);
  }
  lb_raise_builtin(&b, "StopIteration", NULL);
  lb_return(&b, lb_zero(R, res->ll));
  return lb_end(&b);
}

/* enumerate(x), zip(a, b), reversed(x): the iterator itself. */
Value *rty_make_seq_iter(RTyper *R, Repr *it, Value *a, Value *b);
Value *rty_make_seq_iter(RTyper *R, Repr *it, Value *a, Value *b) {
  Value *p = rty_op1(R, LLOP_malloc, it->ll, rty_ctype(R, it->s));
  rty_setfield(R, p, "cont", a);
  if (b && it->value) rty_setfield(R, p, "cont2", b);
  if (it->itkind == IT_REVERSED) {
    Value *n = rty_len(R, a, it->cont);
    rty_setfield(R, p, "index", rty_op2(R, LLOP_int_sub, R->L.signed_, n, rty_cint(R, 1)));
  }
  return p;
}

static LLFunc *range_next(RTyper *R, Repr *it) {
  LLFunc *f = lb_cached(R, "range_next");
  if (f) return f;
  LLType *ps[1] = {it->ll};
  LB b = lb_begin(R, "range_next", R->L.signed_, 1, ps, LLFX_CANRAISE | LLFX_WRITES);
  LLType *S = R->L.signed_, *B = R->L.bool_;
  Value *p = lb_arg(&b, 0);
  Value *i = lb_op2(&b, LLOP_getfield, S, p, rty_cname(R, "next"));
  Value *stop = lb_op2(&b, LLOP_getfield, S, p, rty_cname(R, "stop"));
  Value *step = lb_op2(&b, LLOP_getfield, S, p, rty_cname(R, "step"));
  Value *up = lb_op2(&b, LLOP_int_gt, B, step, rty_cint(R, 0));
  Value *lt = lb_op2(&b, LLOP_int_lt, B, i, stop);
  Value *gt = lb_op2(&b, LLOP_int_gt, B, i, stop);
  Value *upok = lb_op2(&b, LLOP_int_and, B, up, lt);
  Value *down = lb_op1(&b, LLOP_bool_not, B, up);
  Value *downok = lb_op2(&b, LLOP_int_and, B, down, gt);
  Value *ok = lb_op2(&b, LLOP_int_or, B, upok, downok);
  lb_check(&b, ok, "StopIteration", NULL);
  lb_op3(&b, LLOP_setfield, NULL, p, rty_cname(R, "next"), lb_op2(&b, LLOP_int_add, S, i, step));
  lb_return(&b, i);
  return lb_end(&b);
}

static LLFunc *range_new(RTyper *R, Repr *rr) {
  LLFunc *f = lb_cached(R, "range_new");
  if (f) return f;
  LLType *S = R->L.signed_;
  LLType *ps[3] = {S, S, S};
  LB b = lb_begin(R, "range_new", rr->ll, 3, ps, LLFX_CANRAISE | LLFX_CANMALLOC);
  lb_check(&b, lb_op2(&b, LLOP_int_ne, R->L.bool_, lb_arg(&b, 2), rty_cint(R, 0)),
           "ValueError", "range() arg 3 must not be zero");
  Value *p = lb_op1(&b, LLOP_malloc, rr->ll, rty_ctype(R, rr->s));
  const char *names[3] = {"start", "stop", "step"};
  for (int i = 0; i < 3; i++) lb_op3(&b, LLOP_setfield, NULL, p, rty_cname(R, names[i]), lb_arg(&b, (uint32_t)i));
  lb_return(&b, p);
  return lb_end(&b);
}

Value *rty_range(RTyper *R, Repr *rr, Value *start, Value *stop, Value *step);
Value *rty_range(RTyper *R, Repr *rr, Value *start, Value *stop, Value *step) {
  Value *a[3] = {start, stop, step};
  return rty_call(R, range_new(R, rr), 3, a);
}

static Value *make_iter(RTyper *R, Repr *it, Value *c) {
  Value *p = rty_op1(R, LLOP_malloc, it->ll, rty_ctype(R, it->s));
  if (it->itkind == IT_RANGE) {
    LLType *S = R->L.signed_;
    rty_setfield(R, p, "next", rty_getfield(R, c, "start", S));
    rty_setfield(R, p, "stop", rty_getfield(R, c, "stop", S));
    rty_setfield(R, p, "step", rty_getfield(R, c, "step", S));
  } else {
    rty_setfield(R, p, "cont", c);
  }
  return p;
}

/* ---- ops --------------------------------------------------------------------------------- */

static bool list_op(RTyper *R, Op *op, Repr *r) {
  switch ((HlOp)op->opc) {
  case HL_getitem: {
    Value *a[2] = {rty_arg(R, op, 0), rty_convert(R, rty_arg(R, op, 1), rty_argr(R, op, 1), R->r_int)};
    rty_done(R, op, rty_call(R, list_getitem(R, r), 2, a));
    return true;
  }
  case HL_setitem: {
    Value *v = op->args[2];
    v = v->kind == VAL_CONST ? rty_const(R, v, r->item) : rty_convert(R, v, rty_vrepr(R, v), r->item);
    Value *a[3] = {rty_arg(R, op, 0), rty_convert(R, rty_arg(R, op, 1), rty_argr(R, op, 1), R->r_int), v};
    rty_call(R, list_setitem(R, r), 3, a);
    rty_done(R, op, NULL);
    return true;
  }
  default: return false;
  }
}

static bool tuple_getitem(RTyper *R, Op *op, Repr *r) {
  Value *iv = op->args[1];
  if (iv->kind != VAL_CONST || iv->ckind != CONST_INT) return false;
  int64_t i = iv->u.i < 0 ? iv->u.i + r->n : iv->u.i;
  if (i < 0 || i >= r->n) return false;
  if (r->items[i]->kind == RK_VOID) { rty_done(R, op, rty_cvoid(R)); return true; }
  rty_done(R, op, rty_getfield(R, rty_arg(R, op, 0), arena_printf(R->A, "item%u", (unsigned)i),
                               r->items[i]->ll));
  return true;
}

bool rty_container_op(RTyper *R, Op *op) {
  switch ((HlOp)op->opc) {
  case HL_newlist: {
    Repr *r = rty_vrepr(R, op->result);
    if (r->kind != RK_LIST || !r->s) return false;  /* e.g. a list no code can use */
    rty_done(R, op, new_list(R, r, op->nargs, op->args));
    return true;
  }
  case HL_newtuple: {
    Repr *r = rty_vrepr(R, op->result);
    if (r->kind != RK_TUPLE) return false;
    rty_done(R, op, new_tuple(R, r, op));
    return true;
  }
  case HL_iter: {
    Repr *it = rty_vrepr(R, op->result);
    if (rty_argr(R, op, 0)->kind == RK_ITER) {  /* enumerate(), zip(), reversed() */
      rty_done(R, op, rty_arg(R, op, 0));
      return true;
    }
    if (it->kind != RK_ITER || (it->itkind != IT_LIST && it->itkind != IT_STR &&
                                it->itkind != IT_RANGE && it->itkind != IT_TUPLE))
      return false;
    rty_done(R, op, make_iter(R, it, rty_arg(R, op, 0)));
    return true;
  }
  case HL_next: {
    Repr *it = rty_argr(R, op, 0);
    if (it->kind != RK_ITER) return false;
    Value *p = rty_arg(R, op, 0);
    if (it->itkind == IT_RANGE) rty_done(R, op, rty_call(R, range_next(R, it), 1, &p));
    else if (it->itkind == IT_TUPLE)
      rty_done(R, op, rty_call(R, tuple_next(R, it, rty_vrepr(R, op->result)), 1, &p));
    else if (it->itkind != IT_DICT && it->itkind != IT_TUPLE)
      rty_done(R, op, rty_call(R, iter_next(R, it, rty_vrepr(R, op->result)), 1, &p));
    else return false;
    return true;
  }
  case HL_getitem: case HL_setitem: {
    Repr *r = rty_argr(R, op, 0);
    if (r->kind == RK_LIST) return list_op(R, op, r);
    if (r->kind == RK_TUPLE && op->opc == HL_getitem) return tuple_getitem(R, op, r);
    return false;
  }
  default: return false;
  }
}

bool rty_list_builtin(RTyper *R, Op *op, BiId id, Value *self, uint32_t n, Value **args) {
  Repr *r = rty_vrepr(R, self);
  Value *v;
  switch (id) {
  case BI_list_append:
    v = args[0]->kind == VAL_CONST ? rty_const(R, args[0], r->item)
                                   : rty_convert(R, args[0], rty_vrepr(R, args[0]), r->item);
    { Value *a[2] = {self, v}; rty_call(R, list_append(R, r), 2, a); }
    rty_done(R, op, NULL);
    return true;
  case BI_list_pop: {
    Value *i = n ? rty_const(R, args[0], R->r_int) : rty_cint(R, -1);
    if (n && args[0]->kind == VAL_VAR) i = args[0];
    Value *a[2] = {self, i};
    rty_done(R, op, rty_call(R, list_pop(R, r), 2, a));
    return true;
  }
  default: return rty_list_method(R, op, id, self, n, args);
  }
}

/* ---- `in` ------------------------------------------------------------------------------- */

LLFunc *rty_dict_eq_func(RTyper *R, Repr *d);   /* rtdict.c */

/* b = (x == y) for items of repr r inside a helper graph */
static Value *lb_item_eq(LB *b, Repr *r, Value *x, Value *y) {
  RTyper *R = b->R;
  switch (r->kind) {
  case RK_VOID: return rty_cbool(R, true);
  case RK_INT: case RK_UINT: return lb_op2(b, LLOP_int_eq, R->L.bool_, x, y);
  case RK_CHAR: return lb_op2(b, LLOP_char_eq, R->L.bool_, x, y);
  case RK_FLOAT: return lb_op2(b, LLOP_float_eq, R->L.bool_, x, y);
  case RK_BOOL: {
    Value *xi = lb_op1(b, LLOP_cast_bool_to_int, R->L.signed_, x);
    Value *yi = lb_op1(b, LLOP_cast_bool_to_int, R->L.signed_, y);
    return lb_op2(b, LLOP_int_eq, R->L.bool_, xi, yi);
  }
  case RK_STR: {
    Value *a[2] = {x, y};
    return lb_call(b, rty_rth(R, RTH_str_eq), 2, a);
  }
  case RK_TUPLE: {  /* field by field */
    Value *res = rty_cbool(R, true);
    for (uint32_t i = 0; i < r->n; i++) {
      if (r->items[i]->kind == RK_VOID) continue;
      Value *f = rty_cname(R, arena_printf(R->A, "item%u", i));
      Value *xi = lb_op2(b, LLOP_getfield, r->items[i]->ll, x, f);
      Value *yi = lb_op2(b, LLOP_getfield, r->items[i]->ll, y, f);
      Value *e = lb_item_eq(b, r->items[i], xi, yi);
      res = lb_op2(b, LLOP_int_and, R->L.bool_, res, e);
    }
    return res;
  }
  case RK_LIST: {  /* lists of lists compare by value */
    Value *a[2] = {x, y};
    return lb_call(b, list_eq(R, r, r), 2, a);
  }
  case RK_DICT: {  /* and dicts (rtdict.c) */
    LLFunc *f = rty_dict_eq_func(R, r);
    Value *a[2] = {x, y};
    if (f) return lb_call(b, f, 2, a);
    return lb_op2(b, LLOP_ptr_eq, R->L.bool_, x, y);
  }
  default: return lb_op2(b, LLOP_ptr_eq, R->L.bool_, x, y);
  }
}

Value *rty_lb_item_eq(LB *b, Repr *r, Value *x, Value *y);
Value *rty_lb_item_eq(LB *b, Repr *r, Value *x, Value *y) { return lb_item_eq(b, r, x, y); }

/* ll_list_index(l, x): the first index of x, or -1 */
static LLFunc *list_find(RTyper *R, Repr *r) {
  const char *name = lname(R, "list_find", r);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *ps[2] = {r->ll, r->item->ll};
  LB b = lb_begin(R, name, R->L.signed_, 2, ps, 0);
  LLType *S = R->L.signed_;
  Value *n = length_of(&b, r, lb_arg(&b, 0));
  Value *items = items_of(&b, r, lb_arg(&b, 0));
  LLType *it[1] = {S};
  Block *loop = lb_block(&b, 1, it);
  lb_jump(&b, loop, 1, (Value *[]){rty_cint(R, 0)});
  lb_at(&b, loop);
  Value *i = loop->inputs[0];
  Block *done = lb_if(&b, lb_op2(&b, LLOP_int_lt, R->L.bool_, i, n));
  Value *x = lb_op2(&b, LLOP_getarrayitem, r->item->ll, items, i);
  Block *next = lb_if(&b, lb_item_eq(&b, r->item, x, lb_arg(&b, 1)));
  lb_return(&b, i);
  lb_at(&b, next);
  lb_jump(&b, loop, 1, (Value *[]){lb_op2(&b, LLOP_int_add, S, i, rty_cint(R, 1))});
  lb_at(&b, done);
  lb_return(&b, rty_cint(R, -1));
  return lb_end(&b);
}

Value *rty_list_find(RTyper *R, Repr *r, Value *l, Value *x);
Value *rty_list_find(RTyper *R, Repr *r, Value *l, Value *x) {
  Value *a[2] = {l, x};
  return rty_call(R, list_find(R, r), 2, a);
}

static bool contains_op(RTyper *R, Op *op) {
  Repr *c = rty_argr(R, op, 0), *xr = rty_argr(R, op, 1);
  Value *x = rty_arg(R, op, 1);
  if (c->kind == RK_LIST) {
    Value *f = rty_list_find(R, c, rty_arg(R, op, 0), rty_convert(R, x, xr, c->item));
    rty_done(R, op, rty_op2(R, LLOP_int_ge, R->L.bool_, f, rty_cint(R, 0)));
    return true;
  }
  if (c->kind != RK_TUPLE) return false;
  Value *t = rty_arg(R, op, 0), *res = NULL;
  for (uint32_t i = 0; i < c->n; i++) {
    Value *it = c->items[i]->kind == RK_VOID ? rty_cvoid(R)
              : rty_getfield(R, t, arena_printf(R->A, "item%u", i), c->items[i]->ll);
    Value *e = rty_eq(R, x, xr, it, c->items[i], false);
    if (!e) return false;
    res = res ? rty_op2(R, LLOP_int_or, R->L.bool_, res, e) : e;
  }
  rty_done(R, op, res ? res : rty_cbool(R, false));
  return true;
}

/* ll_list_mul(l, n): a new list of l's items repeated n times */
static LLFunc *list_mul(RTyper *R, Repr *r, Repr *res) {
  const char *name = arena_printf(R->A, "list_mul_%u_%u", r->s->id, res->s->id);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *ps[2] = {r->ll, R->L.signed_};
  LB b = lb_begin(R, name, res->ll, 2, ps, LLFX_CANMALLOC | LLFX_CANRAISE);
  LLType *S = R->L.signed_;
  Value *n = length_of(&b, r, lb_arg(&b, 0));
  Value *neg = lb_op2(&b, LLOP_int_lt, R->L.bool_, lb_arg(&b, 1), rty_cint(R, 0));
  Value *times = lb_op2(&b, LLOP_int_mul, S, lb_arg(&b, 1),
                        lb_op1(&b, LLOP_cast_bool_to_int, S, lb_op1(&b, LLOP_bool_not, R->L.bool_, neg)));
  Value *total = lb_op2(&b, LLOP_int_mul, S, n, times);
  Value *nl = lb_call(&b, list_new(R, res), 1, &total);
  Value *a[5] = {items_of(&b, res, nl), items_of(&b, r, lb_arg(&b, 0)), n, times,
                 rty_cint(R, r->arr->item->size)};
  lb_call(&b, rty_rth(R, RTH_array_repeat), 5, a);
  lb_return(&b, nl);
  return lb_end(&b);
}

/* t1 + t2: a new tuple of the result's repr */
static bool tuple_concat(RTyper *R, Op *op) {
  Repr *ra = rty_argr(R, op, 0), *rb = rty_argr(R, op, 1), *res = rty_vrepr(R, op->result);
  if (ra->kind != RK_TUPLE || rb->kind != RK_TUPLE || res->kind != RK_TUPLE) return false;
  Value *t = rty_op1(R, LLOP_malloc, res->ll, rty_ctype(R, res->s));
  for (uint32_t k = 0; k < res->n; k++) {
    Repr *src = k < ra->n ? ra : rb;
    uint32_t i = k < ra->n ? k : k - ra->n;
    if (res->items[k]->kind == RK_VOID || src->items[i]->kind == RK_VOID) continue;
    Value *x = rty_getfield(R, rty_arg(R, op, k < ra->n ? 0 : 1), arena_printf(R->A, "item%u", i),
                            src->items[i]->ll);
    rty_setfield(R, t, arena_printf(R->A, "item%u", k), rty_convert(R, x, src->items[i], res->items[k]));
  }
  rty_done(R, op, t);
  return true;
}

bool rty_list_more_op(RTyper *R, Op *op);
bool rty_list_more_op(RTyper *R, Op *op) {
  switch ((HlOp)op->opc) {
  case HL_contains: return contains_op(R, op);
  case HL_add: return op->nargs == 2 && tuple_concat(R, op);
  case HL_mul: case HL_inplace_mul: {
    Repr *r = rty_argr(R, op, 0);
    if (r->kind != RK_LIST) return false;
    Value *a[2] = {rty_arg(R, op, 0), rty_convert(R, rty_arg(R, op, 1), rty_argr(R, op, 1), R->r_int)};
    Repr *res = op->opc == HL_inplace_mul ? r : rty_vrepr(R, op->result);
    rty_done(R, op, rty_call(R, list_mul(R, r, res), 2, a));
    return true;
  }
  default: return false;
  }
}

/* ---- slices, insert, extend, concatenation, sort ----------------------------------------- */

/* Python's clamping of a slice bound x into [0, n]. */
static Value *clamp(LB *b, Value *x, Value *n) {
  RTyper *R = b->R;
  LLType *S = R->L.signed_;
  Value *neg = lb_op2(b, LLOP_int_lt, R->L.bool_, x, rty_cint(R, 0));
  Value *y = lb_op2(b, LLOP_int_add, S, x, lb_op2(b, LLOP_int_mul, S, lb_op1(b, LLOP_cast_bool_to_int, S, neg), n));
  Value *lo[2] = {y, rty_cint(R, 0)};
  y = lb_call(b, rty_minmax(R, false, true), 2, lo);
  Value *hi[2] = {y, n};
  return lb_call(b, rty_minmax(R, false, false), 2, hi);
}

/* dst's items [j, j+n) = src's items [i, i+n) (lists of reprs rd, rs) */
static Value *copy_items(LB *b, Repr *rd, Value *dst, Repr *rs, Value *src, Value *i, Value *j,
                         Value *n) {
  Value *a[6] = {items_of(b, rd, dst), items_of(b, rs, src), i, j, n,
                 rty_cint(b->R, rd->arr->item->size)};
  return lb_call(b, rty_rth(b->R, RTH_array_copy), 6, a);
}

/* l[lo:hi] as a new list of repr res, or (del) del l[lo:hi] */
static LLFunc *list_slice(RTyper *R, Repr *r, Repr *res, bool del) {
  const char *name = del ? lname(R, "list_delslice", r)
                         : arena_printf(R->A, "list_slice_%u_%u", r->s->id, res->s->id);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *S = R->L.signed_;
  LLType *ps[3] = {r->ll, S, S};
  LB b = lb_begin(R, name, del ? R->L.void_ : res->ll, 3, ps, LLFX_CANMALLOC | LLFX_CANRAISE | LLFX_WRITES);
  Value *l = lb_arg(&b, 0);
  Value *n = length_of(&b, r, l);
  Value *lo = clamp(&b, lb_arg(&b, 1), n);
  Value *hi0 = clamp(&b, lb_arg(&b, 2), n);
  Value *mx[2] = {hi0, lo};
  Value *hi = lb_call(&b, rty_minmax(R, false, true), 2, mx);
  Value *len = lb_op2(&b, LLOP_int_sub, S, hi, lo);
  if (!del) {
    Value *nl = lb_call(&b, list_new(R, res), 1, &len);
    copy_items(&b, res, nl, r, l, lo, rty_cint(R, 0), len);
    lb_return(&b, nl);
  } else {
    copy_items(&b, r, l, r, l, hi, lo, lb_op2(&b, LLOP_int_sub, S, n, hi));
    Value *a[2] = {l, lb_op2(&b, LLOP_int_sub, S, n, len)};
    lb_call(&b, list_resize(R, r), 2, a);
    lb_return(&b, NULL);
  }
  return lb_end(&b);
}

static LLFunc *list_insert(RTyper *R, Repr *r) {
  const char *name = lname(R, "list_insert", r);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *S = R->L.signed_;
  LLType *ps[3] = {r->ll, S, r->item->ll};
  LB b = lb_begin(R, name, R->L.void_, 3, ps, LLFX_CANMALLOC | LLFX_CANRAISE | LLFX_WRITES);
  Value *l = lb_arg(&b, 0);
  Value *n = length_of(&b, r, l);
  Value *i = clamp(&b, lb_arg(&b, 1), n);
  Value *a[2] = {l, lb_op2(&b, LLOP_int_add, S, n, rty_cint(R, 1))};
  lb_call(&b, list_resize(R, r), 2, a);
  Value *i1 = lb_op2(&b, LLOP_int_add, S, i, rty_cint(R, 1));
  Value *rest = lb_op2(&b, LLOP_int_sub, S, n, i);
  copy_items(&b, r, l, r, l, i, i1, rest);
  Value *items = items_of(&b, r, l);
  store_item(&b, r, items, i, lb_arg(&b, 2));
  lb_return(&b, NULL);
  return lb_end(&b);
}

/* extend(l, m) in place (res is r), or (concat) a new list l + m of
 * repr res */
static LLFunc *list_extend(RTyper *R, Repr *r, Repr *m, Repr *res, bool concat) {
  const char *name = arena_printf(R->A, "%s_%u_%u_%u", concat ? "list_concat" : "list_extend",
                                  r->s->id, m->s->id, res->s->id);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *S = R->L.signed_;
  LLType *ps[2] = {r->ll, m->ll};
  LB b = lb_begin(R, name, concat ? res->ll : R->L.void_, 2, ps, LLFX_CANMALLOC | LLFX_CANRAISE | LLFX_WRITES);
  Value *l = lb_arg(&b, 0), *o = lb_arg(&b, 1);
  Value *n = length_of(&b, r, l), *k = length_of(&b, m, o);
  Value *tot = lb_op2(&b, LLOP_int_add, S, n, k);
  Value *dst = l;
  if (concat) {
    dst = lb_call(&b, list_new(R, res), 1, &tot);
    copy_items(&b, res, dst, r, l, rty_cint(R, 0), rty_cint(R, 0), n);
  } else {
    Value *a[2] = {l, tot};
    lb_call(&b, list_resize(R, r), 2, a);
  }
  copy_items(&b, res, dst, m, o, rty_cint(R, 0), n, k);
  lb_return(&b, concat ? dst : NULL);
  return lb_end(&b);
}

/* The number of items of range {start, stop, step} (step != 0). */
static Value *range_length(LB *b, Value *rg) {
  RTyper *R = b->R;
  LLType *S = R->L.signed_, *B = R->L.bool_;
  Value *start = lb_op2(b, LLOP_getfield, S, rg, rty_cname(R, "start"));
  Value *stop = lb_op2(b, LLOP_getfield, S, rg, rty_cname(R, "stop"));
  Value *step = lb_op2(b, LLOP_getfield, S, rg, rty_cname(R, "step"));
  Value *up = lb_op2(b, LLOP_int_gt, B, step, rty_cint(R, 0));
  Value *sign = lb_op2(b, LLOP_int_sub, S, lb_op1(b, LLOP_cast_bool_to_int, S, up), rty_cint(R, 0));
  sign = lb_op2(b, LLOP_int_sub, S, lb_op2(b, LLOP_int_add, S, sign, sign), rty_cint(R, 1));  /* 1 or -1 */
  Value *dist = lb_op2(b, LLOP_int_mul, S, lb_op2(b, LLOP_int_sub, S, stop, start), sign);
  Value *mag = lb_op2(b, LLOP_int_mul, S, step, sign);
  Value *num = lb_op2(b, LLOP_int_sub, S, lb_op2(b, LLOP_int_add, S, dist, mag), rty_cint(R, 1));
  Value *n = lb_op2(b, LLOP_int_floordiv, S, num, mag);
  Value *mx[2] = {n, rty_cint(R, 0)};
  return lb_call(b, rty_minmax(R, false, true), 2, mx);
}

/* The length and the i-th item of a list, str or range (i in range). */
static Value *seq_len(LB *b, Repr *src, Value *x) {
  return src->kind == RK_RANGE ? range_length(b, x) : cont_len(b, src, x);
}

static Value *seq_item(LB *b, Repr *src, Value *x, Value *i) {
  if (src->kind != RK_RANGE) return cont_item(b, src, x, i);
  RTyper *R = b->R;
  LLType *S = R->L.signed_;
  Value *step = lb_op2(b, LLOP_getfield, S, x, rty_cname(R, "step"));
  Value *start = lb_op2(b, LLOP_getfield, S, x, rty_cname(R, "start"));
  return lb_op2(b, LLOP_int_add, S, start, lb_op2(b, LLOP_int_mul, S, i, step));
}

static Repr *seq_item_repr(RTyper *R, Repr *src) {
  switch (src->kind) {
  case RK_LIST: return src->item;
  case RK_STR: return R->r_char;
  case RK_RANGE: return R->r_int;
  default: return NULL;
  }
}

static const char *seq_key(RTyper *R, Repr *src) {
  return arena_printf(R->A, "%u_%u", src->kind, src->s ? src->s->id : 0);
}

/* list(x) of a list, str or range: a new list of repr r */
static LLFunc *list_from(RTyper *R, Repr *r, Repr *src) {
  const char *name = arena_printf(R->A, "list_from_%u_%u_%u", r->s->id, src->kind,
                                  src->s ? src->s->id : 0);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *S = R->L.signed_;
  LLType *ps[1] = {src->ll};
  LB b = lb_begin(R, name, r->ll, 1, ps, LLFX_CANMALLOC | LLFX_CANRAISE | LLFX_WRITES);
  Value *x = lb_arg(&b, 0);
  Value *n = seq_len(&b, src, x);
  Value *l = lb_call(&b, list_new(R, r), 1, &n);
  Value *items = items_of(&b, r, l);
  LLType *it[1] = {S};
  Block *loop = lb_block(&b, 1, it);
  lb_jump(&b, loop, 1, (Value *[]){rty_cint(R, 0)});
  lb_at(&b, loop);
  Value *i = loop->inputs[0];
  Block *done = lb_if(&b, lb_op2(&b, LLOP_int_lt, R->L.bool_, i, n));
  Value *v = seq_item(&b, src, x, i);
  if (src->kind == RK_STR && r->item->kind == RK_STR)
    v = lb_call(&b, rty_rth(R, RTH_str_from_char), 1, &v);
  store_item(&b, r, items, i, v);
  lb_jump(&b, loop, 1, (Value *[]){lb_op2(&b, LLOP_int_add, S, i, rty_cint(R, 1))});
  lb_at(&b, done);
  lb_return(&b, l);
  return lb_end(&b);
}

/* The items an enumerate/zip/reversed iterator still has. */
static Value *iter_remaining(LB *b, Repr *it, Value *p) {
  RTyper *R = b->R;
  LLType *S = R->L.signed_;
  Value *i = lb_op2(b, LLOP_getfield, S, p, rty_cname(R, "index"));
  if (it->itkind == IT_REVERSED) return lb_op2(b, LLOP_int_add, S, i, rty_cint(R, 1));
  Value *n = cont_len(b, it->cont, lb_op2(b, LLOP_getfield, it->cont->ll, p, rty_cname(R, "cont")));
  if (it->value) {
    Value *m[2] = {n, cont_len(b, it->value, lb_op2(b, LLOP_getfield, it->value->ll, p, rty_cname(R, "cont2")))};
    n = lb_call(b, rty_minmax(R, false, false), 2, m);
  }
  Value *mx[2] = {lb_op2(b, LLOP_int_sub, S, n, i), rty_cint(R, 0)};
  return lb_call(b, rty_minmax(R, false, true), 2, mx);
}

/* list(it) of an enumerate/zip/reversed iterator: next() exactly as many
 * times as there are items left (so it never raises StopIteration) */
static LLFunc *list_from_iter(RTyper *R, Repr *r, Repr *it) {
  const char *name = arena_printf(R->A, "list_from_iter_%u_%u", r->s->id, it->s->id);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *S = R->L.signed_;
  LLType *ps[1] = {it->ll};
  LB b = lb_begin(R, name, r->ll, 1, ps, LLFX_CANMALLOC | LLFX_CANRAISE | LLFX_WRITES);
  Value *p = lb_arg(&b, 0);
  Value *n = iter_remaining(&b, it, p);
  Value *l = lb_call(&b, list_new(R, r), 1, &n);
  Value *items = items_of(&b, r, l);
  LLType *lt[1] = {S};
  Block *loop = lb_block(&b, 1, lt);
  lb_jump(&b, loop, 1, (Value *[]){rty_cint(R, 0)});
  lb_at(&b, loop);
  Value *i = loop->inputs[0];
  Block *done = lb_if(&b, lb_op2(&b, LLOP_int_lt, R->L.bool_, i, n));
  store_item(&b, r, items, i, lb_call(&b, iter_next(R, it, r->item), 1, &p));
  lb_jump(&b, loop, 1, (Value *[]){lb_op2(&b, LLOP_int_add, S, i, rty_cint(R, 1))});
  lb_at(&b, done);
  lb_return(&b, l);
  return lb_end(&b);
}

Value *rty_list_of(RTyper *R, Repr *r, Value *x, Repr *src);
Value *rty_list_of(RTyper *R, Repr *r, Value *x, Repr *src) {
  if (r->kind != RK_LIST) return NULL;
  if (!x) return new_list(R, r, 0, NULL);
  if (src->kind == RK_ITER && (src->itkind == IT_ENUMERATE || src->itkind == IT_ZIP ||
                               src->itkind == IT_REVERSED))
    return rty_call(R, list_from_iter(R, r, src), 1, &x);
  if (src->kind != RK_LIST && src->kind != RK_STR && src->kind != RK_RANGE) return NULL;
  if (src->kind == RK_LIST && src->item->kind == RK_VOID) return new_list(R, r, 0, NULL);
  return rty_call(R, list_from(R, r, src), 1, &x);
}

/* l[lo:hi] = m (a copy of m first when m is l) */
static LLFunc *list_setslice(RTyper *R, Repr *r, Repr *m) {
  const char *name = arena_printf(R->A, "list_setslice_%u_%u", r->s->id, m->s->id);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *S = R->L.signed_;
  LLType *ps[4] = {r->ll, S, S, m->ll};
  LB b = lb_begin(R, name, R->L.void_, 4, ps, LLFX_CANMALLOC | LLFX_CANRAISE | LLFX_WRITES);
  Value *l = lb_arg(&b, 0), *o = lb_arg(&b, 3);
  LLType *mt[1] = {m->ll};
  Block *go = lb_block(&b, 1, mt);
  Block *distinct = lb_if(&b, lb_op2(&b, LLOP_ptr_eq, R->L.bool_, l, o));
  Value *ca[3] = {o, rty_cint(R, 0), rty_cint(R, INT64_MAX)};
  lb_jump(&b, go, 1, (Value *[]){lb_call(&b, list_slice(R, m, m, false), 3, ca)});
  lb_at(&b, distinct);
  lb_jump(&b, go, 1, &o);
  lb_at(&b, go);
  Value *src = go->inputs[0];
  Value *n = length_of(&b, r, l), *k = length_of(&b, m, src);
  Value *lo = clamp(&b, lb_arg(&b, 1), n);
  Value *mx[2] = {clamp(&b, lb_arg(&b, 2), n), lo};
  Value *hi = lb_call(&b, rty_minmax(R, false, true), 2, mx);
  Value *newlen = lb_op2(&b, LLOP_int_add, S, lb_op2(&b, LLOP_int_sub, S, n, lb_op2(&b, LLOP_int_sub, S, hi, lo)), k);
  Value *big[2] = {n, newlen};
  Value *ra[2] = {l, lb_call(&b, rty_minmax(R, false, true), 2, big)};
  lb_call(&b, list_resize(R, r), 2, ra);
  copy_items(&b, r, l, r, l, hi, lb_op2(&b, LLOP_int_add, S, lo, k), lb_op2(&b, LLOP_int_sub, S, n, hi));
  copy_items(&b, r, l, m, src, rty_cint(R, 0), lo, k);
  Value *rb[2] = {l, newlen};
  lb_call(&b, list_resize(R, r), 2, rb);
  lb_return(&b, NULL);
  return lb_end(&b);
}

static Value *bound(RTyper *R, Value *v, int64_t dflt) {
  if (v->kind == VAL_CONST && v->ckind == CONST_NONE) return rty_cint(R, dflt);
  if (v->kind == VAL_CONST) return rty_const(R, v, R->r_int);
  return rty_convert(R, v, rty_vrepr(R, v), R->r_int);
}

static int sort_kind(Repr *item) {
  switch (item->kind) {
  case RK_FLOAT: return 1;
  case RK_STR: return 2;
  case RK_CHAR: case RK_BOOL: return 3;
  default: return 0;
  }
}

Value *rty_list_sort(RTyper *R, Repr *r, Value *l);
Value *rty_list_sort(RTyper *R, Repr *r, Value *l) {
  Value *a[3] = {rty_op1(R, LLOP_cast_pointer, R->F.object_ptr, rty_list_items(R, r, l)),
                 rty_len(R, l, r), rty_cint(R, sort_kind(r->item))};
  return rty_rcall(R, RTH_list_sort, 3, a);
}

/* In a helper: l.reverse() when rev is true. */
static void lb_reverse_if(LB *b, Repr *r, Value *l, Value *rev) {
  RTyper *R = b->R;
  Block *skip = lb_if(b, rev);
  Value *a[3] = {lb_op1(b, LLOP_cast_pointer, R->F.object_ptr, items_of(b, r, l)), length_of(b, r, l),
                 rty_cint(R, r->arr->item->size)};
  lb_call(b, rty_rth(R, RTH_array_reverse), 3, a);
  lb_goto(b, skip);
  lb_at(b, skip);
}

/* sort(l), reversed as sorted(reverse=True) is: reverse, stable sort,
 * reverse (equal items keep their order) */
Value *rty_list_sort_rev(RTyper *R, Repr *r, Value *l, Value *rev);
Value *rty_list_sort_rev(RTyper *R, Repr *r, Value *l, Value *rev) {
  const char *name = lname(R, "list_sort_rev", r);
  LLFunc *f = lb_cached(R, name);
  if (!f) {
    LLType *ps[2] = {r->ll, R->L.bool_};
    LB b = lb_begin(R, name, R->L.void_, 2, ps, LLFX_CANMALLOC | LLFX_CANRAISE | LLFX_WRITES);
    Value *p = lb_arg(&b, 0);
    lb_reverse_if(&b, r, p, lb_arg(&b, 1));
    Value *a[3] = {lb_op1(&b, LLOP_cast_pointer, R->F.object_ptr, items_of(&b, r, p)),
                   length_of(&b, r, p), rty_cint(R, sort_kind(r->item))};
    lb_call(&b, rty_rth(R, RTH_list_sort), 3, a);
    lb_reverse_if(&b, r, p, lb_arg(&b, 1));
    lb_return(&b, NULL);
    f = lb_end(&b);
  }
  Value *a[2] = {l, rev};
  return rty_call(R, f, 2, a);
}

Value *rty_list_copy(RTyper *R, Repr *r, Value *l);
Value *rty_list_copy(RTyper *R, Repr *r, Value *l) {
  Value *a[3] = {l, rty_cint(R, 0), rty_cint(R, INT64_MAX)};
  return rty_call(R, list_slice(R, r, r, false), 3, a);
}

bool rty_list_slice_op(RTyper *R, Op *op);
bool rty_list_slice_op(RTyper *R, Op *op) {
  if (!op->nargs) return false;
  Repr *r = rty_argr(R, op, 0);
  if (r->kind != RK_LIST) return false;
  switch ((HlOp)op->opc) {
  case HL_getslice: case HL_delslice: {
    Value *a[3] = {rty_arg(R, op, 0), bound(R, op->args[1], 0), bound(R, op->args[2], INT64_MAX)};
    Repr *res = op->opc == HL_delslice ? r : rty_vrepr(R, op->result);
    Value *v = rty_call(R, list_slice(R, r, res, op->opc == HL_delslice), 3, a);
    rty_done(R, op, op->opc == HL_delslice ? NULL : v);
    return true;
  }
  case HL_setslice: {
    Repr *m = rty_argr(R, op, 3);
    if (m->kind != RK_LIST) return false;
    Value *a[4] = {rty_arg(R, op, 0), bound(R, op->args[1], 0), bound(R, op->args[2], INT64_MAX),
                   rty_arg(R, op, 3)};
    if (m->item->kind == RK_VOID) {   /* l[i:j] = []: a deletion */
      rty_call(R, list_slice(R, r, r, true), 3, a);
    } else {
      rty_call(R, list_setslice(R, r, m), 4, a);
    }
    rty_done(R, op, NULL);
    return true;
  }
  case HL_add: case HL_inplace_add: {
    Repr *m = rty_argr(R, op, 1);
    if (m->kind != RK_LIST) return false;
    Value *a[2] = {rty_arg(R, op, 0), rty_arg(R, op, 1)};
    bool concat = op->opc == HL_add;
    Repr *res = concat ? rty_vrepr(R, op->result) : r;
    Value *v = rty_call(R, list_extend(R, r, m, res, concat), 2, a);
    rty_done(R, op, concat ? v : a[0]);
    return true;
  }
  case HL_delitem: {
    Value *a[2] = {rty_arg(R, op, 0), bound(R, op->args[1], 0)};
    rty_call(R, list_pop_or_del(R, r, true), 2, a);
    rty_done(R, op, NULL);
    return true;
  }
  default: return false;
  }
}

/* Whether repr() of values of r prints what Python prints (no instances). */
static bool reprable(Repr *r) {
  switch (r->kind) {
  case RK_STR: case RK_CHAR: case RK_INT: case RK_UINT: case RK_FLOAT: case RK_BOOL: case RK_VOID:
    return true;
  case RK_LIST: return reprable(r->item);
  case RK_DICT: return reprable(r->item) && reprable(r->value);
  case RK_TUPLE:
    for (uint32_t i = 0; i < r->n; i++)
      if (!reprable(r->items[i])) return false;
    return true;
  default: return false;
  }
}

/* ValueError(msg) for a missing x: l.index's "X is not in list" with
 * repr(x) when it prints what Python's does, l.remove's fixed message. */
static void lb_not_in_list(LB *b, Repr *item, Value *x, bool remove) {
  RTyper *R = b->R;
  const char *fixed = remove ? "list.remove(x): x not in list" : "list.index(x): x not in list";
  Value *m = rty_cstr(R, fixed, (uint32_t)strlen(fixed));
  if (!remove && reprable(item)) {
    lb_rty_begin(b);
    Value *c[2] = {rty_to_str(R, x, item, true), rty_cstr(R, " is not in list", 15)};
    m = rty_rcall(R, RTH_str_concat, 2, c);
    lb_rty_end(b);
  }
  Value *a[2] = {rty_vtable_const(R, rty_class_named(R, "ValueError")), m};
  lb_call(b, rty_rth(R, RTH_raise_str), 2, a);
}

/* l.index(x), or l.remove(x) (the pop inside: one raising call, so that
 * its ValueError reaches the handlers of the call) */
static LLFunc *list_index(RTyper *R, Repr *r, bool remove) {
  const char *name = lname(R, remove ? "list_remove" : "list_index", r);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *ps[2] = {r->ll, r->item->ll};
  LB b = lb_begin(R, name, remove ? R->L.void_ : R->L.signed_, 2, ps,
                  LLFX_CANRAISE | LLFX_CANMALLOC | (remove ? LLFX_WRITES : 0));
  Value *fa[2] = {lb_arg(&b, 0), lb_arg(&b, 1)};
  Value *i = lb_call(&b, list_find(R, r), 2, fa);
  Block *found = lb_if(&b, lb_op2(&b, LLOP_int_lt, R->L.bool_, i, rty_cint(R, 0)));
  lb_not_in_list(&b, r->item, lb_arg(&b, 1), remove);
  Value *z[1] = {lb_zero(R, b.g->ret->inputs[0]->ll)};
  lb_jump(&b, b.g->ret, 1, z);
  lb_at(&b, found);
  if (remove) {
    Value *p[2] = {lb_arg(&b, 0), i};
    lb_call(&b, list_pop(R, r), 2, p);
  }
  lb_return(&b, remove ? NULL : i);
  return lb_end(&b);
}

Value *rty_sort_reverse_kw(RTyper *R, Op *op);
bool rty_list_method(RTyper *R, Op *op, BiId id, Value *self, uint32_t n, Value **args);
bool rty_list_method(RTyper *R, Op *op, BiId id, Value *self, uint32_t n, Value **args) {
  (void)n;
  Repr *r = rty_vrepr(R, self);
  switch (id) {
  case BI_list_insert: {
    Value *x = args[1]->kind == VAL_CONST ? rty_const(R, args[1], r->item)
                                          : rty_convert(R, args[1], rty_vrepr(R, args[1]), r->item);
    Value *a[3] = {self, bound(R, args[0], 0), x};
    rty_call(R, list_insert(R, r), 3, a);
    rty_done(R, op, NULL);
    return true;
  }
  case BI_list_extend: {
    Repr *m = rty_vrepr(R, args[0]);
    if (m->kind != RK_LIST) return false;
    Value *a[2] = {self, args[0]->kind == VAL_CONST ? rty_const(R, args[0], m) : args[0]};
    rty_call(R, list_extend(R, r, m, r, false), 2, a);
    rty_done(R, op, NULL);
    return true;
  }
  case BI_list_reverse: {
    Value *a[3] = {rty_list_items(R, r, self),
                   rty_len(R, self, r), rty_cint(R, r->arr->item->size)};
    a[0] = rty_op1(R, LLOP_cast_pointer, R->F.object_ptr, a[0]);
    rty_rcall(R, RTH_array_reverse, 3, a);
    rty_done(R, op, NULL);
    return true;
  }
  case BI_list_count: {
    Value *x = args[0]->kind == VAL_CONST ? rty_const(R, args[0], r->item)
                                          : rty_convert(R, args[0], rty_vrepr(R, args[0]), r->item);
    rty_done(R, op, rty_list_count(R, r, self, x));
    return true;
  }
  case BI_list_sort: {
    Value *rev = rty_sort_reverse_kw(R, op);   /* rtbuiltin.c */
    if (rev) rty_list_sort_rev(R, r, self, rev);
    else rty_list_sort(R, r, self);
    rty_done(R, op, NULL);
    return true;
  }
  case BI_list_index: case BI_list_remove: {
    Value *x = args[0]->kind == VAL_CONST ? rty_const(R, args[0], r->item)
                                          : rty_convert(R, args[0], rty_vrepr(R, args[0]), r->item);
    Value *a[2] = {self, x};
    Value *i = rty_call(R, list_index(R, r, id == BI_list_remove), 2, a);
    rty_done(R, op, id == BI_list_remove ? NULL : i);
    return true;
  }
  default: return false;
  }
}

/* Items i of two lists, equal: of one repr (a fixed-size list and a
 * resizable one), else by rty_eq (char and str, dicts of two types ...;
 * NULL when they cannot be compared). */
static Value *items_eq(LB *b, Repr *r, Repr *rb, Value *xi, Value *yi, Value *i) {
  RTyper *R = b->R;
  if (r->item->ll == rb->item->ll) {
    Value *xv = lb_op2(b, LLOP_getarrayitem, r->item->ll, xi, i);
    Value *yv = lb_op2(b, LLOP_getarrayitem, r->item->ll, yi, i);
    return lb_item_eq(b, r->item, xv, yv);
  }
  Value *xv = r->item->kind == RK_VOID ? rty_cvoid(R) : lb_op2(b, LLOP_getarrayitem, r->item->ll, xi, i);
  Value *yv = rb->item->kind == RK_VOID ? rty_cvoid(R) : lb_op2(b, LLOP_getarrayitem, rb->item->ll, yi, i);
  lb_rty_begin(b);
  Value *e = rty_eq(R, xv, r->item, yv, rb->item, false);
  if (e) lb_rty_end(b);
  return e;
}

/* ll_list_eq(a, b): same length and equal items (lists of reprs r, rb;
 * NULL when their items cannot be compared) */
static LLFunc *list_eq(RTyper *R, Repr *r, Repr *rb) {
  const char *name = arena_printf(R->A, "list_eq_%u_%u", r->s->id, rb->s->id);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *ps[2] = {r->ll, rb->ll};
  LB b = lb_begin(R, name, R->L.bool_, 2, ps, r->item->ll == rb->item->ll ? 0 : LLFX_CANMALLOC);
  LLType *S = R->L.signed_;
  Value *x = lb_arg(&b, 0), *y = lb_arg(&b, 1);
  Block *notsame = lb_if(&b, lb_op2(&b, LLOP_ptr_eq, R->L.bool_, x, y));
  lb_return(&b, rty_cbool(R, true));
  lb_at(&b, notsame);
  Value *xz = lb_op1(&b, LLOP_ptr_iszero, R->L.bool_, x);
  Value *yz = lb_op1(&b, LLOP_ptr_iszero, R->L.bool_, y);
  Block *nonnull = lb_if(&b, lb_op2(&b, LLOP_int_or, R->L.bool_, xz, yz));
  lb_return(&b, rty_cbool(R, false));
  lb_at(&b, nonnull);
  Value *n = length_of(&b, r, x);
  Block *samelen = lb_if(&b, lb_op2(&b, LLOP_int_ne, R->L.bool_, n, length_of(&b, rb, y)));
  lb_return(&b, rty_cbool(R, false));
  lb_at(&b, samelen);
  Value *xi = items_of(&b, r, x), *yi = items_of(&b, rb, y);
  LLType *it[1] = {S};
  Block *loop = lb_block(&b, 1, it);
  lb_jump(&b, loop, 1, (Value *[]){rty_cint(R, 0)});
  lb_at(&b, loop);
  Value *i = loop->inputs[0];
  Block *done = lb_if(&b, lb_op2(&b, LLOP_int_lt, R->L.bool_, i, n));
  Value *e = items_eq(&b, r, rb, xi, yi, i);
  if (!e) {
    lb_abandon(&b);
    return NULL;
  }
  Block *differ = lb_if(&b, e);
  lb_jump(&b, loop, 1, (Value *[]){lb_op2(&b, LLOP_int_add, S, i, rty_cint(R, 1))});
  lb_at(&b, differ);
  lb_return(&b, rty_cbool(R, false));
  lb_at(&b, done);
  lb_return(&b, rty_cbool(R, true));
  return lb_end(&b);
}

Value *rty_list_eq(RTyper *R, Repr *r, Value *a, Repr *rb, Value *b);
Value *rty_list_eq(RTyper *R, Repr *r, Value *a, Repr *rb, Value *b) {
  Value *v[2] = {a, b};
  LLFunc *f = list_eq(R, r, rb);
  return f ? rty_call(R, f, 2, v) : NULL;
}

/* sum(list or range of ints or floats, start): accumulates in the
 * result's repr */
Value *rty_list_sum(RTyper *R, Repr *r, Value *l, Value *start, Repr *res);
Value *rty_list_sum(RTyper *R, Repr *r, Value *l, Value *start, Repr *res) {
  Repr *ir = seq_item_repr(R, r);
  if (!ir || (res->kind != RK_INT && res->kind != RK_FLOAT)) return NULL;
  if (ir->kind == RK_VOID) return start;   /* sum([]) */
  if (ir->kind != RK_INT && ir->kind != RK_FLOAT && ir->kind != RK_BOOL) return NULL;
  const char *name = arena_printf(R->A, "sum_%s_%d", seq_key(R, r), res->kind);
  LLFunc *f = lb_cached(R, name);
  if (!f) {
    bool fl = res->kind == RK_FLOAT;
    LLType *T = res->ll, *S = R->L.signed_;
    LLType *ps[2] = {r->ll, T};
    LB b = lb_begin(R, name, T, 2, ps, 0);
    Value *n = seq_len(&b, r, lb_arg(&b, 0));
    LLType *it[2] = {S, T};
    Block *loop = lb_block(&b, 2, it);
    lb_jump(&b, loop, 2, (Value *[]){rty_cint(R, 0), lb_arg(&b, 1)});
    lb_at(&b, loop);
    Value *i = loop->inputs[0], *acc = loop->inputs[1];
    Block *done = lb_if(&b, lb_op2(&b, LLOP_int_lt, R->L.bool_, i, n));
    Value *x = seq_item(&b, r, lb_arg(&b, 0), i);
    if (ir->kind == RK_BOOL) x = lb_op1(&b, LLOP_cast_bool_to_int, S, x);
    if (fl && ir->kind != RK_FLOAT) x = lb_op1(&b, LLOP_cast_int_to_float, T, x);
    Value *acc2 = lb_op2(&b, fl ? LLOP_float_add : LLOP_int_add, T, acc, x);
    lb_jump(&b, loop, 2, (Value *[]){lb_op2(&b, LLOP_int_add, S, i, rty_cint(R, 1)), acc2});
    lb_at(&b, done);
    lb_return(&b, acc);
    f = lb_end(&b);
  }
  Value *a[2] = {l, start};
  return rty_call(R, f, 2, a);
}

/* min(x) / max(x) of a list, str or range: ValueError when empty */
Value *rty_list_minmax(RTyper *R, Repr *r, Value *l, bool ismax);
Value *rty_list_minmax(RTyper *R, Repr *r, Value *l, bool ismax) {
  Repr *ir = seq_item_repr(R, r);
  if (!ir) return NULL;
  bool fl = ir->kind == RK_FLOAT;
  LLFunc *mm = fl || ir->kind == RK_INT ? rty_minmax(R, fl, ismax) : rty_minmax_any(R, ir, ismax);
  if (!mm) return NULL;
  const char *name = arena_printf(R->A, "%s_of_%s", ismax ? "max" : "min", seq_key(R, r));
  LLFunc *f = lb_cached(R, name);
  if (!f) {
    LLType *T = ir->ll, *S = R->L.signed_;
    LLType *ps[1] = {r->ll};
    LB b = lb_begin(R, name, T, 1, ps, LLFX_CANRAISE | LLFX_CANMALLOC);
    Value *x = lb_arg(&b, 0);
    Value *n = seq_len(&b, r, x);
    lb_check(&b, lb_op2(&b, LLOP_int_gt, R->L.bool_, n, rty_cint(R, 0)), "ValueError",
             ismax ? "max() arg is an empty sequence" : "min() arg is an empty sequence");
    LLType *it[2] = {S, T};
    Block *loop = lb_block(&b, 2, it);
    lb_jump(&b, loop, 2, (Value *[]){rty_cint(R, 1), seq_item(&b, r, x, rty_cint(R, 0))});
    lb_at(&b, loop);
    Value *i = loop->inputs[0], *acc = loop->inputs[1];
    Block *done = lb_if(&b, lb_op2(&b, LLOP_int_lt, R->L.bool_, i, n));
    Value *a[2] = {acc, seq_item(&b, r, x, i)};
    Value *acc2 = lb_call(&b, mm, 2, a);
    Value *i1 = lb_op2(&b, LLOP_int_add, S, i, rty_cint(R, 1));
    lb_jump(&b, loop, 2, (Value *[]){i1, acc2});
    lb_at(&b, done);
    lb_return(&b, acc);
    f = lb_end(&b);
  }
  return rty_call(R, f, 1, &l);
}

/* list.count(x) */
Value *rty_list_count(RTyper *R, Repr *r, Value *l, Value *x);
Value *rty_list_count(RTyper *R, Repr *r, Value *l, Value *x) {
  const char *name = lname(R, "list_count", r);
  LLFunc *f = lb_cached(R, name);
  if (!f) {
    LLType *S = R->L.signed_;
    LLType *ps[2] = {r->ll, r->item->ll};
    LB b = lb_begin(R, name, S, 2, ps, 0);
    Value *n = length_of(&b, r, lb_arg(&b, 0));
    Value *items = items_of(&b, r, lb_arg(&b, 0));
    LLType *it[2] = {S, S};
    Block *loop = lb_block(&b, 2, it);
    lb_jump(&b, loop, 2, (Value *[]){rty_cint(R, 0), rty_cint(R, 0)});
    lb_at(&b, loop);
    Value *i = loop->inputs[0], *k = loop->inputs[1];
    Block *done = lb_if(&b, lb_op2(&b, LLOP_int_lt, R->L.bool_, i, n));
    Value *y = lb_op2(&b, LLOP_getarrayitem, r->item->ll, items, i);
    Value *e = lb_item_eq(&b, r->item, y, lb_arg(&b, 1));
    Value *k2 = lb_op2(&b, LLOP_int_add, S, k, lb_op1(&b, LLOP_cast_bool_to_int, S, e));
    Value *i1 = lb_op2(&b, LLOP_int_add, S, i, rty_cint(R, 1));
    lb_jump(&b, loop, 2, (Value *[]){i1, k2});
    lb_at(&b, done);
    lb_return(&b, k);
    f = lb_end(&b);
  }
  Value *a[2] = {l, x};
  return rty_call(R, f, 2, a);
}
