/* opt_peel.c — loop peeling (the "peel" step, after the passes; LuaJIT's
 * lj_opt_loop.c and PyPy's unroll.py do the same job differently).
 *
 * A loop trace `inputs; label(x..); body; jump(y..)` becomes
 *     inputs; body (the preamble: the first iteration, unchanged);
 *     label(y'..); body' ; jump(y''..)
 * where body' is the body again without what is loop-invariant:
 *   - an invariant value is computed once, by the preamble, and body' uses
 *     the preamble's result;
 *   - an invariant guard was checked by the preamble, and holds for every
 *     later iteration, so body' has none.
 * Invariant, computed on the optimized body in order:
 *   - constants; inputs that are not loop variables; loop variables the
 *     jump passes back unchanged (x_k == y_k);
 *   - a pure op (JF_PURE, not a guard) whose operands are invariant, and
 *     an elidable call (call_pure) of invariant arguments;
 *   - a load (field, array item, interior field, string char, array or
 *     string length) whose operands are invariant, when the body writes no
 *     memory of that descr (stores, and calls by their effect info: an
 *     elidable or read-only call writes nothing, a call with a write set
 *     writes those descrs, a call that leaves virtualizables alone writes
 *     all but theirs, any other call, escape or allocation-free side
 *     effect writes everything) — immutable descrs always qualify;
 *   - a guard (other than guard_not_invalidated, and the exception and
 *     overflow guards, which are about the op before them) whose operands
 *     are invariant.
 * Loop variables: the new label's operand k is the preamble's y_k (the
 * value the first iteration passes on), and body' refers to it where the
 * body referred to x_k; the jump passes body''s y_k. A label operand is
 * rebound by the jump, so the same ref must not also stand for an
 * invariant value in body': the preamble's y_k is either a variant value
 * (body' never uses those otherwise) or invariant (then the jump passes
 * the same ref back, a no-op).
 * Snapshots of body''s guards are renamed like their operands and keep
 * their resume tags. Nothing is peeled when nothing is invariant.
 * Expects: a trace the passes produced (jir_verify holds, a label only
 * right after the inputs). */
#include <stdlib.h>
#include <string.h>

#include "opt_pass.h"

typedef struct Peel {
  const Trace *T;
  uint32_t label, jump;     /* instruction indexes */
  uint8_t *inv;             /* per instruction: 1 invariant */
  JBodyWrites w;            /* what the body may write */
} Peel;

static bool ref_inv(const Peel *P, JRef r) {
  return jir_isk(r) || P->inv[jir_idx(r)];
}

static void add_written(JBodyWrites *w, uint32_t d) {
  for (uint32_t i = 0; i < w->nwritten; i++)
    if (w->written[i] == d) return;
  JIR_GROW(w->written, w->wcap, w->nwritten + 1);
  w->written[w->nwritten++] = d;
}

static bool is_load(unsigned op) {
  return (op >= JIR_getfield_gc_i && op <= JIR_getfield_gc_f) ||
         (op >= JIR_getarrayitem_gc_i && op <= JIR_getarrayitem_gc_f) ||
         (op >= JIR_getinteriorfield_gc_i && op <= JIR_getinteriorfield_gc_f) ||
         op == JIR_arraylen_gc || op == JIR_strlen || op == JIR_strgetitem;
}

void jopt_body_writes(const Trace *T, uint32_t label, uint32_t jump, JBodyWrites *w) {
  memset(w, 0, sizeof *w);
  for (uint32_t i = label + 1; i < jump; i++) {
    const JIns *I = &T->ins[i];
    unsigned op = I->op, flags = jir_info[op].flags;
    if (op == JIR_setfield_gc || op == JIR_setarrayitem_gc || op == JIR_setinteriorfield_gc) {
      add_written(w, I->descr);
    } else if (op == JIR_strsetitem) {
      w->str = true;
    } else if (flags & JF_CALL) {
      if (op >= JIR_call_pure_i && op <= JIR_call_pure_n) continue;
      const JDescr *d = jir_descr(T->env, I->descr);
      bool simple = op >= JIR_call_i && op <= JIR_call_n;
      if (simple && (d->effects & (JEF_ELIDABLE | JEF_READONLY))) continue;
      if (simple && (d->effects & JEF_WRITESET)) {
        for (uint32_t k = 0; k < d->nwrites; k++) add_written(w, T->env->lists[d->writes + k]);
      } else if (simple && jopt_call_spares_vables(d)) {
        w->nonvable = true;
        for (uint32_t k = 0; !(d->effects & JEF_NOVABLE) && k < I->nargs; k++) {
          JIR_GROW(w->vargs, w->vargcap, w->nvargs + 1);
          w->vargs[w->nvargs++] = jir_arg(T, I, k);
        }
      } else {
        w->all = true;
      }
    } else if ((flags & JF_SIDE) && !(flags & (JF_GUARD | JF_ALLOC)) &&
               op != JIR_debug_merge_point && op != JIR_jit_debug) {
      w->all = true;
    }
  }
}

