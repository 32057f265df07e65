/* items.c — indexing, slicing, `in`, len() and iteration over dynamic values,
 * with Python's index rules and messages. Lists iterate by index, re-reading
 * their length; dicts raise RuntimeError when resized during iteration. */
#include <string.h>

#include "pbint.h"
#include "runtime/text/rt_str.h"

typedef struct PbIter {
  PbObj h;
  uint8_t kind;          /* PBI_* */
  bool range_obj;        /* a range() object: iter() copies it */
  Dyn src, src2;         /* iterated value(s) (inner iterators for enumerate/zip) */
  int64_t i, stop, step; /* position; range bounds */
  uint32_t version;      /* dicts: version when iteration started */
} PbIter;

Dyn pb_iter_new(Prebuild *PB, int kind, Dyn src, int64_t i, int64_t stop, int64_t step) {
  PbIter *it = pb_alloc(PB, sizeof(PbIter), PB_ITER);
  it->kind = (uint8_t)kind;
  it->src = src;
  it->i = i;
  it->stop = stop;
  it->step = step;
  if (dyn_is(src, PB_DICT)) it->version = DYN_DICT(src)->version;
  return dyn_obj(it);
}

static int64_t range_len(const PbIter *r) {
  if (r->step > 0 && r->i < r->stop)
    return (int64_t)(((uint64_t)r->stop - (uint64_t)r->i - 1) / (uint64_t)r->step + 1);
  if (r->step < 0 && r->i > r->stop)
    return (int64_t)(((uint64_t)r->i - (uint64_t)r->stop - 1) / (0 - (uint64_t)r->step) + 1);
  return 0;
}

bool pb_len(Prebuild *PB, Dyn a, int64_t *n) {
  if (a.kind == DK_OBJ) {
    switch ((PbType)a.o->type) {
    case PB_STR: *n = DYN_STR(a)->len; return true;
    case PB_LIST: *n = DYN_LIST(a)->len; return true;
    case PB_TUPLE: *n = DYN_TUPLE(a)->len; return true;
    case PB_DICT: *n = DYN_DICT(a)->len; return true;
    case PB_ITER:
      if (((PbIter *)a.o)->range_obj) { *n = range_len((PbIter *)a.o); return true; }
      break;
    default: break;
    }
  }
  return pb_type_error(PB, "object of type '%s' has no len()", a);
}

bool pb_index_of(Prebuild *PB, Dyn k, int64_t *i) {
  *i = 0;
  if (k.kind == DK_INT || k.kind == DK_BOOL) { *i = k.i; return true; }
  if (k.kind == DK_UINT) { *i = (int64_t)k.u; return true; }
  (void)PB;
  return false;
}

static Dyn char_str(Prebuild *PB, unsigned char c) {
  if (!PB->chars[c]) PB->chars[c] = (PbStr *)pb_str(PB, (const char *)&c, 1).o;
  return dyn_obj(PB->chars[c]);
}

/* Normalizes an index into [0, len); false (IndexError raised) outside. */
static bool seq_index(Prebuild *PB, Dyn a, Dyn k, uint32_t len, const char *what,
                      int64_t *out) {
  int64_t i;
  if (!pb_index_of(PB, k, &i)) {
    if (dyn_is(a, PB_STR)) return pb_raise(PB, PBX_TypeError, "string indices must be integers");
    return pb_raise(PB, PBX_TypeError, "%s indices must be integers or slices, not %s",
                    pb_type_name(a), pb_type_name(k));
  }
  if (i < 0) i += len;
  if (i < 0 || i >= (int64_t)len) return pb_raise(PB, PBX_IndexError, "%s", what);
  *out = i;
  return true;
}

