/* llvm_link.c — target machine, optimization pipeline, object file, link.
 *
 * The target is the host's x86-64 with the generic "x86-64" CPU (programs
 * run on any x86-64 machine), PIC code for a PIE executable. Optimization
 * is the new pass manager's `default<On>` pipeline. Linking runs `cc`
 * (or $CC / BeOptions.cc) through posix_spawnp — no shell — on the object
 * (or the two of llvm_split.c), the runtime library and -lgc -lm -lpthread. */
#include <errno.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <llvm-c/Transforms/PassBuilder.h>

#include "llvm_internal.h"

extern char **environ;

static int opt_level(const Be *be) {
  int o = be->opt->opt_level;
  return o < 0 ? 0 : o > 3 ? 3 : o;
}

/* A target machine for the host triple, or NULL after reporting why. */
static LLVMTargetMachineRef new_tm(Be *be, const char *triple) {
  LLVMTargetRef target;
  char *err = NULL;
  if (LLVMGetTargetFromTriple(triple, &target, &err)) {
    be_error(be, (Loc){0, 0, 0}, "no LLVM target for %s: %s", triple, err);
    LLVMDisposeMessage(err);
    return NULL;
  }
  static const LLVMCodeGenOptLevel levels[4] = {
      LLVMCodeGenLevelNone, LLVMCodeGenLevelLess, LLVMCodeGenLevelDefault,
      LLVMCodeGenLevelAggressive};
  return LLVMCreateTargetMachine(target, triple, "x86-64", "", levels[opt_level(be)],
                                 LLVMRelocPIC, LLVMCodeModelDefault);
}

LLVMTargetMachineRef be_new_target_machine(Be *be) {
  char *triple = LLVMGetDefaultTargetTriple();
  LLVMTargetMachineRef tm = new_tm(be, triple);
  LLVMDisposeMessage(triple);
  return tm;
}

bool be_target_init(Be *be) {
  LLVMInitializeX86TargetInfo();
  LLVMInitializeX86Target();
  LLVMInitializeX86TargetMC();
  LLVMInitializeX86AsmPrinter();
  char *triple = LLVMGetDefaultTargetTriple();
  be->tm = new_tm(be, triple);
  if (!be->tm) {
    LLVMDisposeMessage(triple);
    return false;
  }
  be->td = LLVMCreateTargetDataLayout(be->tm);
  LLVMSetTarget(be->mod, triple);
  LLVMSetModuleDataLayout(be->mod, be->td);
  LLVMDisposeMessage(triple);
  return true;
}

char *be_run_passes(LLVMModuleRef m, LLVMTargetMachineRef tm, int level,
                    bool lower_small, bool gen) {
  char pipeline[32];
  snprintf(pipeline, sizeof pipeline, "default<O%d>", level < 0 ? 0 : level > 3 ? 3 : level);
  LLVMPassBuilderOptionsRef po = LLVMCreatePassBuilderOptions();
  LLVMErrorRef e = LLVMRunPasses(m, pipeline, tm, po);
  LLVMDisposePassBuilderOptions(po);
  if (!e) return lower_small ? be_lower_small_news(m, tm, gen) : NULL;
  char *msg = LLVMGetErrorMessage(e);
  char *copy = strdup(msg);
  LLVMDisposeErrorMessage(msg);
  if (!copy) rt_oom();
  return copy;
}

bool be_optimize(Be *be) {
  char *msg = be_run_passes(be->mod, be->tm, opt_level(be), true, be->gc_gen);
  if (!msg) return true;
  be_error(be, (Loc){0, 0, 0}, "LLVM passes failed: %s", msg);
  free(msg);
  return false;
}

bool be_write_object(Be *be, const char *path) {
  char *err = NULL;
  if (LLVMTargetMachineEmitToFile(be->tm, be->mod, path, LLVMObjectFile,
                                  &err)) {
    be_error(be, (Loc){0, 0, 0}, "cannot write %s: %s", path, err);
    LLVMDisposeMessage(err);
    return false;
  }
  return true;
}

static bool file_exists(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* The runtime library: option, environment, or beside the executable. */
static const char *runtime_lib(Be *be) {
  if (be->opt->runtime_lib) return be->opt->runtime_lib;
  const char *env = getenv("RTRANS_RUNTIME_LIB");
  if (env && *env) return env;
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return NULL;
  exe[n] = 0;
  char *slash = strrchr(exe, '/');
  if (!slash) return NULL;
  *slash = 0;
  const char *cands[2] = {"%s/librlrt.a", "%s/../librlrt.a"};
  for (int i = 0; i < 2; i++) {
    char *p = arena_printf(&be->scratch, cands[i], exe);
    if (file_exists(p)) return p;
  }
  return NULL;
}

/* librljit.a: $RTRANS_JIT_LIB, else beside the runtime library. */
static const char *jit_lib(Be *be, const char *rtlib) {
  const char *env = getenv("RTRANS_JIT_LIB");
  const char *slash = strrchr(rtlib, '/');
  const char *p = env && *env ? env
                  : slash ? arena_printf(&be->scratch, "%.*s/librljit.a", (int)(slash - rtlib), rtlib)
                          : "librljit.a";
  if (file_exists(p)) return p;
  be_error(be, (Loc){0, 0, 0}, "cannot find the JIT runtime library %s (set RTRANS_JIT_LIB)", p);
  return NULL;
}

bool be_link(Be *be, const char *obj, const char *obj2, const char *out) {
  const char *lib = runtime_lib(be);
  if (!lib || !file_exists(lib)) {
    be_error(be, (Loc){0, 0, 0},
             "cannot find the runtime library librlrt.a (%s; set "
             "RTRANS_RUNTIME_LIB)", lib ? lib : "not beside rtrans");
    return false;
  }
  const char *cc = be->opt->cc;
  if (!cc) cc = getenv("CC");
  if (!cc || !*cc) cc = "cc";
  char *argv[13];
  int n = 0;
  argv[n++] = (char *)cc;
  argv[n++] = "-o";
  argv[n++] = (char *)out;
  argv[n++] = (char *)obj;
  if (obj2) argv[n++] = (char *)obj2;
  if (be->prog->jit) {  /* the JIT runtime, beside the runtime library */
    const char *jl = jit_lib(be, lib);
    if (!jl) return false;
    argv[n++] = "-Wl,--undefined=rl_jit_startup";
    argv[n++] = (char *)jl;
  }
  argv[n++] = (char *)lib;
  argv[n++] = "-lgc";
  argv[n++] = "-lm";
  argv[n++] = "-lpthread";
  argv[n] = NULL;
  pid_t pid;
  int rc = posix_spawnp(&pid, cc, NULL, NULL, argv, environ);
  if (rc != 0) {
    be_error(be, (Loc){0, 0, 0}, "cannot run %s: %s", cc, strerror(rc));
    return false;
  }
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      be_error(be, (Loc){0, 0, 0}, "waiting for %s: %s", cc, strerror(errno));
      return false;
    }
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    be_error(be, (Loc){0, 0, 0}, "linking %s failed (%s %s %s ...)", out, cc,
             obj, lib);
    return false;
  }
  return true;
}
