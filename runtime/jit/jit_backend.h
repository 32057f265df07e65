/* jit_backend.h — what every trace compiler shares (ARCHITECTURE.md §6
 * "Trace compiler", docs/jit-backend.md): the compiled code's calling
 * convention and exit table, the codegen config, and a table of the
 * backend's five entry points so the warm state can pick one by name.
 *
 * Promise:
 *  - Two backends implement the same contract: jit_llvm.h (LLVM ORC, tier
 *    one before) and jit_x64.h (a direct x86-64 emitter, the default).
 *    The contract of compile, the exit codes, the frame, chaining,
 *    invalidation and the allocator/exception hooks is stated once, in
 *    jit_llvm.h; jit_x64.h only adds what differs.
 *  - jit_backend_find("llvm" | "x64") returns that backend's table (NULL
 *    for another name).
 *  - jitl_config_init and jitl_enter are backend-neutral (they keep their
 *    historical names; both live in jit_llvm.c and never load LLVM).
 * Expects: single-threaded use of one backend. */
#ifndef RT_JIT_BACKEND_H
#define RT_JIT_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jit_ir.h"

typedef uint32_t JitEntry(int64_t *frame);

typedef struct JitAllocInline {
  void *stack;                   /* {uint64_t n; void *obj[]} */
  void *nursery;                 /* instead of stack (not NULL): bump
                                    allocation, {char *free, *top}: */
  uint32_t size;                 /* ... `size` bytes from free, when
                                    free + size <= top (a multiple of 8) */
  uint64_t hdr;
  int32_t len_ofs;               /* -1: no length word */
  int32_t ref_ofs;               /* -1: no second store */
  void *ref;
} JitAllocInline;

/* How compiled code calls a key's compiled loop itself for a
 * call_assembler (a call of JitCodegenConfig.portal_fn with a constant
 * cell): when *entry (read at each call) is not NULL, the greens and then
 * the call's reds go into frame[0 ..), *count is incremented, *entry is
 * called with frame; an exit code of 0 from a trace whose JitCompiled has
 * `returns` == kind means the portal returned: the result is frame[0];
 * any other exit calls exit_fn(cell, code), whose result is the call's
 * (an exception stays set). A NULL *entry calls portal_fn as usual. */
typedef struct JitDirectCall {
  void *const *entry;
  int64_t *frame;
  const int64_t *greens;
  uint32_t ngreens, nreds;
  char kind;                                  /* 'i' or 'r' */
  int64_t (*exit_fn)(void *cell, uint32_t code);
  uint64_t *count;
} JitDirectCall;

typedef struct JitCodegenConfig {
  /* the exception state (&rl_exc_type, &rl_exc_value); NULL: traces with
   * exception guards do not compile */
  void **exc_type, **exc_value;
  /* allocators for new/new_with_vtable, new_array(_clear), newstr; NULL:
   * traces that allocate do not compile. `descr` is the op's descr index. */
  void *(*new_struct)(uint32_t descr);
  void *(*new_array)(uint32_t descr, int64_t n);
  void *(*new_str)(int64_t n);
  /* Inline allocation (NULL: none): for a new/new_with_vtable op's descr
   * (n < 0) or a new_array(_clear) of constant length n, true and a stack
   * of zeroed objects to pop from (rt_gc.h's RtGcStack: a count word, then
   * the objects; an empty stack takes the call) or a nursery to bump
   * (rt_gc.h's RtGcNursery: the next `size` bytes when they fit before
   * top, zeroed; else the call), hdr to store at offset 0, n at len_ofs
   * when len_ofs >= 0 and, when ref_ofs >= 0, ref there (the allocator
   * does all that itself on the call's path). False: always call
   * new_struct / new_array. */
  bool (*alloc_inline)(uint32_t descr, int64_t n, JitAllocInline *out);
  /* The write barrier (NULL: none, Boehm): before a store through a descr
   * with JDF_WB of a value that may be young (not a constant: those are
   * pinned, jit_ir.h) into an object not allocated by the trace since its
   * last call or allocation (jit_fresh_*), compiled code tests the
   * object's header word against wb_flag (one bit) and calls
   * write_barrier(obj) when it is set. write_barrier allocates nothing
   * and writes nothing but the object's header. */
  void (*write_barrier)(void *obj);
  uint64_t wb_flag;
  uint32_t vtable_ofs;           /* an instance's typeptr (guard_class) */
  uint32_t str_len_ofs;          /* an RL string's length word */
  uint32_t str_chars_ofs;        /* its first char */
  /* LLVM only — tier: codegen level 0..3 (LLVMCodeGenOptLevel; 0 = None,
   * tier one) and an IR pass pipeline in opt's -passes syntax run before
   * codegen (NULL: none, tier one; e.g. "instcombine<no-verify-fixpoint>,
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
  /* Direct call_assembler (x64; NULL: calls of portal_fn stay calls):
   * direct_call(cell, out) says how to call cell's loop from compiled
   * code, or false. Needs exit_owner. */
  void *portal_fn;
  bool (*direct_call)(void *cell, JitDirectCall *out);
  bool verify;                   /* LLVM: run the verifier on every module */
  bool dump_ir;                  /* LLVM: print every module to stderr;
                                    x64: print every trace's code in hex */
} JitCodegenConfig;

/* The runtime's layouts (rt_layout.h), no callbacks, no exception state. */
void jitl_config_init(JitCodegenConfig *cfg);

typedef struct JitExit {
  uint32_t ins;         /* the guard's (finish's) instruction index, 0: none */
  uint32_t snap;        /* its snapshot index in the trace, 0: none */
  uint32_t nvalues;     /* values left in frame[0..nvalues) (x64: a guard's
                           snapshot constants excepted: jir_snap_fill_consts) */
} JitExit;

