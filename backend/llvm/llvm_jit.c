/* llvm_jit.c — what a JIT executable has beyond a --no-jit one
 * (runtime/jit/jit_runtime.h is the contract):
 *  - rl_jit_image, rl_jit_image_size: the codewriter's image as constant data;
 *  - rl_jit_addrs: the addresses of the functions and prebuilt objects the
 *    image names by index;
 *  - rl_jit_stubs: one call stub per native signature, unpacking arguments
 *    from the three register arrays and storing the result;
 *  - at each jit_merge_point: when the int green (the pc) went backwards,
 *    the key's counter counts down; when it runs out, greens and reds go
 *    to the runtime's buffers and rl_jit_merge_point(driver) decides:
 *    go on (with the values it left in the buffers), return the result, or
 *    propagate the exception; a portal with one merge point goes on in its
 *    re-entry function (below) so that its loop has no call, others come
 *    back into the loop with reloaded values (phis after the hook). */
#include <stdio.h>
#include <string.h>

#include "backend/jitcode/codewriter.h"
#include "llvm_internal.h"
#include "runtime/jit/jit_runtime.h"

void be_jit_discover(Be *be, void (*add_func)(Be *, LLFunc *),
                     void (*add_obj)(Be *, LLPrebuilt *)) {
  const CwImage *ci = be->prog->jit;
  for (uint32_t i = 0; i < ci->naddrs; i++) {
    if (ci->addrs[i].is_func) add_func(be, ci->addrs[i].p);
    else add_obj(be, ci->addrs[i].p);
  }
}

static LLVMValueRef extern_global(Be *be, LLVMTypeRef t, const char *name) {
  LLVMValueRef g = LLVMAddGlobal(be->mod, t, name);
  LLVMSetLinkage(g, LLVMExternalLinkage);
  return g;
}

void be_jit_declare(Be *be) {
  be->g_jit_buf[0] = extern_global(be, LLVMArrayType2(be->t_i64, RL_JIT_BUF), "rl_jit_ibuf");
  be->g_jit_buf[1] = extern_global(be, LLVMArrayType2(be->t_ptr, RL_JIT_BUF), "rl_jit_rbuf");
  be->g_jit_buf[2] = extern_global(be, LLVMArrayType2(be->t_f64, RL_JIT_BUF), "rl_jit_fbuf");
  be->g_jit_counters =
      extern_global(be, LLVMArrayType2(be->t_i32, RL_JIT_NCOUNTERS), "rl_jit_counters");
  be->fty_jit_merge_point = LLVMFunctionType(be->t_i32, &be->t_i32, 1, 0);
  be->fn_jit_merge_point =
      LLVMAddFunction(be->mod, "rl_jit_merge_point", be->fty_jit_merge_point);
}

/* ---- the image, the address table ------------------------------------------------ */

static LLVMValueRef const_global(Be *be, const char *name, LLVMValueRef init, unsigned align) {
  LLVMValueRef g = LLVMAddGlobal(be->mod, LLVMTypeOf(init), name);
  LLVMSetInitializer(g, init);
  LLVMSetGlobalConstant(g, 1);
  LLVMSetAlignment(g, align);
  return g;
}

/* The re-entry function made for portal f (be_jit_reentry_decl, when f
 * was defined), or a null pointer when f has none. */
static LLVMValueRef reentry_or_null(Be *be, LLFunc *f) {
  char *name = arena_printf(&be->scratch, "%s.jit_reentry", f->name);
  LLVMValueRef fn = LLVMGetNamedFunction(be->mod, name);
  return fn ? fn : LLVMConstNull(be->t_ptr);
}

static void emit_image(Be *be, const CwImage *ci) {
  LLVMValueRef bytes =
      LLVMConstStringInContext2(be->ctx, (const char *)ci->bytes, ci->size, 1);
  const_global(be, "rl_jit_image", bytes, 8);
  const_global(be, "rl_jit_image_size", LLVMConstInt(be->t_i64, ci->size, 0), 8);
  LLVMValueRef *a = arena_alloc_array(&be->scratch, ci->naddrs + 1, sizeof *a);
  for (uint32_t i = 0; i < ci->naddrs; i++)
    a[i] = ci->addrs[i].reentry ? reentry_or_null(be, ci->addrs[i].p)
           : ci->addrs[i].is_func ? be_func(be, ci->addrs[i].p) : be_global(be, ci->addrs[i].p);
  const_global(be, "rl_jit_addrs", LLVMConstArray2(be->t_ptr, a, ci->naddrs), 8);
}

