/* warmstate.h — the JIT's warm state: a counter per green key, and what
 * happens when one gets hot (ARCHITECTURE.md §6 "Warm state").
 *
 * Promise: ws_merge_point is what rl_jit_merge_point does in the tracing
 * modes. It hashes the driver's greens (from the ABI buffers: each bank's
 * greens come first in its buffer) to a JitCell, counts the passage, and
 * when the count reaches `threshold` runs the tracer from there (the
 * tracer executes the program while it records). A recorded loop is
 * optimized (jopt) and logged (jit-log-opt: before and after), counted in
 * JitStats, kept in the cell and compiled (jit_backend.h: the backend
 * RTRANS_JIT=backend= names, x64 by default) when `compile` is
 * set; an aborted trace counts an abort, and a key whose traces abort
 * `WS_MAX_ABORTS` times is blacklisted (never traced again). A key with a
 * compiled loop runs it with the reds from the buffers; when a guard
 * fails, tr_resume rebuilds the interpreter's frames from the guard's
 * resume data and runs them to the portal's next merge point. The answer
 * is the ABI's (RL_JIT_NOTHING when nothing ran, else what the run ended
 * with). The GC objects a compiled loop embeds stay alive with its cell.
 * Cells keep their green refs alive (the table is GC memory) and compare
 * refs by identity, ints and floats by bits.
 * Expects: the open image and its tables; jit_log_init done. */
#ifndef RT_WARMSTATE_H
#define RT_WARMSTATE_H

#include <stdint.h>

#include "runtime/jit/jit_runtime_params.h"
#include "runtime/jit/tracer.h"

enum { WS_MAX_ABORTS = 3 };

typedef struct JitCell JitCell;

typedef struct JitBackendOps JitBackendOps;

typedef struct WarmState {
  const JcImage *img;
  const JitParams *params;
  JirEnv env;               /* descriptors of every trace */
  TrEnv tr;
  JitCell **cells;          /* open hashing, GC memory */
  uint32_t ncells, cap;
  bool compile;             /* compile loops (else trace and log only) */
  const JitBackendOps *ops; /* the trace compiler (jit_backend.h) */
  void *backend;            /* its handle for loops (LLVM: codegen level
                               1, greedy register allocation), made at the
                               first loop */
  void *quick;              /* ... for bridges (LLVM: level 0, fast to
                               compile; x64: the same handle) */
  bool backend_failed;
  int64_t *frame;           /* compiled code's frame (GC memory) */
  /* Quasi-immutable fields traces read as constants: (object, offset) ->
   * the traces, invalidated when it is written (GC memory: the keys and
   * traces stay alive). */
  struct QuasiDep *deps;
  uint32_t ndeps, depcap;
  struct Compiled **all;    /* every compiled trace (GC memory) */
  uint32_t nall, allcap;
  TrResult *recording;      /* the trace being recorded, or NULL */
  bool no_inline;           /* the bridge being recorded calls every portal */
  JitStats *stats;          /* jit_stats(), for the paths every call takes */
} WarmState;

/* compile: run loops as native code (else only trace and log them). */
void ws_init(WarmState *W, const JcImage *img, const JitParams *params, bool compile);
int32_t ws_merge_point(WarmState *W, uint32_t driver);
/* The counter slot of the key in the ABI buffers (jit_runtime.h). */
uint32_t ws_counter_slot(const JcImage *img, uint32_t driver);
/* Frees what ws_init made outside GC memory (and all compiled code). */
void ws_free(WarmState *W);
/* Quasi-immutable field `offset` of obj was written: the traces that read
 * it as a constant are invalidated (never entered again; a running one
 * leaves at its next guard_not_invalidated). */
void ws_quasi_write(WarmState *W, void *obj, int64_t offset);

#endif
