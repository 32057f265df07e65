/* rt_rdict.c — RL dicts (see rt_rdict.h). */
#include "rt_rdict.h"

#include <stdio.h>
#include <string.h>

#include "rt_exc.h"
#include "rt_gc.h"
#include "rt_gc_gen.h"
#include "text/rt_fmt.h"
#include "text/rt_float.h"
#include "text/rt_hash.h"
#include "rt_rstr.h"

static int64_t dkind(const RlDict *d) {
  return d->kind & RL_DK_MASK;
}

bool rth_dict_keys_are_refs(const RlDict *d) {
  int64_t k = dkind(d);
  return k == RL_DK_STR || k == RL_DK_REF || k == RL_DK_CUSTOM;
}

bool rth_dict_values_are_refs(const RlDict *d) {
  return (d->kind & RL_DK_VALUE_REFS) != 0;
}

static int64_t key_hash(RlDict *d, uint64_t key) {
  switch (dkind(d)) {
  case RL_DK_STR: {
    RlStr *s = (RlStr *)(uintptr_t)key;
    if (!s->hash) s->hash = rt_str_hash((const char *)s->chars, (size_t)s->length);
    return s->hash;
  }
  case RL_DK_REF: return (int64_t)(key >> 4) ^ (int64_t)(key >> 20);
  case RL_DK_CUSTOM: return d->kops->hash((void *)(uintptr_t)key);
  case RL_DK_FLOAT: return rth_float_hash(rth_bits_float((int64_t)key));
  default: return (int64_t)key;
  }
}

static bool key_eq(RlDict *d, uint64_t a, uint64_t b) {
  if (a == b) return true;
  if (dkind(d) == RL_DK_CUSTOM) return d->kops->eq((void *)(uintptr_t)a, (void *)(uintptr_t)b) != 0;
  if (dkind(d) == RL_DK_FLOAT) return rth_bits_float((int64_t)a) == rth_bits_float((int64_t)b);
  if (dkind(d) != RL_DK_STR) return false;
  RlStr *x = (RlStr *)(uintptr_t)a, *y = (RlStr *)(uintptr_t)b;
  return x->length == y->length && !memcmp(x->chars, y->chars, (size_t)x->length);
}

RlDict *rth_dict_new(int64_t kind) {
  RlDict *d = rt_gc_malloc(sizeof *d);
  if (d) d->kind = kind;
  return d;
}

int64_t rth_dict_len(RlDict *d) { return d->length; }

static uint64_t slot_of(int64_t h, int64_t mask) { return (uint64_t)h & (uint64_t)mask; }

/* The index slot after i in a probe sequence (perturb: its state, which
 * starts as the hash): probe and free_slot walk the same one. */
static uint64_t next_slot(uint64_t i, uint64_t *perturb, int64_t mask) {
  *perturb >>= 5;
  return (i * 5 + *perturb + 1) & (uint64_t)mask;
}

/* The index slot of key (holding its entry or -1). */
static int64_t *probe(RlDict *d, uint64_t key, int64_t h) {
  uint64_t i = slot_of(h, d->imask), perturb = (uint64_t)h;
  for (;; i = next_slot(i, &perturb, d->imask)) {
    int64_t *s = &d->index[i];
    if (*s < 0) return s;
    RlDictEntry *e = &d->entries[*s];
    if (e->live && e->hash == h && key_eq(d, e->key, key)) return s;
  }
}

static bool resize(RlDict *d, int64_t n);

/* d's entries and index arrays are d's alone (iteration and the inline
 * probes read them through d): before d drops them, back to Boehm. */
static void discard_arrays(RlDict *d) {
  rt_gc_discard_raw(d->entries);
  rt_gc_discard_raw(d->index);
}

/* The empty index slot of a key known not to be in d (a rebuild): no
 * entry is read on the way, only the index. */
