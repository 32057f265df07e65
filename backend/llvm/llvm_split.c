/* llvm_split.c — code generation of a big module in two threads.
 *
 * After the passes, code generation (instruction selection, register
 * allocation, ...) is about half of the translation time, and it works one
 * function at a time: the functions of the optimized module can be
 * compiled in two halves at once, each to its own object file, on the
 * machine's two cores. LLVM objects are not shared between threads, but
 * two LLVMContexts may be used by two threads at once, so the second half
 * lives in a copy of the module in a context of its own.
 *
 * How:
 *  1. every symbol with local linkage (graphs, static data, strings)
 *     becomes an external *hidden* symbol named NAME.local (unnamed ones
 *     rl.anon.N): visible to the other object, never exported from the
 *     executable, and, with a '.' in the name, never equal to a C symbol
 *     of the runtime or libc;
 *  2. the defined functions are dealt to two parts by instruction count,
 *     the biggest first, each to the lighter part;
 *  3. the module is copied through bitcode into a second context;
 *  4. the first module drops the bodies of the second part's functions,
 *     the copy drops those of the first part and turns every global
 *     variable into a declaration (static data is defined once, by the
 *     first object);
 *  5. a second thread writes the copy's object while this one writes the
 *     first; both go to the linker.
 * Dropping a body is replacing the function by a declaration of the same
 * name, type, calling convention and attributes (LLVM-C cannot delete a
 * body in place); globals likewise.
 *
 * Small modules (under BE_SPLIT_MIN_INSTS instructions) are not split: the
 * copy and the thread would cost more than they save. Neither are -g
 * modules nor object-only output (one object is asked for). Code quality is
 * unchanged: the passes ran on the whole module before; a call between the
 * parts is the same direct call (hidden symbols need no PLT or GOT). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/BitReader.h>
#include <llvm-c/BitWriter.h>

#include "llvm_internal.h"

enum { BE_SPLIT_MIN_INSTS = 4000 };

static bool has_local_linkage(LLVMValueRef g) {
  LLVMLinkage l = LLVMGetLinkage(g);
  return l == LLVMInternalLinkage || l == LLVMPrivateLinkage;
}

/* Step 1 for one global value; n numbers the unnamed ones. */
static void promote(Be *be, LLVMValueRef g, unsigned *n) {
  if (LLVMIsDeclaration(g) || !has_local_linkage(g)) return;
  size_t len;
  const char *name = LLVMGetValueName2(g, &len);
  char *nn = len ? arena_printf(&be->scratch, "%.*s.local", (int)len, name)
                 : arena_printf(&be->scratch, "rl.anon.%u", (*n)++);
  LLVMSetValueName2(g, nn, strlen(nn));
  LLVMSetLinkage(g, LLVMExternalLinkage);
  LLVMSetVisibility(g, LLVMHiddenVisibility);
}

static void promote_all(Be *be) {
  unsigned n = 0;
  for (LLVMValueRef f = LLVMGetFirstFunction(be->mod); f; f = LLVMGetNextFunction(f))
    promote(be, f, &n);
  for (LLVMValueRef g = LLVMGetFirstGlobal(be->mod); g; g = LLVMGetNextGlobal(g))
    promote(be, g, &n);
}

static uint64_t fn_insts(LLVMValueRef f) {
  uint64_t n = 0;
  for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(f); b; b = LLVMGetNextBasicBlock(b))
    for (LLVMValueRef i = LLVMGetFirstInstruction(b); i; i = LLVMGetNextInstruction(i))
      n++;
  return n;
}

typedef struct SplitFn {
  LLVMValueRef fn;
  uint64_t insts;
} SplitFn;

static int by_insts_desc(const void *a, const void *b) {
  uint64_t x = ((const SplitFn *)a)->insts, y = ((const SplitFn *)b)->insts;
  return x < y ? 1 : x > y ? -1 : 0;
}

/* The defined functions, biggest first; *total: their instructions. */
static SplitFn *defined_fns(Be *be, uint32_t *count, uint64_t *total) {
  VEC(SplitFn) v = {0};
  *total = 0;
  for (LLVMValueRef f = LLVMGetFirstFunction(be->mod); f; f = LLVMGetNextFunction(f)) {
    if (LLVMIsDeclaration(f)) continue;
    SplitFn s = {f, fn_insts(f)};
    *total += s.insts;
    vec_push(&be->scratch, v, s);
  }
  if (v.len) qsort(v.data, v.len, sizeof *v.data, by_insts_desc);
  *count = v.len;
  return v.data;
}

/* Copies the attributes of `from` at index `idx` to `to`. */
static void copy_attrs(LLVMValueRef from, LLVMValueRef to, LLVMAttributeIndex idx) {
  unsigned n = LLVMGetAttributeCountAtIndex(from, idx);
  if (!n) return;
  LLVMAttributeRef a[64];
  if (n > 64) return;  /* attributes only help the optimizer, which is done */
  LLVMGetAttributesAtIndex(from, idx, a);
  for (unsigned i = 0; i < n; i++) LLVMAddAttributeAtIndex(to, idx, a[i]);
}

/* Replaces function f of m by a declaration with its name, type, calling
 * convention and attributes. */
static void drop_body(LLVMModuleRef m, LLVMValueRef f) {
  size_t len;
  const char *name = LLVMGetValueName2(f, &len);
  char *saved = strndup(name, len);
  if (!saved) rt_oom();
  LLVMValueRef d = LLVMAddFunction(m, "", LLVMGlobalGetValueType(f));
  LLVMSetFunctionCallConv(d, LLVMGetFunctionCallConv(f));
  copy_attrs(f, d, LLVMAttributeFunctionIndex);
  copy_attrs(f, d, LLVMAttributeReturnIndex);
  for (unsigned i = 1; i <= LLVMCountParams(f); i++) copy_attrs(f, d, i);
  LLVMSetVisibility(d, LLVMHiddenVisibility);
  LLVMReplaceAllUsesWith(f, d);
  LLVMDeleteFunction(f);
  LLVMSetValueName2(d, saved, len);
  free(saved);
}

