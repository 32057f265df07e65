/* rt_gc_gen.c — the generational collector (rt_gc.h: "the generational
 * collector"): a nursery of chunks with a bump pointer in front of Boehm.
 *
 * Allocation: RL objects of a known type (rl_gc_types) up to a quarter of
 * a chunk go to the current chunk; when the nursery's chunks are used up,
 * a minor collection runs. Bigger objects, and untyped memory, are old:
 * Boehm's, with RT_GC_FLAG_TRACK set on typed ones.
 *
 * A minor collection:
 *  1. pins the objects the registers, the stack, the program's static
 *     data (but its writable prebuilt GC objects, section rl_gc_prebuilt,
 *     which the write barrier covers) and the registered root blocks
 *     (rt_gc_malloc_roots: the JIT's registers and frames) point into or
 *     just past —
 *     conservatively: any word —, and those whose address was taken
 *     (rt_gc_identityhash): they become old where they are (TRACK set),
 *     so nothing a C local, a register or a derived pointer holds ever
 *     moves;
 *  2. traces precisely, by the type table, the pinned objects, the
 *     objects the write barrier recorded, and the dict slots
 *     rt_gc_wb_dict recorded; every other nursery object they reach is
 *     copied into Boehm's heap (old, TRACK set; a forwarding address left
 *     in the nursery copy) and traced in turn (Cheney, with a stack);
 *  3. retires each chunk with a pinned object: it leaves the nursery for
 *     Boehm (one Boehm object, kept alive by any pointer into it), its
 *     other objects zeroed so that garbage keeps nothing alive, and a
 *     fresh chunk takes its place; zeroes the other chunks and starts
 *     again from the first.
 * Boehm may collect during a minor collection (when it allocates a copy
 * or a chunk): the copies are reachable from the slots already updated
 * and from their forwarding addresses in the chunks, which Boehm scans.
 * Chunks are Boehm objects (page-aligned; a hash set maps each page to
 * its chunk); Boehm scans them, so what nursery objects
 * point to in the old generation stays alive. The program runs on one
 * thread. */
#define _GNU_SOURCE 1  /* dl_iterate_phdr */
#define GC_THREADS 1
#include "rt_gc_gen.h"

#include <gc.h>
#include <link.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_exc.h"
#include "rt_obj.h"
#include "rt_rdict.h"

enum { NCHUNKS = 512,          /* 16 MB of nursery at most */
       DEFAULT_CHUNKS = 256,   /* 8 MB: storage.lua 0.36 -> 0.26 s and fib.lua
                                  0.48 -> 0.44 s with the JIT against 4 MB;
                                  16 MB made sieve.lua slower */
       PAGE = 4096,            /* chunks are page-aligned (Boehm's GC_memalign
                                  does not align to more); the set maps pages */
       SET_SLOTS = 4 * NCHUNKS * (RT_GC_CHUNK / PAGE),  /* open addressing, a power of 2 */
       MAX_YOUNG = RT_GC_CHUNK / 4 };

#define FLAG(f) ((uint64_t)(f) << 32)

typedef struct Chunk {
  char *base;        /* RT_GC_CHUNK bytes, aligned to RT_GC_CHUNK */
  char *free;        /* end of its objects */
  size_t dirty;      /* bytes from base to zero before it is used again */
  bool pinned;       /* during a collection: some object in it is pinned */
} Chunk;

typedef struct PtrStack {
  void **p;
  size_t n, cap;
  bool collectable;  /* false: Boehm must see it (uncollectable memory) */
} PtrStack;

/* A root block's header (rt_gc.h: rt_gc_malloc_roots): the registered
 * blocks form a list from G.roots, which keeps them alive for Boehm too;
 * the caller's memory follows, 16-byte aligned. */
typedef struct RootBlock {
  struct RootBlock *prev, *next;
  size_t size;       /* bytes after the header; 0 once freed */
  size_t scan;       /* the bytes minor collections scan, from the start */
} RootBlock;

/* The dict slots holding young references: entry e of d, or all of d (-1). */
typedef struct DictSlot {
  RlDict *d;
  int64_t entry;
} DictSlot;

