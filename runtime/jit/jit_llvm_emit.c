/* jit_llvm_emit.c — a trace as one LLVM function
 *     i32 @jit_trace_N(ptr %frame)
 * entry (inputs loaded from the frame) -> [loop head: phis for the label's
 * operands] -> the ops in order, each guard a conditional branch to ONE
 * shared exit block whose phis carry the exit code and the values to save
 * (as i64), stored into frame[0..nslots) before `ret code`. `finish` is
 * the exit with code 0. Contract: jit_llvm.h. */
#include <stdlib.h>
#include <string.h>

#include "jit_llvm_impl.h"

_Static_assert(JIR_input_i == 0 && JIR_input_f == 2, "input ops come first");

/* ---- operands ---------------------------------------------------------------- */
static LLVMValueRef const_of(JitEmit *E, JRef r, char want) {
  const JitLlvmApi *L = E->L;
  const JConst *k = jir_k(E->T, r);
  int64_t bits = k->kind == JK_REF ? (int64_t)jir_kgc_of(E->T, r) : k->bits;
  LLVMValueRef i = L->LLVMConstInt(E->t_i64, (unsigned long long)bits, 0);
  if (want == JK_FLOAT) return L->LLVMConstBitCast(i, E->t_f64);
  if (want == JK_REF)
    return bits ? L->LLVMConstIntToPtr(i, E->t_ptr) : L->LLVMConstPointerNull(E->t_ptr);
  return i;
}

static LLVMValueRef ins_val(JitEmit *E, JRef r) {
  uint32_t i = jir_idx(r);
  LLVMValueRef v = E->val[i];
  if (!v && E->cond[i])  /* a comparison's 0/1, made where first needed */
    v = E->val[i] = E->L->LLVMBuildZExt(E->B, E->cond[i], E->t_i64, "");
  if (!v) {
    jitl_fail(E, "operand %u has no value", jir_idx(r));
    v = E->L->LLVMGetUndef(E->t_i64);
  }
  return v;
}

LLVMValueRef jitl_int(JitEmit *E, JRef r) {
  if (jir_isk(r)) return const_of(E, r, JK_INT);
  LLVMValueRef v = ins_val(E, r);
  LLVMTypeRef t = E->L->LLVMTypeOf(v);
  if (t == E->t_i64) return v;
  LLVMValueRef *c = &E->ival[jir_idx(r)];
  if (!*c)
    *c = t == E->t_ptr ? E->L->LLVMBuildPtrToInt(E->B, v, E->t_i64, "")
                       : E->L->LLVMBuildBitCast(E->B, v, E->t_i64, "");
  return *c;
}

LLVMValueRef jitl_ptr(JitEmit *E, JRef r) {
  if (jir_isk(r)) return const_of(E, r, JK_REF);
  LLVMValueRef v = ins_val(E, r);
  if (E->L->LLVMTypeOf(v) == E->t_ptr) return v;
  return E->L->LLVMBuildIntToPtr(E->B, jitl_int(E, r), E->t_ptr, "");
}

LLVMValueRef jitl_float(JitEmit *E, JRef r) {
  if (jir_isk(r)) return const_of(E, r, JK_FLOAT);
  LLVMValueRef v = ins_val(E, r);
  if (E->L->LLVMTypeOf(v) == E->t_f64) return v;
  return E->L->LLVMBuildBitCast(E->B, jitl_int(E, r), E->t_f64, "");
}

LLVMValueRef jitl_value(JitEmit *E, JRef r) {
  if (!jir_isk(r)) return ins_val(E, r);
  return const_of(E, r, (char)jir_k(E->T, r)->kind);
}

/* ---- the shared exit ------------------------------------------------------------ */
static LLVMValueRef slot_ptr(JitEmit *E, uint32_t k) {
  LLVMValueRef idx = E->L->LLVMConstInt(E->t_i64, k, 0);
  return E->L->LLVMBuildGEP2(E->B, E->t_i64, E->frame, &idx, 1, "");
}

static LLVMValueRef addr(JitEmit *E, const void *p) {
  LLVMValueRef i = E->L->LLVMConstInt(E->t_i64, (uint64_t)(uintptr_t)p, 0);
  return E->L->LLVMConstIntToPtr(i, E->t_ptr);
}

/* After the exit's stores: tail-call chain[code] when set, else record
 * this trace as the one that left and return the code. */