/* ---- call stubs ---------------------------------------------------------------------- */

static LLVMTypeRef bank_type(Be *be, int b) {
  return b == 0 ? be->t_i64 : b == 1 ? be->t_ptr : be->t_f64;
}

/* Element k of the array at p (a bank's element type). */
static LLVMValueRef load_elem(Be *be, LLVMValueRef p, int b, unsigned k) {
  LLVMValueRef idx = LLVMConstInt(be->t_i64, k, 0);
  LLVMValueRef at = LLVMBuildGEP2(be->b, bank_type(be, b), p, &idx, 1, "");
  return LLVMBuildLoad2(be->b, bank_type(be, b), at, "");
}

/* An int-bank value (i64) as the register type t needs, and back. */
static LLVMValueRef narrow(Be *be, LLVMValueRef x, const LLType *t) {
  if (t->kind == LL_BOOL) return LLVMBuildICmp(be->b, LLVMIntNE, x, LLVMConstInt(be->t_i64, 0, 0), "");
  if (t->kind == LL_CHAR) return LLVMBuildTrunc(be->b, x, be->t_i8, "");
  return x;
}
static LLVMValueRef widen(Be *be, LLVMValueRef x, const LLType *t) {
  if (t->kind == LL_BOOL || t->kind == LL_CHAR) return LLVMBuildZExt(be->b, x, be->t_i64, "");
  return x;
}

static LLVMValueRef emit_stub(Be *be, uint32_t k, const LLType *ft) {
  LLVMTypeRef p = be->t_ptr, ps[5] = {p, p, p, p, p};
  char name[40];
  snprintf(name, sizeof name, "rl_jit_stub_%u", k);
  LLVMValueRef fn = LLVMAddFunction(be->mod, name, LLVMFunctionType(be->t_void, ps, 5, 0));
  LLVMSetLinkage(fn, LLVMInternalLinkage);
  LLVMPositionBuilderAtEnd(be->b, LLVMAppendBasicBlockInContext(be->ctx, fn, "entry"));
  LLVMSetCurrentDebugLocation2(be->b, NULL);
  LLVMValueRef *args = arena_alloc_array(&be->scratch, ft->nargs + 1, sizeof *args);
  unsigned n = 0, next[3] = {0, 0, 0};
  for (uint32_t i = 0; i < ft->nargs; i++) {
    int b = cw_bank(ft->args[i]);
    if (b < 0) continue;
    LLVMValueRef x = load_elem(be, LLVMGetParam(fn, 1 + (unsigned)b), b, next[b]++);
    args[n++] = b == 0 ? narrow(be, x, ft->args[i]) : x;
  }
  LLVMValueRef call = LLVMBuildCall2(be->b, be_func_type(be, ft), LLVMGetParam(fn, 0), args, n, "");
  be_attr_ext(be, call, true, ft);
  int rb = cw_bank(ft->result);
  if (rb >= 0) {
    LLVMValueRef r = rb == 0 ? widen(be, call, ft->result) : call;
    LLVMBuildStore(be->b, r, LLVMGetParam(fn, 4));
  }
  LLVMBuildRetVoid(be->b);
  return fn;
}

void be_jit_emit(Be *be) {
  const CwImage *ci = be->prog->jit;
  emit_image(be, ci);
  LLVMValueRef *s = arena_alloc_array(&be->scratch, ci->nstubs + 1, sizeof *s);
  for (uint32_t i = 0; i < ci->nstubs; i++) s[i] = emit_stub(be, i, ci->stub_types[i]);
  const_global(be, "rl_jit_stubs", LLVMConstArray2(be->t_ptr, s, ci->nstubs), 8);
}

/* ---- the portal hook ----------------------------------------------------------------------- */

static int driver_index(const CwImage *ci, const Value *drv) {
  if (!drv || drv->kind != VAL_CONST || drv->ckind != CONST_OBJ) return -1;
  for (uint32_t i = 0; i < ci->ndrivers; i++)
    if (ci->driver_keys[i] == drv->u.ref.p) return (int)i;
  return -1;
}

