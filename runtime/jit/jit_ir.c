/* jit_ir.c — the trace IR: op table, environment, constants, instructions,
 * snapshots, rollback, verifier. */
#include "jit_ir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const JirOpInfo jir_info[JIR__COUNT] = {
#define JIROP(name, nargs, res, flags, meaning) \
  {#name, nargs, (#res)[0], flags, meaning},
#include "jit_ir.def"
#undef JIROP
};

_Noreturn void jir_oom(void) {
  fputs("jit: out of memory\n", stderr);
  abort();
}

void *jir_grow(void *p, uint32_t *cap, uint32_t need, size_t elem) {
  if (need <= *cap) return p;
  uint64_t n = *cap ? *cap : 16;
  while (n < need) n *= 2;
  if (n > UINT32_MAX || n * elem > SIZE_MAX / 2) jir_oom();
  void *q = realloc(p, (size_t)n * elem);
  if (!q) jir_oom();
  *cap = (uint32_t)n;
  return q;
}
#define GROW JIR_GROW

/* ---- environment ---------------------------------------------------------- */
void jir_env_init(JirEnv *E) {
  memset(E, 0, sizeof *E);
  GROW(E->descrs, E->descrcap, 1);
  memset(&E->descrs[0], 0, sizeof E->descrs[0]);
  E->ndescrs = 1;
  GROW(E->strs, E->strcap, 1);
  E->strs[0] = 0;
  E->nstrs = 1;
}

void jir_env_free(JirEnv *E) {
  free(E->descrs);
  free(E->strs);
  free(E->lists);
  memset(E, 0, sizeof *E);
}

uint32_t jir_str(JirEnv *E, const char *s, size_t len) {
  if (len == 0) return 0;
  if (len > UINT32_MAX / 2 || E->nstrs + len + 1 > UINT32_MAX / 2) jir_oom();
  uint32_t at = E->nstrs;
  GROW(E->strs, E->strcap, at + (uint32_t)len + 1);
  memcpy(E->strs + at, s, len);
  E->strs[at + len] = 0;
  E->nstrs = at + (uint32_t)len + 1;
  return at;
}

uint32_t jir_descr_add(JirEnv *E, const JDescr *d) {
  GROW(E->descrs, E->descrcap, E->ndescrs + 1);
  E->descrs[E->ndescrs] = *d;
  return E->ndescrs++;
}

uint32_t jir_descr_find(const JirEnv *E, const char *name, size_t len) {
  for (uint32_t i = 1; i < E->ndescrs; i++) {
    const char *n = jir_strp(E, E->descrs[i].name);
    if (strlen(n) == len && memcmp(n, name, len) == 0) return i;
  }
  return 0;
}

uint32_t jir_list_add(JirEnv *E, const uint32_t *items, uint32_t n) {
  GROW(E->lists, E->listcap, E->nlists + n + 1);
  uint32_t at = E->nlists;
  if (n) memcpy(E->lists + at, items, n * sizeof *items);
  E->nlists += n;
  return at;
}

/* ---- traces ---------------------------------------------------------------- */
Trace *jir_new(JirEnv *E) {
  Trace *T = calloc(1, sizeof *T);
  if (!T) jir_oom();
  T->env = E;
  GROW(T->ins, T->inscap, 64);
  memset(&T->ins[0], 0, sizeof T->ins[0]);
  T->nins = 1;
  GROW(T->snaps, T->snapcap, 8);
  T->snaps[0] = (JSnap){0, 0, 0, 0, 0};
  T->nsnaps = 1;
  GROW(T->gcrefs, T->gccap, 8);
  T->gcrefs[0] = 0;
  T->ngc = 1;
  return T;
}

void jir_free(Trace *T) {
  if (!T) return;
  free(T->ins);
  free(T->k);
  free(T->khash);
  free(T->gchash);
  free(T->gcrefs);
  free(T->args);
  free(T->snaps);
  free(T->snaprefs);
  free(T->virts);
  free(T->vfields);
  free(T->pending);
  free(T->kinds);
  free(T);
}

