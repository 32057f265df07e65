/* rtdict.c — dicts: Ptr(GcStruct dict) laid out as runtime/rt_rdict.h's
 * RlDict; every operation is a call of the typed runtime helper for the
 * key and value slots (i: Signed, with Char/Bool/Unsigned widened; p:
 * pointers; f: Float). items() builds its list of tuples in an ll helper
 * graph from the keys and values lists; == is a helper graph over the
 * entries and those lookups. Prebuilt dicts become static RlDicts
 * (entries and index arrays in .data). */
#include <string.h>

#include "rtyint.h"

static char slot_of(Repr *r) {
  switch (r->kind) {
  case RK_FLOAT: return 'f';
  case RK_INT: case RK_BOOL: case RK_CHAR: case RK_UINT: case RK_VOID: return 'i';
  default: return 'p';
  }
}

/* ---- tuple keys: hash, eq and repr functions the runtime calls ---------------------- */

static LLType *keyops_type(RTyper *R, Repr *k) {
  LLType *S = R->L.signed_;
  LLType *p1[1] = {k->ll}, *p2[2] = {k->ll, k->ll};
  const char *names[] = {"hash", "eq", "repr"};
  LLType *types[] = {lltype_ptr(&R->L, lltype_func(&R->L, S, 1, p1)),
                     lltype_ptr(&R->L, lltype_func(&R->L, S, 2, p2)),
                     lltype_ptr(&R->L, lltype_func(&R->L, R->F.str_ptr, 1, p1))};
  return rty_struct(R, arena_printf(R->A, "keyops_%u", k->s->id), false, 3, names, types);
}

static LLFunc *key_hash_func(RTyper *R, Repr *k);

/* hash of one item inside a helper graph (equal values hash equal) */
static Value *lb_item_hash(LB *b, Repr *r, Value *x) {
  RTyper *R = b->R;
  LLType *S = R->L.signed_;
  switch (r->kind) {
  case RK_VOID: return rty_cint(R, 0);
  case RK_INT: return x;
  case RK_UINT: return lb_op1(b, LLOP_cast_uint_to_int, S, x);
  case RK_BOOL: return lb_op1(b, LLOP_cast_bool_to_int, S, x);
  case RK_CHAR: return lb_op1(b, LLOP_cast_char_to_int, S, x);
  case RK_FLOAT: return lb_call(b, rty_rth(R, RTH_float_hash), 1, &x);
  case RK_STR: return lb_call(b, rty_rth(R, RTH_str_hash), 1, &x);
  case RK_TUPLE: return lb_call(b, key_hash_func(R, r), 1, &x);
  default: return lb_op1(b, LLOP_gc_identityhash, S, x);
  }
}

static LLFunc *key_hash_func(RTyper *R, Repr *k) {
  const char *name = arena_printf(R->A, "tuple_hash_%u", k->s->id);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *S = R->L.signed_;
  LLType *ps[1] = {k->ll};
  LB b = lb_begin(R, name, S, 1, ps, 0);
  Value *h = rty_cint(R, 0x345678);
  for (uint32_t i = 0; i < k->n; i++) {
    Repr *ri = k->items[i];
    Value *x = ri->kind == RK_VOID ? NULL
             : lb_op2(&b, LLOP_getfield, ri->ll, lb_arg(&b, 0), rty_cname(R, arena_printf(R->A, "item%u", i)));
    Value *hx = x ? lb_item_hash(&b, ri, x) : rty_cint(R, 0);
    h = lb_op2(&b, LLOP_int_mul, S, lb_op2(&b, LLOP_int_xor, S, h, hx), rty_cint(R, 1000003));
  }
  lb_return(&b, h);
  return lb_end(&b);
}

Value *rty_lb_item_eq(LB *b, Repr *r, Value *x, Value *y);   /* rtlist.c */
LLFunc *rty_str_func(RTyper *R, Repr *r, bool repr);          /* rtrepr.c */

static LLFunc *key_eq_func(RTyper *R, Repr *k) {
  const char *name = arena_printf(R->A, "tuple_keyeq_%u", k->s->id);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *ps[2] = {k->ll, k->ll};
  LB b = lb_begin(R, name, R->L.signed_, 2, ps, 0);
  Value *e = rty_lb_item_eq(&b, k, lb_arg(&b, 0), lb_arg(&b, 1));
  lb_return(&b, lb_op1(&b, LLOP_cast_bool_to_int, R->L.signed_, e));
  return lb_end(&b);
}

/* The dict type's static keyops {hash, eq, repr}, as a constant. */
static Value *keyops(RTyper *R, Repr *d) {
  if (!d->kops) {
    LLPrebuilt *o = arena_alloc(R->A, sizeof *o);
    o->type = d->kops_t;
    o->name = arena_printf(R->A, "keyops.%u", d->item->s->id);
    o->nfields = 3;
    o->fields = arena_alloc_array(R->A, 3, sizeof *o->fields);
    o->fields[0] = rty_cfunc(R, key_hash_func(R, d->item));
    o->fields[1] = rty_cfunc(R, key_eq_func(R, d->item));
    o->fields[2] = rty_cfunc(R, rty_str_func(R, d->item, true));
    o->immutable = true;
    d->kops = o;
  }
  return rty_cobj(R, d->kops, lltype_ptr(&R->L, d->kops_t));
}