static LLVMValueRef buf_elem(Be *be, int b, unsigned k) {
  LLVMValueRef idx[2] = {LLVMConstInt(be->t_i64, 0, 0), LLVMConstInt(be->t_i64, k, 0)};
  return LLVMBuildGEP2(be->b, LLVMArrayType2(bank_type(be, b), RL_JIT_BUF), be->g_jit_buf[b],
                       idx, 2, "");
}

/* Greens and reds into the buffers; with refs, the ref ones too, else
 * only the int and float ones, and refs[] gets the ref ones in order
 * (their count is the result). */
static unsigned store_args(BeFn *F, Op *op, LLVMValueRef *refs) {
  Be *be = F->be;
  unsigned next[3] = {0, 0, 0};
  for (uint32_t a = 2; a < op->nargs; a++) {
    const LLType *t = op->args[a]->ll;
    int b = cw_bank(t);
    if (b < 0) continue;
    LLVMValueRef x = be_value(F, op->args[a]);
    if (b == 1 && refs) refs[next[b]++] = x;
    else LLVMBuildStore(be->b, b == 0 ? widen(be, x, t) : x, buf_elem(be, b, next[b]++));
  }
  return next[1];
}

/* rl_jit_hook_rN(driver, ref0, ..., refN-1): stores the refs into the ref
 * buffer and calls rl_jit_merge_point(driver). A portal with a re-entry
 * function passes its ref greens and reds through it, as arguments marked
 * nocapture, instead of storing them itself: a store would let every
 * object the loop allocates escape, so LLVM would keep their fields in
 * memory (bf.rl's Tape: hanoi.b 50% slower with the JIT never hot than
 * --no-jit), where as non-escaping allocations they live in registers.
 * Passing them on is what the runtime does with them, but the portal
 * never touches them again after the call: every outcome of the hook
 * leaves the function (the result, the exception, or the tail call to the
 * re-entry function, which reads them from the buffer). Not inlined, so
 * the stores stay out of LLVM's sight. */
static LLVMValueRef hook_stub(Be *be, unsigned nrefs) {
  char name[40];
  snprintf(name, sizeof name, "rl_jit_hook_r%u", nrefs);
  LLVMValueRef fn = LLVMGetNamedFunction(be->mod, name);
  if (fn) return fn;
  LLVMTypeRef *ps = arena_alloc_array(&be->scratch, nrefs + 1, sizeof *ps);
  ps[0] = be->t_i32;
  for (unsigned k = 0; k < nrefs; k++) ps[1 + k] = be->t_ptr;
  fn = LLVMAddFunction(be->mod, name, LLVMFunctionType(be->t_i32, ps, nrefs + 1, 0));
  LLVMSetLinkage(fn, LLVMInternalLinkage);
  static const char *const fattrs[] = {"noinline", "nounwind"};
  for (unsigned i = 0; i < 2; i++) {
    unsigned kind = LLVMGetEnumAttributeKindForName(fattrs[i], strlen(fattrs[i]));
    LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(be->ctx, kind, 0));
  }
  unsigned nocapture = LLVMGetEnumAttributeKindForName("nocapture", 9);
  for (unsigned k = 0; k < nrefs; k++)
    LLVMAddAttributeAtIndex(fn, 2 + k, LLVMCreateEnumAttribute(be->ctx, nocapture, 0));
  LLVMBasicBlockRef here = LLVMGetInsertBlock(be->b);
  LLVMPositionBuilderAtEnd(be->b, LLVMAppendBasicBlockInContext(be->ctx, fn, "entry"));
  LLVMSetCurrentDebugLocation2(be->b, NULL);
  for (unsigned k = 0; k < nrefs; k++) LLVMBuildStore(be->b, LLVMGetParam(fn, 1 + k), buf_elem(be, 1, k));
  LLVMValueRef d = LLVMGetParam(fn, 0);
  LLVMBuildRet(be->b, LLVMBuildCall2(be->b, be->fty_jit_merge_point, be->fn_jit_merge_point, &d, 1, ""));
  LLVMPositionBuilderAtEnd(be->b, here);
  return fn;
}

