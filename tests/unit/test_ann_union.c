/* test_ann_union.c — the annotator's lattice: unions of every pair of
 * kinds, None propagation, instance common bases, tuples, chars and
 * strings, int / r_uint / bool / float conflicts, constants, list and dict
 * definition merging. */
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
#include "frontend/program.h"

typedef struct Ctx {
  Arena A;
  Interner I;
  SourceMgr sm;
  Diag D;
  Program P;
  FILE *errf;
  char *errs;
  size_t errlen;
  Annotator *AN;
  Loc o;
} Ctx;

static int setup(void **state) {
  Ctx *c = calloc(1, sizeof *c);
  arena_init(&c->A);
  intern_init(&c->I, &c->A);
  sm_init(&c->sm, &c->A);
  c->errf = open_memstream(&c->errs, &c->errlen);
  diag_init(&c->D, &c->sm, c->errf);
  prog_init(&c->P, &c->A, &c->I, &c->sm, &c->D);
  c->AN = ann_new(&c->P);
  *state = c;
  return 0;
}

static int teardown(void **state) {
  Ctx *c = *state;
  fclose(c->errf);
  free(c->errs);
  intern_free(&c->I);
  arena_free(&c->A);
  free(c);
  return 0;
}

static ClassDef *cls(Ctx *c, const char *name, ClassDef *base) {
  return ann_classdef_new(c->AN, intern_cstr(&c->I, name), base);
}

/* One sample annotation of each kind. */
enum { NSAMPLES = 13 };
static void samples(Ctx *c, Ann **s, AnnKind *k) {
  Annotator *AN = c->AN;
  ClassDef *a = cls(c, "A", NULL);
  Ann *items[2] = {ann_int(AN, 0, c->o), ann_str(AN, false, c->o)};
  s[0] = ann_impossible();
  s[1] = ann_none(AN, c->o);
  s[2] = ann_bool(AN, c->o);
  s[3] = ann_int(AN, 0, c->o);
  s[4] = ann_float(AN, c->o);
  s[5] = ann_char(AN, c->o);
  s[6] = ann_str(AN, false, c->o);
  s[7] = ann_list(AN, ann_listdef_new(AN, ann_int(AN, 0, c->o), c->o), c->o);
  s[8] = ann_dict(AN, ann_dictdef_new(AN, ann_str(AN, false, c->o), ann_int(AN, 0, c->o), c->o), c->o);
  s[9] = ann_tuple(AN, 2, items, c->o);
  s[10] = ann_instance(AN, a, false, c->o);
  s[11] = ann_pbc(AN, a->desc, c->o);
  s[12] = ann_new_kind(AN, ANN_RANGE, c->o);
  for (int i = 0; i < NSAMPLES; i++) k[i] = (AnnKind)s[i]->kind;
}

/* The kind of a ∪ b for samples of different kinds, or -1: a conflict. */
static int expected(AnnKind a, AnnKind b) {
  if (a == ANN_IMPOSSIBLE) return b;
  if (b == ANN_IMPOSSIBLE) return a;
  if (a == b) return a;
  if ((a == ANN_CHAR && b == ANN_STR) || (a == ANN_STR && b == ANN_CHAR)) return ANN_STR;
  if (a == ANN_NONE || b == ANN_NONE) {
    AnnKind o = a == ANN_NONE ? b : a;
    if (o == ANN_CHAR) return ANN_STR;
    if (o == ANN_STR || o == ANN_LIST || o == ANN_DICT || o == ANN_INSTANCE ||
        o == ANN_PBC)
      return o;
    return -1;
  }
  return -1;
}

static void test_every_pair(void **state) {
  Ctx *c = *state;
  Ann *s[NSAMPLES];
  AnnKind k[NSAMPLES];
  samples(c, s, k);
  for (int i = 0; i < NSAMPLES; i++)
    for (int j = 0; j < NSAMPLES; j++) {
      Ann *u = ann_union(c->AN, s[i], s[j]);
      int want = expected(k[i], k[j]);
      if (want < 0) {
        if (u) fprintf(stderr, "pair %d %d unexpectedly unified\n", i, j);
        assert_null(u);
      } else {
        assert_non_null(u);
        assert_int_equal(u->kind, want);
        /* symmetric and idempotent */
        Ann *v = ann_union(c->AN, s[j], s[i]);
        assert_true(ann_eq(u, v));
        assert_true(ann_eq(ann_union(c->AN, u, s[i]), u));
      }
    }
}

