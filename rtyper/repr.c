/* repr.c — choosing the representation of an annotation (docs/rtyper.md
 * has the table). Reprs are made once per distinct shape: per list/dict
 * definition (union-find root), per class, per tuple of item reprs. */
#include <stdarg.h>
#include <string.h>

#include "rtyint.h"

Repr *rty_dict_repr(RTyper *R, Ann *a);

void rty_error(RTyper *R, Loc loc, const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  diag_error(R->D, loc, "%s", buf);
  R->nerrors++;
}

const char *rty_name(RTyper *R, const char *s) { return intern_cstr(R->I, s); }

LLType *rty_struct(RTyper *R, const char *name, bool gc, uint32_t n,
                   const char **names, LLType **types) {
  LLField *f = arena_alloc_array(R->A, n ? n : 1, sizeof *f);
  uint32_t k = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (types[i]->kind == LL_VOID) continue;
    f[k].name = rty_name(R, names[i]);
    f[k++].type = types[i];
  }
  LLType *t = lltype_struct(&R->L, rty_name(R, name), gc, k, f);
  lltype_layout(t);
  return t;
}

static Repr *new_repr(RTyper *R, ReprKind k, LLType *ll) {
  Repr *r = arena_alloc(R->A, sizeof *r);
  r->kind = (uint8_t)k;
  r->ll = ll;
  if (ll && ll->kind == LL_PTR) r->s = ll->to;
  return r;
}

Repr *rty_list_repr(RTyper *R, Repr *item, bool fixed) {
  LLType *arr = NULL;  /* one GcArray type per item: a fixed-size list and a
                          resizable list's items share it (and the JIT's
                          array descr), as RPython's GcArray(ITEM) */
  for (unsigned i = 0; i < R->misc.len; i++) {
    Repr *r = R->misc.data[i];
    if (r->kind != RK_LIST || r->item != item) continue;
    if (r->fixed == fixed) return r;
    arr = r->arr;
  }
  if (!arr) {
    arr = lltype_array(&R->L, item->kind == RK_VOID ? R->L.bool_ : item->ll, true, false);
    lltype_layout(arr);
  }
  Repr *r;
  if (fixed) {
    r = new_repr(R, RK_LIST, lltype_ptr(&R->L, arr));
  } else {
    const char *names[] = {"length", "items"};
    LLType *types[] = {R->L.signed_, lltype_ptr(&R->L, arr)};
    char nm[64];
    snprintf(nm, sizeof nm, "list_%u", R->misc.len);
    r = new_repr(R, RK_LIST, lltype_ptr(&R->L, rty_struct(R, nm, true, 2, names, types)));
  }
  r->arr = arr;
  r->item = item;
  r->fixed = fixed;
  vec_push(R->A, R->misc, r);
  return r;
}

static Repr *list_repr(RTyper *R, Ann *a) {
  ListDef *ld = ann_listdef(a->u.list);
  Repr *r = hmap_get(&R->lists, HKEY(ld));
  if (r) return r;
  Repr *item = rty_repr(R, ld->item);
  /* a list never resized is a bare GcArray (RPython's fixed-size list):
   * one object, one load less per item; the annotator keeps lists that C
   * builds (argv, split, dict views) resizable */
  r = rty_list_repr(R, item, !ld->resized);
  hmap_put(&R->lists, HKEY(ld), r);
  return r;
}

static Repr *tuple_repr(RTyper *R, Ann *a) {
  Repr **items = arena_alloc_array(R->A, a->n ? a->n : 1, sizeof *items);
  for (uint32_t i = 0; i < a->n; i++) items[i] = rty_repr(R, a->u.items[i]);
  for (unsigned k = 0; k < R->tuples.len; k++) {
    Repr *t = R->tuples.data[k];
    if (t->n == a->n && !memcmp(t->items, items, a->n * sizeof *items)) return t;
  }
  const char **names = arena_alloc_array(R->A, a->n + 1, sizeof *names);
  LLType **types = arena_alloc_array(R->A, a->n + 1, sizeof *types);
  for (uint32_t i = 0; i < a->n; i++) {
    names[i] = arena_printf(R->A, "item%u", i);
    types[i] = items[i]->ll;
  }
  char nm[64];
  snprintf(nm, sizeof nm, "tuple%u_%u", a->n, R->tuples.len);
  LLType *s = rty_struct(R, nm, true, a->n, names, types);
  s->immutable = true;
  Repr *r = new_repr(R, RK_TUPLE, lltype_ptr(&R->L, s));
  r->items = items;
  r->n = a->n;
  vec_push(R->A, R->tuples, r);
  return r;
}

