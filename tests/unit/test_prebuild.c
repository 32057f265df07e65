/* test_prebuild.c — unit tests of the prebuild stage: module-level programs
 * run at translation time, checked through their frozen globals.
 * tests/prebuild/X.rl computes a global `r` whose repr must equal X.expect
 * (written by python3 with the rlib shim, see tests/prebuild/crosscheck.sh);
 * the tests here cover identity, classes, the rlib objects, the entry point,
 * freezing and the errors. Run from the repository root. */
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
#include "prebuild/pbint.h"
#include "prebuild/prebuild.h"

typedef struct Ctx {
  ProgFx fx;
  Prebuild *PB;
  bool ok;          /* pb_run's result */
  char buf[8192];
} Ctx;

/* Loads `src` as t.rl (or the file `path` when src is NULL), builds the
 * graphs and runs prebuild with the given step and heap limits (0: the
 * defaults). */
static Ctx *run_limit(const char *path, const char *src, uint64_t steps, uint32_t heap_mb) {
  Ctx *c = calloc(1, sizeof *c);
  assert_non_null(c);
  pfx_build(&c->fx, path, src);
  pfx_expect_no_errors(&c->fx);
  c->PB = pb_new(&c->fx.P);
  if (steps) pb_set_step_limit(c->PB, steps);
  if (heap_mb) pb_set_heap_limit(c->PB, heap_mb);
  c->ok = pb_run(c->PB, c->fx.main_mod, NULL, 0);
  fflush(c->fx.errf);
  return c;
}

static Ctx *run(const char *src) { return run_limit("t.rl", src, 0, 0); }

static void done(Ctx *c) {
  pb_free(c->PB);
  pfx_free(&c->fx);
  free(c);
}

static const char *errors(Ctx *c) { return pfx_errors(&c->fx); }

static Dyn global(Ctx *c, const char *name) {
  Dyn d;
  if (!pb_global(c->PB, c->fx.main_mod, name, &d)) fail_msg("global %s is not bound", name);
  return d;
}

/* repr() of a global, in c->buf. */
static const char *grepr(Ctx *c, const char *name) {
  Dyn s;
  assert_true(pb_to_str(c->PB, global(c, name), true, &s));
  snprintf(c->buf, sizeof c->buf, "%s", DYN_STR(s)->s);
  return c->buf;
}

static void expect_ok(Ctx *c) {
  if (!c->ok) fprintf(stderr, "%s", errors(c));
  assert_true(c->ok);
}

/* ---- tests/prebuild/X.rl against X.expect -------------------------------- */
static char *read_text(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) fail_msg("cannot read %s", path);
  static char text[1 << 16];
  size_t n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  while (n && text[n - 1] == '\n') n--;
  text[n] = '\0';
  return text;
}

static void golden(const char *name) {
  char path[256];
  snprintf(path, sizeof path, "tests/prebuild/%s.rl", name);
  Ctx *c = run_limit(path, NULL, 0, 0);
  expect_ok(c);
  Dyn s;
  assert_true(pb_to_str(c->PB, global(c, "r"), true, &s));
  snprintf(path, sizeof path, "tests/prebuild/%s.expect", name);
  assert_string_equal(DYN_STR(s)->s, read_text(path));
  done(c);
}

static void test_arith(void **state) { (void)state; golden("arith"); }
static void test_wrap(void **state) { (void)state; golden("wrap"); }
static void test_strings(void **state) { (void)state; golden("strings"); }
static void test_containers(void **state) { (void)state; golden("containers"); }
static void test_classes(void **state) { (void)state; golden("classes"); }
static void test_exceptions(void **state) { (void)state; golden("exceptions"); }
static void test_calls(void **state) { (void)state; golden("calls"); }
static void test_imports(void **state) { (void)state; golden("imports"); }

