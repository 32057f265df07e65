/* dump.c — `--dump=annotated`: the flow graphs reachable from the entry
 * point with every variable's annotation (docs/annotator.md). The layout
 * follows `--dump=flow` (docs/dump-flow.md); variables are printed as
 * `NAME: ANNOTATION` where they are defined (block inputs, op results,
 * exception link variables). */
#include <stdlib.h>
#include <string.h>

#include "annint.h"

enum { DUMP_COMMENT_COL = 44 };

static void print_def(FILE *out, const Value *v) {
  value_print(out, v);
  fputs(": ", out);
  ann_print(out, ann_of(v));
}

static void print_uses(FILE *out, Value **vs, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    if (i) fputs(", ", out);
    value_print(out, vs[i]);
  }
}

static void print_target(FILE *out, const Graph *g, const Link *l) {
  if (l->target == g->ret) {
    fputs("return ", out);
    print_uses(out, l->args, l->nargs);
  } else if (l->target == g->except) {
    fputs("raise (", out);
    print_uses(out, l->args, l->nargs);
    fputc(')', out);
  } else {
    fprintf(out, "block%u(", l->target->id);
    print_uses(out, l->args, l->nargs);
    fputc(')', out);
  }
}

static void print_op_line(FILE *out, SourceMgr *sm, const Op *op) {
  char *buf = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&buf, &len);
  if (!m) rt_oom();
  fputs("    ", m);
  if (!(hlop_info[op->opc].flags & HL_NORESULT)) {
    print_def(m, op->result);
    fputs(" = ", m);
  }
  fprintf(m, "%s(", hlop_info[op->opc].name);
  print_uses(m, op->args, op->nargs);
  fputc(')', m);
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

static void print_exits(FILE *out, const Graph *g, const Block *b) {
  if (b->exitkind == EXIT_NONE) {
    if (!b->exits.len) return;
    Block *t = b->exits.data[0]->target;
    fputs(t == g->ret || t == g->except ? "    " : "    goto ", out);
    print_target(out, g, b->exits.data[0]);
    fputc('\n', out);
    return;
  }
  if (b->exitkind == EXIT_VALUE) {
    fputs("    switch ", out);
    value_print(out, b->exitswitch);
    fputs(":\n", out);
  } else {
    fputs("    raising:\n", out);
  }
  for (unsigned i = 0; i < b->exits.len; i++) {
    const Link *l = b->exits.data[i];
    fputs("        ", out);
    if (l->exitcase) value_print(out, l->exitcase);
    else fputs("normal", out);
    if (l->etype) {
      fputs(" as (", out);
      print_def(out, l->etype);
      fputs(", ", out);
      print_def(out, l->evalue);
      fputc(')', out);
    }
    fputs(" -> ", out);
    print_target(out, g, l);
    fputc('\n', out);
  }
}

static void print_block(FILE *out, SourceMgr *sm, const AnnGraph *ag, const Block *b) {
  fprintf(out, "block%u(", b->id);
  for (uint32_t i = 0; i < b->ninputs; i++) {
    if (i) fputs(", ", out);
    print_def(out, b->inputs[i]);
  }
  fputs(ag->blocks[b->id].reached ? "):\n" : "):  # never reached\n", out);
  for (unsigned i = 0; i < b->ops.len; i++) print_op_line(out, sm, b->ops.data[i]);
  print_exits(out, ag->g, b);
}

static void dump_graph(FILE *out, SourceMgr *sm, const AnnGraph *ag) {
  const Graph *g = ag->g;
  fprintf(out, "graph %s(", ag->name);
  for (uint32_t i = 0; i < g->start->ninputs; i++) {
    if (i) fputs(", ", out);
    print_def(out, g->start->inputs[i]);
  }
  fputs(") -> ", out);
  ann_print(out, ann_of(g->ret->inputs[0]));
  SourceFile *f = sm_file(sm, g->loc.file);
  if (f) {
    uint32_t line, col;
    sm_line_col(sm, g->loc.file, g->loc.start, &line, &col);
    const char *base = strrchr(f->path, '/');
    fprintf(out, "  # %s:%u", base ? base + 1 : f->path, line);
  }
  fputc('\n', out);
  BlockList bl = {0};
  graph_blocks((Graph *)g, &bl);
  for (unsigned i = 0; i < bl.len; i++)
    if (bl.data[i] != g->ret && bl.data[i] != g->except) print_block(out, sm, ag, bl.data[i]);
}

/* Source order: module load order, then def order, then specializations in
 * the order they were made. */
static uint64_t sort_key(const AnnGraph *ag) {
  FuncInfo *fi = ag->fd->fi;
  uint64_t fpos = 0;
  for (unsigned i = 0; i < fi->mod->funcs.len; i++)
    if (fi->mod->funcs.data[i] == fi) fpos = i;
  return (uint64_t)fi->mod->index << 48 | fpos << 24 | ag->order;
}

static int cmp_graphs(const void *x, const void *y) {
  uint64_t a = sort_key(*(AnnGraph *const *)x), b = sort_key(*(AnnGraph *const *)y);
  return (a > b) - (a < b);
}

static bool selected(const AnnGraph *ag, const char *only) {
  if (!only) return true;
  const char *q = ag->fd->fi->qualname, *dot = strrchr(q, '.');
  return strcmp(q, only) == 0 || strcmp(dot ? dot + 1 : q, only) == 0 ||
         strcmp(ag->name, only) == 0;
}

void ann_dump(FILE *out, Annotator *AN, const char *only) {
  unsigned n = AN->graphs.len;
  AnnGraph **gs = malloc((n ? n : 1) * sizeof *gs);
  if (!gs) rt_oom();
  memcpy(gs, AN->graphs.data, n * sizeof *gs);
  qsort(gs, n, sizeof *gs, cmp_graphs);
  bool first = true;
  for (unsigned i = 0; i < n; i++) {
    if (!selected(gs[i], only)) continue;
    if (!first) fputc('\n', out);
    first = false;
    dump_graph(out, AN->P->sm, gs[i]);
  }
  free(gs);
}
