/* jit_x64_impl.h — private to the x86-64 trace compiler (jit_x64*.c): the
 * registers, locations, the emitter's state, and the encoder's, register
 * allocator's and code memory's functions. The contract is jit_x64.h.
 *
 * Locations (int32_t): 0..15 the general registers (RAX..R15), 16..31
 * XMM0..XMM15, LOC_MEM + w the stack word [rsp + 8*w] (words
 * 0..maxout-1 are outgoing call arguments, spill slot s is word
 * maxout + s). RBX holds the frame, R11 and XMM15 are scratch (never
 * allocated), RSP is the stack. */
#ifndef RT_JIT_X64_IMPL_H
#define RT_JIT_X64_IMPL_H

#include "jit_x64.h"

enum {
  RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15,
  XMM0 = 16, XMM15 = 31,
  LOC_MEM = 32,                   /* + stack word */
  LOC_NONE = -1,
  LOC_DEFER = -2,                 /* XSnapVal: computed at the exit, k = XDef */
  LOC_SNAPK = -3,                 /* XSnapVal: a constant of the snapshot, which
                                     the exit does not store: the runtime takes
                                     it from the snapshot (jir_snap_fill_consts) */
  FRAME = RBX, SCR = R11, XSCR = XMM15,
};
#define XBIT(r) (1u << (r))
/* allocatable: every GPR but RSP, RBX, R11; XMM0..14 */
#define GPR_ALLOC (0xffffu & ~(XBIT(RSP) | XBIT(RBX) | XBIT(R11)))
#define XMM_ALLOC (0x7fffu << 16)
#define CALLER_SAVED (XBIT(RAX) | XBIT(RCX) | XBIT(RDX) | XBIT(RSI) | XBIT(RDI) | \
                      XBIT(R8) | XBIT(R9) | XBIT(R10) | XMM_ALLOC)

/* condition codes */
enum {
  CC_O, CC_NO, CC_B, CC_AE, CC_E, CC_NE, CC_BE, CC_A,
  CC_S, CC_NS, CC_P, CC_NP, CC_L, CC_GE, CC_LE, CC_G, CC_ALWAYS = 16,
};

typedef struct XMem { int8_t base, index; uint8_t scale; int32_t disp; } XMem;

/* A condition in the flags: cc, and for float equality the parity flag
 * (unordered): pmode 1 means cc && !P, 2 means cc || P. */
typedef struct XCond { uint8_t cc, pmode; } XCond;

/* A value a guard's exit stores: from a location, or a constant, or
 * (LOC_DEFER) computed there by XDef number k. */
typedef struct XSnapVal { int32_t loc; int64_t k; } XSnapVal;

/* A deferred op as one exit computes it (jit_x64_ra.c): a op b into R11,
 * a from a location, a constant or (LOC_DEFER) a nested XDef, b from a
 * location or a 32-bit constant. */
typedef struct XDef { uint16_t op; XSnapVal a, b; } XDef;

/* One guard's out-of-line exit: the branches to patch, its values. */
typedef struct XExit {
  uint32_t code;                  /* exit code (guard number) */
  uint32_t first, n;              /* its values: vals[first..+n) */
  uint32_t patch[3];              /* offsets of rel32 fields jumping here */
  uint32_t npatch;
} XExit;

/* A write barrier's out-of-line call (emitted after the exits): the
 * jnz to patch, where to go back to, the object's register. */
typedef struct XBarrier { uint32_t patch, back; int8_t reg; } XBarrier;

/* A move of the parallel-move resolver. */
typedef struct XMove { int32_t dst, src; int64_t k; bool isk; } XMove;

typedef struct JitxCode {         /* JitCompiled.impl */
  volatile int64_t invalid;       /* set by jitx_invalidate */
} JitxCode;

typedef struct XChunk { uint8_t *base; size_t size, used; } XChunk;  /* code memory */

struct JitxBackend {
  JitCodegenConfig cfg;
  XChunk *chunks; uint32_t nchunks, chunkcap;  /* code memory */
  uint64_t ntraces;
};

