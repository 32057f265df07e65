/* test_flow.c — unit tests for the flow graph builder: programs given as
 * source strings, graphs checked for their structure, every graph verified. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/graph.h"
#include "core/intern.h"
#include "frontend/flow.h"
#include "frontend/program.h"
#include "prog_fixture.h"

typedef ProgFx Ctx;

/* Loads `src` as module t (t.rl), resolves names, builds every graph. */
static Ctx *build(const char *src) {
  Ctx *c = calloc(1, sizeof *c);
  assert_non_null(c);
  pfx_build(c, "t.rl", src);
  return c;
}

static void done(Ctx *c) {
  pfx_free(c);
  free(c);
}

static Graph *graph(Ctx *c, const char *name) {
  Module *m = c->P.modules.data[0];
  if (strcmp(m->graph->name, name) == 0) return m->graph;
  for (unsigned i = 0; i < m->funcs.len; i++)
    if (strcmp(m->funcs.data[i]->graph->name, name) == 0) return m->funcs.data[i]->graph;
  fail_msg("no graph %s", name);
  return NULL;
}

static unsigned nblocks(Graph *g) {
  BlockList bl = {0};
  graph_blocks(g, &bl);
  return bl.len;
}

static unsigned count_ops(Graph *g, HlOp opc) {
  BlockList bl = {0};
  graph_blocks(g, &bl);
  unsigned n = 0;
  for (unsigned i = 0; i < bl.len; i++)
    for (unsigned k = 0; k < bl.data[i]->ops.len; k++) n += bl.data[i]->ops.data[k]->opc == opc;
  return n;
}

static Block *block_with(Graph *g, HlOp opc) {
  BlockList bl = {0};
  graph_blocks(g, &bl);
  for (unsigned i = 0; i < bl.len; i++)
    for (unsigned k = 0; k < bl.data[i]->ops.len; k++)
      if (bl.data[i]->ops.data[k]->opc == opc) return bl.data[i];
  return NULL;
}

static void assert_no_errors(Ctx *c) {
  if (c->D.nerrors) fail_msg("unexpected errors:\n%s", c->errs);
}

static void assert_error(Ctx *c, const char *msg) {
  if (!c->errs || !strstr(c->errs, msg)) fail_msg("expected '%s' in:\n%s", msg, c->errs);
}

static void test_straight_line(void **state) {
  (void)state;
  Ctx *c = build("def f(a, b):\n    x = a + b\n    return x * 2\n");
  assert_no_errors(c);
  Graph *g = graph(c, "t.f");
  assert_int_equal(g->start->ninputs, 2);
  assert_int_equal(g->start->ops.len, 2);
  assert_int_equal(g->start->ops.data[0]->opc, HL_add);
  assert_int_equal(g->start->ops.data[1]->opc, HL_mul);
  assert_ptr_equal(g->start->exits.data[0]->target, g->ret);
  assert_ptr_equal(g->start->exits.data[0]->args[0], g->start->ops.data[1]->result);
  assert_string_equal(g->start->ops.data[0]->result->name, "x");
  done(c);
}

static void test_graph_names_and_order(void **state) {
  (void)state;
  Ctx *c = build("class C(object):\n    def m(self):\n        def inner():\n"
                 "            return 1\n        return inner\n"
                 "def g():\n    return C\n");
  assert_no_errors(c);
  Module *m = c->P.modules.data[0];
  assert_string_equal(m->graph->name, "t.<module>");
  assert_int_equal(m->funcs.len, 3);
  assert_string_equal(m->funcs.data[0]->graph->name, "t.C.m");
  assert_string_equal(m->funcs.data[1]->graph->name, "t.C.m.inner");
  assert_string_equal(m->funcs.data[2]->graph->name, "t.g");
  assert_int_equal(count_ops(m->graph, HL_make_class), 1);
  assert_int_equal(count_ops(m->graph, HL_setglobal), 2);
  done(c);
}

