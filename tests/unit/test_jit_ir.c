/* test_jit_ir.c — unit tests for the JIT's trace IR (runtime/jit/jit_ir.c)
 * and its text form (runtime/jit/jit_text.c): op table relations, constant
 * interning, CSE chains, wide operands, snapshots, rollback, the verifier,
 * printer/parser round trips and parse errors. */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "runtime/jit/jit_ir.h"
#include "runtime/jit/jit_text.h"
#include "runtime/jit/jopt.h"

static void test_op_table(void **state) {
  (void)state;
  for (unsigned a = 0; a < JIR__COUNT; a++)
    for (unsigned b = a + 1; b < JIR__COUNT; b++)
      assert_string_not_equal(jir_info[a].name, jir_info[b].name);
  for (unsigned op = 0; op < JIR__COUNT; op++) {
    const JirOpInfo *I = &jir_info[op];
    assert_true(strchr("irfv", I->res) != NULL);
    assert_non_null(I->meaning);
    if (I->flags & JF_GUARD) assert_true(I->res == 'v' || op == JIR_guard_exception);
    if (I->flags & JF_CALL) assert_true(I->flags & JF_DESCR);
  }
  assert_int_equal(jir_cmp_negate(JIR_int_lt), JIR_int_ge);
  assert_int_equal(jir_cmp_negate(JIR_int_eq), JIR_int_ne);
  assert_int_equal(jir_cmp_negate(JIR_uint_le), JIR_uint_gt);
  assert_int_equal(jir_cmp_swap(JIR_int_lt), JIR_int_gt);
  assert_int_equal(jir_cmp_swap(JIR_uint_ge), JIR_uint_le);
  assert_int_equal(jir_cmp_swap(JIR_float_eq), JIR_float_eq);
  for (unsigned op = JIR_int_lt; op <= JIR_float_ge; op++) {
    assert_int_equal(jir_cmp_negate(jir_cmp_negate(op)), op);
    assert_int_equal(jir_cmp_swap(jir_cmp_swap(op)), op);
  }
  assert_true(jir_is_intcmp(JIR_uint_ge));
  assert_false(jir_is_intcmp(JIR_float_lt));
}

static void test_const_interning(void **state) {
  (void)state;
  JirEnv E;
  jir_env_init(&E);
  Trace *T = jir_new(&E);
  JRef a = jir_kint(T, 42), b = jir_kint(T, 42), c = jir_kint(T, -42);
  assert_true(jir_isk(a));
  assert_int_equal(a, b);
  assert_int_not_equal(a, c);
  assert_int_equal(jir_kint_of(T, c), -42);
  JRef z = jir_kfloat(T, 0.0), nz = jir_kfloat(T, -0.0);
  assert_int_not_equal(z, nz);  /* by bits: -0.0 is another constant */
  assert_int_equal(jir_kfloat(T, NAN), jir_kfloat(T, NAN));
  assert_int_not_equal(jir_kint(T, 0), z);  /* kinds differ */
  JRef n1 = jir_kgc(T, 0), p = jir_kgc(T, 0x1000), p2 = jir_kgc(T, 0x1000);
  assert_int_equal(p, p2);
  assert_int_equal(jir_kgc_of(T, n1), 0);
  assert_int_equal(jir_kgc_of(T, p), 0x1000);
  assert_int_equal(jir_kind(T, p), 'r');
  assert_int_equal(T->ngc, 2);  /* NULL and 0x1000 in the root table */
  for (int i = 0; i < 10000; i++) jir_kint(T, i * 7919);  /* rehashing */
  for (int i = 0; i < 10000; i++)
    assert_int_equal(jir_kint_of(T, jir_kint(T, i * 7919)), i * 7919);
  assert_int_equal(jir_kint(T, 42), a);
  JRef x = jir_emit(T, JIR_input_i, 0, NULL, 0);
  assert_false(jir_isk(x));
  assert_true(jir_isk(a));
  jir_free(T);
  jir_env_free(&E);
}