typedef struct JitxEmit {
  const JitCodegenConfig *cfg;
  const Trace *T;
  uint8_t *buf; uint32_t len, cap;              /* the code being written */
  /* liveness (jit_x64_ra.c) */
  uint32_t *last;                 /* per ins: index of its last use, 0 none */
  uint32_t *next_call;            /* per ins: first call at or after it */
  uint32_t ninputs, nguards, nslots, maxout;
  /* deferred ops: pure int ops whose value only guards' exits need are
   * computed there, not on the trace's path (xr_prescan) */
  uint8_t *deferred;              /* per ins: 1 when deferred */
  uint16_t *dop;                  /* per deferred ins: op, operands in */
  JRef *da, *db;                  /* the order the exit computes them */
  XDef *defs; uint32_t ndefs, defcap;
  uint32_t gnum;                  /* the number of the guard being emitted */
  /* allocation state */
  int8_t *reg;                    /* per ins: its register, -1 */
  int32_t *slot;                  /* per ins: its spill slot, -1 */
  uint32_t owner[32];             /* per register: the ins it holds, 0 */
  uint32_t locked;                /* registers the current op uses */
  uint32_t cur;                   /* the op being emitted */
  uint8_t *slot_busy; uint32_t nspill, spillcap; /* spill slots in use */
  /* the loop */
  uint32_t label_at;              /* ins of the label (or the first op
                                     after the inputs: implicit), 0 none */
  bool implicit_label;
  uint32_t label_descr, label_pos; /* the loop head's code offset */
  uint32_t nhead;                 /* values pinned at the loop head */
  JRef *head_ref;                 /* their refs (label operands first) */
  int32_t *head_loc;              /* their locations there, LOC_NONE: skip */
  uint32_t nlabel;                /* label operands among them */
  /* flags carried to the next op */
  uint32_t cond_at;               /* a comparison left its result in the
                                     flags for the guard after it, 0 none */
  XCond cond;
  uint32_t ovf_at;                /* an *_ovf op just set OF, 0 none */
  /* --gc=gen's write barrier (jit_backend.h) */
  JitFresh fresh;                 /* objects that need none */
  XBarrier *wbs; uint32_t nwbs, wbcap;  /* their slow paths */
  /* exits */
  XExit *xs; uint32_t nxs, xscap;
  XSnapVal *vals; uint32_t nvals, valcap;
  JitExit *exits;                 /* [0..nguards] */
  void **chain;
  const void *owner_ptr;          /* the JitCompiled being made */
  const volatile int64_t *invalid;
  uint32_t frame_patch;           /* the inner entry's `sub rsp, imm32` field */
  uint32_t inner_at;              /* the inner entry (chain_entry) */
  bool done;                      /* a jump or finish ended the code */
  char *err; size_t errlen;
  bool failed;
} JitxEmit;

