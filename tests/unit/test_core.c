/* test_core.c — unit tests for core/: arena, vectors, interner, diagnostics,
 * graph model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/diag.h"
#include "core/graph.h"
#include "core/intern.h"
#include "core/lltype.h"
#include "core/vec.h"

static void test_arena_alignment_and_zero(void **state) {
  (void)state;
  Arena A;
  arena_init(&A);
  for (int i = 1; i < 2000; i += 7) {
    unsigned char *p = arena_alloc(&A, (size_t)i);
    assert_int_equal((uintptr_t)p % 16, 0);
    for (int j = 0; j < i; j++) assert_int_equal(p[j], 0);
    memset(p, 0xab, (size_t)i);
  }
  char *big = arena_alloc(&A, 1 << 20);  /* larger than a chunk */
  big[(1 << 20) - 1] = 1;
  assert_string_equal(arena_printf(&A, "%d-%s", 42, "x"), "42-x");
  assert_string_equal(arena_strndup(&A, "hello", 3), "hel");
  arena_free(&A);
}

static void test_vec_growth(void **state) {
  (void)state;
  Arena A;
  arena_init(&A);
  VEC(int) v = {0};
  VEC(int) m = {0};
  for (int i = 0; i < 10000; i++) {
    vec_push(&A, v, i);
    vecm_push(m, i * 2);
  }
  assert_int_equal(v.len, 10000);
  for (int i = 0; i < 10000; i++) {
    assert_int_equal(v.data[i], i);
    assert_int_equal(m.data[i], i * 2);
  }
  assert_int_equal(vec_last(v), 9999);
  vecm_free(m);
  arena_free(&A);
}

static void test_intern_identity(void **state) {
  (void)state;
  Arena A;
  Interner I;
  arena_init(&A);
  intern_init(&I, &A);
  const char *a = intern_cstr(&I, "foo");
  char buf[32];
  for (int i = 0; i < 5000; i++) {
    snprintf(buf, sizeof buf, "name%d", i);
    intern_cstr(&I, buf);
  }
  assert_ptr_equal(a, intern(&I, "foobar", 3));
  assert_ptr_equal(intern_cstr(&I, "name17"), intern_cstr(&I, "name17"));
  assert_ptr_not_equal(intern_cstr(&I, "name17"), intern_cstr(&I, "name18"));
  const char *z = intern(&I, "a\0b", 3);  /* NUL inside is kept */
  assert_ptr_equal(z, intern(&I, "a\0b", 3));
  assert_ptr_not_equal(z, intern(&I, "a\0c", 3));
  intern_free(&I);
  arena_free(&A);
}

/* Runs one diagnostic on `text` at [start,end) and returns what it printed. */
static char *diag_output(Arena *A, const char *text, uint32_t start,
                         uint32_t end) {
  SourceMgr sm;
  Diag D;
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  sm_init(&sm, A);
  diag_init(&D, &sm, out);
  uint32_t f = sm_add(&sm, "t.rl", text, (uint32_t)strlen(text));
  diag_error(&D, loc_make(f, start, end), "bad %s", "thing");
  fclose(out);
  char *r = arena_strdup(A, buf);
  free(buf);
  return r;
}

static void test_diag_format(void **state) {
  (void)state;
  Arena A;
  arena_init(&A);
  assert_string_equal(diag_output(&A, "x = 1\ny = foo + 2\n", 10, 13),
                      "t.rl:2:5: error: bad thing\n y = foo + 2\n     ^~~\n");
  /* tabs are kept in the caret line so it lines up; a tab counts 1 column */
  assert_string_equal(diag_output(&A, "if x:\n\tzz\n", 7, 9),
                      "t.rl:2:2: error: bad thing\n \tzz\n \t^~\n");
  /* control bytes are shown as '?', CR of CRLF dropped */
  assert_string_equal(diag_output(&A, "a\x01" "b\r\n", 1, 2),
                      "t.rl:1:2: error: bad thing\n a?b\n  ^\n");
  /* at end of file */
  assert_string_equal(diag_output(&A, "abc", 3, 3),
                      "t.rl:1:4: error: bad thing\n abc\n    ^\n");
  arena_free(&A);
}

static void test_diag_long_line_window(void **state) {
  (void)state;
  Arena A;
  arena_init(&A);
  size_t n = 100000;
  char *text = arena_alloc(&A, n + 1);
  memset(text, 'a', n);
  char *out = diag_output(&A, text, 50000, 50001);
  assert_non_null(strstr(out, "t.rl:1:50001: error: bad thing\n ..."));
  assert_true(strlen(out) < 500);
  arena_free(&A);
}

static void test_diag_limit(void **state) {
  (void)state;
  Arena A;
  SourceMgr sm;
  Diag D;
  arena_init(&A);
  sm_init(&sm, &A);
  FILE *out = fopen("/dev/null", "w");
  diag_init(&D, &sm, out);
  for (int i = 0; i < 100; i++) diag_error(&D, loc_make(0, 0, 0), "e%d", i);
  assert_int_equal(D.nerrors, DIAG_MAX_ERRORS);
  assert_true(D.stop);
  fclose(out);
  arena_free(&A);
}