static void test_if_join_inputs(void **state) {
  (void)state;
  Ctx *c = build("def f(c, a):\n    if c:\n        y = a + 1\n    else:\n"
                 "        y = a - 1\n    return y * a\n");
  assert_no_errors(c);
  Graph *g = graph(c, "t.f");
  assert_int_equal(g->start->exitkind, EXIT_VALUE);
  assert_int_equal(g->start->exits.len, 2);
  assert_int_equal(g->start->exits.data[0]->exitcase->u.i, 0);  /* False first */
  Block *join = block_with(g, HL_mul);
  assert_non_null(join);
  bool named_y = false;
  for (uint32_t i = 0; i < join->ninputs; i++)
    named_y |= join->inputs[i]->name && strcmp(join->inputs[i]->name, "y") == 0;
  assert_true(named_y);
  done(c);
}

static void test_while_true_break_defines(void **state) {
  (void)state;
  Ctx *c = build("def f(l):\n    while True:\n        x = l.pop()\n        if x:\n"
                 "            break\n    return x\n"
                 "def g(l):\n    while l:\n        x = l.pop()\n    return x\n");
  assert_error(c, "t.rl:10:12: error: local variable 'x' might be referenced before assignment");
  assert_int_equal(c->D.nerrors, 1);
  done(c);
}

static void test_try_splits_raising_ops(void **state) {
  (void)state;
  Ctx *c = build("def f(d, k):\n    try:\n        v = d[k]\n    except KeyError:\n"
                 "        v = 0\n    return v\n");
  assert_no_errors(c);
  Graph *g = graph(c, "t.f");
  Block *b = block_with(g, HL_getitem);
  assert_int_equal(b->exitkind, EXIT_RAISE);
  assert_int_equal(b->exits.len, 2);
  assert_null(b->exits.data[0]->exitcase);
  Link *l = b->exits.data[1];
  assert_int_equal(l->exitcase->ckind, CONST_BUILTIN);
  assert_string_equal(l->exitcase->u.ref.name, "BaseException");
  assert_non_null(l->etype);
  assert_ptr_equal(l->args[0], l->etype);
  assert_ptr_equal(l->args[1], l->evalue);
  assert_int_equal(count_ops(g, HL_exception_match), 1);
  done(c);
}

static void test_no_exception_links_outside_try(void **state) {
  (void)state;
  Ctx *c = build("def f(d, k):\n    return d[k] + d[k + 1]\n");
  Graph *g = graph(c, "t.f");
  assert_int_equal(nblocks(g), 2);  /* start + return */
  assert_int_equal(g->start->exitkind, EXIT_NONE);
  done(c);
}

static void test_for_loop_header(void **state) {
  (void)state;
  Ctx *c = build("def f(l):\n    t = 0\n    for x in l:\n        t += x\n    return t\n");
  assert_no_errors(c);
  Graph *g = graph(c, "t.f");
  Block *h = block_with(g, HL_next);
  assert_int_equal(h->ops.len, 1);
  assert_int_equal(h->exitkind, EXIT_RAISE);
  assert_string_equal(h->exits.data[1]->exitcase->u.ref.name, "StopIteration");
  assert_ptr_equal(h->exits.data[1]->target, g->ret);
  assert_int_equal(count_ops(g, HL_iter), 1);
  done(c);
}

static void test_finally_copies(void **state) {
  (void)state;
  Ctx *c = build("def f(l):\n    for x in l:\n        try:\n            if x > 0:\n"
                 "                return 1\n            if l:\n                break\n"
                 "            continue\n        finally:\n            print(x)\n"
                 "    return 0\n");
  assert_no_errors(c);
  /* return, break, continue and the exception path: four copies */
  assert_int_equal(count_ops(graph(c, "t.f"), HL_simple_call), 4);
  done(c);
}

static void test_bool_and_chain_values(void **state) {
  (void)state;
  Ctx *c = build("def f(a, b, c):\n    return (a and b) + (a < b < c)\n");
  assert_no_errors(c);
  Graph *g = graph(c, "t.f");
  assert_int_equal(count_ops(g, HL_lt), 2);
  assert_int_equal(count_ops(g, HL_add), 1);
  Block *b = block_with(g, HL_add);
  assert_ptr_equal(b->exits.data[0]->target, g->ret);
  done(c);
}

