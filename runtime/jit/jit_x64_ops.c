/* jit_x64_ops.c — one trace op as x86-64 code: integer arithmetic
 * (two-address, the result taking a dying operand's register), Python
 * floor division and modulo, shifts through CL, overflow-checked ops
 * feeding the guard after them, comparisons (left in the flags when the
 * next op is the guard that consumes them, else setcc), SSE2 floats,
 * guards branching to out-of-line exits, field/array/interior/string
 * loads and stores. Calls and allocations: jit_x64_call.c. Semantics match
 * jit_llvm_ops.c. Contract: jit_x64_impl.h. */
#include <string.h>

#include "jit_x64_impl.h"

#define A(k) jir_arg(X->T, I, (k))

/* ---- operands ---------------------------------------------------------------------- */
typedef struct XOp { int kind; int reg; int32_t imm; XMem mem; } XOp;  /* 0 reg 1 imm 2 mem */

/* An ALU source: an imm32 constant, a register, or a spilled value's slot. */
static XOp int_operand(JitxEmit *X, JRef b) {
  if (jir_isk(b)) {
    int64_t k = jitx_kbits(X, b);
    if (xfits32(k)) return (XOp){.kind = 1, .imm = (int32_t)k};
    return (XOp){.kind = 0, .reg = xr_use_gpr(X, b)};
  }
  int r = X->reg[jir_idx(b)];
  if (r >= 0 && xisgpr(r)) {
    X->locked |= XBIT(r);
    return (XOp){.kind = 0, .reg = r};
  }
  if (X->slot[jir_idx(b)] >= 0) return (XOp){.kind = 2, .mem = xe_stack(X, xr_loc(X, b))};
  return (XOp){.kind = 0, .reg = xr_use_gpr(X, b)};
}

/* The same for SSE sources (constants in a temporary register). */
static XOp float_operand(JitxEmit *X, JRef b) {
  if (!jir_isk(b)) {
    int r = X->reg[jir_idx(b)];
    if (r >= 0 && xisxmm(r)) {
      X->locked |= XBIT(r);
      return (XOp){.kind = 0, .reg = r};
    }
    if (r < 0 && X->slot[jir_idx(b)] >= 0) return (XOp){.kind = 2, .mem = xe_stack(X, xr_loc(X, b))};
  }
  return (XOp){.kind = 0, .reg = xr_use_xmm(X, b)};
}

static void alu(JitxEmit *X, int op, int dst, XOp o) {
  if (o.kind == 1) xe_alu_ri(X, op, dst, o.imm);
  else if (o.kind == 2) xe_alu_rm(X, op, dst, o.mem);
  else xe_alu_rr(X, op, dst, o.reg);
}

static void imul(JitxEmit *X, int dst, XOp o) {
  if (o.kind == 1) {
    bool b8 = o.imm == (int8_t)o.imm;
    xe_rr(X, 0, true, b8 ? 0x6b : 0x69, 1, dst, dst, false);
    if (b8) xe_byte(X, (uint8_t)(int8_t)o.imm);
    else xe_u32(X, (uint32_t)o.imm);
  } else if (o.kind == 2) {
    xe_rm(X, 0, true, 0x0faf, 2, dst, o.mem, false);
  } else {
    xe_rr(X, 0, true, 0x0faf, 2, dst, o.reg, false);
  }
}

/* SSE op dst, src (pfx 0F op) */
static void sse(JitxEmit *X, unsigned pfx, uint32_t opc, int dst, XOp o) {
  if (o.kind == 2) xe_rm(X, pfx, false, opc, 2, dst, o.mem, false);
  else xe_rr(X, pfx, false, opc, 2, dst, o.reg, false);
}

