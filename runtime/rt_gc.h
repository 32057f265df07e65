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
