/* dyn.c — dynamic objects: allocation, hashing and equality as CPython,
 * insertion-ordered dicts, attribute maps. */
#include <math.h>
#include <string.h>

#include "pbint.h"
#include "runtime/text/rt_hash.h"

enum { PB_EQ_DEPTH = 400 };  /* nesting of ==/hash over containers */

void *pb_alloc(Prebuild *PB, size_t size, PbType t) {
  PbObj *o = arena_alloc(&PB->heap, size);
  o->type = (uint8_t)t;
  o->id = ++PB->nobjs;
  return o;
}

PbStr *pb_str_alloc(Prebuild *PB, size_t n) {
  if (n > UINT32_MAX - 1) rt_oom();
  PbStr *p = pb_alloc(PB, sizeof(PbStr) + n + 1, PB_STR);
  p->len = (uint32_t)n;
  return p;
}

Dyn pb_str_seal(PbStr *p) {
  p->s[p->len] = '\0';
  p->hash = rt_str_hash(p->s, p->len);
  return dyn_obj(p);
}

Dyn pb_str(Prebuild *PB, const char *s, size_t n) {
  PbStr *p = pb_str_alloc(PB, n);
  if (n) memcpy(p->s, s, n);
  return pb_str_seal(p);
}

Dyn pb_cstr(Prebuild *PB, const char *s) { return pb_str(PB, s, strlen(s)); }

void pb_list_reserve(Prebuild *PB, PbList *l, uint32_t cap) {
  if (cap <= l->cap) return;
  uint32_t ncap = l->cap ? l->cap : 4;
  while (ncap < cap) {
    if (ncap > UINT32_MAX / 2) rt_oom();
    ncap *= 2;
  }
  Dyn *items = arena_alloc_array(&PB->heap, ncap, sizeof(Dyn));
  if (l->len) memcpy(items, l->items, l->len * sizeof(Dyn));
  l->items = items;
  l->cap = ncap;
}

Dyn pb_list(Prebuild *PB, uint32_t n) {
  PbList *l = pb_alloc(PB, sizeof(PbList), PB_LIST);
  pb_list_reserve(PB, l, n);
  for (uint32_t i = 0; i < n; i++) l->items[i] = dyn_none();
  l->len = n;
  return dyn_obj(l);
}

void pb_list_push(Prebuild *PB, PbList *l, Dyn v) {
  if (l->len == l->cap) pb_list_reserve(PB, l, l->len + 1);
  l->items[l->len++] = v;
}

Dyn pb_tuple(Prebuild *PB, uint32_t n) {
  PbTuple *t = pb_alloc(PB, sizeof(PbTuple) + (size_t)n * sizeof(Dyn), PB_TUPLE);
  t->len = n;
  for (uint32_t i = 0; i < n; i++) t->items[i] = dyn_none();
  return dyn_obj(t);
}

Dyn pb_tuple2(Prebuild *PB, Dyn a, Dyn b) {
  Dyn t = pb_tuple(PB, 2);
  DYN_TUPLE(t)->items[0] = a;
  DYN_TUPLE(t)->items[1] = b;
  return t;
}

Dyn pb_dict(Prebuild *PB) { return dyn_obj(pb_alloc(PB, sizeof(PbDict), PB_DICT)); }

/* ---- hashing (CPython's algorithms, modulus 2**61 - 1) ----------------------- */
#define PB_HASH_MOD ((uint64_t)0x1fffffffffffffffULL)

static int64_t fix_hash(int64_t h) { return h == -1 ? -2 : h; }

static int64_t hash_int(int64_t i) {
  uint64_t a = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;
  int64_t h = (int64_t)(a % PB_HASH_MOD);
  return fix_hash(i < 0 ? -h : h);
}

static int64_t hash_float(double v) {
  if (isinf(v)) return v > 0 ? 314159 : -314159;
  if (isnan(v)) return 0;
  int e;
  double m = frexp(v, &e);
  int sign = 1;
  if (m < 0) { sign = -1; m = -m; }
  uint64_t x = 0;
  while (m) {
    x = ((x << 28) & PB_HASH_MOD) | x >> (61 - 28);
    m *= 268435456.0;
    e -= 28;
    uint64_t y = (uint64_t)m;
    m -= (double)y;
    x += y;
    if (x >= PB_HASH_MOD) x -= PB_HASH_MOD;
  }
  e = e >= 0 ? e % 61 : 61 - 1 - ((-1 - e) % 61);
  x = ((x << e) & PB_HASH_MOD) | x >> (61 - e);
  return fix_hash((int64_t)x * sign);
}