/* ---- identity and objects ---------------------------------------------------------- */
static void test_aliasing(void **state) {
  (void)state;
  Ctx *c = run("a = [1]\nb = a\nb.append(2)\nc = [a, a, (a,)]\nd = {'k': a}\n"
               "e = list(a)\n");
  expect_ok(c);
  assert_string_equal(grepr(c, "a"), "[1, 2]");
  Dyn a = global(c, "a"), cc = global(c, "c");
  assert_ptr_equal(a.o, global(c, "b").o);
  assert_ptr_equal(DYN_LIST(cc)->items[0].o, a.o);
  assert_ptr_equal(DYN_LIST(cc)->items[1].o, a.o);
  assert_ptr_equal(DYN_TUPLE(DYN_LIST(cc)->items[2])->items[0].o, a.o);
  assert_ptr_not_equal(global(c, "e").o, a.o);
  done(c);
}

static void test_instances(void **state) {
  (void)state;
  Ctx *c = run("class Tape(object):\n"
               "    _immutable_fields_ = ['size']\n"
               "    def __init__(self, n):\n"
               "        self.cells = [0] * n\n"
               "        self.size = n\n"
               "T = Tape(3)\nT.cells[1] = 5\n");
  expect_ok(c);
  Dyn t = global(c, "T"), cls = global(c, "Tape");
  assert_true(dyn_is(t, PB_INST));
  assert_ptr_equal(DYN_INST(t)->cls, cls.o);
  assert_ptr_equal(DYN_CLASS(cls)->base, c->PB->c_object);
  assert_non_null(DYN_CLASS(cls)->ci);
  assert_ptr_equal(pb_class_of(c->PB, DYN_CLASS(cls)->ci), cls.o);
  assert_string_equal(DYN_INST(t)->attrs.names[0], "cells");
  assert_string_equal(DYN_INST(t)->attrs.names[1], "size");
  Dyn *imm = pb_attrs_get(&DYN_CLASS(cls)->attrs, intern_cstr(&c->fx.I, "_immutable_fields_"));
  assert_non_null(imm);
  assert_true(dyn_is(*imm, PB_LIST));
  done(c);
}

static void test_rlib_objects(void **state) {
  (void)state;
  Ctx *c = run("from rpython.rlib.jit import JitDriver, elidable, unroll_safe, look_inside_iff\n"
               "from rpython.rlib import jit\n"
               "from rlib.objectmodel import specialize, we_are_translated\n"
               "from rlib.rstring import StringBuilder\n"
               "def loc(pc, code):\n    return code[pc]\n"
               "d = JitDriver(greens=['pc', 'code'], reds=['frame'], virtualizables=['frame'],\n"
               "              get_printable_location=loc, is_recursive=True)\n"
               "auto = JitDriver(greens=[], reds='auto')\n"
               "@elidable\ndef pure(x):\n    return x\n"
               "@jit.unroll_safe\n@specialize.argtype(0, 2)\ndef unr(a, b, c):\n    return a\n"
               "def pred(x):\n    return jit.isconstant(x)\n"
               "@look_inside_iff(pred)\ndef maybe(x):\n    return x\n"
               "@specialize.memo()\ndef memo(x):\n    return x\n"
               "class K(object):\n    @staticmethod\n    def s(x):\n        return x + 1\n"
               "sb = StringBuilder()\nsb.append('ab')\nsb.append_slice('xyz', 1, 3)\n"
               "built = [sb.build(), sb.getlength(), we_are_translated(), K.s(1), K().s(2)]\n");
  expect_ok(c);
  Dyn d = global(c, "d");
  assert_true(dyn_is(d, PB_JITDRIVER));
  PbJitDriver *j = (PbJitDriver *)d.o;
  assert_int_equal(DYN_LIST(j->greens)->len, 2);
  assert_ptr_equal(j->get_printable_location.o, global(c, "loc").o);
  assert_true(pb_truth(j->is_recursive));
  assert_true(dyn_is(((PbJitDriver *)global(c, "auto").o)->reds, PB_STR));
  PbFuncFlags *fl = DYN_FUNC(global(c, "pure"))->flags;
  assert_true(fl->elidable);
  assert_ptr_equal(pb_func_flags(c->PB, DYN_FUNC(global(c, "pure"))->fi), fl);
  fl = DYN_FUNC(global(c, "unr"))->flags;
  assert_true(fl->unroll_safe);
  assert_int_equal(fl->specialize, PB_SPEC_ARGTYPE);
  assert_int_equal(fl->nspec, 2);
  assert_int_equal(fl->spec_args[1], 2);
  assert_ptr_equal(DYN_FUNC(global(c, "maybe"))->flags->look_inside_iff, global(c, "pred").o);
  assert_int_equal(DYN_FUNC(global(c, "memo"))->flags->specialize, PB_SPEC_MEMO);
  assert_string_equal(grepr(c, "built"), "['abyz', 4, False, 2, 3]");
  done(c);
}

