/* opt_guard.c — guard strengthening and removal (the "guard" pass).
 *
 * Walks the trace remembering, per value, what the guards passed so far
 * prove: non-null, its class (a constant vtable), "true", and for guarded
 * comparisons the outcome of that comparison and of its negated and swapped
 * forms (as PyPy's pure.py remembers results of pure ops). Then:
 *  - a guard whose condition is already proven disappears (repeated
 *    guard_nonnull / guard_class / guard_true, guard_class on a
 *    new_with_vtable of that class, guard_nonnull on an allocation);
 *  - guard_nonnull x ... guard_class x C turns the earlier guard into
 *    guard_nonnull_class x C (it keeps the earlier snapshot: failing earlier
 *    and resuming there is always allowed) and drops the later one;
 *  - guard_value x K and guard_false x (x is then 0) and guard_true b for a
 *    boolean b (b is then 1) make x a constant for the rest of the trace;
 *  - a comparison or identity test (ptr_eq / ptr_ne and their instance_
 *    forms, both orders and the negation) already decided by a guard
 *    becomes a constant, and so does ptr_eq/ptr_ne of a proven non-null
 *    value with NULL; a guard on one computed before the guard that
 *    decided it goes when it passes by that decision.
 * Proven-false guards are kept: they always fail, which is correct (the
 * tracer will learn to cut such traces).
 * The rewritten guard_nonnull_class stays on guard_nonnull's CSE chain; no
 * pass looks guards up by chain, and the optimizer never rolls back. */
#include <stdlib.h>
#include <string.h>

#include "opt_pass.h"

enum { G_NONNULL = 1, G_TRUE = 2 };

typedef struct Fact {
  uint16_t op;
  JRef a, b;            /* a OP b is v; a is never a constant */
  int64_t v;
  uint32_t next;        /* the previous fact about a (index + 1), 0 */
} Fact;

typedef struct GuardState {
  JOpt *O;
  uint8_t *flags;       /* dst index -> G_* */
  JRef *cls;            /* dst index -> known class constant, 0 */
  uint32_t *nng;        /* dst index -> its guard_nonnull (dst index), 0 */
  Fact *facts;
  uint32_t nfacts, factcap;
  uint32_t *fhead;      /* dst index -> newest fact about it (index + 1) */
} GuardState;

static bool nonnull(GuardState *G, JRef x) {
  if (jir_isk(x)) return jir_k(G->O->dst, x)->kind == JK_REF && jir_kgc_of(G->O->dst, x);
  return G->flags[jir_idx(x)] & G_NONNULL;
}

static void add_one(GuardState *G, unsigned op, JRef a, JRef b, int64_t v) {
  if (jir_isk(a)) return;  /* lookups never have a constant on the left */
  JIR_GROW(G->facts, G->factcap, G->nfacts + 1);
  G->facts[G->nfacts] = (Fact){(uint16_t)op, a, b, v, G->fhead[jir_idx(a)]};
  G->fhead[jir_idx(a)] = ++G->nfacts;
}

static void add_fact(GuardState *G, unsigned op, JRef a, JRef b, int64_t v) {
  add_one(G, op, a, b, v);
  add_one(G, jir_cmp_swap(op), b, a, v);
}

/* The identity test that is true exactly when op is false, or 0. */
static unsigned ptr_negate(unsigned op) {
  switch (op) {
  case JIR_ptr_eq: return JIR_ptr_ne;
  case JIR_ptr_ne: return JIR_ptr_eq;
  case JIR_instance_ptr_eq: return JIR_instance_ptr_ne;
  case JIR_instance_ptr_ne: return JIR_instance_ptr_eq;
  default: return 0;
  }
}

/* c = a CMP b is known to be v (0 or 1) */
static void learn_cmp(GuardState *G, JRef c, int64_t v) {
  JIns *C = jopt_def(G->O, c);
  unsigned neg = C ? ptr_negate(C->op) : 0;
  if (neg) {  /* identity: both orders, and its negation (Lua's truth test
               * x ~= K and a later x == K test the same) */
    add_one(G, C->op, C->a[0], C->a[1], v);
    add_one(G, C->op, C->a[1], C->a[0], v);
    add_one(G, neg, C->a[0], C->a[1], !v);
    add_one(G, neg, C->a[1], C->a[0], !v);
    return;
  }
  if (!C || !jir_is_cmp(C->op)) return;
  add_fact(G, C->op, C->a[0], C->a[1], v);
  if (jir_is_intcmp(C->op)) add_fact(G, jir_cmp_negate(C->op), C->a[0], C->a[1], !v);
}

static bool lookup_cmp(GuardState *G, unsigned op, JRef a, JRef b, int64_t *v) {
  if (jir_isk(a)) return false;
  for (uint32_t i = G->fhead[jir_idx(a)]; i; i = G->facts[i - 1].next) {
    const Fact *f = &G->facts[i - 1];
    if (f->op == op && f->b == b) {
      *v = f->v;
      return true;
    }
  }
  return false;
}

static void drop(JOpt *O) { O->map[O->cur] = JREF_NONE; }

static bool is_bool_def(JOpt *O, JRef x) {
  JIns *D = jopt_def(O, x);
  return D && (jir_is_cmp(D->op) || D->op == JIR_int_is_true ||
               D->op == JIR_int_is_zero ||
               (D->op >= JIR_ptr_eq && D->op <= JIR_instance_ptr_ne));
}