/* A prebuilt key constant as its 8-byte slot (floats: their bits). */
static int64_t const_slot(Value *k) {
  if (k->ckind == CONST_FLOAT) {
    int64_t bits;
    memcpy(&bits, &k->u.f, sizeof bits);
    return bits;
  }
  return k->ckind == CONST_INT || k->ckind == CONST_BOOL ? k->u.i : 0;
}

Repr *rty_dict_repr(RTyper *R, Ann *a);
Repr *rty_dict_repr(RTyper *R, Ann *a) {
  DictDef *dd = ann_dictdef(a->u.dict);
  Repr *r = hmap_get(&R->dicts, HKEY(dd));
  if (r) return r;
  r = arena_alloc(R->A, sizeof *r);
  r->kind = RK_DICT;
  hmap_put(&R->dicts, HKEY(dd), r);
  r->item = rty_repr(R, dd->key);
  r->value = rty_repr(R, dd->value);
  if (r->item->kind == RK_TUPLE) r->kops_t = keyops_type(R, r->item);
  LLType *ks = slot_of(r->item) == 'p' ? r->item->ll : R->L.signed_;
  LLType *vs = slot_of(r->value) == 'f' ? R->L.float_
             : slot_of(r->value) == 'p' ? r->value->ll : R->L.signed_;
  const char *en[] = {"hash", "live", "key", "value"};
  LLType *et[] = {R->L.signed_, R->L.signed_, ks, vs};
  char nm[64];
  snprintf(nm, sizeof nm, "dictentry_%u", R->dicts.count);
  LLType *entry = rty_struct(R, nm, false, 4, en, et);
  LLType *earr = lltype_array(&R->L, entry, false, true);
  LLType *iarr = lltype_array(&R->L, R->L.signed_, false, true);
  lltype_layout(earr);
  lltype_layout(iarr);
  const char *dn[] = {"length", "kind", "used", "cap", "entries", "index", "imask", "kops"};
  LLType *dt[] = {R->L.signed_, R->L.signed_, R->L.signed_, R->L.signed_,
                  lltype_ptr(&R->L, earr), lltype_ptr(&R->L, iarr), R->L.signed_,
                  r->kops_t ? lltype_ptr(&R->L, r->kops_t) : R->L.signed_};
  snprintf(nm, sizeof nm, "dict_%u", R->dicts.count);
  r->s = rty_struct(R, nm, true, 8, dn, dt);
  r->ll = lltype_ptr(&R->L, r->s);
  r->arr = earr;
  return r;
}

static int key_kind(Repr *k);

/* The dict's `kind` field: its key kind, and RL_DK_VALUE_REFS (0x100)
 * when its values are GC references (rt_rdict.h). */
static int64_t dict_kind(Repr *d) {
  return key_kind(d->item) | (slot_of(d->value) == 'p' ? 0x100 : 0);
}

static int key_kind(Repr *k) {
  if (k->kind == RK_TUPLE) return 4;
  if (k->kind == RK_FLOAT) return 5;
  if (k->kind == RK_BOOL) return 6;   /* RL_DK_BOOL */
  return k->kind == RK_STR ? 1 : slot_of(k) == 'p' ? 2 : k->kind == RK_CHAR ? 3 : 0;
}

/* A value in its slot type, and back. */
static Value *to_slot(RTyper *R, Value *v, Repr *r) {
  switch (r->kind) {
  case RK_BOOL: return rty_op1(R, LLOP_cast_bool_to_int, R->L.signed_, v);
  case RK_CHAR: return rty_op1(R, LLOP_cast_char_to_int, R->L.signed_, v);
  case RK_UINT: return rty_op1(R, LLOP_cast_uint_to_int, R->L.signed_, v);
  case RK_VOID: return rty_cint(R, 0);
  default: return v;
  }
}

static Value *from_slot(RTyper *R, Value *v, Repr *r) {
  switch (r->kind) {
  case RK_BOOL: return rty_op1(R, LLOP_int_is_true, R->L.bool_, v);
  case RK_CHAR: return rty_op1(R, LLOP_cast_int_to_char, R->L.char_, v);
  case RK_UINT: return rty_op1(R, LLOP_cast_int_to_uint, R->L.unsigned_, v);
  case RK_VOID: return rty_cvoid(R);
  default:
    if (slot_of(r) == 'p') return rty_op1(R, LLOP_cast_pointer, r->ll, v);
    return v;
  }
}

/* Keys: floats travel as their bits in the integer slot (the runtime
 * compares them as doubles; keys() lists get the bits back as floats). */