static bool hash_depth(Prebuild *PB, Dyn k, int64_t *h, int depth);

static bool hash_tuple(Prebuild *PB, PbTuple *t, int64_t *h, int depth) {
  uint64_t acc = 2870177450012600261ULL;
  for (uint32_t i = 0; i < t->len; i++) {
    int64_t lane;
    if (!hash_depth(PB, t->items[i], &lane, depth + 1)) return false;
    acc += (uint64_t)lane * 14029467366897019727ULL;
    acc = (acc << 31) | (acc >> 33);
    acc *= 11400714785074694791ULL;
  }
  acc += (uint64_t)t->len ^ (2870177450012600261ULL ^ 3527539UL);
  *h = acc == (uint64_t)-1 ? 1546275796 : (int64_t)acc;
  return true;
}

static bool hash_depth(Prebuild *PB, Dyn k, int64_t *h, int depth) {
  if (depth > PB_EQ_DEPTH) return pb_raise(PB, PBX_RecursionError, "maximum recursion depth exceeded");
  switch (k.kind) {
  case DK_NONE: *h = 0x5bd1e995; return true;
  case DK_BOOL: case DK_INT: *h = hash_int(k.i); return true;
  case DK_UINT: *h = fix_hash((int64_t)(k.u % PB_HASH_MOD)); return true;
  case DK_FLOAT: *h = hash_float(k.f); return true;
  default: break;
  }
  switch ((PbType)k.o->type) {
  case PB_STR: *h = DYN_STR(k)->hash; return true;
  case PB_TUPLE: return hash_tuple(PB, DYN_TUPLE(k), h, depth);
  case PB_LIST: case PB_DICT: case PB_BUILDER:
    return pb_type_error(PB, "unhashable type: '%s'", k);
  default: *h = hash_int((int64_t)k.o->id * 16); return true;
  }
}

bool pb_hash(Prebuild *PB, Dyn k, int64_t *h) { return hash_depth(PB, k, h, 0); }

/* ---- equality ------------------------------------------------------------------ */
static bool is_num(Dyn d) { return d.kind >= DK_BOOL && d.kind <= DK_UINT; }

/* Exact comparison of an integer value with a double. */
static bool int_eq_float(int64_t i, double f) {
  if (f != f || f < -9223372036854775808.0 || f >= 9223372036854775808.0) return false;
  return floor(f) == f && (int64_t)f == i;
}

static bool num_eq(Dyn a, Dyn b) {
  if (a.kind == DK_FLOAT && b.kind == DK_FLOAT) return a.f == b.f;
  if (b.kind == DK_FLOAT) { Dyn t = a; a = b; b = t; }
  if (a.kind == DK_FLOAT) {
    if (b.kind == DK_UINT) return a.f >= 0 && a.f == (double)b.u && (uint64_t)a.f == b.u;
    return int_eq_float(b.i, a.f);
  }
  if (a.kind == DK_UINT && b.kind == DK_UINT) return a.u == b.u;
  if (a.kind == DK_UINT) return b.i >= 0 && (uint64_t)b.i == a.u;
  if (b.kind == DK_UINT) return a.i >= 0 && (uint64_t)a.i == b.u;
  return a.i == b.i;
}

static bool eq_depth(Prebuild *PB, Dyn a, Dyn b, bool *res, int depth);

static bool seq_eq(Prebuild *PB, const Dyn *x, uint32_t nx, const Dyn *y,
                   uint32_t ny, bool *res, int depth) {
  *res = nx == ny;
  for (uint32_t i = 0; *res && i < nx; i++)
    if (!eq_depth(PB, x[i], y[i], res, depth + 1)) return false;
  return true;
}

static bool dict_eq(Prebuild *PB, PbDict *x, PbDict *y, bool *res, int depth) {
  *res = x->len == y->len;
  for (uint32_t i = 0; *res && i < x->nent; i++) {
    PbDictEntry *e = &x->ent[i];
    if (!e->live) continue;
    Dyn v;
    bool found;
    if (!pb_dict_get(PB, y, e->key, &v, &found)) return false;
    if (!found) { *res = false; break; }
    if (!eq_depth(PB, e->val, v, res, depth + 1)) return false;
  }
  return true;
}

