/* jit_llvm.c — the LLVM handle (dlopen + dlsym of jit_llvm_api.def), the
 * backend (one LLJIT at codegen level None) and the compile driver: build
 * a module for the trace, add it under its own resource tracker, look up
 * its function. Contract: jit_llvm.h. */
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jit_llvm_impl.h"
#include "rt_layout.h"

/* ---- the handle: the module's only global state ------------------------------ */
static struct {
  int state;                      /* 0 untried, 1 loaded, -1 failed */
  bool reported;                  /* the failure was said on stderr */
  char why[256];
  JitLlvmApi api;
} g_llvm;

static void *open_llvm(char *why, size_t n) {
  const char *env = getenv("RTRANS_LIBLLVM");
  if (env && *env) {
    void *h = dlopen(env, RTLD_NOW | RTLD_LOCAL);
    if (!h) snprintf(why, n, "%s", dlerror());
    return h;
  }
  static const char *const paths[] = {
    "libLLVM.so.19.1", "/usr/lib/x86_64-linux-gnu/libLLVM.so.19.1",
    "/usr/lib/llvm-19/lib/libLLVM.so.19.1"};
  for (size_t k = 0; k < sizeof paths / sizeof paths[0]; k++) {
    void *h = dlopen(paths[k], RTLD_NOW | RTLD_LOCAL);
    if (h) return h;
    if (k == 0) snprintf(why, n, "%s", dlerror());
  }
  return NULL;
}