static Value *key_to_slot(RTyper *R, Value *v, Repr *r) {
  return r->kind == RK_FLOAT ? rty_rcall(R, RTH_float_bits, 1, &v) : to_slot(R, v, r);
}

static Value *key_from_slot(RTyper *R, Value *v, Repr *r) {
  return r->kind == RK_FLOAT ? rty_rcall(R, RTH_bits_float, 1, &v) : from_slot(R, v, r);
}

static char key_slot(Repr *r) { return r->kind == RK_FLOAT ? 'i' : slot_of(r); }

static Value *in_repr(RTyper *R, Value *v, Repr *to) {
  if (v->kind == VAL_CONST) return rty_const(R, v, to);
  return rty_convert(R, v, rty_vrepr(R, v), to);
}

/* The helper id for a family: base is the _ii entry of a KV family (the
 * families are laid out ii ip if pi pp pf). */
static RthId kv_id(RthId base_ii, Repr *d) {
  static const char *order[] = {"ii", "ip", "if", "pi", "pp", "pf"};
  char kv[3] = {key_slot(d->item), slot_of(d->value), 0};
  for (int i = 0; i < 6; i++)
    if (!strcmp(order[i], kv)) return (RthId)(base_ii + i * 6);
  return base_ii;
}

_Static_assert(RTH_dict_getitem_ip - RTH_dict_getitem_ii == 6, "dict helper rows in order");

static Value *kcall(RTyper *R, RthId base, Repr *d, uint32_t n, Value **args) {
  return rty_rcall(R, kv_id(base, d), n, args);
}

static RthId k_id(RthId base_i, Repr *d) {
  return slot_of(d->item) == 'p' ? (RthId)(base_i + 3) : base_i;
}

static Value *new_dict(RTyper *R, Repr *d) {
  Value *k = rty_cint(R, dict_kind(d));
  Value *p = rty_op1(R, LLOP_cast_pointer, d->ll, rty_rcall(R, RTH_dict_new, 1, &k));
  if (d->kops_t) rty_setfield(R, p, "kops", keyops(R, d));
  return p;
}

static Value *dict_list(RTyper *R, Value *dv, Repr *lr, int which) {
  Value *a[5] = {dv, rty_cint(R, which), rty_cint(R, lr->s->id), rty_cint(R, lr->arr->id),
                 rty_cint(R, lr->arr->item->size)};
  return rty_op1(R, LLOP_cast_pointer, lr->ll, rty_rcall(R, RTH_dict_list, 5, a));
}

/* ll_dict_items(d): [(k, v) ...] from the keys and values lists */
static LLFunc *items_helper(RTyper *R, Repr *d, Repr *lr) {
  const char *name = arena_printf(R->A, "dict_items_%u", d->s->id);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  Repr *tr = lr->item;
  Repr *kl = rty_list_repr(R, d->item, false), *vl = rty_list_repr(R, d->value, false);
  LLType *ps[1] = {d->ll};
  LB b = lb_begin(R, name, lr->ll, 1, ps, LLFX_CANMALLOC);
  LLType *S = R->L.signed_;
  Value *dv = lb_arg(&b, 0);
  Value *ka[5] = {dv, rty_cint(R, 0), rty_cint(R, kl->s->id), rty_cint(R, kl->arr->id), rty_cint(R, kl->arr->item->size)};
  Value *keys = lb_op1(&b, LLOP_cast_pointer, kl->ll, lb_call(&b, rty_rth(R, RTH_dict_list), 5, ka));
  Value *va[5] = {dv, rty_cint(R, 1), rty_cint(R, vl->s->id), rty_cint(R, vl->arr->id), rty_cint(R, vl->arr->item->size)};
  Value *vals = lb_op1(&b, LLOP_cast_pointer, vl->ll, lb_call(&b, rty_rth(R, RTH_dict_list), 5, va));
  Value *n = lb_op2(&b, LLOP_getfield, S, keys, rty_cname(R, "length"));
  Value *a2[3] = {rty_cint(R, lr->s->id), rty_cint(R, lr->arr->id), n};
  (void)a2;
  Value *l = lb_op1(&b, LLOP_malloc, lr->ll, rty_ctype(R, lr->s));
  Value *arr = lb_op2(&b, LLOP_malloc_varsize, lltype_ptr(&R->L, lr->arr), rty_ctype(R, lr->arr), n);
  lb_op3(&b, LLOP_setfield, NULL, l, rty_cname(R, "length"), n);
  lb_op3(&b, LLOP_setfield, NULL, l, rty_cname(R, "items"), arr);
  Value *ki = lb_op2(&b, LLOP_getfield, lltype_ptr(&R->L, kl->arr), keys, rty_cname(R, "items"));
  Value *vi = lb_op2(&b, LLOP_getfield, lltype_ptr(&R->L, vl->arr), vals, rty_cname(R, "items"));
  LLType *it[1] = {S};
  Block *loop = lb_block(&b, 1, it);
  Value *z[1] = {rty_cint(R, 0)};
  lb_jump(&b, loop, 1, z);
  lb_at(&b, loop);
  Value *i = loop->inputs[0];
  Block *done = lb_if(&b, lb_op2(&b, LLOP_int_lt, R->L.bool_, i, n));
  Value *t = lb_op1(&b, LLOP_malloc, tr->ll, rty_ctype(R, tr->s));
  if (d->item->kind != RK_VOID)
    lb_op3(&b, LLOP_setfield, NULL, t, rty_cname(R, "item0"), lb_op2(&b, LLOP_getarrayitem, d->item->ll, ki, i));
  if (d->value->kind != RK_VOID)
    lb_op3(&b, LLOP_setfield, NULL, t, rty_cname(R, "item1"), lb_op2(&b, LLOP_getarrayitem, d->value->ll, vi, i));
  lb_op3(&b, LLOP_setarrayitem, NULL, arr, i, t);
  Value *nx[1] = {lb_op2(&b, LLOP_int_add, S, i, rty_cint(R, 1))};
  lb_jump(&b, loop, 1, nx);
  lb_at(&b, done);
  lb_return(&b, l);
  return lb_end(&b);
}

