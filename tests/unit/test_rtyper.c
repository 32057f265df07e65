/* test_rtyper.c — the rtyper: representations chosen for sample programs'
 * annotations, the shape of a few ll graphs (through --dump=rtyped's text),
 * rtyper errors, and end to end: small programs translated by the whole
 * pipeline (prebuild, annotator, rtyper, LLVM backend), run, and judged by
 * their stdout and exit status. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "annotator/ann.h"
#include "backend/llvm/llvm_backend.h"
#include "prebuild/prebuild.h"
#include "rty_fixture.h"
#include "rtyper/rtyper.h"

extern char **environ;

typedef struct Ctx {
  ProgFx fx;
  Prebuild *PB;
  Annotator *AN;
  RTyper *R;
  bool ok;
  char dump[65536];
} Ctx;

static Ctx *rtype(const char *src) {
  Ctx *c = calloc(1, sizeof *c);
  assert_non_null(c);
  c->ok = rfx_rtype(&c->fx, src, &c->PB, &c->AN, &c->R);
  return c;
}

static void done(Ctx *c) {
  rty_free(c->R);
  pb_free(c->PB);
  pfx_free(&c->fx);
  free(c);
}

static AnnGraph *graph(Ctx *c, const char *name) {
  for (uint32_t i = 0; i < ann_graph_count(c->AN); i++)
    if (strcmp(ann_graph_at(c->AN, i)->name, name) == 0) return ann_graph_at(c->AN, i);
  fail_msg("no graph %s", name);
  return NULL;
}

static char *type_text(const LLType *t) {
  static char buf[256];
  FILE *m = fmemopen(buf, sizeof buf, "w");
  lltype_print(m, t);
  fclose(m);
  return buf;
}

/* The ll type of parameter i of graph `name`. */
static char *param_type(Ctx *c, const char *name, unsigned i) {
  return type_text(graph(c, name)->g->start->inputs[i]->ll);
}

static const char *dump_of(Ctx *c, const char *only) {
  FILE *m = fmemopen(c->dump, sizeof c->dump, "w");
  rty_dump(m, c->R, only);
  fclose(m);
  return c->dump;
}

/* ---- representations ------------------------------------------------------ */

static void test_primitive_reprs(void **state) {
  (void)state;
  Ctx *c = rtype("def f(i, x, b, s, ch):\n    return i\n\n"
                 "def main(argv):\n    return f(len(argv), 1.5, True, argv[0], argv[0][0])\n");
  assert_true(c->ok);
  assert_string_equal(param_type(c, "t.f", 0), "Signed");
  assert_string_equal(param_type(c, "t.f", 1), "Float");
  assert_string_equal(param_type(c, "t.f", 2), "Bool");
  assert_string_equal(param_type(c, "t.f", 3), "Ptr(GcStruct rpy_string)");
  assert_string_equal(param_type(c, "t.f", 4), "Char");
  done(c);
}

static void test_container_reprs(void **state) {
  (void)state;
  Ctx *c = rtype("class P(object):\n    def __init__(self, x):\n        self.x = x\n\n"
                 "def f(l, t, d, p):\n    return 0\n\n"
                 "def main(argv):\n    l = [1]\n    l.append(2)\n"
                 "    return f(l, (1, 'a'), {1: 2.5}, P(3))\n");
  assert_true(c->ok);
  AnnGraph *f = graph(c, "t.f");
  LLType *l = f->g->start->inputs[0]->ll, *t = f->g->start->inputs[1]->ll;
  LLType *d = f->g->start->inputs[2]->ll, *p = f->g->start->inputs[3]->ll;
  assert_int_equal(l->kind, LL_PTR);
  assert_non_null(lltype_field(l->to, intern_cstr(&c->fx.I, "items")));
  assert_non_null(lltype_field(t->to, intern_cstr(&c->fx.I, "item1")));
  assert_true(t->to->immutable);
  assert_non_null(lltype_field(d->to, intern_cstr(&c->fx.I, "entries")));
  const LLField *tp = lltype_field(p->to, intern_cstr(&c->fx.I, "typeptr"));
  assert_non_null(tp);
  assert_int_equal(tp->offset, 8);
  assert_non_null(lltype_field(p->to, intern_cstr(&c->fx.I, "f_x")));
  done(c);
}