/* Greens and reds from the buffers, by marker argument (NULL: Void). */
static LLVMValueRef *load_args(BeFn *F, Op *op) {
  Be *be = F->be;
  unsigned next[3] = {0, 0, 0};
  LLVMValueRef *fresh = arena_alloc_array(&be->scratch, op->nargs, sizeof *fresh);
  for (uint32_t a = 2; a < op->nargs; a++) {
    const LLType *t = op->args[a]->ll;
    int b = cw_bank(t);
    fresh[a] = NULL;
    if (b < 0) continue;
    LLVMValueRef x = LLVMBuildLoad2(be->b, bank_type(be, b), buf_elem(be, b, next[b]++), "");
    fresh[a] = b == 0 ? narrow(be, x, t) : x;
  }
  return fresh;
}

static void call_reentry(BeFn *F);

/* RL_JIT_DONE: return the portal's result from element 0 of its bank. */
static void return_result(BeFn *F) {
  Be *be = F->be;
  const LLType *rt = F->lf->type->result;
  int b = cw_bank(rt);
  if (b < 0) {
    LLVMBuildRetVoid(be->b);
    return;
  }
  LLVMValueRef x = LLVMBuildLoad2(be->b, bank_type(be, b), buf_elem(be, b, 0), "");
  LLVMBuildRet(be->b, b == 0 ? narrow(be, x, rt) : x);
}

/* The green key's counter slot (jit_runtime.h): from the int greens when
 * the driver has some (one pc: an add folded into the address and an
 * `and`), else a mixing hash of all greens. */
static LLVMValueRef counter_slot(BeFn *F, Op *op, uint32_t driver, uint32_t ngreens) {
  Be *be = F->be;
  bool has_int = false;
  for (uint32_t a = 2, g = 0; a < op->nargs && g < ngreens; a++) {
    int b = cw_bank(op->args[a]->ll);
    if (b < 0) continue;
    g++;
    has_int |= b == 0;
  }
  LLVMValueRef h = LLVMConstInt(be->t_i64, has_int ? rl_jit_slot_start(driver)
                                                   : rl_jit_hash_start(driver), 0);
  for (uint32_t a = 2, g = 0; a < op->nargs && g < ngreens; a++) {
    const LLType *t = op->args[a]->ll;
    int b = cw_bank(t);
    if (b < 0) continue;
    g++;
    if (has_int && b != 0) continue;
    LLVMValueRef x = be_value(F, op->args[a]);
    if (b == 0) x = widen(be, x, t);
    else if (b == 1) x = LLVMBuildPtrToInt(be->b, x, be->t_i64, "");
    else x = LLVMBuildBitCast(be->b, x, be->t_i64, "");
    if (has_int) {
      LLVMValueRef mul = LLVMConstInt(be->t_i64, RL_JIT_SLOT_MUL, 0);
      h = LLVMBuildAdd(be->b, LLVMBuildMul(be->b, h, mul, ""), x, "");
    } else {
      LLVMValueRef mul = LLVMConstInt(be->t_i64, RL_JIT_HASH_MUL, 0);
      h = LLVMBuildMul(be->b, LLVMBuildXor(be->b, h, x, ""), mul, "");
    }
  }
  LLVMValueRef index =
      has_int ? LLVMBuildAnd(be->b, h, LLVMConstInt(be->t_i64, RL_JIT_NCOUNTERS - 1, 0), "")
              : LLVMBuildLShr(be->b, h, LLVMConstInt(be->t_i64, 64 - RL_JIT_COUNTER_BITS, 0), "");
  LLVMValueRef idx[2] = {LLVMConstInt(be->t_i64, 0, 0), index};
  return LLVMBuildGEP2(be->b, LLVMArrayType2(be->t_i32, RL_JIT_NCOUNTERS), be->g_jit_counters, idx,
                       2, "jit.slot");
}

/* The driver's first int green (the pc, in an interpreter), or NULL. */
static Value *int_green(Op *op, uint32_t ngreens) {
  for (uint32_t a = 2, g = 0; a < op->nargs && g < ngreens; a++) {
    int b = cw_bank(op->args[a]->ll);
    if (b < 0) continue;
    g++;
    if (b == 0) return op->args[a];
  }
  return NULL;
}

