/* opt_carry.c — memory carried in registers around a peeled loop (after
 * opt_peel.c; what PyPy's virtualizables and short preambles give an
 * interpreter's frame fields and a BF tape's cursor).
 *
 * In a peeled loop `preamble; label(x..); body; jump(y..)`, a location —
 * a field of an invariant object, or an item at a constant or invariant
 * index of an invariant array (BF's `[-]` at the cursor) — that the body
 * loads first and may store later is
 * carried in a register instead: the label gets one more operand (what
 * the preamble stored there last, or a load of it just before the label), the body's
 * loads of it become the current value, its stores only change the
 * current value, and the jump passes it on. Memory then holds a stale
 * value inside the loop, so every guard of the body lists the location's
 * store in its snapshot (JPending): a failure writes it before resuming.
 * A location qualifies when nothing else in the body may see or change
 * it: no call that may read or write memory (elidable and read-only calls
 * are fine, and so are calls that leave virtualizables alone for a
 * virtualizable's locations, jopt_vable_loc), no escape, no access of
 * its descr on another object that may be the same, no access of its
 * array at another index unless both are distinct constants or offsets
 * of one base
 * (a location the body stores first is carried too: its stores leave
 * the body, and guards before the store write the value it had).
 * Expects: a peeled loop (jopt_peel returned true), as opt_peel.c leaves
 * it; traces entering the loop enter at its start, before the preamble,
 * where memory is up to date. */
#include <stdlib.h>
#include <string.h>

#include "opt_pass.h"

enum { CARRY_MAX = 32 };  /* locations per loop */

typedef struct Loc {
  JRef obj;                 /* src refs */
  uint32_t descr;
  JRef idx;                 /* a constant for items; JREF_NONE for fields */
  JRef didx;                /* dst: the index, valid from the label on */
  char kind;
  bool bad;
  bool seen;                /* accessed in the body already */
  JRef cur;                 /* dst: the current value */
} Loc;

typedef struct Carry {
  const Trace *S;
  uint32_t label, jump;
  uint8_t *variant;         /* per src ins: a label operand the jump changes */
  Loc loc[CARRY_MAX];
  uint32_t nloc;
} Carry;

static bool is_field_load(unsigned op) { return op >= JIR_getfield_gc_i && op <= JIR_getfield_gc_f; }
static bool is_item_load(unsigned op) { return op >= JIR_getarrayitem_gc_i && op <= JIR_getarrayitem_gc_f; }

/* A ref the body may use as an unchanging object: defined before the
 * label and not a loop variable that the jump changes. */
static bool invariant(const Carry *C, JRef r) {
  return jir_isk(r) ? r != JREF_NONE : jir_idx(r) < C->label && !C->variant[jir_idx(r)];
}

/* r as x + k (src refs), as jopt_base_offset, but a loop variable that
 * the jump changes is itself: the body names it by the preamble's ref,
 * whose definition (pos + 1 before the label) says nothing of its value
 * in a later iteration (BF's `[>+]` carried tape[pos] as if pos stayed). */
static JRef base_offset(const Carry *C, JRef r, int64_t *k) {
  *k = 0;
  if (!jir_isk(r) && jir_idx(r) < C->label && C->variant[jir_idx(r)]) return r;
  return jopt_base_offset(C->S, r, k);
}

/* Whether item indices a and b (src refs, or JREF_NONE for fields) are
 * one index: the same ref, or x + k both (x +ovf k and x + k: the range
 * check's and the interpreter's). */
static bool same_index(const Carry *C, JRef a, JRef b) {
  if (a == b) return true;
  if (a == JREF_NONE || b == JREF_NONE || jir_isk(a) || jir_isk(b)) return false;
  int64_t ja, jb;
  JRef xa = base_offset(C, a, &ja), xb = base_offset(C, b, &jb);
  return xa == xb && ja == jb && xa != a && xb != b;
}