/* ---- entry point ------------------------------------------------------------------------ */
static const char *entry_name(Ctx *c) {
  PbFunc *f = pb_entry_point(c->PB);
  return f ? f->fi->qualname : "(none)";
}

static void test_entry_point(void **state) {
  (void)state;
  Ctx *c = run("def main(argv):\n    return 0\n"
               "def entry_point(argv):\n    return 1\n");
  expect_ok(c);
  assert_string_equal(entry_name(c), "t.entry_point");
  done(c);
  c = run("def main(argv):\n    return 0\n");
  assert_string_equal(entry_name(c), "t.main");
  assert_non_null(pb_require_entry_point(c->PB));
  done(c);
  c = run("def other(argv):\n    return 0\n"
          "def entry_point(argv):\n    return 1\n"
          "def target(driver, args):\n    driver.exe_name = 'x'\n    return other, None\n"
          "def jitpolicy(driver):\n    return None\n");
  expect_ok(c);
  assert_string_equal(entry_name(c), "t.other");
  done(c);
  c = run("X = 1\n");
  expect_ok(c);
  assert_null(pb_entry_point(c->PB));
  assert_null(pb_require_entry_point(c->PB));
  assert_non_null(strstr(errors(c), "no entry point: define target(), entry_point(argv) or main(argv)"));
  done(c);
  c = run("main = 3\n");
  assert_null(pb_require_entry_point(c->PB));
  assert_non_null(strstr(errors(c), "t.rl:1:1: error: the entry point 'main' is not a function"));
  done(c);
  c = run("def target(driver, args):\n    return 5\n");
  assert_false(c->ok);
  assert_non_null(strstr(errors(c), "target() must return a tuple"));
  done(c);
}

/* ---- freezing ---------------------------------------------------------------------------- */
static unsigned count_ops(Graph *g, HlOp opc) {
  BlockList bl = {0};
  graph_blocks(g, &bl);
  unsigned n = 0;
  for (unsigned i = 0; i < bl.len; i++)
    for (unsigned j = 0; j < bl.data[i]->ops.len; j++) n += bl.data[i]->ops.data[j]->opc == opc;
  return n;
}

static Graph *func_graph(Ctx *c, const char *name) {
  Module *m = c->fx.main_mod;
  for (unsigned i = 0; i < m->funcs.len; i++)
    if (strcmp(m->funcs.data[i]->name, name) == 0) return m->funcs.data[i]->graph;
  fail_msg("no function %s", name);
  return NULL;
}

/* The first operand of the first op named opc in g. */
static Value *first_arg(Graph *g, HlOp opc, unsigned k) {
  BlockList bl = {0};
  graph_blocks(g, &bl);
  for (unsigned i = 0; i < bl.len; i++)
    for (unsigned j = 0; j < bl.data[i]->ops.len; j++)
      if (bl.data[i]->ops.data[j]->opc == opc) return bl.data[i]->ops.data[j]->args[k];
  fail_msg("no such op");
  return NULL;
}

