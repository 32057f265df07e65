/* test_annotate.c — whole small programs annotated from their entry point
 * (frontend + annotator, module globals from the annotator's static scan),
 * with assertions on a few annotations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "annotator/ann.h"
#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "frontend/flow.h"
#include "frontend/program.h"
#include "prog_fixture.h"

typedef struct Ctx {
  ProgFx fx;
  Annotator *AN;
  bool ok;
} Ctx;

static Ctx *annotate(const char *src) {
  Ctx *c = calloc(1, sizeof *c);
  assert_non_null(c);
  pfx_build(&c->fx, "t.rl", src);
  pfx_expect_no_errors(&c->fx);
  c->AN = ann_new(&c->fx.P);
  c->ok = ann_program(c->AN);
  fflush(c->fx.errf);
  return c;
}

static void done(Ctx *c) {
  pfx_free(&c->fx);
  free(c);
}

static AnnGraph *graph(Ctx *c, const char *name) {
  for (uint32_t i = 0; i < ann_graph_count(c->AN); i++)
    if (strcmp(ann_graph_at(c->AN, i)->name, name) == 0) return ann_graph_at(c->AN, i);
  fail_msg("no annotated graph %s", name);
  return NULL;
}

static Ann *ret(Ctx *c, const char *name) { return ann_of(graph(c, name)->g->ret->inputs[0]); }
static Ann *param(Ctx *c, const char *name, unsigned i) {
  return ann_of(graph(c, name)->g->start->inputs[i]);
}

static char *text(const Ann *a) {
  static char buf[256];
  FILE *m = fmemopen(buf, sizeof buf, "w");
  ann_print(m, a);
  fclose(m);
  return buf;
}

static void test_numbers(void **state) {
  (void)state;
  Ctx *c = annotate("def half(a, b):\n    return a / b\n\n"
                    "def main(argv):\n    x = half(len(argv), 2)\n"
                    "    return int(x) + 1\n");
  assert_true(c->ok);
  assert_int_equal(ret(c, "t.half")->kind, ANN_FLOAT);
  assert_string_equal(text(param(c, "t.half", 0)), "int>=0");
  assert_int_equal(ret(c, "t.main")->kind, ANN_INT);
  done(c);
}

static void test_lists(void **state) {
  (void)state;
  Ctx *c = annotate("def words(s):\n    return s.split()\n\n"
                    "def main(argv):\n    w = words(argv[0])\n    w.append('x')\n"
                    "    fixed = [0] * 3\n    fixed[1] = 5\n    return len(w) + fixed[0]\n");
  assert_true(c->ok);
  assert_string_equal(text(ret(c, "t.words")), "list(str, resized)");
  /* argv is built by rt_main.c: resizable even when the program does not
   * resize it */
  assert_string_equal(text(param(c, "t.main", 0)), "list(str, resized)");
  done(c);
}

static void test_attribute_moves_up(void **state) {
  (void)state;
  Ctx *c = annotate("class A(object):\n    pass\n\n"
                    "class B(A):\n    def __init__(self):\n        self.x = 1\n\n"
                    "class C(A):\n    def __init__(self):\n        self.x = 2\n\n"
                    "def get(a):\n    return a.x\n\n"
                    "def main(argv):\n    a = B()\n    if len(argv) > 1:\n        a = C()\n"
                    "    return get(a)\n");
  assert_true(c->ok);
  assert_string_equal(text(param(c, "t.get", 0)), "inst(t.A)");
  ClassDef *a = NULL;
  for (uint32_t i = 0; i < ann_class_count(c->AN); i++)
    if (strcmp(ann_class_at(c->AN, i)->name, "t.A") == 0) a = ann_class_at(c->AN, i);
  assert_non_null(a);
  assert_int_equal(a->attrs.len, 1);
  assert_string_equal(a->attrs.data[0]->name, "x");
  assert_int_equal(a->attrs.data[0]->s->kind, ANN_INT);
  done(c);
}

static void test_narrowing(void **state) {
  (void)state;
  Ctx *c = annotate("class Node(object):\n    def __init__(self, v):\n        self.v = v\n\n"
                    "def find(argv):\n    if len(argv) > 2:\n        return Node(3)\n"
                    "    return None\n\n"
                    "def main(argv):\n    n = find(argv)\n    if n is not None:\n"
                    "        return n.v\n    return 0\n");
  assert_true(c->ok);
  assert_string_equal(text(ret(c, "t.find")), "inst(t.Node)?");
  done(c);
}