/* Whether the int green went backwards (or stayed) since the previous
 * merge point of this function: a jump back in the user's program, where
 * a loop starts. Only then is the key counted (RPython counts at
 * can_enter_jit, which interpreters put on backward jumps): the hash and
 * the counter's load and store are off the path of every other step. The
 * previous value lives in a stack slot that LLVM turns into a register. */
/* A stack slot of type t, set to init at the function's entry. */
static LLVMValueRef entry_slot(BeFn *F, LLVMTypeRef t, LLVMValueRef init, const char *name) {
  Be *be = F->be;
  LLVMBasicBlockRef here = LLVMGetInsertBlock(be->b);
  LLVMBasicBlockRef entry = LLVMGetEntryBasicBlock(F->fn);
  LLVMValueRef first = LLVMGetFirstInstruction(entry);
  if (first) LLVMPositionBuilderBefore(be->b, first);
  else LLVMPositionBuilderAtEnd(be->b, entry);
  LLVMValueRef slot = LLVMBuildAlloca(be->b, t, name);
  LLVMBuildStore(be->b, init, slot);
  LLVMPositionBuilderAtEnd(be->b, here);
  return slot;
}

static LLVMValueRef went_back(BeFn *F, Value *green) {
  Be *be = F->be;
  LLVMValueRef slot = entry_slot(F, be->t_i64, LLVMConstInt(be->t_i64, (unsigned long long)INT64_MAX, 0),
                                 "jit.prev");
  LLVMValueRef g = widen(be, be_value(F, green), green->ll);
  LLVMValueRef prev = LLVMBuildLoad2(be->b, be->t_i64, slot, "");
  LLVMBuildStore(be->b, g, slot);
  /* g - prev <= 0, not g <= prev: measured 4% faster on bench.b with the
   * JIT never hot (LLVM still tests it on every step: it does not thread
   * the pc + 1 path, whose difference is the constant 1) */
  LLVMValueRef d = LLVMBuildSub(be->b, g, prev, "");
  return LLVMBuildICmp(be->b, LLVMIntSLE, d, LLVMConstInt(be->t_i64, 0, 0), "jit.back");
}

/* Whether F is a portal with a re-entry function whose graph has
 * can_enter_jit markers of the driver drv: those count, as in RPython
 * (the interpreter puts them on its backward jumps), and the merge point
 * counts only the calls. Portals without a re-entry function keep
 * counting at their merge points. */
static bool counts_at_cej(BeFn *F, int drv) {
  if (!F->reentry) return false;
  if (F->counts_at_cej) return F->counts_at_cej > 0;
  Be *be = F->be;
  BlockList bl = {0};
  graph_blocks_in(F->g, &be->scratch, &bl);
  F->counts_at_cej = -1;
  for (unsigned i = 0; i < bl.len; i++)
    for (unsigned k = 0; k < bl.data[i]->ops.len; k++) {
      Op *op = bl.data[i]->ops.data[k];
      if (op->opc == LLOP_jit_marker && op->nargs >= 2 && op->args[0]->kind == VAL_CONST &&
          op->args[0]->ckind == CONST_STR && strcmp(op->args[0]->u.s.p, "can_enter_jit") == 0 &&
          driver_index(be->prog->jit, op->args[1]) == drv)
        F->counts_at_cej = 1;
    }
  return F->counts_at_cej > 0;
}

/* Counts the key of marker op down (x86: one `dec` on memory) and goes
 * on at `cont` while it lasts, else at `hook`. Runtime state (TBAA): the
 * counters never alias the program's objects. */
static void count_down(BeFn *F, Op *op, int drv, LLVMBasicBlockRef cont, LLVMBasicBlockRef hook) {
  Be *be = F->be;
  const CwImage *ci = be->prog->jit;
  LLVMValueRef slot = counter_slot(F, op, (uint32_t)drv, ci->driver_ngreens[drv]);
  LLVMValueRef count = LLVMBuildLoad2(be->b, be->t_i32, slot, "");
  LLVMSetMetadata(count, be->md_tbaa, be->tbaa_counters);
  LLVMValueRef left = LLVMBuildSub(be->b, count, LLVMConstInt(be->t_i32, 1, 0), "");
  LLVMSetMetadata(LLVMBuildStore(be->b, left, slot), be->md_tbaa, be->tbaa_counters);
  LLVMValueRef more = LLVMBuildICmp(be->b, LLVMIntSGT, left, LLVMConstInt(be->t_i32, 0, 0), "");
  LLVMBuildCondBr(be->b, more, cont, hook);
}

