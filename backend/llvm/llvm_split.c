/* llvm_split.c — optimization and code generation of a big module in two
 * threads.
 *
 * The passes and the code generator take nearly all of a translation's
 * time, and the machine has two cores. LLVM objects are not shared between
 * threads, but two LLVMContexts may be used by two threads at once: the
 * module is cut in two parts, the second part is copied (through bitcode)
 * into a context of its own, and each part is optimized and compiled to
 * its own object by its own thread; both objects go to the linker.
 *
 * Where to cut: between the graphs too big to inline (be->noinline,
 * llvm_callgraph.c). No inlining crosses such a boundary anyway, so each
 * part optimizes its functions as the whole module would, as long as it
 * has everything they inline. The functions of the module fall in four
 * kinds:
 *  - PART: a noinline graph. Dealt to one part with the other graphs of
 *    its cycle of calls (cutting a cycle changed LLVM's inlining in it:
 *    the Lua interpreter ran 7% more instructions), a cycle at a time by
 *    inline size, the biggest first, each to the lighter part; the other
 *    part declares it.
 *  - MAIN: any other function defined with external linkage or `noinline`
 *    (rl_entry, the JIT's glue). Defined by the first part only.
 *  - SHARED: an internal function whose address is taken (a vtable slot, a
 *    JIT table): defined by the first part, `available_externally` in the
 *    second, which may inline it but calls or points to the first part's.
 *  - COPY: any other internal function: a small function only ever
 *    called. Each part keeps its own internal copy, inlines it and drops
 *    it as usual.
 * Static data is defined by the first part; the second part sees constant
 * objects as `available_externally` (their fields still fold: vtable
 * slots, class ranges, string lengths) and mutable ones as declarations.
 * Whatever one part refers to in the other becomes an external *hidden*
 * symbol named NAME.local (unnamed ones rl.anon.N): never exported from
 * the executable, and, with a '.' in its name, never equal to a C symbol
 * of the runtime or libc.
 *
 * What is lost: interprocedural facts about a noinline graph called from
 * the other part (constants passed to all its calls, attributes inferred
 * from its body), and the merging of identical constants across parts.
 * Neither changed the speed of the benchmarks (docs/STATUS.md).
 *
 * Not split: modules under BE_SPLIT_MIN_INSTS instructions (the copy and
 * the thread would cost more than they save), -g (one compile unit),
 * object-only output (one object is asked for) and --dump=llvm (one
 * module to print). Dropping a body is replacing the function by a
 * declaration with its name, type, calling convention and attributes
 * (LLVM-C cannot delete a body in place); globals likewise. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/BitReader.h>
#include <llvm-c/BitWriter.h>

#include "llvm_internal.h"

enum { BE_SPLIT_MIN_INSTS = 4000 };

typedef enum SplitKind { SK_PART, SK_MAIN, SK_SHARED, SK_COPY } SplitKind;

typedef struct SplitFn {
  LLVMValueRef fn;      /* in be->mod */
  const char *name;     /* its name once promoted */
  uint64_t insts;       /* SK_PART: its inline size (ops), else 0 */
  uint64_t weight;      /* SK_PART: the inline size of its component */
  uintptr_t comp;       /* SK_PART: its call-graph component */
  SplitKind kind;
  bool part1;           /* SK_PART: dealt to the second part */
} SplitFn;

typedef struct Split {
  Be *be;
  SplitFn *fns;         /* the defined functions of be->mod */
  uint32_t n;
  uint64_t total;       /* their instructions, before the passes */
  unsigned anon;        /* unnamed symbols numbered so far */
} Split;

/* ---- deciding ---------------------------------------------------------- */

static bool has_local_linkage(LLVMValueRef g) {
  LLVMLinkage l = LLVMGetLinkage(g);
  return l == LLVMInternalLinkage || l == LLVMPrivateLinkage;
}

static bool has_fn_attr(LLVMValueRef f, const char *name) {
  unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));
  return LLVMGetEnumAttributeAtIndex(f, LLVMAttributeFunctionIndex, kind) != NULL;
}

/* Some use of f is not the callee of a call. */
static bool address_taken(LLVMValueRef f) {
  for (LLVMUseRef u = LLVMGetFirstUse(f); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef user = LLVMGetUser(u);
    if (!LLVMIsACallInst(user)) return true;
    int last = LLVMGetNumOperands(user) - 1;  /* the callee */
    for (int i = 0; i < last; i++)
      if (LLVMGetOperand(user, i) == f) return true;
  }
  return false;
}

static uint64_t fn_insts(LLVMValueRef f) {
  uint64_t n = 0;
  for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(f); b; b = LLVMGetNextBasicBlock(b))
    for (LLVMValueRef i = LLVMGetFirstInstruction(b); i; i = LLVMGetNextInstruction(i))
      n++;
  return n;
}