/* ---- the inline fast path of lookups with integer keys -----------------------------
 * For keys hashed as themselves (ints, chars, bools: key kind 0 or 3), the
 * first probe of runtime/rt_rdict.c's index is at  key & imask. When that
 * slot holds a live entry with the key, the lookup is done without a call;
 * anything else (no index yet, an empty slot, a collision, a deleted entry)
 * calls the runtime, which probes again and raises KeyError when needed.
 * The helper graph is a leaf that LLVM inlines into its callers. */
typedef enum { LK_GETITEM, LK_GET, LK_CONTAINS } LookupKind;

static bool int_keyed(Repr *d) {
  return slot_of(d->item) == 'i' && d->item->kind != RK_VOID;
}

/* Leaves the builder in the "taken" branch of cond; the other goes to slow. */
static void or_slow(LB *b, Value *cond, Block *slow) {
  Block *no = lb_if(b, cond);
  Block *yes = b->cur;
  lb_at(b, no);
  lb_goto(b, slow);
  lb_at(b, yes);
}

/* The entry number of key k when the first probe finds it; else to slow. */
static Value *first_probe(LB *b, Repr *d, Value *dv, Value *k, Value **entries, Block *slow) {
  RTyper *R = b->R;
  LLType *S = R->L.signed_, *B = R->L.bool_;
  Value *index = lb_op2(b, LLOP_getfield, d->s->fields[5].type, dv, rty_cname(R, "index"));
  or_slow(b, lb_op1(b, LLOP_ptr_nonzero, B, index), slow);
  Value *mask = lb_op2(b, LLOP_getfield, S, dv, rty_cname(R, "imask"));
  Value *e = lb_op2(b, LLOP_getarrayitem, S, index, lb_op2(b, LLOP_int_and, S, k, mask));
  or_slow(b, lb_op2(b, LLOP_int_ge, B, e, rty_cint(R, 0)), slow);
  *entries = lb_op2(b, LLOP_getfield, d->s->fields[4].type, dv, rty_cname(R, "entries"));
  Value *ek = lb_op3(b, LLOP_getinteriorfield, S, *entries, e, rty_cname(R, "key"));
  or_slow(b, lb_op2(b, LLOP_int_eq, B, ek, k), slow);
  Value *live = lb_op3(b, LLOP_getinteriorfield, S, *entries, e, rty_cname(R, "live"));
  or_slow(b, lb_op1(b, LLOP_int_is_true, B, live), slow);
  return e;
}

static LLFunc *lookup_helper(RTyper *R, Repr *d, LookupKind kind) {
  static const char *const names[] = {"dict_getitem", "dict_get", "dict_contains"};
  const char *name = arena_printf(R->A, "%s_%u", names[kind], d->s->id);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *vs = d->s->fields[4].type->to->item->fields[3].type;
  LLType *res = kind == LK_CONTAINS ? R->L.bool_ : vs;
  LLType *ps[3] = {d->ll, R->L.signed_, vs};
  unsigned fx = kind == LK_GETITEM ? LLFX_CANRAISE | LLFX_CANMALLOC : 0;
  LB b = lb_begin(R, name, res, kind == LK_GET ? 3 : 2, ps, fx);
  Value *dv = lb_arg(&b, 0), *k = lb_arg(&b, 1), *entries;
  Block *slow = lb_block(&b, 0, NULL);
  Value *e = first_probe(&b, d, dv, k, &entries, slow);
  lb_return(&b, kind == LK_CONTAINS ? rty_cbool(R, true)
                : lb_op3(&b, LLOP_getinteriorfield, vs, entries, e, rty_cname(R, "value")));
  lb_at(&b, slow);
  Value *a[3] = {dv, k, kind == LK_GET ? lb_arg(&b, 2) : NULL};
  LLFunc *rt = kind == LK_CONTAINS ? rty_rth(R, RTH_dict_contains_i)
             : rty_rth(R, kv_id(kind == LK_GET ? RTH_dict_get_ii : RTH_dict_getitem_ii, d));
  lb_return(&b, lb_call(&b, rt, kind == LK_GET ? 3 : 2, a));
  return lb_end(&b);
}

