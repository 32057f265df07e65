/* test_verify.c — the flow graph verifier on hand-built graphs: a valid one,
 * then one broken graph per checked property. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/graph.h"
#include "frontend/flow.h"

enum { MAXMSG = 16 };

/* f(x): b1(y) = add(y, 1); if it: return, else raise */
typedef struct Fixture {
  Arena A;
  Graph *g;
  Block *b1;
  Value *x, *y, *r;
} Fixture;

static Fixture *fixture(void) {
  Fixture *f = calloc(1, sizeof *f);
  arena_init(&f->A);
  Graph *g = f->g = graph_new(&f->A, "t.f", loc_make(0, 0, 0));
  g->start->ninputs = 1;
  g->start->inputs[0] = f->x = var_new(g, "x", g->loc);
  f->b1 = block_new(g, 1, g->loc);
  f->b1->inputs[0] = f->y = var_new(g, "y", g->loc);
  block_add_exit(g, g->start, f->b1, 1, &f->x, NULL);
  Value *args[2] = {f->y, const_int(&f->A, 1)};
  f->r = block_add_op(g, f->b1, HL_add, 2, args, NULL, g->loc);
  block_add_exit(g, f->b1, g->ret, 1, &f->r, NULL);
  return f;
}

static void release(Fixture *f) {
  arena_free(&f->A);
  free(f);
}

/* Asserts that verifying finds a problem whose message contains `what`. */
static void expect(Fixture *f, const char *what) {
  char *msgs[MAXMSG];
  unsigned n = fg_verify_msgs(f->g, msgs, MAXMSG, &f->A);
  for (unsigned i = 0; i < n && i < MAXMSG; i++)
    if (strstr(msgs[i], what)) return;
  fail_msg("expected a problem '%s', got %u problem(s)%s%s", what, n,
           n ? ", first: " : "", n ? msgs[0] : "");
}

static void test_valid(void **state) {
  (void)state;
  Fixture *f = fixture();
  assert_int_equal(fg_verify_msgs(f->g, NULL, 0, &f->A), 0);
  assert_true(fg_verify(f->g, NULL));
  release(f);
}

static void test_use_of_foreign_variable(void **state) {
  (void)state;
  Fixture *f = fixture();
  f->b1->ops.data[0]->args[0] = f->x;  /* x belongs to the start block */
  expect(f, "not defined in this block");
  release(f);
}

static void test_use_before_definition(void **state) {
  (void)state;
  Fixture *f = fixture();
  Value *args[2] = {f->r, f->r};
  Value *early = block_add_op(f->g, f->b1, HL_mul, 2, args, NULL, f->g->loc);
  Op *tmp = f->b1->ops.data[0];  /* move mul before add */
  f->b1->ops.data[0] = f->b1->ops.data[1];
  f->b1->ops.data[1] = tmp;
  (void)early;
  expect(f, "not defined in this block");
  release(f);
}

static void test_link_arity(void **state) {
  (void)state;
  Fixture *f = fixture();
  f->g->start->exits.data[0]->nargs = 0;
  expect(f, "passes 0 values to block");
  release(f);
}

static void test_exit_none_two_exits(void **state) {
  (void)state;
  Fixture *f = fixture();
  block_add_exit(f->g, f->b1, f->g->ret, 1, &f->r, NULL);
  expect(f, "EXIT_NONE block has 2 exits");
  release(f);
}

static void test_exit_value_needs_constants(void **state) {
  (void)state;
  Fixture *f = fixture();
  f->b1->exitkind = EXIT_VALUE;
  f->b1->exitswitch = f->r;
  block_add_exit(f->g, f->b1, f->g->ret, 1, &f->r, f->r);  /* variable exitcase */
  f->b1->exits.data[0]->exitcase = const_bool(&f->A, true);
  expect(f, "no constant exitcase");
  release(f);
}

static void test_exit_value_switch_defined(void **state) {
  (void)state;
  Fixture *f = fixture();
  f->b1->exitkind = EXIT_VALUE;
  f->b1->exitswitch = f->x;
  f->b1->exits.data[0]->exitcase = const_bool(&f->A, true);
  block_add_exit(f->g, f->b1, f->g->ret, 1, &f->r, const_bool(&f->A, false));
  expect(f, "the exit switch uses variable");
  release(f);
}