/* Replaces the global variable g of m by a declaration of the same name
 * and type. */
static void drop_initializer(LLVMModuleRef m, LLVMValueRef g) {
  size_t len;
  const char *name = LLVMGetValueName2(g, &len);
  char *saved = strndup(name, len);
  if (!saved) rt_oom();
  LLVMValueRef d = LLVMAddGlobal(m, LLVMGlobalGetValueType(g), "");
  LLVMSetVisibility(d, LLVMGetVisibility(g));
  LLVMSetGlobalConstant(d, LLVMIsGlobalConstant(g));
  LLVMSetAlignment(d, LLVMGetAlignment(g));
  LLVMReplaceAllUsesWith(g, d);
  LLVMDeleteGlobal(g);
  LLVMSetValueName2(d, saved, len);
  free(saved);
}

/* The module's copy in a new context (*ctx); NULL on failure. */
static LLVMModuleRef copy_module(Be *be, LLVMContextRef *ctx) {
  LLVMMemoryBufferRef buf = LLVMWriteBitcodeToMemoryBuffer(be->mod);
  *ctx = LLVMContextCreate();
  LLVMModuleRef m = NULL;
  if (LLVMParseBitcodeInContext2(*ctx, buf, &m)) m = NULL;
  LLVMDisposeMemoryBuffer(buf);
  return m;
}

/* Step 4 on the copy: keep the functions named in `keep` (part 1). */
static void strip_copy(Be *be, LLVMModuleRef m, SplitFn *fns, uint32_t n,
                       const bool *part1) {
  BeMap keep = {0};
  for (uint32_t i = 0; i < n; i++) {
    if (!part1[i]) continue;
    size_t len;
    const char *name = LLVMGetValueName2(fns[i].fn, &len);
    LLVMValueRef c = LLVMGetNamedFunction(m, arena_strndup(&be->scratch, name, len));
    if (c) bemap_put(&keep, c, (void *)1);
  }
  LLVMValueRef f = LLVMGetFirstFunction(m);
  while (f) {
    LLVMValueRef next = LLVMGetNextFunction(f);
    if (!LLVMIsDeclaration(f) && !bemap_get(&keep, f)) drop_body(m, f);
    f = next;
  }
  bemap_free(&keep);
  LLVMValueRef g = LLVMGetFirstGlobal(m);
  while (g) {
    LLVMValueRef next = LLVMGetNextGlobal(g);
    if (!LLVMIsDeclaration(g)) drop_initializer(m, g);
    g = next;
  }
}

typedef struct SplitJob {
  LLVMTargetMachineRef tm;
  LLVMModuleRef mod;
  const char *path;
  char *err;          /* LLVM's message on failure, else NULL */
} SplitJob;

static void *emit_job(void *arg) {
  SplitJob *j = arg;
  if (!LLVMTargetMachineEmitToFile(j->tm, j->mod, (char *)j->path,
                                   LLVMObjectFile, &j->err))
    j->err = NULL;
  return NULL;
}

/* Deals the functions to two parts (part1[i] for fns[i]); false when one
 * part would be empty. */
static bool deal(SplitFn *fns, uint32_t n, bool *part1) {
  uint64_t load[2] = {0, 0};
  for (uint32_t i = 0; i < n; i++) {
    part1[i] = load[1] < load[0];
    load[part1[i]] += fns[i].insts;
  }
  return load[0] && load[1];
}

/* Writes the second part's object (already stripped) in a thread while this
 * thread writes the first; false after reporting an error. */
static bool emit_both(Be *be, LLVMModuleRef copy, const char *obj0,
                      const char *obj1) {
  SplitJob job = {.tm = be_new_target_machine(be), .mod = copy, .path = obj1};
  if (!job.tm) return false;
  pthread_t t;
  bool threaded = pthread_create(&t, NULL, emit_job, &job) == 0;
  if (!threaded) emit_job(&job);
  bool ok = be_write_object(be, obj0);
  if (threaded) pthread_join(t, NULL);
  LLVMDisposeTargetMachine(job.tm);
  if (job.err) {
    be_error(be, (Loc){0, 0, 0}, "cannot write %s: %s", obj1, job.err);
    LLVMDisposeMessage(job.err);
    return false;
  }
  return ok;
}

bool be_write_objects(Be *be, const char *obj0, const char *obj1, bool *two) {
  *two = false;
  uint32_t n;
  uint64_t total;
  SplitFn *fns = defined_fns(be, &n, &total);
  bool *part1 = n ? arena_alloc_array(&be->scratch, n, sizeof *part1) : NULL;
  if (be->opt->debug || total < BE_SPLIT_MIN_INSTS || !deal(fns, n, part1))
    return be_write_object(be, obj0);
  promote_all(be);
  LLVMContextRef ctx;
  LLVMModuleRef copy = copy_module(be, &ctx);
  if (!copy) {
    LLVMContextDispose(ctx);
    return be_write_object(be, obj0);
  }
  strip_copy(be, copy, fns, n, part1);
  for (uint32_t i = 0; i < n; i++)
    if (part1[i]) drop_body(be->mod, fns[i].fn);
  bool ok = emit_both(be, copy, obj0, obj1);
  LLVMDisposeModule(copy);
  LLVMContextDispose(ctx);
  *two = true;
  return ok;
}