static void guard_class(GuardState *G, const JIns *I, JRef x, JRef c) {
  JOpt *O = G->O;
  if (!jir_isk(x) && G->cls[jir_idx(x)] == c) { drop(O); return; }
  uint32_t ng = jir_isk(x) ? 0 : G->nng[jir_idx(x)];
  if (I->op == JIR_guard_class && ng && !G->cls[jir_idx(x)]) {
    JIns *N = &O->dst->ins[ng];  /* strengthen the earlier guard */
    N->op = JIR_guard_nonnull_class;
    N->nargs = 2;
    N->a[1] = c;
    G->nng[jir_idx(x)] = 0;
    drop(O);
  } else {
    jopt_default(O, I);
  }
  if (!jir_isk(x)) {
    G->cls[jir_idx(x)] = c;
    G->flags[jir_idx(x)] |= G_NONNULL;
  }
}

static void guard_nonnull(GuardState *G, const JIns *I, JRef x) {
  if (nonnull(G, x)) { drop(G->O); return; }
  JRef g = jopt_default(G->O, I);
  if (jir_isk(x) || g == JREF_NONE) return;
  G->flags[jir_idx(x)] |= G_NONNULL;
  G->nng[jir_idx(x)] = jir_idx(g);
}

/* A comparison or an identity test: what facts are about. */
static bool is_test(unsigned op) {
  return jir_is_cmp(op) || ptr_negate(op);
}

/* Whether x is a test whose outcome facts give. */
static bool known_outcome(GuardState *G, JRef x, int64_t *v) {
  JIns *D = jir_isk(x) ? NULL : jopt_def(G->O, x);
  return D && is_test(D->op) && lookup_cmp(G, D->op, D->a[0], D->a[1], v);
}

static void guard_bool(GuardState *G, const JIns *I, JRef x) {
  JOpt *O = G->O;
  bool is_true = I->op == JIR_guard_true;
  int64_t v;
  if (is_true && !jir_isk(x) && (G->flags[jir_idx(x)] & G_TRUE)) { drop(O); return; }
  if (known_outcome(G, x, &v) && v == is_true) { drop(O); return; }  /* computed
                                                                     * before the guard that decided it */
  if (jopt_default(O, I) == JREF_NONE || jir_isk(x)) return;
  learn_cmp(G, x, is_true);
  if (!is_true) jopt_replace(O, x, jir_kint(O->dst, 0));
  else if (is_bool_def(O, x)) jopt_replace(O, x, jir_kint(O->dst, 1));
  else G->flags[jir_idx(x)] |= G_TRUE;
}

static void guard_value(GuardState *G, const JIns *I, JRef x, JRef k) {
  JOpt *O = G->O;
  if (jopt_default(O, I) == JREF_NONE || jir_isk(x) || !jir_isk(k)) return;
  const JConst *c = jir_k(O->dst, k);
  if (c->kind == JK_INT && (c->bits == 0 || c->bits == 1)) learn_cmp(G, x, c->bits);
  jopt_replace(O, x, k);
}

/* ptr_eq / ptr_ne of a non-null value with NULL */
static bool null_compare(GuardState *G, const JIns *I, const JRef *a) {
  JRef null = jir_kgc(G->O->dst, 0);
  JRef other = a[0] == null ? a[1] : a[1] == null ? a[0] : 0;
  if (!other || !nonnull(G, other)) return false;
  bool eq = I->op == JIR_ptr_eq || I->op == JIR_instance_ptr_eq;
  G->O->map[G->O->cur] = jir_kint(G->O->dst, eq ? 0 : 1);
  return true;
}

static void one_op(GuardState *G, const JIns *I) {
  JOpt *O = G->O;
  JRef a[JIR_MAXARGS];
  jopt_args(O, I, a);
  int64_t v;
  switch (I->op) {
  case JIR_guard_nonnull: guard_nonnull(G, I, a[0]); return;
  case JIR_guard_class: case JIR_guard_nonnull_class:
    guard_class(G, I, a[0], a[1]); return;
  case JIR_guard_true: case JIR_guard_false: guard_bool(G, I, a[0]); return;
  case JIR_guard_value: guard_value(G, I, a[0], a[1]); return;
  case JIR_ptr_eq: case JIR_ptr_ne: case JIR_instance_ptr_eq: case JIR_instance_ptr_ne:
    if (null_compare(G, I, a)) return;
    break;
  default:
    break;
  }
  if (is_test(I->op) && lookup_cmp(G, I->op, a[0], a[1], &v)) {
    O->map[O->cur] = jir_kint(O->dst, v);
    return;
  }
  JRef r = jopt_default(O, I);
  if ((jir_info[I->op].flags & JF_ALLOC) && !jir_isk(r)) {
    G->flags[jir_idx(r)] |= G_NONNULL;
    const JDescr *d = jir_descr(O->dst->env, I->descr);
    if (I->op == JIR_new_with_vtable && d->vtable)
      G->cls[jir_idx(r)] = jir_kint(O->dst, d->vtable);
  }
}

void jopt_pass_guard(JOpt *O) {
  uint32_t n = O->src->nins + 1;
  GuardState G = {.O = O};
  G.flags = calloc(n, sizeof *G.flags);
  G.cls = calloc(n, sizeof *G.cls);
  G.nng = calloc(n, sizeof *G.nng);
  G.fhead = calloc(n, sizeof *G.fhead);
  if (!G.flags || !G.cls || !G.nng || !G.fhead) jir_oom();
  for (O->cur = 1; O->cur < O->src->nins; O->cur++)
    one_op(&G, &O->src->ins[O->cur]);
  free(G.flags);
  free(G.cls);
  free(G.nng);
  free(G.fhead);
  free(G.facts);
}
