/* opt_heap.c — the heap cache (the "heap" pass), after PyPy's heap.py.
 *
 * Walking forward, the pass remembers what memory holds:
 *   fields  (object, field descr) -> value, from getfield and setfield;
 *   items   (array, descr, index) -> value, from get/setarrayitem, interior
 *           fields (descr = the interior descr) and strgetitem/strsetitem;
 *   lengths of arrays and strings allocated in the trace.
 * A load whose entry is known is replaced by the value. Stores to fields
 * and array items (setarrayitem_gc) are kept pending (not emitted yet): a
 * second store to the same field of the same object, or to the same item
 * (same array and index refs), before anything can observe the first
 * replaces it (write merging), and a store of the value memory already
 * holds disappears. A load or store of an item that a pending item store
 * may alias (same descr, arrays that may alias, indexes not surely
 * different: different constants, or one base plus different constants)
 * first emits the pending item stores, in order; interior fields and
 * string characters always do.
 * Pending stores are emitted, in their original order, before anything that
 * could observe memory: a call, an escape, a label/jump/finish, and a load
 * or store of the same field on an object that may alias. A guard does not
 * emit them: its snapshot lists them (JPending), and a failure does them
 * before resuming the interpreter (jit_virtuals.c), so a loop that moves a
 * cursor stores it once per iteration, not before every guard.
 * Aliasing: two different refs may be the same object unless both are
 * allocated in the trace, both are constants, or both are the items of
 * a virtualizable's lists from two different fields. A store therefore forgets
 * the entries of its descr on every object that may alias; a store to an
 * array item keeps the items of the same array at indexes surely
 * different from its own (two constants, or one base plus two constants).
 * Calls forget per their effect info: elidable and read-only calls keep
 * everything; a call with a write set forgets only those descrs; any other
 * call, an escape or a label forgets everything except immutable fields,
 * and a label also what it knew of its operands (a peeled loop's body
 * names its loop variables by the preamble's refs).
 * Immutable and quasi-immutable fields of constant objects are read through
 * JoptOptions.read_immutable and become constants (quasi-immutable reads
 * are protected by the trace's guard_not_invalidated). A repeated
 * guard_not_invalidated with no call in between disappears. */
#include <stdlib.h>
#include <string.h>

#include "opt_pass.h"

#define STR_DESCR 0xffffffffu  /* pseudo-descr: characters of strings */

typedef struct FieldEnt { JRef obj; uint32_t descr; JRef val; } FieldEnt;
typedef struct ItemEnt { JRef arr; uint32_t descr; JRef idx, val; } ItemEnt;

typedef struct HeapState {
  JOpt *O;
  FieldEnt *f; uint32_t nf, fcap;   /* known field values */
  ItemEnt *it; uint32_t nit, itcap; /* known array items */
  FieldEnt *p; uint32_t np, pcap;   /* pending stores, in order */
  ItemEnt *pi; uint32_t npi, picap; /* pending setarrayitem_gc stores, in order */
  JPending *ps; uint32_t pscap;     /* attach_pending's */
  uint8_t *fresh;                   /* dst index -> allocated in the trace */
  JRef *len;                        /* dst index -> length of a fresh array/str */
  bool gni;                         /* guard_not_invalidated seen since a call */
  bool loop;                        /* the trace is a loop: a label, later a jump */
  uint32_t label;                   /* ... the label's src index */
  JBodyWrites body;                 /* ... what its body may write */
} HeapState;

#define GROW JIR_GROW

static bool may_alias(HeapState *H, JRef a, JRef b) {
  if (a == b) return true;
  if (jir_isk(a) && jir_isk(b)) return false;
  if (jir_isk(a) || jir_isk(b)) return true;
  uint32_t ia = jir_idx(a), ib = jir_idx(b);
  if (H->fresh[ia] && H->fresh[ib]) return false;
  /* an allocation is no object that existed before it */
  if ((H->fresh[ia] && ib < ia) || (H->fresh[ib] && ia < ib)) return false;
  return !jopt_distinct_vable_arrays(H->O->dst, a, b);
}

static bool immutable_descr(HeapState *H, uint32_t d) {
  return d != STR_DESCR && (jir_descr(H->O->dst->env, d)->flags & JDF_IMMUTABLE);
}

