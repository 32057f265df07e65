/* arena.h — bump allocator for compiler data.
 *
 * Promise: arena_alloc returns zeroed, 16-byte aligned memory that lives until
 * arena_free releases the whole arena at once. Nothing frees single objects.
 * Allocation failure aborts the process with a message (the compiler has no
 * way to continue without memory); sizes are checked for overflow.
 * Chunks grow geometrically; large ones are mapped fresh from the system
 * (already zero, so allocations from them skip the memset), small ones come
 * from malloc. A zero-filled Arena is a valid empty arena.
 * Expects: one arena per translation (or per scratch use); not thread-safe. */
#ifndef RT_ARENA_H
#define RT_ARENA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct ArenaChunk ArenaChunk;

typedef struct Arena {
  ArenaChunk *head;   /* newest chunk; older ones linked behind it */
  size_t total;       /* bytes obtained from the system, for --time reports */
  unsigned char *cur, *end;  /* free space of the newest chunk (16-aligned) */
  bool clean;         /* that free space is known to be zero already */
} Arena;

void arena_init(Arena *A);
void arena_free(Arena *A);
/* The slow path of arena_alloc: a new chunk (or size 0 / overflow). */
void *arena_alloc_slow(Arena *A, size_t size);
char *arena_strndup(Arena *A, const char *s, size_t len);
char *arena_strdup(Arena *A, const char *s);
/* Like sprintf into arena memory. */
char *arena_printf(Arena *A, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Aborts the process: out of memory in the compiler. */
_Noreturn void rt_oom(void);

static inline void *arena_alloc(Arena *A, size_t size) {
  size_t avail = (size_t)(A->end - A->cur);
  /* avail is a multiple of 16, so size <= avail leaves room for the
   * rounded size; size 0 wraps around and takes the slow path */
  if (size - 1 >= avail) return arena_alloc_slow(A, size);
  void *p = A->cur;
  A->cur += (size + 15) & ~(size_t)15;
  if (!A->clean) memset(p, 0, size);
  return p;
}

static inline void *arena_alloc_array(Arena *A, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) rt_oom();
  return arena_alloc(A, count * size);
}

#endif
