/* tracer.c — the meta-tracer (see tracer.h). */
#include "runtime/jit/tracer.h"

#include <stdlib.h>
#include <string.h>

#include "runtime/jit/blackhole_ops.h"
#include "runtime/rt_arith.h"
#include "runtime/rt_exc.h"
#include "runtime/rt_gc.h"

/* ---- state ----------------------------------------------------------------------- */

typedef struct TrFrame {
  const JcCode *code;
  uint32_t ci;                 /* jitcode index */
  const uint8_t *base, *pc;
  const uint8_t *call;         /* the inline_call waiting for the callee */
  const uint8_t *call_seen;    /* the call call_live is of (snapshots of
                                  its callee's guards ask again and again) */
  uint32_t call_live;          /* live_after_call of it */
  int64_t *vi;                 /* register values; vr is a root block */
  void **vr;
  double *vf;
  JRef *k[JC_NBANKS];          /* the trace ref of each register (malloc) */
  uint32_t regcap[JC_NBANKS];  /* registers the arrays above have room for */
  uint32_t live_pc;            /* the last `live` op passed, UINT32_MAX: none */
  const RlVtable *exc_type;    /* the exception catch_exception caught */
  RlObject *exc_value;
  JRef exc_kvalue;             /* ... its value's trace ref (recording) */
  bool portal_inlined;         /* a portal a recursive call entered, traced
                                  into past its merge point (a callee's
                                  body inlined into the trace) */
  uint64_t key_hash;           /* ... the green key it was entered at */
  void *unrolled;              /* ... its cell, when the call recursed (an
                                  unrolled level of recursion) */
  int64_t unroll_pc;           /* ... its first int green at the last merge
                                  point: going back is a loop */
  uint32_t inlined_at;         /* ... the trace's length when it was */
  bool loop_header;            /* can_enter_jit passed since its last merge
                                  point: the next one closes a loop */
} TrFrame;

/* A cache of (obj, descr, index) -> value while a trace is recorded
 * (Tr's vc, hc, ic and pc, and Fresh's table). vc, of virtualizables
 * (PyPy keeps them in boxes while it traces): the fields named in
 * `_virtualizable_` of objects the trace did not allocate (its frame,
 * the portal's), the lists of 'x[*]' fields, their lengths and their
 * items at constant indices. A read answered here records nothing, nor
 * the guards the interpreter makes on it: its frame's stack pointer is
 * read and promoted for every bytecode, every local and stack slot
 * bounds-checked (two thirds of the ops that richards.lua's traces
 * recorded). The stores are still recorded. What a store may change is
 * forgotten: a call that may touch virtualizables forgets everything
 * (VCache.gen), a store into such a field or list through another
 * reference forgets what it may alias. */
typedef struct VEntry {
  uint32_t obj;                /* the object's (or list's) instruction index */
  uint32_t descr;              /* jitcode descr */
  int64_t index;               /* an item's index; -1: a field; -2: the length */
  JRef value;                  /* 0: unknown */
  uint32_t gen;                /* valid while VCache.gen is this */
  uint32_t next;               /* Fresh's: the object's next entry + 1, 0: none */
} VEntry;

typedef struct VCache {
  VEntry *e;                   /* (malloc) */
  uint32_t n, cap;
  uint32_t *slots;             /* hash of (obj, descr, index) -> entry + 1 */
  uint32_t nslots;             /* a power of two, or 0 */
  uint32_t gen;
  bool keep;                   /* entries never move nor go: Fresh's table,
                                  whose objects chain their entries */
} VCache;

/* The tracer's heap cache for the objects the trace allocated (PyPy's
 * heapcache, for fresh objects only): while such an object has not
 * escaped — been stored into memory the trace did not allocate, passed
 * to a call, or read back out of a container by an op the cache could
 * not answer — nothing but the trace's own ops reach it, so a field or
 * constant-index item the trace stored is read back as the stored value
 * and an array's length is the length it was allocated with, without
 * recording a read (nor the guards the interpreter then makes on it:
 * Lua's inlined frames read their stack pointer and list this way). */
typedef struct FreshObj {
  bool alloc;                  /* an allocation of the trace (never NULL) */
  bool fresh;                  /* ... that has not escaped */
  JRef len;                    /* an array's length, 0: none */
  uint32_t head;               /* its first entry + 1, 0: none */
} FreshObj;

typedef struct Fresh {
  FreshObj *objs;              /* by instruction index (malloc) */
  uint32_t objcap;
  VCache tab;                  /* (obj, descr, index) -> value; keep */
  JRef *work;                  /* escape's (malloc) */
  uint32_t workcap;
} Fresh;

typedef struct Tr {
  TrEnv *E;
  const JcImage *img;
  Trace *T;
  bool recording;
  bool finished;
  uint32_t nops;
  TrFrame *frames;             /* a root block (rt_gc.h) */
  uint32_t depth, cap;         /* frames in use, allocated */
  bool cached;                 /* frames are E's cache: their arrays are kept */
  struct TrArgs *args;         /* the calls' argument lists (call_args) */
  uint32_t driver;
  int64_t *ib;                 /* the buffers, for the way out */
  void **rb;
  double *fb;
  const uint8_t *start_op;     /* the portal's jit_merge_point */
  int64_t *start_i;            /* the green key traced, as the op lists it */
  void **start_r;
  double *start_f;
  uint32_t target;             /* the label's descr */
  uint64_t start_hash;         /* frame_key_hash of the key traced (a loop) */
  TrResult *out;
  uint32_t resume_cap, frames_cap;
  uint32_t *depth_entry;       /* per depth: the resume entry (+ 1) of that
                                  frame in the last snapshot (malloc) */
  uint32_t depth_entry_cap;
  uint32_t top_call_pc;        /* a snapshot after a residual call: that call */
  bool bridge;                 /* recording a bridge: it ends where a compiled
                                  loop starts, or at a key it passed already */
  const JRef *from_refs;       /* a bridge: the failing guard's snapshot refs */
  const Trace *from_T;         /* ... of this trace */
  JRef *from_in;               /* ... and the bridge's value for each (malloc) */
  JRef raised_kvalue;          /* a raise being recorded: the value's ref, 0 */
  uint64_t *passed;            /* a bridge: hashes of the green keys passed (malloc) */
  uint32_t npassed, passed_cap;
  /* Constant objects whose contents never change: lists read from 'x[*]'
   * fields of constant objects, and their item arrays (malloc). Reads
   * from them fold, like immutable fields of constants. The trace holds
   * them as constants, so they stay alive while it is recorded. */
  const void **frozen;
  uint32_t nfrozen, frozen_cap;
  Fresh fresh;                 /* what the trace knows of its own allocations */
  VCache vc;                   /* ... of virtualizables */
  VCache hc;                   /* ... of the other fields of objects (not fresh) */
  VCache ic;                   /* ... of their immutable fields */
  VCache pc;                   /* pure ops recorded: (op, args) -> result */
  JRef *known;                 /* by instruction index: the constant a passed
                                  guard showed it to be, 0: none (malloc) */
  uint32_t knowncap;
} Tr;

static TrFrame *top(Tr *t) { return &t->frames[t->depth - 1]; }

static uint16_t rd16(const uint8_t **p) {
  uint16_t v = jc_u16(*p);
  *p += 2;
  return v;
}
static uint32_t rd32(const uint8_t **p) {
  uint32_t v = jc_u32(*p);
  *p += 4;
  return v;
}

/* ---- recording ------------------------------------------------------------------ */

static void stop_recording(Tr *t, JitAbort why) {
  if (!t->recording) return;
  t->recording = false;
  t->out->outcome = TR_ABORT;
  t->out->why = why;
}

static bool counting(Tr *t) {
  if (!t->recording) return false;
  if (++t->nops > t->E->trace_limit) {
    stop_recording(t, JIT_ABORT_TOO_LONG);
    return false;
  }
  return true;
}

/* ---- the caches by (obj, descr, index) (VCache) ------------------------------------ */

static uint32_t entry_hash(uint32_t obj, uint32_t descr, int64_t index) {
  uint64_t h = (uint64_t)obj * 0x9e3779b97f4a7c15ull ^ (uint64_t)descr << 24 ^
               (uint64_t)index * 0xff51afd7ed558ccdull;
  return (uint32_t)(h ^ h >> 29);
}

static VEntry *vc_find(VCache *c, uint32_t obj, uint32_t descr, int64_t index) {
  if (!c->nslots) return NULL;
  uint32_t m = c->nslots - 1;
  for (uint32_t h = entry_hash(obj, descr, index) & m; c->slots[h]; h = (h + 1) & m) {
    VEntry *e = &c->e[c->slots[h] - 1];
    if (e->obj == obj && e->descr == descr && e->index == index) return e;
  }
  return NULL;
}

/* The value cache c holds for (obj, descr, index), 0 if none. */
static JRef vc_get(Tr *t, VCache *c, JRef obj, uint32_t descr, int64_t index) {
  if (!t->recording) return 0;
  const VEntry *e = vc_find(c, jir_idx(obj), descr, index);
  return e && e->gen == c->gen ? e->value : 0;
}

static void vc_rehash(VCache *c) {
  if (!c->keep) {
    uint32_t n = 0;
    for (uint32_t k = 0; k < c->n; k++)  /* the stale entries go */
      if (c->e[k].gen == c->gen && c->e[k].value) c->e[n++] = c->e[k];
    c->n = n;
  }
  free(c->slots);
  c->slots = jir_index_new(c->n, &c->nslots);
  for (uint32_t k = 0; k < c->n; k++)
    jir_index_put(c->slots, c->nslots, entry_hash(c->e[k].obj, c->e[k].descr, c->e[k].index), k);
}

/* A new entry of c (its index). */
static uint32_t vc_add(VCache *c, uint32_t obj, uint32_t descr, int64_t index, JRef value) {
  if ((c->n + 1) * 2 > c->nslots) vc_rehash(c);
  JIR_GROW(c->e, c->cap, c->n + 1);
  c->e[c->n] = (VEntry){obj, descr, index, value, c->gen, 0};
  jir_index_put(c->slots, c->nslots, entry_hash(obj, descr, index), c->n);
  return c->n++;
}

static void vc_put(Tr *t, VCache *c, JRef obj, uint32_t descr, int64_t index, JRef value) {
  if (!t->recording || !value) return;
  VEntry *e = vc_find(c, jir_idx(obj), descr, index);
  if (e) {
    e->value = value;
    e->gen = c->gen;
    return;
  }
  vc_add(c, jir_idx(obj), descr, index, value);
}

/* What a store through obj (descr; items: index >= -1 is an item, else
 * any) may have changed besides its own entry: the same field, or items,
 * of the other objects (another reference may name the same one). */
static void vc_forget_others(VCache *c, JRef obj, uint32_t descr, bool items) {
  for (uint32_t k = 0; k < c->n; k++) {
    VEntry *e = &c->e[k];
    if (e->descr == descr && e->obj != jir_idx(obj) && (items ? e->index >= 0 : e->index == -1))
      e->value = 0;
  }
}

/* A store at an index the trace does not know: obj's items. */
static void vc_forget_items(VCache *c, JRef obj, uint32_t descr) {
  for (uint32_t k = 0; k < c->n; k++)
    if (c->e[k].obj == jir_idx(obj) && c->e[k].descr == descr && c->e[k].index >= 0) c->e[k].value = 0;
}

/* k was promoted to the constant kc: the caches hold kc from now on. */
static void vc_promoted(Tr *t, JRef k, JRef kc) {
  VCache *cs[3] = {&t->vc, &t->hc, &t->ic};
  for (int j = 0; j < 3; j++)
    for (uint32_t i = 0; i < cs[j]->n; i++)
      if (cs[j]->e[i].value == k) cs[j]->e[i].value = kc;
}

static void vc_free(VCache *c) {
  free(c->e);
  free(c->slots);
}

/* ---- the heap cache of fresh objects (Fresh) ---------------------------------------- */

static FreshObj *fresh_obj(Tr *t, JRef r) {
  if (!t->recording || !r || jir_isk(r) || jir_idx(r) >= t->fresh.objcap) return NULL;
  FreshObj *o = &t->fresh.objs[jir_idx(r)];
  return o->alloc ? o : NULL;
}

static bool is_fresh(Tr *t, JRef r) {
  const FreshObj *o = fresh_obj(t, r);
  return o && o->fresh;
}

/* r is a new object of the trace (len: an array's length). */
static void note_alloc(Tr *t, JRef r, JRef len) {
  if (!t->recording || !r || jir_isk(r)) return;
  Fresh *f = &t->fresh;
  uint32_t i = jir_idx(r), old = f->objcap;
  if (i >= old) {
    JIR_GROW(f->objs, f->objcap, i + 1);
    memset(f->objs + old, 0, (f->objcap - old) * sizeof *f->objs);
  }
  f->objs[i] = (FreshObj){.alloc = true, .fresh = true, .len = len};
}

/* r escapes: what the cache knows of it no longer holds, and the fresh
 * objects stored in it escape with it. */
static void escape(Tr *t, JRef r) {
  Fresh *f = &t->fresh;
  if (!is_fresh(t, r)) return;
  uint32_t n = 0;
  JIR_GROW(f->work, f->workcap, 1);
  f->work[n++] = r;
  while (n) {
    FreshObj *o = fresh_obj(t, f->work[--n]);
    if (!o || !o->fresh) continue;
    o->fresh = false;
    for (uint32_t e = o->head; e; e = f->tab.e[e - 1].next) {
      JRef v = f->tab.e[e - 1].value;
      if (!is_fresh(t, v)) continue;
      JIR_GROW(f->work, f->workcap, n + 1);
      f->work[n++] = v;
    }
  }
}

/* An op the cache cannot answer read a reference out of fresh object r:
 * it may be one of the fresh objects stored there, under a new name. */
static void escape_contents(Tr *t, JRef r) {
  FreshObj *o = fresh_obj(t, r);
  if (!o) return;
  for (uint32_t e = o->head; e; e = t->fresh.tab.e[e - 1].next)
    escape(t, t->fresh.tab.e[e - 1].value);
}

static VEntry *fresh_find(Tr *t, JRef obj, uint32_t descr, int64_t index) {
  return vc_find(&t->fresh.tab, jir_idx(obj), descr, index);
}