static Repr *misc_find(RTyper *R, ReprKind k, Repr *cont, uint8_t sub) {
  for (unsigned i = 0; i < R->misc.len; i++) {
    Repr *r = R->misc.data[i];
    if (r->kind == k && r->cont == cont && r->itkind == sub) return r;
  }
  return NULL;
}

static Repr *range_repr(RTyper *R) {
  Repr *r = misc_find(R, RK_RANGE, NULL, 0);
  if (r) return r;
  const char *names[] = {"start", "stop", "step"};
  LLType *types[] = {R->L.signed_, R->L.signed_, R->L.signed_};
  r = new_repr(R, RK_RANGE, lltype_ptr(&R->L, rty_struct(R, "range", true, 3, names, types)));
  r->item = R->r_int;
  vec_push(R->A, R->misc, r);
  return r;
}

/* Iterators: {index, container} (ranges: {next, stop, step}; zip: a
 * second container; dicts: runtime/rt_rdict.h's RlDictIter). */
static Repr *iter_repr(RTyper *R, Ann *a) {
  Repr *cont = a->sub == IT_RANGE ? range_repr(R) : rty_repr(R, a->u.it.a);
  Repr *cont2 = a->sub == IT_ZIP ? rty_repr(R, a->u.it.b) : NULL;
  for (unsigned i = 0; i < R->misc.len; i++) {
    Repr *r = R->misc.data[i];
    if (r->kind == RK_ITER && r->cont == cont && r->itkind == a->sub && r->value == cont2) return r;
  }
  LLType *s;
  if (a->sub == IT_DICT) {
    const char *names[] = {"d", "pos", "length0"};
    LLType *types[] = {cont->ll, R->L.signed_, R->L.signed_};
    s = rty_struct(R, "dict_iter", true, 3, names, types);
  } else if (a->sub == IT_RANGE) {
    const char *names[] = {"next", "stop", "step"};
    LLType *types[] = {R->L.signed_, R->L.signed_, R->L.signed_};
    s = rty_struct(R, "range_iter", true, 3, names, types);
  } else {
    const char *names[] = {"index", "cont", "cont2"};
    LLType *types[] = {R->L.signed_, cont->ll, cont2 ? cont2->ll : R->L.void_};
    char nm[64];
    snprintf(nm, sizeof nm, "iter_%u", R->misc.len);
    s = rty_struct(R, nm, true, 3, names, types);
  }
  Repr *r = new_repr(R, RK_ITER, lltype_ptr(&R->L, s));
  r->cont = cont;
  r->value = cont2;
  r->itkind = a->sub;
  r->item = a->sub == IT_RANGE ? R->r_int
          : a->sub == IT_TUPLE ? rty_repr(R, ann_iter_item(R->AN, a, R->loc))
          : cont->kind == RK_STR ? R->r_char
          : cont->kind == RK_DICT ? cont->item
          : cont->item;
  vec_push(R->A, R->misc, r);
  return r;
}

static Repr *sbuilder_repr(RTyper *R) {
  Repr *r = misc_find(R, RK_SBUILDER, NULL, 0);
  if (r) return r;
  const char *names[] = {"length", "buf"};
  LLType *types[] = {R->L.signed_, R->F.str_ptr};
  r = new_repr(R, RK_SBUILDER,
               lltype_ptr(&R->L, rty_struct(R, "strbuilder", true, 2, names, types)));
  vec_push(R->A, R->misc, r);
  return r;
}

