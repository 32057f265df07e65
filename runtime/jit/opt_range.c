/* opt_range.c — one check for a run of range guards (the "range" pass,
 * after intbounds; LuaJIT's array-bounds-check elimination does the same).
 *
 * An interpreter that moves an index by small steps guards each step:
 * BF's `>>>>` checks `len <= pos + k` (the tape must grow) and the list
 * index check `pos + k <u len` once per step. Guards on the same base x
 * and the same bound n, differing only in the constant k, form a group:
 *   signed:   x + k < n        (guard_true int_lt / guard_false int_le n, x+k,
 *                               and their swapped forms)
 *   unsigned: x + k <u n       (guard_true uint_lt, guard_false uint_le n, x+k)
 * where x + k is int_add(x, K), x itself (k = 0), or a constant k (x is
 * then RANGE_ZERO: a frame's slots at constant indexes, each checked
 * against the array's length). A group of two or more
 * guards becomes one check at its first guard, with that guard's snapshot:
 *   t1 = x + kmin    (int_add_ovf + guard_no_overflow when kmin < 0)
 *   t2 = x + kmax    (int_add_ovf + guard_no_overflow when kmax > 0)
 *   signed:   guard_true(int_lt(t2, n))
 *   unsigned: guard_true(int_ge(t1, 0)); guard_true(uint_lt(t2, n))
 *   both:     guard_true(int_ge(t1, 0)); guard_true(int_lt(t2, n))
 * and the group's other guards go. Why that is right: with no overflow,
 * x + kmin <= x + k <= x + kmax for every k of the group; for the unsigned
 * form all those values are then >= 0, where unsigned order is signed
 * order; with both kinds, 0 <= x + k < n signed gives the unsigned
 * x + k <u n too (both sides are non-negative), so one bound check serves
 * BF's tape-growth tests and its index checks. So when the new check passes every original guard would have
 * passed; when it fails, the trace leaves at the first guard, whose
 * snapshot describes the state before any of the group's steps: the
 * interpreter redoes them (a guard may always fail earlier than needed).
 * The guards the group replaces may come after stores and calls: nothing
 * between them matters, the values x and n are the same SSA values.
 * Only traces whose label (if any) comes first: groups never span a
 * label (peeling runs after this pass). */
#include <stdlib.h>
#include <string.h>

#include "opt_pass.h"

/* The base of constant indexes (k < n for constants k): no src ref. */
#define RANGE_ZERO JREF_NONE

typedef struct RangeGuard {
  JRef x, n;            /* src refs */
  int64_t k;
  bool unsig;
} RangeGuard;

typedef struct Group {
  JRef x, n;
  bool unsig, sig;      /* has unsigned guards, signed ones */
  uint32_t first;       /* src index of its first guard */
  uint32_t count;
  int64_t kmin, kmax;
} Group;

/* Whether src guard G is a range guard; fills *rg. Offsets are kept small
 * so that kmax - kmin never overflows. */
static bool range_guard(const Trace *S, const JIns *G, RangeGuard *rg) {
  if (G->op != JIR_guard_true && G->op != JIR_guard_false) return false;
  JRef c = jir_arg(S, G, 0);
  if (jir_isk(c)) return false;
  const JIns *C = jir_ins(S, c);
  bool t = G->op == JIR_guard_true;
  JRef a, n;
  unsigned op = C->op;
  /* normalise to "a < n" (signed or unsigned) */
  if ((t && op == JIR_int_lt) || (t && op == JIR_uint_lt)) {
    a = jir_arg(S, C, 0); n = jir_arg(S, C, 1);
  } else if ((!t && op == JIR_int_le) || (!t && op == JIR_uint_le)) {  /* not n <= a */
    n = jir_arg(S, C, 0); a = jir_arg(S, C, 1);
  } else if ((t && op == JIR_int_gt) || (t && op == JIR_uint_gt)) {   /* n > a */
    n = jir_arg(S, C, 0); a = jir_arg(S, C, 1);
  } else if ((!t && op == JIR_int_ge) || (!t && op == JIR_uint_ge)) { /* not a >= n */
    a = jir_arg(S, C, 0); n = jir_arg(S, C, 1);
  } else {
    return false;
  }
  rg->unsig = op >= JIR_uint_lt && op <= JIR_uint_ge;
  if (jir_isk(a) && jir_k(S, a)->kind == JK_INT) {  /* a constant index: 0 + k */
    rg->x = RANGE_ZERO;
    rg->k = jir_kint_of(S, a);
  } else {
    rg->x = jopt_base_offset(S, a, &rg->k);
  }
  rg->n = n;
  return (rg->x == RANGE_ZERO || !jir_isk(rg->x)) && !jir_isk(n) && rg->k > -(1 << 20) &&
         rg->k < (1 << 20);
}

static Group *find_group(Group *g, uint32_t ng, const RangeGuard *rg) {
  for (uint32_t i = 0; i < ng; i++)
    if (g[i].x == rg->x && g[i].n == rg->n) return &g[i];
  return NULL;
}

/* The groups of the trace, by first guard; *role per src index: 0 not in
 * a group of two or more, 1 its first guard, 2 a later one. */