static void test_globals_and_builtins(void **state) {
  (void)state;
  Ctx *c = build("N = 1\ndef f():\n    global N\n    N = len([])\n    return N\n");
  assert_no_errors(c);
  Graph *g = graph(c, "t.f");
  assert_int_equal(count_ops(g, HL_setglobal), 1);
  assert_int_equal(count_ops(g, HL_getglobal), 1);
  Op *call = block_with(g, HL_simple_call)->ops.data[1];
  assert_int_equal(call->args[0]->ckind, CONST_BUILTIN);
  assert_string_equal(call->args[0]->u.ref.name, "len");
  done(c);
}

static void test_main_guard_skipped(void **state) {
  (void)state;
  Ctx *c = build("import sys\nif __name__ == \"__main__\":\n    sys.exit(undefined)\n"
                 "else:\n    X = 1\n");
  assert_no_errors(c);
  Graph *g = c->P.modules.data[0]->graph;
  assert_int_equal(count_ops(g, HL_simple_call), 0);
  assert_int_equal(count_ops(g, HL_setglobal), 2);
  done(c);
}

static void test_comprehension_scope(void **state) {
  (void)state;
  Ctx *c = build("def f(l):\n    r = [x for x in l if x]\n    return x\n");
  assert_error(c, "name 'x' is not defined");
  done(c);
}

static void test_errors(void **state) {
  (void)state;
  Ctx *c = build("def f(x):\n    def g():\n        return x\n    break\n"
                 "@nothing\ndef h(*a):\n    raise\n");
  assert_error(c, "t.rl:3:16: error: closures over local variables are not supported in RL");
  assert_error(c, "t.rl:4:5: error: 'break' outside loop");
  assert_error(c, "t.rl:5:2: error: decorator 'nothing' is not supported in RL");
  assert_error(c, "t.rl:6:7: error: *args is not supported in RL (only in target)");
  assert_error(c, "t.rl:7:5: error: bare raise outside an except clause");
  done(c);
}

static void test_dump_text(void **state) {
  (void)state;
  Ctx *c = build("def f(a):\n    if a:\n        return 1\n    return a\n");
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  fg_dump_program(out, &c->P, false, "f");
  fclose(out);
  assert_string_equal(buf,
                      "graph t.f(a_0)  # t.rl:1\n"
                      "block0(a_0):\n"
                      "    v1 = is_true(a_0)                       # 2:8\n"
                      "    switch v1:\n"
                      "        False -> return a_0\n"
                      "        True -> return 1\n");
  free(buf);
  done(c);
}

/* Two translations in one process, and a long function built in linear
 * time (a quadratic builder would take minutes here). */
static void test_long_function(void **state) {
  (void)state;
  enum { N = 20000 };
  char *src = malloc(N * 40 + 64);
  size_t n = (size_t)sprintf(src, "def f(a):\n    x0 = a\n");
  for (int i = 1; i < N; i++) {
    n += (size_t)sprintf(src + n, "    x%d = x%d + a\n", i, i - 1);
    if (i % 100 == 0) n += (size_t)sprintf(src + n, "    if x%d:\n        a = 1\n", i);
  }
  sprintf(src + n, "    return x%d\n", N - 1);
  Ctx *c1 = build(src);
  Ctx *c2 = build(src);
  assert_no_errors(c1);
  assert_int_equal(count_ops(graph(c2, "t.f"), HL_add), N - 1);
  done(c1);
  done(c2);
  free(src);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_straight_line),
      cmocka_unit_test(test_graph_names_and_order),
      cmocka_unit_test(test_if_join_inputs),
      cmocka_unit_test(test_while_true_break_defines),
      cmocka_unit_test(test_try_splits_raising_ops),
      cmocka_unit_test(test_no_exception_links_outside_try),
      cmocka_unit_test(test_for_loop_header),
      cmocka_unit_test(test_finally_copies),
      cmocka_unit_test(test_bool_and_chain_values),
      cmocka_unit_test(test_globals_and_builtins),
      cmocka_unit_test(test_main_guard_skipped),
      cmocka_unit_test(test_comprehension_scope),
      cmocka_unit_test(test_errors),
      cmocka_unit_test(test_dump_text),
      cmocka_unit_test(test_long_function),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
