/* flowdump.c — flow graphs as stable text (docs/dump-flow.md) and as
 * Graphviz dot (one cluster per graph, one box per block). */
#include <stdlib.h>
#include <string.h>

#include "flowint.h"
#include "core/graphdump.h"

void fg_dump_text(FILE *out, SourceMgr *sm, const Graph *g) {
  gd_dump_graph(out, sm, g, g->name, &gd_flow_style);
}

/* ---- dot ----------------------------------------------------------------------- */
static void dot_escaped(FILE *out, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '\n') fputs("\\l", out);
    else if (c == '"' || c == '\\') fprintf(out, "\\%c", c);
    else fputc(c, out);
  }
}

static void dot_block(FILE *out, SourceMgr *sm, const Graph *g, const Block *b,
                      unsigned gi) {
  char *buf = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&buf, &len);
  if (!m) rt_oom();
  if (b == g->ret) fputs("return(", m);
  else if (b == g->except) fputs("except(", m);
  else fprintf(m, "block%u(", b->id);
  gd_print_values(m, b->inputs, b->ninputs);
  fputs(")\n", m);
  for (unsigned i = 0; i < b->ops.len; i++) {
    gd_print_op(m, b->ops.data[i], &gd_flow_style);
    fputc('\n', m);
  }
  if (b->exitkind == EXIT_VALUE && b->exitswitch) {
    fputs("switch ", m);
    value_print(m, b->exitswitch);
    fputc('\n', m);
  }
  fclose(m);
  (void)sm;
  fprintf(out, "    g%u_b%u [label=\"", gi, b->id);
  dot_escaped(out, buf, len);
  fputs("\"];\n", out);
  free(buf);
}

static void dot_edge(FILE *out, const Link *l, unsigned gi) {
  char *buf = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&buf, &len);
  if (!m) rt_oom();
  if (l->exitcase || l->etype || l->prev->exitkind == EXIT_RAISE) {
    gd_print_exitcase(m, l, &gd_flow_style);
    fputc(' ', m);
  }
  fputc('(', m);
  gd_print_values(m, l->args, l->nargs);
  fputc(')', m);
  fclose(m);
  fprintf(out, "    g%u_b%u -> g%u_b%u [label=\"", gi, l->prev->id, gi,
          l->target ? l->target->id : 0);
  dot_escaped(out, buf, len);
  fputs("\"];\n", out);
  free(buf);
}

static void dot_graph(FILE *out, SourceMgr *sm, const Graph *g, unsigned gi) {
  BlockList bl = {0};
  graph_blocks((Graph *)g, &bl);
  fprintf(out, "  subgraph cluster_%u {\n    label=\"", gi);
  dot_escaped(out, g->name, strlen(g->name));
  fputs("\";\n", out);
  for (unsigned i = 0; i < bl.len; i++) dot_block(out, sm, g, bl.data[i], gi);
  for (unsigned i = 0; i < bl.len; i++)
    for (unsigned k = 0; k < bl.data[i]->exits.len; k++)
      if (bl.data[i]->exits.data[k]->target) dot_edge(out, bl.data[i]->exits.data[k], gi);
  fputs("  }\n", out);
}

/* ---- program ------------------------------------------------------------------------ */
static bool selected(const Graph *g, const char *only) {
  if (!only) return true;
  if (strcmp(g->name, only) == 0) return true;
  const char *dot = strrchr(g->name, '.');
  return dot && strcmp(dot + 1, only) == 0;
}

typedef struct DumpCtx {
  FILE *out;
  SourceMgr *sm;
  bool dot;
  const char *only;
  unsigned n;
} DumpCtx;

static void dump_one(DumpCtx *c, const Graph *g) {
  if (!g || !selected(g, c->only)) return;
  if (c->dot) dot_graph(c->out, c->sm, g, c->n);
  else {
    if (c->n) fputc('\n', c->out);
    fg_dump_text(c->out, c->sm, g);
  }
  c->n++;
}

void fg_dump_program(FILE *out, Program *P, bool dot, const char *only) {
  DumpCtx c = {out, P->sm, dot, only, 0};
  if (dot)
    fputs("digraph flow {\n  node [shape=box, fontname=\"monospace\"];\n"
          "  edge [fontname=\"monospace\"];\n", out);
  for (uint32_t i = 0; i < P->modules.len; i++) {
    Module *m = P->modules.data[i];
    dump_one(&c, m->graph);
    for (uint32_t k = 0; k < m->funcs.len; k++) dump_one(&c, m->funcs.data[k]->graph);
  }
  if (dot) fputs("}\n", out);
}
