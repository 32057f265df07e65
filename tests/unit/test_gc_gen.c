/* test_gc_gen.c — unit tests for the generational collector
 * (runtime/rt_gc_gen.c) on a hand-written type table: survivors keep
 * their contents through many minor collections, whether reached from the
 * stack (pinned), from old objects (the write barrier), or from dicts;
 * identity hashes stay; garbage is not promoted; root blocks pin what
 * they hold until freed; pinned objects stay young until unpinned. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "runtime/rt_exc.h"
#include "runtime/rt_gc.h"
#include "runtime/rt_gc_gen.h"
#include "runtime/rt_obj.h"
#include "runtime/rt_rdict.h"
#include "runtime/rt_rstr.h"

/* ---- what a translated program would define ----------------------------------------- */

#include "rt_program_fixture.h"
enum { TID_NODE = 5 };

typedef struct Node {  /* tid 5: a linked list cell */
  uint64_t hdr;
  const RlVtable *typeptr;
  struct Node *next;
  RlStr *name;
  int64_t value;
} Node;

const uint32_t rl_gc_ptr_offsets[] = {16, 16, 0, 16, 24};
const RtGcType rl_gc_types[] = {
    {0},
    {24, 1, 16, 0, 0, 0, 0, RT_GC_TYPE_GC},                         /* rpy_string */
    {24, 0, -1, 1, 0, 0, 0, RT_GC_TYPE_GC},                         /* rl_exception */
    {24, 0, -1, 1, 1, 0, 0, RT_GC_TYPE_GC},                         /* list */
    {16, 8, 8, 0, 0, 1, 2, RT_GC_TYPE_GC},                          /* array of refs */
    {sizeof(Node), 0, -1, 2, 3, 0, 0, RT_GC_TYPE_GC},               /* Node */
};
const uint32_t rl_gc_ntypes = sizeof rl_gc_types / sizeof rl_gc_types[0];

static const RlVtable vt_node = {10, 11, NULL};

static Node *new_node(Node *next, int64_t value) {
  Node *n = rt_gc_new(TID_NODE, sizeof(Node));
  assert_non_null(n);
  n->typeptr = &vt_node;
  n->next = next;
  n->value = value;
  return n;
}

static RlArray *new_array(int64_t n) {
  RlArray *a = rt_gc_new_varsize(rl_tid_argv_items, sizeof(RlArray), 8, n, offsetof(RlArray, length));
  assert_non_null(a);
  return a;
}

/* A list of n nodes hanging from slot 0 of an old array, built with the
 * barrier, many nursery-fulls of garbage in between. */
static RlArray *build_rooted_list(int64_t n) {
  RlArray *root = new_array(5000);  /* too big for the nursery: old */
  for (int64_t i = 0; i < n; i++) {
    Node *x = new_node(root->items[0], i);
    x->name = rt_str_from_cstr(i % 2 ? "odd" : "even");  /* may promote x */
    for (int k = 0; k < 20; k++) new_node(NULL, -1);     /* garbage */
    rt_gc_before_store(root);
    root->items[0] = x;
  }
  return root;
}

static uint64_t minors(void) {
  uint64_t m, p, r;
  rt_gc_gen_counts(&m, &p, &r);
  return m;
}

static uint64_t promoted(void) {
  uint64_t m, p, r;
  rt_gc_gen_counts(&m, &p, &r);
  return p;
}

static void test_rooted_list_survives(void **state) {
  (void)state;
  uint64_t m0 = minors(), p0 = promoted();
  RlArray *root = build_rooted_list(20000);
  rt_gc_collect();
  assert_true(minors() - m0 > 100);  /* 20000 * 21 nodes through 64 KB */
  assert_true(promoted() > p0);  /* some moved (those the stack held stayed) */
  int64_t count = 0, sum = 0;
  for (Node *x = root->items[0]; x; x = x->next) {
    assert_ptr_equal(x->typeptr, &vt_node);
    assert_string_equal((const char *)x->name->chars, x->value % 2 ? "odd" : "even");
    sum += x->value;
    count++;
  }
  assert_int_equal(count, 20000);
  assert_int_equal(sum, 20000LL * 19999 / 2);
}

static void test_stack_roots_pin(void **state) {
  (void)state;
  Node *local = new_node(NULL, 42);
  Node *inner = new_node(NULL, 7);
  local->next = inner;  /* fresh: no barrier needed */
  Node *before = local;
  for (int k = 0; k < 200000; k++) new_node(NULL, -1);  /* many minor collections */
  assert_ptr_equal(local, before);        /* never moves */
  assert_int_equal(local->value, 42);
  assert_int_equal(local->next->value, 7);  /* inner was traced, maybe moved */
  local->next = NULL;
  rt_gc_before_store(local);
}

