/* rt_out.h — the output convention shared by runtime/text's writers.
 *
 * Promise: every function that produces text takes (char *out, size_t cap),
 * writes the first min(n, cap) bytes of its n-byte result, and returns n,
 * like snprintf but with no NUL terminator. A caller sizes a GC string (or an
 * arena buffer) from the return value: try a small stack buffer first and call
 * again with a buffer of the returned size only when it was too small. No
 * function here allocates. `out` may be NULL when cap is 0.
 * RtOut is the cursor the implementations use; it is exported because callers
 * composing several pieces (e.g. one %-format) can use it the same way. */
#ifndef RT_OUT_H
#define RT_OUT_H

#include <stddef.h>
#include <string.h>

typedef struct RtOut {
  char *p;     /* destination (may be NULL when cap == 0) */
  size_t cap;  /* bytes available at p */
  size_t len;  /* bytes of the result so far (may exceed cap) */
} RtOut;

static inline RtOut rt_out(char *p, size_t cap) {
  RtOut o = {p, cap, 0};
  return o;
}

static inline void rt_out_byte(RtOut *o, char c) {
  if (o->len < o->cap) o->p[o->len] = c;
  o->len++;
}

static inline void rt_out_mem(RtOut *o, const char *s, size_t n) {
  if (o->len < o->cap) {
    size_t room = o->cap - o->len;
    memcpy(o->p + o->len, s, n < room ? n : room);
  }
  o->len += n;
}

static inline void rt_out_fill(RtOut *o, char c, size_t n) {
  if (o->len < o->cap) {
    size_t room = o->cap - o->len;
    memset(o->p + o->len, c, n < room ? n : room);
  }
  o->len += n;
}

#endif
