/* llvm_alloc.c — small fixed-size allocations made inline, after the passes.
 *
 * Generated code allocates through rt_gc_new / rt_gc_new_atomic, which
 * llvm_emit.c declares as allocation functions (noalias, zeroed,
 * allocsize). While the passes run, that is what lets LLVM delete an
 * object that never escapes and keep its fields in registers (SROA): a
 * pointer popped from a free-list stack inline would be just a loaded
 * pointer, which every call in a loop may reach (bf.rl's Tape: its fields
 * were loaded again after each command; long.b --no-jit 6% slower).
 *
 * After the passes, each call that is left with a constant size of at
 * most RT_GC_SMALL becomes the inline pop of rt_gc.h — n = stack.n; if n:
 * n -= 1, take stack.obj[n]; else call rt_gc_new — through an internal
 * alwaysinline function per (kind, size) that the always-inline pass
 * puts in place. The caller's test for NULL (MemoryError) and its store
 * of the header stay as they were. JIT portals too: their hook passes the
 * refs as nocapture arguments (llvm_jit.c), so the objects the portal
 * allocates do not escape through it. With --gc=gen the same calls (of at
 * most a quarter chunk) become the nursery's bump instead — p =
 * rt_gc_nursery.free; if p + size <= top: free = p + size, the header at
 * p; else call rt_gc_new —, the header written there since generated
 * code does not restate it under --gc=gen; and so do the calls of
 * rt_gc_new_varsize* with a constant shape, the size computed inline
 * (Lua's fib.lua --no-jit -5%, json.lua -5%). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Transforms/PassBuilder.h>

#include "llvm_internal.h"
#include "runtime/rt_gc.h"

typedef struct Lower {
  LLVMModuleRef m;
  LLVMContextRef ctx;
  LLVMTypeRef i64, ptr, fty;       /* ptr (i64 hdr, i64 size) */
  LLVMValueRef news[2];            /* rt_gc_new, rt_gc_new_atomic */
  LLVMValueRef varsizes[2];        /* rt_gc_new_varsize, rt_gc_new_varsize_atomic */
  LLVMTypeRef vfty;                /* ptr (i64 hdr, fixed, itemsize, n, lenofs) */
  bool bump;                       /* --gc=gen: the nursery's bump, not Boehm's pop */
} Lower;

static Lower lower_of(LLVMModuleRef m) {
  Lower L = {.m = m, .ctx = LLVMGetModuleContext(m)};
  L.i64 = LLVMInt64TypeInContext(L.ctx);
  L.ptr = LLVMPointerTypeInContext(L.ctx, 0);
  L.fty = LLVMFunctionType(L.ptr, (LLVMTypeRef[]){L.i64, L.i64}, 2, 0);
  L.news[0] = LLVMGetNamedFunction(m, "rt_gc_new");
  L.news[1] = LLVMGetNamedFunction(m, "rt_gc_new_atomic");
  L.varsizes[0] = LLVMGetNamedFunction(m, "rt_gc_new_varsize");
  L.varsizes[1] = LLVMGetNamedFunction(m, "rt_gc_new_varsize_atomic");
  L.vfty = LLVMFunctionType(L.ptr, (LLVMTypeRef[]){L.i64, L.i64, L.i64, L.i64, L.i64}, 5, 0);
  return L;
}

static LLVMValueRef k64(const Lower *L, uint64_t v) { return LLVMConstInt(L->i64, v, 0); }

static LLVMValueRef stacks_global(const Lower *L) {
  LLVMValueRef g = LLVMGetNamedGlobal(L->m, "rt_gc_small");
  return g ? g : LLVMAddGlobal(L->m, LLVMInt8TypeInContext(L->ctx), "rt_gc_small");
}