/* An index the body may use for one item throughout: invariant, or an
 * invariant x plus a constant computed in the body (BF's cell next to
 * the cursor: the body computes pos + 1 again) */
static bool invariant_index(const Carry *C, JRef idx) {
  if (invariant(C, idx)) return true;
  int64_t k;
  JRef x = base_offset(C, idx, &k);
  return x != idx && invariant(C, x);
}

static Loc *find(Carry *C, JRef obj, uint32_t d, JRef idx) {
  for (uint32_t k = 0; k < C->nloc; k++)
    if (C->loc[k].obj == obj && C->loc[k].descr == d && same_index(C, C->loc[k].idx, idx))
      return &C->loc[k];
  return NULL;
}

/* Whether op I is harmless to every location (reads or writes no memory
 * the locations could be, beyond the accesses checked one by one). */
static bool harmless(const Carry *C, const JIns *I) {
  unsigned f = jir_info[I->op].flags;
  if (I->op >= JIR_call_pure_i && I->op <= JIR_call_pure_n) return true;
  if (I->op >= JIR_call_i && I->op <= JIR_call_n)
    return (jir_descr(C->S->env, I->descr)->effects & (JEF_ELIDABLE | JEF_READONLY)) != 0;
  if (f & JF_CALL) return false;
  switch (I->op) {
  case JIR_debug_merge_point: case JIR_jit_debug:
  case JIR_enter_portal_frame: case JIR_leave_portal_frame:
  case JIR_setfield_gc: case JIR_setarrayitem_gc:
    return true;
  default:
    return !(f & JF_SIDE) || (f & JF_GUARD);
  }
}

/* A call that may write memory, but leaves virtualizables (some of
 * them: jopt_call_leaves_loc) alone. */
static bool leaves_vable(const Carry *C, const JIns *I) {
  if (I->op < JIR_call_i || I->op > JIR_call_n || harmless(C, I)) return false;
  return jopt_call_spares_vables(jir_descr(C->S->env, I->descr));
}

/* Whether call I leaves location l alone. */
static bool call_leaves(const Carry *C, const JIns *I, const Loc *l) {
  JRef args[JIR_MAXARGS];
  unsigned n = I->nargs < JIR_MAXARGS ? I->nargs : JIR_MAXARGS;
  for (unsigned k = 0; k < n; k++) args[k] = jir_arg(C->S, I, k);
  return jopt_call_leaves_loc(C->S, jir_descr(C->S->env, I->descr)->effects, args, n, l->obj,
                              l->descr);
}

/* Whether item indices a and b (src refs) surely differ: two constants,
 * or x + j and x + k with j != k (BF's cells at the cursor and next to it). */
static bool distinct_indices(const Carry *C, JRef a, JRef b) {
  if (jir_isk(a) && jir_isk(b)) return a != b;
  int64_t ja, jb;
  JRef xa = base_offset(C, a, &ja), xb = base_offset(C, b, &jb);
  return xa == xb && ja != jb;
}

/* Marks locations the access (obj, d, idx) may touch without being them. */
static void conflicts(Carry *C, JRef obj, uint32_t d, JRef idx, bool item) {
  for (uint32_t k = 0; k < C->nloc; k++) {
    Loc *l = &C->loc[k];
    if (l->descr != d) continue;
    if (l->obj == obj && same_index(C, l->idx, idx)) continue;
    /* another item of the same or another array */
    bool distinct = item && distinct_indices(C, idx, l->idx);
    bool other_const = jir_isk(l->obj) && jir_isk(obj) && l->obj != obj;
    bool other_list = item && jopt_distinct_vable_arrays(C->S, l->obj, obj);
    if (!distinct && !other_const && !other_list) l->bad = true;
  }
}

/* Finds the locations: every load or store in the body of a field of an
 * invariant object or a constant-index item of an invariant array; then drops those
 * that something else in the body may reach. Returns false when the body
 * makes a call or escape that may touch anything. */