static struct {
  bool on;
  Chunk chunks[NCHUNKS];
  int nchunks;               /* in use: RTRANS_NURSERY_KB / 32 */
  int16_t set[SET_SLOTS];    /* chunk index + 1 by page, 0: empty */
  uintptr_t lo, hi;          /* the chunks' bounds: a cheap first test */
  unsigned cur;              /* the chunk being filled (rt_gc_nursery) */
  PtrStack remembered;       /* old objects with young refs (TRACK cleared) */
  DictSlot *dslots;          /* uncollectable */
  size_t ndslots, capdslots;
  PtrStack gray;             /* copies and pinned objects to trace */
  PtrStack cands;            /* words of the roots that point into chunks */
  PtrStack idpins;           /* young objects whose address was taken */
  char *data_lo[8], *data_hi[8];  /* the program's writable segments */
  unsigned ndata;
  uint64_t minors, promoted_bytes, retired_chunks;
  char *stack_lo, *stack_hi;  /* the program's stack */
  RootBlock *roots;          /* registered root blocks */
  uint64_t nroots, root_bytes;
} G;

bool rt_gc_gen_on;
RtGcNursery rt_gc_nursery;

/* ---- the chunk set ------------------------------------------------------ */

static unsigned set_hash(uintptr_t page) {
  return (unsigned)(((page / PAGE) * 0x9E3779B97F4A7C15ull) >> 40) & (SET_SLOTS - 1);
}

static void set_put(uintptr_t page, int idx) {
  unsigned i = set_hash(page);
  while (G.set[i]) i = (i + 1) & (SET_SLOTS - 1);
  G.set[i] = (int16_t)(idx + 1);
}

/* Each page of each chunk, by its chunk's index. */
static void set_rebuild(void) {
  memset(G.set, 0, sizeof G.set);
  G.lo = UINTPTR_MAX;
  G.hi = 0;
  for (int i = 0; i < G.nchunks; i++) {
    uintptr_t b = (uintptr_t)G.chunks[i].base;
    if (b < G.lo) G.lo = b;
    if (b + RT_GC_CHUNK > G.hi) G.hi = b + RT_GC_CHUNK;
  }
  for (int i = 0; i < G.nchunks; i++)
    for (uintptr_t pg = 0; pg < RT_GC_CHUNK; pg += PAGE) set_put((uintptr_t)G.chunks[i].base + pg, i);
}

/* The nursery chunk p points into, or NULL. */
static inline Chunk *chunk_of(const void *p) {
  uintptr_t page = (uintptr_t)p & ~(uintptr_t)(PAGE - 1);
  for (unsigned i = set_hash(page);; i = (i + 1) & (SET_SLOTS - 1)) {
    int k = G.set[i];
    if (!k) return NULL;
    Chunk *c = &G.chunks[k - 1];
    if (page - (uintptr_t)c->base < RT_GC_CHUNK) return c;
  }
}

/* Whether p points into a chunk: the bounds first (most old objects and
 * all non-heap words fail there), then the chunk set. */
static inline bool in_nursery(const void *p) {
  return (uintptr_t)p - G.lo < G.hi - G.lo && chunk_of(p);
}

static char *new_chunk(void) {
  char *c = GC_memalign(PAGE, RT_GC_CHUNK);
  if (!c) {
    fprintf(stderr, "rtrans runtime: out of memory for the nursery\n");
    abort();
  }
  return c;  /* Boehm zeroes it */
}

/* ---- stacks of pointers ------------------------------------------------------- */

static void push(PtrStack *s, void *p) {
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 1024;
    void **q = s->collectable ? realloc(s->p, cap * sizeof *q)
                              : GC_MALLOC_UNCOLLECTABLE(cap * sizeof *q);
    if (!q) {
      fprintf(stderr, "rtrans runtime: out of memory in the collector\n");
      abort();
    }
    if (!s->collectable && s->p) {
      memcpy(q, s->p, s->n * sizeof *q);
      GC_FREE(s->p);
    }
    s->p = q;
    s->cap = cap;
  }
  s->p[s->n++] = p;
}

/* ---- the program's static data --------------------------------------------------- */

extern char __start_rl_gc_prebuilt[] __attribute__((weak));
extern char __stop_rl_gc_prebuilt[] __attribute__((weak));

/* [lo, hi) but the collector's own state (which points into the chunks)
 * and the small-object stacks of rt_gc.c (140 KB of pointers to old
 * objects only: scanning them was most of a minor collection's fixed
 * cost). */