static int64_t *free_slot(RlDict *d, int64_t h) {
  uint64_t i = slot_of(h, d->imask), perturb = (uint64_t)h;
  while (d->index[i] >= 0) i = next_slot(i, &perturb, d->imask);
  return &d->index[i];
}

/* Prebuilt dicts come with their entries only: hash and index them at
 * first use (identity hashes exist only at run time). */
static void ensure_index(RlDict *d) {
  if (d->index || !d->used) return;
  for (int64_t i = 0; i < d->used; i++) d->entries[i].hash = key_hash(d, d->entries[i].key);
  resize(d, d->length);
}

int64_t rth_dict_find(RlDict *d, uint64_t key) {
  ensure_index(d);
  if (!d->index) return -1;
  int64_t h = key_hash(d, key);
  return *probe(d, key, h);
}

/* Rebuilds entries (compacting holes) and index for at least n entries. */
static bool resize(RlDict *d, int64_t n) {
  int64_t cap = n < 8 ? 8 : n + n / 2;
  int64_t isize = 16;
  while (isize < cap * 3 / 2 + 1) isize *= 2;
  RlDictEntry *ne = rt_gc_malloc((size_t)cap * sizeof *ne);
  int64_t *ni = rt_gc_malloc_atomic((size_t)isize * sizeof *ni);
  if (!ne || !ni) return false;
  memset(ni, 0xff, (size_t)isize * sizeof *ni);
  int64_t k = 0;
  for (int64_t i = 0; i < d->used; i++)
    if (d->entries[i].live) ne[k++] = d->entries[i];
  discard_arrays(d);
  d->entries = ne;
  d->index = ni;
  d->imask = isize - 1;
  d->cap = cap;
  d->used = k;
  for (int64_t i = 0; i < k; i++) *free_slot(d, ne[i].hash) = i;  /* the keys are distinct */
  if (rt_gc_gen_on && k) rt_gc_gen_wb_dict(d, -1);  /* young refs may have moved here */
  return true;
}

void rth_dict_setitem(RlDict *d, uint64_t key, uint64_t value) {
  ensure_index(d);
  int64_t h = key_hash(d, key);
  if (d->index) {
    int64_t *s = probe(d, key, h);
    if (*s >= 0) {
      d->entries[*s].value = value;
      rt_gc_wb_dict(d, *s, 0, value);
      return;
    }
  }
  /* a key hashed by its address must keep it */
  if (dkind(d) == RL_DK_REF && rt_gc_gen_on) rt_gc_identityhash((void *)(uintptr_t)key);
  if (d->used >= d->cap && !resize(d, d->length + 1)) return;
  int64_t *s = probe(d, key, h);
  RlDictEntry *e = &d->entries[d->used];
  e->hash = h;
  e->live = 1;
  e->key = key;
  e->value = value;
  rt_gc_wb_dict(d, d->used, key, value);
  *s = d->used++;
  d->length++;
}

static void raise_key(RlDict *d, uint64_t key) {
  if (dkind(d) == RL_DK_CUSTOM) {
    RlStr *r = d->kops->repr((void *)(uintptr_t)key);
    if (r) rt_raise_str(&rl_vtable_KeyError, r);
    return;
  }
  if (dkind(d) == RL_DK_STR) {   /* of any length */
    RlStr *r = rth_str_repr((RlStr *)(uintptr_t)key);
    if (r) rt_raise_str(&rl_vtable_KeyError, r);
    return;
  }
  char buf[256];
  size_t n;
  if (dkind(d) == RL_DK_BOOL) {
    n = (size_t)snprintf(buf, sizeof buf, "%s", key ? "True" : "False");
  } else if (dkind(d) == RL_DK_CHAR) {
    char c = (char)key;
    n = rt_str_repr(buf, sizeof buf - 1, &c, 1);
  } else if (dkind(d) == RL_DK_INT) {
    n = rt_int_str(buf, (int64_t)key);
  } else if (dkind(d) == RL_DK_FLOAT) {
    n = rt_float_repr(buf, rth_bits_float((int64_t)key));
  } else {
    n = 0;
  }
  buf[n < sizeof buf - 1 ? n : sizeof buf - 1] = 0;
  rt_raise(&rl_vtable_KeyError, buf);
}