static bool analyse(Carry *C) {
  const Trace *S = C->S;
  const JirEnv *E = S->env;
  for (uint32_t i = C->label + 1; i < C->jump; i++) {
    const JIns *I = &S->ins[i];
    bool fl = is_field_load(I->op), il = is_item_load(I->op);
    bool fs = I->op == JIR_setfield_gc, is = I->op == JIR_setarrayitem_gc;
    if (!fl && !il && !fs && !is) continue;
    JRef obj = jir_arg(S, I, 0), idx = (il || is) ? jir_arg(S, I, 1) : JREF_NONE;
    if (!invariant(C, obj) || ((il || is) && !invariant_index(C, idx))) continue;
    if (jir_descr(E, I->descr)->flags & (JDF_IMMUTABLE | JDF_QUASI)) continue;
    if (find(C, obj, I->descr, idx) || C->nloc == CARRY_MAX) continue;
    char kind = fl || il ? jir_info[I->op].res : jir_kind(S, jir_arg(S, I, fs ? 1 : 2));
    C->loc[C->nloc++] = (Loc){obj, I->descr, idx, 0, kind, false, false, 0};
  }
  if (!C->nloc) return false;
  for (uint32_t i = C->label + 1; i < C->jump; i++) {
    const JIns *I = &S->ins[i];
    if (leaves_vable(C, I)) {  /* it may touch every other location */
      for (uint32_t k = 0; k < C->nloc; k++)
        if (!call_leaves(C, I, &C->loc[k])) C->loc[k].bad = true;
    } else if (!harmless(C, I)) {
      return false;
    }
    bool fl = is_field_load(I->op), il = is_item_load(I->op);
    bool fs = I->op == JIR_setfield_gc, is = I->op == JIR_setarrayitem_gc;
    if (!fl && !il && !fs && !is) continue;
    JRef obj = jir_arg(S, I, 0), idx = (il || is) ? jir_arg(S, I, 1) : JREF_NONE;
    conflicts(C, obj, I->descr, idx, il || is);
    Loc *l = find(C, obj, I->descr, idx);
    if (!l) continue;
    l->seen = true;
  }
  uint32_t n = 0;
  for (uint32_t k = 0; k < C->nloc; k++)
    if (!C->loc[k].bad) C->loc[n++] = C->loc[k];
  C->nloc = n;
  return n > 0;
}

/* ---- the rewrite -------------------------------------------------------------------------- */

/* Whether delayed store p of src snapshot refs s is location k's. */
static bool pending_is_loc(const Carry *C, const JPending *p, const JRef *s, uint32_t k) {
  const Loc *l = &C->loc[k];
  bool item = l->idx != JREF_NONE;
  if (p->descr != l->descr || s[p->obj] != l->obj) return false;
  return item ? p->op == JIR_setarrayitem_gc && same_index(C, s[p->idx], l->idx)
              : p->op == JIR_setfield_gc;
}

/* Guard g (dst, copied from src guard I) also delays the store of every
 * location its src snapshot does not delay already (a store the heap
 * pass kept pending past this guard: a later value than the current
 * one), with the location's current value. */