/* ---- the tables ------------------------------------------------------------ */
static FieldEnt *find_field(FieldEnt *v, uint32_t n, JRef obj, uint32_t d) {
  for (uint32_t i = n; i-- > 0;)
    if (v[i].obj == obj && v[i].descr == d) return &v[i];
  return NULL;
}

static void set_field(HeapState *H, JRef obj, uint32_t d, JRef val) {
  FieldEnt *e = find_field(H->f, H->nf, obj, d);
  if (e) { e->val = val; return; }
  GROW(H->f, H->fcap, H->nf + 1);
  H->f[H->nf++] = (FieldEnt){obj, d, val};
}

static ItemEnt *find_item(HeapState *H, JRef arr, uint32_t d, JRef idx) {
  for (uint32_t i = H->nit; i-- > 0;)
    if (H->it[i].arr == arr && H->it[i].descr == d && H->it[i].idx == idx)
      return &H->it[i];
  return NULL;
}

static void set_item(HeapState *H, JRef arr, uint32_t d, JRef idx, JRef val) {
  ItemEnt *e = find_item(H, arr, d, idx);
  if (e) { e->val = val; return; }
  GROW(H->it, H->itcap, H->nit + 1);
  H->it[H->nit++] = (ItemEnt){arr, d, idx, val};
}

/* Forget field d of every object that may alias obj (but obj itself). */
static void kill_field(HeapState *H, JRef obj, uint32_t d) {
  uint32_t j = 0;
  for (uint32_t i = 0; i < H->nf; i++)
    if (H->f[i].descr != d || H->f[i].obj == obj || !may_alias(H, H->f[i].obj, obj))
      H->f[j++] = H->f[i];
  H->nf = j;
}

/* Forget items of descr d that a store to arr[idx] may overwrite. */
static bool surely_different(HeapState *H, JRef a, JRef b);

static void kill_items(HeapState *H, JRef arr, uint32_t d, JRef idx) {
  uint32_t j = 0;
  for (uint32_t i = 0; i < H->nit; i++) {
    ItemEnt *e = &H->it[i];
    bool keep = e->descr != d || !may_alias(H, e->arr, arr) ||
                (e->arr == arr && surely_different(H, e->idx, idx));
    if (keep) H->it[j++] = *e;
  }
  H->nit = j;
}

/* Forget everything except immutable fields (writes == NULL), or only the
 * descrs in the write set. */
/* A call that leaves some virtualizables' locations alone (JEF_NOVABLE,
 * JEF_VABLE_ARGS): its effects and its operands. */
typedef struct Spare {
  unsigned effects;
  const JRef *args;
  unsigned nargs;
} Spare;

/* Whether the call s leaves location (obj, d) alone (s NULL: no). */
static bool spared(HeapState *H, const Spare *s, JRef obj, uint32_t d) {
  return s && d != STR_DESCR &&
         jopt_call_leaves_loc(H->O->dst, s->effects, s->args, s->nargs, obj, d);
}

/* Forgets what a call may have written: the descrs `writes` lists, or
 * (writes NULL) all but immutable fields, and but the virtualizables'
 * locations the call spares (keep, may be NULL). */
static void kill_effects(HeapState *H, const uint32_t *writes, uint32_t nw, const Spare *keep_vable) {
  uint32_t j = 0;
  for (uint32_t i = 0; i < H->nf; i++) {
    const FieldEnt *e = &H->f[i];
    bool keep = writes ? true : immutable_descr(H, e->descr) ||
                                spared(H, keep_vable, e->obj, e->descr);
    for (uint32_t k = 0; writes && k < nw; k++)
      if (writes[k] == e->descr) keep = false;
    if (keep) H->f[j++] = *e;
  }
  H->nf = j;
  j = 0;
  for (uint32_t i = 0; i < H->nit; i++) {
    const ItemEnt *e = &H->it[i];
    bool keep = writes ? true : immutable_descr(H, e->descr) ||
                                spared(H, keep_vable, e->arr, e->descr);
    for (uint32_t k = 0; writes && k < nw; k++)
      if (writes[k] == e->descr) keep = false;
    if (keep) H->it[j++] = *e;
  }
  H->nit = j;
}

/* ---- pending stores ------------------------------------------------------------ */
static void emit_store(HeapState *H, const FieldEnt *e) {
  JRef a[2] = {e->obj, jopt_resolve(H->O, e->val)};
  jopt_append(H->O, JIR_setfield_gc, 2, a, e->descr, NULL);
}