static void build_chain(JitEmit *E) {
  const JitLlvmApi *L = E->L;
  LLVMValueRef idx = L->LLVMBuildZExt(E->B, E->exit_code, E->t_i64, "");
  LLVMValueRef at = L->LLVMBuildGEP2(E->B, E->t_ptr, addr(E, E->chain), &idx, 1, "");
  LLVMValueRef next = L->LLVMBuildLoad2(E->B, E->t_ptr, at, "next");
  LLVMValueRef none = L->LLVMBuildICmp(E->B, LLVMIntEQ, next, L->LLVMConstPointerNull(E->t_ptr), "");
  LLVMBasicBlockRef go = L->LLVMAppendBasicBlockInContext(E->C, E->fn, "exit.chain");
  LLVMBasicBlockRef out = L->LLVMAppendBasicBlockInContext(E->C, E->fn, "exit.out");
  L->LLVMBuildCondBr(E->B, none, out, go);
  L->LLVMPositionBuilderAtEnd(E->B, go);
  LLVMTypeRef fty = L->LLVMFunctionType(E->t_i32, &E->t_ptr, 1, 0);
  LLVMValueRef call = L->LLVMBuildCall2(E->B, fty, next, &E->frame, 1, "");
  L->LLVMSetTailCallKind(call, LLVMTailCallKindMustTail);
  L->LLVMBuildRet(E->B, call);
  L->LLVMPositionBuilderAtEnd(E->B, out);
  L->LLVMBuildStore(E->B, addr(E, E->owner), addr(E, E->cfg->exit_owner));
  L->LLVMBuildRet(E->B, E->exit_code);
}

/* The exit block: phis (code, slot values), the stores, then `ret code`
 * (or, with chaining, build_chain). */
static void build_exit(JitEmit *E) {
  const JitLlvmApi *L = E->L;
  E->exit = L->LLVMAppendBasicBlockInContext(E->C, E->fn, "exit");
  L->LLVMPositionBuilderAtEnd(E->B, E->exit);
  E->exit_code = L->LLVMBuildPhi(E->B, E->t_i32, "code");
  E->exit_slot = calloc(E->nslots ? E->nslots : 1, sizeof *E->exit_slot);
  for (uint32_t k = 0; k < E->nslots; k++)
    if (E->uniform[k] == JREF_NONE) E->exit_slot[k] = L->LLVMBuildPhi(E->B, E->t_i64, "");
  for (uint32_t k = 0; k < E->nslots; k++)
    if (E->exit_slot[k]) L->LLVMBuildStore(E->B, E->exit_slot[k], slot_ptr(E, k));
  if (!E->cfg->exit_owner) {
    L->LLVMBuildRet(E->B, E->exit_code);
    return;
  }
  /* chaining: the uniform stores go before this branch (the terminator) */
  LLVMBasicBlockRef next = L->LLVMAppendBasicBlockInContext(E->C, E->fn, "exit.next");
  L->LLVMBuildBr(E->B, next);
  L->LLVMPositionBuilderAtEnd(E->B, next);
  build_chain(E);
}

/* Adds the edge from the current block: code and the values of refs. */
static void exit_edge(JitEmit *E, uint32_t code, uint32_t n, LLVMValueRef *vals) {
  const JitLlvmApi *L = E->L;
  LLVMBasicBlockRef from = L->LLVMGetInsertBlock(E->B);
  LLVMValueRef c = L->LLVMConstInt(E->t_i32, code, 0);
  L->LLVMAddIncoming(E->exit_code, &c, &from, 1);
  LLVMValueRef undef = L->LLVMGetUndef(E->t_i64);
  for (uint32_t k = 0; k < E->nslots; k++) {
    LLVMValueRef v = k < n ? vals[k] : undef;
    if (E->exit_slot[k]) L->LLVMAddIncoming(E->exit_slot[k], &v, &from, 1);
  }
}

static void edge_values(JitEmit *E, const JRef *refs, uint32_t n, LLVMValueRef *vals) {
  for (uint32_t k = 0; k < n && k < E->nslots; k++)
    vals[k] = E->uniform[k] == JREF_NONE ? jitl_int(E, refs[k]) : NULL;
}

/* A uniform slot's value as i64, made in the exit block (which its
 * definition dominates; the conversion caches do not). */
static LLVMValueRef exit_value(JitEmit *E, JRef r) {
  const JitLlvmApi *L = E->L;
  if (jir_isk(r)) return const_of(E, r, JK_INT);
  uint32_t i = jir_idx(r);
  if (E->cond[i]) return L->LLVMBuildZExt(E->B, E->cond[i], E->t_i64, "");
  LLVMValueRef v = ins_val(E, r);
  LLVMTypeRef t = L->LLVMTypeOf(v);
  if (t == E->t_ptr) return L->LLVMBuildPtrToInt(E->B, v, E->t_i64, "");
  if (t == E->t_f64) return L->LLVMBuildBitCast(E->B, v, E->t_i64, "");
  return v;
}