/* Branch br's condition is rarely true (the slow path: a call). */
static void likely_false(const Lower *L, LLVMValueRef br) {
  LLVMTypeRef i32 = LLVMInt32TypeInContext(L->ctx);
  LLVMMetadataRef w[3] = {LLVMMDStringInContext2(L->ctx, "branch_weights", 14),
                          LLVMValueAsMetadata(LLVMConstInt(i32, 1, 0)),
                          LLVMValueAsMetadata(LLVMConstInt(i32, 2000, 0))};
  LLVMSetMetadata(br, LLVMGetMDKindIDInContext(L->ctx, "prof", 4),
                  LLVMMetadataAsValue(L->ctx, LLVMMDNodeInContext2(L->ctx, w, 3)));
}

/* The body: the pop of rt_gc.h, or the call when the stack is empty. */
static void build_pop(const Lower *L, LLVMValueRef fn, int atomic, uint64_t size) {
  LLVMBuilderRef b = LLVMCreateBuilderInContext(L->ctx);
  LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(L->ctx, fn, "");
  LLVMBasicBlockRef pop = LLVMAppendBasicBlockInContext(L->ctx, fn, "pop");
  LLVMBasicBlockRef call = LLVMAppendBasicBlockInContext(L->ctx, fn, "refill");
  LLVMPositionBuilderAtEnd(b, entry);
  uint64_t off = ((atomic ? RT_GC_SMALL_CLASSES : 0) + rt_gc_small_class(size)) * sizeof(RtGcStack);
  LLVMValueRef stack = LLVMBuildInBoundsGEP2(b, LLVMInt8TypeInContext(L->ctx), stacks_global(L),
                                             &(LLVMValueRef){k64(L, off)}, 1, "");
  LLVMValueRef n = LLVMBuildLoad2(b, L->i64, stack, "");
  likely_false(L, LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, n, k64(L, 0), ""), call, pop));
  LLVMPositionBuilderAtEnd(b, pop);
  LLVMValueRef n1 = LLVMBuildSub(b, n, k64(L, 1), "");
  LLVMBuildStore(b, n1, stack);
  LLVMValueRef at = LLVMBuildAdd(b, LLVMBuildShl(b, n1, k64(L, 3), ""),
                                 k64(L, offsetof(RtGcStack, obj)), "");
  LLVMValueRef slot = LLVMBuildInBoundsGEP2(b, LLVMInt8TypeInContext(L->ctx), stack, &at, 1, "");
  LLVMBuildRet(b, LLVMBuildLoad2(b, L->ptr, slot, ""));
  LLVMPositionBuilderAtEnd(b, call);
  LLVMValueRef args[2] = {LLVMGetParam(fn, 0), k64(L, size)};
  LLVMBuildRet(b, LLVMBuildCall2(b, L->fty, L->news[atomic], args, 2, ""));
  LLVMDisposeBuilder(b);
}

static LLVMValueRef nursery_global(const Lower *L) {
  LLVMValueRef g = LLVMGetNamedGlobal(L->m, "rt_gc_nursery");
  return g ? g : LLVMAddGlobal(L->m, LLVMStructTypeInContext(L->ctx, (LLVMTypeRef[]){L->ptr, L->ptr}, 2, 0),
                               "rt_gc_nursery");
}

/* The body with --gc=gen: the bump of rt_gc.h (rt_gc_nursery) — the
 * header written here, the memory is zeroed —, or the call when the
 * chunk is full. */