static void test_freeze(void **state) {
  (void)state;
  Ctx *c = run("import os\nfrom rpython.rlib import jit\n"
               "N = 3\nNAME = 'n'\nTABLE = [1, 2]\nE = ValueError\n"
               "def f(x):\n"
               "    if x > N:\n        raise E(NAME)\n"
               "    os.write(1, NAME)\n"
               "    return TABLE[x] + jit.promote(x)\n"
               "def main(argv):\n    return f(0)\n");
  expect_ok(c);
  Graph *g = func_graph(c, "f");
  assert_int_equal(count_ops(g, HL_getglobal), 7);
  pb_freeze(c->PB);
  assert_int_equal(count_ops(g, HL_getglobal), 0);
  assert_int_equal(count_ops(g, HL_getattr), 0);
  Value *n = first_arg(g, HL_gt, 1);
  assert_int_equal(n->ckind, CONST_INT);
  assert_int_equal(n->u.i, 3);
  Value *tab = first_arg(g, HL_getitem, 0);
  assert_int_equal(tab->ckind, CONST_OBJ);
  assert_ptr_equal(tab->u.ref.p, global(c, "TABLE").o);
  Value *callee = first_arg(g, HL_simple_call, 0);
  assert_int_equal(callee->ckind, CONST_BUILTIN);
  assert_non_null(callee->u.ref.p);
  assert_true(strcmp(callee->u.ref.name, "ValueError") == 0 ||
              strcmp(callee->u.ref.name, "os.write") == 0 ||
              strcmp(callee->u.ref.name, "rlib.jit.promote") == 0);
  assert_true(fg_verify(g, &c->fx.D));
  assert_non_null(pb_require_entry_point(c->PB));
  PbObjList objs = {0};
  pb_reachable(c->PB, &objs);
  bool has_table = false;
  for (unsigned i = 0; i < objs.len; i++) has_table |= objs.data[i] == global(c, "TABLE").o;
  assert_true(has_table);
  done(c);
}

static void test_unbound_global(void **state) {
  (void)state;
  const char *src = "def dead():\n    return MISSING\n"
                    "def used():\n    return LATE + GONE\n"
                    "LATE = 1\n"
                    "if LATE > 1:\n    MISSING = GONE = 2\n"
                    "def main(argv):\n    return used()\n";
  Ctx *c = run(src);
  expect_ok(c);
  assert_null(pb_require_entry_point(c->PB));
  const char *e = errors(c);
  assert_non_null(strstr(e, "t.rl:4:19: error: global name 'GONE' is not defined at the end of module initialization"));
  assert_null(strstr(e, "MISSING"));
  assert_null(strstr(e, "'LATE'"));
  pb_freeze(c->PB);
  assert_int_equal(count_ops(func_graph(c, "used"), HL_getglobal), 1);
  done(c);
}

/* ---- errors ------------------------------------------------------------------------------- */
static void test_uncaught(void **state) {
  (void)state;
  Ctx *c = run("def g(d):\n    return d['missing']\n"
               "def f():\n    return g({})\n"
               "X = f()\n");
  assert_false(c->ok);
  const char *e = errors(c);
  assert_non_null(strstr(e, "t.rl:2:12: error: exception raised at translation time: KeyError: 'missing'"));
  const char *n1 = strstr(e, "t.rl:5:5: note: called from here, in t.<module>");
  const char *n2 = strstr(e, "t.rl:4:12: note: called from here, in t.f");
  assert_non_null(n1);
  assert_non_null(n2);
  assert_true(n1 < n2);
  done(c);
}

static void test_output(void **state) {
  (void)state;
  Ctx *c = run("import os\ndef hello():\n    os.write(1, 'hi')\nhello()\n");
  assert_false(c->ok);
  assert_non_null(strstr(errors(c), "t.rl:3:5: error: module-level output is not allowed"));
  done(c);
  c = run("print('x')\n");
  assert_false(c->ok);
  assert_non_null(strstr(errors(c), "t.rl:1:1: error: module-level output is not allowed: the translated program would not repeat it"));
  done(c);
}

