/* jit_x64_mem.c — executable memory for the x86-64 trace compiler: chunks
 * of at least 1 MB of anonymous memory; traces are packed one after the
 * other, 64-byte aligned. A page a trace took spread mandel.b's 835 traces
 * over 3.5 MB, and the jump from one trace to the next missed the TLB
 * (~11% of its time sat on the next trace's first instruction).
 *
 * W^X: the pages a new trace goes to are made read-write for the copy and
 * read-execute again right after (two mprotect calls per trace, a few
 * microseconds). Code already on those pages may be suspended on the
 * stack (a trace that called the interpreter, which compiled this one):
 * it does not run while the compiler does, and its bytes are never
 * written. The memory is anonymous so that `perf` names the code from
 * /tmp/perf-PID.map (RTRANS_LOG=jit-perfmap). Chunks are returned only
 * when the backend is freed. Contract: jit_x64_impl.h. */
#define _DEFAULT_SOURCE  /* MAP_ANONYMOUS */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "jit_x64_impl.h"

enum { CHUNK_MIN = 1 << 20, CODE_ALIGN = 64 };

static size_t page_size(void) {
  static size_t ps;
  if (!ps) {
    long p = sysconf(_SC_PAGESIZE);
    ps = p > 0 ? (size_t)p : 4096;
  }
  return ps;
}

static XChunk *new_chunk(JitxBackend *be, size_t need) {
  size_t ps = page_size();
  size_t size = need > CHUNK_MIN ? (need + ps - 1) / ps * ps : CHUNK_MIN;
  void *p = mmap(NULL, size, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return NULL;
  if (be->nchunks == be->chunkcap) {
    uint32_t cap = be->chunkcap ? be->chunkcap * 2 : 8;
    XChunk *c = realloc(be->chunks, cap * sizeof *c);
    if (!c) {
      munmap(p, size);
      return NULL;
    }
    be->chunks = c;
    be->chunkcap = cap;
  }
  XChunk *c = &be->chunks[be->nchunks++];
  *c = (XChunk){.base = p, .size = size, .used = 0};
  return c;
}

void *xm_install(JitxBackend *be, const uint8_t *code, size_t n) {
  size_t need = (n + CODE_ALIGN - 1) / CODE_ALIGN * CODE_ALIGN;
  XChunk *c = be->nchunks ? &be->chunks[be->nchunks - 1] : NULL;
  if (!c || c->size - c->used < need) c = new_chunk(be, need);
  if (!c) return NULL;
  uint8_t *p = c->base + c->used;
  size_t ps = page_size();
  uint8_t *lo = (uint8_t *)((uintptr_t)p / ps * ps);
  uint8_t *hi = (uint8_t *)(((uintptr_t)p + n + ps - 1) / ps * ps);
  if (mprotect(lo, (size_t)(hi - lo), PROT_READ | PROT_WRITE) != 0) return NULL;
  memcpy(p, code, n);
  if (mprotect(lo, (size_t)(hi - lo), PROT_READ | PROT_EXEC) != 0) return NULL;
  c->used += need;
  return p;
}

void xm_free_all(JitxBackend *be) {
  for (uint32_t k = 0; k < be->nchunks; k++) munmap(be->chunks[k].base, be->chunks[k].size);
  free(be->chunks);
  be->chunks = NULL;
  be->nchunks = be->chunkcap = 0;
}