/* d[k], d.get(k, dflt), k in d: a helper graph with the fast path for
 * integer keys, the runtime's typed entry point otherwise. */
static Value *lookup(RTyper *R, Repr *d, LookupKind kind, uint32_t n, Value **a) {
  if (int_keyed(d)) return rty_call(R, lookup_helper(R, d, kind), n, a);
  if (kind == LK_CONTAINS) return rty_rcall(R, k_id(RTH_dict_contains_i, d), n, a);
  return kcall(R, kind == LK_GET ? RTH_dict_get_ii : RTH_dict_getitem_ii, d, n, a);
}

/* ---- a == b -------------------------------------------------------------------------
 * Python's dict equality: same length, and every key of a is in b with an
 * equal value (rty_eq). One helper graph per pair of dict types walks a's
 * live entries and looks each key up in b with the lookups above; its body
 * uses the rtyper's emitters (lb_rty_begin). The two key types may differ:
 * a's key is converted to b's (char to str, int to float, tuples item by
 * item; the sides swap when b's keys are the narrower ones), keys that
 * can never be equal (int and str, {} with no key type ...) leave only
 * "both empty", anything else is not decided (NULL). */
typedef enum {
  KC_SAME,        /* a's key slot is b's */
  KC_CAST,        /* references of two types: a pointer cast */
  KC_CHAR_STR,    /* a char key, b's keys strs */
  KC_INT_FLOAT,   /* an int/bool key, b's keys floats */
  KC_TUPLE,       /* a new tuple of b's key type, items converted */
  KC_UNKNOWN,
  KC_SWAP,        /* look b's keys up in a instead */
  KC_DISJOINT,    /* no key of a can equal a key of b */
} KeyConv;

/* Keys of different families are never equal. */
static int key_family(Repr *k) {
  switch (k->kind) {
  case RK_INT: case RK_BOOL: case RK_UINT: case RK_FLOAT: return 0;
  case RK_CHAR: case RK_STR: return 1;
  case RK_TUPLE: return 2;
  case RK_VOID: return 3;
  default: return 4;
  }
}

/* Keys (items of tuple keys) of reprs x and y are never equal. None is
 * no dict key (a dict with Void keys stays empty), but a tuple's item of
 * a reference type may be None. */
static bool keys_disjoint(Repr *x, Repr *y, bool item) {
  if (key_family(x) != key_family(y))
    return !item || !((x->kind == RK_VOID && y->ll->kind == LL_PTR) ||
                      (y->kind == RK_VOID && x->ll->kind == LL_PTR));
  if (x->kind != RK_TUPLE || x == y) return false;
  if (x->n != y->n) return true;
  for (uint32_t i = 0; i < x->n; i++)
    if (keys_disjoint(x->items[i], y->items[i], true)) return true;
  return false;
}

/* Tuple items of repr x become items of repr y (rty_convert). */
static bool item_conv(Repr *x, Repr *y) {
  return x == y || (x->kind == RK_CHAR && y->kind == RK_STR) ||
         (x->kind == RK_BOOL && y->kind == RK_INT) || (x->kind == RK_INT && y->kind == RK_FLOAT);
}

/* How a key of repr ka becomes a key of repr kb, or KC_UNKNOWN. */
static KeyConv key_conv1(Repr *ka, Repr *kb) {
  if (ka == kb) return KC_SAME;
  int x = key_kind(ka), y = key_kind(kb);
  bool va = ka->kind == RK_VOID, vb = kb->kind == RK_VOID;
  if (x == y && x != 4 && !va && !vb)
    return slot_of(ka) == 'p' && ka->ll != kb->ll ? KC_CAST : KC_SAME;
  if (ka->kind == RK_CHAR && kb->kind == RK_STR) return KC_CHAR_STR;
  if (x == 0 && !va && kb->kind == RK_FLOAT) return KC_INT_FLOAT;
  if (x == 4 && y == 4 && ka->n == kb->n) {
    for (uint32_t i = 0; i < ka->n; i++)
      if (!item_conv(ka->items[i], kb->items[i])) return KC_UNKNOWN;
    return KC_TUPLE;
  }
  return KC_UNKNOWN;
}

static KeyConv key_conv(Repr *ka, Repr *kb) {
  KeyConv c = key_conv1(ka, kb);
  if (c != KC_UNKNOWN) return c;
  if (key_conv1(kb, ka) != KC_UNKNOWN) return KC_SWAP;
  return keys_disjoint(ka, kb, false) ? KC_DISJOINT : KC_UNKNOWN;
}

