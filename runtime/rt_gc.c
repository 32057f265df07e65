/* rt_gc.c — GC interface on the Boehm collector (see rt_gc.h). */
#define GC_THREADS 1
#include "rt_gc.h"

#include <gc.h>
#include <string.h>

#include "rt_exc.h"

/* Objects above this size are asked for "ignore off page": Boehm then only
 * keeps them alive through pointers near their start (we always hold the
 * start; interior pointers are live only while the start is). */
enum { RT_GC_LARGE = 1 << 20 };

void rt_gc_init(void) {
  GC_INIT();
}

void *rt_gc_malloc(size_t size) {
  void *p = size >= RT_GC_LARGE ? GC_MALLOC_IGNORE_OFF_PAGE(size)
                                : GC_MALLOC(size);
  if (!p) rt_raise_memory();
  return p;  /* Boehm zeroes scanned memory */
}

void *rt_gc_malloc_atomic(size_t size) {
  void *p = size >= RT_GC_LARGE ? GC_MALLOC_ATOMIC_IGNORE_OFF_PAGE(size)
                                : GC_MALLOC_ATOMIC(size);
  if (!p) {
    rt_raise_memory();
    return NULL;
  }
  memset(p, 0, size);
  return p;
}

void rt_gc_collect(void) {
  GC_gcollect();
}

void *rt_gc_new(uint64_t hdr, size_t size) {
  uint64_t *p = rt_gc_malloc(size);
  if (p) *p = hdr;
  return p;
}

void *rt_gc_new_atomic(uint64_t hdr, size_t size) {
  uint64_t *p = rt_gc_malloc_atomic(size);
  if (p) *p = hdr;
  return p;
}

static size_t varsize_bytes(size_t fixed, size_t itemsize, int64_t n) {
  if (n < 0) return 0;
  size_t items;
  if (__builtin_mul_overflow((size_t)n, itemsize, &items)) return 0;
  size_t total;
  if (__builtin_add_overflow(items, fixed, &total)) return 0;
  if (total > ((size_t)1 << 47)) return 0;  /* more than any machine has */
  return total;
}

static void *new_varsize(uint64_t hdr, size_t fixed, size_t itemsize,
                         int64_t n, size_t lenofs, int atomic) {
  size_t size = varsize_bytes(fixed, itemsize, n);
  if (!size) {
    rt_raise_memory();
    return NULL;
  }
  char *p = atomic ? rt_gc_malloc_atomic(size) : rt_gc_malloc(size);
  if (!p) return NULL;
  memcpy(p, &hdr, sizeof hdr);
  if (lenofs != RT_GC_NOLENGTH) memcpy(p + lenofs, &n, sizeof n);
  return p;
}

void *rt_gc_new_varsize(uint64_t hdr, size_t fixed, size_t itemsize,
                        int64_t n, size_t lenofs) {
  return new_varsize(hdr, fixed, itemsize, n, lenofs, 0);
}

void *rt_gc_new_varsize_atomic(uint64_t hdr, size_t fixed, size_t itemsize,
                               int64_t n, size_t lenofs) {
  return new_varsize(hdr, fixed, itemsize, n, lenofs, 1);
}
