/* test_llvm.c — the LLVM backend and the runtime, end to end: rtyped graphs
 * built by hand, emitted and linked by be_emit into a temp dir, run, and
 * judged by their exit status, stdout and stderr. */
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
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend/llvm/llvm_backend.h"
#include "core/graph.h"
#include "core/intern.h"
#include "core/lltype.h"
#include "rtyper/llfixed.h"

extern char **environ;

/* ---- fixture: one translation's types, classes and a temp dir ----------- */

enum {
  C_MyError = BE_NUM_BUILTIN_CLASSES, /* (ValueError) */
  C_SubError,                         /* (MyError) */
  C_OtherError,                       /* (Exception) */
  NCLASSES
};
enum { X_Exception = 0, X_OverflowError = 3, X_KeyError = 6,
       X_RecursionError = 9, X_ValueError = 11 };

typedef struct Fx {
  Arena A;
  Interner I;
  LLTypes L;
  LLFixed F;
  SourceMgr sm;
  Diag D;
  LLPrebuilt *vt[NCLASSES];
  BeExport ex[BE_NUM_BUILTIN_CLASSES];
  LLType *S, *F64, *Bo, *Ch, *U;  /* Signed, Float, Bool, Char, Unsigned */
  LLType *argv_ptr;               /* Ptr(list of str) */
  LLType *str_items;              /* GcArray(Ptr(rpy_string)) */
  char dir[64];
  char out[4096], err[4096];      /* the last run's stdout, stderr */
} Fx;

static const Loc L0 = {0, 0, 0};

static int setup(void **state) {
  Fx *x = calloc(1, sizeof *x);
  arena_init(&x->A);
  intern_init(&x->I, &x->A);
  lltypes_init(&x->L, &x->A);
  llfixed_init(&x->F, &x->L, &x->I);
  sm_init(&x->sm, &x->A);
  diag_init(&x->D, &x->sm, stderr);
  x->S = x->L.signed_;
  x->F64 = x->L.float_;
  x->Bo = x->L.bool_;
  x->Ch = x->L.char_;
  x->U = x->L.unsigned_;
  BeClassSpec specs[NCLASSES];
  memcpy(specs, be_builtin_class_specs, sizeof be_builtin_class_specs);
  specs[C_MyError] = (BeClassSpec){"MyError", X_ValueError};
  specs[C_SubError] = (BeClassSpec){"SubError", C_MyError};
  specs[C_OtherError] = (BeClassSpec){"OtherError", X_Exception};
  be_make_vtables(&x->A, &x->F, specs, NCLASSES, x->vt);
  be_builtin_exports(&x->A, x->vt, x->ex);
  x->str_items = lltype_array(&x->L, x->F.str_ptr, true, false);
  LLField lf[] = {{intern_cstr(&x->I, "length"), x->S, 0, 0},
                  {intern_cstr(&x->I, "items"), lltype_ptr(&x->L, x->str_items), 0, 0}};
  LLType *list = lltype_struct(&x->L, "list_str", true, 2, lf);
  lltype_layout(list);
  x->argv_ptr = lltype_ptr(&x->L, list);
  strcpy(x->dir, "/tmp/rtrans-test-XXXXXX");
  assert_non_null(mkdtemp(x->dir));
  *state = x;
  return 0;
}

static int teardown(void **state) {
  Fx *x = *state;
  char p[128];
  snprintf(p, sizeof p, "%s/prog", x->dir);
  unlink(p);
  snprintf(p, sizeof p, "%s/out", x->dir);
  unlink(p);
  snprintf(p, sizeof p, "%s/err", x->dir);
  unlink(p);
  rmdir(x->dir);
  intern_free(&x->I);
  arena_free(&x->A);
  free(x);
  return 0;
}

/* ---- builders ------------------------------------------------------------------ */

static Value *cv(Fx *x, ConstKind k, LLType *ll) {
  Value *v = const_ref(&x->A, k, NULL, NULL);
  v->ll = ll;
  return v;
}

static Value *ci(Fx *x, int64_t i) {
  Value *v = const_int(&x->A, i);
  v->ll = x->S;
  return v;
}

static Value *cf(Fx *x, double f) {
  Value *v = const_float(&x->A, f);
  v->ll = x->F64;
  return v;
}

static Value *cb(Fx *x, bool b) {
  Value *v = const_bool(&x->A, b);
  v->ll = x->Bo;
  return v;
}

static Value *cname(Fx *x, const char *s) {
  const char *n = intern_cstr(&x->I, s);
  return const_str(&x->A, n, (uint32_t)strlen(n));
}

static Value *cty(Fx *x, LLType *t) {
  return const_ref(&x->A, CONST_LLTYPE, t, "type");
}

static Value *cfn(Fx *x, LLFunc *f) {
  Value *v = const_ref(&x->A, CONST_LLFUNC, f, f->name);
  v->ll = lltype_ptr(&x->L, f->type);
  return v;
}

static Value *cobj(Fx *x, LLPrebuilt *o, LLType *ptr) {
  Value *v = const_ref(&x->A, CONST_LLOBJ, o, o->name);
  v->ll = ptr;
  return v;
}

static Value *var(Graph *g, LLType *t) {
  Value *v = var_new(g, NULL, L0);
  v->ll = t;
  return v;
}

static Block *block(Graph *g, unsigned n, ...) {
  Block *b = block_new(g, n, L0);
  va_list ap;
  va_start(ap, n);
  for (unsigned i = 0; i < n; i++) b->inputs[i] = var(g, va_arg(ap, LLType *));
  va_end(ap);
  return b;
}

/* A graph with its LLFunc: params' types after the result type. */
static LLFunc *func(Fx *x, const char *name, LLType *res, unsigned n, ...) {
  Graph *g = graph_new(&x->A, name, L0);
  LLType *ps[8];
  va_list ap;
  va_start(ap, n);
  for (unsigned i = 0; i < n; i++) ps[i] = va_arg(ap, LLType *);
  va_end(ap);
  g->start = block_new(g, n, L0);
  for (unsigned i = 0; i < n; i++) g->start->inputs[i] = var(g, ps[i]);
  g->ret->inputs[0]->ll = res;
  g->except->inputs[0]->ll = x->F.vtable_ptr;
  g->except->inputs[1]->ll = x->F.object_ptr;
  LLFunc *f = arena_alloc(&x->A, sizeof *f);
  f->name = name;
  f->type = lltype_func(&x->L, res, n, ps);
  f->graph = g;
  f->effects = LLFX_CANRAISE;
  return f;
}

static LLFunc *helper(Fx *x, const char *name, unsigned effects, LLType *res,
                      unsigned n, ...) {
  LLType *ps[8];
  va_list ap;
  va_start(ap, n);
  for (unsigned i = 0; i < n; i++) ps[i] = va_arg(ap, LLType *);
  va_end(ap);
  LLFunc *f = arena_alloc(&x->A, sizeof *f);
  f->name = name;
  f->type = lltype_func(&x->L, res, n, ps);
  f->effects = effects;
  return f;
}

static Value *arg(LLFunc *f, unsigned i) { return f->graph->start->inputs[i]; }

/* res = opc(args...); rt NULL for Void results. */
static Value *op(Graph *g, Block *b, LLOp opc, LLType *rt, unsigned n, ...) {
  Value *args[16];
  va_list ap;
  va_start(ap, n);
  for (unsigned i = 0; i < n; i++) args[i] = va_arg(ap, Value *);
  va_end(ap);
  Value *r = block_add_op(g, b, (HlOp)opc, n, args, NULL, L0);
  r->ll = rt;
  return r;
}

static Link *jump(Graph *g, Block *from, Block *to, unsigned n, ...) {
  Value *args[16];
  va_list ap;
  va_start(ap, n);
  for (unsigned i = 0; i < n; i++) args[i] = va_arg(ap, Value *);
  va_end(ap);
  return block_add_exit(g, from, to, n, args, NULL);
}