/* ---- integer arithmetic ------------------------------------------------------------------ */
static void binop(JitxEmit *X, uint32_t i, const JIns *I) {
  unsigned op = I->op;
  JRef a = A(0), b = A(1);
  bool comm = jir_info[op].flags & JF_COMM;
  if (comm && ((jir_isk(a) && !jir_isk(b)) ||
               (!jir_isk(b) && xr_dies(X, b, i) && !xr_dies(X, a, i) && X->reg[jir_idx(b)] >= 0))) {
    JRef t = a;
    a = b;
    b = t;
  }
  XOp o = int_operand(X, b);
  int d = xr_def_copy(X, i, a, false);
  switch (op) {
  case JIR_int_add: case JIR_int_add_ovf: alu(X, ALU_ADD, d, o); break;
  case JIR_int_sub: case JIR_int_sub_ovf: alu(X, ALU_SUB, d, o); break;
  case JIR_int_and: alu(X, ALU_AND, d, o); break;
  case JIR_int_or: alu(X, ALU_OR, d, o); break;
  case JIR_int_xor: alu(X, ALU_XOR, d, o); break;
  default: imul(X, d, o); break;  /* int_mul, int_mul_ovf */
  }
  if (jir_info[op].flags & JF_OVF) X->ovf_at = i;
}

static void shift(JitxEmit *X, uint32_t i, const JIns *I, int digit) {
  JRef a = A(0), b = A(1);
  if (jir_isk(b)) {
    int d = xr_def_copy(X, i, a, false);
    int c = (int)(jitx_kbits(X, b) & 63);
    if (c) {
      xe_rr(X, 0, true, 0xc1, 1, digit, d, false);
      xe_byte(X, (unsigned)c);
    }
    return;
  }
  if (X->owner[RCX] != jir_idx(b)) xr_evict(X, RCX, 0);
  xr_use(X, b, XBIT(RCX));
  int d = xr_def_copy(X, i, a, false);
  xe_rr(X, 0, true, 0xd3, 1, digit, d, false);
}

/* floor division and modulo (signed: MIN // -1 == MIN without trapping),
 * unsigned division; a in RAX, the divisor in a register */
static void divide(JitxEmit *X, uint32_t i, const JIns *I) {
  unsigned op = I->op;
  bool sg = op == JIR_int_floordiv || op == JIR_int_mod;
  bool mod = op == JIR_int_mod || op == JIR_uint_mod;
  JRef a = A(0), b = A(1);
  bool kb = jir_isk(b);
  int64_t kv = kb ? jitx_kbits(X, b) : 0;
  if (sg && kb && kv == -1) {
    int d = xr_def_copy(X, i, a, false);
    if (mod) xe_mov_ri(X, d, 0);
    else xe_rr(X, 0, true, 0xf7, 1, 3, d, false);  /* neg */
    return;
  }
  uint32_t ad = XBIT(RAX) | XBIT(RDX);
  xr_evict(X, RAX, ad);
  xr_evict(X, RDX, ad);
  X->locked |= ad;
  int B = xr_use(X, b, GPR_ALLOC & ~ad);
  if (jir_isk(a)) xe_mov_ri(X, RAX, jitx_kbits(X, a));
  else xe_move(X, RAX, xr_loc(X, a));
  uint32_t to_div = 0, done1 = 0, done2 = 0, done3 = 0;
  if (!sg) {
    xe_mov_ri(X, RDX, 0);
    xe_rr(X, 0, true, 0xf7, 1, 6, B, false);  /* div */
  } else {
    if (!kb) {
      xe_alu_ri(X, ALU_CMP, B, -1);
      to_div = xe_jcc(X, CC_NE);
      if (mod) xe_mov_ri(X, RDX, 0);
      else xe_rr(X, 0, true, 0xf7, 1, 3, RAX, false);
      done1 = xe_jcc(X, CC_ALWAYS);
      xe_bind(X, to_div);
    }
    xe_byte(X, 0x48);
    xe_byte(X, 0x99);                            /* cqo */
    xe_rr(X, 0, true, 0xf7, 1, 7, B, false);     /* idiv */
    xe_rr(X, 0, true, 0x85, 1, RDX, RDX, false); /* test rdx, rdx */
    if (kb) {
      done2 = xe_jcc(X, kv > 0 ? CC_NS : CC_LE);  /* remainder's sign is the divisor's */
    } else {
      done2 = xe_jcc(X, CC_E);
      xe_mov_rr(X, SCR, RDX);
      xe_alu_rr(X, ALU_XOR, SCR, B);
      done3 = xe_jcc(X, CC_NS);
    }
    if (mod) xe_alu_rr(X, ALU_ADD, RDX, B);
    else xe_rr(X, 0, true, 0xff, 1, 1, RAX, false);  /* dec rax */
    if (done1) xe_bind(X, done1);
    xe_bind(X, done2);
    if (done3) xe_bind(X, done3);
  }
  xr_def(X, i, mod ? RDX : RAX);
}