/* ---- constants ---------------------------------------------------------------- */
static uint32_t khash(uint8_t kind, int64_t bits) {
  uint64_t h = (uint64_t)bits * 0x9e3779b97f4a7c15ull ^ kind;
  return (uint32_t)(h ^ h >> 29);
}

uint32_t *jir_index_new(uint32_t n, uint32_t *cap) {
  uint32_t c = 64;
  while (c < 2 * (n + 1)) c *= 2;
  uint32_t *t = calloc(c, sizeof *t);
  if (!t) jir_oom();
  *cap = c;
  return t;
}

void jir_index_put(uint32_t *t, uint32_t cap, uint32_t h, uint32_t i) {
  for (h &= cap - 1; t[h]; h = (h + 1) & (cap - 1)) {}
  t[h] = i + 1;
}

static void krehash(Trace *T) {
  free(T->khash);
  T->khash = jir_index_new(T->nk, &T->khcap);
  for (uint32_t i = 0; i < T->nk; i++)
    jir_index_put(T->khash, T->khcap, khash(T->k[i].kind, T->k[i].bits), i);
}

static JRef kintern(Trace *T, uint8_t kind, int64_t bits, uint32_t name) {
  if (!T->khcap && T->nk) krehash(T);  /* jir_shrink dropped it */
  if (T->khcap) {
    uint32_t h = khash(kind, bits) & (T->khcap - 1);
    for (; T->khash[h]; h = (h + 1) & (T->khcap - 1)) {
      JConst *c = &T->k[T->khash[h] - 1];
      if (c->kind == kind && c->bits == bits) {
        if (!c->name) c->name = name;
        return jir_kref(T->khash[h] - 1);
      }
    }
  }
  if (T->nk + 1 >= JREF_BIAS / 2) jir_oom();
  GROW(T->k, T->kcap, T->nk + 1);
  T->k[T->nk] = (JConst){.kind = kind, .name = name, .bits = bits};
  T->nk++;
  if (T->nk * 2 > T->khcap) krehash(T);
  else jir_index_put(T->khash, T->khcap, khash(kind, bits), T->nk - 1);
  return jir_kref(T->nk - 1);
}

JRef jir_kint(Trace *T, int64_t v) { return kintern(T, JK_INT, v, 0); }

JRef jir_kfloat(Trace *T, double v) {
  int64_t bits;
  memcpy(&bits, &v, sizeof bits);
  return kintern(T, JK_FLOAT, bits, 0);
}

JRef jir_kgc(Trace *T, uintptr_t p) { return jir_knamed(T, JK_REF, (int64_t)p, 0); }

static uint32_t gc_slot(uintptr_t p, uint32_t cap) {
  return (uint32_t)(((uint64_t)p * 0x9e3779b97f4a7c15ull) >> 32) & (cap - 1);
}

/* T's GC refs lose their address table (built again when next needed). */
static void gc_unhash(Trace *T) {
  free(T->gchash);
  T->gchash = NULL;
  T->gchcap = 0;
}

/* The address table of T's GC refs, built again at twice their number
 * (a pass's copy of the constants starts without one). */
static void gc_rehash(Trace *T) {
  free(T->gchash);
  T->gchash = jir_index_new(T->ngc, &T->gchcap);
  for (uint32_t i = 0; i < T->ngc; i++)
    jir_index_put(T->gchash, T->gchcap, gc_slot(T->gcrefs[i], T->gchcap), i);
}

JRef jir_knamed(Trace *T, char kind, int64_t value, uint32_t name) {
  if (kind != JK_REF) return kintern(T, (uint8_t)kind, value, name);
  /* GC refs: interned by address (a hash: the tracer makes a constant of
   * every reference constant of every jitcode frame it enters), stored
   * in the side table */
  if (T->gchcap < 2 * (T->ngc + 1)) gc_rehash(T);
  uint32_t h = gc_slot((uintptr_t)value, T->gchcap), i;
  for (; T->gchash[h]; h = (h + 1) & (T->gchcap - 1))
    if (T->gcrefs[T->gchash[h] - 1] == (uintptr_t)value) break;
  if (T->gchash[h]) {
    i = T->gchash[h] - 1;
  } else {
    i = T->ngc;
    GROW(T->gcrefs, T->gccap, T->ngc + 1);
    T->gcrefs[T->ngc++] = (uintptr_t)value;
    T->gchash[h] = T->ngc;
    if (T->env->pin && value) T->env->pin((uintptr_t)value);
  }
  return kintern(T, JK_REF, i, name);
}