/* The hook: greens and reds to the runtime, rl_jit_merge_point(drv)'s
 * answer switched on. In a portal with a re-entry function every answer
 * leaves the function (go on: the tail call to the re-entry function;
 * done: return the result; raise: propagate), so the refs go as
 * arguments (hook_stub); elsewhere "go on" comes back at `back`. */
static void call_hook(BeFn *F, Op *op, int drv, LLVMBasicBlockRef back) {
  Be *be = F->be;
  LLVMValueRef d = LLVMConstInt(be->t_i32, (unsigned)drv, 0), r;
  if (F->reentry) {
    LLVMValueRef *refs = arena_alloc_array(&be->scratch, op->nargs + 1, sizeof *refs);
    unsigned n = store_args(F, op, refs + 1);
    refs[0] = d;
    LLVMValueRef stub = hook_stub(be, n);
    r = be_call(be, LLVMGlobalGetValueType(stub), stub, refs, n + 1);
  } else {
    store_args(F, op, NULL);
    r = be_call(be, be->fty_jit_merge_point, be->fn_jit_merge_point, &d, 1);
  }
  LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(be->ctx, F->fn, "jit.done");
  LLVMBasicBlockRef again = F->reentry ? LLVMAppendBasicBlockInContext(be->ctx, F->fn, "jit.again")
                                       : back;
  LLVMValueRef sw = LLVMBuildSwitch(be->b, r, again, 3);
  LLVMAddCase(sw, LLVMConstInt(be->t_i32, RL_JIT_CONTINUE, 0), again);
  LLVMAddCase(sw, LLVMConstInt(be->t_i32, RL_JIT_DONE, 0), done);
  LLVMAddCase(sw, LLVMConstInt(be->t_i32, RL_JIT_RAISE, 0), be_propagate_bb(F));
  LLVMPositionBuilderAtEnd(be->b, done);
  return_result(F);
  if (F->reentry) {  /* the buffers hold the greens and reds to go on with */
    LLVMPositionBuilderAtEnd(be->b, again);
    call_reentry(F);
  }
}

/* can_enter_jit in a portal that counts there: count, and call the hook
 * when the key runs out; the JIT starts at the merge point, which by
 * RPython's contract comes next with these greens and reds. */
static void can_enter_jit(BeFn *F, Op *op, int drv) {
  Be *be = F->be;
  LLVMBasicBlockRef hook = LLVMAppendBasicBlockInContext(be->ctx, F->fn, "jit.hook");
  LLVMBasicBlockRef cont = LLVMAppendBasicBlockInContext(be->ctx, F->fn, "jit.cont");
  count_down(F, op, drv, cont, hook);
  LLVMPositionBuilderAtEnd(be->b, hook);
  call_hook(F, op, drv, NULL);
  LLVMPositionBuilderAtEnd(be->b, cont);
}

/* Phis at `cont` for the marker's variable greens and reds, each coming
 * in unchanged from the blocks `from`; in the re-entry function they are
 * where its entry's loads come in too (be_jit_reentry_entry). */
static void marker_phis(BeFn *F, Op *op, LLVMBasicBlockRef cont, LLVMBasicBlockRef *from,
                        unsigned nfrom) {
  Be *be = F->be;
  if (F->in_reentry) {
    F->reentry_cont = cont;
    F->reentry_op = op;
    F->reentry_phis = calloc(op->nargs, sizeof *F->reentry_phis);
    if (!F->reentry_phis) rt_oom();
  }
  LLVMValueRef in[2];
  for (uint32_t a = 2; a < op->nargs; a++) {
    Value *v = op->args[a];
    if (cw_bank(v->ll) < 0 || v->kind != VAL_VAR) continue;
    LLVMValueRef old = be_value(F, v);
    LLVMValueRef phi = LLVMBuildPhi(be->b, LLVMTypeOf(old), "");
    in[0] = in[1] = old;
    LLVMAddIncoming(phi, in, from, nfrom);
    be_set_value(F, v, phi);
    if (F->in_reentry) F->reentry_phis[a] = phi;
  }
}