/* The stores of the uniform slots, before the exit's `ret`. */
static void store_uniform(JitEmit *E) {
  const JitLlvmApi *L = E->L;
  L->LLVMPositionBuilderBefore(E->B, L->LLVMGetBasicBlockTerminator(E->exit));
  for (uint32_t k = 0; k < E->nslots; k++)
    if (E->uniform[k] != JREF_NONE)
      L->LLVMBuildStore(E->B, exit_value(E, E->uniform[k]), slot_ptr(E, k));
}

uint32_t jitl_guard_number(JitEmit *E, const JIns *I) {
  uint32_t idx = (uint32_t)(I - E->T->ins);
  if (E->nguards && E->exits[E->nguards].ins == idx) return E->nguards;
  uint32_t g = ++E->nguards, n;
  jir_snap_refs(E->T, I, &n);
  E->exits[g] = (JitExit){.ins = idx, .snap = I->snap, .nvalues = n};
  return g;
}

/* Leaves through the exit when cond == fail_if (an i1). */
static void guard_branch(JitEmit *E, const JIns *I, LLVMValueRef cond, bool fail_if) {
  const JitLlvmApi *L = E->L;
  uint32_t code = jitl_guard_number(E, I), n;
  const JRef *refs = jir_snap_refs(E->T, I, &n);
  LLVMValueRef *vals = malloc((n ? n : 1) * sizeof *vals);
  edge_values(E, refs, n, vals);
  LLVMBasicBlockRef ok = L->LLVMAppendBasicBlockInContext(E->C, E->fn, "");
  if (L->LLVMIsAConstantInt(cond)) {  /* decided now */
    bool fails = (L->LLVMConstIntGetZExtValue(cond) != 0) == fail_if;
    L->LLVMBuildBr(E->B, fails ? E->exit : ok);
    if (fails) exit_edge(E, code, n, vals);
  } else {
    L->LLVMBuildCondBr(E->B, cond, fail_if ? E->exit : ok, fail_if ? ok : E->exit);
    exit_edge(E, code, n, vals);
  }
  L->LLVMPositionBuilderAtEnd(E->B, ok);
  free(vals);
}

void jitl_guard_exit(JitEmit *E, const JIns *I, LLVMValueRef fail) {
  guard_branch(E, I, fail, true);
}

void jitl_guard_exit_unless(JitEmit *E, const JIns *I, LLVMValueRef pass) {
  guard_branch(E, I, pass, false);
}

/* ---- control ops ---------------------------------------------------------------- */
static bool repeated(const Trace *T, const JIns *I, uint32_t k) {
  if (!I || I->op != JIR_label) return false;
  for (uint32_t j = 0; j < k; j++)
    if (jir_arg(T, I, j) == jir_arg(T, I, k)) return true;
  return false;
}

void jitl_emit_label(JitEmit *E, uint32_t i) {
  const JitLlvmApi *L = E->L;
  const Trace *T = E->T;
  const JIns *I = &T->ins[i];
  E->loop = L->LLVMAppendBasicBlockInContext(E->C, E->fn, "loop");
  LLVMBasicBlockRef pre = L->LLVMGetInsertBlock(E->B);  /* the entry, or a preamble's end */
  L->LLVMBuildBr(E->B, E->loop);
  L->LLVMPositionBuilderAtEnd(E->B, E->loop);
  E->nlabel = E->implicit_label ? E->ninputs : I->nargs;
  E->label_phi = calloc(E->nlabel ? E->nlabel : 1, sizeof *E->label_phi);
  for (uint32_t k = 0; k < E->nlabel; k++) {
    JRef r = E->implicit_label ? jir_ref(k + 1) : jir_arg(T, I, k);
    if (jir_isk(r) || !E->val[jir_idx(r)] || repeated(T, I, k)) continue;
    LLVMValueRef v = E->val[jir_idx(r)];
    LLVMValueRef phi = L->LLVMBuildPhi(E->B, L->LLVMTypeOf(v), "");
    L->LLVMAddIncoming(phi, &v, &pre, 1);
    E->label_phi[k] = E->val[jir_idx(r)] = phi;
    E->cond[jir_idx(r)] = E->ival[jir_idx(r)] = NULL;
  }
}

static LLVMValueRef as_type(JitEmit *E, JRef r, LLVMTypeRef t) {
  if (t == E->t_ptr) return jitl_ptr(E, r);
  if (t == E->t_f64) return jitl_float(E, r);
  return jitl_int(E, r);
}