static void add_range(char *lo, char *hi) {
  char *x[3][2] = {{(char *)&G, (char *)(&G + 1)},
                   {(char *)&rt_gc_nursery, (char *)(&rt_gc_nursery + 1)},
                   {(char *)rt_gc_small, (char *)(rt_gc_small + 2)}};
  for (int i = 0; i < 3; i++)
    if (x[i][0] >= lo && x[i][1] <= hi) {
      add_range(lo, x[i][0]);
      add_range(x[i][1], hi);
      return;
    }
  if (hi <= lo || G.ndata == 8) return;
  G.data_lo[G.ndata] = lo;
  G.data_hi[G.ndata++] = hi;
}

/* The main program's writable segments, minus the prebuilt GC objects. */
static int find_data(struct dl_phdr_info *info, size_t size, void *first) {
  (void)size;
  if (!*(bool *)first) return 1;
  *(bool *)first = false;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W)) continue;
    char *lo = (char *)(info->dlpi_addr + ph->p_vaddr);
    char *hi = lo + ph->p_memsz;
    char *plo = __start_rl_gc_prebuilt, *phi = __stop_rl_gc_prebuilt;
    if (plo && phi > plo && plo >= lo && phi <= hi) {
      add_range(lo, plo);
      add_range(phi, hi);
    } else {
      add_range(lo, hi);
    }
  }
  return 1;
}

/* ---- allocation ------------------------------------------------------------- */

/* RTRANS_NURSERY_KB: the nursery's size (rounded to chunks; small ones
 * make minor collections frequent, which tests use). */
static int nursery_chunks(void) {
  const char *e = getenv("RTRANS_NURSERY_KB");
  if (!e || !*e) return DEFAULT_CHUNKS;
  long kb = strtol(e, NULL, 10);
  long n = kb / (RT_GC_CHUNK >> 10);
  return n < 1 ? 1 : n > NCHUNKS ? NCHUNKS : (int)n;
}

static void print_stats(void) {
  rt_gc_gen_stats(stderr);
}

void rt_gc_gen_init(void) {
  G.on = rt_gc_gen_on = true;
  if (getenv("RTRANS_GC_STATS")) atexit(print_stats);
  G.nchunks = nursery_chunks();
  for (int i = 0; i < G.nchunks; i++) G.chunks[i] = (Chunk){.base = new_chunk()};
  for (int i = 0; i < G.nchunks; i++) G.chunks[i].free = G.chunks[i].base;
  set_rebuild();
  G.cur = 0;
  rt_gc_nursery.free = G.chunks[0].base;
  rt_gc_nursery.top = rt_gc_nursery.free + RT_GC_CHUNK;
  G.gray.collectable = true;
  bool first = true;
  dl_iterate_phdr(find_data, &first);
}

static const RtGcType *type_of(uint64_t hdr) {
  uint32_t tid = (uint32_t)hdr;
  if (tid >= rl_gc_ntypes || !(rl_gc_types[tid].flags & RT_GC_TYPE_GC)) return NULL;
  return &rl_gc_types[tid];
}

static bool has_refs(const RtGcType *t) {
  return t->nptrs || t->item_nptrs;
}

static size_t round8(size_t n) {
  return (n + 7) & ~(size_t)7;
}

/* The bytes object p takes (its type and length say). */
static size_t object_size(const char *p, const RtGcType *t) {
  size_t n = t->fixed;
  if (t->itemsize) {
    int64_t len;
    memcpy(&len, p + t->lenofs, sizeof len);
    n += (size_t)len * t->itemsize;
  }
  return round8(n < 16 ? 16 : n);
}

/* An old object: Boehm's, TRACK set like any old object, so stores into
 * it take the barrier (rt_gc.h: only an allocation surely young spares
 * them). Remembering every big array at its allocation instead had each
 * traced whole at the next minor collection: sieve.lua's growing tables
 * spent a third of their time there. */
static void *alloc_old(uint64_t hdr, size_t size, bool atomic) {
  void *p = atomic ? GC_MALLOC_ATOMIC(size) : GC_MALLOC(size);
  if (!p) {
    rt_raise_memory();
    return NULL;
  }
  if (atomic) memset(p, 0, size);
  uint64_t h = hdr | FLAG(RT_GC_FLAG_TRACK);
  memcpy(p, &h, sizeof h);
  return p;
}

static void minor_collection(void);

void *rt_gc_gen_new_old(uint64_t hdr, size_t size, bool atomic) {
  return alloc_old(hdr, size, atomic);
}