/* a's key slot k as a key slot of b */
static Value *key_for(RTyper *R, Value *k, Repr *ka, Repr *kb, KeyConv kc) {
  switch (kc) {
  case KC_CAST: return rty_op1(R, LLOP_cast_pointer, kb->ll, k);
  case KC_CHAR_STR: {
    Value *c = from_slot(R, k, ka);
    return rty_rcall(R, RTH_str_from_char, 1, &c);
  }
  case KC_INT_FLOAT: {
    Value *f = rty_op1(R, LLOP_cast_int_to_float, R->L.float_, k);
    return rty_rcall(R, RTH_float_bits, 1, &f);
  }
  case KC_TUPLE: {
    Value *t = rty_op1(R, LLOP_malloc, kb->ll, rty_ctype(R, kb->s));
    for (uint32_t i = 0; i < kb->n; i++) {
      if (kb->items[i]->kind == RK_VOID) continue;
      const char *f = arena_printf(R->A, "item%u", i);
      Value *v = rty_getfield(R, k, f, ka->items[i]->ll);
      rty_op3(R, LLOP_setfield, NULL, t, rty_cname(R, f), rty_convert(R, v, ka->items[i], kb->items[i]));
    }
    return t;
  }
  default: return k;
  }
}

/* Entry i of a (live): unless its key is in b with an equal value, go to
 * `no`. False when the values cannot be compared. */
static bool entry_in(LB *b, Repr *da, Repr *db, KeyConv kc, Value *entries, Value *i, Block *no) {
  RTyper *R = b->R;
  LLType *et = da->arr->item;
  Value *y = lb_arg(b, 1);
  Value *k = rty_op3(R, LLOP_getinteriorfield, et->fields[2].type, entries, i, rty_cname(R, "key"));
  k = key_for(R, k, da->item, db->item, kc);
  or_slow(b, lookup(R, db, LK_CONTAINS, 2, (Value *[]){y, k}), no);
  Value *va = rty_op3(R, LLOP_getinteriorfield, et->fields[3].type, entries, i, rty_cname(R, "value"));
  va = from_slot(R, va, da->value);
  Value *vb = rty_cvoid(R);
  if (db->value->kind != RK_VOID) {
    LLType *vs = db->arr->item->fields[3].type;
    vb = from_slot(R, lookup(R, db, LK_GET, 3, (Value *[]){y, k, lb_zero(R, vs)}), db->value);
  }
  Value *e = rty_eq(R, va, da->value, vb, db->value, false);
  if (!e) return false;
  or_slow(b, e, no);
  return true;
}

/* for each live entry of a: entry_in; then true */
static bool entries_in(LB *b, Repr *da, Repr *db, KeyConv kc, Block *no) {
  RTyper *R = b->R;
  LLType *S = R->L.signed_;
  Value *x = lb_arg(b, 0);
  Value *entries = rty_getfield(R, x, "entries", da->s->fields[4].type);
  Value *used = rty_getfield(R, x, "used", S);
  Block *loop = lb_block(b, 1, &S);
  lb_jump(b, loop, 1, (Value *[]){rty_cint(R, 0)});
  lb_at(b, loop);
  Value *i = loop->inputs[0];
  Block *done = lb_if(b, rty_op2(R, LLOP_int_lt, R->L.bool_, i, used));
  Value *i1 = rty_op2(R, LLOP_int_add, S, i, rty_cint(R, 1));
  Value *live = rty_op3(R, LLOP_getinteriorfield, S, entries, i, rty_cname(R, "live"));
  Block *dead = lb_if(b, rty_op1(R, LLOP_int_is_true, R->L.bool_, live));
  if (!entry_in(b, da, db, kc, entries, i, no)) return false;
  lb_jump(b, loop, 1, &i1);
  lb_at(b, dead);
  lb_jump(b, loop, 1, &i1);
  lb_at(b, done);
  lb_return(b, rty_cbool(R, true));
  return true;
}

/* ll_dict_eq_A_B(a, b); NULL when the values cannot be compared */
static LLFunc *dict_eq_func(RTyper *R, Repr *da, Repr *db, KeyConv kc) {
  const char *name = arena_printf(R->A, "dict_eq_%u_%u", da->s->id, db->s->id);
  LLFunc *f = lb_cached(R, name);
  if (f) return f;
  LLType *B = R->L.bool_, *S = R->L.signed_;
  LLType *ps[2] = {da->ll, db->ll};
  LB b = lb_begin(R, name, B, 2, ps, LLFX_CANMALLOC);
  lb_rty_begin(&b);
  Value *x = lb_arg(&b, 0), *y = lb_arg(&b, 1);
  Block *no = lb_block(&b, 0, NULL);
  Block *notsame = lb_if(&b, rty_op2(R, LLOP_ptr_eq, B, x, y));
  lb_return(&b, rty_cbool(R, true));
  lb_at(&b, notsame);
  or_slow(&b, rty_op1(R, LLOP_ptr_nonzero, B, x), no);
  or_slow(&b, rty_op1(R, LLOP_ptr_nonzero, B, y), no);
  Value *n = rty_getfield(R, x, "length", S);
  or_slow(&b, rty_op2(R, LLOP_int_eq, B, n, rty_getfield(R, y, "length", S)), no);
  if (kc == KC_DISJOINT) {
    lb_return(&b, rty_op2(R, LLOP_int_eq, B, n, rty_cint(R, 0)));
  } else if (!entries_in(&b, da, db, kc, no)) {
    lb_abandon(&b);
    return NULL;
  }
  lb_at(&b, no);
  lb_return(&b, rty_cbool(R, false));
  lb_rty_end(&b);
  return lb_end(&b);
}