static void test_cse_chain_and_rollback(void **state) {
  (void)state;
  JirEnv E;
  jir_env_init(&E);
  Trace *T = jir_new(&E);
  JRef i0 = jir_emit(T, JIR_input_i, 0, NULL, 0);
  JRef k1 = jir_kint(T, 1);
  JRef a1 = jir_emit2(T, JIR_int_add, i0, k1, 0);
  JRef m1 = jir_emit2(T, JIR_int_mul, a1, a1, 0);
  JRef a2 = jir_emit2(T, JIR_int_add, a1, k1, 0);
  assert_int_equal(T->chain[JIR_int_add], jir_idx(a2));
  assert_int_equal(jir_ins(T, a2)->prev, jir_idx(a1));
  assert_int_equal(jir_ins(T, a1)->prev, 0);
  assert_int_equal(T->chain[JIR_int_mul], jir_idx(m1));
  JRef args[2] = {i0, k1};
  assert_true(jir_same(T, jir_ins(T, a1), JIR_int_add, 2, args, 0));
  assert_false(jir_same(T, jir_ins(T, a2), JIR_int_add, 2, args, 0));
  JirMark m = jir_mark(T);
  JRef wide[6] = {k1, i0, a1, a2, m1, i0};
  JRef call = jir_emit(T, JIR_escape_i, 6, wide, 0);
  for (unsigned k = 0; k < 6; k++) assert_int_equal(jir_arg(T, jir_ins(T, call), k), wide[k]);
  JRef a3 = jir_emit2(T, JIR_int_add, call, k1, 0);
  JRef g = jir_emit(T, JIR_guard_true, 1, &a3, 0);
  JRef live[2] = {a3, i0};
  jir_set_snap(T, g, 2, live);
  uint32_t n;
  const JRef *s = jir_snap_refs(T, jir_ins(T, g), &n);
  assert_int_equal(n, 2);
  assert_int_equal(s[0], a3);
  jir_rollback(T, m);
  assert_int_equal(T->nins, m.nins);
  assert_int_equal(T->nargs, m.nargs);
  assert_int_equal(T->nsnaps, m.nsnaps);
  assert_int_equal(T->chain[JIR_int_add], jir_idx(a2));
  assert_int_equal(T->chain[JIR_guard_true], 0);
  assert_int_equal(T->chain[JIR_escape_i], 0);
  JRef a4 = jir_emit2(T, JIR_int_add, a2, k1, 0);  /* reuses the slot */
  assert_int_equal(a4, call);
  assert_int_equal(jir_ins(T, a4)->prev, jir_idx(a2));
  char err[128];
  assert_true(jir_verify(T, err, sizeof err));
  jir_free(T);
  jir_env_free(&E);
}

static void test_verifier(void **state) {
  (void)state;
  JirEnv E;
  jir_env_init(&E);
  char err[128];
  Trace *T = jir_new(&E);
  JRef i0 = jir_emit(T, JIR_input_i, 0, NULL, 0);
  JRef g = jir_emit(T, JIR_guard_true, 1, &i0, 0);
  assert_false(jir_verify(T, err, sizeof err));  /* no snapshot */
  assert_non_null(strstr(err, "snapshot"));
  jir_set_snap(T, g, 0, NULL);
  assert_true(jir_verify(T, err, sizeof err));
  JRef bad = jir_ref(T->nins + 5);
  jir_emit2(T, JIR_int_add, i0, bad, 0);
  assert_false(jir_verify(T, err, sizeof err));
  assert_non_null(strstr(err, "defined before use"));
  jir_free(T);
  T = jir_new(&E);
  JRef p0 = jir_emit(T, JIR_input_r, 0, NULL, 0);
  jir_emit(T, JIR_getfield_gc_i, 1, &p0, 0);  /* no descr */
  assert_false(jir_verify(T, err, sizeof err));
  assert_non_null(strstr(err, "descriptor"));
  jir_free(T);
  T = jir_new(&E);
  i0 = jir_emit(T, JIR_input_i, 0, NULL, 0);
  jir_emit2(T, JIR_int_neg, i0, 0, 0);
  jir_emit(T, JIR_input_i, 0, NULL, 0);  /* input after an op */
  assert_false(jir_verify(T, err, sizeof err));
  jir_free(T);
  T = jir_new(&E);
  i0 = jir_emit(T, JIR_input_i, 0, NULL, 0);
  JDescr tgt = {.dkind = JD_TARGET, .name = jir_str(&E, "l", 1)};
  uint32_t td = jir_descr_add(&E, &tgt);
  jir_emit(T, JIR_label, 1, &i0, td);
  assert_true(jir_verify(T, err, sizeof err));
  jir_emit2(T, JIR_int_neg, i0, 0, 0);
  jir_emit(T, JIR_label, 1, &i0, td);  /* a second label: not yet */
  assert_false(jir_verify(T, err, sizeof err));
  assert_non_null(strstr(err, "label"));
  jir_free(T);
  T = jir_new(&E);
  p0 = jir_emit(T, JIR_input_r, 0, NULL, 0);
  jir_emit2(T, JIR_int_add, p0, jir_kint(T, 1), 0);  /* int op on a ref */
  assert_false(jir_verify(T, err, sizeof err));
  assert_non_null(strstr(err, "wrong kind"));
  jir_free(T);
  jir_env_free(&E);
}

