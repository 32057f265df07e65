/* backend_load.c — dlopen the LLVM backend on first use. */
#define _GNU_SOURCE
#include "driver/backend_load.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BACKEND_SONAME "librtrans-llvm.so"

typedef bool BeEmitFn(const BeProgram *, const BeOptions *, Diag *);

/* $RTRANS_BACKEND_LIB, else the library beside the executable; false when
 * the executable's own path cannot be read. */
static bool backend_path(char *buf, size_t size) {
  const char *env = getenv("RTRANS_BACKEND_LIB");
  if (env && *env) return (size_t)snprintf(buf, size, "%s", env) < size;
  ssize_t n = readlink("/proc/self/exe", buf, size - 1);
  if (n <= 0) return false;
  buf[n] = 0;
  char *slash = strrchr(buf, '/');
  if (!slash) return false;
  size_t dir = (size_t)(slash + 1 - buf);
  return (size_t)snprintf(buf + dir, size - dir, "%s", BACKEND_SONAME) < size - dir;
}

static BeEmitFn *load_backend(void) {
  char path[4096];
  if (!backend_path(path, sizeof path)) {
    fprintf(stderr, "rtrans: error: cannot locate %s (set RTRANS_BACKEND_LIB)\n",
            BACKEND_SONAME);
    return NULL;
  }
  void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    fprintf(stderr, "rtrans: error: cannot load the LLVM backend: %s\n", dlerror());
    return NULL;
  }
  /* POSIX's blessed way to turn a dlsym result into a function pointer */
  BeEmitFn *fn;
  void *sym = dlsym(lib, "be_emit");
  memcpy(&fn, &sym, sizeof fn);
  if (!fn) fprintf(stderr, "rtrans: error: %s has no be_emit\n", path);
  return fn;
}

bool backend_emit(const BeProgram *prog, const BeOptions *opt, Diag *D) {
  BeEmitFn *emit = load_backend();
  return emit && emit(prog, opt, D);
}
