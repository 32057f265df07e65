/* intern.c — open-addressing interner (see intern.h). */
#include "intern.h"

#include <stdlib.h>
#include <string.h>

uint64_t rt_hash_bytes(const void *p, size_t len) {
  const unsigned char *s = p;
  uint64_t h = 1469598103934665603ull; /* FNV-1a */
  for (size_t i = 0; i < len; i++) {
    h ^= s[i];
    h *= 1099511628211ull;
  }
  return h;
}

void intern_init(Interner *I, Arena *A) {
  I->arena = A;
  I->cap = 256;
  I->count = 0;
  I->slots = calloc(I->cap, sizeof(*I->slots));
  I->lens = calloc(I->cap, sizeof(*I->lens));
  if (!I->slots || !I->lens) rt_oom();
}

void intern_free(Interner *I) {
  free(I->slots);
  free(I->lens);
  I->slots = NULL;
  I->lens = NULL;
  I->cap = I->count = 0;
}

static void intern_grow(Interner *I) {
  uint32_t ncap = I->cap * 2;
  const char **slots = calloc(ncap, sizeof(*slots));
  uint32_t *lens = calloc(ncap, sizeof(*lens));
  if (!slots || !lens) rt_oom();
  for (uint32_t i = 0; i < I->cap; i++) {
    if (!I->slots[i]) continue;
    uint32_t j = (uint32_t)rt_hash_bytes(I->slots[i], I->lens[i]) & (ncap - 1);
    while (slots[j]) j = (j + 1) & (ncap - 1);
    slots[j] = I->slots[i];
    lens[j] = I->lens[i];
  }
  free(I->slots);
  free(I->lens);
  I->slots = slots;
  I->lens = lens;
  I->cap = ncap;
}

const char *intern(Interner *I, const char *s, size_t len) {
  if (len > UINT32_MAX) rt_oom();
  if ((I->count + 1) * 2 > I->cap) intern_grow(I);
  uint32_t j = (uint32_t)rt_hash_bytes(s, len) & (I->cap - 1);
  while (I->slots[j]) {
    if (I->lens[j] == len && memcmp(I->slots[j], s, len) == 0)
      return I->slots[j];
    j = (j + 1) & (I->cap - 1);
  }
  I->slots[j] = arena_strndup(I->arena, s, len);
  I->lens[j] = (uint32_t)len;
  I->count++;
  return I->slots[j];
}

const char *intern_cstr(Interner *I, const char *s) {
  return intern(I, s, strlen(s));
}
