/* jit_llvm_ops.c — one trace op as LLVM IR: integer, float and pointer
 * arithmetic and comparisons, overflow-checked ops, casts, guards, heap
 * and string accesses, allocations, calls. Values: Signed as i64,
 * references as ptr, floats as double; a comparison also keeps its i1 so a
 * guard on it branches directly. Contract: jit_llvm.h. */
#include <string.h>

#include "jit_llvm_impl.h"

#define A(k) jir_arg(E->T, I, (k))

static LLVMValueRef i64c(JitEmit *E, int64_t v) {
  return E->L->LLVMConstInt(E->t_i64, (unsigned long long)v, 1);
}

static void set_bool(JitEmit *E, uint32_t i, LLVMValueRef c) {
  E->cond[i] = c;  /* the i64 is made on first use (ins_val) */
}

/* ---- integers ------------------------------------------------------------------- */
/* a // b and a % b with floor semantics; b != 0; MIN // -1 == MIN. */
static LLVMValueRef floordiv(JitEmit *E, LLVMValueRef a, LLVMValueRef b, bool mod) {
  const JitLlvmApi *L = E->L;
  LLVMBuilderRef B = E->B;
  bool kb = L->LLVMIsAConstantInt(b);
  bool minus1 = kb && L->LLVMConstIntGetSExtValue(b) == -1;
  if (minus1) return mod ? i64c(E, 0) : L->LLVMBuildSub(B, i64c(E, 0), a, "");
  LLVMValueRef is_m1 = kb ? NULL : L->LLVMBuildICmp(B, LLVMIntEQ, b, i64c(E, -1), "");
  LLVMValueRef bb = kb ? b : L->LLVMBuildSelect(B, is_m1, i64c(E, 1), b, "");
  LLVMValueRef q = L->LLVMBuildSDiv(B, a, bb, ""), r = L->LLVMBuildSRem(B, a, bb, "");
  /* adjust when r != 0 and sign(r) != sign(b) */
  LLVMValueRef rnz = L->LLVMBuildICmp(B, LLVMIntNE, r, i64c(E, 0), "");
  LLVMValueRef sx = L->LLVMBuildXor(B, r, b, "");
  LLVMValueRef neg = L->LLVMBuildICmp(B, LLVMIntSLT, sx, i64c(E, 0), "");
  LLVMValueRef adj = L->LLVMBuildAnd(B, rnz, neg, "");
  if (mod) return L->LLVMBuildSelect(B, adj, L->LLVMBuildAdd(B, r, b, ""), r, "");
  q = L->LLVMBuildSub(B, q, L->LLVMBuildZExt(B, adj, E->t_i64, ""), "");
  if (kb) return q;
  return L->LLVMBuildSelect(B, is_m1, L->LLVMBuildSub(B, i64c(E, 0), a, ""), q, "");
}

/* Counts are 0..63 in traces; masked anyway (as x86 does), so that no
 * shift is poison when a later tier runs IR passes. */
static LLVMValueRef shift_count(JitEmit *E, LLVMValueRef b) {
  if (E->L->LLVMIsAConstantInt(b)) return i64c(E, E->L->LLVMConstIntGetSExtValue(b) & 63);
  return E->L->LLVMBuildAnd(E->B, b, i64c(E, 63), "");
}

static LLVMValueRef int_binop(JitEmit *E, unsigned op, LLVMValueRef a, LLVMValueRef b) {
  const JitLlvmApi *L = E->L;
  LLVMBuilderRef B = E->B;
  switch (op) {
  case JIR_int_add: return L->LLVMBuildAdd(B, a, b, "");
  case JIR_int_sub: return L->LLVMBuildSub(B, a, b, "");
  case JIR_int_mul: return L->LLVMBuildMul(B, a, b, "");
  case JIR_int_floordiv: return floordiv(E, a, b, false);
  case JIR_int_mod: return floordiv(E, a, b, true);
  case JIR_int_and: return L->LLVMBuildAnd(B, a, b, "");
  case JIR_int_or: return L->LLVMBuildOr(B, a, b, "");
  case JIR_int_xor: return L->LLVMBuildXor(B, a, b, "");
  case JIR_int_lshift: return L->LLVMBuildShl(B, a, shift_count(E, b), "");
  case JIR_int_rshift: return L->LLVMBuildAShr(B, a, shift_count(E, b), "");
  case JIR_uint_rshift: return L->LLVMBuildLShr(B, a, shift_count(E, b), "");
  case JIR_uint_floordiv: return L->LLVMBuildUDiv(B, a, b, "");
  case JIR_uint_mod: return L->LLVMBuildURem(B, a, b, "");
  default: return NULL;
  }
}