/* print -> parse -> print is stable */
static void roundtrip(const char *src) {
  JirEnv E;
  jir_env_init(&E);
  JparseFile F;
  char err[256];
  if (!jparse_file(&F, &E, src, err, sizeof err)) fail_msg("parse: %s", err);
  char *p1 = jprint_string(F.input, JPRINT_DESCRS);
  assert_true(jir_verify(F.input, err, sizeof err));
  JirEnv E2;
  jir_env_init(&E2);
  JparseFile F2;
  if (!jparse_file(&F2, &E2, p1, err, sizeof err)) fail_msg("reparse: %s\n%s", err, p1);
  char *p2 = jprint_string(F2.input, JPRINT_DESCRS);
  assert_string_equal(p1, p2);
  free(p1);
  free(p2);
  jparse_file_free(&F);
  jparse_file_free(&F2);
  jir_env_free(&E);
  jir_env_free(&E2);
}

/* a trace in canonical form prints exactly as written (every descriptor
 * kind and flag, every constant form) */
static void test_roundtrip_example(void **state) {
  (void)state;
  const char *src =
      "descr valuedescr = field(Node.value, i, 16, 8)\n"
      "descr bytes = array(i, 1, 16, 8, unsigned, immutable)\n"
      "descr cd = call(rif, f, canraise, canmalloc, fn=7, writes=[valuedescr, bytes])\n"
      "descr nodesize = size(Node, 24, vtable=node)\n"
      "descr ent = interior(r, 16, 24, 8)\n"
      "descr q = field(Cls.version, r, 8, 8, quasi)\n"
      "descr loop = target\n"
      "[p0, i1, f2]\n"
      "label(p0, i1, f2, descr=loop)\n"
      "debug_merge_point('bf: 12 +')\n"
      "i3 = getfield_gc_i(p0, descr=valuedescr)\n"
      "i4 = int_add(i3, -5)\n"
      "i5 = int_lt(i4, 100)\n"
      "guard_true(i5) [p0, i4, 1.5, ConstPtr(obj), NULL]\n"
      "f6 = call_f(ConstClass(fn), p0, i4, f2, descr=cd)\n"
      "p7 = guard_exception(ConstClass(exc)) [p0]\n"
      "p8 = new_with_vtable(descr=nodesize)\n"
      "guard_no_exception() []\n"
      "f9 = float_mul(f6, -0.0)\n"
      "f10 = float_add(f9, inf)\n"
      "f11 = float_add(f10, nan)\n"
      "f12 = float_add(f11, 5e-324)\n"
      "f13 = float_add(f12, 1e+300)\n"
      "f14 = float_add(f13, 0.1)\n"
      "jit_debug(1, 2, 3, 4, 5)\n"
      "jump(p8, -9223372036854775808, f14, descr=loop)\n";
  roundtrip(src);
  JirEnv E;
  jir_env_init(&E);
  JparseFile F;
  char err[256];
  assert_true(jparse_file(&F, &E, src, err, sizeof err));
  char *p = jprint_string(F.input, JPRINT_DESCRS);
  assert_string_equal(p, src);
  free(p);
  jparse_file_free(&F);
  jir_env_free(&E);
}