static SplitKind classify(LLVMValueRef f, const BeMap *parts) {
  if (bemap_get(parts, f)) return SK_PART;
  if (!has_local_linkage(f) || has_fn_attr(f, "noinline")) return SK_MAIN;
  return address_taken(f) ? SK_SHARED : SK_COPY;
}

/* The PART functions of be->mod -> their LLFuncs. */
static void part_fns(Be *be, BeMap *parts) {
  for (unsigned i = 0; i < be->graphs.len; i++) {
    LLFunc *lf = be->graphs.data[i];
    LLVMValueRef f = bemap_get(&be->funcs, lf);
    if (f && bemap_get(&be->noinline, lf)) bemap_put(parts, f, lf);
  }
}

/* Fills S->fns with every defined function, classified. */
static void collect(Split *S) {
  Be *be = S->be;
  BeMap parts = {0};
  part_fns(be, &parts);
  VEC(SplitFn) v = {0};
  for (LLVMValueRef f = LLVMGetFirstFunction(be->mod); f; f = LLVMGetNextFunction(f)) {
    if (LLVMIsDeclaration(f)) continue;
    SplitFn s = {.fn = f, .kind = classify(f, &parts)};
    LLFunc *lf = s.kind == SK_PART ? bemap_get(&parts, f) : NULL;
    if (lf) {
      s.insts = (uintptr_t)bemap_get(&be->noinline, lf);
      s.comp = (uintptr_t)bemap_get(&be->component, lf);
    }
    S->total += fn_insts(f);
    vec_push(&be->scratch, v, s);
  }
  bemap_free(&parts);
  S->fns = v.data;
  S->n = v.len;
}

/* Heaviest component first; a component's functions together. */
static int by_weight_desc(const void *a, const void *b) {
  const SplitFn *x = a, *y = b;
  if (x->weight != y->weight) return x->weight < y->weight ? 1 : -1;
  return x->comp < y->comp ? -1 : x->comp > y->comp;
}

/* Sets each PART function's weight: its component's inline size. */
static void weigh(Split *S) {
  BeMap w = {0};  /* component id -> inline size */
  for (uint32_t i = 0; i < S->n; i++) {
    SplitFn *s = &S->fns[i];
    if (s->kind != SK_PART) continue;
    uintptr_t sum = (uintptr_t)bemap_get(&w, (void *)s->comp) + s->insts;
    bemap_put(&w, (void *)s->comp, (void *)sum);
  }
  for (uint32_t i = 0; i < S->n; i++)
    if (S->fns[i].kind == SK_PART)
      S->fns[i].weight = (uintptr_t)bemap_get(&w, (void *)S->fns[i].comp);
  bemap_free(&w);
  if (S->n) qsort(S->fns, S->n, sizeof *S->fns, by_weight_desc);
}

/* Deals the PART functions to the two parts, a component at a time, each
 * to the lighter part; false when the second part would be empty. */
static bool deal(Split *S) {
  weigh(S);
  uint64_t load[2] = {0, 0};
  bool part1 = false;
  for (uint32_t i = 0; i < S->n; i++) {
    SplitFn *s = &S->fns[i];
    if (s->kind != SK_PART) continue;
    if (i == 0 || s->comp != S->fns[i - 1].comp) {
      part1 = load[1] < load[0];
      load[part1] += s->weight;
    }
    s->part1 = part1;
  }
  return load[1] > 0;
}

/* ---- promoting, dropping ------------------------------------------------ */

/* Makes a local symbol an external hidden NAME.local. */
static void promote(Split *S, LLVMValueRef g) {
  if (!has_local_linkage(g)) return;
  size_t len;
  const char *name = LLVMGetValueName2(g, &len);
  Arena *A = &S->be->scratch;
  char *nn = len ? arena_printf(A, "%.*s.local", (int)len, name)
                 : arena_printf(A, "rl.anon.%u", S->anon++);
  LLVMSetValueName2(g, nn, strlen(nn));
  LLVMSetLinkage(g, LLVMExternalLinkage);
  LLVMSetVisibility(g, LLVMHiddenVisibility);
}

/* Promotes what the other part refers to; records the functions' names. */
static void promote_all(Split *S) {
  for (uint32_t i = 0; i < S->n; i++) {
    SplitFn *s = &S->fns[i];
    if (s->kind != SK_COPY) promote(S, s->fn);
    size_t len;
    const char *name = LLVMGetValueName2(s->fn, &len);
    s->name = arena_strndup(&S->be->scratch, name, len);
  }
  for (LLVMValueRef g = LLVMGetFirstGlobal(S->be->mod); g; g = LLVMGetNextGlobal(g))
    if (!LLVMIsDeclaration(g)) promote(S, g);
}