static void test_line_col(void **state) {
  (void)state;
  Arena A;
  SourceMgr sm;
  arena_init(&A);
  sm_init(&sm, &A);
  const char *t = "ab\ncd\n\nef";
  uint32_t f = sm_add(&sm, "t.rl", t, (uint32_t)strlen(t));
  uint32_t line, col;
  sm_line_col(&sm, f, 0, &line, &col);
  assert_int_equal(line, 1); assert_int_equal(col, 1);
  sm_line_col(&sm, f, 4, &line, &col);
  assert_int_equal(line, 2); assert_int_equal(col, 2);
  sm_line_col(&sm, f, 6, &line, &col);
  assert_int_equal(line, 3); assert_int_equal(col, 1);
  sm_line_col(&sm, f, 9, &line, &col);
  assert_int_equal(line, 4); assert_int_equal(col, 3);
  arena_free(&A);
}

static char *print_value(Arena *A, Value *v) {
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  value_print(out, v);
  fclose(out);
  char *r = arena_strdup(A, buf);
  free(buf);
  return r;
}

static void test_value_print(void **state) {
  (void)state;
  Arena A;
  arena_init(&A);
  assert_string_equal(print_value(&A, const_float(&A, 0.1)), "0.1");
  assert_string_equal(print_value(&A, const_float(&A, 1e16)), "1e+16");
  assert_string_equal(print_value(&A, const_float(&A, 2.0)), "2.0");
  assert_string_equal(print_value(&A, const_int(&A, -7)), "-7");
  assert_string_equal(print_value(&A, const_str(&A, "it's\n\xff", 6)),
                      "\"it's\\n\\xff\"");
  assert_string_equal(print_value(&A, const_bool(&A, true)), "True");
  assert_string_equal(print_value(&A, const_none(&A)), "None");
  arena_free(&A);
}

static void test_graph_construction(void **state) {
  (void)state;
  Arena A;
  arena_init(&A);
  Graph *g = graph_new(&A, "m.f", loc_make(0, 0, 0));
  Block *b1 = block_new(g, 1, g->loc);
  Value *x = var_new(g, "x", g->loc);
  b1->inputs[0] = x;
  Value *args[2] = {x, const_int(&A, 1)};
  Value *r = block_add_op(g, b1, HL_add, 2, args, NULL, g->loc);
  Value *one = const_int(&A, 1);
  block_add_exit(g, g->start, b1, 1, &one, NULL);
  block_add_exit(g, b1, g->ret, 1, &r, NULL);
  BlockList bl = {0};
  graph_blocks(g, &bl);
  assert_int_equal(bl.len, 3);
  assert_ptr_equal(bl.data[0], g->start);
  assert_ptr_equal(bl.data[1], b1);
  assert_ptr_equal(bl.data[2], g->ret);
  assert_string_equal(hlop_info[HL_add].name, "add");
  assert_true(hlop_info[HL_getitem].flags & HL_CANRAISE);
  arena_free(&A);
}

static void test_lltype_layout(void **state) {
  (void)state;
  Arena A;
  LLTypes L;
  Interner I;
  arena_init(&A);
  intern_init(&I, &A);
  lltypes_init(&L, &A);
  /* a string: GC header, hash, then the chars inlined with their length */
  LLType *chars = lltype_array(&L, L.char_, false, false);
  LLField sf[2] = {{intern_cstr(&I, "hash"), L.signed_, 0, 0},
                   {intern_cstr(&I, "chars"), chars, 0, 0}};
  LLType *str = lltype_struct(&L, "rpy_string", true, 2, sf);
  lltype_layout(str);
  assert_int_equal(lltype_field(str, intern_cstr(&I, "hash"))->offset, 8);
  const LLField *tail = lltype_varsize_field(str);
  assert_non_null(tail);
  assert_int_equal(tail->offset, 16);
  assert_int_equal(chars->items_offset, 8);  /* length word, then items */
  assert_int_equal(str->size, 24);  /* fixed part: up to the first char */
  /* padding: bool, then a double, then a char */
  LLField pf[3] = {{intern_cstr(&I, "b"), L.bool_, 0, 0},
                   {intern_cstr(&I, "f"), L.float_, 0, 0},
                   {intern_cstr(&I, "c"), L.char_, 0, 0}};
  LLType *st = lltype_struct(&L, "padded", false, 3, pf);
  lltype_layout(st);
  assert_int_equal(st->fields[0].offset, 0);
  assert_int_equal(st->fields[1].offset, 8);
  assert_int_equal(st->fields[2].offset, 16);
  assert_int_equal(st->size, 24);
  assert_int_equal(st->align, 8);
  /* a GC array of pointers */
  LLType *arr = lltype_array(&L, lltype_ptr(&L, str), true, false);
  lltype_layout(arr);
  assert_int_equal(arr->items_offset, 16);
  assert_true(lltype_is_gcref(lltype_ptr(&L, arr)));
  assert_string_equal(llop_info[LLOP_int_add].name, "int_add");
  assert_int_equal(llop_info[LLOP_int_lt].result, 'b');
  intern_free(&I);
  arena_free(&A);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_arena_alignment_and_zero),
      cmocka_unit_test(test_vec_growth),
      cmocka_unit_test(test_intern_identity),
      cmocka_unit_test(test_diag_format),
      cmocka_unit_test(test_diag_long_line_window),
      cmocka_unit_test(test_diag_limit),
      cmocka_unit_test(test_line_col),
      cmocka_unit_test(test_value_print),
      cmocka_unit_test(test_graph_construction),
      cmocka_unit_test(test_lltype_layout),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