static void test_exit_raise_last_op(void **state) {
  (void)state;
  Fixture *f = fixture();
  Value *t = block_add_op(f->g, f->b1, HL_is_true, 1, &f->r, NULL, f->g->loc);
  (void)t;
  f->b1->exitkind = EXIT_RAISE;
  Link *l = block_add_exit(f->g, f->b1, f->g->except, 0, NULL,
                           const_ref(&f->A, CONST_BUILTIN, NULL, "Exception"));
  l->etype = var_new(f->g, "etype", f->g->loc);
  l->evalue = var_new(f->g, "evalue", f->g->loc);
  Value *ev[2] = {l->etype, l->evalue};
  l->args = ev;
  l->nargs = 2;
  expect(f, "does not end with an op that can raise");
  release(f);
}

static void test_exit_raise_needs_etype(void **state) {
  (void)state;
  Fixture *f = fixture();
  f->b1->exitkind = EXIT_RAISE;
  Value *ev[2] = {f->r, f->r};
  block_add_exit(f->g, f->b1, f->g->except, 2, ev,
                 const_ref(&f->A, CONST_BUILTIN, NULL, "Exception"));
  expect(f, "lacks a class exitcase or etype/evalue");
  release(f);
}

static void test_return_block_shape(void **state) {
  (void)state;
  Fixture *f = fixture();
  Value *args[1] = {f->g->ret->inputs[0]};
  block_add_op(f->g, f->g->ret, HL_not_, 1, args, NULL, f->g->loc);
  expect(f, "the return block has ops or exits");
  release(f);
}

static void test_except_block_inputs(void **state) {
  (void)state;
  Fixture *f = fixture();
  Value *ev[2] = {f->r, f->r};
  Link *l = block_add_exit(f->g, f->b1, f->g->except, 2, ev, NULL);
  (void)l;
  f->b1->exits.data[0] = f->b1->exits.data[1];
  f->b1->exits.len = 1;
  f->g->except->ninputs = 1;
  expect(f, "the except block has 1 inputs");
  release(f);
}

static void test_defined_twice(void **state) {
  (void)state;
  Fixture *f = fixture();
  Value *args[2] = {f->y, f->y};
  block_add_op(f->g, f->b1, HL_mul, 2, args, f->r, f->g->loc);
  expect(f, "defined twice");
  release(f);
}

static void test_op_arity(void **state) {
  (void)state;
  Fixture *f = fixture();
  f->b1->ops.data[0]->nargs = 1;
  expect(f, "add has 1 operands, expected 2");
  release(f);
}

static void test_call_args_shape(void **state) {
  (void)state;
  Fixture *f = fixture();
  CallShape *sh = arena_alloc(&f->A, sizeof *sh);
  sh->npos = 2;
  Value *args[3] = {f->y, const_shape(&f->A, sh), f->y};
  block_add_op(f->g, f->b1, HL_call_args, 3, args, NULL, f->g->loc);
  expect(f, "its shape says 4");
  release(f);
}

static void test_missing_exit(void **state) {
  (void)state;
  Fixture *f = fixture();
  f->b1->exits.len = 0;
  expect(f, "EXIT_NONE block has 0 exits");
  release(f);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_valid),
      cmocka_unit_test(test_use_of_foreign_variable),
      cmocka_unit_test(test_use_before_definition),
      cmocka_unit_test(test_link_arity),
      cmocka_unit_test(test_exit_none_two_exits),
      cmocka_unit_test(test_exit_value_needs_constants),
      cmocka_unit_test(test_exit_value_switch_defined),
      cmocka_unit_test(test_exit_raise_last_op),
      cmocka_unit_test(test_exit_raise_needs_etype),
      cmocka_unit_test(test_return_block_shape),
      cmocka_unit_test(test_except_block_inputs),
      cmocka_unit_test(test_defined_twice),
      cmocka_unit_test(test_op_arity),
      cmocka_unit_test(test_call_args_shape),
      cmocka_unit_test(test_missing_exit),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