static bool load_symbols(JitLlvmApi *A, char *why, size_t n) {
#define JITL_FN(name)                                                        \
  *(void **)&A->name = dlsym(A->dl, #name);                                  \
  if (!A->name) { snprintf(why, n, "no symbol %s in libLLVM", #name); return false; }
#include "jit_llvm_api.def"
#undef JITL_FN
  return true;
}

static bool load_llvm(JitLlvmApi *A, char *why, size_t n) {
  A->dl = open_llvm(why, n);
  if (!A->dl || !load_symbols(A, why, n)) return false;
  A->LLVMInitializeX86TargetInfo();
  A->LLVMInitializeX86Target();
  A->LLVMInitializeX86TargetMC();
  A->LLVMInitializeX86AsmPrinter();
  return true;
}

const JitLlvmApi *jitl_api(bool report, char *err, size_t errlen) {
  if (g_llvm.state == 0)
    g_llvm.state = load_llvm(&g_llvm.api, g_llvm.why, sizeof g_llvm.why) ? 1 : -1;
  if (g_llvm.state < 0 && report && !g_llvm.reported) {
    g_llvm.reported = true;
    fprintf(stderr, "rtrans: JIT: cannot load LLVM (%s); running interpreted\n", g_llvm.why);
  }
  if (g_llvm.state > 0) return &g_llvm.api;
  if (err) snprintf(err, errlen, "LLVM not available: %s", g_llvm.why);
  return NULL;
}

bool jitl_available(void) { return jitl_api(false, NULL, 0) != NULL; }

void jitl_config_init(JitCodegenConfig *cfg) {
  memset(cfg, 0, sizeof *cfg);
  cfg->vtable_ofs = RL_OBJECT_OFS_typeptr;
  cfg->str_len_ofs = RL_STR_OFS_chars;     /* the length word precedes chars */
  cfg->str_chars_ofs = RL_STR_ITEMS_chars;
}

/* ---- the backend --------------------------------------------------------------- */
static bool llvm_ok(const JitLlvmApi *L, LLVMErrorRef e, char *err, size_t errlen) {
  if (!e) return true;
  char *m = L->LLVMGetErrorMessage(e);
  if (err) snprintf(err, errlen, "%s", m);
  L->LLVMDisposeErrorMessage(m);
  return false;
}

/* A target machine for the host at that codegen level, as a JTMB. */
static LLVMOrcJITTargetMachineBuilderRef host_jtmb(const JitLlvmApi *L, unsigned level,
                                                    char *err, size_t errlen) {
  char *triple = L->LLVMGetDefaultTargetTriple(), *msg = NULL;
  LLVMTargetRef target;
  if (L->LLVMGetTargetFromTriple(triple, &target, &msg)) {
    snprintf(err, errlen, "target %s: %s", triple, msg ? msg : "?");
    L->LLVMDisposeMessage(msg);
    L->LLVMDisposeMessage(triple);
    return NULL;
  }
  char *cpu = L->LLVMGetHostCPUName(), *feat = L->LLVMGetHostCPUFeatures();
  LLVMTargetMachineRef tm =
      L->LLVMCreateTargetMachine(target, triple, cpu, feat,
                                 level > 3 ? LLVMCodeGenLevelAggressive : (LLVMCodeGenOptLevel)level,
                                 LLVMRelocDefault, LLVMCodeModelJITDefault);
  L->LLVMDisposeMessage(cpu);
  L->LLVMDisposeMessage(feat);
  L->LLVMDisposeMessage(triple);
  return L->LLVMOrcJITTargetMachineBuilderCreateFromTargetMachine(tm);
}

static bool make_lljit(JitBackend *be, char *err, size_t errlen) {
  const JitLlvmApi *L = be->L;
  LLVMOrcJITTargetMachineBuilderRef jtmb = host_jtmb(L, be->cfg.codegen_level, err, errlen);
  if (!jtmb) return false;
  LLVMOrcLLJITBuilderRef b = L->LLVMOrcCreateLLJITBuilder();
  L->LLVMOrcLLJITBuilderSetJITTargetMachineBuilder(b, jtmb);
  if (!llvm_ok(L, L->LLVMOrcCreateLLJIT(&be->jit, b), err, errlen)) return false;
  be->jd = L->LLVMOrcLLJITGetMainJITDylib(be->jit);
  be->dl_str = strdup(L->LLVMOrcLLJITGetDataLayoutStr(be->jit));
  be->triple = strdup(L->LLVMOrcLLJITGetTripleString(be->jit));
  return be->dl_str && be->triple;
}

JitBackend *jitl_backend_new(const JitCodegenConfig *cfg) {
  char err[256];
  const JitLlvmApi *L = jitl_api(true, NULL, 0);
  if (!L) return NULL;
  JitBackend *be = calloc(1, sizeof *be);
  if (!be) return NULL;
  be->L = L;
  be->cfg = *cfg;
  if (cfg->ir_passes && *cfg->ir_passes) be->passes = strdup(cfg->ir_passes);
  be->cfg.ir_passes = be->passes;
  if (!make_lljit(be, err, sizeof err)) {
    fprintf(stderr, "rtrans: JIT: cannot set up LLVM's JIT (%s); running interpreted\n", err);
    jitl_backend_free(be);
    return NULL;
  }
  return be;
}

static void remove_tracker(const JitLlvmApi *L, LLVMOrcResourceTrackerRef rt) {
  LLVMErrorRef e = L->LLVMOrcResourceTrackerRemove(rt);
  if (e) L->LLVMConsumeError(e);
  L->LLVMOrcReleaseResourceTracker(rt);
}

static void remove_code(const JitLlvmApi *L, JitCode *code) {
  if (code->rt) remove_tracker(L, code->rt);
  free(code);
}

void jitl_backend_free(JitBackend *be) {
  if (!be) return;
  for (uint32_t k = 0; k < be->nlive; k++) remove_code(be->L, be->live[k]);
  if (be->jit) {
    LLVMErrorRef e = be->L->LLVMOrcDisposeLLJIT(be->jit);
    if (e) be->L->LLVMConsumeError(e);
  }
  free(be->live);
  free(be->passes);
  free(be->dl_str);
  free(be->triple);
  free(be);
}

/* ---- compiling one trace ----------------------------------------------------------- */
static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static bool verify_module(JitEmit *E) {
  char *msg = NULL;
  if (!E->L->LLVMVerifyModule(E->M, LLVMReturnStatusAction, &msg)) {
    E->L->LLVMDisposeMessage(msg);
    return true;
  }
  jitl_fail(E, "LLVM verifier: %s", msg ? msg : "?");
  E->L->LLVMDisposeMessage(msg);
  return false;
}

static bool run_passes(JitEmit *E, const char *passes) {
  LLVMPassBuilderOptionsRef o = E->L->LLVMCreatePassBuilderOptions();
  LLVMErrorRef e = E->L->LLVMRunPasses(E->M, passes, NULL, o);
  E->L->LLVMDisposePassBuilderOptions(o);
  char msg[256];
  if (llvm_ok(E->L, e, msg, sizeof msg)) return true;
  jitl_fail(E, "IR passes '%s': %s", passes, msg);
  return false;
}

static void dump_module(JitEmit *E) {
  char *s = E->L->LLVMPrintModuleToString(E->M);
  fputs(s, stderr);
  E->L->LLVMDisposeMessage(s);
}

static void emit_free(JitEmit *E) {
  free(E->val);
  free(E->cond);
  free(E->ival);
  free(E->exit_slot);
  free(E->uniform);
  free(E->label_phi);
  free(E->exits);
  free(E->chain);
}

/* Builds the module in a fresh thread-safe context; NULL on failure. */
static LLVMOrcThreadSafeModuleRef build_module(JitBackend *be, JitEmit *E,
                                               const char *name) {
  const JitLlvmApi *L = be->L;
  LLVMOrcThreadSafeContextRef tsc = L->LLVMOrcCreateNewThreadSafeContext();
  E->C = L->LLVMOrcThreadSafeContextGetContext(tsc);
  E->M = L->LLVMModuleCreateWithNameInContext(name, E->C);
  L->LLVMSetDataLayout(E->M, be->dl_str);
  L->LLVMSetTarget(E->M, be->triple);
  E->B = L->LLVMCreateBuilderInContext(E->C);
  bool ok = jitl_emit_trace(E, name);
  L->LLVMDisposeBuilder(E->B);
  if (ok && be->cfg.dump_ir) dump_module(E);
  if (ok && be->cfg.verify) ok = verify_module(E);
  if (ok && be->passes) ok = run_passes(E, be->passes);
  if (!ok) {
    L->LLVMDisposeModule(E->M);
    L->LLVMOrcDisposeThreadSafeContext(tsc);
    return NULL;
  }
  LLVMOrcThreadSafeModuleRef tsm = L->LLVMOrcCreateNewThreadSafeModule(E->M, tsc);
  L->LLVMOrcDisposeThreadSafeContext(tsc);  /* the module holds it */
  return tsm;
}

static bool track(JitBackend *be, JitCode *code) {
  if (be->nlive == be->livecap) {
    uint32_t cap = be->livecap ? be->livecap * 2 : 16;
    JitCode **p = realloc(be->live, cap * sizeof *p);
    if (!p) return false;
    be->live = p;
    be->livecap = cap;
  }
  be->live[be->nlive++] = code;
  return true;
}

/* Adds the module under a new resource tracker (code->rt) and looks the
 * function up; false: code->rt is released (code itself stays). */
static bool add_and_lookup(JitBackend *be, LLVMOrcThreadSafeModuleRef tsm,
                           const char *name, JitCode *code, JitCompiled *out,
                           char *err, size_t errlen) {
  const JitLlvmApi *L = be->L;
  LLVMOrcResourceTrackerRef rt = L->LLVMOrcJITDylibCreateResourceTracker(be->jd);
  if (!llvm_ok(L, L->LLVMOrcLLJITAddLLVMIRModuleWithRT(be->jit, rt, tsm), err, errlen)) {
    L->LLVMOrcDisposeThreadSafeModule(tsm);
    L->LLVMOrcReleaseResourceTracker(rt);
    return false;
  }
  LLVMOrcExecutorAddress addr = 0;
  if (!llvm_ok(L, L->LLVMOrcLLJITLookup(be->jit, &addr, name), err, errlen) ||
      !track(be, code)) {
    remove_tracker(L, rt);
    return false;
  }
  code->rt = rt;
  out->entry = (JitEntry *)(uintptr_t)addr;
  out->chain_entry = (void *)(uintptr_t)addr;
  out->impl = code;
  return true;
}

bool jitl_compile(JitBackend *be, const Trace *T, JitCompiled *out, char *err,
                  size_t errlen) {
  memset(out, 0, sizeof *out);
  char name[48];
  snprintf(name, sizeof name, "jit_trace_%llu", (unsigned long long)++be->ntraces);
  JitCode *code = calloc(1, sizeof *code);
  if (err && errlen) err[0] = 0;
  if (!code) {
    if (err && errlen) snprintf(err, errlen, "out of memory");
    return false;
  }
  JitEmit E = {.L = be->L, .cfg = &be->cfg, .T = T, .invalid = &code->invalid,
               .err = err, .errlen = errlen, .owner = out};
  double t0 = now_us();
  LLVMOrcThreadSafeModuleRef tsm = build_module(be, &E, name);
  double t1 = now_us();
  if (!tsm || !add_and_lookup(be, tsm, name, code, out, err, errlen)) {
    free(code);
    emit_free(&E);
    return false;
  }
  out->ir_us = t1 - t0;
  out->codegen_us = now_us() - t1;
  jit_compiled_tables(out, &E.exits, &E.chain, E.nguards, E.ninputs, E.nslots);
  emit_free(&E);
  return true;
}

void jitl_release(JitBackend *be, JitCompiled *c) {
  if (c->impl) {
    for (uint32_t k = 0; k < be->nlive; k++)
      if (be->live[k] == c->impl) {
        be->live[k] = be->live[--be->nlive];
        break;
      }
    remove_code(be->L, c->impl);
  }
  free(c->exits);
  free(c->chain);
  memset(c, 0, sizeof *c);
}

void jitl_invalidate(JitCompiled *c) {
  if (c->impl) ((JitCode *)c->impl)->invalid = 1;
}

#if defined(__clang__)
__attribute__((no_sanitize("function")))
#endif
uint32_t jitl_enter(const JitCompiled *c, int64_t *frame) {
  return c->entry(frame);
}

void jitl_fail(JitEmit *E, const char *fmt, ...) {
  if (E->failed) return;
  E->failed = true;
  if (!E->err || !E->errlen) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(E->err, E->errlen, fmt, ap);
  va_end(ap);
}

/* ---- the backend table (jit_backend.h) ------------------------------------------ */
static void *ops_create(const JitCodegenConfig *cfg) { return jitl_backend_new(cfg); }
static void ops_destroy(void *be) { jitl_backend_free(be); }
static bool ops_compile(void *be, const Trace *T, JitCompiled *out, char *err, size_t errlen) {
  return jitl_compile(be, T, out, err, errlen);
}
static void ops_release(void *be, JitCompiled *c) { jitl_release(be, c); }

const JitBackendOps jitl_ops = {"llvm", ops_create, ops_destroy, ops_compile, ops_release,
                                jitl_invalidate};

const JitBackendOps *jit_backend_find(const char *name) {
  if (!strcmp(name, jitx_ops.name)) return &jitx_ops;
  if (!strcmp(name, jitl_ops.name)) return &jitl_ops;
  return NULL;
}
