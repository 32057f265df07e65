/* main.c — the rtrans command: options, then the stage pipeline. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/intern.h"
#include "core/timer.h"
#include "annotator/ann.h"
#include "frontend/ast.h"
#include "frontend/flow.h"
#include "frontend/parse.h"
#include "frontend/program.h"
#include "prebuild/prebuild.h"
#include "rtyper/rtyper.h"
#include "driver/backend_load.h"
#include "backend/jitcode/codewriter.h"

#define RTRANS_VERSION "0.1.0"

enum { EXIT_INPUT_ERROR = 1, EXIT_USAGE = 2 };

/* Dump stages, in pipeline order. `avail` is false for stages that later
 * parts of the pipeline will provide. */
#define DUMP_STAGES(X)                                                    \
  X(ast, 1) X(flow, 1) X(prebuilt, 1) X(annotated, 1) X(rtyped, 1) X(llvm, 1) X(jitcode, 1)

enum {
#define DUMP_BIT(name, avail) DUMP_##name##_bit,
  DUMP_STAGES(DUMP_BIT)
#undef DUMP_BIT
};

typedef struct Options {
  const char *input;
  const char *output;      /* -o */
  unsigned dumps;          /* bit per DUMP stage */
  bool dot;                /* --dump-format=dot */
  const char *dump_func;   /* --dump-func */
  bool verify;             /* --verify or RTRANS_VERIFY=1 */
  bool time;               /* --time: per-stage summary on stderr */
  int opt_level;           /* -O0..-O3 (default 2) */
  bool debug;              /* -g */
  const char *emit_jitcode; /* --emit-jitcode FILE */
  int jit;                 /* JIT_AUTO (default), JIT_ON (--jit), JIT_OFF (--no-jit) */
  int gc;                  /* BE_GC_GEN (default), BE_GC_BOEHM (--gc=boehm) */
  const char **target_args; /* the words after "--": target(driver, args) */
  uint32_t ntarget_args;
} Options;

/* Without --jit or --no-jit, a program that uses a JitDriver gets the JIT
 * (an interpreter is what rtrans is for); one without gets none (the JIT
 * would only add its runtime). */
enum { JIT_AUTO, JIT_ON, JIT_OFF };

static void usage(FILE *out) {
  fputs("usage: rtrans [options] FILE.rl [-- ARGS...]\n"
        "options:\n"
        "  -o OUT                 output file (the dump, when dumping)\n"
        "  --dump=STAGE[,STAGE]   print a stage: ast, flow, prebuilt, annotated,\n"
        "                         rtyped, llvm (the optimized module's IR), jitcode\n"
        "  --emit-jitcode FILE    write the jitcode image to FILE (and its symbol\n"
        "                         names to FILE.names)\n"
        "  --jit                  an executable with the meta-tracing JIT (the\n"
        "                         default for programs that use a JitDriver)\n"
        "  --no-jit               an executable without the JIT (the default for\n"
        "                         programs without a JitDriver)\n"
        "  -O0 .. -O3             LLVM optimization level (default -O2)\n"
        "  --gc=GC                gen (default): the generational collector (a\n"
        "                         nursery in front of Boehm), or boehm: Boehm's alone\n"
        "  -g                     DWARF line tables of the .rl sources\n"
        "  --dump-format=FMT      text (default) or dot\n"
        "  --dump-func=NAME       only that function's graphs\n"
        "  --verify               run the graph verifier after each stage\n"
        "  --time                 per-stage wall time and peak memory on stderr\n"
        "  --help                 this text\n"
        "  --version              the version\n"
        "  -- ARGS...             the rest is the args list of the program's\n"
        "                         target(driver, args), run at translation time\n"
        "exit status: 0 success, 1 error in the program, 2 usage error\n",
        out);
}