static void unop(JitxEmit *X, uint32_t i, const JIns *I) {
  JRef a = A(0);
  int d;
  switch (I->op) {
  case JIR_int_neg:
    d = xr_def_copy(X, i, a, false);
    xe_rr(X, 0, true, 0xf7, 1, 3, d, false);
    break;
  case JIR_int_invert:
    d = xr_def_copy(X, i, a, false);
    xe_rr(X, 0, true, 0xf7, 1, 2, d, false);
    break;
  case JIR_int_abs: {
    int s = xr_use_gpr(X, a);
    d = xr_def_new(X, i, false, GPR_ALLOC);
    xe_mov_rr(X, d, s);
    xe_rr(X, 0, true, 0xf7, 1, 3, d, false);             /* neg */
    xe_rr(X, 0, true, 0x0f40 + CC_S, 2, d, s, false);    /* cmovs d, s */
    break;
  }
  default:  /* int_force_ge_zero */
    d = xr_def_copy(X, i, a, false);
    xe_rr(X, 0, true, 0x85, 1, d, d, false);
    xe_mov_ri(X, SCR, 0);
    xe_rr(X, 0, true, 0x0f40 + CC_S, 2, d, SCR, false);
    break;
  }
}

/* ---- comparisons ------------------------------------------------------------------------- */
/* Whether the comparison at i only feeds the guard right after it. */
static bool fusable(const JitxEmit *X, uint32_t i) {
  const Trace *T = X->T;
  if (i + 1 >= T->nins) return false;
  const JIns *G = &T->ins[i + 1];
  return (G->op == JIR_guard_true || G->op == JIR_guard_false) && G->a[0] == jir_ref(i) &&
         X->last[i] == i + 1;
}

static void set_cond(JitxEmit *X, uint32_t i, XCond c) {
  if (fusable(X, i)) {
    X->cond_at = i;
    X->cond = c;
    return;
  }
  int d = xr_def_new(X, i, false, GPR_ALLOC);
  xe_setcc(X, c, d);
}

const uint8_t xo_icc[12] = {CC_L, CC_LE, CC_E, CC_NE, CC_G, CC_GE,
                            CC_B, CC_BE, CC_E, CC_NE, CC_A, CC_AE};

static uint8_t swap_cc(uint8_t cc) {
  switch (cc) {
  case CC_L: return CC_G;
  case CC_G: return CC_L;
  case CC_LE: return CC_GE;
  case CC_GE: return CC_LE;
  case CC_B: return CC_A;
  case CC_A: return CC_B;
  case CC_BE: return CC_AE;
  case CC_AE: return CC_BE;
  default: return cc;
  }
}

/* cmp a, b; returns the condition for `a cc b` after operand swaps */
static uint8_t int_compare(JitxEmit *X, JRef a, JRef b, uint8_t cc) {
  if (jir_isk(a) && !jir_isk(b)) {
    JRef t = a;
    a = b;
    b = t;
    cc = swap_cc(cc);
  }
  XOp o = int_operand(X, b);
  int ra = xr_use_gpr(X, a);
  alu(X, ALU_CMP, ra, o);
  return cc;
}

/* test a, a (a register) or cmp [slot], 0 */
static void test_zero(JitxEmit *X, JRef a) {
  int r = jir_isk(a) ? 0 : X->reg[jir_idx(a)];
  if (r < 0 && X->slot[jir_idx(a)] >= 0) {
    xe_alu_mi(X, ALU_CMP, xe_stack(X, xr_loc(X, a)), 0);
    return;
  }
  r = xr_use_gpr(X, a);
  xe_rr(X, 0, true, 0x85, 1, r, r, false);
}

