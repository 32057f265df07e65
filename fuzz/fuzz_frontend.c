/* fuzz_frontend.c — libFuzzer target over the whole frontend.
 *
 * Each input is the text of an RL module named /nonexistent/fuzz.rl (so its
 * imports fail cleanly with a diagnostic). It is parsed; when it parses, its
 * AST is dumped, and its flow graphs are built, verified and dumped as text
 * and as dot, all to /dev/null. Any crash, sanitizer report, leak or hang is
 * a bug. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "frontend/ast.h"
#include "frontend/flow.h"
#include "frontend/program.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_one(FILE *sink, const char *text, uint32_t len) {
  Arena A;
  Interner I;
  SourceMgr sm;
  Diag D;
  Program P;
  arena_init(&A);
  intern_init(&I, &A);
  sm_init(&sm, &A);
  diag_init(&D, &sm, sink);
  prog_init(&P, &A, &I, &sm, &D);
  Module *m = prog_load_bytes(&P, "/nonexistent/fuzz.rl", text, len);
  if (m && !P.parse_failed) {
    ast_dump(sink, &sm, m->ast);
    scope_program(&P);
    fg_build_program(&P, true);
    if (D.nerrors == 0) {
      fg_dump_program(sink, &P, false, NULL);
      fg_dump_program(sink, &P, true, NULL);
    }
  }
  intern_free(&I);
  arena_free(&A);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > (1u << 24)) return 0;
  FILE *sink = fopen("/dev/null", "w");
  if (!sink) return 0;
  fuzz_one(sink, (const char *)data, (uint32_t)size);
  fclose(sink);
  return 0;
}
