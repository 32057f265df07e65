/* jit_llvm.h — the trace compiler: an optimized trace in, a native entry and
 * a guard-exit table out (ARCHITECTURE.md §6 "Trace compiler",
 * docs/jit-backend.md). Tier one is LLVM ORC LLJIT at codegen level None,
 * no IR passes (the config can ask for a later tier), every guard
 * branching to one shared exit block.
 *
 * The shared types (JitCodegenConfig, JitCompiled, JitExit) are in
 * jit_backend.h; this header states the contract both backends keep.
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
 *  - With cfg.write_barrier set (--gc=gen), a store through a JDF_WB descr
 *    (setfield_gc, setarrayitem_gc, setinteriorfield_gc) of a value that
 *    is not a constant into an object the trace did not allocate since
 *    its last call or allocation (jit_backend.h: jit_fresh_*) first reads
 *    the object's header (again: a call may have set the flag) and calls
 *    write_barrier(obj) when wb_flag is set in it.
 * Expects:
 *  - The trace's GC reference constants are embedded as addresses: the
 *    caller keeps those objects alive and unmoved while the code lives
 *    (--gc=gen: the JirEnv's pin hook pins them, jit_ir.h).
 *  - Call ops: operand 0 is the function's native address (an int or ref
 *    value, usually a constant); arguments are passed per the call descr's
 *    argkinds ('i' int64_t, 'r' pointer, 'f' double) with the C ABI. The
 *    result is the descr's kind; a call descr with size 1, 2 or 4 says the
 *    native result is that narrow (zero-extended, sign-extended with
 *    JDF_SIGNED), 0 or 8 means 64 bits.
 *  - Allocation ops call the config's allocators, which return zeroed
 *    memory with the GC header (and array length) written, never NULL;
 *    new_with_vtable then stores the descr's vtable at vtable_ofs. When
 *    cfg.alloc_inline answers with a nursery (--gc=gen), new,
 *    new_with_vtable and new_array(_clear) of a constant length bump it
 *    inline (the allocator's call when it is full); a stack answer is
 *    ignored here (the x64 compiler pops it).
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

#include "jit_backend.h"
#include "jit_ir.h"

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

/* Whether LLVM is loaded or can be (loads it; no message). */
bool jitl_available(void);

#endif