static void emit_item_store(HeapState *H, const ItemEnt *e) {
  JRef a[3] = {e->arr, e->idx, jopt_resolve(H->O, e->val)};
  jopt_append(H->O, JIR_setarrayitem_gc, 3, a, e->descr, NULL);
}

static void flush_items(HeapState *H) {
  for (uint32_t i = 0; i < H->npi; i++) emit_item_store(H, &H->pi[i]);
  H->npi = 0;
}

static void flush_all(HeapState *H) {
  for (uint32_t i = 0; i < H->np; i++) emit_store(H, &H->p[i]);
  H->np = 0;
  flush_items(H);
}

/* Index refs that cannot be equal: two different constants, or the same
 * base plus different constants. */
static bool surely_different(HeapState *H, JRef a, JRef b) {
  if (a == b) return false;
  if (jir_isk(a) && jir_isk(b)) return true;
  int64_t ka, kb;
  JRef xa = jopt_base_offset(H->O->dst, a, &ka), xb = jopt_base_offset(H->O->dst, b, &kb);
  return xa == xb && ka != kb;
}

/* Whether a pending item store may write arr[idx] of descr d. */
static bool pending_item_conflict(HeapState *H, JRef arr, uint32_t d, JRef idx) {
  for (uint32_t i = 0; i < H->npi; i++) {
    const ItemEnt *e = &H->pi[i];
    if (e->descr == d && may_alias(H, e->arr, arr) &&
        !(e->arr == arr && surely_different(H, e->idx, idx)))
      return true;
  }
  return false;
}

/* Emits the pending stores to field d of objects that may alias obj. */
static void flush_aliases(HeapState *H, JRef obj, uint32_t d) {
  uint32_t j = 0;
  for (uint32_t i = 0; i < H->np; i++) {
    FieldEnt *e = &H->p[i];
    if (e->descr == d && e->obj != obj && may_alias(H, e->obj, obj)) emit_store(H, e);
    else H->p[j++] = *e;
  }
  H->np = j;
}

/* Guard g (just emitted) keeps the pending stores: they stay pending past
 * it, and its snapshot lists them (their operands appended to it) for a
 * failure to do first. Stores the snapshot already delays come after
 * them: they were pending at this guard in an earlier pass, so they are
 * later in the trace than any store still pending here. */
static void attach_pending(HeapState *H, JRef g) {
  Trace *D = H->O->dst;
  JSnap old = D->snaps[jir_ins(D, g)->snap];
  uint32_t n = old.n, np = H->np + H->npi, extra = 2 * H->np + 3 * H->npi;
  GROW(H->ps, H->pscap, np + old.np + 1);
  JPending *ps = H->ps;
  JRef *refs = jir_snap_grow(D, g, n + extra);
  uint32_t pos = n, k = 0;
  for (uint32_t i = 0; i < H->np; i++, pos += 2) {
    const FieldEnt *e = &H->p[i];
    refs[pos] = e->obj;
    refs[pos + 1] = jopt_resolve_failing(H->O, g, e->val);
    ps[k++] = (JPending){JIR_setfield_gc, e->descr, pos, 0, pos + 1};
  }
  for (uint32_t i = 0; i < H->npi; i++, pos += 3) {
    const ItemEnt *e = &H->pi[i];
    refs[pos] = e->arr;
    refs[pos + 1] = e->idx;
    refs[pos + 2] = jopt_resolve_failing(H->O, g, e->val);
    ps[k++] = (JPending){JIR_setarrayitem_gc, e->descr, pos, pos + 1, pos + 2};
  }
  if (old.np) memcpy(ps + k, D->pending + old.pfirst, old.np * sizeof *ps);
  k += old.np;
  JSnap *s = &D->snaps[jir_ins(D, g)->snap];
  s->pfirst = jir_pending_add(D, ps, k);
  s->np = k;
}

/* ---- ops ------------------------------------------------------------------------ */
static void result(JOpt *O, JRef r) { O->map[O->cur] = r; }

/* A guard: pending stores stay pending (in its snapshot). */
static void guard(HeapState *H, const JIns *I) {
  uint32_t before = H->O->dst->nins;
  JRef r = jopt_default(H->O, I);
  if (!jir_isk(r) && jir_idx(r) >= before && H->np + H->npi) attach_pending(H, r);
}

