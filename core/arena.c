/* arena.c — chunked bump allocator (see arena.h). */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ArenaChunk {
  ArenaChunk *next;  /* older chunk */
  size_t used;       /* bytes used in data[] */
  size_t size;       /* capacity of data[] */
  _Alignas(16) unsigned char data[];
};

enum { ARENA_CHUNK_MIN = 64 * 1024 };

_Noreturn void rt_oom(void) {
  fputs("rtrans: fatal error: out of memory\n", stderr);
  exit(3);
}

void arena_init(Arena *A) {
  A->head = NULL;
  A->total = 0;
}

void arena_free(Arena *A) {
  ArenaChunk *c = A->head;
  while (c) {
    ArenaChunk *next = c->next;
    free(c);
    c = next;
  }
  A->head = NULL;
  A->total = 0;
}

static ArenaChunk *arena_new_chunk(Arena *A, size_t need) {
  size_t size = need > ARENA_CHUNK_MIN ? need : ARENA_CHUNK_MIN;
  if (A->head && A->head->size * 2 > size && A->head->size < (64u << 20))
    size = A->head->size * 2;
  if (size > SIZE_MAX - sizeof(ArenaChunk)) rt_oom();
  ArenaChunk *c = malloc(sizeof(ArenaChunk) + size);
  if (!c) rt_oom();
  c->next = A->head;
  c->used = 0;
  c->size = size;
  A->head = c;
  A->total += size;
  return c;
}

void *arena_alloc(Arena *A, size_t size) {
  if (size > SIZE_MAX - 16) rt_oom();
  size = (size + 15) & ~(size_t)15;
  if (size == 0) size = 16;
  ArenaChunk *c = A->head;
  if (!c || c->size - c->used < size) c = arena_new_chunk(A, size);
  void *p = c->data + c->used;
  c->used += size;
  memset(p, 0, size);
  return p;
}

void *arena_alloc_array(Arena *A, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) rt_oom();
  return arena_alloc(A, count * size);
}

char *arena_strndup(Arena *A, const char *s, size_t len) {
  char *p = arena_alloc(A, len + 1);
  if (len) memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

char *arena_strdup(Arena *A, const char *s) {
  return arena_strndup(A, s, strlen(s));
}

char *arena_printf(Arena *A, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) n = 0;
  char *p = arena_alloc(A, (size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}