static int usage_error(const char *fmt, const char *arg) {
  fputs("rtrans: error: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs("\n(try 'rtrans --help')\n", stderr);
  return EXIT_USAGE;
}

static int parse_dump_list(Options *o, const char *list) {
  char buf[256];
  if (strlen(list) >= sizeof buf) return usage_error("bad --dump list '%s'", list);
  strcpy(buf, list);
  for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
    bool found = false;
#define DUMP_MATCH(name, avail)                                              \
    if (strcmp(tok, #name) == 0) {                                           \
      if (!(avail))                                                          \
        return usage_error("--dump=%s: that stage does not exist yet", tok); \
      o->dumps |= 1u << DUMP_##name##_bit;                                   \
      found = true;                                                          \
    }
    DUMP_STAGES(DUMP_MATCH)
#undef DUMP_MATCH
    if (!found) return usage_error("unknown dump stage '%s'", tok);
  }
  return 0;
}

/* Returns -1 to go on, else an exit status. */
static int parse_options(Options *o, int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--") == 0) {
      o->target_args = (const char **)(argv + i + 1);
      o->ntarget_args = (uint32_t)(argc - i - 1);
      break;
    } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(stdout);
      return 0;
    } else if (strcmp(a, "--version") == 0) {
      printf("rtrans %s\n", RTRANS_VERSION);
      return 0;
    } else if (strcmp(a, "-o") == 0) {
      if (++i >= argc) return usage_error("%s needs an argument", a);
      o->output = argv[i];
    } else if (strncmp(a, "--dump=", 7) == 0) {
      int rc = parse_dump_list(o, a + 7);
      if (rc) return rc;
    } else if (strncmp(a, "--dump-format=", 14) == 0) {
      if (strcmp(a + 14, "dot") == 0) o->dot = true;
      else if (strcmp(a + 14, "text") == 0) o->dot = false;
      else return usage_error("unknown dump format '%s'", a + 14);
    } else if (strcmp(a, "--emit-jitcode") == 0) {
      if (++i >= argc) return usage_error("%s needs an argument", a);
      o->emit_jitcode = argv[i];
    } else if (strncmp(a, "--dump-func=", 12) == 0) {
      o->dump_func = a + 12;
    } else if (strcmp(a, "--no-jit") == 0) {
      o->jit = JIT_OFF;
    } else if (strcmp(a, "--jit") == 0) {
      o->jit = JIT_ON;
    } else if (strncmp(a, "--gc=", 5) == 0) {
      if (strcmp(a + 5, "boehm") == 0) o->gc = BE_GC_BOEHM;
      else if (strcmp(a + 5, "gen") == 0) o->gc = BE_GC_GEN;
      else return usage_error("unknown collector '%s' (--gc=boehm or --gc=gen)", a + 5);
    } else if (a[0] == '-' && a[1] == 'O' && a[2] >= '0' && a[2] <= '3' && !a[3]) {
      o->opt_level = a[2] - '0';
    } else if (strcmp(a, "-g") == 0) {
      o->debug = true;
    } else if (strcmp(a, "--verify") == 0) {
      o->verify = true;
    } else if (strcmp(a, "--time") == 0) {
      o->time = true;
    } else if (a[0] == '-' && a[1] != '\0') {
      return usage_error("unknown option '%s'", a);
    } else if (o->input) {
      return usage_error("more than one input file ('%s')", a);
    } else {
      o->input = a;
    }
  }
  if (!o->input) return usage_error("%s", "no input file");
  return -1;
}

typedef struct Trans {
  Arena arena;
  Interner in;
  SourceMgr sm;
  Diag diag;
  Options opt;
  FILE *dump_out;
  StageTimer timer;
  Prebuild *PB;            /* the prebuilt heap, freed after the last stage */
  CwImage jit_image;       /* the codewriter's output, when it ran */
  bool have_jit_image;
} Trans;

static bool dumping(const Trans *T, unsigned bit) {
  return (T->opt.dumps & (1u << bit)) != 0;
}

