/* opt_virtual.c — allocation removal (the "virtual" pass), after PyPy's
 * virtualize.py and the PEPM 2011 paper on allocation removal.
 *
 * An object allocated in the trace (new, new_with_vtable) starts virtual:
 * its stores (setfield_gc on it) are remembered instead of emitted, and its
 * loads (getfield_gc on it) become the remembered values (zero / NULL when
 * never stored: new objects are zeroed). Checks that a virtual answers by
 * itself disappear: guard_nonnull, guard_class / guard_nonnull_class of
 * its own class, ptr_eq / ptr_ne with anything (a virtual is only ever
 * itself). Any other use — a call argument, a store into a real object, a
 * jump or finish value, an unknown op — forces it: its remembered fields
 * are stored (forcing the virtuals they point to first) and from then on
 * it is an ordinary object.
 * Arrays allocated with a constant length (at most VIRT_MAX_ITEMS) are
 * virtuals too: their items at constant indexes are remembered, arraylen
 * is the length, and rth_array_repeat (a call with JEF_ARRAY_REPEAT)
 * from one virtual array into another copies the remembered items, so
 * `[x] * n` with a constant n allocates nothing. An item access at an
 * index that is not a constant, or outside the array, forces it.
 * A guard whose snapshot holds a virtual gets a virtual entry in its
 * snapshot instead (jit_ir.h, JVirt): the values of the fields are
 * appended to the snapshot, so the backends save them with the rest, and
 * a failure builds the object before resuming (jit_resume.c). Nested and
 * cyclic virtuals are described once per snapshot.
 * The allocation op itself is emitted where it was; a virtual that is
 * never forced leaves it unused, and the dce pass removes it.
 * Expects: a trace whose loop label (if any) comes right after the inputs,
 * or a peeled loop (opt.c runs it again after opt_carry.c): a label or a
 * jump forces what it passes, so virtuals never cross the label. */
#include <stdlib.h>
#include <string.h>

#include "opt_pass.h"

#define GROW JIR_GROW

typedef struct VField { uint32_t descr; JRef val; } VField;

enum { VIRT_MAX_ITEMS = 64 };

typedef struct VObj {
  uint32_t size_descr;      /* the allocation's size descr (an array's
                               array descr) */
  bool virt;                /* not forced yet */
  bool array;               /* an array: VField.descr is an item's index */
  bool zeroed;              /* allocated zeroed: new, new_with_vtable,
                               new_array_clear (stores of 0 are not made) */
  uint32_t len;             /* ... of len items */
  VField *f; uint32_t nf, fcap;
  uint32_t mark;            /* snapshot encoding: 1 + its order there, 0 */
} VObj;

typedef struct VState {
  JOpt *O;
  uint32_t *of;             /* dst instruction index -> 1 + index in objs, 0 */
  uint32_t ofcap;
  VObj *objs; uint32_t nobjs, objcap;
  uint32_t *order; uint32_t norder, ordercap;  /* snapshot encoding scratch */
  JRef *kv; uint32_t kvcap;                    /* ... kept from guard to guard */
  JVirtField *vf; uint32_t vfcap;
  JVirtMemo memo;                              /* JK_VIRT constants by content */
} VState;

/* The virtual object r is (NULL: r is no virtual). */
static VObj *virtual_of(VState *V, JRef r) {
  if (jir_isk(r) || jir_idx(r) >= V->ofcap || !V->of[jir_idx(r)]) return NULL;
  VObj *o = &V->objs[V->of[jir_idx(r)] - 1];
  return o->virt ? o : NULL;
}

static VObj *new_virtual(VState *V, JRef r, uint32_t descr) {
  uint32_t old = V->ofcap;
  GROW(V->of, V->ofcap, jir_idx(r) + 1);
  memset(V->of + old, 0, (V->ofcap - old) * sizeof *V->of);
  GROW(V->objs, V->objcap, V->nobjs + 1);
  V->objs[V->nobjs] = (VObj){.size_descr = descr, .virt = true};
  V->of[jir_idx(r)] = ++V->nobjs;
  return &V->objs[V->nobjs - 1];
}