/* ---- graph shapes ---------------------------------------------------------------- */

static void test_int_ops_shape(void **state) {
  (void)state;
  Ctx *c = rtype("def f(a, b):\n    return (a + b) // b\n\n"
                 "def main(argv):\n    return f(len(argv), 2)\n");
  assert_true(c->ok);
  const char *d = dump_of(c, "t_f");
  assert_non_null(strstr(d, "= int_add(a_0, b_1)"));
  assert_non_null(strstr(d, "direct_call(fn:ll_int_floordiv"));
  d = dump_of(c, "ll_int_floordiv");
  assert_non_null(strstr(d, "int_ne(v"));
  assert_non_null(strstr(d, "direct_call(fn:rt_raise_str, static:vtable_ZeroDivisionError"));
  done(c);
}

static void test_exception_links(void **state) {
  (void)state;
  Ctx *c = rtype("def f(l, i):\n    try:\n        return l[i]\n    except IndexError:\n"
                 "        return -1\n\n"
                 "def main(argv):\n    return f([1, 2], len(argv))\n");
  assert_true(c->ok);
  const char *d = dump_of(c, "t_f");
  assert_non_null(strstr(d, "direct_call(fn:ll_list_getitem"));
  assert_non_null(strstr(d, "static:vtable_BaseException as (etype_"));
  assert_non_null(strstr(d, "int_between("));
  done(c);
}

static void test_format_must_be_constant(void **state) {
  (void)state;
  Ctx *c = rtype("def f(fmt, x):\n    return fmt % x\n\n"
                 "def main(argv):\n    return len(f(argv[0], 1))\n");
  assert_false(c->ok);
  assert_non_null(strstr(pfx_errors(&c->fx), "format strings must be constants in RL"));
  done(c);
}

/* ---- end to end ------------------------------------------------------------------------ */

typedef struct Run {
  char out[8192];
  int status;
} Run;

static void run_program(const char *src, const char *arg, Run *r) {
  Ctx *c = rtype(src);
  if (!c->ok) fprintf(stderr, "%s", pfx_errors(&c->fx));
  assert_true(c->ok);
  char dir[] = "/tmp/rtrans-rty-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char exe[64], outp[64];
  snprintf(exe, sizeof exe, "%s/prog", dir);
  snprintf(outp, sizeof outp, "%s/out", dir);
  BeProgram p;
  rty_program(c->R, &p);
  BeOptions o = {.output = exe, .opt_level = 1};
  assert_true(be_emit(&p, &o, &c->fx.D));
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, outp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  char *argv[] = {exe, (char *)arg, NULL};
  pid_t pid;
  assert_int_equal(posix_spawn(&pid, exe, &fa, NULL, argv, environ), 0);
  posix_spawn_file_actions_destroy(&fa);
  int st;
  assert_int_equal(waitpid(pid, &st, 0), pid);
  r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  FILE *f = fopen(outp, "rb");
  size_t n = f ? fread(r->out, 1, sizeof r->out - 1, f) : 0;
  r->out[n] = 0;
  if (f) fclose(f);
  unlink(outp);
  unlink(exe);
  rmdir(dir);
  done(c);
}

static void expect(const char *src, const char *arg, const char *out, int status) {
  Run r;
  run_program(src, arg, &r);
  assert_string_equal(r.out, out);
  assert_int_equal(r.status, status);
}

static void test_e2e_exit_status(void **state) {
  (void)state;
  expect("def main(argv):\n    return 0\n", NULL, "", 0);
  expect("def main(argv):\n    return len(argv)\n", "x", "", 2);
}

static void test_e2e_numbers(void **state) {
  (void)state;
  expect("def main(argv):\n    a = -7\n    print(a // 2, a % 2, 7 / 2, 2 ** 10, -a, abs(a), 1.5 * 2)\n"
         "    print(3 < 4, 2.0 == 2, 10 >> 1, 1 << 3, ~5)\n    return 0\n",
         NULL, "-4 1 3.5 1024 7 7 3.0\nTrue True 5 8 -6\n", 0);
}