static void test_roundtrip_golden_files(void **state) {
  (void)state;
  DIR *d = opendir("tests/opt");
  if (!d) { skip(); return; }
  struct dirent *e;
  int n = 0;
  while ((e = readdir(d))) {
    size_t len = strlen(e->d_name);
    if (len < 6 || strcmp(e->d_name + len - 6, ".trace")) continue;
    char path[512];
    snprintf(path, sizeof path, "tests/opt/%s", e->d_name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = calloc(1, 1 << 20);
    size_t got = fread(buf, 1, (1 << 20) - 1, f);
    fclose(f);
    buf[got] = 0;
    roundtrip(buf);
    free(buf);
    n++;
  }
  closedir(d);
  assert_true(n >= 40);
}

static void parse_error(const char *src, const char *want) {
  JirEnv E;
  jir_env_init(&E);
  JparseFile F;
  char err[256] = "";
  assert_false(jparse_file(&F, &E, src, err, sizeof err));
  if (!strstr(err, want)) fail_msg("got '%s', want '%s'", err, want);
  jir_env_free(&E);
}

static void test_parse_errors(void **state) {
  (void)state;
  parse_error("[i0]\ni1 = int_add(i0, i9)\n", "line 2: 'i9' is not defined");
  parse_error("[i0]\ni1 = int_frob(i0)\n", "line 2: unknown operation 'int_frob'");
  parse_error("[i0]\ni1 = int_add(i0)\n", "int_add takes 2 operands, not 1");
  parse_error("[i0]\np1 = int_add(i0, 1)\n", "int_add gives an int");
  parse_error("[p0]\ni1 = getfield_gc_i(p0, descr=nope)\n", "unknown descriptor 'nope'");
  parse_error("[p0]\ni1 = getfield_gc_i(p0)\n", "needs a descr");
  parse_error("descr d = field(A.b, x, 1, 2)\n[i0]\n", "line 1: expected a kind");
  parse_error("descr d = blob(1)\n[i0]\n", "unknown descriptor kind 'blob'");
  parse_error("[i0]\ni0 = int_add(i0, 1)\n", "'i0' defined twice");
  parse_error("[i0]\ni1 = int_add(i0, 99999999999999999999)\n", "bad integer constant");
  parse_error("# nothing\n", "no trace");
  parse_error("[i0]\njump(i0) trailing\n", "unexpected text");
  parse_error("[i0]\ndebug_merge_point('open\n", "unterminated string");
  parse_error("descr a = target\ndescr a = target\n[i0]\n", "declared twice");
  parse_error("# expected\n[i0]\n", "before the trace");
}

/* mutated golden files: the parser rejects or accepts, never crashes; what
 * it accepts and the verifier accepts prints and optimizes into a trace
 * the verifier accepts */
static void test_parse_mutations(void **state) {
  (void)state;
  DIR *d = opendir("tests/opt");
  if (!d) { skip(); return; }
  uint64_t rs = 88172645463325252ull;
  struct dirent *e;
  int accepted = 0, total = 0;
  static const char junk[] = "()[],=#'.-0123456789ipfx \n\t\x01\xff";
  while ((e = readdir(d))) {
    size_t len = strlen(e->d_name);
    if (len < 6 || strcmp(e->d_name + len - 6, ".trace")) continue;
    char path[512];
    snprintf(path, sizeof path, "tests/opt/%s", e->d_name);
    FILE *f = fopen(path, "rb");
    char *orig = calloc(1, 1 << 16);
    size_t n = fread(orig, 1, (1 << 16) - 64, f);
    fclose(f);
    for (int m = 0; m < 40; m++) {
      char *buf = calloc(1, n + 64);
      memcpy(buf, orig, n);
      size_t bl = n;
      for (int k = 0; k < 3; k++) {
        rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17;
        size_t at = bl ? rs % bl : 0;
        switch ((rs >> 32) % 3) {
        case 0: if (bl) { memmove(buf + at, buf + at + 1, bl - at); bl--; } break;
        case 1: memmove(buf + at + 1, buf + at, bl - at); buf[at] = junk[(rs >> 40) % (sizeof junk - 1)]; bl++; break;
        default: if (bl) buf[at] = junk[(rs >> 40) % (sizeof junk - 1)]; break;
        }
      }
      buf[bl] = 0;
      JirEnv E;
      jir_env_init(&E);
      JparseFile F;
      char err[256];
      total++;
      if (jparse_file(&F, &E, buf, err, sizeof err)) {
        if (jir_verify(F.input, err, sizeof err)) {
          accepted++;
          char *p = jprint_string(F.input, JPRINT_DESCRS);
          JoptOptions o = {.verify = true, .err = err, .errlen = sizeof err};
          if (!jopt_optimize(F.input, &o)) fail_msg("optimizer broke: %s\n%s", err, p);
          free(p);
        }
        jparse_file_free(&F);
      }
      jir_env_free(&E);
      free(buf);
    }
    free(orig);
  }
  closedir(d);
  print_message("%d mutated files, %d accepted\n", total, accepted);
}

/* docs/jit-trace-ir.md carries the op table generated by jitopt --ops */
static void test_docs_list_every_op(void **state) {
  (void)state;
  FILE *f = fopen("docs/jit-trace-ir.md", "rb");
  if (!f) { skip(); return; }
  char *buf = calloc(1, 1 << 20);
  size_t n = fread(buf, 1, (1 << 20) - 1, f);
  fclose(f);
  buf[n] = 0;
  for (unsigned op = 0; op < JIR__COUNT; op++) {
    char row[128];
    snprintf(row, sizeof row, "| `%s` |", jir_info[op].name);
    if (!strstr(buf, row)) fail_msg("docs/jit-trace-ir.md lacks %s (run build/jitopt --ops)", row);
  }
  free(buf);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_op_table),
    cmocka_unit_test(test_const_interning),
    cmocka_unit_test(test_cse_chain_and_rollback),
    cmocka_unit_test(test_verifier),
    cmocka_unit_test(test_roundtrip_example),
    cmocka_unit_test(test_roundtrip_golden_files),
    cmocka_unit_test(test_parse_errors),
    cmocka_unit_test(test_parse_mutations),
    cmocka_unit_test(test_docs_list_every_op),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