bool pb_getitem(Prebuild *PB, Dyn a, Dyn k, Dyn *out) {
  int64_t i;
  bool found;
  switch (a.kind == DK_OBJ ? a.o->type : PB_ITER) {
  case PB_LIST:
    if (!seq_index(PB, a, k, DYN_LIST(a)->len, "list index out of range", &i)) return false;
    *out = DYN_LIST(a)->items[i];
    return true;
  case PB_TUPLE:
    if (!seq_index(PB, a, k, DYN_TUPLE(a)->len, "tuple index out of range", &i)) return false;
    *out = DYN_TUPLE(a)->items[i];
    return true;
  case PB_STR:
    if (!seq_index(PB, a, k, DYN_STR(a)->len, "string index out of range", &i)) return false;
    *out = char_str(PB, (unsigned char)DYN_STR(a)->s[i]);
    return true;
  case PB_DICT:
    if (!pb_dict_get(PB, DYN_DICT(a), k, out, &found)) return false;
    return found || pb_raise_dyn(PB, PBX_KeyError, k);
  case PB_ITER:
    if (a.kind == DK_OBJ && ((PbIter *)a.o)->range_obj) {  /* range(...)[k] */
      const PbIter *r = (const PbIter *)a.o;
      int64_t n = range_len(r);
      if (!seq_index(PB, a, k, (uint32_t)(n > UINT32_MAX ? UINT32_MAX : n),
                     "range object index out of range", &i))
        return false;
      *out = dyn_int((int64_t)((uint64_t)r->i + (uint64_t)i * (uint64_t)r->step));
      return true;
    }
    return pb_type_error(PB, "'%s' object is not subscriptable", a);
  default:
    return pb_type_error(PB, "'%s' object is not subscriptable", a);
  }
}

bool pb_setitem(Prebuild *PB, Dyn a, Dyn k, Dyn v) {
  int64_t i;
  if (dyn_is(a, PB_LIST)) {
    if (!seq_index(PB, a, k, DYN_LIST(a)->len, "list assignment index out of range", &i))
      return false;
    DYN_LIST(a)->items[i] = v;
    return true;
  }
  if (dyn_is(a, PB_DICT)) return pb_dict_set(PB, DYN_DICT(a), k, v);
  return pb_type_error(PB, "'%s' object does not support item assignment", a);
}

static void list_remove_range(PbList *l, uint32_t lo, uint32_t hi) {
  memmove(l->items + lo, l->items + hi, (l->len - hi) * sizeof(Dyn));
  l->len -= hi - lo;
}

bool pb_delitem(Prebuild *PB, Dyn a, Dyn k) {
  int64_t i;
  bool found;
  if (dyn_is(a, PB_LIST)) {
    if (!seq_index(PB, a, k, DYN_LIST(a)->len, "list assignment index out of range", &i))
      return false;
    list_remove_range(DYN_LIST(a), (uint32_t)i, (uint32_t)i + 1);
    return true;
  }
  if (dyn_is(a, PB_DICT)) {
    if (!pb_dict_del(PB, DYN_DICT(a), k, NULL, &found)) return false;
    return found || pb_raise_dyn(PB, PBX_KeyError, k);
  }
  return pb_type_error(PB, "'%s' object doesn't support item deletion", a);
}

/* ---- slices ---------------------------------------------------------------------- */
static bool slice_bound(Prebuild *PB, Dyn b, int64_t len, int64_t dflt, int64_t *out) {
  int64_t i;
  *out = dflt;
  if (b.kind == DK_NONE) return true;
  if (!pb_index_of(PB, b, &i))
    return pb_raise(PB, PBX_TypeError, "slice indices must be integers or None or have an __index__ method");
  if (i < 0) { i += len; if (i < 0) i = 0; }
  if (i > len) i = len;
  *out = i;
  return true;
}

static bool slice_range(Prebuild *PB, int64_t len, Dyn lo, Dyn hi, uint32_t *start,
                        uint32_t *stop) {
  int64_t a = 0, b = 0;
  if (!slice_bound(PB, lo, len, 0, &a) || !slice_bound(PB, hi, len, len, &b)) return false;
  if (b < a) b = a;
  *start = (uint32_t)a;
  *stop = (uint32_t)b;
  return true;
}

bool pb_getslice(Prebuild *PB, Dyn a, Dyn lo, Dyn hi, Dyn *out) {
  uint32_t s, e;
  int64_t len;
  if (!dyn_is(a, PB_LIST) && !dyn_is(a, PB_TUPLE) && !dyn_is(a, PB_STR))
    return pb_type_error(PB, "'%s' object is not subscriptable", a);
  if (!pb_len(PB, a, &len) || !slice_range(PB, len, lo, hi, &s, &e)) return false;
  if (dyn_is(a, PB_STR)) { *out = pb_str(PB, DYN_STR(a)->s + s, e - s); return true; }
  const Dyn *src = dyn_is(a, PB_LIST) ? DYN_LIST(a)->items : DYN_TUPLE(a)->items;
  *out = dyn_is(a, PB_LIST) ? pb_list(PB, e - s) : pb_tuple(PB, e - s);
  Dyn *dst = dyn_is(a, PB_LIST) ? DYN_LIST(*out)->items : DYN_TUPLE(*out)->items;
  if (e > s) memcpy(dst, src + s, (e - s) * sizeof(Dyn));
  return true;
}