static Group *collect(const Trace *S, uint8_t *role, uint32_t **group_of, uint32_t *ngroups) {
  Group *g = NULL;
  uint32_t ng = 0, cap = 0;
  uint32_t *of = calloc(S->nins + 1, sizeof *of);
  if (!of) jir_oom();
  for (uint32_t i = 1; i < S->nins; i++) {
    RangeGuard rg;
    if (!range_guard(S, &S->ins[i], &rg)) continue;
    Group *p = find_group(g, ng, &rg);
    if (!p) {
      JIR_GROW(g, cap, ng + 1);
      p = &g[ng++];
      *p = (Group){rg.x, rg.n, false, false, i, 0, rg.k, rg.k};
    }
    p->unsig |= rg.unsig;
    p->sig |= !rg.unsig;
    p->count++;
    if (rg.k < p->kmin) p->kmin = rg.k;
    if (rg.k > p->kmax) p->kmax = rg.k;
    of[i] = (uint32_t)(p - g) + 1;
  }
  for (uint32_t i = 1; i < S->nins; i++) {
    if (!of[i]) continue;
    const Group *p = &g[of[i] - 1];
    role[i] = p->count < 2 ? 0 : p->first == i ? 1 : 2;
  }
  *group_of = of;
  *ngroups = ng;
  return g;
}

/* t = x + k; with `ovf`, failing at guard G's snapshot when it overflows. */
static JRef offset(JOpt *O, JRef x, int64_t k, bool ovf, const JIns *G) {
  if (k == 0) return x;
  JRef a[2] = {x, jir_kint(O->dst, k)};
  if (!ovf) return jopt_emit(O, JIR_int_add, 2, a, 0, NULL);
  JRef t = jopt_append(O, JIR_int_add_ovf, 2, a, 0, NULL);
  jopt_append(O, JIR_guard_no_overflow, 0, NULL, 0, G);
  return t;
}

static void check(JOpt *O, unsigned cmp, JRef a, JRef b, const JIns *G) {
  JRef args[2] = {a, b};
  JRef c = jopt_emit(O, cmp, 2, args, 0, NULL);
  jopt_emit(O, JIR_guard_true, 1, &c, 0, G);
}

/* The extremes overflow-checked (x + kmin when kmin < 0, x + kmax when
 * kmax > 0): every x + k between them then cannot overflow either. */
static void emit_group(JOpt *O, const Group *p, const JIns *G) {
  JRef n = jopt_get(O, p->n);
  if (p->x == RANGE_ZERO) {  /* constants: kmin >= 0 (unsigned), kmax < n */
    if (p->unsig) check(O, JIR_int_ge, jir_kint(O->dst, p->kmin), jir_kint(O->dst, 0), G);
    check(O, p->unsig && !p->sig ? JIR_uint_lt : JIR_int_lt, jir_kint(O->dst, p->kmax), n, G);
    return;
  }
  JRef x = jopt_get(O, p->x);
  JRef lo = p->kmin < 0 || p->unsig ? offset(O, x, p->kmin, p->kmin < 0, G) : x;
  JRef hi = p->kmax == p->kmin && p->kmin <= 0 && (p->kmin < 0 || p->unsig)
                ? lo : offset(O, x, p->kmax, p->kmax > 0, G);
  if (p->unsig) check(O, JIR_int_ge, lo, jir_kint(O->dst, 0), G);
  check(O, p->unsig && !p->sig ? JIR_uint_lt : JIR_int_lt, hi, n, G);
}

static bool label_first(const Trace *S) {
  bool seen_op = false;
  for (uint32_t i = 1; i < S->nins; i++) {
    unsigned op = S->ins[i].op;
    if (op == JIR_label && seen_op) return false;
    if (op > JIR_input_f && op != JIR_label) seen_op = true;
  }
  return true;
}

bool jopt_range_applies(const Trace *S) {
  if (!label_first(S)) return false;
  uint8_t *role = calloc(S->nins + 1, 1);
  if (!role) jir_oom();
  uint32_t *of = NULL, ng = 0;
  Group *g = collect(S, role, &of, &ng);
  bool any = false;
  for (uint32_t k = 0; k < ng; k++) any |= g[k].count >= 2;
  free(role);
  free(of);
  free(g);
  return any;
}

void jopt_pass_range(JOpt *O) {
  const Trace *S = O->src;
  uint8_t *role = calloc(S->nins + 1, 1);
  if (!role) jir_oom();
  uint32_t *of = NULL, ng = 0;
  Group *g = label_first(S) ? collect(S, role, &of, &ng) : NULL;
  for (O->cur = 1; O->cur < S->nins; O->cur++) {
    const JIns *I = &S->ins[O->cur];
    if (role[O->cur] == 2) { O->map[O->cur] = JREF_NONE; continue; }
    if (role[O->cur] == 1) {
      emit_group(O, &g[of[O->cur] - 1], I);
      O->map[O->cur] = JREF_NONE;
      continue;
    }
    jopt_default(O, I);
  }
  free(role);
  free(of);
  free(g);
}