static void test_identityhash_pins(void **state) {
  (void)state;
  RlArray *root = new_array(5000);
  Node *x = new_node(NULL, 5);
  int64_t h = rt_gc_identityhash(x);
  rt_gc_before_store(root);
  root->items[1] = x;
  x = NULL;
  rt_gc_collect();
  assert_int_equal((int64_t)(uintptr_t)root->items[1], h);
  assert_int_equal(((Node *)root->items[1])->value, 5);
}

static void test_dict_values_traced(void **state) {
  (void)state;
  RlDict *d = rth_dict_new(RL_DK_INT | RL_DK_VALUE_REFS);
  assert_non_null(d);
  for (int64_t i = 0; i < 3000; i++) {
    Node *x = new_node(NULL, i * 3);
    rth_dict_setitem(d, (uint64_t)i, (uint64_t)(uintptr_t)x);
    for (int k = 0; k < 30; k++) new_node(NULL, -1);
  }
  rt_gc_collect();
  for (int64_t i = 0; i < 3000; i++) {
    Node *x = (Node *)(uintptr_t)rth_dict_getitem(d, (uint64_t)i);
    assert_ptr_equal(x->typeptr, &vt_node);
    assert_int_equal(x->value, i * 3);
  }
}

static void test_garbage_not_promoted(void **state) {
  (void)state;
  uint64_t m0 = minors(), p0 = promoted();
  for (int k = 0; k < 300000; k++) new_node(NULL, k);
  rt_gc_collect();  /* nothing survives but what the stack pins */
  assert_true(minors() - m0 > 100);
  assert_true(promoted() - p0 < 1000);
}

static bool tracked(const void *obj) {
  uint64_t h;
  memcpy(&h, obj, sizeof h);
  return (h & ((uint64_t)RT_GC_FLAG_TRACK << 32)) != 0;
}

/* A big array is old from the start with TRACK set (stores into it take
 * the barrier); copying old references into it keeps it out of the
 * remembered set, copying a young one puts it there, and what it got
 * survives. */
static void test_big_arrays_and_copies(void **state) {
  (void)state;
  RlArray *big = new_array(5000), *src = new_array(5000);
  assert_false(rt_gc_is_young(big));
  assert_true(tracked(big));
  rt_gc_before_store(src);
  src->items[7] = new_node(NULL, 77);
  rt_gc_identityhash(src->items[7]);  /* so that it is old after the collection
                                       * even if a stack word pins it */
  rt_gc_collect();  /* the node is old now */
  assert_true(tracked(src));
  rth_array_copy(big, src, 0, 0, 5000, 8);
  assert_true(tracked(big));  /* only old references: not remembered */
  RlArray *big2 = new_array(5000);
  rt_gc_before_store(src);
  src->items[9] = new_node(NULL, 99);  /* src remembered: it may hold young ones */
  assert_false(tracked(src));
  rth_array_copy(big2, src, 0, 0, 5000, 8);
  assert_false(tracked(big2));  /* a young one came: remembered */
  RlArray *small = new_array(4);
  small->items[1] = new_node(NULL, 11);
  assert_true(rt_gc_is_young(small->items[1]));
  rth_array_copy(big, small, 1, 100, 1, 8);
  assert_false(tracked(big));  /* a young one: remembered */
  RlArray *rep = new_array(4000);  /* old too */
  small->items[0] = new_node(NULL, 5);
  rth_array_repeat(rep, small, 2, 2000, 8);
  small = NULL;
  for (int k = 0; k < 100000; k++) new_node(NULL, -1);  /* many minor collections */
  assert_int_equal(((Node *)big->items[7])->value, 77);
  assert_int_equal(((Node *)big->items[100])->value, 11);
  assert_int_equal(((Node *)rep->items[3998])->value, 5);
  assert_int_equal(((Node *)rep->items[3999])->value, 11);
  assert_int_equal(((Node *)big2->items[9])->value, 99);
}

/* Objects come zeroed after a collection made in the middle of a
 * nursery cycle too: the chunks allocation has not reached since the
 * previous collection still hold that cycle's objects. */
static void test_fresh_objects_zeroed(void **state) {
  (void)state;
  for (int k = 0; k < 100000; k++) {
    Node *n = new_node(NULL, k + 1);
    n->name = (RlStr *)(uintptr_t)0x10;  /* no reference to the nursery */
  }
  rt_gc_collect();
  for (int k = 0; k < 100000; k++) {
    Node *n = rt_gc_new(TID_NODE, sizeof(Node));
    assert_non_null(n);
    assert_null(n->typeptr);
    assert_null(n->next);
    assert_null(n->name);
    assert_int_equal(n->value, 0);
  }
}

/* Young nodes held only by a root block (their addresses kept disguised,
 * so that no stack word pins them): they never move, and what they point
 * to survives. */
