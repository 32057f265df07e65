/* vec.h — small typed growable arrays.
 *
 * VEC(T) declares an anonymous struct {T *data; len; cap}. Vectors grow in an
 * arena (vec_push(A, v, x)): old storage is left to the arena, which is fine
 * for compiler data that lives as long as the arena. Scratch vectors that must
 * be freed use the malloc flavour (vecm_push / vecm_free).
 * Expects: the element type is copyable by assignment. */
#ifndef RT_VEC_H
#define RT_VEC_H

#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define VEC(T) struct { T *data; unsigned len, cap; }

void *vec_grow_arena(Arena *A, void *data, unsigned len, unsigned *cap,
                     size_t elem);
void *vec_grow_malloc(void *data, unsigned *cap, size_t elem);

#define vec_push(A, v, x)                                                    \
  do {                                                                       \
    if ((v).len == (v).cap)                                                  \
      (v).data = vec_grow_arena((A), (v).data, (v).len, &(v).cap,            \
                                sizeof(*(v).data));                          \
    (v).data[(v).len++] = (x);                                               \
  } while (0)

#define vecm_push(v, x)                                                      \
  do {                                                                       \
    if ((v).len == (v).cap)                                                  \
      (v).data = vec_grow_malloc((v).data, &(v).cap, sizeof(*(v).data));     \
    (v).data[(v).len++] = (x);                                               \
  } while (0)

#define vecm_free(v) (free((v).data), (v).data = NULL, (v).len = (v).cap = 0)
#define vec_last(v) ((v).data[(v).len - 1])

#endif