bool jopt_body_leaves(const Trace *T, const JBodyWrites *w, unsigned op, JRef obj,
                      uint32_t descr) {
  if (op == JIR_arraylen_gc || op == JIR_strlen) return true;  /* lengths never change */
  if (op == JIR_strgetitem) return !w->str;
  if (jir_descr(T->env, descr)->flags & JDF_IMMUTABLE) return true;
  if (w->all) return false;
  if (w->nonvable && !jopt_call_leaves_loc(T, JEF_VABLE_ARGS, w->vargs, w->nvargs, obj, descr))
    return false;
  for (uint32_t i = 0; i < w->nwritten; i++)
    if (w->written[i] == descr) return false;
  return true;
}

void jopt_body_writes_free(JBodyWrites *w) {
  free(w->written);
  free(w->vargs);
}

static bool load_inv(const Peel *P, const JIns *I) {
  return jopt_body_leaves(P->T, &P->w, I->op, jir_arg(P->T, I, 0), I->descr);
}

static bool guard_can_go(unsigned op) {
  return op != JIR_guard_not_invalidated && op != JIR_guard_not_forced &&
         op != JIR_guard_no_exception && op != JIR_guard_exception &&
         op != JIR_guard_no_overflow && op != JIR_guard_overflow;
}

/* Marks the invariant instructions; returns how many body ops are. */
static uint32_t find_invariants(Peel *P) {
  const Trace *T = P->T;
  const JIns *L = &T->ins[P->label], *J = &T->ins[P->jump];
  for (uint32_t i = 1; i < P->label; i++) P->inv[i] = 1;  /* the inputs ... */
  for (unsigned k = 0; k < L->nargs; k++) {                /* ... but loop variables */
    JRef x = jir_arg(T, L, k);
    if (!jir_isk(x) && jir_arg(T, J, k) != x) P->inv[jir_idx(x)] = 0;
  }
  jopt_body_writes(P->T, P->label, P->jump, &P->w);
  uint32_t count = 0;
  for (uint32_t i = P->label + 1; i < P->jump; i++) {
    const JIns *I = &T->ins[i];
    unsigned flags = jir_info[I->op].flags;
    bool ops_inv = true;
    for (unsigned k = 0; k < I->nargs && ops_inv; k++) ops_inv = ref_inv(P, jir_arg(T, I, k));
    bool inv = false;
    if (!ops_inv || I->op == JIR_debug_merge_point) inv = false;
    else if (flags & JF_GUARD) inv = guard_can_go(I->op);
    else if (is_load(I->op)) inv = load_inv(P, I);
    else if ((flags & JF_PURE) && !(flags & (JF_SIDE | JF_CALL | JF_ALLOC | JF_OVF | JF_RAISE)))
      inv = true;
    else if (I->op >= JIR_call_pure_i && I->op <= JIR_call_pure_f)  /* elidable: same arguments, same result */
      inv = true;
    P->inv[i] = inv;
    count += inv;
  }
  return count;
}

/* The loop's shape: a label right after the inputs, a jump to it last. */
static bool loop_shape(Peel *P) {
  const Trace *T = P->T;
  uint32_t i = 1;
  while (i < T->nins && T->ins[i].op <= JIR_input_f) i++;
  if (i >= T->nins || T->ins[i].op != JIR_label) return false;
  uint32_t last = T->nins - 1;
  const JIns *L = &T->ins[i], *J = &T->ins[last];
  if (J->op != JIR_jump || J->descr != L->descr || J->nargs != L->nargs) return false;
  for (uint32_t k = i + 1; k < last; k++)
    if (jir_info[T->ins[k].op].flags & JF_CTRL) return false;  /* one label, one jump */
  P->label = i;
  P->jump = last;
  return true;
}

JRef jopt_copy_ins(Trace *D, const Trace *S, const JIns *I, const JRef *m) {
  JRef args[JIR_MAXARGS];
  for (unsigned k = 0; k < I->nargs; k++) args[k] = jopt_mapped(m, jir_arg(S, I, k));
  JRef r = jir_emit(D, I->op, I->nargs, args, I->descr);
  if (I->snap) {
    uint32_t n = 0;
    const JRef *s = jir_snap_refs(S, I, &n);
    JRef *live = jir_snap_alloc(D, r, n);
    for (uint32_t k = 0; k < n; k++) live[k] = jopt_mapped(m, s[k]);
    jir_snap_meta(&D->snaps[jir_ins(D, r)->snap], &S->snaps[I->snap]);
  }
  return r;
}

