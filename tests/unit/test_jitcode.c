/* test_jitcode.c — the codewriter and the jitcode image reader: images
 * written from real programs validate; what the codewriter emits for the
 * main constructs; merge-point checks; jc_image_open refuses every
 * truncation and survives corruption of any byte (run under ASan too). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "annotator/ann.h"
#include "backend/jitcode/codewriter.h"
#include "prebuild/prebuild.h"
#include "rty_fixture.h"
#include "rtyper/rtyper.h"
#include "runtime/jit/jitcode.h"

typedef struct Ctx {
  ProgFx fx;
  Prebuild *PB;
  Annotator *AN;
  RTyper *R;
  CwImage img;
  bool ok;
  char dump[1 << 17];
} Ctx;

static Ctx *write_jitcode(const char *src) {
  Ctx *c = calloc(1, sizeof *c);
  assert_non_null(c);
  assert_true(rfx_rtype(&c->fx, src, &c->PB, &c->AN, &c->R));
  BeProgram prog;
  rty_program(c->R, &prog);
  c->ok = cw_write(&prog, &c->fx.A, &c->fx.D, &c->img);
  if (c->ok) {
    FILE *m = fmemopen(c->dump, sizeof c->dump, "w");
    cw_dump(m, &c->img, &c->fx.A);
    fclose(m);
  }
  return c;
}

static void done(Ctx *c) {
  rty_free(c->R);
  pb_free(c->PB);
  pfx_free(&c->fx);
  free(c);
}

static const char INTERP[] =
    "from rpython.rlib.jit import JitDriver, promote, dont_look_inside\n"
    "driver = JitDriver(greens=['pc', 'code'], reds=['acc', 'f'])\n"
    "class Err(Exception):\n"
    "    pass\n"
    "@dont_look_inside\n"
    "def slow(x):\n"
    "    return x * 3\n"
    "def step(acc, op):\n"
    "    if op == 'd':\n"
    "        raise Err()\n"
    "    return acc + 1\n"
    "def run(code):\n"
    "    pc = 0\n"
    "    acc = 0\n"
    "    f = 0.5\n"
    "    while pc < len(code):\n"
    "        driver.jit_merge_point(pc=pc, code=code, acc=acc, f=f)\n"
    "        op = code[pc]\n"
    "        if op == '+':\n"
    "            acc += 1\n"
    "        elif op == '*':\n"
    "            acc = slow(acc)\n"
    "        elif op == 'f':\n"
    "            f = f * 2.0\n"
    "        else:\n"
    "            try:\n"
    "                acc = step(acc, op)\n"
    "            except Err:\n"
    "                acc = -acc\n"
    "        pc = promote(pc) + 1\n"
    "    return acc + int(f)\n"
    "def main(argv):\n"
    "    print(run(argv[0]))\n"
    "    return 0\n";

static void test_interp_image(void **state) {
  (void)state;
  Ctx *c = write_jitcode(INTERP);
  assert_true(c->ok);
  JcImage img;
  char err[200];
  assert_true(jc_image_open(&img, c->img.bytes, c->img.size, err, sizeof err));
  assert_int_equal(img.h->ndrivers, 1);
  const char *d = c->dump;
  assert_non_null(strstr(d, "greens pc:i code:r, reds acc:i f:f"));
  assert_non_null(strstr(d, "jitcode t.run (portal)"));
  assert_non_null(strstr(d, "jit_merge_point <driver"));
  assert_non_null(strstr(d, "inline_call_i t.step"));     /* no loop: traced into */
  assert_non_null(strstr(d, "residual_call_i r"));         /* @dont_look_inside */
  assert_non_null(strstr(d, "_slow"));
  assert_non_null(strstr(d, "catch_exception L"));
  assert_non_null(strstr(d, "goto_if_exception_mismatch <exc"));
  assert_non_null(strstr(d, "int_guard_value"));
  assert_non_null(strstr(d, "float_mul"));
  assert_non_null(strstr(d, "raise r"));
  assert_null(strstr(d, "jitcode t.slow"));                /* residual: no jitcode */
  done(c);
}