static LLVMValueRef int_unop(JitEmit *E, unsigned op, LLVMValueRef a) {
  const JitLlvmApi *L = E->L;
  LLVMBuilderRef B = E->B;
  LLVMValueRef zero = i64c(E, 0);
  switch (op) {
  case JIR_int_neg: return L->LLVMBuildSub(B, zero, a, "");
  case JIR_int_invert: return L->LLVMBuildXor(B, a, i64c(E, -1), "");
  case JIR_int_abs:
    return L->LLVMBuildSelect(B, L->LLVMBuildICmp(B, LLVMIntSLT, a, zero, ""),
                              L->LLVMBuildSub(B, zero, a, ""), a, "");
  case JIR_int_force_ge_zero:
    return L->LLVMBuildSelect(B, L->LLVMBuildICmp(B, LLVMIntSLT, a, zero, ""), zero, a, "");
  default: return NULL;
  }
}

static const LLVMIntPredicate icmp_preds[12] = {
  LLVMIntSLT, LLVMIntSLE, LLVMIntEQ, LLVMIntNE, LLVMIntSGT, LLVMIntSGE,
  LLVMIntULT, LLVMIntULE, LLVMIntEQ, LLVMIntNE, LLVMIntUGT, LLVMIntUGE};
static const LLVMRealPredicate fcmp_preds[6] = {
  LLVMRealOLT, LLVMRealOLE, LLVMRealOEQ, LLVMRealUNE, LLVMRealOGT, LLVMRealOGE};

static void emit_cmp(JitEmit *E, uint32_t i, const JIns *I) {
  const JitLlvmApi *L = E->L;
  unsigned op = I->op;
  LLVMValueRef c;
  if (jir_is_intcmp(op))
    c = L->LLVMBuildICmp(E->B, icmp_preds[op - JIR_int_lt], jitl_int(E, A(0)), jitl_int(E, A(1)), "");
  else if (op >= JIR_float_lt && op <= JIR_float_ge)
    c = L->LLVMBuildFCmp(E->B, fcmp_preds[op - JIR_float_lt], jitl_float(E, A(0)),
                         jitl_float(E, A(1)), "");
  else if (op == JIR_int_is_true || op == JIR_int_is_zero)
    c = L->LLVMBuildICmp(E->B, op == JIR_int_is_true ? LLVMIntNE : LLVMIntEQ,
                         jitl_int(E, A(0)), i64c(E, 0), "");
  else  /* ptr_eq ptr_ne instance_ptr_eq instance_ptr_ne */
    c = L->LLVMBuildICmp(E->B, (op - JIR_ptr_eq) % 2 ? LLVMIntNE : LLVMIntEQ,
                         jitl_ptr(E, A(0)), jitl_ptr(E, A(1)), "");
  set_bool(E, i, c);
}

static void ensure_ovf(JitEmit *E, unsigned k) {
  static const char *const names[3] = {"llvm.sadd.with.overflow",
                                       "llvm.ssub.with.overflow",
                                       "llvm.smul.with.overflow"};
  if (E->ovf_fn[k]) return;
  const JitLlvmApi *L = E->L;
  unsigned id = L->LLVMLookupIntrinsicID(names[k], strlen(names[k]));
  E->ovf_fn[k] = L->LLVMGetIntrinsicDeclaration(E->M, id, &E->t_i64, 1);
  E->ovf_ty[k] = L->LLVMIntrinsicGetType(E->C, id, &E->t_i64, 1);
}