static void ret(Graph *g, Block *from, Value *v) { jump(g, from, g->ret, 1, v); }

/* An exception link from `from` (made EXIT_RAISE) catching class c; the
 * link's args are set by the caller (etype/evalue in *et, *ev). */
static Link *catch_link(Fx *x, Graph *g, Block *from, Block *to, int c,
                        Value **et, Value **ev) {
  from->exitkind = EXIT_RAISE;
  Value *args[2] = {NULL, NULL};
  Link *l = block_add_exit(g, from, to, to->ninputs, args,
                           cobj(x, x->vt[c], x->F.vtable_ptr));
  l->etype = var(g, x->F.vtable_ptr);
  l->evalue = var(g, x->F.object_ptr);
  if (et) *et = l->etype;
  if (ev) *ev = l->evalue;
  return l;
}

static void switch_bool(Graph *g, Block *b, Value *cond, Block *t, Value *targ,
                        Block *f, Value *farg, Fx *x) {
  b->exitkind = EXIT_VALUE;
  b->exitswitch = cond;
  Value *ta[1] = {targ}, *fa[1] = {farg};
  block_add_exit(g, b, t, targ ? 1 : 0, ta, cb(x, true));
  block_add_exit(g, b, f, farg ? 1 : 0, fa, cb(x, false));
}

/* ---- the entry point as a chain of checks: exit status = first failed ----- */

typedef struct Chain {
  Fx *x;
  LLFunc *entry;
  Block *cur;
  int k;
} Chain;

static Chain chain_begin(Fx *x) {
  Chain c = {x, func(x, "entry", x->S, 1, x->argv_ptr), NULL, 0};
  c.cur = c.entry->graph->start;
  return c;
}

static void chain_check(Chain *c, Value *ok) {
  Graph *g = c->entry->graph;
  Block *next = block(g, 0);
  switch_bool(g, c->cur, ok, next, NULL, g->ret, ci(c->x, ++c->k), c->x);
  c->cur = next;
}

static Value *chain_call(Chain *c, LLFunc *f, LLType *rt, Value *a, Value *b) {
  Graph *g = c->entry->graph;
  if (b) return op(g, c->cur, LLOP_direct_call, rt, 3, cfn(c->x, f), a, b);
  if (a) return op(g, c->cur, LLOP_direct_call, rt, 2, cfn(c->x, f), a);
  return op(g, c->cur, LLOP_direct_call, rt, 1, cfn(c->x, f));
}

static void chain_expect_i(Chain *c, LLFunc *f, Value *a, Value *b, int64_t want) {
  Value *r = chain_call(c, f, c->x->S, a, b);
  chain_check(c, op(c->entry->graph, c->cur, LLOP_int_eq, c->x->Bo, 2, r,
                    ci(c->x, want)));
}

static void chain_expect_f(Chain *c, LLFunc *f, double a, double b, double want) {
  Value *r = chain_call(c, f, c->x->F64, cf(c->x, a), cf(c->x, b));
  chain_check(c, op(c->entry->graph, c->cur, LLOP_float_eq, c->x->Bo, 2, r,
                    cf(c->x, want)));
}

static LLFunc *chain_end(Chain *c) {
  ret(c->entry->graph, c->cur, ci(c->x, 0));
  return c->entry;
}

/* f(a, b) = opc(a, b) (or opc(a) when unary) */
static LLFunc *opfunc(Fx *x, LLOp opc, LLType *t, LLType *rt, bool unary) {
  const char *name = arena_printf(&x->A, "f_%s", llop_info[opc].name);
  LLFunc *f = unary ? func(x, name, rt, 1, t) : func(x, name, rt, 2, t, t);
  Graph *g = f->graph;
  Value *r = unary ? op(g, g->start, opc, rt, 1, arg(f, 0))
                   : op(g, g->start, opc, rt, 2, arg(f, 0), arg(f, 1));
  ret(g, g->start, r);
  return f;
}

/* ---- building and running ----------------------------------------------------------- */

typedef struct Run {
  int opt;
  bool debug;
  const char *arg1;     /* argv[1], or NULL */
  const char *stack;    /* RTRANS_STACK, or NULL */
  FILE *dump;
  LLFunc **roots;
  uint32_t nroots;
} Run;

static void slurp(const char *path, char *buf, size_t cap) {
  FILE *f = fopen(path, "rb");
  size_t n = f ? fread(buf, 1, cap - 1, f) : 0;
  buf[n] = 0;
  if (f) fclose(f);
}

static bool build(Fx *x, LLFunc *entry, const Run *r) {
  BeProgram p = {.types = &x->L, .fixed = &x->F, .entry = entry,
                 .roots = r->roots, .nroots = r->nroots,
                 .exports = x->ex, .nexports = BE_NUM_BUILTIN_CLASSES,
                 .sm = &x->sm};
  char *out = arena_printf(&x->A, "%s/prog", x->dir);
  BeOptions o = {.output = out, .opt_level = r->opt, .debug = r->debug,
                 .dump_ir = r->dump};
  return be_emit(&p, &o, &x->D);
}