bool pb_setslice(Prebuild *PB, Dyn a, Dyn lo, Dyn hi, Dyn v) {
  uint32_t s, e;
  PbList *items;
  if (!dyn_is(a, PB_LIST)) return pb_type_error(PB, "'%s' object does not support slice assignment", a);
  PbList *l = DYN_LIST(a);
  if (!slice_range(PB, l->len, lo, hi, &s, &e)) return false;
  if (!pb_to_list(PB, v, &items)) {
    if (pb_exc_is(PB, PBX_TypeError)) {
      pb_clear_exc(PB);
      return pb_raise(PB, PBX_TypeError, "can only assign an iterable");
    }
    return false;
  }
  uint32_t n = items->len, tail = l->len - e;
  pb_list_reserve(PB, l, l->len - (e - s) + n);
  memmove(l->items + s + n, l->items + e, tail * sizeof(Dyn));
  if (n) memcpy(l->items + s, items->items, n * sizeof(Dyn));
  l->len = s + n + tail;
  return true;
}

bool pb_delslice(Prebuild *PB, Dyn a, Dyn lo, Dyn hi) {
  uint32_t s, e;
  if (!dyn_is(a, PB_LIST)) return pb_type_error(PB, "'%s' object doesn't support item deletion", a);
  if (!slice_range(PB, DYN_LIST(a)->len, lo, hi, &s, &e)) return false;
  list_remove_range(DYN_LIST(a), s, e);
  return true;
}

/* ---- in ---------------------------------------------------------------------------- */
static bool seq_contains(Prebuild *PB, const Dyn *items, uint32_t n, Dyn x, bool *res) {
  *res = false;
  for (uint32_t i = 0; i < n && !*res; i++)
    if (!pb_eq(PB, items[i], x, res)) return false;
  return true;
}

bool pb_contains(Prebuild *PB, Dyn c, Dyn x, bool *res) {
  Dyn v;
  switch (c.kind == DK_OBJ ? c.o->type : PB_INST) {
  case PB_LIST: return seq_contains(PB, DYN_LIST(c)->items, DYN_LIST(c)->len, x, res);
  case PB_TUPLE: return seq_contains(PB, DYN_TUPLE(c)->items, DYN_TUPLE(c)->len, x, res);
  case PB_DICT: return pb_dict_get(PB, DYN_DICT(c), x, &v, res);
  case PB_STR:
    if (!dyn_is(x, PB_STR))
      return pb_type_error(PB, "'in <string>' requires string as left operand, not %s", x);
    *res = rt_str_find(DYN_STR(c)->s, DYN_STR(c)->len, DYN_STR(x)->s, DYN_STR(x)->len) >= 0;
    return true;
  case PB_ITER: {
    PbList *l;
    return pb_to_list(PB, c, &l) && seq_contains(PB, l->items, l->len, x, res);
  }
  default:
    return pb_type_error(PB, "argument of type '%s' is not iterable", c);
  }
}

/* ---- iteration ---------------------------------------------------------------------- */
bool pb_iter(Prebuild *PB, Dyn a, Dyn *out) {
  switch (a.kind == DK_OBJ ? a.o->type : PB_INST) {
  case PB_LIST: *out = pb_iter_new(PB, PBI_LIST, a, 0, 0, 1); return true;
  case PB_TUPLE: *out = pb_iter_new(PB, PBI_TUPLE, a, 0, 0, 1); return true;
  case PB_STR: *out = pb_iter_new(PB, PBI_STR, a, 0, 0, 1); return true;
  case PB_DICT: *out = pb_iter_new(PB, PBI_DICT_KEYS, a, 0, 0, 1); return true;
  case PB_ITER: {
    PbIter *it = (PbIter *)a.o;
    if (!it->range_obj) { *out = a; return true; }
    *out = pb_iter_new(PB, PBI_RANGE, dyn_none(), it->i, it->stop, it->step);
    return true;
  }
  default: return pb_type_error(PB, "'%s' object is not iterable", a);
  }
}