/* Fresh object obj's field (index -1) or item `descr` now holds value. */
static void fresh_put(Tr *t, JRef obj, uint32_t descr, int64_t index, JRef value) {
  VEntry *e = fresh_find(t, obj, descr, index);
  if (e) {
    e->value = value;
    return;
  }
  Fresh *f = &t->fresh;
  uint32_t k = vc_add(&f->tab, jir_idx(obj), descr, index, value);
  FreshObj *o = &f->objs[jir_idx(obj)];
  f->tab.e[k].next = o->head;
  o->head = k + 1;
}

/* A store at an index the trace does not know: the items of fresh array
 * obj (descr) are no longer known. */
static void fresh_forget_items(Tr *t, JRef obj, uint32_t descr) {
  FreshObj *o = fresh_obj(t, obj);
  if (!o) return;
  for (uint32_t e = o->head; e; e = t->fresh.tab.e[e - 1].next) {
    VEntry *x = &t->fresh.tab.e[e - 1];
    if (x->descr == descr && x->index >= 0) x->value = 0;
  }
}

/* Whether a load of bank b through descr d gives back what a store put
 * there (a narrower int field would truncate it). */
static bool cacheable(const JcDescr *d, int b) {
  return b != 0 || d->size == 8;
}

static void fresh_free(Fresh *f) {
  free(f->objs);
  vc_free(&f->tab);
  free(f->work);
}

/* ---- the caches of virtualizables and other objects ------------------------------ */

/* The end of a run: what the caches and known values held. */
static void caches_free(Tr *t) {
  fresh_free(&t->fresh);
  vc_free(&t->vc);
  vc_free(&t->hc);
  vc_free(&t->ic);
  vc_free(&t->pc);
  free(t->known);
  free(t->depth_entry);
}

/* Whether the trace's object o (not a constant) is cached here: one it
 * did not allocate, or allocated and let escape (then it may be reached
 * through other references). */
static bool vc_object(Tr *t, JRef o) {
  return t->recording && o && !jir_isk(o) && !is_fresh(t, o);
}

/* Whether array a is a virtualizable's list: read from an 'x[*]' field. */
static bool vc_vable_array(Tr *t, JRef a) {
  if (!vc_object(t, a)) return false;
  const JIns *I = jir_ins(t->T, a);
  return I->op == JIR_getfield_gc_r && (jir_descr(t->T->env, I->descr)->flags & JDF_VABLE_ITEMS);
}

/* Whether a store into array a (not a virtualizable's list) surely
 * leaves those lists alone: a is fresh, or the items of a list read
 * from a field that is no 'x[*]' field, of an object itself so read (by
 * PyPy's contract, a virtualizable's list is reached through its field
 * only: see jopt_distinct_vable_arrays). */
static bool vc_surely_other_array(Tr *t, JRef a) {
  if (!a || is_fresh(t, a)) return true;
  if (jir_isk(a)) return false;  /* a constant's field may hold a frame's list */
  const JIns *I = jir_ins(t->T, a);
  if (I->op != JIR_getfield_gc_r || (jir_descr(t->T->env, I->descr)->flags & JDF_VABLE_ITEMS))
    return false;
  JRef l = I->a[0];
  if (jir_isk(l)) return true;
  const JIns *L = jir_ins(t->T, l);
  return L->op == JIR_getfield_gc_r && !(jir_descr(t->T->env, L->descr)->flags & JDF_VABLE_ITEMS);
}

/* A call was recorded: unless it writes nothing, what the caches know
 * of mutable fields no longer holds (of virtualizables: unless it leaves
 * them alone). */
static void vc_call(Tr *t, uint32_t descr) {
  unsigned fx = descr ? jir_descr(t->T->env, descr)->effects : 0;
  if (fx & (JEF_READONLY | JEF_ELIDABLE)) return;
  t->hc.gen++;
  if (!(fx & JEF_NOVABLE)) t->vc.gen++;
}

/* The references an op uses escape, but for the object a read, a
 * comparison or a guard looks at, and what is stored into a fresh object
 * (op_setfield and op_setitem keep track of those). */
static void note_uses(Tr *t, unsigned op, unsigned n, const JRef *args) {
  unsigned from = 0;
  switch (op) {
  case JIR_getfield_gc_i: case JIR_getfield_gc_r: case JIR_getfield_gc_f:
  case JIR_getarrayitem_gc_i: case JIR_getarrayitem_gc_r: case JIR_getarrayitem_gc_f:
  case JIR_arraylen_gc: case JIR_ptr_eq: case JIR_ptr_ne:
    return;
  case JIR_setfield_gc: case JIR_setarrayitem_gc:
    if (is_fresh(t, args[0])) return;
    from = 1;
    break;
  default:
    if (jir_info[op].flags & JF_GUARD) return;
  }
  for (unsigned k = from; k < n; k++) escape(t, args[k]);
}

/* ---- pure ops and what guards showed -------------------------------------------- */

/* r, or the constant a passed guard showed it to be. */
static JRef known_value(Tr *t, JRef r) {
  if (!r || jir_isk(r) || jir_idx(r) >= t->knowncap) return r;
  JRef k = t->known[jir_idx(r)];
  return k ? k : r;
}

static void set_known(Tr *t, JRef r, JRef k) {
  if (!t->recording || !r || jir_isk(r) || !k) return;
  uint32_t i = jir_idx(r), old = t->knowncap;
  if (i >= old) {
    JIR_GROW(t->known, t->knowncap, i + 1);
    memset(t->known + old, 0, (t->knowncap - old) * sizeof *t->known);
  }
  t->known[i] = k;
}

/* The key of a pure op in t->pc, in VEntry's (obj, descr, index): its
 * first operand; its op, operand count and descr; its other operands. */
static bool pure_key(unsigned op, unsigned n, const JRef *args, uint32_t descr, uint32_t *a,
                     uint32_t *b, int64_t *c) {
  if (n > 3) return false;
  JRef x = n > 0 ? args[0] : 0, y = n > 1 ? args[1] : 0, z = n > 2 ? args[2] : 0;
  *a = x;
  *b = (uint32_t)op | (uint32_t)n << 12 | descr << 14;
  *c = (int64_t)((uint64_t)y << 32 | z);
  return descr < (1u << 18);
}

/* The ref of an earlier pure op with these operands, 0: none. Ops that
 * read nothing but their operands give the same result (PyPy's tracer
 * leaves this to the optimizer; here a bytecode's checks repeated on the
 * same value record nothing). */
static JRef pure_find(Tr *t, unsigned op, unsigned n, const JRef *args, uint32_t descr) {
  uint32_t a, b;
  int64_t c;
  if (!t->pc.n || !pure_key(op, n, args, descr, &a, &b, &c)) return 0;
  const VEntry *e = vc_find(&t->pc, a, b, c);
  return e ? e->value : 0;
}

static void pure_put(Tr *t, unsigned op, unsigned n, const JRef *args, uint32_t descr, JRef r) {
  uint32_t a, b;
  int64_t c;
  if (!pure_key(op, n, args, descr, &a, &b, &c)) return;
  vc_put(t, &t->pc, jir_ref(a), b, c, r);
}

static JRef emit(Tr *t, unsigned op, unsigned n, const JRef *args, uint32_t descr) {
  unsigned fl = jir_info[op].flags;
  bool pure = t->recording && (fl & JF_PURE) && !(fl & JF_CALL);
  if (pure) {
    JRef r = pure_find(t, op, n, args, descr);
    if (r) return known_value(t, r);
  }
  if (!counting(t)) return 0;
  if (t->fresh.objcap) note_uses(t, op, n, args);
  if (fl & JF_CALL) vc_call(t, descr);
  JRef r = jir_emit(t->T, op, n, args, descr);
  if (pure) pure_put(t, op, n, args, descr, r);
  return r;
}

static JRef kint(Tr *t, int64_t v) { return t->recording ? jir_kint(t->T, v) : 0; }
static JRef kref(Tr *t, void *p) { return t->recording ? jir_kgc(t->T, (uintptr_t)p) : 0; }
static JRef kfloat(Tr *t, double v) { return t->recording ? jir_kfloat(t->T, v) : 0; }

/* The trace descriptor of jitcode descriptor d. */
static uint32_t jdescr(Tr *t, uint32_t d) {
  TrEnv *E = t->E;
  if (E->descr_map[d]) return E->descr_map[d];
  const JcDescr *c = &t->img->descrs[d];
  JDescr x;
  memset(&x, 0, sizeof x);
  x.kind = c->flags & JC_MEM_REF ? 'r' : c->flags & JC_MEM_FLOAT ? 'f' : 'i';
  x.label = jir_str(E->env, jc_str(t->img, c->name), strlen(jc_str(t->img, c->name)));
  char nm[24];
  int nl = snprintf(nm, sizeof nm, "d%u", d);
  x.name = jir_str(E->env, nm, (size_t)nl);
  if (c->flags & JC_MEM_SIGNED) x.flags |= JDF_SIGNED;
  if (c->flags & JC_MEM_IMMUTABLE) x.flags |= JDF_IMMUTABLE;
  if (c->flags & JC_MEM_QUASI) x.flags |= JDF_QUASI;
  if (c->flags & JC_MEM_VABLE) x.flags |= JDF_VABLE;
  if (c->flags & JC_MEM_VABLE_ITEMS) x.flags |= JDF_VABLE_ITEMS;
  if (c->kind != JCD_SIZE && c->kind != JCD_CALL && bh_needs_wb(c)) x.flags |= JDF_WB;
  x.typeid = c->type_id;
  switch (c->kind) {
  case JCD_FIELD: x.dkind = JD_FIELD; x.offset = c->a; x.size = c->size; break;
  case JCD_ARRAY:
    x.dkind = JD_ARRAY; x.offset = c->a; x.size = c->size; x.lenofs = c->b; x.fixed = c->c;
    break;
  case JCD_SIZE: x.dkind = JD_SIZE; x.size = c->a; x.kind = 'r'; break;
  case JCD_CALL: {
    const uint8_t *k = t->img->pool + c->c;
    x.dkind = JD_CALL;
    x.nargs = k[0] < JIR_MAXCALLARGS ? k[0] : JIR_MAXCALLARGS;
    for (unsigned i = 0; i < x.nargs; i++) x.argkinds[i] = (char)k[1 + i];
    x.kind = (char)(c->d & 0xff);
    x.size = c->d >> 8;  /* the native result's bytes: 1 for Bool and Char */
    if (c->b & 4 /* LLFX_ELIDABLE */) x.effects |= JEF_ELIDABLE;
    if (c->b & 1 /* LLFX_CANRAISE */) x.effects |= JEF_CANRAISE;
    if (c->b & 2 /* LLFX_CANMALLOC */) x.effects |= JEF_CANMALLOC;
    if (!(c->b & (8 | 16)) /* no LLFX_WRITES, LLFX_IO */) x.effects |= JEF_READONLY;
    if (c->b & JC_FX_NOVABLE) x.effects |= JEF_NOVABLE;
    if (c->b & JC_FX_ARRAY_REPEAT) x.effects |= JEF_ARRAY_REPEAT;
    break;
  }
  default: x.dkind = JD_NONE; break;
  }
  uint32_t e = jir_descr_add(E->env, &x);
  JIR_GROW(E->jc_of, E->jc_of_cap, e + 1);
  E->jc_of[e] = d;
  return E->descr_map[d] = e;
}

/* The `live` op that follows the call op at `call` (after its
 * catch_exception): where a caller frame resumes. */
static uint32_t live_after_call(const TrFrame *F, const uint8_t *call) {
  const uint8_t *end = F->base + F->code->code_size;
  const uint8_t *p = call + jc_op_length(call, end);
  if (p < end && *p == JC_catch_exception) p += jc_op_length(p, end);
  return p < end && *p == JC_live ? (uint32_t)(p - F->base) : UINT32_MAX;
}

static bool add_frame_refs(Tr *t, const TrFrame *F, uint32_t live_pc, JRef **refs, uint32_t *n,
                           uint32_t *cap) {
  if (live_pc == UINT32_MAX) return false;
  const uint8_t *q = t->img->pool + jc_u32(F->base + live_pc + 1);
  uint32_t total = (uint32_t)jc_u16(q) + jc_u16(q + 2) + jc_u16(q + 4);
  JIR_GROW(*refs, *cap, *n + total);
  for (int b = 0, k = 0; b < JC_NBANKS; b++)
    for (uint16_t m = 0; m < jc_u16(q + 2 * b); m++, k++)
      (*refs)[(*n)++] = F->k[b][jc_u16(q + 6 + 2 * k)];
  return true;
}

/* The resume entry (+ 1) of the frame at depth d that `want` describes:
 * the last snapshot's at that depth when it is the same (same parent,
 * so the same callers), else a new one. */
static uint32_t resume_entry(Tr *t, uint32_t d, const TrResumeFrame *want) {
  TrResult *o = t->out;
  if (d >= t->depth_entry_cap) {
    uint32_t old = t->depth_entry_cap;
    JIR_GROW(t->depth_entry, t->depth_entry_cap, d + 1);
    memset(t->depth_entry + old, 0, (t->depth_entry_cap - old) * sizeof *t->depth_entry);
  }
  uint32_t e = t->depth_entry[d];
  if (e && e <= o->nframes && !memcmp(&o->frames[e - 1], want, sizeof *want)) return e;
  JIR_GROW(o->frames, t->frames_cap, o->nframes + 1);
  o->frames[o->nframes++] = *want;
  return t->depth_entry[d] = o->nframes;
}

/* Gives guard g its snapshot: every frame's live registers, outermost
 * first, and the resume entry. Stops recording when a frame has no live
 * set to resume at. */
static void snapshot(Tr *t, JRef g) {
  if (!t->recording || !g) return;
  TrResult *o = t->out;
  uint32_t parent = 0, n = 0, cap = 0;
  JRef *refs = NULL;
  bool ok = true;
  for (uint32_t d = 0; d < t->depth && ok; d++) {
    TrFrame *F = &t->frames[d];
    bool inner = d + 1 == t->depth;
    if (!inner && F->call_seen != F->call) {
      F->call_seen = F->call;
      F->call_live = live_after_call(F, F->call);
    }
    uint32_t lp = inner ? F->live_pc : F->call_live;
    ok = add_frame_refs(t, F, lp, &refs, &n, &cap);
    uint32_t call_pc = inner ? t->top_call_pc : F->call ? (uint32_t)(F->call - F->base) : UINT32_MAX;
    if (ok) parent = resume_entry(t, d, &(TrResumeFrame){F->ci, lp, call_pc, parent});
  }
  if (!ok) {
    free(refs);
    stop_recording(t, JIT_ABORT_UNSUPPORTED);
    return;
  }
  jir_set_snap(t->T, g, n, refs);
  free(refs);
  uint32_t s = jir_ins(t->T, g)->snap;
  t->T->snaps[s].tag = s;  /* the resume entry, whatever the optimizer renumbers */
  JIR_GROW(o->resume, t->resume_cap, s + 1);
  while (o->nresume <= s) o->resume[o->nresume++] = (TrResume){0, 0};
  o->resume[s] = (TrResume){parent - 1, t->depth};
}