JRef jir_kvirt(Trace *T, uint32_t descr, uint32_t n, const JVirtField *fields) {
  GROW(T->virts, T->virtcap, T->nvirts + 1);
  GROW(T->vfields, T->vfieldcap, T->nvfields + n + 1);
  T->virts[T->nvirts] = (JVirt){.descr = descr, .first = T->nvfields, .n = n};
  if (n) memcpy(T->vfields + T->nvfields, fields, n * sizeof *fields);
  T->nvfields += n;
  return kintern(T, JK_VIRT, T->nvirts++, 0);
}

JRef jir_kvirt_array(Trace *T, uint32_t descr, uint32_t len, uint32_t n, const JVirtField *items) {
  JRef r = jir_kvirt(T, descr, n, items);
  T->virts[T->nvirts - 1].len = len;
  return r;
}

/* ---- JK_VIRT constants shared by content ---- */

static uint64_t virt_hash(uint32_t descr, uint32_t len, bool array, uint32_t n,
                          const JVirtField *vf) {
  uint64_t h = 1469598103934665603ull;
  uint32_t head[4] = {descr, len, array, n};
  for (uint32_t i = 0; i < 4; i++) h = (h ^ head[i]) * 1099511628211ull;
  for (uint32_t i = 0; i < n; i++) h = (h ^ vf[i].descr ^ (uint64_t)vf[i].pos << 32) * 1099511628211ull;
  /* the positions went into the high bits: mixed down into the low ones,
   * which pick the slot (without this, the descriptions of one class at
   * other positions all probed one chain: a fifth of the virtual pass on
   * richards.lua) */
  h ^= h >> 32;
  h *= 0xd6e8feb86659fd93ull;
  h ^= h >> 32;
  return h ? h : 1;
}

static bool same_virt(const Trace *T, JRef k, uint32_t descr, uint32_t len, uint32_t n,
                      const JVirtField *vf) {
  const JVirt *v = jir_virt(T, k);
  return v->descr == descr && v->len == len && v->n == n &&
         (!n || memcmp(T->vfields + v->first, vf, n * sizeof *vf) == 0);
}

static void vmemo_grow(JVirtMemo *m) {
  uint32_t cap = m->cap ? 2 * m->cap : 64;
  JVirtMemoSlot *t = calloc(cap, sizeof *t);
  if (!t) jir_oom();
  for (uint32_t i = 0; i < m->cap; i++) {
    if (!m->slot[i].hash) continue;
    uint32_t j = (uint32_t)m->slot[i].hash & (cap - 1);
    while (t[j].hash) j = (j + 1) & (cap - 1);
    t[j] = m->slot[i];
  }
  free(m->slot);
  m->slot = t;
  m->cap = cap;
}

JRef jir_vmemo_kvirt(JVirtMemo *m, Trace *T, uint32_t descr, bool array, uint32_t len, uint32_t n,
                     const JVirtField *fields) {
  if (!array) len = 0;
  uint64_t h = virt_hash(descr, len, array, n, fields);
  if (2 * (m->n + 1) > m->cap) vmemo_grow(m);
  uint32_t j = (uint32_t)h & (m->cap - 1);
  for (; m->slot[j].hash; j = (j + 1) & (m->cap - 1)) {
    JVirtMemoSlot *e = &m->slot[j];
    if (e->hash != h || !same_virt(T, e->k, descr, len, n, fields)) continue;
    if (e->stamp != m->stamp) {
      e->stamp = m->stamp;
      return e->k;
    }
    break;  /* used here already: a new one takes the slot */
  }
  JRef k = array ? jir_kvirt_array(T, descr, len, n, fields) : jir_kvirt(T, descr, n, fields);
  if (!m->slot[j].hash) m->n++;
  m->slot[j] = (JVirtMemoSlot){h, k, m->stamp};
  return k;
}

