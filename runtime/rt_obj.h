/* rt_obj.h — the C view of the low-level objects the runtime touches.
 *
 * Promise: C structs for the fixed low-level types of rtyper/llfixed.h
 * (strings, vtable heads, instances, exceptions, lists, GC arrays of 8-byte
 * slots), checked field by field against build/gen/rt_layout.h, which the
 * translator's own layout code generates — the two cannot drift. Every GC
 * object starts with the 8-byte GC header: type id in the low 32 bits, GC
 * flags in the high 32 bits (RT_GC_FLAG_PREBUILT on static data).
 * The type ids of the objects the runtime creates itself come from the
 * program: the LLVM backend emits them as the constants `rl_tid_*` below.
 * rt_str_new and rt_str_from allocate strings (hash 0 = not computed);
 * they return NULL with MemoryError raised when memory is exhausted.
 * Expects: linked with a program emitted by backend/llvm. */
#ifndef RT_OBJ_H
#define RT_OBJ_H

#include <stddef.h>
#include <stdint.h>

#include "rt_layout.h"

/* Flags, in the high word of the header. PREBUILT: static data.
 * TRACK (generational GC only, rt_gc.h): an old object — prebuilt and
 * writable, promoted, or allocated outside the nursery — whose next store
 * of a GC reference must call rt_gc_wb first. FORWARDED: a nursery
 * object copied out during a minor collection (its second word is the
 * copy); PINNED: one a root points to, during a minor collection;
 * FILLER: a header over free space between pinned objects; only the
 * collector sees those three. */
enum { RT_GC_FLAG_PREBUILT = 1, RT_GC_FLAG_TRACK = 2, RT_GC_FLAG_FORWARDED = 4,
       RT_GC_FLAG_PINNED = 8,   /* collector only: stays where it is */
       RT_GC_FLAG_FILLER = 16 };  /* collector only: no object but free space
                                   * in a nursery chunk, its size in the low word */

typedef struct RlStr {
  uint64_t hdr;
  int64_t hash;             /* 0: not computed yet */
  int64_t length;
  unsigned char chars[];
} RlStr;

typedef struct RlVtable {   /* the head of every class's vtable */
  int64_t subclassrange_min;
  int64_t subclassrange_max;
  RlStr *name;
} RlVtable;

typedef struct RlObject {   /* the head of every instance */
  uint64_t hdr;
  const RlVtable *typeptr;
} RlObject;

typedef struct RlExc {      /* instances of exception classes */
  uint64_t hdr;
  const RlVtable *typeptr;
  RlStr *message;           /* str(e); NULL is taken as '' */
} RlExc;

typedef struct RlArray {    /* a GC array of 8-byte slots */
  uint64_t hdr;
  int64_t length;
  void *items[];
} RlArray;

typedef struct RlList {     /* a resizable list */
  uint64_t hdr;
  int64_t length;
  RlArray *items;
} RlList;

_Static_assert(sizeof(uint64_t) == RL_GC_HEADER_SIZE, "GC header");
_Static_assert(offsetof(RlStr, hash) == RL_STR_OFS_hash, "str.hash");
_Static_assert(offsetof(RlStr, length) == RL_STR_OFS_chars, "str length");
_Static_assert(offsetof(RlStr, chars) == RL_STR_ITEMS_chars, "str.chars");
_Static_assert(sizeof(RlStr) == RL_STR_SIZE, "str size");
_Static_assert(offsetof(RlVtable, subclassrange_min) ==
               RL_VTABLE_OFS_subclassrange_min, "vtable min");
_Static_assert(offsetof(RlVtable, subclassrange_max) ==
               RL_VTABLE_OFS_subclassrange_max, "vtable max");
_Static_assert(offsetof(RlVtable, name) == RL_VTABLE_OFS_name, "vtable name");
_Static_assert(sizeof(RlVtable) == RL_VTABLE_SIZE, "vtable size");
_Static_assert(offsetof(RlObject, typeptr) == RL_OBJECT_OFS_typeptr, "typeptr");
_Static_assert(sizeof(RlObject) == RL_OBJECT_SIZE, "object size");
_Static_assert(offsetof(RlExc, typeptr) == RL_EXC_OFS_typeptr, "exc typeptr");
_Static_assert(offsetof(RlExc, message) == RL_EXC_OFS_message, "exc message");
_Static_assert(sizeof(RlExc) == RL_EXC_SIZE, "exc size");
_Static_assert(offsetof(RlList, length) == RL_LIST_OFS_length, "list length");
_Static_assert(offsetof(RlList, items) == RL_LIST_OFS_items, "list items");
_Static_assert(sizeof(RlList) == RL_LIST_SIZE, "list size");
_Static_assert(offsetof(RlArray, items) == RL_ARRAY_ITEMS, "array items");

/* Type ids of the program (emitted by the backend). */
extern const uint32_t rl_tid_rpy_string;   /* GcStruct rpy_string */
extern const uint32_t rl_tid_rl_exception; /* GcStruct rl_exception */
extern const uint32_t rl_tid_argv_list;    /* the entry point's list of str */
extern const uint32_t rl_tid_argv_items;   /* ... and its items array */

static inline uint64_t rt_gc_hdr(uint32_t tid) { return tid; }

/* A new string of `len` chars, zeroed (NULL + MemoryError on failure). */
RlStr *rt_str_new(int64_t len);
/* The same, never young (generational GC): for untyped holders
 * (string builders, files), which no minor collection traces. */
RlStr *rt_str_new_old(int64_t len);
/* A new string holding a copy of p[0..n). */
RlStr *rt_str_from(const char *p, size_t n);
RlStr *rt_str_from_cstr(const char *s);

#endif