uint64_t rth_dict_getitem(RlDict *d, uint64_t key) {
  int64_t i = rth_dict_find(d, key);
  if (i < 0) {
    raise_key(d, key);
    return 0;
  }
  return d->entries[i].value;
}

uint64_t rth_dict_get(RlDict *d, uint64_t key, uint64_t dflt) {
  int64_t i = rth_dict_find(d, key);
  return i < 0 ? dflt : d->entries[i].value;
}

bool rth_dict_contains(RlDict *d, uint64_t key) { return rth_dict_find(d, key) >= 0; }

/* Deletion leaves a hole in entries; the index slot points to a dead
 * entry, which probing skips (it never matches) but does not stop at. */
static bool remove_key(RlDict *d, uint64_t key, uint64_t *value) {
  int64_t i = rth_dict_find(d, key);
  if (i < 0) return false;
  d->entries[i].live = 0;
  *value = d->entries[i].value;
  d->length--;
  return true;
}

void rth_dict_delitem(RlDict *d, uint64_t key) {
  uint64_t v;
  if (!remove_key(d, key, &v)) raise_key(d, key);
}

uint64_t rth_dict_pop(RlDict *d, uint64_t key, uint64_t dflt, bool has_dflt) {
  uint64_t v;
  if (remove_key(d, key, &v)) return v;
  if (!has_dflt) raise_key(d, key);
  return dflt;
}

uint64_t rth_dict_setdefault(RlDict *d, uint64_t key, uint64_t dflt) {
  int64_t i = rth_dict_find(d, key);
  if (i >= 0) return d->entries[i].value;
  rth_dict_setitem(d, key, dflt);
  return dflt;
}

void rth_dict_clear(RlDict *d) {
  discard_arrays(d);
  d->length = d->used = d->cap = 0;
  d->entries = NULL;
  d->index = NULL;
  d->imask = 0;
}

RlDict *rth_dict_copy(RlDict *d) {
  RlDict *c = rth_dict_new(d->kind);
  if (!c) return NULL;
  c->kops = d->kops;
  for (int64_t i = 0; i < d->used; i++)
    if (d->entries[i].live) rth_dict_setitem(c, d->entries[i].key, d->entries[i].value);
  return c;
}

RlDictIter *rth_dict_iter(RlDict *d) {
  RlDictIter *it = rt_gc_malloc(sizeof *it);
  if (!it) return NULL;
  it->d = d;
  it->length0 = d->length;
  return it;
}

int64_t rth_dict_next(RlDictIter *it) {
  RlDict *d = it->d;
  if (d->length != it->length0) {
    it->length0 = -1;
    rt_raise(&rl_vtable_RuntimeError, "dictionary changed size during iteration");
    return 0;
  }
  while (it->pos < d->used) {
    int64_t i = it->pos++;
    if (d->entries[i].live) return i;
  }
  rt_raise(&rl_vtable_StopIteration, NULL);
  return 0;
}

uint64_t rth_dict_key_at(RlDict *d, int64_t i) { return d->entries[i].key; }
uint64_t rth_dict_value_at(RlDict *d, int64_t i) { return d->entries[i].value; }