static VField *find_field(VObj *o, uint32_t descr) {
  for (uint32_t k = 0; k < o->nf; k++)
    if (o->f[k].descr == descr) return &o->f[k];
  return NULL;
}

static void set_field(VObj *o, uint32_t descr, JRef val) {
  VField *f = find_field(o, descr);
  if (f) { f->val = val; return; }
  GROW(o->f, o->fcap, o->nf + 1);
  o->f[o->nf++] = (VField){descr, val};
}

/* A constant 0, NULL or +0.0: what a zeroed allocation holds already. */
static bool is_zero(const Trace *D, JRef val) {
  if (!jir_isk(val)) return false;
  const JConst *k = jir_k(D, val);
  if (k->kind == JK_REF) return jir_kgc_of(D, val) == 0;
  return (k->kind == JK_INT || k->kind == JK_FLOAT) && k->bits == 0;  /* -0.0: not */
}

/* Makes r (a dst ref) a real object if it is a virtual: its fields are
 * stored, after the virtuals they point to are forced. */
static void force(VState *V, JRef r) {
  VObj *o = virtual_of(V, r);
  if (!o) return;
  o->virt = false;  /* first: a cycle back to r sees a real object */
  for (uint32_t k = 0; k < o->nf; k++) {
    JRef val = jopt_resolve(V->O, o->f[k].val);
    if (o->zeroed && is_zero(V->O->dst, val)) continue;  /* already so */
    force(V, val);
    if (o->array)
      jopt_emit(V->O, JIR_setarrayitem_gc, 3, (JRef[]){r, jir_kint(V->O->dst, o->f[k].descr), val},
                o->size_descr, NULL);
    else
      jopt_emit(V->O, JIR_setfield_gc, 2, (JRef[]){r, val}, o->f[k].descr, NULL);
  }
}

/* ---- snapshots ------------------------------------------------------------------- */

/* Lists the virtuals reachable from r in V->order (marking them). */
static void collect(VState *V, JRef r) {
  VObj *o = virtual_of(V, jopt_resolve(V->O, r));
  if (!o || o->mark) return;
  GROW(V->order, V->ordercap, V->norder + 1);
  V->order[V->norder++] = (uint32_t)(o - V->objs);
  o->mark = V->norder;
  for (uint32_t k = 0; k < o->nf; k++)
    if (!jir_isk(o->f[k].val)) collect(V, o->f[k].val);
}

/* Guard g (a dst instruction) got a snapshot naming virtuals: it gets a
 * new one where each is a JK_VIRT entry, the fields' values appended. */
static void encode_snapshot(VState *V, JRef g) {
  Trace *D = V->O->dst;
  uint32_t n;
  const JRef *s = jir_snap_refs(D, jir_ins(D, g), &n);
  V->norder = 0;
  for (uint32_t k = 0; k < n; k++)  /* renamed just now: no resolving */
    if (!jir_isk(s[k]) && jir_idx(s[k]) < V->ofcap && V->of[jir_idx(s[k])]) collect(V, s[k]);
  if (!V->norder) return;
  uint32_t extra = 0;
  for (uint32_t j = 0; j < V->norder; j++) extra += V->objs[V->order[j]].nf;
  /* each virtual's constant, its fields at n + (fields of those before) */
  GROW(V->kv, V->kvcap, V->norder);
  GROW(V->vf, V->vfcap, extra + 1);
  JRef *kv = V->kv;
  JVirtField *vf = V->vf;
  jir_vmemo_next(&V->memo);
  for (uint32_t j = 0, pos = n; j < V->norder; j++) {
    const VObj *o = &V->objs[V->order[j]];
    for (uint32_t k = 0; k < o->nf; k++) vf[k] = (JVirtField){o->f[k].descr, pos++};
    kv[j] = jir_vmemo_kvirt(&V->memo, D, o->size_descr, o->array, o->len, o->nf, vf);
  }
  JRef *live = jir_snap_grow(D, g, n + extra);  /* s moves */
  for (uint32_t k = 0; k < n; k++) {
    VObj *o = virtual_of(V, live[k]);
    if (o) live[k] = kv[o->mark - 1];
  }
  for (uint32_t j = 0, pos = n; j < V->norder; j++) {
    const VObj *o = &V->objs[V->order[j]];
    for (uint32_t k = 0; k < o->nf; k++) {
      JRef val = jopt_resolve_failing(V->O, g, o->f[k].val);
      VObj *w = virtual_of(V, val);
      live[pos++] = w ? kv[w->mark - 1] : val;
    }
  }
  for (uint32_t j = 0; j < V->norder; j++) V->objs[V->order[j]].mark = 0;
}