static void test_missing_red(void **state) {
  (void)state;
  Ctx *c = write_jitcode(
      "from rpython.rlib.jit import JitDriver\n"
      "driver = JitDriver(greens=['n'], reds=['total'])\n"
      "def run(n):\n"
      "    total = 0\n"
      "    extra = n * 2\n"
      "    while n > 0:\n"
      "        driver.jit_merge_point(n=n, total=total)\n"
      "        total += n + extra\n"
      "        n -= 1\n"
      "    return total\n"
      "def main(argv):\n"
      "    print(run(len(argv)))\n"
      "    return 0\n");
  assert_false(c->ok);
  assert_non_null(strstr(pfx_errors(&c->fx), "'extra' is live across jit_merge_point"));
  assert_non_null(strstr(pfx_errors(&c->fx), "note: 'extra' is defined here"));
  done(c);
}

static void test_reds_auto(void **state) {
  (void)state;
  Ctx *c = write_jitcode(
      "from rpython.rlib.jit import JitDriver\n"
      "driver = JitDriver(greens=['n'], reds='auto')\n"
      "def run(n):\n"
      "    total = 0\n"
      "    while n > 0:\n"
      "        driver.jit_merge_point(n=n)\n"
      "        total += n\n"
      "        n -= 1\n"
      "    return total\n"
      "def main(argv):\n"
      "    print(run(len(argv)))\n"
      "    return 0\n");
  assert_true(c->ok);
  assert_non_null(strstr(c->dump, "greens n:i, reds total:i"));
  done(c);
}

static void test_no_driver_empty_image(void **state) {
  (void)state;
  Ctx *c = write_jitcode("def main(argv):\n    return 0\n");
  assert_true(c->ok);
  JcImage img;
  assert_true(jc_image_open(&img, c->img.bytes, c->img.size, NULL, 0));
  assert_int_equal(img.h->ncodes, 0);
  assert_int_equal(img.h->ndrivers, 0);
  done(c);
}

/* ---- the reader against bad images ---------------------------------------------- */

static uint8_t *copy8(const uint8_t *p, size_t n) {
  uint8_t *q = aligned_alloc(8, (n + 7) & ~(size_t)7);
  assert_non_null(q);
  memcpy(q, p, n);
  return q;
}

static void test_truncated_images_refused(void **state) {
  (void)state;
  Ctx *c = write_jitcode(INTERP);
  assert_true(c->ok);
  JcImage img;
  for (size_t n = 0; n < c->img.size; n += n < 256 ? 1 : 61) {
    uint8_t *q = copy8(c->img.bytes, n ? n : 1);
    assert_false(jc_image_open(&img, q, n, NULL, 0));
    free(q);
  }
  done(c);
}

static void test_wrong_version_refused(void **state) {
  (void)state;
  Ctx *c = write_jitcode(INTERP);
  uint8_t *q = copy8(c->img.bytes, c->img.size);
  ((JcHeader *)q)->version ^= 1;
  JcImage img;
  char err[200];
  assert_false(jc_image_open(&img, q, c->img.size, err, sizeof err));
  assert_non_null(strstr(err, "version"));
  free(q);
  done(c);
}

/* Every byte of the image corrupted in turn (several patterns): the reader
 * accepts or refuses, and never reads outside the image (ASan). */
static void test_corrupted_bytes(void **state) {
  (void)state;
  Ctx *c = write_jitcode(INTERP);
  static const uint8_t patterns[] = {0x00, 0xff, 0x80, 0x7f, 0x01};
  JcImage img;
  unsigned refused = 0;
  for (size_t i = 0; i < c->img.size; i++)
    for (size_t p = 0; p < sizeof patterns; p++) {
      uint8_t *q = copy8(c->img.bytes, c->img.size);
      if (q[i] == patterns[p]) q[i] ^= 0x55;
      else q[i] = patterns[p];
      refused += !jc_image_open(&img, q, c->img.size, NULL, 0);
      free(q);
    }
  assert_true(refused > 0);
  done(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_interp_image),
      cmocka_unit_test(test_missing_red),
      cmocka_unit_test(test_reds_auto),
      cmocka_unit_test(test_no_driver_empty_image),
      cmocka_unit_test(test_truncated_images_refused),
      cmocka_unit_test(test_wrong_version_refused),
      cmocka_unit_test(test_corrupted_bytes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