/* Whether guard op on args surely passes (constants), recording nothing;
 * else what it shows about its operand, for the ops after it. */
static bool guard_known(Tr *t, unsigned op, unsigned n, const JRef *args) {
  if (!t->recording || n < 1) return false;
  JRef x = known_value(t, args[0]);
  switch (op) {
  case JIR_guard_true:
    if (jir_isk(x)) return jir_kint_of(t->T, x) != 0;
    set_known(t, args[0], kint(t, 1));
    return false;
  case JIR_guard_false:
    if (jir_isk(x)) return jir_kint_of(t->T, x) == 0;
    set_known(t, args[0], kint(t, 0));
    return false;
  case JIR_guard_value:
    if (n < 2 || !jir_isk(args[1])) return false;
    if (jir_isk(x)) return x == args[1];
    set_known(t, args[0], args[1]);
    return false;
  default:
    return false;
  }
}

static void guard(Tr *t, unsigned op, unsigned n, const JRef *args) {
  if (guard_known(t, op, n, args)) return;
  snapshot(t, emit(t, op, n, args, 0));
}

/* ---- frames ------------------------------------------------------------------------ */

/* Room for n registers of bank b in F's arrays (kept ones when they fit). */
static void frame_arrays(Tr *t, TrFrame *F, int b, uint32_t n) {
  if (F->regcap[b] >= n + 1 && (F->k[b] || !t->cached)) return;
  size_t m = (size_t)n + 1;
  if (b == 0) {
    F->vi = rt_gc_malloc_atomic(m * 8);
  } else if (b == 1) {
    void **vr = rt_gc_malloc_roots(m * sizeof(void *));
    rt_gc_free_roots(F->vr);
    F->vr = vr;
  } else {
    F->vf = rt_gc_malloc_atomic(m * 8);
  }
  free(F->k[b]);
  F->k[b] = malloc(m * sizeof(JRef));
  F->regcap[b] = (uint32_t)m;
  if (!F->k[b] || (b == 0 && !F->vi) || (b == 1 && !F->vr) || (b == 2 && !F->vf)) jir_oom();
}

static TrFrame *push_frame(Tr *t, uint32_t ci) {
  if (t->depth == t->cap) {
    uint32_t cap = t->cap ? 2 * t->cap : 16;
    TrFrame *f = rt_gc_malloc_roots(cap * sizeof *f);
    if (!f) return NULL;
    if (t->cap) memcpy(f, t->frames, t->cap * sizeof *f);  /* kept arrays too */
    rt_gc_free_roots(t->frames);
    t->frames = f;
    t->cap = cap;
  }
  const JcCode *c = &t->img->codes[ci];
  TrFrame *F = &t->frames[t->depth++];
  TrFrame keep = *F;
  memset(F, 0, sizeof *F);
  if (t->cached) {  /* the arrays of an earlier run at this depth */
    F->vi = keep.vi; F->vr = keep.vr; F->vf = keep.vf;
    memcpy(F->k, keep.k, sizeof F->k);
    memcpy(F->regcap, keep.regcap, sizeof F->regcap);
  }
  F->code = c;
  F->ci = ci;
  F->base = F->pc = t->img->bytecode + c->code_off;
  F->live_pc = UINT32_MAX;
  for (int b = 0; b < JC_NBANKS; b++) frame_arrays(t, F, b, c->nregs[b]);
  if (t->cached) {  /* fresh GC arrays are zeroed; kept ones hold old values */
    memset(F->vi, 0, ((size_t)c->nregs[0] + 1) * 8);
    memset(F->vr, 0, ((size_t)c->nregs[1] + 1) * sizeof(void *));
    memset(F->vf, 0, ((size_t)c->nregs[2] + 1) * 8);
  }
  JRef zi = kint(t, 0), zr = kref(t, NULL), zf = kfloat(t, 0.0);
  for (uint16_t r = 0; r < c->nregs[0]; r++) F->k[0][r] = zi;
  for (uint16_t r = 0; r < c->nregs[1]; r++) F->k[1][r] = zr;
  for (uint16_t r = 0; r < c->nregs[2]; r++) F->k[2][r] = zf;
  for (int b = 0; b < JC_NBANKS; b++) F->k[b][c->nregs[b]] = 0;
  const uint8_t *pool = t->img->pool;
  for (uint16_t k = 0, r = (uint16_t)(c->nregs[0] - c->nconsts[0]); k < c->nconsts[0]; k++, r++) {
    memcpy(&F->vi[r], pool + c->consts_off[0] + 8 * k, 8);
    F->k[0][r] = kint(t, F->vi[r]);
  }
  for (uint16_t k = 0, r = (uint16_t)(c->nregs[1] - c->nconsts[1]); k < c->nconsts[1]; k++, r++) {
    uint32_t a = jc_u32(pool + c->consts_off[1] + 4 * k);
    F->vr[r] = a == JC_NULL_ADDR ? NULL : t->E->addrs[a];
    F->k[1][r] = kref(t, F->vr[r]);
  }
  for (uint16_t k = 0, r = (uint16_t)(c->nregs[2] - c->nconsts[2]); k < c->nconsts[2]; k++, r++) {
    memcpy(&F->vf[r], pool + c->consts_off[2] + 8 * k, 8);
    F->k[2][r] = kfloat(t, F->vf[r]);
  }
  return F;
}

static void pop_frame(Tr *t) {
  TrFrame *F = top(t);
  if (!t->cached) {
    for (int b = 0; b < JC_NBANKS; b++) {
      free(F->k[b]);
      F->k[b] = NULL;
    }
    rt_gc_free_roots(F->vr);
    F->vr = NULL;
  } else {  /* kept for the next run: its stale references would pin objects */
    memset(F->vr, 0, ((size_t)F->code->nregs[1] + 1) * sizeof(void *));
    F->exc_value = NULL;
  }
  t->depth--;
}

/* Runs use the frames E keeps for their nesting level, if it has some. */
static void frames_take(Tr *t) {
  TrEnv *E = t->E;
  uint32_t level = E->runs++;
  if (level >= TR_FRAME_CACHES) return;
  t->cached = true;
  t->frames = E->frame_cache[level].frames;
  t->cap = E->frame_cache[level].cap;
  t->args = E->frame_cache[level].args;
}

/* After the last pop_frame: a run's own frames are no longer roots. */
static void frames_give_back(Tr *t) {
  TrEnv *E = t->E;
  uint32_t level = --E->runs;
  if (!t->cached) {
    rt_gc_free_roots(t->frames);
    t->frames = NULL;
    free(t->args);
    t->args = NULL;
    return;
  }
  E->frame_cache[level].frames = t->frames;
  E->frame_cache[level].cap = t->cap;
  E->frame_cache[level].args = t->args;
}

/* ---- the way out --------------------------------------------------------------------- */

/* The portal frame is at its merge point: copy the op's registers out. */
static void write_buffers(Tr *t, const uint8_t *lists) {
  TrFrame *F = &t->frames[0];
  const uint8_t *p = lists;
  for (uint8_t n = *p++, k = 0; k < n; k++) t->ib[k] = F->vi[rd16(&p)];
  for (uint8_t n = *p++, k = 0; k < n; k++) t->rb[k] = F->vr[rd16(&p)];
  for (uint8_t n = *p++, k = 0; k < n; k++) t->fb[k] = F->vf[rd16(&p)];
}

static void finish(Tr *t, TrOutcome o) {
  if (t->recording) stop_recording(t, JIT_ABORT_ESCAPED);
  if (o != TR_ABORT) t->out->outcome = o;
  t->finished = true;
}

/* An exception is set: catch it where a catch_exception follows the
 * raising op (whose end is `after` in the top frame), else in the
 * callers; the portal frame lets it out (TR_RAISE). */
static void unwind(Tr *t, const uint8_t *after) {
  /* a raise of a constant class the trace follows to its handler (an
   * iterator's StopIteration); any other exception ends the recording */
  JRef kv = t->raised_kvalue;
  t->raised_kvalue = 0;
  if (!kv) stop_recording(t, JIT_ABORT_EXCEPTION);
  for (;;) {
    TrFrame *F = top(t);
    if (*after == JC_catch_exception) {
      F->exc_type = rl_exc_type;
      F->exc_value = rl_exc_value;
      F->exc_kvalue = kv;
      rl_exc_type = NULL;
      rl_exc_value = NULL;
      F->pc = F->base + jc_u32(after + 1);
      return;
    }
    if (t->depth == 1) {
      finish(t, TR_RAISE);
      return;
    }
    pop_frame(t);
    F = top(t);
    after = F->call + jc_op_length(F->call, F->base + F->code->code_size);
  }
}

/* The call op at `call` in frame F gives v (ref k) to its result register
 * (its last operand); returns the end of the op. */
static const uint8_t *set_call_result(TrFrame *F, const uint8_t *call, char kind, BhValue v,
                                      JRef k) {
  const uint8_t *end = call + jc_op_length(call, F->base + F->code->code_size);
  if (kind != 'v') {
    uint16_t r = jc_u16(end - 2);
    int b = jc_bank_of_kind(kind);
    if (b == 0) F->vi[r] = v.i;
    else if (b == 1) F->vr[r] = v.r;
    else F->vf[r] = v.f;
    F->k[b][r] = k;
  }
  return end;
}

/* The top frame returns `v` (ref k). The portal frame returning while
 * recording ends the trace with finish(v) (PyPy's done_with_this_frame):
 * a trace from a function's entry, or one that leaves its loop and the
 * function, returns what the portal returns. */
static void do_return(Tr *t, char kind, BhValue v, JRef k) {
  if (t->depth == 1) {
    if (kind == 'i') t->ib[0] = v.i;
    else if (kind == 'r') t->rb[0] = v.r;
    else if (kind == 'f') t->fb[0] = v.f;
    if (t->recording) {
      jir_emit(t->T, JIR_finish, kind == 'v' ? 0 : 1, &k, 0);
      t->out->outcome = TR_LOOP;
      t->out->returns = kind;
      t->recording = false;
    }
    finish(t, TR_DONE);
    if (t->out->returns) t->out->outcome = TR_LOOP;
    return;
  }
  pop_frame(t);
  TrFrame *F = top(t);
  F->pc = set_call_result(F, F->call, kind, v, k);
}

/* ---- calls --------------------------------------------------------------------------- */

/* Reads the I/R/F lists at p into arrays of values and refs; returns the
 * end of the lists. */
typedef struct TrArgs {
  int64_t i[256];
  void *r[256];
  double f[256];
  JRef ki[256], kr[256], kf[256];
  uint8_t n[JC_NBANKS];
} TrArgs;

/* The argument lists of the call being made (9 KB: one per run, kept
 * with the frames of its nesting level; a malloc per call cost the
 * blackhole runs after guard failures a tenth of their time). A call's
 * native callee may start runs of its own, never this one. */
static TrArgs *call_args(Tr *t) {
  if (!t->args && !(t->args = malloc(sizeof *t->args))) jir_oom();
  return t->args;
}

static const uint8_t *read_lists(const TrFrame *F, const uint8_t *p, TrArgs *a) {
  a->n[0] = *p++;
  for (uint8_t k = 0; k < a->n[0]; k++) {
    uint16_t r = rd16(&p);
    a->i[k] = F->vi[r];
    a->ki[k] = F->k[0][r];
  }
  a->n[1] = *p++;
  for (uint8_t k = 0; k < a->n[1]; k++) {
    uint16_t r = rd16(&p);
    a->r[k] = F->vr[r];
    a->kr[k] = F->k[1][r];
  }
  a->n[2] = *p++;
  for (uint8_t k = 0; k < a->n[2]; k++) {
    uint16_t r = rd16(&p);
    a->f[k] = F->vf[r];
    a->kf[k] = F->k[2][r];
  }
  return p;
}

static void inline_call(Tr *t, const uint8_t *pc) {
  const uint8_t *p = pc + 1;
  uint32_t ci = rd32(&p);
  TrArgs *a = call_args(t);
  read_lists(top(t), p, a);
  top(t)->call = pc;
  TrFrame *G = push_frame(t, ci);
  for (uint8_t k = 0; k < a->n[0]; k++) G->vi[k] = a->i[k], G->k[0][k] = a->ki[k];
  for (uint8_t k = 0; k < a->n[1]; k++) G->vr[k] = a->r[k], G->k[1][k] = a->kr[k];
  for (uint8_t k = 0; k < a->n[2]; k++) G->vf[k] = a->f[k], G->k[2][k] = a->kf[k];
}

/* The trace args of a call, in the native signature's order. */
static unsigned call_refs(Tr *t, const JcDescr *d, JRef fn, const TrArgs *a, JRef *out) {
  const uint8_t *kinds = t->img->pool + d->c;
  unsigned n = 0, next[JC_NBANKS] = {0, 0, 0};
  out[n++] = fn;
  for (uint8_t k = 0; k < kinds[0]; k++) {
    char c = (char)kinds[1 + k];
    out[n++] = c == 'i' ? a->ki[next[0]++] : c == 'r' ? a->kr[next[1]++] : a->kf[next[2]++];
  }
  return n;
}

static bool all_const(const JRef *r, unsigned n) {
  for (unsigned k = 0; k < n; k++)
    if (!jir_isk(r[k])) return false;
  return true;
}

static uint32_t fn_slot(const TrEnv *E, const void *fn) {
  uint64_t h = (uint64_t)(uintptr_t)fn * 0x9e3779b97f4a7c15u;
  uint32_t j = (uint32_t)(h >> 32) & (E->fn_cap - 1);
  while (E->fn_keys[j] && E->fn_keys[j] != fn) j = (j + 1) & (E->fn_cap - 1);
  return j;
}

/* The jitcode of native function fn when an indirect call may reach it,
 * else UINT32_MAX. */
static uint32_t code_of_fn(const TrEnv *E, const void *fn) {
  if (!E->fn_cap || !fn) return UINT32_MAX;
  uint32_t j = fn_slot(E, fn);
  return E->fn_keys[j] ? E->fn_code[j] - 1 : UINT32_MAX;
}

