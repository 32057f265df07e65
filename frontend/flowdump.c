/* flowdump.c — flow graphs as stable text (docs/dump-flow.md) and as
 * Graphviz dot (one cluster per graph, one box per block). */
#include <stdlib.h>
#include <string.h>

#include "flowint.h"

enum { DUMP_COMMENT_COL = 44 };  /* where `# line:col` comments start */

static void print_values(FILE *out, Value **vs, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    if (i) fputs(", ", out);
    if (vs[i]) value_print(out, vs[i]);
    else fputs("<null>", out);
  }
}

static void print_target(FILE *out, const Graph *g, const Link *l) {
  if (!l->target) {
    fputs("<no target>", out);
  } else if (l->target == g->ret) {
    fputs("return ", out);
    print_values(out, l->args, l->nargs);
  } else if (l->target == g->except) {
    fputs("raise (", out);
    print_values(out, l->args, l->nargs);
    fputc(')', out);
  } else {
    fprintf(out, "block%u(", l->target->id);
    print_values(out, l->args, l->nargs);
    fputc(')', out);
  }
}

static void print_op(FILE *out, const Op *op) {
  bool noresult = hlop_info[op->opc].flags & HL_NORESULT;
  if (!noresult) {
    value_print(out, op->result);
    fputs(" = ", out);
  }
  fprintf(out, "%s(", hlop_info[op->opc].name);
  print_values(out, op->args, op->nargs);
  fputc(')', out);
}

/* An op line: text, padding, then "# line:col". */
static void print_op_line(FILE *out, SourceMgr *sm, const Op *op) {
  char *buf = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&buf, &len);
  if (!m) rt_oom();
  fputs("    ", m);
  print_op(m, op);
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

static void print_exitcase(FILE *out, const Link *l) {
  if (l->exitcase) value_print(out, l->exitcase);
  else fputs("normal", out);
  if (l->etype) {
    fputs(" as (", out);
    value_print(out, l->etype);
    fputs(", ", out);
    value_print(out, l->evalue);
    fputc(')', out);
  }
}

static void print_exits(FILE *out, const Graph *g, const Block *b) {
  if (b->exitkind == EXIT_NONE) {
    if (!b->exits.len) return;
    fputs(b->exits.data[0]->target == g->ret || b->exits.data[0]->target == g->except
              ? "    " : "    goto ", out);
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
    print_exitcase(out, b->exits.data[i]);
    fputs(" -> ", out);
    print_target(out, g, b->exits.data[i]);
    fputc('\n', out);
  }
}

static void print_block(FILE *out, SourceMgr *sm, const Graph *g, const Block *b) {
  fprintf(out, "block%u(", b->id);
  print_values(out, b->inputs, b->ninputs);
  fputs("):\n", out);
  for (unsigned i = 0; i < b->ops.len; i++) print_op_line(out, sm, b->ops.data[i]);
  print_exits(out, g, b);
}

static void print_header(FILE *out, SourceMgr *sm, const Graph *g) {
  fprintf(out, "graph %s(", g->name);
  print_values(out, g->start->inputs, g->start->ninputs);
  fputc(')', out);
  SourceFile *f = sm_file(sm, g->loc.file);
  if (f) {
    uint32_t line, col;
    sm_line_col(sm, g->loc.file, g->loc.start, &line, &col);
    const char *base = strrchr(f->path, '/');
    fprintf(out, "  # %s:%u", base ? base + 1 : f->path, line);
  }
  fputc('\n', out);
}

void fg_dump_text(FILE *out, SourceMgr *sm, const Graph *g) {
  BlockList bl = {0};
  graph_blocks((Graph *)g, &bl);
  print_header(out, sm, g);
  for (unsigned i = 0; i < bl.len; i++) {
    Block *b = bl.data[i];
    if (b == g->ret || b == g->except) continue;
    print_block(out, sm, g, b);
  }
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
  print_values(m, b->inputs, b->ninputs);
  fputs(")\n", m);
  for (unsigned i = 0; i < b->ops.len; i++) {
    print_op(m, b->ops.data[i]);
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
    print_exitcase(m, l);
    fputc(' ', m);
  }
  fputc('(', m);
  print_values(m, l->args, l->nargs);
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
