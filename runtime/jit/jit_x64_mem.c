/* jit_x64_mem.c — executable memory for the x86-64 trace compiler: chunks
 * of at least 1 MB mmap'ed read-write; each trace takes whole pages from
 * the current chunk, is copied there and those pages become read-execute
 * (W^X: a page is never writable and executable at once, and never made
 * writable again, so code that is running — a trace that called into the
 * interpreter which compiled another trace — is never touched). Pages are
 * returned only when the backend is freed. Contract: jit_x64_impl.h. */
#define _DEFAULT_SOURCE  /* MAP_ANONYMOUS */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "jit_x64_impl.h"

enum { CHUNK_MIN = 1 << 20 };

static size_t page_size(void) {
  static size_t ps;
  if (!ps) {
    long p = sysconf(_SC_PAGESIZE);
    ps = p > 0 ? (size_t)p : 4096;
  }
  return ps;
}

static XChunk *new_chunk(JitxBackend *be, size_t need) {
  size_t size = need > CHUNK_MIN ? need : CHUNK_MIN;
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
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
  size_t ps = page_size(), need = (n + ps - 1) / ps * ps;
  XChunk *c = be->nchunks ? &be->chunks[be->nchunks - 1] : NULL;
  if (!c || c->size - c->used < need) c = new_chunk(be, need);
  if (!c) return NULL;
  uint8_t *p = c->base + c->used;
  memcpy(p, code, n);
  if (mprotect(p, need, PROT_READ | PROT_EXEC) != 0) return NULL;
  c->used += need;
  return p;
}

void xm_free_all(JitxBackend *be) {
  for (uint32_t k = 0; k < be->nchunks; k++) munmap(be->chunks[k].base, be->chunks[k].size);
  free(be->chunks);
  be->chunks = NULL;
  be->nchunks = be->chunkcap = 0;
}