static void test_specialize(void **state) {
  (void)state;
  Ctx *c = annotate("from rlib.objectmodel import specialize\n\n"
                    "@specialize.argtype(0)\ndef twice(x):\n    return x + x\n\n"
                    "def main(argv):\n    twice(1)\n    twice('a')\n    twice(2)\n    return 0\n");
  assert_true(c->ok);
  assert_int_equal(ret(c, "t.twice[int]")->kind, ANN_INT);
  assert_int_equal(ret(c, "t.twice[str]")->kind, ANN_STR);
  assert_ptr_not_equal(graph(c, "t.twice[int]")->g, graph(c, "t.twice[str]")->g);
  done(c);
}

static void test_conflict_reported(void **state) {
  (void)state;
  Ctx *c = annotate("def main(argv):\n    x = 1\n    if len(argv) > 1:\n        x = 'a'\n"
                    "    print(x)\n    return 0\n");
  assert_false(c->ok);
  assert_non_null(strstr(c->fx.errs, "error: variable 'x' cannot be both int and str"));
  done(c);
}

/* `except C as e` narrows e to C also when the except clause is not the
 * first (the etype/evalue inputs of the later test blocks are not adjacent)
 * and for a `raise` inside the try (etype is `type(x)`). */
static void test_except_narrows_every_clause(void **state) {
  (void)state;
  Ctx *c = annotate("class E(Exception):\n    def m(self):\n        return 1\n\n"
                    "class F(E):\n    pass\n\nclass G(E):\n    pass\n\n"
                    "def fail(n):\n    if n == 1:\n        raise F()\n    raise G()\n\n"
                    "def first(e):\n    return e.m()\n\n"
                    "def second(e):\n    return e.m()\n\n"
                    "def third(e):\n    return e.m()\n\n"
                    "def main(argv):\n    n = len(argv)\n    try:\n        fail(n)\n"
                    "    except F as e:\n        n += first(e)\n"
                    "    except G as e:\n        n += second(e)\n"
                    "    try:\n        if n == 3:\n            raise F()\n"
                    "        raise G()\n    except F:\n        n += 1\n"
                    "    except E as e:\n        n += third(e)\n    return n\n");
  assert_true(c->ok);
  assert_string_equal(text(param(c, "t.first", 0)), "inst(t.F)");
  assert_string_equal(text(param(c, "t.second", 0)), "inst(t.G)");
  assert_string_equal(text(param(c, "t.third", 0)), "inst(t.E)");
  done(c);
}

/* A method that only subclasses define, called on the base's instances,
 * comes bound (not as plain functions missing 'self'), and the base is not
 * reported as lacking the attribute. */
static void test_method_only_in_subclasses(void **state) {
  (void)state;
  Ctx *c = annotate("class A(object):\n    pass\n\n"
                    "class B(A):\n    def m(self):\n        return 1\n\n"
                    "class C(A):\n    def m(self):\n        return 2\n\n"
                    "def main(argv):\n    x = B()\n    if len(argv) > 1:\n        x = C()\n"
                    "    return x.m()\n");
  assert_true(c->ok);
  assert_int_equal(ret(c, "t.main")->kind, ANN_INT);
  assert_null(strstr(c->fx.errs ? c->fx.errs : "", "error"));
  done(c);
}

static void test_two_translations(void **state) {
  (void)state;
  Ctx *a = annotate("def main(argv):\n    return 0\n");
  Ctx *b = annotate("def main(argv):\n    return len(argv)\n");
  assert_true(a->ok && b->ok);
  assert_true(ret(a, "t.main")->flags & AF_CONST);
  assert_false(ret(b, "t.main")->flags & AF_CONST);
  done(a);
  done(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_numbers),
      cmocka_unit_test(test_lists),
      cmocka_unit_test(test_attribute_moves_up),
      cmocka_unit_test(test_narrowing),
      cmocka_unit_test(test_specialize),
      cmocka_unit_test(test_conflict_reported),
      cmocka_unit_test(test_two_translations),
      cmocka_unit_test(test_except_narrows_every_clause),
      cmocka_unit_test(test_method_only_in_subclasses),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