static bool eq_depth(Prebuild *PB, Dyn a, Dyn b, bool *res, int depth) {
  if (depth > PB_EQ_DEPTH) return pb_raise(PB, PBX_RecursionError, "maximum recursion depth exceeded in comparison");
  if (is_num(a) || is_num(b)) { *res = is_num(a) && is_num(b) && num_eq(a, b); return true; }
  if (a.kind != DK_OBJ || b.kind != DK_OBJ) { *res = a.kind == b.kind; return true; }
  if (a.o == b.o) { *res = true; return true; }
  *res = false;
  if (a.o->type != b.o->type) return true;
  switch ((PbType)a.o->type) {
  case PB_STR:
    *res = DYN_STR(a)->len == DYN_STR(b)->len && DYN_STR(a)->hash == DYN_STR(b)->hash &&
           memcmp(DYN_STR(a)->s, DYN_STR(b)->s, DYN_STR(a)->len) == 0;
    return true;
  case PB_LIST:
    return seq_eq(PB, DYN_LIST(a)->items, DYN_LIST(a)->len, DYN_LIST(b)->items,
                  DYN_LIST(b)->len, res, depth);
  case PB_TUPLE:
    return seq_eq(PB, DYN_TUPLE(a)->items, DYN_TUPLE(a)->len, DYN_TUPLE(b)->items,
                  DYN_TUPLE(b)->len, res, depth);
  case PB_DICT: return dict_eq(PB, DYN_DICT(a), DYN_DICT(b), res, depth);
  case PB_UINTBOX: *res = ((PbUintBox *)a.o)->u == ((PbUintBox *)b.o)->u; return true;
  case PB_METHOD: {
    PbMethod *x = (PbMethod *)a.o, *y = (PbMethod *)b.o;
    *res = x->func == y->func && pb_is(x->self, y->self);
    return true;
  }
  default: return true;
  }
}

bool pb_eq(Prebuild *PB, Dyn a, Dyn b, bool *res) { return eq_depth(PB, a, b, res, 0); }

bool pb_is(Dyn a, Dyn b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
  case DK_NONE: return true;
  case DK_FLOAT: return memcmp(&a.f, &b.f, sizeof a.f) == 0;
  case DK_OBJ: return a.o == b.o;
  default: return a.i == b.i;
  }
}

/* ---- dicts -------------------------------------------------------------------- */
/* Finds k: returns true with *slot its index slot (entry index + 1 in it) when
 * present; else *slot is the first empty slot. */
static bool dict_find(Prebuild *PB, PbDict *d, Dyn k, int64_t h, uint32_t *slot,
                      bool *found) {
  *found = false;
  if (!d->icap) return true;
  uint32_t mask = d->icap - 1;
  for (uint32_t j = (uint32_t)((uint64_t)h * 0x9E3779B97F4A7C15ULL >> 32) & mask;;
       j = (j + 1) & mask) {
    uint32_t e = d->index[j];
    *slot = j;
    if (!e) return true;
    PbDictEntry *en = &d->ent[e - 1];
    if (!en->live || en->hash != h) continue;
    bool eq;
    if (!pb_eq(PB, en->key, k, &eq)) return false;
    if (eq) { *found = true; return true; }
  }
}

/* Rebuilds the index for at least `need` live entries, compacting entries. */
static void dict_rebuild(Prebuild *PB, PbDict *d, uint32_t need) {
  uint32_t cap = 8;
  while (cap < need + need / 2 + 1) cap *= 2;
  PbDictEntry *ent = arena_alloc_array(&PB->heap, cap, sizeof *ent);
  uint32_t n = 0;
  for (uint32_t i = 0; i < d->nent; i++)
    if (d->ent[i].live) ent[n++] = d->ent[i];
  uint32_t icap = cap * 2;
  uint32_t *index = arena_alloc_array(&PB->heap, icap, sizeof *index);
  for (uint32_t i = 0; i < n; i++) {
    uint32_t j = (uint32_t)((uint64_t)ent[i].hash * 0x9E3779B97F4A7C15ULL >> 32) & (icap - 1);
    while (index[j]) j = (j + 1) & (icap - 1);
    index[j] = i + 1;
  }
  if (n != d->nent) d->version++;
  d->ent = ent;
  d->nent = n;
  d->cap = cap;
  d->index = index;
  d->icap = icap;
}

bool pb_dict_get(Prebuild *PB, PbDict *d, Dyn k, Dyn *out, bool *found) {
  int64_t h;
  uint32_t slot;
  if (!pb_hash(PB, k, &h) || !dict_find(PB, d, k, h, &slot, found)) return false;
  if (*found) *out = d->ent[d->index[slot] - 1].val;
  return true;
}