/* The merge point of a portal that counts at can_enter_jit. The function
 * counts the key once, when it is called (RPython's function_threshold,
 * counted where its portal runner starts), and goes on in the re-entry
 * function, whose loop counts only at its can_enter_jit markers. So no
 * loop tests anything at the merge point (a first-pass flag tested on
 * every step cost bf.rl 3-9% with the JIT never hot), and the function's
 * own copy of the loop is dead code that LLVM drops. */
static void portal_merge_point(BeFn *F, Op *op, int drv) {
  Be *be = F->be;
  LLVMBasicBlockRef cur = LLVMGetInsertBlock(be->b);
  LLVMBasicBlockRef cont = LLVMAppendBasicBlockInContext(be->ctx, F->fn, "jit.cont");
  if (F->in_reentry) {
    LLVMBuildBr(be->b, cont);
    LLVMPositionBuilderAtEnd(be->b, cont);
    marker_phis(F, op, cont, &cur, 1);
    return;
  }
  can_enter_jit(F, op, drv);  /* the count, and the hook when the key ran out */
  store_args(F, op, NULL);
  call_reentry(F);
  LLVMPositionBuilderAtEnd(be->b, cont);  /* no predecessor: the rest of the loop */
}

void be_jit_marker(BeFn *F, Op *op) {
  Be *be = F->be;
  int drv = driver_index(be->prog->jit, op->args[1]);
  if (drv < 0) return;
  if (strcmp(op->args[0]->u.s.p, "jit_merge_point") != 0) {
    if (counts_at_cej(F, drv)) can_enter_jit(F, op, drv);
    return;
  }
  if (counts_at_cej(F, drv)) {
    portal_merge_point(F, op, drv);
    return;
  }
  LLVMBasicBlockRef cur = LLVMGetInsertBlock(be->b);
  LLVMBasicBlockRef counting = LLVMAppendBasicBlockInContext(be->ctx, F->fn, "jit.count");
  LLVMBasicBlockRef hook = LLVMAppendBasicBlockInContext(be->ctx, F->fn, "jit.hook");
  LLVMBasicBlockRef reload = F->reentry ? NULL : LLVMAppendBasicBlockInContext(be->ctx, F->fn, "jit.reload");
  LLVMBasicBlockRef cont = LLVMAppendBasicBlockInContext(be->ctx, F->fn, "jit.cont");
  /* counted on back edges only; a driver without an int green, always */
  Value *green = int_green(op, be->prog->jit->driver_ngreens[drv]);
  LLVMValueRef c = green ? went_back(F, green) : LLVMConstInt(be->t_i1, 1, 0);
  be_mark_unlikely(be, LLVMBuildCondBr(be->b, c, counting, cont));

  LLVMPositionBuilderAtEnd(be->b, counting);
  count_down(F, op, drv, cont, hook);
  LLVMPositionBuilderAtEnd(be->b, hook);
  call_hook(F, op, drv, reload);

  if (!F->reentry) {  /* reload, and a phi per variable green or red after the hook */
    LLVMPositionBuilderAtEnd(be->b, reload);
    LLVMValueRef *fresh = load_args(F, op);
    LLVMBuildBr(be->b, cont);
    LLVMPositionBuilderAtEnd(be->b, cont);
    LLVMValueRef *old = arena_alloc_array(&be->scratch, op->nargs, sizeof *old);
    for (uint32_t a = 2; a < op->nargs; a++) old[a] = fresh[a] ? be_value(F, op->args[a]) : NULL;
    for (uint32_t a = 2; a < op->nargs; a++) {
      Value *v = op->args[a];
      if (!fresh[a] || v->kind != VAL_VAR) continue;
      LLVMValueRef phi = LLVMBuildPhi(be->b, LLVMTypeOf(old[a]), "");
      LLVMValueRef in[4] = {old[a], old[a], old[a], fresh[a]};
      LLVMBasicBlockRef from[4] = {cur, counting, hook, reload};
      LLVMAddIncoming(phi, in, from, 4);
      be_set_value(F, v, phi);
    }
    return;
  }
  /* the loop goes on only from the counting paths: the hook left it */
  LLVMPositionBuilderAtEnd(be->b, cont);
  marker_phis(F, op, cont, (LLVMBasicBlockRef[2]){cur, counting}, 2);
}

