/* fuzz_translate.c — libFuzzer target over the stages after the frontend.
 *
 * Each input that parses and builds flow graphs without errors also runs
 * at translation time (prebuild, with a small step limit so that loops in
 * the input end quickly), is frozen and annotated from its entry point,
 * and the annotated graphs are dumped to /dev/null; then the rtyper lowers
 * them and the codewriter writes (and validates) the jitcode image, which
 * is disassembled to /dev/null. The LLVM backend is not run. Most inputs stop at an
 * error in the program, which is fine: only crashes, sanitizer reports,
 * leaks and hangs are bugs. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "annotator/ann.h"
#include "backend/jitcode/codewriter.h"
#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "frontend/flow.h"
#include "frontend/program.h"
#include "prebuild/prebuild.h"
#include "rtyper/rtyper.h"
#include "fuzz_program.h"

/* The translation-time heap limit while fuzzing: an input that fills it
 * (a comprehension of huge lists) runs into the limit's diagnostic; at
 * 256 MB that took 0.75 s alone and more than libFuzzer's 10 s while make
 * check shared the cores (two such timeouts in session 16). */
enum { FUZZ_STEP_LIMIT = 200000, FUZZ_HEAP_LIMIT_MB = 64 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The rtyper, then the codewriter on what it made. */
static void lower(Program *P, Annotator *AN, Prebuild *PB, FILE *sink) {
  RTyper *R = rty_new(P, AN, PB);
  if (rty_run(R)) {
    BeProgram prog;
    rty_program(R, &prog);
    CwImage ci;
    if (cw_write(&prog, P->arena, P->diag, &ci)) cw_dump(sink, &ci, P->arena);
  }
  rty_free(R);
}

static void translate(Program *P, Module *m, FILE *sink) {
  Prebuild *PB = pb_new(P);
  pb_set_step_limit(PB, FUZZ_STEP_LIMIT);
  pb_set_heap_limit(PB, FUZZ_HEAP_LIMIT_MB);
  if (pb_run(PB, m, NULL, 0)) {
    pb_freeze(PB);
    if (pb_require_entry_point(PB)) {
      Annotator *AN = ann_new(P);
      ann_use_prebuild(AN, PB);
      if (ann_program(AN)) {
        ann_dump(sink, AN, NULL);
        lower(P, AN, PB, sink);
      }
    }
  }
  pb_free(PB);
}

static void fuzz_one(FILE *sink, const char *text, uint32_t len) {
  FuzzProgram F;
  fuzz_program_load(&F, sink, text, len);
  if (F.main_mod) {
    scope_program(&F.P);
    fg_build_program(&F.P, true);
    if (F.D.nerrors == 0) translate(&F.P, F.main_mod, sink);
  }
  fuzz_program_free(&F);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > (1u << 20)) return 0;
  FILE *sink = fopen("/dev/null", "w");
  if (!sink) return 0;
  fuzz_one(sink, (const char *)data, (uint32_t)size);
  fclose(sink);
  return 0;
}