/* ucomisd for a float comparison family member k (lt le eq ne gt ge) */
static XCond float_compare(JitxEmit *X, JRef a, JRef b, unsigned k) {
  static const XCond conds[6] = {{CC_A, 0}, {CC_AE, 0}, {CC_E, 1}, {CC_NE, 2}, {CC_A, 0}, {CC_AE, 0}};
  if (k < 2) {  /* a < b is b > a: ordered comparisons are `above` */
    JRef t = a;
    a = b;
    b = t;
  }
  XOp o = float_operand(X, b);
  int ra = xr_use_xmm(X, a);
  sse(X, 0x66, 0x0f2e, ra, o);
  return conds[k];
}

static void compare(JitxEmit *X, uint32_t i, const JIns *I) {
  unsigned op = I->op;
  XCond c = {CC_E, 0};
  if (jir_is_intcmp(op)) {
    c.cc = int_compare(X, A(0), A(1), xo_icc[op - JIR_int_lt]);
  } else if (op >= JIR_float_lt && op <= JIR_float_ge) {
    c = float_compare(X, A(0), A(1), op - JIR_float_lt);
  } else if (op == JIR_int_is_true || op == JIR_int_is_zero) {
    test_zero(X, A(0));
    c.cc = op == JIR_int_is_true ? CC_NE : CC_E;
  } else {  /* ptr_eq ptr_ne instance_ptr_eq instance_ptr_ne */
    c.cc = int_compare(X, A(0), A(1), (op - JIR_ptr_eq) % 2 ? CC_NE : CC_E);
  }
  set_cond(X, i, c);
}

/* ---- floats --------------------------------------------------------------------------------- */
static void float_op(JitxEmit *X, uint32_t i, const JIns *I) {
  unsigned op = I->op;
  if (op == JIR_cast_float_to_int) {
    int s = xr_use_xmm(X, A(0));
    int d = xr_def_new(X, i, false, GPR_ALLOC);
    xe_rr(X, 0xf2, true, 0x0f2c, 2, d, s, false);  /* cvttsd2si */
    return;
  }
  if (op == JIR_cast_int_to_float) {
    int s = xr_use_gpr(X, A(0));
    int d = xr_def_new(X, i, true, XMM_ALLOC);
    xe_rr(X, 0, false, 0x0f57, 2, d, d, false);    /* xorps: no false dependency */
    xe_rr(X, 0xf2, true, 0x0f2a, 2, d, s, false);  /* cvtsi2sd */
    return;
  }
  if (op == JIR_float_neg || op == JIR_float_abs) {
    int d = xr_def_copy(X, i, A(0), true);
    xe_mov_ri(X, SCR, op == JIR_float_neg ? INT64_MIN : INT64_MAX);
    xe_mov_rr(X, XSCR, SCR);
    xe_rr(X, 0x66, false, op == JIR_float_neg ? 0x0f57 : 0x0f54, 2, d, XSCR, false);
    return;
  }
  static const uint32_t opc[4] = {0x0f58, 0x0f5c, 0x0f59, 0x0f5e};  /* add sub mul div */
  XOp o = float_operand(X, A(1));
  int d = xr_def_copy(X, i, A(0), true);
  sse(X, 0xf2, opc[op - JIR_float_add], d, o);
}

/* ---- guards ----------------------------------------------------------------------------------- */
/* Deferred ins v as this exit computes it: its XDef's number, operands
 * at their locations now. */
static XSnapVal snap_val(JitxEmit *X, JRef r, uint32_t g);

static int64_t defer_at_exit(JitxEmit *X, uint32_t v, uint32_t g) {
  XDef d = {.op = X->dop[v], .a = snap_val(X, X->da[v], g), .b = snap_val(X, X->db[v], g)};
  JIR_GROW(X->defs, X->defcap, X->ndefs + 1);
  X->defs[X->ndefs] = d;
  return X->ndefs++;
}

static XSnapVal snap_val(JitxEmit *X, JRef r, uint32_t g) {
  if (jir_isk(r)) return (XSnapVal){LOC_NONE, jitx_kbits(X, r)};
  if (X->deferred[jir_idx(r)]) return (XSnapVal){LOC_DEFER, defer_at_exit(X, jir_idx(r), g)};
  XSnapVal v = {xr_loc(X, r), 0};
  if (v.loc == LOC_NONE)
    jitx_fail(X, "internal error: value %u of guard %u's exit has no location", jir_idx(r), g);
  return v;
}

