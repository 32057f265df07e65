/* test_jit_x64.c — unit tests for the direct x86-64 trace compiler
 * (runtime/jit/jit_x64*.c): the shared backend tests
 * (jit_backend_fixture.h: differential against an IR evaluator, golden and
 * random traces, register pressure, parallel moves, calls with many
 * arguments, every guard kind, chaining, wide exits, invalidation), then
 * the compile time of a 150-op trace (reported) and what is x64's own:
 * the backend table, code memory across many traces. */
#include "jit_backend_fixture.h"
#include "runtime/jit/jit_x64.h"

static int setup(void **state) {
  (void)state;
  OPS = &jitx_ops;
  be = new_backend(true);
  return be ? 0 : -1;
}

static void test_compile_time(void **state) {
  (void)state;
  bench_compile(be, false, "");
  bench_compile(be, true, "");
}

/* jit_backend_find knows both backends by name */
static void test_backend_table(void **state) {
  (void)state;
  assert_ptr_equal(jit_backend_find("x64"), &jitx_ops);
  assert_ptr_equal(jit_backend_find("llvm"), &jitl_ops);
  assert_null(jit_backend_find("arm"));
}

/* Many traces in one backend: code memory grows by chunks and every trace
 * still runs after the others were compiled and some released; traces are
 * packed (64-byte aligned, not a page each). */
static void test_code_memory(void **state) {
  (void)state;
  enum { N = 600 };
  static Loaded *xs[N];
  for (int k = 0; k < N; k++) {
    char *src = fmt("[i0]\ni1 = int_add(i0, %d)\ni2 = int_lt(i1, 1000)\nguard_true(i2) [i1]\n"
                    "finish(i1)\n", k);
    xs[k] = compile_ok(src);
    free(src);
    if (k == 1) {
      uintptr_t a = (uintptr_t)xs[0]->c.entry, b = (uintptr_t)xs[1]->c.entry;
      assert_true(a % 64 == 0 && b % 64 == 0);
      assert_true(b > a && b - a < 4096);
    }
    if (k % 3 == 0 && k) {
      drop(xs[k - 1]);
      xs[k - 1] = NULL;
    }
  }
  for (int k = 0; k < N; k++) {
    if (!xs[k]) continue;
    int64_t f[64];
    assert_int_equal(run_both(xs[k], (int64_t[]){5}, f), 0);
    assert_int_equal(f[0], 5 + k);
    assert_int_equal(run_both(xs[k], (int64_t[]){1000}, f), 1);
    drop(xs[k]);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
    JIT_BACKEND_TESTS
    cmocka_unit_test(test_compile_time),
    cmocka_unit_test(test_backend_table),
    cmocka_unit_test(test_code_memory),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
