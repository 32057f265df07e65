/* opt.c — the optimizer driver: the pass list, and the rewriting machinery
 * every pass uses (renaming map, replacements, emit = fold + CSE + append).
 *
 * Each pass is a forward walk over the source trace that writes a new trace.
 * Linear traces make this simple: every op dominates everything after it, so
 * a fact learned at an op (a guard passed, a value stored) holds for the
 * rest of the trace. Rewriting into a fresh array (instead of patching in
 * place) keeps refs dense and the CSE chains exact; the cost is one copy per
 * pass, which for traces of a few thousand ops is a few microseconds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opt_pass.h"

#define GROW JIR_GROW

/* ---- renaming ------------------------------------------------------------- */
void jopt_replace(JOpt *O, JRef r, JRef by) {
  if (jir_isk(r) || r == by) return;
  uint32_t i = jir_idx(r), old = O->fwdcap;
  GROW(O->fwd, O->fwdcap, O->dst->nins + 1);
  memset(O->fwd + old, 0, (O->fwdcap - old) * sizeof *O->fwd);
  O->fwd[i] = by;
}

JRef jopt_resolve_failing(JOpt *O, JRef g, JRef r) {
  if (g == JREF_NONE || g != O->proved_by || jir_isk(O->proved) ||
      jir_idx(O->proved) >= O->fwdcap)
    return jopt_resolve(O, r);
  uint32_t i = jir_idx(O->proved);
  JRef now = O->fwd[i];
  O->fwd[i] = O->proved_was;
  r = jopt_resolve(O, r);
  O->fwd[i] = now;
  return r;
}

unsigned jopt_args(JOpt *O, const JIns *I, JRef *args) {
  for (unsigned k = 0; k < I->nargs; k++)
    args[k] = jopt_get(O, jir_arg(O->src, I, k));
  return I->nargs;
}

JRef jopt_base_offset(const Trace *T, JRef r, int64_t *k) {
  *k = 0;
  if (jir_isk(r)) return r;
  const JIns *I = jir_ins(T, r);
  /* x +ovf k is x + k where it is used: after its guard_no_overflow */
  if (I->op != JIR_int_add && I->op != JIR_int_add_ovf) return r;
  JRef a = jir_arg(T, I, 0), b = jir_arg(T, I, 1);
  if (jir_isk(b) && jir_k(T, b)->kind == JK_INT && !jir_isk(a)) {
    *k = jir_kint_of(T, b);
    return a;
  }
  if (jir_isk(a) && jir_k(T, a)->kind == JK_INT && !jir_isk(b)) {
    *k = jir_kint_of(T, a);
    return b;
  }
  return r;
}

/* The getfield_gc_r that defines r, or NULL. */
static const JIns *ref_load(const Trace *T, JRef r) {
  if (jir_isk(r)) return NULL;
  const JIns *I = jir_ins(T, r);
  return I->op == JIR_getfield_gc_r ? I : NULL;
}

/* A virtualizable's list: read from one of its 'x[*]' fields. */
static bool vable_list(const Trace *T, JRef r) {
  const JIns *I = ref_load(T, r);
  return I && (jir_descr(T->env, I->descr)->flags & JDF_VABLE_ITEMS);
}

bool jopt_vable_loc(const Trace *T, JRef obj, uint32_t descr) {
  if (jir_descr(T->env, descr)->flags & JDF_VABLE) return true;
  if (vable_list(T, obj)) return true;  /* its length, its items array */
  const JIns *I = ref_load(T, obj);       /* an item of that array */
  return I && vable_list(T, jir_arg(T, I, 0));
}

JRef jopt_vable_root(const Trace *T, JRef obj, uint32_t descr) {
  if (jir_descr(T->env, descr)->flags & JDF_VABLE) return obj;
  if (vable_list(T, obj)) return jir_arg(T, ref_load(T, obj), 0);
  const JIns *I = ref_load(T, obj);
  if (I && vable_list(T, jir_arg(T, I, 0))) return jir_arg(T, ref_load(T, jir_arg(T, I, 0)), 0);
  return JREF_NONE;
}

