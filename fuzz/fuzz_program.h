/* fuzz_program.h — what the fuzz targets share: a translation context
 * whose diagnostics go to a sink, and the input loaded as the main module
 * /nonexistent/fuzz.rl (so its imports fail cleanly with a diagnostic). */
#ifndef RT_FUZZ_PROGRAM_H
#define RT_FUZZ_PROGRAM_H

#include <stdint.h>
#include <stdio.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "frontend/program.h"

typedef struct FuzzProgram {
  Arena A;
  Interner I;
  SourceMgr sm;
  Diag D;
  Program P;
  Module *main_mod;  /* NULL or with parse errors: nothing more to do */
} FuzzProgram;

static inline void fuzz_program_load(FuzzProgram *F, FILE *sink,
                                     const char *text, uint32_t len) {
  arena_init(&F->A);
  intern_init(&F->I, &F->A);
  sm_init(&F->sm, &F->A);
  diag_init(&F->D, &F->sm, sink);
  prog_init(&F->P, &F->A, &F->I, &F->sm, &F->D);
  F->main_mod = prog_load_bytes(&F->P, "/nonexistent/fuzz.rl", text, len);
  if (F->main_mod && F->P.parse_failed) F->main_mod = NULL;
}

static inline void fuzz_program_free(FuzzProgram *F) {
  intern_free(&F->I);
  arena_free(&F->A);
}

#endif
