/* arena.c — chunked bump allocator (see arena.h). */
#define _DEFAULT_SOURCE  /* MAP_ANONYMOUS, MADV_HUGEPAGE */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct ArenaChunk {
  ArenaChunk *next;  /* older chunk */
  size_t size;       /* capacity of data[] */
  bool mapped;       /* from mmap (else malloc) */
  _Alignas(16) unsigned char data[];
};

enum {
  ARENA_CHUNK_MIN = 64 * 1024,
  ARENA_CHUNK_MAX = 64 * 1024 * 1024,  /* growth stops doubling here */
  ARENA_MAP_MIN = 1024 * 1024,         /* chunks this big are mapped */
};

_Noreturn void rt_oom(void) {
  fputs("rtrans: fatal error: out of memory\n", stderr);
  exit(3);
}

void arena_init(Arena *A) { memset(A, 0, sizeof *A); }

void arena_free(Arena *A) {
  ArenaChunk *c = A->head;
  while (c) {
    ArenaChunk *next = c->next;
    if (c->mapped) munmap(c, sizeof(ArenaChunk) + c->size);
    else free(c);
    c = next;
  }
  arena_init(A);
}

/* Fresh zero pages, asking for transparent huge pages (fewer faults). */
static ArenaChunk *map_chunk(size_t bytes) {
  void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) rt_oom();
#ifdef MADV_HUGEPAGE
  madvise(p, bytes, MADV_HUGEPAGE);
#endif
  return p;
}

static size_t chunk_size(const Arena *A, size_t need) {
  size_t size = A->head ? A->head->size * 2 : ARENA_CHUNK_MIN;
  if (size > ARENA_CHUNK_MAX) size = ARENA_CHUNK_MAX;
  if (size < need) size = need;
  if (size > SIZE_MAX - sizeof(ArenaChunk) - 4096) rt_oom();
  return size;
}

static void arena_new_chunk(Arena *A, size_t need) {
  size_t size = chunk_size(A, need);
  ArenaChunk *c;
  bool mapped = size >= ARENA_MAP_MIN;
  if (mapped) {
    size_t bytes = (sizeof(ArenaChunk) + size + 4095) & ~(size_t)4095;
    c = map_chunk(bytes);
    size = bytes - sizeof(ArenaChunk);
  } else {
    c = malloc(sizeof(ArenaChunk) + size);
    if (!c) rt_oom();
  }
  c->next = A->head;
  c->size = size;
  c->mapped = mapped;
  A->head = c;
  A->total += size;
  A->cur = c->data;
  A->end = c->data + size;
  A->clean = mapped;
}

void *arena_alloc_slow(Arena *A, size_t size) {
  if (size > SIZE_MAX - 16) rt_oom();
  if (size == 0) size = 1;
  size_t rounded = (size + 15) & ~(size_t)15;
  if (rounded > (size_t)(A->end - A->cur)) arena_new_chunk(A, rounded);
  return arena_alloc(A, size);
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