static Trace *build(const Peel *P) {
  const Trace *S = P->T;
  Trace *D = jir_new(S->env);
  jir_copy_consts(D, S);
  jir_reserve(D, 2 * S->nins, 2 * S->nargs + 1, 2 * S->nsnaps + 1, 2 * S->nsnaprefs + 1);
  JRef *m1 = calloc(S->nins + 1, sizeof *m1), *m2 = calloc(S->nins + 1, sizeof *m2);
  if (!m1 || !m2) jir_oom();
  for (uint32_t i = 1; i < P->label; i++) m1[i] = jopt_copy_ins(D, S, &S->ins[i], m1);
  for (uint32_t i = P->label + 1; i < P->jump; i++) m1[i] = jopt_copy_ins(D, S, &S->ins[i], m1);
  /* the loop: its variables are what the first iteration passes on */
  const JIns *L = &S->ins[P->label], *J = &S->ins[P->jump];
  memcpy(m2, m1, (S->nins + 1) * sizeof *m2);
  JRef args[JIR_MAXARGS];
  for (unsigned k = 0; k < J->nargs; k++) {
    JRef y = jir_arg(S, J, k);
    args[k] = jopt_mapped(m1, y);
  }
  for (unsigned k = 0; k < L->nargs; k++) {
    JRef x = jir_arg(S, L, k);
    if (!jir_isk(x)) m2[jir_idx(x)] = args[k];
  }
  jir_emit(D, JIR_label, J->nargs, args, L->descr);
  for (uint32_t i = P->label + 1; i < P->jump; i++) {
    if (P->inv[i]) continue;  /* m2 keeps the preamble's value; a guard goes */
    m2[i] = jopt_copy_ins(D, S, &S->ins[i], m2);
  }
  jopt_copy_ins(D, S, J, m2);
  free(m1);
  free(m2);
  return D;
}

void jopt_take(Trace *T, Trace *D) {
  Trace tmp = *T;
  *T = *D;
  *D = tmp;
  jir_free(D);
}

bool jopt_peeled_loop(const Trace *T, uint32_t *label, uint32_t *jump) {
  if (T->nins < 3 || T->ins[T->nins - 1].op != JIR_jump) return false;
  *jump = T->nins - 1;
  for (uint32_t i = 1; i < *jump; i++)
    if (T->ins[i].op == JIR_label) {
      *label = i;
      return T->ins[i - 1].op > JIR_input_f && T->ins[i].nargs == T->ins[*jump].nargs;
    }
  return false;
}

bool jopt_fresh_loop_var(const Trace *T, uint32_t label, uint32_t jump, JRef r) {
  if (jir_isk(r)) return false;
  const JIns *L = &T->ins[label];
  for (unsigned k = 0; k < L->nargs; k++)
    if (jir_arg(T, L, k) == r) return false;
  for (uint32_t i = label + 1; i <= jump; i++) {
    const JIns *I = &T->ins[i];
    for (unsigned k = 0; k < I->nargs; k++)
      if (jir_arg(T, I, k) == r) return false;
    uint32_t n;
    const JRef *s = jir_snap_refs(T, I, &n);
    for (uint32_t k = 0; k < n; k++)
      if (s[k] == r) return false;
  }
  return true;
}

bool jopt_peel(Trace *T) {
  Peel P = {.T = T};
  if (!loop_shape(&P)) return false;
  P.inv = calloc(T->nins + 1, 1);
  if (!P.inv) jir_oom();
  bool peeled = find_invariants(&P) > 0;
  if (peeled) jopt_take(T, build(&P));
  free(P.inv);
  jopt_body_writes_free(&P.w);
  return peeled;
}

/* ---- loop variables that never change -------------------------------------------------- */

/* Whether label operand k of peeled loop T is passed on unchanged by the
 * jump and held by no other operand (or is the same constant both ways). */
static bool unchanged_loop_var(const Trace *T, const JIns *L, const JIns *J, unsigned k) {
  JRef x = jir_arg(T, L, k);
  if (jir_arg(T, J, k) != x) return false;
  if (jir_isk(x)) return true;  /* the same constant both ways (a cleared slot) */
  for (unsigned j = 0; j < L->nargs; j++)
    if (j != k && (jir_arg(T, L, j) == x || jir_arg(T, J, j) == x)) return false;
  return true;
}

bool jopt_drop_unchanged_loop_vars(Trace *T) {
  uint32_t label, jump;
  if (!jopt_peeled_loop(T, &label, &jump)) return false;
  const JIns *L = &T->ins[label], *J = &T->ins[jump];
  unsigned keep = 0;
  for (unsigned k = 0; k < L->nargs; k++) keep += !unchanged_loop_var(T, L, J, k);
  if (keep == L->nargs) return false;
  Trace *D = jir_new(T->env);
  jir_copy_consts(D, T);
  jir_reserve(D, T->nins + 1, T->nargs + 1, T->nsnaps + 1, T->nsnaprefs + 1);
  JRef *m = calloc(T->nins + 1, sizeof *m);
  if (!m) jir_oom();
  for (uint32_t i = 1; i < T->nins; i++) {
    const JIns *I = &T->ins[i];
    if (i != label && i != jump) {
      m[i] = jopt_copy_ins(D, T, I, m);
      continue;
    }
    JRef args[JIR_MAXARGS];
    unsigned n = 0;
    for (unsigned k = 0; k < I->nargs; k++)
      if (!unchanged_loop_var(T, L, J, k)) args[n++] = jopt_mapped(m, jir_arg(T, I, k));
    m[i] = jir_emit(D, I->op, n, args, I->descr);
  }
  free(m);
  jopt_take(T, D);
  return true;
}
