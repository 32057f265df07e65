/* rt_gc_gen.h — the generational collector's entry points inside the
 * runtime (rt_gc.h states the contract for generated code; rt_gc.c calls
 * these when the program was translated with --gc=gen).
 * Promise: rt_gc_gen_new* hand out zeroed memory with the header (and
 * length) written, young when the type table knows the type and it is
 * small, else old (Boehm's, RT_GC_FLAG_TRACK set); they return NULL with
 * MemoryError raised when memory is exhausted. rt_gc_before_store is the
 * write barrier for the runtime's C: call it before storing a reference
 * into a GC object that may be old. rt_gc_wb_dict records a dict entry
 * (or all entries: -1) that may hold a young reference.
 * Expects: rt_gc_gen_init once, before any of them, on the program's one
 * thread. */
#ifndef RT_GC_GEN_H
#define RT_GC_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "rt_gc.h"
#include "rt_obj.h"

struct RlDict;

extern bool rt_gc_gen_on;

void rt_gc_gen_init(void);
/* The program's stack [lo, hi) (rt_main.c): a minor collection scans it
 * from its own frame up when it runs there, else Boehm's idea of the
 * stack. */
void rt_gc_set_stack(char *lo, char *hi);
void *rt_gc_gen_new(uint64_t hdr, size_t size, bool atomic);
void *rt_gc_gen_new_old(uint64_t hdr, size_t size, bool atomic);
void *rt_gc_gen_new_varsize(uint64_t hdr, size_t size, int64_t len, size_t lenofs, bool atomic);
void rt_gc_gen_collect(void);
void rt_gc_gen_stats(FILE *out);
void rt_gc_gen_counts(uint64_t *minors, uint64_t *promoted_bytes, uint64_t *retired_chunks);
bool rt_gc_is_young(const void *p);
/* Whether p, a GC object (typed: with its header) or untyped memory,
 * may be given back to Boehm by rt_gc_discard: not young, not
 * remembered, not inside a retired chunk. */
bool rt_gc_gen_may_free(const void *p, bool typed);
/* After copying items [j, j + n) into GC array dst (old or young): the
 * barrier when one of them is young. */
void rt_gc_gen_wb_copied(void *dst, int64_t j, int64_t n);
void rt_gc_gen_wb_dict(struct RlDict *d, int64_t entry);
/* rt_gc_malloc_roots / rt_gc_free_roots (rt_gc.h) with --gc=gen: the
 * block is registered (linked from the collector's state) until freed. */
void *rt_gc_gen_malloc_roots(size_t size);
void rt_gc_gen_free_roots(void *p);
void rt_gc_gen_roots_scan(void *p, size_t bytes);
void rt_gc_gen_root_counts(uint64_t *blocks, uint64_t *bytes);

/* Whether type id tid names a GC type of the program's table (a struct or
 * array with a GC header): stores of references into objects of such a
 * type take the write barrier. False without --gc=gen. */
static inline bool rt_gc_type_is_gc(uint32_t tid) {
  return rt_gc_gen_on && tid < rl_gc_ntypes && (rl_gc_types[tid].flags & RT_GC_TYPE_GC);
}

/* Whether obj, a GC object, surely holds no reference to a young object
 * that may move: TRACK set (old, and not remembered since the last minor
 * collection: no store into it since, and none of its references then
 * left young but the pinned ones whose address was taken, which never
 * move). Copying its items needs no barrier. */
static inline bool rt_gc_gen_holds_no_young(const void *obj) {
  uint64_t h;
  memcpy(&h, obj, sizeof h);
  return (h & ((uint64_t)RT_GC_FLAG_TRACK << 32)) != 0;
}

static inline void rt_gc_before_store(void *obj) {
  uint64_t h;
  memcpy(&h, obj, sizeof h);
  if (h & ((uint64_t)RT_GC_FLAG_TRACK << 32)) rt_gc_wb(obj);
}

/* Dict d's entry `entry` (-1: any) was just given key k and value v. */
static inline void rt_gc_wb_dict(struct RlDict *d, int64_t entry, uint64_t k, uint64_t v) {
  if (rt_gc_gen_on && (rt_gc_is_young((void *)(uintptr_t)k) || rt_gc_is_young((void *)(uintptr_t)v)))
    rt_gc_gen_wb_dict(d, entry);
}

#endif
