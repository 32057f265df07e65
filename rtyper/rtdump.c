/* rtdump.c — --dump=rtyped: the ll graphs (program graphs in reach order,
 * then helper graphs in creation order) in the flow-dump style with ll
 * types: `v3: Signed = int_add(v1, v2)`. */
#include <string.h>

#include "rtyint.h"
#include "core/graphdump.h"

static void print_def(FILE *out, const Value *v, void *ctx) {
  (void)ctx;
  value_print(out, v);
  fputs(": ", out);
  if (v->ll) lltype_print(out, v->ll);
  else fputs("?", out);
}

static const char *ll_opname(const Op *op) {
  return op->opc < LLOP_COUNT ? llop_info[op->opc].name : "?";
}

static bool ll_shows_result(const Op *op) {
  return op->result && op->result->ll &&
         ((const LLType *)op->result->ll)->kind != LL_VOID;
}

static void print_result(FILE *out, const Graph *g, void *ctx) {
  (void)g;
  const LLFunc *f = ctx;
  fputs(" -> ", out);
  lltype_print(out, f->type->result);
}

static void dump_func(FILE *out, RTyper *R, LLFunc *f) {
  GraphDumpStyle st = {ll_opname, ll_shows_result, print_def, print_result,
                       NULL, f};
  gd_dump_graph(out, R->P->sm, f->graph, f->name, &st);
  fputc('\n', out);
}

void rty_dump(FILE *out, RTyper *R, const char *only) {
  for (unsigned i = 0; i < R->graphs.len; i++) {
    LLFunc *f = R->graphs.data[i];
    if (only && !strstr(f->name, only)) continue;
    dump_func(out, R, f);
  }
}
