/* jit_llvm.h — the trace compiler: an optimized trace in, a native entry and
 * a guard-exit table out (ARCHITECTURE.md §6 "Trace compiler",
 * docs/jit-backend.md). Tier one is LLVM ORC LLJIT at codegen level None,
 * no IR passes (the config can ask for a later tier), every guard
 * branching to one shared exit block.
 *
 * Promise:
 *  - jitl_backend_new loads LLVM on first use: dlopen("libLLVM.so.19.1")
 *    (then /usr/lib/x86_64-linux-gnu/ and /usr/lib/llvm-19/lib/; only the
 *    file named by $RTRANS_LIBLLVM when that is set), every
 *    LLVM-C function of jit_llvm_api.def through dlsym into one lazily
 *    initialized handle (the module's only global state). Nothing links
 *    libLLVM: a run that never compiles never maps it. When LLVM cannot be
 *    loaded it says so once on stderr and returns NULL (stay interpreted).
 *  - jitl_compile turns a trace that passes jir_verify into a function
 *        uint32_t entry(int64_t *frame)
 *    Calling convention: input k (the k-th input_* op) is read from
 *    frame[k]: Signed as is, references as pointers, floats as their IEEE
 *    bits. The trace runs; a `label` after the inputs is the loop head and
 *    a `jump` back to it passes new values for the label's operands (a
 *    trace without a label whose jump has no descr loops over all its
 *    inputs). It returns
 *      0  at `finish(a0..an)` (or when the ops run out: no values), with
 *         a_k stored in frame[k];
 *      g  (1..nguards) when guard number g fails — guards are numbered
 *         1, 2, ... in trace order, every guard op counts — with the
 *         values of the guard's snapshot refs stored in frame[0..n)
 *         (ints, pointers, double bits as above).
 *    guard_not_invalidated fails once jitl_invalidate was called on the
 *    code; guard_not_forced never fails yet.
 *    exits[g] tells which instruction and snapshot that was; exits[0] is
 *    the finish. The frame must hold frame_slots words. Slots past the
 *    stored values may be overwritten with garbage. Run it through
 *    jitl_enter (sanitized builds).
 *  - The compiled code stays valid until jitl_release (or
 *    jitl_backend_free, which releases everything it compiled).
 * Expects:
 *  - The trace's GC reference constants are embedded as addresses: the
 *    caller keeps those objects alive (and unmoved) while the code lives.
 *  - Call ops: operand 0 is the function's native address (an int or ref
 *    value, usually a constant); arguments are passed per the call descr's
 *    argkinds ('i' int64_t, 'r' pointer, 'f' double) with the C ABI. The
 *    result is the descr's kind; a call descr with size 1, 2 or 4 says the
 *    native result is that narrow (zero-extended, sign-extended with
 *    JDF_SIGNED), 0 or 8 means 64 bits.
 *  - Allocation ops call the config's allocators, which return zeroed
 *    memory with the GC header (and array length) written, never NULL;
 *    new_with_vtable then stores the descr's vtable at vtable_ofs.
 *    Exception guards read and clear *exc_type / *exc_value.
 *  - Single-threaded use of one backend. Not supported yet (jitl_compile
 *    fails with a message): call_assembler_*, a jump to a label of another
 *    compiled loop (JD_TARGET not in this trace; TODO: tail-jump to that
 *    loop's entry). escape_* ops (tests only) compile to nothing and give
 *    0 / NULL / 0.0. */
#ifndef RT_JIT_LLVM_H
#define RT_JIT_LLVM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jit_ir.h"

typedef uint32_t JitEntry(int64_t *frame);

typedef struct JitCodegenConfig {
  /* the exception state (&rl_exc_type, &rl_exc_value); NULL: traces with
   * exception guards do not compile */
  void **exc_type, **exc_value;
  /* allocators for new/new_with_vtable, new_array(_clear), newstr; NULL:
   * traces that allocate do not compile. `descr` is the op's descr index. */
  void *(*new_struct)(uint32_t descr);
  void *(*new_array)(uint32_t descr, int64_t n);
  void *(*new_str)(int64_t n);
  uint32_t vtable_ofs;           /* an instance's typeptr (guard_class) */
  uint32_t str_len_ofs;          /* an RL string's length word */
  uint32_t str_chars_ofs;        /* its first char */
  /* tier: codegen level 0..3 (LLVMCodeGenOptLevel; 0 = None, tier one)
   * and an IR pass pipeline in opt's -passes syntax run before codegen
   * (NULL: none, tier one; e.g. "instcombine<no-verify-fixpoint>,
   * simplifycfg" or "default<O2>" for a later tier) */
  unsigned codegen_level;
  const char *ir_passes;
  /* Chaining (NULL: off): when set, an exit whose entry in the trace's
   * `chain` table (JitCompiled.chain, [exit code]) is not NULL tail-calls
   * that entry with the same frame instead of returning (the frame then
   * holds what the exit saved: the next trace's inputs); an exit that
   * returns stores its trace's JitCompiled * here first, so the caller
   * knows which trace of a chain left. */
  void **exit_owner;
  bool verify;                   /* run LLVM's verifier on every module */
  bool dump_ir;                  /* print every module to stderr */
} JitCodegenConfig;

/* The runtime's layouts (rt_layout.h), no callbacks, no exception state. */
void jitl_config_init(JitCodegenConfig *cfg);

typedef struct JitExit {
  uint32_t ins;         /* the guard's (finish's) instruction index, 0: none */
  uint32_t snap;        /* its snapshot index in the trace, 0: none */
  uint32_t nvalues;     /* values stored into frame[0..nvalues) */
} JitExit;

typedef struct JitCompiled {
  JitEntry *entry;
  uint32_t nguards;     /* exit codes 1..nguards are guards */
  JitExit *exits;       /* [0] finish, [1..nguards] guards (malloc'ed) */
  uint32_t frame_slots; /* words the frame must have */
  uint32_t ninputs;
  void **chain;         /* with cfg.exit_owner: [0..nguards], the entries
                           exits tail-call (the caller fills them; malloc'ed) */
  void *user;           /* the caller's (jitl_compile leaves it NULL) */
  double ir_us;         /* time to build the LLVM IR */
  double codegen_us;    /* time in LLVM: add the module, compile, look up */
  void *impl;           /* the backend's (its resource tracker) */
} JitCompiled;

typedef struct JitBackend JitBackend;

/* NULL when LLVM cannot be loaded or set up (said once on stderr). The
 * config is copied. */
JitBackend *jitl_backend_new(const JitCodegenConfig *cfg);
void jitl_backend_free(JitBackend *be);   /* releases all its code */

/* false with a message in err (the trace stays interpreted). */
bool jitl_compile(JitBackend *be, const Trace *T, JitCompiled *out, char *err,
                  size_t errlen);
void jitl_release(JitBackend *be, JitCompiled *c);

/* From now on c's guard_not_invalidated guards fail (a quasi-immutable
 * field it relied on changed); the code stays valid to run. */
void jitl_invalidate(JitCompiled *c);

/* Runs compiled code: c->entry(frame). Call it this way from sanitized
 * builds: UBSan's -fsanitize=function checks a type signature in front of
 * every function called through a pointer, which JIT code does not have. */
uint32_t jitl_enter(const JitCompiled *c, int64_t *frame);

/* Whether LLVM is loaded or can be (loads it; no message). */
bool jitl_available(void);

#endif