/* Copies the attributes of `from` at index `idx` to `to`. */
static void copy_attrs(LLVMValueRef from, LLVMValueRef to, LLVMAttributeIndex idx) {
  unsigned n = LLVMGetAttributeCountAtIndex(from, idx);
  LLVMAttributeRef a[64];
  if (!n || n > 64) return;  /* attributes only help optimizing callers */
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
  LLVMSetAlignment(d, LLVMGetAlignment(g));
  LLVMReplaceAllUsesWith(g, d);
  LLVMDeleteGlobal(g);
  LLVMSetValueName2(d, saved, len);
  free(saved);
}

/* The second part: what the first defines becomes a declaration, or
 * available_externally where the second part may use the body. */
static void make_part1(Split *S, LLVMModuleRef m) {
  for (uint32_t i = 0; i < S->n; i++) {
    SplitFn *s = &S->fns[i];
    if (s->kind == SK_COPY || (s->kind == SK_PART && s->part1)) continue;
    LLVMValueRef f = LLVMGetNamedFunction(m, s->name);
    if (!f) continue;
    if (s->kind == SK_SHARED) LLVMSetLinkage(f, LLVMAvailableExternallyLinkage);
    else drop_body(m, f);
  }
  LLVMValueRef g = LLVMGetFirstGlobal(m);
  while (g) {
    LLVMValueRef next = LLVMGetNextGlobal(g);
    if (!LLVMIsDeclaration(g) && LLVMIsGlobalConstant(g))
      LLVMSetLinkage(g, LLVMAvailableExternallyLinkage);
    else if (!LLVMIsDeclaration(g))
      drop_initializer(m, g);
    g = next;
  }
}

/* The first part: it declares the functions dealt to the second. */
static void make_part0(Split *S) {
  for (uint32_t i = 0; i < S->n; i++)
    if (S->fns[i].kind == SK_PART && S->fns[i].part1)
      drop_body(S->be->mod, S->fns[i].fn);
}

/* be->mod's copy in a new context (*ctx); NULL on failure. */
static LLVMModuleRef copy_module(Be *be, LLVMContextRef *ctx) {
  LLVMMemoryBufferRef buf = LLVMWriteBitcodeToMemoryBuffer(be->mod);
  *ctx = LLVMContextCreate();
  LLVMModuleRef m = NULL;
  if (LLVMParseBitcodeInContext2(*ctx, buf, &m)) m = NULL;
  LLVMDisposeMemoryBuffer(buf);
  return m;
}

/* ---- the second thread -------------------------------------------------- */

typedef struct SplitJob {
  LLVMTargetMachineRef tm;
  LLVMModuleRef mod;
  int level;          /* -O level */
  bool gen;           /* --gc=gen: small allocations bump the nursery, not pop Boehm's stacks */
  const char *path;
  char *err;          /* malloc'd message on failure, else NULL */
} SplitJob;

static void *run_job(void *arg) {
  SplitJob *j = arg;
  j->err = be_run_passes(j->mod, j->tm, j->level, true, j->gen);
  if (j->err) return NULL;
  char *msg = NULL;
  if (LLVMTargetMachineEmitToFile(j->tm, j->mod, (char *)j->path,
                                  LLVMObjectFile, &msg)) {
    j->err = strdup(msg ? msg : "?");
    LLVMDisposeMessage(msg);
  }
  return NULL;
}

/* Runs the job in a thread while this one optimizes and writes be->mod to
 * obj0; false after reporting an error. */
static bool run_both(Be *be, SplitJob *job, const char *obj0) {
  pthread_t t;
  bool threaded = pthread_create(&t, NULL, run_job, job) == 0;
  if (!threaded) run_job(job);
  bool ok = be_optimize(be);
  be_stage(be, "llvm codegen");
  ok = ok && be_write_object(be, obj0);
  if (threaded) pthread_join(t, NULL);
  if (job->err) {
    be_error(be, (Loc){0, 0, 0}, "the second part (%s): %s", job->path, job->err);
    free(job->err);
    return false;
  }
  return ok;
}

bool be_split_emit(Be *be, const char *obj0, const char *obj1, bool *two) {
  *two = false;
  Split S = {.be = be};
  collect(&S);
  if (S.total < BE_SPLIT_MIN_INSTS || !deal(&S)) return false;
  promote_all(&S);
  LLVMContextRef ctx;
  LLVMModuleRef copy = copy_module(be, &ctx);
  if (!copy) {
    LLVMContextDispose(ctx);
    return false;
  }
  make_part1(&S, copy);
  make_part0(&S);
  SplitJob job = {.tm = be_new_target_machine(be), .mod = copy,
                  .level = be->opt->opt_level, .gen = be->gc_gen,
                  .path = obj1};
  bool ok = job.tm && run_both(be, &job, obj0);
  if (job.tm) LLVMDisposeTargetMachine(job.tm);
  LLVMDisposeModule(copy);
  LLVMContextDispose(ctx);
  *two = true;
  return ok;
}