enum { NROOTS = 300 };
static uint64_t disguised[NROOTS];

static __attribute__((noinline)) void fill_roots(Node **roots) {
  for (int i = 0; i < NROOTS; i++) {
    roots[i] = new_node(new_node(NULL, 1000 + i), i);
    disguised[i] = (uint64_t)(uintptr_t)roots[i] ^ 0x5555555555555555ull;
    for (int k = 0; k < 20; k++) new_node(NULL, -1);
  }
}

static void test_root_blocks_pin(void **state) {
  (void)state;
  uint64_t b0, n0, b1, n1;
  rt_gc_gen_root_counts(&b0, &n0);
  Node **roots = rt_gc_malloc_roots(NROOTS * sizeof *roots);
  assert_non_null(roots);
  rt_gc_gen_root_counts(&b1, &n1);
  assert_int_equal(b1, b0 + 1);
  assert_int_equal(n1, n0 + NROOTS * sizeof *roots);
  uint64_t m0 = minors();
  fill_roots(roots);
  for (int k = 0; k < 200000; k++) new_node(NULL, -1);
  rt_gc_collect();
  assert_true(minors() - m0 > 50);
  for (int i = 0; i < NROOTS; i++) {
    assert_int_equal((uint64_t)(uintptr_t)roots[i], disguised[i] ^ 0x5555555555555555ull);
    assert_int_equal(roots[i]->value, i);
    assert_int_equal(roots[i]->next->value, 1000 + i);
  }
  rt_gc_free_roots(roots);
  rt_gc_free_roots(roots);  /* twice is harmless */
  rt_gc_free_roots(NULL);
  rt_gc_gen_root_counts(&b1, &n1);
  assert_int_equal(b1, b0);
  assert_int_equal(n1, n0);
}

/* An object a root block pins stays young where it is; the old array
 * and the dict that point to it are traced again at the next
 * collections, which move it once nothing pins it. (Helpers, so that no
 * stack word of the test pins it.) */
static __attribute__((noinline)) void make_pinned(void **pin, RlArray *root, RlDict *d) {
  Node *x = new_node(new_node(NULL, 8), 7);
  pin[0] = x;
  rt_gc_before_store(root);
  root->items[0] = x;
  rth_dict_setitem(d, 1, (uint64_t)(uintptr_t)x);
  disguised[0] = (uint64_t)(uintptr_t)x ^ 0x5555555555555555ull;
}

static __attribute__((noinline)) bool pinned_where_it_was(RlArray *root) {
  return (uint64_t)(uintptr_t)root->items[0] == (disguised[0] ^ 0x5555555555555555ull) &&
         rt_gc_is_young(root->items[0]);
}

/* Zeroes the stack below the caller's frame, where stale copies of the
 * helpers' pointers would pin what they pointed to. */
static __attribute__((noinline)) void scrub_stack(void) {
  volatile char buf[32768];
  memset((char *)buf, 0, sizeof buf);
}

static __attribute__((noinline)) int64_t contents(const Node *x) {
  return x->value * 100 + x->next->value;
}

static void test_pinned_stay_young(void **state) {
  (void)state;
  void **pin = rt_gc_malloc_roots(sizeof(void *));
  RlArray *root = new_array(5000);  /* old */
  RlDict *d = rth_dict_new(RL_DK_INT | RL_DK_VALUE_REFS);
  make_pinned(pin, root, d);
  for (int round = 0; round < 3; round++) {
    rt_gc_collect();
    assert_true(pinned_where_it_was(root));
    assert_false(tracked(root));  /* remembered again */
    for (int k = 0; k < 3000; k++) new_node(NULL, -1);
  }
  pin[0] = NULL;
  scrub_stack();
  for (int k = 0; k < 100000; k++) new_node(NULL, -1);  /* many minor collections */
  assert_false(rt_gc_is_young(root->items[0]));
  assert_int_equal(contents(root->items[0]), 708);
  assert_ptr_equal(root->items[0], (void *)(uintptr_t)rth_dict_getitem(d, 1));
  assert_true(tracked(root));  /* nothing young left in it */
  rt_gc_free_roots(pin);
}

int main(void) {
  setenv("RTRANS_NURSERY_KB", "64", 1);  /* two chunks: collections all the time */
  rt_gc_init();
  rt_exc_init();
  if (!rt_gc_gen_on) return 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rooted_list_survives),
      cmocka_unit_test(test_stack_roots_pin),
      cmocka_unit_test(test_identityhash_pins),
      cmocka_unit_test(test_dict_values_traced),
      cmocka_unit_test(test_garbage_not_promoted),
      cmocka_unit_test(test_root_blocks_pin),
      cmocka_unit_test(test_big_arrays_and_copies),
      cmocka_unit_test(test_fresh_objects_zeroed),
      cmocka_unit_test(test_pinned_stay_young),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