/* Makes chunk i the current one, zeroing what its last use left: just
 * before the bump pointer runs through it, so that its lines are still
 * in the cache then (zeroing all chunks after a collection went through
 * memory twice: memset was a fifth of fib.lua's time with the JIT). */
static void enter_chunk(unsigned i) {
  Chunk *c = &G.chunks[i];
  if (c->dirty) memset(c->base, 0, c->dirty);
  c->dirty = 0;
  G.cur = i;
  rt_gc_nursery.free = c->base;
  rt_gc_nursery.top = c->base + RT_GC_CHUNK;
}

/* The next chunk, after a minor collection when there is none. */
static void next_chunk(void) {
  G.chunks[G.cur].free = rt_gc_nursery.free;
  if (G.cur + 1 < (unsigned)G.nchunks) {
    enter_chunk(G.cur + 1);
  } else {
    minor_collection();
    enter_chunk(0);
  }
}

void *rt_gc_gen_new(uint64_t hdr, size_t size, bool atomic) {
  const RtGcType *t = type_of(hdr);
  size_t n = round8(size < 16 ? 16 : size);
  if (!t || n > MAX_YOUNG || (!t->itemsize && round8(t->fixed < 16 ? 16 : t->fixed) != n))
    return alloc_old(hdr, size, atomic);
  if (rt_gc_nursery.free + n > rt_gc_nursery.top) next_chunk();
  char *p = rt_gc_nursery.free;
  rt_gc_nursery.free += n;
  memcpy(p, &hdr, sizeof hdr);
  return p;  /* zeroed */
}

void *rt_gc_gen_new_varsize(uint64_t hdr, size_t size, int64_t len, size_t lenofs, bool atomic) {
  const RtGcType *t = type_of(hdr);
  char *p;
  if (!t || !t->itemsize || lenofs == RT_GC_NOLENGTH || t->lenofs != (int32_t)lenofs ||
      t->fixed + (size_t)len * t->itemsize != size || round8(size) > MAX_YOUNG) {
    p = alloc_old(hdr, size, atomic);
  } else {
    p = rt_gc_gen_new(hdr, size < 16 ? 16 : size, atomic);
  }
  if (p && lenofs != RT_GC_NOLENGTH) memcpy(p + lenofs, &len, sizeof len);
  return p;
}

/* ---- the write barriers ------------------------------------------------------------ */

void rt_gc_wb(void *obj) {
  uint64_t h;
  memcpy(&h, obj, sizeof h);
  if (!(h & FLAG(RT_GC_FLAG_TRACK))) return;
  h &= ~FLAG(RT_GC_FLAG_TRACK);
  memcpy(obj, &h, sizeof h);
  if (!G.remembered.p) G.remembered.collectable = false;
  push(&G.remembered, obj);
}

bool rt_gc_is_young(const void *p) {
  return G.on && in_nursery(p);
}

/* Items [j, j + n) of array dst were just copied (rth_array_copy): the
 * barrier if one of them is young, so that copying only old references
 * into a big (old) array keeps it out of the remembered set. */
void rt_gc_gen_wb_copied(void *dst, int64_t j, int64_t n) {
  uint64_t h;
  memcpy(&h, dst, sizeof h);
  const RtGcType *t = type_of(h);
  if (!(h & FLAG(RT_GC_FLAG_TRACK)) || !t || !t->item_nptrs) return;
  const char *item = (const char *)dst + t->fixed + (size_t)j * t->itemsize;
  void *old = NULL;  /* the last reference found old: arrays repeat them */
  if (t->itemsize == sizeof(void *) && t->item_nptrs == 1) {  /* an array of references */
    void *const *v = (void *const *)(const void *)item;
    for (int64_t k = 0; k < n;) {
      int64_t run = k;  /* a run of `old`, in a loop the compiler vectorizes */
      while (run < n && v[run] == old) run++;
      if (run == n) return;
      if (in_nursery(v[run])) {
        rt_gc_wb(dst);
        return;
      }
      old = v[run];
      k = run + 1;
    }
    return;
  }
  for (int64_t k = 0; k < n; k++, item += t->itemsize)
    for (uint32_t i = 0; i < t->item_nptrs; i++) {
      void *v;
      memcpy(&v, item + rl_gc_ptr_offsets[t->item_ptrs + i], sizeof v);
      if (v == old) continue;
      if (in_nursery(v)) {
        rt_gc_wb(dst);
        return;
      }
      old = v;
    }
}

