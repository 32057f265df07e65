/* tracer.h — the meta-tracer: runs a portal's jitcode with real values and
 * records what it does as a trace (ARCHITECTURE.md §6 "Tracer",
 * docs/jit-tracer.md).
 *
 * Promise: tr_trace starts at a driver's jit_merge_point with the greens
 * and reds from the three buffers, and interprets jitcodes exactly as the
 * blackhole does (the same op semantics, blackhole_ops.h), while it
 * records one trace-IR op per operation on boxes: every register holds its
 * real value and the trace ref that computes it. The trace's inputs are
 * the greens and reds in the driver's order (the layout a finish at that
 * key leaves), but the greens are constants of the trace (it is
 * specialized to that green key); a `label` of the reds follows. Inline calls are followed (frames pushed),
 * residual calls are made and recorded (folded to a constant when the
 * callee is elidable and every argument is constant), branches become
 * guard_true / guard_false on the condition, switches and promote
 * guard_value, overflow ops guard_no_overflow, calls that can raise
 * guard_no_exception; every guard gets a snapshot: the refs of the
 * registers of each frame's last `live` set, outermost frame first, and a
 * TrResume entry saying which jitcode and `live` op each frame resumes at.
 * A `debug_merge_point` marks every merge point passed. When the portal
 * frame reaches its jit_merge_point again with the same greens, the trace
 * ends with `jump` to its label: TR_LOOP, the buffers hold the greens and
 * reds to continue with. When the portal frame returns, the trace ends
 * with finish(result) (TR_LOOP with `returns`; the result is in element 0
 * of its bank's buffer, as for TR_DONE).
 * When recording must stop — the trace passes `trace_limit` ops, an
 * exception is raised, the portal returns, an op the recorder does not
 * handle yet — the trace is dropped (TR_ABORT with the reason) and
 * execution goes on unrecorded until the portal frame reaches a merge point
 * (then the buffers hold that state: RL_JIT_CONTINUE for the native
 * portal) or returns (TR_DONE, the result in element 0 of its bank's
 * buffer) or raises (TR_RAISE, the exception state set). Real side effects
 * happen exactly once either way.
 * With --gc=gen: stores of references take the write barrier (as the
 * blackhole's do), descrs of such stores get JDF_WB, identity hashes and
 * the objects of quasi-immutable fields read as constants are pinned
 * (rt_gc_identityhash), and the trace's GC constants are pinned through
 * the JirEnv's `pin` hook, which the warm state sets.
 * Expects: a validated image and its tables; no exception pending. */
#ifndef RT_TRACER_H
#define RT_TRACER_H

#include <stdbool.h>
#include <stdint.h>

#include "runtime/jit/jit_ir.h"
#include "runtime/jit/jit_log.h"
#include "runtime/jit/jit_runtime.h"
#include "runtime/jit/jitcode.h"

/* One frame of a guard's resume data. Snapshots share the entries of
 * their callers' frames (PyPy's resume data shares them too): the guards
 * of one function inlined at one call site have the same callers. */
typedef struct TrResumeFrame {
  uint32_t code;       /* jitcode index */
  uint32_t live_pc;    /* offset of the `live` op whose registers are saved */
  uint32_t call_pc;    /* callers: offset of the inline_call waiting for the
                          next frame (its result register is not saved: the
                          return writes it); UINT32_MAX in the innermost */
  uint32_t parent;     /* the caller's entry + 1 in TrResult.frames, 0: none */
} TrResumeFrame;

/* Per snapshot (indexed by the snapshot's tag, which the optimizer keeps):
 * its innermost frame, whose parents are the others; the snapshot's refs
 * are each frame's live registers in its set's order, outermost first. */
typedef struct TrResume {
  uint32_t inner, n;   /* into TrResult.frames; n frames in all */
} TrResume;

typedef enum TrOutcome { TR_LOOP, TR_ABORT, TR_DONE, TR_RAISE } TrOutcome;

typedef struct TrResult {
  TrOutcome outcome;
  JitAbort why;             /* TR_ABORT */
  Trace *trace;             /* TR_LOOP: the loop (the caller frees it) */
  TrResume *resume;         /* TR_LOOP: per snapshot (malloc) */
  uint32_t nresume;
  TrResumeFrame *frames;    /* malloc */
  uint32_t nframes;
  bool finishes;            /* TR_LOOP: ends with finish(greens..., reds...)
                               at a merge point (a bridge, or a trace that
                               runs into another compiled loop), not jump */
  bool finish_key_const;    /* ... and the greens there are constants */
  /* quasi-immutable fields the trace read as constants: object, byte
   * offset (malloc; the warm state registers them so that a write
   * invalidates the trace) */
  void **qobj;
  int64_t *qofs;
  uint32_t nq, qcap;
  bool quasi_broken;        /* one of them was written while recording */
  void *inlined;            /* the cell of the first portal call the trace
                               inlined (tracer.h: TrEnv), or NULL: marked
                               not to inline when the trace grew too long */
  void *unrolled;           /* UNROLLED_LOOP: the cell of the recursive
                               call that looped (not to unroll again) */
  char returns;             /* TR_LOOP: ends with finish(result) where the
                               portal returns: its kind i r f, or v for no
                               result (0: a finish at a merge point, or a
                               jump) */
} TrResult;

enum { TR_FRAME_CACHES = 64 };  /* nesting levels whose runs keep their frames */