RlList *rth_dict_list(RlDict *d, int64_t which, int64_t tid_list, int64_t tid_items, int64_t size) {
  RlList *l = rt_gc_new(rt_gc_hdr((uint32_t)tid_list), sizeof(RlList));
  if (!l) return NULL;
  RlArray *a = rt_gc_new_varsize(rt_gc_hdr((uint32_t)tid_items), sizeof(RlArray), (size_t)size,
                                 d->length, offsetof(RlArray, length));
  if (!a) return NULL;
  rt_gc_before_store(a);  /* a big one is old */
  char *p = (char *)a->items;
  for (int64_t i = 0; i < d->used; i++) {
    if (!d->entries[i].live) continue;
    uint64_t v = which ? d->entries[i].value : d->entries[i].key;
    memcpy(p, &v, (size_t)size);  /* little-endian: the low bytes */
    p += size;
  }
  l->length = d->length;
  rt_gc_before_store(l);  /* allocating a may have made l old */
  l->items = a;
  return l;
}

/* ---- typed entry points ----------------------------------------------------------- */

static uint64_t to_slot_i(int64_t x) { return (uint64_t)x; }
static uint64_t to_slot_p(void *x) { return (uint64_t)(uintptr_t)x; }
static uint64_t to_slot_f(double x) {
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  return u;
}
static int64_t from_slot_i(uint64_t u) { return (int64_t)u; }
static void *from_slot_p(uint64_t u) { return (void *)(uintptr_t)u; }
static double from_slot_f(uint64_t u) {
  double x;
  memcpy(&x, &u, sizeof x);
  return x;
}

#define RT_DICT_DEF_KV(k, v)                                                            \
  rt_dslot_##v rth_dict_getitem_##k##v(RlDict *d, rt_dslot_##k key) {                   \
    return from_slot_##v(rth_dict_getitem(d, to_slot_##k(key)));                        \
  }                                                                                     \
  rt_dslot_##v rth_dict_get_##k##v(RlDict *d, rt_dslot_##k key, rt_dslot_##v dflt) {    \
    return from_slot_##v(rth_dict_get(d, to_slot_##k(key), to_slot_##v(dflt)));         \
  }                                                                                     \
  void rth_dict_setitem_##k##v(RlDict *d, rt_dslot_##k key, rt_dslot_##v value) {       \
    rth_dict_setitem(d, to_slot_##k(key), to_slot_##v(value));                         \
  }                                                                                     \
  rt_dslot_##v rth_dict_pop_##k##v(RlDict *d, rt_dslot_##k key) {                       \
    return from_slot_##v(rth_dict_pop(d, to_slot_##k(key), 0, false));                  \
  }                                                                                     \
  rt_dslot_##v rth_dict_popd_##k##v(RlDict *d, rt_dslot_##k key, rt_dslot_##v dflt) {   \
    return from_slot_##v(rth_dict_pop(d, to_slot_##k(key), to_slot_##v(dflt), true));   \
  }                                                                                     \
  rt_dslot_##v rth_dict_setdefault_##k##v(RlDict *d, rt_dslot_##k key, rt_dslot_##v dflt) { \
    return from_slot_##v(rth_dict_setdefault(d, to_slot_##k(key), to_slot_##v(dflt)));  \
  }
#define RT_DICT_DEF_K(k)                                                  \
  bool rth_dict_contains_##k(RlDict *d, rt_dslot_##k key) {               \
    return rth_dict_contains(d, to_slot_##k(key));                        \
  }                                                                       \
  void rth_dict_delitem_##k(RlDict *d, rt_dslot_##k key) {                \
    rth_dict_delitem(d, to_slot_##k(key));                                \
  }                                                                       \
  rt_dslot_##k rth_dict_key_at_##k(RlDict *d, int64_t i) {                \
    return from_slot_##k(rth_dict_key_at(d, i));                          \
  }
#define RT_DICT_DEF_V(v)                                                  \
  rt_dslot_##v rth_dict_value_at_##v(RlDict *d, int64_t i) {              \
    return from_slot_##v(rth_dict_value_at(d, i));                        \
  }
RT_DICT_KV(RT_DICT_DEF_KV)
RT_DICT_K(RT_DICT_DEF_K)
RT_DICT_V(RT_DICT_DEF_V)