bool jopt_call_spares_vables(const JDescr *call) {
  return (call->effects & (JEF_NOVABLE | JEF_VABLE_ARGS)) &&
         !(call->effects & (JEF_ELIDABLE | JEF_READONLY | JEF_WRITESET));
}

bool jopt_call_leaves_loc(const Trace *T, unsigned effects, const JRef *args, unsigned nargs,
                          JRef obj, uint32_t descr) {
  if (effects & JEF_NOVABLE) return jopt_vable_loc(T, obj, descr);
  if (!(effects & JEF_VABLE_ARGS)) return false;
  JRef root = jopt_vable_root(T, obj, descr);
  if (root == JREF_NONE) return false;
  for (unsigned k = 0; k < nargs; k++)
    if (args[k] == root) return false;
  return true;
}

/* The 'x[*]' field of a virtualizable that the items array r belongs
 * to, or 0: r read from that field (a fixed-size list is its array) or
 * the items of a list read from it. */
static uint32_t vable_array_field(const Trace *T, JRef r) {
  const JIns *I = ref_load(T, r);
  if (!I) return 0;
  if (jir_descr(T->env, I->descr)->flags & JDF_VABLE_ITEMS) return I->descr;
  const JIns *L = ref_load(T, jir_arg(T, I, 0));
  return L && (jir_descr(T->env, L->descr)->flags & JDF_VABLE_ITEMS) ? L->descr : 0;
}

/* Whether array r surely is no virtualizable's: read from a field that is
 * no 'x[*]' field, of an object itself read from such a field (a list's
 * items, an array field of an instance: two loads show what r is; an
 * array of unknown origin may be a frame's). */
static bool surely_not_vable_array(const Trace *T, JRef r) {
  const JIns *I = ref_load(T, r);
  if (!I || (jir_descr(T->env, I->descr)->flags & JDF_VABLE_ITEMS)) return false;
  const JIns *L = ref_load(T, jir_arg(T, I, 0));
  return L && !(jir_descr(T->env, L->descr)->flags & JDF_VABLE_ITEMS);
}

bool jopt_distinct_vable_arrays(const Trace *T, JRef a, JRef b) {
  uint32_t fa = vable_array_field(T, a), fb = vable_array_field(T, b);
  if (fa && fb) return fa != fb;  /* two lists of a frame */
  /* PyPy's contract for virtualizables: a frame's 'x[*]' list (or array)
   * is reached through its field only, never stored elsewhere, so it is
   * no array another field leads to. (A stale value in a failing guard's
   * resume data once made this look unsound: see jopt_resolve_failing.) */
  if (fa) return surely_not_vable_array(T, b);
  if (fb) return surely_not_vable_array(T, a);
  return false;
}

/* ---- emitting ------------------------------------------------------------------ */
static void copy_snap(JOpt *O, JRef g, const JIns *src) {
  uint32_t n = 0;
  const JRef *s = src ? jir_snap_refs(O->src, src, &n) : NULL;
  JRef *live = jir_snap_alloc(O->dst, g, n);
  for (uint32_t k = 0; k < n; k++) live[k] = jopt_get(O, s[k]);
  if (src && src->snap) jir_snap_meta(&O->dst->snaps[jir_ins(O->dst, g)->snap], &O->src->snaps[src->snap]);
}

/* What any passed guard proves about one value, for every pass: after
 * guard_value x K, x is K; after guard_false x, x is 0; after guard_isnull
 * x, x is NULL; after guard_true b for a boolean b (a comparison), b is 1. */
static void guard_constant(JOpt *O, JRef g, unsigned op, const JRef *args) {
  if (op != JIR_guard_value && op != JIR_guard_false && op != JIR_guard_isnull &&
      op != JIR_guard_true)
    return;
  JRef x = args[0];
  if (jir_isk(x)) return;
  O->proved_by = g;
  O->proved = x;
  O->proved_was = jir_idx(x) < O->fwdcap ? O->fwd[jir_idx(x)] : 0;
  unsigned def = jir_ins(O->dst, x)->op;
  switch (op) {
  case JIR_guard_value: if (jir_isk(args[1])) jopt_replace(O, x, args[1]); break;
  case JIR_guard_false: jopt_replace(O, x, jir_kint(O->dst, 0)); break;
  case JIR_guard_isnull: jopt_replace(O, x, jir_kgc(O->dst, 0)); break;
  default:
    if (jir_is_cmp(def) || def == JIR_int_is_true || def == JIR_int_is_zero ||
        (def >= JIR_ptr_eq && def <= JIR_instance_ptr_ne))
      jopt_replace(O, x, jir_kint(O->dst, 1));
  }
}