void jir_vmemo_free(JVirtMemo *m) {
  free(m->slot);
  *m = (JVirtMemo){0};
}

uint32_t jir_pending_add(Trace *T, const JPending *p, uint32_t n) {
  GROW(T->pending, T->pendingcap, T->npending + n + 1);
  uint32_t first = T->npending;
  if (n) memcpy(T->pending + first, p, n * sizeof *p);
  T->npending += n;
  return first;
}

double jir_kfloat_of(const Trace *T, JRef r) {
  double d;
  memcpy(&d, &jir_k(T, r)->bits, sizeof d);
  return d;
}

uintptr_t jir_kgc_of(const Trace *T, JRef r) {
  return T->gcrefs[jir_k(T, r)->bits];
}

void jir_snap_fill_consts(const Trace *T, const JSnap *S, int64_t *values) {
  const JRef *refs = T->snaprefs + S->start;
  for (uint32_t k = 0; k < S->n; k++) {
    if (!jir_isk(refs[k])) continue;
    const JConst *c = jir_k(T, refs[k]);
    values[k] = c->kind == JK_REF ? (int64_t)T->gcrefs[c->bits] : c->bits;
  }
}

void jir_copy_consts(Trace *T, const Trace *from) {
  GROW(T->k, T->kcap, from->nk + 1);
  if (from->nk) memcpy(T->k, from->k, from->nk * sizeof *T->k);
  T->nk = from->nk;
  GROW(T->gcrefs, T->gccap, from->ngc + 1);
  memcpy(T->gcrefs, from->gcrefs, from->ngc * sizeof *T->gcrefs);
  T->ngc = from->ngc;
  gc_unhash(T);
  GROW(T->virts, T->virtcap, from->nvirts + 1);
  if (from->nvirts) memcpy(T->virts, from->virts, from->nvirts * sizeof *T->virts);
  T->nvirts = from->nvirts;
  GROW(T->vfields, T->vfieldcap, from->nvfields + 1);
  if (from->nvfields) memcpy(T->vfields, from->vfields, from->nvfields * sizeof *T->vfields);
  T->nvfields = from->nvfields;
  GROW(T->pending, T->pendingcap, from->npending + 1);
  if (from->npending) memcpy(T->pending, from->pending, from->npending * sizeof *T->pending);
  T->npending = from->npending;
  free(T->khash);
  T->khash = NULL;
  T->khcap = from->khcap;
  if (from->khcap) {
    T->khash = malloc(from->khcap * sizeof *T->khash);
    if (!T->khash) jir_oom();
    memcpy(T->khash, from->khash, from->khcap * sizeof *T->khash);
  }
}

void jir_reserve(Trace *T, uint32_t nins, uint32_t nargs, uint32_t nsnaps,
                 uint32_t nsnaprefs) {
  GROW(T->ins, T->inscap, nins);
  GROW(T->args, T->argcap, nargs);
  GROW(T->snaps, T->snapcap, nsnaps);
  GROW(T->snaprefs, T->snaprefcap, nsnaprefs);
}

/* Array p of cap items of `size` bytes, used n: cut to n (at least 1). */
static void *shrink(void *p, uint32_t *cap, uint32_t n, size_t size) {
  if (!p || *cap <= n + 1) return p;
  void *q = realloc(p, (size_t)(n ? n : 1) * size);
  if (!q) return p;
  *cap = n ? n : 1;
  return q;
}