static XExit *exit_of(JitxEmit *X, const JIns *I) {
  if (X->nxs && X->xs[X->nxs - 1].code == X->gnum) return &X->xs[X->nxs - 1];
  uint32_t g = X->gnum;  /* the guard being emitted */
  JIR_GROW(X->xs, X->xscap, X->nxs + 1);
  XExit *e = &X->xs[X->nxs++];
  uint32_t n;
  const JRef *refs = jir_snap_refs(X->T, I, &n);
  *e = (XExit){.code = g, .first = X->nvals, .n = n};
  JIR_GROW(X->vals, X->valcap, X->nvals + n);
  for (uint32_t k = 0; k < n; k++) {
    JRef r = refs[k];
    XSnapVal v;
    if (jir_isk(r))  /* 73% of the values exits stored were constants (richards.lua) */
      v = (XSnapVal){LOC_SNAPK, 0};
    else if (X->cond_at && jir_idx(r) == X->cond_at)  /* the fused comparison: known */
      v = (XSnapVal){LOC_NONE, I->op == JIR_guard_false};
    else
      v = snap_val(X, r, g);
    X->vals[X->nvals++] = v;  /* after snap_val: it may grow defs, not vals */
  }
  return e;
}

void xo_guard_jump(JitxEmit *X, const JIns *I, XCond c, bool when) {
  XExit *e = exit_of(X, I);
  uint32_t f[2];
  int n = xe_jcond(X, c, when, f);
  for (int k = 0; k < n && e->npatch < 3; k++) e->patch[e->npatch++] = f[k];
}

void xo_guard_always(JitxEmit *X, const JIns *I) {
  xo_guard_jump(X, I, (XCond){CC_ALWAYS, 0}, true);
}

static void guard_const(JitxEmit *X, const JIns *I, bool passes) {
  if (!passes) xo_guard_always(X, I);
}

static void guard_truth(JitxEmit *X, uint32_t i, const JIns *I) {
  bool want = I->op == JIR_guard_true;
  JRef a = A(0);
  if (X->cond_at && X->cond_at == i - 1 && a == jir_ref(i - 1)) {
    xo_guard_jump(X, I, X->cond, !want);
  } else if (jir_isk(a)) {
    guard_const(X, I, (jitx_kbits(X, a) != 0) == want);
  } else {
    test_zero(X, a);
    xo_guard_jump(X, I, (XCond){want ? CC_E : CC_NE, 0}, true);
  }
}

static void guard_null(JitxEmit *X, const JIns *I, bool want_null) {
  JRef a = A(0);
  if (jir_isk(a)) {
    guard_const(X, I, (jitx_kbits(X, a) == 0) == want_null);
    return;
  }
  test_zero(X, a);
  xo_guard_jump(X, I, (XCond){want_null ? CC_NE : CC_E, 0}, true);
}

static void guard_value(JitxEmit *X, const JIns *I) {
  if (jir_kind(X->T, A(0)) == JK_FLOAT) {
    XCond c = float_compare(X, A(0), A(1), 2);
    xo_guard_jump(X, I, c, false);
  } else if (jir_isk(A(0)) && jir_isk(A(1))) {
    guard_const(X, I, jitx_kbits(X, A(0)) == jitx_kbits(X, A(1)));
  } else {
    int_compare(X, A(0), A(1), CC_E);
    xo_guard_jump(X, I, (XCond){CC_NE, 0}, true);
  }
}

/* [test obj; je exit;] cmp [obj + vtable_ofs], cls; jne exit. Every
 * register is taken before the first branch: the exit's values are where
 * they were then. */
static void guard_class(JitxEmit *X, const JIns *I) {
  JRef cls = A(1);
  bool imm = jir_isk(cls) && xfits32(jitx_kbits(X, cls));
  int rc = imm ? -1 : xr_use_gpr(X, cls);
  int obj = xr_use_gpr(X, A(0));
  if (I->op == JIR_guard_nonnull_class) {
    xe_rr(X, 0, true, 0x85, 1, obj, obj, false);
    xo_guard_jump(X, I, (XCond){CC_E, 0}, true);
  }
  XMem m = xe_mem(obj, (int32_t)X->cfg->vtable_ofs);
  if (imm) xe_alu_mi(X, ALU_CMP, m, (int32_t)jitx_kbits(X, cls));
  else xe_alu_rm(X, ALU_CMP, rc, m);
  xo_guard_jump(X, I, (XCond){CC_NE, 0}, true);
}