static void test_none_propagation(void **state) {
  Ctx *c = *state;
  Annotator *AN = c->AN;
  Ann *n = ann_none(AN, c->o);
  Ann *s = ann_union(AN, n, ann_str(AN, false, c->o));
  assert_true(s->flags & AF_NULL);
  Ann *s2 = ann_union(AN, s, ann_str(AN, false, c->o));
  assert_true(s2->flags & AF_NULL);
  Ann *ch = ann_union(AN, ann_char(AN, c->o), n);
  assert_int_equal(ch->kind, ANN_STR);
  assert_true(ch->flags & AF_NULL);
  ClassDef *a = cls(c, "A", NULL);
  Ann *i = ann_union(AN, ann_instance(AN, a, false, c->o), n);
  assert_int_equal(i->kind, ANN_INSTANCE);
  assert_true(i->flags & AF_NULL);
  assert_null(ann_union(AN, n, ann_int(AN, 0, c->o)));
  assert_null(ann_union(AN, n, ann_float(AN, c->o)));
  assert_null(ann_union(AN, n, ann_bool(AN, c->o)));
  /* the conflict names the pair */
  Ann *x, *y;
  const char *what;
  ann_conflict(AN, &x, &y, &what);
  assert_int_equal(x->kind, ANN_NONE);
  assert_int_equal(y->kind, ANN_BOOL);
}

static void test_instances(void **state) {
  Ctx *c = *state;
  Annotator *AN = c->AN;
  ClassDef *a = cls(c, "A", NULL), *b = cls(c, "B", a), *cc = cls(c, "C", a);
  ClassDef *d = cls(c, "D", b), *x = cls(c, "X", NULL);
  Ann *ib = ann_instance(AN, b, false, c->o), *ic = ann_instance(AN, cc, true, c->o);
  Ann *id = ann_instance(AN, d, false, c->o);
  Ann *u = ann_union(AN, ib, ic);
  assert_ptr_equal(u->u.cls, a);
  assert_true(u->flags & AF_NULL);
  assert_ptr_equal(ann_union(AN, id, ic)->u.cls, a);
  assert_ptr_equal(ann_union(AN, id, ib)->u.cls, b);
  assert_ptr_equal(ann_union(AN, id, ib), ib);  /* b already contains d */
  assert_null(ann_union(AN, ann_instance(AN, x, false, c->o), ib));
  assert_ptr_equal(ann_common_base(d, cc), a);
  assert_true(ann_is_subclass(d, a));
  assert_false(ann_is_subclass(a, d));
  /* built-in exceptions: KeyError ∪ IndexError = LookupError */
  ClassDef *ke = ann_builtin_class(AN, "KeyError"), *ie = ann_builtin_class(AN, "IndexError");
  assert_string_equal(ann_common_base(ke, ie)->name, "LookupError");
  assert_string_equal(ann_common_base(ke, ann_builtin_class(AN, "ValueError"))->name,
                      "Exception");
  /* SystemExit is no Exception: their union is BaseException */
  assert_string_equal(ann_common_base(ke, ann_builtin_class(AN, "SystemExit"))->name,
                      "BaseException");
}

static void test_tuples(void **state) {
  Ctx *c = *state;
  Annotator *AN = c->AN;
  Ann *a[2] = {ann_int(AN, AF_NONNEG, c->o), ann_char(AN, c->o)};
  Ann *b[2] = {ann_int(AN, 0, c->o), ann_str(AN, false, c->o)};
  Ann *bad[2] = {ann_str(AN, false, c->o), ann_str(AN, false, c->o)};
  Ann *t = ann_union(AN, ann_tuple(AN, 2, a, c->o), ann_tuple(AN, 2, b, c->o));
  assert_non_null(t);
  assert_int_equal(t->u.items[0]->kind, ANN_INT);
  assert_false(t->u.items[0]->flags & AF_NONNEG);
  assert_int_equal(t->u.items[1]->kind, ANN_STR);
  assert_null(ann_union(AN, ann_tuple(AN, 2, a, c->o), ann_tuple(AN, 1, a, c->o)));
  assert_null(ann_union(AN, ann_tuple(AN, 2, a, c->o), ann_tuple(AN, 2, bad, c->o)));
  Ann *x, *y;
  const char *what;
  ann_conflict(AN, &x, &y, &what);
  assert_int_equal(x->kind, ANN_INT);  /* the innermost pair */
  assert_int_equal(y->kind, ANN_STR);
}