static void add_pending(Carry *C, Trace *D, JRef g, const JIns *I, const JRef *m) {
  const Trace *S = C->S;
  const JSnap *src = &S->snaps[I->snap];
  const JRef *s = S->snaprefs + src->start;
  uint32_t n = src->n, extra = 0;
  for (uint32_t k = 0; k < C->nloc; k++) extra += C->loc[k].idx != JREF_NONE ? 3 : 2;
  JRef *refs = malloc((n + extra + 1) * sizeof *refs);
  JPending *ps = malloc((src->np + C->nloc + 1) * sizeof *ps);
  if (!refs || !ps) jir_oom();
  for (uint32_t k = 0; k < n; k++) refs[k] = jopt_mapped(m, s[k]);
  uint32_t np = 0, pos = n;
  bool delayed[CARRY_MAX] = {false};
  for (uint32_t j = 0; j < src->np; j++) {
    const JPending *p = &S->pending[src->pfirst + j];
    ps[np++] = *p;
    for (uint32_t k = 0; k < C->nloc; k++) delayed[k] |= pending_is_loc(C, p, s, k);
  }
  for (uint32_t k = 0; k < C->nloc; k++) {
    const Loc *l = &C->loc[k];
    if (delayed[k]) continue;
    refs[pos] = jopt_mapped(m, l->obj);
    if (l->idx != JREF_NONE) {
      refs[pos + 1] = l->didx;
      refs[pos + 2] = l->cur;
      ps[np++] = (JPending){JIR_setarrayitem_gc, l->descr, pos, pos + 1, pos + 2};
      pos += 3;
    } else {
      refs[pos + 1] = l->cur;
      ps[np++] = (JPending){JIR_setfield_gc, l->descr, pos, 0, pos + 1};
      pos += 2;
    }
  }
  JRef *live = jir_snap_alloc(D, g, pos);
  memcpy(live, refs, pos * sizeof *refs);
  JSnap *d = &D->snaps[jir_ins(D, g)->snap];
  d->tag = src->tag;
  d->pfirst = jir_pending_add(D, ps, np);
  d->np = np;
  free(refs);
  free(ps);
}

static JRef load(Trace *D, const Loc *l, JRef obj, JRef idx) {
  unsigned k = l->kind == JK_INT ? 0 : l->kind == JK_REF ? 1 : 2;
  if (l->idx == JREF_NONE) return jir_emit(D, JIR_getfield_gc_i + k, 1, &obj, l->descr);
  return jir_emit(D, JIR_getarrayitem_gc_i + k, 2, (JRef[]){obj, idx}, l->descr);
}

/* The value location k holds where the preamble ends, as its last store
 * or load of it left it, without the checks. A load's value is what the
 * preamble already checked (a class, non-null): once the loop passes it
 * on unchanged, the body's checks of it are the preamble's again. */
static JRef preamble_value_of(const Carry *C, uint32_t k) {
  const Trace *S = C->S;
  const Loc *l = &C->loc[k];
  JRef loaded = 0;
  for (uint32_t i = C->label; i-- > 1;) {
    const JIns *I = &S->ins[i];
    bool fs = I->op == JIR_setfield_gc, is = I->op == JIR_setarrayitem_gc;
    bool fl = is_field_load(I->op), il = is_item_load(I->op);
    if ((!fs && !is && !fl && !il) || I->descr != l->descr || jir_arg(S, I, 0) != l->obj)
      continue;
    bool item = is || il;
    if ((l->idx != JREF_NONE) != item || (item && !same_index(C, jir_arg(S, I, 1), l->idx)))
      continue;
    if (fs || is) return jir_arg(S, I, fs ? 1 : 2);  /* the last store wins */
    if (!loaded) loaded = jir_ref(i);
  }
  return loaded;
}

/* The value the preamble's last store into location k or load of it
 * leaves there (src ref), or 0 (also when that value cannot be a loop variable). The
 * preamble is the body's first copy: the analysis of the body (nothing
 * else reaches the location) holds for it too. */
static JRef preamble_store(const Carry *C, uint32_t k) {
  JRef v = preamble_value_of(C, k);
  if (!v) return 0;
  for (uint32_t j = 0; j < C->nloc; j++)  /* two locations holding one value */
    if (j != k && preamble_value_of(C, j) == v) return 0;
  return jopt_fresh_loop_var(C->S, C->label, C->jump, v) ? v : 0;
}

static Loc *loc_of(Carry *C, const JIns *I) {
  bool fl = is_field_load(I->op), il = is_item_load(I->op);
  bool fs = I->op == JIR_setfield_gc, is = I->op == JIR_setarrayitem_gc;
  if (!fl && !il && !fs && !is) return NULL;
  JRef idx = (il || is) ? jir_arg(C->S, I, 1) : JREF_NONE;
  return find(C, jir_arg(C->S, I, 0), I->descr, idx);
}