/* ---- jit_x64.c ----------------------------------------------------------- */
void jitx_fail(JitxEmit *X, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The bits of a constant (a GC ref's address, a double's bits). */
int64_t jitx_kbits(const JitxEmit *X, JRef r);

/* ---- the encoder (jit_x64_enc.c) ----------------------------------------- */
void xe_byte(JitxEmit *X, unsigned b);
void xe_u32(JitxEmit *X, uint32_t v);
void xe_patch32(JitxEmit *X, uint32_t at, int32_t v);
/* One instruction: [pfx] [REX] opc (oplen bytes, big-endian) ModRM with
 * `reg` in the reg field (register number or /digit) and a register rm
 * (`xe_rr`) or a memory rm (`xe_rm`). `byte` forces a REX for SPL..DIL. */
void xe_rr(JitxEmit *X, unsigned pfx, bool w, uint32_t opc, int oplen, int reg, int rm, bool byte);
void xe_rm(JitxEmit *X, unsigned pfx, bool w, uint32_t opc, int oplen, int reg, XMem m, bool byte);
XMem xe_mem(int base, int32_t disp);
XMem xe_stack(const JitxEmit *X, int32_t loc);   /* a LOC_MEM location */
void xe_mov_rr(JitxEmit *X, int dst, int src);   /* 64 bits, GPR or XMM */
void xe_mov_ri(JitxEmit *X, int dst, int64_t k); /* leaves the flags alone */
void xe_load(JitxEmit *X, int dst, XMem m);      /* 8 bytes, GPR or XMM */
void xe_store(JitxEmit *X, XMem m, int src);     /* 8 bytes, GPR or XMM */
void xe_store_k(JitxEmit *X, XMem m, int64_t k); /* 8 bytes (via R11) */
/* Any location to any location, a constant to any location. */
void xe_move(JitxEmit *X, int32_t dst, int32_t src);
void xe_move_k(JitxEmit *X, int32_t dst, int64_t k);
enum { ALU_ADD = 0, ALU_OR = 1, ALU_AND = 4, ALU_SUB = 5, ALU_XOR = 6, ALU_CMP = 7 };
void xe_alu_rr(JitxEmit *X, int op, int dst, int src);
void xe_alu_ri(JitxEmit *X, int op, int dst, int32_t k);
void xe_alu_rm(JitxEmit *X, int op, int dst, XMem m);
void xe_alu_mi(JitxEmit *X, int op, XMem m, int32_t k);
/* Jumps: the offset of the rel32 field to patch. */
uint32_t xe_jcc(JitxEmit *X, int cc);            /* CC_ALWAYS: jmp */
void xe_jcc_to(JitxEmit *X, int cc, uint32_t target);
void xe_bind(JitxEmit *X, uint32_t field);       /* the jump lands here */
void xe_setcc(JitxEmit *X, XCond c, int dst);    /* dst = 0 / 1 (64 bits) */
/* Jumps to the field's target (a new rel32 recorded in fields[]) when the
 * condition is `when`; returns how many fields (1 or 2) it added. */
int xe_jcond(JitxEmit *X, XCond c, bool when, uint32_t *fields);

static inline bool xfits32(int64_t k) { return k == (int32_t)k; }
static inline bool xisgpr(int32_t loc) { return loc >= 0 && loc < 16; }
static inline bool xisxmm(int32_t loc) { return loc >= 16 && loc < 32; }

/* ---- the register allocator (jit_x64_ra.c) -------------------------------- */
/* Liveness, calls, guards, the loop head; false on out of memory. */
bool xr_prescan(JitxEmit *X);
int32_t xr_slot_loc(const JitxEmit *X, int32_t s);
int32_t xr_loc(const JitxEmit *X, JRef r);       /* its register, else slot */
/* A free register of the class (XMM when `xmm`) among `allowed`, not
 * locked, spilling the value used furthest away if needed; preferring a
 * callee-saved one for a value living across a call. Not owned, locked. */
int xr_alloc(JitxEmit *X, bool xmm, uint32_t allowed, bool across_call);
/* The value of ref r in a register among `allowed` (loaded or moved
 * there; a constant in a temporary), locked. */
int xr_use(JitxEmit *X, JRef r, uint32_t allowed);
int xr_use_gpr(JitxEmit *X, JRef r);
int xr_use_xmm(JitxEmit *X, JRef r);
/* Ins i's result lives in register reg from now on (locked). */
void xr_def(JitxEmit *X, uint32_t i, int reg);
/* A register for ins i's result holding a copy of `a` (a's own register
 * when a dies here), defined as i's. */
int xr_def_copy(JitxEmit *X, uint32_t i, JRef a, bool xmm);
/* A new register for i's result (a dying operand's register is fine). */
int xr_def_new(JitxEmit *X, uint32_t i, bool xmm, uint32_t allowed);
/* Frees register reg: its value moves to a free register or is spilled. */
void xr_evict(JitxEmit *X, int reg, uint32_t avoid);
/* Before a call at i: values living on in caller-saved registers are
 * spilled; all caller-saved registers are free afterwards. */
void xr_spill_caller_saved(JitxEmit *X, uint32_t i);
/* After op i: frees what died there, unlocks. */
void xr_end_op(JitxEmit *X, uint32_t i);
/* Parallel move (sources read before any destination is written). */
void xr_pmove(JitxEmit *X, XMove *m, uint32_t n);
/* The loop head: pins the locations of the values live across it. */
void xr_head(JitxEmit *X);
/* The jump: moves its values into the head's locations. */
void xr_jump(JitxEmit *X, const JIns *I);
bool xr_dies(const JitxEmit *X, JRef r, uint32_t i);

/* ---- op lowering (jit_x64_ops.c, jit_x64_call.c) --------------------------- */
void xo_emit_op(JitxEmit *X, uint32_t i);
void xo_call_op(JitxEmit *X, uint32_t i, const JIns *I);  /* calls, allocations */
/* Records guard I's exit (its snapshot's locations, once) and emits a
 * branch to it when the condition is `when` (or always). */
void xo_guard_jump(JitxEmit *X, const JIns *I, XCond c, bool when);
void xo_guard_always(JitxEmit *X, const JIns *I);
/* the condition codes of int_lt..uint_ge */
extern const uint8_t xo_icc[12];
/* C calls: fn an address or a ref (fnref != JREF_NONE), arguments refs
 * or constants of kinds 'i' 'r' 'f'; the result ('v', 'i', 'r', 'f';
 * narrowed to size 1/2/4 bytes) defined as ins i's. */
typedef struct XArg { JRef r; int64_t k; bool isk; char kind; } XArg;
void xo_call(JitxEmit *X, uint32_t i, JRef fnref, int64_t fn, const XArg *args,
             unsigned nargs, char rkind, unsigned rsize, bool rsigned);
/* The write barrier for a store into the object in register reg: a test of
 * its header, and when the flag is set a jump to a slow path that calls
 * cfg->write_barrier(obj) with every register and the SSE state kept. */
void xo_write_barrier(JitxEmit *X, int reg);
/* The barriers' slow paths, after the code. */
void xo_barrier_stubs(JitxEmit *X);

/* ---- code memory (jit_x64_mem.c) -------------------------------------------- */
/* Copies n bytes of code into executable memory; NULL on failure. */
void *xm_install(JitxBackend *be, const uint8_t *code, size_t n);
void xm_free_all(JitxBackend *be);

#endif
