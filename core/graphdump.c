/* graphdump.c — the shared text form of graphs (see graphdump.h). */
#include "graphdump.h"

#include <stdlib.h>
#include <string.h>

enum { DUMP_COMMENT_COL = 44 };  /* where `# line:col` comments start */

void gd_print_values(FILE *out, Value **vs, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    if (i) fputs(", ", out);
    if (vs[i]) value_print(out, vs[i]);
    else fputs("<null>", out);
  }
}

static void print_def(FILE *out, const Value *v, const GraphDumpStyle *st) {
  if (st->print_def) st->print_def(out, v, st->ctx);
  else value_print(out, v);
}

static void print_defs(FILE *out, Value **vs, uint32_t n,
                       const GraphDumpStyle *st) {
  for (uint32_t i = 0; i < n; i++) {
    if (i) fputs(", ", out);
    print_def(out, vs[i], st);
  }
}

static void print_target(FILE *out, const Graph *g, const Link *l) {
  if (!l->target) {
    fputs("<no target>", out);
  } else if (l->target == g->ret) {
    fputs("return ", out);
    gd_print_values(out, l->args, l->nargs);
  } else if (l->target == g->except) {
    fputs("raise (", out);
    gd_print_values(out, l->args, l->nargs);
    fputc(')', out);
  } else {
    fprintf(out, "block%u(", l->target->id);
    gd_print_values(out, l->args, l->nargs);
    fputc(')', out);
  }
}

void gd_print_op(FILE *out, const Op *op, const GraphDumpStyle *st) {
  if (st->shows_result(op)) {
    print_def(out, op->result, st);
    fputs(" = ", out);
  }
  fprintf(out, "%s(", st->opname(op));
  gd_print_values(out, op->args, op->nargs);
  fputc(')', out);
}

/* An op line: text, padding, then "# line:col". */
static void print_op_line(FILE *out, SourceMgr *sm, const Op *op,
                          const GraphDumpStyle *st) {
  char *buf = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&buf, &len);
  if (!m) rt_oom();
  fputs("    ", m);
  gd_print_op(m, op, st);
  fclose(m);
  fputs(buf, out);
  if (op->loc.file && sm_file(sm, op->loc.file)) {
    uint32_t line, col;
    sm_line_col(sm, op->loc.file, op->loc.start, &line, &col);
    int pad = len < DUMP_COMMENT_COL ? (int)(DUMP_COMMENT_COL - len) : 2;
    fprintf(out, "%*s# %u:%u", pad, "", line, col);
  }
  fputc('\n', out);
  free(buf);
}

void gd_print_exitcase(FILE *out, const Link *l, const GraphDumpStyle *st) {
  if (l->exitcase) value_print(out, l->exitcase);
  else if (l->prev && l->prev->exitkind == EXIT_VALUE) fputs("default", out);
  else fputs("normal", out);
  if (l->etype) {
    fputs(" as (", out);
    print_def(out, l->etype, st);
    fputs(", ", out);
    print_def(out, l->evalue, st);
    fputc(')', out);
  }
}

static void print_exits(FILE *out, const Graph *g, const Block *b,
                        const GraphDumpStyle *st) {
  if (b->exitkind == EXIT_NONE) {
    if (!b->exits.len) return;
    const Block *t = b->exits.data[0]->target;
    fputs(t == g->ret || t == g->except ? "    " : "    goto ", out);
    print_target(out, g, b->exits.data[0]);
    fputc('\n', out);
    return;
  }
  if (b->exitkind == EXIT_VALUE) {
    fputs("    switch ", out);
    if (b->exitswitch) value_print(out, b->exitswitch);
    fputs(":\n", out);
  } else {
    fputs("    raising:\n", out);
  }
  for (unsigned i = 0; i < b->exits.len; i++) {
    fputs("        ", out);
    gd_print_exitcase(out, b->exits.data[i], st);
    fputs(" -> ", out);
    print_target(out, g, b->exits.data[i]);
    fputc('\n', out);
  }
}

static void print_block(FILE *out, SourceMgr *sm, const Graph *g,
                        const Block *b, const GraphDumpStyle *st) {
  fprintf(out, "block%u(", b->id);
  print_defs(out, b->inputs, b->ninputs, st);
  const char *note = st->block_note ? st->block_note(b, st->ctx) : NULL;
  if (note) fprintf(out, "):  # %s\n", note);
  else fputs("):\n", out);
  for (unsigned i = 0; i < b->ops.len; i++)
    print_op_line(out, sm, b->ops.data[i], st);
  print_exits(out, g, b, st);
}

static void print_header(FILE *out, SourceMgr *sm, const Graph *g,
                         const char *name, const GraphDumpStyle *st) {
  fprintf(out, "graph %s(", name);
  print_defs(out, g->start->inputs, g->start->ninputs, st);
  fputc(')', out);
  if (st->print_result) st->print_result(out, g, st->ctx);
  SourceFile *f = sm_file(sm, g->loc.file);
  if (f) {
    uint32_t line, col;
    sm_line_col(sm, g->loc.file, g->loc.start, &line, &col);
    const char *base = strrchr(f->path, '/');
    fprintf(out, "  # %s:%u", base ? base + 1 : f->path, line);
  }
  fputc('\n', out);
}

void gd_dump_graph(FILE *out, SourceMgr *sm, const Graph *g, const char *name,
                   const GraphDumpStyle *st) {
  BlockList bl = {0};
  graph_blocks((Graph *)g, &bl);
  print_header(out, sm, g, name, st);
  for (unsigned i = 0; i < bl.len; i++) {
    const Block *b = bl.data[i];
    if (b == g->ret || b == g->except) continue;
    print_block(out, sm, g, b, st);
  }
}

static const char *flow_opname(const Op *op) { return hlop_info[op->opc].name; }

static bool flow_shows_result(const Op *op) {
  return !(hlop_info[op->opc].flags & HL_NORESULT);
}

const GraphDumpStyle gd_flow_style = {flow_opname, flow_shows_result, NULL,
                                      NULL, NULL, NULL};