/* Location l's index as a dst ref before the label: the preamble's, or
 * x + k again when the body computes it. */
static JRef label_index(const Carry *C, Trace *D, const JRef *m, const Loc *l) {
  if (l->idx == JREF_NONE || invariant(C, l->idx)) return jopt_mapped(m, l->idx);
  int64_t k;
  JRef x = base_offset(C, l->idx, &k);
  return jir_emit(D, JIR_int_add, 2, (JRef[]){jopt_mapped(m, x), jir_kint(D, k)}, 0);
}

static Trace *build(Carry *C) {
  const Trace *S = C->S;
  Trace *D = jir_new(S->env);
  jir_copy_consts(D, S);
  jir_reserve(D, S->nins + C->nloc + 1, S->nargs + 2 * C->nloc + 1, S->nsnaps + 1,
              S->nsnaprefs + 1);
  JRef *m = calloc(S->nins + 1, sizeof *m);
  if (!m) jir_oom();
  for (uint32_t i = 1; i < C->label; i++) m[i] = jopt_copy_ins(D, S, &S->ins[i], m);
  /* the label: the loop variables, then each location as the preamble
   * leaves it in memory */
  const JIns *L = &S->ins[C->label], *J = &S->ins[C->jump];
  for (uint32_t k = 0; k < C->nloc; k++) C->loc[k].didx = label_index(C, D, m, &C->loc[k]);
  JRef args[JIR_MAXARGS];
  unsigned n = L->nargs;
  for (unsigned k = 0; k < n; k++) args[k] = jopt_mapped(m, jir_arg(S, L, k));
  for (uint32_t k = 0; k < C->nloc; k++) {
    JRef v = preamble_store(C, k);
    args[n + k] = v ? jopt_mapped(m, v)
                    : load(D, &C->loc[k], jopt_mapped(m, C->loc[k].obj), C->loc[k].didx);
  }
  jir_emit(D, JIR_label, n + C->nloc, args, L->descr);
  for (uint32_t k = 0; k < C->nloc; k++) C->loc[k].cur = args[n + k];
  for (uint32_t i = C->label + 1; i < C->jump; i++) {
    const JIns *I = &S->ins[i];
    Loc *l = loc_of(C, I);
    if (l && (is_field_load(I->op) || is_item_load(I->op))) {
      m[i] = l->cur;
    } else if (l) {  /* a store: the new current value */
      l->cur = jopt_mapped(m, jir_arg(S, I, I->op == JIR_setfield_gc ? 1 : 2));
    } else if (jir_info[I->op].flags & JF_GUARD) {
      JRef g = jopt_copy_ins(D, S, I, m);
      add_pending(C, D, g, I, m);
      m[i] = g;
    } else {
      m[i] = jopt_copy_ins(D, S, I, m);
    }
  }
  unsigned nj = J->nargs;
  for (unsigned k = 0; k < nj; k++) args[k] = jopt_mapped(m, jir_arg(S, J, k));
  for (uint32_t k = 0; k < C->nloc; k++) args[nj + k] = C->loc[k].cur;
  jir_emit(D, JIR_jump, nj + C->nloc, args, J->descr);
  free(m);
  return D;
}

bool jopt_carry(Trace *T) {
  Carry C = {.S = T};
  if (!jopt_peeled_loop(T, &C.label, &C.jump)) return false;
  const JIns *L = &T->ins[C.label], *J = &T->ins[C.jump];
  if (L->nargs + CARRY_MAX > JIR_MAXARGS) return false;
  C.variant = calloc(T->nins + 1, 1);
  if (!C.variant) jir_oom();
  for (unsigned k = 0; k < L->nargs; k++) {
    JRef x = jir_arg(T, L, k);
    if (!jir_isk(x) && jir_arg(T, J, k) != x) C.variant[jir_idx(x)] = 1;
  }
  bool done = analyse(&C);
  if (done) jopt_take(T, build(&C));
  free(C.variant);
  return done;
}