/* cmp qword [addr], 0 -> leave when not zero */
static void guard_word_zero(JitxEmit *X, const JIns *I, const volatile void *addr) {
  xe_mov_ri(X, SCR, (int64_t)(uintptr_t)addr);
  xe_alu_mi(X, ALU_CMP, xe_mem(SCR, 0), 0);
  xo_guard_jump(X, I, (XCond){CC_NE, 0}, true);
}

static bool need_exc(JitxEmit *X) {
  if (X->cfg->exc_type && X->cfg->exc_value) return true;
  jitx_fail(X, "exception guards need the exception state (JitCodegenConfig.exc_type)");
  return false;
}

static void guard_exception(JitxEmit *X, uint32_t i, const JIns *I) {
  if (!need_exc(X)) return;
  if (I->op == JIR_guard_no_exception) {
    guard_word_zero(X, I, X->cfg->exc_type);
    return;
  }
  JRef cls = A(0);
  int r = jir_isk(cls) && xfits32(jitx_kbits(X, cls)) ? -1 : xr_use_gpr(X, cls);
  xe_mov_ri(X, SCR, (int64_t)(uintptr_t)X->cfg->exc_type);
  if (r < 0) xe_alu_mi(X, ALU_CMP, xe_mem(SCR, 0), (int32_t)jitx_kbits(X, cls));
  else xe_alu_rm(X, ALU_CMP, r, xe_mem(SCR, 0));
  xo_guard_jump(X, I, (XCond){CC_NE, 0}, true);
  int d = xr_def_new(X, i, false, GPR_ALLOC);
  xe_store_k(X, xe_mem(SCR, 0), 0);
  xe_mov_ri(X, SCR, (int64_t)(uintptr_t)X->cfg->exc_value);
  xe_load(X, d, xe_mem(SCR, 0));
  xe_store_k(X, xe_mem(SCR, 0), 0);
}

static void guard(JitxEmit *X, uint32_t i, const JIns *I) {
  switch (I->op) {
  case JIR_guard_true: case JIR_guard_false: guard_truth(X, i, I); break;
  case JIR_guard_value: guard_value(X, I); break;
  case JIR_guard_nonnull: guard_null(X, I, false); break;
  case JIR_guard_isnull: guard_null(X, I, true); break;
  case JIR_guard_class: case JIR_guard_nonnull_class: guard_class(X, I); break;
  case JIR_guard_no_exception: case JIR_guard_exception: guard_exception(X, i, I); break;
  case JIR_guard_no_overflow: case JIR_guard_overflow:
    if (!X->ovf_at || X->ovf_at != i - 1) {
      jitx_fail(X, "%s not right after its *_ovf op: not supported", jir_info[I->op].name);
      break;
    }
    xo_guard_jump(X, I, (XCond){CC_O, 0}, I->op == JIR_guard_no_overflow);
    break;
  case JIR_guard_not_invalidated: guard_word_zero(X, I, X->invalid); break;
  default: break;  /* guard_not_forced: never fails (yet) */
  }
}

/* ---- memory --------------------------------------------------------------------------------- */
/* [base + ofs + index * scale] */
static XMem item_addr(JitxEmit *X, JRef base, JRef index, uint32_t scale, uint32_t ofs) {
  int rb = xr_use_gpr(X, base);
  int64_t disp = ofs;
  XMem m = xe_mem(rb, 0);
  if (index != JREF_NONE && jir_isk(index)) {
    disp += jitx_kbits(X, index) * (int64_t)scale;
  } else if (index != JREF_NONE) {
    int ri = xr_use_gpr(X, index);
    if (scale == 1 || scale == 2 || scale == 4 || scale == 8) {
      m.index = (int8_t)ri;
      m.scale = (uint8_t)scale;
    } else {
      int t = xr_alloc(X, false, GPR_ALLOC, false);
      xe_rr(X, 0, true, 0x69, 1, t, ri, false);  /* imul t, ri, scale */
      xe_u32(X, scale);
      m.index = (int8_t)t;
    }
  }
  if (!xfits32(disp)) {  /* a far constant index: into the index register */
    int t = xr_alloc(X, false, GPR_ALLOC, false);
    xe_mov_ri(X, t, disp);
    if (m.index >= 0) xe_rm(X, 0, true, 0x8d, 1, t, (XMem){(int8_t)t, m.index, m.scale, 0}, false);
    m.index = (int8_t)t;
    m.scale = 1;
    disp = 0;
  }
  m.disp = (int32_t)disp;
  return m;
}