/* open()'s file: runtime/rt_io.h's RlFile, opaque to the rtyper */
static Repr *file_repr(RTyper *R) {
  Repr *r = misc_find(R, RK_FILE, NULL, 0);
  if (r) return r;
  const char *names[] = {"fd", "mode", "rbuf", "rpos", "rlen"};
  LLType *S = R->L.signed_;
  LLType *types[] = {S, S, R->F.str_ptr, S, S};
  r = new_repr(R, RK_FILE, lltype_ptr(&R->L, rty_struct(R, "rlfile", true, 5, names, types)));
  vec_push(R->A, R->misc, r);
  return r;
}

/* Functions as values: Void for one, else a pointer to the first's type. */
static Repr *pbc_repr(RTyper *R, Ann *a) {
  Desc *d0 = a->u.descs[0];
  switch (d0->kind) {
  case DESC_METHOD:
    return rty_repr(R, ann_instance(R->AN, d0->u.meth.self, false, a->origin));
  case DESC_CLASS:
    if (a->n == 1) return R->r_void;
    Repr *c = new_repr(R, RK_CLASS, R->F.vtable_ptr);
    return c;
  case DESC_FUNC:
    if (a->n == 1) return R->r_void;
    break;
  default:
    return R->r_void;
  }
  for (unsigned i = 0; i < R->misc.len; i++) {
    Repr *r = R->misc.data[i];
    if (r->kind == RK_FUNCS && r->n == a->n &&
        !memcmp(r->descs, a->u.descs, a->n * sizeof *a->u.descs))
      return r;
  }
  FuncDesc *fd = d0->u.func;
  LLFunc *f = fd->graphs.len ? rty_graph_func(R, fd->graphs.data[0]) : NULL;
  Repr *r = new_repr(R, RK_FUNCS, f ? lltype_ptr(&R->L, f->type) : R->F.vtable_ptr);
  r->descs = a->u.descs;
  r->n = a->n;
  vec_push(R->A, R->misc, r);
  return r;
}

Repr *rty_repr(RTyper *R, Ann *a) {
  if (!a) return R->r_void;
  switch ((AnnKind)a->kind) {
  case ANN_IMPOSSIBLE: case ANN_NONE: return R->r_void;
  case ANN_BOOL: return R->r_bool;
  case ANN_INT: return (a->flags & AF_UNSIGNED) ? R->r_uint : R->r_int;
  case ANN_FLOAT: return R->r_float;
  case ANN_CHAR: return R->r_char;
  case ANN_STR: return R->r_str;
  case ANN_LIST: return list_repr(R, a);
  case ANN_TUPLE: return tuple_repr(R, a);
  case ANN_INSTANCE: {
    return rty_class(R, a->u.cls)->rinst;
  }
  case ANN_TYPE: {
    Repr *r = new_repr(R, RK_CLASS, R->F.vtable_ptr);
    r->cls = rty_class(R, a->u.cls);
    return r;
  }
  case ANN_PBC: return pbc_repr(R, a);
  case ANN_BUILTIN:
    if (a->u.bi.self) return rty_repr(R, a->u.bi.self);
    return R->r_void;
  case ANN_ITER: return iter_repr(R, a);
  case ANN_RANGE: return range_repr(R);
  case ANN_SBUILDER: return sbuilder_repr(R);
  case ANN_DICT: return rty_dict_repr(R, a);
  case ANN_FILE: return file_repr(R);
  case ANN_KIND_COUNT: break;
  }
  rty_error(R, a->origin, "%s values are not supported by the rtyper yet",
            ann_describe(R->AN, a));
  return R->r_void;
}

Repr *rty_vrepr(RTyper *R, Value *v) {
  Ann *a = v->kind == VAL_VAR ? ann_of(v) : ann_value(R->AN, v);
  return rty_repr(R, a);
}

Repr *rty_repr_of(RTyper *R, Ann *a) { return rty_repr(R, a); }
LLType *rty_repr_lltype(const Repr *r) { return r->ll; }
