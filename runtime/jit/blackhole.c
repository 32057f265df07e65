/* blackhole.c — the blackhole interpreter: frames, the dispatch loop,
 * calls, returns and exceptions (see blackhole.h). */
#include "runtime/jit/blackhole.h"

#include <math.h>
#include <string.h>

#include "runtime/jit/blackhole_ops.h"
#include "runtime/rt_arith.h"
#include "runtime/rt_exc.h"
#include "runtime/rt_gc.h"

/* ---- frames ---------------------------------------------------------------------- */

void bh_init(Bh *bh, const JcImage *img, void *const *addrs, RlJitStub *const *stubs) {
  memset(bh, 0, sizeof *bh);
  bh->img = img;
  bh->addrs = addrs;
  bh->stubs = stubs;
  bh->max_depth = BH_MAX_DEPTH;
}

/* Frames and registers are root blocks (rt_gc.h), freed by bh_free. */
static bool grow_frames(Bh *bh) {
  uint32_t cap = bh->cap ? 2 * bh->cap : 16;
  BhFrame *f = rt_gc_malloc_roots((size_t)cap * sizeof *f);
  if (!f) return false;
  if (bh->cap) memcpy(f, bh->frames, (size_t)bh->cap * sizeof *f);  /* kept registers too */
  rt_gc_free_roots(bh->frames);
  bh->frames = f;
  bh->cap = cap;
  return true;
}

void bh_free(Bh *bh) {
  for (uint32_t d = 0; d < bh->cap; d++) rt_gc_free_roots(bh->frames[d].regs);
  rt_gc_free_roots(bh->frames);
  bh->frames = NULL;
  bh->depth = bh->cap = 0;
}

/* Registers for `c` in F: the block left at this depth if it is big enough. */
static bool frame_registers(BhFrame *F, const JcCode *c) {
  size_t n = (size_t)c->nregs[JC_INT] + c->nregs[JC_REF] + c->nregs[JC_FLOAT];
  if (F->cap < n || !F->regs) {
    uint64_t *regs = rt_gc_malloc_roots((n ? n : 1) * sizeof *regs);
    if (!regs) return false;
    rt_gc_free_roots(F->regs);
    F->regs = regs;
    F->cap = n;
  } else {
    memset(F->regs, 0, n * sizeof *F->regs);
  }
  F->ri = (int64_t *)F->regs;
  F->rr = (void **)(F->regs + c->nregs[JC_INT]);
  F->rf = (double *)(F->regs + c->nregs[JC_INT] + c->nregs[JC_REF]);
  return true;
}

/* The jitcode's constants into its top registers. */
static void load_constants(const Bh *bh, BhFrame *F) {
  const JcCode *c = F->code;
  const uint8_t *pool = bh->img->pool;
  uint16_t ni = c->nconsts[JC_INT], nr = c->nconsts[JC_REF], nf = c->nconsts[JC_FLOAT];
  if (ni) memcpy(F->ri + (c->nregs[JC_INT] - ni), pool + c->consts_off[JC_INT], 8u * ni);
  if (nf) memcpy(F->rf + (c->nregs[JC_FLOAT] - nf), pool + c->consts_off[JC_FLOAT], 8u * nf);
  void **rr = F->rr + (c->nregs[JC_REF] - nr);
  for (uint16_t k = 0; k < nr; k++) {
    uint32_t a = jc_u32(pool + c->consts_off[JC_REF] + 4u * k);
    rr[k] = a == JC_NULL_ADDR ? NULL : bh->addrs[a];
  }
}

/* A new top frame for jitcode `code`; NULL with an exception raised. The
 * frames may move: pointers to frames are stale after a push. */
static BhFrame *push_frame(Bh *bh, uint32_t code) {
  if (bh->depth >= bh->max_depth) {
    rt_raise_recursion();
    return NULL;
  }
  if (bh->depth == bh->cap && !grow_frames(bh)) return NULL;
  BhFrame *F = &bh->frames[bh->depth];
  const JcCode *c = &bh->img->codes[code];
  if (!frame_registers(F, c)) return NULL;
  F->code = c;
  F->bytecode = bh->img->bytecode + c->code_off;
  F->pc = F->bytecode;
  F->call = NULL;
  F->exc_type = NULL;
  F->exc_value = NULL;
  load_constants(bh, F);
  bh->depth++;
  return F;
}

