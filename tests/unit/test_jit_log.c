/* test_jit_log.c — RTRANS_LOG parsing and the jit-summary text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "runtime/jit/jit_log.h"

static void test_categories(void **state) {
  (void)state;
  char path[] = "/tmp/rtrans-jitlog-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  char spec[200];
  snprintf(spec, sizeof spec, "jit-summary,bogus,jit-html,jit-log-opt:%s", path);
  jit_log_init(spec);
  assert_ptr_equal(jit_log_stream(JIT_LOG_SUMMARY), stderr);
  assert_null(jit_log_stream(JIT_LOG_HTML));       /* needs a file */
  FILE *opt = jit_log_stream(JIT_LOG_OPT);
  assert_non_null(opt);
  assert_ptr_not_equal(opt, stderr);
  fputs("trace\n", opt);
  jit_stats()->loops = 3;
  jit_log_finish();
  assert_null(jit_log_stream(JIT_LOG_OPT));
  FILE *f = fopen(path, "r");
  char line[64] = "";
  assert_non_null(fgets(line, sizeof line, f));
  fclose(f);
  assert_string_equal(line, "trace\n");
  remove(path);
}

static void test_summary_text(void **state) {
  (void)state;
  JitStats s;
  memset(&s, 0, sizeof s);
  s.loops = 2;
  s.aborts[JIT_ABORT_TOO_LONG] = 5;
  s.guard_failures = 7;
  char buf[2048];
  FILE *m = fmemopen(buf, sizeof buf, "w");
  jit_log_print_summary(m, &s);
  fclose(m);
  assert_non_null(strstr(buf, "loops            2\n"));
  assert_non_null(strstr(buf, "aborts           5\n"));
  assert_non_null(strstr(buf, "trace too long"));
  assert_non_null(strstr(buf, "guard failures   7\n"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_categories),
      cmocka_unit_test(test_summary_text),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