void jir_shrink(Trace *T) {
  T->ins = shrink(T->ins, &T->inscap, T->nins, sizeof *T->ins);
  T->args = shrink(T->args, &T->argcap, T->nargs, sizeof *T->args);
  T->snaps = shrink(T->snaps, &T->snapcap, T->nsnaps, sizeof *T->snaps);
  T->snaprefs = shrink(T->snaprefs, &T->snaprefcap, T->nsnaprefs, sizeof *T->snaprefs);
  T->k = shrink(T->k, &T->kcap, T->nk, sizeof *T->k);
  T->virts = shrink(T->virts, &T->virtcap, T->nvirts, sizeof *T->virts);
  T->vfields = shrink(T->vfields, &T->vfieldcap, T->nvfields, sizeof *T->vfields);
  T->pending = shrink(T->pending, &T->pendingcap, T->npending, sizeof *T->pending);
  gc_unhash(T);  /* built again if a constant is ever added */
  free(T->khash);
  T->khash = NULL;
  T->khcap = 0;
}

/* ---- instructions ------------------------------------------------------------- */
char jir_kind(const Trace *T, JRef r) {
  if (jir_isk(r)) return (char)jir_k(T, r)->kind;
  if (r == JREF_NONE || jir_idx(r) >= T->nins) return 'v';
  if (T->kinds) return T->kinds[jir_idx(r)];
  return jir_info[jir_ins(T, r)->op].res;
}

void jir_keep_kinds(Trace *T) {
  if (T->kinds) return;
  T->kinds = malloc(T->nins + 1);
  if (!T->kinds) jir_oom();
  for (uint32_t i = 0; i < T->nins; i++) T->kinds[i] = jir_info[T->ins[i].op].res;
  free(T->ins);
  free(T->args);
  T->ins = NULL;
  T->args = NULL;
  T->inscap = T->argcap = T->nargs = 0;
}

JRef jir_emit(Trace *T, unsigned op, unsigned nargs, const JRef *args,
              uint32_t descr) {
  if (nargs > JIR_MAXARGS || T->nins + 1 >= JREF_BIAS / 2) jir_oom();
  GROW(T->ins, T->inscap, T->nins + 1);
  JIns *I = &T->ins[T->nins];
  memset(I, 0, sizeof *I);
  I->op = (uint16_t)op;
  I->nargs = (uint8_t)nargs;
  I->descr = descr;
  if (nargs > JIR_INLINE_ARGS) {
    GROW(T->args, T->argcap, T->nargs + nargs);
    memcpy(T->args + T->nargs, args, nargs * sizeof *args);
    I->a[0] = T->nargs;
    T->nargs += nargs;
  } else {
    for (unsigned k = 0; k < nargs; k++) I->a[k] = args[k];
  }
  I->prev = T->chain[op];
  T->chain[op] = T->nins;
  return jir_ref(T->nins++);
}

JRef *jir_snap_alloc(Trace *T, JRef g, unsigned n) {
  GROW(T->snaps, T->snapcap, T->nsnaps + 1);
  GROW(T->snaprefs, T->snaprefcap, T->nsnaprefs + n + 1);
  T->snaps[T->nsnaps] = (JSnap){T->nsnaprefs, n, 0, 0, 0};
  JRef *p = T->snaprefs + T->nsnaprefs;
  T->nsnaprefs += n;
  jir_ins(T, g)->snap = T->nsnaps++;
  return p;
}

JRef *jir_snap_grow(Trace *T, JRef g, unsigned n) {
  JIns *I = jir_ins(T, g);
  JSnap *s = &T->snaps[I->snap];
  if (I->snap + 1 == T->nsnaps && s->start + s->n == T->nsnaprefs && n >= s->n) {
    GROW(T->snaprefs, T->snaprefcap, s->start + n + 1);
    T->nsnaprefs = s->start + n;
    s->n = n;
    return T->snaprefs + s->start;
  }
  JSnap meta = *s;
  JRef *p = jir_snap_alloc(T, g, n);
  memcpy(p, T->snaprefs + meta.start, (meta.n < n ? meta.n : n) * sizeof *p);
  jir_snap_meta(&T->snaps[I->snap], &meta);
  return p;
}

void jir_set_snap(Trace *T, JRef g, unsigned n, const JRef *refs) {
  JRef *p = jir_snap_alloc(T, g, n);
  if (n) memcpy(p, refs, n * sizeof *refs);
}