void jitl_emit_jump(JitEmit *E, const JIns *I) {
  const JitLlvmApi *L = E->L;
  if (!E->loop) {
    jitl_fail(E, "jump to a loop outside this trace: not supported yet");
    return;
  }
  if (!E->implicit_label && I->descr && E->label_descr && I->descr != E->label_descr) {
    jitl_fail(E, "jump to another label (descr %u): not supported yet", I->descr);
    return;
  }
  if (I->nargs != E->nlabel) {
    jitl_fail(E, "jump with %u values to a loop head of %u: not supported", I->nargs,
              E->nlabel);
    return;
  }
  LLVMValueRef *v = malloc((I->nargs ? I->nargs : 1) * sizeof *v);
  for (uint32_t k = 0; k < I->nargs; k++)
    v[k] = E->label_phi[k] ? as_type(E, jir_arg(E->T, I, k),
                                     L->LLVMTypeOf(E->label_phi[k])) : NULL;
  LLVMBasicBlockRef from = L->LLVMGetInsertBlock(E->B);
  for (uint32_t k = 0; k < I->nargs; k++)
    if (E->label_phi[k]) L->LLVMAddIncoming(E->label_phi[k], &v[k], &from, 1);
  L->LLVMBuildBr(E->B, E->loop);
  free(v);
  E->done = true;
}

void jitl_emit_finish(JitEmit *E, const JIns *I) {
  uint32_t n = I ? I->nargs : 0;
  LLVMValueRef *v = malloc((n ? n : 1) * sizeof *v);
  for (uint32_t k = 0; k < n; k++) v[k] = jitl_int(E, jir_arg(E->T, I, k));
  E->exits[0] = (JitExit){.ins = I ? (uint32_t)(I - E->T->ins) : 0, .nvalues = n};
  E->L->LLVMBuildBr(E->B, E->exit);
  exit_edge(E, 0, n, v);
  free(v);
  E->done = true;
}

/* ---- the whole trace ---------------------------------------------------------------- */
static void exit_refs(const Trace *T, const JIns *I, const JRef **refs, uint32_t *n,
                      JRef *tmp) {
  if (I->op != JIR_finish) {
    *refs = jir_snap_refs(T, I, n);
    return;
  }
  *n = I->nargs;
  for (uint32_t k = 0; k < *n; k++) tmp[k] = jir_arg(T, I, k);
  *refs = tmp;
}

/* Slot k is uniform when every exit saves the same ref there (or nothing)
 * and that ref is a constant or defined before the first guard: then the
 * exit block stores it itself, without a phi (snapshots share most of
 * their values: the frame's loop-invariant registers). A label's operand
 * is not uniform when guards come before the label (a peeled loop's
 * preamble): its value there is not the loop's phi. */
static bool label_operand(const Trace *T, uint32_t label_at, JRef r) {
  const JIns *L = &T->ins[label_at];
  for (uint32_t k = 0; k < L->nargs; k++)
    if (jir_arg(T, L, k) == r) return true;
  return false;
}

static bool find_uniform(JitEmit *E, uint32_t first_guard) {
  const Trace *T = E->T;
  uint8_t *st = calloc(E->nslots ? E->nslots : 1, 1);  /* 0 unseen 1 same 2 differ */
  JRef *tmp = malloc((JIR_MAXARGS + 1) * sizeof *tmp);
  E->uniform = malloc((E->nslots ? E->nslots : 1) * sizeof *E->uniform);
  if (!st || !tmp || !E->uniform) { free(st); free(tmp); return false; }
  for (uint32_t i = 1; i < T->nins; i++) {
    const JIns *I = &T->ins[i];
    if (!(jir_info[I->op].flags & JF_GUARD) && I->op != JIR_finish) continue;
    const JRef *refs;
    uint32_t n;
    exit_refs(T, I, &refs, &n, tmp);
    for (uint32_t k = 0; k < n; k++) {
      if (!st[k]) { st[k] = 1; E->uniform[k] = refs[k]; }
      else if (E->uniform[k] != refs[k]) st[k] = 2;
    }
  }
  bool preamble = E->label_at && !E->implicit_label && E->label_at > first_guard;
  for (uint32_t k = 0; k < E->nslots; k++)
    if (st[k] != 1 || (!jir_isk(E->uniform[k]) && jir_idx(E->uniform[k]) >= first_guard) ||
        (preamble && !jir_isk(E->uniform[k]) && label_operand(T, E->label_at, E->uniform[k])))
      E->uniform[k] = JREF_NONE;
  free(st);
  free(tmp);
  return true;
}