/* ---- ops ---------------------------------------------------------------------------- */
static void result(JOpt *O, JRef r) { O->map[O->cur] = r; }

static JRef zero_of(Trace *D, unsigned op) {
  char kind = jir_info[op].res;
  return kind == JK_REF ? jir_kgc(D, 0) : kind == JK_FLOAT ? jir_kfloat(D, 0.0) : jir_kint(D, 0);
}

/* guard_class / guard_nonnull_class on virtual o: true when it passes. */
static bool class_matches(VState *V, const VObj *o, JRef cls) {
  const JDescr *d = jir_descr(V->O->dst->env, o->size_descr);
  return d->vtable && jir_isk(cls) && jir_k(V->O->dst, cls)->kind == JK_INT &&
         jir_kint_of(V->O->dst, cls) == d->vtable;
}

/* Item i of virtual array o when i is a constant index inside it (the
 * index through *idx), else false. */
static bool item_index(VState *V, const VObj *o, JRef i, uint32_t *idx) {
  if (!o || !o->array || !jir_isk(i) || jir_k(V->O->dst, i)->kind != JK_INT) return false;
  int64_t v = jir_kint_of(V->O->dst, i);
  if (v < 0 || v >= (int64_t)o->len) return false;
  *idx = (uint32_t)v;
  return true;
}

static JRef zero_item(Trace *D, const JDescr *array) {
  return array->kind == 'r' ? jir_kgc(D, 0) : array->kind == 'f' ? jir_kfloat(D, 0.0)
                                                                   : jir_kint(D, 0);
}

/* rth_array_repeat(dst, src, n, times, size) (a[1..5]) between virtual
 * arrays with constant counts that fit: dst's items are set; false when
 * the call must be made. */
static bool repeat_virtual(VState *V, const JRef *a, unsigned n) {
  Trace *D = V->O->dst;
  VObj *dst = virtual_of(V, a[1]), *src = virtual_of(V, a[2]);
  if (n != 6 || !dst || !src || !dst->array || !src->array || !jir_isk(a[3]) ||
      !jir_isk(a[4]) || jir_k(D, a[3])->kind != JK_INT || jir_k(D, a[4])->kind != JK_INT)
    return false;
  int64_t cnt = jir_kint_of(D, a[3]), times = jir_kint_of(D, a[4]);
  const JDescr *dd = jir_descr(D->env, dst->size_descr), *sd = jir_descr(D->env, src->size_descr);
  if (cnt < 0 || times < 0 || cnt > (int64_t)src->len || (cnt && times > (int64_t)dst->len / cnt) ||
      dd->size != sd->size || dd->kind != sd->kind)
    return false;
  for (int64_t t = 0; t < times; t++)
    for (int64_t i = 0; i < cnt; i++) {
      VField *f = find_field(src, (uint32_t)i);
      set_field(dst, (uint32_t)(t * cnt + i), f ? jopt_resolve(V->O, f->val) : zero_item(D, sd));
    }
  return true;
}

/* Handles I when an operand is a virtual it can answer for; false when
 * the op must be emitted (its virtual operands forced). */