void rt_gc_gen_wb_dict(RlDict *d, int64_t entry) {
  if (G.ndslots == G.capdslots) {
    size_t cap = G.capdslots ? G.capdslots * 2 : 256;
    DictSlot *q = GC_MALLOC_UNCOLLECTABLE(cap * sizeof *q);
    if (!q) {
      fprintf(stderr, "rtrans runtime: out of memory in the collector\n");
      abort();
    }
    if (G.dslots) {
      memcpy(q, G.dslots, G.ndslots * sizeof *q);
      GC_FREE(G.dslots);
    }
    G.dslots = q;
    G.capdslots = cap;
  }
  G.dslots[G.ndslots++] = (DictSlot){d, entry};
}

/* ---- root blocks ---------------------------------------------------------------------- */

void *rt_gc_gen_malloc_roots(size_t size) {
  _Static_assert(sizeof(RootBlock) % 16 == 0, "root block data 16-byte aligned");
  RootBlock *b = size > SIZE_MAX - sizeof *b ? NULL : GC_MALLOC(sizeof *b + size);
  if (!b) {
    rt_raise_memory();
    return NULL;
  }
  b->size = b->scan = size;
  b->next = G.roots;
  if (G.roots) G.roots->prev = b;
  G.roots = b;
  G.nroots++;
  G.root_bytes += size;
  return b + 1;  /* Boehm zeroed it */
}

void rt_gc_gen_free_roots(void *p) {
  RootBlock *b = (RootBlock *)p - 1;
  if (!b->size) return;  /* freed already */
  if (b->prev) b->prev->next = b->next;
  else G.roots = b->next;
  if (b->next) b->next->prev = b->prev;
  G.nroots--;
  G.root_bytes -= b->size;
  *b = (RootBlock){0};
}

void rt_gc_gen_roots_scan(void *p, size_t bytes) {
  RootBlock *b = (RootBlock *)p - 1;
  b->scan = bytes < b->size ? bytes : b->size;
}

void rt_gc_gen_root_counts(uint64_t *blocks, uint64_t *bytes) {
  *blocks = G.nroots;
  *bytes = G.root_bytes;
}

int64_t rt_gc_identityhash(void *obj) {
  if (G.on && in_nursery(obj)) {
    if (!G.idpins.p) G.idpins.collectable = true;
    push(&G.idpins, obj);  /* pinned at the next minor collection */
  }
  return (int64_t)(uintptr_t)obj;
}

/* ---- the minor collection --------------------------------------------------------------- */

/* Collects the words of [lo, hi) that point into a chunk; a word at a
 * page start counts for the byte before it too (a pointer just past an
 * object at the end of a chunk). Reads whole stack frames, ASan's
 * redzones included. */
__attribute__((no_sanitize_address)) static void pin_range(char *lo, char *hi) {
  lo = (char *)(((uintptr_t)lo + 7) & ~(uintptr_t)7);
  for (char *q = lo; q + sizeof(void *) <= hi; q += sizeof(void *)) {
    uintptr_t w;
    memcpy(&w, q, sizeof w);
    if (in_nursery((const void *)w)) push(&G.cands, (void *)w);
    if ((w & (PAGE - 1)) == 0 && in_nursery((const void *)(w - 1)))
      push(&G.cands, (void *)(w - 1));
  }
}

void rt_gc_set_stack(char *lo, char *hi) {
  G.stack_lo = lo;
  G.stack_hi = hi;
}

static void __attribute__((noinline)) pin_stack(void) {
  jmp_buf regs;  /* the callee-saved registers, on this frame */
  setjmp(regs);
  char *sp = (char *)&regs;
  char *hi = sp >= G.stack_lo && sp < G.stack_hi ? G.stack_hi : NULL;
  if (!hi) {
    struct GC_stack_base sb;
    hi = GC_get_my_stackbottom(&sb) ? sb.mem_base : NULL;
  }
  if (hi && sp < hi) pin_range(sp, hi);
  pin_range((char *)&regs, (char *)&regs + sizeof regs);
}

/* A young object v (in a chunk) referenced from a slot: its copy, made
 * when needed (a pinned object stays). */