/* ---- the portal's re-entry function ---------------------------------------------------
 * The hook's slow path calls the JIT runtime, which may run compiled code
 * that writes anything. A call inside the interpreter's loop would make
 * LLVM reload every value from memory on every iteration (lengths, fields,
 * the exception state) even when the call never happens. So the slow path
 * leaves the loop instead: it calls the portal's re-entry function — the
 * same graph, entered at the merge point with the greens and reds from
 * the buffers — and returns what it returns. The re-entry function's own
 * slow path calls itself with musttail (same prototype: no stack growth).
 * Both loops are call-free on their counting paths. */

/* The one jit_merge_point marker of a known driver in g, or NULL (none, or
 * more than one: those portals keep the hook inside the loop). */
static Op *portal_marker(Be *be, Graph *g) {
  BlockList bl = {0};
  graph_blocks_in(g, &be->scratch, &bl);
  Op *found = NULL;
  for (unsigned i = 0; i < bl.len; i++)
    for (unsigned k = 0; k < bl.data[i]->ops.len; k++) {
      Op *op = bl.data[i]->ops.data[k];
      if (op->opc != LLOP_jit_marker || op->nargs < 2 || op->args[0]->kind != VAL_CONST ||
          op->args[0]->ckind != CONST_STR || strcmp(op->args[0]->u.s.p, "jit_merge_point") != 0)
        continue;
      if (found || driver_index(be->prog->jit, op->args[1]) < 0) return NULL;
      found = op;
    }
  return found;
}

LLVMValueRef be_jit_reentry_decl(Be *be, LLFunc *f) {
  if (!f->graph || !portal_marker(be, f->graph)) return NULL;
  LLVMTypeRef rt = be_func_type(be, f->type);
  LLVMTypeRef fty = LLVMFunctionType(LLVMGetReturnType(rt), NULL, 0, 0);
  char *name = arena_printf(&be->scratch, "%s.jit_reentry", f->name);
  LLVMValueRef fn = LLVMAddFunction(be->mod, name, fty);
  LLVMSetLinkage(fn, LLVMInternalLinkage);
  unsigned kind = LLVMGetEnumAttributeKindForName("nounwind", 8);
  LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(be->ctx, kind, 0));
  kind = LLVMGetEnumAttributeKindForName("noinline", 8);
  LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(be->ctx, kind, 0));
  return fn;
}

static void call_reentry(BeFn *F) {
  Be *be = F->be;
  LLVMTypeRef fty = LLVMGlobalGetValueType(F->reentry);
  LLVMValueRef r = LLVMBuildCall2(be->b, fty, F->reentry, NULL, 0, "");
  if (F->in_reentry) LLVMSetTailCallKind(r, LLVMTailCallKindMustTail);
  else LLVMSetTailCall(r, 1);
  if (LLVMGetTypeKind(LLVMGetReturnType(fty)) == LLVMVoidTypeKind) LLVMBuildRetVoid(be->b);
  else LLVMBuildRet(be->b, r);
}

void be_jit_reentry_entry(BeFn *F, LLVMBasicBlockRef entry) {
  Be *be = F->be;
  if (!F->reentry_cont) {
    be_error(be, F->g->loc, "internal: %s: no merge point in the re-entry copy", F->lf->name);
    return;
  }
  LLVMPositionBuilderAtEnd(be->b, entry);
  LLVMValueRef *fresh = load_args(F, F->reentry_op);
  /* the runtime says "go on" only with no exception pending; tested here,
   * LLVM knows it in the loop, as it does after the function's own test
   * before its loop, and drops the loop's per-step test of rl_exc_type */
  LLVMValueRef exc = be_load_state(be, be->g_exc_type, "exc");
  LLVMBasicBlockRef go = LLVMAppendBasicBlockInContext(be->ctx, F->fn, "jit.go");
  be_mark_unlikely(be, LLVMBuildCondBr(be->b, LLVMBuildIsNotNull(be->b, exc, ""),
                                       be_propagate_bb(F), go));
  LLVMPositionBuilderAtEnd(be->b, go);
  for (uint32_t a = 2; a < F->reentry_op->nargs; a++)
    if (F->reentry_phis[a]) LLVMAddIncoming(F->reentry_phis[a], &fresh[a], &go, 1);
  LLVMBuildBr(be->b, F->reentry_cont);
}