/* Guard g follows the call at `call` in frame F: its snapshot resumes
 * after the call, with its result (at_call: an exception the call left
 * pending is raised at that call). */
static void snapshot_after_call(Tr *t, TrFrame *F, const uint8_t *call, JRef g, bool at_call) {
  uint32_t save = F->live_pc;
  F->live_pc = live_after_call(F, call);
  if (at_call) t->top_call_pc = (uint32_t)(call - F->base);
  snapshot(t, g);
  t->top_call_pc = UINT32_MAX;
  F->live_pc = save;
}

/* The residual call at `call` in frame F returned res (trace ref k) or
 * raised: its result register gets it, and F goes on after the call or
 * the exception unwinds. A call that may write (may_write) may have
 * written a quasi-immutable field some trace reads (maybe this one): a
 * guard_not_invalidated checks after it. */
static void call_returned(Tr *t, TrFrame *F, const uint8_t *call, char kind, BhValue res, JRef k,
                          bool may_write) {
  const uint8_t *end = set_call_result(F, call, kind, res, k);
  if (rl_exc_type) {
    unwind(t, end);
    return;
  }
  if (t->recording && t->E->has_quasi && may_write)
    snapshot_after_call(t, F, call, emit(t, JIR_guard_not_invalidated, 0, NULL, 0), false);
  F->pc = end;
}

/* The portal jitcode of fn when fn is a portal that call_assembler can
 * call (see TrEnv), else UINT32_MAX. */
static uint32_t assembler_portal(const TrEnv *E, const void *fn) {
  if (!E->call_portal || !fn) return UINT32_MAX;
  for (uint32_t d = 0; d < E->img->h->ndrivers; d++)
    if (E->ca_fn[d] == fn) return E->img->drivers[d].portal;
  return UINT32_MAX;
}

/* The driver whose portal jitcode is ci when call_assembler can call it,
 * else UINT32_MAX. */
static uint32_t assembler_driver(const TrEnv *E, uint32_t ci) {
  if (!E->call_portal) return UINT32_MAX;
  for (uint32_t d = 0; d < E->img->h->ndrivers; d++)
    if (E->ca_fn[d] && E->img->drivers[d].portal == ci) return d;
  return UINT32_MAX;
}

static void residual_call(Tr *t, const uint8_t *pc, char kind) {
  TrFrame *F = top(t);
  const uint8_t *p = pc + 1;
  uint16_t fr = rd16(&p);
  uint32_t di = rd32(&p);
  const JcDescr *d = &t->img->descrs[di];
  TrArgs *a = call_args(t);
  p = read_lists(F, p, a);
  void *fn = F->vr[fr];
  if (t->recording && !jir_isk(F->k[1][fr])) {  /* promote: one callee from here on */
    JRef c = kref(t, fn);
    guard(t, JIR_guard_value, 2, (JRef[]){F->k[1][fr], c});
    F->k[1][fr] = c;
  }
  uint32_t ci = t->recording ? code_of_fn(t->E, fn) : UINT32_MAX;
  if (ci == UINT32_MAX && t->recording) ci = assembler_portal(t->E, fn);
  if (ci != UINT32_MAX) {  /* a jitcode for it: trace into the callee */
    F->call = pc;
    TrFrame *G = push_frame(t, ci);
    for (uint8_t k = 0; k < a->n[0]; k++) G->vi[k] = a->i[k], G->k[0][k] = a->ki[k];
    for (uint8_t k = 0; k < a->n[1]; k++) G->vr[k] = a->r[k], G->k[1][k] = a->kr[k];
    for (uint8_t k = 0; k < a->n[2]; k++) G->vf[k] = a->f[k], G->k[2][k] = a->kf[k];
    return;
  }
  uint64_t raw = 0;  /* the stub stores the result at offset 0, of its kind */
  t->E->stubs[d->a](fn, a->i, a->r, a->f, &raw);
  BhValue res = {(int64_t)raw, NULL, 0.0};
  memcpy(&res.r, &raw, sizeof res.r);
  memcpy(&res.f, &raw, 8);
  if (t->recording && (t->img->pool[d->c] > JIR_MAXCALLARGS || !jir_isk(F->k[1][fr])))
    stop_recording(t, JIT_ABORT_UNSUPPORTED);
  JRef k = 0;
  if (t->recording && rl_exc_type && (d->b & JC_FX_ALWAYSRAISES) && !(d->b & JC_FX_ELIDABLE)) {
    /* a raise through a helper: the trace goes on to the handler with the
     * exception, after a guard that it is of this class */
    JRef args[JIR_MAXCALLARGS + 1];
    unsigned n = call_refs(t, d, kint(t, (int64_t)(uintptr_t)fn), a, args);
    emit(t, JIR_call_n, n, args, jdescr(t, di));
    JRef cls = kint(t, (int64_t)(uintptr_t)rl_exc_type);
    JRef g = emit(t, JIR_guard_exception, 1, &cls, 0);
    snapshot_after_call(t, F, pc, g, true);
    t->raised_kvalue = g;
  } else if (t->recording && !rl_exc_type) {
    JRef args[JIR_MAXCALLARGS + 1];
    unsigned n = call_refs(t, d, kint(t, (int64_t)(uintptr_t)fn), a, args);
    bool pure = d->b & 4;
    if (pure && all_const(args + 1, n - 1)) {
      k = kind == 'i' ? kint(t, res.i) : kind == 'r' ? kref(t, res.r) : kind == 'f' ? kfloat(t, res.f) : 0;
    } else {
      static const unsigned base[2] = {JIR_call_i, JIR_call_pure_i};
      unsigned off = kind == 'i' ? 0 : kind == 'r' ? 1 : kind == 'f' ? 2 : 3;
      k = emit(t, base[pure] + off, n, args, jdescr(t, di));
      if ((d->b & 1) && !pure)
        snapshot_after_call(t, F, pc, emit(t, JIR_guard_no_exception, 0, NULL, 0), true);
    }
  }
  call_returned(t, F, pc, kind, res, k, !(d->b & 4));
}

/* ---- merge points ------------------------------------------------------------------------ */

/* Where green or red number g (in the driver's order) stands at a merge
 * point whose register lists start at `lists`: its bank, its index in that
 * bank's list (and ABI buffer), its register. */
typedef struct KeySlot {
  uint8_t bank;
  uint16_t index, reg;
} KeySlot;

/* Fills out[0 .. greens+reds) and returns that count. */
static uint32_t driver_key_slots(const JcImage *img, uint32_t driver, const uint8_t *lists,
                                 KeySlot *out) {
  const JcDriver *dr = &img->drivers[driver];
  const uint8_t *kinds = img->pool + dr->kinds_off;
  const uint8_t *lst[JC_NBANKS], *p = lists;
  for (int b = 0; b < JC_NBANKS; b++) {
    lst[b] = p + 1;
    p += 1 + 2 * (size_t)*p;
  }
  uint16_t next[JC_NBANKS] = {0, 0, 0};
  uint32_t n = (uint32_t)dr->ngreens + dr->nreds;
  for (uint32_t g = 0; g < n; g++) {
    int b = jc_bank_of_kind((char)kinds[g]);
    uint16_t k = next[b]++;
    out[g] = (KeySlot){(uint8_t)b, k, jc_u16(lst[b] + 2 * k)};
  }
  return n;
}

static uint32_t key_slots(const Tr *t, const uint8_t *lists, KeySlot *out) {
  return driver_key_slots(t->img, t->driver, lists, out);
}

static bool same_greens(Tr *t, const uint8_t *lists) {
  KeySlot ks[RL_JIT_BUF * 3];
  key_slots(t, lists, ks);
  TrFrame *F = &t->frames[0];
  for (uint16_t g = 0; g < t->img->drivers[t->driver].ngreens; g++) {
    uint16_t r = ks[g].reg, k = ks[g].index;
    if (ks[g].bank == JC_INT && F->vi[r] != t->start_i[k]) return false;
    if (ks[g].bank == JC_REF && F->vr[r] != t->start_r[k]) return false;
    if (ks[g].bank == JC_FLOAT && memcmp(&F->vf[r], &t->start_f[k], 8) != 0) return false;
  }
  return true;
}

/* The refs of greens and reds at the merge point, in the driver's order. */
static unsigned key_refs(Tr *t, const uint8_t *lists, JRef *out) {
  KeySlot ks[RL_JIT_BUF * 3];
  uint32_t n = key_slots(t, lists, ks);
  for (uint32_t g = 0; g < n; g++) out[g] = t->frames[0].k[ks[g].bank][ks[g].reg];
  return n;
}

/* `get_printable_location(greens)` as a debug_merge_point's string
 * descriptor (0 when the driver has none or logging is off). The greens
 * are the registers the merge point op lists (this frame: the portal). */
static uint32_t location_in(Tr *t, const TrFrame *F, uint32_t driver, const uint8_t *lists) {
  const JcDriver *dr = &t->img->drivers[driver];
  if (!t->E->log_locations || dr->printable == JC_NULL_ADDR) return 0;
  KeySlot ks[RL_JIT_BUF * 3];
  driver_key_slots(t->img, driver, lists, ks);
  int64_t ia[RL_JIT_BUF];
  void *ra[RL_JIT_BUF];
  double fa[RL_JIT_BUF];
  for (uint16_t g = 0; g < dr->ngreens; g++) {
    uint16_t r = ks[g].reg, k = ks[g].index;
    if (ks[g].bank == JC_INT) ia[k] = F->vi[r];
    else if (ks[g].bank == JC_REF) ra[k] = F->vr[r];
    else fa[k] = F->vf[r];
  }
  const JcDescr *cd = &t->img->descrs[dr->printable_call];
  void *str = NULL;
  t->E->stubs[cd->a](t->E->addrs[dr->printable], ia, ra, fa, &str);
  if (rl_exc_type || !str) {
    rl_exc_type = NULL;
    rl_exc_value = NULL;
    return 0;
  }
  const RlStr *rs = str;
  JDescr d = {.dkind = JD_STRING, .kind = 'v'};
  size_t n = (size_t)rs->length;
  char buf[210];
  if (n > 200) {  /* a line, not a novel: its two ends */
    memcpy(buf, rs->chars, 97);
    memcpy(buf + 97, "...", 3);
    memcpy(buf + 100, rs->chars + n - 100, 100);
    n = 200;
  } else {
    memcpy(buf, rs->chars, n);
  }
  for (size_t i = 0; i < n; i++)  /* one line in the log, quotes kept apart */
    if (buf[i] == '\n' || buf[i] == '\'' || (unsigned char)buf[i] < 32) buf[i] = ' ';
  d.label = jir_str(t->E->env, buf, n);
  return jir_descr_add(t->E->env, &d);
}

static uint32_t location(Tr *t, const uint8_t *lists) {
  return location_in(t, &t->frames[0], t->driver, lists);
}

/* The refs of the reds at the merge point, in the driver's order. */
static unsigned red_refs(Tr *t, const uint8_t *lists, JRef *out) {
  JRef all[RL_JIT_BUF * 3];
  unsigned n = key_refs(t, lists, all), ng = t->img->drivers[t->driver].ngreens;
  memcpy(out, all + ng, (n - ng) * sizeof *out);
  return n - ng;
}

/* Ends the trace at this merge point: finish(greens..., reds...). */
static void end_with_finish(Tr *t, const uint8_t *lists) {
  JRef refs[RL_JIT_BUF * 3];
  unsigned n = key_refs(t, lists, refs);
  jir_emit(t->T, JIR_finish, n, refs, 0);
  t->out->outcome = TR_LOOP;
  t->out->finishes = true;
  t->out->finish_key_const = all_const(refs, t->img->drivers[t->driver].ngreens);
  t->recording = false;
  write_buffers(t, lists);
  t->finished = true;
}

/* The hash of frame F's green key at a merge point of driver d. */
static uint64_t frame_key_hash(const Tr *t, const TrFrame *F, uint32_t d, const KeySlot *ks) {
  uint64_t h = rl_jit_hash_start(d);
  for (uint16_t g = 0; g < t->img->drivers[d].ngreens; g++) {
    uint16_t r = ks[g].reg;
    uint64_t bits = 0;
    if (ks[g].bank == JC_INT) bits = (uint64_t)F->vi[r];
    else if (ks[g].bank == JC_REF) bits = (uintptr_t)F->vr[r];
    else memcpy(&bits, &F->vf[r], 8);
    h = rl_jit_hash_step(h, bits);
  }
  return h;
}

/* A hash of the green key at a merge point (this frame: the portal). */
static uint64_t green_hash(Tr *t, const uint8_t *lists) {
  KeySlot ks[RL_JIT_BUF * 3];
  key_slots(t, lists, ks);
  return frame_key_hash(t, &t->frames[0], t->driver, ks);
}

/* A bridge goes on through merge points (as PyPy's do) until it reaches a
 * key with a compiled loop, where it finishes into that loop, or a key it
 * passed already (a cycle of keys none of which has a loop yet: the
 * interpreter counts them, and the finish finds their loop once there is
 * one), or half the trace limit (a long bridge is worth keeping whole
 * rather than aborting it). A hash collision only ends a bridge early. */
static bool bridge_ends_here(Tr *t, const uint8_t *lists) {
  write_buffers(t, lists);
  if (t->E->has_loop && t->E->has_loop(t->E->user, t->driver)) return true;
  if (t->nops >= t->E->trace_limit / 2) return true;
  uint64_t h = green_hash(t, lists);
  for (uint32_t i = 0; i < t->npassed; i++)
    if (t->passed[i] == h) return true;
  if (t->npassed == t->passed_cap) {
    t->passed_cap = t->passed_cap ? 2 * t->passed_cap : 16;
    t->passed = realloc(t->passed, t->passed_cap * sizeof *t->passed);
    if (!t->passed) jir_oom();
  }
  t->passed[t->npassed++] = h;
  return false;
}

/* The trace descr of driver d's call_assembler: call_portal's signature
 * (the cell, then the reds) and a portal's effects. */
