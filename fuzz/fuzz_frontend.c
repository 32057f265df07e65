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
#include "fuzz_program.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_one(FILE *sink, const char *text, uint32_t len) {
  FuzzProgram F;
  fuzz_program_load(&F, sink, text, len);
  if (F.main_mod) {
    ast_dump(sink, &F.sm, F.main_mod->ast);
    scope_program(&F.P);
    fg_build_program(&F.P, true);
    if (F.D.nerrors == 0) {
      fg_dump_program(sink, &F.P, false, NULL);
      fg_dump_program(sink, &F.P, true, NULL);
    }
  }
  fuzz_program_free(&F);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > (1u << 24)) return 0;
  FILE *sink = fopen("/dev/null", "w");
  if (!sink) return 0;
  fuzz_one(sink, (const char *)data, (uint32_t)size);
  fclose(sink);
  return 0;
}