bool jir_same(const Trace *T, const JIns *I, unsigned op, unsigned nargs,
              const JRef *args, uint32_t descr) {
  if (I->op != op || I->nargs != nargs || I->descr != descr) return false;
  for (unsigned k = 0; k < nargs; k++)
    if (jir_arg(T, I, k) != args[k]) return false;
  return true;
}

JirMark jir_mark(const Trace *T) {
  return (JirMark){T->nins, T->nargs, T->nsnaps, T->nsnaprefs};
}

void jir_rollback(Trace *T, JirMark m) {
  while (T->nins > m.nins) {
    JIns *I = &T->ins[--T->nins];
    T->chain[I->op] = I->prev;
  }
  T->nargs = m.nargs;
  T->nsnaps = m.nsnaps;
  T->nsnaprefs = m.nsnaprefs;
}

/* ---- verifier ------------------------------------------------------------------ */
static bool fail(char *err, size_t n, uint32_t i, const char *msg) {
  snprintf(err, n, "instruction %u: %s", (unsigned)i, msg);
  return false;
}

static bool ref_ok(const Trace *T, JRef r, uint32_t before) {
  if (jir_isk(r)) return jir_kidx(r) < T->nk;
  return jir_idx(r) > 0 && jir_idx(r) < before &&
         jir_info[jir_ins(T, r)->op].res != 'v';
}

/* A virtual of a snapshot of n entries: a size descr, field descrs, field
 * positions inside the snapshot. */
static bool virt_ok(const Trace *T, JRef r, uint32_t n) {
  if ((uint64_t)jir_k(T, r)->bits >= T->nvirts) return false;
  const JVirt *v = jir_virt(T, r);
  const JirEnv *E = T->env;
  if (!v->descr || v->descr >= E->ndescrs) return false;
  bool array = jir_descr(E, v->descr)->dkind == JD_ARRAY;
  if (!array && jir_descr(E, v->descr)->dkind != JD_SIZE) return false;
  for (uint32_t k = 0; k < v->n; k++) {
    const JVirtField *f = &T->vfields[v->first + k];
    if (f->pos >= n) return false;
    if (array ? f->descr >= v->len
              : !f->descr || f->descr >= E->ndescrs || jir_descr(E, f->descr)->dkind != JD_FIELD)
      return false;
  }
  return true;
}

/* The delayed stores of snapshot S: positions inside it, of the kinds the
 * store needs, descrs of the right kind. */
static bool pending_ok(const Trace *T, const JSnap *S) {
  if ((uint64_t)S->pfirst + S->np > T->npending) return false;
  const JRef *s = T->snaprefs + S->start;
  for (uint32_t k = 0; k < S->np; k++) {
    const JPending *p = &T->pending[S->pfirst + k];
    bool field = p->op == JIR_setfield_gc;
    if ((!field && p->op != JIR_setarrayitem_gc) || !p->descr || p->descr >= T->env->ndescrs)
      return false;
    const JDescr *d = jir_descr(T->env, p->descr);
    if (d->dkind != (field ? JD_FIELD : JD_ARRAY)) return false;
    if (p->obj >= S->n || p->val >= S->n || (!field && p->idx >= S->n)) return false;
    /* the object may be a virtual: a failure builds it, then stores */
    char ok = jir_kind(T, s[p->obj]);
    if ((ok != JK_REF && ok != JK_VIRT) || (!field && jir_kind(T, s[p->idx]) != JK_INT))
      return false;
  }
  return true;
}

static bool descr_ok(const Trace *T, const JIns *I) {
  unsigned f = jir_info[I->op].flags;
  if (I->descr >= T->env->ndescrs) return false;
  if (I->op == JIR_debug_merge_point) return true;
  if (!(f & JF_DESCR)) return I->descr == 0 || (f & JF_CTRL);
  if (!I->descr) return false;
  unsigned dk = jir_descr(T->env, I->descr)->dkind;
  if (f & JF_CALL) return dk == JD_CALL;
  switch (I->op) {
  case JIR_getfield_gc_i: case JIR_getfield_gc_r: case JIR_getfield_gc_f:
  case JIR_setfield_gc: return dk == JD_FIELD;
  case JIR_getinteriorfield_gc_i: case JIR_getinteriorfield_gc_r:
  case JIR_getinteriorfield_gc_f: case JIR_setinteriorfield_gc:
    return dk == JD_INTERIOR;
  case JIR_new: case JIR_new_with_vtable: return dk == JD_SIZE;
  default: return dk == JD_ARRAY;
  }
}

