/* rt_gc.c — GC interface on the Boehm collector (see rt_gc.h). */
#define _DEFAULT_SOURCE 1  /* madvise, MADV_HUGEPAGE */
#define GC_THREADS 1  /* declares GC_set_markers_count; the program runs on one thread */
#include "rt_gc.h"

#include <gc.h>
#include <gc/gc_inline.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "rt_exc.h"
#include "rt_gc_gen.h"

/* Objects above this size are asked for "ignore off page": Boehm then only
 * keeps them alive through pointers near their start (we always hold the
 * start; interior pointers are live only while the start is). */
enum { RT_GC_LARGE = 1 << 20 };

/* Boehm's defaults suit a multi-threaded program with a small heap; ours
 * is one thread that allocates an object per interpreted operation. One
 * marker thread (parallel marking only added hand-offs on 2 cores), and
 * 32 MB of heap from the start (Boehm grows from 256 KB, collecting all
 * the way: Lua's fib ran 1.75x faster with 16 MB; since the initial heap
 * gets huge pages, 32 MB took hashtable.lua 9% and json.lua 4% further,
 * peak memory +8 MB on json; 64 MB and 128 MB went on to -14% and -23%
 * on hashtable, but with peaks up to 2.5x: storage.lua 147 MB). Pages
 * are touched only when used. The environment's GC_MARKERS,
 * GC_INITIAL_HEAP_SIZE and GC_FREE_SPACE_DIVISOR still choose. */
enum { RT_GC_INITIAL_HEAP = 32 << 20 };

/* Boehm collects once the bytes allocated since the last collection
 * reach about twice the live heap over this divisor, so the marking work
 * per allocated byte is proportional to it. When Boehm allocates every
 * object (--gc=boehm), fewer collections win: Boehm's 3 marked Lua's
 * json.lua's ~15 MB 116 times; 2 was 20% faster (session 6); 1 is 10%
 * faster again on json.lua and 11% on hashtable.lua (session 9). Behind
 * the nursery (--gc=gen) Boehm allocates only what minor collections
 * promote, and then the pages are what cost: with 1, json.lua's heap
 * grew to 58 MB (8.6k page faults; lua5.4 touches 12 MB), and its
 * default 3 reuses the pages it frees: json.lua -24%, sieve.lua -18%,
 * storage.lua -14% (faults 8.6k -> 2.1k, 3.0k -> 1.0k, 6.1k -> 1.7k),
 * the other Lua benchmarks within 1.5%, geomean -4.8% (session 18, 9
 * interleaved runs; session 17's machine, where a fresh page cost less,
 * had measured -0.3 to -2.6%). */
enum { RT_GC_FREE_SPACE_DIVISOR_BOEHM = 1, RT_GC_FREE_SPACE_DIVISOR_GEN = 3 };

/* Transparent huge pages for the heap Boehm maps at the start (16 MB,
 * where the generational collector's nursery lives): each anonymous
 * writable mapping of 4 MB to 1 GB is advised MADV_HUGEPAGE before
 * anything touches it. A kernel with THP in "madvise" mode (as on the
 * machine measured) then maps it 2 MB at a time: an empty Lua program
 * starts in 3.9 ms instead of 5.7 (fewer page faults while the nursery
 * is zeroed), and the Lua benchmarks ran 2-7% faster (fewer TLB misses). The
 * sections Boehm adds as the heap grows are left alone: advised too
 * (from GC_set_on_heap_resize), json.lua ran 7% slower, its faults
 * compacting memory for huge pages. RTRANS_HUGEPAGES=0 turns this off. */
static void advise_huge_pages(void) {
  FILE *maps = fopen("/proc/self/maps", "r");
  if (!maps) return;
  char *line = NULL;
  size_t cap = 0;
  while (getline(&line, &cap, maps) > 0) {
    unsigned long lo, hi, off, inode;
    char perms[8], dev[16];
    if (sscanf(line, "%lx-%lx %7s %lx %15s %lu", &lo, &hi, perms, &off, dev, &inode) != 6) continue;
    if (inode != 0 || perms[0] != 'r' || perms[1] != 'w' || strchr(line, '[')) continue;
    if (hi - lo >= (4ul << 20) && hi - lo <= (1ul << 30)) madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
  }
  free(line);
  fclose(maps);
}