static void emit_ovf(JitEmit *E, uint32_t i, const JIns *I) {
  const JitLlvmApi *L = E->L;
  unsigned k = I->op - JIR_int_add_ovf;
  ensure_ovf(E, k);
  LLVMValueRef args[2] = {jitl_int(E, A(0)), jitl_int(E, A(1))};
  LLVMValueRef s = L->LLVMBuildCall2(E->B, E->ovf_ty[k], E->ovf_fn[k], args, 2, "");
  E->val[i] = L->LLVMBuildExtractValue(E->B, s, 0, "");
  E->ovf = L->LLVMBuildExtractValue(E->B, s, 1, "");
}

/* ---- floats -------------------------------------------------------------------------- */
static bool emit_float(JitEmit *E, uint32_t i, const JIns *I) {
  const JitLlvmApi *L = E->L;
  LLVMBuilderRef B = E->B;
  LLVMValueRef r;
  switch (I->op) {
  case JIR_float_add: r = L->LLVMBuildFAdd(B, jitl_float(E, A(0)), jitl_float(E, A(1)), ""); break;
  case JIR_float_sub: r = L->LLVMBuildFSub(B, jitl_float(E, A(0)), jitl_float(E, A(1)), ""); break;
  case JIR_float_mul: r = L->LLVMBuildFMul(B, jitl_float(E, A(0)), jitl_float(E, A(1)), ""); break;
  case JIR_float_truediv: r = L->LLVMBuildFDiv(B, jitl_float(E, A(0)), jitl_float(E, A(1)), ""); break;
  case JIR_float_neg: r = L->LLVMBuildFNeg(B, jitl_float(E, A(0)), ""); break;
  case JIR_float_abs: {  /* clear the sign bit */
    LLVMValueRef bits = L->LLVMBuildBitCast(B, jitl_float(E, A(0)), E->t_i64, "");
    bits = L->LLVMBuildAnd(B, bits, i64c(E, INT64_MAX), "");
    r = L->LLVMBuildBitCast(B, bits, E->t_f64, "");
    break;
  }
  case JIR_cast_float_to_int: r = L->LLVMBuildFPToSI(B, jitl_float(E, A(0)), E->t_i64, ""); break;
  case JIR_cast_int_to_float: r = L->LLVMBuildSIToFP(B, jitl_int(E, A(0)), E->t_f64, ""); break;
  default: return false;
  }
  E->val[i] = r;
  return true;
}

/* ---- guards ------------------------------------------------------------------------------ */
/* guard_true / guard_false: branch on a comparison's i1 when there is one */
static void guard_truth(JitEmit *E, const JIns *I, bool want_true) {
  JRef r = A(0);
  LLVMValueRef c = jir_isk(r) ? NULL : E->cond[jir_idx(r)];
  if (!c) c = E->L->LLVMBuildICmp(E->B, LLVMIntNE, jitl_int(E, r), i64c(E, 0), "");
  if (want_true) jitl_guard_exit_unless(E, I, c);
  else jitl_guard_exit(E, I, c);
}

static LLVMValueRef load_vtable(JitEmit *E, LLVMValueRef obj) {
  LLVMValueRef idx = i64c(E, E->cfg->vtable_ofs);
  LLVMValueRef p = E->L->LLVMBuildGEP2(E->B, E->t_i8, obj, &idx, 1, "");
  return E->L->LLVMBuildLoad2(E->B, E->t_i64, p, "");
}

static void guard_class(JitEmit *E, const JIns *I, bool null_check) {
  const JitLlvmApi *L = E->L;
  LLVMValueRef obj = jitl_ptr(E, A(0));
  if (null_check)
    jitl_guard_exit(E, I, L->LLVMBuildIsNull(E->B, obj, ""));
  LLVMValueRef vt = load_vtable(E, obj);
  jitl_guard_exit(E, I, L->LLVMBuildICmp(E->B, LLVMIntNE, vt, jitl_int(E, A(1)), ""));
}

static bool need_exc(JitEmit *E) {
  if (E->cfg->exc_type && E->cfg->exc_value) return true;
  jitl_fail(E, "exception guards need the exception state (JitCodegenConfig.exc_type)");
  return false;
}

static LLVMValueRef addr_const(JitEmit *E, const void *p) {
  return E->L->LLVMConstIntToPtr(i64c(E, (int64_t)(uintptr_t)p), E->t_ptr);
}