static uint32_t assembler_descr(Tr *t, uint32_t d) {
  TrEnv *E = t->E;
  if (E->ca_descr[d]) return E->ca_descr[d];
  const JcDriver *dr = &t->img->drivers[d];
  const uint8_t *kinds = t->img->pool + dr->kinds_off;
  JDescr x;
  memset(&x, 0, sizeof x);
  x.dkind = JD_CALL;
  x.kind = t->img->codes[dr->portal].result_kind;
  x.size = 8;
  x.argkinds[x.nargs++] = 'r';
  for (uint16_t g = dr->ngreens; g < dr->ngreens + dr->nreds; g++) x.argkinds[x.nargs++] = (char)kinds[g];
  x.effects = JEF_CANRAISE | JEF_CANMALLOC;
  if (dr->flags & JC_DRIVER_FRAMES_CONFINED) x.effects |= JEF_VABLE_ARGS;
  const char *dn = jc_str(t->img, dr->name);
  char label[200];
  int ln = snprintf(label, sizeof label, "call_assembler %s", dn);
  x.label = jir_str(E->env, label, (size_t)ln < sizeof label ? (size_t)ln : sizeof label - 1);
  char nm[24];
  int nl = snprintf(nm, sizeof nm, "ca%u", d);
  x.name = jir_str(E->env, nm, (size_t)nl);
  return E->ca_descr[d] = jir_descr_add(E->env, &x);
}

/* Register r of bank b of the top frame becomes a constant of the trace
 * (a guard_value when it is not one yet). */
static void promote_reg(Tr *t, TrFrame *F, int b, uint16_t r) {
  JRef k = F->k[b][r];
  if (!t->recording || jir_isk(k)) return;
  JRef c = b == 0 ? kint(t, F->vi[r]) : b == 1 ? kref(t, F->vr[r]) : kfloat(t, F->vf[r]);
  if (b == 2) guard(t, JIR_guard_true, 1,
                    (JRef[]){emit(t, JIR_float_eq, 2, (JRef[]){k, c}, 0)});
  else guard(t, JIR_guard_value, 2, (JRef[]){k, c});
  F->k[b][r] = c;
  vc_promoted(t, k, c);
}

/* A portal frame that a residual call of the portal entered (not the
 * trace's own) is at its merge point: the rest of the call runs as
 * call_assembler. Its green key becomes constant, the runtime's
 * call_portal(cell of the key, reds...) is made and recorded, and its
 * result goes to the caller frame, which waits at that residual call. */
static void call_assembler(Tr *t, uint32_t d, const KeySlot *ks, void *cell) {
  TrEnv *E = t->E;
  TrFrame *F = top(t);
  const JcDriver *dr = &t->img->drivers[d];
  int64_t reds[TR_CA_MAXREDS] = {0};
  JRef args[TR_CA_MAXREDS + 2];
  unsigned na = 2;
  for (uint32_t g = 0; g < (uint32_t)dr->ngreens + dr->nreds; g++) {
    int b = ks[g].bank;
    uint16_t r = ks[g].reg;
    if (g < dr->ngreens) {
      promote_reg(t, F, b, r);
    } else {
      reds[na - 2] = b == 0 ? F->vi[r] : (int64_t)(uintptr_t)F->vr[r];
      args[na++] = F->k[b][r];
    }
  }
  char kind = F->code->result_kind;
  pop_frame(t);
  TrFrame *G = top(t);
  int64_t raw = E->call_portal(cell, reds[0], reds[1], reds[2], reds[3], reds[4]);
  JRef k = 0;
  if (t->recording && !rl_exc_type) {
    args[0] = kint(t, (int64_t)(uintptr_t)E->call_portal);
    args[1] = kref(t, cell);
    unsigned off = kind == 'i' ? 0 : kind == 'r' ? 1 : 3;
    k = emit(t, JIR_call_i + off, na, args, assembler_descr(t, d));
    snapshot_after_call(t, G, G->call, emit(t, JIR_guard_no_exception, 0, NULL, 0), true);
  }
  BhValue res = {raw, (void *)(uintptr_t)raw, 0.0};
  call_returned(t, G, G->call, kind, res, k, true);
}

/* The warm state's cell of the green key frame F holds (key slots ks of
 * driver d). */
static void *frame_cell(Tr *t, const TrFrame *F, uint32_t d, const KeySlot *ks) {
  int64_t gi[RL_JIT_BUF];
  void *gr[RL_JIT_BUF];
  double gf[RL_JIT_BUF];
  for (uint16_t g = 0; g < t->img->drivers[d].ngreens; g++) {
    uint16_t r = ks[g].reg, k = ks[g].index;
    if (ks[g].bank == JC_INT) gi[k] = F->vi[r];
    else if (ks[g].bank == JC_REF) gr[k] = F->vr[r];
    else gf[k] = F->vf[r];
  }
  void *cell = t->E->portal_cell(t->E->user, d, gi, gr, gf);
  if (!cell) jir_oom();
  return cell;
}

/* The value of the first int green among key slots ks (0: none). */
static int64_t first_int_green(const Tr *t, const TrFrame *F, uint32_t d, const KeySlot *ks) {
  for (uint16_t g = 0; g < t->img->drivers[d].ngreens; g++)
    if (ks[g].bank == JC_INT) return F->vi[ks[g].reg];
  return 0;
}

/* An unrolled level of recursion (frame F) at a merge point: when its int
 * green went back (a loop in the callee, which unrolling would copy into
 * the trace iteration by iteration), recording stops and the cell is
 * named for not unrolling it again. True when it stopped. */
static bool unrolled_loops(Tr *t, TrFrame *F, uint32_t d, const uint8_t *lists) {
  KeySlot ks[RL_JIT_BUF * 3];
  driver_key_slots(t->img, d, lists, ks);
  int64_t pc = first_int_green(t, F, d, ks);
  if (pc >= F->unroll_pc) {
    F->unroll_pc = pc;
    return false;
  }
  t->out->unrolled = F->unrolled;
  stop_recording(t, JIT_ABORT_UNROLLED_LOOP);
  return true;
}

/* A portal frame a recursive call entered is at its merge point while
 * recording: its body is traced into (PyPy inlines calls of the user's
 * functions) unless that would recurse — into a key an enclosing inlined
 * frame was entered at, or into the trace's own key when that key may not
 * be unrolled —, nest more than TR_MAX_INLINE portals, or the key was
 * marked not to inline (a trace that inlined it grew too long). Its
 * greens become constants. A function trace calling itself inlines one
 * level of that recursion (PyPy: max_unroll_recursion): one call_assembler
 * and one frame allocation then do the work of up to three calls; a level
 * that loops stops the trace and is not unrolled again (unrolled_loops).
 * Up to TR_SMALL_UNROLL levels when the level before is small: fewer than
 * TR_SMALL_LEVEL ops from its entry to the recursive call (fib.lua's
 * 76: 21% faster with two levels, 6% more with three, no better with
 * four, where the call is most of the work; towers.lua's move_disks, 148
 * ops, took 2x as long unrolled twice, with three times the bridges and
 * trace ops to compile). */
enum { TR_SMALL_LEVEL = 100, TR_SMALL_UNROLL = 3 };

static bool try_inline(Tr *t, uint32_t d, const uint8_t *lists, const KeySlot *ks, void *cell) {
  TrEnv *E = t->E;
  TrFrame *F = top(t);
  if (!E->may_inline) return false;
  uint64_t h = frame_key_hash(t, F, d, ks);
  bool seen = t->start_i && d == t->driver && h == t->start_hash;
  unsigned nested = 0, same = 0;
  uint32_t level = 0;  /* ops of the inlined level at key h */
  for (uint32_t k = 1; k + 1 < t->depth; k++) {
    if (!t->frames[k].portal_inlined) continue;
    if (t->frames[k].key_hash == h) {
      same++;
      level = t->T->nins - t->frames[k].inlined_at;
    }
    nested++;
  }
  if (same >= TR_SMALL_UNROLL || (same >= 1 && level >= TR_SMALL_LEVEL)) return false;
  if (seen && (!E->may_unroll || !E->may_unroll(E->user, cell))) return false;
  if (nested >= TR_MAX_INLINE || !E->may_inline(E->user, cell)) return false;
  for (uint16_t g = 0; g < t->img->drivers[d].ngreens; g++) promote_reg(t, F, ks[g].bank, ks[g].reg);
  F->portal_inlined = true;
  F->key_hash = h;
  F->inlined_at = t->T->nins;
  F->unrolled = seen || same ? cell : NULL;
  F->unroll_pc = first_int_green(t, F, d, ks);
  if (!t->out->inlined) t->out->inlined = cell;
  if (counting(t)) jir_emit(t->T, JIR_debug_merge_point, 0, NULL, location_in(t, F, d, lists));
  return true;
}

static void merge_point(Tr *t, const uint8_t *pc) {
  const uint8_t *lists = pc + 5;
  TrFrame *F = top(t);
  F->pc = pc + jc_op_length(pc, F->base + F->code->code_size);
  bool loop_header = F->loop_header;
  F->loop_header = false;
  if (t->depth != 1) {  /* a portal called from a trace: inlined, or call_assembler */
    uint32_t d = assembler_driver(t->E, F->ci);
    if (d == UINT32_MAX) return;
    if (t->recording && F->portal_inlined && !loop_header) {
      if (F->unrolled && unrolled_loops(t, F, d, lists)) return;
      if (counting(t)) jir_emit(t->T, JIR_debug_merge_point, 0, NULL, location_in(t, F, d, lists));
      return;
    }
    KeySlot ks[RL_JIT_BUF * 3];
    driver_key_slots(t->img, d, lists, ks);
    void *cell = frame_cell(t, F, d, ks);
    /* an inlined callee that loops calls its loop instead (PyPy) */
    if (t->recording && !F->portal_inlined && try_inline(t, d, lists, ks, cell)) return;
    call_assembler(t, d, ks, cell);
    return;
  }
  if (!t->recording) {
    write_buffers(t, lists);
    finish(t, TR_ABORT);
    return;
  }
  if (t->bridge) {
    if (bridge_ends_here(t, lists)) end_with_finish(t, lists);
    else if (counting(t)) jir_emit(t->T, JIR_debug_merge_point, 0, NULL, location(t, lists));
    return;
  }
  if (same_greens(t, lists)) {
    JRef reds[RL_JIT_BUF * 3];
    unsigned n = red_refs(t, lists, reds);
    jir_emit(t->T, JIR_jump, n, reds, t->target);
    t->out->outcome = TR_LOOP;
    t->recording = false;
    write_buffers(t, lists);
    t->finished = true;
    return;
  }
  if (t->E->has_loop) {  /* runs into a compiled loop: leave for it */
    write_buffers(t, lists);
    if (t->E->has_loop(t->E->user, t->driver)) {
      end_with_finish(t, lists);
      return;
    }
  }
  if (counting(t)) jir_emit(t->T, JIR_debug_merge_point, 0, NULL, location(t, lists));
}

/* ---- operations ------------------------------------------------------------------------ */

/* Integer ops of two operands (ii>i) and one (i>i); false when they raised. */
static bool exec_int(JcOp op, int64_t a, int64_t b, int64_t *r) {
  uint64_t x = (uint64_t)a, y = (uint64_t)b;
  switch (op) {
  case JC_int_add: *r = (int64_t)(x + y); return true;
  case JC_int_sub: *r = (int64_t)(x - y); return true;
  case JC_int_mul: *r = (int64_t)(x * y); return true;
  case JC_int_floordiv: return bh_int_floordiv(a, b, r);
  case JC_int_mod: return bh_int_mod(a, b, r);
  case JC_int_and: *r = a & b; return true;
  case JC_int_or: *r = a | b; return true;
  case JC_int_xor: *r = a ^ b; return true;
  case JC_int_lshift: *r = bh_int_lshift(a, b); return true;
  case JC_int_rshift: *r = bh_int_rshift(a, b); return true;
  case JC_uint_rshift: *r = bh_uint_rshift(a, b); return true;
  case JC_uint_floordiv: return bh_uint_floordiv(a, b, r);
  case JC_uint_mod: return bh_uint_mod(a, b, r);
  case JC_int_neg: *r = (int64_t)(0 - x); return true;
  case JC_int_abs: *r = bh_int_abs(a); return true;
  case JC_int_invert: *r = ~a; return true;
  case JC_int_is_true: *r = a != 0; return true;
  case JC_int_is_zero: *r = a == 0; return true;
  case JC_int_lt: *r = a < b; return true;
  case JC_int_le: *r = a <= b; return true;
  case JC_int_eq: *r = a == b; return true;
  case JC_int_ne: *r = a != b; return true;
  case JC_int_gt: *r = a > b; return true;
  case JC_int_ge: *r = a >= b; return true;
  case JC_uint_lt: *r = x < y; return true;
  case JC_uint_le: *r = x <= y; return true;
  case JC_uint_gt: *r = x > y; return true;
  case JC_uint_ge: *r = x >= y; return true;
  case JC_int_add_ovf: return bh_int_add_ovf(a, b, r);
  case JC_int_sub_ovf: return bh_int_sub_ovf(a, b, r);
  case JC_int_mul_ovf: return bh_int_mul_ovf(a, b, r);
  case JC_int_neg_ovf: return bh_int_sub_ovf(0, a, r);
  default: *r = 0; return true;
  }
}

static double exec_float(JcOp op, double a, double b) {
  switch (op) {
  case JC_float_add: return a + b;
  case JC_float_sub: return a - b;
  case JC_float_mul: return a * b;
  case JC_float_truediv: return a / b;
  case JC_float_neg: return -a;
  case JC_float_abs: return a < 0 ? -a : a == 0 ? 0.0 : a;
  default: return 0.0;
  }
}

static int64_t exec_fcmp(JcOp op, double a, double b) {
  switch (op) {
  case JC_float_lt: return a < b;
  case JC_float_le: return a <= b;
  case JC_float_eq: return a == b;
  case JC_float_ne: return a != b;
  case JC_float_gt: return a > b;
  case JC_float_ge: return a >= b;
  case JC_float_is_true: return a != 0.0;
  default: return 0;
  }
}

static bool is_shift(JcOp op) {
  return op == JC_int_lshift || op == JC_int_rshift || op == JC_uint_rshift;
}
static bool is_ovf(JcOp op) {
  return op == JC_int_add_ovf || op == JC_int_sub_ovf || op == JC_int_mul_ovf ||
         op == JC_int_neg_ovf;
}

/* A shift by count kb (now count): the trace IR's shifts take counts
 * 0..63, so a count not known is guarded to stay on the side of 64 it
 * is on now; from 64 on the result is 0, or a's sign for int_rshift
 * (a count computed at run time used to abort the trace). */
static JRef record_shift(Tr *t, JcOp op, JRef ka, JRef kb, uint64_t count) {
  if (!jir_isk(kb)) {
    JRef small = emit(t, JIR_uint_lt, 2, (JRef[]){kb, kint(t, 64)}, 0);
    guard(t, count < 64 ? JIR_guard_true : JIR_guard_false, 1, &small);
  }
  if (count >= 64) {
    if (op != JC_int_rshift) return kint(t, 0);
    kb = kint(t, 63);
  }
  return emit(t, t->E->jir_of[op], 2, (JRef[]){ka, kb}, 0);
}