void rt_gc_init(void) {
  if (!getenv("GC_MARKERS")) GC_set_markers_count(1);
  if (!getenv("GC_FREE_SPACE_DIVISOR"))
    GC_set_free_space_divisor(rl_gc_types ? RT_GC_FREE_SPACE_DIVISOR_GEN : RT_GC_FREE_SPACE_DIVISOR_BOEHM);
  GC_INIT();
  if (!getenv("GC_INITIAL_HEAP_SIZE")) GC_expand_hp(RT_GC_INITIAL_HEAP);
  const char *huge = getenv("RTRANS_HUGEPAGES");
  if (!huge || strcmp(huge, "0") != 0) advise_huge_pages();
  if (rl_gc_types) rt_gc_gen_init();  /* translated with --gc=gen */
}

/* Small objects come from stacks that Boehm's GC_generic_malloc_many
 * fills (a batch of one block's free objects): a pop instead of Boehm's
 * allocator with its thread-local lookup and lock per object, which cost
 * interpreters half their time, and a pop compiled traces can do inline.
 * The stacks are static data, which Boehm scans, so the objects on them
 * stay allocated until handed out (a list linked through atomic objects
 * would not: Boehm does not scan them). Objects are zeroed when pushed,
 * but for a normal object's first word: Boehm's link to the next free
 * object, overwritten by every pop (generated code writes the header
 * there; malloc_small clears it). Until then it keeps the rest of
 * Boehm's list alive, a batch at most.
 * The program's code runs on one thread (rt_main.c). */
RtGcStack rt_gc_small[2][RT_GC_SMALL_CLASSES];

/* Zeroes the atomic objects [lo, hi) of a refill in one call. */
static void zero_run(char *lo, char *hi) {
  if (hi > lo) memset(lo, 0, (size_t)(hi - lo));
}

/* Boehm links a fresh block's objects one after the other, so the walk
 * predicts the next object at p + stride (the first link's distance, when
 * that is one object) and goes on from the prediction as soon as the link
 * confirms it: the loads of the links then do not wait for each other
 * (following them one by one was ~9% of Lua's fib.lua and queens.lua).
 * Atomic objects are zeroed a run of neighbours at a time, not one memset
 * call each. */
static bool refill(RtGcStack *s, size_t c, bool atomic) {
  ptrdiff_t bytes = (ptrdiff_t)(c * RT_GC_GRANULE);
  void *list = NULL;
  GC_generic_malloc_many((size_t)bytes, atomic ? GC_I_PTRFREE : GC_I_NORMAL, &list);
  char *p = list, *lo = NULL, *hi = NULL;
  ptrdiff_t stride = 0;
  if (p && GC_NEXT(p)) {
    ptrdiff_t d = (char *)GC_NEXT(p) - p;
    if (d == bytes || d == -bytes) stride = d;
  }
  uint64_t n = 0;
  while (p && n < RT_GC_BATCH) {
    char *next = GC_NEXT(p);
    if (atomic) {
      if (p == hi) hi += bytes;
      else if (p + bytes == lo) lo = p;
      else zero_run(lo, hi), lo = p, hi = p + bytes;
    }  /* a normal object's link stays until it is handed out: every pop
        * writes the first word (a header; malloc_small a 0) */
    s->obj[n++] = p;
    char *pred = p + stride;
    if (stride && next == pred) {
      __asm__("" : "+r"(pred));  /* go on from the prediction, not the load */
      p = pred;
    } else {
      p = next;
    }
  }  /* a longer list's tail is garbage at the next collection */
  if (atomic) zero_run(lo, hi);
  s->n = n;
  return n > 0;
}

static void *malloc_small(size_t size, bool atomic) {
  size_t c = rt_gc_small_class(size);
  RtGcStack *s = &rt_gc_small[atomic][c];
  if (!s->n && !refill(s, c, atomic)) return NULL;
  void *p = s->obj[--s->n];
  if (!atomic) GC_NEXT(p) = NULL;  /* Boehm cleared the rest */
  return p;
}

