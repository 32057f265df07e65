/* rt_gc.h — the runtime's one GC interface (ARCHITECTURE.md §7), on Boehm.
 *
 * Promise: every allocation of GC memory goes through here. Memory comes
 * back zeroed; "atomic" memory is never scanned for pointers (only for
 * objects with no GC reference). On exhaustion the functions raise
 * MemoryError (rt_exc.h) and return NULL — never a crash. The rt_gc_new*
 * entry points are what generated code calls for malloc/malloc_varsize:
 * they also write the GC header (`hdr`, see rt_obj.h) and, for varsize
 * objects, the length word at byte offset `lenofs` (RT_GC_NOLENGTH: none).
 * A precise collector replaces this file (and the backend's one lowering
 * function for allocation and roots) without touching anything else.
 * Expects: rt_gc_init before anything else (main() does it); one mutator
 * thread (the program's). */
#ifndef RT_GC_H
#define RT_GC_H

#include <stddef.h>
#include <stdint.h>

#define RT_GC_NOLENGTH ((size_t)-1)

/* Small objects (1..RT_GC_SMALL bytes) come from stacks of zeroed
 * objects, one per size class and kind: rt_gc_small[atomic][class], with
 * class = rt_gc_small_class(size); a normal (not atomic) object's first
 * word is zeroed by whoever pops it. Generated code may pop one inline —
 * when n > 0: n -= 1, take obj[n], write its header (the first word) —
 * and must call rt_gc_new* when n is 0; nothing else may touch the
 * stacks. */
enum { RT_GC_GRANULE = 16, RT_GC_SMALL = 512, RT_GC_BATCH = 256,
       RT_GC_SMALL_CLASSES = RT_GC_SMALL / RT_GC_GRANULE + 2 };
typedef struct RtGcStack {
  uint64_t n;
  void *obj[RT_GC_BATCH];
} RtGcStack;
extern RtGcStack rt_gc_small[2][RT_GC_SMALL_CLASSES];
/* Classes round size + 1 up to granules: as in Boehm's own allocation
 * (its "extra byte"), a pointer just past an object's end still points
 * into it. */
static inline size_t rt_gc_small_class(size_t size) {
  return (size + RT_GC_GRANULE) / RT_GC_GRANULE;
}

void rt_gc_init(void);
void *rt_gc_malloc(size_t size);
void *rt_gc_malloc_atomic(size_t size);
void rt_gc_collect(void);

void *rt_gc_new(uint64_t hdr, size_t size);
void *rt_gc_new_atomic(uint64_t hdr, size_t size);
/* fixed + n * itemsize bytes; MemoryError when n < 0 or the size overflows. */
void *rt_gc_new_varsize(uint64_t hdr, size_t fixed, size_t itemsize,
                        int64_t n, size_t lenofs);
void *rt_gc_new_varsize_atomic(uint64_t hdr, size_t fixed, size_t itemsize,
                               int64_t n, size_t lenofs);

#endif