/* Records an int-bank op (b: its second operand's value now); its trace
 * ref. */
static JRef record_int(Tr *t, JcOp op, JRef ka, JRef kb, int unary, int64_t b, int64_t v) {
  if (!t->recording) return 0;
  if (jir_isk(ka) && jir_isk(kb)) return kint(t, v);  /* constants fold as they run */
  if (is_shift(op)) return record_shift(t, op, ka, kb, (uint64_t)b);
  if (op == JC_int_neg_ovf) {
    JRef r = emit(t, JIR_int_sub_ovf, 2, (JRef[]){kint(t, 0), ka}, 0);
    guard(t, JIR_guard_no_overflow, 0, NULL);
    return r;
  }
  unsigned j = t->E->jir_of[op];
  if (!j) {
    stop_recording(t, JIT_ABORT_UNSUPPORTED);
    return 0;
  }
  JRef args[2] = {ka, kb};
  JRef r = emit(t, j, unary ? 1 : 2, args, 0);
  if (is_ovf(op)) guard(t, JIR_guard_no_overflow, 0, NULL);
  return r;
}

/* a <= b < c, as two comparisons and an and in the trace. */
static void op_between(Tr *t, TrFrame *F, const uint8_t *pc) {
  const uint8_t *p = pc + 1;
  uint16_t a = rd16(&p), b = rd16(&p), c = rd16(&p), r = rd16(&p);
  F->vi[r] = F->vi[a] <= F->vi[b] && F->vi[b] < F->vi[c];
  F->pc = p;
  if (jir_isk(F->k[0][a]) && jir_isk(F->k[0][b]) && jir_isk(F->k[0][c])) {
    F->k[0][r] = kint(t, F->vi[r]);
    return;
  }
  JRef k1 = emit(t, JIR_int_le, 2, (JRef[]){F->k[0][a], F->k[0][b]}, 0);
  JRef k2 = emit(t, JIR_int_lt, 2, (JRef[]){F->k[0][b], F->k[0][c]}, 0);
  F->k[0][r] = emit(t, JIR_int_and, 2, (JRef[]){k1, k2}, 0);
  F->pc = p;
}

static void op_int(Tr *t, TrFrame *F, const uint8_t *pc, JcOp op) {
  if (op == JC_int_between) {
    op_between(t, F, pc);
    return;
  }
  bool unary = jc_op_info[op].args[1] == '>';
  const uint8_t *p = pc + 1;
  uint16_t a = rd16(&p), b = unary ? a : rd16(&p), r = rd16(&p);
  int64_t v;
  bool ok = exec_int(op, F->vi[a], F->vi[b], &v);
  if (!ok) {
    unwind(t, p);
    return;
  }
  JRef k = record_int(t, op, F->k[0][a], F->k[0][b], unary, F->vi[b], v);
  F->vi[r] = v;
  F->k[0][r] = k;
  F->pc = p;
}

static void op_float(Tr *t, TrFrame *F, const uint8_t *pc, JcOp op) {
  const char *args = jc_op_info[op].args;
  bool unary = args[1] == '>';
  bool cmp = args[strlen(args) - 1] == 'i';
  const uint8_t *p = pc + 1;
  uint16_t a = rd16(&p), b = unary ? a : rd16(&p), r = rd16(&p);
  JRef ka = F->k[2][a], kb = F->k[2][b], k = 0;
  if (op == JC_float_floordiv || op == JC_float_mod) {
    stop_recording(t, JIT_ABORT_UNSUPPORTED);
    double q = op == JC_float_floordiv ? rt_float_floordiv(F->vf[a], F->vf[b])
                                       : rt_float_mod(F->vf[a], F->vf[b]);
    F->vf[r] = q;
    F->pc = p;
    return;
  }
  if (t->recording && jir_isk(ka) && jir_isk(kb)) {
    if (cmp) F->vi[r] = exec_fcmp(op, F->vf[a], F->vf[b]), F->k[0][r] = kint(t, F->vi[r]);
    else F->vf[r] = exec_float(op, F->vf[a], F->vf[b]), F->k[2][r] = kfloat(t, F->vf[r]);
    F->pc = p;
    return;
  }
  if (t->recording) {
    if (op == JC_float_is_true) k = emit(t, JIR_float_ne, 2, (JRef[]){ka, kfloat(t, 0.0)}, 0);
    else k = emit(t, t->E->jir_of[op], unary ? 1 : 2, (JRef[]){ka, kb}, 0);
  }
  if (cmp) {
    F->vi[r] = exec_fcmp(op, F->vf[a], F->vf[b]);
    F->k[0][r] = k;
  } else {
    F->vf[r] = exec_float(op, F->vf[a], F->vf[b]);
    F->k[2][r] = k;
  }
  F->pc = p;
}

/* Copies and casts between banks. */
static void op_move(Tr *t, TrFrame *F, const uint8_t *pc, JcOp op) {
  const uint8_t *p = pc + 1;
  uint16_t a = rd16(&p), r = rd16(&p);
  switch (op) {
  case JC_int_copy: F->vi[r] = F->vi[a]; F->k[0][r] = F->k[0][a]; break;
  case JC_ref_copy: F->vr[r] = F->vr[a]; F->k[1][r] = F->k[1][a]; break;
  case JC_float_copy: F->vf[r] = F->vf[a]; F->k[2][r] = F->k[2][a]; break;
  case JC_cast_int_to_float:
    F->vf[r] = (double)F->vi[a];
    F->k[2][r] = emit(t, JIR_cast_int_to_float, 1, &F->k[0][a], 0);
    break;
  case JC_cast_float_to_int:
    F->vi[r] = bh_float_to_int(F->vf[a]);
    F->k[0][r] = emit(t, JIR_cast_float_to_int, 1, &F->k[2][a], 0);
    break;
  case JC_cast_uint_to_float:
    stop_recording(t, JIT_ABORT_UNSUPPORTED);
    F->vf[r] = (double)(uint64_t)F->vi[a];
    break;
  default: break;
  }
  F->pc = p;
}

static void op_ptr(Tr *t, TrFrame *F, const uint8_t *pc, JcOp op) {
  const uint8_t *p = pc + 1;
  uint16_t a = rd16(&p), b = op == JC_ptr_eq || op == JC_ptr_ne ? rd16(&p) : a, r = rd16(&p);
  void *x = F->vr[a], *y = op == JC_ptr_eq || op == JC_ptr_ne ? F->vr[b] : NULL;
  JRef kb = op == JC_ptr_eq || op == JC_ptr_ne ? F->k[1][b] : kref(t, NULL);
  bool eq = op == JC_ptr_eq || op == JC_ptr_iszero;
  F->vi[r] = eq ? x == y : x != y;
  bool null_test = op == JC_ptr_iszero || op == JC_ptr_nonzero;  /* an allocation is never NULL */
  if ((jir_isk(F->k[1][a]) && jir_isk(kb)) || (null_test && fresh_obj(t, F->k[1][a])))
    F->k[0][r] = kint(t, F->vi[r]);
  else F->k[0][r] = emit(t, eq ? JIR_ptr_eq : JIR_ptr_ne, 2, (JRef[]){F->k[1][a], kb}, 0);
  F->pc = p;
}

static bool is_frozen(const Tr *t, const void *obj) {
  for (uint32_t k = 0; k < t->nfrozen; k++)
    if (t->frozen[k] == obj) return true;
  return false;
}

static void freeze(Tr *t, const void *obj) {
  if (!t->recording || !obj || is_frozen(t, obj)) return;
  JIR_GROW(t->frozen, t->frozen_cap, t->nfrozen + 1);
  t->frozen[t->nfrozen++] = obj;
}

/* The trace reads quasi-immutable field (obj, offset) as a constant. */
static void depend_on(Tr *t, void *obj, int64_t offset) {
  TrResult *r = t->out;
  for (uint32_t k = 0; k < r->nq; k++)
    if (r->qobj[k] == obj && r->qofs[k] == offset) return;
  if (r->nq == r->qcap) {
    r->qcap = r->qcap ? 2 * r->qcap : 4;
    r->qobj = realloc(r->qobj, r->qcap * sizeof *r->qobj);
    r->qofs = realloc(r->qofs, r->qcap * sizeof *r->qofs);
    if (!r->qobj || !r->qofs) jir_oom();
  }
  rt_gc_identityhash(obj);  /* found by address when written: pinned */
  r->qobj[r->nq] = obj;
  r->qofs[r->nq++] = offset;
}

/* The cache that knows field d of objects the trace did not allocate. */
static VCache *cache_of_field(Tr *t, const JcDescr *d) {
  if (d->flags & (JC_MEM_VABLE | JC_MEM_VABLE_ITEMS)) return &t->vc;
  return (d->flags & JC_MEM_IMMUTABLE) ? &t->ic : &t->hc;
}

/* The cache that answers reads of field d (bank b) of object ko, NULL:
 * none (ko is a constant, or fresh: Fresh answers). */
static VCache *field_cache(Tr *t, const JcDescr *d, int b, JRef ko) {
  return cacheable(d, b) && vc_object(t, ko) ? cache_of_field(t, d) : NULL;
}

static void op_getfield(Tr *t, TrFrame *F, const uint8_t *pc, int b) {
  const uint8_t *p = pc + 1;
  uint16_t o = rd16(&p);
  uint32_t di = rd32(&p);
  uint16_t r = rd16(&p);
  const JcDescr *d = &t->img->descrs[di];
  const char *at = (const char *)F->vr[o] + d->a;
  JRef ko = F->k[1][o], k;
  if (b == 0) F->vi[r] = bh_load_int(at, d);
  else if (b == 1) F->vr[r] = bh_load_ref(at);
  else F->vf[r] = bh_load_float(at);
  bool frozen = jir_isk(ko) && is_frozen(t, F->vr[o]);
  bool quasi = jir_isk(ko) && (d->flags & JC_MEM_QUASI) && t->recording;
  if (quasi) depend_on(t, F->vr[o], d->a);  /* a write invalidates the trace */
  bool cached = is_fresh(t, ko) && cacheable(d, b);
  const VEntry *known = cached ? fresh_find(t, ko, di, -1) : NULL;
  VCache *vc = field_cache(t, d, b, ko);
  JRef vk = vc ? vc_get(t, vc, ko, di, -1) : 0;
  if (jir_isk(ko) && ((d->flags & JC_MEM_IMMUTABLE) || frozen || quasi)) {  /* a constant's constant field */
    k = b == 0 ? kint(t, F->vi[r]) : b == 1 ? kref(t, F->vr[r]) : kfloat(t, F->vf[r]);
    if (b == 1 && (frozen || (d->flags & JC_MEM_ITEMS_IMMUTABLE)))  /* the list, its items */
      freeze(t, F->vr[r]);
  } else if (known && known->value) {
    k = known->value;  /* what the trace stored there */
  } else if (vk) {
    k = known_value(t, vk);  /* read or stored before */
  } else {
    if (b == 1) escape_contents(t, ko);
    k = emit(t, JIR_getfield_gc_i + (unsigned)b, 1, &ko, t->recording ? jdescr(t, di) : 0);
    if ((d->flags & JC_MEM_CLASS) && b == 1 && t->recording && F->vr[r]) {
      JRef c = kref(t, F->vr[r]);  /* the class becomes a constant */
      guard(t, JIR_guard_value, 2, (JRef[]){k, c});
      k = c;
    }
    if (k && cached) fresh_put(t, ko, di, -1, k);
    if (vc) vc_put(t, vc, ko, di, -1, k);
  }
  F->k[b][r] = k;
  F->pc = p;
}

static void op_setfield(Tr *t, TrFrame *F, const uint8_t *pc, int b) {
  const uint8_t *p = pc + 1;
  uint16_t o = rd16(&p), v = rd16(&p);
  uint32_t di = rd32(&p);
  const JcDescr *d = &t->img->descrs[di];
  char *at = (char *)F->vr[o] + d->a;
  if (b == 0) bh_store_int(at, d, F->vi[v]);
  else if (b == 1) bh_store_ref_wb(F->vr[o], at, d, F->vr[v]);
  else bh_store_float(at, F->vf[v]);
  JRef ko = F->k[1][o];
  emit(t, JIR_setfield_gc, 2, (JRef[]){ko, F->k[b][v]}, t->recording ? jdescr(t, di) : 0);
  if (is_fresh(t, ko) && cacheable(d, b)) fresh_put(t, ko, di, -1, F->k[b][v]);
  if (t->recording && !is_fresh(t, ko)) {  /* another reference may name ko */
    VCache *vc = cache_of_field(t, d);
    vc_forget_others(vc, jir_isk(ko) ? JREF_NONE : ko, di, false);
    if (vc_object(t, ko) && cacheable(d, b)) vc_put(t, vc, ko, di, -1, F->k[b][v]);
  }
  F->pc = p;
}

static void op_getitem(Tr *t, TrFrame *F, const uint8_t *pc, int b) {
  const uint8_t *p = pc + 1;
  uint16_t o = rd16(&p), i = rd16(&p);
  uint32_t di = rd32(&p);
  uint16_t r = rd16(&p);
  const JcDescr *d = &t->img->descrs[di];
  void *at = bh_item(F->vr[o], d, F->vi[i]);
  if (b == 0) F->vi[r] = bh_load_int(at, d);
  else if (b == 1) F->vr[r] = bh_load_ref(at);
  else F->vf[r] = bh_load_float(at);
  JRef ko = F->k[1][o], ki = F->k[0][i];
  bool cached = is_fresh(t, ko) && jir_isk(ki) && cacheable(d, b);
  const VEntry *known = cached ? fresh_find(t, ko, di, F->vi[i]) : NULL;
  bool vable = jir_isk(ki) && cacheable(d, b) && vc_vable_array(t, ko);
  JRef vk = vable ? vc_get(t, &t->vc, ko, di, F->vi[i]) : 0;
  if (jir_isk(ko) && jir_isk(ki) && ((d->flags & JC_MEM_IMMUTABLE) || is_frozen(t, F->vr[o]))) {
    F->k[b][r] = b == 0 ? kint(t, F->vi[r]) : b == 1 ? kref(t, F->vr[r]) : kfloat(t, F->vf[r]);
  } else if (known && known->value) {
    F->k[b][r] = known->value;  /* what the trace stored there */
  } else if (vk) {
    F->k[b][r] = known_value(t, vk);  /* a virtualizable's item, read or stored before */
  } else {
    if (b == 1) escape_contents(t, ko);
    F->k[b][r] = emit(t, JIR_getarrayitem_gc_i + (unsigned)b, 2, (JRef[]){ko, ki},
                      t->recording ? jdescr(t, di) : 0);
    if (cached && F->k[b][r]) fresh_put(t, ko, di, F->vi[i], F->k[b][r]);
    if (vable) vc_put(t, &t->vc, ko, di, F->vi[i], F->k[b][r]);
  }
  F->pc = p;
}