bool bh_call(Bh *bh, uint32_t code, const int64_t *ia, void *const *ra, const double *fa) {
  BhFrame *F = push_frame(bh, code);
  if (!F) return false;
  const JcCode *c = F->code;
  if (c->nparams[JC_INT]) memcpy(F->ri, ia, 8u * c->nparams[JC_INT]);
  if (c->nparams[JC_REF]) memcpy(F->rr, ra, sizeof(void *) * c->nparams[JC_REF]);
  if (c->nparams[JC_FLOAT]) memcpy(F->rf, fa, 8u * c->nparams[JC_FLOAT]);
  return true;
}

/* Sets the registers a list at p names from src[0..]; returns the bytes
 * after the list. */
static const uint8_t *set_listed_i(int64_t *regs, const uint8_t *p, const int64_t *src) {
  for (uint8_t n = *p++, k = 0; k < n; k++, p += 2) regs[jc_u16(p)] = src[k];
  return p;
}
static const uint8_t *set_listed_r(void **regs, const uint8_t *p, void *const *src) {
  for (uint8_t n = *p++, k = 0; k < n; k++, p += 2) regs[jc_u16(p)] = src[k];
  return p;
}
static const uint8_t *set_listed_f(double *regs, const uint8_t *p, const double *src) {
  for (uint8_t n = *p++, k = 0; k < n; k++, p += 2) regs[jc_u16(p)] = src[k];
  return p;
}

bool bh_enter_merge_point(Bh *bh, uint32_t driver, const int64_t *ib, void *const *rb,
                          const double *fb) {
  const JcDriver *dr = &bh->img->drivers[driver];
  BhFrame *F = push_frame(bh, dr->portal);
  if (!F) return false;
  const uint8_t *p = F->bytecode + dr->merge_pc + 1 + 4;  /* op, driver descr */
  p = set_listed_i(F->ri, p, ib);
  p = set_listed_r(F->rr, p, rb);
  p = set_listed_f(F->rf, p, fb);
  F->pc = p;
  return true;
}

/* Copies the arguments of the inline_call at `call` (frame with banks ri,
 * rr, rf) into the callee frame G's registers 0.. of each bank. */
static void pass_arguments(BhFrame *G, const uint8_t *call, const int64_t *ri,
                           void *const *rr, const double *rf) {
  const JcCode *c = G->code;
  const uint8_t *p = call + 1 + 4;
  for (uint8_t n = *p++, k = 0; k < n; k++, p += 2)
    if (k < c->nregs[JC_INT]) G->ri[k] = ri[jc_u16(p)];
  for (uint8_t n = *p++, k = 0; k < n; k++, p += 2)
    if (k < c->nregs[JC_REF]) G->rr[k] = rr[jc_u16(p)];
  for (uint8_t n = *p++, k = 0; k < n; k++, p += 2)
    if (k < c->nregs[JC_FLOAT]) G->rf[k] = rf[jc_u16(p)];
}

/* The callee of the top frame's pending inline_call; false with an
 * exception raised (in the caller, at its call). */
static bool push_callee(Bh *bh) {
  BhFrame *C = &bh->frames[bh->depth - 1];
  const uint8_t *call = C->call;
  int64_t *ri = C->ri;
  void **rr = C->rr;
  double *rf = C->rf;
  BhFrame *G = push_frame(bh, jc_u32(call + 1));
  if (!G) return false;
  pass_arguments(G, call, ri, rr, rf);
  return true;
}

/* The returned value into the top frame's pending inline_call's result. */
static void deliver_result(Bh *bh) {
  BhFrame *F = &bh->frames[bh->depth - 1];
  uint16_t dst = jc_u16(F->pc - 2);  /* the result register ends the op */
  switch ((JcOp)*F->call) {
  case JC_inline_call_i: F->ri[dst] = bh->ret.i; break;
  case JC_inline_call_r: F->rr[dst] = bh->ret.r; break;
  case JC_inline_call_f: F->rf[dst] = bh->ret.f; break;
  default: break;
  }
  F->call = NULL;
}

/* ---- exceptions -------------------------------------------------------------------- */

/* The exception just raised by the op before *pc: caught when a
 * catch_exception follows (F remembers it, *pc goes to the handler). */
static bool catch_at(BhFrame *F, const uint8_t **pc) {
  if (**pc != JC_catch_exception) return false;
  F->exc_type = rl_exc_type;
  F->exc_value = rl_exc_value;
  rl_exc_type = NULL;
  rl_exc_value = NULL;
  *pc = F->bytecode + jc_u32(*pc + 1);
  return true;
}

/* Pops frames until one catches the pending exception at its call site;
 * false when none does (the stack is then empty). */
static bool unwind(Bh *bh) {
  while (--bh->depth > 0) {
    BhFrame *F = &bh->frames[bh->depth - 1];
    F->call = NULL;
    if (catch_at(F, &F->pc)) return true;
  }
  return false;
}

