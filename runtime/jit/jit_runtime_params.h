/* jit_runtime_params.h — the JIT's mode and parameters: RTRANS_JIT
 * (ARCHITECTURE.md §6 "Warm state", docs/jit-blackhole.md).
 *
 * Promise: jit_params_parse reads an RTRANS_JIT value: NULL or "" is the
 * JIT with RPython's default parameters but one (threshold 1039,
 * function_threshold 1619, trace_eagerness 50 (RPython: 200), trace_limit 6000,
 * loop_longevity 1000, backend x64); otherwise a comma-separated list whose
 * items are `off` (no JIT), `blackhole` (every portal runs in the blackhole
 * interpreter) or `name=value` with one of those parameter names and a
 * decimal value 0..2147483647, or for `backend` one of the words `x64`
 * (the direct x86-64 trace compiler, jit_x64.h) and `llvm` (LLVM ORC,
 * jit_llvm.h), stored as its index in JIT_BACKEND_NAMES (the JIT mode
 * unless `off` or `blackhole` is also given; the last mode word wins). An unknown name, a bad value
 * or an unknown word prints one warning line on `warn` (if not NULL) and
 * is otherwise ignored; empty items are ignored. jit_params_set sets one
 * parameter by name (what jit.set_param will call).
 * Expects: nothing (pure functions; the caller keeps the result). */
#ifndef RT_JIT_RUNTIME_PARAMS_H
#define RT_JIT_RUNTIME_PARAMS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef enum JitMode {
  JIT_MODE_OFF = 0,
  JIT_MODE_JIT,        /* counting, tracing, compiled loops (warmstate.h) */
  JIT_MODE_BLACKHOLE,  /* every portal in the blackhole interpreter */
} JitMode;

typedef struct JitParams {
  int64_t threshold;
  int64_t function_threshold;
  int64_t trace_eagerness;
  int64_t trace_limit;
  int64_t loop_longevity;
  int64_t backend;     /* the trace compiler: index in JIT_BACKEND_NAMES */
  int64_t passes;      /* optimizer passes (JOPT_* bits; 0: all of them),
                          RTRANS_JIT=passes=fold+cse+... (for measuring) */
  int64_t verify;      /* 1: check the trace after every optimizer pass
                          (else only what the optimizer returns) */
} JitParams;

/* The trace compilers by name (jit_backend_find), the default first. */
#define JIT_BACKEND_NAMES {"x64", "llvm", NULL}
const char *jit_backend_name(int64_t backend);

enum { JIT_PARAM_MAX = 2147483647 };

void jit_params_default(JitParams *p);
/* False (p unchanged) for an unknown name or a value out of range. */
bool jit_params_set(JitParams *p, const char *name, int64_t value);
/* Fills *p (defaults first) and returns the mode; warnings go to warn. */
JitMode jit_params_parse(const char *value, JitParams *p, FILE *warn);

#endif