static void load(JitxEmit *X, uint32_t i, XMem m, char kind, uint32_t size, bool sg) {
  if (kind == JK_FLOAT) {
    int d = xr_def_new(X, i, true, XMM_ALLOC);
    if (size == 4) xe_rm(X, 0xf3, false, 0x0f5a, 2, d, m, false);  /* cvtss2sd */
    else xe_load(X, d, m);
    return;
  }
  int d = xr_def_new(X, i, false, GPR_ALLOC);
  if (kind == JK_REF || (size != 1 && size != 2 && size != 4)) xe_load(X, d, m);
  else if (size == 1) xe_rm(X, 0, sg, sg ? 0x0fbe : 0x0fb6, 2, d, m, false);
  else if (size == 2) xe_rm(X, 0, sg, sg ? 0x0fbf : 0x0fb7, 2, d, m, false);
  else if (sg) xe_rm(X, 0, true, 0x63, 1, d, m, false);  /* movsxd */
  else xe_rm(X, 0, false, 0x8b, 1, d, m, false);
}

static void store_imm(JitxEmit *X, XMem m, int64_t k, uint32_t size) {
  if (size == 8) { xe_store_k(X, m, k); return; }
  if (size == 1) {
    xe_rm(X, 0, false, 0xc6, 1, 0, m, false);
    xe_byte(X, (uint8_t)k);
  } else if (size == 2) {
    xe_rm(X, 0x66, false, 0xc7, 1, 0, m, false);
    xe_byte(X, (uint8_t)k);
    xe_byte(X, (uint8_t)(k >> 8));
  } else {
    xe_rm(X, 0, false, 0xc7, 1, 0, m, false);
    xe_u32(X, (uint32_t)k);
  }
}

static void store(JitxEmit *X, XMem m, JRef x, char kind, uint32_t size) {
  if (kind == JK_REF || (size != 1 && size != 2 && size != 4)) size = 8;
  if (kind == JK_FLOAT) {
    if (jir_isk(x)) {
      int64_t bits = jitx_kbits(X, x);
      if (size == 4) {
        double dv;
        memcpy(&dv, &bits, 8);
        float f = (float)dv;
        uint32_t fb;
        memcpy(&fb, &f, 4);
        bits = fb;
      }
      store_imm(X, m, bits, size);
      return;
    }
    int r = xr_use_xmm(X, x);
    if (size == 4) {
      xe_rr(X, 0xf2, false, 0x0f5a, 2, XSCR, r, false);  /* cvtsd2ss */
      xe_rm(X, 0xf3, false, 0x0f11, 2, XSCR, m, false);  /* movss */
    } else {
      xe_store(X, m, r);
    }
    return;
  }
  if (jir_isk(x)) {
    store_imm(X, m, jitx_kbits(X, x), size);
    return;
  }
  int r = xr_use_gpr(X, x);
  if (size == 8) xe_store(X, m, r);
  else if (size == 4) xe_rm(X, 0, false, 0x89, 1, r, m, false);
  else if (size == 2) xe_rm(X, 0x66, false, 0x89, 1, r, m, false);
  else xe_rm(X, 0, false, 0x88, 1, r, m, true);
}

/* A store of x into object obj at m through descr d, after the write
 * barrier when it needs one (jit_backend.h). */
static void store_into(JitxEmit *X, JRef obj, XMem m, JRef x, const JDescr *d) {
  if (jit_store_needs_wb(X->cfg, &X->fresh, d, obj, x)) xo_write_barrier(X, m.base);
  store(X, m, x, d->kind, d->size);
}