static __attribute__((noinline)) void *forward_young(void *v) {
  char *p = v;
  uint64_t h;
  memcpy(&h, p, sizeof h);
  if (h & FLAG(RT_GC_FLAG_PINNED)) return v;
  if (h & FLAG(RT_GC_FLAG_FORWARDED)) {
    void *to;
    memcpy(&to, p + 8, sizeof to);
    return to;
  }
  const RtGcType *t = type_of(h);
  size_t n = object_size(p, t);
  char *q = has_refs(t) ? GC_MALLOC(n) : GC_MALLOC_ATOMIC(n);
  if (!q) {
    fprintf(stderr, "rtrans runtime: out of memory in a minor collection\n");
    abort();
  }
  memcpy(q, p, n);
  uint64_t nh = h | FLAG(RT_GC_FLAG_TRACK);
  memcpy(q, &nh, sizeof nh);
  uint64_t fh = h | FLAG(RT_GC_FLAG_FORWARDED);
  memcpy(p, &fh, sizeof fh);
  memcpy(p + 8, &q, sizeof q);
  G.promoted_bytes += n;
  if (has_refs(t)) push(&G.gray, q);
  return q;
}

static void update_slot(char *slot) {
  void *v;
  memcpy(&v, slot, sizeof v);
  if (!in_nursery(v)) return;
  void *nv = forward_young(v);
  if (nv != v) memcpy(slot, &nv, sizeof nv);
}

/* Every reference field of old object o (its header's TRACK is ignored). */
static void trace_object(char *o) {
  uint64_t h;
  memcpy(&h, o, sizeof h);
  const RtGcType *t = type_of(h);
  if (!t) return;
  for (uint32_t i = 0; i < t->nptrs; i++) update_slot(o + rl_gc_ptr_offsets[t->ptrs + i]);
  if (!t->item_nptrs) return;
  int64_t len;
  memcpy(&len, o + t->lenofs, sizeof len);
  for (int64_t k = 0; k < len; k++) {
    char *item = o + t->fixed + (size_t)k * t->itemsize;
    for (uint32_t i = 0; i < t->item_nptrs; i++) update_slot(item + rl_gc_ptr_offsets[t->item_ptrs + i]);
  }
}

/* Entry e of d, whose keys (kr) and values (vr) are references or not. */
static void trace_dict_entry(RlDict *d, int64_t e, bool kr, bool vr) {
  if (e < 0 || e >= d->used) return;
  RlDictEntry *en = &d->entries[e];
  if (!en->live) return;
  if (kr) update_slot((char *)&en->key);
  if (vr) update_slot((char *)&en->value);
}

static void trace_dicts(void) {
  for (size_t i = 0; i < G.ndslots; i++) {
    RlDict *d = G.dslots[i].d;
    bool kr = rth_dict_keys_are_refs(d), vr = rth_dict_values_are_refs(d);
    if (!kr && !vr) continue;
    if (G.dslots[i].entry >= 0) {
      trace_dict_entry(d, G.dslots[i].entry, kr, vr);
    } else {
      for (int64_t e = 0; e < d->used; e++) trace_dict_entry(d, e, kr, vr);
    }
  }
  if (G.ndslots) memset(G.dslots, 0, G.ndslots * sizeof *G.dslots);
  G.ndslots = 0;
}

static int cmp_addr(const void *a, const void *b) {
  uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;
  return x < y ? -1 : x > y;
}

static const RtGcType *checked_type(const char *p, uint64_t h) {
  const RtGcType *t = type_of(h);
  if (!t) {
    fprintf(stderr, "rtrans runtime: bad object in the nursery at %p (header %#llx)\n",
            (const void *)p, (unsigned long long)h);
    abort();
  }
  return t;
}

/* Pins the objects of chunk c that the sorted candidates cand[*k..n)
 * point into or just past (all candidates in c are consumed): they become
 * old where they are (TRACK and, for this collection, PINNED) and are
 * traced. */
static void pin_objects(Chunk *c, void *const *cand, size_t *k, size_t n) {
  char *limit = c->base + RT_GC_CHUNK;
  for (char *p = c->base; p < c->free && *k < n && (char *)cand[*k] < limit;) {
    uint64_t h;
    memcpy(&h, p, sizeof h);
    const RtGcType *t = checked_type(p, h);
    char *end = p + object_size(p, t);
    bool hit = false;
    while (*k < n && (char *)cand[*k] < end) hit |= (char *)cand[(*k)++] >= p;
    if (*k < n && (char *)cand[*k] == end) hit = true;  /* just past it; the next
                                                         * object may start there */
    if (hit && !(h & FLAG(RT_GC_FLAG_PINNED))) {
      h |= FLAG(RT_GC_FLAG_TRACK | RT_GC_FLAG_PINNED);
      memcpy(p, &h, sizeof h);
      if (has_refs(t)) push(&G.gray, p);
      c->pinned = true;
    }
    p = end;
  }
  while (*k < n && (char *)cand[*k] < limit) (*k)++;  /* past its objects */
}