static void guard_exception(JitEmit *E, uint32_t i, const JIns *I) {
  const JitLlvmApi *L = E->L;
  if (!need_exc(E)) return;
  LLVMValueRef tp = addr_const(E, E->cfg->exc_type), vp = addr_const(E, E->cfg->exc_value);
  LLVMValueRef t = L->LLVMBuildLoad2(E->B, E->t_i64, tp, "");
  if (I->op == JIR_guard_no_exception) {
    jitl_guard_exit(E, I, L->LLVMBuildICmp(E->B, LLVMIntNE, t, i64c(E, 0), ""));
    return;
  }
  jitl_guard_exit(E, I, L->LLVMBuildICmp(E->B, LLVMIntNE, t, jitl_int(E, A(0)), ""));
  E->val[i] = L->LLVMBuildLoad2(E->B, E->t_ptr, vp, "");
  LLVMValueRef null = L->LLVMConstPointerNull(E->t_ptr);
  L->LLVMBuildStore(E->B, null, tp);
  L->LLVMBuildStore(E->B, null, vp);
}

static LLVMValueRef value_mismatch(JitEmit *E, const JIns *I) {
  const JitLlvmApi *L = E->L;
  if (jir_kind(E->T, A(0)) == JK_FLOAT)
    return L->LLVMBuildFCmp(E->B, LLVMRealUNE, jitl_float(E, A(0)), jitl_float(E, A(1)), "");
  return L->LLVMBuildICmp(E->B, LLVMIntNE, jitl_int(E, A(0)), jitl_int(E, A(1)), "");
}

static bool emit_guard(JitEmit *E, uint32_t i, const JIns *I) {
  const JitLlvmApi *L = E->L;
  switch (I->op) {
  case JIR_guard_true: guard_truth(E, I, true); break;
  case JIR_guard_false: guard_truth(E, I, false); break;
  case JIR_guard_value: jitl_guard_exit(E, I, value_mismatch(E, I)); break;
  case JIR_guard_nonnull: jitl_guard_exit(E, I, L->LLVMBuildIsNull(E->B, jitl_ptr(E, A(0)), "")); break;
  case JIR_guard_isnull: jitl_guard_exit(E, I, L->LLVMBuildIsNotNull(E->B, jitl_ptr(E, A(0)), "")); break;
  case JIR_guard_class: guard_class(E, I, false); break;
  case JIR_guard_nonnull_class: guard_class(E, I, true); break;
  case JIR_guard_no_exception: case JIR_guard_exception: guard_exception(E, i, I); break;
  case JIR_guard_no_overflow: case JIR_guard_overflow:
    if (!E->ovf) { jitl_fail(E, "%s without an *_ovf op before it", jir_info[I->op].name); break; }
    if (I->op == JIR_guard_no_overflow) jitl_guard_exit(E, I, E->ovf);
    else jitl_guard_exit_unless(E, I, E->ovf);
    break;
  case JIR_guard_not_invalidated: {  /* jitl_invalidate sets the flag */
    LLVMValueRef f = L->LLVMBuildLoad2(E->B, E->t_i64, addr_const(E, (const void *)E->invalid), "");
    L->LLVMSetVolatile(f, 1);
    jitl_guard_exit(E, I, L->LLVMBuildICmp(E->B, LLVMIntNE, f, i64c(E, 0), ""));
    break;
  }
  case JIR_guard_not_forced:
    jitl_guard_number(E, I);  /* never fails (yet) */
    break;
  default: return false;
  }
  return true;
}

/* ---- memory ----------------------------------------------------------------------------- */
static LLVMValueRef byte_addr(JitEmit *E, LLVMValueRef base, LLVMValueRef ofs) {
  return E->L->LLVMBuildGEP2(E->B, E->t_i8, base, &ofs, 1, "");
}

/* base + ofs + index * scale */
static LLVMValueRef item_addr(JitEmit *E, JRef base, JRef index, uint32_t scale, uint32_t ofs) {
  const JitLlvmApi *L = E->L;
  LLVMValueRef p = byte_addr(E, jitl_ptr(E, base), i64c(E, ofs));
  if (index == JREF_NONE) return p;
  LLVMValueRef x = L->LLVMBuildMul(E->B, jitl_int(E, index), i64c(E, scale), "");
  return byte_addr(E, p, x);
}