bool pb_dict_set(Prebuild *PB, PbDict *d, Dyn k, Dyn v) {
  int64_t h;
  uint32_t slot = 0;
  bool found;
  if (!pb_hash(PB, k, &h) || !dict_find(PB, d, k, h, &slot, &found)) return false;
  if (found) {
    d->ent[d->index[slot] - 1].val = v;
    return true;
  }
  if (d->nent == d->cap) {
    dict_rebuild(PB, d, d->len + 1);
    if (!dict_find(PB, d, k, h, &slot, &found)) return false;
  }
  PbDictEntry *e = &d->ent[d->nent++];
  e->key = k;
  e->val = v;
  e->hash = h;
  e->live = true;
  d->index[slot] = d->nent;
  d->len++;
  d->version++;
  return true;
}

bool pb_dict_del(Prebuild *PB, PbDict *d, Dyn k, Dyn *old, bool *found) {
  int64_t h;
  uint32_t slot = 0;
  if (!pb_hash(PB, k, &h) || !dict_find(PB, d, k, h, &slot, found)) return false;
  if (!*found) return true;
  PbDictEntry *e = &d->ent[d->index[slot] - 1];
  if (old) *old = e->val;
  e->live = false;
  e->key = e->val = dyn_none();
  d->len--;
  d->version++;
  return true;
}

void pb_dict_clear(PbDict *d) {
  d->len = d->nent = 0;
  if (d->icap) memset(d->index, 0, d->icap * sizeof *d->index);
  d->version++;
}

/* ---- attribute maps -------------------------------------------------------------- */
Dyn *pb_attrs_get(const PbAttrs *a, const char *name) {
  for (uint32_t i = 0; i < a->len; i++)
    if (a->names[i] == name) return &a->vals[i];
  return NULL;
}

void pb_attrs_set(Prebuild *PB, PbAttrs *a, const char *name, Dyn v) {
  Dyn *p = pb_attrs_get(a, name);
  if (p) { *p = v; return; }
  if (a->len == a->cap) {
    uint32_t ncap = a->cap ? a->cap * 2 : 4;
    const char **names = arena_alloc_array(&PB->heap, ncap, sizeof *names);
    Dyn *vals = arena_alloc_array(&PB->heap, ncap, sizeof *vals);
    if (a->len) {
      memcpy(names, a->names, a->len * sizeof *names);
      memcpy(vals, a->vals, a->len * sizeof *vals);
    }
    a->names = names;
    a->vals = vals;
    a->cap = ncap;
  }
  a->names[a->len] = name;
  a->vals[a->len++] = v;
}

/* ---- classification ---------------------------------------------------------------- */
static const char *short_name(const char *q) {
  const char *dot = strrchr(q, '.');
  return dot ? dot + 1 : q;
}

const char *pb_type_name(Dyn d) {
  static const char *const names[] = {
    [PB_STR] = "str", [PB_LIST] = "list", [PB_DICT] = "dict", [PB_TUPLE] = "tuple",
    [PB_CLASS] = "type", [PB_FUNC] = "function", [PB_METHOD] = "method",
    [PB_MODULE] = "module", [PB_BUILTIN] = "builtin_function_or_method",
    [PB_JITDRIVER] = "JitDriver", [PB_BUILDER] = "StringBuilder",
    [PB_ITER] = "iterator", [PB_UINTBOX] = "r_uint", [PB_DRIVER] = "driver",
  };
  switch (d.kind) {
  case DK_NONE: return "NoneType";
  case DK_BOOL: return "bool";
  case DK_INT: return "int";
  case DK_FLOAT: return "float";
  case DK_UINT: return "r_uint";
  default: break;
  }
  if (d.o->type == PB_INST) return short_name(DYN_INST(d)->cls->name);
  return names[d.o->type];
}

bool pb_truth(Dyn d) {
  switch (d.kind) {
  case DK_NONE: return false;
  case DK_FLOAT: return d.f != 0.0;
  case DK_OBJ: break;
  default: return d.i != 0;
  }
  switch ((PbType)d.o->type) {
  case PB_STR: return DYN_STR(d)->len != 0;
  case PB_LIST: return DYN_LIST(d)->len != 0;
  case PB_TUPLE: return DYN_TUPLE(d)->len != 0;
  case PB_DICT: return DYN_DICT(d)->len != 0;
  case PB_UINTBOX: return ((PbUintBox *)d.o)->u != 0;
  default: return true;
  }
}

bool pb_subclass(const PbClass *c, const PbClass *base) {
  for (; c; c = c->base)
    if (c == base) return true;
  return false;
}

PbInst *pb_exc_new(Prebuild *PB, PbClass *cls, Dyn args) {
  PbInst *e = pb_alloc(PB, sizeof(PbInst), PB_INST);
  e->cls = cls;
  e->exc_args = args;
  return e;
}
