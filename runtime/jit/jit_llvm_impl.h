/* jit_llvm_impl.h — private to the trace compiler (jit_llvm*.c): the LLVM
 * handle (function pointers taken through dlsym, typed from the LLVM-C
 * headers with __typeof__, so a call goes through `L->LLVMBuildAdd(...)`
 * and no object references an LLVM symbol), the backend and the emitter's
 * state. The public contract is jit_llvm.h. */
#ifndef RT_JIT_LLVM_IMPL_H
#define RT_JIT_LLVM_IMPL_H

#include <llvm-c/Analysis.h>
#include <llvm-c/Core.h>
#include <llvm-c/Error.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include "jit_llvm.h"

typedef struct JitLlvmApi {
  void *dl;
#define JITL_FN(name) __typeof__(name) *name;
#include "jit_llvm_api.def"
#undef JITL_FN
} JitLlvmApi;

/* The handle, loaded on first call; NULL (err filled) when LLVM is not
 * there. Says so on stderr once when `report`. */
const JitLlvmApi *jitl_api(bool report, char *err, size_t errlen);

/* JitCompiled.impl: what one compiled trace owns. */
typedef struct JitCode {
  LLVMOrcResourceTrackerRef rt;   /* its code in the LLJIT */
  volatile int64_t invalid;       /* set by jitl_invalidate: the code reads it
                                     at guard_not_invalidated */
} JitCode;

struct JitBackend {
  const JitLlvmApi *L;
  JitCodegenConfig cfg;
  LLVMOrcLLJITRef jit;
  LLVMOrcJITDylibRef jd;
  char *dl_str, *triple;          /* the JIT's data layout and triple */
  char *passes;                   /* cfg.ir_passes (copied), NULL: none */
  uint64_t ntraces;               /* names jit_trace_N */
  JitCode **live; uint32_t nlive, livecap; /* code not released */
};

/* ---- the emitter (jit_llvm_emit.c, jit_llvm_ops.c) ------------------------ */
typedef struct JitEmit {
  const JitLlvmApi *L;
  const JitCodegenConfig *cfg;
  const Trace *T;
  LLVMContextRef C;
  LLVMModuleRef M;
  LLVMBuilderRef B;
  LLVMValueRef fn, frame;
  LLVMTypeRef t_i1, t_i8, t_i16, t_i32, t_i64, t_f32, t_f64, t_ptr, t_void;
  LLVMValueRef *val;              /* per instruction: its value */
  LLVMValueRef *cond;             /* per instruction: the i1 of a comparison
                                     (its i64 value is made on first use) */
  LLVMValueRef *ival;             /* per instruction: its value as i64 when
                                     it is a pointer or a double (cached: the
                                     trace is linear, so the first
                                     conversion dominates the later uses) */
  LLVMValueRef ovf;               /* the flag of the last *_ovf op */
  const volatile int64_t *invalid; /* this trace's invalidation flag */
  LLVMValueRef ovf_fn[3];         /* llvm.{s,s,s}{add,sub,mul}.with.overflow */
  LLVMTypeRef ovf_ty[3];
  LLVMBasicBlockRef entry, exit, loop;
  LLVMValueRef exit_code, *exit_slot;  /* phis; NULL for a uniform slot */
  JRef *uniform;                  /* per slot: the one ref every exit saves
                                     there, or JREF_NONE */
  uint32_t nslots;
  /* the loop head: label operand k -> phi (NULL when a constant) */
  uint32_t label_at;              /* instruction index of the label, or of
                                     the first op after the inputs for an
                                     implicit one; 0: no loop */
  uint32_t label_descr;
  bool implicit_label;
  uint32_t nlabel;
  LLVMValueRef *label_phi;
  uint32_t ninputs, nguards;
  JitExit *exits;                 /* [0..nguards] */
  void **chain;                   /* [0..nguards] with cfg->exit_owner */
  const void *owner;              /* the JitCompiled being made */
  bool done;                      /* a terminator was emitted */
  JitFresh fresh;                 /* objects needing no write barrier */
  char *err;
  size_t errlen;
  bool failed;
} JitEmit;

/* Fails the compile with a message (the first one wins). */
void jitl_fail(JitEmit *E, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* An operand as i64 / pointer / double / its own kind. */
LLVMValueRef jitl_int(JitEmit *E, JRef r);
LLVMValueRef jitl_ptr(JitEmit *E, JRef r);
LLVMValueRef jitl_float(JitEmit *E, JRef r);
LLVMValueRef jitl_value(JitEmit *E, JRef r);
/* Leaves through the shared exit with `code` when `fail` (i1) is true,
 * saving the guard's snapshot; falls through otherwise. */
void jitl_guard_exit(JitEmit *E, const JIns *I, LLVMValueRef fail);
/* The same, leaving when `pass` (i1) is false. */
void jitl_guard_exit_unless(JitEmit *E, const JIns *I, LLVMValueRef pass);
/* The exit code of guard I (numbered on first use; a guard with two
 * branches calls jitl_guard_exit twice and keeps one number). */
uint32_t jitl_guard_number(JitEmit *E, const JIns *I);
/* Emits instruction i (jit_llvm_ops.c). */
void jitl_emit_op(JitEmit *E, uint32_t i);
/* The jump / finish / label ops (jit_llvm_emit.c). */
void jitl_emit_label(JitEmit *E, uint32_t i);
void jitl_emit_jump(JitEmit *E, const JIns *I);
void jitl_emit_finish(JitEmit *E, const JIns *I);
/* Builds the whole function for T into module M (jit_llvm_emit.c). */
bool jitl_emit_trace(JitEmit *E, const char *name);

#endif