static LLVMTypeRef int_type(JitEmit *E, uint32_t size) {
  return size == 1 ? E->t_i8 : size == 2 ? E->t_i16 : size == 4 ? E->t_i32 : E->t_i64;
}

static LLVMValueRef load_kind(JitEmit *E, LLVMValueRef p, char kind, uint32_t size,
                              bool is_signed) {
  const JitLlvmApi *L = E->L;
  if (kind == JK_REF) return L->LLVMBuildLoad2(E->B, E->t_ptr, p, "");
  if (kind == JK_FLOAT) {
    if (size == 4) return L->LLVMBuildFPExt(E->B, L->LLVMBuildLoad2(E->B, E->t_f32, p, ""), E->t_f64, "");
    return L->LLVMBuildLoad2(E->B, E->t_f64, p, "");
  }
  LLVMTypeRef t = int_type(E, size);
  LLVMValueRef v = L->LLVMBuildLoad2(E->B, t, p, "");
  if (t == E->t_i64) return v;
  return is_signed ? L->LLVMBuildSExt(E->B, v, E->t_i64, "") : L->LLVMBuildZExt(E->B, v, E->t_i64, "");
}

static void store_kind(JitEmit *E, LLVMValueRef p, JRef x, char kind, uint32_t size) {
  const JitLlvmApi *L = E->L;
  LLVMValueRef v;
  if (kind == JK_REF) v = jitl_ptr(E, x);
  else if (kind == JK_FLOAT) {
    v = jitl_float(E, x);
    if (size == 4) v = L->LLVMBuildFPTrunc(E->B, v, E->t_f32, "");
  } else {
    v = jitl_int(E, x);
    if (int_type(E, size) != E->t_i64) v = L->LLVMBuildTrunc(E->B, v, int_type(E, size), "");
  }
  L->LLVMBuildStore(E->B, v, p);
}

static LLVMValueRef call_addr(JitEmit *E, const void *fn, LLVMTypeRef ret,
                              LLVMTypeRef *params, LLVMValueRef *args, unsigned n);

/* The write barrier before a store of x into obj through descr d, when it
 * needs one (jit_backend.h): a volatile load of the header (the runtime
 * sets the flag behind the code's back), its flag tested, and a call of
 * cfg->write_barrier(obj) in a block of its own. */
static void write_barrier(JitEmit *E, const JDescr *d, JRef obj, JRef x) {
  const JitLlvmApi *L = E->L;
  if (!jit_store_needs_wb(E->cfg, &E->fresh, d, obj, x)) return;
  LLVMValueRef o = jitl_ptr(E, obj);
  LLVMValueRef h = L->LLVMBuildLoad2(E->B, E->t_i64, o, "gc.hdr");
  L->LLVMSetVolatile(h, 1);
  LLVMValueRef bit = L->LLVMConstInt(E->t_i64, E->cfg->wb_flag, 0);
  LLVMValueRef set = L->LLVMBuildICmp(E->B, LLVMIntNE, L->LLVMBuildAnd(E->B, h, bit, ""),
                                      i64c(E, 0), "");
  LLVMBasicBlockRef slow = L->LLVMAppendBasicBlockInContext(E->C, E->fn, "gc.wb");
  LLVMBasicBlockRef cont = L->LLVMAppendBasicBlockInContext(E->C, E->fn, "");
  L->LLVMBuildCondBr(E->B, set, slow, cont);
  L->LLVMPositionBuilderAtEnd(E->B, slow);
  call_addr(E, (const void *)E->cfg->write_barrier, E->t_void, &E->t_ptr, &o, 1);
  L->LLVMBuildBr(E->B, cont);
  L->LLVMPositionBuilderAtEnd(E->B, cont);
}