/* a == b for two dicts (reprs da, db), or NULL when it cannot be decided. */
Value *rty_dict_eq(RTyper *R, Repr *da, Value *a, Repr *db, Value *b);
Value *rty_dict_eq(RTyper *R, Repr *da, Value *a, Repr *db, Value *b) {
  KeyConv kc = key_conv(da->item, db->item);
  if (kc == KC_SWAP) {
    Repr *tr = da; da = db; db = tr;
    Value *t = a; a = b; b = t;
    kc = key_conv(da->item, db->item);
  }
  LLFunc *f = kc == KC_UNKNOWN ? NULL : dict_eq_func(R, da, db, kc);
  return f ? rty_call(R, f, 2, (Value *[]){a, b}) : NULL;
}

/* The helper a == b for dicts of one repr (NULL: the values cannot be compared). */
LLFunc *rty_dict_eq_func(RTyper *R, Repr *d);
LLFunc *rty_dict_eq_func(RTyper *R, Repr *d) { return dict_eq_func(R, d, d, KC_SAME); }

static Value *dict_method(RTyper *R, Op *op, BiId id, Value *dv, Repr *d, uint32_t n, Value **args) {
  Value *k = n ? key_to_slot(R, in_repr(R, args[0], d->item), d->item) : NULL;
  switch (id) {
  case BI_dict_get: case BI_dict_setdefault: {
    Value *dflt = n > 1 ? in_repr(R, args[1], d->value) : rty_const(R, const_none(R->A), d->value);
    Value *a[3] = {dv, k, to_slot(R, dflt, d->value)};
    if (id == BI_dict_get) return from_slot(R, lookup(R, d, LK_GET, 3, a), d->value);
    return from_slot(R, kcall(R, RTH_dict_setdefault_ii, d, 3, a), d->value);
  }
  case BI_dict_pop: {
    if (n > 1) {
      Value *a[3] = {dv, k, to_slot(R, in_repr(R, args[1], d->value), d->value)};
      return from_slot(R, kcall(R, RTH_dict_popd_ii, d, 3, a), d->value);
    }
    Value *a[2] = {dv, k};
    return from_slot(R, kcall(R, RTH_dict_pop_ii, d, 2, a), d->value);
  }
  case BI_dict_keys: return dict_list(R, dv, rty_vrepr(R, op->result), 0);
  case BI_dict_values: return dict_list(R, dv, rty_vrepr(R, op->result), 1);
  case BI_dict_items: {
    Repr *lr = rty_vrepr(R, op->result);
    return rty_call(R, items_helper(R, d, lr), 1, &dv);
  }
  case BI_dict_clear: rty_rcall(R, RTH_dict_clear, 1, &dv); return rty_cvoid(R);
  case BI_dict_copy: return rty_op1(R, LLOP_cast_pointer, d->ll, rty_rcall(R, RTH_dict_copy, 1, &dv));
  default: return NULL;
  }
}

bool rty_dict_builtin(RTyper *R, Op *op, BiId id, Value *self, uint32_t n, Value **args);
bool rty_dict_builtin(RTyper *R, Op *op, BiId id, Value *self, uint32_t n, Value **args) {
  Repr *d = rty_vrepr(R, self);
  Value *r = dict_method(R, op, id, self, d, n, args);
  if (!r) return false;
  rty_done(R, op, r->ll && ((LLType *)r->ll)->kind != LL_VOID ? r : NULL);
  return true;
}

