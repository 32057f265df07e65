/* fuzz_frontend.c — libFuzzer target over the whole frontend.
 *
 * Each input is an RL source file named /nonexistent/fuzz.rl (so imports
 * fail cleanly with a diagnostic). It is parsed; when it parses, its AST is
 * dumped and its flow graphs are built, verified and dumped, all to
 * /dev/null. Any crash, sanitizer report, leak or hang is a bug. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "frontend/ast.h"
#include "frontend/parse.h"
#include "frontend/frontend_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > (1u << 24)) return 0;
  FILE *sink = fopen("/dev/null", "w");
  if (!sink) return 0;
  Arena A;
  Interner I;
  SourceMgr sm;
  Diag D;
  arena_init(&A);
  intern_init(&I, &A);
  sm_init(&sm, &A);
  diag_init(&D, &sm, sink);
  char *text = arena_strndup(&A, (const char *)data, size);
  uint32_t file = sm_add(&sm, "/nonexistent/fuzz.rl", text, (uint32_t)size);
  Node *mod = fe_parse(&A, &I, &D, file);
  if (D.nerrors == 0) {
    ast_dump(sink, &sm, mod);
    fe_fuzz_flow(&A, &I, &sm, &D, file, mod, sink);
  }
  intern_free(&I);
  arena_free(&A);
  fclose(sink);
  return 0;
}