/* The kind operand k of op must have, or 0 when any kind will do. */
static char operand_kind(unsigned op, unsigned k) {
  if ((op >= JIR_int_add && op <= JIR_uint_ge) ||
      (op >= JIR_int_add_ovf && op <= JIR_int_mul_ovf) ||
      op == JIR_cast_int_to_float || op == JIR_same_as_i ||
      op == JIR_guard_true || op == JIR_guard_false ||
      op == JIR_newstr || op == JIR_new_array || op == JIR_new_array_clear ||
      op == JIR_enter_portal_frame || op == JIR_leave_portal_frame || op == JIR_jit_debug)
    return 'i';
  if ((op >= JIR_float_lt && op <= JIR_float_ge) ||
      (op >= JIR_float_add && op <= JIR_float_abs) ||
      op == JIR_cast_float_to_int || op == JIR_same_as_f)
    return 'f';
  if ((op >= JIR_ptr_eq && op <= JIR_instance_ptr_ne) || op == JIR_same_as_r ||
      op == JIR_guard_nonnull || op == JIR_guard_isnull)
    return 'r';
  if (op == JIR_guard_class || op == JIR_guard_nonnull_class)
    return k == 0 ? 'r' : 'i';
  if (op >= JIR_getfield_gc_i && op <= JIR_strsetitem)  /* object, index */
    return k == 0 ? 'r' : k == 1 && op != JIR_setfield_gc ? 'i' : 0;
  return 0;
}

bool jir_verify(const Trace *T, char *err, size_t errlen) {
  bool inputs = true;
  uint32_t labels = 0;
  for (uint32_t i = 1; i < T->nins; i++) {
    const JIns *I = &T->ins[i];
    if (I->op >= JIR__COUNT) return fail(err, errlen, i, "bad opcode");
    const JirOpInfo *info = &jir_info[I->op];
    bool is_input = I->op <= JIR_input_f;
    if (is_input && !inputs) return fail(err, errlen, i, "input after an op");
    inputs = is_input;
    if (I->op == JIR_label && ++labels > 1) return fail(err, errlen, i, "a second label");
    if (info->nargs >= 0 && I->nargs != info->nargs)
      return fail(err, errlen, i, "wrong operand count");
    for (unsigned k = 0; k < I->nargs; k++) {
      JRef r = jir_arg(T, I, k);
      if (!ref_ok(T, r, i)) return fail(err, errlen, i, "operand not defined before use");
      if (jir_kind(T, r) == JK_VIRT) return fail(err, errlen, i, "a virtual as an operand");
      char want = operand_kind(I->op, k);
      if (want && jir_kind(T, r) != want) return fail(err, errlen, i, "operand of the wrong kind");
    }
    if (!descr_ok(T, I)) return fail(err, errlen, i, "wrong descriptor");
    if ((info->flags & JF_GUARD) && !I->snap)
      return fail(err, errlen, i, "guard without snapshot");
    uint32_t n;
    const JRef *s = jir_snap_refs(T, I, &n);
    for (uint32_t k = 0; k < n; k++)
      if (!ref_ok(T, s[k], i + (I->op == JIR_guard_exception)))
        return fail(err, errlen, i, "snapshot ref not defined before");
      else if (jir_kind(T, s[k]) == JK_VIRT && !virt_ok(T, s[k], n))
        return fail(err, errlen, i, "a snapshot's virtual is malformed");
    if (I->snap && !pending_ok(T, &T->snaps[I->snap]))
      return fail(err, errlen, i, "a snapshot's delayed store is malformed");
    if (I->op == JIR_guard_value && I->nargs == 2 &&
        jir_kind(T, I->a[0]) != jir_kind(T, I->a[1]))
      return fail(err, errlen, i, "guard_value of two kinds");
  }
  return true;
}
