/* backend_load.h — the LLVM backend, loaded only when code is emitted.
 *
 * Promise: backend_emit behaves as be_emit (backend/llvm/llvm_backend.h),
 * after loading the backend as a shared library the first time it is
 * called: $RTRANS_BACKEND_LIB when set, else librtrans-llvm.so in the
 * directory of the running executable (build/ for build/rtrans,
 * build/asan/ for the sanitized flavour). libLLVM comes with it, so the
 * stages before emission (and every run that stops at an error or a dump)
 * never map LLVM: ~50 MB of RSS and 40–60 ms of start-up saved.
 * The library resolves the core symbols it uses (arena, diagnostics,
 * graphs, ll types) against the executable, which exports them
 * (-rdynamic). A library that cannot be loaded is reported on stderr and
 * backend_emit returns false. The library stays loaded until exit. */
#ifndef RT_BACKEND_LOAD_H
#define RT_BACKEND_LOAD_H

#include <stdbool.h>

#include "backend/llvm/llvm_backend.h"

bool backend_emit(const BeProgram *prog, const BeOptions *opt, Diag *D);

#endif