static bool read_immutable(HeapState *H, const JIns *I, JRef obj) {
  JOpt *O = H->O;
  const JDescr *d = jir_descr(O->dst->env, I->descr);
  int64_t bits;
  if (!(d->flags & (JDF_IMMUTABLE | JDF_QUASI)) || !jir_isk(obj) ||
      !O->opt->read_immutable ||
      !O->opt->read_immutable(O->opt->user, I->descr, jir_kgc_of(O->dst, obj), &bits))
    return false;
  char kind = jir_info[I->op].res;
  result(O, kind == 'i' ? jir_kint(O->dst, bits)
          : kind == 'f' ? jir_knamed(O->dst, JK_FLOAT, bits, 0)
                        : jir_kgc(O->dst, (uintptr_t)bits));
  return true;
}

/* A pending store of val is merged away, or a load answered with val:
 * when val is an allocation, it may no longer escape there, or what the
 * load's value was used for may now be known of it (the virtual pass
 * runs again). */
static void note_alloc(HeapState *H, JRef val) {
  val = jopt_resolve(H->O, val);
  if (jir_isk(val)) return;
  unsigned op = jir_ins(H->O->dst, val)->op;
  if (jir_info[op].flags & JF_ALLOC) H->O->heap_saw_alloc = true;
}

static void getfield(HeapState *H, const JIns *I, JRef obj) {
  if (read_immutable(H, I, obj)) return;
  FieldEnt *e = find_field(H->p, H->np, obj, I->descr);
  if (!e) e = find_field(H->f, H->nf, obj, I->descr);
  if (e) {
    note_alloc(H, e->val);
    result(H->O, jopt_resolve(H->O, e->val));
    return;
  }
  flush_aliases(H, obj, I->descr);
  JRef r = jopt_default(H->O, I);
  set_field(H, obj, I->descr, r);
}

static void setfield(HeapState *H, const JIns *I, JRef obj, JRef val) {
  uint32_t d = I->descr;
  FieldEnt *e = find_field(H->p, H->np, obj, d);
  if (e) {  /* the earlier store was never observed: merged */
    note_alloc(H, e->val);
    e->val = val;
    set_field(H, obj, d, val);
    return;
  }
  e = find_field(H->f, H->nf, obj, d);
  if (e && jopt_resolve(H->O, e->val) == val) {  /* memory holds it */
    note_alloc(H, val);
    return;
  }
  flush_aliases(H, obj, d);
  GROW(H->p, H->pcap, H->np + 1);
  H->p[H->np++] = (FieldEnt){obj, d, val};
  /* an immutable field is stored once, as its object is built: what
   * other objects hold there stays (an object's class, a box's value) */
  if (!immutable_descr(H, d)) kill_field(H, obj, d);
  set_field(H, obj, d, val);
}

static void getitem(HeapState *H, const JIns *I, JRef arr, JRef idx, uint32_t d) {
  ItemEnt *e = find_item(H, arr, d, idx);
  if (e) {
    note_alloc(H, e->val);
    result(H->O, jopt_resolve(H->O, e->val));
    return;
  }
  if (I->op < JIR_getarrayitem_gc_i || I->op > JIR_getarrayitem_gc_f ||
      pending_item_conflict(H, arr, d, idx))
    flush_items(H);
  JRef r = jopt_default(H->O, I);
  set_item(H, arr, d, idx, r);
}

static void setitem(HeapState *H, const JIns *I, JRef arr, JRef idx, JRef val,
                    uint32_t d) {
  ItemEnt *e = find_item(H, arr, d, idx);
  if (e && jopt_resolve(H->O, e->val) == val) {  /* memory holds it */
    note_alloc(H, val);
    result(H->O, JREF_NONE);
    return;
  }
  if (I->op == JIR_setarrayitem_gc) {  /* pending: a later store there merges */
    ItemEnt *p = NULL;
    for (uint32_t i = 0; i < H->npi; i++)
      if (H->pi[i].arr == arr && H->pi[i].descr == d && H->pi[i].idx == idx) p = &H->pi[i];
    if (p) {
      note_alloc(H, p->val);
      p->val = val;
    } else {
      if (pending_item_conflict(H, arr, d, idx)) flush_items(H);
      GROW(H->pi, H->picap, H->npi + 1);
      H->pi[H->npi++] = (ItemEnt){arr, d, idx, val};
    }
    result(H->O, JREF_NONE);
  } else {
    flush_items(H);
    jopt_default(H->O, I);
  }
  kill_items(H, arr, d, idx);
  set_item(H, arr, d, idx, val);
}

