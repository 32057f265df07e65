/* arena.h — bump allocator for compiler data.
 *
 * Promise: arena_alloc returns zeroed, 16-byte aligned memory that lives until
 * arena_free releases the whole arena at once. Nothing frees single objects.
 * Allocation failure aborts the process with a message (the compiler has no
 * way to continue without memory); sizes are checked for overflow.
 * Expects: one arena per translation (or per scratch use); not thread-safe. */
#ifndef RT_ARENA_H
#define RT_ARENA_H

#include <stddef.h>

typedef struct ArenaChunk ArenaChunk;

typedef struct Arena {
  ArenaChunk *head;   /* newest chunk; older ones linked behind it */
  size_t total;       /* bytes obtained from malloc, for --time reports */
} Arena;

void arena_init(Arena *A);
void arena_free(Arena *A);
void *arena_alloc(Arena *A, size_t size);
void *arena_alloc_array(Arena *A, size_t count, size_t size);
char *arena_strndup(Arena *A, const char *s, size_t len);
char *arena_strdup(Arena *A, const char *s);
/* Like sprintf into arena memory. */
char *arena_printf(Arena *A, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Aborts the process: out of memory in the compiler. */
_Noreturn void rt_oom(void);

#endif