/* A label after other ops (a peeled loop's): its operands are loop
 * variables from here on (see opt_cse.c). */
static void note_label(JOpt *O, JRef r, unsigned nargs, const JRef *args) {
  uint32_t at = jir_idx(r);
  if (at < 2 || O->dst->ins[at - 1].op <= JIR_input_f) return;
  O->label_at = at;
  for (unsigned k = 0; k < nargs; k++) {
    if (jir_isk(args[k])) continue;
    uint32_t i = jir_idx(args[k]), old = O->loop_var_cap;
    JIR_GROW(O->loop_var, O->loop_var_cap, i + 1);
    memset(O->loop_var + old, 0, O->loop_var_cap - old);
    O->loop_var[i] = 1;
  }
}

JRef jopt_append(JOpt *O, unsigned op, unsigned nargs, const JRef *args,
                 uint32_t descr, const JIns *g) {
  JRef r = jir_emit(O->dst, op, nargs, args, descr);
  if (op == JIR_label) note_label(O, r, nargs, args);
  if (jir_info[op].flags & JF_GUARD) {
    copy_snap(O, r, g);
    guard_constant(O, r, op, args);
  }
  return r;
}

/* The overflow guard after an *_ovf op that folded away or became a plain
 * op: guard_no_overflow disappears; guard_overflow always fails. */
static int ovf_guard(JOpt *O, unsigned *op, unsigned *nargs, JRef *args,
                     int last) {
  if (last != OVF_GONE) return FOLD_EMIT;
  if (*op == JIR_guard_no_overflow) return FOLD_DROP;
  *op = JIR_guard_true;
  *nargs = 1;
  args[0] = jir_kint(O->dst, 0);
  return FOLD_EMIT;
}

/* An earlier identical *_ovf op whose guard_no_overflow passed: its value
 * (this one cannot overflow either), or 0. */
static JRef ovf_cse(JOpt *O, unsigned op, unsigned nargs, const JRef *args, uint32_t descr) {
  JRef r = jopt_cse(O, op, nargs, args, descr);
  if (!r || jir_idx(r) + 1 >= O->dst->nins) return 0;
  return O->dst->ins[jir_idx(r) + 1].op == JIR_guard_no_overflow ? r : 0;
}

/* x + k after x +ovf k whose guard passed: the same value (the range
 * pass checks pos+k with overflow, the interpreter then indexes pos+k). */
static JRef ovf_twin(JOpt *O, unsigned op, unsigned nargs, const JRef *args, uint32_t descr) {
  unsigned twin = op == JIR_int_add ? JIR_int_add_ovf : op == JIR_int_sub ? JIR_int_sub_ovf
                  : op == JIR_int_mul ? JIR_int_mul_ovf : 0;
  return twin ? ovf_cse(O, twin, nargs, args, descr) : 0;
}