static void length(HeapState *H, const JIns *I, JRef obj) {
  if (!jir_isk(obj) && H->len[jir_idx(obj)]) { result(H->O, H->len[jir_idx(obj)]); return; }
  jopt_default(H->O, I);
}

/* Before a call that leaves virtualizables alone: emits the pending
 * stores but those into the locations it spares, which stay pending. */
static void flush_but_vable(HeapState *H, const Spare *s) {
  uint32_t j = 0;
  for (uint32_t i = 0; i < H->np; i++) {
    if (spared(H, s, H->p[i].obj, H->p[i].descr)) H->p[j++] = H->p[i];
    else emit_store(H, &H->p[i]);
  }
  H->np = j;
  j = 0;
  for (uint32_t i = 0; i < H->npi; i++) {
    if (spared(H, s, H->pi[i].arr, H->pi[i].descr)) H->pi[j++] = H->pi[i];
    else emit_item_store(H, &H->pi[i]);
  }
  H->npi = j;
}

static void call(HeapState *H, const JIns *I) {
  const JirEnv *E = H->O->dst->env;
  const JDescr *d = jir_descr(E, I->descr);
  bool simple = I->op >= JIR_call_i && I->op <= JIR_call_n;
  JRef args[JIR_MAXARGS];
  Spare spare = {d->effects, args, jopt_args(H->O, I, args)};
  const Spare *sp = simple && jopt_call_spares_vables(d) ? &spare : NULL;
  if (sp) flush_but_vable(H, sp);
  else flush_all(H);
  jopt_default(H->O, I);
  if (I->op >= JIR_call_pure_i && I->op <= JIR_call_pure_n) return;
  if (simple && (d->effects & (JEF_ELIDABLE | JEF_READONLY))) return;
  H->gni = false;
  if (simple && (d->effects & JEF_WRITESET))
    kill_effects(H, E->lists + d->writes, d->nwrites, NULL);
  else
    kill_effects(H, NULL, 0, sp);
}

static void allocation(HeapState *H, const JIns *I, const JRef *a) {
  JRef r = jopt_default(H->O, I);
  if (jir_isk(r)) return;
  H->fresh[jir_idx(r)] = 1;
  if (I->op == JIR_new_array || I->op == JIR_new_array_clear || I->op == JIR_newstr)
    H->len[jir_idx(r)] = a[0];
}

static bool among(JRef r, unsigned n, const JRef *a) {
  for (unsigned k = 0; k < n && !jir_isk(r); k++)
    if (a[k] == r) return true;
  return false;
}

/* A label in a peeled loop: the body names its loop variables by the refs
 * the preamble passes in, so what the preamble proved about those refs
 * (fields, allocated here, lengths) does not hold there. Immutable fields
 * of other objects do (a call or an escape kept them too). */
static void forget_loop_vars(HeapState *H, unsigned n, const JRef *a) {
  uint32_t j = 0;
  for (uint32_t i = 0; i < H->nf; i++)
    if (!among(H->f[i].obj, n, a) && !among(H->f[i].val, n, a)) H->f[j++] = H->f[i];
  H->nf = j;
  j = 0;
  for (uint32_t i = 0; i < H->nit; i++) {
    const ItemEnt *e = &H->it[i];
    if (!among(e->arr, n, a) && !among(e->idx, n, a) && !among(e->val, n, a)) H->it[j++] = *e;
  }
  H->nit = j;
  for (unsigned k = 0; k < n; k++)
    if (!jir_isk(a[k])) {
      H->fresh[jir_idx(a[k])] = 0;
      H->len[jir_idx(a[k])] = 0;
    }
}

/* At a loop's label: what is known of locations the body never writes
 * holds in every iteration (the objects before the label are the same
 * each time; forget_loop_vars drops those the jump passes anew), so only
 * the rest is forgotten, as after any escape. A body whose calls spare
 * some frames (nonvable) keeps the general rule. */
