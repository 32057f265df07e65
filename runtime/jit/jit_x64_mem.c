/* jit_x64_mem.c — executable memory for the x86-64 trace compiler: chunks
 * of at least 1 MB, each a memfd mapped twice, read-execute where the code
 * runs and read-write where it is written (W^X: no mapping is writable and
 * executable at once). Traces are packed one after the other, 64-byte
 * aligned: a page per trace spread mandel.b's 835 traces over 3.5 MB, and
 * the jump from one trace to the next missed the TLB (~11% of its time
 * at the first instruction of the next trace). Bytes once written are
 * never written again, so code that is running — a trace that called
 * into the interpreter which compiled another trace — is never touched.
 * Without memfd (or when its mapping fails) a chunk falls back to one
 * trace per page, mprotect'ed read-execute after the copy. Chunks are
 * returned only when the backend is freed. Contract: jit_x64_impl.h. */
#define _GNU_SOURCE  /* MAP_ANONYMOUS, memfd_create */
#include <stdbool.h>
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

/* The two views of a new memfd of size bytes; false when not possible. */
static bool dual_map(size_t size, uint8_t **x, uint8_t **w) {
  int fd = memfd_create("rtrans-jit", MFD_CLOEXEC);
  if (fd < 0) return false;
  bool ok = ftruncate(fd, (off_t)size) == 0;
  void *pw = ok ? mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) : MAP_FAILED;
  void *px = pw != MAP_FAILED ? mmap(NULL, size, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0)
                              : MAP_FAILED;
  close(fd);
  if (px == MAP_FAILED) {
    if (pw != MAP_FAILED) munmap(pw, size);
    return false;
  }
  *x = px;
  *w = pw;
  return true;
}

static XChunk *new_chunk(JitxBackend *be, size_t need) {
  size_t ps = page_size();
  size_t size = need > CHUNK_MIN ? (need + ps - 1) / ps * ps : CHUNK_MIN;
  uint8_t *x = NULL, *w = NULL;
  if (!dual_map(size, &x, &w)) {
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
    x = p;
  }
  if (be->nchunks == be->chunkcap) {
    uint32_t cap = be->chunkcap ? be->chunkcap * 2 : 8;
    XChunk *c = realloc(be->chunks, cap * sizeof *c);
    if (!c) {
      munmap(x, size);
      if (w) munmap(w, size);
      return NULL;
    }
    be->chunks = c;
    be->chunkcap = cap;
  }
  XChunk *c = &be->chunks[be->nchunks++];
  *c = (XChunk){.base = x, .wbase = w, .size = size, .used = 0};
  return c;
}

void *xm_install(JitxBackend *be, const uint8_t *code, size_t n) {
  XChunk *c = be->nchunks ? &be->chunks[be->nchunks - 1] : NULL;
  size_t ps = page_size();
  size_t need = c && c->wbase ? (n + 63) / 64 * 64 : (n + ps - 1) / ps * ps;
  if (!c || c->size - c->used < need) {
    c = new_chunk(be, n);
    if (!c) return NULL;
    need = c->wbase ? (n + 63) / 64 * 64 : (n + ps - 1) / ps * ps;
  }
  uint8_t *p = c->base + c->used;
  if (c->wbase) {
    memcpy(c->wbase + c->used, code, n);
  } else {
    memcpy(p, code, n);
    if (mprotect(p, need, PROT_READ | PROT_EXEC) != 0) return NULL;
  }
  c->used += need;
  return p;
}

void xm_free_all(JitxBackend *be) {
  for (uint32_t k = 0; k < be->nchunks; k++) {
    munmap(be->chunks[k].base, be->chunks[k].size);
    if (be->chunks[k].wbase) munmap(be->chunks[k].wbase, be->chunks[k].size);
  }
  free(be->chunks);
  be->chunks = NULL;
  be->nchunks = be->chunkcap = 0;
}