/* Counts inputs and guards, sizes the exit, finds the loop head. */
static bool prescan(JitEmit *E) {
  const Trace *T = E->T;
  uint32_t guards = 0, jumps = 0, first_guard = T->nins;
  bool targeted = false;  /* a jump names a target */
  for (uint32_t i = 1; i < T->nins; i++) {
    const JIns *I = &T->ins[i];
    unsigned op = I->op;
    uint32_t n = 0;
    if (op <= JIR_input_f) E->ninputs++;
    if (jir_info[op].flags & JF_GUARD) {
      if (!guards++) first_guard = i;
      jir_snap_refs(T, I, &n);
    }
    if (op == JIR_finish) n = I->nargs;
    if (op == JIR_jump) {
      jumps++;
      targeted |= I->descr != 0;
    }
    if (op == JIR_label && !E->label_at) {
      E->label_at = i;
      E->label_descr = I->descr;
    }
    if (n > E->nslots) E->nslots = n;
  }
  if (!E->label_at && jumps && !targeted) {  /* back to the top */
    E->implicit_label = true;
    E->label_at = E->ninputs + 1;
  }
  E->exits = calloc(guards + 1, sizeof *E->exits);
  if (E->cfg->exit_owner && !(E->chain = calloc(guards + 1, sizeof *E->chain))) return false;
  E->val = calloc(T->nins + 1, sizeof *E->val);
  E->cond = calloc(T->nins + 1, sizeof *E->cond);
  E->ival = calloc(T->nins + 1, sizeof *E->ival);
  return E->exits && E->val && E->cond && E->ival && find_uniform(E, first_guard);
}

static void init_types(JitEmit *E) {
  const JitLlvmApi *L = E->L;
  E->t_i1 = L->LLVMInt1TypeInContext(E->C);
  E->t_i8 = L->LLVMInt8TypeInContext(E->C);
  E->t_i16 = L->LLVMInt16TypeInContext(E->C);
  E->t_i32 = L->LLVMInt32TypeInContext(E->C);
  E->t_i64 = L->LLVMInt64TypeInContext(E->C);
  E->t_f32 = L->LLVMFloatTypeInContext(E->C);
  E->t_f64 = L->LLVMDoubleTypeInContext(E->C);
  E->t_ptr = L->LLVMPointerTypeInContext(E->C, 0);
  E->t_void = L->LLVMVoidTypeInContext(E->C);
}

static void make_function(JitEmit *E, const char *name) {
  const JitLlvmApi *L = E->L;
  LLVMTypeRef fty = L->LLVMFunctionType(E->t_i32, &E->t_ptr, 1, 0);
  E->fn = L->LLVMAddFunction(E->M, name, fty);
  E->frame = L->LLVMGetParam(E->fn, 0);
  unsigned kind = L->LLVMGetEnumAttributeKindForName("nounwind", 8);
  L->LLVMAddAttributeAtIndex(E->fn, LLVMAttributeFunctionIndex,
                             L->LLVMCreateEnumAttribute(E->C, kind, 0));
  E->entry = L->LLVMAppendBasicBlockInContext(E->C, E->fn, "entry");
}

static void load_input(JitEmit *E, uint32_t i, uint32_t k) {
  unsigned op = E->T->ins[i].op;
  LLVMTypeRef t = op == JIR_input_r ? E->t_ptr : op == JIR_input_f ? E->t_f64 : E->t_i64;
  E->val[i] = E->L->LLVMBuildLoad2(E->B, t, slot_ptr(E, k), "");
}

bool jitl_emit_trace(JitEmit *E, const char *name) {
  const Trace *T = E->T;
  if (!prescan(E)) {
    jitl_fail(E, "out of memory");
    return false;
  }
  init_types(E);
  make_function(E, name);
  build_exit(E);
  E->L->LLVMPositionBuilderAtEnd(E->B, E->entry);
  uint32_t nin = 0;
  for (uint32_t i = 1; i < T->nins && !E->failed && !E->done; i++) {
    unsigned op = T->ins[i].op;
    if (E->implicit_label && i == E->label_at) {
      jitl_emit_label(E, i);
      E->fresh.n = 0;
    }
    if (op <= JIR_input_f) load_input(E, i, nin++);
    else jitl_emit_op(E, i);
    jit_fresh_after(&E->fresh, T, i, &T->ins[i]);
  }
  if (!E->done && !E->failed) jitl_emit_finish(E, NULL);
  if (!E->failed) store_uniform(E);
  return !E->failed;
}