/* ---- the dispatch loop ---------------------------------------------------------------- */

/* Operands are decoded in place: pc points at the opcode; registers are
 * u16 operands at fixed offsets. */
#define U16(o) jc_u16(pc + (o))
#define U32(o) jc_u32(pc + (o))
#define RI(o) ri[U16(o)]
#define RR(o) rr[U16(o)]
#define RF(o) rf[U16(o)]
#define DESCR(o) (&img->descrs[U32(o)])

/* "ii>i", "i>i", "ff>f", "ff>i", "f>f" ops in one line each */
#define BIN_II(name, expr) \
  case JC_##name: { int64_t a = RI(1), b = RI(3); RI(5) = (expr); pc += 7; break; }
#define UN_II(name, expr) \
  case JC_##name: { int64_t a = RI(1); RI(3) = (expr); pc += 5; break; }
#define BIN_FF(name, expr) \
  case JC_##name: { double a = RF(1), b = RF(3); RF(5) = (expr); pc += 7; break; }
#define CMP_FF(name, expr) \
  case JC_##name: { double a = RF(1), b = RF(3); RI(5) = (expr); pc += 7; break; }
#define UN_FF(name, expr) \
  case JC_##name: { double a = RF(1); RF(3) = (expr); pc += 5; break; }
/* "ii>i" ops that may raise: fn is a bh_* function (a, b, &out) -> ok */
#define RAISING_II(name, fn)          \
  case JC_##name: {                   \
    int64_t out;                      \
    bool ok = fn(RI(1), RI(3), &out); \
    pc += 7;                          \
    if (!ok) goto raised;             \
    ri[jc_u16(pc - 2)] = out;         \
    break;                            \
  }

/* residual_call_*: the call, then its result. Advances *pcp past the op;
 * false when the callee raised. */
static inline bool residual_call(const Bh *bh, BhFrame *F, const uint8_t **pcp) {
  const JcImage *img = bh->img;
  const uint8_t *pc = *pcp;
  void **rr = F->rr;
  JcOp op = (JcOp)*pc;
  BhValue v = {0, NULL, 0.0};
  size_t lists = bh_residual_call(bh, F, RR(1), DESCR(3), pc + 7, &v);
  const uint8_t *res = pc + 7 + lists;  /* the result register, if any */
  *pcp = res + (op == JC_residual_call_v ? 0 : 2);
  if (rl_exc_type) return false;
  if (op == JC_residual_call_i) F->ri[jc_u16(res)] = v.i;
  else if (op == JC_residual_call_r) rr[jc_u16(res)] = v.r;
  else if (op == JC_residual_call_f) F->rf[jc_u16(res)] = v.f;
  return true;
}

/* The bytes after three register lists (I, R, F) starting at p. */
static inline const uint8_t *skip_lists(const uint8_t *p) {
  for (int b = 0; b < JC_NBANKS; b++) p += 1 + 2 * (size_t)p[0];
  return p;
}

typedef enum BhExit { BH_CALL, BH_RETURN, BH_RAISE } BhExit;

/* Runs F from F->pc until it calls (BH_CALL: F->call is the inline_call,
 * F->pc after it), returns (BH_RETURN: bh->ret set) or lets an exception
 * out (BH_RAISE). One switch, so one indirect jump per op; every case is
 * one op, ops longer than a line call helpers. */