JRef jopt_emit(JOpt *O, unsigned op, unsigned nargs, const JRef *args,
               uint32_t descr, const JIns *g) {
  int last = O->ovf;
  O->ovf = OVF_NONE;
  unsigned flags = jir_info[op].flags;
  JFold f = {.op = op, .nargs = nargs, .descr = descr};
  if (op == JIR_guard_no_overflow || op == JIR_guard_overflow) {
    if (ovf_guard(O, &f.op, &f.nargs, f.a, last) == FOLD_DROP) return JREF_NONE;
    return jopt_append(O, f.op, f.nargs, f.a, 0, g);
  }
  bool consts = O->fold_consts;
  for (unsigned k = 0; k < nargs && consts; k++) consts = jir_isk(args[k]);
  if (((O->enabled & JOPT_FOLD) || consts) && nargs <= JIR_INLINE_ARGS && !(flags & JF_CALL)) {
    for (unsigned k = 0; k < nargs; k++) f.a[k] = args[k];
    int res = jopt_fold(O, &f);
    if (flags & JF_OVF) O->ovf = res == FOLD_EMIT && f.op == op ? OVF_KEPT : OVF_GONE;
    if (res == FOLD_REF) return f.res;
    if (res == FOLD_DROP) return JREF_NONE;
    op = f.op; nargs = f.nargs; descr = f.descr; args = f.a;
    flags = jir_info[op].flags;
  } else if (flags & JF_OVF) {
    O->ovf = OVF_KEPT;
  }
  if ((O->enabled & JOPT_CSE) && (flags & JF_OVF)) {  /* x +ovf k again */
    JRef r = ovf_cse(O, op, nargs, args, descr);
    if (r) {
      O->ovf = OVF_GONE;  /* its guard_no_overflow goes */
      return r;
    }
  }
  if ((O->enabled & JOPT_CSE) && (flags & JF_PURE)) {
    JRef r = jopt_cse(O, op, nargs, args, descr);
    if (!r) r = ovf_twin(O, op, nargs, args, descr);
    if (r) return r;
  }
  return jopt_append(O, op, nargs, args, descr, g);
}

JRef jopt_default(JOpt *O, const JIns *I) {
  JRef args[JIR_MAXARGS];
  unsigned n = jopt_args(O, I, args);
  JRef r = jopt_emit(O, I->op, n, args, I->descr, I);
  O->map[O->cur] = r;
  return r;
}

/* ---- the driver ------------------------------------------------------------------ */
unsigned jopt_parse_passes(const char *words) {
  static const char *const names[] = {"fold", "cse", "guard", "heap", "intbounds",
                                      "dce", "peel", "range", "virtual", "carry"};
  enum { NNAMES = sizeof names / sizeof *names };
  unsigned bits = 0;
  const char *s = words;
  while (*s) {
    size_t n = strcspn(s, " \t,");
    if (n == 3 && !strncmp(s, "all", 3)) bits |= JOPT_ALL;
    else if (n) {
      unsigned k;
      for (k = 0; k < NNAMES; k++)
        if (strlen(names[k]) == n && !strncmp(s, names[k], n)) break;
      if (k == NNAMES) return 0;
      bits |= 1u << k;
    }
    s += n;
    s += strspn(s, " \t,");
  }
  return bits;
}

typedef void (*JoptPassFn)(JOpt *O);

/* Whether T allocates (the virtual pass has nothing to do otherwise: the
 * virtuals of earlier passes are snapshot constants by then). */
static bool allocates(const Trace *T) {
  for (uint32_t i = 1; i < T->nins; i++)
    if (jir_info[T->ins[i].op].flags & JF_ALLOC) return true;
  return false;
}

/* Runs one pass: src = *T, dst = a fresh trace with the same constants;
 * then dst's arrays replace T's. */
static bool run(JOpt *O, Trace *T, JoptPassFn pass) {
  O->src = T;
  O->dst = jir_new(T->env);
  jir_copy_consts(O->dst, T);
  jir_reserve(O->dst, T->nins + 1, T->nargs + 1, T->nsnaps + 1, T->nsnaprefs + 1);
  O->map = calloc(T->nins + 1, sizeof *O->map);
  if (!O->map) jir_oom();
  O->map[0] = JREF_NONE;
  O->fwdcap = 0;
  O->ovf = OVF_NONE;
  O->proved_by = JREF_NONE;
  pass(O);
  Trace *old = O->dst;
  Trace tmp = *T;  /* swap contents so the caller's Trace * stays valid */
  *T = *old;
  *old = tmp;
  jir_free(old);
  free(O->map);
  free(O->fwd);
  free(O->loop_var);
  O->map = O->fwd = NULL;
  O->loop_var = NULL;
  O->loop_var_cap = O->label_at = 0;
  O->src = O->dst = NULL;
  if (!O->opt->verify) return true;
  char buf[160];
  if (jir_verify(T, buf, sizeof buf)) return true;
  if (O->opt->err) snprintf(O->opt->err, O->opt->errlen, "%s", buf);
  return false;
}

