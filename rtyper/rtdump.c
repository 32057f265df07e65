/* rtdump.c — --dump=rtyped: the ll graphs (program graphs in reach order,
 * then helper graphs in creation order) in the flow-dump style with ll
 * types: `v3: Signed = int_add(v1, v2)`. */
#include <string.h>

#include "rtyint.h"

static void print_var(FILE *out, Value *v) {
  value_print(out, v);
  fputs(": ", out);
  if (v->ll) lltype_print(out, v->ll);
  else fputs("?", out);
}

static void print_link(FILE *out, Graph *g, Link *l) {
  if (l->target == g->ret) fputs("return ", out);
  else if (l->target == g->except) fputs("raise ", out);
  else fprintf(out, "block%u", l->target->id);
  fputc(l->target == g->ret || l->target == g->except ? '(' : '(', out);
  for (uint32_t i = 0; i < l->nargs; i++) {
    if (i) fputs(", ", out);
    value_print(out, l->args[i]);
  }
  fputs(")\n", out);
}

static void dump_block(FILE *out, Graph *g, Block *b) {
  fprintf(out, "block%u(", b->id);
  for (uint32_t i = 0; i < b->ninputs; i++) {
    if (i) fputs(", ", out);
    print_var(out, b->inputs[i]);
  }
  fputs("):\n", out);
  for (unsigned i = 0; i < b->ops.len; i++) {
    Op *op = b->ops.data[i];
    fputs("    ", out);
    if (op->result && op->result->ll && ((LLType *)op->result->ll)->kind != LL_VOID) {
      print_var(out, op->result);
      fputs(" = ", out);
    }
    fprintf(out, "%s(", op->opc < LLOP_COUNT ? llop_info[op->opc].name : "?");
    for (uint32_t k = 0; k < op->nargs; k++) {
      if (k) fputs(", ", out);
      value_print(out, op->args[k]);
    }
    fputs(")\n", out);
  }
  if (b->exitkind == EXIT_NONE && b->exits.len == 1) {
    fputs("    goto ", out);
    print_link(out, g, b->exits.data[0]);
    return;
  }
  if (b->exitkind == EXIT_VALUE) {
    fputs("    switch ", out);
    value_print(out, b->exitswitch);
    fputs(":\n", out);
  } else if (b->exitkind == EXIT_RAISE) {
    fputs("    raising:\n", out);
  }
  for (unsigned i = 0; i < b->exits.len; i++) {
    Link *l = b->exits.data[i];
    fputs("        ", out);
    if (b->exitkind == EXIT_RAISE && !l->exitcase) fputs("normal", out);
    else if (l->exitcase) value_print(out, l->exitcase);
    else fputs("default", out);
    fputs(" -> ", out);
    print_link(out, g, l);
  }
}

static void dump_func(FILE *out, RTyper *R, LLFunc *f) {
  Graph *g = f->graph;
  fprintf(out, "graph %s(", f->name);
  for (uint32_t i = 0; i < g->start->ninputs; i++) {
    if (i) fputs(", ", out);
    print_var(out, g->start->inputs[i]);
  }
  fputs(") -> ", out);
  lltype_print(out, f->type->result);
  fputc('\n', out);
  BlockList bl = {0};
  graph_blocks_in(g, R->A, &bl);
  for (unsigned i = 0; i < bl.len; i++)
    if (bl.data[i] != g->ret && bl.data[i] != g->except) dump_block(out, g, bl.data[i]);
  fputc('\n', out);
}

void rty_dump(FILE *out, RTyper *R, const char *only) {
  for (unsigned i = 0; i < R->graphs.len; i++) {
    LLFunc *f = R->graphs.data[i];
    if (only && !strstr(f->name, only)) continue;
    dump_func(out, R, f);
  }
}