static void test_chars_strings(void **state) {
  Ctx *c = *state;
  Annotator *AN = c->AN;
  Ann *ca = ann_str_const(AN, "a", 1, c->o), *cb = ann_str_const(AN, "b", 1, c->o);
  assert_int_equal(ca->kind, ANN_CHAR);
  Ann *u = ann_union(AN, ca, cb);
  assert_int_equal(u->kind, ANN_CHAR);
  assert_false(u->flags & AF_CONST);
  assert_true(ann_union(AN, ca, ann_str_const(AN, "a", 1, c->o))->flags & AF_CONST);
  Ann *s1 = ann_str_const(AN, "ab", 2, c->o), *s2 = ann_str_const(AN, "ab", 2, c->o);
  assert_true(ann_union(AN, s1, s2)->flags & AF_CONST);
  Ann *su = ann_union(AN, s1, ann_str_const(AN, "cd", 2, c->o));
  assert_int_equal(su->kind, ANN_STR);
  assert_false(su->flags & AF_CONST);
  Ann *cs = ann_union(AN, ca, s1);
  assert_int_equal(cs->kind, ANN_STR);
  assert_false(cs->flags & AF_CONST);
}

static void test_numbers(void **state) {
  Ctx *c = *state;
  Annotator *AN = c->AN;
  Ann *i = ann_int(AN, 0, c->o), *nn = ann_int(AN, AF_NONNEG, c->o);
  Ann *u = ann_int(AN, AF_UNSIGNED, c->o);
  assert_null(ann_union(AN, i, u));
  assert_null(ann_union(AN, i, ann_bool(AN, c->o)));
  assert_null(ann_union(AN, i, ann_float(AN, c->o)));
  assert_null(ann_union(AN, ann_bool(AN, c->o), ann_float(AN, c->o)));
  assert_true(ann_union(AN, nn, ann_int(AN, AF_NONNEG, c->o))->flags & AF_NONNEG);
  assert_false(ann_union(AN, nn, i)->flags & AF_NONNEG);
  assert_ptr_equal(ann_union(AN, i, nn), i);
  Ann *k5 = ann_int_const(AN, 5, c->o), *k6 = ann_int_const(AN, 6, c->o);
  Ann *k55 = ann_union(AN, k5, ann_int_const(AN, 5, c->o));
  assert_true(k55->flags & AF_CONST);
  assert_int_equal(k55->c.i, 5);
  Ann *k56 = ann_union(AN, k5, k6);
  assert_false(k56->flags & AF_CONST);
  assert_true(k56->flags & AF_NONNEG);
  assert_false(ann_union(AN, k5, ann_int_const(AN, -1, c->o))->flags & AF_NONNEG);
  Ann *t = ann_bool_const(AN, true, c->o), *f = ann_bool_const(AN, false, c->o);
  assert_false(ann_union(AN, t, f)->flags & AF_CONST);
  assert_true(ann_union(AN, t, ann_bool_const(AN, true, c->o))->flags & AF_CONST);
}