static bool emit_heap(JitEmit *E, uint32_t i, const JIns *I) {
  const JDescr *d = I->descr ? jir_descr(E->T->env, I->descr) : NULL;
  bool sg = d && (d->flags & JDF_SIGNED);
  const JitCodegenConfig *cfg = E->cfg;
  switch (I->op) {
  case JIR_getfield_gc_i: case JIR_getfield_gc_r: case JIR_getfield_gc_f:
    E->val[i] = load_kind(E, item_addr(E, A(0), JREF_NONE, 0, d->offset), d->kind, d->size, sg);
    break;
  case JIR_setfield_gc:
    write_barrier(E, d, A(0), A(1));
    store_kind(E, item_addr(E, A(0), JREF_NONE, 0, d->offset), A(1), d->kind, d->size);
    break;
  case JIR_getarrayitem_gc_i: case JIR_getarrayitem_gc_r: case JIR_getarrayitem_gc_f:
    E->val[i] = load_kind(E, item_addr(E, A(0), A(1), d->size, d->offset), d->kind, d->size, sg);
    break;
  case JIR_setarrayitem_gc:
    write_barrier(E, d, A(0), A(2));
    store_kind(E, item_addr(E, A(0), A(1), d->size, d->offset), A(2), d->kind, d->size);
    break;
  case JIR_arraylen_gc:
    E->val[i] = load_kind(E, item_addr(E, A(0), JREF_NONE, 0, d->lenofs), JK_INT, 8, true);
    break;
  case JIR_getinteriorfield_gc_i: case JIR_getinteriorfield_gc_r: case JIR_getinteriorfield_gc_f:
    E->val[i] = load_kind(E, item_addr(E, A(0), A(1), d->lenofs, d->offset), d->kind, d->size, sg);
    break;
  case JIR_setinteriorfield_gc:
    write_barrier(E, d, A(0), A(2));
    store_kind(E, item_addr(E, A(0), A(1), d->lenofs, d->offset), A(2), d->kind, d->size);
    break;
  case JIR_strlen:
    E->val[i] = load_kind(E, item_addr(E, A(0), JREF_NONE, 0, cfg->str_len_ofs), JK_INT, 8, true);
    break;
  case JIR_strgetitem:
    E->val[i] = load_kind(E, item_addr(E, A(0), A(1), 1, cfg->str_chars_ofs), JK_INT, 1, false);
    break;
  case JIR_strsetitem:
    store_kind(E, item_addr(E, A(0), A(1), 1, cfg->str_chars_ofs), A(2), JK_INT, 1);
    break;
  default: return false;
  }
  return true;
}

/* ---- calls and allocations -------------------------------------------------------------- */
static LLVMTypeRef kind_type(JitEmit *E, char kind) {
  return kind == JK_REF ? E->t_ptr : kind == JK_FLOAT ? E->t_f64 : kind == JK_INT ? E->t_i64 : E->t_void;
}

static LLVMValueRef call_addr(JitEmit *E, const void *fn, LLVMTypeRef ret,
                              LLVMTypeRef *params, LLVMValueRef *args, unsigned n) {
  const JitLlvmApi *L = E->L;
  LLVMTypeRef fty = L->LLVMFunctionType(ret, params, n, 0);
  return L->LLVMBuildCall2(E->B, fty, addr_const(E, fn), args, n, "");
}

/* The allocator's call for new / new_array(_clear) I. */
static LLVMValueRef alloc_call(JitEmit *E, const JIns *I, bool array) {
  LLVMValueRef dk = E->L->LLVMConstInt(E->t_i32, I->descr, 0);
  LLVMTypeRef pt[2] = {E->t_i32, E->t_i64};
  if (!array) return call_addr(E, (const void *)E->cfg->new_struct, E->t_ptr, pt, &dk, 1);
  LLVMValueRef args[2] = {dk, jitl_int(E, A(0))};
  return call_addr(E, (const void *)E->cfg->new_array, E->t_ptr, pt, args, 2);
}

static void store_word(JitEmit *E, LLVMValueRef p, int32_t ofs, int64_t v) {
  E->L->LLVMBuildStore(E->B, i64c(E, v), byte_addr(E, p, i64c(E, ofs)));
}

/* An allocation the config's alloc_inline gives a nursery for (n: a
 * constant array length, or -1): free + size <= top bumps free and writes
 * the header (length, vtable) there; else the allocator's call, which
 * writes them itself. NULL when there is no such nursery. */