bool jopt_optimize(Trace *T, const JoptOptions *o) {
  JOpt O = {.opt = o, .enabled = o->passes ? o->passes : JOPT_ALL};
  jopt_fold_init(&O);
  bool ok = true;
  unsigned e = O.enabled;
  char buf[160];
  if (o->verify && !jir_verify(T, buf, sizeof buf)) {
    if (o->err) snprintf(o->err, o->errlen, "input: %s", buf);
    return false;
  }
  for (uint32_t i = 2; i < T->nins; i++)
    if (T->ins[i].op == JIR_label && T->ins[i - 1].op > JIR_input_f) {
      if (o->err) snprintf(o->err, o->errlen, "input: a label after other ops (ins %u)", i);
      return false;
    }
  if ((e & (JOPT_FOLD | JOPT_CSE)) && !(e & JOPT_GUARD)) ok = ok && run(&O, T, jopt_pass_simplify);
  if (e & JOPT_GUARD)             ok = ok && run(&O, T, jopt_pass_guard);
  if ((e & JOPT_VIRTUAL) && allocates(T)) ok = ok && run(&O, T, jopt_pass_virtual);
  O.heap_saw_alloc = false;
  if (e & JOPT_HEAP)              ok = ok && run(&O, T, jopt_pass_heap);
  /* an object stored into a frame slot that the heap pass then found
   * overwritten before anything read it no longer escapes there, and a
   * load it answered with an allocation may tell more of it; else the
   * virtual pass would mostly find what it found before */
  if ((e & JOPT_VIRTUAL) && (e & JOPT_HEAP) && O.heap_saw_alloc && allocates(T))
    ok = ok && run(&O, T, jopt_pass_virtual);
  if (e & JOPT_GUARD)             ok = ok && run(&O, T, jopt_pass_guard);
  if (e & JOPT_INTBOUNDS)         ok = ok && run(&O, T, jopt_pass_intbounds);
  if ((e & JOPT_RANGE) && jopt_range_applies(T)) ok = ok && run(&O, T, jopt_pass_range);
  /* stores the removed guards kept apart merge (and what the passes since
   * the first heap pass left: richards.lua's traces 33 ops fewer) */
  if ((e & JOPT_RANGE) && (e & JOPT_HEAP)) ok = ok && run(&O, T, jopt_pass_heap);
  if (e & JOPT_DCE)               ok = ok && run(&O, T, jopt_pass_dce);
  if (ok && (e & JOPT_PEEL)) {
    if (jopt_peel(T)) {
      /* Carried stores leave the body: the objects they stored may no
       * longer escape there. The virtual pass forces what a label or a
       * jump passes, and the heap pass forgets at the label. Folding
       * stays off (but for constant operands) and CSE looks no further
       * back than the label for ops on loop variables, since the body
       * names its loop variables by the preamble's refs: what a pass
       * knows of such a ref's definition does not hold in the body. */
      if ((e & JOPT_CARRY) && jopt_carry(T)) {
        O.enabled = e & ~(unsigned)JOPT_FOLD;
        O.fold_consts = true;
        if ((e & JOPT_VIRTUAL) && allocates(T)) ok = ok && run(&O, T, jopt_pass_virtual);
        if (e & JOPT_HEAP)    ok = ok && run(&O, T, jopt_pass_heap);
        if (e & JOPT_DCE)     ok = ok && run(&O, T, jopt_pass_dce);
      }
      if (e & JOPT_VIRTUAL) jopt_unbox(T);
      /* what the loop passes on unchanged is the preamble's value: its
       * checks and reads in the body are the preamble's again */
      if (jopt_drop_unchanged_loop_vars(T)) {
        O.enabled = e & ~(unsigned)JOPT_FOLD;
        O.fold_consts = true;
        ok = ok && run(&O, T, jopt_pass_simplify);
        if (e & JOPT_HEAP) ok = ok && run(&O, T, jopt_pass_heap);
        if (e & JOPT_DCE)  ok = ok && run(&O, T, jopt_pass_dce);
      }
      O.enabled = e;
      O.fold_consts = false;
    }
    if (o->verify && !jir_verify(T, buf, sizeof buf)) {
      if (o->err) snprintf(o->err, o->errlen, "after peeling: %s", buf);
      return false;
    }
  }
  return ok;
}
