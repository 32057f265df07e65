/* flow.h — flow graphs from the AST: builder, verifier, simplifier, dumps.
 *
 * Promise: fg_build_program turns every function, method and nested
 * function of every loaded user module, and each module's module-level
 * code, into a Graph (core/graph.h; ops from core/hlops.def) in SSA form
 * with block arguments, RPython style:
 *   - locals live in an environment; joins get a block input per local
 *     whose value differs between incoming paths; values used in a later
 *     block than their definition are passed along as block inputs;
 *   - inside `try`, every op that can raise ends its block (EXIT_RAISE) with
 *     an exception link (exitcase builtin:BaseException) to the handlers;
 *     outside, exceptions propagate implicitly to the graph's except block;
 *   - `finally` bodies are copied onto every exit path of their `try`.
 * Errors in the program (undefined names, use before assignment, break
 * outside a loop, ...) go to P->diag. Each graph is then simplified
 * (fg_simplify), renumbered densely in dump order (fg_renumber) and, when
 * asked, verified (fg_verify; a failure is an internal error).
 * Module graphs are named "mod.<module>", functions by FuncInfo.qualname.
 * Expects: scope_program has run; graphs live in P->arena. */
#ifndef RT_FLOW_H
#define RT_FLOW_H

#include <stdbool.h>
#include <stdio.h>

#include "../core/graph.h"
#include "program.h"

/* Builds, simplifies and (if verify) verifies every graph of the program. */
void fg_build_program(Program *P, bool verify);
/* The parts, for tests: build one graph without simplifying it. */
Graph *fg_build_module(Program *P, Module *m);
Graph *fg_build_function(Program *P, FuncInfo *f);

/* Checks the structural invariants of a graph (see flowverify.c); reports
 * each problem as an "internal error" diagnostic at the graph's location and
 * returns false when there is one. */
bool fg_verify(Graph *g, Diag *D);
/* Same, with the messages (at most `max`) appended to `msgs` instead, for
 * tests. Returns the number of problems found. */
unsigned fg_verify_msgs(Graph *g, char **msgs, unsigned max, Arena *A);

/* Removes unused block inputs, merges a block into its single predecessor
 * when that one has a single plain exit, and bypasses empty forwarding
 * blocks. */
void fg_simplify(Graph *g);
/* Renumbers blocks and variables 0.. in dump order. */
void fg_renumber(Graph *g);

/* Dumps (docs/dump-flow.md). */
void fg_dump_text(FILE *out, SourceMgr *sm, const Graph *g);
void fg_dump_program(FILE *out, Program *P, bool dot, const char *only);

#endif