typedef struct JitCompiled {
  JitEntry *entry;
  uint32_t nguards;     /* exit codes 1..nguards are guards */
  JitExit *exits;       /* [0] finish, [1..nguards] guards (malloc'ed) */
  uint32_t frame_slots; /* words the frame must have */
  uint32_t ninputs;
  void **chain;         /* with cfg.exit_owner: [0..nguards], the entries
                           exits tail-call (the caller fills them with
                           other traces' chain_entry; malloc'ed) */
  void *chain_entry;    /* where another trace's exit jumps in (x64: past
                           the prologue, the frame register already set;
                           LLVM: entry) */
  void *user;           /* the caller's (compile leaves it NULL) */
  double ir_us;         /* LLVM: time to build the IR; x64: to emit */
  double codegen_us;    /* LLVM: time in LLVM; x64: to install the code */
  void *impl;           /* the backend's */
  uint32_t code_size;   /* bytes of machine code from entry (0: unknown, LLVM) */
  char returns;         /* the caller's: the kind of the portal's result an
                           exit code 0 leaves in frame[0] (0: none) */
} JitCompiled;

/* Fills a compiled trace's tables (taking exits and chain) and its frame
 * size: the larger of its inputs and its widest exit, at least 1. */
static inline void jit_compiled_tables(JitCompiled *out, JitExit **exits, void ***chain,
                                       uint32_t nguards, uint32_t ninputs, uint32_t nslots) {
  out->nguards = nguards;
  out->exits = *exits;
  *exits = NULL;
  out->chain = *chain;
  *chain = NULL;
  out->ninputs = ninputs;
  out->frame_slots = nslots > ninputs ? nslots : ninputs;
  if (!out->frame_slots) out->frame_slots = 1;
}

/* Runs compiled code: c->entry(frame). Call it this way from sanitized
 * builds: UBSan's -fsanitize=function checks a type signature in front of
 * every function called through a pointer, which JIT code does not have. */
uint32_t jitl_enter(const JitCompiled *c, int64_t *frame);

/* A backend's entry points, its handle opaque (jitl_* / jitx_* wrapped). */
typedef struct JitBackendOps {
  const char *name;                                  /* "llvm", "x64" */
  void *(*create)(const JitCodegenConfig *cfg);      /* NULL: unavailable */
  void (*destroy)(void *be);
  bool (*compile)(void *be, const Trace *T, JitCompiled *out, char *err, size_t errlen);
  void (*release)(void *be, JitCompiled *c);
  void (*invalidate)(JitCompiled *c);
} JitBackendOps;

extern const JitBackendOps jitl_ops;    /* jit_llvm.c */
extern const JitBackendOps jitx_ops;    /* jit_x64.c */

/* The backend called `name`, or NULL. */
const JitBackendOps *jit_backend_find(const char *name);

/* The objects the trace allocated since its last call or allocation (a
 * few, newest last): stores into them need no write barrier (rt_gc.h). */
enum { JIT_FRESH_MAX = 8,
       JIT_YOUNG_MAX = 8192 };  /* rt_gc.h: RT_GC_CHUNK / 4, the largest young object */
typedef struct JitFresh {
  uint32_t ins[JIT_FRESH_MAX];
  uint32_t n;
} JitFresh;

static inline bool jit_fresh_has(const JitFresh *f, JRef r) {
  for (uint32_t k = 0; k < f->n; k++)
    if (jir_ref(f->ins[k]) == r) return true;
  return false;
}

/* Whether allocation I surely gives a nursery object: a fixed-size one,
 * or an array of a constant length small enough (rt_gc.h: bigger ones
 * are old, TRACK set, and take the barrier like any old object). */
static inline bool jit_alloc_is_young(const Trace *T, const JIns *I) {
  if (I->op != JIR_new_array && I->op != JIR_new_array_clear) return true;
  if (!jir_isk(I->a[0]) || jir_k(T, I->a[0])->kind != JK_INT) return false;
  int64_t n = jir_kint_of(T, I->a[0]);
  const JDescr *d = jir_descr(T->env, I->descr);
  int64_t fixed = d->fixed > d->offset ? d->fixed : d->offset;
  return n >= 0 && n <= JIT_YOUNG_MAX && fixed + n * (int64_t)d->size <= JIT_YOUNG_MAX;
}

/* After op i: an allocation starts the set again with its object (or
 * empties it, when the object may be old); a call or a label empties it;
 * heap accesses, guards, pure ops and markers keep it. */
static inline void jit_fresh_after(JitFresh *f, const Trace *T, uint32_t i, const JIns *I) {
  unsigned fl = jir_info[I->op].flags;
  if (fl & JF_ALLOC) {
    f->n = jit_alloc_is_young(T, I);
    f->ins[0] = i;
  } else if (fl & (JF_CALL | JF_CTRL)) {
    f->n = 0;
  } else if (!(fl & (JF_PURE | JF_GUARD | JF_DESCR)) && I->op != JIR_debug_merge_point &&
             I->op != JIR_strsetitem && I->op != JIR_strgetitem && I->op != JIR_strlen &&
             I->op != JIR_jit_debug && I->op != JIR_enter_portal_frame &&
             I->op != JIR_leave_portal_frame) {
    f->n = 0;
  }
}

/* Whether a store (setfield_gc, setarrayitem_gc, setinteriorfield_gc: I)
 * of value x into obj needs the write barrier test. */
static inline bool jit_store_needs_wb(const JitCodegenConfig *cfg, const JitFresh *f,
                                      const JDescr *d, JRef obj, JRef x) {
  return cfg->write_barrier && cfg->wb_flag && d && (d->flags & JDF_WB) && !jir_isk(x) &&
         !jit_fresh_has(f, obj);
}

#endif