typedef struct TrEnv {
  const JcImage *img;
  void *const *addrs;       /* rl_jit_addrs */
  RlJitStub *const *stubs;  /* rl_jit_stubs */
  JirEnv *env;              /* descriptors of recorded traces go here */
  uint32_t *descr_map;      /* jitcode descr -> env descr (0: not yet), ndescrs */
  uint32_t trace_limit;     /* ops; RPython's default 6000 */
  bool log_locations;       /* call get_printable_location for debug_merge_point */
  uint16_t jir_of[JC__COUNT]; /* the trace op of the same name, or 0 */
  uint32_t *jc_of;          /* env descr -> jitcode descr (malloc, grows) */
  uint32_t jc_of_cap;
  /* Whether the green key in the ABI buffers has a compiled loop: a trace
   * that reaches such a merge point ends there with finish (may be NULL). */
  bool (*has_loop)(void *user, uint32_t driver);
  void *user;
  /* Frames (and their register arrays) kept from one run to the next:
   * resuming after a guard failure is frequent, and allocating them anew
   * each time cost more than running the ops. Runs nest (the portal
   * entered again from a residual call runs in a run) — recursive
   * interpreters nest them deeply: a cache per nesting level, the first
   * TR_FRAME_CACHES levels (deeper runs allocate their own and free them
   * when done; towers.lua spent 3.5% allocating them). The frames and
   * their reference registers are root blocks (rt_gc.h: scanned by Boehm
   * and by --gc=gen's minor collections). */
  struct { void *frames; uint32_t cap; void *args; } frame_cache[TR_FRAME_CACHES];
  uint32_t runs;                /* runs going on (nesting) */
  /* Native function address -> jitcode index + 1, for the jitcodes an
   * indirect call may reach (JcCode.fn_addr): open addressing, fn_cap a
   * power of two (0: none). */
  const void **fn_keys;
  uint32_t *fn_code;
  uint32_t fn_cap;
  bool has_quasi;           /* the image has quasi-immutable fields: a
                               guard_not_invalidated follows every call */
  /* Recursive portal calls (PyPy's call_assembler; NULL: they stay plain
   * residual calls). A residual call of a driver's portal function is
   * traced into until the callee reaches its merge point; there its green
   * key is made constant and the rest of the call is a call of
   * call_portal(portal_cell(key), reds...), which runs the key's compiled
   * trace or else the interpreter from the merge point, to the portal's
   * return. Only for drivers with a re-entry function, at most
   * TR_CA_MAXREDS reds, none of them (nor the result) a float. */
  void *(*portal_cell)(void *user, uint32_t driver, const int64_t *gi, void *const *gr,
                       const double *gf);
  int64_t (*call_portal)(void *cell, int64_t r0, int64_t r1, int64_t r2, int64_t r3,
                         int64_t r4);
  /* Whether the callee of this cell (from portal_cell) may be inlined
   * into a trace (NULL: never inline portal calls). */
  bool (*may_inline)(void *user, void *cell);
  /* Whether a recursive call of this cell may be unrolled one level into
   * a trace (NULL: never); false once an unrolled level looped. */
  bool (*may_unroll)(void *user, void *cell);
  const void **ca_fn;       /* per driver: its portal function when it can
                               be called so, else NULL (malloc) */
  uint32_t *ca_descr;       /* per driver: the call's trace descr, 0: not yet */
} TrEnv;

enum { TR_CA_MAXREDS = 5, TR_MAX_INLINE = 4 };

/* Makes an environment for img (descr_map allocated; free with tr_env_free). */
void tr_env_init(TrEnv *E, const JcImage *img, void *const *addrs, RlJitStub *const *stubs,
                 JirEnv *env);
void tr_env_free(TrEnv *E);

/* Traces from driver's merge point (see above); the buffers are rl_jit_*buf. */
void tr_trace(TrEnv *E, uint32_t driver, int64_t *ib, void **rb, double *fb, TrResult *out);
void tr_result_free(TrResult *r);

/* Guard `snap` of loop `loop` failed with its snapshot's values in
 * `values` (ints, pointers, double bits; as the compiled code stores
 * them): rebuilds the frames of the resume data and runs them, without
 * recording, to the portal's next merge point (TR_ABORT: the buffers hold
 * its greens and reds, continue there), or to the portal's return
 * (TR_DONE / TR_RAISE as for tr_trace). An exception the native code left
 * pending after a call is raised at that call. */
void tr_resume(TrEnv *E, uint32_t driver, const TrResult *loop, uint32_t snap,
               const int64_t *values, int64_t *ib, void **rb, double *fb, TrResult *out);

/* Like tr_resume, but records a bridge: the values of the failing
 * guard's snapshot (from_snap of trace from_T) are the trace's inputs, in
 * snapshot order — except that a value the failing trace had as a
 * constant stays one, and a virtual of the snapshot (its value the object
 * jv_materialize built) is rebuilt by the bridge from its fields' inputs;
 * the snapshot's delayed stores (done already, jv_do_pending) start the
 * bridge — and recording ends with finish at the portal's next merge
 * point (TR_LOOP with `finishes`). */
void tr_trace_bridge(TrEnv *E, uint32_t driver, const TrResult *loop, uint32_t snap,
                     const int64_t *values, const Trace *from_T, const JSnap *from_snap,
                     int64_t *ib, void **rb, double *fb, TrResult *out);

/* The jitcode descriptor a trace descriptor was made from (0 if none). */
static inline uint32_t tr_jc_descr(const TrEnv *E, uint32_t env_descr) {
  return env_descr < E->jc_of_cap ? E->jc_of[env_descr] : 0;
}

#endif