static void build_bump(const Lower *L, LLVMValueRef fn, int atomic, uint64_t size) {
  LLVMBuilderRef b = LLVMCreateBuilderInContext(L->ctx);
  LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(L->ctx, fn, "");
  LLVMBasicBlockRef bump = LLVMAppendBasicBlockInContext(L->ctx, fn, "bump");
  LLVMBasicBlockRef call = LLVMAppendBasicBlockInContext(L->ctx, fn, "full");
  LLVMTypeRef i8 = LLVMInt8TypeInContext(L->ctx);
  LLVMPositionBuilderAtEnd(b, entry);
  LLVMValueRef nur = nursery_global(L);
  LLVMValueRef topp = LLVMBuildInBoundsGEP2(b, i8, nur, &(LLVMValueRef){k64(L, offsetof(RtGcNursery, top))},
                                            1, "");
  LLVMValueRef p = LLVMBuildLoad2(b, L->ptr, nur, "");
  LLVMValueRef top = LLVMBuildLoad2(b, L->ptr, topp, "");
  uint64_t n = (size < 16 ? 16 : size + 7) & ~(uint64_t)7;
  LLVMValueRef np = LLVMBuildGEP2(b, i8, p, &(LLVMValueRef){k64(L, n)}, 1, "");
  LLVMValueRef full = LLVMBuildICmp(b, LLVMIntUGT, np, top, "");
  likely_false(L, LLVMBuildCondBr(b, full, call, bump));
  LLVMPositionBuilderAtEnd(b, bump);
  LLVMBuildStore(b, np, nur);
  LLVMBuildStore(b, LLVMGetParam(fn, 0), p);
  LLVMBuildRet(b, p);
  LLVMPositionBuilderAtEnd(b, call);
  LLVMValueRef args[2] = {LLVMGetParam(fn, 0), k64(L, size)};
  LLVMBuildRet(b, LLVMBuildCall2(b, L->fty, L->news[atomic], args, 2, ""));
  LLVMDisposeBuilder(b);
}

/* With --gc=gen, a varsize allocation of constant shape: the bump for
 * fixed + n * itemsize bytes (rounded up to 8, at least 16) when 0 <= n
 * and that is at most a quarter chunk, the header and the length (at
 * lenofs) written; else the call. */
static void build_bump_varsize(const Lower *L, LLVMValueRef fn, int atomic, uint64_t fixed,
                               uint64_t itemsize, uint64_t lenofs) {
  LLVMBuilderRef b = LLVMCreateBuilderInContext(L->ctx);
  LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(L->ctx, fn, "");
  LLVMBasicBlockRef room = LLVMAppendBasicBlockInContext(L->ctx, fn, "room");
  LLVMBasicBlockRef bump = LLVMAppendBasicBlockInContext(L->ctx, fn, "bump");
  LLVMBasicBlockRef call = LLVMAppendBasicBlockInContext(L->ctx, fn, "call");
  LLVMTypeRef i8 = LLVMInt8TypeInContext(L->ctx);
  LLVMValueRef hdr = LLVMGetParam(fn, 0), n = LLVMGetParam(fn, 1);
  LLVMPositionBuilderAtEnd(b, entry);
  uint64_t max_n = fixed >= RT_GC_CHUNK / 4 ? 0 : (RT_GC_CHUNK / 4 - 8 - fixed) / itemsize;
  LLVMValueRef small = LLVMBuildICmp(b, LLVMIntULE, n, k64(L, max_n), "");  /* n < 0: huge */
  likely_false(L, LLVMBuildCondBr(b, LLVMBuildNot(b, small, ""), call, room));
  LLVMPositionBuilderAtEnd(b, room);
  LLVMValueRef size = LLVMBuildAdd(b, LLVMBuildMul(b, n, k64(L, itemsize), ""), k64(L, fixed + 7), "");
  size = LLVMBuildAnd(b, size, k64(L, ~(uint64_t)7), "");
  if (fixed < 16) {
    LLVMValueRef lt = LLVMBuildICmp(b, LLVMIntULT, size, k64(L, 16), "");
    size = LLVMBuildSelect(b, lt, k64(L, 16), size, "");
  }
  LLVMValueRef nur = nursery_global(L);
  LLVMValueRef topp = LLVMBuildInBoundsGEP2(b, i8, nur, &(LLVMValueRef){k64(L, offsetof(RtGcNursery, top))},
                                            1, "");
  LLVMValueRef p = LLVMBuildLoad2(b, L->ptr, nur, "");
  LLVMValueRef top = LLVMBuildLoad2(b, L->ptr, topp, "");
  LLVMValueRef np = LLVMBuildGEP2(b, i8, p, &size, 1, "");
  likely_false(L, LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntUGT, np, top, ""), call, bump));
  LLVMPositionBuilderAtEnd(b, bump);
  LLVMBuildStore(b, np, nur);
  LLVMBuildStore(b, hdr, p);
  LLVMValueRef lp = LLVMBuildInBoundsGEP2(b, i8, p, &(LLVMValueRef){k64(L, lenofs)}, 1, "");
  LLVMBuildStore(b, n, lp);
  LLVMBuildRet(b, p);
  LLVMPositionBuilderAtEnd(b, call);
  LLVMValueRef args[5] = {hdr, k64(L, fixed), k64(L, itemsize), n, k64(L, lenofs)};
  LLVMBuildRet(b, LLVMBuildCall2(b, L->vfty, L->varsizes[atomic], args, 5, ""));
  LLVMDisposeBuilder(b);
}