static LLVMValueRef alloc_bump(JitEmit *E, const JIns *I, bool array) {
  const JitLlvmApi *L = E->L;
  int64_t n = -1;
  if (array && (!jir_isk(A(0)) || (n = jir_k(E->T, A(0))->bits) < 0)) return NULL;
  JitAllocInline a;
  if (!E->cfg->alloc_inline || !E->cfg->alloc_inline(I->descr, n, &a) || !a.nursery) return NULL;
  LLVMValueRef nur = addr_const(E, a.nursery), topp = byte_addr(E, nur, i64c(E, 8));
  LLVMValueRef p = L->LLVMBuildLoad2(E->B, E->t_ptr, nur, "");
  LLVMValueRef end = byte_addr(E, p, i64c(E, a.size));
  LLVMValueRef fits = L->LLVMBuildICmp(E->B, LLVMIntULE, end,
                                       L->LLVMBuildLoad2(E->B, E->t_ptr, topp, ""), "");
  LLVMBasicBlockRef bump = L->LLVMAppendBasicBlockInContext(E->C, E->fn, "gc.bump");
  LLVMBasicBlockRef full = L->LLVMAppendBasicBlockInContext(E->C, E->fn, "gc.full");
  LLVMBasicBlockRef done = L->LLVMAppendBasicBlockInContext(E->C, E->fn, "");
  L->LLVMBuildCondBr(E->B, fits, bump, full);
  L->LLVMPositionBuilderAtEnd(E->B, bump);
  L->LLVMBuildStore(E->B, end, nur);
  store_word(E, p, 0, (int64_t)a.hdr);
  if (a.len_ofs >= 0) store_word(E, p, a.len_ofs, n);
  if (a.ref_ofs >= 0) store_word(E, p, a.ref_ofs, (int64_t)(uintptr_t)a.ref);
  L->LLVMBuildBr(E->B, done);
  L->LLVMPositionBuilderAtEnd(E->B, full);
  LLVMValueRef q = alloc_call(E, I, array);
  L->LLVMBuildBr(E->B, done);
  L->LLVMPositionBuilderAtEnd(E->B, done);
  LLVMValueRef phi = L->LLVMBuildPhi(E->B, E->t_ptr, "");
  LLVMValueRef vals[2] = {p, q};
  LLVMBasicBlockRef from[2] = {bump, full};
  L->LLVMAddIncoming(phi, vals, from, 2);
  return phi;
}

static void emit_alloc(JitEmit *E, uint32_t i, const JIns *I) {
  const JitLlvmApi *L = E->L;
  const JitCodegenConfig *cfg = E->cfg;
  LLVMTypeRef pt[2] = {E->t_i32, E->t_i64};
  if (I->op == JIR_newstr) {
    if (!cfg->new_str) { jitl_fail(E, "newstr needs JitCodegenConfig.new_str"); return; }
    LLVMValueRef n = jitl_int(E, A(0));
    E->val[i] = call_addr(E, (const void *)cfg->new_str, E->t_ptr, &pt[1], &n, 1);
  } else if (I->op == JIR_new_array || I->op == JIR_new_array_clear) {
    if (!cfg->new_array) { jitl_fail(E, "new_array needs JitCodegenConfig.new_array"); return; }
    E->val[i] = alloc_bump(E, I, true);
    if (!E->val[i]) E->val[i] = alloc_call(E, I, true);
  } else {
    if (!cfg->new_struct) { jitl_fail(E, "new needs JitCodegenConfig.new_struct"); return; }
    E->val[i] = alloc_bump(E, I, false);
    if (!E->val[i]) E->val[i] = alloc_call(E, I, false);
    if (I->op == JIR_new_with_vtable) {
      const JDescr *d = jir_descr(E->T->env, I->descr);
      LLVMValueRef p = byte_addr(E, E->val[i], i64c(E, cfg->vtable_ofs));
      L->LLVMBuildStore(E->B, i64c(E, d->vtable), p);
    }
  }
}