/* The executable's name: -o, else the input's basename without .rl. */
static const char *output_name(Trans *T) {
  if (T->opt.output && !T->opt.dumps) return T->opt.output;
  const char *in = T->opt.input, *slash = strrchr(in, '/');
  const char *base = slash ? slash + 1 : in;
  size_t n = strlen(base);
  if (n > 3 && (strcmp(base + n - 3, ".rl") == 0 || strcmp(base + n - 3, ".py") == 0)) n -= 3;
  return arena_strndup(&T->arena, base, n);
}

static int emit(Trans *T, RTyper *R) {
  BeProgram prog;
  rty_program(R, &prog);
  bool dump_ir = dumping(T, DUMP_llvm_bit);
  if (T->have_jit_image) prog.jit = &T->jit_image;
  BeOptions bo = {.output = output_name(T), .opt_level = T->opt.opt_level,
                  .debug = T->opt.debug, .dump_ir = dump_ir ? T->dump_out : NULL,
                  .dump_optimized = dump_ir,
                  .timer = T->opt.time ? &T->timer : NULL, .gc = T->opt.gc};
  char tmpdir[] = "/tmp/rtrans-XXXXXX";
  if (dump_ir) {  /* the IR is the product: the executable goes away */
    if (!mkdtemp(tmpdir)) return EXIT_INPUT_ERROR;
    bo.output = arena_printf(&T->arena, "%s/a.out", tmpdir);
  }
  bool ok = backend_emit(&prog, &bo, &T->diag);
  rty_free(R);
  if (dump_ir) {
    remove(bo.output);
    rmdir(tmpdir);
  }
  return ok ? 0 : EXIT_INPUT_ERROR;
}

/* FILE.names: which symbol each address and stub index stands for. */
static bool write_names(const char *path, const CwImage *ci) {
  FILE *f = fopen(path, "w");
  if (!f) return false;
  for (uint32_t i = 0; i < ci->naddrs; i++)
    fprintf(f, "addr %u %s\n", i, ci->addrs[i].is_func ? ((LLFunc *)ci->addrs[i].p)->name
                                                       : ((LLPrebuilt *)ci->addrs[i].p)->name);
  for (uint32_t i = 0; i < ci->nstubs; i++) fprintf(f, "stub %u %s\n", i, ci->stub_sigs[i]);
  return fclose(f) == 0;
}

/* The codewriter: --dump=jitcode and --emit-jitcode. */
static bool write_jitcode(Trans *T, RTyper *R) {
  BeProgram prog;
  rty_program(R, &prog);
  CwImage ci;
  if (!cw_write(&prog, &T->arena, &T->diag, &ci)) return false;
  T->jit_image = ci;
  T->have_jit_image = T->opt.jit == JIT_ON || (T->opt.jit == JIT_AUTO && ci.ndrivers > 0);
  if (dumping(T, DUMP_jitcode_bit)) cw_dump(T->dump_out, &ci, &T->arena);
  const char *path = T->opt.emit_jitcode;
  if (!path) return true;
  FILE *f = fopen(path, "wb");
  bool ok = f && fwrite(ci.bytes, 1, ci.size, f) == ci.size;
  if (f && fclose(f) != 0) ok = false;
  if (ok) ok = write_names(arena_printf(&T->arena, "%s.names", path), &ci);
  if (!ok) fprintf(stderr, "rtrans: error: cannot write '%s': %s\n", path, strerror(errno));
  return ok;
}

/* The stage pipeline. Later stages run after errors in the program too (to
 * report more of them at once) as long as every module parsed; nothing is
 * dumped or produced from a program with errors. */