static bool heap(JitxEmit *X, uint32_t i, const JIns *I) {
  const JDescr *d = I->descr ? jir_descr(X->T->env, I->descr) : NULL;
  bool sg = d && (d->flags & JDF_SIGNED);
  const JitCodegenConfig *cfg = X->cfg;
  switch (I->op) {
  case JIR_getfield_gc_i: case JIR_getfield_gc_r: case JIR_getfield_gc_f:
    load(X, i, item_addr(X, A(0), JREF_NONE, 0, d->offset), d->kind, d->size, sg);
    break;
  case JIR_setfield_gc:
    store_into(X, A(0), item_addr(X, A(0), JREF_NONE, 0, d->offset), A(1), d);
    break;
  case JIR_getarrayitem_gc_i: case JIR_getarrayitem_gc_r: case JIR_getarrayitem_gc_f:
    load(X, i, item_addr(X, A(0), A(1), d->size, d->offset), d->kind, d->size, sg);
    break;
  case JIR_setarrayitem_gc:
    store_into(X, A(0), item_addr(X, A(0), A(1), d->size, d->offset), A(2), d);
    break;
  case JIR_arraylen_gc:
    load(X, i, item_addr(X, A(0), JREF_NONE, 0, d->lenofs), JK_INT, 8, true);
    break;
  case JIR_getinteriorfield_gc_i: case JIR_getinteriorfield_gc_r: case JIR_getinteriorfield_gc_f:
    load(X, i, item_addr(X, A(0), A(1), d->lenofs, d->offset), d->kind, d->size, sg);
    break;
  case JIR_setinteriorfield_gc:
    store_into(X, A(0), item_addr(X, A(0), A(1), d->lenofs, d->offset), A(2), d);
    break;
  case JIR_strlen:
    load(X, i, item_addr(X, A(0), JREF_NONE, 0, cfg->str_len_ofs), JK_INT, 8, true);
    break;
  case JIR_strgetitem:
    load(X, i, item_addr(X, A(0), A(1), 1, cfg->str_chars_ofs), JK_INT, 1, false);
    break;
  case JIR_strsetitem:
    store(X, item_addr(X, A(0), A(1), 1, cfg->str_chars_ofs), A(2), JK_INT, 1);
    break;
  default: return false;
  }
  return true;
}

/* ---- dispatch ------------------------------------------------------------------------------- */
static bool simple(JitxEmit *X, uint32_t i, const JIns *I) {
  unsigned op = I->op;
  if (jir_is_cmp(op) || (op >= JIR_ptr_eq && op <= JIR_instance_ptr_ne) ||
      op == JIR_int_is_true || op == JIR_int_is_zero)
    compare(X, i, I);
  else if (op == JIR_int_lshift) shift(X, i, I, 4);
  else if (op == JIR_int_rshift) shift(X, i, I, 7);
  else if (op == JIR_uint_rshift) shift(X, i, I, 5);
  else if (op == JIR_int_floordiv || op == JIR_int_mod || op == JIR_uint_floordiv ||
           op == JIR_uint_mod)
    divide(X, i, I);
  else if ((op >= JIR_int_add && op <= JIR_int_xor) || (op >= JIR_int_add_ovf && op <= JIR_int_mul_ovf))
    binop(X, i, I);
  else if (op == JIR_int_neg || op == JIR_int_invert || op == JIR_int_abs ||
           op == JIR_int_force_ge_zero)
    unop(X, i, I);
  else if (op >= JIR_same_as_i && op <= JIR_same_as_f)
    xr_def_copy(X, i, A(0), op == JIR_same_as_f);
  else if (op >= JIR_float_add && op <= JIR_cast_int_to_float)
    float_op(X, i, I);
  else
    return false;
  return true;
}

void xo_emit_op(JitxEmit *X, uint32_t i) {
  const JIns *I = &X->T->ins[i];
  unsigned op = I->op;
  if (simple(X, i, I)) return;
  if (jir_info[op].flags & JF_GUARD) guard(X, i, I);
  else if (!heap(X, i, I)) xo_call_op(X, i, I);
}
