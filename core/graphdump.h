/* graphdump.h — the one text form of graphs that every stage dumps
 * (docs/dump-flow.md): `--dump=flow`, `--dump=annotated`, `--dump=rtyped`.
 *
 * Promise: gd_dump_graph prints a graph header, then every reachable block
 * (return and except blocks only as `return V` / `raise (T, V)` targets)
 * with one operation per line and the `# line:col` comment at column 44,
 * and the block's exits (goto / switch / raising). A stage adapts the text
 * through a GraphDumpStyle: how an op is named, whether its result is
 * shown, and what is printed where a variable is defined (a stage adds its
 * type there: `x_3: int`, `v5: Signed`).
 * Expects: the graph verifies (links have targets, ops have results). */
#ifndef RT_GRAPHDUMP_H
#define RT_GRAPHDUMP_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "graph.h"

typedef struct GraphDumpStyle {
  const char *(*opname)(const Op *op);
  bool (*shows_result)(const Op *op);
  /* A variable where it is defined (block inputs, op results, a link's
   * etype/evalue, parameters); NULL: value_print alone. */
  void (*print_def)(FILE *out, const Value *v, void *ctx);
  /* After the header's parameters, e.g. " -> int"; may be NULL. */
  void (*print_result)(FILE *out, const Graph *g, void *ctx);
  /* A comment for a block header ("never reached"), or NULL. */
  const char *(*block_note)(const Block *b, void *ctx);
  void *ctx;
} GraphDumpStyle;

/* `graph NAME(PARAMS)[RESULT]  # FILE:LINE` and the blocks. */
void gd_dump_graph(FILE *out, SourceMgr *sm, const Graph *g, const char *name,
                   const GraphDumpStyle *st);
/* Pieces, for other layouts (the dot dumps): values separated by ", ";
 * `RESULT = NAME(ARGS)` without location; an exit's case (`normal`, a
 * constant, `CLASS as (ETYPE, EVALUE)`). */
void gd_print_values(FILE *out, Value **vs, uint32_t n);
void gd_print_op(FILE *out, const Op *op, const GraphDumpStyle *st);
void gd_print_exitcase(FILE *out, const Link *l, const GraphDumpStyle *st);

/* The flow graphs' style: high-level op names, None-valued ops without a
 * result, variables without types. */
extern const GraphDumpStyle gd_flow_style;

#endif