static LLVMValueRef bump_varsize_function(const Lower *L, int atomic, uint64_t fixed,
                                          uint64_t itemsize, uint64_t lenofs) {
  char name[80];
  snprintf(name, sizeof name, "rl.gc_bumpv.%s%u.%u.%u", atomic ? "atomic." : "", (unsigned)fixed,
           (unsigned)itemsize, (unsigned)lenofs);
  LLVMValueRef fn = LLVMGetNamedFunction(L->m, name);
  if (fn) return fn;
  fn = LLVMAddFunction(L->m, name, LLVMFunctionType(L->ptr, (LLVMTypeRef[]){L->i64, L->i64}, 2, 0));
  LLVMSetLinkage(fn, LLVMInternalLinkage);
  unsigned kind = LLVMGetEnumAttributeKindForName("alwaysinline", 12);
  LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, LLVMCreateEnumAttribute(L->ctx, kind, 0));
  build_bump_varsize(L, fn, atomic, fixed, itemsize, lenofs);
  return fn;
}

/* Which of the varsize calls i is with a constant shape (fixed, itemsize,
 * a length word), else -1. */
static int varsize_call(const Lower *L, LLVMValueRef i, uint64_t shape[3]) {
  if (!L->bump || !LLVMIsACallInst(i) || LLVMGetNumArgOperands(i) != 5) return -1;
  LLVMValueRef callee = LLVMGetCalledValue(i);
  int atomic = callee == L->varsizes[0] ? 0 : callee == L->varsizes[1] ? 1 : -1;
  if (atomic < 0) return -1;
  static const unsigned ops[3] = {1, 2, 4};
  for (int k = 0; k < 3; k++) {
    LLVMValueRef c = LLVMGetOperand(i, ops[k]);
    if (!LLVMIsAConstantInt(c)) return -1;
    shape[k] = LLVMConstIntGetZExtValue(c);
  }
  bool ok = shape[1] > 0 && shape[1] <= 8 && shape[2] < shape[0] && shape[0] <= RT_GC_CHUNK / 4;
  return ok ? atomic : -1;
}

static LLVMValueRef pop_function(const Lower *L, int atomic, uint64_t size) {
  char name[48];
  snprintf(name, sizeof name, "rl.gc_%s.%s%u", L->bump ? "bump" : "pop", atomic ? "atomic." : "",
           (unsigned)size);
  LLVMValueRef fn = LLVMGetNamedFunction(L->m, name);
  if (fn) return fn;
  fn = LLVMAddFunction(L->m, name, LLVMFunctionType(L->ptr, (LLVMTypeRef[]){L->i64}, 1, 0));
  LLVMSetLinkage(fn, LLVMInternalLinkage);
  unsigned kind = LLVMGetEnumAttributeKindForName("alwaysinline", 12);
  LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
                          LLVMCreateEnumAttribute(L->ctx, kind, 0));
  if (L->bump) build_bump(L, fn, atomic, size);
  else build_pop(L, fn, atomic, size);
  return fn;
}

