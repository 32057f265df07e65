/* prog_fixture.h — shared set-up of the unit tests that need a loaded
 * program: a translation context whose diagnostics go to a memory stream,
 * the program loaded from a string (or a file), names resolved and flow
 * graphs built and verified. Later stages (prebuild, annotator, rtyper)
 * start from here. */
#ifndef RT_PROG_FIXTURE_H
#define RT_PROG_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "frontend/flow.h"
#include "frontend/program.h"

typedef struct ProgFx {
  Arena A;
  Interner I;
  SourceMgr sm;
  Diag D;
  Program P;
  Module *main_mod;
  char *errs;       /* diagnostics printed so far */
  size_t errlen;
  FILE *errf;
} ProgFx;

/* Loads `src` as the module `path` (or the file `path` when src is NULL):
 * parses it (which must succeed), resolves names and builds every graph.
 * Name and flow errors are left in fx->D for the test to check. */
static inline void pfx_build(ProgFx *fx, const char *path, const char *src) {
  arena_init(&fx->A);
  intern_init(&fx->I, &fx->A);
  sm_init(&fx->sm, &fx->A);
  fx->errf = open_memstream(&fx->errs, &fx->errlen);
  diag_init(&fx->D, &fx->sm, fx->errf);
  prog_init(&fx->P, &fx->A, &fx->I, &fx->sm, &fx->D);
  fx->main_mod = src ? prog_load_text(&fx->P, path, src) : prog_load(&fx->P, path);
  assert_non_null(fx->main_mod);
  assert_false(fx->P.parse_failed);
  scope_program(&fx->P);
  fg_build_program(&fx->P, true);
  fflush(fx->errf);
}

/* The diagnostics printed so far. */
static inline const char *pfx_errors(ProgFx *fx) {
  fflush(fx->errf);
  return fx->errs ? fx->errs : "";
}

/* Fails the test, showing the diagnostics, unless there were no errors. */
static inline void pfx_expect_no_errors(ProgFx *fx) {
  if (fx->D.nerrors) fprintf(stderr, "%s", pfx_errors(fx));
  assert_int_equal(fx->D.nerrors, 0);
}

static inline void pfx_free(ProgFx *fx) {
  fclose(fx->errf);
  free(fx->errs);
  intern_free(&fx->I);
  arena_free(&fx->A);
}

#endif