bool rty_dict_op(RTyper *R, Op *op);
bool rty_dict_op(RTyper *R, Op *op) {
  HlOp h = (HlOp)op->opc;
  if (h == HL_newdict) {
    Repr *d = rty_vrepr(R, op->result);
    if (d->kind != RK_DICT) {  /* never reached: code after a raise that always happens */
      rty_done(R, op, NULL);
      return true;
    }
    Value *dv = new_dict(R, d);
    for (uint32_t i = 0; i + 1 < op->nargs; i += 2) {
      Value *a[3] = {dv, key_to_slot(R, in_repr(R, op->args[i], d->item), d->item),
                     to_slot(R, in_repr(R, op->args[i + 1], d->value), d->value)};
      kcall(R, RTH_dict_setitem_ii, d, 3, a);
    }
    if (op->nargs) rty_op1(R, LLOP_same_as, d->ll, dv);
    rty_done(R, op, dv);
    return true;
  }
  if (h == HL_iter || h == HL_next) {
    Repr *ir = h == HL_iter ? rty_vrepr(R, op->result) : rty_argr(R, op, 0);
    if (ir->kind != RK_ITER || ir->itkind != IT_DICT) return false;
    if (h == HL_iter) {
      Value *dv = rty_arg(R, op, 0);
      rty_done(R, op, rty_op1(R, LLOP_cast_pointer, ir->ll, rty_rcall(R, RTH_dict_iter, 1, &dv)));
      return true;
    }
    Value *it = rty_arg(R, op, 0);
    Value *ip = rty_op1(R, LLOP_cast_pointer, R->F.object_ptr, it);
    Value *i = rty_rcall(R, RTH_dict_next, 1, &ip);
    Value *dv = rty_getfield(R, it, "d", ir->cont->ll);
    Value *a[2] = {dv, i};
    Value *k = rty_rcall(R, k_id(RTH_dict_key_at_i, ir->cont), 2, a);
    /* the call that may raise must stay last: the key load moves after it */
    rty_done(R, op, key_from_slot(R, k, ir->cont->item));
    return true;
  }
  if (op->nargs < 2) return false;
  if (h != HL_getitem && h != HL_setitem && h != HL_delitem && h != HL_contains) return false;
  Repr *d = rty_argr(R, op, 0);
  if (d->kind != RK_DICT) return false;
  Value *dv = rty_arg(R, op, 0);
  Value *k = key_to_slot(R, in_repr(R, op->args[1], d->item), d->item);
  switch (h) {
  case HL_getitem: {
    Value *a[2] = {dv, k};
    rty_done(R, op, from_slot(R, lookup(R, d, LK_GETITEM, 2, a), d->value));
    return true;
  }
  case HL_setitem: {
    Value *a[3] = {dv, k, to_slot(R, in_repr(R, op->args[2], d->value), d->value)};
    kcall(R, RTH_dict_setitem_ii, d, 3, a);
    rty_done(R, op, NULL);
    return true;
  }
  case HL_delitem: {
    Value *a[2] = {dv, k};
    rty_rcall(R, k_id(RTH_dict_delitem_i, d), 2, a);
    rty_done(R, op, NULL);
    return true;
  }
  case HL_contains: {
    Value *a[2] = {dv, k};
    rty_done(R, op, lookup(R, d, LK_CONTAINS, 2, a));
    return true;
  }
  default: return false;
  }
}

/* A prebuilt dict: entries only (the runtime indexes it at first use). */
Value *rty_dict_const(RTyper *R, PbDict *pd, Repr *d, Loc loc);
Value *rty_dict_const(RTyper *R, PbDict *pd, Repr *d, Loc loc) {
  LLPrebuilt *o = hmap_get(&R->objs, HKEY(&pd->h));
  if (o) return rty_cobj(R, o, d->ll);
  o = arena_alloc(R->A, sizeof *o);
  hmap_put(&R->objs, HKEY(&pd->h), o);
  o->type = d->s;
  o->name = arena_printf(R->A, "dict.%u", pd->h.id);
  o->nfields = d->s->nfields;
  o->fields = arena_alloc_array(R->A, o->nfields, sizeof *o->fields);
  LLPrebuilt *ea = arena_alloc(R->A, sizeof *ea);
  ea->type = d->arr;
  ea->name = arena_printf(R->A, "dictentries.%u", pd->h.id);
  ea->items = arena_alloc_array(R->A, pd->len + 1, sizeof *ea->items);
  LLType *et = d->arr->item;
  for (uint32_t i = 0; i < pd->nent; i++) {
    PbDictEntry *pe = &pd->ent[i];
    if (!pe->live) continue;
    LLPrebuilt *e = arena_alloc(R->A, sizeof *e);
    e->type = et;
    e->name = arena_printf(R->A, "dictentry.%u.%u", pd->h.id, i);
    e->nfields = 4;
    e->fields = arena_alloc_array(R->A, 4, sizeof *e->fields);
    e->fields[0] = rty_cint(R, 0);
    e->fields[1] = rty_cint(R, 1);
    Value *k = rty_dyn_const(R, pe->key, d->item, loc);
    Value *v = rty_dyn_const(R, pe->val, d->value, loc);
    e->fields[2] = slot_of(d->item) == 'p' ? k : rty_cint(R, const_slot(k));
    e->fields[3] = slot_of(d->value) != 'i' ? v : rty_cint(R, v->ckind == CONST_INT || v->ckind == CONST_BOOL ? v->u.i : 0);
    ea->items[ea->nitems++] = rty_cobj(R, e, et);
  }
  Value *f[8] = {rty_cint(R, pd->len), rty_cint(R, dict_kind(d)), rty_cint(R, ea->nitems),
                 rty_cint(R, ea->nitems), rty_cobj(R, ea, d->s->fields[4].type),
                 rty_cnull(R, d->s->fields[5].type), rty_cint(R, 0),
                 d->kops_t ? keyops(R, d) : rty_cint(R, 0)};
  memcpy(o->fields, f, sizeof f);
  return rty_cobj(R, o, d->ll);
}