/* Runs the last built program; returns its exit status (-1: signal). */
static int run(Fx *x, const Run *r) {
  char prog[128], out[128], err[128];
  snprintf(prog, sizeof prog, "%s/prog", x->dir);
  snprintf(out, sizeof out, "%s/out", x->dir);
  snprintf(err, sizeof err, "%s/err", x->dir);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  char *argv[] = {prog, (char *)r->arg1, NULL};
  char *envp[256];
  char stackenv[64];
  unsigned k = 0;
  for (char **e = environ; *e && k < 250; e++)
    if (strncmp(*e, "RTRANS_STACK=", 13) != 0 && strncmp(*e, "LD_PRELOAD=", 11) != 0)
      envp[k++] = *e;
  if (r->stack) {
    snprintf(stackenv, sizeof stackenv, "RTRANS_STACK=%s", r->stack);
    envp[k++] = stackenv;
  }
  envp[k] = NULL;
  pid_t pid;
  int rc = posix_spawn(&pid, prog, &fa, NULL, argv, envp);
  posix_spawn_file_actions_destroy(&fa);
  assert_int_equal(rc, 0);
  int status;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  slurp(out, x->out, sizeof x->out);
  slurp(err, x->err, sizeof x->err);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int build_run(Fx *x, LLFunc *entry, const Run *r) {
  assert_true(build(x, entry, r));
  return run(x, r);
}

static const Run O0 = {.opt = 0}, O2 = {.opt = 2};

/* ---- tests ------------------------------------------------------------------------------ */

static void test_exit_status(void **state) {
  Fx *x = *state;
  LLFunc *e = func(x, "entry", x->S, 1, x->argv_ptr);
  ret(e->graph, e->graph->start, ci(x, 42));
  assert_int_equal(build_run(x, e, &O2), 42);
  assert_string_equal(x->out, "");
  /* statuses wrap as the OS does */
  LLFunc *e2 = func(x, "entry", x->S, 1, x->argv_ptr);
  ret(e2->graph, e2->graph->start, ci(x, 256 + 7));
  assert_int_equal(build_run(x, e2, &O0), 7);
}

static LLFunc *int_checks(Fx *x) {
  Chain c = chain_begin(x);
  const int64_t MIN = INT64_MIN, MAX = INT64_MAX;
  LLFunc *add = opfunc(x, LLOP_int_add, x->S, x->S, false);
  LLFunc *mul = opfunc(x, LLOP_int_mul, x->S, x->S, false);
  LLFunc *fdiv = opfunc(x, LLOP_int_floordiv, x->S, x->S, false);
  LLFunc *mod = opfunc(x, LLOP_int_mod, x->S, x->S, false);
  LLFunc *shl = opfunc(x, LLOP_int_lshift, x->S, x->S, false);
  LLFunc *shr = opfunc(x, LLOP_int_rshift, x->S, x->S, false);
  LLFunc *neg = opfunc(x, LLOP_int_neg, x->S, x->S, true);
  LLFunc *abs_ = opfunc(x, LLOP_int_abs, x->S, x->S, true);
  chain_expect_i(&c, add, ci(x, MAX), ci(x, 1), MIN);          /* 1 */
  chain_expect_i(&c, mul, ci(x, MAX), ci(x, 2), -2);
  chain_expect_i(&c, mul, ci(x, 1LL << 62), ci(x, 4), 0);
  chain_expect_i(&c, fdiv, ci(x, 7), ci(x, 2), 3);
  chain_expect_i(&c, fdiv, ci(x, -7), ci(x, 2), -4);           /* 5 */
  chain_expect_i(&c, fdiv, ci(x, 7), ci(x, -2), -4);
  chain_expect_i(&c, fdiv, ci(x, -7), ci(x, -2), 3);
  chain_expect_i(&c, fdiv, ci(x, -8), ci(x, 2), -4);
  chain_expect_i(&c, fdiv, ci(x, MIN), ci(x, -1), MIN);
  chain_expect_i(&c, mod, ci(x, 7), ci(x, 2), 1);              /* 10 */
  chain_expect_i(&c, mod, ci(x, -7), ci(x, 2), 1);
  chain_expect_i(&c, mod, ci(x, 7), ci(x, -2), -1);
  chain_expect_i(&c, mod, ci(x, -7), ci(x, -2), -1);
  chain_expect_i(&c, mod, ci(x, MIN), ci(x, -1), 0);
  chain_expect_i(&c, mod, ci(x, -6), ci(x, 3), 0);             /* 15 */
  chain_expect_i(&c, shl, ci(x, 1), ci(x, 63), MIN);
  chain_expect_i(&c, shl, ci(x, 1), ci(x, 64), 0);
  chain_expect_i(&c, shl, ci(x, 5), ci(x, 1000), 0);
  chain_expect_i(&c, shr, ci(x, -8), ci(x, 100), -1);
  chain_expect_i(&c, shr, ci(x, 8), ci(x, 64), 0);             /* 20 */
  chain_expect_i(&c, shr, ci(x, -8), ci(x, 1), -4);
  chain_expect_i(&c, neg, ci(x, MIN), NULL, MIN);
  chain_expect_i(&c, abs_, ci(x, MIN), NULL, MIN);
  chain_expect_i(&c, abs_, ci(x, -5), NULL, 5);
  return chain_end(&c);
}

static void test_int_arith_O0(void **state) {
  Fx *x = *state;
  assert_int_equal(build_run(x, int_checks(x), &O0), 0);
}

static void test_int_arith_O2(void **state) {
  Fx *x = *state;
  assert_int_equal(build_run(x, int_checks(x), &O2), 0);
}

/* f(a, b) = opc(a, b), returning -777 when it raises OverflowError. */
static LLFunc *ovf_func(Fx *x, LLOp opc, bool unary) {
  LLFunc *f = unary ? func(x, "ovf1", x->S, 1, x->S)
                    : func(x, "ovf2", x->S, 2, x->S, x->S);
  Graph *g = f->graph;
  Block *b = g->start;
  Value *r = unary ? op(g, b, opc, x->S, 1, arg(f, 0))
                   : op(g, b, opc, x->S, 2, arg(f, 0), arg(f, 1));
  ret(g, b, r);
  Block *h = block(g, 0);
  catch_link(x, g, b, h, X_OverflowError, NULL, NULL);
  ret(g, h, ci(x, -777));
  return f;
}

static LLFunc *ovf_checks(Fx *x) {
  Chain c = chain_begin(x);
  LLFunc *add = ovf_func(x, LLOP_int_add_ovf, false);
  LLFunc *sub = ovf_func(x, LLOP_int_sub_ovf, false);
  LLFunc *mul = ovf_func(x, LLOP_int_mul_ovf, false);
  LLFunc *neg = ovf_func(x, LLOP_int_neg_ovf, true);
  chain_expect_i(&c, add, ci(x, 1), ci(x, 2), 3);
  chain_expect_i(&c, add, ci(x, INT64_MAX), ci(x, 1), -777);
  chain_expect_i(&c, sub, ci(x, INT64_MIN), ci(x, 1), -777);
  chain_expect_i(&c, sub, ci(x, -5), ci(x, 5), -10);
  chain_expect_i(&c, mul, ci(x, INT64_MIN), ci(x, -1), -777);   /* 5 */
  chain_expect_i(&c, mul, ci(x, 1LL << 32), ci(x, 1LL << 31), -777);
  chain_expect_i(&c, mul, ci(x, -(1LL << 31)), ci(x, 1LL << 32), INT64_MIN);
  chain_expect_i(&c, neg, ci(x, INT64_MIN), NULL, -777);
  chain_expect_i(&c, neg, ci(x, 9), NULL, -9);
  return chain_end(&c);
}

static void test_ovf(void **state) {
  Fx *x = *state;
  assert_int_equal(build_run(x, ovf_checks(x), &O0), 0);
  assert_int_equal(build_run(x, ovf_checks(x), &O2), 0);
}

/* sum(1..n) with a loop block: head(i, acc) */
static LLFunc *sum_func(Fx *x) {
  LLFunc *f = func(x, "sum", x->S, 1, x->S);
  Graph *g = f->graph;
  Block *head = block(g, 3, x->S, x->S, x->S);  /* i, acc, n */
  Block *body = block(g, 3, x->S, x->S, x->S);
  jump(g, g->start, head, 3, ci(x, 1), ci(x, 0), arg(f, 0));
  Value *i = head->inputs[0], *acc = head->inputs[1], *n = head->inputs[2];
  Value *more = op(g, head, LLOP_int_le, x->Bo, 2, i, n);
  head->exitkind = EXIT_VALUE;
  head->exitswitch = more;
  Value *ba[3] = {i, acc, n};
  block_add_exit(g, head, body, 3, ba, cb(x, true));
  block_add_exit(g, head, g->ret, 1, &acc, cb(x, false));
  Value *acc2 = op(g, body, LLOP_int_add, x->S, 2, body->inputs[1], body->inputs[0]);
  Value *i2 = op(g, body, LLOP_int_add, x->S, 2, body->inputs[0], ci(x, 1));
  jump(g, body, head, 3, i2, acc2, body->inputs[2]);
  return f;
}

static LLFunc *fib_func(Fx *x) {
  LLFunc *f = func(x, "fib", x->S, 1, x->S);
  Graph *g = f->graph;
  Block *rec = block(g, 1, x->S);
  Value *small = op(g, g->start, LLOP_int_lt, x->Bo, 2, arg(f, 0), ci(x, 2));
  switch_bool(g, g->start, small, g->ret, arg(f, 0), rec, arg(f, 0), x);
  Value *n = rec->inputs[0];
  Value *a = op(g, rec, LLOP_direct_call, x->S, 2, cfn(x, f),
                op(g, rec, LLOP_int_sub, x->S, 2, n, ci(x, 1)));
  Value *b = op(g, rec, LLOP_direct_call, x->S, 2, cfn(x, f),
                op(g, rec, LLOP_int_sub, x->S, 2, n, ci(x, 2)));
  ret(g, rec, op(g, rec, LLOP_int_add, x->S, 2, a, b));
  return f;
}

/* depth(n) = 0 if n == 0 else 1 + depth(n - 1); n < 0 recurses forever */
static LLFunc *depth_func(Fx *x) {
  LLFunc *f = func(x, "depth", x->S, 1, x->S);
  Graph *g = f->graph;
  Block *rec = block(g, 1, x->S);
  Value *z = op(g, g->start, LLOP_int_eq, x->Bo, 2, arg(f, 0), ci(x, 0));
  switch_bool(g, g->start, z, g->ret, ci(x, 0), rec, arg(f, 0), x);
  Value *d = op(g, rec, LLOP_direct_call, x->S, 2, cfn(x, f),
                op(g, rec, LLOP_int_sub, x->S, 2, rec->inputs[0], ci(x, 1)));
  ret(g, rec, op(g, rec, LLOP_int_add, x->S, 2, d, ci(x, 1)));
  return f;
}

static void test_loop_and_recursion(void **state) {
  Fx *x = *state;
  Chain c = chain_begin(x);
  chain_expect_i(&c, sum_func(x), ci(x, 100000), NULL, 5000050000LL);
  chain_expect_i(&c, fib_func(x), ci(x, 25), NULL, 75025);
  /* LANGUAGE.md: at least 50,000 nested calls on the default stack */
  chain_expect_i(&c, depth_func(x), ci(x, 100000), NULL, 100000);
  LLFunc *e = chain_end(&c);
  assert_int_equal(build_run(x, e, &O2), 0);
  assert_int_equal(build_run(x, e, &O0), 0);
}

static void test_recursion_uncaught(void **state) {
  Fx *x = *state;
  Chain c = chain_begin(x);
  chain_expect_i(&c, depth_func(x), ci(x, -1), NULL, 0);
  LLFunc *e = chain_end(&c);
  Run r = {.opt = 2, .stack = getenv("TEST_LLVM_STACK") ? getenv("TEST_LLVM_STACK") : "16M"};
  assert_int_equal(build_run(x, e, &r), 1);
  assert_string_equal(x->err, "RecursionError: maximum recursion depth exceeded\n");
}

static void test_recursion_caught(void **state) {
  Fx *x = *state;
  /* outer(): try depth(-1) except RecursionError: return 7 */
  LLFunc *depth = depth_func(x);
  LLFunc *outer = func(x, "outer", x->S, 0);
  Graph *g = outer->graph;
  Value *d = op(g, g->start, LLOP_direct_call, x->S, 2, cfn(x, depth), ci(x, -1));
  ret(g, g->start, d);
  Block *h = block(g, 0);
  catch_link(x, g, g->start, h, X_RecursionError, NULL, NULL);
  ret(g, h, ci(x, 7));
  Chain c = chain_begin(x);
  Value *r = op(c.entry->graph, c.cur, LLOP_direct_call, x->S, 1, cfn(x, outer));
  chain_check(&c, op(c.entry->graph, c.cur, LLOP_int_eq, x->Bo, 2, r, ci(x, 7)));
  /* and again: the stack is usable after unwinding */
  r = op(c.entry->graph, c.cur, LLOP_direct_call, x->S, 1, cfn(x, outer));
  chain_check(&c, op(c.entry->graph, c.cur, LLOP_int_eq, x->Bo, 2, r, ci(x, 7)));
  Run run0 = {.opt = 0, .stack = "16M"};
  assert_int_equal(build_run(x, chain_end(&c), &run0), 0);
  assert_string_equal(x->err, "");
}

static void test_struct_fields(void **state) {
  Fx *x = *state;
  LLField pf[] = {{intern_cstr(&x->I, "x"), x->S, 0, 0},
                  {intern_cstr(&x->I, "flag"), x->Bo, 0, 0},
                  {intern_cstr(&x->I, "c"), x->Ch, 0, 0},
                  {intern_cstr(&x->I, "f"), x->F64, 0, 0},
                  {intern_cstr(&x->I, "next"), NULL, 0, 0}};
  LLType *pt = lltype_struct(&x->L, "Point", true, 5, pf);
  LLType *pp = lltype_ptr(&x->L, pt);
  pt->fields[4].type = pp;
  lltype_layout(pt);
  Chain c = chain_begin(x);
  Graph *g = c.entry->graph;
  Block *b = c.cur;
  Value *p = op(g, b, LLOP_malloc, pp, 1, cty(x, pt));
  Value *q = op(g, b, LLOP_malloc, pp, 1, cty(x, pt));
  op(g, b, LLOP_setfield, x->L.void_, 3, p, cname(x, "x"), ci(x, -123456789));
  op(g, b, LLOP_setfield, x->L.void_, 3, p, cname(x, "flag"), cb(x, true));
  Value *ch = const_int(&x->A, 200);
  ch->ll = x->Ch;
  op(g, b, LLOP_setfield, x->L.void_, 3, p, cname(x, "c"), ch);
  op(g, b, LLOP_setfield, x->L.void_, 3, p, cname(x, "f"), cf(x, 2.5));
  op(g, b, LLOP_gc_write_barrier, x->L.void_, 1, p);
  op(g, b, LLOP_setfield, x->L.void_, 3, p, cname(x, "next"), q);
  op(g, b, LLOP_setfield, x->L.void_, 3, q, cname(x, "x"), ci(x, 5));
  Value *px = op(g, b, LLOP_getfield, x->S, 2, p, cname(x, "x"));
  chain_check(&c, op(g, c.cur, LLOP_int_eq, x->Bo, 2, px, ci(x, -123456789)));
  Value *fl = op(g, c.cur, LLOP_getfield, x->Bo, 2, p, cname(x, "flag"));
  chain_check(&c, fl);
  Value *qfl = op(g, c.cur, LLOP_getfield, x->Bo, 2, q, cname(x, "flag"));
  chain_check(&c, op(g, c.cur, LLOP_bool_not, x->Bo, 1, qfl)); /* zeroed */
  Value *cc = op(g, c.cur, LLOP_getfield, x->Ch, 2, p, cname(x, "c"));
  Value *ci200 = op(g, c.cur, LLOP_cast_char_to_int, x->S, 1, cc);
  chain_check(&c, op(g, c.cur, LLOP_int_eq, x->Bo, 2, ci200, ci(x, 200)));
  Value *nx = op(g, c.cur, LLOP_getfield, pp, 2, p, cname(x, "next"));
  Value *nxx = op(g, c.cur, LLOP_getfield, x->S, 2, nx, cname(x, "x"));
  chain_check(&c, op(g, c.cur, LLOP_int_eq, x->Bo, 2, nxx, ci(x, 5)));
  Value *qn = op(g, c.cur, LLOP_getfield, pp, 2, q, cname(x, "next"));
  chain_check(&c, op(g, c.cur, LLOP_ptr_iszero, x->Bo, 1, qn));
  Value *ff = op(g, c.cur, LLOP_getfield, x->F64, 2, p, cname(x, "f"));
  chain_check(&c, op(g, c.cur, LLOP_float_eq, x->Bo, 2, ff, cf(x, 2.5)));
  assert_int_equal(build_run(x, chain_end(&c), &O2), 0);
}

static void test_arrays(void **state) {
  Fx *x = *state;
  LLType *at = lltype_array(&x->L, x->S, true, false);
  LLType *ap = lltype_ptr(&x->L, at);
  lltype_layout(at);
  /* fill(a): a[i] = i * i for i < len(a); then sum */
  LLFunc *f = func(x, "fill_sum", x->S, 1, ap);
  Graph *g = f->graph;
  Block *head = block(g, 3, ap, x->S, x->S);
  Block *body = block(g, 3, ap, x->S, x->S);
  jump(g, g->start, head, 3, arg(f, 0), ci(x, 0), ci(x, 0));
  Value *n = op(g, head, LLOP_getarraysize, x->S, 1, head->inputs[0]);
  Value *more = op(g, head, LLOP_int_lt, x->Bo, 2, head->inputs[1], n);
  head->exitkind = EXIT_VALUE;
  head->exitswitch = more;
  Value *ba[3] = {head->inputs[0], head->inputs[1], head->inputs[2]};
  block_add_exit(g, head, body, 3, ba, cb(x, true));
  block_add_exit(g, head, g->ret, 1, &head->inputs[2], cb(x, false));
  Value *i = body->inputs[1];
  op(g, body, LLOP_setarrayitem, x->L.void_, 3, body->inputs[0], i,
     op(g, body, LLOP_int_mul, x->S, 2, i, i));
  Value *it = op(g, body, LLOP_getarrayitem, x->S, 2, body->inputs[0], i);
  Value *acc = op(g, body, LLOP_int_add, x->S, 2, body->inputs[2], it);
  jump(g, body, head, 3, body->inputs[0],
       op(g, body, LLOP_int_add, x->S, 2, i, ci(x, 1)), acc);
  Chain c = chain_begin(x);
  Value *a = op(c.entry->graph, c.cur, LLOP_malloc_varsize, ap, 2, cty(x, at), ci(x, 10));
  chain_expect_i(&c, f, a, NULL, 285);
  /* a string built at run time: malloc_varsize(rpy_string, 3) */
  Graph *eg = c.entry->graph;
  Value *s = op(eg, c.cur, LLOP_malloc_varsize, x->F.str_ptr, 2, cty(x, x->F.str), ci(x, 3));
  Value *slen = op(eg, c.cur, LLOP_getinteriorarraysize, x->S, 2, s, cname(x, "chars"));
  chain_check(&c, op(eg, c.cur, LLOP_int_eq, x->Bo, 2, slen, ci(x, 3)));
  Value *ch = const_int(&x->A, 'A');
  ch->ll = x->Ch;
  op(eg, c.cur, LLOP_setinteriorfield, x->L.void_, 4, s, cname(x, "chars"), ci(x, 2), ch);
  Value *g2 = op(eg, c.cur, LLOP_getinteriorfield, x->Ch, 3, s, cname(x, "chars"), ci(x, 2));
  chain_check(&c, op(eg, c.cur, LLOP_char_eq, x->Bo, 2, g2, ch));
  /* a big array (8 MB), zeroed */
  Value *big = op(eg, c.cur, LLOP_malloc_varsize, ap, 2, cty(x, at), ci(x, 1 << 20));
  Value *last = op(eg, c.cur, LLOP_getarrayitem, x->S, 2, big, ci(x, (1 << 20) - 1));
  chain_check(&c, op(eg, c.cur, LLOP_int_eq, x->Bo, 2, last, ci(x, 0)));
  assert_int_equal(build_run(x, chain_end(&c), &O2), 0);
}

static LLFunc *os_write(Fx *x) {
  return helper(x, "rt_os_write", LLFX_CANRAISE | LLFX_IO, x->S, 2, x->S,
                x->F.str_ptr);
}

static void test_static_string(void **state) {
  Fx *x = *state;
  LLPrebuilt *hello = be_prebuilt_str(&x->A, &x->F, "hello, world\n", 13);
  LLFunc *e = func(x, "entry", x->S, 1, x->argv_ptr);
  Graph *g = e->graph;
  Value *n = op(g, g->start, LLOP_direct_call, x->S, 3, cfn(x, os_write(x)),
                ci(x, 1), cobj(x, hello, x->F.str_ptr));
  ret(g, g->start, n);
  FILE *dump = tmpfile();
  Run r = {.opt = 2, .dump = dump};
  assert_int_equal(build_run(x, e, &r), 13);
  assert_string_equal(x->out, "hello, world\n");
  char buf[256] = {0};
  rewind(dump);
  assert_true(fread(buf, 1, sizeof buf - 1, dump) > 0);
  assert_non_null(strstr(buf, "; ModuleID"));
  fclose(dump);
}

static void test_prebuilt_mutable(void **state) {
  Fx *x = *state;
  LLField cf_[] = {{intern_cstr(&x->I, "n"), x->S, 0, 0},
                   {intern_cstr(&x->I, "name"), x->F.str_ptr, 0, 0}};
  LLType *ct = lltype_struct(&x->L, "Counter", true, 2, cf_);
  lltype_layout(ct);
  LLType *cp = lltype_ptr(&x->L, ct);
  LLPrebuilt *o = arena_alloc(&x->A, sizeof *o);
  o->type = ct;
  o->name = "counter";
  o->nfields = 2;
  o->fields = arena_alloc_array(&x->A, 2, sizeof(Value *));
  o->fields[0] = ci(x, 30);
  o->fields[1] = cobj(x, be_prebuilt_str(&x->A, &x->F, "ctr\n", 4), x->F.str_ptr);
  /* bump(): counter.n += 5 */
  LLFunc *bump = func(x, "bump", x->L.void_, 0);
  Graph *bg = bump->graph;
  Value *n = op(bg, bg->start, LLOP_getfield, x->S, 2, cobj(x, o, cp), cname(x, "n"));
  op(bg, bg->start, LLOP_setfield, x->L.void_, 3, cobj(x, o, cp), cname(x, "n"),
     op(bg, bg->start, LLOP_int_add, x->S, 2, n, ci(x, 5)));
  ret(bg, bg->start, cv(x, CONST_NONE, x->L.void_));
  LLFunc *e = func(x, "entry", x->S, 1, x->argv_ptr);
  Graph *g = e->graph;
  op(g, g->start, LLOP_direct_call, x->L.void_, 1, cfn(x, bump));
  op(g, g->start, LLOP_direct_call, x->L.void_, 1, cfn(x, bump));
  Value *nm = op(g, g->start, LLOP_getfield, x->F.str_ptr, 2, cobj(x, o, cp), cname(x, "name"));
  op(g, g->start, LLOP_direct_call, x->S, 3, cfn(x, os_write(x)), ci(x, 1), nm);
  ret(g, g->start, op(g, g->start, LLOP_getfield, x->S, 2, cobj(x, o, cp), cname(x, "n")));
  assert_int_equal(build_run(x, e, &O2), 40);
  assert_string_equal(x->out, "ctr\n");
}

/* raiser(): raise <class c>(msg) */
static LLFunc *raiser(Fx *x, const char *name, int cls, const char *msg) {
  LLFunc *f = func(x, name, x->S, 0);
  Graph *g = f->graph;
  LLType *ep = lltype_ptr(&x->L, x->F.exception);
  Value *e = op(g, g->start, LLOP_malloc, ep, 1, cty(x, x->F.exception));
  op(g, g->start, LLOP_setfield, x->L.void_, 3, e, cname(x, "typeptr"),
     cobj(x, x->vt[cls], x->F.vtable_ptr));
  op(g, g->start, LLOP_setfield, x->L.void_, 3, e, cname(x, "message"),
     cobj(x, be_prebuilt_str(&x->A, &x->F, msg, (uint32_t)strlen(msg)), x->F.str_ptr));
  Value *ev = op(g, g->start, LLOP_cast_pointer, x->F.object_ptr, 1, e);
  jump(g, g->start, g->except, 2, cobj(x, x->vt[cls], x->F.vtable_ptr), ev);
  return f;
}

/* caller(): try callee() except <classes in order>: return 10 * (i + 1);
 * no handler matches -> propagates */
static LLFunc *try_call(Fx *x, const char *name, LLFunc *callee, int n, ...) {
  LLFunc *f = func(x, name, x->S, 0);
  Graph *g = f->graph;
  Value *r = op(g, g->start, LLOP_direct_call, x->S, 1, cfn(x, callee));
  ret(g, g->start, r);
  va_list ap;
  va_start(ap, n);
  for (int i = 0; i < n; i++) {
    Block *h = block(g, 1, x->F.object_ptr);
    Value *ev;
    Link *l = catch_link(x, g, g->start, h, va_arg(ap, int), NULL, &ev);
    l->args[0] = ev;
    ret(g, h, ci(x, 10 * (i + 1)));
  }
  va_end(ap);
  return f;
}

static void test_exceptions(void **state) {
  Fx *x = *state;
  LLFunc *sub = raiser(x, "raise_sub", C_SubError, "deep");
  LLFunc *other = raiser(x, "raise_other", C_OtherError, "other");
  Chain c = chain_begin(x);
  /* SubError caught by MyError's base ValueError (second handler) */
  chain_expect_i(&c, try_call(x, "t1", sub, 2, X_KeyError, X_ValueError), NULL, NULL, 20);
  /* first matching handler wins */
  chain_expect_i(&c, try_call(x, "t2", sub, 2, C_MyError, X_Exception), NULL, NULL, 10);
  /* OtherError is no ValueError: propagates through t3, caught in t4 */
  LLFunc *t3 = try_call(x, "t3", other, 1, X_ValueError);
  chain_expect_i(&c, try_call(x, "t4", t3, 2, C_SubError, X_Exception), NULL, NULL, 20);
  /* the handler sees the value and re-raises it: uncaught at the end */
  LLFunc *rr = func(x, "reraise", x->S, 0);
  Graph *g = rr->graph;
  Value *r = op(g, g->start, LLOP_direct_call, x->S, 1, cfn(x, sub));
  ret(g, g->start, r);
  Block *h = block(g, 2, x->F.vtable_ptr, x->F.object_ptr);
  Value *et, *ev;
  Link *l = catch_link(x, g, g->start, h, C_MyError, &et, &ev);
  l->args[0] = et;
  l->args[1] = ev;
  jump(g, h, g->except, 2, h->inputs[0], h->inputs[1]);
  chain_call(&c, rr, x->S, NULL, NULL);
  LLFunc *e = chain_end(&c);
  assert_int_equal(build_run(x, e, &O2), 1);
  assert_string_equal(x->err, "SubError: deep\n");
  assert_int_equal(build_run(x, e, &O0), 1);
  assert_string_equal(x->err, "SubError: deep\n");
}

static void test_uncaught_message(void **state) {
  Fx *x = *state;
  /* a message-less exception prints only the class name; stdout is
   * flushed first */
  LLFunc *e = func(x, "entry", x->S, 1, x->argv_ptr);
  Graph *g = e->graph;
  op(g, g->start, LLOP_direct_call, x->S, 3, cfn(x, os_write(x)), ci(x, 1),
     cobj(x, be_prebuilt_str(&x->A, &x->F, "before\n", 7), x->F.str_ptr));
  Value *r = op(g, g->start, LLOP_direct_call, x->S, 1,
                cfn(x, raiser(x, "raise_key", X_KeyError, "")));
  ret(g, g->start, r);
  assert_int_equal(build_run(x, e, &O2), 1);
  assert_string_equal(x->out, "before\n");
  assert_string_equal(x->err, "KeyError\n");
}

static void test_argv(void **state) {
  Fx *x = *state;
  LLFunc *e = func(x, "entry", x->S, 1, x->argv_ptr);
  Graph *g = e->graph;
  Block *b = g->start;
  Value *items = op(g, b, LLOP_getfield, lltype_ptr(&x->L, x->str_items), 2,
                    arg(e, 0), cname(x, "items"));
  Value *s = op(g, b, LLOP_getarrayitem, x->F.str_ptr, 2, items, ci(x, 1));
  op(g, b, LLOP_direct_call, x->S, 3, cfn(x, os_write(x)), ci(x, 1), s);
  ret(g, b, op(g, b, LLOP_getfield, x->S, 2, arg(e, 0), cname(x, "length")));
  Run r = {.opt = 2, .arg1 = "an argument"};
  assert_int_equal(build_run(x, e, &r), 2);
  assert_string_equal(x->out, "an argument");
}

static void test_floats(void **state) {
  Fx *x = *state;
  Chain c = chain_begin(x);
  LLFunc *fd = opfunc(x, LLOP_float_floordiv, x->F64, x->F64, false);
  LLFunc *fm = opfunc(x, LLOP_float_mod, x->F64, x->F64, false);
  LLFunc *fdiv = opfunc(x, LLOP_float_truediv, x->F64, x->F64, false);
  LLFunc *fabs_ = opfunc(x, LLOP_float_abs, x->F64, x->F64, true);
  chain_expect_f(&c, fd, 7.5, 2.0, 3.0);
  chain_expect_f(&c, fd, -7.5, 2.0, -4.0);
  chain_expect_f(&c, fd, 7.5, -2.0, -4.0);
  chain_expect_f(&c, fm, 7.5, -2.0, -0.5);
  chain_expect_f(&c, fm, -7.5, 2.0, 0.5);                       /* 5 */
  chain_expect_f(&c, fm, -7.5, -2.0, -1.5);
  chain_expect_f(&c, fdiv, 1.0, 4.0, 0.25);
  Value *r = chain_call(&c, fabs_, x->F64, cf(x, -3.5), NULL);
  chain_check(&c, op(c.entry->graph, c.cur, LLOP_float_eq, x->Bo, 2, r, cf(x, 3.5)));
  /* -0.0 % 5 is 0.0 and 1 / that is +inf */
  Value *m = chain_call(&c, fm, x->F64, cf(x, -0.0), cf(x, 5.0));
  Value *inv = op(c.entry->graph, c.cur, LLOP_float_truediv, x->F64, 2, cf(x, 1.0), m);
  chain_check(&c, op(c.entry->graph, c.cur, LLOP_float_gt, x->Bo, 2, inv, cf(x, 0.0)));
  /* casts */                                                   /* 10 */
  Value *t = op(c.entry->graph, c.cur, LLOP_cast_float_to_int, x->S, 1, cf(x, -2.75));
  chain_check(&c, op(c.entry->graph, c.cur, LLOP_int_eq, x->Bo, 2, t, ci(x, -2)));
  Value *fl = op(c.entry->graph, c.cur, LLOP_cast_int_to_float, x->F64, 1, ci(x, -3));
  chain_check(&c, op(c.entry->graph, c.cur, LLOP_float_eq, x->Bo, 2, fl, cf(x, -3.0)));
  /* nan != nan */
  Value *nan = chain_call(&c, fdiv, x->F64, cf(x, 0.0), cf(x, 0.0));
  (void)nan;
  LLFunc *fne = opfunc(x, LLOP_float_ne, x->F64, x->Bo, false);
  Value *ne = chain_call(&c, fne, x->Bo, nan, nan);
  chain_check(&c, ne);
  LLFunc *e = chain_end(&c);
  assert_int_equal(build_run(x, e, &O0), 0);
  assert_int_equal(build_run(x, e, &O2), 0);
}

static void test_debug_info(void **state) {
  Fx *x = *state;
  static const char src[] = "def entry_point(argv):\n    return 3\n";
  uint32_t file = sm_add(&x->sm, "dwarf_probe.rl", src, sizeof src - 1);
  LLFunc *e = func(x, "entry", x->S, 1, x->argv_ptr);
  Graph *g = e->graph;
  g->loc = loc_make(file, 0, 3);
  Value *r = op(g, g->start, LLOP_int_add, x->S, 2, arg(e, 0) ? ci(x, 1) : NULL, ci(x, 2));
  g->start->ops.data[0]->loc = loc_make(file, 27, 35);
  ret(g, g->start, r);
  Run run_ = {.opt = 2, .debug = true, .dump = getenv("TEST_LLVM_DUMP") ? stderr : NULL};
  assert_int_equal(build_run(x, e, &run_), 3);
  char cmd[256];
  snprintf(cmd, sizeof cmd,
           "readelf --debug-dump=line %s/prog 2>/dev/null | grep -c dwarf_probe.rl",
           x->dir);
  FILE *p = popen(cmd, "r");
  int n = 0;
  assert_int_equal(fscanf(p, "%d", &n), 1);
  pclose(p);
  assert_true(n > 0);
}

static void test_no_libllvm(void **state) {
  Fx *x = *state;
  LLFunc *e = func(x, "entry", x->S, 1, x->argv_ptr);
  ret(e->graph, e->graph->start, ci(x, 0));
  assert_int_equal(build_run(x, e, &O0), 0);
  char cmd[256];
  snprintf(cmd, sizeof cmd, "ldd %s/prog", x->dir);
  FILE *p = popen(cmd, "r");
  char buf[4096] = {0};
  size_t n = fread(buf, 1, sizeof buf - 1, p);
  pclose(p);
  assert_true(n > 0);
  assert_null(strstr(buf, "LLVM"));
  assert_non_null(strstr(buf, "libgc"));
}


/* os.open/write/close/read round trip; a missing file raises OSError. */
static void test_os_files(void **state) {
  Fx *x = *state;
  LLType *sp = x->F.str_ptr;
  LLFunc *op_ = helper(x, "rt_os_open", LLFX_CANRAISE | LLFX_IO, x->S, 3, sp, x->S, x->S);
  LLFunc *cl = helper(x, "rt_os_close", LLFX_CANRAISE | LLFX_IO, x->L.void_, 1, x->S);
  LLFunc *rd = helper(x, "rt_os_read", LLFX_CANRAISE | LLFX_IO | LLFX_CANMALLOC, sp, 2, x->S, x->S);
  LLFunc *wr = os_write(x);
  char *path = arena_printf(&x->A, "%s/data.txt", x->dir);
  char *missing = arena_printf(&x->A, "%s/missing.txt", x->dir);
  Value *pv = cobj(x, be_prebuilt_str(&x->A, &x->F, path, (uint32_t)strlen(path)), sp);
  Value *mv = cobj(x, be_prebuilt_str(&x->A, &x->F, missing, (uint32_t)strlen(missing)), sp);
  Value *text = cobj(x, be_prebuilt_str(&x->A, &x->F, "file data\n", 10), sp);
  LLFunc *e = func(x, "entry", x->S, 1, x->argv_ptr);
  Graph *g = e->graph;
  Block *b = g->start;
  Value *fd = op(g, b, LLOP_direct_call, x->S, 4, cfn(x, op_), pv,
                 ci(x, O_WRONLY | O_CREAT | O_TRUNC), ci(x, 0644));
  op(g, b, LLOP_direct_call, x->S, 3, cfn(x, wr), fd, text);
  op(g, b, LLOP_direct_call, x->L.void_, 2, cfn(x, cl), fd);
  Value *fd2 = op(g, b, LLOP_direct_call, x->S, 4, cfn(x, op_), pv, ci(x, O_RDONLY), ci(x, 0));
  Value *s = op(g, b, LLOP_direct_call, sp, 3, cfn(x, rd), fd2, ci(x, 100));
  op(g, b, LLOP_direct_call, x->S, 3, cfn(x, wr), ci(x, 1), s);
  Value *s2 = op(g, b, LLOP_direct_call, sp, 3, cfn(x, rd), fd2, ci(x, 100));
  Value *n2 = op(g, b, LLOP_getinteriorarraysize, x->S, 2, s2, cname(x, "chars"));
  op(g, b, LLOP_direct_call, x->L.void_, 2, cfn(x, cl), fd2);
  /* the missing file: OSError, uncaught */
  op(g, b, LLOP_direct_call, x->S, 4, cfn(x, op_), mv, ci(x, O_RDONLY), ci(x, 0));
  ret(g, b, n2);
  assert_int_equal(build_run(x, e, &O2), 1);
  assert_string_equal(x->out, "file data\n");
  char want[256];
  snprintf(want, sizeof want, "OSError: [Errno 2] No such file or directory: '%s'\n", missing);
  assert_string_equal(x->err, want);
  unlink(path);
}

/* print buffered, then the exit (status 5) flushes it */
static void test_print_and_exit(void **state) {
  Fx *x = *state;
  LLFunc *pr = helper(x, "rt_print_str", LLFX_IO, x->L.void_, 1, x->F.str_ptr);
  LLFunc *e = func(x, "entry", x->S, 1, x->argv_ptr);
  Graph *g = e->graph;
  op(g, g->start, LLOP_direct_call, x->L.void_, 2, cfn(x, pr),
     cobj(x, be_prebuilt_str(&x->A, &x->F, "buffered ", 9), x->F.str_ptr));
  op(g, g->start, LLOP_direct_call, x->L.void_, 2, cfn(x, pr),
     cobj(x, be_prebuilt_str(&x->A, &x->F, "output\n", 7), x->F.str_ptr));
  ret(g, g->start, ci(x, 5));
  assert_int_equal(build_run(x, e, &O2), 5);
  assert_string_equal(x->out, "buffered output\n");
}

/* an impossible allocation raises MemoryError, caught */
static void test_memory_error(void **state) {
  Fx *x = *state;
  LLType *at = lltype_array(&x->L, x->S, true, false);
  LLType *ap = lltype_ptr(&x->L, at);
  LLFunc *f = func(x, "alloc", x->S, 1, x->S);
  Graph *g = f->graph;
  Value *a = op(g, g->start, LLOP_malloc_varsize, ap, 2, cty(x, at), arg(f, 0));
  ret(g, g->start, op(g, g->start, LLOP_getarraysize, x->S, 1, a));
  /* getarraysize is last: the allocation is not, so make a block for it */
  Block *h = block(g, 0);
  Block *b2 = block(g, 1, x->S);
  g->start->ops.len--;  /* move getarraysize after the raising malloc */
  g->start->exits.len = 0;
  jump(g, g->start, b2, 1, ci(x, 0));
  catch_link(x, g, g->start, h, 14 /* MemoryError */, NULL, NULL);
  ret(g, b2, op(g, b2, LLOP_int_add, x->S, 2, b2->inputs[0], ci(x, 1)));
  ret(g, h, ci(x, -1));
  (void)a;
  Chain c = chain_begin(x);
  chain_expect_i(&c, f, ci(x, 1LL << 60), NULL, -1);
  chain_expect_i(&c, f, ci(x, -5), NULL, -1);
  chain_expect_i(&c, f, ci(x, 5), NULL, 1);
  assert_int_equal(build_run(x, chain_end(&c), &O0), 0);
}

/* indirect_call through a function pointer in a prebuilt struct; a Char
 * switch with a default; unsigned ops; hints, stack_check, debug_assert */
static void test_misc_ops(void **state) {
  Fx *x = *state;
  LLFunc *twice = func(x, "twice", x->S, 1, x->S);
  ret(twice->graph, twice->graph->start,
      op(twice->graph, twice->graph->start, LLOP_int_mul, x->S, 2, arg(twice, 0), ci(x, 2)));
  LLType *fp = lltype_ptr(&x->L, twice->type);
  LLField mf[] = {{intern_cstr(&x->I, "fn"), fp, 0, 0}};
  LLType *mt = lltype_struct(&x->L, "Methods", false, 1, mf);
  mt->immutable = true;
  lltype_layout(mt);
  LLPrebuilt *m = arena_alloc(&x->A, sizeof *m);
  m->type = mt;
  m->name = "methods";
  m->nfields = 1;
  m->fields = arena_alloc_array(&x->A, 1, sizeof(Value *));
  m->fields[0] = cfn(x, twice);
  m->immutable = true;
  /* classify(c): 'a' -> 1, 'b' -> 2, else 3 */
  LLFunc *cls = func(x, "classify", x->S, 1, x->Ch);
  Graph *g = cls->graph;
  g->start->exitkind = EXIT_VALUE;
  g->start->exitswitch = arg(cls, 0);
  Value *ca = const_int(&x->A, 'a'), *cbv = const_int(&x->A, 'b');
  ca->ll = cbv->ll = x->Ch;
  Value *r1 = ci(x, 1), *r2 = ci(x, 2), *r3 = ci(x, 3);
  block_add_exit(g, g->start, g->ret, 1, &r1, ca);
  block_add_exit(g, g->start, g->ret, 1, &r2, cbv);
  block_add_exit(g, g->start, g->ret, 1, &r3, NULL);
  Chain c = chain_begin(x);
  Graph *eg = c.entry->graph;
  op(eg, c.cur, LLOP_stack_check, x->L.void_, 0);
  op(eg, c.cur, LLOP_jit_marker, x->L.void_, 1, cname(x, "jit_merge_point"));
  Value *f = op(eg, c.cur, LLOP_getfield, fp, 2, cobj(x, m, lltype_ptr(&x->L, mt)), cname(x, "fn"));
  Value *pr = op(eg, c.cur, LLOP_jit_promote, x->S, 1, ci(x, 21));
  Value *r = op(eg, c.cur, LLOP_indirect_call, x->S, 3, f, pr, cv(x, CONST_NONE, x->L.void_));
  chain_check(&c, op(eg, c.cur, LLOP_int_eq, x->Bo, 2, r, ci(x, 42)));
  Value *b = const_int(&x->A, 'b'), *z = const_int(&x->A, 'z');
  b->ll = z->ll = x->Ch;
  chain_expect_i(&c, cls, b, NULL, 2);
  chain_expect_i(&c, cls, z, NULL, 3);
  LLFunc *udiv = opfunc(x, LLOP_uint_floordiv, x->U, x->U, false);
  LLFunc *ushr = opfunc(x, LLOP_uint_rshift, x->U, x->U, false);
  Value *um = const_int(&x->A, -2);
  um->ll = x->U;
  Value *u2 = const_int(&x->A, 2), *u63 = const_int(&x->A, 63), *u64 = const_int(&x->A, 64);
  u2->ll = u63->ll = u64->ll = x->U;
  Value *q = chain_call(&c, udiv, x->U, um, u2);
  chain_check(&c, op(eg, c.cur, LLOP_uint_eq, x->Bo, 2,
                     op(eg, c.cur, LLOP_cast_uint_to_int, x->S, 1, q), ci(x, INT64_MAX)));
  Value *sh = chain_call(&c, ushr, x->U, um, u63);
  chain_check(&c, op(eg, c.cur, LLOP_uint_eq, x->Bo, 2, sh,
                     op(eg, c.cur, LLOP_cast_int_to_uint, x->U, 1, ci(x, 1))));
  Value *sh64 = chain_call(&c, ushr, x->U, um, u64);
  chain_check(&c, op(eg, c.cur, LLOP_uint_is_true, x->Bo, 1,
                     op(eg, c.cur, LLOP_uint_invert, x->U, 1, sh64)));
  Value *jv = op(eg, c.cur, LLOP_jit_we_are_jitted, x->Bo, 0);
  chain_check(&c, op(eg, c.cur, LLOP_bool_not, x->Bo, 1, jv));
  Value *btw = op(eg, c.cur, LLOP_int_between, x->Bo, 3, ci(x, 0), ci(x, 4), ci(x, 5));
  op(eg, c.cur, LLOP_debug_assert, x->L.void_, 2, btw, cname(x, "between"));
  assert_int_equal(build_run(x, chain_end(&c), &O0), 0);
}

/* many allocations: the collector runs, with roots on the program's stack */
static void test_gc_stress(void **state) {
  Fx *x = *state;
  LLField nf[] = {{intern_cstr(&x->I, "val"), x->S, 0, 0},
                  {intern_cstr(&x->I, "next"), NULL, 0, 0}};
  LLType *nt = lltype_struct(&x->L, "Node", true, 2, nf);
  LLType *np = lltype_ptr(&x->L, nt);
  nt->fields[1].type = np;
  lltype_layout(nt);
  /* build(n): a list of n nodes, each followed by 20 garbage nodes */
  LLFunc *f = func(x, "build_sum", x->S, 1, x->S);
  Graph *g = f->graph;
  Block *head = block(g, 2, x->S, np);
  Block *body = block(g, 2, x->S, np);
  Block *walk = block(g, 2, np, x->S);
  Block *wbody = block(g, 2, np, x->S);
  jump(g, g->start, head, 2, arg(f, 0), cv(x, CONST_LLNULL, np));
  switch_bool(g, head, op(g, head, LLOP_int_gt, x->Bo, 2, head->inputs[0], ci(x, 0)),
              body, NULL, walk, NULL, x);
  head->exits.data[0]->nargs = 2;
  head->exits.data[0]->args = arena_alloc_array(&x->A, 2, sizeof(Value *));
  head->exits.data[0]->args[0] = head->inputs[0];
  head->exits.data[0]->args[1] = head->inputs[1];
  head->exits.data[1]->nargs = 2;
  head->exits.data[1]->args = arena_alloc_array(&x->A, 2, sizeof(Value *));
  head->exits.data[1]->args[0] = head->inputs[1];
  head->exits.data[1]->args[1] = ci(x, 0);
  Value *nd = op(g, body, LLOP_malloc, np, 1, cty(x, nt));
  op(g, body, LLOP_setfield, x->L.void_, 3, nd, cname(x, "val"), body->inputs[0]);
  op(g, body, LLOP_setfield, x->L.void_, 3, nd, cname(x, "next"), body->inputs[1]);
  for (int i = 0; i < 20; i++) {
    Value *gb = op(g, body, LLOP_malloc, np, 1, cty(x, nt));
    op(g, body, LLOP_setfield, x->L.void_, 3, gb, cname(x, "next"), nd);
  }
  jump(g, body, head, 2, op(g, body, LLOP_int_sub, x->S, 2, body->inputs[0], ci(x, 1)), nd);
  switch_bool(g, walk, op(g, walk, LLOP_ptr_nonzero, x->Bo, 1, walk->inputs[0]),
              wbody, NULL, g->ret, walk->inputs[1], x);
  walk->exits.data[0]->nargs = 2;
  walk->exits.data[0]->args = arena_alloc_array(&x->A, 2, sizeof(Value *));
  walk->exits.data[0]->args[0] = walk->inputs[0];
  walk->exits.data[0]->args[1] = walk->inputs[1];
  Value *v = op(g, wbody, LLOP_getfield, x->S, 2, wbody->inputs[0], cname(x, "val"));
  Value *nx = op(g, wbody, LLOP_getfield, np, 2, wbody->inputs[0], cname(x, "next"));
  jump(g, wbody, walk, 2, nx, op(g, wbody, LLOP_int_add, x->S, 2, wbody->inputs[1], v));
  Chain c = chain_begin(x);
  chain_expect_i(&c, f, ci(x, 200000), NULL, 200000LL * 200001 / 2);
  assert_int_equal(build_run(x, chain_end(&c), &O2), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_exit_status, setup, teardown),
      cmocka_unit_test_setup_teardown(test_int_arith_O0, setup, teardown),
      cmocka_unit_test_setup_teardown(test_int_arith_O2, setup, teardown),
      cmocka_unit_test_setup_teardown(test_ovf, setup, teardown),
      cmocka_unit_test_setup_teardown(test_loop_and_recursion, setup, teardown),
      cmocka_unit_test_setup_teardown(test_recursion_uncaught, setup, teardown),
      cmocka_unit_test_setup_teardown(test_recursion_caught, setup, teardown),
      cmocka_unit_test_setup_teardown(test_struct_fields, setup, teardown),
      cmocka_unit_test_setup_teardown(test_arrays, setup, teardown),
      cmocka_unit_test_setup_teardown(test_static_string, setup, teardown),
      cmocka_unit_test_setup_teardown(test_prebuilt_mutable, setup, teardown),
      cmocka_unit_test_setup_teardown(test_exceptions, setup, teardown),
      cmocka_unit_test_setup_teardown(test_uncaught_message, setup, teardown),
      cmocka_unit_test_setup_teardown(test_argv, setup, teardown),
      cmocka_unit_test_setup_teardown(test_floats, setup, teardown),
      cmocka_unit_test_setup_teardown(test_debug_info, setup, teardown),
      cmocka_unit_test_setup_teardown(test_no_libllvm, setup, teardown),
      cmocka_unit_test_setup_teardown(test_os_files, setup, teardown),
      cmocka_unit_test_setup_teardown(test_print_and_exit, setup, teardown),
      cmocka_unit_test_setup_teardown(test_memory_error, setup, teardown),
      cmocka_unit_test_setup_teardown(test_misc_ops, setup, teardown),
      cmocka_unit_test_setup_teardown(test_gc_stress, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
