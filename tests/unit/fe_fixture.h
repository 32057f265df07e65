/* fe_fixture.h — shared helpers of the frontend unit tests: a translation
 * context whose diagnostics go to a memory stream, and a compact list of
 * its "line:col: message" errors. */
#ifndef RT_FE_FIXTURE_H
#define RT_FE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"

typedef struct Fx {
  Arena A;
  Interner I;
  SourceMgr sm;
  Diag D;
  FILE *out;
  char *msgs;
  size_t msize;
  uint32_t file;
  char errs[4096];
} Fx;

static inline void fx_init(Fx *f) {
  memset(f, 0, sizeof *f);
  arena_init(&f->A);
  intern_init(&f->I, &f->A);
  sm_init(&f->sm, &f->A);
  f->out = open_memstream(&f->msgs, &f->msize);
  diag_init(&f->D, &f->sm, f->out);
}

static inline void fx_free(Fx *f) {
  fclose(f->out);
  free(f->msgs);
  intern_free(&f->I);
  arena_free(&f->A);
}

/* Adds a source file of len bytes (NULs allowed). */
static inline uint32_t fx_add(Fx *f, const char *src, size_t len) {
  char *text = arena_strndup(&f->A, src, len);
  f->file = sm_add(&f->sm, "t.rl", text, (uint32_t)len);
  return f->file;
}

/* The errors so far, one "line:col: message" per line. */
static inline const char *fx_errors(Fx *f) {
  fflush(f->out);
  size_t n = 0;
  f->errs[0] = '\0';
  const char *p = f->msgs ? f->msgs : "";
  while (*p) {
    const char *e = strchr(p, '\n');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    if (len > 5 && strncmp(p, "t.rl:", 5) == 0 && strstr(p, ": error: ") &&
        n + len < sizeof f->errs - 2) {
      const char *colon = strstr(p, ": error: ");
      size_t head = (size_t)(colon - (p + 5));
      memcpy(f->errs + n, p + 5, head);
      n += head;
      size_t rest = len - (size_t)(colon + 9 - p);
      f->errs[n++] = ':';
      f->errs[n++] = ' ';
      memcpy(f->errs + n, colon + 9, rest);
      n += rest;
      f->errs[n++] = '\n';
      f->errs[n] = '\0';
    }
    p += len + (e ? 1 : 0);
  }
  return f->errs;
}

#endif
