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
 *     just past — conservatively: any word —, and those whose address
 *     was taken (rt_gc_identityhash), so that nothing a C local, a
 *     register or a derived pointer holds ever moves. A pinned object
 *     stays young where it is (PyPy's pinning): the next collection
 *     moves it if nothing pins it then. But a chunk with an object whose
 *     address was taken, or whose pinned objects leave no gap of
 *     MAX_YOUNG bytes, is retired (3.): its pinned objects become old in
 *     place (TRACK set);
 *  2. traces precisely, by the type table, the pinned objects, the
 *     objects the write barrier recorded, and the dict slots
 *     rt_gc_wb_dict recorded; every other nursery object they reach is
 *     copied into Boehm's heap (old, TRACK set; a forwarding address left
 *     in the nursery copy) and traced in turn (Cheney, with a stack). An
 *     old object or dict slot left pointing to a pinned young object is
 *     recorded again for the next collection;
 *  3. retires the chunks chosen in 1.: each leaves the nursery for Boehm
 *     (one Boehm object, kept alive by any pointer into it), its other
 *     objects zeroed so that garbage keeps nothing alive, and a fresh
 *     chunk takes its place. In the other chunks with pinned objects, a
 *     filler header covers each run of space between them (the walks of
 *     a chunk go object by object); allocation then fills the gaps, each
 *     zeroed when it is entered, and the chunks' free ends, zeroed
 *     likewise. Allocation starts again from the first chunk.
 * Boehm may collect during a minor collection (when it allocates a copy
 * or a chunk): the copies are reachable from the slots already updated
 * and from their forwarding addresses in the chunks, which Boehm scans.
 * Chunks are Boehm objects (page-aligned; a hash set maps each page to
 * its chunk) of a kind whose mark descriptor, their last word, says how
 * much of them holds objects (scan_only); Boehm scans that, so what
 * nursery objects point to in the old generation stays alive. The
 * program runs on one thread. */
#define _GNU_SOURCE 1  /* dl_iterate_phdr */
#define GC_THREADS 1
#include "rt_gc_gen.h"

#include <gc.h>
#include <gc/gc_mark.h>
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
       PAGE = 4096,            /* chunks are page-aligned (Boehm puts big
                                  objects on pages); the set maps pages */
       SET_SLOTS = 4 * NCHUNKS * (RT_GC_CHUNK / PAGE),  /* open addressing, a power of 2 */
       MAX_YOUNG = RT_GC_CHUNK / 4,
       CHUNK_BYTES = RT_GC_CHUNK - 8 };  /* for objects; then the chunk's
                                           mark descriptor (scan_only) */

#define FLAG(f) ((uint64_t)(f) << 32)