static void test_limits(void **state) {
  (void)state;
  Ctx *c = run_limit("t.rl", "x = 0\nwhile True:\n    x += 1\n", 10000, 0);
  assert_false(c->ok);
  assert_non_null(strstr(errors(c), "did not finish within 10000 operations"));
  done(c);
  /* a format's width or precision past the heap limit: that limit's
   * error (checked before the piece is made; fuzz/corpus/
   * prebuild_fmt_width_heap.rl, "%01380632922x" % -7, took 2.7 GB and
   * 14 s before, past make check's fuzz replay limits) */
  c = run_limit("t.rl", "X = '%0300000000x' % 7\n", 0, 64);
  assert_false(c->ok);
  assert_non_null(strstr(errors(c), "translation-time heap exceeded 64 MB"));
  done(c);
  c = run_limit("t.rl", "X = '%.300000000f' % 7.5\n", 0, 64);
  assert_false(c->ok);
  assert_non_null(strstr(errors(c), "translation-time heap exceeded 64 MB"));
  done(c);
  /* so are a join's and a replace's results, and a repr's text, before
   * they are made: each of these asks for ~100 MB from a 1 MB string */
  static const char *const big[] = {
      "S = 'a' * 1000000\nX = S.join(['x'] * 101)\n",
      "S = 'a' * 100\nX = S.replace('a', 'b' * 1000000)\n",
      "S = 'a' * 1000000\nX = str([S] * 100)\n",
  };
  for (unsigned i = 0; i < sizeof big / sizeof *big; i++) {
    c = run_limit("t.rl", big[i], 0, 64);
    assert_false(c->ok);
    assert_non_null(strstr(errors(c), "translation-time heap exceeded 64 MB"));
    done(c);
  }
  c = run("def f(n):\n    return f(n + 1)\nX = f(0)\n");
  assert_false(c->ok);
  assert_non_null(strstr(errors(c), "RecursionError: maximum recursion depth exceeded"));
  assert_non_null(strstr(errors(c), "the call above repeated 997 more times"));
  done(c);
  c = run("def f(n):\n    return f(n + 1)\n"
          "try:\n    f(0)\nexcept RecursionError:\n    X = 'caught'\n");
  expect_ok(c);
  assert_string_equal(grepr(c, "X"), "'caught'");
  done(c);
}

static void test_dump(void **state) {
  (void)state;
  Ctx *c = run("class P(object):\n    def __init__(self):\n        self.v = 1\n"
               "a = [1, 'x']\nb = a\nc = (P(), a)\nd = {'k': 2.5}\n"
               "def main(argv):\n    return 0\n");
  expect_ok(c);
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  pb_dump(f, c->PB);
  fclose(f);
  assert_non_null(strstr(text, "module t\n"));
  assert_non_null(strstr(text, "  t.a = #2=[1, 'x']\n"));
  assert_non_null(strstr(text, "  t.b = #2\n"));
  assert_non_null(strstr(text, "  t.c = (<P#3 v=1>, #2)\n"));
  assert_non_null(strstr(text, "  t.d = {'k': 2.5}\n"));
  assert_non_null(strstr(text, "entry point: t.main\n"));
  free(text);
  done(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_arith),        cmocka_unit_test(test_wrap),
      cmocka_unit_test(test_strings),      cmocka_unit_test(test_containers),
      cmocka_unit_test(test_classes),      cmocka_unit_test(test_exceptions),
      cmocka_unit_test(test_calls),        cmocka_unit_test(test_imports),
      cmocka_unit_test(test_aliasing),     cmocka_unit_test(test_instances),
      cmocka_unit_test(test_rlib_objects), cmocka_unit_test(test_entry_point),
      cmocka_unit_test(test_freeze),       cmocka_unit_test(test_unbound_global),
      cmocka_unit_test(test_uncaught),     cmocka_unit_test(test_output),
      cmocka_unit_test(test_limits),       cmocka_unit_test(test_dump),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