static bool next_dict(Prebuild *PB, PbIter *it, Dyn *out, bool *done) {
  PbDict *d = DYN_DICT(it->src);
  if (d->version != it->version) {
    it->version = d->version + 1;  /* raise once, then stay exhausted */
    it->i = INT64_MAX;
    return pb_raise(PB, PBX_RuntimeError, "dictionary changed size during iteration");
  }
  while (it->i < d->nent && !d->ent[it->i].live) it->i++;
  if (it->i >= d->nent) { *done = true; return true; }
  PbDictEntry *e = &d->ent[it->i++];
  if (it->kind == PBI_DICT_KEYS) *out = e->key;
  else if (it->kind == PBI_DICT_VALUES) *out = e->val;
  else *out = pb_tuple2(PB, e->key, e->val);
  return true;
}

static bool next_pair(Prebuild *PB, PbIter *it, Dyn *out, bool *done) {
  Dyn a, b;
  if (it->kind == PBI_ENUMERATE) {
    if (!pb_next(PB, it->src, &b, done)) return false;
    if (*done) return true;
    *out = pb_tuple2(PB, dyn_int(it->i++), b);
    return true;
  }
  if (!pb_next(PB, it->src, &a, done)) return false;
  if (*done) return true;
  if (!pb_next(PB, it->src2, &b, done)) return false;
  if (*done) return true;
  *out = pb_tuple2(PB, a, b);
  return true;
}

bool pb_next(Prebuild *PB, Dyn itd, Dyn *out, bool *done) {
  *done = false;
  if (!dyn_is(itd, PB_ITER)) return pb_type_error(PB, "'%s' object is not an iterator", itd);
  PbIter *it = (PbIter *)itd.o;
  switch (it->kind) {
  case PBI_LIST: case PBI_TUPLE: case PBI_STR: {
    int64_t n;
    if (!pb_len(PB, it->src, &n)) return false;
    if (it->i >= n) { *done = true; it->i = INT64_MAX - 1; return true; }
    return pb_getitem(PB, it->src, dyn_int(it->i++), out);
  }
  case PBI_REVERSED:
    if (it->i < 0 || it->i >= DYN_LIST(it->src)->len) { *done = true; it->i = -1; return true; }
    *out = DYN_LIST(it->src)->items[it->i--];
    return true;
  case PBI_RANGE:
    if (it->step > 0 ? it->i >= it->stop : it->i <= it->stop) { *done = true; return true; }
    *out = dyn_int(it->i);
    it->i = (int64_t)((uint64_t)it->i + (uint64_t)it->step);
    if ((it->step > 0 && out->i > it->i) || (it->step < 0 && out->i < it->i)) it->i = it->stop;
    return true;
  case PBI_ENUMERATE: case PBI_ZIP: return next_pair(PB, it, out, done);
  default: return next_dict(PB, it, out, done);
  }
}

Dyn pb_range(Prebuild *PB, int64_t start, int64_t stop, int64_t step) {
  Dyn r = pb_iter_new(PB, PBI_RANGE, dyn_none(), start, stop, step);
  ((PbIter *)r.o)->range_obj = true;
  return r;
}

Dyn pb_iter_pair(Prebuild *PB, int kind, Dyn a, Dyn b, int64_t start) {
  Dyn r = pb_iter_new(PB, kind, a, start, 0, 1);
  ((PbIter *)r.o)->src2 = b;
  return r;
}

bool pb_to_list(Prebuild *PB, Dyn a, PbList **out) {
  Dyn it, v;
  bool done;
  if (!pb_iter(PB, a, &it)) return false;
  PbList *l = (PbList *)pb_list(PB, 0).o;
  if (dyn_is(a, PB_LIST)) pb_list_reserve(PB, l, DYN_LIST(a)->len);
  for (;;) {
    if (!pb_next(PB, it, &v, &done)) return false;
    if (done) break;
    pb_list_push(PB, l, v);
  }
  *out = l;
  return true;
}