static void op_setitem(Tr *t, TrFrame *F, const uint8_t *pc, int b) {
  const uint8_t *p = pc + 1;
  uint16_t o = rd16(&p), i = rd16(&p), v = rd16(&p);
  uint32_t di = rd32(&p);
  const JcDescr *d = &t->img->descrs[di];
  void *at = bh_item(F->vr[o], d, F->vi[i]);
  if (b == 0) bh_store_int(at, d, F->vi[v]);
  else if (b == 1) bh_store_ref_wb(F->vr[o], at, d, F->vr[v]);
  else bh_store_float(at, F->vf[v]);
  JRef ko = F->k[1][o], ki = F->k[0][i];
  bool fresh = is_fresh(t, ko), cached = fresh && jir_isk(ki) && cacheable(d, b);
  if (fresh && !cached) {
    fresh_forget_items(t, ko, di);  /* which item changed is not known */
    escape(t, F->k[b][v]);
  }
  emit(t, JIR_setarrayitem_gc, 3, (JRef[]){ko, ki, F->k[b][v]}, t->recording ? jdescr(t, di) : 0);
  if (cached) fresh_put(t, ko, di, F->vi[i], F->k[b][v]);
  if (t->recording && !fresh) {
    bool vable = vc_vable_array(t, ko);
    if (t->vc.n && (vable || !vc_surely_other_array(t, ko))) vc_forget_others(&t->vc, ko, di, true);
    if (vable && !jir_isk(ki)) vc_forget_items(&t->vc, ko, di);
    else if (vable && cacheable(d, b)) vc_put(t, &t->vc, ko, di, F->vi[i], F->k[b][v]);
  }
  F->pc = p;
}

static void op_arraylen(Tr *t, TrFrame *F, const uint8_t *pc) {
  const uint8_t *p = pc + 1;
  uint16_t o = rd16(&p);
  uint32_t di = rd32(&p);
  uint16_t r = rd16(&p);
  const JcDescr *d = &t->img->descrs[di];
  F->vi[r] = bh_arraylen(F->vr[o], d);
  const FreshObj *a = fresh_obj(t, F->k[1][o]);
  JRef ka = F->k[1][o];
  bool vable = vc_vable_array(t, ka);
  JRef vk = vable ? vc_get(t, &t->vc, ka, di, -2) : 0;
  if (jir_isk(ka)) {  /* an array's length never changes */
    F->k[0][r] = kint(t, F->vi[r]);
  } else if (a && a->len) {  /* the length the trace allocated it with */
    F->k[0][r] = a->len;
  } else if (vk) {
    F->k[0][r] = vk;
  } else {
    F->k[0][r] = emit(t, JIR_arraylen_gc, 1, &ka, t->recording ? jdescr(t, di) : 0);
    bool at_live = F->live_pc != UINT32_MAX && F->base + F->live_pc + 5 == pc;
    if (vable && F->k[0][r] && at_live) {  /* a frame's list: as long for every run of the trace */
      JRef c = kint(t, F->vi[r]);
      guard(t, JIR_guard_value, 2, (JRef[]){F->k[0][r], c});
      F->k[0][r] = c;
      vc_put(t, &t->vc, ka, di, -2, c);
    } else if (vable) {
      vc_put(t, &t->vc, ka, di, -2, F->k[0][r]);
    }
  }
  F->pc = p;
}

static void op_new(Tr *t, TrFrame *F, const uint8_t *pc, bool array) {
  const uint8_t *p = pc + 1;
  uint16_t n = array ? rd16(&p) : 0;
  uint32_t di = rd32(&p);
  uint16_t r = rd16(&p);
  const JcDescr *d = &t->img->descrs[di];
  void *obj = array ? bh_new_array(d, F->vi[n]) : bh_new(d, t->E->addrs);
  if (!obj) {
    unwind(t, p);
    return;
  }
  F->vr[r] = obj;
  F->k[1][r] = array ? emit(t, JIR_new_array_clear, 1, &F->k[0][n], t->recording ? jdescr(t, di) : 0)
                     : emit(t, JIR_new, 0, NULL, t->recording ? jdescr(t, di) : 0);
  note_alloc(t, F->k[1][r], array ? F->k[0][n] : 0);
  F->pc = p;
}

/* ---- control ------------------------------------------------------------------------------ */

static void op_goto_if_not(Tr *t, TrFrame *F, const uint8_t *pc) {
  const uint8_t *p = pc + 1;
  uint16_t c = rd16(&p);
  uint32_t l = rd32(&p);
  int64_t v = F->vi[c];
  JRef k = F->k[0][c];
  if (t->recording && !jir_isk(k)) guard(t, v ? JIR_guard_true : JIR_guard_false, 1, &k);
  F->pc = v ? p : F->base + l;
}

static void op_switch(Tr *t, TrFrame *F, const uint8_t *pc) {
  const uint8_t *p = pc + 1;
  uint16_t c = rd16(&p);
  uint32_t di = rd32(&p);
  int64_t v = F->vi[c];
  JRef k = F->k[0][c];
  if (t->recording && !jir_isk(k)) {
    guard(t, JIR_guard_value, 2, (JRef[]){k, kint(t, v)});
    F->k[0][c] = kint(t, v);
    vc_promoted(t, k, F->k[0][c]);
  }
  F->pc = F->base + bh_switch_target(t->img, &t->img->descrs[di], v);
}

static void op_guard_value(Tr *t, TrFrame *F, const uint8_t *pc, int b) {
  const uint8_t *p = pc + 1;
  uint16_t r = rd16(&p);
  JRef k = F->k[b][r];
  F->pc = p;
  if (!t->recording || jir_isk(k)) return;
  if (b == 2) {  /* guard_value takes i or r */
    stop_recording(t, JIT_ABORT_UNSUPPORTED);
    return;
  }
  JRef c = b == 0 ? kint(t, F->vi[r]) : kref(t, F->vr[r]);
  guard(t, JIR_guard_value, 2, (JRef[]){k, c});
  F->k[b][r] = c;
  vc_promoted(t, k, c);
}

static void op_return(Tr *t, TrFrame *F, const uint8_t *pc, JcOp op) {
  BhValue v = {0, NULL, 0.0};
  JRef k = 0;
  char kind = 'v';
  if (op != JC_void_return) {
    uint16_t r = jc_u16(pc + 1);
    kind = op == JC_int_return ? 'i' : op == JC_ref_return ? 'r' : 'f';
    if (kind == 'i') v.i = F->vi[r], k = F->k[0][r];
    else if (kind == 'r') v.r = F->vr[r], k = F->k[1][r];
    else v.f = F->vf[r], k = F->k[2][r];
  }
  do_return(t, kind, v, k);
}

static void op_raise(Tr *t, TrFrame *F, const uint8_t *pc, JcOp op) {
  if (op == JC_raise) {
    rl_exc_type = F->vr[jc_u16(pc + 1)];
    rl_exc_value = F->vr[jc_u16(pc + 3)];
    if (t->recording && jir_isk(F->k[1][jc_u16(pc + 1)]))
      t->raised_kvalue = F->k[1][jc_u16(pc + 3)];
  } else {
    rl_exc_type = F->exc_type;
    rl_exc_value = F->exc_value;
    if (t->recording && F->exc_kvalue) t->raised_kvalue = F->exc_kvalue;
  }
  /* no catch_exception follows a raise: it leaves the frame */
  static const uint8_t none = JC_goto;
  unwind(t, &none);
}

static void op_exceptions(Tr *t, TrFrame *F, const uint8_t *pc, JcOp op) {
  const uint8_t *p = pc + 1;
  switch (op) {
  case JC_catch_exception: F->pc = p + 4; return;  /* nothing was raised */
  case JC_goto_if_exception_mismatch: {
    const JcDescr *d = &t->img->descrs[rd32(&p)];
    uint32_t l = rd32(&p);
    F->pc = bh_exc_matches(F->exc_type, d) ? p : F->base + l;
    return;
  }
  case JC_last_exc_type: F->vr[jc_u16(p)] = (void *)F->exc_type; break;
  default: F->vr[jc_u16(p)] = F->exc_value; break;
  }
  /* recording, the class is a constant (unwind); the value has its ref */
  F->k[1][jc_u16(p)] = op == JC_last_exc_value && t->recording && F->exc_kvalue
                       ? F->exc_kvalue : kref(t, F->vr[jc_u16(p)]);
  F->pc = p + 2;
}

static void op_hint(Tr *t, TrFrame *F, const uint8_t *pc, JcOp op) {
  const uint8_t *end = F->base + F->code->code_size;
  const uint8_t *p = pc + 1;
  switch (op) {
  case JC_int_isconstant: case JC_ref_isconstant: case JC_float_isconstant: {
    int b = op == JC_int_isconstant ? 0 : op == JC_ref_isconstant ? 1 : 2;
    uint16_t a = rd16(&p), r = rd16(&p);
    F->vi[r] = t->recording && jir_isk(F->k[b][a]);
    F->k[0][r] = kint(t, F->vi[r]);
    break;
  }
  case JC_ref_isvirtual: {
    rd16(&p);
    uint16_t r = rd16(&p);
    F->vi[r] = 0;
    F->k[0][r] = kint(t, 0);
    break;
  }
  case JC_identityhash: {
    uint16_t a = rd16(&p), r = rd16(&p);
    F->vi[r] = rt_gc_identityhash(F->vr[a]);  /* pins it (--gc=gen) */
    stop_recording(t, JIT_ABORT_UNSUPPORTED);
    break;
  }
  case JC_can_enter_jit:
    F->loop_header = true;
    p = pc + jc_op_length(pc, end);
    break;
  default: p = pc + jc_op_length(pc, end); break;  /* write_barrier */
  }
  F->pc = p;
}

/* One op of the top frame. */
static void step(Tr *t) {
  TrFrame *F = top(t);
  const uint8_t *pc = F->pc;
  JcOp op = (JcOp)*pc;
  switch (op) {
  case JC_int_copy: case JC_ref_copy: case JC_float_copy: case JC_cast_int_to_float:
  case JC_cast_float_to_int: case JC_cast_uint_to_float:
    op_move(t, F, pc, op); return;
  case JC_ptr_eq: case JC_ptr_ne: case JC_ptr_iszero: case JC_ptr_nonzero:
    op_ptr(t, F, pc, op); return;
  case JC_getfield_i: case JC_getfield_r: case JC_getfield_f:
    op_getfield(t, F, pc, op - JC_getfield_i); return;
  case JC_setfield_i: case JC_setfield_r: case JC_setfield_f:
    op_setfield(t, F, pc, op - JC_setfield_i); return;
  case JC_getarrayitem_i: case JC_getarrayitem_r: case JC_getarrayitem_f:
    op_getitem(t, F, pc, op - JC_getarrayitem_i); return;
  case JC_setarrayitem_i: case JC_setarrayitem_r: case JC_setarrayitem_f:
    op_setitem(t, F, pc, op - JC_setarrayitem_i); return;
  case JC_arraylen: op_arraylen(t, F, pc); return;
  case JC_new: case JC_new_array: op_new(t, F, pc, op == JC_new_array); return;
  case JC_inline_call_v: case JC_inline_call_i: case JC_inline_call_r: case JC_inline_call_f:
    inline_call(t, pc); return;
  case JC_residual_call_v: residual_call(t, pc, 'v'); return;
  case JC_residual_call_i: residual_call(t, pc, 'i'); return;
  case JC_residual_call_r: residual_call(t, pc, 'r'); return;
  case JC_residual_call_f: residual_call(t, pc, 'f'); return;
  case JC_goto: F->pc = F->base + jc_u32(pc + 1); return;
  case JC_goto_if_not: op_goto_if_not(t, F, pc); return;
  case JC_switch: op_switch(t, F, pc); return;
  case JC_int_return: case JC_ref_return: case JC_float_return: case JC_void_return:
    op_return(t, F, pc, op); return;
  case JC_raise: case JC_reraise: op_raise(t, F, pc, op); return;
  case JC_catch_exception: case JC_goto_if_exception_mismatch: case JC_last_exc_type:
  case JC_last_exc_value:
    op_exceptions(t, F, pc, op); return;
  case JC_live: F->live_pc = (uint32_t)(pc - F->base); F->pc = pc + 5; return;
  case JC_jit_merge_point: merge_point(t, pc); return;
  case JC_int_guard_value: case JC_ref_guard_value: case JC_float_guard_value:
    op_guard_value(t, F, pc, op - JC_int_guard_value); return;
  case JC_can_enter_jit: case JC_write_barrier: case JC_identityhash: case JC_int_isconstant:
  case JC_ref_isconstant: case JC_float_isconstant: case JC_ref_isvirtual:
    op_hint(t, F, pc, op); return;
  default: break;
  }
  const char *a = jc_op_info[op].args;
  if (a[0] == 'f') op_float(t, F, pc, op);
  else op_int(t, F, pc, op);
}

/* ---- entry ---------------------------------------------------------------------------------- */

static void index_indirect_targets(TrEnv *E) {
  uint32_t n = 0;
  for (uint32_t ci = 0; ci < E->img->h->ncodes; ci++) n += E->img->codes[ci].fn_addr != JC_NULL_ADDR;
  if (!n) return;
  E->fn_cap = 16;
  while (E->fn_cap < 2 * n) E->fn_cap *= 2;
  E->fn_keys = calloc(E->fn_cap, sizeof *E->fn_keys);
  E->fn_code = calloc(E->fn_cap, sizeof *E->fn_code);
  if (!E->fn_keys || !E->fn_code) jir_oom();
  for (uint32_t ci = 0; ci < E->img->h->ncodes; ci++) {
    uint32_t a = E->img->codes[ci].fn_addr;
    if (a == JC_NULL_ADDR || !E->addrs[a]) continue;
    uint32_t j = fn_slot(E, E->addrs[a]);
    E->fn_keys[j] = E->addrs[a];
    E->fn_code[j] = ci + 1;
  }
}

