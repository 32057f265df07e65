/* dump.c — `--dump=annotated`: the flow graphs reachable from the entry
 * point with every variable's annotation (docs/annotator.md). The layout
 * follows `--dump=flow` (docs/dump-flow.md); variables are printed as
 * `NAME: ANNOTATION` where they are defined (block inputs, op results,
 * exception link variables). */
#include <stdlib.h>
#include <string.h>

#include "annint.h"
#include "core/graphdump.h"

static void print_def(FILE *out, const Value *v, void *ctx) {
  (void)ctx;
  value_print(out, v);
  fputs(": ", out);
  ann_print(out, ann_of(v));
}

static void print_result(FILE *out, const Graph *g, void *ctx) {
  (void)ctx;
  fputs(" -> ", out);
  ann_print(out, ann_of(g->ret->inputs[0]));
}

static const char *block_note(const Block *b, void *ctx) {
  const AnnGraph *ag = ctx;
  return ag->blocks[b->id].reached ? NULL : "never reached";
}

static void dump_graph(FILE *out, SourceMgr *sm, const AnnGraph *ag) {
  GraphDumpStyle st = gd_flow_style;
  st.print_def = print_def;
  st.print_result = print_result;
  st.block_note = block_note;
  st.ctx = (void *)ag;
  gd_dump_graph(out, sm, ag->g, ag->name, &st);
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
