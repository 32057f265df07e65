/* rt_rdict.h — RL dicts: insertion-ordered hash tables after RPython's
 * rordereddict (an entries array in insertion order plus an open-addressing
 * index array of entry numbers), written once in C for every dict type.
 * Keys and values live in 8-byte slots (Signed, Char and Bool widened;
 * pointers; floats by their bits); the key kind says how to hash and
 * compare: integers by value, strs by content (rt_str_hash, cached in the
 * string), references by identity, floats as doubles (the slot holds their
 * bits), tuples by the generated functions of the dict's `kops`. Deleted entries stay as holes until
 * the next resize compacts them. Iteration walks the entries in order and
 * raises RuntimeError when the dict's size changed since it started.
 * Expects: keys of kind RL_DK_STR are non-NULL RlStr. */
#ifndef RT_RDICT_H
#define RT_RDICT_H

#include <stdbool.h>
#include <stdint.h>

#include "rt_obj.h"

enum { RL_DK_INT = 0, RL_DK_STR = 1, RL_DK_REF = 2, RL_DK_CHAR = 3,   /* CHAR: as INT */
       RL_DK_CUSTOM = 4,     /* tuples: the dict's kops say how */
       RL_DK_FLOAT = 5,      /* the double's bits; compared as doubles */
       RL_DK_BOOL = 6,       /* as INT; KeyError shows False/True */
       RL_DK_MASK = 0xff,    /* the key kind: kind & RL_DK_MASK */
       RL_DK_VALUE_REFS = 0x100 };  /* or'ed in: the values are GC references */

/* Hashing, comparing and showing keys of kind RL_DK_CUSTOM: functions the
 * translator generates per key type (a static struct per dict type). */
typedef struct RlKeyOps {
  int64_t (*hash)(void *key);
  int64_t (*eq)(void *a, void *b);      /* 0 or 1 */
  RlStr *(*repr)(void *key);
} RlKeyOps;

typedef struct RlDictEntry {
  int64_t hash;
  int64_t live;      /* 0: deleted */
  uint64_t key, value;
} RlDictEntry;

typedef struct RlDict {
  uint64_t hdr;
  int64_t length;      /* live entries */
  int64_t kind;        /* RL_DK_* */
  int64_t used;        /* entries used, holes included */
  int64_t cap;         /* entries allocated */
  RlDictEntry *entries;
  int64_t *index;      /* imask + 1 slots: -1 empty, else an entry number */
  int64_t imask;
  const RlKeyOps *kops; /* RL_DK_CUSTOM only (else NULL) */
} RlDict;

typedef struct RlDictIter {
  uint64_t hdr;
  RlDict *d;
  int64_t pos;         /* next entry to look at */
  int64_t length0;     /* the dict's length when iteration started */
} RlDictIter;

RlDict *rth_dict_new(int64_t kind);
/* For the collector: whether d's key and value slots hold GC references. */
bool rth_dict_keys_are_refs(const RlDict *d);
bool rth_dict_values_are_refs(const RlDict *d);
int64_t rth_dict_len(RlDict *d);
/* The entry number of key, or -1. */
int64_t rth_dict_find(RlDict *d, uint64_t key);
/* d[key]: the value slot, KeyError (with repr(key)) when missing. */
uint64_t rth_dict_getitem(RlDict *d, uint64_t key);
uint64_t rth_dict_get(RlDict *d, uint64_t key, uint64_t dflt);
void rth_dict_setitem(RlDict *d, uint64_t key, uint64_t value);
void rth_dict_delitem(RlDict *d, uint64_t key);
uint64_t rth_dict_pop(RlDict *d, uint64_t key, uint64_t dflt, bool has_dflt);
uint64_t rth_dict_setdefault(RlDict *d, uint64_t key, uint64_t dflt);
void rth_dict_clear(RlDict *d);
RlDict *rth_dict_copy(RlDict *d);
bool rth_dict_contains(RlDict *d, uint64_t key);
RlDictIter *rth_dict_iter(RlDict *d);
/* The next live entry number; StopIteration at the end, RuntimeError when
 * the size changed. */
int64_t rth_dict_next(RlDictIter *it);
uint64_t rth_dict_key_at(RlDict *d, int64_t i);
uint64_t rth_dict_value_at(RlDict *d, int64_t i);
/* A list of the keys (which 0) or values (1): a resizable list whose
 * struct and items array have the given type ids, items of `size` bytes. */
RlList *rth_dict_list(RlDict *d, int64_t which, int64_t tid_list, int64_t tid_items, int64_t size);



/* Typed entry points for generated code (rtyper/rthelpers.def): K is the
 * key slot (i: Signed, p: a pointer), V the value slot (i, p, f: Float). */
#define RT_DICT_KV(X) X(i, i) X(i, p) X(i, f) X(p, i) X(p, p) X(p, f)
#define RT_DICT_K(X) X(i) X(p)
#define RT_DICT_V(X) X(i) X(p) X(f)
typedef int64_t rt_dslot_i;
typedef void *rt_dslot_p;
typedef double rt_dslot_f;
#define RT_DICT_DECL_KV(k, v)                                                        \
  rt_dslot_##v rth_dict_getitem_##k##v(RlDict *d, rt_dslot_##k key);                 \
  rt_dslot_##v rth_dict_get_##k##v(RlDict *d, rt_dslot_##k key, rt_dslot_##v dflt);  \
  void rth_dict_setitem_##k##v(RlDict *d, rt_dslot_##k key, rt_dslot_##v value);     \
  rt_dslot_##v rth_dict_pop_##k##v(RlDict *d, rt_dslot_##k key);                     \
  rt_dslot_##v rth_dict_popd_##k##v(RlDict *d, rt_dslot_##k key, rt_dslot_##v dflt); \
  rt_dslot_##v rth_dict_setdefault_##k##v(RlDict *d, rt_dslot_##k key, rt_dslot_##v dflt);
#define RT_DICT_DECL_K(k)                                              \
  bool rth_dict_contains_##k(RlDict *d, rt_dslot_##k key);             \
  void rth_dict_delitem_##k(RlDict *d, rt_dslot_##k key);              \
  rt_dslot_##k rth_dict_key_at_##k(RlDict *d, int64_t i);
#define RT_DICT_DECL_V(v) rt_dslot_##v rth_dict_value_at_##v(RlDict *d, int64_t i);
RT_DICT_KV(RT_DICT_DECL_KV)
RT_DICT_K(RT_DICT_DECL_K)
RT_DICT_V(RT_DICT_DECL_V)
#endif