/* Which drivers' portals call_assembler can call (see TrEnv). */
static void index_assembler_portals(TrEnv *E) {
  const JcImage *img = E->img;
  E->ca_fn = calloc((size_t)img->h->ndrivers + 1, sizeof *E->ca_fn);
  E->ca_descr = calloc((size_t)img->h->ndrivers + 1, sizeof *E->ca_descr);
  if (!E->ca_fn || !E->ca_descr) jir_oom();
  for (uint32_t d = 0; d < img->h->ndrivers; d++) {
    const JcDriver *dr = &img->drivers[d];
    const uint8_t *kinds = img->pool + dr->kinds_off;
    bool ok = dr->reentry != JC_NULL_ADDR && E->addrs[dr->reentry] && dr->nreds <= TR_CA_MAXREDS &&
              img->codes[dr->portal].result_kind != 'f';
    for (uint16_t g = dr->ngreens; ok && g < dr->ngreens + dr->nreds; g++) ok = kinds[g] != 'f';
    if (ok) E->ca_fn[d] = E->addrs[dr->portal_fn];
  }
}

void tr_env_init(TrEnv *E, const JcImage *img, void *const *addrs, RlJitStub *const *stubs,
                 JirEnv *env) {
  memset(E, 0, sizeof *E);
  E->img = img;
  E->addrs = addrs;
  E->stubs = stubs;
  E->env = env;
  E->descr_map = calloc((size_t)img->h->ndescrs + 1, sizeof *E->descr_map);
  if (!E->descr_map) jir_oom();
  E->trace_limit = 6000;
  for (int op = 0; op < JC__COUNT; op++)
    for (int j = 1; j < JIR__COUNT; j++)
      if (strcmp(jc_op_info[op].name, jir_info[j].name) == 0) E->jir_of[op] = (uint16_t)j;
  index_indirect_targets(E);
  index_assembler_portals(E);
  for (uint32_t d = 0; d < img->h->ndescrs; d++)
    if (img->descrs[d].kind == JCD_FIELD && (img->descrs[d].flags & JC_MEM_QUASI)) E->has_quasi = true;
}

void tr_env_free(TrEnv *E) {
  free(E->ca_fn);
  free(E->ca_descr);
  free(E->fn_keys);
  free(E->fn_code);
  free(E->descr_map);
  free(E->jc_of);
  for (uint32_t level = 0; level < TR_FRAME_CACHES; level++) {
    TrFrame *f = E->frame_cache[level].frames;
    for (uint32_t i = 0; i < E->frame_cache[level].cap; i++) {
      for (int b = 0; b < JC_NBANKS; b++) free(f[i].k[b]);
      rt_gc_free_roots(f[i].vr);
    }
    rt_gc_free_roots(f);
    free(E->frame_cache[level].args);
    E->frame_cache[level].frames = NULL;
    E->frame_cache[level].cap = 0;
    E->frame_cache[level].args = NULL;
  }
}

void tr_result_free(TrResult *r) {
  if (r->trace) jir_free(r->trace);
  free(r->qobj);
  free(r->qofs);
  free(r->resume);
  free(r->frames);
  memset(r, 0, sizeof *r);
}

/* The portal frame at its merge point: registers from the buffers, greens
 * as constants of the trace, reds as its inputs, then the label. */
static bool start(Tr *t) {
  const JcDriver *dr = &t->img->drivers[t->driver];
  TrFrame *F = push_frame(t, dr->portal);
  const uint8_t *pc = F->base + dr->merge_pc;
  F->pc = pc + jc_op_length(pc, F->base + F->code->code_size);
  KeySlot ks[RL_JIT_BUF * 3];
  uint32_t nkey = key_slots(t, pc + 5, ks);
  JRef reds[RL_JIT_BUF * 3];
  unsigned nreds = 0;
  for (uint32_t g = 0; g < nkey; g++) {
    int b = ks[g].bank;
    uint16_t k = ks[g].index, r = ks[g].reg;
    if (b == 0) F->vi[r] = t->ib[k];
    else if (b == 1) F->vr[r] = t->rb[k];
    else F->vf[r] = t->fb[k];
    /* the key, for closing the loop */
    if (b == 0) t->start_i[k] = F->vi[r];
    else if (b == 1) t->start_r[k] = F->vr[r];
    else t->start_f[k] = F->vf[r];
    /* every green and red is an input (a loop's frame has the key's
     * layout, as a finish at that key leaves it), but greens are constants
     * of the loop */
    JRef in = jir_emit(t->T, JIR_input_i + (unsigned)b, 0, NULL, 0);
    if (g < dr->ngreens) {
      F->k[b][r] = b == 0 ? kint(t, F->vi[r]) : b == 1 ? kref(t, F->vr[r]) : kfloat(t, F->vf[r]);
    } else {
      F->k[b][r] = in;
      reds[nreds++] = in;
    }
  }
  t->start_hash = frame_key_hash(t, F, t->driver, ks);
  JDescr target = {.dkind = JD_TARGET, .kind = 'v'};
  target.name = jir_str(t->E->env, "loop", 4);
  t->target = jir_descr_add(t->E->env, &target);
  jir_emit(t->T, JIR_label, nreds, reds, t->target);
  jir_emit(t->T, JIR_debug_merge_point, 0, NULL, location(t, pc + 5));
  return true;
}

/* A fresh tracer over the ABI buffers (nothing recorded yet). */
static void tr_setup(Tr *t, TrEnv *E, uint32_t driver, int64_t *ib, void **rb, double *fb,
                     TrResult *out) {
  memset(out, 0, sizeof *out);
  memset(t, 0, sizeof *t);
  t->E = E;
  t->img = E->img;
  t->out = out;
  t->driver = driver;
  t->ib = ib;
  t->rb = rb;
  t->fb = fb;
  t->top_call_pc = UINT32_MAX;
  t->fresh.tab.keep = true;
  out->outcome = TR_ABORT;
  frames_take(t);
}

void tr_trace(TrEnv *E, uint32_t driver, int64_t *ib, void **rb, double *fb, TrResult *out) {
  Tr t;
  tr_setup(&t, E, driver, ib, rb, fb, out);
  t.start_i = malloc(RL_JIT_BUF * sizeof *t.start_i);
  t.start_r = rt_gc_malloc_roots(RL_JIT_BUF * sizeof *t.start_r);
  t.start_f = malloc(RL_JIT_BUF * sizeof *t.start_f);
  if (!t.start_i || !t.start_r || !t.start_f) jir_oom();
  t.T = jir_new(E->env);
  t.recording = true;
  start(&t);
  while (!t.finished) step(&t);
  while (t.depth) pop_frame(&t);
  frames_give_back(&t);
  if (out->outcome == TR_LOOP) out->trace = t.T;
  else jir_free(t.T);
  free(t.start_i);
  rt_gc_free_roots(t.start_r);
  free(t.start_f);
  free(t.frozen);
  caches_free(&t);
}

/* ---- resuming after a guard failure ------------------------------------------------------ */

/* One frame of the resume data, its live registers from values[*k..]
 * (a bridge: from t->from_in[*k..]). */
static TrFrame *resume_frame(Tr *t, const TrResumeFrame *rf, bool innermost,
                             const int64_t *values, uint32_t *k) {
  TrFrame *F = push_frame(t, rf->code);
  const uint8_t *q = t->img->pool + jc_u32(F->base + rf->live_pc + 1);
  for (int b = 0, m = 0; b < JC_NBANKS; b++)
    for (uint16_t j = 0; j < jc_u16(q + 2 * b); j++, m++) {
      uint16_t r = jc_u16(q + 6 + 2 * m);
      int64_t v = values[*k];
      if (b == 0) F->vi[r] = v;
      else if (b == 1) memcpy(&F->vr[r], &v, sizeof(void *));
      else memcpy(&F->vf[r], &v, 8);
      if (t->recording) F->k[b][r] = t->from_in[*k];
      (*k)++;
    }
  F->pc = F->base + rf->live_pc;
  /* a portal's frame above the bottom one: a callee the trace inlined */
  F->portal_inlined = t->depth > 1 && assembler_driver(t->E, rf->code) != UINT32_MAX;
  if (!innermost) {
    F->call = F->base + rf->call_pc;
    F->pc = F->call;
  }
  return F;
}

static bool is_virt(const Trace *T, JRef r) {
  return jir_isk(r) && jir_k(T, r)->kind == JK_VIRT;
}

/* A bridge's start: an input per value of the failing guard's snapshot (a
 * value that guard had as a constant stays one), then the snapshot's
 * virtuals rebuilt from those inputs (new + setfield_gc, which the
 * bridge's optimizer keeps virtual where it can), then the stores the
 * guard delayed (JPending), which a failure does before resuming, so the
 * bridge does them first. t->from_in[k] is what the bridge uses for
 * snapshot entry k. */
static void bridge_inputs(Tr *t, const int64_t *values, const JSnap *from_snap) {
  const Trace *S = t->from_T;
  uint32_t n = from_snap->n;
  const JRef *from = t->from_refs;
  t->from_in = malloc((n + 1) * sizeof *t->from_in);
  if (!t->from_in) jir_oom();
  for (uint32_t k = 0; k < n; k++) {
    char kind = jir_kind(S, from[k]);
    JRef in = jir_emit(t->T, kind == JK_INT ? JIR_input_i : kind == JK_FLOAT ? JIR_input_f
                                                                            : JIR_input_r, 0, NULL, 0);
    t->from_in[k] = in;
    if (!jir_isk(from[k]) || kind == JK_VIRT) continue;
    double d;
    memcpy(&d, &values[k], 8);
    t->from_in[k] = kind == JK_INT ? kint(t, values[k]) : kind == JK_REF
                    ? kref(t, (void *)(uintptr_t)values[k]) : kfloat(t, d);
  }
  for (uint32_t k = 0; k < n; k++) {  /* objects first: fields may form cycles */
    if (!is_virt(S, from[k])) continue;
    uint32_t same = 0;
    while (from[same] != from[k]) same++;
    if (same < k) { t->from_in[k] = t->from_in[same]; continue; }
    const JVirt *v = jir_virt(S, from[k]);
    const JDescr *vd = jir_descr(t->T->env, v->descr);
    if (vd->dkind == JD_ARRAY) {
      JRef len = kint(t, v->len);
      t->from_in[k] = jir_emit(t->T, JIR_new_array_clear, 1, &len, v->descr);
      continue;
    }
    unsigned op = vd->vtable ? JIR_new_with_vtable : JIR_new;
    t->from_in[k] = jir_emit(t->T, op, 0, NULL, v->descr);
  }
  for (uint32_t k = 0; k < n; k++) {
    if (!is_virt(S, from[k])) continue;
    uint32_t same = 0;
    while (from[same] != from[k]) same++;
    if (same < k) continue;
    const JVirt *v = jir_virt(S, from[k]);
    bool array = jir_descr(t->T->env, v->descr)->dkind == JD_ARRAY;
    for (uint32_t f = 0; f < v->n; f++) {
      const JVirtField *vf = &S->vfields[v->first + f];
      if (array)
        jir_emit(t->T, JIR_setarrayitem_gc, 3,
                 (JRef[]){t->from_in[k], kint(t, vf->descr), t->from_in[vf->pos]}, v->descr);
      else
        jir_emit2(t->T, JIR_setfield_gc, t->from_in[k], t->from_in[vf->pos], vf->descr);
    }
  }
  for (uint32_t k = 0; k < from_snap->np; k++) {  /* the delayed stores, in order */
    const JPending *p = &S->pending[from_snap->pfirst + k];
    JRef *in = t->from_in;
    if (p->op == JIR_setfield_gc)
      jir_emit2(t->T, JIR_setfield_gc, in[p->obj], in[p->val], p->descr);
    else
      jir_emit(t->T, JIR_setarrayitem_gc, 3, (JRef[]){in[p->obj], in[p->idx], in[p->val]}, p->descr);
  }
}

static void resume_or_bridge(TrEnv *E, uint32_t driver, const TrResult *loop, uint32_t snap,
                             const int64_t *values, const Trace *from_T, const JSnap *from_snap,
                             int64_t *ib, void **rb, double *fb, TrResult *out, bool bridge) {
  Tr t;
  tr_setup(&t, E, driver, ib, rb, fb, out);
  t.bridge = t.recording = bridge;
  t.from_T = from_T;
  if (bridge) {
    t.from_refs = from_T->snaprefs + from_snap->start;
    t.T = jir_new(E->env);
    bridge_inputs(&t, values, from_snap);
  }
  const TrResume *res = &loop->resume[snap];
  const TrResumeFrame *few[32], **chain = res->n <= 32 ? few : malloc(res->n * sizeof *chain);
  if (!chain) jir_oom();
  uint32_t e = res->inner + 1;
  for (uint32_t i = res->n; i-- > 0; e = loop->frames[e - 1].parent) chain[i] = &loop->frames[e - 1];
  uint32_t k = 0;
  TrFrame *F = NULL;
  for (uint32_t i = 0; i < res->n; i++) F = resume_frame(&t, chain[i], i + 1 == res->n, values, &k);
  const TrResumeFrame *inner = chain[res->n - 1];
  if (chain != few) free(chain);
  if (rl_exc_type && inner->call_pc != UINT32_MAX) {  /* raised by that call */
    const uint8_t *call = F->base + inner->call_pc;
    unwind(&t, call + jc_op_length(call, F->base + F->code->code_size));
  }
  while (!t.finished) step(&t);
  while (t.depth) pop_frame(&t);
  frames_give_back(&t);
  free(t.passed);
  free(t.frozen);
  caches_free(&t);
  free(t.from_in);
  if (bridge && out->outcome == TR_LOOP) out->trace = t.T;
  else if (bridge) jir_free(t.T);
}

void tr_resume(TrEnv *E, uint32_t driver, const TrResult *loop, uint32_t snap,
               const int64_t *values, int64_t *ib, void **rb, double *fb, TrResult *out) {
  resume_or_bridge(E, driver, loop, snap, values, NULL, NULL, ib, rb, fb, out, false);
}

void tr_trace_bridge(TrEnv *E, uint32_t driver, const TrResult *loop, uint32_t snap,
                     const int64_t *values, const Trace *from_T, const JSnap *from_snap,
                     int64_t *ib, void **rb, double *fb, TrResult *out) {
  resume_or_bridge(E, driver, loop, snap, values, from_T, from_snap, ib, rb, fb, out, true);
}