static void test_listdefs(void **state) {
  Ctx *c = *state;
  Annotator *AN = c->AN;
  ListDef *l1 = ann_listdef_new(AN, ann_int(AN, AF_NONNEG, c->o), c->o);
  ListDef *l2 = ann_listdef_new(AN, ann_int(AN, 0, c->o), c->o);
  ListDef *l3 = ann_listdef_new(AN, ann_str(AN, false, c->o), c->o);
  l2->resized = true;
  Ann *a = ann_list(AN, l1, c->o), *b = ann_list(AN, l2, c->o);
  assert_false(ann_eq(a, b));
  Ann *u = ann_union(AN, a, b);
  assert_non_null(u);
  assert_ptr_equal(ann_listdef(l1), ann_listdef(l2));
  assert_true(ann_eq(a, b));  /* same def now */
  ListDef *r = ann_listdef(l1);
  assert_true(r->resized);
  assert_int_equal(r->item->kind, ANN_INT);
  assert_false(r->item->flags & AF_NONNEG);
  assert_null(ann_union(AN, a, ann_list(AN, l3, c->o)));
  Ann *x, *y;
  const char *what;
  ann_conflict(AN, &x, &y, &what);
  assert_string_equal(what, "the list item type");
  assert_ptr_not_equal(ann_listdef(l3), r);  /* no merge on a conflict */
  /* None */
  Ann *n = ann_union(AN, ann_none(AN, c->o), a);
  assert_true(n->flags & AF_NULL);
  assert_ptr_equal(ann_listdef(n->u.list), r);
  /* empty list ∪ list of str: the item comes from the other */
  ListDef *e = ann_listdef_new(AN, NULL, c->o);
  ann_union(AN, ann_list(AN, e, c->o), ann_list(AN, l3, c->o));
  assert_int_equal(ann_listdef(e)->item->kind, ANN_STR);
}

static void test_dictdefs(void **state) {
  Ctx *c = *state;
  Annotator *AN = c->AN;
  DictDef *d1 = ann_dictdef_new(AN, ann_char(AN, c->o), ann_int(AN, 0, c->o), c->o);
  DictDef *d2 = ann_dictdef_new(AN, ann_str(AN, false, c->o), NULL, c->o);
  DictDef *d3 = ann_dictdef_new(AN, ann_int(AN, 0, c->o), NULL, c->o);
  Ann *u = ann_union(AN, ann_dict(AN, d1, c->o), ann_dict(AN, d2, c->o));
  assert_non_null(u);
  DictDef *r = ann_dictdef(d1);
  assert_ptr_equal(r, ann_dictdef(d2));
  assert_int_equal(r->key->kind, ANN_STR);
  assert_int_equal(r->value->kind, ANN_INT);
  assert_null(ann_union(AN, u, ann_dict(AN, d3, c->o)));
  Ann *x, *y;
  const char *what;
  ann_conflict(AN, &x, &y, &what);
  assert_string_equal(what, "the dict key type");
}

static void test_pbcs(void **state) {
  Ctx *c = *state;
  Annotator *AN = c->AN;
  ClassDef *a = cls(c, "A", NULL), *b = cls(c, "B", NULL);
  Ann *pa = ann_pbc(AN, a->desc, c->o), *pb = ann_pbc(AN, b->desc, c->o);
  Ann *u = ann_union(AN, pb, pa);
  assert_int_equal(u->n, 2);
  assert_true(u->u.descs[0]->id < u->u.descs[1]->id);
  assert_true(ann_eq(u, ann_union(AN, pa, pb)));
  assert_ptr_equal(ann_union(AN, u, pa), u);
  Ann *n = ann_union(AN, ann_none(AN, c->o), pa);
  assert_true(n->flags & AF_NULL);
  assert_int_equal(n->n, 1);
}

static void test_origin_kept(void **state) {
  Ctx *c = *state;
  Annotator *AN = c->AN;
  Loc o1 = loc_make(0, 1, 2), o2 = loc_make(0, 5, 6);
  Ann *a = ann_int(AN, 0, o1), *b = ann_int(AN, AF_NONNEG, o2);
  assert_int_equal(ann_union(AN, a, b)->origin.start, 1);
  assert_int_equal(ann_union(AN, b, a)->origin.start, 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_every_pair, setup, teardown),
      cmocka_unit_test_setup_teardown(test_none_propagation, setup, teardown),
      cmocka_unit_test_setup_teardown(test_instances, setup, teardown),
      cmocka_unit_test_setup_teardown(test_tuples, setup, teardown),
      cmocka_unit_test_setup_teardown(test_chars_strings, setup, teardown),
      cmocka_unit_test_setup_teardown(test_numbers, setup, teardown),
      cmocka_unit_test_setup_teardown(test_listdefs, setup, teardown),
      cmocka_unit_test_setup_teardown(test_dictdefs, setup, teardown),
      cmocka_unit_test_setup_teardown(test_pbcs, setup, teardown),
      cmocka_unit_test_setup_teardown(test_origin_kept, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