void *rt_gc_malloc(size_t size) {
  void *p = size - 1 < RT_GC_SMALL ? malloc_small(size, false)
            : size >= RT_GC_LARGE  ? GC_MALLOC_IGNORE_OFF_PAGE(size)
                                   : GC_MALLOC(size);
  if (!p) rt_raise_memory();
  return p;  /* Boehm zeroes scanned memory */
}

void *rt_gc_malloc_atomic(size_t size) {
  if (size - 1 < RT_GC_SMALL) {
    void *p = malloc_small(size, true);  /* zeroed */
    if (!p) rt_raise_memory();
    return p;
  }
  void *p = size >= RT_GC_LARGE ? GC_MALLOC_ATOMIC_IGNORE_OFF_PAGE(size)
                                : GC_MALLOC_ATOMIC(size);
  if (!p) {
    rt_raise_memory();
    return NULL;
  }
  memset(p, 0, size);
  return p;
}

static void discard(void *p, bool typed) {
  if (!p) return;
  if (rt_gc_gen_on ? rt_gc_gen_may_free(p, typed) : GC_base(p) == p) GC_FREE(p);
}

void rth_gc_discard(void *p) { discard(p, true); }
void rt_gc_discard_raw(void *p) { discard(p, false); }

void *rt_gc_malloc_roots(size_t size) {
  return rt_gc_gen_on ? rt_gc_gen_malloc_roots(size) : rt_gc_malloc(size);
}

void rt_gc_free_roots(void *p) {
  if (rt_gc_gen_on && p) rt_gc_gen_free_roots(p);
}

void rt_gc_roots_scan(void *p, size_t bytes) {
  if (rt_gc_gen_on && p) rt_gc_gen_roots_scan(p, bytes);
}

void rt_gc_collect(void) {
  rt_gc_gen_collect();
  GC_gcollect();
}

void *rt_gc_new(uint64_t hdr, size_t size) {
  if (rt_gc_gen_on) return rt_gc_gen_new(hdr, size, false);
  uint64_t *p = rt_gc_malloc(size);
  if (p) *p = hdr;
  return p;
}

void *rt_gc_new_atomic(uint64_t hdr, size_t size) {
  if (rt_gc_gen_on) return rt_gc_gen_new(hdr, size, true);
  uint64_t *p = rt_gc_malloc_atomic(size);
  if (p) *p = hdr;
  return p;
}

static size_t varsize_bytes(size_t fixed, size_t itemsize, int64_t n) {
  if (n < 0) return 0;
  size_t items;
  if (__builtin_mul_overflow((size_t)n, itemsize, &items)) return 0;
  size_t total;
  if (__builtin_add_overflow(items, fixed, &total)) return 0;
  if (total > ((size_t)1 << 47)) return 0;  /* more than any machine has */
  return total;
}

static void *new_varsize(uint64_t hdr, size_t fixed, size_t itemsize,
                         int64_t n, size_t lenofs, int atomic) {
  size_t size = varsize_bytes(fixed, itemsize, n);
  if (!size) {
    rt_raise_memory();
    return NULL;
  }
  if (rt_gc_gen_on) return rt_gc_gen_new_varsize(hdr, size, n, lenofs, atomic);
  char *p = atomic ? rt_gc_malloc_atomic(size) : rt_gc_malloc(size);
  if (!p) return NULL;
  memcpy(p, &hdr, sizeof hdr);
  if (lenofs != RT_GC_NOLENGTH) memcpy(p + lenofs, &n, sizeof n);
  return p;
}

void *rt_gc_new_varsize(uint64_t hdr, size_t fixed, size_t itemsize,
                        int64_t n, size_t lenofs) {
  return new_varsize(hdr, fixed, itemsize, n, lenofs, 0);
}

void *rt_gc_new_varsize_atomic(uint64_t hdr, size_t fixed, size_t itemsize,
                               int64_t n, size_t lenofs) {
  return new_varsize(hdr, fixed, itemsize, n, lenofs, 1);
}
