/* vec.c — growth helpers for vec.h. */
#include "vec.h"

#include <stdint.h>

static unsigned vec_next_cap(unsigned cap, size_t elem) {
  unsigned ncap = cap ? cap * 2 : 8;
  if (ncap < cap || (size_t)ncap > SIZE_MAX / elem) rt_oom();
  return ncap;
}

void *vec_grow_arena(Arena *A, void *data, unsigned len, unsigned *cap,
                     size_t elem) {
  unsigned ncap = vec_next_cap(*cap, elem);
  void *p = arena_alloc_array(A, ncap, elem);
  if (len) memcpy(p, data, (size_t)len * elem);
  *cap = ncap;
  return p;
}

void *vec_grow_malloc(void *data, unsigned *cap, size_t elem) {
  unsigned ncap = vec_next_cap(*cap, elem);
  void *p = realloc(data, (size_t)ncap * elem);
  if (!p) rt_oom();
  *cap = ncap;
  return p;
}