static BhExit run_frame(Bh *bh, BhFrame *F) {
  const JcImage *img = bh->img;
  const uint8_t *pc = F->pc;
  int64_t *ri = F->ri;
  void **rr = F->rr;
  double *rf = F->rf;
  for (;;) {
    switch ((JcOp)*pc) {
    /* moves */
    case JC_int_copy: RI(3) = RI(1); pc += 5; break;
    case JC_ref_copy: RR(3) = RR(1); pc += 5; break;
    case JC_float_copy: RF(3) = RF(1); pc += 5; break;
    /* integers */
    BIN_II(int_add, bh_wrap((uint64_t)a + (uint64_t)b))
    BIN_II(int_sub, bh_wrap((uint64_t)a - (uint64_t)b))
    BIN_II(int_mul, bh_wrap((uint64_t)a * (uint64_t)b))
    RAISING_II(int_floordiv, bh_int_floordiv)
    RAISING_II(int_mod, bh_int_mod)
    BIN_II(int_and, a & b)
    BIN_II(int_or, a | b)
    BIN_II(int_xor, a ^ b)
    BIN_II(int_lshift, bh_int_lshift(a, b))
    BIN_II(int_rshift, bh_int_rshift(a, b))
    UN_II(int_neg, bh_wrap(0 - (uint64_t)a))
    UN_II(int_abs, bh_int_abs(a))
    UN_II(int_invert, ~a)
    UN_II(int_is_true, a != 0)
    UN_II(int_is_zero, a == 0)
    BIN_II(int_lt, a < b)
    BIN_II(int_le, a <= b)
    BIN_II(int_eq, a == b)
    BIN_II(int_ne, a != b)
    BIN_II(int_gt, a > b)
    BIN_II(int_ge, a >= b)
    case JC_int_between: RI(7) = RI(1) <= RI(3) && RI(3) < RI(5); pc += 9; break;
    RAISING_II(int_add_ovf, bh_int_add_ovf)
    RAISING_II(int_sub_ovf, bh_int_sub_ovf)
    RAISING_II(int_mul_ovf, bh_int_mul_ovf)
    case JC_int_neg_ovf: {
      int64_t out;
      bool ok = bh_int_sub_ovf(0, RI(1), &out);
      pc += 5;
      if (!ok) goto raised;
      ri[jc_u16(pc - 2)] = out;
      break;
    }
    RAISING_II(uint_floordiv, bh_uint_floordiv)
    RAISING_II(uint_mod, bh_uint_mod)
    BIN_II(uint_rshift, bh_uint_rshift(a, b))
    BIN_II(uint_lt, (uint64_t)a < (uint64_t)b)
    BIN_II(uint_le, (uint64_t)a <= (uint64_t)b)
    BIN_II(uint_gt, (uint64_t)a > (uint64_t)b)
    BIN_II(uint_ge, (uint64_t)a >= (uint64_t)b)
    /* floats, casts, pointers */
    BIN_FF(float_add, a + b)
    BIN_FF(float_sub, a - b)
    BIN_FF(float_mul, a * b)
    BIN_FF(float_truediv, a / b)
    BIN_FF(float_floordiv, rt_float_floordiv(a, b))
    BIN_FF(float_mod, rt_float_mod(a, b))
    UN_FF(float_neg, -a)
    UN_FF(float_abs, fabs(a))
    case JC_float_is_true: RI(3) = RF(1) != 0.0; pc += 5; break;
    CMP_FF(float_lt, a < b)
    CMP_FF(float_le, a <= b)
    CMP_FF(float_eq, a == b)
    CMP_FF(float_ne, a != b)
    CMP_FF(float_gt, a > b)
    CMP_FF(float_ge, a >= b)
    case JC_cast_int_to_float: RF(3) = (double)RI(1); pc += 5; break;
    case JC_cast_float_to_int: RI(3) = bh_float_to_int(RF(1)); pc += 5; break;
    case JC_cast_uint_to_float: RF(3) = (double)(uint64_t)RI(1); pc += 5; break;
    case JC_ptr_eq: RI(5) = RR(1) == RR(3); pc += 7; break;
    case JC_ptr_ne: RI(5) = RR(1) != RR(3); pc += 7; break;
    case JC_ptr_iszero: RI(3) = RR(1) == NULL; pc += 5; break;
    case JC_ptr_nonzero: RI(3) = RR(1) != NULL; pc += 5; break;
    /* memory */
    case JC_getfield_i: RI(7) = bh_load_int((char *)RR(1) + DESCR(3)->a, DESCR(3)); pc += 9; break;
    case JC_getfield_r: RR(7) = bh_load_ref((char *)RR(1) + DESCR(3)->a); pc += 9; break;
    case JC_getfield_f: RF(7) = bh_load_float((char *)RR(1) + DESCR(3)->a); pc += 9; break;
    case JC_setfield_i: bh_store_int((char *)RR(1) + DESCR(5)->a, DESCR(5), RI(3)); pc += 9; break;
    case JC_setfield_r: bh_store_ref_wb(RR(1), (char *)RR(1) + DESCR(5)->a, DESCR(5), RR(3)); pc += 9; break;
    case JC_setfield_f: bh_store_float((char *)RR(1) + DESCR(5)->a, RF(3)); pc += 9; break;
    case JC_getarrayitem_i: RI(9) = bh_load_int(bh_item(RR(1), DESCR(5), RI(3)), DESCR(5)); pc += 11; break;
    case JC_getarrayitem_r: RR(9) = bh_load_ref(bh_item(RR(1), DESCR(5), RI(3))); pc += 11; break;
    case JC_getarrayitem_f: RF(9) = bh_load_float(bh_item(RR(1), DESCR(5), RI(3))); pc += 11; break;
    case JC_setarrayitem_i: bh_store_int(bh_item(RR(1), DESCR(7), RI(3)), DESCR(7), RI(5)); pc += 11; break;
    case JC_setarrayitem_r: bh_store_ref_wb(RR(1), bh_item(RR(1), DESCR(7), RI(3)), DESCR(7), RR(5)); pc += 11; break;
    case JC_setarrayitem_f: bh_store_float(bh_item(RR(1), DESCR(7), RI(3)), RF(5)); pc += 11; break;
    case JC_arraylen: RI(7) = bh_arraylen(RR(1), DESCR(3)); pc += 9; break;
    case JC_new: {
      void *p = bh_new(DESCR(1), bh->addrs);
      pc += 7;
      if (!p) goto raised;
      rr[jc_u16(pc - 2)] = p;
      break;
    }
    case JC_new_array: {
      void *p = bh_new_array(DESCR(3), RI(1));
      pc += 9;
      if (!p) goto raised;
      rr[jc_u16(pc - 2)] = p;
      break;
    }
    case JC_write_barrier: pc += 3; break;  /* the stores take it (bh_store_ref_wb) */
    case JC_identityhash: RI(3) = rt_gc_identityhash(RR(1)); pc += 5; break;
    /* calls */
    case JC_inline_call_v: case JC_inline_call_i: case JC_inline_call_r:
    case JC_inline_call_f:
      F->call = pc;
      F->pc = skip_lists(pc + 5) + (*pc == JC_inline_call_v ? 0 : 2);
      return BH_CALL;
    case JC_residual_call_v: case JC_residual_call_i: case JC_residual_call_r:
    case JC_residual_call_f:
      if (!residual_call(bh, F, &pc)) goto raised;
      break;
    /* control and exceptions */
    case JC_goto: pc = F->bytecode + U32(1); break;
    case JC_goto_if_not: pc = RI(1) ? pc + 7 : F->bytecode + U32(3); break;
    case JC_switch: pc = F->bytecode + bh_switch_target(img, DESCR(3), RI(1)); break;
    case JC_int_return: bh->ret.i = RI(1); return BH_RETURN;
    case JC_ref_return: bh->ret.r = RR(1); return BH_RETURN;
    case JC_float_return: bh->ret.f = RF(1); return BH_RETURN;
    case JC_void_return: return BH_RETURN;
    case JC_raise:
      rl_exc_type = RR(1);
      rl_exc_value = RR(3);
      return BH_RAISE;
    case JC_catch_exception: pc += 5; break;  /* nothing was raised */
    case JC_goto_if_exception_mismatch:
      pc = bh_exc_matches(F->exc_type, DESCR(1)) ? pc + 9 : F->bytecode + U32(5);
      break;
    case JC_reraise:
      rl_exc_type = F->exc_type;
      rl_exc_value = F->exc_value;
      return BH_RAISE;
    case JC_last_exc_type: RR(1) = (void *)F->exc_type; pc += 3; break;
    case JC_last_exc_value: RR(1) = F->exc_value; pc += 3; break;
    case JC_live: pc += 5; break;
    /* JIT hints: nothing to do outside traces */
    case JC_jit_merge_point: case JC_can_enter_jit: pc = skip_lists(pc + 5); break;
    case JC_int_guard_value: case JC_ref_guard_value: case JC_float_guard_value: pc += 3; break;
    case JC_int_isconstant: case JC_ref_isconstant: case JC_float_isconstant:
    case JC_ref_isvirtual:
      RI(3) = 0;
      pc += 5;
      break;
    case JC__COUNT: default: rt_debug_assert_fail("blackhole: not a jitcode op");
    }
    continue;
  raised:
    if (!catch_at(F, &pc)) return BH_RAISE;
  }
}

/* ---- the run -------------------------------------------------------------------------- */

int32_t bh_run(Bh *bh, BhValue *result) {
  while (bh->depth) {
    switch (run_frame(bh, &bh->frames[bh->depth - 1])) {
    case BH_CALL:
      if (!push_callee(bh)) {
        BhFrame *C = &bh->frames[bh->depth - 1];
        C->call = NULL;
        if (!catch_at(C, &C->pc) && !unwind(bh)) return RL_JIT_RAISE;
      }
      break;
    case BH_RETURN:
      if (--bh->depth == 0) {
        *result = bh->ret;
        return RL_JIT_DONE;
      }
      deliver_result(bh);
      break;
    case BH_RAISE:
      if (!unwind(bh)) return RL_JIT_RAISE;
      break;
    }
  }
  return RL_JIT_DONE;
}
