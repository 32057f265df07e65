/* jit_x64.h — the direct x86-64 trace compiler: an optimized trace in,
 * machine code and a guard-exit table out, in one forward pass and without
 * LLVM (ARCHITECTURE.md §6 "Trace compiler", docs/jit-backend.md "The x64
 * backend"). The default first tier: ~20-50 us for a 150-op trace where
 * LLVM takes milliseconds.
 *
 * Promise:
 *  - jitx_backend_new / jitx_backend_free / jitx_compile / jitx_release /
 *    jitx_invalidate keep exactly the contract of their jitl_ twins
 *    (jit_llvm.h): entry(frame) reads input k from frame[k], returns 0 at
 *    finish and g at guard g with the exit's values in frame[0..n) as
 *    int64 bits — but for a guard the entries its snapshot has as
 *    constants, which the caller stores (jir_snap_fill_consts) and a
 *    trace chained to the exit must not take as inputs —, exits[] and
 *    frame_slots as there, chaining through
 *    JitCompiled.chain and cfg.exit_owner, guard_not_invalidated failing
 *    after jitx_invalidate, the config's allocators and exception state,
 *    call descrs with narrow results, the write barrier. Allocation ops
 *    with an alloc_inline answer pop the stack or bump the nursery it
 *    gives inline; a barrier's call is out of line and keeps every
 *    register and the SSE state (a trampoline), so the values the trace
 *    keeps in caller-saved registers stay there. codegen_level, ir_passes and verify
 *    are ignored; dump_ir prints every trace's code in hex on stderr
 *    (`xxd -r -p | objdump -D -b binary -mi386:x86-64` shows it).
 *  - jitx_compile fails with a message (the trace stays interpreted) on
 *    call_assembler_*, a jump to a label outside the trace, an overflow
 *    guard that does not directly follow its *_ovf op, a call with more
 *    than 16 arguments, and allocation or exception ops without their
 *    config hooks.
 *  - Code memory: mmap'ed chunks, each trace on pages of its own, written
 *    while read-write and then made read-execute (W^X; a page is never made
 *    writable again). jitx_release frees the trace's tables, not its pages:
 *    code memory is returned by jitx_backend_free.
 * Expects: what jit_llvm.h expects; x86-64 System V. Only libc: this
 * module is linked into every JIT executable. */
#ifndef RT_JIT_X64_H
#define RT_JIT_X64_H

#include <stdbool.h>
#include <stddef.h>

#include "jit_backend.h"

typedef struct JitxBackend JitxBackend;

/* Never NULL but on out of memory. The config is copied. */
JitxBackend *jitx_backend_new(const JitCodegenConfig *cfg);
void jitx_backend_free(JitxBackend *be);   /* releases all its code */

/* false with a message in err (the trace stays interpreted). */
bool jitx_compile(JitxBackend *be, const Trace *T, JitCompiled *out, char *err,
                  size_t errlen);
void jitx_release(JitxBackend *be, JitCompiled *c);
void jitx_invalidate(JitCompiled *c);

#endif