/* Pins what the candidates point to, chunk by chunk. */
static void pin_candidates(void) {
  for (size_t i = 0; i < G.idpins.n; i++) push(&G.cands, G.idpins.p[i]);
  G.idpins.n = 0;
  qsort(G.cands.p, G.cands.n, sizeof *G.cands.p, cmp_addr);
  for (size_t k = 0; k < G.cands.n;) pin_objects(chunk_of(G.cands.p[k]), G.cands.p, &k, G.cands.n);
  G.cands.n = 0;
}

/* After tracing, a pinned chunk leaves the nursery for Boehm, kept alive
 * by its pinned objects; the others in it — garbage, or moved — are
 * zeroed, so their stale references keep nothing alive. */
static void retire(Chunk *c) {
  G.retired_chunks++;
  for (char *p = c->base; p < c->free;) {
    uint64_t h;
    memcpy(&h, p, sizeof h);
    size_t n;
    if (h & FLAG(RT_GC_FLAG_FORWARDED)) {  /* its length may be gone: the copy's */
      char *to;
      memcpy(&to, p + 8, sizeof to);
      uint64_t th;
      memcpy(&th, to, sizeof th);
      n = object_size(to, checked_type(to, th));
    } else {
      n = object_size(p, checked_type(p, h));
    }
    if (h & FLAG(RT_GC_FLAG_PINNED)) {
      h &= ~FLAG(RT_GC_FLAG_PINNED);
      memcpy(p, &h, sizeof h);
    } else {
      memset(p, 0, n);
    }
    p += n;
  }
}

static void minor_collection(void) {
  G.minors++;
  G.chunks[G.cur].free = rt_gc_nursery.free;
  if (!G.cands.p) G.cands.collectable = true;
  pin_stack();
  for (unsigned i = 0; i < G.ndata; i++) pin_range(G.data_lo[i], G.data_hi[i]);
  for (RootBlock *b = G.roots; b; b = b->next) pin_range((char *)(b + 1), (char *)(b + 1) + b->scan);
  pin_candidates();
  for (size_t i = 0; i < G.remembered.n; i++) push(&G.gray, G.remembered.p[i]);
  trace_dicts();
  while (G.gray.n) trace_object(G.gray.p[--G.gray.n]);
  for (size_t i = 0; i < G.remembered.n; i++) {
    uint64_t h;
    memcpy(&h, G.remembered.p[i], sizeof h);
    h |= FLAG(RT_GC_FLAG_TRACK);
    memcpy(G.remembered.p[i], &h, sizeof h);
  }
  /* Boehm scans the whole array: stale entries would keep garbage alive */
  if (G.remembered.n) memset(G.remembered.p, 0, G.remembered.n * sizeof *G.remembered.p);
  G.remembered.n = 0;
  for (int i = 0; i < G.nchunks; i++) {
    Chunk *c = &G.chunks[i];
    if (c->pinned) {
      retire(c);
      *c = (Chunk){.base = new_chunk()};
    } else if ((size_t)(c->free - c->base) > c->dirty) {
      c->dirty = (size_t)(c->free - c->base);  /* a chunk not reached since
                                                * the last collection keeps
                                                * what that one left */
    }
    c->free = c->base;
  }
  set_rebuild();
}

void rt_gc_gen_collect(void) {
  if (!G.on) return;
  minor_collection();
  enter_chunk(0);
}

void rt_gc_gen_counts(uint64_t *minors, uint64_t *promoted_bytes, uint64_t *retired_chunks) {
  *minors = G.minors;
  *promoted_bytes = G.promoted_bytes;
  *retired_chunks = G.retired_chunks;
}

void rt_gc_gen_stats(FILE *out) {
  fprintf(out, "gen gc: %llu minor collections, %llu bytes promoted, %llu chunks retired, "
          "Boehm heap %zu bytes, %zu collections, %llu root blocks (%llu bytes)\n",
          (unsigned long long)G.minors, (unsigned long long)G.promoted_bytes,
          (unsigned long long)G.retired_chunks, GC_get_heap_size(), (size_t)GC_get_gc_no(),
          (unsigned long long)G.nroots, (unsigned long long)G.root_bytes);
}
