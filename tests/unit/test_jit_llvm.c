/* test_jit_llvm.c — unit tests for the LLVM trace compiler
 * (runtime/jit/jit_llvm*.c): the shared backend tests
 * (jit_backend_fixture.h: differential against an IR evaluator, golden and
 * random traces) with LLVM loaded through dlopen like in a JIT executable;
 * then the compile time of a 150-op trace at tier one, the later tiers (IR
 * passes, codegen levels: same results), and the backend without LLVM
 * (NULL, said once). */
#include "jit_backend_fixture.h"
#include "runtime/jit/jit_llvm.h"

static int setup(void **state) {
  (void)state;
  OPS = &jitl_ops;
  if (!jitl_available()) return 0;
  be = new_backend(true);
  return be ? 0 : -1;
}

static void test_compile_time(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  void *fast = new_backend(false);  /* no verifier: what a JIT pays */
  assert_non_null(fast);
  bench_compile(fast, false, "");
  bench_compile(fast, true, "");
  OPS->destroy(fast);
}

/* Later tiers: IR passes and higher codegen levels compile the same traces
 * to the same results (our IR has no undefined behaviour for them to
 * exploit); their compile times are reported. */
static void test_optimizing_tiers(void **state) {
  (void)state;
  SKIP_WITHOUT_BACKEND();
  static const struct { unsigned level; const char *passes, *name; } tiers[] = {
    {0, "instcombine<no-verify-fixpoint>,simplifycfg", " [None + instcombine,simplifycfg]"},
    {2, "default<O2>", " [Default + O2 pipeline]"},
  };
  static const int64_t inputs[] = {0, 1, -1, 2, 3, 7, 64, 100, 255, -100, INT64_MAX, INT64_MIN};
  for (size_t t = 0; t < sizeof tiers / sizeof *tiers; t++) {
    void *saved = be;
    be = new_backend_tier(true, tiers[t].level, tiers[t].passes);
    assert_non_null(be);
    uint64_t rs = 0x6a09e667f3bcc908ull + t;
    int runs = 0;
    for (int k = 0; k < 60; k++) {
      bool loop = k % 3 == 2;
      char *src = gen_random_trace(&rs, 8 + (int)(rng(&rs) % 40), loop);
      Loaded *X = compile_ok(src);
      for (int r = 0; r < 20; r++, runs++) {
        int64_t in[3];
        for (int j = 0; j < 3; j++) in[j] = inputs[rng(&rs) % 12];
        if (loop) in[2] = 1 + (int64_t)(rng(&rs) % 30);
        run_both(X, in, NULL);
      }
      drop(X);
      free(src);
    }
    OPS->destroy(be);
    be = new_backend_tier(false, tiers[t].level, tiers[t].passes);
    bench_compile(be, false, tiers[t].name);
    OPS->destroy(be);
    be = saved;
    print_message("%s: 60 random traces, %d runs agree\n", tiers[t].name, runs);
  }
}

/* Without LLVM (RTRANS_LIBLLVM names a missing file) the backend is NULL and
 * says so once on stderr; run in a child before anything loads LLVM. */
static bool no_llvm_child_ok(void) {
  fflush(stdout);
  fflush(stderr);
  int fds[2];
  if (pipe(fds) != 0) return false;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 2);
    setenv("RTRANS_LIBLLVM", "/nonexistent/libLLVM.so.19.1", 1);
    JitCodegenConfig cfg;
    jitl_config_init(&cfg);
    bool ok = !jitl_available() && !jitl_backend_new(&cfg) && !jitl_backend_new(&cfg);
    _exit(ok ? 0 : 1);
  }
  close(fds[1]);
  char buf[1024];
  ssize_t n, len = 0;
  while ((n = read(fds[0], buf + len, sizeof buf - 1 - (size_t)len)) > 0) len += n;
  buf[len] = 0;
  close(fds[0]);
  int st = 0;
  waitpid(pid, &st, 0);
  const char *m = strstr(buf, "cannot load LLVM");
  bool once = m && !strstr(m + 1, "cannot load LLVM");
  printf("without LLVM: %s", buf);
  return WIFEXITED(st) && WEXITSTATUS(st) == 0 && once;
}

int main(void) {
  const struct CMUnitTest tests[] = {
    JIT_BACKEND_TESTS
    cmocka_unit_test(test_compile_time),
    cmocka_unit_test(test_optimizing_tiers),
  };
  if (!no_llvm_child_ok()) {
    fprintf(stderr, "test_jit_llvm: without LLVM the backend must be NULL, said once\n");
    return 1;
  }
  return cmocka_run_group_tests(tests, setup, teardown);
}
