/* test_jit_x64.c — unit tests for the direct x86-64 trace compiler
 * (runtime/jit/jit_x64*.c): the shared backend tests
 * (jit_backend_fixture.h: differential against an IR evaluator, golden and
 * random traces, register pressure, parallel moves, calls with many
 * arguments, every guard kind, chaining, wide exits, invalidation), then
 * the compile time of a 150-op trace (reported) and what is x64's own:
 * the backend table, code memory across many traces, inline allocation
 * from a nursery. */
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

/* Inline allocation from a nursery (cfg.alloc_inline giving one, as with
 * --gc=gen): the bump while the objects fit, header, length and vtable
 * written inline; the allocator's call (which writes them) once full. */
static struct { char *free, *top; } nursery;
static char nursery_mem[160] __attribute__((aligned(16)));

static bool fake_alloc_inline(uint32_t descr, int64_t n, JitAllocInline *out) {
  memset(out, 0, sizeof *out);
  out->nursery = &nursery;
  out->len_ofs = out->ref_ofs = -1;
  out->hdr = 3000 + descr;
  if (n >= 0) {
    out->len_ofs = 8;
    out->size = (uint32_t)(16 + 8 * n + 7) & ~7u;
  } else {
    out->size = 56;
    out->ref_ofs = 8;
    out->ref = (void *)(intptr_t)4321;
  }
  return true;
}

static void test_nursery_bump(void **state) {
  (void)state;
  JitCodegenConfig cfg;
  jitl_config_init(&cfg);
  cfg.new_struct = fake_new_struct;
  cfg.new_array = fake_new_array;
  cfg.alloc_inline = fake_alloc_inline;
  void *nb = OPS->create(&cfg);
  assert_non_null(nb);
  Loaded X;
  jir_env_init(&X.E);
  assert_true(jparse_file(&X.F, &X.E, "descr os = size(O, 56)\ndescr arr = array(i, 8, 16, 8)\n"
                          "[i0]\np1 = new(descr=os)\np2 = new_array_clear(3, descr=arr)\n"
                          "p3 = new(descr=os)\np4 = new(descr=os)\ni5 = int_add(i0, 1)\n"
                          "finish(p1, p2, p3, p4, i5)\n", X.err, sizeof X.err));
  assert_true(OPS->compile(nb, X.F.input, &X.c, X.err, sizeof X.err));
  memset(nursery_mem, 0, sizeof nursery_mem);
  nursery.free = nursery_mem;
  nursery.top = nursery_mem + sizeof nursery_mem;  /* 56 + 40 + 56 fit, not 56 more */
  int64_t f[8] = {41};
  assert_int_equal(jitl_enter(&X.c, f), 0);
  uint32_t os = jir_descr_find(&X.E, "os", 2), arr = jir_descr_find(&X.E, "arr", 3);
  int64_t *p1 = (int64_t *)(intptr_t)f[0], *p2 = (int64_t *)(intptr_t)f[1];
  int64_t *p3 = (int64_t *)(intptr_t)f[2], *p4 = (int64_t *)(intptr_t)f[3];
  assert_ptr_equal(p1, nursery_mem);
  assert_ptr_equal(p2, nursery_mem + 56);
  assert_ptr_equal(p3, nursery_mem + 96);
  assert_ptr_equal(nursery.free, nursery_mem + 152);
  assert_true(p1[0] == 3000 + os && p1[1] == 4321 && p3[0] == 3000 + os && p3[1] == 4321);
  assert_true(p2[0] == 3000 + arr && p2[1] == 3 && p2[2] == 0 && p2[4] == 0);
  assert_true((char *)p4 < nursery_mem || (char *)p4 >= nursery_mem + sizeof nursery_mem);
  assert_int_equal(p4[0], 1000 + os);  /* the allocator's */
  assert_int_equal(f[4], 42);
  OPS->release(nb, &X.c);
  OPS->destroy(nb);
  jparse_file_free(&X.F);
  jir_env_free(&X.E);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    JIT_BACKEND_TESTS
    cmocka_unit_test(test_compile_time),
    cmocka_unit_test(test_backend_table),
    cmocka_unit_test(test_code_memory),
    cmocka_unit_test(test_nursery_bump),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