static bool on_virtual(VState *V, const JIns *I, const JRef *a, unsigned n) {
  JOpt *O = V->O;
  VObj *o;
  uint32_t idx;
  switch (I->op) {
  case JIR_getarrayitem_gc_i: case JIR_getarrayitem_gc_r: case JIR_getarrayitem_gc_f: {
    o = virtual_of(V, a[0]);
    if (!item_index(V, o, a[1], &idx)) return false;
    VField *f = find_field(o, idx);
    result(O, f ? jopt_resolve(O, f->val) : zero_of(O->dst, I->op));
    return true;
  }
  case JIR_setarrayitem_gc:
    o = virtual_of(V, a[0]);
    if (!item_index(V, o, a[1], &idx)) return false;
    set_field(o, idx, a[2]);
    result(O, JREF_NONE);
    return true;
  case JIR_arraylen_gc:
    if (!(o = virtual_of(V, a[0])) || !o->array) return false;
    result(O, jir_kint(O->dst, o->len));
    return true;
  case JIR_call_n:
    if (!(jir_descr(O->dst->env, I->descr)->effects & JEF_ARRAY_REPEAT) || !repeat_virtual(V, a, n))
      return false;
    result(O, JREF_NONE);
    return true;
  case JIR_getfield_gc_i: case JIR_getfield_gc_r: case JIR_getfield_gc_f:
    if (!(o = virtual_of(V, a[0])) || o->array) return false;
    VField *f = find_field(o, I->descr);
    result(O, f ? jopt_resolve(O, f->val) : zero_of(O->dst, I->op));
    return true;
  case JIR_setfield_gc:
    if (!(o = virtual_of(V, a[0])) || o->array) return false;
    set_field(o, I->descr, a[1]);
    result(O, JREF_NONE);
    return true;
  case JIR_guard_nonnull:
    if (!virtual_of(V, a[0])) return false;
    result(O, JREF_NONE);
    return true;
  case JIR_guard_class: case JIR_guard_nonnull_class:
    if (!(o = virtual_of(V, a[0])) || !class_matches(V, o, a[1])) return false;
    result(O, JREF_NONE);
    return true;
  case JIR_ptr_eq: case JIR_ptr_ne: case JIR_instance_ptr_eq: case JIR_instance_ptr_ne: {
    if (!virtual_of(V, a[0]) && !virtual_of(V, a[1])) return false;
    bool eq = a[0] == a[1], want_eq = I->op == JIR_ptr_eq || I->op == JIR_instance_ptr_eq;
    result(O, jir_kint(O->dst, eq == want_eq));
    return true;
  }
  default:
    return false;
  }
}

static void one_op(VState *V, const JIns *I) {
  JOpt *O = V->O;
  JRef a[JIR_MAXARGS];
  unsigned n = jopt_args(O, I, a);
  if (on_virtual(V, I, a, n)) return;
  if (I->op == JIR_new || I->op == JIR_new_with_vtable) {
    JRef r = jopt_default(O, I);
    if (!jir_isk(r)) new_virtual(V, r, I->descr)->zeroed = true;
    return;
  }
  if ((I->op == JIR_new_array || I->op == JIR_new_array_clear) && jir_isk(a[0]) &&
      jir_k(O->dst, a[0])->kind == JK_INT && jir_kint_of(O->dst, a[0]) >= 0 &&
      jir_kint_of(O->dst, a[0]) <= VIRT_MAX_ITEMS) {
    JRef r = jopt_default(O, I);
    if (jir_isk(r)) return;
    VObj *o = new_virtual(V, r, I->descr);
    o->array = true;
    o->zeroed = I->op == JIR_new_array_clear;
    o->len = (uint32_t)jir_kint_of(O->dst, a[0]);
    return;
  }
  for (unsigned k = 0; k < n; k++) force(V, a[k]);
  uint32_t before = O->dst->nins;
  JRef r = jopt_emit(O, I->op, n, a, I->descr, I);
  result(O, r);
  if ((jir_info[I->op].flags & JF_GUARD) && !jir_isk(r) && jir_idx(r) >= before)
    encode_snapshot(V, r);
}

void jopt_pass_virtual(JOpt *O) {
  VState V = {.O = O};
  for (O->cur = 1; O->cur < O->src->nins; O->cur++)
    one_op(&V, &O->src->ins[O->cur]);
  for (uint32_t k = 0; k < V.nobjs; k++) free(V.objs[k].f);
  free(V.objs);
  free(V.of);
  free(V.order);
  free(V.kv);
  free(V.vf);
  jir_vmemo_free(&V.memo);
}