/* Which of rt_gc_new / rt_gc_new_atomic call i makes with a small
 * constant size (through *size), else -1. */
static int small_new_call(const Lower *L, LLVMValueRef i, uint64_t *size) {
  if (!LLVMIsACallInst(i) || LLVMGetNumArgOperands(i) != 2) return -1;
  LLVMValueRef callee = LLVMGetCalledValue(i);
  int atomic = callee == L->news[0] ? 0 : callee == L->news[1] ? 1 : -1;
  LLVMValueRef sz = LLVMGetOperand(i, 1);
  if (atomic < 0 || !LLVMIsAConstantInt(sz)) return -1;
  *size = LLVMConstIntGetZExtValue(sz);
  return *size > 0 && *size <= (L->bump ? RT_GC_CHUNK / 4 - 8 : RT_GC_SMALL) ? atomic : -1;
}

/* Replaces the small calls of one function; true when there was one. */
static bool lower_function(Lower *L, LLVMValueRef fn, LLVMBuilderRef b) {
  bool any = false;
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb)) {
    LLVMValueRef next;
    for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = next) {
      next = LLVMGetNextInstruction(i);
      uint64_t size, shape[3];
      int vatomic = varsize_call(L, i, shape);
      if (vatomic >= 0) {
        LLVMPositionBuilderBefore(b, i);
        LLVMValueRef fn2 = bump_varsize_function(L, vatomic, shape[0], shape[1], shape[2]);
        LLVMValueRef args[2] = {LLVMGetOperand(i, 0), LLVMGetOperand(i, 3)};
        LLVMValueRef c = LLVMBuildCall2(b, LLVMGlobalGetValueType(fn2), fn2, args, 2, "");
        LLVMReplaceAllUsesWith(i, c);
        LLVMInstructionEraseFromParent(i);
        any = true;
        continue;
      }
      int atomic = small_new_call(L, i, &size);
      if (atomic < 0) continue;
      LLVMPositionBuilderBefore(b, i);
      LLVMValueRef hdr = LLVMGetOperand(i, 0);
      LLVMValueRef fn2 = pop_function(L, atomic, size);
      LLVMValueRef c = LLVMBuildCall2(b, LLVMGlobalGetValueType(fn2), fn2, &hdr, 1, "");
      LLVMReplaceAllUsesWith(i, c);
      LLVMInstructionEraseFromParent(i);
      any = true;
    }
  }
  return any;
}

char *be_lower_small_news(LLVMModuleRef m, LLVMTargetMachineRef tm, bool gen) {
  Lower L = lower_of(m);
  L.bump = gen;
  if (!L.news[0] && !L.news[1] && !L.varsizes[0] && !L.varsizes[1]) return NULL;
  LLVMBuilderRef b = LLVMCreateBuilderInContext(L.ctx);
  bool any = false;
  for (LLVMValueRef fn = LLVMGetFirstFunction(m); fn; fn = LLVMGetNextFunction(fn))
    if (LLVMCountBasicBlocks(fn) && strncmp(LLVMGetValueName(fn), "rl.gc_", 6) != 0)
      any |= lower_function(&L, fn, b);
  LLVMDisposeBuilder(b);
  if (!any) return NULL;
  LLVMPassBuilderOptionsRef po = LLVMCreatePassBuilderOptions();
  LLVMErrorRef e = LLVMRunPasses(m, "always-inline", tm, po);
  LLVMDisposePassBuilderOptions(po);
  if (!e) return NULL;
  char *msg = LLVMGetErrorMessage(e);
  char *copy = strdup(msg);
  LLVMDisposeErrorMessage(msg);
  if (!copy) rt_oom();
  return copy;
}