typedef struct Chunk {
  char *base;        /* RT_GC_CHUNK bytes, page-aligned: CHUNK_BYTES for
                        objects, then Boehm's mark descriptor */
  char *limit;       /* [base, limit) holds objects and fillers (the walks'
                        end); the free end [limit, base + CHUNK_BYTES)
                        nothing */
  size_t dirty;      /* bytes from base that may not be zero (>= limit) */
  bool pinned;       /* during a collection: some object in it is pinned */
  bool retire;       /* during a collection: it leaves the nursery */
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

typedef struct DictSlots {
  DictSlot *p;               /* uncollectable: Boehm sees the dicts */
  size_t n, cap;
} DictSlots;

static struct {
  bool on;
  Chunk chunks[NCHUNKS];
  int nchunks;               /* in use: RTRANS_NURSERY_KB / 32 */
  int16_t set[SET_SLOTS];    /* chunk index + 1 by page, 0: empty */
  uintptr_t lo, hi;          /* the chunks' bounds: a cheap first test */
  unsigned cur;              /* the chunk being filled (rt_gc_nursery) */
  PtrStack remembered;       /* old objects with young refs (TRACK cleared) */
  DictSlots dslots;          /* the dict slots rt_gc_wb_dict recorded */
  DictSlots dkeep;           /* during a collection: those left holding young objects */
  PtrStack gray;             /* copies and pinned objects to trace */
  PtrStack cands;            /* words of the roots that point into chunks */
  PtrStack idpins;           /* young objects whose address was taken */
  char *data_lo[8], *data_hi[8];  /* the program's writable segments */
  unsigned ndata;
  PtrStack keep;             /* old objects left pointing to pinned young ones */
  PtrStack pinned;           /* this collection's pinned objects, by address */
  PtrStack kept;             /* the last one's that stayed young, by address */
  size_t kept_at;            /* during pinning: the first of them not passed */
  uint64_t minors, promoted_bytes, retired_chunks, kept_chunks;
  char *stack_lo, *stack_hi;  /* the program's stack */
  char *scan_from;           /* during a collection: the stack's scan starts here */
  RootBlock *roots;          /* registered root blocks */
  uint64_t nroots, root_bytes;
} G;

bool rt_gc_gen_on;
RtGcNursery rt_gc_nursery;
static int chunk_kind;         /* Boehm's object kind of chunks (scan_only) */

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

static char *chunk_end(const Chunk *c) {
  return c->base + CHUNK_BYTES;
}

/* Has Boehm scan only the first n bytes of chunk c from now on: chunks
 * are of a kind whose mark descriptor is their last word, a length.
 * Scanning whole chunks — the nursery's garbage as much as its objects —
 * made Boehm's collections slower with the nursery than without it
 * (sieve.lua 0.30 s against 0.19 s). The chunk being filled is scanned
 * whole: the bump pointer moves without the collector. */
static void scan_only(Chunk *c, size_t n) {
  uint64_t d = n;  /* GC_DS_LENGTH: the low two bits 0 */
  memcpy(c->base + CHUNK_BYTES, &d, sizeof d);
}

static Chunk new_chunk(void) {
  char *c = GC_generic_malloc(RT_GC_CHUNK, chunk_kind);
  if (!c || ((uintptr_t)c & (PAGE - 1))) {  /* Boehm's big objects start on a page */
    fprintf(stderr, "rtrans runtime: %s\n",
            c ? "a nursery chunk not page-aligned" : "out of memory for the nursery");
    abort();
  }
  return (Chunk){.base = c, .limit = c};  /* Boehm zeroes it: nothing to scan */
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
  chunk_kind = (int)GC_new_kind(GC_new_free_list(), GC_DS_PER_OBJECT | CHUNK_BYTES, 0, 1);
  for (int i = 0; i < G.nchunks; i++) G.chunks[i] = new_chunk();
  set_rebuild();
  G.cur = 0;
  rt_gc_nursery.free = G.chunks[0].base;
  rt_gc_nursery.top = chunk_end(&G.chunks[0]);
  scan_only(&G.chunks[0], CHUNK_BYTES);
  G.gray.collectable = G.keep.collectable = G.pinned.collectable = G.kept.collectable = true;
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

static const RtGcType *checked_type(const char *p, uint64_t h) {
  const RtGcType *t = type_of(h);
  if (!t) {
    fprintf(stderr, "rtrans runtime: bad object in the nursery at %p (header %#llx)\n",
            (const void *)p, (unsigned long long)h);
    abort();
  }
  return t;
}

static bool is_filler(uint64_t h) {
  return (h & FLAG(RT_GC_FLAG_FILLER)) != 0;
}

/* The bytes of the object or filler at p, in a chunk. */
static size_t cell_size(const char *p) {
  uint64_t h;
  memcpy(&h, p, sizeof h);
  if (is_filler(h)) return (uint32_t)h;
  if (h & FLAG(RT_GC_FLAG_FORWARDED)) {  /* its length may be gone: the copy's */
    char *to;
    memcpy(&to, p + 8, sizeof to);
    uint64_t th;
    memcpy(&th, to, sizeof th);
    return object_size(to, checked_type(to, th));
  }
  return object_size(p, checked_type(p, h));
}

/* Free space [p, p + n) of a chunk, n a multiple of 8, as one filler. */
static void put_filler(char *p, size_t n) {
  uint64_t h = FLAG(RT_GC_FLAG_FILLER) | n;
  memcpy(p, &h, sizeof h);
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

/* Chunk c holds what may not be zero up to end (at least). */
static void mark_dirty(Chunk *c, const char *end) {
  if ((size_t)(end - c->base) > c->dirty) c->dirty = (size_t)(end - c->base);
}

/* Leaves the gap being filled: its rest becomes a filler, or, at the
 * end of its chunk, the chunk's free end. */
static void leave_gap(void) {
  Chunk *c = &G.chunks[G.cur];
  char *f = rt_gc_nursery.free, *t = rt_gc_nursery.top;
  if (t == chunk_end(c)) {
    c->limit = f;
    mark_dirty(c, f);
  } else if (f < t) {
    put_filler(f, (size_t)(t - f));
  }
  scan_only(c, (size_t)(c->limit - c->base));
}

static void fill(unsigned i, char *from, char *to) {
  scan_only(&G.chunks[i], CHUNK_BYTES);
  G.cur = i;
  rt_gc_nursery.free = from;
  rt_gc_nursery.top = to;
}

/* Makes the first gap of chunk i from p on with room for n bytes the one
 * being filled, zeroing what its last use left: just before the bump
 * pointer runs through it, so that its lines are still in the cache then
 * (zeroing all chunks after a collection went through memory twice:
 * memset was a fifth of fib.lua's time with the JIT). False: none. */
static __attribute__((noinline)) bool enter_gap(unsigned i, char *p, size_t n) {
  Chunk *c = &G.chunks[i];
  while (p < c->limit) {  /* pinned objects and fillers */
    uint64_t h;
    memcpy(&h, p, sizeof h);
    size_t s = cell_size(p);
    if (is_filler(h) && s >= n) {
      memset(p, 0, s);
      fill(i, p, p + s);
      return true;
    }
    p += s;
  }
  char *end = chunk_end(c);
  if ((size_t)(end - c->limit) < n) return false;
  size_t used = (size_t)(c->limit - c->base);
  if (c->dirty > used) memset(c->limit, 0, c->dirty - used);
  c->dirty = used;
  fill(i, c->limit, end);
  return true;
}

/* A minor collection that scans the stack from this frame up: the
 * registers saved here and the program's frames, but none of the
 * collector's own below, whose stale slots hold addresses of the objects
 * earlier collections pinned and walked past (pinning them again and
 * again: fib.lua's nursery had 60 chunks with pinned objects instead of
 * 8). */
static __attribute__((noinline)) void collect(void) {
  jmp_buf regs;
  __builtin_unwind_init();  /* every callee-saved register on this frame */
  setjmp(regs);
  G.scan_from = (char *)&regs;
  minor_collection();
  G.scan_from = NULL;
}

/* A minor collection, then the first gap with room for n bytes (every
 * chunk has a gap of MAX_YOUNG bytes at least after one). */
static void collect_and_fill(size_t n) {
  collect();
  for (unsigned i = 0; i < (unsigned)G.nchunks; i++)
    if (enter_gap(i, G.chunks[i].base, n)) return;
  fprintf(stderr, "rtrans runtime: no room in the nursery after a collection\n");
  abort();
}

/* A gap with room for n bytes: further in this chunk, in the next ones,
 * else after a minor collection. */
static void next_gap(size_t n) {
  leave_gap();
  if (enter_gap(G.cur, rt_gc_nursery.top, n)) return;
  for (unsigned i = G.cur + 1; i < (unsigned)G.nchunks; i++)
    if (enter_gap(i, G.chunks[i].base, n)) return;
  collect_and_fill(n);
}

void *rt_gc_gen_new(uint64_t hdr, size_t size, bool atomic) {
  const RtGcType *t = type_of(hdr);
  size_t n = round8(size < 16 ? 16 : size);
  if (!t || n > MAX_YOUNG || (!t->itemsize && round8(t->fixed < 16 ? 16 : t->fixed) != n))
    return alloc_old(hdr, size, atomic);
  if (rt_gc_nursery.free + n > rt_gc_nursery.top) next_gap(n);
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

bool rt_gc_gen_may_free(const void *p, bool typed) {
  if (in_nursery(p)) return false;
  if (typed) {
    uint64_t h;
    memcpy(&h, p, sizeof h);
    if (!(h & FLAG(RT_GC_FLAG_TRACK))) return false;  /* in G.remembered */
  }
  /* static data, or a pinned object inside a retired chunk (whose
   * header GC_get_kind_and_size cannot read) */
  if (GC_base((void *)(uintptr_t)p) != p) return false;
  size_t size;
  return GC_get_kind_and_size(p, &size) != chunk_kind;  /* a chunk's first object */
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

static void dslot_push(DictSlots *s, RlDict *d, int64_t entry) {
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 256;
    DictSlot *q = GC_MALLOC_UNCOLLECTABLE(cap * sizeof *q);
    if (!q) {
      fprintf(stderr, "rtrans runtime: out of memory in the collector\n");
      abort();
    }
    if (s->p) {
      memcpy(q, s->p, s->n * sizeof *q);
      GC_FREE(s->p);
    }
    s->p = q;
    s->cap = cap;
  }
  s->p[s->n++] = (DictSlot){d, entry};
}

void rt_gc_gen_wb_dict(RlDict *d, int64_t entry) {
  dslot_push(&G.dslots, d, entry);
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

/* The stack from where collect() left the registers up. */
static void __attribute__((noinline)) pin_stack(void) {
  char *sp = G.scan_from;
  char *hi = sp >= G.stack_lo && sp < G.stack_hi ? G.stack_hi : NULL;
  if (!hi) {
    struct GC_stack_base sb;
    hi = GC_get_my_stackbottom(&sb) ? sb.mem_base : NULL;
  }
  if (hi && sp < hi) pin_range(sp, hi);
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

/* Whether p, which a slot holds after tracing, is a pinned object that
 * stays young (not one of a retired chunk, which became old). */
static bool stays_young(const void *p) {
  if (!in_nursery(p)) return false;
  uint64_t h;
  memcpy(&h, p, sizeof h);
  return !(h & FLAG(RT_GC_FLAG_TRACK));
}

/* Updates the slot; true if it then holds a young (pinned) object. */
static bool update_slot(char *slot) {
  void *v;
  memcpy(&v, slot, sizeof v);
  if (!in_nursery(v)) return false;
  void *nv = forward_young(v);
  if (nv == v) return stays_young(v);
  memcpy(slot, &nv, sizeof nv);
  return false;
}

/* The n references at v (an array's items): the bounds test first, on
 * eight at a time (vectorized), since a big old array remembered for
 * one store holds mostly old references (sieve.lua's tables: 260K items
 * traced per collection). True if one then holds a young object. */
static bool trace_refs(uintptr_t *v, int64_t n) {
  uintptr_t lo = G.lo, span = G.hi - G.lo;
  bool young = false;
  int64_t k = 0;
  for (; k + 8 <= n; k += 8) {
    bool any = false;
    for (int j = 0; j < 8; j++) any |= v[k + j] - lo < span;
    if (!any) continue;
    for (int j = 0; j < 8; j++)
      if (v[k + j] - lo < span) young |= update_slot((char *)&v[k + j]);
  }
  for (; k < n; k++)
    if (v[k] - lo < span) young |= update_slot((char *)&v[k]);
  return young;
}

/* Every reference field of object o (its header's TRACK is ignored): an
 * old one left pointing to a young object is kept for the next
 * collection (G.keep). */
static void trace_object(char *o) {
  uint64_t h;
  memcpy(&h, o, sizeof h);
  const RtGcType *t = type_of(h);
  if (!t) return;
  bool young = false;
  for (uint32_t i = 0; i < t->nptrs; i++) young |= update_slot(o + rl_gc_ptr_offsets[t->ptrs + i]);
  int64_t len = 0;
  if (t->item_nptrs) memcpy(&len, o + t->lenofs, sizeof len);
  if (t->itemsize == sizeof(void *) && t->item_nptrs == 1 && rl_gc_ptr_offsets[t->item_ptrs] == 0) {
    young |= trace_refs((uintptr_t *)(void *)(o + t->fixed), len);
  } else {
    for (int64_t k = 0; k < len; k++) {
      char *item = o + t->fixed + (size_t)k * t->itemsize;
      for (uint32_t i = 0; i < t->item_nptrs; i++)
        young |= update_slot(item + rl_gc_ptr_offsets[t->item_ptrs + i]);
    }
  }
  if (young && (!in_nursery(o) || (h & FLAG(RT_GC_FLAG_TRACK)))) push(&G.keep, o);
}

/* Entry e of d, whose keys (kr) and values (vr) are references or not;
 * true if it then holds a young (pinned) object. */
static bool trace_dict_entry(RlDict *d, int64_t e, bool kr, bool vr) {
  if (e < 0 || e >= d->used) return false;
  RlDictEntry *en = &d->entries[e];
  if (!en->live) return false;
  bool young = kr && update_slot((char *)&en->key);
  if (vr) young |= update_slot((char *)&en->value);
  return young;
}

/* The recorded dict slots; the entries left holding a young (pinned)
 * object stay recorded, one by one (a whole dict's record kept would
 * have the dict traced whole at every collection while one of its
 * objects stays pinned: hashtable.lua 0.19 -> 0.25 s). */
static void trace_dicts(void) {
  for (size_t i = 0; i < G.dslots.n; i++) {
    DictSlot ds = G.dslots.p[i];
    bool kr = rth_dict_keys_are_refs(ds.d), vr = rth_dict_values_are_refs(ds.d);
    if (!kr && !vr) continue;
    int64_t from = ds.entry >= 0 ? ds.entry : 0, to = ds.entry >= 0 ? ds.entry + 1 : ds.d->used;
    for (int64_t e = from; e < to; e++)
      if (trace_dict_entry(ds.d, e, kr, vr)) dslot_push(&G.dkeep, ds.d, e);
  }
  DictSlots t = G.dslots;  /* the kept ones become the recorded ones */
  if (t.n) memset(t.p, 0, t.n * sizeof *t.p);
  t.n = 0;
  G.dslots = G.dkeep;
  G.dkeep = t;
}

static int cmp_addr(const void *a, const void *b) {
  uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;
  return x < y ? -1 : x > y;
}

/* Where a walk of chunk c towards address a can start, from p: the
 * last object the previous collection kept young in c at or before a
 * (it has not moved since; G.kept is sorted) if that is further. */
static char *walk_from(const Chunk *c, char *p, const char *a) {
  while (G.kept_at < G.kept.n && (char *)G.kept.p[G.kept_at] < c->base) G.kept_at++;
  char *best = p;
  while (G.kept_at < G.kept.n && (char *)G.kept.p[G.kept_at] <= a) {
    char *k = G.kept.p[G.kept_at++];
    if (k > best) best = k;
  }
  return best;
}

/* Pins the objects of chunk c that the sorted candidates cand[*k..n)
 * point into or just past (all candidates in c are consumed): PINNED for
 * this collection, they stay where they are and are traced. Objects are
 * found by walking the chunk, from the nearest object the previous
 * collection kept. */
static void pin_objects(Chunk *c, void *const *cand, size_t *k, size_t n) {
  char *limit = c->base + RT_GC_CHUNK;
  for (char *p = c->base; p < c->limit && *k < n && (char *)cand[*k] < limit;) {
    p = walk_from(c, p, (char *)cand[*k] - 1);  /* -1: just past an object */
    uint64_t h;
    memcpy(&h, p, sizeof h);
    char *end = p + cell_size(p);
    bool hit = false;
    while (*k < n && (char *)cand[*k] < end) hit |= (char *)cand[(*k)++] >= p;
    if (*k < n && (char *)cand[*k] == end) hit = true;  /* just past it; the next
                                                         * object may start there */
    if (hit && !is_filler(h) && !(h & FLAG(RT_GC_FLAG_PINNED))) {
      h |= FLAG(RT_GC_FLAG_PINNED);
      memcpy(p, &h, sizeof h);
      if (has_refs(checked_type(p, h))) push(&G.gray, p);
      push(&G.pinned, p);
      c->pinned = true;
    }
    p = end;
  }
  while (*k < n && (char *)cand[*k] < limit) (*k)++;  /* past its objects */
}

/* Pins what the candidates point to, chunk by chunk; a chunk with an
 * object whose address was taken is retired. */
static void pin_candidates(void) {
  for (size_t i = 0; i < G.idpins.n; i++) {
    Chunk *c = chunk_of(G.idpins.p[i]);
    if (c && G.idpins.p[i] < (void *)c->limit) c->retire = true;
    push(&G.cands, G.idpins.p[i]);
  }
  G.idpins.n = 0;
  qsort(G.cands.p, G.cands.n, sizeof *G.cands.p, cmp_addr);
  G.kept_at = 0;
  for (size_t k = 0; k < G.cands.n;) pin_objects(chunk_of(G.cands.p[k]), G.cands.p, &k, G.cands.n);
  G.cands.n = 0;
}

/* The pinned objects of one chunk: G.pinned[from, *to). */
static Chunk *pinned_run(size_t from, size_t *to) {
  Chunk *c = chunk_of(G.pinned.p[from]);
  size_t i = from + 1;
  while (i < G.pinned.n && (char *)G.pinned.p[i] < chunk_end(c) &&
         (char *)G.pinned.p[i] >= c->base)
    i++;
  *to = i;
  return c;
}

/* The largest run of bytes in chunk c that its pinned objects
 * G.pinned[from, to) leave. */
static size_t largest_gap(const Chunk *c, size_t from, size_t to) {
  size_t best = 0;
  char *free_from = c->base;
  for (size_t i = from; i < to; i++) {
    char *p = G.pinned.p[i];
    if ((size_t)(p - free_from) > best) best = (size_t)(p - free_from);
    free_from = p + cell_size(p);
  }
  size_t tail = (size_t)(chunk_end(c) - free_from);
  return tail > best ? tail : best;
}

/* Chooses the chunks with pinned objects that leave the nursery: those
 * with an object whose address was taken, and those whose pinned objects
 * leave no gap of MAX_YOUNG bytes (so that every chunk has room for any
 * young object after a collection). Their pinned objects become old
 * (TRACK set) before tracing, which keeps them if they point to young
 * objects. */
static void choose_retired(void) {
  for (size_t i = 0, to; i < G.pinned.n; i = to) {
    Chunk *c = pinned_run(i, &to);
    if (!c->retire && largest_gap(c, i, to) < MAX_YOUNG) c->retire = true;
    if (!c->retire) continue;
    for (size_t j = i; j < to; j++) {
      uint64_t h;
      memcpy(&h, G.pinned.p[j], sizeof h);
      h |= FLAG(RT_GC_FLAG_TRACK);
      memcpy(G.pinned.p[j], &h, sizeof h);
    }
  }
}

/* After tracing, a retired chunk leaves the nursery for Boehm, kept alive
 * by its pinned objects; the others in it — garbage, moved, or fillers —
 * are zeroed, so their stale references keep nothing alive. */
static void retire(Chunk *c) {
  G.retired_chunks++;
  for (char *p = c->base; p < c->limit;) {
    uint64_t h;
    memcpy(&h, p, sizeof h);
    size_t n = cell_size(p);
    if (h & FLAG(RT_GC_FLAG_PINNED)) {
      h &= ~FLAG(RT_GC_FLAG_PINNED);
      memcpy(p, &h, sizeof h);
    } else {
      memset(p, 0, n);
    }
    p += n;
  }
  scan_only(c, (size_t)(c->limit - c->base));  /* what is past it is garbage */
}

/* After tracing, chunk c keeps its pinned (young) objects G.pinned[from,
 * to): a filler over each run of other space between them, its limit
 * the end of the last; the rest is free, zeroed when allocation enters
 * it. They go to G.kept. */
static void keep_pinned(Chunk *c, size_t from, size_t to) {
  G.kept_chunks++;
  char *free_from = c->base;
  for (size_t i = from; i < to; i++) {
    char *p = G.pinned.p[i];
    if (p > free_from) put_filler(free_from, (size_t)(p - free_from));
    uint64_t h;
    memcpy(&h, p, sizeof h);
    h &= ~FLAG(RT_GC_FLAG_PINNED);
    memcpy(p, &h, sizeof h);
    free_from = p + cell_size(p);
    push(&G.kept, p);
  }
  mark_dirty(c, c->limit);
  c->limit = free_from;
  scan_only(c, (size_t)(c->limit - c->base));
}

/* Room for n more entries, allocating now (while every entry is still
 * there for Boehm to see). */
static void reserve(PtrStack *s, size_t n) {
  if (s->n + n <= s->cap) return;
  size_t had = s->n;
  while (s->n + n > s->cap) push(s, NULL);
  s->n = had;
}

/* The remembered objects get TRACK again; those traced objects left
 * pointing to young ones (G.keep) are remembered instead. */
static void remember_kept(void) {
  reserve(&G.remembered, G.keep.n);
  for (size_t i = 0; i < G.remembered.n; i++) {
    uint64_t h;
    memcpy(&h, G.remembered.p[i], sizeof h);
    h |= FLAG(RT_GC_FLAG_TRACK);
    memcpy(G.remembered.p[i], &h, sizeof h);
  }
  size_t n = 0;
  for (size_t i = 0; i < G.keep.n; i++) {
    char *o = G.keep.p[i];
    uint64_t h;
    memcpy(&h, o, sizeof h);
    if (!(h & FLAG(RT_GC_FLAG_TRACK))) continue;  /* twice in G.keep */
    h &= ~FLAG(RT_GC_FLAG_TRACK);
    memcpy(o, &h, sizeof h);
    G.remembered.p[n++] = o;
  }
  G.keep.n = 0;
  /* Boehm scans the whole array: stale entries would keep garbage alive */
  if (G.remembered.n > n) memset(G.remembered.p + n, 0, (G.remembered.n - n) * sizeof *G.remembered.p);
  G.remembered.n = n;
}

static void minor_collection(void) {
  G.minors++;
  leave_gap();
  if (!G.cands.p) G.cands.collectable = true;
  pin_stack();
  for (unsigned i = 0; i < G.ndata; i++) pin_range(G.data_lo[i], G.data_hi[i]);
  for (RootBlock *b = G.roots; b; b = b->next) pin_range((char *)(b + 1), (char *)(b + 1) + b->scan);
  pin_candidates();
  choose_retired();
  for (size_t i = 0; i < G.remembered.n; i++) push(&G.gray, G.remembered.p[i]);
  trace_dicts();
  while (G.gray.n) trace_object(G.gray.p[--G.gray.n]);
  remember_kept();
  G.kept.n = 0;
  for (size_t i = 0, to; i < G.pinned.n; i = to) {
    Chunk *c = pinned_run(i, &to);
    if (!c->retire) keep_pinned(c, i, to);
  }
  G.pinned.n = 0;
  bool moved = false;
  for (int i = 0; i < G.nchunks; i++) {
    Chunk *c = &G.chunks[i];
    if (c->retire) {
      retire(c);
      *c = new_chunk();
      moved = true;
    } else if (!c->pinned) {
      /* a chunk not reached since the last collection keeps what that
       * one left to zero */
      mark_dirty(c, c->limit);
      c->limit = c->base;
      scan_only(c, 0);
    }
    c->pinned = c->retire = false;
  }
  if (moved) set_rebuild();
}

/* A collection, then allocation from the first gap. */
void rt_gc_gen_collect(void) {
  if (G.on) collect_and_fill(MAX_YOUNG);
}

void rt_gc_gen_counts(uint64_t *minors, uint64_t *promoted_bytes, uint64_t *retired_chunks) {
  *minors = G.minors;
  *promoted_bytes = G.promoted_bytes;
  *retired_chunks = G.retired_chunks;
}

void rt_gc_gen_stats(FILE *out) {
  fprintf(out, "gen gc: %llu minor collections, %llu bytes promoted, %llu chunks retired, "
          "%llu kept with pinned objects, "
          "Boehm heap %zu bytes, %zu collections, %llu root blocks (%llu bytes)\n",
          (unsigned long long)G.minors, (unsigned long long)G.promoted_bytes,
          (unsigned long long)G.retired_chunks, (unsigned long long)G.kept_chunks,
          GC_get_heap_size(), (size_t)GC_get_gc_no(),
          (unsigned long long)G.nroots, (unsigned long long)G.root_bytes);
}
