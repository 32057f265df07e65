/* intern.h — string interning: equal byte strings get one pointer.
 *
 * Promise: intern(I, s, len) returns a NUL-terminated copy that is the same
 * pointer for equal contents, valid as long as the interner's arena. Names
 * (identifiers, attribute names, module names) are interned so that passes
 * compare them with ==.
 * Expects: the arena outlives every use of the returned strings. */
#ifndef RT_INTERN_H
#define RT_INTERN_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef struct Interner {
  Arena *arena;
  const char **slots;  /* open addressing table of interned strings */
  uint32_t *lens;      /* length of each slot's string */
  uint32_t cap;        /* power of two */
  uint32_t count;
} Interner;

void intern_init(Interner *I, Arena *A);
void intern_free(Interner *I);
const char *intern(Interner *I, const char *s, size_t len);
const char *intern_cstr(Interner *I, const char *s);
uint64_t rt_hash_bytes(const void *p, size_t len);

#endif