static int run(Trans *T) {
  Program P;
  prog_init(&P, &T->arena, &T->in, &T->sm, &T->diag);
  timer_stage(&T->timer, "load+parse");
  Module *main_mod = prog_load(&P, T->opt.input);
  if (!main_mod) {
    fprintf(stderr, "rtrans: error: cannot read '%s': %s\n", T->opt.input,
            strerror(errno));
    return EXIT_INPUT_ERROR;
  }
  if (P.parse_failed) return EXIT_INPUT_ERROR;
  if (dumping(T, DUMP_ast_bit) && !T->diag.nerrors)
    ast_dump(T->dump_out, &T->sm, main_mod->ast);
  timer_stage(&T->timer, "scopes");
  scope_program(&P);
  timer_stage(&T->timer, "flow graphs");
  fg_build_program(&P, T->opt.verify);
  if (T->diag.nerrors) return EXIT_INPUT_ERROR;
  if (dumping(T, DUMP_flow_bit))
    fg_dump_program(T->dump_out, &P, T->opt.dot, T->opt.dump_func);
  if (T->opt.dumps && !(T->opt.dumps >> DUMP_prebuilt_bit)) return 0;
  timer_stage(&T->timer, "prebuild");
  T->PB = pb_new(&P);
  if (!pb_run(T->PB, main_mod, T->opt.target_args, T->opt.ntarget_args)) return EXIT_INPUT_ERROR;
  if (dumping(T, DUMP_prebuilt_bit)) pb_dump(T->dump_out, T->PB);
  pb_freeze(T->PB);
  if (!T->opt.dumps && !pb_require_entry_point(T->PB)) return EXIT_INPUT_ERROR;
  if (T->opt.dumps && !(T->opt.dumps >> DUMP_annotated_bit)) return 0;
  timer_stage(&T->timer, "annotate");
  Annotator *AN = ann_new(&P);
  ann_use_prebuild(AN, T->PB);
  if (!ann_program(AN)) return EXIT_INPUT_ERROR;
  if (dumping(T, DUMP_annotated_bit)) ann_dump(T->dump_out, AN, T->opt.dump_func);
  if (T->opt.dumps && !(T->opt.dumps >> DUMP_rtyped_bit)) return 0;
  timer_stage(&T->timer, "rtype");
  RTyper *R = rty_new(&P, AN, T->PB);
  if (!rty_run(R)) return EXIT_INPUT_ERROR;
  if (dumping(T, DUMP_rtyped_bit)) rty_dump(T->dump_out, R, T->opt.dump_func);
  if (dumping(T, DUMP_jitcode_bit) || T->opt.emit_jitcode || T->opt.jit != JIT_OFF) {
    timer_stage(&T->timer, "codewriter");
    if (!write_jitcode(T, R)) return EXIT_INPUT_ERROR;
  }
  if (T->opt.dumps && !dumping(T, DUMP_llvm_bit)) return 0;
  timer_stage(&T->timer, "llvm load");
  return emit(T, R);
}

int main(int argc, char **argv) {
  Trans T;
  memset(&T, 0, sizeof T);
  T.opt.opt_level = 2;
  T.opt.gc = BE_GC_GEN;
  int rc = parse_options(&T.opt, argc, argv);
  if (rc >= 0) return rc;
  const char *ev = getenv("RTRANS_VERIFY");
  if (ev && strcmp(ev, "1") == 0) T.opt.verify = true;
  T.dump_out = stdout;
  if (T.opt.output && T.opt.dumps) {
    T.dump_out = fopen(T.opt.output, "w");
    if (!T.dump_out) {
      fprintf(stderr, "rtrans: error: cannot write '%s': %s\n", T.opt.output,
              strerror(errno));
      return EXIT_USAGE;
    }
  }
  arena_init(&T.arena);
  intern_init(&T.in, &T.arena);
  sm_init(&T.sm, &T.arena);
  diag_init(&T.diag, &T.sm, stderr);
  timer_init(&T.timer);
  rc = run(&T);
  if (T.opt.time) timer_report(&T.timer, stderr);
  if (T.dump_out != stdout && fclose(T.dump_out) != 0) rc = EXIT_USAGE;
  else if (T.dump_out == stdout && fflush(stdout) != 0) rc = EXIT_USAGE;
  pb_free(T.PB);
  intern_free(&T.in);
  arena_free(&T.arena);
  return rc;
}
