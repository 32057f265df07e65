/* blackhole.h — the blackhole interpreter: runs jitcodes (jitcode.h,
 * jitcode_ops.def) with real values, without tracing (ARCHITECTURE.md §6
 * "Blackhole interpreter", docs/jit-blackhole.md).
 *
 * Promise: a Bh is one run of the interpreter: an explicit stack of frames
 * (never C recursion), each frame holding the three register banks of its
 * jitcode (int64, pointer, double) with the jitcode's constants loaded in
 * the top registers. Frames and registers live in root blocks
 * (rt_gc_malloc_roots: scanned by Boehm and by --gc=gen's minor
 * collections) until bh_free. bh_run interprets the top frame
 * until the bottom frame of the stack returns (RL_JIT_DONE, its result in
 * *result in the field of its kind) or an exception leaves it
 * (RL_JIT_RAISE, rl_exc_type / rl_exc_value set). Ops follow
 * jitcode_ops.def and core/llops.def exactly as the LLVM backend compiles
 * them: wrapping integer arithmetic, floor division and modulo, shifts
 * with counts >= 64, allocation through rt_gc_new* with the type id in the
 * GC header, residual calls through the program's call stubs, exceptions
 * caught by a catch_exception right after the raising op (in the frame of
 * the op, else at its callers' call sites, innermost first). JIT hints do
 * nothing: jit_merge_point, can_enter_jit, *_guard_value and live are
 * no-ops; *_isconstant and ref_isvirtual give 0. Past `max_depth` frames
 * an inline call raises RecursionError (at the call, so the caller may
 * catch it); exhausted memory raises MemoryError. Several Bh may run at
 * once (nested portal invocations through residual calls): a Bh has no
 * shared state.
 * Expects: an image that jc_image_open accepted, and its address and stub
 * tables; rt_gc_init and rt_exc_init done; no exception pending when a run
 * starts. */
#ifndef RT_BLACKHOLE_H
#define RT_BLACKHOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runtime/jit/jit_runtime.h"
#include "runtime/jit/jitcode.h"
#include "runtime/rt_obj.h"

/* The default frame-depth limit (RecursionError beyond it). */
enum { BH_MAX_DEPTH = 100000 };

/* A value of any bank: a jitcode's result. */
typedef struct BhValue {
  int64_t i;
  void *r;
  double f;
} BhValue;

typedef struct BhFrame {
  const JcCode *code;
  const uint8_t *bytecode;     /* the jitcode's first op */
  const uint8_t *pc;           /* the next op to run */
  const uint8_t *call;         /* the inline_call whose callee runs now */
  int64_t *ri;                 /* the banks, inside `regs` */
  void **rr;
  double *rf;
  uint64_t *regs;              /* a root block; reused by the next frame at this depth */
  size_t cap;                  /* slots of regs */
  const RlVtable *exc_type;    /* the exception catch_exception caught last */
  RlObject *exc_value;
} BhFrame;

typedef struct Bh {
  const JcImage *img;
  void *const *addrs;          /* rl_jit_addrs */
  RlJitStub *const *stubs;     /* rl_jit_stubs */
  BhFrame *frames;             /* a root block, `cap` entries */
  uint32_t depth, cap;
  uint32_t max_depth;          /* BH_MAX_DEPTH unless changed */
  BhValue ret;                 /* the value a returning frame hands back */
} Bh;

void bh_init(Bh *bh, const JcImage *img, void *const *addrs, RlJitStub *const *stubs);
/* The end of a run: its frames and registers are no longer roots. */
void bh_free(Bh *bh);

/* Pushes a frame for jitcode `code` (the bottom frame when the stack is
 * empty) with its parameters taken from ia / ra / fa (nparams of each
 * bank). False, with RecursionError or MemoryError raised, if it cannot. */
bool bh_call(Bh *bh, uint32_t code, const int64_t *ia, void *const *ra, const double *fa);

/* Pushes a frame for the portal of `driver` that resumes right after its
 * jit_merge_point, the registers that op lists set from ib / rb / fb in
 * order (greens then reds, by bank). False with an exception raised if it
 * cannot. */
bool bh_enter_merge_point(Bh *bh, uint32_t driver, const int64_t *ib, void *const *rb,
                          const double *fb);

/* Runs until the stack is empty: RL_JIT_DONE (result set by the kind of
 * the bottom jitcode) or RL_JIT_RAISE. */
int32_t bh_run(Bh *bh, BhValue *result);

#endif