static void test_e2e_strings(void **state) {
  (void)state;
  expect("def main(argv):\n    s = 'abc' + 'def'\n    print(s, len(s), s[1], s[-1], s[1:3], 'cd' in s)\n"
         "    print('%s=%5d|%-4s|%.2f|%x' % ('n', 42, 'ab', 3.14159, 255))\n"
         "    print(' x '.strip(), 'a,b'.split(','), '-'.join(['p', 'q']), s.upper())\n"
         "    print(str(12), repr('q'), int('  17 '), float('2.5'))\n    return 0\n",
         NULL, "abcdef 6 b f bc True\nn=   42|ab  |3.14|ff\nx ['a', 'b'] p-q ABCDEF\n"
               "12 'q' 17 2.5\n", 0);
}

static void test_e2e_classes(void **state) {
  (void)state;
  expect("class A(object):\n    def __init__(self, n):\n        self.n = n\n"
         "    def get(self):\n        return self.n\n\n"
         "class B(A):\n    def get(self):\n        return self.n * 10\n\n"
         "def main(argv):\n    xs = [A(1), B(2), A(3)]\n    t = 0\n    for x in xs:\n"
         "        t += x.get()\n        if isinstance(x, B):\n            print('B', x.n)\n"
         "    print(t)\n    return 0\n",
         NULL, "B 2\n24\n", 0);
}

static void test_e2e_exceptions(void **state) {
  (void)state;
  expect("class E(Exception):\n    pass\n\n"
         "def f(x):\n    if x > 2:\n        raise E('big %d' % x)\n    return 10 // x\n\n"
         "def main(argv):\n    for i in range(5):\n        try:\n            print(f(i))\n"
         "        except ZeroDivisionError as e:\n            print('zde', str(e))\n"
         "        except E as e:\n            print('E', str(e))\n        finally:\n"
         "            print('f')\n    d = {'a': 1}\n    try:\n        d['b']\n"
         "    except KeyError as e:\n        print('key', str(e))\n"
         "    raise ValueError('out')\n",
         NULL, "zde integer division or modulo by zero\nf\n10\nf\n5\nf\nE big 3\nf\nE big 4\nf\n"
               "key 'b'\n", 1);
}

static void test_e2e_containers(void **state) {
  (void)state;
  expect("def main(argv):\n    l = []\n    for i in range(5):\n        l.append(i * i)\n"
         "    l.insert(0, -1)\n    print(l, l[-1], l[1:3], len(l), l.pop(), sorted([3, 1, 2]))\n"
         "    d = {}\n    for w in 'a b a c a'.split():\n        d[w] = d.get(w, 0) + 1\n"
         "    print(d, len(d), 'a' in d)\n    for k, v in d.items():\n        print(k, v)\n"
         "    t = (1, 'x', 2.5)\n    print(t, t[1])\n    return 0\n",
         NULL, "[-1, 0, 1, 4, 9] 16 [0, 1] 6 16 [1, 2, 3]\n{'a': 3, 'b': 1, 'c': 1} 3 True\n"
               "a 3\nb 1\nc 1\n(1, 'x', 2.5) x\n", 0);
}

static void test_e2e_ovfcheck(void **state) {
  (void)state;
  expect("from rlib.rarithmetic import ovfcheck\n\n"
         "def main(argv):\n    x = 1\n    n = 0\n    try:\n        while True:\n"
         "            x = ovfcheck(x * 3)\n            n += 1\n    except OverflowError:\n"
         "        print('overflow after', n)\n    return 0\n",
         NULL, "overflow after 39\n", 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_primitive_reprs),
    cmocka_unit_test(test_container_reprs),
    cmocka_unit_test(test_int_ops_shape),
    cmocka_unit_test(test_exception_links),
    cmocka_unit_test(test_format_must_be_constant),
    cmocka_unit_test(test_e2e_exit_status),
    cmocka_unit_test(test_e2e_numbers),
    cmocka_unit_test(test_e2e_strings),
    cmocka_unit_test(test_e2e_classes),
    cmocka_unit_test(test_e2e_exceptions),
    cmocka_unit_test(test_e2e_containers),
    cmocka_unit_test(test_e2e_ovfcheck),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
