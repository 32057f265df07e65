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

/* ---- the generational collector (translated with --gc=gen) ----------
 * A program translated with --gc=gen defines rl_gc_types (the weak
 * symbol below is then non-NULL) and the runtime allocates RL objects in
 * a nursery: chunks of RT_GC_CHUNK bytes with a bump pointer; a minor
 * collection copies the survivors into Boehm's heap (the old generation,
 * collected by Boehm as before). Roots: the stack and registers and the
 * program's static data, scanned conservatively — an object any of them
 * points into is pinned: it never moves, staying young in its chunk
 * (allocation goes around it) until no root points to it any more —, and
 * precisely the objects the write barrier recorded. Untyped memory (rt_gc_malloc*) is always
 * old. Contracts for generated code and the runtime's C:
 *  - every store of a GC reference into a GC object whose header has
 *    RT_GC_FLAG_TRACK (high word) calls rt_gc_wb(obj) first (once is
 *    enough until the next allocation); stores into an object surely
 *    young (fixed-size, or an array of at most RT_GC_CHUNK / 4 bytes)
 *    allocated since the last possible allocation need none. A bigger
 *    object is allocated old with TRACK set: stores into it, even fresh,
 *    take the barrier (rth_array_copy only when it copied a young
 *    reference: rt_gc_gen_wb_copied). Any allocation may set TRACK on any young
 *    object (a minor collection makes some pinned ones old in place): read
 *    the header again after one. rt_gc_wb and rt_gc_identityhash never
 *    allocate GC memory nor collect, and write nothing the program sees
 *    but the object's header;
 *  - C code that copies references into untyped old memory holding RL
 *    references (dict entries) calls rt_gc_wb_dict(d) (rt_rdict.h);
 *  - an address used as a value (identityhash, id()) comes from
 *    rt_gc_identityhash, which pins the object for good;
 *  - a nursery object's size is rl_gc_types[tid].fixed + itemsize * its
 *    length (the int64 at lenofs): allocate exactly that, and never
 *    shrink a young object in place (rt_str_new_old for such strings). */
typedef struct RtGcType {
  uint32_t fixed;       /* bytes of the fixed part (all of a fixed-size object) */
  uint32_t itemsize;    /* bytes per item of the varsize part; 0: fixed-size */
  int32_t lenofs;       /* byte offset of the int64 item count; -1: none */
  uint32_t nptrs;       /* GC references in the fixed part: their byte offsets are */
  uint32_t ptrs;        /* rl_gc_ptr_offsets[ptrs .. ptrs + nptrs) */
  uint32_t item_nptrs;  /* GC references per item: offsets within the item, */
  uint32_t item_ptrs;   /* rl_gc_ptr_offsets[item_ptrs .. + item_nptrs); the items
                           start at byte `fixed` */
  uint32_t flags;       /* RT_GC_TYPE_GC: a GC type (a header's id may name it) */
} RtGcType;
enum { RT_GC_TYPE_GC = 1 };
extern const RtGcType rl_gc_types[] __attribute__((weak));     /* by type id */
extern const uint32_t rl_gc_ntypes __attribute__((weak));      /* entries of rl_gc_types */
extern const uint32_t rl_gc_ptr_offsets[] __attribute__((weak));

enum { RT_GC_CHUNK = 32 << 10 };  /* nursery chunk; bigger objects than a quarter of it are old */

/* The current chunk's bump pointer and end: generated code may allocate
 * inline — p = free; if p + size <= top: free = p + size, write the
 * header at p (the memory is zeroed) — and calls rt_gc_new* otherwise;
 * sizes are rounded up to 8 (at least 16) and at most RT_GC_CHUNK / 4. */
typedef struct RtGcNursery {
  char *free, *top;
} RtGcNursery;
extern RtGcNursery rt_gc_nursery;

void rt_gc_wb(void *obj);               /* the write barrier's slow path */
int64_t rt_gc_identityhash(void *obj);  /* the address, after pinning obj */

void rt_gc_init(void);
void *rt_gc_malloc(size_t size);
/* Object p (a GC object with its header, or NULL) is garbage from now
 * on: nothing will read or write it again, and no reference to it is
 * left but stale ones nobody follows (the items array a list just
 * outgrew). Its memory goes back to Boehm at once when it is an object of
 * Boehm's heap on its own (not young, not remembered by the write
 * barrier, not part of a nursery chunk, not static data); else nothing
 * happens. As Lua's realloc does: the heap stops growing by the
 * garbage of growing arrays, and their memory is reused while it is
 * still in the cache. */
void rth_gc_discard(void *p);
/* The same for untyped memory from rt_gc_malloc* (dict entries). */
void rt_gc_discard_raw(void *p);
void *rt_gc_malloc_atomic(size_t size);
void rt_gc_collect(void);

/* Root blocks: untyped memory holding references that nothing else may
 * hold (the JIT's registers, frames and buffers). Zeroed; Boehm scans it
 * as it scans rt_gc_malloc memory and, with --gc=gen, every minor
 * collection scans it conservatively as it scans the stack (the young
 * objects it points into are pinned, never moved), from
 * rt_gc_malloc_roots until rt_gc_free_roots. A registered block stays
 * alive until it is freed; rt_gc_free_roots(p) (p NULL or a block) only
 * ends the scanning: the memory is Boehm's, valid while referenced. NULL
 * with MemoryError raised when memory is exhausted. */
void *rt_gc_malloc_roots(size_t size);
void rt_gc_free_roots(void *p);
/* From now on the minor collections scan only the first `bytes` (at most
 * its size) of root block p: the rest holds no reference that matters. */
void rt_gc_roots_scan(void *p, size_t bytes);

void *rt_gc_new(uint64_t hdr, size_t size);
void *rt_gc_new_atomic(uint64_t hdr, size_t size);
/* fixed + n * itemsize bytes; MemoryError when n < 0 or the size overflows. */
void *rt_gc_new_varsize(uint64_t hdr, size_t fixed, size_t itemsize,
                        int64_t n, size_t lenofs);
void *rt_gc_new_varsize_atomic(uint64_t hdr, size_t fixed, size_t itemsize,
                               int64_t n, size_t lenofs);

#endif