static void emit_call(JitEmit *E, uint32_t i, const JIns *I) {
  const JitLlvmApi *L = E->L;
  const JDescr *d = jir_descr(E->T->env, I->descr);
  if (d->dkind != JD_CALL || I->nargs != d->nargs + 1u) {
    jitl_fail(E, "%s: %u arguments, the call descr says %u", jir_info[I->op].name,
              I->nargs - 1, d->nargs);
    return;
  }
  LLVMTypeRef pt[JIR_MAXCALLARGS];
  LLVMValueRef args[JIR_MAXCALLARGS];
  for (unsigned k = 0; k < d->nargs; k++) {
    pt[k] = kind_type(E, d->argkinds[k]);
    args[k] = d->argkinds[k] == JK_REF ? jitl_ptr(E, A(k + 1))
            : d->argkinds[k] == JK_FLOAT ? jitl_float(E, A(k + 1)) : jitl_int(E, A(k + 1));
  }
  char rk = jir_info[I->op].res;
  bool narrow = rk == JK_INT && (d->size == 1 || d->size == 2 || d->size == 4);
  LLVMTypeRef rt = narrow ? int_type(E, d->size) : kind_type(E, rk);
  LLVMTypeRef fty = L->LLVMFunctionType(rt, pt, d->nargs, 0);
  LLVMValueRef r = L->LLVMBuildCall2(E->B, fty, jitl_ptr(E, A(0)), args, d->nargs, "");
  if (narrow)
    r = d->flags & JDF_SIGNED ? L->LLVMBuildSExt(E->B, r, E->t_i64, "")
                              : L->LLVMBuildZExt(E->B, r, E->t_i64, "");
  if (rk != 'v') E->val[i] = r;
}

static void emit_escape(JitEmit *E, uint32_t i, const JIns *I) {
  char rk = jir_info[I->op].res;
  if (rk == 'v') return;
  E->val[i] = rk == JK_REF ? E->L->LLVMConstPointerNull(E->t_ptr)
            : rk == JK_FLOAT ? E->L->LLVMConstReal(E->t_f64, 0.0) : i64c(E, 0);
}

/* ---- dispatch ---------------------------------------------------------------------------- */
static bool emit_simple(JitEmit *E, uint32_t i, const JIns *I) {
  unsigned op = I->op;
  if (jir_is_cmp(op) || (op >= JIR_ptr_eq && op <= JIR_instance_ptr_ne) ||
      op == JIR_int_is_true || op == JIR_int_is_zero) {
    emit_cmp(E, i, I);
  } else if (op >= JIR_int_add_ovf && op <= JIR_int_mul_ovf) {
    emit_ovf(E, i, I);
  } else if (op >= JIR_int_add && op <= JIR_uint_mod) {
    E->val[i] = int_binop(E, op, jitl_int(E, A(0)), jitl_int(E, A(1)));
  } else if (op >= JIR_int_neg && op <= JIR_int_force_ge_zero) {
    E->val[i] = int_unop(E, op, jitl_int(E, A(0)));
  } else if (op >= JIR_same_as_i && op <= JIR_same_as_f) {
    if (!jir_isk(A(0)) && E->cond[jir_idx(A(0))]) E->cond[i] = E->cond[jir_idx(A(0))];
    else E->val[i] = jitl_value(E, A(0));
  } else {
    return emit_float(E, i, I);
  }
  return true;
}

void jitl_emit_op(JitEmit *E, uint32_t i) {
  const JIns *I = &E->T->ins[i];
  unsigned op = I->op, fl = jir_info[op].flags;
  if (emit_simple(E, i, I) || emit_guard(E, i, I) || emit_heap(E, i, I)) return;
  if (fl & JF_ALLOC) { emit_alloc(E, i, I); return; }
  switch (op) {
  case JIR_call_i: case JIR_call_r: case JIR_call_f: case JIR_call_n:
  case JIR_call_pure_i: case JIR_call_pure_r: case JIR_call_pure_f: case JIR_call_pure_n:
  case JIR_call_may_force_i: case JIR_call_may_force_r: case JIR_call_may_force_f:
  case JIR_call_may_force_n:
    emit_call(E, i, I);
    break;
  case JIR_label: jitl_emit_label(E, i); break;
  case JIR_jump: jitl_emit_jump(E, I); break;
  case JIR_finish: jitl_emit_finish(E, I); break;
  case JIR_debug_merge_point: case JIR_jit_debug:
  case JIR_enter_portal_frame: case JIR_leave_portal_frame:
    break;
  case JIR_escape_i: case JIR_escape_r: case JIR_escape_f: case JIR_escape_n:
    emit_escape(E, i, I);
    break;
  default:
    jitl_fail(E, "op %s: not supported by the trace compiler yet", jir_info[op].name);
  }
}