static void at_label(HeapState *H, const JIns *I) {
  const Trace *D = H->O->dst;
  if (!H->loop || H->body.nonvable || I != &H->O->src->ins[H->label]) {
    kill_effects(H, NULL, 0, NULL);
    return;
  }
  uint32_t j = 0;
  for (uint32_t i = 0; i < H->nf; i++)
    if (jopt_body_leaves(D, &H->body, JIR_getfield_gc_i, H->f[i].obj, H->f[i].descr))
      H->f[j++] = H->f[i];
  H->nf = j;
  j = 0;
  for (uint32_t i = 0; i < H->nit; i++) {
    const ItemEnt *e = &H->it[i];
    bool keep = e->descr == STR_DESCR  /* a string's characters */
                    ? jopt_body_leaves(D, &H->body, JIR_strgetitem, e->arr, 0)
                    : jopt_body_leaves(D, &H->body, JIR_getarrayitem_gc_i, e->arr, e->descr);
    if (keep) H->it[j++] = *e;
  }
  H->nit = j;
}

static void one_op(HeapState *H, const JIns *I) {
  JOpt *O = H->O;
  JRef a[JIR_MAXARGS];
  jopt_args(O, I, a);
  unsigned flags = jir_info[I->op].flags;
  switch (I->op) {
  case JIR_getfield_gc_i: case JIR_getfield_gc_r: case JIR_getfield_gc_f:
    getfield(H, I, a[0]); return;
  case JIR_setfield_gc: setfield(H, I, a[0], a[1]); return;
  case JIR_getarrayitem_gc_i: case JIR_getarrayitem_gc_r: case JIR_getarrayitem_gc_f:
  case JIR_getinteriorfield_gc_i: case JIR_getinteriorfield_gc_r:
  case JIR_getinteriorfield_gc_f:
    getitem(H, I, a[0], a[1], I->descr); return;
  case JIR_strgetitem: getitem(H, I, a[0], a[1], STR_DESCR); return;
  case JIR_setarrayitem_gc: case JIR_setinteriorfield_gc:
    setitem(H, I, a[0], a[1], a[2], I->descr); return;
  case JIR_strsetitem: setitem(H, I, a[0], a[1], a[2], STR_DESCR); return;
  case JIR_arraylen_gc: case JIR_strlen: length(H, I, a[0]); return;
  case JIR_guard_not_invalidated:
    if (H->gni) { result(O, JREF_NONE); return; }
    flush_all(H);
    jopt_default(O, I);
    H->gni = true;
    return;
  case JIR_debug_merge_point: case JIR_jit_debug:
  case JIR_enter_portal_frame: case JIR_leave_portal_frame:
    jopt_default(O, I); return;
  default: break;
  }
  if (flags & JF_ALLOC) { allocation(H, I, a); return; }
  if (flags & JF_CALL) { call(H, I); return; }
  if (flags & JF_GUARD) { guard(H, I); return; }
  if (flags & JF_SIDE) flush_all(H);
  jopt_default(O, I);
  if ((flags & JF_SIDE) && !(flags & JF_GUARD)) {  /* escape, label, ... */
    if (I->op == JIR_label) at_label(H, I);
    else kill_effects(H, NULL, 0, NULL);
    H->gni = false;
  }
  if (I->op == JIR_label) forget_loop_vars(H, I->nargs, a);
}

void jopt_pass_heap(JOpt *O) {
  uint32_t n = O->src->nins + 1;
  HeapState H = {.O = O};
  uint32_t label = 0, jump = 0;  /* the jump back, and the label it goes to */
  for (uint32_t i = 1; i < O->src->nins; i++)
    if (O->src->ins[i].op == JIR_jump) jump = i;
  for (uint32_t i = 1; jump && i < jump && !label; i++)
    if (O->src->ins[i].op == JIR_label && O->src->ins[i].descr == O->src->ins[jump].descr) label = i;
  if (label && jump) {
    H.loop = true;
    H.label = label;
    jopt_body_writes(O->src, label, jump, &H.body);
  }
  H.fresh = calloc(n, sizeof *H.fresh);
  H.len = calloc(n, sizeof *H.len);
  if (!H.fresh || !H.len) jir_oom();
  for (O->cur = 1; O->cur < O->src->nins; O->cur++)
    one_op(&H, &O->src->ins[O->cur]);
  flush_all(&H);  /* a trace without a final jump/finish */
  if (H.loop) jopt_body_writes_free(&H.body);
  free(H.fresh);
  free(H.len);
  free(H.f);
  free(H.it);
  free(H.p);
  free(H.pi);
  free(H.ps);
}
